// The peer a Node ETL script is today: split lines, trim and concatenate the identifying
// fields, crypto.createHmac per code, no normalization. Same columns as the linkcode run.
// Usage: node bench/naive-hmac.mjs <input.csv> <output.csv> <key.jwk>
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { createInterface } from 'node:readline';

const [input, output, keyFile] = process.argv.slice(2);
const key = Buffer.from(JSON.parse(readFileSync(keyFile, 'utf8')).k, 'base64url');
const out = createWriteStream(output);
let header;
let buffer = '';
for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
  const c = line.split(',');
  if (!header) {
    header = c;
    buffer += `${c[0]},${c[10]},ins,kana_dob_sex\n`;
    continue;
  }
  const ins = createHmac('sha256', key).update(`${c[1].trim()}|${c[2].trim()}|${c[3].trim()}|${c[4].trim()}`).digest('base64url');
  const kana = createHmac('sha256', key).update(`${c[5].trim()}|${c[7].trim()}|${c[8].trim()}`).digest('base64url');
  buffer += `${c[0]},${c[10]},${ins},${kana}\n`;
  if (buffer.length > 1 << 16) {
    if (!out.write(buffer)) await new Promise((resolve) => out.once('drain', resolve));
    buffer = '';
  }
}
out.end(buffer);
