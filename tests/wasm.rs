//! The JS boundary, tested from Rust inside WASM: in Node (`cargo test --target
//! wasm32-unknown-unknown --test wasm`) and in headless Chromium (the same with
//! `WASM_BINDGEN_USE_BROWSER=1`). Same vectors as the native tests.
#![cfg(target_arch = "wasm32")]

use js_sys::{Reflect, Uint32Array, Uint8Array, JSON};
use linkcode::wasm::{
    history_normalize, normalize_explain, normalize_field, rekey, JsCoder, JsLinkageKey,
};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const FIELDS: &str = include_str!("vectors/fields.json");
const CODES: &str = include_str!("vectors/codes.json");
const KEYS: &str = include_str!("vectors/keys.json");
const HISTORY: &str = include_str!("vectors/history.json");

fn doc(text: &str) -> Value {
    serde_json::from_str(text).expect("vector JSON")
}

fn s(v: &Value) -> &str {
    v.as_str().expect("string")
}

fn js(v: &Value) -> JsValue {
    JSON::parse(&v.to_string()).expect("JSON")
}

fn prop(obj: &JsValue, name: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(name)).expect("property")
}

/// Asserts the shape of a thrown error: a real Error named LinkcodeError with code and field,
/// whose message does not contain the input.
fn assert_error(err: &JsValue, code: &str, field: Option<&str>, input: &str, id: &str) {
    let error = err
        .dyn_ref::<js_sys::Error>()
        .unwrap_or_else(|| panic!("{id}: not an Error"));
    assert_eq!(String::from(error.name()), "LinkcodeError", "{id}");
    assert_eq!(prop(err, "code").as_string().as_deref(), Some(code), "{id}");
    assert_eq!(prop(err, "field").as_string().as_deref(), field, "{id}");
    let message = String::from(error.message());
    let probe = input.trim();
    if probe.chars().count() >= 3 {
        assert!(!message.contains(probe), "{id}: message contains the input");
    }
}

/// The custom rules the code vectors declare, as a Coder's `rules` option.
fn declared_rules(codes: &Value) -> Value {
    let mut rules = serde_json::Map::new();
    for case in codes["cases"].as_array().expect("cases") {
        if let Some(kinds) = case.get("declare") {
            rules.insert(s(&case["rule"]).to_owned(), kinds.clone());
        }
    }
    Value::Object(rules)
}

fn test_coder(codes: &Value, encoding: &str) -> JsCoder {
    let key = JsLinkageKey::from_base64url(s(&codes["key"]["base64url"])).expect("key");
    let options = serde_json::json!({"purpose": codes["purpose"], "encoding": encoding, "rules": declared_rules(codes)});
    JsCoder::new(&key, js(&options)).expect("coder")
}

#[wasm_bindgen_test]
fn field_vectors_normalize_identically_in_wasm() {
    let fields = doc(FIELDS);
    for case in fields["cases"].as_array().expect("cases") {
        let (id, field, input) = (s(&case["id"]), s(&case["field"]), s(&case["input"]));
        match (
            normalize_field(field, JsValue::from_str(input)),
            case.get("canonical"),
        ) {
            (Ok(got), Some(want)) => assert_eq!(got, s(want), "{id}"),
            (Err(err), None) => {
                // kana_loose reads the kana input and reports its errors as kana.
                let input_field = if field == "kana_loose" { "kana" } else { field };
                assert_error(&err, s(&case["error"]), Some(input_field), input, id)
            }
            (got, _) => panic!(
                "{id}: unexpected {:?}",
                got.map_err(|e| prop(&e, "code").as_string())
            ),
        }
    }
}

#[wasm_bindgen_test]
fn code_vectors_match_in_wasm_for_b64_hex_and_raw() {
    let codes = doc(CODES);
    let (b64, hex, raw) = (
        test_coder(&codes, "b64"),
        test_coder(&codes, "hex"),
        test_coder(&codes, "raw"),
    );
    for case in codes["cases"].as_array().expect("cases") {
        let (id, rule, input) = (s(&case["id"]), s(&case["rule"]), js(&case["input"]));
        match case.get("b64") {
            Some(want) => {
                assert_eq!(
                    b64.code(rule, input.clone())
                        .expect(id)
                        .as_string()
                        .as_deref(),
                    Some(s(want)),
                    "{id}"
                );
                assert_eq!(
                    hex.code(rule, input.clone())
                        .expect(id)
                        .as_string()
                        .as_deref(),
                    Some(s(&case["hex"])),
                    "{id}"
                );
                let bytes = Uint8Array::new(&raw.code(rule, input).expect(id)).to_vec();
                let hex_text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                assert_eq!(hex_text, s(&case["hex"]), "{id}");
            }
            None => {
                let first = &case["errors"][0];
                let err = b64.code(rule, input).expect_err(id);
                assert_error(&err, s(&first["code"]), Some(s(&first["field"])), "", id);
                assert_eq!(
                    prop(&err, "rule").as_string().as_deref(),
                    Some(rule),
                    "{id}"
                );
            }
        }
    }
}

#[wasm_bindgen_test]
fn packed_batches_split_utf16_columns_and_report_every_failing_field() {
    let codes = doc(CODES);
    let coder = test_coder(&codes, "b64");
    let rows: Vec<&Value> = codes["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|c| c["rule"] == "ins")
        .collect();
    let fields = ["insurer", "symbol", "number", "branch"];
    let mut data = String::new();
    let mut lengths = Vec::new();
    for field in fields {
        for row in &rows {
            let value = row["input"].get(field).map_or("", s);
            data.push_str(value);
            lengths.push(value.encode_utf16().count() as u32);
        }
    }
    let names = fields.iter().map(|f| f.to_string()).collect();
    let out = coder
        .code_batch_packed("ins", names, &data, &lengths, rows.len() as u32)
        .expect("batch");
    let text = prop(&out, "codes").as_string().expect("codes text");
    let coded = Uint8Array::new(&prop(&out, "coded")).to_vec();
    let rejects = Uint32Array::new(&prop(&out, "rejects")).to_vec();
    for (i, row) in rows.iter().enumerate() {
        let id = s(&row["id"]);
        match row.get("b64") {
            Some(want) => {
                assert_eq!(coded[i], 1, "{id}");
                assert_eq!(&text[i * 43..(i + 1) * 43], s(want), "{id}");
            }
            None => {
                assert_eq!(coded[i], 0, "{id}");
                let n = rejects.chunks(3).filter(|r| r[0] as usize == i).count();
                assert_eq!(n, row["errors"].as_array().expect("errors").len(), "{id}");
            }
        }
    }
    // Lengths that do not add up to the data are a configuration error, not a panic.
    let bad = coder
        .code_batch_packed("ins", vec!["insurer".into()], "abc", &[5], 1)
        .expect_err("bad lengths");
    assert_error(&bad, "E_CONFIG", None, "", "bad lengths");
}

#[wasm_bindgen_test]
fn lone_surrogates_from_js_are_charset_errors() {
    let lone = JSON::parse("\"12\\ud800\"").expect("string with a lone surrogate");
    let err = normalize_field("number", lone).expect_err("lone surrogate");
    assert_error(&err, "E_CHARSET", Some("number"), "", "lone surrogate");
}

#[wasm_bindgen_test]
fn numbers_are_read_in_decimal_and_other_types_are_config_errors() {
    assert_eq!(
        normalize_field("insurer", JsValue::from_f64(6_132_013.0)).expect("number"),
        "06132013"
    );
    let err = normalize_field("insurer", JsValue::from_f64(1.5)).expect_err("fraction");
    assert_error(&err, "E_CONFIG", Some("insurer"), "", "fraction");
    let err = normalize_field("sex", JsValue::TRUE).expect_err("boolean");
    assert_error(&err, "E_CONFIG", Some("sex"), "", "boolean");
    let err = normalize_field("nickname", JsValue::from_str("x")).expect_err("unknown field");
    assert_error(&err, "E_CONFIG", None, "", "unknown field");
}

#[wasm_bindgen_test]
fn jwk_objects_and_text_import_with_kid_checked() {
    let keys = doc(KEYS);
    let jwk = js(&keys["test_key"]["jwk"]);
    let key = JsLinkageKey::from_jwk(jwk.clone()).expect("jwk object");
    assert_eq!(key.fingerprint(), s(&keys["test_key"]["fingerprint"]));
    let text = JsValue::from_str(&keys["test_key"]["jwk"].to_string());
    assert_eq!(
        JsLinkageKey::from_jwk(text)
            .expect("jwk text")
            .fingerprint(),
        key.fingerprint()
    );
    let round = JsLinkageKey::from_jwk(key.to_jwk().into()).expect("round trip");
    assert_eq!(round.to_base64url(), s(&keys["test_key"]["base64url"]));
    for case in keys["jwks"].as_array().expect("jwks") {
        match (JsLinkageKey::from_jwk(js(&case["jwk"])), case.get("error")) {
            (Ok(k), None) => assert_eq!(k.fingerprint(), s(&case["fingerprint"])),
            (Err(e), Some(code)) => assert_error(&e, s(code), None, "", &case["jwk"].to_string()),
            _ => panic!("unexpected result for {}", case["jwk"]),
        }
    }
    let err = JsLinkageKey::from_jwk(JsValue::from_str("{not json"))
        .err()
        .expect("bad JSON");
    assert_error(&err, "E_KEY", None, "", "bad JSON");
    let generated = JsLinkageKey::generate().expect("random key");
    assert_eq!(generated.to_base64url().len(), 43);
    assert_ne!(
        generated.to_base64url(),
        JsLinkageKey::generate().expect("random key").to_base64url()
    );
}

#[wasm_bindgen_test]
fn rekey_keeps_the_input_encoding_and_matches_the_vectors() {
    let codes = doc(CODES);
    let case = &codes["cases"][0];
    let recipient = JsLinkageKey::from_base64url(s(&codes["other_key"]["base64url"])).expect("key");
    let purpose = s(&codes["rekey_purpose"]);
    let out = rekey(JsValue::from_str(s(&case["b64"])), &recipient, purpose).expect("b64");
    assert_eq!(out.as_string().as_deref(), Some(s(&case["rekeyed_b64"])));
    let hex = rekey(JsValue::from_str(s(&case["hex"])), &recipient, purpose).expect("hex");
    assert_eq!(hex.as_string().map(|h| h.len()), Some(64));
    let err = rekey(
        JsValue::from_str(&s(&case["b64"])[..22]),
        &recipient,
        purpose,
    )
    .expect_err("truncated");
    assert_error(&err, "E_ENCODING", None, "", "truncated");
}

#[wasm_bindgen_test]
fn coder_options_are_validated() {
    let key = JsLinkageKey::generate().expect("key");
    let cases = [
        (r#"{"purpose":"Bad"}"#, "E_PURPOSE"),
        (r#"{}"#, "E_PURPOSE"),
        (r#"{"purpose":"ok","encoding":"base32"}"#, "E_ENCODING"),
        (r#"{"purpose":"ok","truncate":"yes"}"#, "E_CONFIG"),
        (r#"{"purpose":"ok","colour":"red"}"#, "E_CONFIG"),
        (
            r#"{"purpose":"ok","rules":{"kana-dob":["kana","dob"]}}"#,
            "E_RULE",
        ),
        (
            r#"{"purpose":"ok","rules":{"x-a":["kana","nickname"]}}"#,
            "E_CONFIG",
        ),
        (
            r#"{"purpose":"ok","rules":{"x-a":["kana","kana"]}}"#,
            "E_CONFIG",
        ),
        (r#"{"purpose":"ok","rules":{"x-a":[]}}"#, "E_CONFIG"),
        (r#"{"purpose":"ok","rules":{"x-a":"kana"}}"#, "E_CONFIG"),
    ];
    for (options, code) in cases {
        let err = JsCoder::new(&key, JSON::parse(options).expect("options"))
            .err()
            .expect(options);
        assert_error(&err, code, None, "", options);
    }
    let coder =
        JsCoder::new(&key, JSON::parse(r#"{"purpose":"ok"}"#).expect("options")).expect("coder");
    let err = coder
        .code("nope", JSON::parse("{}").expect("record"))
        .expect_err("unknown rule");
    assert_error(&err, "E_RULE", None, "", "unknown rule");
}

#[wasm_bindgen_test]
fn explain_returns_steps_and_errors_as_data() {
    let out: JsValue = normalize_explain("kana_loose", JsValue::from_str("ｶﾞｯｺｳ"))
        .expect("explain")
        .into();
    assert_eq!(
        prop(&out, "canonical").as_string().as_deref(),
        Some("カツコウ")
    );
    assert_eq!(prop(&out, "field").as_string().as_deref(), Some("kana"));
    assert!(prop(&out, "error").is_null());
    let steps = js_sys::Array::from(&prop(&out, "steps"));
    let names: Vec<String> = steps
        .iter()
        .map(|s| prop(&s, "step").as_string().expect("name"))
        .collect();
    assert_eq!(names.first().map(String::as_str), Some("nfkc"));
    assert_eq!(
        names.last().map(String::as_str),
        Some("voicing_and_long_marks")
    );
    let bad: JsValue = normalize_explain("insurer", JsValue::from_str("06132014"))
        .expect("explain")
        .into();
    assert!(prop(&bad, "canonical").is_null());
    assert_eq!(
        prop(&bad, "error").as_string().as_deref(),
        Some("E_CHECK_DIGIT")
    );
    let err = normalize_explain("nickname", JsValue::from_str("x")).expect_err("unknown kind");
    assert_error(&err, "E_CONFIG", None, "", "unknown kind");
}

#[wasm_bindgen_test]
fn history_vectors_match_in_wasm() {
    let doc = doc(HISTORY);
    let coder = test_coder(&doc, "b64");
    for case in doc["cases"].as_array().expect("cases") {
        let id = s(&case["id"]);
        let h: JsValue = history_normalize(js(&case["input"])).expect(id).into();
        let got: Value =
            serde_json::from_str(&String::from(JSON::stringify(&h).expect("json"))).expect("json");
        for part in ["entries", "root", "warnings", "rejects"] {
            assert_eq!(got[part], case[part], "{id}: {part}");
        }
        let codes: JsValue = coder.history_codes(h).expect(id).into();
        let codes: Value =
            serde_json::from_str(&String::from(JSON::stringify(&codes).expect("json")))
                .expect("json");
        assert_eq!(codes, case["codes"], "{id}: codes");
    }
    let tampered =
        js(&serde_json::json!({"entries": [{"insurer": "06132014", "number": "1"}], "root": 0}));
    let err = coder
        .history_codes(tampered)
        .expect_err("not a normalized history");
    assert_error(&err, "E_CONFIG", None, "", "tampered history");
}
