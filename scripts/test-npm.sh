#!/usr/bin/env bash
# Packs pkg/ with npm pack, installs the tarball into a scratch project (as a user would) and
# runs the package tests there: ESM, CJS, types (tsc) and a page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scratch="$root/tests/js/scratch"
rm -rf "$scratch" && mkdir -p "$scratch"
tarball=$(cd pkg && npm pack --silent --pack-destination "$scratch")
cd "$scratch"
printf '{ "name": "linkcode-scratch", "private": true, "type": "module" }\n' > package.json
npm install --silent --no-audit --no-fund --offline "./$tarball"
ln -s "$root/node_modules/playwright-core" node_modules/playwright-core
ln -s "$root/node_modules/typescript" node_modules/typescript
cp "$root"/tests/js/*.test.mjs "$root"/tests/js/*.test.cjs "$root"/tests/js/vectors.mjs \
  "$root"/tests/js/support/* .
export LINKCODE_VECTORS="$root/tests/vectors"
export LINKCODE_ROOT="$root"
# LINKCODE_NPM_TESTS picks test files while working on one part; the test command runs them all.
node --test ${LINKCODE_NPM_TESTS:-esm.test.mjs cjs.test.cjs types.test.mjs cli.test.mjs browser.test.mjs www.test.mjs}
