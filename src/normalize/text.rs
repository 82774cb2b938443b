//! Text steps shared by every field: NFKC, whitespace, the character-set check and the
//! character classes of SPEC.md §2 (dashes, middle dots, kana).

use super::unicode_ranges::{FORBIDDEN, HAN_KATAKANA};
use unicode_normalization::{is_nfc_quick, is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::error::ErrorCode;

/// The Unicode `White_Space` property (PropList.txt; stable since Unicode 6.3).
pub(crate) fn is_white_space(c: char) -> bool {
    matches!(
        c,
        '\u{09}'..='\u{0D}'
            | '\u{20}'
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// Characters that are `E_CHARSET` in every field: general categories Cc, Cf, Co, Cs, Cn, and
/// U+FFFD, which marks text already damaged by a wrong decoding (or a lone UTF-16 surrogate).
pub(crate) fn is_forbidden(c: char) -> bool {
    if is_common_allowed(c) {
        return false;
    }
    c == '\u{FFFD}' || in_ranges(&FORBIDDEN, c)
}

/// True for Script=Han or Script=Katakana (Unicode 18.0.0).
pub(crate) fn is_han_or_katakana(c: char) -> bool {
    in_ranges(&HAN_KATAKANA, c)
}

/// True when `c` lies in one of the sorted, disjoint inclusive `ranges`.
fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let c = u32::from(c);
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                core::cmp::Ordering::Less
            } else if lo > c {
                core::cmp::Ordering::Greater
            } else {
                core::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Blocks where every code point is assigned and of an allowed category in Unicode 18.0.0, so
/// the general-category table need not be searched (a unit test checks every one of them):
/// printable ASCII, hiragana, katakana, CJK unified ideographs, half- and full-width forms.
fn is_common_allowed(c: char) -> bool {
    matches!(
        c,
        '\u{20}'..='\u{7E}' | '\u{3041}'..='\u{3096}' | '\u{3099}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF01}'..='\u{FF9F}'
    )
}

/// Dash look-alikes (after NFKC), SPEC.md §2.3; includes ー (U+30FC).
pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2D}' | '\u{2010}'
            ..='\u{2015}'
                | '\u{2043}'
                | '\u{2212}'
                | '\u{2500}'
                | '\u{2501}'
                | '\u{2E3A}'
                | '\u{2E3B}'
                | '\u{30FC}'
                | '\u{FE58}'
                | '\u{FE63}'
    )
}

/// Middle dots (after NFKC), SPEC.md §2.3.
pub(crate) fn is_middle_dot(c: char) -> bool {
    matches!(
        c,
        '\u{B7}'
            | '\u{387}'
            | '\u{2022}'
            | '\u{2027}'
            | '\u{2219}'
            | '\u{22C5}'
            | '\u{2E31}'
            | '\u{30FB}'
    )
}

/// Collects characters into a string sized for `capacity` bytes up front: the filters and maps
/// of the normalizers give no size hint, and growing a string char by char dominated their cost.
pub(crate) fn collect_string(capacity: usize, chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(capacity);
    out.extend(chars);
    out
}

/// Hiragana → katakana, including ゝ→ヽ and ゞ→ヾ; other characters unchanged.
pub(crate) fn hiragana_to_katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' | '\u{309D}' | '\u{309E}' => {
            char::from_u32(u32::from(c) + 0x60).unwrap_or(c)
        }
        _ => c,
    }
}

/// Where normalizers report the value after each step, for [`crate::normalize::explain`].
/// `()` records nothing, so normal calls pay nothing.
pub(crate) trait Trace {
    /// The value after step `name`.
    fn step(&mut self, name: &'static str, value: &str);

    /// False when steps are not recorded, so a normalizer may fuse its steps.
    fn enabled(&self) -> bool {
        true
    }
}

impl Trace for () {
    fn step(&mut self, _name: &'static str, _value: &str) {}

    fn enabled(&self) -> bool {
        false
    }
}

/// Records each step that changed the value.
pub(crate) struct Recorder {
    pub(crate) steps: Vec<(&'static str, String)>,
    last: String,
}

impl Recorder {
    pub(crate) fn new(input: &str) -> Self {
        Recorder {
            steps: Vec::new(),
            last: input.to_owned(),
        }
    }
}

impl Trace for Recorder {
    fn step(&mut self, name: &'static str, value: &str) {
        if value != self.last {
            self.last = value.to_owned();
            self.steps.push((name, self.last.clone()));
        }
    }
}

/// The first steps of every field (SPEC.md §2.1): NFKC, then all `White_Space` removed, then
/// the character-set check. Pure ASCII skips NFKC, which leaves it unchanged.
pub(crate) fn prepare(input: &str, t: &mut dyn Trace) -> Result<String, ErrorCode> {
    // Text already in NFKC is left as it is.
    let out: String = if is_nfkc(input) {
        collect_string(input.len(), input.chars().filter(|&c| !is_white_space(c)))
    } else {
        let nfkc: String =
            fast_nfkc(input).unwrap_or_else(|| collect_string(input.len(), input.nfkc()));
        t.step("nfkc", &nfkc);
        collect_string(nfkc.len(), nfkc.chars().filter(|&c| !is_white_space(c)))
    };
    t.step("whitespace", &out);
    check_charset(&out)?;
    Ok(out)
}

/// Characters that NFKC and NFC leave unchanged in any context (checked against the quick-check
/// tables by a unit test): ASCII, hiragana, katakana without the combining and compatibility
/// marks, CJK unified ideographs. Lets the common case skip the quick-check table searches.
fn is_stable_common(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{7F}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FE}' | '\u{4E00}'..='\u{9FFF}'
    )
}

/// NFKC targets of the half-width forms U+FF61–U+FF9F, in order (checked against the
/// normalization tables by a unit test).
const HALF_WIDTH_NFKC: [char; 63] = [
    '。', '「', '」', '、', '・', 'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー',
    'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ',
    'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ',
    'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン', '\u{3099}',
    '\u{309A}',
];

/// NFKC of one character whose compatibility decomposition is a single character we know:
/// full-width ASCII, half-width katakana and punctuation, the ideographic space.
fn simple_nfkc(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0),
        '\u{FF61}'..='\u{FF9F}' => HALF_WIDTH_NFKC
            .get((u32::from(c) - 0xFF61) as usize)
            .copied(),
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// NFKC without the general algorithm for text made of stable characters and the simple
/// compatibility forms above (the common case of Japanese exports): map each character, then
/// compose voiced marks. `None` when another character needs the general algorithm.
fn fast_nfkc(input: &str) -> Option<String> {
    let mut out = String::with_capacity(input.len());
    let mut marks = false;
    for c in input.chars() {
        let mapped = if is_stable_common(c) {
            c
        } else {
            simple_nfkc(c)?
        };
        marks |= matches!(mapped, '\u{3099}' | '\u{309A}');
        out.push(mapped);
    }
    Some(if marks {
        collect_string(out.len(), out.nfc())
    } else {
        out
    })
}

/// True when NFKC leaves `s` unchanged, proven by the shortcut or the quick check.
fn is_nfkc(s: &str) -> bool {
    s.chars().all(is_stable_common) || is_nfkc_quick(s.chars()) == IsNormalized::Yes
}

/// NFKC and outer `White_Space` trimmed, inner whitespace kept (dates cut a time first).
pub(crate) fn nfkc_trimmed(input: &str) -> String {
    let s: String = if input.is_ascii() {
        input.to_owned()
    } else {
        collect_string(input.len(), input.nfkc())
    };
    s.trim_matches(is_white_space).to_owned()
}

/// `E_CHARSET` when any character is forbidden.
pub(crate) fn check_charset(s: &str) -> Result<(), ErrorCode> {
    if s.is_ascii() {
        // ASCII: only Cc (C0 controls and DEL) can be forbidden.
        if s.bytes().any(|b| b < 0x20 || b == 0x7F) {
            return Err(ErrorCode::Charset);
        }
        return Ok(());
    }
    if s.chars().any(is_forbidden) {
        return Err(ErrorCode::Charset);
    }
    Ok(())
}

/// Canonical composition (NFC), skipped for text already in NFC.
pub(crate) fn nfc(s: String) -> String {
    if s.chars().all(is_stable_common) || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s
    } else {
        collect_string(s.len(), s.nfc())
    }
}

/// True for a non-empty string of ASCII digits only.
pub(crate) fn is_ascii_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// An all-digit value without its leading zeros, keeping one `0` (spreadsheets drop them).
pub(crate) fn strip_leading_zeros(s: String) -> String {
    if !is_ascii_digits(&s) {
        return s;
    }
    let trimmed = s.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else if trimmed.len() == s.len() {
        s
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ideographic_and_ascii_spaces_are_removed() {
        assert_eq!(
            prepare("\u{3000}12 3\t4\u{3000}", &mut ()).as_deref(),
            Ok("1234")
        );
    }

    #[test]
    fn full_width_digits_become_ascii() {
        assert_eq!(prepare("０６１３", &mut ()).as_deref(), Ok("0613"));
    }

    #[test]
    fn format_private_use_unassigned_and_replacement_characters_are_forbidden() {
        for s in [
            "1\u{200B}2",
            "1\u{E000}",
            "1\u{FFFD}",
            "\u{0378}",
            "1\u{7F}",
            "\u{FEFF}1",
        ] {
            assert_eq!(prepare(s, &mut ()), Err(ErrorCode::Charset), "{s:?}");
        }
    }

    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    use unicode_script::{Script, UnicodeScript};

    fn is_forbidden_category(c: char) -> bool {
        matches!(
            c.general_category(),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::PrivateUse
                | GeneralCategory::Surrogate
                | GeneralCategory::Unassigned
        )
    }

    /// Inclusive ranges of the code points (surrogates count as forbidden) that satisfy `test`.
    fn ranges(test: impl Fn(u32) -> bool) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for cp in 0..=0x10FFFFu32 {
            if !test(cp) {
                continue;
            }
            match out.last_mut() {
                Some(last) if last.1 + 1 == cp => last.1 = cp,
                _ => out.push((cp, cp)),
            }
        }
        out
    }

    fn render() -> String {
        let forbidden = ranges(|cp| char::from_u32(cp).is_none_or(is_forbidden_category));
        let han_katakana = ranges(|cp| {
            char::from_u32(cp).is_some_and(|c| matches!(c.script(), Script::Han | Script::Katakana))
        });
        let list = |ranges: &[(u32, u32)]| -> String {
            ranges
                .iter()
                .map(|(lo, hi)| format!("    (0x{lo:04X}, 0x{hi:04X}),\n"))
                .collect()
        };
        format!(
            "// generated by scripts/gen_ranges.sh from unicode-properties {} and unicode-script {}\n\
             // (Unicode {}.{}.{}); do not edit\n\n\
             /// General categories Cc, Cf, Co, Cs, Cn: sorted, disjoint, inclusive code point ranges.\n\
             pub(crate) const FORBIDDEN: [(u32, u32); {}] = [\n{}];\n\n\
             /// Script=Han or Script=Katakana: sorted, disjoint, inclusive code point ranges.\n\
             pub(crate) const HAN_KATAKANA: [(u32, u32); {}] = [\n{}];\n",
            "0.1.5",
            "0.5.9",
            unicode_properties::UNICODE_VERSION.0,
            unicode_properties::UNICODE_VERSION.1,
            unicode_properties::UNICODE_VERSION.2,
            forbidden.len(),
            list(&forbidden),
            han_katakana.len(),
            list(&han_katakana),
        )
    }

    #[test]
    fn the_range_tables_are_generated_from_the_pinned_unicode_data() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/normalize/unicode_ranges.rs"
        );
        let want = render();
        if std::env::var_os("LINKCODE_REGENERATE").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "src/normalize/unicode_ranges.rs is stale: run scripts/gen_ranges.sh"
        );
        // And the lookups agree with the crates for every scalar value.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(
                is_forbidden(c),
                c == '\u{FFFD}' || is_forbidden_category(c),
                "{c:?}"
            );
            assert_eq!(
                is_han_or_katakana(c),
                matches!(c.script(), Script::Han | Script::Katakana),
                "{c:?}"
            );
        }
    }

    #[test]
    fn the_common_blocks_shortcut_agrees_with_the_category_table() {
        let ranges = [
            (0x20, 0x7E),
            (0x3041, 0x3096),
            (0x3099, 0x30FF),
            (0x4E00, 0x9FFF),
            (0xFF01, 0xFF9F),
        ];
        for (lo, hi) in ranges {
            for c in (lo..=hi).filter_map(char::from_u32) {
                let category = c.general_category();
                let forbidden = matches!(
                    category,
                    GeneralCategory::Control
                        | GeneralCategory::Format
                        | GeneralCategory::PrivateUse
                        | GeneralCategory::Surrogate
                        | GeneralCategory::Unassigned
                );
                assert!(is_common_allowed(c) && !forbidden, "{c:?} is {category:?}");
            }
        }
    }

    #[test]
    fn the_fast_nfkc_agrees_with_the_normalization_tables() {
        let simple: Vec<char> = ('\u{FF01}'..='\u{FF5E}')
            .chain('\u{FF61}'..='\u{FF9F}')
            .chain(['\u{3000}'])
            .collect();
        for &c in &simple {
            let want: String = c.to_string().nfkc().collect();
            assert_eq!(simple_nfkc(c).map(String::from), Some(want), "{c:?}");
        }
        // Pairs exercise the composition of voiced marks with what precedes them.
        let samples: Vec<char> = simple
            .iter()
            .copied()
            .chain("アカハヤウワあか1A ガ".chars())
            .collect();
        for &a in &samples {
            for &b in &samples {
                let s: String = [a, b].iter().collect();
                assert_eq!(fast_nfkc(&s), Some(s.nfkc().collect::<String>()), "{s:?}");
            }
        }
        assert_eq!(fast_nfkc("①"), None);
    }

    #[test]
    fn the_stable_shortcut_agrees_with_the_quick_check_tables() {
        for c in (0u32..=0xFFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_stable_common(c))
        {
            let one = || core::iter::once(c);
            assert_eq!(is_nfkc_quick(one()), IsNormalized::Yes, "{c:?}");
            assert_eq!(is_nfc_quick(one()), IsNormalized::Yes, "{c:?}");
        }
    }

    #[test]
    fn hiragana_maps_to_katakana_including_iteration_marks() {
        let s: String = "あゔゝゞん".chars().map(hiragana_to_katakana).collect();
        assert_eq!(s, "アヴヽヾン");
    }

    #[test]
    fn leading_zeros_are_stripped_keeping_one() {
        assert_eq!(strip_leading_zeros("000".into()), "0");
        assert_eq!(strip_leading_zeros("0012".into()), "12");
        assert_eq!(strip_leading_zeros("0A12".into()), "0A12");
    }
}
