#!/usr/bin/env bash
# Builds the npm package into pkg/: release WASM, wasm-bindgen glue, wasm-opt -Oz, wrappers.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --quiet --lib --release --target wasm32-unknown-unknown
rm -rf pkg && mkdir -p pkg
wasm-bindgen --target web --no-typescript --out-dir pkg --out-name linkcode \
  target/wasm32-unknown-unknown/release/linkcode.wasm
# npm binaryen, never Debian's (its wasm-opt 108 corrupts the externref table).
node_modules/.bin/wasm-opt -Oz pkg/linkcode_bg.wasm -o pkg/linkcode_bg.wasm
cp npm/package.json npm/*.mjs npm/*.cjs npm/index.d.ts pkg/
cp npm/index.d.ts pkg/index.d.cts
cp npm/README.md pkg/ 2>/dev/null || true
# The portal uses the package from its own folder, so www/ can be served on its own.
rm -rf www/vendor && mkdir -p www/vendor && cp -r pkg www/vendor/linkcode
raw=$(stat -c %s pkg/linkcode_bg.wasm)
gz=$(gzip -9 -c pkg/linkcode_bg.wasm | wc -c)
echo "build: pkg/linkcode_bg.wasm ${raw} bytes (${gz} gzip)" >&2
# The size budget (issue "Every identifier"): 250 KB of gzip for the .wasm.
budget=250000
if [ "$gz" -gt "$budget" ]; then
  echo "build: ${gz} bytes gzip is over the ${budget}-byte budget of the .wasm" >&2
  exit 1
fi
