// Codes per second in headless Chromium (Debian's, via playwright-core), same page: the
// package's Coder.codeBatch (WASM) against Web Crypto subtle.sign, awaited one by one and in
// Promise.all batches. Usage: node bench/browser-codes.mjs [records]   (after scripts/build.sh)
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../tests/js/support/serve.mjs';
import { cleanIns } from './data.mjs';

const n = Number(process.argv[2] ?? 200000);
const root = mkdtempSync(join(tmpdir(), 'linkcode-bench-'));
mkdirSync(join(root, 'pkg'));
cpSync(new URL('../pkg', import.meta.url).pathname, join(root, 'pkg'), { recursive: true });
writeFileSync(join(root, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "linkcode": "/pkg/browser.mjs" } }</script>
<script type="module">
import { Coder, LinkageKey } from 'linkcode';
window.run = async (cols) => {
  const n = cols.insurer.length;
  const key = LinkageKey.generate();
  const coder = new Coder(key, { purpose: 'bench' });
  const raw = Uint8Array.from(atob(key.toBase64url().replace(/-/g, '+').replace(/_/g, '/') + '='), (c) => c.charCodeAt(0));
  const ck = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const enc = new TextEncoder();
  const msgs = cols.insurer.map((_, i) => enc.encode(cols.insurer[i] + '|' + cols.symbol[i] + '|' + cols.number[i] + '|' + cols.branch[i]));
  const time = async (f, count) => { await f(Math.min(count, 1000)); const t = performance.now(); await f(count); return count / ((performance.now() - t) / 1000); };
  const out = {};
  out.codeBatch = await time(async (k) => coder.codeBatch('ins', { insurer: cols.insurer.slice(0, k), symbol: cols.symbol.slice(0, k), number: cols.number.slice(0, k), branch: cols.branch.slice(0, k) }), n);
  const w = Math.min(n, 50000);
  out.webCryptoSequential = await time(async (k) => { for (let i = 0; i < k; i++) await crypto.subtle.sign('HMAC', ck, msgs[i]); }, w);
  out.webCryptoPromiseAll = await time(async (k) => { for (let i = 0; i < k; i += 1000) { const b = []; for (let j = i; j < Math.min(k, i + 1000); j++) b.push(crypto.subtle.sign('HMAC', ck, msgs[j])); await Promise.all(b); } }, w);
  return out;
};
document.title = 'ready';
</script>`);
const server = await serve(root);
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/index.html`);
  await page.waitForFunction(() => document.title === 'ready');
  const r = await page.evaluate((cols) => window.run(cols), cleanIns(n));
  const version = browser.browser()?.version() ?? 'chromium';
  console.log(`headless Chromium ${version}; records ${n}`);
  for (const [name, rate] of Object.entries(r)) {
    console.log(`${name.padEnd(22)} ${Math.round(rate).toLocaleString('en').padStart(12)} codes/s   codeBatch ×${(r.codeBatch / rate).toFixed(2)}`);
  }
} finally {
  await browser.close();
  await server.close();
}
