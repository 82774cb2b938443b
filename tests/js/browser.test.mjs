// The packed package in real headless Chromium (Debian's, driven by playwright-core): the page
// imports it with a plain <script type="module">, computes the shared vectors, and makes no
// request outside its own origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { Coder, LinkageKey, linkFiles } from 'linkcode';
import { codes, fields } from './vectors.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));

test('the package computes the vector codes in Chromium with no outside request', async () => {
  const server = await serve(root);
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const outside = [];
  browser.on('request', (r) => { if (!r.url().startsWith(server.origin)) outside.push(r.url()); });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.origin}/page.html`);
    await page.waitForFunction(() => document.title === 'ready', null, { timeout: 20000 });
    const result = await page.evaluate(({ codes, fields }) => {
      const { Coder, LinkageKey, normalize } = window.linkcode;
      const rules = Object.fromEntries(codes.cases.filter((c) => c.declare).map((c) => [c.rule, c.declare]));
      const coder = new Coder(LinkageKey.fromBase64url(codes.key.base64url), { purpose: codes.purpose, rules });
      const mismatches = [];
      for (const c of codes.cases.filter((x) => 'b64' in x)) {
        if (coder.code(c.rule, c.input) !== c.b64) mismatches.push(c.id);
      }
      for (const c of fields.cases) {
        let got;
        try { got = normalize.field(c.field, c.input); } catch (e) { got = e.name === 'LinkcodeError' ? e.code : String(e); }
        if (got !== (c.canonical ?? c.error)) mismatches.push(c.id);
      }
      const batch = coder.codeBatch('ins', { insurer: ['06132013', 'x'], number: ['1', '1'], branch: ['1', '1'] });
      return { mismatches, batch, generated: LinkageKey.generate().toBase64url().length };
    }, { codes, fields });
    assert.deepEqual(result.mismatches, []);
    assert.equal(result.batch.codes[1], null);
    assert.deepEqual(result.batch.rejects, [{ row: 1, field: 'insurer', code: 'E_FORMAT' }]);
    assert.equal(result.generated, 43);
    // The CSV pseudonymizer as a web TransformStream in the page equals the same run in Node.
    const csv = 'insurer,number,branch,note\r\n06132013,67890,01,"a, b"\r\n06132014,1,01,c\r\n';
    const streamed = await page.evaluate(async ({ csv, key, purpose }) => {
      const { Coder, LinkageKey, pseudonymizeStream } = window.linkcode;
      const coder = new Coder(LinkageKey.fromBase64url(key), { purpose });
      const { readable, writable, rejects, result } = pseudonymizeStream(coder, { rules: ['ins'] });
      const input = new Blob([csv]).stream();
      const [out, rej] = await Promise.all([
        new Response(input.pipeThrough({ readable, writable })).text(),
        new Response(rejects).text(),
      ]);
      const { manifest } = await result;
      return { out, rej, manifest };
    }, { csv, key: codes.key.base64url, purpose: codes.purpose });
    const nodeCoder = new Coder(LinkageKey.fromBase64url(codes.key.base64url), { purpose: codes.purpose });
    const p = nodeCoder.pseudonymizer({ rules: ['ins'] });
    const head = p.push(new TextEncoder().encode(csv));
    const tail = p.finish();
    assert.equal(streamed.out, new TextDecoder().decode(head.output) + new TextDecoder().decode(tail.output));
    assert.equal(streamed.rej, 'row,rule,field,code\r\n2,ins,insurer,E_CHECK_DIGIT\r\n');
    assert.equal(streamed.manifest, tail.manifest);
    // Linking and a worker-pool run in the page equal Node's.
    const codeFiles = ['history,ins,kana_dob_sex\nh1,A,taro\nh2,B,taro\n,C,hanako\n', 'ins,kana_dob_sex\r\nD,hanako\r\n,taro\r\n'];
    const pooled = await page.evaluate(async ({ codeFiles, csv, key, purpose }) => {
      const { Coder, LinkageKey, Linker, linkFiles, pseudonymizePart, recordSlices, runParts } = window.linkcode;
      const linker = new Linker();
      for (const text of codeFiles) {
        linker.feed(new TextEncoder().encode(text));
        linker.endFile();
      }
      const coder = new Coder(LinkageKey.fromBase64url(key), { purpose });
      const parts = [];
      const slices = recordSlices(new Blob([csv.repeat(1)]).stream(), 16);
      await runParts(slices, ['here'], async (_, slice) => pseudonymizePart(coder, { rules: ['ins'] }, slice),
        (part) => { parts.push(new TextDecoder().decode(part.output)); });
      return { linked: linkFiles(codeFiles), chunked: linker.finish(), pooled: parts.join('') };
    }, { codeFiles, csv, key: codes.key.base64url, purpose: codes.purpose });
    assert.deepEqual(pooled.linked, linkFiles(codeFiles));
    assert.deepEqual(pooled.chunked, pooled.linked);
    assert.equal(pooled.pooled, streamed.out);
    assert.deepEqual(errors, []);
    assert.deepEqual(outside, [], 'no request leaves the origin');
    assert.ok(server.requests.includes('/node_modules/linkcode/linkcode_bg.wasm'));
  } finally {
    await browser.close();
    await server.close();
  }
});
