//! Insurance-card numbers: 保険者番号 with its check digit, 記号/番号, 枝番.

use super::text::{
    hiragana_to_katakana, is_ascii_digits, is_dash, is_middle_dot, nfc, prepare,
    strip_leading_zeros, Trace,
};
use crate::error::ErrorCode;

/// Longest 記号 or 番号, in code points, after normalization.
pub(crate) const MAX_CARD_TEXT: usize = 38;

/// The Luhn-style check digit of MHLW codes (設定要領): weights 2, 1, 2, … from the rightmost
/// body digit, digit sums of the products, check = (10 − sum mod 10) mod 10.
pub(crate) fn check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let p = u32::from(d.wrapping_sub(b'0')) * if i % 2 == 0 { 2 } else { 1 };
            p / 10 + p % 10
        })
        .sum();
    // `sum % 10` < 10, so the cast cannot truncate.
    ((10 - sum % 10) % 10) as u8
}

/// True when the last digit of an ASCII-digit string is the check digit of the rest.
pub(crate) fn has_valid_check_digit(digits: &str) -> bool {
    match digits.as_bytes().split_last() {
        Some((&last, body)) => last.wrapping_sub(b'0') == check_digit(body),
        None => false,
    }
}

/// A fixed-width number with a check digit: whitespace and dashes removed, all digits,
/// `min..=width` digits left-padded with zeros to `width`, then the check digit verified.
pub(crate) fn padded_checked(
    input: &str,
    min: usize,
    width: usize,
    t: &mut dyn Trace,
) -> Result<String, ErrorCode> {
    // Fast path: plain ASCII digits of an accepted length need no other step.
    let plain = is_ascii_digits(input) && (min..=width).contains(&input.len());
    let digits = if plain {
        input.to_owned()
    } else {
        digits_without_separators(input, t)?
    };
    if digits.is_empty() {
        return Err(ErrorCode::Empty);
    }
    if !is_ascii_digits(&digits) || digits.len() < min || digits.len() > width {
        return Err(ErrorCode::Format);
    }
    let padded = zero_padded(&digits, width);
    t.step("zero_padded", &padded);
    if !has_valid_check_digit(&padded) {
        return Err(ErrorCode::CheckDigit);
    }
    Ok(padded)
}

/// `digits` left-padded with `0` to `width` characters.
fn zero_padded(digits: &str, width: usize) -> String {
    let mut out = String::with_capacity(width.max(digits.len()));
    out.extend(core::iter::repeat_n(
        '0',
        width.saturating_sub(digits.len()),
    ));
    out.push_str(digits);
    out
}

/// NFKC, whitespace and the charset check, then the dash set removed anywhere.
fn digits_without_separators(input: &str, t: &mut dyn Trace) -> Result<String, ErrorCode> {
    let mut s = prepare(input, t)?;
    s.retain(|c| !is_dash(c));
    t.step("separators", &s);
    Ok(s)
}

/// 記号 or 番号: separators removed, kana unified, letters upper-cased, spreadsheet zeros dropped.
pub(crate) fn card_text(input: &str, t: &mut dyn Trace) -> Result<String, ErrorCode> {
    // Fast path: ASCII letters and digits only need upper-casing and spreadsheet zeros.
    if !input.is_empty() && input.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let upper = input.to_ascii_uppercase();
        t.step("katakana_uppercase", &upper);
        let s = strip_leading_zeros(upper);
        t.step("leading_zeros", &s);
        return if s.len() > MAX_CARD_TEXT {
            Err(ErrorCode::Length)
        } else {
            Ok(s)
        };
    }
    let mut s = prepare(input, t)?;
    s.retain(|c| !is_dash(c) && !is_middle_dot(c));
    t.step("separators", &s);
    let s: String = s
        .chars()
        .map(|c| hiragana_to_katakana(c).to_ascii_uppercase())
        .collect();
    t.step("katakana_uppercase", &s);
    let s = nfc(s);
    t.step("nfc", &s);
    let s = strip_leading_zeros(s);
    t.step("leading_zeros", &s);
    if s.chars().count() > MAX_CARD_TEXT {
        return Err(ErrorCode::Length);
    }
    Ok(s)
}

/// 枝番: two digits (`1` → `01`); empty (or only dashes) means absent and gives `""`.
pub(crate) fn branch(input: &str, t: &mut dyn Trace) -> Result<String, ErrorCode> {
    let plain = is_ascii_digits(input) && input.len() <= 2;
    let digits = if plain {
        input.to_owned()
    } else {
        digits_without_separators(input, t)?
    };
    let canonical = match digits.len() {
        0 => String::new(),
        1 | 2 if is_ascii_digits(&digits) => zero_padded(&digits, 2),
        _ => return Err(ErrorCode::Format),
    };
    t.step("zero_padded", &canonical);
    Ok(canonical)
}

/// 診察券番号, 地域ID and network ids: separators kept (they may be meaningful), whitespace
/// removed, all-digit values without leading zeros; network ids ASCII lower-cased.
pub(crate) fn local_id(input: &str, lower: bool, t: &mut dyn Trace) -> Result<String, ErrorCode> {
    let mut s = nfc(prepare(input, t)?);
    t.step("nfc", &s);
    if lower {
        s.make_ascii_lowercase();
        t.step("lowercase", &s);
    }
    let s = strip_leading_zeros(s);
    t.step("leading_zeros", &s);
    if s.is_empty() {
        return Err(ErrorCode::Empty);
    }
    Ok(s)
}

/// 郵便番号: 〒, whitespace and dashes removed; exactly 7 digits.
pub(crate) fn zip(input: &str, t: &mut dyn Trace) -> Result<String, ErrorCode> {
    let mut digits = digits_without_separators(input, t)?;
    digits.retain(|c| c != '〒');
    t.step("postal_mark", &digits);
    if digits.is_empty() {
        return Err(ErrorCode::Empty);
    }
    if digits.len() != 7 || !is_ascii_digits(&digits) {
        return Err(ErrorCode::Format);
    }
    Ok(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branch_of(s: &str) -> Result<String, ErrorCode> {
        branch(s, &mut ())
    }

    fn card_text_of(s: &str) -> Result<String, ErrorCode> {
        card_text(s, &mut ())
    }

    #[test]
    fn check_digit_matches_published_insurer_numbers() {
        // 協会けんぽ東京支部 01130012; the DESIGN example 06132013.
        assert!(has_valid_check_digit("01130012"));
        assert!(has_valid_check_digit("06132013"));
        assert!(!has_valid_check_digit("06132014"));
    }

    #[test]
    fn check_digit_sums_the_digits_of_doubled_values() {
        // body 9: 9*2 = 18 → 1 + 8 = 9 → check (10 - 9) % 10 = 1
        assert_eq!(check_digit(b"9"), 1);
        assert_eq!(check_digit(b"0000000"), 0);
    }

    #[test]
    fn five_to_eight_digits_are_padded_before_the_check() {
        let check = |s: &str| padded_checked(s, 5, 8, &mut ());
        assert_eq!(check("1130012").as_deref(), Ok("01130012"));
        assert_eq!(check("1234"), Err(ErrorCode::Format));
        assert_eq!(check("123456789"), Err(ErrorCode::Format));
        assert_eq!(check(" - "), Err(ErrorCode::Empty));
    }

    #[test]
    fn branch_is_two_digits_or_absent() {
        assert_eq!(branch_of("1").as_deref(), Ok("01"));
        assert_eq!(branch_of("00").as_deref(), Ok("00"));
        assert_eq!(branch_of("-").as_deref(), Ok(""));
        assert_eq!(branch_of("001"), Err(ErrorCode::Format));
        assert_eq!(branch_of("A"), Err(ErrorCode::Format));
    }

    #[test]
    fn card_text_is_at_most_38_characters() {
        assert_eq!(
            card_text_of(&"あ".repeat(38)).map(|s| s.chars().count()),
            Ok(38)
        );
        assert_eq!(card_text_of(&"あ".repeat(39)), Err(ErrorCode::Length));
    }
}
