#!/usr/bin/env node
// 名寄せ with a history of insurance numbers, on synthetic data (no real person).
//
// Hanako changed insurers three times (協会けんぽ → a health insurance society → 国保) and her
// surname at marriage (山田 → 鈴木). Her three records share no insurance number and no name,
// so ins codes and kanji-name codes split her into pieces. With the history provider's history
// (examples/data/history.csv), every record gets her history code: one person, one code.
//
// Usage: node examples/history-nayose.mjs [records.csv] [history.csv]   (after scripts/build.sh)
// Exits non-zero if the records of one person do not collapse to one code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Coder, LinkageKey } from '../pkg/node.mjs';

const here = (name) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));
const [recordsFile = here('records.csv'), historyFile = here('history.csv')] = process.argv.slice(2);

// The records file has no quoted fields; real exports go through the CSV pseudonymizer.
const [header, ...lines] = readFileSync(recordsFile, 'utf8').split(/\r?\n/).filter(Boolean);
const names = header.split(',');
const columns = Object.fromEntries(names.map((n) => [n, []]));
for (const line of lines) line.split(',').forEach((v, i) => columns[names[i]].push(v));

const key = LinkageKey.fromJwk(readFileSync(here('test-key.jwk'), 'utf8')); // TEST key: never for real data
const coder = new Coder(key, { purpose: 'linkcode-example' });
const index = coder.historyIndex(readFileSync(historyFile, 'utf8'));

const ins = coder.codeBatch('ins', columns).codes;
const kanji = coder.codeBatch('kanji_dob_sex', columns).codes;
const nayose = coder.historyBatch(index, columns);

const short = (code) => (code ? `${code.slice(0, 10)}…` : '-');
console.log(`history file: ${index.persons} persons, ${index.rejects.length} rejected rows`);
console.log('source          ins code      kanji_dob_sex   history code  (from)');
lines.forEach((_, i) => {
  console.log(`${columns.source[i].padEnd(15)} ${short(ins[i]).padEnd(13)} ${short(kanji[i]).padEnd(15)} ` +
    `${short(nayose.codes[i]).padEnd(13)} ${nayose.sources[i]}`);
});
console.log(`counts: ${JSON.stringify(nayose.counts)}; rejects: ${JSON.stringify(nayose.rejects)}`);

const hanako = [0, 1, 2];
const distinct = (codes) => new Set(hanako.map((i) => codes[i])).size;
console.log(`Hanako's 3 records: ${distinct(ins)} ins codes, ${distinct(kanji)} kanji-name codes, ` +
  `${distinct(nayose.codes)} history code`);
if (distinct(nayose.codes) !== 1 || distinct(ins) !== 3 || distinct(kanji) !== 2
    || nayose.codes[3] === nayose.codes[0] || nayose.sources[4] !== 'own') {
  console.error('example: the records did not link as expected');
  process.exit(1);
}
