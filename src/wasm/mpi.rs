//! The location index (MPI) for JavaScript.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::mpi::{Location, LocationIndex};

/// Where a person's records are, found through any of the person's codes (SPEC.md §9.2):
/// `register(codes, location?)`, `lookup(code)`, `toNdjson()`, `LocationIndex.fromNdjson(text)`.
#[wasm_bindgen(js_name = LocationIndex)]
pub struct JsLocationIndex {
    inner: LocationIndex,
}

fn location_from_js(value: &JsValue) -> Result<Option<Location>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if !value.is_object() {
        return Err(js_err(ErrorCode::Config));
    }
    let text = |name: &str| -> Result<String, JsValue> {
        let v = get(value, name);
        if v.is_undefined() || v.is_null() {
            return Ok(String::new());
        }
        v.as_string().ok_or_else(|| js_err(ErrorCode::Config))
    };
    Ok(Some(Location {
        network: text("network")?,
        facility: text("facility")?,
        chart: text("chart")?,
        region: text("region")?,
    }))
}

fn location_to_js(l: &Location) -> Object {
    let out = Object::new();
    set(&out, "network", &JsValue::from_str(&l.network));
    set(&out, "facility", &JsValue::from_str(&l.facility));
    set(&out, "chart", &JsValue::from_str(&l.chart));
    set(&out, "region", &JsValue::from_str(&l.region));
    out
}

impl Default for JsLocationIndex {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen(js_class = LocationIndex)]
impl JsLocationIndex {
    /// An empty index.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsLocationIndex {
        JsLocationIndex {
            inner: LocationIndex::new(),
        }
    }

    /// Registers a location `{network, facility, chart, region}` (or none) for the person
    /// holding `codes`; persons already holding any of them are merged. Throws `E_CONFIG`.
    pub fn register(&mut self, codes: Vec<String>, location: JsValue) -> Result<(), JsValue> {
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        self.inner
            .register(&refs, location_from_js(&location)?)
            .map_err(|e| to_js_error(&e))
    }

    /// The locations of the person holding `code` (empty for an unknown code).
    pub fn lookup(&self, code: &str) -> js_sys::Array {
        self.inner.lookup(code).iter().map(location_to_js).collect()
    }

    /// Number of persons.
    #[wasm_bindgen(getter)]
    pub fn persons(&self) -> u32 {
        self.inner.persons().len() as u32
    }

    /// The index as NDJSON, one person per line, sorted.
    #[wasm_bindgen(js_name = toNdjson)]
    pub fn to_ndjson(&self) -> String {
        self.inner.to_ndjson()
    }

    /// An index from its NDJSON export. Throws `E_CONFIG` with the line as `row`.
    #[wasm_bindgen(js_name = fromNdjson)]
    pub fn from_ndjson(text: &str) -> Result<JsLocationIndex, JsValue> {
        LocationIndex::from_ndjson(text)
            .map(|inner| JsLocationIndex { inner })
            .map_err(|e| to_js_error(&e))
    }
}
