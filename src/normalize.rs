//! Canonical forms of every field (SPEC.md §3): one public function per field kind.
//!
//! Each function takes raw text as users type it and returns the canonical value that goes into
//! a code, or an [`Error`] naming the field and a stable code, never the value.

mod date;
mod number;
mod text;

use crate::error::{Error, ErrorCode, Field};

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

/// The canonical value of any field kind (dispatches to the function of that kind).
///
/// # Errors
/// The errors of the field's own function.
pub fn field(kind: Field, input: &str) -> Result<String, Error> {
    match kind {
        Field::Insurer => insurer(input),
        Field::Symbol => symbol(input),
        Field::Number => number(input),
        Field::Branch => branch(input),
        Field::Dob => dob(input),
        Field::Sex => sex(input),
    }
}

/// True when the canonical 8-digit insurer is a 後期高齢者医療 insurer (法別番号 39), whose
/// 被保険者番号 is individual even without 枝番.
pub fn is_late_elderly_insurer(canonical_insurer: &str) -> bool {
    canonical_insurer.starts_with("39")
}
