// Codes per second in Node, same process: Coder.codeBatch (WASM, with full normalization)
// against what a Node script would write — crypto.createHmac per record on the raw fields —
// and Web Crypto subtle.sign (awaited one by one, and in Promise.all batches).
// Usage: node bench/codes.mjs [records]   (after scripts/build.sh)
import { createHmac, webcrypto } from 'node:crypto';
import os from 'node:os';
import { Coder, LinkageKey } from '../pkg/node.mjs';
import * as glue from '../pkg/linkcode.js';
import { cleanIns } from './data.mjs';

const n = Number(process.argv[2] ?? 200000);
const cols = cleanIns(n);
const key = LinkageKey.generate();
const raw = Buffer.from(key.toBase64url(), 'base64url');
const coder = new Coder(key, { purpose: 'bench' });
const messages = cols.insurer.map((_, i) => `${cols.insurer[i].trim()}|${cols.symbol[i].trim()}|${cols.number[i].trim()}|${cols.branch[i].trim()}`);

async function time(fn, rounds = 3) {
  await fn();
  let best = Infinity;
  for (let i = 0; i < rounds; i += 1) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return n / (best / 1000);
}

const results = {};
results['linkcode codeBatch (ins, normalized)'] = await time(() => coder.codeBatch('ins', cols));
results['node crypto.createHmac per record'] = await time(() => {
  const out = new Array(n);
  for (let i = 0; i < n; i += 1) out[i] = createHmac('sha256', raw).update(messages[i]).digest('base64url');
  return out;
});
const cryptoKey = await webcrypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
const enc = new TextEncoder();
const webN = Math.min(n, 50000);
const scale = n / webN;
results['Web Crypto subtle.sign, awaited one by one'] = (await time(async () => {
  for (let i = 0; i < webN; i += 1) await webcrypto.subtle.sign('HMAC', cryptoKey, enc.encode(messages[i]));
}, 1)) / scale;
results['Web Crypto subtle.sign, Promise.all of 1,000'] = (await time(async () => {
  for (let i = 0; i < webN; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(i + 1000, webN); j += 1) batch.push(webcrypto.subtle.sign('HMAC', cryptoKey, enc.encode(messages[j])));
    await Promise.all(batch);
  }
}, 1)) / scale;

const compressions = await time(() => glue.__benchSha256(n));
console.log(`machine: ${os.cpus()[0].model}, ${os.cpus().length} cores; node ${process.version}; records ${n}`);
const base = results['linkcode codeBatch (ins, normalized)'];
for (const [name, rate] of Object.entries(results)) {
  console.log(`${name.padEnd(46)} ${Math.round(rate).toLocaleString('en').padStart(12)} codes/s   linkcode ×${(base / rate).toFixed(2)}`);
}
console.log(`SHA-256 compressions in this WASM build: ${Math.round(compressions).toLocaleString('en')}/s ` +
  `→ at most ${Math.round(compressions / 2).toLocaleString('en')} codes/s (2 compressions per code with precomputed HMAC pads)`);
