//! Canonical forms of every field (SPEC.md §3): one public function per field kind.
//!
//! Each function takes raw text as users type it and returns the canonical value that goes into
//! a code, or an [`Error`] naming the field and a stable code, never the value.

mod date;
mod kana;
mod kanji;
mod kanji_variants;
mod number;
mod text;

use crate::error::{Error, ErrorCode, Field, Kind};

/// Canonical 保険者番号 (insurer): 8 digits with a valid check digit.
///
/// 6-digit 国保 numbers and spreadsheet-trimmed numbers (5–8 digits) are left-padded with
/// zeros; spaces and dashes anywhere are removed.
///
/// ```
/// assert_eq!(linkcode::normalize::insurer("  １３８０５７").unwrap(), "00138057");
/// ```
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_FORMAT` (not 5–8 digits), `E_CHECK_DIGIT`.
pub fn insurer(input: &str) -> Result<String, Error> {
    number::padded_checked(input, 5, 8).map_err(|c| Error::field(c, Field::Insurer))
}

/// Canonical 記号 (symbol) of an insurance card; empty when the card has none.
///
/// # Errors
/// `E_CHARSET`, `E_LENGTH` (over 38 characters).
pub fn symbol(input: &str) -> Result<String, Error> {
    number::card_text(input).map_err(|c| Error::field(c, Field::Symbol))
}

/// Canonical 番号 (number) of an insurance card.
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_LENGTH` (over 38 characters).
pub fn number(input: &str) -> Result<String, Error> {
    match number::card_text(input) {
        Ok(s) if s.is_empty() => Err(Error::field(ErrorCode::Empty, Field::Number)),
        other => other.map_err(|c| Error::field(c, Field::Number)),
    }
}

/// Canonical 枝番 (branch): two digits, or `""` when absent.
///
/// # Errors
/// `E_CHARSET`, `E_FORMAT` (non-digits or more than 2 digits).
pub fn branch(input: &str) -> Result<String, Error> {
    number::branch(input).map_err(|c| Error::field(c, Field::Branch))
}

/// Canonical 生年月日 (dob) `YYYYMMDD` from any accepted notation.
///
/// ```
/// assert_eq!(linkcode::normalize::dob("昭和45年3月2日").unwrap(), "19700302");
/// assert_eq!(linkcode::normalize::dob("H元.1.8").unwrap(), "19890108");
/// ```
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_DATE_FORMAT`, `E_DATE_INVALID`, `E_ERA_RANGE`, `E_DATE_RANGE`.
pub fn dob(input: &str) -> Result<String, Error> {
    date::dob(input).map_err(|c| Error::field(c, Field::Dob))
}

/// Canonical 性別 (sex): `1` male, `2` female (UKE 別表6, ISO 5218).
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_SEX` (anything but the accepted spellings, including 0, 3, 9).
pub fn sex(input: &str) -> Result<String, Error> {
    let s = text::prepare(input).map_err(|c| Error::field(c, Field::Sex))?;
    let canonical = match s.to_ascii_uppercase().as_str() {
        "" => return Err(Error::field(ErrorCode::Empty, Field::Sex)),
        "1" | "M" | "MALE" | "男" | "男性" => "1",
        "2" | "F" | "FEMALE" | "女" | "女性" => "2",
        _ => return Err(Error::field(ErrorCode::Sex, Field::Sex)),
    };
    Ok(canonical.to_owned())
}

/// Canonical 公費負担者番号 (payer): 8 digits with a valid check digit (7–8 digits accepted).
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_FORMAT`, `E_CHECK_DIGIT`.
pub fn payer(input: &str) -> Result<String, Error> {
    number::padded_checked(input, 7, 8).map_err(|c| Error::field(c, Field::Payer))
}

/// Canonical 公費受給者番号 (recipient): 7 digits with a valid check digit (1–7 digits accepted).
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_FORMAT`, `E_CHECK_DIGIT`.
pub fn recipient(input: &str) -> Result<String, Error> {
    number::padded_checked(input, 1, 7).map_err(|c| Error::field(c, Field::Recipient))
}

/// Canonical 医療機関コード (facility): 10 digits, 都道府県 (2) + 点数表 (1) + 7, with a valid
/// check digit over all ten (9–10 digits accepted).
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_FORMAT`, `E_CHECK_DIGIT`.
pub fn facility(input: &str) -> Result<String, Error> {
    number::padded_checked(input, 9, 10).map_err(|c| Error::field(c, Field::Facility))
}

/// Canonical 診察券番号 (chart): whitespace removed, all-digit values without leading zeros.
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`.
pub fn chart(input: &str) -> Result<String, Error> {
    number::local_id(input, false).map_err(|c| Error::field(c, Field::Chart))
}

/// Canonical regional network id (network): as [`chart`], ASCII letters lower-cased.
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`.
pub fn network(input: &str) -> Result<String, Error> {
    number::local_id(input, true).map_err(|c| Error::field(c, Field::Network))
}

/// Canonical 地域ID (region_id): as [`chart`].
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`.
pub fn region_id(input: &str) -> Result<String, Error> {
    number::local_id(input, false).map_err(|c| Error::field(c, Field::RegionId))
}

/// Canonical 郵便番号 (zip): 7 digits; hyphens, spaces and 〒 removed.
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_FORMAT`.
pub fn zip(input: &str) -> Result<String, Error> {
    number::zip(input).map_err(|c| Error::field(c, Field::Zip))
}

/// Canonical カナ氏名 (kana): katakana, ー, ヽ, ヾ and A–Z; spaces and separators removed,
/// small kana made large, ヲヰヱ → オイエ.
///
/// ```
/// assert_eq!(linkcode::normalize::kana("ﾔﾏﾀﾞ ﾀﾛｳ").unwrap(), "ヤマダタロウ");
/// ```
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_NOT_KANA`.
pub fn kana(input: &str) -> Result<String, Error> {
    kana::kana(input).map_err(|c| Error::field(c, Field::Kana))
}

/// Loose canonical kana (kana_loose): [`kana`], then voicing and ー folded; reads the `kana`
/// input and reports its errors as `kana`.
///
/// # Errors
/// As [`kana`].
pub fn kana_loose(input: &str) -> Result<String, Error> {
    kana::kana_loose(input).map_err(|c| Error::field(c, Field::Kana))
}

/// Canonical 漢字氏名 (kanji): separators and variation selectors removed, old forms → new
/// forms by the v1 variant table, kana as katakana, Latin upper-cased.
///
/// ```
/// assert_eq!(linkcode::normalize::kanji("髙橋　惠子").unwrap(), "高橋恵子");
/// ```
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET` (anything but Han, katakana, ー and A–Z after folding).
pub fn kanji(input: &str) -> Result<String, Error> {
    kanji::kanji(input).map_err(|c| Error::field(c, Field::Kanji))
}

/// The canonical value of an input field.
///
/// # Errors
/// The errors of the field's own function.
pub fn field(field: Field, input: &str) -> Result<String, Error> {
    match field {
        Field::Insurer => insurer(input),
        Field::Symbol => symbol(input),
        Field::Number => number(input),
        Field::Branch => branch(input),
        Field::Payer => payer(input),
        Field::Recipient => recipient(input),
        Field::Facility => facility(input),
        Field::Chart => chart(input),
        Field::Network => network(input),
        Field::RegionId => region_id(input),
        Field::Dob => dob(input),
        Field::Sex => sex(input),
        Field::Kana => kana(input),
        Field::Kanji => kanji(input),
        Field::Zip => zip(input),
    }
}

/// The canonical value of a rule component (an input field, or `kana_loose`).
///
/// # Errors
/// The errors of the kind's own function, naming its input field.
pub fn canonical(kind: Kind, input: &str) -> Result<String, Error> {
    match kind {
        Kind::Plain(f) => field(f, input),
        Kind::KanaLoose => kana_loose(input),
    }
}

/// True when the canonical 8-digit insurer is a 後期高齢者医療 insurer (法別番号 39), whose
/// 被保険者番号 is individual even without 枝番.
pub fn is_late_elderly_insurer(canonical_insurer: &str) -> bool {
    canonical_insurer.starts_with("39")
}
