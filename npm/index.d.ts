// Types of the linkcode package (hand-written; the ErrorCode union is checked against the Rust
// enum by the tests).

/** Stable error codes; see SPEC.md. */
export type ErrorCode =
  | 'E_EMPTY'
  | 'E_FORMAT'
  | 'E_CHECK_DIGIT'
  | 'E_CHARSET'
  | 'E_LENGTH'
  | 'E_DATE_FORMAT'
  | 'E_DATE_INVALID'
  | 'E_ERA_RANGE'
  | 'E_DATE_RANGE'
  | 'E_SEX'
  | 'E_NOT_KANA'
  | 'E_HOUSEHOLD'
  | 'E_NOT_IN_HISTORY'
  | 'E_HISTORY_AMBIGUOUS'
  | 'E_CSV_FIELDS'
  | 'E_CSV_QUOTE'
  | 'E_CSV_ENCODING'
  | 'E_KEY'
  | 'E_KEY_MISMATCH'
  | 'E_PURPOSE'
  | 'E_RULE'
  | 'E_ENCODING'
  | 'E_CONFIG';

/** Input fields: the keys of a record and of batch columns. */
export type FieldName =
  | 'insurer' | 'symbol' | 'number' | 'branch' | 'payer' | 'recipient' | 'facility' | 'chart'
  | 'network' | 'region_id' | 'dob' | 'sex' | 'kana' | 'kanji' | 'zip';

/** Canonical forms a rule can be made of: every input field, and kana_loose (read from kana). */
export type Kind = FieldName | 'kana_loose';

/** Built-in rule ids. */
export type BuiltinRuleId =
  | 'ins' | 'ins_dob_sex' | 'kana_dob_sex' | 'kana_loose_dob_sex' | 'kanji_dob_sex' | 'koh' | 'chart' | 'region';

/** A custom rule id, declared in CoderOptions.rules: `x-[a-z0-9][a-z0-9._-]{0,61}`. */
export type CustomRuleId = `x-${string}`;

/** A rule id. */
export type RuleId = BuiltinRuleId | CustomRuleId;

/** Output encodings: base64url (43 chars), lowercase hex (64), or bytes (32); halved-ish when truncated. */
export type Encoding = 'b64' | 'hex' | 'raw';

/** A raw field value: text as users type it; non-negative integers are read in decimal; null/undefined = absent. */
export type FieldValue = string | number | null | undefined;

/** One record: raw values by field name; keys a rule does not use are ignored. */
export type InputRecord = Partial<Record<FieldName, FieldValue>>;

/** Columns of a batch: one array per field, all of the same length. */
export type Columns = Partial<Record<FieldName, readonly FieldValue[]>>;

/** The error thrown by every linkcode function; its message never contains an input value. */
export interface LinkcodeError extends Error {
  name: 'LinkcodeError';
  code: ErrorCode;
  field?: FieldName;
  rule?: string;
  row?: number;
}

/** True for errors thrown by linkcode. */
export function isLinkcodeError(error: unknown): error is LinkcodeError;

/** Every error code, in SPEC.md order. */
export const ERROR_CODES: readonly ErrorCode[];

/** The spec version inside every code's message ("lc1"). */
export const SPEC_VERSION: 'lc1';

/** A key as a JSON Web Key. */
export interface Jwk {
  kty: 'oct';
  k: string;
  alg?: 'HS256';
  kid?: string;
  [member: string]: unknown;
}

/** A 32-byte secret shared by the linking parties. Call `free()` to wipe it from WASM memory. */
export class LinkageKey {
  private constructor();
  /** A new random key (crypto.getRandomValues). */
  static generate(): LinkageKey;
  /** A key from a JWK object or its JSON text; throws E_KEY or E_KEY_MISMATCH. */
  static fromJwk(jwk: Jwk | string): LinkageKey;
  /** A key from its raw base64url text (43 characters); throws E_KEY. */
  static fromBase64url(text: string): LinkageKey;
  /** The key as a JWK; store it like a password. */
  toJwk(): Jwk & { alg: 'HS256'; kid: string };
  /** The key as raw base64url text. */
  toBase64url(): string;
  /** Public 12-character fingerprint (JWK kid). */
  readonly fingerprint: string;
  /** Wipes the key from WASM memory; the object is unusable afterwards. */
  free(): void;
}

/** Options of a Coder. */
export interface CoderOptions {
  /** `[a-z0-9][a-z0-9._-]{0,62}`, e.g. "ndb-dpc-2026": codes of different purposes never match. */
  purpose: string;
  /** Default "b64". */
  encoding?: Encoding;
  /** Keep only 128 bits (22 b64 / 32 hex chars / 16 bytes). Default false. */
  truncate?: boolean;
  /** Custom rules agreed between sites, e.g. `{ "x-kana-dob-zip": ["kana", "dob", "zip"] }`. */
  rules?: Record<CustomRuleId, readonly Kind[]>;
}

/** What a reject is about: an input field, a history date or person key, or the history lookup. */
export type Subject = FieldName | 'from' | 'to' | 'person' | 'history' | 'record';

/** One failing field of one batch row. */
export interface Reject {
  /** 0-based row within the batch. */
  row: number;
  field: Subject;
  code: ErrorCode;
}

/** Result of codeBatch: `codes[i]` is null exactly for rejected rows. */
export interface BatchResult<C> {
  codes: C;
  rejects: Reject[];
}

/** Computes codes for one key and purpose. */
export class Coder {
  /** Throws E_PURPOSE, E_ENCODING or E_CONFIG. */
  constructor(key: LinkageKey, options: CoderOptions);
  /** The code of one record; throws the first failing field in rule order. */
  code(rule: RuleId, record: InputRecord): string | Uint8Array;
  /** The canonical field values the code is made of, in rule order. */
  canonical(rule: RuleId, record: InputRecord): string[];
  /** Codes a batch of columns in one call; bad rows become rejects, never exceptions. */
  codeBatch(rule: RuleId, columns: Columns): BatchResult<(string | null)[] | Uint8Array>;
  /** The field names a rule reads, in message order. */
  ruleFields(rule: RuleId): FieldName[];
  /** The history code and the ins code of every person-level entry (null for household-level) of a normalized history. */
  historyCodes(history: NormalizedHistory): HistoryCodes;
  /** A history index for 名寄せ from history-file rows, or a history file's CSV text (header person,insurer,symbol,number,branch,from,to); use it only with this coder. */
  historyIndex(rows: readonly HistoryRow[] | string): HistoryIndex;
  /** The history code of the person whose history holds the record's number; throws E_NOT_IN_HISTORY or E_HISTORY_AMBIGUOUS. */
  historyCode(index: HistoryIndex, record: InputRecord): string | Uint8Array;
  /** 名寄せ over columns of insurance numbers: history codes where the number is in one person's history, else the row's own ins code. */
  historyBatch(index: HistoryIndex, columns: Columns): HistoryBatchResult<(string | null)[] | Uint8Array>;
  /** The persons of a history index with their history codes (this coder must have made the index). */
  historyPersons(index: HistoryIndex): { person: string; code: string | Uint8Array | null; warnings: WarningCode[] }[];
  /** A streaming CSV pseudonymizer; with a history index the `history` rule is available. */
  pseudonymizer(options?: PseudonymizeOptions, historyIndex?: HistoryIndex): Pseudonymizer;
  /** This coder's code for a full 32-byte code (b64, hex or bytes), in this coder's encoding. */
  rekey(code: string | Uint8Array): string | Uint8Array;
  readonly purpose: string;
  readonly encoding: Encoding;
  readonly truncate: boolean;
  readonly keyFingerprint: string;
  /** Wipes the coder's purpose key from WASM memory. */
  free(): void;
}

/** One raw history entry; dates in any notation of SPEC.md §3.5, empty = unknown (from) or open (to). */
export interface HistoryEntryInput {
  insurer: FieldValue;
  symbol?: FieldValue;
  number: FieldValue;
  branch?: FieldValue;
  from?: FieldValue;
  to?: FieldValue;
}

/** One row of a history file: an entry with the history provider's opaque person key. */
export interface HistoryRow extends HistoryEntryInput {
  person: FieldValue;
}

/** Warning codes of a history (data, not errors). */
export type WarningCode = 'W_GAP' | 'W_HOUSEHOLD_AFTER_2021_04' | 'W_INVERTED' | 'W_NO_PERSON_LEVEL' | 'W_OVERLAP';

/** A normalized history (SPEC.md §5). */
export interface NormalizedHistory {
  /** One per distinct number, merged periods in date order (YYYYMMDD, null = unknown/open). */
  entries: { insurer: string; symbol: string; number: string; branch: string; periods: { from: string | null; to: string | null }[] }[];
  /** Index of the root (earliest person-level entry), or null. */
  root: number | null;
  warnings: { code: WarningCode; entries: number[] }[];
  /** One per failing field of an input entry; index = position in the input list. */
  rejects: { index: number; field: Subject; code: ErrorCode }[];
}

/** Codes of a history, aligned with its entries. */
export interface HistoryCodes {
  root: string | Uint8Array | null;
  entries: (string | Uint8Array | null)[];
}

/** Person-level numbers of a history file → each person's history code. */
export class HistoryIndex {
  private constructor();
  /** Number of persons in the file. */
  readonly persons: number;
  /** Rejected rows of the history file. */
  readonly rejects: Reject[];
  free(): void;
}

/** Result of historyBatch. */
export interface HistoryBatchResult<C> extends BatchResult<C> {
  /** Where each row's code comes from. */
  sources: ('history' | 'own' | 'rejected')[];
  counts: { history: number; own: number; rejected: number };
}

/** Options of the CSV pseudonymizer (SPEC.md §7). */
export interface PseudonymizeOptions {
  /** Field → column name; other fields are found from common Japanese and English headers. */
  mapping?: Partial<Record<FieldName, string>>;
  /** Rules to emit, "rule" or "column=rule" ("history" with a history index); default: every rule whose fields are mapped. */
  rules?: string[];
  /** Identifying columns to keep (dropped by default). */
  keep?: string[];
  /** Start the output with a UTF-8 BOM. */
  bom?: boolean;
  /** Set when the host decoded the bytes from another encoding: U+FFFD then drops the record (E_CSV_ENCODING). */
  decodedByHost?: boolean;
  /** Input encoding named in the manifest. */
  inputEncoding?: string;
  /** The host computes the SHA-256 digests and passes them to `manifest()` after `finish()`. */
  hostDigests?: boolean;
  /** Part of a pool run: the input is the header and whole records starting at this record number; no header lines are written. */
  partFirstRow?: number;
}

/** Counts of a finished run. */
export interface PseudonymizeSummary {
  read: number;
  written: number;
  dropped: number;
  /** Lines of the rejects file. */
  rejects: number;
}

/** A streaming CSV pseudonymizer over UTF-8 bytes. */
export class Pseudonymizer {
  private constructor();
  /** Feeds bytes; returns the output and rejects bytes produced so far. */
  push(chunk: Uint8Array): { output: Uint8Array; rejects: Uint8Array };
  /** Counts raw input bytes into the manifest digest when the host decoded them. */
  hashInput(raw: Uint8Array): void;
  /** Records read so far (after the header). */
  readonly records: number;
  /** Ends the input; throws E_CSV_QUOTE for a quote never closed. `manifest` is null with hostDigests. */
  finish(): { output: Uint8Array; rejects: Uint8Array; manifest: string | null; summary: PseudonymizeSummary; state: unknown };
  /** With hostDigests, after finish: the manifest with the host's SHA-256 (hex) of the raw input and the whole output. */
  manifest(inputSha256: string, outputSha256: string): string;
  free(): void;
}

/** The pseudonymizer as web streams: bytes in, output CSV out; rejects CSV on `rejects`; `{manifest, summary}` when done. */
export function pseudonymizeStream(
  coder: Coder,
  options?: Omit<PseudonymizeOptions, 'decodedByHost' | 'inputEncoding' | 'hostDigests'> & {
    encoding?: 'utf-8' | 'shift_jis' | string;
    /** A factory of SHA-256 hashers, to hash natively instead of in WASM. */
    digest?: () => { update(bytes: Uint8Array): unknown; hex(): string };
  },
  historyIndex?: HistoryIndex,
): {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
  rejects: ReadableStream<Uint8Array>;
  result: Promise<{ manifest: string; summary: PseudonymizeSummary }>;
  /** Records read so far, for progress reports. */
  readonly records: number;
};

/** The parts of a Node stream the package relies on (so these types need no @types/node). */
export interface NodeStreamLike {
  pipe<T>(destination: T, options?: { end?: boolean }): T;
  on(event: string, listener: (...args: unknown[]) => void): this;
}

/** Node only: the pseudonymizer as a Node Transform (a Duplex); `rejects` is a Node Readable, `result` a Promise. */
export function pseudonymizeTransform(
  coder: Coder,
  options?: Parameters<typeof pseudonymizeStream>[1],
  historyIndex?: HistoryIndex,
): NodeStreamLike & {
  rejects: NodeStreamLike;
  result: Promise<{ manifest: string; summary: PseudonymizeSummary }>;
};

/** The built-in rule ids, in SPEC.md order. */
export function ruleIds(): BuiltinRuleId[];
/** The input fields a built-in rule reads, in message order. */
export function ruleInputFields(rule: BuiltinRuleId): FieldName[];
/** The header cells of a CSV sample (decoded text) and the field each maps to by default. */
export function csvHeader(text: string): { columns: string[]; fields: (FieldName | null)[] };

/** The default key order of linkFiles, strongest first. */
export const DEFAULT_LINK_KEYS: readonly string[];
/** Links code files (CSV texts with code columns) on keys, strongest first: the persons CSV (file,row,person) and the report JSON (SPEC.md §9). */
export function linkFiles(texts: readonly string[], options?: LinkOptions | readonly string[]): { persons: string; report: string };
/** The default keys whose different values mean different people to every weaker key. */
export const DEFAULT_EXCLUSIVE_KEYS: readonly string[];
/** How to link: keys strongest first; `exclusive` keys are those a person has one value of for life. */
export interface LinkOptions {
  keys?: readonly string[];
  exclusive?: readonly string[];
}
/** Links code files read in chunks (files too large for one string). */
export class Linker {
  constructor(options?: LinkOptions | readonly string[]);
  /** Adds bytes of the current file; the first file is number 1. */
  feed(bytes: Uint8Array): void;
  /** Ends the current file; throws E_CSV_QUOTE for a quote never closed. */
  endFile(): void;
  /** Links every record fed: the persons CSV (file,row,person) and the report JSON. */
  finish(): { persons: string; report: string };
}

/** SHA-256 in pieces (for pages that hash a file they read as a stream). */
export class Sha256 {
  constructor();
  update(bytes: Uint8Array): void;
  /** 64 lowercase hex digits; the hash is reset. */
  hex(): string;
  free(): void;
}

/** The manifest of a run made of parts (a worker pool, `partFirstRow`): the parts' `finish().state` in input order, with the digests and sizes of the whole raw input and output. */
export function manifestOfParts(
  coder: Coder, options: PseudonymizeOptions, parts: readonly unknown[],
  inputSha256: string, inputBytes: number, outputSha256: string, outputBytes: number,
): string;

/** A slice of a CSV for a worker: the header and whole records; `firstRow` numbers its first record. */
export interface RecordSlice {
  bytes: Uint8Array;
  firstRow: number;
}
/** One slice pseudonymized: outputs, `state` for partsManifest, records read. */
export interface PseudonymizedPart {
  output: Uint8Array;
  rejects: Uint8Array;
  state: unknown;
  records: number;
}
/** Cuts a CSV (a web ReadableStream or async iterable of chunks) after unquoted line feeds into slices of at least `size` bytes; `onChunk` sees every chunk read. */
export function recordSlices(
  input: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, size: number, onChunk?: (bytes: Uint8Array) => void,
): AsyncGenerator<RecordSlice, void, undefined>;
/** Pseudonymizes one slice as a part of a run (options as for pseudonymizeStream; digests are the host's). */
export function pseudonymizePart(
  coder: Coder,
  options: Omit<PseudonymizeOptions, 'decodedByHost' | 'inputEncoding' | 'hostDigests' | 'partFirstRow'> & { encoding?: string },
  slice: RecordSlice,
  historyIndex?: HistoryIndex,
): PseudonymizedPart;
/** The manifest of a run made of parts: options as given to pseudonymizePart, the parts' states in order, the host's digests and sizes of the whole raw input and output. */
export function partsManifest(
  coder: Coder,
  options: Omit<PseudonymizeOptions, 'decodedByHost' | 'inputEncoding' | 'hostDigests' | 'partFirstRow'> & { encoding?: string },
  states: readonly unknown[],
  inputSha256: string, inputBytes: number, outputSha256: string, outputBytes: number,
): string;
/** Runs `job` for every slice on a pool of workers (one job each at a time) and awaits `onPart` in slice order. */
export function runParts<W, P>(
  slices: AsyncIterable<RecordSlice>, workers: readonly W[],
  job: (worker: W, slice: RecordSlice, index: number) => Promise<P>,
  onPart: (part: P, index: number) => unknown,
): Promise<void>;

/** Where a person has records. */
export interface Location {
  network: string;
  facility: string;
  /** The person's `chart` code there. */
  chart: string;
  /** The person's `region` code there. */
  region: string;
}

/** A location index (MPI): where a person's records are, found through any of the person's codes (SPEC.md §9.2, draft). */
export class LocationIndex {
  constructor();
  /** Registers a location (or none) for the person holding `codes`; persons already holding any of them are merged. */
  register(codes: readonly string[], location?: Partial<Location> | null): void;
  /** The locations of the person holding `code`. */
  lookup(code: string): Location[];
  readonly persons: number;
  /** One person per line, sorted. */
  toNdjson(): string;
  static fromNdjson(text: string): LocationIndex;
  free(): void;
}

/** Histories of insurance numbers. */
export const history: {
  /** Normalizes entries (several partial histories concatenated, any order). */
  readonly normalize: (entries: readonly HistoryEntryInput[]) => NormalizedHistory;
};

/** Re-keys a full code for a recipient key and purpose; the result has the input's encoding. */
export function rekey(code: string, key: LinkageKey, purpose: string): string;
export function rekey(code: Uint8Array, key: LinkageKey, purpose: string): Uint8Array;

/**
 * How a value normalizes, step by step. It holds the input and every intermediate value: show
 * it to the person who asked, never log it.
 */
export interface Explanation {
  kind: Kind;
  /** The input field (kana for kana_loose). */
  field: FieldName;
  /** The canonical value, or null when normalization fails. */
  canonical: string | null;
  /** The error code when normalization fails, else null. */
  error: ErrorCode | null;
  /** Each step that changed the value (e.g. "nfkc", "whitespace", "separators", "zero_padded", "era_date", "kanji_variants"), with the value after it. */
  steps: { step: string; value: string }[];
}

/** Canonical values of single fields; each throws a LinkcodeError naming the field. */
export const normalize: {
  readonly field: (kind: Kind, value: FieldValue) => string;
  /** Explains a normalization instead of throwing: canonical value or error, and the steps. */
  readonly explain: (kind: Kind, value: FieldValue) => Explanation;
  /** 保険者番号 → 8 digits with a valid check digit. */
  readonly insurer: (value: FieldValue) => string;
  /** 記号 (may be empty). */
  readonly symbol: (value: FieldValue) => string;
  /** 番号. */
  readonly number: (value: FieldValue) => string;
  /** 枝番 → 2 digits, or "" when absent. */
  readonly branch: (value: FieldValue) => string;
  /** 公費負担者番号 → 8 digits with a valid check digit. */
  readonly payer: (value: FieldValue) => string;
  /** 公費受給者番号 → 7 digits with a valid check digit. */
  readonly recipient: (value: FieldValue) => string;
  /** 医療機関コード → 10 digits with a valid check digit. */
  readonly facility: (value: FieldValue) => string;
  /** 診察券番号. */
  readonly chart: (value: FieldValue) => string;
  /** Regional network id (lower-case). */
  readonly network: (value: FieldValue) => string;
  /** 地域ID. */
  readonly regionId: (value: FieldValue) => string;
  /** カナ氏名 → katakana without spaces, small kana made large. */
  readonly kana: (value: FieldValue) => string;
  /** カナ氏名, voicing and ー folded (kana_loose). */
  readonly kanaLoose: (value: FieldValue) => string;
  /** 漢字氏名 → new kanji forms, no spaces. */
  readonly kanji: (value: FieldValue) => string;
  /** 郵便番号 → 7 digits. */
  readonly zip: (value: FieldValue) => string;
  /** 生年月日 → YYYYMMDD from western, era, receipt or serial notations. */
  readonly dob: (value: FieldValue) => string;
  /** 性別 → "1" (male) or "2" (female). */
  readonly sex: (value: FieldValue) => string;
};
