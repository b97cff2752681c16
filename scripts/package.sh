#!/usr/bin/env bash
# Makes the crate package (target/package/ecoatlas-<version>.crate) that `cargo install` builds
# without Node.js or npm: it carries the files build.rs generates from the pinned npm packages
# (Leaflet, Leaflet.markercluster, protomaps-leaflet, the country outlines) in vendor/theme/,
# with the lockfile they were made from (build/packaged.rs).
#   bash scripts/package.sh
# 1. builds ecoatlas (`cargo build --locked`), which installs the npm packages and generates
#    the files into its $OUT_DIR/theme/;
# 2. copies them into vendor/ (ignored by git), and the theme's package-lock.json beside them;
# 3. runs `cargo package --no-verify` (scripts/test-package.sh builds the package).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cargo build --locked --bin ecoatlas
# The build script's output folder of this build: the newest one that holds generated files.
out_dir="$(ls -td target/debug/build/ecoatlas-*/out 2>/dev/null | while read -r d; do
    [[ -d "$d/theme/static/vendor" ]] && { echo "$d"; break; }; done || true)"
[[ -d "$out_dir/theme" ]] || { echo "package: no generated theme files in '$out_dir'" >&2; exit 1; }

rm -rf vendor
mkdir -p vendor
cp -r "$out_dir/theme" vendor/theme
cp themes/default/package-lock.json vendor/package-lock.json
echo "package: vendor/theme has $(find vendor/theme -type f | wc -l) files ($(du -sh vendor/theme | cut -f1))"

cargo package --locked --no-verify --allow-dirty
ls -l target/package/ecoatlas-*.crate
