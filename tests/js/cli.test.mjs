// The `linkcode` command from the packed package (node_modules/.bin), on files with every
// input quirk: BOM, CRLF, quoted newlines, 0x1A at EOF, ragged rows, invalid bytes, Shift_JIS,
// unbalanced quotes. Outputs are checked against the library and the manifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Coder, LinkageKey } from 'linkcode';

const here = fileURLToPath(new URL('.', import.meta.url));
const bin = join(here, 'node_modules', '.bin', 'linkcode');
const dir = mkdtempSync(join(tmpdir(), 'linkcode-cli-'));
const at = (name) => join(dir, name);
const run = (args, input) => spawnSync(bin, args, { input, encoding: 'utf8' });

const keyFile = at('key.jwk');
const keygen = run(['keygen', '-o', keyFile]);
assert.equal(keygen.status, 0, keygen.stderr);
const key = LinkageKey.fromJwk(readFileSync(keyFile, 'utf8'));
const coder = new Coder(key, { purpose: 'cli-test' });
const base = ['--key', keyFile, '--purpose', 'cli-test'];

const utf8 = (s) => Buffer.from(s, 'utf8');
const INPUT = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  utf8('受診日,保険者番号,被保険者証記号,被保険者証番号,枝番,カナ氏名,生年月日,性別,備考\r\n'),
  utf8('2024-01-05,06132013,１３１,６７８９０,1,ﾔﾏﾀﾞ ﾀﾛｳ,S45.3.2,男,"咳, 発熱"\r\n'),
  utf8('2024-01-06,06132014,131,67890,01,山田,1970-03-02,1,"複数\r\n行"\r\n'),
  utf8('2024-01-07,06132013,131\r\n'),
  utf8('2024-01-08,06132013,131,67890,01,ヤマダ,19700302,2,'), Buffer.from([0xff]), utf8('\r\n'),
  utf8('2024-01-09,06132013,131,67890,01,やまだ たろう,19700302,1,ok\r\n'),
  Buffer.from([0x1a]),
]);

test('pseudonymize: codes, rejects, manifest and verify on a file with every quirk', () => {
  writeFileSync(at('in.csv'), INPUT);
  const r = run(['pseudonymize', at('in.csv'), '-o', at('out.csv'), ...base]);
  assert.equal(r.status, 0, r.stderr);
  const out = readFileSync(at('out.csv'), 'utf8');
  const lines = out.split('\r\n');
  assert.equal(lines[0], '受診日,備考,ins,ins_dob_sex,kana_dob_sex,kana_loose_dob_sex');
  const ins = coder.code('ins', { insurer: '06132013', symbol: '131', number: '67890', branch: '01' });
  const kana = coder.code('kana_dob_sex', { kana: 'ヤマダタロウ', dob: '19700302', sex: '1' });
  assert.equal(lines[1].split(',').slice(-4)[0], ins);
  assert.equal(lines[1].split(',').slice(-2)[0], kana);
  assert.ok(out.includes('2024-01-06,"複数\r\n行",,,,\r\n'), 'quoted newline passes through, failed codes are empty');
  assert.ok(out.endsWith('\r\n') && !out.includes('\u001a') && !out.startsWith('\ufeff'));
  const last = lines.at(-2).split(',');
  assert.deepEqual([last[0], last[2], last[4]], ['2024-01-09', ins, kana], 'hiragana kana name gives the same code');
  const rejects = readFileSync(at('out.csv.rejects.csv'), 'utf8');
  assert.equal(rejects, [
    'row,rule,field,code', '2,ins,insurer,E_CHECK_DIGIT', '2,ins_dob_sex,insurer,E_CHECK_DIGIT',
    '2,kana_dob_sex,kana,E_NOT_KANA', '2,kana_loose_dob_sex,kana,E_NOT_KANA', '3,,,E_CSV_FIELDS', '4,,,E_CSV_ENCODING', '',
  ].join('\r\n'));
  const manifest = JSON.parse(readFileSync(at('out.csv.manifest.json'), 'utf8'));
  assert.deepEqual(manifest.records, { read: 5, written: 3, dropped: 2 });
  assert.equal(manifest.records.read, manifest.records.written + manifest.records.dropped);
  assert.equal(manifest.rejects.total, 6);
  assert.deepEqual(manifest.rejects.dropped, { E_CSV_ENCODING: 1, E_CSV_FIELDS: 1 });
  assert.equal(manifest.input.sha256, createHash('sha256').update(INPUT).digest('hex'));
  assert.equal(manifest.output.sha256, createHash('sha256').update(readFileSync(at('out.csv'))).digest('hex'));
  assert.equal(manifest.output.bytes, statSync(at('out.csv')).size);
  assert.equal(manifest.key_fingerprint, key.fingerprint);
  for (const text of [out, rejects, JSON.stringify(manifest)]) {
    for (const value of ['67890', '06132014', 'ﾔﾏﾀﾞ', 'S45.3.2']) assert.ok(!text.includes(value), `no ${value} in outputs`);
  }
  assert.equal(run(['verify', at('out.csv'), '--manifest', at('out.csv.manifest.json'), '--key', keyFile]).status, 0);
  writeFileSync(at('tampered.csv'), `${out}x`);
  assert.equal(run(['verify', at('tampered.csv'), '--manifest', at('out.csv.manifest.json')]).status, 1);
  // A rerun writes the same bytes.
  assert.equal(run(['pseudonymize', at('in.csv'), '-o', at('again.csv'), ...base]).status, 0);
  assert.equal(readFileSync(at('again.csv.manifest.json'), 'utf8').replaceAll('again.csv', 'out.csv'),
    readFileSync(at('out.csv.manifest.json'), 'utf8'));
});

test('pseudonymize from standard input to standard output equals the file run', () => {
  const r = spawnSync(bin, ['pseudonymize', '-', '-o', '-', '--rejects', at('stdin.rejects.csv'),
    '--manifest', at('stdin.manifest.json'), ...base], { input: INPUT });
  assert.equal(r.status, 0, String(r.stderr));
  assert.equal(r.stdout.toString('utf8'), readFileSync(at('out.csv'), 'utf8'));
});

test('Shift_JIS input is decoded first; invalid bytes drop the record', () => {
  // "insurer,number,branch,kana,dob,sex" then ﾔﾏﾀﾞ in half-width katakana (single bytes) and a
  // bad two-byte sequence (0x81 0x20) in the last row.
  const sjis = Buffer.concat([
    utf8('insurer,number,branch,kana,dob,sex\n06132013,67890,01,'), Buffer.from([0xd4, 0xcf, 0xc0, 0xde]),
    utf8(',19700302,1\n06132013,67890,01,'), Buffer.from([0x81, 0x20]), utf8(',19700302,1\n'),
  ]);
  writeFileSync(at('sjis.csv'), sjis);
  const r = run(['pseudonymize', at('sjis.csv'), '-o', at('sjis.out.csv'), '--encoding', 'shift_jis',
    '--rule', 'kana_dob_sex', ...base]);
  assert.equal(r.status, 0, r.stderr);
  const out = readFileSync(at('sjis.out.csv'), 'utf8').split('\n');
  assert.equal(out[1], coder.code('kana_dob_sex', { kana: 'ヤマダ', dob: '19700302', sex: '1' }));
  assert.equal(readFileSync(at('sjis.out.csv.rejects.csv'), 'utf8'), 'row,rule,field,code\n2,,,E_CSV_ENCODING\n');
  const manifest = JSON.parse(readFileSync(at('sjis.out.csv.manifest.json'), 'utf8'));
  assert.equal(manifest.input.encoding, 'shift_jis');
  assert.equal(manifest.input.sha256, createHash('sha256').update(sjis).digest('hex'));
});

test('an unbalanced quote is fatal and leaves no partial output', () => {
  writeFileSync(at('bad.csv'), 'insurer,number\n"06132013,1\n1,2\n');
  const r = run(['pseudonymize', at('bad.csv'), '-o', at('bad.out.csv'), ...base]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /E_CSV_QUOTE/);
  assert.ok(!existsSync(at('bad.out.csv')) && !existsSync(at('bad.out.csv.rejects.csv')) && !existsSync(at('bad.out.csv.manifest.json')));
});

test('pseudonymize on threads: slices of whole records give one stream\'s bytes, errors stay fatal', () => {
  // INPUT's records (CRLF, a quoted line break, a ragged row, an invalid byte) 300 times, with
  // the BOM header first and 0x1A last, cut into slices of 4 KB.
  const headerEnd = INPUT.indexOf('\r\n') + 2;
  const body = INPUT.subarray(headerEnd, INPUT.length - 1);
  const big = Buffer.concat([INPUT.subarray(0, headerEnd), ...Array(300).fill(body), Buffer.from([0x1a])]);
  writeFileSync(at('big.csv'), big);
  const history = join(process.env.LINKCODE_ROOT, 'examples', 'data', 'history.csv');
  const env = { ...process.env, LINKCODE_SLICE_BYTES: '4096' };
  const outputs = ['1', '2', '3'].map((threads) => {
    const out = at(`big.${threads}.csv`);
    const r = spawnSync(bin, ['pseudonymize', at('big.csv'), '-o', out, '--threads', threads, '--bom', '--history', history,
      '--rule', 'ins', '--rule', 'history', '--rule', 'kana_dob_sex', ...base], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /records read 1500, written 900, dropped 600/);
    return [out, `${out}.rejects.csv`, `${out}.manifest.json`].map((f) => readFileSync(f));
  });
  for (const [i, threads] of [[1, 2], [2, 3]]) {
    assert.deepEqual(outputs[i], outputs[0], `--threads ${threads} equals --threads 1`);
  }
  assert.ok(outputs[1][0].subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), '--bom');
  // Shift_JIS slices decode like the whole; an unclosed quote in a late slice is fatal, with its row.
  const sjisRecord = Buffer.concat([utf8('06132013,67890,01,'), Buffer.from([0xd4, 0xcf, 0xc0, 0xde]), utf8(',19700302,1\n')]);
  writeFileSync(at('big-sjis.csv'), Buffer.concat([utf8('insurer,number,branch,kana,dob,sex\n'), ...Array(2000).fill(sjisRecord)]));
  const sjis = ['1', '2'].map((threads) => {
    const out = at(`big-sjis.${threads}.csv`);
    const r = spawnSync(bin, ['pseudonymize', at('big-sjis.csv'), '-o', out, '--threads', threads, '--encoding', 'shift_jis', ...base],
      { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return [out, `${out}.manifest.json`].map((f) => readFileSync(f, 'utf8'));
  });
  assert.deepEqual(sjis[1], sjis[0]);
  writeFileSync(at('big-bad.csv'), Buffer.concat([utf8('insurer,number\n'), ...Array(3000).fill(utf8('06132013,1\n')), utf8('"06132013,1\n1,2\n')]));
  const bad = spawnSync(bin, ['pseudonymize', at('big-bad.csv'), '-o', at('big-bad.out.csv'), '--threads', '2', ...base], { env, encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /E_CSV_QUOTE.*row 3001/);
  assert.ok(!existsSync(at('big-bad.out.csv')) && !existsSync(at('big-bad.out.csv.rejects.csv')) && !existsSync(at('big-bad.out.csv.manifest.json')));
  const unmapped = spawnSync(bin, ['pseudonymize', at('big.csv'), '-o', at('big-x.csv'), '--threads', '2', '--map', 'kana=nope', ...base],
    { env, encoding: 'utf8' });
  assert.equal(unmapped.status, 2, unmapped.stderr);
  assert.match(unmapped.stderr, /no column for kana/);
  assert.ok(!existsSync(at('big-x.csv')));
  for (const threads of ['1', '2']) {
    const unkept = spawnSync(bin, ['pseudonymize', at('big.csv'), '-o', at('big-y.csv'), '--threads', threads, '--keep', 'nope', ...base],
      { env, encoding: 'utf8' });
    assert.equal(unkept.status, 2, unkept.stderr);
    assert.match(unkept.stderr, /a --keep column is not in the header/);
  }
});

test('usage errors exit 2, code reads stdin, history prints codes per person', () => {
  assert.equal(run(['pseudonymize', at('in.csv'), '-o', at('x.csv'), ...base, '--map', 'zip=郵便番号']).status, 2);
  assert.equal(run(['frobnicate']).status, 2);
  assert.equal(run(['pseudonymize', at('in.csv'), ...base]).status, 2);
  assert.equal(run(['--help']).status, 0);
  assert.match(run(['--help']).stdout, /Exit codes/);
  const c = run(['code', ...base, '--rule', 'ins'], '{"insurer":"６１３２０１３","number":"67890","branch":"1","symbol":"131"}');
  assert.equal(c.stdout.trim(), coder.code('ins', { insurer: '06132013', symbol: '131', number: '67890', branch: '01' }));
  const bad = run(['code', ...base, '--rule', 'ins'], '{"insurer":"06132014","number":"1","branch":"1"}');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /E_CHECK_DIGIT/);
  assert.ok(!bad.stderr.includes('06132014'));
  assert.notEqual(run(['keygen', '-o', keyFile]).status, 0, 'keygen never overwrites a key');
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  writeFileSync(at('history.csv'), 'person,insurer,symbol,number,branch,from,to\nH1,01130012,アイウ,1234,01,2010-04-01,2015-03-31\nH1,06132013,131,67890,01,2015-04-01,\n');
  const h = run(['history', ...base, at('history.csv')]);
  assert.equal(h.status, 0, h.stderr);
  assert.equal(h.stdout, `person,history_code,warnings\nH1,${coder.code('ins', { insurer: '01130012', symbol: 'アイウ', number: '1234', branch: '01' })},\n`);
});

test('link: records of the same people in two pseudonymized files get one person id', () => {
  writeFileSync(at('a.csv'), 'insurer,symbol,number,branch,kana,dob,sex\n06132013,131,67890,01,ヤマダ タロウ,19700302,1\n01130012,あいう,1234,00,スズキ ハナコ,19800101,2\n');
  writeFileSync(at('b.csv'), 'insurer,symbol,number,branch,kana,dob,sex\n' +
    '６１３２０１３,１３１,６７８９０,1,ﾔﾏﾀﾞ ﾀﾛｳ,S45.3.2,男\n' + // same person, other notations
    '39131156,,12345678,,すずき はなこ,1980/1/1,女\n' + //          Hanako, new insurer: without history she stays apart
    '06132013,131,55555,01,ヤマダ タロウ,19700302,1\n'); // another Taro: a different ins code
  for (const f of ['a', 'b']) {
    assert.equal(run(['pseudonymize', at(`${f}.csv`), '-o', at(`${f}.codes.csv`), ...base]).status, 0);
  }
  const r = run(['link', at('a.codes.csv'), at('b.codes.csv'), '-o', at('persons.csv'), '--report', at('link.json')]);
  assert.equal(r.status, 0, r.stderr);
  // By default only history codes say "different people": the name links Hanako across her
  // insurer change — and, with no history to tell them apart, the two Taros too.
  assert.equal(readFileSync(at('persons.csv'), 'utf8'),
    'file,row,person\n1,1,p1-1\n1,2,p1-2\n2,1,p1-1\n2,2,p1-2\n2,3,p1-1\n');
  const report = JSON.parse(readFileSync(at('link.json'), 'utf8'));
  assert.equal(report.persons, 2);
  assert.equal(report.keys.find((k) => k.key === 'ins').merges, 1);
  // With ins exclusive too (--exclusive history,ins), different ins codes keep everyone apart.
  const strict = run(['link', at('a.codes.csv'), at('b.codes.csv'), '-o', at('strict.csv'), '--exclusive', 'history,ins']);
  assert.equal(strict.status, 0, strict.stderr);
  assert.equal(readFileSync(at('strict.csv'), 'utf8'),
    'file,row,person\n1,1,p1-1\n1,2,p1-2\n2,1,p1-1\n2,2,p2-2\n2,3,p2-3\n');
});
