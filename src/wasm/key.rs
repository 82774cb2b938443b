//! `LinkageKey` for JavaScript: generation, JWK and base64url import/export, fingerprint.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A 32-byte secret shared by the parties that link. Create with `LinkageKey.generate()`,
/// `LinkageKey.fromJwk(jwk)` or `LinkageKey.fromBase64url(text)`; call `free()` (or drop all
/// references) to wipe it from WASM memory.
#[wasm_bindgen(js_name = LinkageKey)]
pub struct JsLinkageKey {
    pub(crate) inner: LinkageKey,
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
