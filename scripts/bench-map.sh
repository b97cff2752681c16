#!/usr/bin/env bash
# Benchmark of the map page on a large synthetic site (not part of the test run):
#   bash scripts/bench-map.sh [ACTORS] [RUNS]          (default 10000 actors, 5 runs)
# 1. builds ecoatlas and the synthetic-site generator in release mode;
# 2. writes a synthetic site (examples/synth.rs, seed 42) into target/bench/synth-<ACTORS>;
# 3. runs the ignored benchmark tests/bench_map.rs, which serves the site with
#    `ecoatlas serve --port 0`, loads the map page in headless Chromium with an empty cache RUNS
#    times and prints the medians and the gzipped bytes per actor.
# Needs what the browser tests need (scripts/install-test-deps.sh).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
actors="${1:-10000}"
runs="${2:-5}"
site="target/bench/synth-${actors}"

echo "==> cargo build --release (ecoatlas and examples/synth)"
cargo build --release --locked --bin ecoatlas --example synth

echo "==> synthetic site: ${actors} actors, seed 42 → ${site}"
mkdir -p target/bench
./target/release/examples/synth --actors "${actors}" --seed 42 "${site}"

echo "==> benchmark (${runs} cold loads)"
ECOATLAS_BENCH_SITE="$(pwd)/${site}" ECOATLAS_BENCH_RUNS="${runs}" \
    cargo test --release --locked --test bench_map -- --ignored --nocapture
