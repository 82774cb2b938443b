#!/usr/bin/env node
// linkcode command line: keygen, code, history, pseudonymize, verify, link. Identifiers are never
// taken on the command line (shell history keeps it) and never printed.
import {
  closeSync, createReadStream, createWriteStream, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Readable, Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { collector } from './collect.mjs';
import {
  Coder, DEFAULT_EXCLUSIVE_KEYS, DEFAULT_LINK_KEYS, LinkageKey, Linker, SPEC_VERSION, isLinkcodeError, partsManifest,
  pseudonymizePart, pseudonymizeStream, recordSlices, runParts,
} from './node.mjs';

const HELP = `linkcode — one-way linkage codes (連結符号) for Japanese healthcare identifiers (spec ${SPEC_VERSION})

Usage:
  linkcode keygen -o <key.jwk>
  linkcode code --key <key.jwk> --purpose <p> --rule <rule> [--format b64|hex] [--truncate]
                  (reads one JSON record from standard input)
  linkcode history --key <key.jwk> --purpose <p> <history.csv>
  linkcode pseudonymize <input.csv|-> -o <output.csv|-> --key <key.jwk> --purpose <p>
                  [--encoding utf-8|shift_jis] [--map field=column]... [--rule [column=]rule]...
                  [--keep column]... [--history <history.csv>] [--rejects <file>]
                  [--manifest <file>] [--format b64|hex] [--truncate] [--bom] [--threads n]
  linkcode verify <output.csv> --manifest <file> [--key <key.jwk>]
  linkcode link <codes.csv>... -o <persons.csv> [--keys history,ins,...] [--exclusive history] [--report <file.json>]

pseudonymize writes <output>.rejects.csv and <output>.manifest.json unless told otherwise; all
outputs are written to temporary files and renamed only when the run succeeds. Without --rule,
every rule whose fields are mapped is emitted. Progress goes to standard error on a terminal.
A file larger than 2 MB is cut into slices of whole records for this and more threads (--threads,
default: the cores, at most 4; --threads 1 streams it); the outputs are the same bytes.

Exit codes:
  0  the run completed (rejected rows included; see the rejects file)
  1  a fatal error: I/O, key, unreadable input (E_CSV_QUOTE), verify mismatch, a code field error
  2  a usage error: unknown command or option, missing argument, --map/--keep to a missing column
`;

class UsageError extends Error {}

function parse(argv, spec) {
  const out = { _: [] };
  for (const [name, kind] of Object.entries(spec)) out[name] = kind === 'list' ? [] : kind === 'flag' ? false : undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '-' || !arg.startsWith('-')) { out._.push(arg); continue; }
    const name = arg.replace(/^--?/, '');
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option ${arg}`);
    if (kind === 'flag') { out[name] = true; continue; }
    const value = argv[i + 1];
    if (value === undefined) throw new UsageError(`${arg} needs a value`);
    i += 1;
    if (kind === 'list') out[name].push(value); else out[name] = value;
  }
  return out;
}

function need(args, ...names) {
  for (const n of names) if (args[n] === undefined) throw new UsageError(`--${n} is required`);
}

function coderFrom(args) {
  need(args, 'key', 'purpose');
  const key = LinkageKey.fromJwk(readFileSync(args.key, 'utf8'));
  return new Coder(key, { purpose: args.purpose, encoding: args.format ?? 'b64', truncate: Boolean(args.truncate) });
}

async function keygen(argv) {
  const args = parse(argv, { o: 'value' });
  need(args, 'o');
  const jwk = LinkageKey.generate().toJwk();
  writeFileSync(args.o, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  process.stderr.write(`linkcode: wrote a new key to ${args.o} (fingerprint ${jwk.kid}); keep it secret\n`);
}

async function code(argv) {
  const args = parse(argv, { key: 'value', purpose: 'value', rule: 'value', format: 'value', truncate: 'flag' });
  need(args, 'rule');
  const coder = coderFrom(args);
  const text = readFileSync(0, 'utf8');
  let record;
  try { record = JSON.parse(text); } catch { throw new UsageError('standard input must be one JSON record'); }
  const result = coder.code(args.rule, record);
  process.stdout.write(`${typeof result === 'string' ? result : Buffer.from(result).toString('hex')}\n`);
}

async function history(argv) {
  const args = parse(argv, { key: 'value', purpose: 'value', format: 'value', truncate: 'flag' });
  if (args._.length !== 1) throw new UsageError('history takes one history file');
  const coder = coderFrom(args);
  const index = coder.historyIndex(readFileSync(args._[0], 'utf8'));
  process.stdout.write('person,history_code,warnings\n');
  for (const p of coder.historyPersons(index)) {
    process.stdout.write(`${csvCell(p.person)},${p.code ?? ''},${p.warnings.join(' ')}\n`);
  }
  for (const r of index.rejects) process.stderr.write(`linkcode: history row ${r.row + 1}: ${r.field} ${r.code}\n`);
}

function csvCell(s) {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function progress(total, records) {
  if (!process.stderr.isTTY) return { add() {}, done() {} };
  const start = Date.now();
  let bytes = 0;
  let last = 0;
  return {
    add(n) {
      bytes += n;
      const now = Date.now();
      if (now - last < 500) return;
      last = now;
      const secs = (now - start) / 1000;
      const rate = bytes / secs;
      const eta = total ? `, ETA ${Math.max(0, Math.round((total - bytes) / rate))} s` : '';
      const rows = records();
      process.stderr.write(`\r${rows.toLocaleString('en')} rows, ${Math.round(rows / secs).toLocaleString('en')} rows/s, ` +
        `${(bytes / 1e6).toFixed(1)} MB${eta}   `);
    },
    done() { process.stderr.write('\r\x1b[K'); },
  };
}

async function pseudonymize(argv) {
  const args = parse(argv, {
    o: 'value', key: 'value', purpose: 'value', encoding: 'value', map: 'list', rule: 'list', keep: 'list',
    history: 'value', rejects: 'value', manifest: 'value', format: 'value', truncate: 'flag', bom: 'flag', threads: 'value',
  });
  if (args._.length !== 1) throw new UsageError('pseudonymize takes one input file (or - for standard input)');
  need(args, 'o');
  const [input] = args._;
  const output = args.o;
  if (output === '-' && (!args.rejects || !args.manifest)) throw new UsageError('with -o -, --rejects and --manifest are required');
  const rejectsPath = args.rejects ?? `${output}.rejects.csv`;
  const manifestPath = args.manifest ?? `${output}.manifest.json`;
  const mapping = {};
  for (const m of args.map) {
    const [field, column] = m.split(/=(.*)/s);
    if (!column) throw new UsageError(`--map takes field=column, not ${m}`);
    mapping[field] = column;
  }
  const coder = coderFrom(args);
  const index = args.history ? coder.historyIndex(readFileSync(args.history, 'utf8')) : undefined;
  // Digests with node:crypto (native SHA-256) rather than inside WASM.
  const digest = () => {
    const h = createHash('sha256');
    return { update: (bytes) => h.update(bytes), hex: () => h.digest('hex') };
  };
  const partOptions = { mapping, rules: args.rule, keep: args.keep, bom: args.bom, encoding: args.encoding ?? 'utf-8' };
  const options = { ...partOptions, digest };
  const threads = args.threads === undefined ? Math.min(availableParallelism(), 4) : Number(args.threads);
  if (!Number.isInteger(threads) || threads < 1) throw new UsageError('--threads takes a whole number of 1 or more');
  const tmp = (path) => `${path}.tmp-${process.pid}`;
  const temps = [];
  const sink = (path) => {
    if (path === '-') return process.stdout;
    temps.push(path);
    return createWriteStream(tmp(path));
  };
  const total = input === '-' ? 0 : statSync(input).size;
  // A pool of worker threads for files worth cutting into slices; one stream otherwise.
  const inParts = input !== '-' && threads > 1 && total > 2 * SLICE_BYTES;
  let records = 0;
  const meter = progress(total, () => records);
  try {
    let manifest;
    let summary;
    if (inParts) {
      const workerData = {
        key: args.key, purpose: args.purpose, format: args.format ?? 'b64', truncate: Boolean(args.truncate), history: args.history,
        options: partOptions,
      };
      manifest = await pseudonymizeInParts(input, threads, workerData, coder, index, sink(output), sink(rejectsPath),
        (n) => { records += n; }, meter);
      const m = JSON.parse(manifest);
      summary = { ...m.records, rejects: m.rejects.total };
    } else {
      const run = pseudonymizeStream(coder, options, index);
      const { readable, writable, rejects, result } = run;
      const source = input === '-' ? process.stdin : createReadStream(input);
      source.on('data', (b) => { records = run.records; meter.add(b.length); });
      await Promise.all([
        Readable.toWeb(source).pipeThrough({ writable, readable }).pipeTo(Writable.toWeb(sink(output))),
        rejects.pipeTo(Writable.toWeb(sink(rejectsPath))),
      ]);
      ({ manifest, summary } = await result);
    }
    writeFileSync(tmp(manifestPath), manifest);
    temps.push(manifestPath);
    for (const path of temps) renameSync(tmp(path), path);
    meter.done();
    process.stderr.write(`linkcode: records read ${summary.read}, written ${summary.written}, dropped ${summary.dropped}; ` +
      `${summary.rejects} reject lines in ${rejectsPath}; manifest ${manifestPath}\n`);
  } catch (error) {
    meter.done();
    for (const path of temps) rmSync(tmp(path), { force: true });
    rmSync(tmp(manifestPath), { force: true });
    if (isLinkcodeError(error) && error.code === 'E_CONFIG' && error.field) {
      throw new UsageError(`no column for ${error.field} (check --map/--keep against the header)`);
    }
    if (isLinkcodeError(error) && error.code === 'E_CONFIG' && !error.field && !error.rule && args.keep.length) {
      throw new UsageError('a --keep column is not in the header (check --keep against the header)');
    }
    throw error;
  }
}

/** Bytes per slice of the worker pool (LINKCODE_SLICE_BYTES overrides it, for tests). */
const SLICE_BYTES = Number(process.env.LINKCODE_SLICE_BYTES) || 1 << 20;

/** Writes `bytes` to a Node stream, waiting while it is full. */
async function write(stream, bytes) {
  if (bytes.length && !stream.write(bytes)) await once(stream, 'drain');
}

/** Ends a Node stream (not standard output) and waits until its data is written. */
async function end(stream) {
  if (stream === process.stdout) return;
  stream.end();
  await once(stream, 'finish');
}

/**
 * Pseudonymizes a file on `threads` threads (npm/parts.mjs): this one and `threads - 1` worker
 * threads take slices of whole records; the parts are written in order. Returns the manifest,
 * byte-identical to a single stream's.
 */
async function pseudonymizeInParts(input, threads, workerData, coder, index, out, rejectsOut, onRecords, meter) {
  const workers = Array.from({ length: threads - 1 }, () => new Worker(new URL('./cli-worker.mjs', import.meta.url), { workerData }));
  const here = 'main';
  const inputHash = createHash('sha256');
  const outputHash = createHash('sha256');
  let inputBytes = 0;
  let outputBytes = 0;
  const states = [];
  // Each worker holds up to two slices, so it keeps working while this thread is busy with its own.
  const waiting = new Map(workers.map((w) => [w, []]));
  const failed = new Map();
  for (const w of workers) {
    w.on('message', ({ part, error }) => {
      const job = waiting.get(w).shift();
      if (error) job?.reject(Object.assign(new Error(error.message), error, { name: 'LinkcodeError' }));
      else job?.resolve(part);
    });
    // A worker that fails or stops (even between jobs) fails its jobs and every later one.
    const fail = (error) => {
      if (!failed.has(w)) failed.set(w, error);
      for (const job of waiting.get(w).splice(0)) job.reject(failed.get(w));
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`a worker thread stopped (exit code ${code})`)));
  }
  const job = (worker, slice) => new Promise((resolve, reject) => {
    if (worker === here) {
      // Between two slices of its own, this thread reads and writes.
      setImmediate(() => {
        try {
          resolve(pseudonymizePart(coder, workerData.options, slice, index));
        } catch (error) {
          reject(error);
        }
      });
      return;
    }
    if (failed.has(worker)) {
      reject(failed.get(worker));
      return;
    }
    waiting.get(worker).push({ resolve, reject });
    worker.postMessage(slice, [slice.bytes.buffer]);
  });
  const collect = collector(16 << 20);
  const onPart = async (part) => {
    collect(part.output.length + part.rejects.length);
    outputHash.update(part.output);
    outputBytes += part.output.length;
    states.push(part.state);
    onRecords(part.records);
    await Promise.all([write(out, part.output), write(rejectsOut, part.rejects)]);
  };
  try {
    const slices = recordSlices(createReadStream(input), SLICE_BYTES, (bytes) => {
      inputHash.update(bytes);
      inputBytes += bytes.length;
      meter.add(bytes.length);
    });
    await runParts(slices, [here, ...workers.flatMap((w) => [w, w])], job, onPart);
    await Promise.all([end(out), end(rejectsOut)]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return partsManifest(coder, workerData.options, states, inputHash.digest('hex'), inputBytes,
    outputHash.digest('hex'), outputBytes);
}

async function verify(argv) {
  const args = parse(argv, { manifest: 'value', key: 'value' });
  if (args._.length !== 1) throw new UsageError('verify takes one output file');
  need(args, 'manifest');
  const manifest = JSON.parse(readFileSync(args.manifest, 'utf8'));
  const problems = [];
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(args._[0])) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  if (manifest.spec !== SPEC_VERSION) problems.push(`spec ${manifest.spec} is not ${SPEC_VERSION}`);
  if (hash.digest('hex') !== manifest.output?.sha256) problems.push('output SHA-256 differs from the manifest');
  if (bytes !== manifest.output?.bytes) problems.push('output size differs from the manifest');
  if (args.key) {
    const key = LinkageKey.fromJwk(readFileSync(args.key, 'utf8'));
    if (key.fingerprint !== manifest.key_fingerprint) problems.push('the key is not the key of the manifest');
  }
  if (problems.length) {
    for (const p of problems) process.stderr.write(`linkcode: verify: ${p}\n`);
    process.exitCode = 1;
    return;
  }
  process.stderr.write(`linkcode: verify: OK (${bytes} bytes, key ${manifest.key_fingerprint}, purpose ${manifest.purpose})\n`);
}

async function link(argv) {
  const args = parse(argv, { o: 'value', keys: 'value', exclusive: 'value', report: 'value' });
  if (args._.length < 1) throw new UsageError('link takes one or more code files');
  need(args, 'o');
  const list = (text) => text.split(',').map((k) => k.trim()).filter(Boolean);
  const linker = new Linker({
    keys: args.keys ? list(args.keys) : [...DEFAULT_LINK_KEYS],
    exclusive: args.exclusive !== undefined ? list(args.exclusive) : [...DEFAULT_EXCLUSIVE_KEYS],
  });
  // Files are read in chunks, so no file has to fit in one string.
  const chunk = Buffer.alloc(1 << 20);
  for (const file of args._) {
    const fd = openSync(file, 'r');
    try {
      for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0;) linker.feed(chunk.subarray(0, n));
    } finally {
      closeSync(fd);
    }
    linker.endFile();
  }
  const { persons, report } = linker.finish();
  const tmp = `${args.o}.tmp-${process.pid}`;
  writeFileSync(tmp, persons);
  renameSync(tmp, args.o);
  if (args.report) writeFileSync(args.report, report);
  const r = JSON.parse(report);
  process.stderr.write(`linkcode: ${r.records} records, ${r.persons} persons; ` +
    `${r.keys.map((k) => `${k.key} ${k.merges} merges/${k.ambiguous} ambiguous/${k.split} split`).join(', ')}\n`);
}

const COMMANDS = { keygen, code, history, pseudonymize, verify, link };

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    if (!command) process.exitCode = 2;
    return;
  }
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command ${command}`);
  if (rest.includes('--help')) { process.stdout.write(HELP); return; }
  await run(rest);
}

main().catch((error) => {
  if (error instanceof UsageError) {
    process.stderr.write(`linkcode: ${error.message}\n(see linkcode --help)\n`);
    process.exitCode = 2;
  } else if (isLinkcodeError(error)) {
    process.stderr.write(`linkcode: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    // I/O and other errors: the message names files, never identifier values.
    process.stderr.write(`linkcode: ${error.code ?? 'error'}: ${error.message}\n`);
    process.exitCode = 1;
  }
});

