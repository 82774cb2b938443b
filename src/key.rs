//! Linkage keys: generation, JWK and base64url import/export, fingerprint, purpose keys.
//!
//! Key bytes live in [`Zeroizing`] buffers, are wiped on drop, and are never printed.

use core::fmt;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, ErrorCode};

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// Label of the fingerprint HMAC (SPEC.md §4.1).
const FINGERPRINT_LABEL: &[u8] = b"linkcode/v1/fingerprint";
/// Label of purpose-key derivation (SPEC.md §4.1), followed by 0x1F and the purpose.
const PURPOSE_LABEL: &[u8] = b"linkcode/v1/purpose";

/// A 32-byte secret shared by the parties that link; the only protection of the identifiers.
///
/// ```
/// let key = linkcode::LinkageKey::generate().unwrap();
/// let again = linkcode::LinkageKey::from_base64url(&key.to_base64url()).unwrap();
/// assert_eq!(key.fingerprint(), again.fingerprint());
/// assert!(!format!("{key:?}").contains(key.to_base64url().as_str()));
/// ```
#[derive(Clone)]
pub struct LinkageKey {
    bytes: Zeroizing<[u8; LinkageKey::LEN]>,
}

impl LinkageKey {
    /// Key length in bytes.
    pub const LEN: usize = 32;
    /// Length of the raw base64url text of a key.
    pub const TEXT_LEN: usize = 43;

    /// A new key from the operating system's random source (`crypto.getRandomValues` in WASM).
    ///
    /// # Errors
    /// `E_KEY` when the random source fails.
    pub fn generate() -> Result<Self, Error> {
        let mut bytes = Zeroizing::new([0u8; Self::LEN]);
        getrandom::fill(bytes.as_mut_slice()).map_err(|_| Error::new(ErrorCode::Key))?;
        Ok(LinkageKey { bytes })
    }

    /// A key from exactly 32 bytes.
    ///
    /// # Errors
    /// `E_KEY` for any other length.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut key = Zeroizing::new([0u8; Self::LEN]);
        if bytes.len() != Self::LEN {
            return Err(Error::new(ErrorCode::Key));
        }
        key.copy_from_slice(bytes);
        Ok(LinkageKey { bytes: key })
    }

    /// A key from its raw base64url text: exactly 43 characters of `[A-Za-z0-9_-]`, no padding,
    /// canonical (unused low bits zero).
    ///
    /// # Errors
    /// `E_KEY` for anything else.
    pub fn from_base64url(text: &str) -> Result<Self, Error> {
        let well_formed = text.len() == Self::TEXT_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !well_formed {
            return Err(Error::new(ErrorCode::Key));
        }
        let mut bytes = Zeroizing::new([0u8; Self::LEN]);
        let decoded_len = Base64UrlUnpadded::decode(text, bytes.as_mut_slice())
            .map_err(|_| Error::new(ErrorCode::Key))?
            .len();
        let key = LinkageKey { bytes };
        // Canonical only: re-encoding must give the same text back.
        if decoded_len != Self::LEN || key.to_base64url().as_str() != text {
            return Err(Error::new(ErrorCode::Key));
        }
        Ok(key)
    }

    /// The key as raw base64url text (43 characters). Treat it as the secret it is.
    pub fn to_base64url(&self) -> Zeroizing<String> {
        Zeroizing::new(Base64UrlUnpadded::encode_string(self.bytes.as_slice()))
    }

    /// A key from a JWK: `kty` must be `oct`, `alg` (when present) `HS256`, `k` a key text as in
    /// [`LinkageKey::from_base64url`], and `kid` (when present) the key's fingerprint.
    ///
    /// # Errors
    /// `E_KEY`, or `E_KEY_MISMATCH` when `kid` is not the fingerprint.
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, Error> {
        if jwk.kty != "oct" || jwk.alg.as_deref().is_some_and(|alg| alg != "HS256") {
            return Err(Error::new(ErrorCode::Key));
        }
        let key = Self::from_base64url(&jwk.k)?;
        if jwk
            .kid
            .as_deref()
            .is_some_and(|kid| kid != key.fingerprint())
        {
            return Err(Error::new(ErrorCode::KeyMismatch));
        }
        Ok(key)
    }

    /// The key as a JWK `{"kty":"oct","k":…,"alg":"HS256","kid":<fingerprint>}`.
    pub fn to_jwk(&self) -> Jwk {
        Jwk {
            kty: "oct".to_owned(),
            k: self.to_base64url(),
            alg: Some("HS256".to_owned()),
            kid: Some(self.fingerprint()),
        }
    }

    /// The public fingerprint (`kid`): base64url of the first 9 bytes of
    /// `HMAC-SHA256(K, "linkcode/v1/fingerprint")`, 12 characters. Safe to show and compare.
    pub fn fingerprint(&self) -> String {
        let mut mac = self.mac();
        mac.update(FINGERPRINT_LABEL);
        let digest = mac.finalize().into_bytes();
        Base64UrlUnpadded::encode_string(digest.get(..9).unwrap_or_default())
    }

    /// The HMAC keyed with the purpose key `K_p = HMAC-SHA256(K, "linkcode/v1/purpose" 0x1F p)`.
    pub(crate) fn purpose_mac(&self, purpose: &Purpose) -> HmacSha256 {
        let mut mac = self.mac();
        mac.update(PURPOSE_LABEL);
        mac.update(&[0x1F]);
        mac.update(purpose.as_str().as_bytes());
        let mut digest = mac.finalize().into_bytes();
        let mut purpose_key = Zeroizing::new([0u8; Self::LEN]);
        purpose_key
            .iter_mut()
            .zip(digest.iter())
            .for_each(|(b, d)| *b = *d);
        digest.as_mut_slice().zeroize();
        keyed_mac(purpose_key.as_slice())
    }

    fn mac(&self) -> HmacSha256 {
        keyed_mac(self.bytes.as_slice())
    }
}

/// HMAC-SHA256 keyed with `key`, built from the 64-byte key block of RFC 2104 §2: keys up to
/// the block size are zero-padded to it, longer keys are hashed first and then padded.
pub(crate) fn keyed_mac(key: &[u8]) -> HmacSha256 {
    let mut block = hmac::digest::Key::<HmacSha256>::default();
    if key.len() > block.len() {
        let mut digest = Sha256::digest(key);
        block
            .iter_mut()
            .zip(digest.iter())
            .for_each(|(b, k)| *b = *k);
        digest.as_mut_slice().zeroize();
    } else {
        block.iter_mut().zip(key).for_each(|(b, k)| *b = *k);
    }
    let mac = HmacSha256::new(&block);
    block.as_mut_slice().zeroize();
    mac
}

/// HMAC-SHA256 of `data` under `key` (RFC 2104), the one primitive of every derivation.
///
/// ```
/// // RFC 4231 §4.3 (test case 2)
/// let mac = linkcode::key::hmac_sha256(b"Jefe", b"what do ya want for nothing?");
/// assert_eq!(mac[..4], [0x5b, 0xdc, 0xc1, 0x46]);
/// ```
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = keyed_mac(key);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

impl fmt::Debug for LinkageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LinkageKey")
            .field("kid", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

/// A JSON Web Key of type `oct` holding a linkage key (RFC 7517 / RFC 7518 §6.4).
#[derive(Clone, PartialEq, Eq)]
pub struct Jwk {
    /// Key type; must be `oct`.
    pub kty: String,
    /// The key, base64url without padding. Secret.
    pub k: Zeroizing<String>,
    /// Algorithm; `HS256` when present.
    pub alg: Option<String>,
    /// Key id: the fingerprint, when present.
    pub kid: Option<String>,
}

impl Jwk {
    /// The JWK as compact JSON with members in the order `kty, k, alg, kid`.
    pub fn to_json(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(120));
        out.push_str("{\"kty\":");
        crate::json::write_json_string(&mut out, &self.kty);
        out.push_str(",\"k\":");
        crate::json::write_json_string(&mut out, &self.k);
        if let Some(alg) = &self.alg {
            out.push_str(",\"alg\":");
            crate::json::write_json_string(&mut out, alg);
        }
        if let Some(kid) = &self.kid {
            out.push_str(",\"kid\":");
            crate::json::write_json_string(&mut out, kid);
        }
        out.push('}');
        out
    }
}

impl fmt::Debug for Jwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jwk")
            .field("kty", &self.kty)
            .field("k", &"<redacted>")
            .field("alg", &self.alg)
            .field("kid", &self.kid)
            .finish()
    }
}

/// A linkage purpose (目的): codes of different purposes never match.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Purpose(String);

impl Purpose {
    /// A purpose from ASCII `[a-z0-9][a-z0-9._-]{0,62}`, e.g. `ndb-dpc-2026`.
    ///
    /// # Errors
    /// `E_PURPOSE` for anything else.
    pub fn new(purpose: &str) -> Result<Self, Error> {
        let bytes = purpose.as_bytes();
        let valid = matches!(bytes.first(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit())
            && bytes.len() <= 63
            && bytes.iter().all(|&b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
            });
        if valid {
            Ok(Purpose(purpose.to_owned()))
        } else {
            Err(Error::new(ErrorCode::Purpose))
        }
    }

    /// The purpose text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    #[test]
    fn base64url_round_trips_and_is_canonical() {
        let key = LinkageKey::from_base64url(TEST_KEY).map(|k| k.to_base64url());
        assert_eq!(key.as_ref().map(|k| k.as_str()), Ok(TEST_KEY));
        // Same bytes except non-zero unused low bits in the last character.
        let non_canonical = format!("{}9", &TEST_KEY[..42]);
        assert_eq!(
            LinkageKey::from_base64url(&non_canonical).map(|_| ()),
            Err(Error::new(ErrorCode::Key))
        );
    }

    #[test]
    fn key_text_of_other_lengths_or_alphabets_is_rejected() {
        for text in [
            "",
            &TEST_KEY[..42],
            &format!("{TEST_KEY}A"),
            &format!("{}=", &TEST_KEY[..42]),
            &TEST_KEY.replace('A', "+"),
        ] {
            assert_eq!(
                LinkageKey::from_base64url(text).map(|_| ()),
                Err(Error::new(ErrorCode::Key)),
                "{text}"
            );
        }
        assert!(LinkageKey::from_bytes(&[0u8; 31]).is_err());
    }

    #[test]
    fn debug_output_never_contains_the_key() {
        let key = LinkageKey::from_base64url(TEST_KEY).map(|k| format!("{k:?} {:?}", k.to_jwk()));
        let text = key.unwrap_or_default();
        assert!(!text.contains(TEST_KEY) && text.contains("kid"));
    }

    #[test]
    fn jwk_kid_must_match_the_fingerprint() {
        let key = LinkageKey::from_base64url(TEST_KEY).map(|k| k.to_jwk());
        let mut jwk = key.unwrap_or_else(|_| unreachable!());
        assert!(LinkageKey::from_jwk(&jwk).is_ok());
        jwk.kid = Some("AAAAAAAAAAAA".into());
        assert_eq!(
            LinkageKey::from_jwk(&jwk).map(|_| ()),
            Err(Error::new(ErrorCode::KeyMismatch))
        );
        jwk.kid = None;
        jwk.alg = Some("HS512".into());
        assert_eq!(
            LinkageKey::from_jwk(&jwk).map(|_| ()),
            Err(Error::new(ErrorCode::Key))
        );
    }

    #[test]
    fn purposes_follow_the_pattern() {
        assert!(Purpose::new("ndb-dpc-2026").is_ok());
        assert!(Purpose::new(&"a".repeat(63)).is_ok());
        for bad in ["", "-a", "Ndb", "a b", &"a".repeat(64), "あ"] {
            assert!(Purpose::new(bad).is_err(), "{bad}");
        }
    }
}
