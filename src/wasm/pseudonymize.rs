//! The streaming CSV pseudonymizer for JavaScript: push byte chunks, finish for the manifest.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::pseudonymize::{is_digest, manifest, Chunk, Options, Pseudonymizer, Summary};

/// A streaming CSV pseudonymizer, made by `coder.pseudonymizer(options, historyIndex?)`: feed
/// it the bytes of a UTF-8 CSV in chunks of any size with `push`, then call `finish`.
#[wasm_bindgen(js_name = Pseudonymizer)]
pub struct JsPseudonymizer {
    inner: Option<Pseudonymizer>,
    /// After `finish`: what the manifest needs.
    finished: Option<(Coder, Options, Summary)>,
}

fn chunk_to_js(chunk: &Chunk) -> Object {
    let out = Object::new();
    set(&out, "output", &Uint8Array::from(chunk.output.as_slice()));
    set(&out, "rejects", &Uint8Array::from(chunk.rejects.as_slice()));
    out
}

/// Options of a pseudonymizer from JS: `{mapping?: {field: column}, rules?: ["rule" |
/// "column=rule"], keep?: [column], bom?, decodedByHost?, inputEncoding?, hostDigests?}`.
pub(crate) fn read_options(options: &JsValue) -> Result<Options, JsValue> {
    let mut out = Options::default();
    if options.is_undefined() || options.is_null() {
        return Ok(out);
    }
    if !options.is_object() {
        return Err(js_err(ErrorCode::Config));
    }
    let strings = |value: JsValue| -> Result<Vec<String>, JsValue> {
        if value.is_undefined() {
            return Ok(Vec::new());
        }
        if !js_sys::Array::is_array(&value) {
            return Err(js_err(ErrorCode::Config));
        }
        js_sys::Array::from(&value)
            .iter()
            .map(|v| v.as_string().ok_or_else(|| js_err(ErrorCode::Config)))
            .collect()
    };
    for entry in Object::entries(options.unchecked_ref::<Object>()).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let (name, value) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1));
        match name.as_str() {
            "mapping" => {
                if !value.is_object() {
                    return Err(js_err(ErrorCode::Config));
                }
                for m in Object::entries(value.unchecked_ref::<Object>()).iter() {
                    let m: js_sys::Array = m.unchecked_into();
                    let field = m.get(0).as_string().and_then(|f| Field::from_name(&f));
                    match (field, m.get(1).as_string()) {
                        (Some(field), Some(column)) => out.mapping.push((field, column)),
                        _ => return Err(js_err(ErrorCode::Config)),
                    }
                }
            }
            "rules" => {
                for rule in strings(value)? {
                    let (column, id) = rule
                        .split_once('=')
                        .map_or((rule.as_str(), rule.as_str()), |(c, r)| (c, r));
                    out.rules.push((column.to_owned(), id.to_owned()));
                }
            }
            "keep" => out.keep = strings(value)?,
            "bom" => out.bom = value.as_bool().ok_or_else(|| js_err(ErrorCode::Config))?,
            "decodedByHost" => {
                out.decoded_by_host = value.as_bool().ok_or_else(|| js_err(ErrorCode::Config))?
            }
            "inputEncoding" => {
                out.input_encoding = value.as_string().ok_or_else(|| js_err(ErrorCode::Config))?
            }
            "hostDigests" => {
                out.host_digests = value.as_bool().ok_or_else(|| js_err(ErrorCode::Config))?
            }
            "partFirstRow" => {
                let first = value
                    .as_f64()
                    .filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n < 9.0e15);
                out.part_first_row = Some(first.ok_or_else(|| js_err(ErrorCode::Config))? as usize);
            }
            _ => return Err(js_err(ErrorCode::Config)),
        }
    }
    Ok(out)
}

impl JsPseudonymizer {
    pub(crate) fn new(
        coder: Coder,
        options: &JsValue,
        history: Option<Arc<crate::history::HistoryIndex>>,
    ) -> Result<Self, JsValue> {
        let options = read_options(options)?;
        let inner = Pseudonymizer::new(coder, options, history).map_err(|e| to_js_error(&e))?;
        Ok(JsPseudonymizer {
            inner: Some(inner),
            finished: None,
        })
    }
}

#[wasm_bindgen(js_class = Pseudonymizer)]
impl JsPseudonymizer {
    /// Feeds the next bytes of the CSV; returns `{output, rejects}` bytes produced so far.
    /// Throws `E_CONFIG` when the header lacks a mapped or kept column, or after `finish`.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Object, JsValue> {
        let inner = self
            .inner
            .as_mut()
            .ok_or_else(|| js_err(ErrorCode::Config))?;
        let out = inner.push(chunk).map_err(|e| to_js_error(&e))?;
        Ok(chunk_to_js(&out))
    }

    /// Records read so far (after the header), for progress reports.
    #[wasm_bindgen(getter)]
    pub fn records(&self) -> f64 {
        self.inner.as_ref().map_or(0.0, |p| p.records_read() as f64)
    }

    /// Counts the raw bytes of the input into the manifest's digest when the host decoded them
    /// (`decodedByHost`), so the digest is of the file as it was.
    #[wasm_bindgen(js_name = hashInput)]
    pub fn hash_input(&mut self, raw: &[u8]) -> Result<(), JsValue> {
        self.inner
            .as_mut()
            .ok_or_else(|| js_err(ErrorCode::Config))?
            .hash_input(raw);
        Ok(())
    }

    /// Ends the input: `{output, rejects, manifest, summary: {read, written, dropped,
    /// rejects}}`; with `hostDigests` the manifest is null until `manifest(...)` is called.
    /// Throws `E_CSV_QUOTE` (with `row`) for a quote never closed.
    pub fn finish(&mut self) -> Result<Object, JsValue> {
        let inner = self.inner.take().ok_or_else(|| js_err(ErrorCode::Config))?;
        let (coder, options) = (inner.coder().clone(), inner.options().clone());
        let (chunk, summary) = inner.finish().map_err(|e| to_js_error(&e))?;
        let out = chunk_to_js(&chunk);
        let text = if options.host_digests {
            JsValue::NULL
        } else {
            JsValue::from_str(&manifest(&coder, &options, &summary))
        };
        set(&out, "manifest", &text);
        let counts = Object::new();
        for (name, n) in [
            ("read", summary.read),
            ("written", summary.written),
            ("dropped", summary.dropped),
            ("rejects", summary.reject_lines),
        ] {
            set(&counts, name, &JsValue::from_f64(n as f64));
        }
        set(&out, "summary", &counts);
        set(&out, "state", &summary_to_js(&summary));
        self.finished = Some((coder, options, summary));
        Ok(out)
    }

    /// The manifest after `finish`, with the SHA-256 digests (64 lowercase hex digits) that the
    /// host computed over the raw input and the whole output (`hostDigests`). Throws `E_CONFIG`
    /// before `finish` or for a malformed digest.
    pub fn manifest(&self, input_sha256: &str, output_sha256: &str) -> Result<String, JsValue> {
        let (coder, options, summary) = self
            .finished
            .as_ref()
            .ok_or_else(|| js_err(ErrorCode::Config))?;
        if !is_digest(input_sha256) || !is_digest(output_sha256) {
            return Err(js_err(ErrorCode::Config));
        }
        let mut summary = summary.clone();
        summary.input_sha256 = input_sha256.to_owned();
        summary.output_sha256 = output_sha256.to_owned();
        Ok(manifest(coder, options, &summary))
    }
}

fn pairs<A: AsRef<str>>(items: impl Iterator<Item = (A, JsValue)>) -> js_sys::Array {
    let out = js_sys::Array::new();
    for (a, b) in items {
        let pair = js_sys::Array::new();
        pair.push(&JsValue::from_str(a.as_ref()));
        pair.push(&b);
        out.push(&pair);
    }
    out
}

fn code_counts(counts: &[(ErrorCode, usize)]) -> js_sys::Array {
    pairs(
        counts
            .iter()
            .map(|(c, n)| (c.as_str(), JsValue::from_f64(*n as f64))),
    )
}

/// A run's summary as plain data, to cross from a pool worker to the page.
fn summary_to_js(s: &Summary) -> Object {
    let out = Object::new();
    let num = |n: usize| JsValue::from_f64(n as f64);
    for (name, n) in [
        ("read", s.read),
        ("written", s.written),
        ("dropped", s.dropped),
        ("rejectLines", s.reject_lines),
    ] {
        set(&out, name, &num(n));
    }
    set(&out, "inputBytes", &JsValue::from_f64(s.input_bytes as f64));
    set(
        &out,
        "outputBytes",
        &JsValue::from_f64(s.output_bytes as f64),
    );
    set(
        &out,
        "byRule",
        &pairs(
            s.by_rule
                .iter()
                .map(|(r, c)| (r.as_str(), code_counts(c).into())),
        ),
    );
    set(&out, "droppedByCode", &code_counts(&s.dropped_by_code));
    set(
        &out,
        "coded",
        &pairs(s.coded.iter().map(|(r, n)| (r.as_str(), num(*n)))),
    );
    set(
        &out,
        "mapping",
        &pairs(
            s.mapping
                .iter()
                .map(|(f, c)| (f.as_str(), JsValue::from_str(c))),
        ),
    );
    set(
        &out,
        "rules",
        &pairs(
            s.rules
                .iter()
                .map(|(c, r)| (c.as_str(), JsValue::from_str(r))),
        ),
    );
    let kept = js_sys::Array::new();
    for k in &s.kept {
        kept.push(&JsValue::from_str(k));
    }
    set(&out, "kept", &kept);
    out
}

fn summary_from_js(v: &JsValue) -> Result<Summary, JsValue> {
    let bad = || js_err(ErrorCode::Config);
    let num = |name: &str| {
        get(v, name)
            .as_f64()
            .filter(|n| *n >= 0.0)
            .map(|n| n as usize)
            .ok_or_else(bad)
    };
    let list = |name: &str| -> Result<Vec<(String, JsValue)>, JsValue> {
        let value = get(v, name);
        if !js_sys::Array::is_array(&value) {
            return Err(bad());
        }
        js_sys::Array::from(&value)
            .iter()
            .map(|pair| {
                let pair = js_sys::Array::from(&pair);
                Ok((pair.get(0).as_string().ok_or_else(bad)?, pair.get(1)))
            })
            .collect()
    };
    let codes = |value: &JsValue| -> Result<Vec<(ErrorCode, usize)>, JsValue> {
        js_sys::Array::from(value)
            .iter()
            .map(|pair| {
                let pair = js_sys::Array::from(&pair);
                let code = pair
                    .get(0)
                    .as_string()
                    .and_then(|c| ErrorCode::from_name(&c))
                    .ok_or_else(bad)?;
                Ok((code, pair.get(1).as_f64().ok_or_else(bad)? as usize))
            })
            .collect()
    };
    let text = |value: &JsValue| value.as_string().ok_or_else(bad);
    Ok(Summary {
        read: num("read")?,
        written: num("written")?,
        dropped: num("dropped")?,
        reject_lines: num("rejectLines")?,
        by_rule: list("byRule")?
            .into_iter()
            .map(|(r, c)| Ok((r, codes(&c)?)))
            .collect::<Result<_, JsValue>>()?,
        dropped_by_code: codes(&get(v, "droppedByCode"))?,
        coded: list("coded")?
            .into_iter()
            .map(|(r, n)| Ok((r, n.as_f64().ok_or_else(bad)? as usize)))
            .collect::<Result<_, JsValue>>()?,
        mapping: list("mapping")?
            .into_iter()
            .map(|(f, c)| Ok((Field::from_name(&f).ok_or_else(bad)?, text(&c)?)))
            .collect::<Result<_, JsValue>>()?,
        rules: list("rules")?
            .into_iter()
            .map(|(c, r)| Ok((c, text(&r)?)))
            .collect::<Result<_, JsValue>>()?,
        kept: js_sys::Array::from(&get(v, "kept"))
            .iter()
            .map(|k| text(&k))
            .collect::<Result<_, JsValue>>()?,
        input_sha256: String::new(),
        input_bytes: get(v, "inputBytes").as_f64().unwrap_or_default() as u64,
        output_sha256: String::new(),
        output_bytes: get(v, "outputBytes").as_f64().unwrap_or_default() as u64,
    })
}

/// The manifest of a run made of parts (a worker pool): the parts' `state` summaries in input
/// order, merged, with the digests and sizes of the whole raw input and the whole output.
/// Throws `E_CONFIG` for malformed parts or digests.
#[wasm_bindgen(js_name = manifestOfParts)]
pub fn manifest_of_parts(
    coder: &super::JsCoder,
    options: JsValue,
    parts: Vec<JsValue>,
    input_sha256: &str,
    input_bytes: f64,
    output_sha256: &str,
    output_bytes: f64,
) -> Result<String, JsValue> {
    let options = read_options(&options)?;
    if !is_digest(input_sha256) || !is_digest(output_sha256) {
        return Err(js_err(ErrorCode::Config));
    }
    let mut parts = parts.iter().map(summary_from_js);
    let mut merged = parts.next().ok_or_else(|| js_err(ErrorCode::Config))??;
    for part in parts {
        merged.absorb(&part?);
    }
    merged.input_sha256 = input_sha256.to_owned();
    merged.output_sha256 = output_sha256.to_owned();
    merged.input_bytes = input_bytes as u64;
    merged.output_bytes = output_bytes as u64;
    Ok(manifest(&coder.inner, &options, &merged))
}

/// SHA-256 in pieces, for a page that hashes a file it reads as a stream.
#[wasm_bindgen(js_name = Sha256)]
pub struct JsSha256 {
    inner: sha2::Sha256,
}

#[wasm_bindgen(js_class = Sha256)]
impl JsSha256 {
    /// A new hash.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsSha256 {
        use sha2::Digest;
        JsSha256 {
            inner: sha2::Sha256::new(),
        }
    }

    /// Adds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        use sha2::Digest;
        self.inner.update(bytes);
    }

    /// The digest as 64 lowercase hex digits; the hash is reset.
    pub fn hex(&mut self) -> String {
        use sha2::Digest;
        let digest = self.inner.finalize_reset();
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl Default for JsSha256 {
    fn default() -> Self {
        Self::new()
    }
}
