// One worker of the portal's pool: pseudonymizes slices of a CSV file (the header and whole
// records), each as a part of the run; the page merges the parts in order. No network access.
import { Coder, LinkageKey, pseudonymizePart } from './vendor/linkcode/browser.mjs';

let coder = null;
let options = null;

self.onmessage = ({ data }) => {
  try {
    if (data.init) {
      coder = new Coder(LinkageKey.fromJwk(data.init.jwk), { purpose: data.init.purpose });
      options = data.init.options;
      self.postMessage({ ready: true });
      return;
    }
    const part = pseudonymizePart(coder, options, data.slice);
    self.postMessage({ part }, [part.output.buffer, part.rejects.buffer]);
  } catch (error) {
    self.postMessage({ error: { code: error.code ?? null, row: error.row ?? null } });
  }
};

self.postMessage({ loaded: true });
