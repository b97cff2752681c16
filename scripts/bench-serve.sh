#!/usr/bin/env bash
# Edit-to-reload latency and memory of `ecoatlas serve` on synthetic sites (docs/BENCHMARKS.md).
# Usage: bash scripts/bench-serve.sh [EDITS] [SIZES...]   (default: 50 edits, 1000 and 10000 actors)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
edits="${1:-50}"
shift || true
sizes=("${@:-1000 10000}")
cargo build --release --locked --bin ecoatlas --example synth
for n in ${sizes[*]}; do
    site="target/bench/synth-$n"
    ./target/release/examples/synth --actors "$n" --seed 42 "$site" >/dev/null
    for kind in body summary name; do
        ECOATLAS_BENCH_SITE="$PWD/$site" ECOATLAS_BENCH_EDITS="$edits" ECOATLAS_BENCH_EDIT="$kind" \
            cargo test --release --locked --test bench_serve -- --ignored --nocapture 2>/dev/null | grep '^site '
        # Each run edits the records; start the next from the generated state again.
        ./target/release/examples/synth --actors "$n" --seed 42 "$site" >/dev/null
    done
done
