//! Birth dates (生年月日) in western, era (和暦), receipt (`GYYMMDD`) and spreadsheet-serial
//! notations → canonical `YYYYMMDD` (SPEC.md §3.5).

use super::text::{check_charset, collect_string, is_white_space, nfkc_trimmed, Trace};
use crate::error::ErrorCode;

/// A calendar date, proleptic Gregorian.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Ymd {
    pub(crate) year: u32,
    pub(crate) month: u32,
    pub(crate) day: u32,
}

impl Ymd {
    const fn new(year: u32, month: u32, day: u32) -> Self {
        Ymd { year, month, day }
    }

    /// Canonical `YYYYMMDD`.
    pub(crate) fn canonical(self) -> String {
        // Written by hand: this runs once per date, and formatting machinery costs more than
        // the rest of the parse.
        let mut out = String::with_capacity(8);
        for (value, width) in [(self.year, 4), (self.month, 2), (self.day, 2)] {
            for place in (0..width).rev() {
                let digit = value / 10u32.pow(place) % 10;
                out.push(char::from_digit(digit, 10).unwrap_or('0'));
            }
        }
        out
    }

    fn exists(self) -> bool {
        self.year > 0
            && (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
    }
}

/// First and last accepted birth date.
const EARLIEST: Ymd = Ymd::new(1868, 1, 1);
const LATEST: Ymd = Ymd::new(2199, 12, 31);

/// One Japanese era: names, first day, and last day where later dates are not read over.
struct Era {
    kanji: &'static str,
    letter: char,
    first: Ymd,
    /// `None`: dates after the next era began are still accepted (平成, read over into 令和).
    last: Option<Ymd>,
}

/// 明治 … 令和, indexed by receipt era digit − 1. 明治45年7月30日 = 大正元年7月30日 and
/// 大正15年12月25日 = 昭和元年12月25日 (same-day changes); 明治 starts 1868-01-25 (applied
/// retroactively); 平成 dates after 2019-04-30 are read over into 令和 (MHLW practice).
const ERAS: [Era; 5] = [
    Era {
        kanji: "明治",
        letter: 'M',
        first: Ymd::new(1868, 1, 25),
        last: Some(Ymd::new(1912, 7, 30)),
    },
    Era {
        kanji: "大正",
        letter: 'T',
        first: Ymd::new(1912, 7, 30),
        last: Some(Ymd::new(1926, 12, 25)),
    },
    Era {
        kanji: "昭和",
        letter: 'S',
        first: Ymd::new(1926, 12, 25),
        last: Some(Ymd::new(1989, 1, 7)),
    },
    Era {
        kanji: "平成",
        letter: 'H',
        first: Ymd::new(1989, 1, 8),
        last: None,
    },
    Era {
        kanji: "令和",
        letter: 'R',
        first: Ymd::new(2019, 5, 1),
        last: None,
    },
];

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The date `days` after 1970-01-01 (Hinnant's civil_from_days), for non-negative results.
fn civil_from_days(days: i64) -> Ymd {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Serial dates lie within 1927 … 2173, so every part fits in u32.
    Ymd::new(
        u32::try_from(year).unwrap_or(0),
        u32::try_from(month).unwrap_or(0),
        u32::try_from(day).unwrap_or(0),
    )
}

/// Days since 1970-01-01 of a date (Hinnant's days_from_civil).
fn days_from_civil(date: Ymd) -> i64 {
    let (m, d) = (i64::from(date.month), i64::from(date.day));
    let y = i64::from(date.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Day number (days since 1970-01-01) of a canonical `YYYYMMDD` date.
pub(crate) fn day_number(canonical: &str) -> Option<i64> {
    let digit = |i: usize| {
        canonical
            .as_bytes()
            .get(i)
            .filter(|b| b.is_ascii_digit())
            .map(|b| u32::from(b - b'0'))
    };
    let num = |range: core::ops::Range<usize>| {
        range
            .map(digit)
            .try_fold(0, |acc, d| d.map(|d| acc * 10 + d))
    };
    if canonical.len() != 8 {
        return None;
    }
    Some(days_from_civil(Ymd::new(
        num(0..4)?,
        num(4..6)?,
        num(6..8)?,
    )))
}

/// Canonical `YYYYMMDD` of a day number.
pub(crate) fn canonical_of_day(day: i64) -> String {
    civil_from_days(day).canonical()
}

/// Days from 1899-12-30 (the 1900 date system's day 0) to 1970-01-01.
const SERIAL_EPOCH_TO_UNIX: i64 = 25_569;

/// What a notation says, before calendar checks.
#[derive(Debug, PartialEq, Eq)]
enum Notation {
    Western(Ymd),
    /// Era index into [`ERAS`], era year, month, day.
    Era(usize, u32, u32, u32),
    /// Spreadsheet serial day number (1900 date system).
    Serial(u32),
}

/// Canonical `YYYYMMDD` of a birth date in any accepted notation.
pub(crate) fn dob(input: &str, t: &mut dyn Trace) -> Result<String, ErrorCode> {
    let trimmed = nfkc_trimmed(input);
    t.step("nfkc_trim", &trimmed);
    if trimmed.is_empty() {
        return Err(ErrorCode::Empty);
    }
    let date_part = cut_midnight(&trimmed);
    t.step("midnight", date_part);
    let s = collect_string(
        date_part.len(),
        date_part.chars().filter(|&c| !is_white_space(c)),
    );
    t.step("whitespace", &s);
    check_charset(&s)?;
    if s.is_empty() {
        // A time with no date.
        return Err(ErrorCode::DateFormat);
    }
    let notation = parse(&s)?;
    let step = notation.step_name();
    let canonical = resolve(notation)?.canonical();
    t.step(step, &canonical);
    Ok(canonical)
}

impl Notation {
    /// The explain step that reads this notation.
    fn step_name(&self) -> &'static str {
        match self {
            Notation::Western(_) => "western_date",
            Notation::Era(..) => "era_date",
            Notation::Serial(_) => "spreadsheet_serial",
        }
    }
}

/// The date without a trailing spreadsheet midnight (`␣0:00`, `T00:00:00`, `␣00:00:00.000`).
fn cut_midnight(s: &str) -> &str {
    // Optional fraction: `.` and one or more zeros at the very end.
    let without_zeros = s.trim_end_matches('0');
    let body = match without_zeros.strip_suffix('.') {
        Some(b) if without_zeros.len() < s.len() => b,
        _ => s,
    };
    for time in ["00:00:00", "0:00:00", "00:00", "0:00"] {
        if let Some(before) = body.strip_suffix(time) {
            if let Some(date) = before.strip_suffix(['T', 't']) {
                return date;
            }
            let date = before.trim_end_matches(is_white_space);
            if date.len() < before.len() {
                return date;
            }
        }
    }
    s
}

fn digits_value(chars: &[char]) -> u32 {
    chars
        .iter()
        .fold(0, |acc, &c| acc * 10 + c.to_digit(10).unwrap_or(0))
}

fn kanji_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|k| k == c)
        .and_then(|p| u32::try_from(p).ok())
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || c == '十' || c == '元' || kanji_digit(c).is_some()
}

/// Which part of a date a numeral is: years have up to 3 digits and may be 元.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Year,
    MonthOrDay,
}

/// The value of one date part: ASCII digits, positional kanji (`四五`, `二〇`), kanji with 十
/// (`十`, `十一`, `二十`, `四十五`, never `一十`), or `元` for a year.
fn numeral_value(run: &[char], part: Part) -> Result<u32, ErrorCode> {
    // Digit counts bound ASCII and positional forms; the 十 pattern bounds itself (≤ 99).
    let max_digits = if part == Part::Year { 3 } else { 2 };
    let positional_too_long = run.len() > max_digits && !run.contains(&'十');
    if run.is_empty() || positional_too_long {
        return Err(ErrorCode::DateFormat);
    }
    if run.iter().all(char::is_ascii_digit) {
        return Ok(digits_value(run));
    }
    if run == ['元'] {
        return if part == Part::Year {
            Ok(1)
        } else {
            Err(ErrorCode::DateFormat)
        };
    }
    if let Some(ten) = run.iter().position(|&c| c == '十') {
        let (tens, ones) = run.split_at(ten);
        let ones = ones.get(1..).unwrap_or_default();
        let tens = match tens {
            [] => 1,
            [c] => kanji_digit(*c)
                .filter(|&d| d >= 2)
                .ok_or(ErrorCode::DateFormat)?,
            _ => return Err(ErrorCode::DateFormat),
        };
        let ones = match ones {
            [] => 0,
            [c] => kanji_digit(*c)
                .filter(|&d| d >= 1)
                .ok_or(ErrorCode::DateFormat)?,
            _ => return Err(ErrorCode::DateFormat),
        };
        return Ok(tens * 10 + ones);
    }
    run.iter().try_fold(0, |acc, &c| {
        kanji_digit(c)
            .map(|d| acc * 10 + d)
            .ok_or(ErrorCode::DateFormat)
    })
}

/// A cursor over the characters of a date notation.
struct Cursor<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Cursor<'_> {
    fn numeral(&mut self, part: Part) -> Result<u32, ErrorCode> {
        let rest = self.chars.get(self.pos..).unwrap_or_default();
        let len = rest.iter().take_while(|&&c| is_numeral(c)).count();
        self.pos += len;
        numeral_value(rest.get(..len).unwrap_or_default(), part)
    }

    /// Exactly `n` ASCII digits.
    fn fixed_digits(&mut self, n: usize) -> Result<u32, ErrorCode> {
        let run = self
            .chars
            .get(self.pos..self.pos + n)
            .ok_or(ErrorCode::DateFormat)?;
        if !run.iter().all(char::is_ascii_digit) {
            return Err(ErrorCode::DateFormat);
        }
        self.pos += n;
        Ok(digits_value(run))
    }

    fn next(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        self.pos += 1;
        c
    }

    fn expect(&mut self, want: char) -> Result<(), ErrorCode> {
        if self.next() == Some(want) {
            Ok(())
        } else {
            Err(ErrorCode::DateFormat)
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    /// After the year: one separator used twice, or the 年月日 markers; returns month, day.
    fn month_day(&mut self) -> Result<(u32, u32), ErrorCode> {
        let sep = self.next().ok_or(ErrorCode::DateFormat)?;
        let (second, last) = match sep {
            '.' | '/' | '-' => (sep, None),
            '年' => ('月', Some('日')),
            _ => return Err(ErrorCode::DateFormat),
        };
        let month = self.numeral(Part::MonthOrDay)?;
        self.expect(second)?;
        let day = self.numeral(Part::MonthOrDay)?;
        if let Some(last) = last {
            self.expect(last)?;
        }
        if !self.at_end() {
            return Err(ErrorCode::DateFormat);
        }
        Ok((month, day))
    }
}

/// Which notation a whitespace-free, NFKC'd date is in (form checks only).
fn parse(s: &str) -> Result<Notation, ErrorCode> {
    let chars: Vec<char> = s.chars().collect();
    let mut cur = Cursor {
        chars: &chars,
        pos: 0,
    };
    if chars.iter().all(char::is_ascii_digit) {
        return match chars.len() {
            8 => Ok(Notation::Western(Ymd::new(
                cur.fixed_digits(4)?,
                cur.fixed_digits(2)?,
                cur.fixed_digits(2)?,
            ))),
            7 => {
                let era = cur.fixed_digits(1)?;
                let era = usize::try_from(era)
                    .ok()
                    .filter(|e| (1..=5).contains(e))
                    .ok_or(ErrorCode::DateFormat)?;
                Ok(Notation::Era(
                    era - 1,
                    cur.fixed_digits(2)?,
                    cur.fixed_digits(2)?,
                    cur.fixed_digits(2)?,
                ))
            }
            5 if chars.first() != Some(&'0') => Ok(Notation::Serial(digits_value(&chars))),
            _ => Err(ErrorCode::DateFormat),
        };
    }
    if chars.first().is_some_and(char::is_ascii_digit) {
        let year = cur.fixed_digits(4)?;
        // Western forms take ASCII digits only; numeral() would accept kanji, so check.
        let rest = chars.get(4..).unwrap_or_default();
        if rest.iter().any(|&c| is_numeral(c) && !c.is_ascii_digit()) {
            return Err(ErrorCode::DateFormat);
        }
        let (month, day) = cur.month_day()?;
        return Ok(Notation::Western(Ymd::new(year, month, day)));
    }
    let (era, letter) = era_prefix(&chars).ok_or(ErrorCode::DateFormat)?;
    cur.pos = if letter { 1 } else { 2 };
    let rest = chars.get(cur.pos..).unwrap_or_default();
    if letter && rest.iter().all(char::is_ascii_digit) {
        // Era letter + YYMMDD (`S450302`).
        if rest.len() != 6 {
            return Err(ErrorCode::DateFormat);
        }
        return Ok(Notation::Era(
            era,
            cur.fixed_digits(2)?,
            cur.fixed_digits(2)?,
            cur.fixed_digits(2)?,
        ));
    }
    let year = cur.numeral(Part::Year)?;
    let (month, day) = cur.month_day()?;
    Ok(Notation::Era(era, year, month, day))
}

/// The era a notation starts with: its index, and whether it was written as a letter.
fn era_prefix(chars: &[char]) -> Option<(usize, bool)> {
    let first = *chars.first()?;
    if let Some(i) = ERAS
        .iter()
        .position(|e| e.letter == first.to_ascii_uppercase())
    {
        return Some((i, true));
    }
    let head = chars.get(..2)?;
    ERAS.iter()
        .position(|e| e.kanji.chars().eq(head.iter().copied()))
        .map(|i| (i, false))
}

/// Calendar, era and range checks, in that order (SPEC.md §3.5).
fn resolve(notation: Notation) -> Result<Ymd, ErrorCode> {
    let date = match notation {
        Notation::Western(date) => {
            if !date.exists() {
                return Err(ErrorCode::DateInvalid);
            }
            date
        }
        Notation::Era(index, era_year, month, day) => {
            let era = ERAS.get(index).ok_or(ErrorCode::DateFormat)?;
            if era_year == 0 {
                return Err(ErrorCode::DateInvalid);
            }
            let date = Ymd::new(era.first.year + era_year - 1, month, day);
            if !date.exists() {
                return Err(ErrorCode::DateInvalid);
            }
            if date < era.first || era.last.is_some_and(|last| date > last) {
                return Err(ErrorCode::EraRange);
            }
            date
        }
        Notation::Serial(n) => civil_from_days(i64::from(n) - SERIAL_EPOCH_TO_UNIX),
    };
    if date < EARLIEST || date > LATEST {
        return Err(ErrorCode::DateRange);
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_bounds_match_the_spec() {
        assert_eq!(dob("10000", &mut ()).as_deref(), Ok("19270518"));
        assert_eq!(dob("99999", &mut ()).as_deref(), Ok("21731013"));
        assert_eq!(dob("25569", &mut ()).as_deref(), Ok("19700101"));
    }

    #[test]
    fn kanji_numerals_follow_positional_and_ten_forms() {
        assert_eq!(numeral_value(&['四', '十', '五'], Part::Year), Ok(45));
        assert_eq!(numeral_value(&['四', '五'], Part::Year), Ok(45));
        assert_eq!(numeral_value(&['十'], Part::MonthOrDay), Ok(10));
        assert_eq!(numeral_value(&['二', '十', '五'], Part::MonthOrDay), Ok(25));
        assert_eq!(
            numeral_value(&['二', '五', '五'], Part::MonthOrDay),
            Err(ErrorCode::DateFormat)
        );
        assert_eq!(numeral_value(&['二', '〇'], Part::MonthOrDay), Ok(20));
        assert_eq!(
            numeral_value(&['一', '十'], Part::MonthOrDay),
            Err(ErrorCode::DateFormat)
        );
        assert_eq!(
            numeral_value(&['元'], Part::MonthOrDay),
            Err(ErrorCode::DateFormat)
        );
        assert_eq!(
            numeral_value(&['4', '五'], Part::Year),
            Err(ErrorCode::DateFormat)
        );
    }

    #[test]
    fn midnight_is_cut_but_other_times_are_not() {
        assert_eq!(cut_midnight("1970/3/2 0:00:00"), "1970/3/2");
        assert_eq!(cut_midnight("1970-03-02T00:00:00.000"), "1970-03-02");
        assert_eq!(cut_midnight("1970/3/2 12:00"), "1970/3/2 12:00");
        assert_eq!(cut_midnight("1970.3.20"), "1970.3.20");
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(day_number("19700101"), Some(0));
        assert_eq!(day_number("19700302"), Some(60));
        for day in [-37_000, -1, 0, 1, 11_016, 83_000] {
            assert_eq!(day_number(&canonical_of_day(day)), Some(day));
        }
    }

    #[test]
    fn same_day_era_changes_read_both_ways() {
        assert_eq!(dob("明治45年7月30日", &mut ()).as_deref(), Ok("19120730"));
        assert_eq!(dob("大正元年7月30日", &mut ()).as_deref(), Ok("19120730"));
        assert_eq!(dob("明治45年7月31日", &mut ()), Err(ErrorCode::EraRange));
        assert_eq!(dob("昭和64年1月8日", &mut ()), Err(ErrorCode::EraRange));
    }
}
