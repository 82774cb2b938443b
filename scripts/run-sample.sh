#!/usr/bin/env bash
# README "Build and run on the sample data": installs what it needs, builds pkg/, and computes
# ins codes for the bundled synthetic sample with the published TEST key (never for real data).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
node examples/ins-codes.mjs examples/data/insurance-sample.csv examples/data/test-key.jwk linkcode-sample
