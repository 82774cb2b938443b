// The portal: pick a CSV, a key and a purpose, check the column mapping, pseudonymize in a Web
// Worker, download the results; and a one-person view. Nothing is sent anywhere.
import {
  Coder, LinkageKey, Sha256, csvHeader, isLinkcodeError, partsManifest, recordSlices, ruleIds, ruleInputFields, runParts,
} from './vendor/linkcode/browser.mjs';
import { TEXTS } from './i18n.mjs';

const $ = (id) => document.getElementById(id);
const FIELDS = ['insurer', 'symbol', 'number', 'branch', 'payer', 'recipient', 'facility', 'chart', 'network',
  'region_id', 'dob', 'sex', 'kana', 'kanji', 'zip'];
const OPTIONAL = new Set(['symbol', 'branch']);
const state = { lang: 'ja', file: null, encoding: 'utf-8', header: null, jwk: null, urls: [] };
const t = (key, ...args) => {
  const v = TEXTS[state.lang][key];
  return typeof v === 'function' ? v(...args) : v;
};

/** Shows a message by its text key, remembered so that a language switch re-renders it. */
function say(el, key, ...args) {
  if (key === null) {
    el.textContent = '';
    delete el.dataset.msg;
    return;
  }
  el.dataset.msg = JSON.stringify([key, ...args]);
  el.textContent = t(key, ...args);
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll('[data-msg]')) {
    const [key, ...args] = JSON.parse(el.dataset.msg);
    el.textContent = t(key, ...args);
  }
  if (state.header) renderMapping();
  if (state.personShown) computePerson();
}

/** An error message: a text key, and an optional code appended as it is (never a value). */
function showError(key, code) {
  if (!key) {
    say($('error'), null);
    return;
  }
  say($('error'), 'withCode', key, code ?? '');
}

/** UTF-8 unless the sample is not valid UTF-8 (then Shift_JIS), or as the user chose. */
async function detectEncoding(file) {
  if ($('encoding').value !== 'auto') return $('encoding').value;
  const sample = new Uint8Array(await file.slice(0, 65536).arrayBuffer());
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'shift_jis';
  }
}

async function chooseFile(file) {
  showError(null);
  state.file = file;
  state.encoding = await detectEncoding(file);
  const sample = new TextDecoder(state.encoding).decode(await file.slice(0, 65536).arrayBuffer());
  const header = csvHeader(sample);
  if (header.columns.length < 2 || header.columns.some((c) => c.includes('\u0000'))) {
    state.header = null;
    $('mapping').querySelector('tbody').replaceChildren();
    showError('notCsv');
    update();
    return;
  }
  state.header = header;
  // A new file starts from the default rules: every rule its columns allow.
  $('rules').replaceChildren();
  say($('file-info'), 'fileInfo', file.name, (file.size / 1e6).toFixed(1), state.encoding);
  renderMapping();
  update();
}

function renderMapping() {
  const body = $('mapping').querySelector('tbody');
  body.replaceChildren(...state.header.columns.map((column, i) => {
    const row = document.createElement('tr');
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = column;
    const select = document.createElement('select');
    select.dataset.column = String(i);
    select.setAttribute('aria-label', column);
    select.append(new Option(t('passThrough'), ''), ...FIELDS.map((f) => new Option(t(`f_${f}`), f)));
    select.value = state.header.fields[i] ?? '';
    select.addEventListener('change', () => { state.header.fields[i] = select.value || null; renderRules(); });
    const keep = document.createElement('input');
    keep.type = 'checkbox';
    keep.dataset.keep = String(i);
    keep.setAttribute('aria-label', `${t('keep')}: ${column}`);
    const cells = [name, select, keep].map((el, k) => {
      if (k === 0) return el;
      const td = document.createElement('td');
      td.append(el);
      return td;
    });
    row.append(...cells);
    return row;
  }));
  renderRules();
}

function mappedFields() {
  return new Set(state.header?.fields.filter(Boolean) ?? []);
}

function renderRules() {
  const mapped = mappedFields();
  const box = $('rules');
  const checked = new Set([...box.querySelectorAll('input:checked')].map((c) => c.value));
  const fresh = box.childElementCount === 0;
  box.replaceChildren(...ruleIds().map((rule) => {
    const usable = ruleInputFields(rule).every((f) => OPTIONAL.has(f) || mapped.has(f));
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.value = rule;
    input.disabled = !usable;
    input.checked = usable && (fresh || checked.has(rule) || !checked.size);
    input.addEventListener('change', update);
    label.append(input, ` ${rule}`);
    return label;
  }));
  update();
}

function options() {
  const mapping = {};
  state.header.fields.forEach((field, i) => { if (field) mapping[field] = state.header.columns[i]; });
  const keep = [...document.querySelectorAll('[data-keep]:checked')]
    .map((el) => state.header.columns[Number(el.dataset.keep)])
    .filter((column) => Object.values(mapping).includes(column));
  const rules = [...$('rules').querySelectorAll('input:checked')].map((c) => c.value);
  return { mapping, rules, keep, encoding: state.encoding };
}

function update() {
  const ready = state.file && state.header && state.jwk && $('purpose').value
    && $('rules').querySelector('input:checked');
  $('run').disabled = !ready;
}

async function loadKey(file) {
  showError(null);
  try {
    const jwk = await file.text();
    const key = LinkageKey.fromJwk(jwk);
    state.jwk = jwk;
    say($('key-info'), 'keyInfo', key.fingerprint);
    key.free();
  } catch (error) {
    state.jwk = null;
    say($('key-info'), null);
    showError('badKey', isLinkcodeError(error) ? error.code : '');
  }
  update();
}

function download(name, blob, labelKey) {
  const url = URL.createObjectURL(blob);
  state.urls.push(url);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  say(a, labelKey);
  const li = document.createElement('li');
  li.append(a);
  return li;
}

function newKey() {
  const key = LinkageKey.generate();
  const jwk = JSON.stringify(key.toJwk(), null, 2);
  const url = URL.createObjectURL(new Blob([`${jwk}\n`], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `linkcode-${key.fingerprint}.jwk`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  state.jwk = jwk;
  say($('key-info'), 'keySaved', key.fingerprint);
  key.free();
  update();
}

/** Workers in the pool, and the size of the slice of whole records each job gets. */
const POOL = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 4));
const SLICE = 1 << 21;

function startWorker(init) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
    worker.onerror = (event) => { event.preventDefault(); reject(new Error('E_WORKER')); };
    worker.onmessage = ({ data }) => {
      if (data.loaded) worker.postMessage({ init });
      else if (data.ready) resolve(worker);
      else if (data.error) reject(Object.assign(new Error(data.error.code ?? 'E_WORKER'), data.error));
    };
  });
}

async function runPool(file, jwk, purpose, opts, onProgress) {
  const workers = await Promise.all(Array.from({ length: POOL }, () => startWorker({ jwk, purpose, options: opts })));
  const inputHash = new Sha256();
  const outputHash = new Sha256();
  const outputs = [];
  const rejects = [];
  const states = [];
  let outputBytes = 0;
  let records = 0;
  let read = 0;
  // One job: a slice to an idle worker, its part back (or the error that stops the run).
  const job = (worker, slice) => new Promise((resolve, reject) => {
    read += slice.bytes.length;
    worker.onmessage = ({ data }) => {
      if (data.error) reject(Object.assign(new Error(data.error.code ?? 'E_WORKER'), data.error));
      else resolve(data.part);
    };
    worker.onerror = (event) => { event.preventDefault(); reject(new Error('E_WORKER')); };
    worker.postMessage({ slice }, [slice.bytes.buffer]);
  });
  const onPart = (part) => {
    outputHash.update(part.output);
    outputBytes += part.output.length;
    outputs.push(part.output);
    rejects.push(part.rejects);
    states.push(part.state);
    records += part.records;
    onProgress(Math.min(read, file.size), records);
  };
  try {
    await runParts(recordSlices(file.stream(), SLICE, (bytes) => inputHash.update(bytes)), workers, job, onPart);
  } finally {
    for (const w of workers) w.terminate();
  }
  const coder = new Coder(LinkageKey.fromJwk(jwk), { purpose });
  const manifest = partsManifest(coder, opts, states, inputHash.hex(), file.size, outputHash.hex(), outputBytes);
  coder.free();
  return {
    output: new Blob(outputs, { type: 'text/csv' }),
    rejects: new Blob(rejects, { type: 'text/csv' }),
    manifest,
    summary: { read: records },
  };
}

async function run() {
  showError(null);
  const purpose = $('purpose').value.trim();
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(purpose)) { showError('badPurpose'); return; }
  if (!state.file || !state.jwk || !state.header) { showError('needAll'); return; }
  for (const url of state.urls.splice(0)) URL.revokeObjectURL(url);
  $('results').hidden = true;
  $('run').disabled = true;
  const started = performance.now();
  const progress = (bytes, records) => {
    const secs = (performance.now() - started) / 1000;
    const pct = Math.floor((100 * bytes) / Math.max(state.file.size, 1));
    const rate = Math.round(records / Math.max(secs, 0.001));
    const eta = bytes > 0 ? t('eta', Math.round(((state.file.size - bytes) / bytes) * secs)) : '';
    $('progress').value = bytes / Math.max(state.file.size, 1);
    say($('progress-text'), 'progress', records, rate, pct, eta);
  };
  let result;
  try {
    result = await runPool(state.file, state.jwk, purpose, options(), progress);
  } catch (error) {
    $('run').disabled = false;
    showError('failed', error.code ?? error.message);
    return;
  }
  $('run').disabled = false;
  const { output, rejects, manifest } = result;
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  $('progress').value = 1;
  say($('progress-text'), 'done', secs);
  const m = JSON.parse(manifest);
  document.body.dataset.rowsPerSecond = String(Math.round(m.records.read / Number(secs)));
  document.body.dataset.workers = String(POOL);
  const base = state.file.name.replace(/\.csv$/i, '');
  $('downloads').replaceChildren(
    download(`${base}.pseudonymized.csv`, output, 'dlOutput'),
    download(`${base}.pseudonymized.csv.rejects.csv`, rejects, 'dlRejects'),
    download(`${base}.pseudonymized.csv.manifest.json`, new Blob([manifest], { type: 'application/json' }), 'dlManifest'),
  );
  const rows = [[['read'], m.records.read], [['written'], m.records.written], [['dropped'], m.records.dropped],
    [['rejectLines'], m.rejects.total],
    ...Object.entries(m.rejects.by_rule).flatMap(([rule, codes]) => Object.entries(codes).map(([code, n]) => [['ruleCode', rule, code], n])),
    ...Object.entries(m.rejects.dropped).map(([code, n]) => [['droppedCode', code], n])];
  $('summary').querySelector('tbody').replaceChildren(...rows.map(([[key, ...args], v]) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    say(th, key, ...args);
    const td = document.createElement('td');
    td.textContent = String(v);
    tr.append(th, td);
    return tr;
  }));
  $('results').hidden = false;
}

function computePerson(event) {
  event?.preventDefault();
  say($('person-error'), null);
  const purpose = $('purpose').value.trim();
  if (!state.jwk || !/^[a-z0-9][a-z0-9._-]{0,62}$/.test(purpose)) {
    say($('person-error'), 'needAll');
    return;
  }
  const record = Object.fromEntries(new FormData($('person')).entries());
  const coder = new Coder(LinkageKey.fromJwk(state.jwk), { purpose });
  const rows = ruleIds().map((rule) => {
    let code;
    let canonical;
    try {
      code = coder.code(rule, record);
      canonical = coder.canonical(rule, record).map((v) => v || t('noValue')).join(' · ');
    } catch (error) {
      code = '—';
      canonical = isLinkcodeError(error) ? `${error.code}${error.field ? ` (${t(`f_${error.field}`) ?? error.field})` : ''}` : '—';
    }
    const tr = document.createElement('tr');
    for (const [i, text] of [rule, code, canonical].entries()) {
      const cell = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) cell.scope = 'row';
      if (i === 1) { const c = document.createElement('code'); c.textContent = text; cell.append(c); } else cell.textContent = text;
      tr.append(cell);
    }
    return tr;
  });
  coder.free();
  $('person-codes').querySelector('tbody').replaceChildren(...rows);
  state.personShown = true;
}

function showView(name) {
  for (const view of ['file', 'person']) {
    $(`view-${view}`).hidden = view !== name;
    $(`tab-${view}`).setAttribute('aria-pressed', String(view === name));
  }
}

$('csv').addEventListener('change', (e) => e.target.files[0] && chooseFile(e.target.files[0]));
$('encoding').addEventListener('change', () => state.file && chooseFile(state.file));
$('key').addEventListener('change', (e) => e.target.files[0] && loadKey(e.target.files[0]));
$('new-key').addEventListener('click', newKey);
$('purpose').addEventListener('input', update);
$('run').addEventListener('click', run);
$('person').addEventListener('submit', computePerson);
$('lang').addEventListener('click', () => { state.lang = state.lang === 'ja' ? 'en' : 'ja'; applyLanguage(); });
$('tab-file').addEventListener('click', () => showView('file'));
$('tab-person').addEventListener('click', () => showView('person'));
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer.files[0]) chooseFile(e.dataTransfer.files[0]);
});
drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') $('csv').click(); });
applyLanguage();
document.body.dataset.ready = 'true';
