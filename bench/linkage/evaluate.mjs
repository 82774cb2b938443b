#!/usr/bin/env node
// Linkage quality on a synthetic population (bench/linkage/population.mjs): the same two
// databases linked four ways — (a) naive hashing of fields as written (NDB ID1/ID2 style),
// (b) 4-fact matching (kanji name, sex, birth date, address) after trimming, (c) linkcode codes
// without history, (d) with history — through the `linkcode` CLI as a site would run it.
// Usage: node bench/linkage/evaluate.mjs [persons=100000] [--out dir] [--json results.json]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { database, population } from './population.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 100000);
const out = option('--out') ?? join(here, 'out', String(n));
const cli = join(root, 'pkg', 'cli.mjs');
const key = join(root, 'examples', 'data', 'test-key.jwk');
mkdirSync(out, { recursive: true });

const log = (text) => process.stderr.write(`linkage: ${text}\n`);
const seconds = (t0) => ((performance.now() - t0) / 1000).toFixed(1);

function linkcode(argv) {
  execFileSync(process.execPath, [cli, ...argv], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
}

const csvCell = (s) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

async function writeCsv(path, header, rows) {
  const stream = createWriteStream(path);
  stream.write(`${header.join(',')}\n`);
  let buffer = '';
  for (const row of rows) {
    buffer += `${row.map(csvCell).join(',')}\n`;
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  }
  stream.end(buffer);
  await once(stream, 'finish');
}

const sha = (text) => createHash('sha256').update(text).digest('base64url');
const FIELDS = ['insurer', 'symbol', 'number', 'branch', 'payer', 'recipient', 'kana', 'kanji', 'dob', 'sex'];

/** Writes a database's input, its naive and 4-fact key files and history; returns its truth. */
async function prepare(name, db) {
  await writeCsv(join(out, `${name}.csv`), ['rid', ...FIELDS], db.records.map((r, i) => [String(i + 1), ...FIELDS.map((f) => r[f])]));
  const h = db.history;
  await writeCsv(join(out, `${name}.history.csv`), ['person', 'insurer', 'symbol', 'number', 'branch', 'from', 'to'],
    h.map((e) => [e.person, e.insurer, e.symbol, e.number, e.branch, e.from, e.to]));
  // (a) as sites hashed for the NDB: fields exactly as written, no normalization.
  await writeCsv(join(out, `${name}.naive.csv`), ['rid', 'id1', 'id2'], db.records.map((r, i) => [String(i + 1),
    r.insurer ? sha(`${r.insurer}${r.symbol}${r.number}${r.dob}${r.sex}`) : '', sha(`${r.kana}${r.dob}${r.sex}`)]));
  // (b) 4-fact matching after trivial trimming.
  await writeCsv(join(out, `${name}.fact4.csv`), ['rid', 'fact4'], db.records.map((r, i) => [String(i + 1),
    r.kanji.trim() ? sha([r.kanji, r.sex, r.dob, r.address].map((s) => s.trim()).join('\x1f')) : '']));
  return db.records.map((r) => r.person);
}

/** The rid of each row of a code file written by the pseudonymizer (rows it dropped are absent). */
function ridsOf(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const column = lines[0].split(',').indexOf('rid');
  return lines.slice(1).filter(Boolean).map((line) => Number(line.split(',')[column]));
}

/** Cluster of every record (by rid) of both databases after a link run; dropped rows stay alone. */
function clustersOf(personsPath, rids, sizes) {
  const clusters = sizes.map((size, f) => Array.from({ length: size }, (_, i) => `dropped-${f}-${i}`));
  const lines = readFileSync(personsPath, 'utf8').split('\n');
  for (let i = 1; i < lines.length; i += 1) {
    if (!lines[i]) continue;
    const [file, row, person] = lines[i].split(',');
    const f = Number(file) - 1;
    clusters[f][rids[f][Number(row) - 1] - 1] = person;
  }
  return clusters;
}

const pairs = (k) => (k * (k - 1)) / 2;

/** Recall, precision and errors of a clustering against the truth. */
function score(clusters, truth) {
  const [ca, cb] = clusters;
  const [ta, tb] = truth;
  const count = (map, k) => map.set(k, (map.get(k) ?? 0) + 1);
  const cellA = new Map(); const cellB = new Map(); const clA = new Map(); const clB = new Map();
  const pA = new Map(); const pB = new Map();
  ca.forEach((c, i) => { count(cellA, `${c}|${ta[i]}`); count(clA, c); count(pA, ta[i]); });
  cb.forEach((c, i) => { count(cellB, `${c}|${tb[i]}`); count(clB, c); count(pB, tb[i]); });
  let tp = 0; let predicted = 0; let actual = 0;
  for (const [cell, k] of cellA) tp += k * (cellB.get(cell) ?? 0);
  for (const [c, k] of clA) predicted += k * (clB.get(c) ?? 0);
  for (const [p, k] of pA) actual += k * (pB.get(p) ?? 0);
  // Persons in both databases whose every record ends in one cluster.
  const clustersOfPerson = new Map();
  const add = (c, p) => { let s = clustersOfPerson.get(p); if (!s) clustersOfPerson.set(p, (s = new Set())); s.add(c); };
  ca.forEach((c, i) => add(c, ta[i]));
  cb.forEach((c, i) => add(c, tb[i]));
  let inBoth = 0; let whole = 0;
  for (const [p, set] of clustersOfPerson) if (pA.has(p) && pB.has(p)) { inBoth += 1; if (set.size === 1) whole += 1; }
  // False merges: clusters holding records of two or more persons; pairs of different persons in them.
  const personsOfCluster = new Map();
  const addP = (c, p) => { let m = personsOfCluster.get(c); if (!m) personsOfCluster.set(c, (m = new Map())); count(m, p); };
  ca.forEach((c, i) => addP(c, ta[i]));
  cb.forEach((c, i) => addP(c, tb[i]));
  let falseClusters = 0; let falsePairs = 0;
  for (const m of personsOfCluster.values()) {
    if (m.size < 2) continue;
    falseClusters += 1;
    let total = 0; let same = 0;
    for (const k of m.values()) { total += k; same += pairs(k); }
    falsePairs += pairs(total) - same;
  }
  // Within-database split persons: two or more records in one database, more than one cluster there.
  let multi = 0; let split = 0;
  for (const [c, t] of [[ca, ta], [cb, tb]]) {
    const of = new Map();
    c.forEach((x, i) => { let s = of.get(t[i]); if (!s) of.set(t[i], (s = [])); s.push(x); });
    for (const list of of.values()) if (list.length > 1) { multi += 1; if (new Set(list).size > 1) split += 1; }
  }
  return {
    recall: tp / actual, precision: predicted ? tp / predicted : 1, crossPairs: actual, linkedPairs: predicted,
    personsInBoth: inBoth, personsWhole: whole / inBoth, falseClusters, falsePairs, splitPersons: split, splitShare: split / multi,
  };
}

const t0 = performance.now();
const persons = population(n);
const dbA = database(persons, 'A', 11);
const dbB = database(persons, 'B', 22);
log(`${persons.length} persons; A ${dbA.records.length} records, B ${dbB.records.length} records (${seconds(t0)} s)`);
const truth = [await prepare('a', dbA), await prepare('b', dbB)];
const sizes = truth.map((t) => t.length);

const t1 = performance.now();
for (const name of ['a', 'b']) {
  linkcode(['pseudonymize', join(out, `${name}.csv`), '-o', join(out, `${name}.codes.csv`), '--key', key, '--purpose', 'linkage-eval',
    '--keep', 'rid', '--history', join(out, `${name}.history.csv`)]);
}
const pseudonymizeSeconds = seconds(t1);
log(`pseudonymized both databases in ${pseudonymizeSeconds} s`);
const codeRids = ['a', 'b'].map((name) => ridsOf(join(out, `${name}.codes.csv`)));
const allRids = sizes.map((size) => Array.from({ length: size }, (_, i) => i + 1));

const NO_HISTORY = 'ins,ins_dob_sex,koh,kana_dob_sex,kanji_dob_sex,kana_loose_dob_sex';
const METHODS = [
  { id: 'a', name: '(a) naive hashing as written (ID1 ins+dob+sex, ID2 kana+dob+sex)', files: 'naive', keys: 'id1,id2', exclusive: '' },
  { id: 'b', name: '(b) 4-fact matching after trimming (kanji name, sex, dob, address)', files: 'fact4', keys: 'fact4', exclusive: '' },
  { id: 'c', name: '(c) linkcode without history', files: 'codes', keys: NO_HISTORY, exclusive: 'history' },
  { id: 'd', name: '(d) linkcode with history', files: 'codes', keys: `history,${NO_HISTORY}`, exclusive: 'history' },
  { id: 'c-strict', name: '(c′) without history, ins exclusive', files: 'codes', keys: NO_HISTORY, exclusive: 'history,ins' },
  { id: 'd-strict', name: '(d′) with history, ins exclusive', files: 'codes', keys: `history,${NO_HISTORY}`, exclusive: 'history,ins' },
];
const results = [];
for (const m of METHODS) {
  const t = performance.now();
  const personsPath = join(out, `persons.${m.id}.csv`);
  linkcode(['link', join(out, `a.${m.files}.csv`), join(out, `b.${m.files}.csv`), '-o', personsPath,
    '--keys', m.keys, '--exclusive', m.exclusive, '--report', join(out, `report.${m.id}.json`)]);
  const linkSeconds = Number(seconds(t));
  const rids = m.files === 'codes' ? codeRids : allRids;
  const s = score(clustersOf(personsPath, rids, sizes), truth);
  results.push({ method: m.id, name: m.name, linkSeconds, ...s });
  log(`${m.name}: recall ${(100 * s.recall).toFixed(2)} %, precision ${(100 * s.precision).toFixed(3)} % (${linkSeconds} s)`);
}
const dropped = codeRids.map((r, f) => sizes[f] - r.length);
const summary = {
  persons: persons.length, records: sizes, droppedByPseudonymizer: dropped, pseudonymizeSeconds: Number(pseudonymizeSeconds),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  results,
};
writeFileSync(option('--json') ?? join(out, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
const pct = (x, d = 2) => `${(100 * x).toFixed(d)} %`;
console.log(`\n${persons.length.toLocaleString('en')} persons; records A ${sizes[0].toLocaleString('en')}, B ${sizes[1].toLocaleString('en')}; ` +
  `rows the pseudonymizer dropped: ${dropped.join(' / ')}\n`);
console.log('| method | recall (cross-database pairs) | precision | persons in both linked whole | false-merge clusters (pairs) | split persons within a database | link time |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.name} | ${pct(r.recall)} | ${pct(r.precision, 3)} | ${pct(r.personsWhole)} | ${r.falseClusters} (${r.falsePairs}) | ` +
    `${r.splitPersons} (${pct(r.splitShare)}) | ${r.linkSeconds} s |`);
}

// --check (the test command, on a small population): the targets of the evaluation hold, and the
// native engine (--native <linkcode-link>) gives the WASM CLI's bytes.
if (args.includes('--check')) {
  const of = (id) => results.find((r) => r.method === id);
  const failures = [];
  if (!(of('d').recall >= 0.995 && of('d').precision >= 0.9995)) failures.push('with history: recall ≥ 99.5 % at precision ≥ 99.95 %');
  if (!(of('c').recall >= 0.97)) failures.push('without history: recall ≥ 97 %');
  if (!(of('a').recall < of('c').recall && of('b').recall < of('c').recall)) failures.push('codes link more than the baselines');
  const native = option('--native');
  if (native) {
    for (const m of METHODS) {
      const path = join(out, `persons.${m.id}.native.csv`);
      execFileSync(native, [join(out, `a.${m.files}.csv`), join(out, `b.${m.files}.csv`), '-o', path,
        '--keys', m.keys, '--exclusive', m.exclusive], { stdio: ['ignore', 'ignore', 'inherit'] });
      if (!readFileSync(path).equals(readFileSync(join(out, `persons.${m.id}.csv`)))) failures.push(`native ${m.id} differs from WASM`);
    }
  }
  if (failures.length) {
    console.error(`linkage check FAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
  log(`check passed: targets met${native ? ', native = WASM for every method' : ''}`);
}
