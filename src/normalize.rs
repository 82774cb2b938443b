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
mod unicode_ranges;

use crate::error::{Error, ErrorCode, Field, Kind};
use text::{Recorder, Trace};

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
    canonical(Kind::Plain(Field::Insurer), input)
}

/// Canonical 記号 (symbol) of an insurance card; empty when the card has none.
///
/// # Errors
/// `E_CHARSET`, `E_LENGTH` (over 38 characters).
pub fn symbol(input: &str) -> Result<String, Error> {
    canonical(Kind::Plain(Field::Symbol), input)
}

/// Canonical 番号 (number) of an insurance card.
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_LENGTH` (over 38 characters).
pub fn number(input: &str) -> Result<String, Error> {
    canonical(Kind::Plain(Field::Number), input)
}

/// Canonical 枝番 (branch): two digits, or `""` when absent.
///
/// # Errors
/// `E_CHARSET`, `E_FORMAT` (non-digits or more than 2 digits).
pub fn branch(input: &str) -> Result<String, Error> {
    canonical(Kind::Plain(Field::Branch), input)
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
    canonical(Kind::Plain(Field::Dob), input)
}

/// Canonical 性別 (sex): `1` male, `2` female (UKE 別表6, ISO 5218).
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_SEX` (anything but the accepted spellings, including 0, 3, 9).
pub fn sex(input: &str) -> Result<String, Error> {
    canonical(Kind::Plain(Field::Sex), input)
}

/// Canonical 公費負担者番号 (payer): 8 digits with a valid check digit (7–8 digits accepted).
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_FORMAT`, `E_CHECK_DIGIT`.
pub fn payer(input: &str) -> Result<String, Error> {
    canonical(Kind::Plain(Field::Payer), input)
}

/// Canonical 公費受給者番号 (recipient): 7 digits with a valid check digit (1–7 digits accepted).
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_FORMAT`, `E_CHECK_DIGIT`.
pub fn recipient(input: &str) -> Result<String, Error> {
    canonical(Kind::Plain(Field::Recipient), input)
}

/// Canonical 医療機関コード (facility): 10 digits, 都道府県 (2) + 点数表 (1) + 7, with a valid
/// check digit over all ten (9–10 digits accepted).
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_FORMAT`, `E_CHECK_DIGIT`.
pub fn facility(input: &str) -> Result<String, Error> {
    canonical(Kind::Plain(Field::Facility), input)
}

/// Canonical 診察券番号 (chart): whitespace removed, all-digit values without leading zeros.
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`.
pub fn chart(input: &str) -> Result<String, Error> {
    canonical(Kind::Plain(Field::Chart), input)
}

/// Canonical regional network id (network): as [`chart`], ASCII letters lower-cased.
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`.
pub fn network(input: &str) -> Result<String, Error> {
    canonical(Kind::Plain(Field::Network), input)
}

/// Canonical 地域ID (region_id): as [`chart`].
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`.
pub fn region_id(input: &str) -> Result<String, Error> {
    canonical(Kind::Plain(Field::RegionId), input)
}

/// Canonical 郵便番号 (zip): 7 digits; hyphens, spaces and 〒 removed.
///
/// # Errors
/// `E_EMPTY`, `E_CHARSET`, `E_FORMAT`.
pub fn zip(input: &str) -> Result<String, Error> {
    canonical(Kind::Plain(Field::Zip), input)
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
    canonical(Kind::Plain(Field::Kana), input)
}

/// Loose canonical kana (kana_loose): [`kana`], then voicing and ー folded; reads the `kana`
/// input and reports its errors as `kana`.
///
/// # Errors
/// As [`kana`].
pub fn kana_loose(input: &str) -> Result<String, Error> {
    canonical(Kind::KanaLoose, input)
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
    canonical(Kind::Plain(Field::Kanji), input)
}

/// The canonical value of an input field.
///
/// # Errors
/// The errors of the field's own function.
pub fn field(field: Field, input: &str) -> Result<String, Error> {
    canonical(Kind::Plain(field), input)
}

/// The canonical value of a rule component (an input field, or `kana_loose`).
///
/// # Errors
/// The errors of the kind's own function, naming its input field.
pub fn canonical(kind: Kind, input: &str) -> Result<String, Error> {
    traced(kind, input, &mut ()).map_err(|c| Error::field(c, kind.input()))
}

/// The canonical value of `kind`, reporting each step to `t`: the one dispatch behind every
/// normalizer and [`explain`].
fn traced(kind: Kind, input: &str, t: &mut dyn Trace) -> Result<String, ErrorCode> {
    let field = match kind {
        Kind::KanaLoose => return kana::kana_loose(input, t),
        Kind::Plain(field) => field,
    };
    match field {
        Field::Insurer => number::padded_checked(input, 5, 8, t),
        Field::Symbol => number::card_text(input, t),
        Field::Number => match number::card_text(input, t) {
            Ok(s) if s.is_empty() => Err(ErrorCode::Empty),
            other => other,
        },
        Field::Branch => number::branch(input, t),
        Field::Payer => number::padded_checked(input, 7, 8, t),
        Field::Recipient => number::padded_checked(input, 1, 7, t),
        Field::Facility => number::padded_checked(input, 9, 10, t),
        Field::Chart | Field::RegionId => number::local_id(input, false, t),
        Field::Network => number::local_id(input, true, t),
        Field::Dob => date::dob(input, t),
        Field::Sex => sex_of(input, t),
        Field::Kana => kana::kana(input, t),
        Field::Kanji => kanji::kanji(input, t),
        Field::Zip => number::zip(input, t),
    }
}

fn sex_of(input: &str, t: &mut dyn Trace) -> Result<String, ErrorCode> {
    let s = text::prepare(input, t)?.to_ascii_uppercase();
    let canonical = match s.as_str() {
        "" => return Err(ErrorCode::Empty),
        "1" | "M" | "MALE" | "男" | "男性" => "1",
        "2" | "F" | "FEMALE" | "女" | "女性" => "2",
        _ => return Err(ErrorCode::Sex),
    };
    t.step("sex_code", canonical);
    Ok(canonical.to_owned())
}

/// How a value was normalized: for a data manager who needs to see why two values differ.
///
/// It holds the input and every intermediate value, so it is personal data: show it to the
/// person who asked, never log it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The canonical form explained.
    pub kind: Kind,
    /// The canonical value, or the error code.
    pub result: Result<String, ErrorCode>,
    /// Each step that changed the value, with the value after it, in order.
    pub steps: Vec<(&'static str, String)>,
}

/// Normalizes `input` as `kind` and records each step that changed it (step names such as
/// `nfkc`, `whitespace`, `separators`, `katakana_uppercase`, `leading_zeros`, `zero_padded`,
/// `kanji_variants`, `era_date`; see SPEC.md §3).
///
/// ```
/// use linkcode::{normalize, Field, Kind};
/// let e = normalize::explain(Kind::Plain(Field::Insurer), "６１３２０１３");
/// assert_eq!(e.result.as_deref(), Ok("06132013"));
/// assert_eq!(e.steps.iter().map(|(step, _)| *step).collect::<Vec<_>>(), ["nfkc", "zero_padded"]);
/// ```
pub fn explain(kind: Kind, input: &str) -> Explanation {
    let mut recorder = Recorder::new(input);
    let result = traced(kind, input, &mut recorder);
    Explanation {
        kind,
        result,
        steps: recorder.steps,
    }
}

/// A CSV header name as compared for auto-detection: NFKC, outer whitespace trimmed.
pub(crate) fn nfkc_for_header(name: &str) -> String {
    text::nfkc_trimmed(name)
}

/// Day number (days since 1970-01-01) of a canonical `YYYYMMDD` date.
pub(crate) fn day_number(canonical: &str) -> Option<i64> {
    date::day_number(canonical)
}

/// Canonical `YYYYMMDD` of a day number.
pub(crate) fn canonical_of_day(day: i64) -> String {
    date::canonical_of_day(day)
}

/// True when the canonical 8-digit insurer is a 後期高齢者医療 insurer (法別番号 39), whose
/// 被保険者番号 is individual even without 枝番.
pub fn is_late_elderly_insurer(canonical_insurer: &str) -> bool {
    canonical_insurer.starts_with("39")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(kind: Kind, input: &str) -> Vec<&'static str> {
        explain(kind, input)
            .steps
            .into_iter()
            .map(|(step, _)| step)
            .collect()
    }

    #[test]
    fn explain_lists_only_the_steps_that_changed_the_value() {
        assert_eq!(
            steps(Kind::Plain(Field::Insurer), "06132013"),
            Vec::<&str>::new()
        );
        assert_eq!(
            steps(Kind::Plain(Field::Number), "００１２-34"),
            ["nfkc", "separators", "leading_zeros"]
        );
        assert_eq!(
            steps(Kind::Plain(Field::Kanji), "渡邉 太郎"),
            ["whitespace", "kanji_variants"]
        );
        assert_eq!(steps(Kind::Plain(Field::Dob), "S45.3.2"), ["era_date"]);
        assert_eq!(steps(Kind::Plain(Field::Sex), "female"), ["sex_code"]);
    }

    #[test]
    fn explain_agrees_with_the_normalizers() {
        for (kind, input) in [
            (Kind::KanaLoose, "ｶﾞｯｺｳ"),
            (Kind::Plain(Field::Zip), "〒100-0001"),
            (Kind::Plain(Field::Insurer), "x"),
        ] {
            let explained = explain(kind, input);
            assert_eq!(
                explained.result,
                canonical(kind, input).map_err(|e| e.code())
            );
            if let (Ok(value), Some((_, last))) = (&explained.result, explained.steps.last()) {
                assert_eq!(value, last);
            }
        }
    }
}
