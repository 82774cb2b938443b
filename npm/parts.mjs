// A CSV pseudonymized by a pool of workers (the portal's Web Workers, the CLI's worker threads):
// the input is cut into slices of whole records, each worker pseudonymizes its slice as a part of
// the run (`partFirstRow`), and the host writes the parts in order and one manifest
// (`partsManifest`). The result is byte-identical to a single pseudonymizer over the file.
import { manifestOfParts } from './linkcode.js';

/**
 * The core pseudonymizer's options from a host's (`pseudonymizeStream`, parts): `encoding`
 * ("utf-8" default) becomes `inputEncoding`, and `decodedByHost` when the host decodes another
 * encoding; `hostDigests` when the host hashes. `digest` (a host hasher) stays with the host.
 */
export function coreOptions({ encoding = 'utf-8', digest, ...rest }, hostDigests) {
  return { ...rest, decodedByHost: !/^utf-?8$/i.test(encoding), inputEncoding: encoding.toLowerCase(), hostDigests };
}

/** The first `length` bytes of `chunks` as one new array. */
function concat(chunks, length) {
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    if (at >= length) break;
    const take = Math.min(c.length, length - at);
    out.set(take === c.length ? c : c.subarray(0, take), at);
    at += take;
  }
  return out;
}

/** Views of the bytes of `chunks` after the first `length` (no copy). */
function after(chunks, length) {
  const out = [];
  let at = 0;
  for (const c of chunks) {
    if (at + c.length > length) out.push(at >= length ? c : c.subarray(length - at));
    at += c.length;
  }
  return out;
}

/** The chunks of a web ReadableStream (not every browser iterates one). */
async function* chunksOf(stream) {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/**
 * Cuts a CSV (a web ReadableStream or an async iterable of byte chunks, such as a Node stream)
 * after unquoted line feeds into slices of
 * at least `size` bytes: `{bytes, firstRow}`, each the header and whole records, `firstRow` the
 * number of its first record. Quotes and line feeds are single bytes in UTF-8 and Shift_JIS
 * alike. `onChunk(bytes)` sees every chunk as read (for digests and progress). A quote that is
 * never closed leaves the rest of the input in the last slice, whose part then fails. Each
 * slice's bytes are its own (they may be transferred to a worker).
 */
export async function* recordSlices(input, size, onChunk) {
  const chunks = typeof input.getReader === 'function' ? chunksOf(input) : input;
  let pending = [];
  let length = 0;
  let inQuotes = false;
  let content = false;
  let cut = -1; // end of the last complete record in the pending bytes
  let records = 0; // non-empty records ending before `cut`, header excluded
  let pendingRecords = 0; // records after `cut`
  let header = null;
  let firstRow = 1;
  for await (const chunk of chunks) {
    const value = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
    onChunk?.(value);
    for (let i = 0; i < value.length; i += 1) {
      const b = value[i];
      if (b === 0x22) inQuotes = !inQuotes;
      if (b === 0x0a && !inQuotes) {
        const end = length + i + 1;
        if (header === null) header = concat([...pending, value], length + value.length).slice(0, end);
        else if (content) pendingRecords += 1;
        content = false;
        cut = end;
        records += pendingRecords;
        pendingRecords = 0;
      } else if (b !== 0x0d) {
        content = true;
      }
    }
    pending.push(value);
    length += value.length;
    if (header !== null && cut >= size) {
      const bytes = concat(pending, cut);
      const rest = after(pending, cut);
      const restLength = length - cut;
      pending = [header, ...rest];
      length = header.length + restLength;
      cut = -1;
      yield { bytes, firstRow };
      firstRow += records;
      records = 0;
    }
  }
  if (length > 0 && !(header !== null && length === header.length && firstRow > 1)) {
    yield { bytes: concat(pending, length), firstRow };
  }
}

/**
 * Pseudonymizes one slice as a part of a run: `{output, rejects, state, records}` (`state` for
 * `partsManifest`). `options` as for `pseudonymizeStream` (with `encoding`); digests are the
 * host's.
 */
export function pseudonymizePart(coder, options, slice, historyIndex) {
  const core = coreOptions(options, true);
  const p = coder.pseudonymizer({ ...core, ...(slice.firstRow > 1 ? { partFirstRow: slice.firstRow } : {}) }, historyIndex);
  let head;
  if (core.decodedByHost) {
    p.hashInput(slice.bytes);
    head = p.push(new TextEncoder().encode(new TextDecoder(options.encoding).decode(slice.bytes)));
  } else {
    head = p.push(slice.bytes);
  }
  const end = p.finish();
  return {
    output: concat([head.output, end.output], head.output.length + end.output.length),
    rejects: concat([head.rejects, end.rejects], head.rejects.length + end.rejects.length),
    state: end.state,
    records: end.summary.read,
  };
}

/**
 * The manifest of a run made of parts: `options` as given to `pseudonymizePart`, the parts'
 * `state`s in input order, and the host's SHA-256 (hex) and sizes of the whole raw input and
 * output — the bytes a single run's manifest would have.
 */
export function partsManifest(coder, options, states, inputSha256, inputBytes, outputSha256, outputBytes) {
  return manifestOfParts(coder, coreOptions(options, true), states, inputSha256, inputBytes, outputSha256, outputBytes);
}

/**
 * Runs `job(worker, slice, index)` (a promise of a part) for every slice on a pool of workers,
 * one job per worker at a time, and awaits `onPart(part, index)` in slice order (a worker takes
 * its next slice once the parts before its own are written). The first failure rejects the run.
 */
export async function runParts(slices, workers, job, onPart) {
  const done = new Map();
  let next = 0;
  let written = Promise.resolve();
  const flush = () => {
    written = written.then(async () => {
      while (done.has(next)) {
        const part = done.get(next);
        done.delete(next);
        await onPart(part, next);
        next += 1;
      }
    });
    return written;
  };
  const idle = [...workers];
  const waiting = [];
  const take = () => (idle.length ? Promise.resolve(idle.pop()) : new Promise((resolve) => waiting.push(resolve)));
  const give = (worker) => (waiting.length ? waiting.shift()(worker) : idle.push(worker));
  let fail;
  const failed = new Promise((_, reject) => { fail = reject; });
  failed.catch(() => {});
  const running = [];
  let index = 0;
  for await (const slice of slices) {
    const worker = await Promise.race([take(), failed]);
    const me = index;
    index += 1;
    running.push(job(worker, slice, me)
      .then((part) => { done.set(me, part); return flush(); })
      .then(() => give(worker), fail));
  }
  await Promise.race([Promise.all(running), failed]);
  await Promise.race([flush(), failed]);
}
