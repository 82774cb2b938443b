// Pseudonymizes one CSV file in a Web Worker: the file is read as a stream, never whole; the
// outputs are collected as Blobs. Messages out: {progress}, {done}, {error}. No network access.
import { Coder, LinkageKey, pseudonymizeStream } from './vendor/linkcode/browser.mjs';

// The module (and its WASM) has loaded once this runs: tell the page, which then sends the job
// (a message sent earlier could arrive before this handler exists).
self.onmessage = async ({ data: { file, jwk, purpose, options } }) => {
  try {
    const coder = new Coder(LinkageKey.fromJwk(jwk), { purpose });
    const run = pseudonymizeStream(coder, options);
    const outputParts = [];
    const rejectParts = [];
    let bytes = 0;
    let last = 0;
    const counted = new TransformStream({
      transform(chunk, controller) {
        bytes += chunk.length;
        const now = Date.now();
        if (now - last > 200) {
          last = now;
          self.postMessage({ progress: { bytes, records: run.records } });
        }
        controller.enqueue(chunk);
      },
    });
    const collect = (parts) => new WritableStream({ write(chunk) { parts.push(chunk); } });
    await Promise.all([
      file.stream().pipeThrough(counted).pipeThrough(run).pipeTo(collect(outputParts)),
      run.rejects.pipeTo(collect(rejectParts)),
    ]);
    const { manifest, summary } = await run.result;
    self.postMessage({
      done: {
        output: new Blob(outputParts, { type: 'text/csv' }),
        rejects: new Blob(rejectParts, { type: 'text/csv' }),
        manifest,
        summary,
      },
    });
  } catch (error) {
    self.postMessage({ error: { code: error.code ?? null, field: error.field ?? null, message: error.code ? String(error.message) : 'E_FILE' } });
  }
};

self.postMessage({ ready: true });
