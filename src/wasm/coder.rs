//! `Coder` for JavaScript: codes of records and packed batches, custom rules, re-keying.

use super::history::{entry_input, read_history};
#[allow(clippy::wildcard_imports)]
use super::*;

/// Computes linkage codes for one key and purpose.
///
/// ```js
/// const coder = new Coder(key, { purpose: "ndb-dpc-2026", encoding: "b64" });
/// coder.code("ins", { insurer: "06132013", symbol: "１３１", number: "６７８９０", branch: "1" });
/// ```
#[wasm_bindgen(js_name = Coder)]
pub struct JsCoder {
    pub(crate) inner: Coder,
}
/// The input fields a rule reads, each once, in rule order (`kana_loose` reads `kana`).
pub(crate) fn input_fields(rule: &Rule) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::with_capacity(rule.kinds().len());
    for kind in rule.kinds() {
        if !fields.contains(&kind.input()) {
            fields.push(kind.input());
        }
    }
    fields
}
/// Reads the fields of `rule` from a JS record object and runs `f` on them.
pub(crate) fn with_record<T>(
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
pub(crate) fn declare_rules(coder: &mut Coder, rules: &JsValue) -> Result<(), JsValue> {
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
            let inner = self
                .inner
                .history_index_file(&text)
                .map_err(|e| to_js_error(&e))?;
            return Ok(JsHistoryIndex {
                inner: inner.into(),
            });
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
            inner: self.inner.history_index(&pairs).into(),
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

    /// The persons of a history index: `[{person, code, warnings}]`, `code` being the person's
    /// history code in this coder's encoding (null without a person-level entry).
    #[wasm_bindgen(js_name = historyPersons)]
    pub fn history_persons(&self, index: &JsHistoryIndex) -> Result<js_sys::Array, JsValue> {
        self.inner
            .check_index(&index.inner)
            .map_err(|e| to_js_error(&e))?;
        let format = self.inner.format();
        let out = js_sys::Array::new();
        for person in index.inner.persons() {
            let item = Object::new();
            set(&item, "person", &JsValue::from_str(&person.person));
            set(
                &item,
                "code",
                &person
                    .code
                    .as_ref()
                    .map_or(JsValue::NULL, |c| code_to_js(format, c)),
            );
            let warnings = js_sys::Array::new();
            for w in &person.warnings {
                warnings.push(&JsValue::from_str(w.code.as_str()));
            }
            set(&item, "warnings", &warnings);
            out.push(&item);
        }
        Ok(out)
    }

    /// A streaming CSV pseudonymizer with this coder (see `Pseudonymizer`).
    pub fn pseudonymizer(&self, options: JsValue) -> Result<JsPseudonymizer, JsValue> {
        JsPseudonymizer::new(self.inner.clone(), &options, None)
    }

    /// A streaming CSV pseudonymizer that can emit the `history` pseudo-rule with `index`.
    #[wasm_bindgen(js_name = pseudonymizerWithHistory)]
    pub fn pseudonymizer_with_history(
        &self,
        options: JsValue,
        index: &JsHistoryIndex,
    ) -> Result<JsPseudonymizer, JsValue> {
        JsPseudonymizer::new(self.inner.clone(), &options, Some(Arc::clone(&index.inner)))
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
