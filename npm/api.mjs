// The public API: the WASM classes and functions, plus argument packing for codeBatch.
// No normalization happens here; every canonical form comes from the Rust core.
import * as wasm from './linkcode.js';

import { coreOptions } from './parts.mjs';

export { partsManifest, pseudonymizePart, recordSlices, runParts } from './parts.mjs';
export const { LinkageKey, Coder, HistoryIndex, LocationIndex, Pseudonymizer, Sha256, rekey } = wasm;

/** The manifest of a run made of parts (a worker pool): part summaries (`finish().state`) in order, and the digests and sizes of the whole input and output. */
export const manifestOfParts = (coder, options, parts, inputSha256, inputBytes, outputSha256, outputBytes) =>
  wasm.manifestOfParts(coder, options, parts, inputSha256, inputBytes, outputSha256, outputBytes);

/** The built-in rule ids, in SPEC.md order. */
export const ruleIds = () => wasm.ruleIds();

/** The input fields a built-in rule reads. */
export const ruleInputFields = (rule) => wasm.ruleInputFields(rule);

/** The header cells of a CSV sample and the field each maps to by default: `{columns, fields}`. */
export const csvHeader = (text) => wasm.csvHeader(text);

/** The default key order of linkFiles, strongest first. */
export const DEFAULT_LINK_KEYS = Object.freeze(['history', 'ins', 'ins_dob_sex', 'koh', 'kana_dob_sex', 'kanji_dob_sex', 'kana_loose_dob_sex']);

/** Links code files (CSV texts) on their code columns: `{persons, report}` (SPEC.md §9). */
/** The default keys whose different values mean different people to every weaker key. */
export const DEFAULT_EXCLUSIVE_KEYS = Object.freeze(['history']);

function linkOptions(options) {
  const { keys = DEFAULT_LINK_KEYS, exclusive = DEFAULT_EXCLUSIVE_KEYS } = Array.isArray(options) ? { keys: options } : options ?? {};
  if (!Array.isArray(keys) || !Array.isArray(exclusive) || ![...keys, ...exclusive].every((k) => typeof k === 'string')) {
    throw linkcodeError('E_CONFIG', 'keys and exclusive must be arrays of key names');
  }
  return [[...keys], [...exclusive]];
}

/** Links code files (CSV texts); options: `{keys, exclusive}` (or the keys as an array). */
export const linkFiles = (texts, options) => wasm.linkFiles([...texts], ...linkOptions(options));

/** Links code files read in chunks: `feed(bytes)`, `endFile()`, then `finish()`. */
export class Linker {
  #inner;
  constructor(options) {
    this.#inner = new wasm.Linker(...linkOptions(options));
  }
  #open() {
    if (this.#inner === null) throw linkcodeError('E_CONFIG', 'the linker has finished');
    return this.#inner;
  }
  /** Adds bytes (Uint8Array) of the current file; the first file is number 1. */
  feed(bytes) {
    if (!(bytes instanceof Uint8Array)) throw linkcodeError('E_CONFIG', 'feed takes Uint8Array chunks');
    this.#open().feed(bytes);
  }
  /** Ends the current file (the next feed starts the next file). */
  endFile() {
    this.#open().endFile();
  }
  /** Links every record fed: `{persons, report}` (persons CSV and report JSON). Once. */
  finish() {
    const inner = this.#open();
    this.#inner = null;
    try {
      return inner.finish();
    } finally {
      inner.free();
    }
  }
}

/** Histories of insurance numbers (SPEC.md §5). */
export const history = Object.freeze({
  normalize: (entries) => wasm.historyNormalize(entries),
});

/** Stable error codes, in SPEC.md order (checked against the Rust enum by the tests). */
export const ERROR_CODES = Object.freeze([
  'E_EMPTY', 'E_FORMAT', 'E_CHECK_DIGIT', 'E_CHARSET', 'E_LENGTH', 'E_DATE_FORMAT',
  'E_DATE_INVALID', 'E_ERA_RANGE', 'E_DATE_RANGE', 'E_SEX', 'E_NOT_KANA', 'E_HOUSEHOLD',
  'E_NOT_IN_HISTORY', 'E_HISTORY_AMBIGUOUS', 'E_CSV_FIELDS', 'E_CSV_QUOTE', 'E_CSV_ENCODING', 'E_KEY',
  'E_KEY_MISMATCH', 'E_PURPOSE', 'E_RULE', 'E_ENCODING', 'E_CONFIG',
]);

/** The spec version inside every code's message. */
export const SPEC_VERSION = 'lc1';

/** True for errors thrown by linkcode (`name === "LinkcodeError"`, with a `code`). */
export function isLinkcodeError(error) {
  return error instanceof Error && error.name === 'LinkcodeError' && typeof error.code === 'string';
}

function linkcodeError(code, what, field) {
  const error = new Error(`${code}: ${what}${field === undefined ? '' : ` (field ${field})`}`);
  error.name = 'LinkcodeError';
  error.code = code;
  error.field = field;
  return error;
}

/** Canonical values of single fields; each throws a LinkcodeError naming the field. */
export const normalize = Object.freeze({
  field: (kind, value) => wasm.normalizeField(kind, value),
  explain: (kind, value) => wasm.normalizeExplain(kind, value),
  insurer: (value) => wasm.normalizeField('insurer', value),
  symbol: (value) => wasm.normalizeField('symbol', value),
  number: (value) => wasm.normalizeField('number', value),
  branch: (value) => wasm.normalizeField('branch', value),
  payer: (value) => wasm.normalizeField('payer', value),
  recipient: (value) => wasm.normalizeField('recipient', value),
  facility: (value) => wasm.normalizeField('facility', value),
  chart: (value) => wasm.normalizeField('chart', value),
  network: (value) => wasm.normalizeField('network', value),
  regionId: (value) => wasm.normalizeField('region_id', value),
  dob: (value) => wasm.normalizeField('dob', value),
  sex: (value) => wasm.normalizeField('sex', value),
  kana: (value) => wasm.normalizeField('kana', value),
  kanaLoose: (value) => wasm.normalizeField('kana_loose', value),
  kanji: (value) => wasm.normalizeField('kanji', value),
  zip: (value) => wasm.normalizeField('zip', value),
});

let subjectNames;

function text(value, field) {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (Number.isSafeInteger(value) && value >= 0) return String(value);
  throw linkcodeError('E_CONFIG', 'values must be strings, non-negative integers or null', field);
}

/** Columns as one string plus UTF-16 lengths, so a batch crosses into WASM once. */
function pack(fields, columns) {
  if (columns === null || typeof columns !== 'object') {
    throw linkcodeError('E_CONFIG', 'columns must be an object of arrays');
  }
  const present = [];
  let rows = -1;
  for (const field of fields) {
    const column = columns[field];
    if (column === undefined || column === null) continue;
    if (!Array.isArray(column)) throw linkcodeError('E_CONFIG', 'a column must be an array', field);
    if (rows === -1) rows = column.length;
    else if (column.length !== rows) throw linkcodeError('E_CONFIG', 'columns differ in length', field);
    present.push(field);
  }
  if (rows === -1) rows = 0;
  const lengths = new Uint32Array(present.length * rows);
  const joined = new Array(present.length);
  let k = 0;
  present.forEach((field, c) => {
    const column = columns[field];
    let plain = true;
    for (let i = 0; i < rows; i += 1) {
      const value = column[i];
      if (typeof value === 'string') {
        lengths[k] = value.length;
      } else {
        plain = false;
        lengths[k] = text(value, field).length;
      }
      k += 1;
    }
    // Array.prototype.join is fast for strings; other values go through text() first.
    joined[c] = plain ? column.join('') : column.map((v) => text(v, field)).join('');
  });
  return { present, data: joined.join(''), lengths, rows };
}

/** `{codes, rejects}` from the packed result of a coder. */
function unpack(coder, packed, rows) {
  let codes;
  if (coder.encoding === 'raw') {
    codes = packed.codes;
  } else {
    const width = coder.encoding === 'hex' ? (coder.truncate ? 32 : 64) : (coder.truncate ? 22 : 43);
    codes = new Array(rows);
    for (let i = 0; i < rows; i += 1) {
      codes[i] = packed.coded[i] ? packed.codes.slice(i * width, (i + 1) * width) : null;
    }
  }
  subjectNames ??= wasm.subjectNames();
  const flat = packed.rejects;
  const rejects = new Array(flat.length / 3);
  for (let i = 0; i < flat.length; i += 3) {
    rejects[i / 3] = { row: flat[i], field: subjectNames[flat[i + 1]], code: ERROR_CODES[flat[i + 2]] };
  }
  return { codes, rejects };
}

/**
 * Codes many records at once from columns (`{insurer: [...], number: [...], ...}`), crossing
 * into WASM once: returns `{codes, rejects}`; `codes[i]` is null for rejected rows (raw: one
 * Uint8Array, rejected slots zero) and `rejects` lists `{row, field, code}`.
 */
Coder.prototype.codeBatch = function codeBatch(rule, columns) {
  const { present, data, lengths, rows } = pack(this.ruleFields(rule), columns);
  return unpack(this, this.codeBatchPacked(rule, present, data, lengths, rows), rows);
};

const SOURCES = ['history', 'own', 'rejected'];
const INS_FIELDS = ['insurer', 'symbol', 'number', 'branch'];

/**
 * 名寄せ within a database: each row gets its person's history code when its insurance number
 * is in exactly one person's history (source "history"), else its own ins code (source "own");
 * `{codes, sources, rejects, counts: {history, own, rejected}}`.
 */
Coder.prototype.historyBatch = function historyBatch(index, columns) {
  const { present, data, lengths, rows } = pack(INS_FIELDS, columns);
  const packed = this.historyBatchPacked(index, present, data, lengths, rows);
  const { codes, rejects } = unpack(this, packed, rows);
  const sources = Array.from(packed.sources, (s) => SOURCES[s]);
  const counts = { history: 0, own: 0, rejected: 0 };
  for (const s of sources) counts[s] += 1;
  return { codes, sources, rejects, counts };
};

const rawPseudonymizer = Coder.prototype.pseudonymizer;

/**
 * A streaming CSV pseudonymizer: `push(bytes)` → `{output, rejects}`, then `finish()` →
 * `{output, rejects, manifest, summary}`. With a history index, the `history` rule is available.
 */
Coder.prototype.pseudonymizer = function pseudonymizer(options, historyIndex) {
  return historyIndex === undefined || historyIndex === null
    ? rawPseudonymizer.call(this, options)
    : this.pseudonymizerWithHistory(options, historyIndex);
};

/**
 * The pseudonymizer as a web `TransformStream` of bytes (browsers, workers, Node): its readable
 * side is the output CSV; `rejects` is a ReadableStream of the rejects CSV; `result` resolves
 * to `{manifest, summary}` when the input ends. `options.encoding` ("utf-8" default, or
 * "shift_jis") decodes the input with the host's TextDecoder first.
 */
export function pseudonymizeStream(coder, options = {}, historyIndex) {
  const { encoding = 'utf-8', digest } = options;
  const core = coreOptions(options, Boolean(digest));
  const decoding = core.decodedByHost;
  const p = coder.pseudonymizer(core, historyIndex);
  // `digest` (a factory of {update(bytes), hex()}) lets a host hash natively, e.g. node:crypto.
  const inputHash = digest?.();
  const outputHash = digest?.();
  const decoder = decoding ? new TextDecoder(encoding) : null;
  const encoder = new TextEncoder();
  let rejectsController;
  const rejects = new ReadableStream({ start(c) { rejectsController = c; } });
  let settle;
  let fail;
  const result = new Promise((resolve, reject) => { settle = resolve; fail = reject; });
  result.catch(() => {});
  const emit = (chunk, controller) => {
    outputHash?.update(chunk.output);
    if (chunk.output.length) controller.enqueue(chunk.output);
    if (chunk.rejects.length) rejectsController.enqueue(chunk.rejects);
  };
  const guarded = (step) => (controller, bytes) => {
    try {
      step(controller, bytes);
    } catch (e) {
      fail(e);
      rejectsController.error(e);
      throw e;
    }
  };
  const transform = guarded((controller, bytes) => {
    if (!(bytes instanceof Uint8Array)) throw linkcodeError('E_CONFIG', 'the stream takes Uint8Array chunks');
    inputHash?.update(bytes);
    if (decoder) {
      p.hashInput(bytes);
      emit(p.push(encoder.encode(decoder.decode(bytes, { stream: true }))), controller);
    } else {
      emit(p.push(bytes), controller);
    }
  });
  const flush = guarded((controller) => {
    if (decoder) {
      const tail = decoder.decode();
      if (tail) emit(p.push(encoder.encode(tail)), controller);
    }
    const end = p.finish();
    emit(end, controller);
    const manifest = digest ? p.manifest(inputHash.hex(), outputHash.hex()) : end.manifest;
    rejectsController.close();
    settle({ manifest, summary: end.summary });
  });
  const stream = new TransformStream({
    transform: (bytes, controller) => transform(controller, bytes),
    flush: (controller) => flush(controller),
  });
  return {
    readable: stream.readable, writable: stream.writable, rejects, result,
    /** Records read so far, for progress reports. */
    get records() { return p.records; },
  };
}
