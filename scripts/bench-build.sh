#!/usr/bin/env bash
# Full-build benchmark (issue 7): ecoatlas against Hugo and against the I/O floor, on synthetic
# sites of each size, in one run on one machine. See docs/bench-build-draft.md.
#
# Usage: bash scripts/bench-build.sh [SIZES...]        (default: 1000 10000 100000 actors)
# Environment:
#   RUNS      timed runs of each measure after one warm-up run (default 5)
#   RUNS100K  the same for sizes of 100,000 actors and more (default 2: one ecoatlas build
#             of 100,000 actors takes minutes)
#   BENCH_DIR where sites, outputs and results go (default target/bench)
#
# For each size N it measures with hyperfine (median wall time, mean user and system time):
#   ecoatlas build into an empty folder, and over the output of its previous build;
#   hugo, on the same actors converted by examples/hugo_site.rs, the same two ways;
#   the I/O floor: `tar -x` of a tar of each output tree into an empty folder;
# then one run of each into an empty folder under GNU time (/usr/bin/time -v) for peak
# resident memory and CPU time. Results: $BENCH_DIR/build-results.{md,json}, a table per size
# on standard output, the raw hyperfine and time files in $BENCH_DIR/results/.
# The page cache is not dropped between runs (that needs privileges over the whole machine):
# every timed run reads its input from memory, after the warm-up.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000 100000)
for n in "${sizes[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench-build: size \`$n\` is not a number" >&2; exit 2; }
done
runs="${RUNS:-5}"
runs_big="${RUNS100K:-2}"
bench="${BENCH_DIR:-target/bench}"
mkdir -p "$bench/results"
bench="$(cd "$bench" && pwd)"
res="$bench/results"
today=2026-01-01   # the day the site is built for: fixed, so every build gives the same bytes

bash scripts/install-bench-deps.sh
cargo build --release --locked --bin ecoatlas --example synth --example hugo_site
bin="$(cd "${CARGO_TARGET_DIR:-target}/release" && pwd)"
eco="$bin/ecoatlas"

# The I/O floor: unpack a tree, creating only its folders and files (as a generator does): no
# modification times (-m), owners or modes restored, which would double the system calls.
untar=(tar -x -m --no-same-owner --no-same-permissions -f)

step() { printf '\n==> %s\n' "$*" >&2; }

# hyperfine NAME JSON [--prepare CMD] COMMAND: one warm-up, $r timed runs.
bench_cmd() {
    local name="$1" json="$2"
    shift 2
    hyperfine --style basic --warmup 1 --runs "$r" --export-json "$json" --command-name "$name" "$@" >&2
}

# timev FILE COMMAND...: one run under GNU time -v, its report in FILE.
timev() {
    local file="$1"
    shift
    /usr/bin/time -v -o "$file" "$@" >/dev/null
}

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "cpus: $(nproc)"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
    echo "kernel: $(uname -sr)"
    echo "rustc: $(rustc --version)"
    echo "hugo: $(hugo version)"
    echo "hyperfine: $(hyperfine --version)"
    echo "runs: $runs (sizes of 100000 and more: $runs_big), one warm-up each"
} >"$res/machine.txt"

for n in "${sizes[@]}"; do
    r="$runs"
    ((n < 100000)) || r="$runs_big"
    site="$bench/synth-$n"
    hsite="$bench/hugo-$n"
    out="$bench/out/ecoatlas-$n"
    hout="$bench/out/hugo-$n"
    floor="$bench/out/floor-$n"
    mkdir -p "$bench/out"

    step "$n actors: the sites (synth --seed 42, hugo_site)"
    cut -d' ' -f1-3 /proc/loadavg >"$res/$n-load.txt"
    start=$(date +%s%N)
    "$bin/examples/synth" --actors "$n" --seed 42 "$site" >/dev/null
    "$bin/examples/hugo_site" "$site" "$hsite" >/dev/null
    echo "generated in $((($(date +%s%N) - start) / 1000000)) ms" >&2

    eco_args=("$eco" build --root "$site" --output "$out" --force --today "$today")
    hugo_args=(hugo --quiet -s "$hsite" -d "$hout")
    # The same commands as strings for hyperfine (paths without quotes in them).
    eco_cmd="$(printf '%q ' "${eco_args[@]}")"
    hugo_cmd="$(printf '%q ' "${hugo_args[@]}")"

    step "$n actors: ecoatlas, into an empty folder and over its previous output"
    bench_cmd "ecoatlas, empty" "$res/$n-ecoatlas-empty.json" --prepare "rm -rf '$out'" "$eco_cmd"
    bench_cmd "ecoatlas, previous" "$res/$n-ecoatlas-previous.json" "$eco_cmd"

    step "$n actors: hugo, into an empty folder and over its previous output"
    bench_cmd "hugo, empty" "$res/$n-hugo-empty.json" --prepare "rm -rf '$hout'" "$hugo_cmd"
    bench_cmd "hugo, previous" "$res/$n-hugo-previous.json" "$hugo_cmd"

    step "$n actors: the I/O floor (tar -x of each output tree into an empty folder)"
    tar -C "$out" -cf "$bench/ecoatlas-$n.tar" .
    tar -C "$hout" -cf "$bench/hugo-$n.tar" .
    for tool in ecoatlas hugo; do
        bench_cmd "floor, $tool tree" "$res/$n-floor-$tool.json" \
            --prepare "rm -rf '$floor' && mkdir '$floor'" "${untar[*]} '$bench/$tool-$n.tar' -C '$floor'"
    done

    step "$n actors: one run of each under /usr/bin/time -v (into an empty folder)"
    rm -rf "$out"
    timev "$res/$n-ecoatlas.time" "${eco_args[@]}"
    rm -rf "$hout"
    timev "$res/$n-hugo.time" "${hugo_args[@]}"
    for tool in ecoatlas hugo; do
        rm -rf "$floor" && mkdir "$floor"
        timev "$res/$n-floor-$tool.time" "${untar[@]}" "$bench/$tool-$n.tar" -C "$floor"
    done
    rm -rf "$floor" "$bench/ecoatlas-$n.tar" "$bench/hugo-$n.tar"
    cut -d' ' -f1-3 /proc/loadavg >>"$res/$n-load.txt"

    python3 scripts/bench-build-report.py size "$res" "$n" "$out" "$hout" "$r"
done

python3 scripts/bench-build-report.py summary "$res" "$bench" "${sizes[@]}"
echo "bench-build: results in $bench/build-results.md and $bench/build-results.json" >&2
