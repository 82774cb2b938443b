// One worker of the portal's pool: pseudonymizes slices of a CSV file (the header and whole
// records), each as a part of the run; the page merges the parts in order. No network access.
import { Coder, LinkageKey } from './vendor/linkcode/browser.mjs';

let coder = null;
let job = null;

self.onmessage = ({ data }) => {
  try {
    if (data.init) {
      coder = new Coder(LinkageKey.fromJwk(data.init.jwk), { purpose: data.init.purpose });
      job = data.init.options;
      self.postMessage({ ready: true });
      return;
    }
    const { index, bytes, firstRow } = data.slice;
    const { encoding, ...options } = job;
    const decoding = !/^utf-?8$/i.test(encoding);
    const p = coder.pseudonymizer({
      ...options, hostDigests: true, decodedByHost: decoding, inputEncoding: encoding.toLowerCase(),
      ...(firstRow > 1 ? { partFirstRow: firstRow } : {}),
    });
    let head;
    if (decoding) {
      p.hashInput(bytes);
      head = p.push(new TextEncoder().encode(new TextDecoder(encoding).decode(bytes)));
    } else {
      head = p.push(bytes);
    }
    const end = p.finish();
    const join = (a, b) => {
      const out = new Uint8Array(a.length + b.length);
      out.set(a);
      out.set(b, a.length);
      return out;
    };
    const output = join(head.output, end.output);
    const rejects = join(head.rejects, end.rejects);
    self.postMessage({ part: { index, output, rejects, state: end.state, records: end.summary.read } }, [output.buffer, rejects.buffer]);
  } catch (error) {
    self.postMessage({ error: { code: error.code ?? null, row: error.row ?? null } });
  }
};

self.postMessage({ loaded: true });
