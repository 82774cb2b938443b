//! Property tests of the normalizers (native only): idempotence, no forbidden characters in
//! canonical values, no panics on any input, notation variants that must agree.
#![cfg(not(target_arch = "wasm32"))]

use linkcode::{normalize, Field};
use proptest::prelude::*;

/// Strings biased towards what identifiers contain: digits, kana, kanji, dashes, dots, spaces,
/// full-width forms, combining marks and controls — plus any Unicode scalar value.
fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[0-9０-９]{1,8}",
        "[ぁ-ゖァ-ヺｦ-ﾟ゛゜ー・･]{1,6}",
        "[a-zA-Zａ-ｚＡ-Ｚ]{1,4}",
        "[一-龥々〆]{1,3}",
        "[-‐‑‒–—―−ー－ｰ/.年月日元十〇明大昭平令治正和成TSHRMtshrm:]{1,3}",
        "[ \u{3000}\t\u{A0}]{1,2}",
        "[\u{0}-\u{1F}\u{200B}-\u{200F}\u{E000}\u{FFFD}\u{3099}\u{309A}\u{FE00}]",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
}

fn forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{E000}'..='\u{F8FF}' | '\u{FFFD}' | '\u{FEFF}')
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn every_normalizer_is_idempotent_and_never_panics(input in messy_text()) {
        for field in Field::ALL {
            if let Ok(canonical) = normalize::field(field, &input) {
                prop_assert_eq!(normalize::field(field, &canonical).ok(), Some(canonical.clone()), "{}", field);
            }
        }
    }

    #[test]
    fn canonical_values_contain_no_forbidden_or_separator_characters(input in messy_text()) {
        for field in Field::ALL {
            if let Ok(canonical) = normalize::field(field, &input) {
                prop_assert!(!canonical.chars().any(forbidden), "{}", field);
                prop_assert!(!canonical.chars().any(char::is_whitespace), "{}", field);
            }
        }
    }

    #[test]
    fn full_width_and_half_width_card_values_agree(s in "[0-9A-Za-z]{1,20}") {
        let wide: String = s.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect();
        for field in [Field::Insurer, Field::Symbol, Field::Number, Field::Branch, Field::Dob, Field::Sex] {
            prop_assert_eq!(normalize::field(field, &s), normalize::field(field, &wide), "{}", field);
        }
    }

    #[test]
    fn hiragana_half_width_and_katakana_card_values_agree(s in "[ア-ン]{1,10}") {
        let hiragana: String = s.chars().map(|c| char::from_u32(c as u32 - 0x60).unwrap()).collect();
        prop_assert_eq!(normalize::number(&s), normalize::number(&hiragana));
        prop_assert_eq!(normalize::symbol(&s), normalize::symbol(&hiragana));
    }

    #[test]
    fn spreadsheet_trimmed_insurers_equal_their_full_form(digits in "[0-9]{7}") {
        let body = digits.as_bytes();
        let check = (0..7).rev().enumerate().map(|(i, j)| {
            let p = u32::from(body[j] - b'0') * if i % 2 == 0 { 2 } else { 1 };
            p / 10 + p % 10
        }).sum::<u32>();
        let full = format!("{digits}{}", (10 - check % 10) % 10);
        prop_assert_eq!(normalize::insurer(&full).ok(), Some(full.clone()));
        let trimmed = full.trim_start_matches('0');
        if trimmed.len() >= 5 {
            prop_assert_eq!(normalize::insurer(trimmed).ok(), Some(full.clone()));
        }
        prop_assert_eq!(normalize::insurer(&format!("  {full} ")).ok(), Some(full.clone()));
    }

    #[test]
    fn every_date_notation_of_a_day_gives_the_same_canonical_date(days in 0i64..121_000) {
        // An independent day counter: 1868-01-01 plus `days`.
        let (y, m, d) = civil(days + days_from_civil(1868, 1, 1));
        let want = format!("{y:04}{m:02}{d:02}");
        if y > 2199 {
            return Ok(());
        }
        for western in [want.clone(), format!("{y}-{m}-{d}"), format!("{y}/{m:02}/{d:02}"), format!("{y}年{m}月{d}日"),
                        format!("{y}.{m}.{d} 0:00:00"), format!("{y}-{m:02}-{d:02}T00:00:00")] {
            prop_assert_eq!(normalize::dob(&western).ok(), Some(want.clone()), "{}", western);
        }
        if let Some((name, letter, digit, era_year)) = era_of(y, m, d) {
            let year = if era_year == 1 { "元".to_owned() } else { era_year.to_string() };
            let mut forms = vec![format!("{name}{year}年{m}月{d}日"), format!("{letter}{era_year}.{m}.{d}"),
                                 format!("{}{era_year}/{m}/{d}", letter.to_ascii_lowercase())];
            if era_year < 100 {
                forms.push(format!("{digit}{era_year:02}{m:02}{d:02}"));
                forms.push(format!("{letter}{era_year:02}{m:02}{d:02}"));
            }
            for form in forms {
                prop_assert_eq!(normalize::dob(&form).ok(), Some(want.clone()), "{}", form);
            }
        }
        let serial = days + days_from_civil(1868, 1, 1) - days_from_civil(1899, 12, 30);
        if (10_000..100_000).contains(&serial) {
            prop_assert_eq!(normalize::dob(&serial.to_string()).ok(), Some(want.clone()));
        }
    }
}

/// Half-width katakana for a full-width one, built from NFKC of the half-width block (with ﾞ/ﾟ
/// for voiced kana), so the test does not trust the code under test.
fn half_width(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut map = std::collections::HashMap::new();
    for c in ('\u{FF66}'..='\u{FF9D}').filter(|c| *c != '\u{FF70}') {
        let full: String = c.to_string().nfkc().collect();
        map.insert(full, c.to_string());
        for (mark, half_mark) in [('\u{3099}', 'ﾞ'), ('\u{309A}', 'ﾟ')] {
            let voiced: String = format!("{}{mark}", c.to_string().nfkc().collect::<String>())
                .nfc()
                .collect();
            if voiced.chars().count() == 1 {
                map.insert(voiced, format!("{c}{half_mark}"));
            }
        }
    }
    s.chars()
        .map(|c| {
            map.get(&c.to_string())
                .cloned()
                .unwrap_or_else(|| c.to_string())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn katakana_hiragana_and_half_width_names_agree(s in "[ァ-ヶー]{1,12}") {
        let hiragana: String = s.chars().map(|c| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap(),
            _ => c,
        }).collect();
        let want = normalize::kana(&s);
        prop_assert_eq!(&normalize::kana(&hiragana), &want);
        prop_assert_eq!(&normalize::kana(&half_width(&s)), &want);
        prop_assert_eq!(normalize::kana_loose(&half_width(&s)), normalize::kana_loose(&s));
    }

    #[test]
    fn spaces_and_dots_inside_names_do_not_matter(s in "[ア-ンー]{2,10}", at in 0usize..10, sep in "[ 　・･.,]") {
        let cut = s.char_indices().nth(at % s.chars().count()).map_or(0, |(i, _)| i);
        let spaced = format!("{}{sep}{}", &s[..cut], &s[cut..]);
        prop_assert_eq!(normalize::kana(&spaced), normalize::kana(&s));
        prop_assert_eq!(normalize::kanji(&format!("山田{sep}太郎")), normalize::kanji("山田太郎"));
    }
}

/// 明治 … 令和 by first day; 平成 and 令和 are open-ended (平成 dates are read over, so only
/// the era in force is generated here).
fn era_of(y: i64, m: i64, d: i64) -> Option<(&'static str, char, u8, i64)> {
    let eras = [
        ("令和", 'R', 5, (2019, 5, 1)),
        ("平成", 'H', 4, (1989, 1, 8)),
        ("昭和", 'S', 3, (1926, 12, 25)),
        ("大正", 'T', 2, (1912, 7, 30)),
        ("明治", 'M', 1, (1868, 1, 25)),
    ];
    eras.iter()
        .find(|(_, _, _, start)| (y, m, d) >= *start)
        .map(|&(name, letter, digit, (sy, _, _))| (name, letter, digit, y - sy + 1))
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[test]
fn megabyte_inputs_are_handled_without_panic() {
    let big_digits = "1".repeat(1 << 20);
    let big_kana = "あ".repeat(1 << 18);
    let big_mixed = "昭和四十五年".repeat(1 << 16);
    for input in [&big_digits, &big_kana, &big_mixed] {
        for field in Field::ALL {
            let result = normalize::field(field, input);
            // Length-bounded fields reject; free-text ids and names may be long.
            if !matches!(
                field,
                Field::Chart | Field::Network | Field::RegionId | Field::Kana | Field::Kanji
            ) {
                assert!(result.is_err(), "{field}");
            }
        }
    }
    assert_eq!(
        normalize::kana(&big_kana).map(|k| k.chars().count()),
        Ok(1 << 18)
    );
}

#[test]
fn unicode_data_is_the_pinned_version() {
    // SPEC.md §2.2: changing the Unicode version changes canonical forms; it needs a spec note.
    assert_eq!(unicode_normalization::UNICODE_VERSION, (18, 0, 0));
    assert_eq!(unicode_properties::UNICODE_VERSION, (18, 0, 0));
    assert_eq!(unicode_script::UNICODE_VERSION, (18, 0, 0));
}

mod history_laws {
    use linkcode::history::{normalize, EntryInput, History};
    use proptest::prelude::*;

    const NUMBERS: [(&str, &str, &str, &str); 6] = [
        ("06132013", "131", "67890", "01"),
        ("6132013", "１３１", "67890", ""),
        ("01130012", "あいう", "12-34", "0"),
        ("138057", "国保", "4567", "02"),
        ("39131156", "", "12345678", ""),
        ("06132013", "131", "55555", ""),
    ];

    /// (number index, from day offset or none, to offset from `from` or none) → raw entry.
    type Raw = (usize, Option<u16>, Option<i16>);

    /// `YYYY-M-D` of a day number, through the test's own civil-date algorithm.
    fn date(day: i64) -> String {
        let (y, m, d) = super::civil(day);
        format!("{y}-{m}-{d}")
    }

    fn texts(raw: &[Raw]) -> Vec<[String; 6]> {
        raw.iter()
            .map(|&(n, from, to)| {
                let (insurer, symbol, number, branch) = NUMBERS[n % NUMBERS.len()];
                let from_day = from.map(|f| 10_957 + i64::from(f));
                let to_day = match (from_day, to) {
                    (Some(f), Some(t)) => Some(f + i64::from(t)),
                    (None, Some(t)) => Some(10_957 + i64::from(t.unsigned_abs())),
                    _ => None,
                };
                [
                    insurer.to_owned(),
                    symbol.to_owned(),
                    number.to_owned(),
                    branch.to_owned(),
                    from_day.map(date).unwrap_or_default(),
                    to_day.map(date).unwrap_or_default(),
                ]
            })
            .collect()
    }

    fn run(rows: &[[String; 6]]) -> History {
        let inputs: Vec<EntryInput<'_>> = rows.iter().map(EntryInput::from).collect();
        normalize(&inputs)
    }

    /// A normalized history as input again: each period of each entry as one entry.
    fn expand(h: &History) -> Vec<[String; 6]> {
        h.entries
            .iter()
            .flat_map(|e| {
                e.periods.iter().map(move |p| {
                    [
                        e.insurer.clone(),
                        e.symbol.clone(),
                        e.number.clone(),
                        e.branch.clone(),
                        p.from_text().unwrap_or_default(),
                        p.to_text().unwrap_or_default(),
                    ]
                })
            })
            .collect()
    }

    fn shape(
        h: &History,
    ) -> (
        Vec<linkcode::history::Entry>,
        Option<usize>,
        Vec<linkcode::history::Warning>,
    ) {
        (h.entries.clone(), h.root, h.warnings.clone())
    }

    fn raw_entries() -> impl Strategy<Value = Vec<Raw>> {
        prop::collection::vec(
            (
                0usize..6,
                prop::option::weighted(0.9, 0u16..9000),
                prop::option::weighted(0.7, -40i16..3000),
            ),
            0..10,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]

        #[test]
        fn the_result_does_not_depend_on_input_order(raw in raw_entries(), seed in any::<u64>()) {
            let rows = texts(&raw);
            let mut shuffled = rows.clone();
            let mut s = seed | 1;
            for i in (1..shuffled.len()).rev() {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                shuffled.swap(i, (s % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(shape(&run(&rows)), shape(&run(&shuffled)));
        }

        #[test]
        fn normalizing_a_normalized_history_changes_nothing(raw in raw_entries()) {
            let once = run(&texts(&raw));
            let twice = run(&expand(&once));
            prop_assert!(twice.rejects.is_empty());
            prop_assert_eq!(shape(&twice), shape(&once));
        }

        #[test]
        fn the_union_of_partial_histories_is_the_whole(raw in raw_entries(), cut in 0usize..10) {
            let rows = texts(&raw);
            let cut = cut.min(rows.len());
            let (a, b) = rows.split_at(cut);
            let mut union = expand(&run(a));
            union.extend(expand(&run(b)));
            prop_assert_eq!(shape(&run(&union)), shape(&run(&rows)));
        }

        #[test]
        fn a_later_entry_never_changes_the_root(raw in raw_entries(), n in 0usize..6, after in 1u16..3000) {
            let rows = texts(&raw);
            let before = run(&rows);
            if let Some(root) = before.root.map(|i| before.entries[i].clone()) {
                let earliest = root.periods.iter().filter_map(|p| p.from).min();
                if let Some(earliest) = earliest {
                    let mut more = rows.clone();
                    more.extend(texts(&[(n, Some(0), None)]).into_iter().map(|mut r| {
                        r[4] = date(earliest + i64::from(after));
                        r
                    }));
                    let after = run(&more);
                    prop_assert_eq!(after.root.map(|i| after.entries[i].clone().fields().map(str::to_owned)),
                                    Some(root.fields().map(str::to_owned)));
                }
            }
        }
    }
}

mod linkage {
    use linkcode::link::{link, RecordId};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn person_ids_do_not_depend_on_record_order(
            rows in prop::collection::vec((1u32..4, prop::option::of(0u8..4), prop::option::of(0u8..4), prop::option::of(0u8..3)), 0..25),
            seed in any::<u64>(),
        ) {
            let keys: Vec<String> = ["history", "ins", "kana_dob_sex"].iter().map(|s| (*s).to_owned()).collect();
            let texts: Vec<[Option<String>; 3]> = rows.iter().map(|&(_, h, i, n)| {
                [h.map(|v| format!("h{v}")), i.map(|v| format!("i{v}")), n.map(|v| format!("n{v}"))]
            }).collect();
            let records: Vec<(RecordId, Vec<Option<&str>>)> = rows.iter().zip(&texts).enumerate().map(|(r, (&(file, ..), t))| {
                (RecordId { file, row: r as u32 + 1 }, t.iter().map(|v| v.as_deref()).collect())
            }).collect();
            let mut shuffled = records.clone();
            let mut s = seed | 1;
            for i in (1..shuffled.len()).rev() {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                shuffled.swap(i, (s % (i as u64 + 1)) as usize);
            }
            let exclusive = vec!["history".to_owned()];
            let a = link(&keys, &exclusive, &records);
            prop_assert_eq!(&a, &link(&keys, &exclusive, &shuffled));
            // Two records with different history codes (an exclusive key) are never one person.
            for (x, (rx, vx)) in records.iter().enumerate() {
                for (ry, vy) in records.iter().skip(x + 1) {
                    if let (Some(hx), Some(hy)) = (vx[0], vy[0]) {
                        if hx != hy {
                            let px = a.persons.iter().find(|(r, _)| r == rx).map(|p| p.1);
                            let py = a.persons.iter().find(|(r, _)| r == ry).map(|p| p.1);
                            prop_assert_ne!(px, py);
                        }
                    }
                }
            }
        }

        #[test]
        fn with_no_exclusive_key_persons_are_the_connected_components_of_shared_values(
            rows in prop::collection::vec((prop::option::of(0u8..6), prop::option::of(0u8..6)), 0..30),
        ) {
            let keys: Vec<String> = ["ins", "kana_dob_sex"].iter().map(|s| (*s).to_owned()).collect();
            let texts: Vec<[Option<String>; 2]> = rows.iter().map(|&(i, n)| [i.map(|v| format!("i{v}")), n.map(|v| format!("n{v}"))]).collect();
            let records: Vec<(RecordId, Vec<Option<&str>>)> = texts.iter().enumerate().map(|(r, t)| {
                (RecordId { file: 1, row: r as u32 + 1 }, t.iter().map(|v| v.as_deref()).collect())
            }).collect();
            let linked = link(&keys, &[], &records);
            // Oracle: flood fill over "shares a value of some key", smallest row first.
            let n = records.len();
            let mut component = vec![usize::MAX; n];
            for start in 0..n {
                if component[start] != usize::MAX { continue; }
                let mut stack = vec![start];
                component[start] = start;
                while let Some(x) = stack.pop() {
                    for y in 0..n {
                        let shares = (0..2).any(|k| records[x].1[k].is_some() && records[x].1[k] == records[y].1[k]);
                        if shares && component[y] == usize::MAX {
                            component[y] = start;
                            stack.push(y);
                        }
                    }
                }
            }
            for (r, (_, person)) in linked.persons.iter().enumerate() {
                prop_assert_eq!(person.row as usize - 1, component[r]);
            }
        }
    }
}
