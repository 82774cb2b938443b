//! カナ氏名: the Digital Agency's kana folding rules (氏名カナ正規化), reimplemented from their
//! description, plus removal of every space and separator (SPEC.md §3.7).

use unicode_normalization::UnicodeNormalization;

use super::text::{
    collect_string, hiragana_to_katakana, is_dash, is_middle_dot, nfc, prepare, Trace,
};
use crate::error::ErrorCode;

/// Combining voiced (゛) and semi-voiced (゜) sound marks, as NFKC and NFD leave them.
const VOICED: char = '\u{3099}';
const SEMI_VOICED: char = '\u{309A}';

/// Separators removed from names: middle dots, ゠ and = (double hyphens of foreign names),
/// apostrophes, periods and commas. Whitespace is already gone (SPEC.md §2.1).
pub(crate) fn is_name_separator(c: char) -> bool {
    is_middle_dot(c)
        || matches!(
            c,
            '\u{30A0}'
                | '='
                | '\''
                | '\u{2018}'
                | '\u{2019}'
                | '\u{2BC}'
                | '.'
                | '\u{3002}'
                | ','
                | '\u{3001}'
        )
}

/// Small kana (katakana, and Ainu small katakana U+31F0–U+31FF) → their large forms.
fn large(c: char) -> char {
    match c {
        'ァ' => 'ア',
        'ィ' => 'イ',
        'ゥ' => 'ウ',
        'ェ' => 'エ',
        'ォ' => 'オ',
        'ッ' => 'ツ',
        'ャ' => 'ヤ',
        'ュ' => 'ユ',
        'ョ' => 'ヨ',
        'ヮ' => 'ワ',
        'ヵ' => 'カ',
        'ヶ' => 'ケ',
        'ㇰ' => 'ク',
        'ㇱ' => 'シ',
        'ㇲ' => 'ス',
        'ㇳ' => 'ト',
        'ㇴ' => 'ヌ',
        'ㇵ' => 'ハ',
        'ㇶ' => 'ヒ',
        'ㇷ' => 'フ',
        'ㇸ' => 'ヘ',
        'ㇹ' => 'ホ',
        'ㇺ' => 'ム',
        'ㇻ' => 'ラ',
        'ㇼ' => 'リ',
        'ㇽ' => 'ル',
        'ㇾ' => 'レ',
        'ㇿ' => 'ロ',
        _ => c,
    }
}

/// The vowel that ワ ヰ ヱ ヲ become after ヴ when voiced (ヷ → ヴア …).
fn voiced_w_vowel(c: char) -> Option<char> {
    match c {
        'ワ' => Some('ア'),
        'ヰ' => Some('イ'),
        'ヱ' => Some('エ'),
        'ヲ' => Some('オ'),
        _ => None,
    }
}

/// ヲ → オ, ヰ → イ, ヱ → エ (unvoiced).
fn modern(c: char) -> char {
    match c {
        'ヲ' => 'オ',
        'ヰ' => 'イ',
        'ヱ' => 'エ',
        _ => c,
    }
}

/// Small → large, ヲヰヱ → オイエ and ヷヸヹヺ → ヴア ヴイ ヴエ ヴオ, on a katakana string.
fn fold_kana(unified: &str) -> String {
    let mut folded = String::with_capacity(unified.len());
    let needs_decomposition = unified
        .chars()
        .any(|c| matches!(c, VOICED | SEMI_VOICED | '\u{30F7}'..='\u{30FA}'));
    if !needs_decomposition {
        // Composed text without marks or ヷ–ヺ: fold character by character.
        folded.extend(unified.chars().map(|c| modern(large(c))));
        return folded;
    }
    // Fold on the decomposed form, so that voiced kana are base + U+3099 whatever the input.
    let mut chars = unified.nfd().map(large).peekable();
    while let Some(c) = chars.next() {
        match (voiced_w_vowel(c), chars.peek()) {
            (Some(vowel), Some(&VOICED)) => {
                chars.next();
                folded.extend(['ウ', VOICED, vowel]);
            }
            _ => folded.push(modern(c)),
        }
    }
    folded
}

/// The common case in one pass, when no step is recorded: text without combining marks or
/// ヷ–ヺ needs no decomposition, so unifying, folding and the final check fuse. `None` sends
/// the text through the step-by-step path.
fn fused_kana(prepared: &str) -> Option<Result<String, ErrorCode>> {
    let mut out = String::with_capacity(prepared.len());
    for c in prepared.chars() {
        let c = hiragana_to_katakana(c.to_ascii_uppercase());
        if matches!(c, VOICED | SEMI_VOICED | '\u{30F7}'..='\u{30FA}') {
            return None;
        }
        let c = if is_dash(c) { 'ー' } else { c };
        if is_name_separator(c) {
            continue;
        }
        let c = modern(large(c));
        if !is_kana_name_char(c) {
            return Some(Err(ErrorCode::NotKana));
        }
        out.push(c);
    }
    Some(if out.is_empty() {
        Err(ErrorCode::Empty)
    } else {
        Ok(out)
    })
}

/// Characters a canonical kana name may contain.
fn is_kana_name_char(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30F6}' | 'ー' | 'ヽ' | 'ヾ' | 'A'..='Z')
}

/// Canonical kana name: katakana (large forms, ー, ヽ, ヾ) and A–Z, nothing else.
pub(crate) fn kana(input: &str, t: &mut dyn Trace) -> Result<String, ErrorCode> {
    let prepared = prepare(input, t)?;
    if !t.enabled() {
        if let Some(canonical) = fused_kana(&prepared) {
            return canonical;
        }
    }
    let unified = collect_string(
        prepared.len(),
        prepared
            .chars()
            .map(|c| {
                let c = hiragana_to_katakana(c.to_ascii_uppercase());
                if is_dash(c) {
                    'ー'
                } else {
                    c
                }
            })
            .filter(|&c| !is_name_separator(c)),
    );
    t.step("katakana_separators", &unified);
    let folded = fold_kana(&unified);
    t.step("small_and_old_kana", &folded);
    let canonical = nfc(folded);
    t.step("nfc", &canonical);
    if canonical.is_empty() {
        return Err(ErrorCode::Empty);
    }
    if !canonical.chars().all(is_kana_name_char) {
        return Err(ErrorCode::NotKana);
    }
    Ok(canonical)
}

/// Canonical loose kana name: the kana form with ヂ → シ, ヅ → ス, every voicing mark dropped
/// (ガ → カ, パ → ハ, ヴ → ウ, ヾ → ヽ) and ー removed.
pub(crate) fn kana_loose(input: &str, t: &mut dyn Trace) -> Result<String, ErrorCode> {
    let strict = kana(input, t)?;
    let unified = collect_string(
        strict.len(),
        strict.chars().map(|c| match c {
            'ヂ' => 'シ',
            'ヅ' => 'ス',
            _ => c,
        }),
    );
    let loose = collect_string(
        unified.len(),
        unified
            .nfd()
            .filter(|&c| c != VOICED && c != SEMI_VOICED && c != 'ー'),
    );
    let loose = nfc(loose);
    t.step("voicing_and_long_marks", &loose);
    if loose.is_empty() {
        return Err(ErrorCode::Empty);
    }
    Ok(loose)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_small_kana_and_old_kana_fold() {
        assert_eq!(
            kana("やまだ　たろう", &mut ()).as_deref(),
            Ok("ヤマダタロウ")
        );
        assert_eq!(kana("ｷｯｼｮｳ", &mut ()).as_deref(), Ok("キツシヨウ"));
        assert_eq!(kana("ヲヰヱ", &mut ()).as_deref(), Ok("オイエ"));
        assert_eq!(kana("ヷヸヹヺ", &mut ()).as_deref(), Ok("ヴアヴイヴエヴオ"));
        assert_eq!(kana("ワ゛", &mut ()).as_deref(), Ok("ヴア"));
        assert_eq!(kana("ト゛ウ", &mut ()).as_deref(), Ok("ドウ"));
        assert_eq!(kana("ㇷ゚", &mut ()).as_deref(), Ok("プ"));
    }

    #[test]
    fn marks_that_cannot_merge_and_kanji_are_not_kana() {
        assert_eq!(kana("ン゛", &mut ()), Err(ErrorCode::NotKana));
        assert_eq!(kana("山田", &mut ()), Err(ErrorCode::NotKana));
        assert_eq!(kana("ヤマダ1", &mut ()), Err(ErrorCode::NotKana));
        assert_eq!(kana("・ ", &mut ()), Err(ErrorCode::Empty));
    }

    #[test]
    fn loose_kana_drops_voicing_and_long_marks() {
        assert_eq!(
            kana_loose("ヂヅガパヴー", &mut ()).as_deref(),
            Ok("シスカハウ")
        );
        assert_eq!(
            kana_loose("スズキ", &mut ()).as_deref(),
            kana_loose("スズキー", &mut ()).as_deref()
        );
        assert_eq!(kana_loose("ー", &mut ()), Err(ErrorCode::Empty));
    }
}
