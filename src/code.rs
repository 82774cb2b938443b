//! Linkage codes: rules, the canonical message, HMAC-SHA256 under a purpose key, encodings and
//! re-keying (SPEC.md §4).

use core::fmt;
use std::borrow::Cow;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use hmac::Mac;

use crate::error::{Error, ErrorCode, Field, Kind};
use crate::key::{HmacSha256, LinkageKey, Purpose};
use crate::normalize;

/// The spec version, the first part of every message.
pub const SPEC_VERSION: &str = "lc1";

/// Record separator between the message's version, rule id and fields.
const RS: u8 = 0x1E;
/// Unit separator between field values.
const US: u8 = 0x1F;
/// Prefix of the re-keying message, followed by RS and the 32 code bytes.
const REKEY_LABEL: &[u8] = b"lc1/rekey";

/// A rule: an id and the canonical forms whose values, in order, make the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    id: Cow<'static, str>,
    kinds: Cow<'static, [Kind]>,
}

const fn plain(field: Field) -> Kind {
    Kind::Plain(field)
}

/// Longest custom rule id: `x-` + 1 + 61 characters.
const MAX_CUSTOM_ID: usize = 64;

impl Rule {
    /// `ins`: the individualized insurance number, person level only (SPEC.md §4.3).
    pub const INS: Rule = Rule::builtin_rule(
        "ins",
        &[
            plain(Field::Insurer),
            plain(Field::Symbol),
            plain(Field::Number),
            plain(Field::Branch),
        ],
    );
    /// `ins_dob_sex`: household-level cards without 枝番, with birth date and sex (as NDB ID1).
    pub const INS_DOB_SEX: Rule = Rule::builtin_rule(
        "ins_dob_sex",
        &[
            plain(Field::Insurer),
            plain(Field::Symbol),
            plain(Field::Number),
            plain(Field::Dob),
            plain(Field::Sex),
        ],
    );
    /// `kana_dob_sex`: kana name, birth date and sex (as NDB ID4).
    pub const KANA_DOB_SEX: Rule = Rule::builtin_rule(
        "kana_dob_sex",
        &[plain(Field::Kana), plain(Field::Dob), plain(Field::Sex)],
    );
    /// `kana_loose_dob_sex`: the same, tolerant of voicing and ー variants (lower precision).
    pub const KANA_LOOSE_DOB_SEX: Rule = Rule::builtin_rule(
        "kana_loose_dob_sex",
        &[Kind::KanaLoose, plain(Field::Dob), plain(Field::Sex)],
    );
    /// `kanji_dob_sex`: kanji name, birth date and sex (as NDB ID2).
    pub const KANJI_DOB_SEX: Rule = Rule::builtin_rule(
        "kanji_dob_sex",
        &[plain(Field::Kanji), plain(Field::Dob), plain(Field::Sex)],
    );
    /// `koh`: 公費 負担者番号 + 受給者番号 (生活保護 and other 公費).
    pub const KOH: Rule =
        Rule::builtin_rule("koh", &[plain(Field::Payer), plain(Field::Recipient)]);
    /// `chart`: 医療機関コード + 診察券番号.
    pub const CHART: Rule =
        Rule::builtin_rule("chart", &[plain(Field::Facility), plain(Field::Chart)]);
    /// `region`: regional network id + 地域ID.
    pub const REGION: Rule =
        Rule::builtin_rule("region", &[plain(Field::Network), plain(Field::RegionId)]);

    /// The built-in rules, in the order of SPEC.md.
    pub const BUILTIN: [Rule; 8] = [
        Rule::INS,
        Rule::INS_DOB_SEX,
        Rule::KANA_DOB_SEX,
        Rule::KANA_LOOSE_DOB_SEX,
        Rule::KANJI_DOB_SEX,
        Rule::KOH,
        Rule::CHART,
        Rule::REGION,
    ];

    const fn builtin_rule(id: &'static str, kinds: &'static [Kind]) -> Rule {
        Rule {
            id: Cow::Borrowed(id),
            kinds: Cow::Borrowed(kinds),
        }
    }

    /// The built-in rule with this id.
    ///
    /// # Errors
    /// `E_RULE` for an unknown id.
    pub fn builtin(id: &str) -> Result<Rule, Error> {
        Rule::BUILTIN
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| Error::new(ErrorCode::Rule))
    }

    /// A custom rule agreed between sites, e.g. `x-kana-dob-zip` over `["kana", "dob", "zip"]`.
    ///
    /// # Errors
    /// `E_RULE` when the id is not `x-[a-z0-9][a-z0-9._-]{0,61}`; `E_CONFIG` when the list is
    /// empty, names an unknown kind or names a kind twice.
    pub fn custom(id: &str, kinds: &[&str]) -> Result<Rule, Error> {
        let valid_id = id.len() <= MAX_CUSTOM_ID
            && id.strip_prefix("x-").is_some_and(|rest| {
                let bytes = rest.as_bytes();
                matches!(bytes.first(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit())
                    && bytes.iter().all(|&b| {
                        b.is_ascii_lowercase()
                            || b.is_ascii_digit()
                            || matches!(b, b'.' | b'_' | b'-')
                    })
            });
        if !valid_id {
            return Err(Error::new(ErrorCode::Rule));
        }
        let parsed = kinds
            .iter()
            .map(|name| Kind::from_name(name))
            .collect::<Option<Vec<Kind>>>()
            .ok_or_else(|| Error::new(ErrorCode::Config).with_rule(id))?;
        let repeated = parsed
            .iter()
            .enumerate()
            .any(|(i, k)| parsed.iter().skip(i + 1).any(|other| other == k));
        if parsed.is_empty() || repeated {
            return Err(Error::new(ErrorCode::Config).with_rule(id));
        }
        Ok(Rule {
            id: Cow::Owned(id.to_owned()),
            kinds: Cow::Owned(parsed),
        })
    }

    /// The rule id, the second part of the message.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The canonical forms, in message order.
    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    /// Rule-level checks made once every field is valid: `ins` refuses household-level numbers
    /// (no 枝番) unless the insurer is 後期高齢者 (法別 39), whose numbers are individual.
    ///
    /// # Errors
    /// `E_HOUSEHOLD` (field `branch`).
    pub fn check(&self, canonical: &[String]) -> Result<(), Error> {
        if self.id == Rule::INS.id {
            let insurer = canonical.first().map_or("", String::as_str);
            let branch = canonical.get(3).map_or("", String::as_str);
            if branch.is_empty() && !normalize::is_late_elderly_insurer(insurer) {
                return Err(Error::field(ErrorCode::Household, Field::Branch));
            }
        }
        Ok(())
    }
}

/// Raw input values of one record, by field kind; an absent field is empty.
#[derive(Clone, Copy, Debug, Default)]
pub struct Record<'a> {
    values: [&'a str; Field::COUNT],
}

impl<'a> Record<'a> {
    /// A record with every field absent.
    pub fn new() -> Self {
        Self::default()
    }

    /// The record with `field` set to `value`.
    #[must_use]
    pub fn with(mut self, field: Field, value: &'a str) -> Self {
        self.set(field, value);
        self
    }

    /// Sets `field` to `value`.
    pub fn set(&mut self, field: Field, value: &'a str) {
        if let Some(slot) = self.values.get_mut(field.index()) {
            *slot = value;
        }
    }

    /// The raw value of `field` (`""` when absent).
    pub fn get(&self, field: Field) -> &'a str {
        self.values.get(field.index()).copied().unwrap_or_default()
    }
}

/// A 32-byte linkage code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code([u8; 32]);

impl Code {
    /// The code's bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A code from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Code(bytes)
    }

    /// A full-length code from its text: 43 base64url characters or 64 hex digits.
    ///
    /// # Errors
    /// `E_ENCODING` for anything else, truncated codes included.
    pub fn parse(text: &str) -> Result<Code, Error> {
        let mut bytes = [0u8; 32];
        let ok = match text.len() {
            43 => {
                Base64UrlUnpadded::decode(text, &mut bytes).is_ok_and(|b| b.len() == 32)
                    && Base64UrlUnpadded::encode_string(&bytes) == text
            }
            64 => decode_hex(text, &mut bytes),
            _ => false,
        };
        if ok {
            Ok(Code(bytes))
        } else {
            Err(Error::new(ErrorCode::Encoding))
        }
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({})", Base64UrlUnpadded::encode_string(&self.0))
    }
}

/// The lowercase hex digit of a nibble.
fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble), 16).unwrap_or('0')
}

fn decode_hex(text: &str, out: &mut [u8; 32]) -> bool {
    let digit = |b: u8| char::from(b).to_digit(16);
    let bytes = text.as_bytes();
    out.iter_mut()
        .zip(bytes.chunks_exact(2))
        .all(|(o, pair)| match pair {
            [hi, lo] => match (digit(*hi), digit(*lo)) {
                (Some(h), Some(l)) => {
                    // Both digits are < 16, so the value fits in a byte.
                    *o = u8::try_from(h * 16 + l).unwrap_or_default();
                    true
                }
                _ => false,
            },
            _ => false,
        })
        && bytes.len() == 64
}

/// How codes are written out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// base64url without padding: 43 characters (22 truncated). The default.
    #[default]
    B64,
    /// lowercase hex: 64 characters (32 truncated).
    Hex,
    /// the bytes themselves: 32 (16 truncated).
    Raw,
}

impl Encoding {
    /// The encoding named `b64`, `hex` or `raw`.
    ///
    /// # Errors
    /// `E_ENCODING` for any other name.
    pub fn from_name(name: &str) -> Result<Encoding, Error> {
        match name {
            "b64" => Ok(Encoding::B64),
            "hex" => Ok(Encoding::Hex),
            "raw" => Ok(Encoding::Raw),
            _ => Err(Error::new(ErrorCode::Encoding)),
        }
    }

    /// The encoding's name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Encoding::B64 => "b64",
            Encoding::Hex => "hex",
            Encoding::Raw => "raw",
        }
    }
}

/// Output format of a [`Coder`]: encoding and optional truncation to 128 bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CodeFormat {
    /// How codes are written.
    pub encoding: Encoding,
    /// Keep only the first 16 bytes (never shorter).
    pub truncate: bool,
}

impl CodeFormat {
    /// Bytes of code kept: 32, or 16 truncated.
    pub const fn byte_len(self) -> usize {
        if self.truncate {
            16
        } else {
            32
        }
    }

    /// Characters of one code's text (bytes for `raw`).
    pub const fn text_len(self) -> usize {
        match self.encoding {
            Encoding::B64 => (self.byte_len() * 4).div_ceil(3),
            Encoding::Hex => self.byte_len() * 2,
            Encoding::Raw => self.byte_len(),
        }
    }

    /// The kept bytes of `code`.
    pub fn bytes<'c>(&self, code: &'c Code) -> &'c [u8] {
        code.0.get(..self.byte_len()).unwrap_or_default()
    }

    /// Appends `code` as text (`b64` or `hex`); for `raw` nothing is appended, use [`Self::bytes`].
    pub fn push_text(&self, code: &Code, out: &mut String) {
        let bytes = self.bytes(code);
        match self.encoding {
            Encoding::B64 => {
                let mut buf = [0u8; 44];
                if let Ok(text) = Base64UrlUnpadded::encode(bytes, &mut buf) {
                    out.push_str(text);
                }
            }
            Encoding::Hex => {
                for &b in bytes {
                    out.push(hex_digit(b >> 4));
                    out.push(hex_digit(b & 0x0F));
                }
            }
            Encoding::Raw => {}
        }
    }

    /// `code` as text (`b64` or `hex`; empty for `raw`).
    pub fn text(&self, code: &Code) -> String {
        let mut out = String::with_capacity(self.text_len());
        self.push_text(code, &mut out);
        out
    }
}

/// Computes codes for one key and purpose; the purpose key's HMAC pads are computed once.
///
/// ```
/// use linkcode::{Coder, CodeFormat, Field, LinkageKey, Record, Rule};
/// let key = LinkageKey::from_base64url("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8").unwrap();
/// let coder = Coder::new(&key, "linkcode-test", CodeFormat::default()).unwrap();
/// let record = Record::new()
///     .with(Field::Insurer, "06132013")
///     .with(Field::Symbol, "１３１")
///     .with(Field::Number, "６７８９０")
///     .with(Field::Branch, "1");
/// let code = coder.code(&Rule::INS, &record).unwrap();
/// assert_eq!(coder.format().text(&code).len(), 43);
/// // Full-width and half-width notations give the same code.
/// let same = record.with(Field::Symbol, "131").with(Field::Number, "67890").with(Field::Branch, "01");
/// assert_eq!(coder.code(&Rule::INS, &same).unwrap(), code);
/// ```
#[derive(Clone)]
pub struct Coder {
    mac: HmacSha256,
    purpose: Purpose,
    fingerprint: String,
    format: CodeFormat,
    custom: Vec<Rule>,
}

impl Coder {
    /// A coder for `key` and `purpose`, writing codes in `format`.
    ///
    /// # Errors
    /// `E_PURPOSE` when the purpose is not `[a-z0-9][a-z0-9._-]{0,62}`.
    pub fn new(key: &LinkageKey, purpose: &str, format: CodeFormat) -> Result<Coder, Error> {
        let purpose = Purpose::new(purpose)?;
        Ok(Coder {
            mac: key.purpose_mac(&purpose),
            fingerprint: key.fingerprint(),
            purpose,
            format,
            custom: Vec::new(),
        })
    }

    /// Declares a custom rule (see [`Rule::custom`]) so that [`Coder::rule`] finds it.
    ///
    /// # Errors
    /// `E_CONFIG` when a rule with the same id is already declared.
    pub fn declare(&mut self, rule: Rule) -> Result<(), Error> {
        if self.custom.iter().any(|r| r.id == rule.id) {
            return Err(Error::new(ErrorCode::Config).with_rule(rule.id()));
        }
        self.custom.push(rule);
        Ok(())
    }

    /// The built-in or declared rule with this id.
    ///
    /// # Errors
    /// `E_RULE` for an unknown or undeclared id.
    pub fn rule(&self, id: &str) -> Result<Rule, Error> {
        if let Some(rule) = self.custom.iter().find(|r| r.id == id) {
            return Ok(rule.clone());
        }
        Rule::builtin(id)
    }

    /// The purpose.
    pub fn purpose(&self) -> &str {
        self.purpose.as_str()
    }

    /// The key's fingerprint, for manifests.
    pub fn key_fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The output format.
    pub fn format(&self) -> CodeFormat {
        self.format
    }

    /// The canonical field values of `record` under `rule`, in rule order.
    ///
    /// # Errors
    /// The first failing field in rule order, then the rule's own check (`E_HOUSEHOLD`).
    pub fn canonical(&self, rule: &Rule, record: &Record<'_>) -> Result<Vec<String>, Error> {
        let values = rule
            .kinds()
            .iter()
            .map(|&k| normalize::canonical(k, record.get(k.input())))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.with_rule(rule.id()))?;
        rule.check(&values).map_err(|e| e.with_rule(rule.id()))?;
        Ok(values)
    }

    /// The code of `record` under `rule`.
    ///
    /// # Errors
    /// As [`Coder::canonical`].
    pub fn code(&self, rule: &Rule, record: &Record<'_>) -> Result<Code, Error> {
        let values = self.canonical(rule, record)?;
        Ok(self.code_canonical(rule, &values))
    }

    /// The code of already canonical values: `HMAC-SHA256(K_p, "lc1" RS rule RS f1 US f2 …)`.
    pub fn code_canonical<S: AsRef<str>>(&self, rule: &Rule, canonical: &[S]) -> Code {
        let mut mac = self.mac.clone();
        mac.update(SPEC_VERSION.as_bytes());
        mac.update(&[RS]);
        mac.update(rule.id().as_bytes());
        mac.update(&[RS]);
        for (i, value) in canonical.iter().enumerate() {
            if i > 0 {
                mac.update(&[US]);
            }
            mac.update(value.as_ref().as_bytes());
        }
        Code(mac.finalize().into_bytes().into())
    }

    /// The recipient code of a full 32-byte code under this coder's key and purpose:
    /// `HMAC-SHA256(K_p, "lc1/rekey" RS code)`.
    pub fn rekey(&self, code: &Code) -> Code {
        let mut mac = self.mac.clone();
        mac.update(REKEY_LABEL);
        mac.update(&[RS]);
        mac.update(&code.0);
        Code(mac.finalize().into_bytes().into())
    }
}

impl fmt::Debug for Coder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Coder")
            .field("purpose", &self.purpose.as_str())
            .field("kid", &self.fingerprint)
            .field("format", &self.format)
            .field("custom", &self.custom)
            .finish_non_exhaustive()
    }
}

/// Re-keys a full code for a recipient (a hub holding only codes gives each recipient its own
/// unlinkable code set).
///
/// # Errors
/// `E_PURPOSE`.
pub fn rekey(code: &Code, recipient: &LinkageKey, purpose: &str) -> Result<Code, Error> {
    Ok(Coder::new(recipient, purpose, CodeFormat::default())?.rekey(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coder(format: CodeFormat) -> Coder {
        let key = LinkageKey::from_bytes(&[7u8; 32]).unwrap_or_else(|_| unreachable!());
        Coder::new(&key, "t", format).unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn encodings_have_the_spec_lengths() {
        let code = Code([0xAB; 32]);
        for (encoding, truncate, len) in [
            (Encoding::B64, false, 43),
            (Encoding::B64, true, 22),
            (Encoding::Hex, false, 64),
            (Encoding::Hex, true, 32),
        ] {
            let format = CodeFormat { encoding, truncate };
            assert_eq!(format.text(&code).len(), len);
            assert_eq!(format.text_len(), len);
        }
        assert_eq!(
            CodeFormat {
                encoding: Encoding::Raw,
                truncate: true
            }
            .bytes(&code)
            .len(),
            16
        );
    }

    #[test]
    fn codes_parse_from_b64_and_hex_only_at_full_length() {
        let code = Code([0x5A; 32]);
        let b64 = CodeFormat::default().text(&code);
        let hex = CodeFormat {
            encoding: Encoding::Hex,
            truncate: false,
        }
        .text(&code);
        assert_eq!(Code::parse(&b64), Ok(code));
        assert_eq!(Code::parse(&hex), Ok(code));
        assert_eq!(Code::parse(&hex.to_uppercase()), Ok(code));
        assert!(Code::parse(&b64[..22]).is_err());
        assert!(Code::parse(&hex[..32]).is_err());
        assert!(Code::parse(&hex.replace('a', "g")).is_err());
    }

    #[test]
    fn household_numbers_are_refused_except_late_elderly() {
        let c = coder(CodeFormat::default());
        let record = Record::new()
            .with(Field::Insurer, "06132013")
            .with(Field::Number, "1");
        let err = c.code(&Rule::INS, &record).map(|_| ());
        assert_eq!(
            err.map_err(|e| (e.code(), e.field_kind())),
            Err((ErrorCode::Household, Some(Field::Branch)))
        );
        let elderly = Record::new()
            .with(Field::Insurer, "39131156")
            .with(Field::Number, "1");
        assert!(c.code(&Rule::INS, &elderly).is_ok());
    }

    #[test]
    fn the_first_failing_field_in_rule_order_is_reported() {
        let c = coder(CodeFormat::default());
        let record = Record::new()
            .with(Field::Insurer, "12")
            .with(Field::Dob, "x")
            .with(Field::Sex, "9");
        let err = c.code(&Rule::INS_DOB_SEX, &record).map(|_| ());
        assert_eq!(
            err.map_err(|e| (e.code(), e.field_kind())),
            Err((ErrorCode::Format, Some(Field::Insurer)))
        );
    }
}
