#!/usr/bin/env bash
# Full-build benchmark (issues 7 and 22): ecoatlas against Hugo and Zola and against the I/O
# floor, on synthetic sites of each size, in one run on one machine. See docs/BENCHMARKS.md.
#
# Usage: bash scripts/bench-build.sh [SIZES...]        (default: 1000 10000 100000 actors)
# Environment:
#   RUNS      timed runs of each measure after one warm-up round (default 5)
#   RUNS100K  the same for sizes of 100,000 actors and more (default 2: one ecoatlas build
#             of 100,000 actors takes minutes)
#   WARMUP    1 (default) for the warm-up round, 0 to leave it out (the sites were just
#             written, so their files are in the page cache already)
#   TOOLS     the generators measured, of `ecoatlas hugo zola` (default all three; Hugo takes
#             hours at 100,000 actors here: TOOLS="ecoatlas zola" for that size)
#   FLOOR     1 (default) to measure the I/O floor too, 0 to leave it out (it needs a tar and
#             an unpacked copy of every output tree: room for three times the outputs)
#   BENCH_DIR where sites, results and (unless OUT_DIR) outputs go (default target/bench)
#   OUT_DIR   where the output trees go (default BENCH_DIR/out), e.g. a tmpfs
#   ZOLA      the zola binary (default: built by scripts/install-zola.sh, which see for ZOLA_GIT)
#
# For each size N: the ecoatlas site (examples/synth.rs, seed 42) and the same actors converted
# for Hugo (examples/hugo_site.rs) and Zola (examples/zola_site.rs). Then one warm-up round and
# RUNS timed rounds; in each round every generator builds into an empty folder, then again over
# the output of that build, and the floor unpacks (`tar -x`) a tar of each output tree into an
# empty folder. The generators take turns within a round, in an order that rotates from round
# to round, so that each sees the same load when the machine is shared. Every run is timed by
# GNU time (/usr/bin/time -v: user and system time, peak resident memory) and its wall time
# by the clock around it. The load average is recorded before and after every round.
# Results: $BENCH_DIR/build-results.{md,json}, a table per size on standard output, the raw
# reports in $BENCH_DIR/results/. A generator that fails (a site it does not accept) stops the
# run. The page cache is not dropped between runs (that needs privileges over the whole
# machine): every timed run reads its input from memory, after the warm-up.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000 100000)
for n in "${sizes[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench-build: size \`$n\` is not a number" >&2; exit 2; }
done
runs="${RUNS:-5}"
runs_big="${RUNS100K:-2}"
read -r -a tools <<<"${TOOLS:-ecoatlas hugo zola}"
for tool in "${tools[@]}"; do
    [[ "$tool" =~ ^(ecoatlas|hugo|zola)$ ]] || { echo "bench-build: unknown tool \`$tool\` in TOOLS" >&2; exit 2; }
done
floor_on="${FLOOR:-1}"
warmup="${WARMUP:-1}"
bench="${BENCH_DIR:-target/bench}"
mkdir -p "$bench/results"
bench="$(cd "$bench" && pwd)"
res="$bench/results"
outs="${OUT_DIR:-$bench/out}"
mkdir -p "$outs"
outs="$(cd "$outs" && pwd)"
today=2026-01-01   # the day the site is built for: fixed, so every build gives the same bytes

has() {
    local t
    for t in "${tools[@]}"; do [[ "$t" == "$1" ]] && return 0; done
    return 1
}

bash scripts/install-bench-deps.sh
cargo build --release --locked --bin ecoatlas --example synth --example hugo_site --example zola_site
bin="$(cd "${CARGO_TARGET_DIR:-target}/release" && pwd)"
eco="$bin/ecoatlas"
zola="${ZOLA:-}"
if has zola && [[ -z "$zola" ]]; then
    zola="$(bash scripts/install-zola.sh)"
fi

# The I/O floor: unpack a tree, creating only its folders and files (as a generator does): no
# modification times (-m), owners or modes restored, which would double the system calls.
untar=(tar -x -m --no-same-owner --no-same-permissions -f)

step() { printf '\n==> %s\n' "$*" >&2; }

# timed FILE COMMAND...: one run under GNU time -v, its report in FILE with the wall time in
# nanoseconds as the clock around it saw it (GNU time's own is in hundredths of a second).
timed() {
    local file="$1" start end
    shift
    start=$(date +%s%N)
    /usr/bin/time -v -o "$file" "$@" >/dev/null
    end=$(date +%s%N)
    echo "Wall clock (ns): $((end - start))" >>"$file"
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "cpus: $(nproc)"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
    echo "kernel: $(uname -sr)"
    echo "rustc: $(rustc --version)"
    echo "tools: ${tools[*]}"
    if has hugo; then echo "hugo: $(hugo version)"; fi
    if has zola; then
        echo "zola: $("$zola" --version) ($zola)"
    fi
    echo "runs: $runs (sizes of 100000 and more: $runs_big) after $((warmup ? 1 : 0)) warm-up round, interleaved"
} >"$res/machine.txt"

for n in "${sizes[@]}"; do
    r="$runs"
    ((n < 100000)) || r="$runs_big"
    site="$bench/synth-$n"
    floor="$outs/floor-$n"
    declare -A out=([ecoatlas]="$outs/ecoatlas-$n" [hugo]="$outs/hugo-$n" [zola]="$outs/zola-$n")
    declare -A cmd=(
        [ecoatlas]="$eco build --root $site --output ${out[ecoatlas]} --force --today $today"
        [hugo]="hugo --quiet -s $bench/hugo-$n -d ${out[hugo]}"
        [zola]="$zola --root $bench/zola-$n build --output-dir ${out[zola]} --force"
    )

    step "$n actors: the sites (synth --seed 42, then converted for ${tools[*]})"
    rm -f "$res/$n-"*
    start=$(date +%s%N)
    "$bin/examples/synth" --actors "$n" --seed 42 "$site" >/dev/null
    if has hugo; then "$bin/examples/hugo_site" "$site" "$bench/hugo-$n" >/dev/null; fi
    if has zola; then "$bin/examples/zola_site" "$site" "$bench/zola-$n" >/dev/null; fi
    echo "generated in $((($(date +%s%N) - start) / 1000000)) ms" >&2

    # round NAME: every generator into an empty folder and over that output, then the floor
    # of each output tree; the generators' order rotates with the round.
    round() {
        local name="$1" k="$2" i tool
        local order=()
        for ((i = 0; i < ${#tools[@]}; i++)); do
            order+=("${tools[$(((i + k) % ${#tools[@]}))]}")
        done
        echo "$name $(load)" >>"$res/$n-load.txt"
        for tool in "${order[@]}"; do
            rm -rf "${out[$tool]}"
            # shellcheck disable=SC2086 # the command is split on spaces: no paths with spaces
            timed "$res/$n-$tool-empty-$name.time" ${cmd[$tool]}
            # shellcheck disable=SC2086
            timed "$res/$n-$tool-previous-$name.time" ${cmd[$tool]}
        done
        if [[ "$floor_on" == 1 ]]; then
            for tool in "${order[@]}"; do
                [[ -f "$outs/$tool-$n.tar" ]] || tar -C "${out[$tool]}" -cf "$outs/$tool-$n.tar" .
                rm -rf "$floor" && mkdir "$floor"
                timed "$res/$n-floor-$tool-$name.time" "${untar[@]}" "$outs/$tool-$n.tar" -C "$floor"
            done
            rm -rf "$floor"
        fi
        echo "$name $(load)" >>"$res/$n-load.txt"
    }

    step "$n actors: $((warmup ? 1 : 0)) warm-up round, then $r timed rounds (${tools[*]}, interleaved)"
    if [[ "$warmup" == 1 ]]; then round warmup 0; fi
    for ((k = 1; k <= r; k++)); do
        step "$n actors: round $k of $r"
        round "run$k" "$k"
    done
    for tool in "${tools[@]}"; do rm -f "$outs/$tool-$n.tar"; done

    trees=()
    for tool in "${tools[@]}"; do trees+=("$tool=${out[$tool]}"); done
    python3 scripts/bench-build-report.py size "$res" "$n" "$r" "$floor_on" "${trees[@]}"
    unset out cmd
done

python3 scripts/bench-build-report.py summary "$res" "$bench" "${sizes[@]}"
echo "bench-build: results in $bench/build-results.md and $bench/build-results.json" >&2
