#!/usr/bin/env bash
# Builds Zola, the second static site generator ecoatlas is compared with (scripts/bench-build.sh),
# from the source of a pinned release, and prints the binary's path on standard output.
#
#   bash scripts/install-zola.sh              # prints e.g. target/peers/zola-v0.22.1/bin/zola
#
# Zola is not on crates.io and Debian has no package for it, so it is built from its git
# repository: the tag below, checked against its commit hash, with `cargo build --release
# --locked` (its Cargo.lock has no git dependencies: everything else comes from crates.io) and
# Zola's own release profile (fat LTO, one codegen unit: 25 minutes on 2 shared cores here).
# Environment:
#   ZOLA_GIT  where to clone from (default https://github.com/getzola/zola); a local clone or
#             bare repository works too, e.g. ZOLA_GIT=/work/.mirror/getzola+zola/repo
#   ZOLA_DIR  the cache folder (default target/peers/zola-v0.22.1): the source in src/, the
#             binary in bin/zola; Cargo's build folder is deleted after a successful build
#   ZOLA_JOBS cargo's --jobs (default: cargo's own)
# Idempotent: when ZOLA_DIR/bin/zola exists and reports the pinned version, nothing is built.
# The build runs under `nice -n 10`, as it shares the machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tag=v0.22.1
commit=29540e9897dbe8aca388b13f7bdf615985f6ca2c # `git rev-parse v0.22.1^{commit}`
git_url="${ZOLA_GIT:-https://github.com/getzola/zola}"
dir="${ZOLA_DIR:-${CARGO_TARGET_DIR:-target}/peers/zola-$tag}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
bin="$dir/bin/zola"

say() { echo "install-zola: $*" >&2; }

if [[ -x "$bin" ]] && [[ "$("$bin" --version 2>/dev/null)" == "zola ${tag#v}" ]]; then
    say "$("$bin" --version) is already built ($commit)"
    echo "$bin"
    exit 0
fi

command -v cargo >/dev/null 2>&1 || { say "cargo is needed to build Zola"; exit 1; }
command -v git >/dev/null 2>&1 || { say "git is needed to fetch Zola's source"; exit 1; }

src="$dir/src"
if [[ ! -d "$src/.git" ]] || [[ "$(git -C "$src" rev-parse HEAD 2>/dev/null)" != "$commit" ]]; then
    rm -rf "$src"
    say "cloning $tag from $git_url"
    # Everything but docs/ (Zola's own documentation site, not part of the build: a snapshot of
    # the repository may lack its largest images).
    clone=(git clone --quiet --branch "$tag" --no-checkout)
    [[ -d "$git_url" ]] || clone+=(--depth 1) # a local clone links the objects anyway
    "${clone[@]}" "$git_url" "$src"
    git -C "$src" config core.sparseCheckout true
    sparse="$src/$(git -C "$src" rev-parse --git-path info/sparse-checkout)"
    mkdir -p "$(dirname "$sparse")"
    printf '/*\n!/docs/\n' >"$sparse"
    # (git still names a blob missing under docs/ while writing the index: not an error here)
    git -C "$src" checkout --quiet "$tag" 2> >(grep -v "^error: invalid object .* for 'docs/" >&2)
fi
got="$(git -C "$src" rev-parse HEAD)"
if [[ "$got" != "$commit" ]]; then
    say "tag $tag of $git_url is commit $got, not $commit: refusing to build it"
    exit 1
fi

say "building zola $tag ($commit) in $dir (cargo build --release --locked, nice -n 10)"
jobs=()
[[ -z "${ZOLA_JOBS:-}" ]] || jobs=(--jobs "$ZOLA_JOBS")
start=$(date +%s)
(cd "$src" && CARGO_TARGET_DIR="$dir/build" nice -n 10 cargo build --release --locked "${jobs[@]}" --bin zola)
mkdir -p "$dir/bin"
cp "$dir/build/release/zola" "$bin.tmp"
mv "$bin.tmp" "$bin"
rm -rf "$dir/build"
version="$("$bin" --version)"
if [[ "$version" != "zola ${tag#v}" ]]; then
    say "the built binary reports \`$version\`, not zola ${tag#v}"
    exit 1
fi
say "built $version ($commit) in $(($(date +%s) - start)) s"
echo "$bin"
