// The portal (www/) in real headless Chromium: the whole flow on a 100,000-row file, outputs
// byte-identical to the CLI's, no request outside the page's origin, bad inputs, the one-person
// view, English, 360 px. Screenshots of each step go to www/screenshots/ for review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Coder, LinkageKey } from 'linkcode';
import { serve } from './serve.mjs';

const root = process.env.LINKCODE_ROOT;
const www = join(root, 'www');
const shots = join(www, 'screenshots');
mkdirSync(shots, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'linkcode-www-'));
const keyFile = join(root, 'examples', 'data', 'test-key.jwk');
const purpose = 'portal-test';

test('the portal pseudonymizes a 100,000-row file like the CLI, offline', async () => {
  const input = join(dir, 'visits.csv');
  assert.equal(spawnSync('node', [join(root, 'examples', 'generate-sample.mjs'), '100000', input]).status, 0);
  const cli = spawnSync('node', [join(root, 'pkg', 'cli.mjs'), 'pseudonymize', input, '-o', join(dir, 'cli.csv'),
    '--key', keyFile, '--purpose', purpose], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);

  const server = await serve(www);
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
    executablePath: '/usr/bin/chromium', headless: true, acceptDownloads: true, viewport: { width: 1100, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const outside = [];
  browser.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(server.origin) && !url.startsWith('blob:') && !url.startsWith('data:')) outside.push(url);
  });
  const errors = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${server.origin}/index.html`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.screenshot({ path: join(shots, '1-start.png'), fullPage: true });

    // Bad inputs first: a file that is not CSV, and a key file that is not a key.
    const png = join(dir, 'image.csv');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await page.setInputFiles('#csv', png);
    await page.waitForFunction(() => document.getElementById('error').textContent.length > 0);
    assert.match(await page.textContent('#error'), /CSV/);
    const badKey = join(dir, 'bad.jwk');
    writeFileSync(badKey, '{"kty":"oct","k":"short"}');
    await page.setInputFiles('#key', badKey);
    await page.waitForFunction(() => /E_KEY/.test(document.getElementById('error').textContent));
    await page.screenshot({ path: join(shots, '2-bad-inputs.png'), fullPage: true });

    // A quote that is never closed stops the run with its error code, and nothing crashes.
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, '保険者番号,被保険者証番号,枝番,備考\n06132013,1,01,"never closed\n06132013,2,01,x\n');
    await page.setInputFiles('#csv', broken);
    await page.waitForSelector('#mapping tbody tr');
    await page.setInputFiles('#key', keyFile);
    await page.fill('#purpose', purpose);
    await page.click('#run');
    await page.waitForFunction(() => /E_CSV_QUOTE/.test(document.getElementById('error').textContent));
    await page.screenshot({ path: join(shots, '2b-broken-file.png'), fullPage: true });

    await page.setInputFiles('#csv', input);
    await page.waitForSelector('#mapping tbody tr');
    await page.setInputFiles('#key', keyFile);
    await page.fill('#purpose', purpose);
    await page.waitForFunction(() => !document.getElementById('run').disabled);
    assert.equal(await page.$eval('select[data-column="1"]', (s) => s.value), 'insurer');
    await page.screenshot({ path: join(shots, '3-mapping.png'), fullPage: true });

    await page.click('#run');
    await page.waitForSelector('#results:not([hidden])', { timeout: 120000 });
    await page.screenshot({ path: join(shots, '4-results.png'), fullPage: true });
    const rowsPerSecond = Number(await page.getAttribute('body', 'data-rows-per-second'));
    console.log(`# portal: ${rowsPerSecond.toLocaleString('en')} rows/s in the browser for 100,000 rows`);
    assert.ok(rowsPerSecond > 0);
    const links = await page.$$('#downloads a');
    assert.equal(links.length, 3);
    const saved = [];
    for (const link of links) {
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const path = join(dir, download.suggestedFilename());
      await download.saveAs(path);
      saved.push(path);
    }
    assert.ok(readFileSync(saved[0]).equals(readFileSync(join(dir, 'cli.csv'))), 'output is byte-identical to the CLI');
    assert.ok(readFileSync(saved[1]).equals(readFileSync(join(dir, 'cli.csv.rejects.csv'))), 'rejects are identical');
    assert.equal(readFileSync(saved[2], 'utf8'), readFileSync(join(dir, 'cli.csv.manifest.json'), 'utf8'), 'manifest is identical');
    const summary = await page.textContent('#summary');
    assert.match(summary, /100000/);
    assert.match(summary, /E_CHECK_DIGIT/, 'bad rows are counted by error code');

    // One person (PHR use): codes equal the package's in Node.
    await page.click('#tab-person');
    await page.fill('input[name=insurer]', '０６１３２０１３');
    await page.fill('input[name=symbol]', '１３１');
    await page.fill('input[name=number]', '６７８９０');
    await page.fill('input[name=branch]', '1');
    await page.fill('input[name=dob]', '昭和45年3月2日');
    await page.fill('input[name=sex]', '男');
    await page.fill('input[name=kana]', 'ﾔﾏﾀﾞ ﾀﾛｳ');
    await page.click('#person button[type=submit]');
    await page.waitForSelector('#person-codes tbody tr');
    const coder = new Coder(LinkageKey.fromJwk(readFileSync(keyFile, 'utf8')), { purpose });
    const shown = await page.$$eval('#person-codes tbody tr', (rows) => rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent]));
    const byRule = Object.fromEntries(shown);
    assert.equal(byRule.ins, coder.code('ins', { insurer: '06132013', symbol: '131', number: '67890', branch: '01' }));
    assert.equal(byRule.kana_dob_sex, coder.code('kana_dob_sex', { kana: 'ヤマダタロウ', dob: '19700302', sex: '1' }));
    await page.screenshot({ path: join(shots, '5-one-person.png'), fullPage: true });

    await page.click('#lang');
    assert.equal(await page.textContent('h1'), 'Linkage codes (linkcode)');
    assert.match(await page.textContent('#key-info'), /^Key loaded/, 'messages already shown switch language too');
    assert.match(await page.textContent('#person-codes'), /Kanji name/, 'the one-person table too');
    await page.screenshot({ path: join(shots, '6-english.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.click('#tab-file');
    const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(overflow <= 362, `no horizontal scrolling at 360 px (${overflow})`);
    await page.screenshot({ path: join(shots, '7-360px.png'), fullPage: true });

    assert.deepEqual(outside, [], 'no request leaves the origin');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
