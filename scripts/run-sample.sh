#!/usr/bin/env bash
# README "Build and run on the sample data": installs what it needs, builds pkg/, generates the
# bundled synthetic export (1,000 visits, no real person), and pseudonymizes it with the
# linkcode CLI and the published TEST key (never use it for real data).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
out=target/sample
mkdir -p "$out"
node examples/generate-sample.mjs 1000 "$out/visits.csv"
node pkg/cli.mjs pseudonymize "$out/visits.csv" -o "$out/visits.pseudonymized.csv" \
  --key examples/data/test-key.jwk --purpose linkcode-sample
node pkg/cli.mjs verify "$out/visits.pseudonymized.csv" --manifest "$out/visits.pseudonymized.csv.manifest.json" \
  --key examples/data/test-key.jwk
echo
echo "input:    $out/visits.csv (header: $(head -1 "$out/visits.csv"))"
echo "output:   $out/visits.pseudonymized.csv (header: $(head -1 "$out/visits.pseudonymized.csv"))"
echo "rejects:  $out/visits.pseudonymized.csv.rejects.csv ($(($(wc -l < "$out/visits.pseudonymized.csv.rejects.csv") - 1)) lines: row, rule, field, code — no values)"
echo "manifest: $out/visits.pseudonymized.csv.manifest.json"
node -e '
const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
console.log(`records: read ${m.records.read}, written ${m.records.written}, dropped ${m.records.dropped}; key ${m.key_fingerprint}, purpose ${m.purpose}`);
for (const [rule, codes] of Object.entries(m.rejects.by_rule)) console.log(`  ${rule.padEnd(20)} rejects ${JSON.stringify(codes)}`);
' "$out/visits.pseudonymized.csv.manifest.json"
