// Batch throughput of the npm package (WASM) per rule, in one process: `ins` on clean inputs
// against `kana_dob_sex` on messy inputs (issue: normalization must not dominate), plus the
// other built-in rules. Usage: node bench/rules.mjs [rows]   (after scripts/build.sh)
import os from 'node:os';
import { Coder, LinkageKey } from '../pkg/node.mjs';
import { cleanIns, messyKanaDobSex } from './data.mjs';

const rows = Number(process.argv[2] ?? 200000);
const coder = new Coder(LinkageKey.generate(), { purpose: 'bench' });

function measure(rule, columns, rounds = 5) {
  coder.codeBatch(rule, columns); // warm-up
  const times = [];
  for (let i = 0; i < rounds; i += 1) {
    const t0 = process.hrtime.bigint();
    const { rejects } = coder.codeBatch(rule, columns);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (rejects.length) throw new Error(`${rule}: ${rejects.length} rejects in benchmark data`);
  }
  times.sort((a, b) => a - b);
  return rows / times[Math.floor(times.length / 2)];
}

const ins = measure('ins', cleanIns(rows));
const kana = measure('kana_dob_sex', messyKanaDobSex(rows));
const loose = measure('kana_loose_dob_sex', messyKanaDobSex(rows));
console.log(`machine: ${os.cpus()[0].model}, ${os.cpus().length} cores; node ${process.version}; rows ${rows}`);
console.log(`ins (clean)                 ${Math.round(ins).toLocaleString('en')} codes/s`);
console.log(`kana_dob_sex (messy)        ${Math.round(kana).toLocaleString('en')} codes/s  (${(100 * kana / ins).toFixed(0)}% of ins)`);
console.log(`kana_loose_dob_sex (messy)  ${Math.round(loose).toLocaleString('en')} codes/s  (${(100 * loose / ins).toFixed(0)}% of ins)`);
