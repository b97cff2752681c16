#!/usr/bin/env bash
# Runs every test of ecoatlas: formatting, clippy, and all tests, including the real-browser
# tests in tests/browser.rs (headless Chromium through chromedriver).
# On a fresh Debian machine it first installs Chromium and chromedriver (scripts/install-test-deps.sh).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "test dependencies (chromium, chromedriver)"
bash scripts/install-test-deps.sh

step "cargo fmt --all -- --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets --locked -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings

step "cargo test --all-targets --locked --no-fail-fast"
cargo test --all-targets --locked --no-fail-fast

step "all tests passed"
