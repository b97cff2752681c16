#!/usr/bin/env bash
# Byte-identical output check for refactors: builds the shipped site, every valid fixture
# (minimal, story, tiles laid over minimal, xss) and a 1,000-actor synthetic site with a given
# binary, for a fixed day, and compares them with reference outputs (diff -r).
#
# Usage: bash scripts/same-output.sh make BIN REFDIR   (reference outputs from BIN)
#        bash scripts/same-output.sh check BIN REFDIR  (build with BIN, diff -r against REFDIR)
# Environment: SYNTH (the synth example binary; default target/release/examples/synth).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mode="$1" bin="$(realpath "$2")" ref="$3"
today=2026-11-22
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sites"
cp -r tests/fixtures/minimal "$work/sites/tiles"
cp tests/fixtures/tiles/site.yaml "$work/sites/tiles/site.yaml"
synth_site="$ref/../synth-1000-site"
if [[ ! -d "$synth_site" ]]; then
    "${SYNTH:-target/release/examples/synth}" --actors 1000 --seed 42 "$synth_site" >/dev/null
fi
declare -A roots=(
    [shipped]=.
    [minimal]=tests/fixtures/minimal
    [story]=tests/fixtures/story
    [tiles]="$work/sites/tiles"
    [xss]=tests/fixtures/xss
    [synth]="$synth_site"
)
out="$work/out"
[[ "$mode" == make ]] && out="$ref"
mkdir -p "$out"
status=0
for name in "${!roots[@]}"; do
    rm -rf "${out:?}/$name"
    "$bin" build --root "${roots[$name]}" --output "$out/$name" --today "$today" >/dev/null 2>"$work/$name.err" \
        || { echo "$name: build failed"; cat "$work/$name.err"; status=1; continue; }
    if [[ "$mode" == check ]]; then
        if diff -r "$ref/$name" "$out/$name" >"$work/$name.diff"; then
            echo "$name: same"
        else
            echo "$name: DIFFERS in"; { diff -rq "$ref/$name" "$out/$name" || true; } | sed "s/^/  /"
            head -20 "$work/$name.diff"; status=1
        fi
    fi
done
exit $status
