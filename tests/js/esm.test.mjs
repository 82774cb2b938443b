// The packed npm package, installed into a scratch project and imported as users do (ESM).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  Coder, ERROR_CODES, HistoryIndex, LinkageKey, SPEC_VERSION, history, isLinkcodeError, normalize, rekey,
} from 'linkcode';
import { codes, fields, histories, keys } from './vectors.mjs';

const testKey = () => LinkageKey.fromBase64url(codes.key.base64url);
const rules = Object.fromEntries(codes.cases.filter((c) => c.declare).map((c) => [c.rule, c.declare]));
const coder = (options = {}) => new Coder(testKey(), { purpose: codes.purpose, rules, ...options });
// kana_loose reads the kana input and reports its errors as kana.
const inputField = (kind) => (kind === 'kana_loose' ? 'kana' : kind);

function assertLinkcodeError(fn, code, field, input) {
  let thrown;
  try { fn(); } catch (error) { thrown = error; }
  assert.ok(thrown instanceof Error, 'throws an Error');
  assert.ok(isLinkcodeError(thrown), 'isLinkcodeError');
  assert.equal(thrown.name, 'LinkcodeError');
  assert.equal(thrown.code, code);
  assert.equal(thrown.field, field);
  if (input !== undefined && input.trim().length >= 3) {
    assert.ok(!thrown.message.includes(input.trim()), 'message never contains the value');
    assert.ok(!String(thrown.stack).split('\n')[0].includes(input.trim()), 'the stack header never contains the value');
  }
  return thrown;
}

test('every field vector normalizes to its canonical value or error', () => {
  assert.ok(fields.cases.length >= 1000);
  for (const c of fields.cases) {
    if ('canonical' in c) assert.equal(normalize.field(c.field, c.input), c.canonical, c.id);
    else assertLinkcodeError(() => normalize.field(c.field, c.input), c.error, inputField(c.field), c.input);
  }
  assert.equal(normalize.kanaLoose('ガッコウ'), 'カツコウ');
  assert.equal(normalize.regionId('000123'), '123');
});

test('every code vector gives its code in b64, hex and raw', () => {
  const [b64, hex, raw] = [coder(), coder({ encoding: 'hex' }), coder({ encoding: 'raw' })];
  for (const c of codes.cases) {
    if (!('b64' in c)) {
      const e = assertLinkcodeError(() => b64.code(c.rule, c.input), c.errors[0].code, c.errors[0].field);
      assert.equal(e.rule, c.rule, c.id);
      continue;
    }
    assert.deepEqual(b64.canonical(c.rule, c.input), c.canonical, c.id);
    assert.equal(b64.code(c.rule, c.input), c.b64, c.id);
    assert.equal(hex.code(c.rule, c.input), c.hex, c.id);
    assert.equal(Buffer.from(raw.code(c.rule, c.input)).toString('hex'), c.hex, c.id);
  }
});

test('codes equal an independent HMAC of the canonical message (node:crypto)', () => {
  const key = Buffer.from(codes.key.base64url, 'base64url');
  const purposeKey = createHmac('sha256', key).update(`linkcode/v1/purpose\x1f${codes.purpose}`).digest();
  let checked = 0;
  for (const c of codes.cases.filter((x) => 'b64' in x)) {
    const message = `${SPEC_VERSION}\x1e${c.rule}\x1e${c.canonical.join('\x1f')}`;
    assert.equal(createHmac('sha256', purposeKey).update(message, 'utf8').digest('base64url'), c.b64, c.id);
    checked += 1;
  }
  assert.ok(checked >= 15);
  const fingerprint = createHmac('sha256', key).update('linkcode/v1/fingerprint').digest().subarray(0, 9);
  assert.equal(testKey().fingerprint, fingerprint.toString('base64url'));
});

test('codeBatch returns codes for good rows and one reject per failing field', () => {
  const ruleIds = [...new Set(codes.cases.map((c) => c.rule))];
  assert.ok(ruleIds.length >= 11);
  for (const rule of ruleIds) {
    const rows = codes.cases.filter((c) => c.rule === rule);
    const columns = {};
    for (const field of coder().ruleFields(rule)) columns[field] = rows.map((r) => r.input[field] ?? null);
    const { codes: out, rejects } = coder().codeBatch(rule, columns);
    assert.equal(out.length, rows.length);
    const rejectedRows = new Set(rejects.map((r) => r.row));
    assert.equal(out.filter((x) => x !== null).length + rejectedRows.size, rows.length, 'rows in = coded + rejected');
    rows.forEach((c, i) => {
      if ('b64' in c) assert.equal(out[i], c.b64, c.id);
      else {
        assert.equal(out[i], null, c.id);
        assert.deepEqual(rejects.filter((r) => r.row === i).map(({ field, code }) => ({ field, code })), c.errors, c.id);
      }
    });
  }
});

test('codeBatch in raw encoding returns one Uint8Array with zeroed rejected slots', () => {
  const { codes: out, rejects } = coder({ encoding: 'raw', truncate: true }).codeBatch('ins', {
    insurer: ['06132013', '06132014', 39131156], number: ['67890', '1', '12345678'], symbol: ['131', '', null], branch: ['1', '1', ''],
  });
  assert.ok(out instanceof Uint8Array);
  assert.equal(out.length, 3 * 16);
  assert.deepEqual([...out.subarray(16, 32)], new Array(16).fill(0));
  assert.equal(Buffer.from(out.subarray(0, 16)).toString('hex'), codes.cases[0].hex.slice(0, 32));
  assert.deepEqual(rejects, [{ row: 1, field: 'insurer', code: 'E_CHECK_DIGIT' }]);
});

test('codeBatch handles non-ASCII, surrogate pairs, lone surrogates and empty batches', () => {
  const c = coder();
  const { codes: out, rejects } = c.codeBatch('ins', {
    insurer: ['０６１３２０１３', '06132013', '06132013'],
    symbol: ['𠮷', '\ud800', 'あ'],
    number: ['６７８９０', '1', '２'],
    branch: ['１', '1', '01'],
  });
  assert.equal(out[0], c.code('ins', { insurer: '06132013', symbol: '𠮷', number: '67890', branch: '01' }));
  assert.equal(out[1], null);
  assert.deepEqual(rejects, [{ row: 1, field: 'symbol', code: 'E_CHARSET' }]);
  assert.equal(out[2], c.code('ins', { insurer: '06132013', symbol: 'ア', number: '2', branch: '1' }));
  assert.deepEqual(c.codeBatch('ins', {}), { codes: [], rejects: [] });
});

test('codeBatch misuse throws E_CONFIG or E_RULE naming the column', () => {
  const c = coder();
  assertLinkcodeError(() => c.codeBatch('ins', { insurer: ['1'], number: ['1', '2'] }), 'E_CONFIG', 'number');
  assertLinkcodeError(() => c.codeBatch('ins', { insurer: '06132013' }), 'E_CONFIG', 'insurer');
  assertLinkcodeError(() => c.codeBatch('ins', { insurer: [{}] }), 'E_CONFIG', 'insurer');
  assertLinkcodeError(() => c.codeBatch('ins', null), 'E_CONFIG', undefined);
  assertLinkcodeError(() => c.codeBatch('nope', {}), 'E_RULE', undefined);
});

test('keys: JWK round trip, kid check, raw text, and generated keys differ', () => {
  const key = LinkageKey.fromJwk(keys.test_key.jwk);
  assert.equal(key.fingerprint, keys.test_key.fingerprint);
  assert.deepEqual(key.toJwk(), keys.test_key.jwk);
  assert.equal(LinkageKey.fromJwk(JSON.stringify(keys.test_key.jwk)).toBase64url(), keys.test_key.base64url);
  for (const c of keys.jwks) {
    if (c.error) assertLinkcodeError(() => LinkageKey.fromJwk(c.jwk), c.error, undefined);
    else assert.equal(LinkageKey.fromJwk(c.jwk).fingerprint, c.fingerprint);
  }
  for (const c of keys.invalid_texts) assertLinkcodeError(() => LinkageKey.fromBase64url(c.base64url), 'E_KEY', undefined);
  for (const c of keys.valid_texts) assert.equal(LinkageKey.fromBase64url(c.base64url).fingerprint, c.fingerprint);
  for (const c of keys.purposes) {
    if (c.error) assertLinkcodeError(() => new Coder(key, { purpose: c.purpose }), c.error, undefined);
    else assert.equal(new Coder(key, { purpose: c.purpose }).purpose, c.purpose);
  }
  const a = LinkageKey.generate();
  const b = LinkageKey.generate();
  assert.notEqual(a.toBase64url(), b.toBase64url());
  assert.match(a.fingerprint, /^[A-Za-z0-9_-]{12}$/);
  a.free();
  assert.throws(() => a.toBase64url());
});

test('purposes and keys separate codes; rekey matches the vectors', () => {
  const c = codes.cases[0];
  const other = LinkageKey.fromBase64url(codes.other_key.base64url);
  assert.equal(new Coder(testKey(), { purpose: 'linkcode-other' }).code(c.rule, c.input), c.other_purpose_b64);
  const custom = codes.cases.find((x) => x.declare && 'b64' in x);
  assert.equal(coder().code(custom.rule, custom.input), custom.b64);
  assertLinkcodeError(() => new Coder(testKey(), { purpose: 'p' }).code(custom.rule, custom.input), 'E_RULE', undefined);
  assert.equal(new Coder(other, { purpose: codes.purpose }).code(c.rule, c.input), c.other_key_b64);
  assert.equal(rekey(c.b64, other, codes.rekey_purpose), c.rekeyed_b64);
  assert.equal(new Coder(other, { purpose: codes.rekey_purpose }).rekey(c.hex), c.rekeyed_b64);
  const raw = rekey(Buffer.from(c.hex, 'hex'), other, codes.rekey_purpose);
  assert.ok(raw instanceof Uint8Array);
  assert.equal(Buffer.from(raw).toString('base64url'), c.rekeyed_b64);
  assertLinkcodeError(() => rekey(c.b64.slice(0, 22), other, codes.rekey_purpose), 'E_ENCODING', undefined);
});

test('ERROR_CODES equals the ErrorCode union of index.d.ts', () => {
  const require = createRequire(import.meta.url);
  const dts = readFileSync(require.resolve('linkcode/package.json').replace('package.json', 'index.d.ts'), 'utf8');
  const union = dts.match(/export type ErrorCode =([^;]*);/)[1].match(/'([A-Z_]+)'/g).map((s) => s.slice(1, -1));
  assert.deepEqual(union, [...ERROR_CODES]);
  for (const c of fields.cases.filter((x) => x.error)) assert.ok(ERROR_CODES.includes(c.error), c.id);
});

test('coder options and record values are validated', () => {
  const key = testKey();
  assertLinkcodeError(() => new Coder(key, { purpose: 'ok', encoding: 'base32' }), 'E_ENCODING', undefined);
  assertLinkcodeError(() => new Coder(key, { purpose: 'ok', colour: 'red' }), 'E_CONFIG', undefined);
  assertLinkcodeError(() => new Coder(key, 'ok'), 'E_CONFIG', undefined);
  assertLinkcodeError(() => coder().code('ins', { insurer: 1.5 }), 'E_CONFIG', 'insurer');
  assertLinkcodeError(() => coder().code('ins', 'x'), 'E_CONFIG', undefined);
  assert.equal(coder().code('ins', { insurer: 6132013, symbol: 131, number: 67890, branch: 1 }), codes.cases[0].b64);
  assert.equal(normalize.dob('昭和45年3月2日'), '19700302');
  assert.equal(normalize.sex('女性'), '2');
});

test('normalize.explain shows each step and returns errors as data', () => {
  const dob = normalize.explain('dob', ' 昭和４５年 ３月２日 ');
  assert.equal(dob.canonical, '19700302');
  assert.equal(dob.error, null);
  assert.deepEqual(dob.steps.map((s) => s.step), ['nfkc_trim', 'whitespace', 'era_date']);
  const kanji = normalize.explain('kanji', '髙橋 惠子');
  assert.deepEqual(kanji.steps.at(-1), { step: 'kanji_variants', value: '高橋恵子' });
  const bad = normalize.explain('number', '');
  assert.deepEqual([bad.canonical, bad.error, bad.field], [null, 'E_EMPTY', 'number']);
  assertLinkcodeError(() => normalize.explain('nickname', 'x'), 'E_CONFIG', undefined);
});

test('history vectors: normalized entries, root, warnings, rejects and codes', () => {
  const c = coder();
  for (const v of histories.cases) {
    const h = history.normalize(v.input);
    assert.deepEqual({ entries: h.entries, root: h.root, warnings: h.warnings, rejects: h.rejects },
      { entries: v.entries, root: v.root, warnings: v.warnings, rejects: v.rejects }, v.id);
    assert.deepEqual(c.historyCodes(h), v.codes, v.id);
  }
});

test('historyBatch gives every record of a person the history code (名寄せ)', () => {
  const c = coder();
  const index = c.historyIndex([
    { person: 'p1', insurer: '01130012', symbol: 'アイウ', number: '1234', branch: '01', from: '2010-04-01', to: '2015-03-31' },
    { person: 'p1', insurer: '06132013', symbol: '131', number: '67890', branch: '01', from: '2015-04-01' },
    { person: 'p2', insurer: '06132013', symbol: '131', number: '55555', branch: '01', from: '2015-04-01' },
    { person: 'p3', insurer: '06132013', symbol: '131', number: '55555', branch: '01', from: '2019-04-01' },
    { person: '', insurer: '06132013', number: '1', branch: '01' },
  ]);
  assert.ok(index instanceof HistoryIndex);
  assert.equal(index.persons, 3);
  assert.deepEqual(index.rejects, [{ row: 4, field: 'person', code: 'E_EMPTY' }]);
  const root = c.code('ins', { insurer: '01130012', symbol: 'アイウ', number: '1234', branch: '01' });
  const out = c.historyBatch(index, {
    insurer: ['６１３２０１３', '1130012', '06132013', '06132013', '06132013', 'x'],
    symbol: ['131', 'ｱｲｳ', '131', '131', '131', ''],
    number: ['67890', '12-34', '55555', '77777', '67890', '1'],
    branch: ['1', '01', '01', '01', '', '01'],
  });
  assert.deepEqual(out.sources, ['history', 'history', 'rejected', 'own', 'rejected', 'rejected']);
  assert.deepEqual(out.counts, { history: 2, own: 1, rejected: 3 });
  assert.equal(out.codes[0], root);
  assert.equal(out.codes[1], root);
  assert.equal(out.codes[3], c.code('ins', { insurer: '06132013', symbol: '131', number: '77777', branch: '01' }));
  assert.deepEqual(out.rejects, [
    { row: 2, field: 'history', code: 'E_HISTORY_AMBIGUOUS' },
    { row: 4, field: 'branch', code: 'E_HOUSEHOLD' },
    { row: 5, field: 'insurer', code: 'E_FORMAT' },
  ]);
  assert.equal(c.historyCode(index, { insurer: '06132013', symbol: '131', number: '67890', branch: '01' }), root);
  assertLinkcodeError(() => c.historyCode(index, { insurer: '06132013', number: '9', branch: '01' }), 'E_NOT_IN_HISTORY', 'history');
  const other = new Coder(testKey(), { purpose: 'another-purpose' });
  assertLinkcodeError(() => other.historyBatch(index, { insurer: [] }), 'E_CONFIG', undefined);
});

test('pseudonymizeTransform streams a CSV through Node streams with the same bytes as the library', async () => {
  const { pseudonymizeTransform } = await import('linkcode');
  const { Readable } = await import('node:stream');
  const { text } = await import('node:stream/consumers');
  const input = 'insurer,number,branch,note\n06132013,67890,01,a\n06132014,1,01,b\n';
  const c = coder();
  const t = pseudonymizeTransform(c, { rules: ['ins'] });
  const [out, rejects] = await Promise.all([text(Readable.from([Buffer.from(input)]).pipe(t)), text(t.rejects)]);
  const { manifest, summary } = await t.result;
  assert.equal(out, `note,ins\na,${c.code('ins', { insurer: '06132013', number: '67890', branch: '01' })}\nb,\n`);
  assert.equal(rejects, 'row,rule,field,code\n2,ins,insurer,E_CHECK_DIGIT\n');
  assert.deepEqual(summary, { read: 2, written: 2, dropped: 0, rejects: 1 });
  assert.equal(JSON.parse(manifest).rules.ins, 'ins');
  const direct = c.pseudonymizer({ rules: ['ins'] });
  const pushed = direct.push(new TextEncoder().encode(input));
  const end = direct.finish();
  assert.equal(new TextDecoder().decode(pushed.output) + new TextDecoder().decode(end.output), out);
});

test('LocationIndex finds every location of a person by any code, merges on history, round-trips NDJSON', async () => {
  const { LocationIndex } = await import('linkcode');
  const index = new LocationIndex();
  index.register(['ins-A', 'kana-X'], { network: 'tokyo-net', facility: '0110113719', chart: 'chart-1' });
  index.register(['ins-B'], { network: 'tokyo-net', facility: '1311234569', chart: 'chart-2', region: 'reg-2' });
  assert.equal(index.persons, 2);
  assert.deepEqual(index.lookup('kana-X').map((l) => l.facility), ['0110113719']);
  index.register(['hist-1', 'ins-A', 'ins-B'], null); // a history links the two
  assert.equal(index.persons, 1);
  assert.deepEqual(index.lookup('ins-B').map((l) => l.facility), ['0110113719', '1311234569']);
  assert.deepEqual(index.lookup('unknown'), []);
  const text = index.toNdjson();
  assert.equal(LocationIndex.fromNdjson(text).toNdjson(), text);
  assertLinkcodeError(() => LocationIndex.fromNdjson('{"codes":"x"}'), 'E_CONFIG', undefined);
  assertLinkcodeError(() => index.register([], null), 'E_CONFIG', undefined);
});

test('linkFiles and Linker: names link across an insurer change, history codes keep people apart, chunks change nothing', async () => {
  const { linkFiles, Linker } = await import('linkcode');
  const a = 'history,ins,kana_dob_sex\nh1,A,taro\nh2,B,taro\n,C,hanako\n';
  const b = 'ins,kana_dob_sex\r\nD,"hanako"\r\n,taro\r\n';
  const { persons, report } = linkFiles([a, b]);
  // hanako: a new ins code, the same name → one person; the bare "taro" matches two people.
  assert.equal(persons, 'file,row,person\n1,1,p1-1\n1,2,p1-2\n1,3,p1-3\n2,1,p1-3\n2,2,p2-2\n');
  const kana = JSON.parse(report).keys.find((k) => k.key === 'kana_dob_sex');
  assert.deepEqual([kana.values, kana.merges, kana.ambiguous, kana.split], [2, 1, 1, 1]);
  const strict = linkFiles([a, b], { exclusive: ['history', 'ins'] });
  assert.match(strict.persons, /\n2,1,p2-1\n/, 'with ins exclusive, hanako stays split');
  const bytes = new TextEncoder().encode(b);
  for (const size of [1, 3, 7, bytes.length]) {
    const linker = new Linker();
    linker.feed(new TextEncoder().encode(a));
    linker.endFile();
    for (let i = 0; i < bytes.length; i += size) linker.feed(bytes.subarray(i, i + size));
    assert.deepEqual(linker.finish(), { persons, report }, `chunks of ${size}`);
  }
  const open = new Linker();
  open.feed(new TextEncoder().encode('ins\n"A\n'));
  assert.throws(() => open.endFile(), (e) => e.code === 'E_CSV_QUOTE');
  assert.throws(() => linkFiles([a], { keys: 'ins' }), (e) => e.code === 'E_CONFIG');
  assert.throws(() => new Linker().feed('text'), (e) => e.code === 'E_CONFIG');
  const once = new Linker();
  once.finish();
  assert.throws(() => once.finish(), (e) => e.code === 'E_CONFIG');
  assert.throws(() => once.feed(new Uint8Array(1)), (e) => e.code === 'E_CONFIG');
});
