// Node streams for the pseudonymizer: a `Transform` over the web TransformStream of api.mjs.
import { Duplex, Readable } from 'node:stream';
import { pseudonymizeStream } from './api.mjs';

/**
 * The CSV pseudonymizer as a Node `Transform` (a Duplex of bytes): pipe the input CSV in, the
 * pseudonymized CSV comes out. `stream.rejects` is a Node Readable of the rejects CSV (read it,
 * or it buffers); `stream.result` resolves to `{manifest, summary}` at the end.
 */
export function pseudonymizeTransform(coder, options = {}, historyIndex) {
  const { readable, writable, rejects, result } = pseudonymizeStream(coder, options, historyIndex);
  const stream = Duplex.fromWeb({ readable, writable });
  stream.rejects = Readable.fromWeb(rejects);
  stream.result = result;
  return stream;
}
