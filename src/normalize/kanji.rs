//! 漢字氏名: NFKC, separators and variation selectors removed, 旧字体/異体字 → 新字体 by the v1
//! variant table, kana unified; only Han, katakana, ー and A–Z remain (SPEC.md §3.8).

use super::kana::is_name_separator;
use super::kanji_variants::VARIANTS;
use super::text::{
    collect_string, hiragana_to_katakana, is_dash, is_han_or_katakana, nfc, prepare, Trace,
};
use crate::error::ErrorCode;

/// Variation selectors: VS1–VS16 and the ideographic VS17–VS256 (IVS).
fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// The new form of an old kanji form, or the character itself.
pub(crate) fn new_form(c: char) -> char {
    VARIANTS
        .binary_search_by_key(&c, |&(old, _)| old)
        .ok()
        .and_then(|i| VARIANTS.get(i))
        .map_or(c, |&(_, new)| new)
}

fn is_kanji_name_char(c: char) -> bool {
    matches!(c, '々' | '〆' | 'ー' | 'A'..='Z') || is_han_or_katakana(c)
}

/// Canonical kanji name.
pub(crate) fn kanji(input: &str, t: &mut dyn Trace) -> Result<String, ErrorCode> {
    let mut s = prepare(input, t)?;
    s.retain(|c| !is_name_separator(c) && !is_variation_selector(c));
    t.step("separators_and_variation_selectors", &s);
    let s: String = s
        .chars()
        .map(|c| {
            if is_dash(c) {
                'ー'
            } else {
                hiragana_to_katakana(c.to_ascii_uppercase())
            }
        })
        .collect();
    t.step("katakana_uppercase", &s);
    let folded = collect_string(s.len(), s.chars().map(new_form));
    t.step("kanji_variants", &folded);
    let canonical = nfc(folded);
    t.step("nfc", &canonical);
    if canonical.is_empty() {
        return Err(ErrorCode::Empty);
    }
    if !canonical.chars().all(is_kanji_name_char) {
        return Err(ErrorCode::Charset);
    }
    Ok(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn old_forms_and_name_variants_fold_to_new_forms() {
        assert_eq!(kanji("髙橋 惠子", &mut ()).as_deref(), Ok("高橋恵子"));
        assert_eq!(kanji("山﨑", &mut ()).as_deref(), Ok("山崎"));
        assert_eq!(kanji("渡邉", &mut ()).as_deref(), Ok("渡辺"));
        assert_eq!(kanji("齋藤", &mut ()).as_deref(), Ok("斎藤"));
    }

    #[test]
    fn pairs_outside_the_rules_stay() {
        assert_eq!(kanji("亙", &mut ()).as_deref(), Ok("亙"));
        assert_eq!(kanji("籠", &mut ()).as_deref(), Ok("籠"));
    }

    #[test]
    fn variation_selectors_kana_and_latin_are_handled() {
        assert_eq!(kanji("葛\u{E0100}飾", &mut ()).as_deref(), Ok("葛飾"));
        assert_eq!(kanji("山田 はなこ", &mut ()).as_deref(), Ok("山田ハナコ"));
        assert_eq!(kanji("John Smith", &mut ()).as_deref(), Ok("JOHNSMITH"));
        assert_eq!(kanji("山田1", &mut ()), Err(ErrorCode::Charset));
        assert_eq!(kanji("   ", &mut ()), Err(ErrorCode::Empty));
    }

    #[test]
    fn the_variant_table_is_sorted_and_nfkc_stable_under_the_pinned_unicode() {
        assert!(VARIANTS.windows(2).all(|w| w[0].0 < w[1].0));
        for &(old, new) in &VARIANTS {
            assert_eq!(
                old.to_string().nfkc().collect::<String>(),
                old.to_string(),
                "rule (d): {old}"
            );
            assert_eq!(new_form(new), new, "{new} is not itself an old form");
        }
    }
}
