//! Single-field normalization, `explain`, and the stable name tables for JavaScript.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Canonical value of a field or rule component by name (`"insurer"`, `"dob"`, `"kana_loose"`,
/// …). Throws the field's error.
#[wasm_bindgen(js_name = normalizeField)]
pub fn normalize_field(kind: &str, value: JsValue) -> Result<String, JsValue> {
    let kind = Kind::from_name(kind).ok_or_else(|| js_err(ErrorCode::Config))?;
    let text = value_text(&value, kind.input())?;
    crate::normalize::canonical(kind, &text).map_err(|e| to_js_error(&e))
}
/// How a value normalizes, step by step: `{kind, field, canonical, error, steps: [{step,
/// value}]}`; `canonical` is null and `error` the code when it fails. The result holds the input
/// and every intermediate value: show it to the person who asked, never log it. Throws
/// `E_CONFIG` only for an unknown kind.
#[wasm_bindgen(js_name = normalizeExplain)]
pub fn normalize_explain(kind: &str, value: JsValue) -> Result<Object, JsValue> {
    let kind = Kind::from_name(kind).ok_or_else(|| js_err(ErrorCode::Config))?;
    let text = value_text(&value, kind.input())?;
    let explanation = crate::normalize::explain(kind, &text);
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
/// The input fields a built-in rule reads, in message order, each once. Throws `E_RULE`.
#[wasm_bindgen(js_name = ruleInputFields)]
pub fn rule_input_fields(rule: &str) -> Result<Vec<String>, JsValue> {
    let rule = Rule::builtin(rule).map_err(|e| to_js_error(&e))?;
    Ok(super::coder::input_fields(&rule)
        .iter()
        .map(|f| f.as_str().to_owned())
        .collect())
}

/// The fields of a CSV header as the pseudonymizer would map them without an explicit mapping
/// (a field name or null per column), and the header's cells: `{columns, fields}`. `text` is
/// the start of the file, decoded; only its first record is read.
#[wasm_bindgen(js_name = csvHeader)]
pub fn csv_header(text: &str) -> Result<Object, JsValue> {
    let first = crate::csv::first_record(text).unwrap_or_default();
    let cells: Vec<&str> = first.iter().map(String::as_str).collect();
    let fields = crate::pseudonymize::detect_columns(&cells);
    let columns = js_sys::Array::new();
    let mapped = js_sys::Array::new();
    for (cell, field) in cells.iter().zip(&fields) {
        columns.push(&JsValue::from_str(cell));
        mapped.push(&field.map_or(JsValue::NULL, |f| JsValue::from_str(f.as_str())));
    }
    let out = Object::new();
    set(&out, "columns", &columns);
    set(&out, "fields", &mapped);
    Ok(out)
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

/// Benchmark support, not API: hashes `n` one-block messages with SHA-256 (one compression
/// each) and returns a byte of the last digest, so that `bench/codes.mjs` can measure the
/// compressions per second this WASM build reaches — the bound of every code's cost.
#[doc(hidden)]
#[wasm_bindgen(js_name = __benchSha256)]
pub fn bench_sha256(n: u32) -> u8 {
    use sha2::Digest;
    let mut block = [0u8; 55];
    let mut last = 0u8;
    for i in 0..n {
        block[0] = i as u8;
        last = sha2::Sha256::digest(block)
            .first()
            .copied()
            .unwrap_or_default();
        block[1] = last;
    }
    last
}
