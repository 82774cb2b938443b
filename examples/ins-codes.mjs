#!/usr/bin/env node
// The main job on bundled synthetic data: ins codes (and ins_dob_sex codes for household-level
// cards) for every row of a small CSV, with a summary. Prints codes, row numbers and error
// codes only, never an identifier. Usage: node examples/ins-codes.mjs <file.csv> <key.jwk> <purpose>
import { readFileSync } from 'node:fs';
import { Coder, LinkageKey } from '../pkg/node.mjs';

const [file, keyFile, purpose] = process.argv.slice(2);
if (!file || !keyFile || !purpose) {
  console.error('usage: node examples/ins-codes.mjs <file.csv> <key.jwk> <purpose>');
  process.exit(2);
}

// The sample has no quoted fields; the streaming CSV pseudonymizer handles real exports.
const [header, ...lines] = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l !== '');
const names = header.split(',');
const columns = Object.fromEntries(names.map((n) => [n, []]));
for (const line of lines) line.split(',').forEach((value, i) => columns[names[i]].push(value));

const key = LinkageKey.fromJwk(readFileSync(keyFile, 'utf8'));
const coder = new Coder(key, { purpose });
const ins = coder.codeBatch('ins', columns);
const household = coder.codeBatch('ins_dob_sex', columns);

console.log(`key fingerprint ${key.fingerprint}, purpose ${purpose}, spec lc1\n`);
console.log('row  ins code                                     ins_dob_sex code');
lines.forEach((_, i) => {
  const cell = (code) => (code ?? '-').padEnd(44);
  console.log(`${String(i + 1).padStart(3)}  ${cell(ins.codes[i])} ${household.codes[i] ?? '-'}`);
});

const summarize = (name, result) => {
  const coded = result.codes.filter((c) => c !== null).length;
  const byCode = {};
  for (const r of result.rejects) byCode[`${r.field}:${r.code}`] = (byCode[`${r.field}:${r.code}`] ?? 0) + 1;
  const distinct = new Set(result.codes.filter((c) => c !== null)).size;
  console.log(`${name.padEnd(12)} rows ${lines.length}, coded ${coded}, rejected ${lines.length - coded}, ` +
    `distinct codes ${distinct}; rejects ${JSON.stringify(byCode)}`);
  if (coded + (lines.length - coded) !== lines.length) throw new Error('row count mismatch');
};
console.log('');
summarize('ins', ins);
summarize('ins_dob_sex', household);
