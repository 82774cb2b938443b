// The package's types, checked with tsc on consumer files as users write them (ESM and CJS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

test('a TypeScript consumer type-checks against index.d.ts (ESM and CJS)', () => {
  writeFileSync(`${here}consumer.mts`, `
import { Coder, LinkageKey, normalize, isLinkcodeError, type ErrorCode, type Reject } from 'linkcode';
const key: LinkageKey = LinkageKey.generate();
const coder = new Coder(key, { purpose: 'ndb-dpc-2026', encoding: 'hex', truncate: false });
const code: string | Uint8Array = coder.code('ins', { insurer: '06132013', number: '1', branch: 1 });
const batch = coder.codeBatch('ins_dob_sex', { insurer: ['06132013'], number: ['1'], dob: ['S45.3.2'], sex: ['M'] });
const first: Reject | undefined = batch.rejects[0];
const dob: string = normalize.dob('昭和45年3月2日');
try { normalize.insurer('x'); } catch (e) { if (isLinkcodeError(e)) { const c: ErrorCode = e.code; void c; } }
void code; void first; void dob;
`);
  writeFileSync(`${here}consumer.cts`, `
import linkcode = require('linkcode');
const key = linkcode.LinkageKey.fromBase64url('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8');
const kid: string = key.fingerprint;
void kid;
`);
  writeFileSync(`${here}bad.mts`, `
import { Coder, LinkageKey } from 'linkcode';
new Coder(LinkageKey.generate(), { purpose: 'x', encoding: 'base32' });
`);
  const tsc = (files) => execFileSync('node', [`${here}node_modules/typescript/bin/tsc`, '--noEmit', '--strict',
    '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', ...files], { cwd: here, encoding: 'utf8' });
  tsc([`${here}consumer.mts`, `${here}consumer.cts`]);
  assert.throws(() => tsc([`${here}bad.mts`]), (e) => /base32/.test(e.stdout), 'a wrong encoding is a type error');
});
