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
        set(&counts, "read", &JsValue::from_f64(summary.read as f64));
        set(
            &counts,
            "written",
            &JsValue::from_f64(summary.written as f64),
        );
        set(
            &counts,
            "dropped",
            &JsValue::from_f64(summary.dropped as f64),
        );
        set(
            &counts,
            "rejects",
            &JsValue::from_f64(summary.reject_lines as f64),
        );
        set(&out, "summary", &counts);
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
