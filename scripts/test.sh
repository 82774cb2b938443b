#!/usr/bin/env bash
# Runs every test tier (README "Run all tests"): installs what it needs first, idempotently.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# Chromium and chromedriver leave files in TMPDIR; keep them in a scratch directory.
TMPDIR=$(mktemp -d)
export TMPDIR
export WASM_BINDGEN_TEST_TIMEOUT=120
trap 'rm -rf "$TMPDIR"' EXIT

step() { printf '\n== %s\n' "$*" >&2; }

step "setup"
scripts/setup.sh

step "generated tables and vectors are current"
python3 scripts/gen_kanji_table.py --check
python3 scripts/gen_vectors.py --check

step "format, lints (host and wasm32), docs"
cargo fmt --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --all-targets --target wasm32-unknown-unknown -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps

step "native tests: unit, vectors, RFC 4231, properties, doc examples"
cargo test

step "build pkg/"
scripts/build.sh

step "WASM boundary tests in Node"
cargo test --target wasm32-unknown-unknown --test wasm

step "WASM boundary tests in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --test wasm

step "examples"
node examples/history-nayose.mjs

step "linkage evaluation on 5,000 persons: targets hold, the native engine gives the WASM CLI's bytes"
cargo build --quiet --bin linkcode-link
node bench/linkage/evaluate.mjs 5000 --out "$TMPDIR/linkage" --json "$TMPDIR/linkage/results.json" \
  --check --native target/debug/linkcode-link

step "npm package tests (packed tarball: ESM, CJS, types, Chromium)"
scripts/test-npm.sh
