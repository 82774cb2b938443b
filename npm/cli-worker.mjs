// A worker thread of `linkcode pseudonymize`: pseudonymizes the slices the CLI sends as parts of
// the run (npm/parts.mjs) and sends the parts back. Errors go back as their code, field, rule,
// row and message (never a value).
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { collector } from './collect.mjs';
import { Coder, LinkageKey, pseudonymizePart } from './node.mjs';

const { key, purpose, format, truncate, options, history } = workerData;
const coder = new Coder(LinkageKey.fromJwk(readFileSync(key, 'utf8')), { purpose, encoding: format, truncate });
const index = history ? coder.historyIndex(readFileSync(history, 'utf8')) : undefined;

const collect = collector(8 << 20);

parentPort.on('message', (slice) => {
  collect(slice.bytes.length);
  try {
    const part = pseudonymizePart(coder, options, slice, index);
    parentPort.postMessage({ part }, [part.output.buffer, part.rejects.buffer]);
  } catch (error) {
    const { code = null, field = null, rule = null, row = null, message } = error;
    parentPort.postMessage({ error: { code, field, rule, row, message } });
  }
});
