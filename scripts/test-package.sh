#!/usr/bin/env bash
# Builds the crate package as `cargo install` would, with npm made unusable, and runs the
# binary: the package carries what the theme needs (scripts/package.sh, build/packaged.rs).
#   bash scripts/test-package.sh
# The package is unpacked in target/package-check/ and built with the repository's target
# folder, so only ecoatlas itself is compiled again (a later `cargo build` in the repository
# puts the repository's own binary back in target/debug/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

bash scripts/package.sh
crate="$(ls -t target/package/ecoatlas-*.crate | head -1)"
work="$root/target/package-check"
rm -rf "$work"
mkdir -p "$work/bin"
tar -xzf "$crate" -C "$work"
src="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'ecoatlas-*' | head -1)"
[[ -f "$src/vendor/theme/static/vendor/leaflet/leaflet.js" ]] || { echo "test-package: the package has no vendor/theme" >&2; exit 1; }

# An npm and a node that fail loudly, first on PATH: the build must not call them.
for tool in npm node npx; do
    printf '#!/bin/sh\necho "test-package: %s was called" >&2\nexit 97\n' "$tool" >"$work/bin/$tool"
    chmod +x "$work/bin/$tool"
done
(cd "$src" && env -u ECOATLAS_NODE_MODULES PATH="$work/bin:$PATH" CARGO_TARGET_DIR="$root/target" \
    cargo build --locked --bin ecoatlas)
bin="$root/target/debug/ecoatlas"
"$bin" --version
# The packaged binary builds a site, with the map's scripts from the package.
site="$work/site"
"$bin" init "$site" >/dev/null
"$bin" build --root "$site" >/dev/null
for f in vendor/leaflet/leaflet.js vendor/markercluster/leaflet.markercluster.js \
    vendor/protomaps-leaflet/protomaps-leaflet.js; do
    cmp -s "$site/output/assets/$f" "$src/vendor/theme/static/$f" ||
        { echo "test-package: the built site's assets/$f is not the packaged one" >&2; exit 1; }
done
echo "test-package: the package builds without npm and makes a site"
