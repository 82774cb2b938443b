//! Histories of insurance numbers (被保険者番号履歴, SPEC.md §5): normalization, the root, history
//! codes, and within-database 名寄せ through a history index.
//!
//! A person's history is the list of individualized insurance numbers they held, with periods.
//! Its **history code** is the `ins` code of the root — the earliest person-level entry — so a
//! person who never changed insurance has the same code with or without a history query.

use std::collections::HashMap;

use crate::batch::{canonical_row, Columns};
use crate::code::{Code, Coder, Record, Rule};
use crate::error::{Error, ErrorCode, Field, Reject, Subject};
use crate::normalize;

/// Entries whose household-level periods reach this day (2021-04-01, when 枝番 was printed on
/// every card) get `W_HOUSEHOLD_AFTER_2021_04`.
const BRANCH_EVERYWHERE: &str = "20210401";

/// One raw history entry as a history provider or a user gives it (dates in any notation of
/// SPEC.md §3.5; empty `from`/`to` = unknown / open).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EntryInput<'a> {
    /// 保険者番号.
    pub insurer: &'a str,
    /// 記号.
    pub symbol: &'a str,
    /// 番号.
    pub number: &'a str,
    /// 枝番 (empty for household-level cards).
    pub branch: &'a str,
    /// First day of the period (資格取得日), or empty.
    pub from: &'a str,
    /// Last day of the period (資格喪失日の前日), or empty when open.
    pub to: &'a str,
}

impl<'a> From<&'a [String; 6]> for EntryInput<'a> {
    /// An entry from its texts in the order insurer, symbol, number, branch, from, to.
    fn from(t: &'a [String; 6]) -> Self {
        let [insurer, symbol, number, branch, from, to] = t;
        EntryInput {
            insurer,
            symbol,
            number,
            branch,
            from,
            to,
        }
    }
}

/// A period of an entry; days are day numbers (days since 1970-01-01), `None` = unknown / open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    /// First day, if known.
    pub from: Option<i64>,
    /// Last day; `None` when open.
    pub to: Option<i64>,
}

impl Period {
    /// Canonical `YYYYMMDD` of the first day.
    pub fn from_text(&self) -> Option<String> {
        self.from.map(normalize::canonical_of_day)
    }

    /// Canonical `YYYYMMDD` of the last day.
    pub fn to_text(&self) -> Option<String> {
        self.to.map(normalize::canonical_of_day)
    }

    fn is_inverted(&self) -> bool {
        matches!((self.from, self.to), (Some(f), Some(t)) if t < f)
    }

    /// A period that takes part in merging, overlap and gap checks: known start, not inverted.
    fn is_checked(&self) -> bool {
        self.from.is_some() && !self.is_inverted()
    }

    /// Sort key: by `from`, then `to`, missing last in both.
    fn sort_key(&self) -> (bool, i64, bool, i64) {
        (
            self.from.is_none(),
            self.from.unwrap_or(0),
            self.to.is_none(),
            self.to.unwrap_or(0),
        )
    }
}

/// One distinct insurance number of a history, with its merged periods in date order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Canonical 保険者番号.
    pub insurer: String,
    /// Canonical 記号 (may be empty).
    pub symbol: String,
    /// Canonical 番号.
    pub number: String,
    /// Canonical 枝番, empty for household-level cards.
    pub branch: String,
    /// Merged periods, sorted by `from` then `to` (missing last).
    pub periods: Vec<Period>,
}

impl Entry {
    /// The four canonical `ins` fields, in rule order.
    pub fn fields(&self) -> [&str; 4] {
        [&self.insurer, &self.symbol, &self.number, &self.branch]
    }

    /// Person level: the entry has a 枝番, or the insurer is 後期高齢者 (法別 39), whose numbers
    /// are individual.
    pub fn is_person_level(&self) -> bool {
        !self.branch.is_empty() || normalize::is_late_elderly_insurer(&self.insurer)
    }

    fn earliest_from(&self) -> Option<i64> {
        self.periods.iter().filter_map(|p| p.from).min()
    }

    /// The bytes of the message's four fields (`insurer 0x1F symbol 0x1F number 0x1F branch`).
    fn message_bytes(&self) -> Vec<u8> {
        self.fields().join("\u{1F}").into_bytes()
    }
}

/// Warning codes of a history: data, not errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningCode {
    /// A day between the first and last day of all periods that no period covers.
    Gap,
    /// A household-level entry still in use on or after 2021-04-01 (or open).
    HouseholdAfter2021_04,
    /// A period whose `to` is before its `from`.
    Inverted,
    /// No person-level entry: no root, no history code (fall back to `ins_dob_sex`).
    NoPersonLevel,
    /// Two different numbers share a day.
    Overlap,
}

impl WarningCode {
    /// Every warning code, sorted by name.
    pub const ALL: [WarningCode; 5] = [
        WarningCode::Gap,
        WarningCode::HouseholdAfter2021_04,
        WarningCode::Inverted,
        WarningCode::NoPersonLevel,
        WarningCode::Overlap,
    ];

    /// The stable name, e.g. `"W_OVERLAP"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            WarningCode::Gap => "W_GAP",
            WarningCode::HouseholdAfter2021_04 => "W_HOUSEHOLD_AFTER_2021_04",
            WarningCode::Inverted => "W_INVERTED",
            WarningCode::NoPersonLevel => "W_NO_PERSON_LEVEL",
            WarningCode::Overlap => "W_OVERLAP",
        }
    }
}

/// One warning and the entries (indices into [`History::entries`]) it is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// What is wrong.
    pub code: WarningCode,
    /// The entries concerned, ascending.
    pub entries: Vec<usize>,
}

/// A normalized history: distinct entries in order, the root, warnings and rejected inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// One entry per distinct number, sorted by earliest `from` (missing last), then by the
    /// bytes of their message fields.
    pub entries: Vec<Entry>,
    /// Index of the root (the earliest person-level entry), if any.
    pub root: Option<usize>,
    /// Warnings, sorted by code, then entries.
    pub warnings: Vec<Warning>,
    /// One reject per failing field of an input entry (`row` = index in the input list).
    pub rejects: Vec<Reject>,
}

/// The codes of a history: the history code (root `ins` code) and the `ins` code of every
/// person-level entry (`None` for household-level entries), aligned with [`History::entries`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryCodes {
    /// The history code, if there is a root.
    pub root: Option<Code>,
    /// One per entry.
    pub entries: Vec<Option<Code>>,
}

/// Normalizes a flat list of entries (several partial histories simply concatenated, any order).
///
/// Each entry's four `ins` fields and its dates are normalized; invalid entries are rejected
/// with their index and every failing field, and the rest still count. Identical numbers merge,
/// and their periods merge when they overlap or touch. The result does not depend on the input
/// order or on how the entries were split into partial histories, and normalizing a normalized
/// history (its entries with each period as one input) changes nothing.
pub fn normalize(inputs: &[EntryInput<'_>]) -> History {
    let mut rejects = Vec::new();
    let mut by_number: HashMap<[String; 4], Vec<Period>> = HashMap::new();
    for (index, input) in inputs.iter().enumerate() {
        if let Some((fields, period)) = normalize_entry(index, input, &mut rejects) {
            by_number.entry(fields).or_default().push(period);
        }
    }
    let mut entries: Vec<Entry> = by_number
        .into_iter()
        .map(|([insurer, symbol, number, branch], periods)| Entry {
            insurer,
            symbol,
            number,
            branch,
            periods: merge_periods(periods),
        })
        .collect();
    entries.sort_by_cached_key(|e| {
        let earliest = e.earliest_from();
        (earliest.is_none(), earliest.unwrap_or(0), e.message_bytes())
    });
    let root = entries.iter().position(Entry::is_person_level);
    let warnings = warnings(&entries, root);
    History {
        entries,
        root,
        warnings,
        rejects,
    }
}

/// The canonical fields and period of one input entry, or its rejects.
fn normalize_entry(
    index: usize,
    input: &EntryInput<'_>,
    rejects: &mut Vec<Reject>,
) -> Option<([String; 4], Period)> {
    let mut values = Vec::with_capacity(4);
    let record = Record::new()
        .with(Field::Insurer, input.insurer)
        .with(Field::Symbol, input.symbol)
        .with(Field::Number, input.number)
        .with(Field::Branch, input.branch);
    let before = rejects.len();
    // Household entries are valid history entries: the field checks apply, not E_HOUSEHOLD.
    canonical_row(
        &Rule::INS,
        false,
        index,
        |f| record.get(f),
        &mut values,
        rejects,
    );
    let mut day = |text: &str, subject: Subject| -> Option<i64> {
        if text.trim().is_empty() {
            return None;
        }
        match normalize::dob(text) {
            Ok(canonical) => normalize::day_number(&canonical),
            Err(e) => {
                rejects.push(Reject {
                    row: index,
                    field: subject,
                    code: e.code(),
                });
                None
            }
        }
    };
    let from = day(input.from, Subject::From);
    let to = day(input.to, Subject::To);
    if rejects.len() > before {
        return None;
    }
    let [insurer, symbol, number, branch]: [String; 4] = values.try_into().ok()?;
    Some(([insurer, symbol, number, branch], Period { from, to }))
}

/// Periods of one number merged: checked periods merge when they overlap or touch (`to` + 1
/// day = `from`; a missing `to` is open); inverted and start-less periods stay as given, only
/// identical ones merging. Sorted by `from`, then `to`, missing last.
fn merge_periods(periods: Vec<Period>) -> Vec<Period> {
    // Checked periods merge among themselves only: an inverted or start-less period sorted
    // between two of them must not keep them apart.
    let (mut checked, mut others): (Vec<Period>, Vec<Period>) =
        periods.into_iter().partition(Period::is_checked);
    checked.sort_by_key(Period::sort_key);
    let mut merged: Vec<Period> = Vec::with_capacity(checked.len() + others.len());
    for period in checked {
        match merged.last_mut() {
            Some(last) if touches(last, &period) => {
                last.to = match (last.to, period.to) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => merged.push(period),
        }
    }
    others.sort_by_key(Period::sort_key);
    others.dedup();
    merged.extend(others);
    merged.sort_by_key(Period::sort_key);
    merged
}

/// True when `next` (starting no earlier than `current`) overlaps or touches `current`.
fn touches(current: &Period, next: &Period) -> bool {
    match (current.to, next.from) {
        (None, _) => true,
        (Some(to), Some(from)) => from <= to + 1,
        (Some(_), None) => false,
    }
}

/// True when two checked periods share a day.
fn share_a_day(a: &Period, b: &Period) -> bool {
    let start = a.from.max(b.from);
    let end = match (a.to, b.to) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    };
    match (start, end) {
        (Some(s), Some(e)) => s <= e,
        _ => true,
    }
}

fn warnings(entries: &[Entry], root: Option<usize>) -> Vec<Warning> {
    let mut out = Vec::new();
    let household_from = normalize::day_number(BRANCH_EVERYWHERE).unwrap_or(i64::MAX);
    for (i, entry) in entries.iter().enumerate() {
        if entry.periods.iter().any(Period::is_inverted) {
            out.push(Warning {
                code: WarningCode::Inverted,
                entries: vec![i],
            });
        }
        let late =
            |p: &Period| p.to.is_none() || p.from.max(p.to).is_some_and(|d| d >= household_from);
        if !entry.is_person_level() && entry.periods.iter().any(late) {
            out.push(Warning {
                code: WarningCode::HouseholdAfter2021_04,
                entries: vec![i],
            });
        }
    }
    for (i, a) in entries.iter().enumerate() {
        for (j, b) in entries.iter().enumerate().skip(i + 1) {
            let same_number =
                a.insurer == b.insurer && a.symbol == b.symbol && a.number == b.number;
            let overlap = a.periods.iter().filter(|p| p.is_checked()).any(|p| {
                b.periods
                    .iter()
                    .filter(|q| q.is_checked())
                    .any(|q| share_a_day(p, q))
            });
            if !same_number && overlap {
                out.push(Warning {
                    code: WarningCode::Overlap,
                    entries: vec![i, j],
                });
            }
        }
    }
    out.extend(gaps(entries));
    if root.is_none() {
        out.push(Warning {
            code: WarningCode::NoPersonLevel,
            entries: Vec::new(),
        });
    }
    out.sort();
    out
}

/// One `W_GAP` per run of uncovered days between the first and last day of all checked periods.
fn gaps(entries: &[Entry]) -> Vec<Warning> {
    let mut spans: Vec<(i64, Option<i64>)> = entries
        .iter()
        .flat_map(|e| {
            e.periods
                .iter()
                .filter(|p| p.is_checked())
                .filter_map(|p| p.from.map(|f| (f, p.to)))
        })
        .collect();
    spans.sort_by_key(|&(f, t)| (f, t.is_none(), t.unwrap_or(0)));
    let mut out = Vec::new();
    let mut covered_to: Option<Option<i64>> = None;
    for (from, to) in spans {
        match covered_to {
            Some(None) => break,
            Some(Some(end)) if from > end + 1 => {
                let (first, last) = (end + 1, from - 1);
                let mut concerned: Vec<usize> = entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| {
                        e.periods
                            .iter()
                            .filter(|p| p.is_checked())
                            .any(|p| p.to == Some(first - 1) || p.from == Some(last + 1))
                    })
                    .map(|(i, _)| i)
                    .collect();
                concerned.dedup();
                out.push(Warning {
                    code: WarningCode::Gap,
                    entries: concerned,
                });
                covered_to = Some(to);
            }
            Some(Some(end)) => covered_to = Some(to.map(|t| t.max(end))),
            None => covered_to = Some(to),
        }
    }
    out
}

impl Coder {
    /// The history code and the `ins` code of every person-level entry of `history`.
    pub fn history_codes(&self, history: &History) -> HistoryCodes {
        let entries: Vec<Option<Code>> = history
            .entries
            .iter()
            .map(|e| {
                e.is_person_level()
                    .then(|| self.code_canonical(&Rule::INS, &e.fields()))
            })
            .collect();
        let root = history.root.and_then(|i| entries.get(i).copied().flatten());
        HistoryCodes { root, entries }
    }

    /// A lookup from each person-level number of a history file to its person's history code,
    /// for 名寄せ. `rows` are `(person, entry)` pairs, in file order; rows are grouped by person
    /// and each person's history normalized. Rejected rows (`row` = index in `rows`) and each
    /// person's warnings are kept in the index.
    pub fn history_index(&self, rows: &[(&str, EntryInput<'_>)]) -> HistoryIndex {
        let mut persons: Vec<&str> = Vec::new();
        let mut rows_of: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut rejects = Vec::new();
        for (row, (person, _)) in rows.iter().enumerate() {
            let person = person.trim();
            if person.is_empty() {
                rejects.push(Reject {
                    row,
                    field: Subject::Person,
                    code: ErrorCode::Empty,
                });
                continue;
            }
            rows_of.entry(person).or_insert_with(|| {
                persons.push(person);
                Vec::new()
            });
            if let Some(list) = rows_of.get_mut(person) {
                list.push(row);
            }
        }
        let mut index = HistoryIndex {
            made_by: (self.key_fingerprint().to_owned(), self.purpose().to_owned()),
            ..HistoryIndex::default()
        };
        for person in persons {
            let row_ids = rows_of.get(person).cloned().unwrap_or_default();
            let inputs: Vec<EntryInput<'_>> = row_ids
                .iter()
                .filter_map(|&r| rows.get(r).map(|(_, e)| *e))
                .collect();
            let history = normalize(&inputs);
            // Map each history reject back to its row in the file.
            rejects.extend(history.rejects.iter().map(|r| Reject {
                row: row_ids.get(r.row).copied().unwrap_or(r.row),
                ..*r
            }));
            let codes = self.history_codes(&history);
            let person_id = index.persons.len();
            index.persons.push(PersonEntry {
                person: person.to_owned(),
                code: codes.root,
                warnings: history.warnings,
            });
            for entry in history.entries.iter().filter(|e| e.is_person_level()) {
                let key = entry.fields().join("\u{1F}");
                match index.by_number.get(&key) {
                    Some(&Some(other)) if other != person_id => {
                        index.by_number.insert(key, None);
                    }
                    Some(_) => {}
                    None => {
                        index.by_number.insert(key, Some(person_id));
                    }
                }
            }
        }
        rejects.sort_by_key(|r| (r.row, r.field));
        index.rejects = rejects;
        index
    }

    /// A history index from a history file in its long CSV form (see [`read_file`]); rows of the
    /// wrong length are rejected (`E_CSV_FIELDS`) and left out.
    ///
    /// # Errors
    /// As [`read_file`].
    pub fn history_index_file(&self, text: &str) -> Result<HistoryIndex, Error> {
        let (rows, broken) = read_file(text)?;
        let skip: Vec<usize> = broken.iter().map(|r| r.row).collect();
        let pairs: Vec<(usize, (&str, EntryInput<'_>))> = rows
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip.contains(i))
            .map(|(i, (person, entry))| (i, (person.as_str(), EntryInput::from(entry))))
            .collect();
        let inputs: Vec<(&str, EntryInput<'_>)> = pairs.iter().map(|(_, p)| *p).collect();
        let mut index = self.history_index(&inputs);
        // Rows of the index are positions among the kept rows: map them back to file rows.
        for r in &mut index.rejects {
            r.row = pairs.get(r.row).map_or(r.row, |(i, _)| *i);
        }
        index.rejects.extend(broken);
        index.rejects.sort_by_key(|r| (r.row, r.field));
        Ok(index)
    }

    /// The history code of the person whose history holds the record's number.
    ///
    /// # Errors
    /// The `ins` field errors; `E_HOUSEHOLD` (only person-level numbers are looked up);
    /// `E_NOT_IN_HISTORY` and `E_HISTORY_AMBIGUOUS` (field `history`).
    /// `E_CONFIG` when the index was made by a coder with another key or purpose.
    pub fn history_code(&self, index: &HistoryIndex, record: &Record<'_>) -> Result<Code, Error> {
        self.check_index(index)?;
        let fields = self.canonical(&Rule::INS, record)?;
        index
            .lookup(&fields)
            .map_err(|code| Error::field(code, Subject::History).with_rule("history"))
    }

    /// 名寄せ within a database: every row gets its person's history code when its number is in
    /// exactly one person's history, else its own `ins` code (`E_NOT_IN_HISTORY` rows are
    /// counted, not rejected); ambiguous numbers and invalid rows are rejected.
    ///
    /// # Errors
    /// `E_CONFIG` when the index was made by a coder with another key or purpose.
    pub fn history_batch(
        &self,
        index: &HistoryIndex,
        columns: &Columns<'_>,
    ) -> Result<HistoryBatch, Error> {
        self.check_index(index)?;
        let mut out = HistoryBatch {
            codes: Vec::with_capacity(columns.rows()),
            ..HistoryBatch::default()
        };
        let mut values = Vec::with_capacity(4);
        for row in 0..columns.rows() {
            let ok = canonical_row(
                &Rule::INS,
                true,
                row,
                |f| columns.get(row, f),
                &mut values,
                &mut out.rejects,
            );
            if !ok {
                out.codes.push(None);
                out.sources.push(Source::Rejected);
                continue;
            }
            match index.lookup(&values) {
                Ok(code) => {
                    out.codes.push(Some(code));
                    out.sources.push(Source::History);
                }
                Err(ErrorCode::NotInHistory) => {
                    out.codes
                        .push(Some(self.code_canonical(&Rule::INS, &values)));
                    out.sources.push(Source::Own);
                }
                Err(code) => {
                    out.rejects.push(Reject {
                        row,
                        field: Subject::History,
                        code,
                    });
                    out.codes.push(None);
                    out.sources.push(Source::Rejected);
                }
            }
        }
        Ok(out)
    }

    /// `E_CONFIG` unless this coder (key and purpose) made `index`.
    pub(crate) fn check_index(&self, index: &HistoryIndex) -> Result<(), Error> {
        if index.made_by.0 == self.key_fingerprint() && index.made_by.1 == self.purpose() {
            Ok(())
        } else {
            Err(Error::new(ErrorCode::Config).with_rule("history"))
        }
    }
}

/// One row of a history file: the person key, and the entry's texts in the order insurer,
/// symbol, number, branch, from, to.
pub type FileRow = (String, [String; 6]);

/// Columns of a history file, by header name (SPEC.md §5.4).
const FILE_COLUMNS: [&str; 7] = [
    "person", "insurer", "symbol", "number", "branch", "from", "to",
];

/// The rows of a history file in its long CSV form, header
/// `person,insurer,symbol,number,branch,from,to` (columns in any order; symbol, branch, from
/// and to may be left out), with one reject per record of the wrong length (`E_CSV_FIELDS`,
/// subject `record`; `row` = 0-based record after the header).
///
/// # Errors
/// `E_CSV_QUOTE` (a quote never closed, with its row); `E_CONFIG` when the header lacks
/// `person`, `insurer` or `number`, or names a column twice.
pub fn read_file(text: &str) -> Result<(Vec<FileRow>, Vec<Reject>), Error> {
    let mut records = crate::csv::records(text)
        .map_err(|(row, code)| Error::new(code).with_row(row.saturating_sub(1)))?
        .into_iter();
    let header = records.next().unwrap_or_default();
    let position = |name: &str| header.iter().position(|h| h.trim() == name);
    let columns: Vec<Option<usize>> = FILE_COLUMNS.iter().map(|n| position(n)).collect();
    let required_missing = [0, 1, 3]
        .iter()
        .any(|&i| columns.get(i).copied().flatten().is_none());
    let repeated = header
        .iter()
        .enumerate()
        .any(|(i, h)| header.iter().skip(i + 1).any(|o| o.trim() == h.trim()));
    if required_missing || repeated {
        return Err(Error::new(ErrorCode::Config));
    }
    let mut rows = Vec::new();
    let mut rejects = Vec::new();
    for (row, record) in records.enumerate() {
        if record.len() != header.len() {
            rejects.push(Reject {
                row,
                field: Subject::Record,
                code: ErrorCode::CsvFields,
            });
            rows.push(None);
            continue;
        }
        let cell = |i: usize| {
            columns
                .get(i)
                .copied()
                .flatten()
                .and_then(|c| record.get(c))
                .cloned()
                .unwrap_or_default()
        };
        rows.push(Some((
            cell(0),
            [cell(1), cell(2), cell(3), cell(4), cell(5), cell(6)],
        )));
    }
    let kept: Vec<(String, [String; 6])> =
        rows.into_iter().map(Option::unwrap_or_default).collect();
    Ok((kept, rejects))
}

/// One person of a history index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonEntry {
    /// The history provider's opaque person key.
    pub person: String,
    /// The person's history code (`None` without a person-level entry).
    pub code: Option<Code>,
    /// The warnings of the person's history.
    pub warnings: Vec<Warning>,
}

/// Person-level numbers of a history file → the history code of the one person holding each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryIndex {
    /// The key fingerprint and purpose of the coder that computed the codes.
    made_by: (String, String),
    persons: Vec<PersonEntry>,
    /// Message fields joined by 0x1F → the person holding them, `None` when several do.
    by_number: HashMap<String, Option<usize>>,
    /// Rejected rows of the history file.
    rejects: Vec<Reject>,
}

impl HistoryIndex {
    /// The persons, in order of first appearance in the file.
    pub fn persons(&self) -> &[PersonEntry] {
        &self.persons
    }

    /// Rejected rows of the history file (`row` = 0-based index of the row).
    pub fn rejects(&self) -> &[Reject] {
        &self.rejects
    }

    /// The history code for canonical `ins` fields.
    pub(crate) fn lookup<S: AsRef<str>>(&self, fields: &[S]) -> Result<Code, ErrorCode> {
        let key = fields
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<&str>>()
            .join("\u{1F}");
        match self.by_number.get(&key) {
            None => Err(ErrorCode::NotInHistory),
            Some(None) => Err(ErrorCode::HistoryAmbiguous),
            Some(Some(person)) => self
                .persons
                .get(*person)
                .and_then(|p| p.code)
                .ok_or(ErrorCode::NotInHistory),
        }
    }
}

/// Where a row's code in a [`HistoryBatch`] comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// The person's history code.
    History,
    /// The row's own `ins` code: its number is in no history.
    Own,
    /// No code: the row was rejected.
    Rejected,
}

/// The result of 名寄せ over a batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryBatch {
    /// One per row; `None` exactly for rejected rows.
    pub codes: Vec<Option<Code>>,
    /// One per row.
    pub sources: Vec<Source>,
    /// Every failing field of a rejected row; ambiguous numbers with field `history`.
    pub rejects: Vec<Reject>,
}

impl HistoryBatch {
    /// Rows with codes from `source`.
    pub fn count(&self, source: Source) -> usize {
        self.sources.iter().filter(|&&s| s == source).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(
        insurer: &'a str,
        number: &'a str,
        branch: &'a str,
        from: &'a str,
        to: &'a str,
    ) -> EntryInput<'a> {
        EntryInput {
            insurer,
            symbol: "",
            number,
            branch,
            from,
            to,
        }
    }

    fn day(text: &str) -> Option<i64> {
        normalize::day_number(text)
    }

    #[test]
    fn identical_numbers_merge_with_touching_periods_in_any_notation() {
        let h = normalize(&[
            entry("06132013", "1", "01", "2017/4/1", ""),
            entry("６１３２０１３", "１", "1", "2015-04-01", "2016-03-31"),
            entry("06132013", "1", "01", "H28.4.1", "H29.3.31"),
        ]);
        assert_eq!(h.entries.len(), 1);
        assert_eq!(
            h.entries[0].periods,
            [Period {
                from: day("20150401"),
                to: None
            }]
        );
        assert_eq!(h.root, Some(0));
        assert!(h.warnings.is_empty());
    }

    #[test]
    fn the_root_is_the_earliest_person_level_entry() {
        let h = normalize(&[
            entry("39131156", "12345678", "", "2024-03-01", ""),
            entry("06132013", "67890", "", "2000-04-01", "2005-03-31"),
            entry("01130012", "1234", "01", "2005-04-01", "2024-02-29"),
        ]);
        assert_eq!(
            h.entries
                .iter()
                .map(|e| e.insurer.as_str())
                .collect::<Vec<_>>(),
            ["06132013", "01130012", "39131156"]
        );
        assert_eq!(h.root, Some(1));
    }

    #[test]
    fn gaps_overlaps_inversions_and_late_household_cards_warn() {
        let h = normalize(&[
            entry("01130012", "1234", "01", "2010-04-01", "2015-03-31"),
            entry("06132013", "67890", "01", "2015-05-01", "2016-03-31"),
            entry("00138057", "4567", "02", "2016-01-01", "2017-03-31"),
            entry("06132013", "55555", "", "2022-01-01", "2021-01-01"),
        ]);
        let codes: Vec<(WarningCode, Vec<usize>)> = h
            .warnings
            .iter()
            .map(|w| (w.code, w.entries.clone()))
            .collect();
        assert_eq!(
            codes,
            [
                (WarningCode::Gap, vec![0, 1]),
                (WarningCode::HouseholdAfter2021_04, vec![3]),
                (WarningCode::Inverted, vec![3]),
                (WarningCode::Overlap, vec![1, 2]),
            ]
        );
    }

    #[test]
    fn invalid_entries_are_rejected_with_every_failing_field_and_the_rest_count() {
        let h = normalize(&[
            entry("06132014", "1", "01", "yesterday", ""),
            entry("06132013", "1", "01", "", ""),
        ]);
        let rejects: Vec<(usize, Subject, ErrorCode)> =
            h.rejects.iter().map(|r| (r.row, r.field, r.code)).collect();
        assert_eq!(
            rejects,
            [
                (0, Subject::Field(Field::Insurer), ErrorCode::CheckDigit),
                (0, Subject::From, ErrorCode::DateFormat)
            ]
        );
        assert_eq!(h.entries.len(), 1);
    }

    #[test]
    fn no_person_level_entry_means_no_root() {
        let h = normalize(&[entry("06132013", "1", "", "2010-01-01", "2020-12-31")]);
        assert_eq!(h.root, None);
        assert_eq!(
            h.warnings,
            [Warning {
                code: WarningCode::NoPersonLevel,
                entries: vec![]
            }]
        );
    }

    #[test]
    fn history_index_finds_persons_by_any_of_their_numbers() {
        let key = crate::key::LinkageKey::from_bytes(&[1; 32]).unwrap();
        let coder = Coder::new(&key, "t", crate::code::CodeFormat::default()).unwrap();
        let rows = [
            (
                "p1",
                entry("01130012", "1234", "01", "2010-04-01", "2015-03-31"),
            ),
            ("p1", entry("06132013", "67890", "01", "2015-04-01", "")),
            ("p2", entry("06132013", "55555", "01", "2015-04-01", "")),
            ("p3", entry("06132013", "55555", "01", "2019-04-01", "")),
            ("", entry("06132013", "1", "01", "", "")),
        ];
        let index = coder.history_index(&rows);
        let p1 = index.persons()[0].code;
        let record = |number| {
            Record::new()
                .with(Field::Insurer, "06132013")
                .with(Field::Number, number)
                .with(Field::Branch, "1")
        };
        assert_eq!(coder.history_code(&index, &record("67890")).ok(), p1);
        let first = Record::new()
            .with(Field::Insurer, "01130012")
            .with(Field::Number, "1234")
            .with(Field::Branch, "01");
        assert_eq!(coder.history_code(&index, &first).ok(), p1);
        let ambiguous = coder
            .history_code(&index, &record("55555"))
            .map_err(|e| (e.code(), e.subject()));
        assert_eq!(
            ambiguous,
            Err((ErrorCode::HistoryAmbiguous, Some(Subject::History)))
        );
        let unknown = coder
            .history_code(&index, &record("1"))
            .map_err(|e| e.code());
        assert_eq!(unknown, Err(ErrorCode::NotInHistory));
        assert_eq!(
            index.rejects(),
            [Reject {
                row: 4,
                field: Subject::Person,
                code: ErrorCode::Empty
            }]
        );
    }
}
