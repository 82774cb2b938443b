//! The golden vectors of tests/vectors/*.json, checked natively. The same files are checked in
//! WASM (Node and Chromium, tests/wasm.rs) and through the npm package (tests/js/).

use linkcode::key::hmac_sha256;
use linkcode::{
    normalize, Code, CodeFormat, Coder, Encoding, Field, Jwk, Kind, LinkageKey, Record, Rule,
};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("vector file");
    let doc: Value = serde_json::from_str(&text).expect("vector JSON");
    assert_eq!(doc["spec"], "lc1", "{name} states its spec version");
    doc
}

fn cases(doc: &Value) -> &Vec<Value> {
    doc["cases"].as_array().expect("cases")
}

fn s(v: &Value) -> &str {
    v.as_str().expect("string")
}

fn test_key(doc: &Value) -> LinkageKey {
    LinkageKey::from_base64url(s(&doc["key"]["base64url"])).expect("test key")
}

#[test]
fn every_field_vector_normalizes_to_its_canonical_value_or_error() {
    let doc = load("fields.json");
    let mut failures = Vec::new();
    for case in cases(&doc) {
        let kind = Kind::from_name(s(&case["field"])).expect("field name");
        let got = normalize::canonical(kind, s(&case["input"]));
        let ok = match (&got, case.get("canonical")) {
            (Ok(v), Some(want)) => v == s(want),
            (Err(e), None) => {
                e.code().as_str() == s(&case["error"]) && e.field_kind() == Some(kind.input())
            }
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{}: got {:?}",
                s(&case["id"]),
                got.map_err(|e| e.code())
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cases(&doc).len() >= 1000);
}

#[test]
fn canonical_values_are_fixed_points() {
    let doc = load("fields.json");
    for case in cases(&doc) {
        if let Some(canonical) = case.get("canonical") {
            let kind = Kind::from_name(s(&case["field"])).expect("field name");
            let again = normalize::canonical(kind, s(canonical));
            assert_eq!(again.as_deref(), Ok(s(canonical)), "{}", s(&case["id"]));
        }
    }
}

/// A coder for `key` and `purpose` that knows every custom rule the code vectors declare.
fn coder(doc: &Value, key: &LinkageKey, purpose: &str, format: CodeFormat) -> Coder {
    let mut coder = Coder::new(key, purpose, format).expect("coder");
    let mut declared = Vec::new();
    for case in cases(doc) {
        if let Some(kinds) = case.get("declare") {
            let id = s(&case["rule"]);
            if !declared.contains(&id) {
                let kinds: Vec<&str> = kinds.as_array().expect("kinds").iter().map(s).collect();
                coder
                    .declare(Rule::custom(id, &kinds).expect("custom rule"))
                    .expect("declare");
                declared.push(id);
            }
        }
    }
    coder
}

fn record(input: &Value) -> Record<'_> {
    let mut rec = Record::new();
    for (name, value) in input.as_object().expect("record") {
        rec.set(Field::from_name(name).expect("field"), s(value));
    }
    rec
}

#[test]
fn every_code_vector_matches_canonical_fields_and_codes() {
    let doc = load("codes.json");
    let key = test_key(&doc);
    let other_key =
        LinkageKey::from_base64url(s(&doc["other_key"]["base64url"])).expect("other key");
    let purpose = s(&doc["purpose"]);
    let b64 = coder(&doc, &key, purpose, CodeFormat::default());
    let hex_format = CodeFormat {
        encoding: Encoding::Hex,
        truncate: false,
    };
    let hex = coder(&doc, &key, purpose, hex_format);
    let other_purpose = coder(&doc, &key, "linkcode-other", CodeFormat::default());
    let other = coder(&doc, &other_key, purpose, CodeFormat::default());
    let recipient = coder(
        &doc,
        &other_key,
        s(&doc["rekey_purpose"]),
        CodeFormat::default(),
    );
    for case in cases(&doc) {
        let id = s(&case["id"]);
        let rule = b64.rule(s(&case["rule"])).expect("rule");
        let rec = record(&case["input"]);
        match case.get("canonical") {
            Some(canonical) => {
                let want: Vec<&str> = canonical.as_array().expect("list").iter().map(s).collect();
                assert_eq!(b64.canonical(&rule, &rec).expect(id), want, "{id}");
                let code = b64.code(&rule, &rec).expect(id);
                assert_eq!(b64.format().text(&code), s(&case["b64"]), "{id}");
                assert_eq!(hex.format().text(&code), s(&case["hex"]), "{id}");
                let text = |c: &Coder| c.format().text(&c.code(&rule, &rec).expect(id));
                assert_eq!(text(&other_purpose), s(&case["other_purpose_b64"]), "{id}");
                assert_eq!(text(&other), s(&case["other_key_b64"]), "{id}");
                assert_eq!(
                    b64.format().text(&recipient.rekey(&code)),
                    s(&case["rekeyed_b64"]),
                    "{id}"
                );
                assert_eq!(Code::parse(s(&case["hex"])), Ok(code), "{id}");
            }
            None => {
                let first = &case["errors"][0];
                let err = b64.code(&rule, &rec).expect_err(id);
                assert_eq!(err.code().as_str(), s(&first["code"]), "{id}");
                assert_eq!(
                    err.field_kind().map(|f| f.as_str()),
                    Some(s(&first["field"])),
                    "{id}"
                );
                assert_eq!(err.rule(), Some(rule.id()), "{id}");
            }
        }
    }
}

#[test]
fn batches_reject_every_failing_field_and_code_the_rest() {
    let doc = load("codes.json");
    let coder = coder(
        &doc,
        &test_key(&doc),
        s(&doc["purpose"]),
        CodeFormat::default(),
    );
    let mut rule_ids: Vec<&str> = cases(&doc).iter().map(|c| s(&c["rule"])).collect();
    rule_ids.dedup();
    assert!(
        rule_ids.len() >= 11,
        "every built-in rule and the custom ones"
    );
    for rule_id in rule_ids {
        let rule = coder.rule(rule_id).expect("rule");
        let rows: Vec<&Value> = cases(&doc)
            .iter()
            .filter(|c| c["rule"] == rule_id)
            .collect();
        let mut columns = linkcode::Columns::new(rows.len());
        for field in rule.kinds().iter().map(|k| k.input()) {
            let column = rows
                .iter()
                .map(|c| c["input"].get(field.as_str()).map_or("", s))
                .collect();
            columns.insert(field, column).expect("column");
        }
        let batch = coder.code_batch(&rule, &columns);
        assert_eq!(batch.coded() + batch.rejected(), rows.len());
        for (row, case) in rows.iter().enumerate() {
            let id = s(&case["id"]);
            let rejects: Vec<(String, String)> = batch
                .rejects
                .iter()
                .filter(|r| r.row == row)
                .map(|r| (r.field.as_str().to_owned(), r.code.as_str().to_owned()))
                .collect();
            match case.get("b64") {
                Some(want) => {
                    let code = batch.codes[row].as_ref().expect(id);
                    assert_eq!(coder.format().text(code), s(want), "{id}");
                    assert!(rejects.is_empty(), "{id}");
                }
                None => {
                    assert!(batch.codes[row].is_none(), "{id}");
                    let want: Vec<(String, String)> = case["errors"]
                        .as_array()
                        .expect("errors")
                        .iter()
                        .map(|e| (s(&e["field"]).to_owned(), s(&e["code"]).to_owned()))
                        .collect();
                    assert_eq!(rejects, want, "{id}");
                }
            }
        }
    }
}

#[test]
fn key_texts_jwks_and_purposes_are_accepted_or_rejected_as_published() {
    let doc = load("keys.json");
    let test = &doc["test_key"];
    let key = LinkageKey::from_base64url(s(&test["base64url"])).expect("test key");
    assert_eq!(key.fingerprint(), s(&test["fingerprint"]));
    let jwk: Value = serde_json::from_str(&key.to_jwk().to_json()).expect("JWK JSON");
    assert_eq!(jwk, test["jwk"]);
    for case in doc["valid_texts"].as_array().expect("list") {
        let key = LinkageKey::from_base64url(s(&case["base64url"])).expect("valid text");
        assert_eq!(key.fingerprint(), s(&case["fingerprint"]));
    }
    for case in doc["invalid_texts"].as_array().expect("list") {
        let err = LinkageKey::from_base64url(s(&case["base64url"])).expect_err("invalid text");
        assert_eq!(
            err.code().as_str(),
            s(&case["error"]),
            "{}",
            case["base64url"]
        );
    }
    for case in doc["jwks"].as_array().expect("list") {
        let jwk = &case["jwk"];
        let parsed = jwk_from_json(jwk);
        let result = parsed.map_or(Err("E_KEY".to_owned()), |j| {
            LinkageKey::from_jwk(&j)
                .map(|k| k.fingerprint())
                .map_err(|e| e.code().as_str().to_owned())
        });
        match case.get("error") {
            Some(code) => assert_eq!(result, Err(s(code).to_owned()), "{jwk}"),
            None => assert_eq!(result, Ok(s(&case["fingerprint"]).to_owned()), "{jwk}"),
        }
    }
    for case in doc["purposes"].as_array().expect("list") {
        let result = Coder::new(&key, s(&case["purpose"]), CodeFormat::default());
        match case.get("error") {
            Some(code) => assert_eq!(
                result.map(|_| ()).map_err(|e| e.code().as_str().to_owned()),
                Err(s(code).to_owned())
            ),
            None => assert!(result.is_ok(), "{}", case["purpose"]),
        }
    }
}

/// A `Jwk` from JSON as the JS binding reads it: `kty`, `k`, `alg`, `kid` must be strings when
/// present (`None` otherwise, which every binding reports as `E_KEY`); other members are ignored.
fn jwk_from_json(jwk: &Value) -> Option<Jwk> {
    let member = |name: &str| match jwk.get(name) {
        None => Some(None),
        Some(v) => v.as_str().map(|t| Some(t.to_owned())),
    };
    Some(Jwk {
        kty: member("kty")?.unwrap_or_default(),
        k: member("k")?.unwrap_or_default().into(),
        alg: member("alg")?,
        kid: member("kid")?,
    })
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn rfc_4231_hmac_sha256_test_cases() {
    let doc = load("rfc4231.json");
    assert_eq!(cases(&doc).len(), 7);
    for case in cases(&doc) {
        let mac = hmac_sha256(&unhex(s(&case["key"])), &unhex(s(&case["data"])));
        let want = unhex(s(&case["hmac_sha256"]));
        assert_eq!(&mac[..want.len()], want.as_slice(), "{}", s(&case["id"]));
    }
}

#[test]
fn truncated_codes_are_the_first_16_bytes() {
    let doc = load("codes.json");
    let key = test_key(&doc);
    let case = &cases(&doc)[0];
    let rule = Rule::builtin(s(&case["rule"])).expect("rule");
    for encoding in [Encoding::B64, Encoding::Hex, Encoding::Raw] {
        let coder = Coder::new(
            &key,
            s(&doc["purpose"]),
            CodeFormat {
                encoding,
                truncate: true,
            },
        )
        .expect("coder");
        let code = coder.code(&rule, &record(&case["input"])).expect("code");
        assert_eq!(coder.format().bytes(&code), &unhex(s(&case["hex"]))[..16]);
    }
    let b64 = Coder::new(
        &key,
        s(&doc["purpose"]),
        CodeFormat {
            encoding: Encoding::B64,
            truncate: true,
        },
    )
    .expect("coder");
    let code = b64.code(&rule, &record(&case["input"])).expect("code");
    assert_eq!(b64.format().text(&code).len(), 22);
}

#[test]
fn history_vectors_normalize_and_code_as_published() {
    use linkcode::history::{normalize as normalize_history, EntryInput};
    let doc = load("history.json");
    let coder =
        Coder::new(&test_key(&doc), s(&doc["purpose"]), CodeFormat::default()).expect("coder");
    assert!(cases(&doc).len() >= 10);
    for case in cases(&doc) {
        let id = s(&case["id"]);
        let text = |e: &'static str| move |v: &Value| v.get(e).map_or("", s).to_owned();
        let raw: Vec<[String; 6]> = case["input"]
            .as_array()
            .expect("input")
            .iter()
            .map(|v| ["insurer", "symbol", "number", "branch", "from", "to"].map(|k| text(k)(v)))
            .collect();
        let inputs: Vec<EntryInput<'_>> = raw.iter().map(EntryInput::from).collect();
        let h = normalize_history(&inputs);
        let entries: Vec<Value> = h
            .entries
            .iter()
            .map(|e| {
                let periods: Vec<Value> =
                    e.periods.iter().map(|p| serde_json::json!({"from": p.from_text(), "to": p.to_text()})).collect();
                serde_json::json!({"insurer": e.insurer, "symbol": e.symbol, "number": e.number, "branch": e.branch, "periods": periods})
            })
            .collect();
        assert_eq!(Value::Array(entries), case["entries"], "{id}: entries");
        assert_eq!(
            h.root.map(|r| r as u64),
            case["root"].as_u64(),
            "{id}: root"
        );
        let warnings: Vec<Value> = h
            .warnings
            .iter()
            .map(|w| serde_json::json!({"code": w.code.as_str(), "entries": w.entries}))
            .collect();
        assert_eq!(Value::Array(warnings), case["warnings"], "{id}: warnings");
        let rejects: Vec<Value> = h
            .rejects
            .iter()
            .map(|r| serde_json::json!({"index": r.row, "field": r.field.as_str(), "code": r.code.as_str()}))
            .collect();
        assert_eq!(Value::Array(rejects), case["rejects"], "{id}: rejects");
        let codes = coder.history_codes(&h);
        let text_of = |c: &Option<Code>| c.as_ref().map(|c| coder.format().text(c));
        assert_eq!(
            serde_json::json!(text_of(&codes.root)),
            case["codes"]["root"],
            "{id}: root code"
        );
        let entry_codes: Vec<Option<String>> = codes.entries.iter().map(text_of).collect();
        assert_eq!(
            serde_json::json!(entry_codes),
            case["codes"]["entries"],
            "{id}: entry codes"
        );
    }
}
