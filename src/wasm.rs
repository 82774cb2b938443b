//! The JavaScript boundary (wasm32 only): converts JS values, calls the core, maps errors to
//! real `Error` objects with `name = "LinkcodeError"`, `code`, `field`, `rule` and `row`.
//! It holds no logic of its own; the npm package's `api.mjs` adds only argument packing.

use js_sys::{Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::batch::Columns;
use crate::code::{self, Code, CodeFormat, Coder, Encoding, Record, Rule};
use crate::error::{Error, ErrorCode, Field, Kind, Reject, Subject};
use crate::history::{self, Entry, EntryInput, History, Source};
use crate::key::{Jwk, LinkageKey};
use crate::normalize;

/// The JS `Error` for a linkcode error; its message names field, rule and row, never a value.
fn to_js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("LinkcodeError");
    let set = |name: &str, value: JsValue| {
        // Setting a property on a fresh Error object cannot fail.
        let _ = Reflect::set(&err, &JsValue::from_str(name), &value);
    };
    set("code", JsValue::from_str(e.code().as_str()));
    set(
        "field",
        e.subject()
            .map_or(JsValue::UNDEFINED, |f| JsValue::from_str(f.as_str())),
    );
    set(
        "rule",
        e.rule().map_or(JsValue::UNDEFINED, JsValue::from_str),
    );
    set(
        "row",
        e.row()
            .map_or(JsValue::UNDEFINED, |r| JsValue::from_f64(r as f64)),
    );
    err.into()
}

fn js_err(code: ErrorCode) -> JsValue {
    to_js_error(&Error::new(code))
}

fn get(obj: &JsValue, name: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A record value as text: strings as they are, non-negative safe integers in decimal,
/// `null`/`undefined` as absent; anything else is `E_CONFIG` for that field.
fn value_text(value: &JsValue, field: Field) -> Result<String, JsValue> {
    value_text_of(value, Subject::Field(field))
}

/// As [`value_text`], for any subject (history rows have `person`, `from` and `to`).
fn value_text_of(value: &JsValue, subject: Subject) -> Result<String, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(String::new());
    }
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&n) => {
            // A safe integer: the cast is exact, and integer formatting avoids float formatting code.
            Ok((n as u64).to_string())
        }
        _ => Err(to_js_error(&Error::field(ErrorCode::Config, subject))),
    }
}

/// A 32-byte secret shared by the parties that link. Create with `LinkageKey.generate()`,
/// `LinkageKey.fromJwk(jwk)` or `LinkageKey.fromBase64url(text)`; call `free()` (or drop all
/// references) to wipe it from WASM memory.
#[wasm_bindgen(js_name = LinkageKey)]
pub struct JsLinkageKey {
    inner: LinkageKey,
}

#[wasm_bindgen(js_class = LinkageKey)]
impl JsLinkageKey {
    /// A new random key from `crypto.getRandomValues`.
    pub fn generate() -> Result<JsLinkageKey, JsValue> {
        LinkageKey::generate()
            .map(|inner| JsLinkageKey { inner })
            .map_err(|e| to_js_error(&e))
    }

    /// A key from a JWK object or its JSON text: `kty` "oct", `alg` "HS256" when present, `kid`
    /// equal to the fingerprint when present. Throws `E_KEY` or `E_KEY_MISMATCH`.
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(jwk: JsValue) -> Result<JsLinkageKey, JsValue> {
        let jwk = match jwk.as_string() {
            Some(text) => js_sys::JSON::parse(&text).map_err(|_| js_err(ErrorCode::Key))?,
            None => jwk,
        };
        if !jwk.is_object() {
            return Err(js_err(ErrorCode::Key));
        }
        let text = |name: &str| -> Result<Option<String>, JsValue> {
            let v = get(&jwk, name);
            if v.is_undefined() {
                return Ok(None);
            }
            v.as_string()
                .map(Some)
                .ok_or_else(|| js_err(ErrorCode::Key))
        };
        let parsed = Jwk {
            kty: text("kty")?.unwrap_or_default(),
            k: text("k")?.unwrap_or_default().into(),
            alg: text("alg")?,
            kid: text("kid")?,
        };
        LinkageKey::from_jwk(&parsed)
            .map(|inner| JsLinkageKey { inner })
            .map_err(|e| to_js_error(&e))
    }

    /// A key from its raw base64url text (43 characters). Throws `E_KEY`.
    #[wasm_bindgen(js_name = fromBase64url)]
    pub fn from_base64url(text: &str) -> Result<JsLinkageKey, JsValue> {
        LinkageKey::from_base64url(text)
            .map(|inner| JsLinkageKey { inner })
            .map_err(|e| to_js_error(&e))
    }

    /// The key as a JWK object `{kty, k, alg, kid}`; store it like a password.
    #[wasm_bindgen(js_name = toJwk)]
    pub fn to_jwk(&self) -> Object {
        let jwk = self.inner.to_jwk();
        let obj = Object::new();
        let set = |name: &str, value: &str| {
            let _ = Reflect::set(&obj, &JsValue::from_str(name), &JsValue::from_str(value));
        };
        set("kty", &jwk.kty);
        set("k", &jwk.k);
        set("alg", jwk.alg.as_deref().unwrap_or("HS256"));
        set("kid", jwk.kid.as_deref().unwrap_or_default());
        obj
    }

    /// The key as raw base64url text (43 characters).
    #[wasm_bindgen(js_name = toBase64url)]
    pub fn to_base64url(&self) -> String {
        self.inner.to_base64url().to_string()
    }

    /// The public fingerprint (JWK `kid`, 12 characters): compare it to check two sites hold
    /// the same key without revealing it.
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> String {
        self.inner.fingerprint()
    }
}

/// Computes linkage codes for one key and purpose.
///
/// ```js
/// const coder = new Coder(key, { purpose: "ndb-dpc-2026", encoding: "b64" });
/// coder.code("ins", { insurer: "06132013", symbol: "１３１", number: "６７８９０", branch: "1" });
/// ```
#[wasm_bindgen(js_name = Coder)]
pub struct JsCoder {
    inner: Coder,
}

/// The input fields a rule reads, each once, in rule order (`kana_loose` reads `kana`).
fn input_fields(rule: &Rule) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::with_capacity(rule.kinds().len());
    for kind in rule.kinds() {
        if !fields.contains(&kind.input()) {
            fields.push(kind.input());
        }
    }
    fields
}

/// Reads the fields of `rule` from a JS record object and runs `f` on them.
fn with_record<T>(
    rule: &Rule,
    record: &JsValue,
    f: impl FnOnce(&Rule, &Record<'_>) -> Result<T, Error>,
) -> Result<T, JsValue> {
    if !record.is_object() {
        return Err(js_err(ErrorCode::Config));
    }
    let fields = input_fields(rule);
    let values = fields
        .iter()
        .map(|&f| value_text(&get(record, f.as_str()), f))
        .collect::<Result<Vec<_>, _>>()?;
    let mut rec = Record::new();
    for (&field, value) in fields.iter().zip(&values) {
        rec.set(field, value);
    }
    f(rule, &rec).map_err(|e| to_js_error(&e))
}

/// Declares the custom rules of a Coder's `rules` option: `{ "x-…": ["kana", "dob", …] }`.
fn declare_rules(coder: &mut Coder, rules: &JsValue) -> Result<(), JsValue> {
    if rules.is_undefined() {
        return Ok(());
    }
    if !rules.is_object() {
        return Err(js_err(ErrorCode::Config));
    }
    for entry in Object::entries(rules.unchecked_ref::<Object>()).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let id = pair.get(0).as_string().unwrap_or_default();
        let kinds = pair.get(1);
        if !js_sys::Array::is_array(&kinds) {
            return Err(to_js_error(&Error::new(ErrorCode::Config).with_rule(&id)));
        }
        let names = js_sys::Array::from(&kinds)
            .iter()
            .map(|k| {
                k.as_string()
                    .ok_or_else(|| to_js_error(&Error::new(ErrorCode::Config).with_rule(&id)))
            })
            .collect::<Result<Vec<String>, JsValue>>()?;
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let rule = Rule::custom(&id, &names).map_err(|e| to_js_error(&e))?;
        coder.declare(rule).map_err(|e| to_js_error(&e))?;
    }
    Ok(())
}

fn code_to_js(format: CodeFormat, code: &Code) -> JsValue {
    match format.encoding {
        Encoding::Raw => Uint8Array::from(format.bytes(code)).into(),
        _ => JsValue::from_str(&format.text(code)),
    }
}

impl JsCoder {
    fn rule(&self, id: &str) -> Result<Rule, JsValue> {
        self.inner.rule(id).map_err(|e| to_js_error(&e))
    }
}

#[wasm_bindgen(js_class = Coder)]
impl JsCoder {
    /// A coder: `options = {purpose, encoding?: "b64" | "hex" | "raw", truncate?: boolean}`.
    /// Throws `E_PURPOSE`, `E_ENCODING` or `E_CONFIG` (unknown option or wrong type).
    #[wasm_bindgen(constructor)]
    pub fn new(key: &JsLinkageKey, options: JsValue) -> Result<JsCoder, JsValue> {
        if !options.is_object() {
            return Err(js_err(ErrorCode::Config));
        }
        for name in Object::keys(options.unchecked_ref::<Object>()).iter() {
            let known = name.as_string().is_some_and(|n| {
                matches!(n.as_str(), "purpose" | "encoding" | "truncate" | "rules")
            });
            if !known {
                return Err(js_err(ErrorCode::Config));
            }
        }
        let purpose = get(&options, "purpose")
            .as_string()
            .ok_or_else(|| js_err(ErrorCode::Purpose))?;
        let encoding = match get(&options, "encoding") {
            v if v.is_undefined() => Encoding::default(),
            v => Encoding::from_name(&v.as_string().ok_or_else(|| js_err(ErrorCode::Encoding))?)
                .map_err(|e| to_js_error(&e))?,
        };
        let truncate = match get(&options, "truncate") {
            v if v.is_undefined() => false,
            v => v.as_bool().ok_or_else(|| js_err(ErrorCode::Config))?,
        };
        let mut inner = Coder::new(&key.inner, &purpose, CodeFormat { encoding, truncate })
            .map_err(|e| to_js_error(&e))?;
        declare_rules(&mut inner, &get(&options, "rules"))?;
        Ok(JsCoder { inner })
    }

    /// The code of one record (an object keyed by field names): a string for b64/hex, a
    /// `Uint8Array` for raw. Throws the first failing field in rule order.
    pub fn code(&self, rule: &str, record: JsValue) -> Result<JsValue, JsValue> {
        let code = with_record(&self.rule(rule)?, &record, |rule, rec| {
            self.inner.code(rule, rec)
        })?;
        Ok(code_to_js(self.inner.format(), &code))
    }

    /// The canonical field values a record's code is made of, in rule order.
    pub fn canonical(&self, rule: &str, record: JsValue) -> Result<Vec<String>, JsValue> {
        with_record(&self.rule(rule)?, &record, |rule, rec| {
            self.inner.canonical(rule, rec)
        })
    }

    /// The input field names a rule reads, in message order, each once.
    #[wasm_bindgen(js_name = ruleFields)]
    pub fn rule_fields(&self, rule: &str) -> Result<Vec<String>, JsValue> {
        Ok(input_fields(&self.rule(rule)?)
            .iter()
            .map(|f| f.as_str().to_owned())
            .collect())
    }

    /// Internal to the package's `codeBatch`: columns packed as one string with UTF-16 lengths.
    #[wasm_bindgen(js_name = codeBatchPacked)]
    pub fn code_batch_packed(
        &self,
        rule: &str,
        fields: Vec<String>,
        data: &str,
        lengths: &[u32],
        rows: u32,
    ) -> Result<Object, JsValue> {
        let rule = self.rule(rule)?;
        let values = split_utf16(data, lengths).ok_or_else(|| js_err(ErrorCode::Config))?;
        let columns = unpack_columns(&fields, &values, rows as usize)?;
        let batch = self.inner.code_batch(&rule, &columns);
        Ok(pack_codes(
            self.inner.format(),
            &batch.codes,
            &batch.rejects,
        ))
    }

    /// Internal to the package's `historyBatch`: columns packed as in `codeBatchPacked`.
    #[wasm_bindgen(js_name = historyBatchPacked)]
    pub fn history_batch_packed(
        &self,
        index: &JsHistoryIndex,
        fields: Vec<String>,
        data: &str,
        lengths: &[u32],
        rows: u32,
    ) -> Result<Object, JsValue> {
        let values = split_utf16(data, lengths).ok_or_else(|| js_err(ErrorCode::Config))?;
        let columns = unpack_columns(&fields, &values, rows as usize)?;
        let batch = self
            .inner
            .history_batch(&index.inner, &columns)
            .map_err(|e| to_js_error(&e))?;
        let out = pack_codes(self.inner.format(), &batch.codes, &batch.rejects);
        let sources: Vec<u8> = batch
            .sources
            .iter()
            .map(|s| match s {
                Source::History => 0,
                Source::Own => 1,
                Source::Rejected => 2,
            })
            .collect();
        set(&out, "sources", &Uint8Array::from(sources.as_slice()));
        Ok(out)
    }

    /// The codes of a normalized history (from `history.normalize`): `{root, entries}`, the
    /// history code and the `ins` code of every person-level entry (null for household-level).
    /// Throws `E_CONFIG` when `h` is not a normalized history.
    #[wasm_bindgen(js_name = historyCodes)]
    pub fn history_codes(&self, h: JsValue) -> Result<Object, JsValue> {
        let history = read_history(&h)?;
        let codes = self.inner.history_codes(&history);
        let format = self.inner.format();
        let to_js = |c: &Option<Code>| c.as_ref().map_or(JsValue::NULL, |c| code_to_js(format, c));
        let entries = js_sys::Array::new();
        for code in &codes.entries {
            entries.push(&to_js(code));
        }
        let out = Object::new();
        set(&out, "root", &to_js(&codes.root));
        set(&out, "entries", &entries);
        Ok(out)
    }

    /// A history index for 名寄せ from history-file rows `[{person, insurer, symbol, number,
    /// branch, from, to}]`, or the text of a history file in its CSV form (header
    /// `person,insurer,symbol,number,branch,from,to`): every person-level number → its person's
    /// history code. Throws `E_CSV_QUOTE` or `E_CONFIG` (bad header) for a file.
    #[wasm_bindgen(js_name = historyIndex)]
    pub fn history_index(&self, rows: JsValue) -> Result<JsHistoryIndex, JsValue> {
        if let Some(text) = rows.as_string() {
            let inner = self.inner.history_index_file(&text).map_err(|e| to_js_error(&e))?;
            return Ok(JsHistoryIndex { inner });
        }
        let texts = read_rows(
            &rows,
            &[
                "person", "insurer", "symbol", "number", "branch", "from", "to",
            ],
        )?;
        let pairs: Vec<(&str, EntryInput<'_>)> = texts
            .iter()
            .map(|r| match r.split_first() {
                Some((person, entry)) => (person.as_str(), entry_input(entry)),
                None => ("", entry_input(&[])),
            })
            .collect();
        Ok(JsHistoryIndex {
            inner: self.inner.history_index(&pairs),
        })
    }

    /// The history code of the person whose history holds the record's insurance number.
    /// Throws the `ins` field errors, `E_HOUSEHOLD`, `E_NOT_IN_HISTORY` or `E_HISTORY_AMBIGUOUS`.
    #[wasm_bindgen(js_name = historyCode)]
    pub fn history_code(
        &self,
        index: &JsHistoryIndex,
        record: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = with_record(&Rule::INS, &record, |_, rec| {
            self.inner.history_code(&index.inner, rec)
        })?;
        Ok(code_to_js(self.inner.format(), &code))
    }

    /// This coder's code for a full 32-byte code (b64 or hex text, or 32 bytes), in this
    /// coder's encoding: per-recipient codes for hubs that hold only codes.
    pub fn rekey(&self, code: JsValue) -> Result<JsValue, JsValue> {
        let code = code_from_js(&code)?;
        Ok(code_to_js(self.inner.format(), &self.inner.rekey(&code)))
    }

    /// The purpose.
    #[wasm_bindgen(getter)]
    pub fn purpose(&self) -> String {
        self.inner.purpose().to_owned()
    }

    /// The output encoding: "b64", "hex" or "raw".
    #[wasm_bindgen(getter)]
    pub fn encoding(&self) -> String {
        self.inner.format().encoding.as_str().to_owned()
    }

    /// Whether codes are truncated to 128 bits.
    #[wasm_bindgen(getter)]
    pub fn truncate(&self) -> bool {
        self.inner.format().truncate
    }

    /// The key's fingerprint.
    #[wasm_bindgen(getter, js_name = keyFingerprint)]
    pub fn key_fingerprint(&self) -> String {
        self.inner.key_fingerprint().to_owned()
    }
}

fn set(obj: &Object, name: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(name), value);
}

/// Columns from the packed form: `fields.len()` columns of `rows` values each, in order.
fn unpack_columns<'a>(
    fields: &[String],
    values: &[&'a str],
    rows: usize,
) -> Result<Columns<'a>, JsValue> {
    if fields.len().checked_mul(rows) != Some(values.len()) {
        return Err(js_err(ErrorCode::Config));
    }
    let mut columns = Columns::new(rows);
    for (name, chunk) in fields.iter().zip(values.chunks(rows.max(1))) {
        let field = Field::from_name(name).ok_or_else(|| js_err(ErrorCode::Config))?;
        columns
            .insert(field, chunk.to_vec())
            .map_err(|e| to_js_error(&e))?;
    }
    Ok(columns)
}

/// `{codes, coded, rejects}`: codes as one fixed-width string (blank slots for rejected rows)
/// or one byte array (zero slots), a 0/1 flag per row, rejects as `[row, subject, code]*`.
fn pack_codes(format: CodeFormat, codes: &[Option<Code>], rejects: &[Reject]) -> Object {
    let coded: Vec<u8> = codes.iter().map(|c| u8::from(c.is_some())).collect();
    let packed: JsValue = if format.encoding == Encoding::Raw {
        let mut bytes = vec![0u8; codes.len() * format.byte_len()];
        for (slot, code) in bytes.chunks_exact_mut(format.byte_len()).zip(codes) {
            if let Some(code) = code {
                slot.copy_from_slice(format.bytes(code));
            }
        }
        Uint8Array::from(bytes.as_slice()).into()
    } else {
        let mut text = String::with_capacity(codes.len() * format.text_len());
        let blank = " ".repeat(format.text_len());
        for code in codes {
            match code {
                Some(code) => format.push_text(code, &mut text),
                None => text.push_str(&blank),
            }
        }
        JsValue::from_str(&text)
    };
    let flat: Vec<u32> = rejects
        .iter()
        .flat_map(|r| {
            let code = ErrorCode::ALL
                .iter()
                .position(|&c| c == r.code)
                .unwrap_or_default();
            [r.row as u32, r.field.index() as u32, code as u32]
        })
        .collect();
    let out = Object::new();
    set(&out, "codes", &packed);
    set(&out, "coded", &Uint8Array::from(coded.as_slice()));
    set(&out, "rejects", &Uint32Array::from(flat.as_slice()));
    out
}

/// Rows of an array of objects, each as the texts of `names` (absent = empty).
fn read_rows(rows: &JsValue, names: &[&str]) -> Result<Vec<Vec<String>>, JsValue> {
    if !js_sys::Array::is_array(rows) {
        return Err(js_err(ErrorCode::Config));
    }
    js_sys::Array::from(rows)
        .iter()
        .map(|row| {
            if !row.is_object() {
                return Err(js_err(ErrorCode::Config));
            }
            names
                .iter()
                .map(|&name| {
                    let field = Field::from_name(name).map_or(Subject::History, Subject::Field);
                    value_text_of(&get(&row, name), field)
                })
                .collect()
        })
        .collect()
}

/// An entry from the texts of insurer, symbol, number, branch, from, to.
fn entry_input(t: &[String]) -> EntryInput<'_> {
    let at = |i: usize| t.get(i).map_or("", String::as_str);
    EntryInput {
        insurer: at(0),
        symbol: at(1),
        number: at(2),
        branch: at(3),
        from: at(4),
        to: at(5),
    }
}

/// A normalized history read back from JS: entries' canonical fields (checked again) and root.
fn read_history(h: &JsValue) -> Result<History, JsValue> {
    let entries = get(h, "entries");
    let texts = read_rows(&entries, &["insurer", "symbol", "number", "branch"])?;
    let mut history = History::default();
    for t in &texts {
        let again = |kind: Field, i: usize| {
            let text = t.get(i).map_or("", String::as_str);
            match normalize::field(kind, text) {
                Ok(v) if v == text => Ok(v),
                _ => Err(js_err(ErrorCode::Config)),
            }
        };
        history.entries.push(Entry {
            insurer: again(Field::Insurer, 0)?,
            symbol: again(Field::Symbol, 1)?,
            number: again(Field::Number, 2)?,
            branch: again(Field::Branch, 3)?,
            periods: Vec::new(),
        });
    }
    let root = get(h, "root");
    history.root = match root.as_f64() {
        _ if root.is_null() || root.is_undefined() => None,
        Some(r) if r.fract() == 0.0 && r >= 0.0 && (r as usize) < history.entries.len() => {
            Some(r as usize)
        }
        _ => return Err(js_err(ErrorCode::Config)),
    };
    Ok(history)
}

/// Splits `data` into consecutive pieces of the given UTF-16 lengths (JS `string.length`).
fn split_utf16<'a>(data: &'a str, lengths: &[u32]) -> Option<Vec<&'a str>> {
    let mut out = Vec::with_capacity(lengths.len());
    let mut start = 0;
    if data.is_ascii() {
        for &len in lengths {
            let end = start + len as usize;
            out.push(data.get(start..end)?);
            start = end;
        }
    } else {
        let mut chars = data.chars();
        for &len in lengths {
            let (mut units, mut end) = (0usize, start);
            while units < len as usize {
                let c = chars.next()?;
                units += c.len_utf16();
                end += c.len_utf8();
            }
            if units != len as usize {
                return None;
            }
            out.push(data.get(start..end)?);
            start = end;
        }
    }
    (start == data.len()).then_some(out)
}

fn code_from_js(code: &JsValue) -> Result<Code, JsValue> {
    if let Some(text) = code.as_string() {
        return Code::parse(&text).map_err(|e| to_js_error(&e));
    }
    if let Some(bytes) = code.dyn_ref::<Uint8Array>() {
        let bytes: [u8; 32] = bytes
            .to_vec()
            .try_into()
            .map_err(|_| js_err(ErrorCode::Encoding))?;
        return Ok(Code::from_bytes(bytes));
    }
    Err(js_err(ErrorCode::Encoding))
}

/// Person-level numbers of a history file → each person's history code; made by
/// `coder.historyIndex(rows)` and used only with that coder.
#[wasm_bindgen(js_name = HistoryIndex)]
pub struct JsHistoryIndex {
    inner: history::HistoryIndex,
}

#[wasm_bindgen(js_class = HistoryIndex)]
impl JsHistoryIndex {
    /// Number of persons in the file.
    #[wasm_bindgen(getter)]
    pub fn persons(&self) -> u32 {
        self.inner.persons().len() as u32
    }

    /// Rejected rows of the history file: `[{row, field, code}]` (0-based row).
    #[wasm_bindgen(getter)]
    pub fn rejects(&self) -> js_sys::Array {
        rejects_to_js(self.inner.rejects(), "row")
    }
}

fn rejects_to_js(rejects: &[Reject], row_name: &str) -> js_sys::Array {
    let out = js_sys::Array::new();
    for r in rejects {
        let item = Object::new();
        set(&item, row_name, &JsValue::from_f64(r.row as f64));
        set(&item, "field", &JsValue::from_str(r.field.as_str()));
        set(&item, "code", &JsValue::from_str(r.code.as_str()));
        out.push(&item);
    }
    out
}

/// Normalizes a history: `entries` is an array of `{insurer, symbol, number, branch?, from?,
/// to?}` (several partial histories simply concatenated, any order). Returns `{entries, root,
/// warnings, rejects}`; see SPEC.md §5. Row problems are data (`rejects`, `warnings`).
#[wasm_bindgen(js_name = historyNormalize)]
pub fn history_normalize(entries: JsValue) -> Result<Object, JsValue> {
    let texts = read_rows(
        &entries,
        &["insurer", "symbol", "number", "branch", "from", "to"],
    )?;
    let inputs: Vec<EntryInput<'_>> = texts.iter().map(|t| entry_input(t)).collect();
    let h = history::normalize(&inputs);
    let text = |d: Option<String>| d.map_or(JsValue::NULL, |d| JsValue::from_str(&d));
    let entries = js_sys::Array::new();
    for e in &h.entries {
        let item = Object::new();
        set(&item, "insurer", &JsValue::from_str(&e.insurer));
        set(&item, "symbol", &JsValue::from_str(&e.symbol));
        set(&item, "number", &JsValue::from_str(&e.number));
        set(&item, "branch", &JsValue::from_str(&e.branch));
        let periods = js_sys::Array::new();
        for p in &e.periods {
            let period = Object::new();
            set(&period, "from", &text(p.from_text()));
            set(&period, "to", &text(p.to_text()));
            periods.push(&period);
        }
        set(&item, "periods", &periods);
        entries.push(&item);
    }
    let warnings = js_sys::Array::new();
    for w in &h.warnings {
        let item = Object::new();
        set(&item, "code", &JsValue::from_str(w.code.as_str()));
        let indices = js_sys::Array::new();
        for &i in &w.entries {
            indices.push(&JsValue::from_f64(i as f64));
        }
        set(&item, "entries", &indices);
        warnings.push(&item);
    }
    let out = Object::new();
    set(&out, "entries", &entries);
    set(
        &out,
        "root",
        &h.root
            .map_or(JsValue::NULL, |r| JsValue::from_f64(r as f64)),
    );
    set(&out, "warnings", &warnings);
    set(&out, "rejects", &rejects_to_js(&h.rejects, "index"));
    Ok(out)
}

/// Re-keys a full code for a recipient key and purpose; the result has the input's encoding
/// (b64 text, hex text or a `Uint8Array`). Throws `E_ENCODING` or `E_PURPOSE`.
#[wasm_bindgen]
pub fn rekey(code: JsValue, key: &JsLinkageKey, purpose: &str) -> Result<JsValue, JsValue> {
    let parsed = code_from_js(&code)?;
    let out = code::rekey(&parsed, &key.inner, purpose).map_err(|e| to_js_error(&e))?;
    let encoding = match code.as_string() {
        Some(text) if text.len() == 64 => Encoding::Hex,
        Some(_) => Encoding::B64,
        None => Encoding::Raw,
    };
    Ok(code_to_js(
        CodeFormat {
            encoding,
            truncate: false,
        },
        &out,
    ))
}

/// Canonical value of a field or rule component by name (`"insurer"`, `"dob"`, `"kana_loose"`,
/// …). Throws the field's error.
#[wasm_bindgen(js_name = normalizeField)]
pub fn normalize_field(kind: &str, value: JsValue) -> Result<String, JsValue> {
    let kind = Kind::from_name(kind).ok_or_else(|| js_err(ErrorCode::Config))?;
    let text = value_text(&value, kind.input())?;
    normalize::canonical(kind, &text).map_err(|e| to_js_error(&e))
}

/// How a value normalizes, step by step: `{kind, field, canonical, error, steps: [{step,
/// value}]}`; `canonical` is null and `error` the code when it fails. The result holds the input
/// and every intermediate value: show it to the person who asked, never log it. Throws
/// `E_CONFIG` only for an unknown kind.
#[wasm_bindgen(js_name = normalizeExplain)]
pub fn normalize_explain(kind: &str, value: JsValue) -> Result<Object, JsValue> {
    let kind = Kind::from_name(kind).ok_or_else(|| js_err(ErrorCode::Config))?;
    let text = value_text(&value, kind.input())?;
    let explanation = normalize::explain(kind, &text);
    let out = Object::new();
    let set = |obj: &Object, name: &str, value: &JsValue| {
        let _ = Reflect::set(obj, &JsValue::from_str(name), value);
    };
    set(&out, "kind", &JsValue::from_str(kind.as_str()));
    set(&out, "field", &JsValue::from_str(kind.input().as_str()));
    let (canonical, error) = match &explanation.result {
        Ok(v) => (JsValue::from_str(v), JsValue::NULL),
        Err(code) => (JsValue::NULL, JsValue::from_str(code.as_str())),
    };
    set(&out, "canonical", &canonical);
    set(&out, "error", &error);
    let steps = js_sys::Array::new();
    for (step, value) in &explanation.steps {
        let item = Object::new();
        set(&item, "step", &JsValue::from_str(step));
        set(&item, "value", &JsValue::from_str(value));
        steps.push(&item);
    }
    set(&out, "steps", &steps);
    Ok(out)
}

/// The stable error codes, in SPEC.md order.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect()
}

/// The names of reject subjects (fields, then from, to, person, history): the index used in
/// packed rejects.
#[wasm_bindgen(js_name = subjectNames)]
pub fn subject_names() -> Vec<String> {
    Subject::ALL.iter().map(|f| f.as_str().to_owned()).collect()
}

/// The built-in rule ids.
#[wasm_bindgen(js_name = ruleIds)]
pub fn rule_ids() -> Vec<String> {
    Rule::BUILTIN.iter().map(|r| r.id().to_owned()).collect()
}

/// The spec version inside every message (`"lc1"`).
#[wasm_bindgen(js_name = specVersion)]
pub fn spec_version() -> String {
    code::SPEC_VERSION.to_owned()
}
