#!/usr/bin/env bash
# Regenerates src/normalize/unicode_ranges.rs from the Unicode crates (dev-dependencies); the
# test command fails when the checked-in file differs.
set -euo pipefail
cd "$(dirname "$0")/.."
LINKCODE_REGENERATE=1 cargo test --quiet --lib the_range_tables_are_generated_from_the_pinned_unicode_data
