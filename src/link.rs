//! Linking records on their codes (SPEC.md §9): who is who, from codes only.
//!
//! Keys are taken strongest first. A key value links the clusters of the records that carry
//! it, unless two of those clusters hold different values of a stronger key that *says
//! different* — then the value is ambiguous and is not used. A key says different when a person
//! has only one value of it for life (`history`, or the keys the caller names), and `ins` says
//! different to `ins_dob_sex` (one card, one birth date and sex, two 枝番: twins). The result
//! depends only on the records, never on their order: records are ordered by their (file, row),
//! each key's values are taken in the order of their first record, and every person is named
//! after the cluster's smallest (file, row).
//!
//! Memory is a few machine words per record and per distinct value, so ten million records per
//! side fit in memory (bench/linkage/RESULTS.md).

use std::collections::HashMap;

/// The default key order: strongest first (`ins_dob_sex` before names, so that records on
/// household cards keep their strongest key).
pub const DEFAULT_KEYS: [&str; 7] = [
    "history",
    "ins",
    "ins_dob_sex",
    "koh",
    "kana_dob_sex",
    "kanji_dob_sex",
    "kana_loose_dob_sex",
];

/// The keys whose different values say "different people" to every weaker key by default.
pub const DEFAULT_EXCLUSIVE: [&str; 1] = ["history"];

/// No value of a key.
const NONE: u32 = u32::MAX;

/// Where a record is: 1-based file (position on the command line) and 1-based record number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordId {
    /// 1-based position of the file among the inputs.
    pub file: u32,
    /// 1-based record number after the header.
    pub row: u32,
}

impl RecordId {
    /// The person id of a cluster whose smallest record this is: `p<file>-<row>`.
    pub fn person_id(&self) -> String {
        PersonId(*self).to_string()
    }
}

/// Writes a person id (`p<file>-<row>`) without allocating.
struct PersonId(RecordId);

impl std::fmt::Display for PersonId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "p{}-{}", self.0.file, self.0.row)
    }
}

/// What the linkage did, per key (in key order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Records linked.
    pub records: usize,
    /// Persons found.
    pub persons: usize,
    /// What each key did, in key order.
    pub keys: Vec<KeyReport>,
}

/// The work of one key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyReport {
    /// The key (a code column name).
    pub key: String,
    /// Distinct non-empty values.
    pub values: usize,
    /// Merges of two clusters made by this key.
    pub merges: usize,
    /// Values not used because a stronger key says their records are different people.
    pub ambiguous: usize,
    /// Values whose records ended in two or more persons.
    pub split: usize,
}

/// Persons of records: `persons[i]` is the smallest record of record `i`'s cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linkage {
    /// Every record with its person, ordered by record.
    pub persons: Vec<(RecordId, RecordId)>,
    /// What each key did.
    pub report: Report,
}

/// True when different values of `stronger` mean different people to `weaker`.
fn says_different(stronger: &str, weaker: &str, exclusive: &[String]) -> bool {
    exclusive.iter().any(|e| e == stronger) || (stronger == "ins" && weaker == "ins_dob_sex")
}

/// Collects records and their key values (interned to numbers as they come), then links them.
#[derive(Debug)]
pub struct Linker {
    keys: Vec<String>,
    /// Per key, the stronger keys that say different to it.
    judges: Vec<Vec<usize>>,
    tables: Vec<HashMap<Box<[u8]>, u32>>,
    records: Vec<RecordId>,
    /// `values[record * keys + key]`, `NONE` for no value.
    values: Vec<u32>,
}

impl Linker {
    /// A linker for `keys` (strongest first); `exclusive` names the keys a person has only one
    /// value of (their different values say "different people" to every weaker key).
    pub fn new(keys: &[String], exclusive: &[String]) -> Self {
        let judges = (0..keys.len())
            .map(|k| {
                let weaker = keys.get(k).map_or("", String::as_str);
                keys.iter()
                    .take(k)
                    .enumerate()
                    .filter(|(_, s)| says_different(s, weaker, exclusive))
                    .map(|(j, _)| j)
                    .collect()
            })
            .collect();
        Linker {
            keys: keys.to_vec(),
            judges,
            tables: vec![HashMap::new(); keys.len()],
            records: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Adds a record with its values of the keys, in key order (`None` or empty: no value;
    /// missing trailing values: none). Each record id once: records are ordered by their ids.
    pub fn push(&mut self, id: RecordId, values: &[Option<&[u8]>]) {
        self.records.push(id);
        for (k, table) in self.tables.iter_mut().enumerate() {
            let value = values.get(k).copied().flatten().filter(|v| !v.is_empty());
            let number = value.map_or(NONE, |v| match table.get(v) {
                Some(&n) => n,
                None => {
                    let n = u32::try_from(table.len()).unwrap_or(NONE - 1);
                    table.insert(v.into(), n);
                    n
                }
            });
            self.values.push(number);
        }
    }

    /// Links the records pushed so far.
    pub fn finish(self) -> Linkage {
        let Linker {
            keys,
            judges,
            tables,
            records,
            values,
        } = self;
        let counts: Vec<usize> = tables.iter().map(HashMap::len).collect();
        drop(tables);
        let (order, table) = Table::in_record_order(&records, values, keys.len());
        let n = order.len();
        let mut judge_keys: Vec<usize> = judges.iter().flatten().copied().collect();
        judge_keys.sort_unstable();
        judge_keys.dedup();
        let mut clusters = Clusters::new(n, judge_keys);
        let mut report = Report {
            records: n,
            ..Report::default()
        };
        for (k, key) in keys.iter().enumerate() {
            let count = counts.get(k).copied().unwrap_or(0);
            let judges_of_k = judges.get(k).map_or(&[][..], Vec::as_slice);
            let (merges, ambiguous) = clusters.link_key(&table, k, count, judges_of_k);
            report.keys.push(KeyReport {
                key: key.clone(),
                values: count,
                merges,
                ambiguous,
                split: 0,
            });
        }
        let roots: Vec<u32> = (0..n)
            .map(|p| clusters.find(u32::try_from(p).unwrap_or(NONE)))
            .collect();
        for (k, stats) in report.keys.iter_mut().enumerate() {
            stats.split = table.split_values(&roots, k, stats.values);
        }
        let record = |q: usize| {
            order
                .get(q)
                .and_then(|&i| records.get(i as usize))
                .copied()
                .unwrap_or(RecordId { file: 0, row: 0 })
        };
        let mut persons = Vec::with_capacity(n);
        for (p, &root) in roots.iter().enumerate() {
            if root as usize == p {
                report.persons += 1;
            }
            persons.push((record(p), record(root as usize)));
        }
        Linkage { persons, report }
    }
}

/// The key values of every record, laid out in record order: position `p` is the `p`-th record
/// by id.
struct Table {
    nkeys: usize,
    values: Vec<u32>,
}

impl Table {
    /// The record order (indices of pushed records, sorted by id) and the values in that order.
    fn in_record_order(records: &[RecordId], values: Vec<u32>, nkeys: usize) -> (Vec<u32>, Table) {
        let mut order: Vec<u32> = (0..records.len())
            .map(|i| u32::try_from(i).unwrap_or(NONE))
            .collect();
        order.sort_by_key(|&i| records.get(i as usize).copied());
        let mut by_position = Vec::with_capacity(values.len());
        for &i in &order {
            let at = i as usize * nkeys;
            by_position.extend_from_slice(values.get(at..at + nkeys).unwrap_or_default());
        }
        let table = Table {
            nkeys,
            values: by_position,
        };
        (order, table)
    }

    /// The value (number) of key `k` at position `p`, or `NONE`.
    fn value(&self, p: usize, k: usize) -> u32 {
        self.values.get(p * self.nkeys + k).copied().unwrap_or(NONE)
    }

    /// Number of records.
    fn len(&self) -> usize {
        self.values.len().checked_div(self.nkeys).unwrap_or(0)
    }

    /// How many of key `k`'s `count` values ended in more than one person (`roots` per position).
    fn split_values(&self, roots: &[u32], k: usize, count: usize) -> usize {
        let mut first_root = vec![NONE; count];
        let mut split = vec![false; count];
        for (p, &root) in roots.iter().enumerate() {
            let v = self.value(p, k) as usize;
            if let (Some(first), Some(done)) = (first_root.get_mut(v), split.get_mut(v)) {
                if *first == NONE {
                    *first = root;
                } else if *first != root {
                    *done = true;
                }
            }
        }
        split.iter().filter(|&&s| s).count()
    }
}

/// The positions holding each value of one key, in record order (a counting sort).
struct Groups {
    start: Vec<u32>,
    members: Vec<u32>,
}

impl Groups {
    fn new(table: &Table, k: usize, count: usize) -> Self {
        let n = table.len();
        let mut start = vec![0u32; count + 1];
        for p in 0..n {
            if let Some(s) = start.get_mut(table.value(p, k) as usize + 1) {
                *s += 1;
            }
        }
        for v in 0..count {
            let before = start.get(v).copied().unwrap_or(0);
            if let Some(s) = start.get_mut(v + 1) {
                *s += before;
            }
        }
        let mut fill = start.clone();
        let mut members = vec![0u32; start.last().copied().unwrap_or(0) as usize];
        for p in 0..n {
            if let Some(f) = fill.get_mut(table.value(p, k) as usize) {
                if let Some(slot) = members.get_mut(*f as usize) {
                    *slot = u32::try_from(p).unwrap_or(NONE);
                }
                *f += 1;
            }
        }
        Groups { start, members }
    }

    /// The positions holding value `v`.
    fn of(&self, v: usize) -> &[u32] {
        let (from, to) = (self.start.get(v), self.start.get(v + 1));
        let (from, to) = (from.copied().unwrap_or(0), to.copied().unwrap_or(0));
        self.members
            .get(from as usize..to as usize)
            .unwrap_or_default()
    }
}

/// Union-find over record positions; a root is its cluster's smallest position. A root also
/// keeps the values of judge keys its cluster gathered beyond its own (`(key, value)` pairs),
/// once a merge brought one it lacked.
struct Clusters {
    parent: Vec<u32>,
    /// Every key that says different to some weaker key.
    judge_keys: Vec<usize>,
    gathered: Vec<Vec<(u32, u32)>>,
}

impl Clusters {
    fn new(n: usize, judge_keys: Vec<usize>) -> Self {
        Clusters {
            parent: (0..n).map(|i| u32::try_from(i).unwrap_or(NONE)).collect(),
            judge_keys,
            gathered: vec![Vec::new(); n],
        }
    }

    /// Links on key `k` (with `count` values, taken in the order of their first record): a value
    /// merges the clusters of its records unless two of them differ on a judge key. Returns
    /// (merges, ambiguous values).
    fn link_key(
        &mut self,
        table: &Table,
        k: usize,
        count: usize,
        judges: &[usize],
    ) -> (usize, usize) {
        let groups = Groups::new(table, k, count);
        let (mut merges, mut ambiguous) = (0, 0);
        let mut seen = vec![false; count];
        let mut roots = Vec::new();
        for p in 0..table.len() {
            let v = table.value(p, k) as usize;
            match seen.get_mut(v) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            roots.clear();
            roots.extend(groups.of(v).iter().map(|&m| self.find(m)));
            roots.sort_unstable();
            roots.dedup();
            if roots.len() < 2 {
                continue;
            }
            if self.any_differ(&roots, judges, table) {
                ambiguous += 1;
                continue;
            }
            if let Some((&first, rest)) = roots.split_first() {
                for &other in rest {
                    self.union(first, other, table);
                    merges += 1;
                }
            }
        }
        (merges, ambiguous)
    }

    fn find(&mut self, mut i: u32) -> u32 {
        while let Some(&p) = self.parent.get(i as usize) {
            if p == i {
                break;
            }
            let grand = self.parent.get(p as usize).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i as usize) {
                *slot = grand;
            }
            i = grand;
        }
        i
    }

    /// The values of judge key `j` in root `r`'s cluster (its own value, or what it gathered).
    fn values_of(&self, r: u32, j: usize, table: &Table) -> Vec<u32> {
        match self.gathered.get(r as usize) {
            Some(g) if !g.is_empty() => g
                .iter()
                .filter(|(key, _)| *key as usize == j)
                .map(|&(_, v)| v)
                .collect(),
            _ => Some(table.value(r as usize, j))
                .filter(|&v| v != NONE)
                .into_iter()
                .collect(),
        }
    }

    /// True when two of `roots` hold different values of one of the `judges` keys.
    fn any_differ(&self, roots: &[u32], judges: &[usize], table: &Table) -> bool {
        judges.iter().any(|&j| {
            let sets: Vec<Vec<u32>> = roots
                .iter()
                .map(|&r| self.values_of(r, j, table))
                .filter(|s| !s.is_empty())
                .collect();
            if sets.iter().all(|s| s.len() == 1) {
                let mut single: Vec<u32> = sets.iter().filter_map(|s| s.first().copied()).collect();
                single.sort_unstable();
                single.dedup();
                return single.len() > 1;
            }
            sets.iter().enumerate().any(|(x, a)| {
                sets.iter()
                    .skip(x + 1)
                    .any(|b| !a.iter().any(|v| b.contains(v)))
            })
        })
    }

    /// Merges `b` into `a` (`a` is the smaller root, so it names the person).
    fn union(&mut self, a: u32, b: u32, table: &Table) {
        if let Some(slot) = self.parent.get_mut(b as usize) {
            *slot = a;
        }
        // Judge values are gathered only when b brings one that a lacks.
        let mut all: Vec<(u32, u32)> = Vec::new();
        let mut grew = false;
        for &j in &self.judge_keys {
            let mine = self.values_of(a, j, table);
            let theirs = self.values_of(b, j, table);
            grew |= theirs.iter().any(|v| !mine.contains(v));
            let key = u32::try_from(j).unwrap_or(NONE);
            all.extend(mine.iter().chain(&theirs).map(|&v| (key, v)));
        }
        if let Some(g) = self.gathered.get_mut(b as usize) {
            *g = Vec::new();
        }
        if grew {
            all.sort_unstable();
            all.dedup();
            if let Some(g) = self.gathered.get_mut(a as usize) {
                *g = all;
            }
        }
    }
}

/// Links `records` (each with its values of `keys`, in key order; `None` or empty = no value);
/// `exclusive` as for [`Linker::new`].
pub fn link(
    keys: &[String],
    exclusive: &[String],
    records: &[(RecordId, Vec<Option<&str>>)],
) -> Linkage {
    let mut linker = Linker::new(keys, exclusive);
    let mut row = Vec::with_capacity(keys.len());
    for (id, values) in records {
        row.clear();
        row.extend(values.iter().map(|v| v.map(str::as_bytes)));
        linker.push(*id, &row);
    }
    linker.finish()
}

/// Reads one code file (CSV bytes with a header naming code columns, e.g. as written by the
/// pseudonymizer) in chunks into a [`Linker`]; a key missing from the file is empty.
#[derive(Debug)]
pub struct CodeFileReader {
    file: u32,
    reader: crate::csv::RecordReader,
    /// Per key, its column (known once the header was read).
    columns: Option<Vec<Option<usize>>>,
    row: u32,
}

impl CodeFileReader {
    /// A reader for file number `file` (1-based).
    pub fn new(file: u32) -> Self {
        CodeFileReader {
            file,
            reader: crate::csv::RecordReader::new(),
            columns: None,
            row: 0,
        }
    }

    /// Adds the records completed by `chunk`.
    pub fn feed(&mut self, linker: &mut Linker, chunk: &[u8]) {
        let CodeFileReader {
            file,
            reader,
            columns,
            row,
        } = self;
        let _ = reader.feed(chunk, &mut |r| Self::take(linker, *file, columns, row, r));
    }

    /// Ends the file, adding a last record without a line ending.
    ///
    /// # Errors
    /// `E_CSV_QUOTE` (with the file's row) for a quote never closed.
    pub fn finish(mut self, linker: &mut Linker) -> Result<(), crate::Error> {
        let CodeFileReader {
            file,
            reader,
            columns,
            row,
        } = &mut self;
        match reader.finish(&mut |r| Self::take(linker, *file, columns, row, r)) {
            Err(Ok((code, at))) => Err(crate::Error::new(code).with_row(at)),
            _ => Ok(()),
        }
    }

    fn take(
        linker: &mut Linker,
        file: u32,
        columns: &mut Option<Vec<Option<usize>>>,
        row: &mut u32,
        r: crate::csv::RawRecord<'_>,
    ) -> Result<(), ()> {
        let Some(columns) = columns else {
            let header: Vec<&[u8]> = (0..r.len()).map(|i| r.field(i).trim_ascii()).collect();
            *columns = Some(
                linker
                    .keys
                    .iter()
                    .map(|k| header.iter().position(|h| *h == k.as_bytes()))
                    .collect(),
            );
            return Ok(());
        };
        *row += 1;
        let values: Vec<Option<&[u8]>> = columns.iter().map(|c| c.map(|c| r.field(c))).collect();
        linker.push(RecordId { file, row: *row }, &values);
        Ok(())
    }
}

/// Links code files: file `i` of `texts` is file `i + 1` (see [`CodeFileReader`]).
///
/// # Errors
/// `E_CSV_QUOTE` (with the file's row) for a quote never closed.
pub fn link_files(
    texts: &[&str],
    keys: &[String],
    exclusive: &[String],
) -> Result<Linkage, crate::Error> {
    let mut linker = Linker::new(keys, exclusive);
    for (f, text) in texts.iter().enumerate() {
        let mut reader = CodeFileReader::new(u32::try_from(f + 1).unwrap_or(u32::MAX));
        reader.feed(&mut linker, text.as_bytes());
        reader.finish(&mut linker)?;
    }
    Ok(linker.finish())
}

/// Writes the persons file: header `file,row,person`, one line per record in record order.
///
/// # Errors
/// Whatever writing to `out` returns.
pub fn write_persons(linkage: &Linkage, out: &mut impl std::io::Write) -> std::io::Result<()> {
    out.write_all(b"file,row,person\n")?;
    for (record, person) in &linkage.persons {
        writeln!(out, "{},{},{}", record.file, record.row, PersonId(*person))?;
    }
    Ok(())
}

/// The persons file as text (see [`write_persons`]).
pub fn persons_csv(linkage: &Linkage) -> String {
    let mut out = Vec::with_capacity(linkage.persons.len() * 16 + 16);
    // Writing to a Vec cannot fail, and the lines are ASCII.
    let _ = write_persons(linkage, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The report as JSON: records, persons, and per key its values, merges, ambiguous and split
/// values.
pub fn report_json(report: &Report) -> String {
    use crate::json::Json;
    let keys = report
        .keys
        .iter()
        .map(|k| {
            Json::Obj(vec![
                ("key".into(), Json::Str(k.key.clone())),
                ("values".into(), Json::Num(k.values as u64)),
                ("merges".into(), Json::Num(k.merges as u64)),
                ("ambiguous".into(), Json::Num(k.ambiguous as u64)),
                ("split".into(), Json::Num(k.split as u64)),
            ])
        })
        .collect();
    let doc = Json::Obj(vec![
        ("records".into(), Json::Num(report.records as u64)),
        ("persons".into(), Json::Num(report.persons as u64)),
        ("keys".into(), Json::Arr(keys)),
    ]);
    let mut out = String::new();
    doc.write(&mut out, 0);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    fn id(file: u32, row: u32) -> RecordId {
        RecordId { file, row }
    }

    fn person_of(l: &Linkage, r: RecordId) -> RecordId {
        l.persons
            .iter()
            .find(|(x, _)| *x == r)
            .map(|(_, p)| *p)
            .unwrap()
    }

    fn default_exclusive() -> Vec<String> {
        keys(&DEFAULT_EXCLUSIVE)
    }

    #[test]
    fn a_shared_name_key_does_not_merge_people_whose_history_codes_differ() {
        // Two people (different history codes) share a common name and birth date; a third
        // record has only the name key. The name value is ambiguous and links nobody.
        let k = keys(&["history", "ins", "kana_dob_sex"]);
        let records = vec![
            (id(1, 1), vec![Some("h1"), Some("insA"), Some("nameX")]),
            (id(1, 2), vec![Some("h2"), Some("insB"), Some("nameX")]),
            (id(2, 1), vec![None, None, Some("nameX")]),
            (id(2, 2), vec![None, Some("insA"), Some("nameY")]),
        ];
        let l = link(&k, &default_exclusive(), &records);
        assert_eq!(
            person_of(&l, id(2, 2)),
            id(1, 1),
            "same ins code: same person"
        );
        assert_ne!(person_of(&l, id(1, 2)), id(1, 1));
        assert_eq!(
            person_of(&l, id(2, 1)),
            id(2, 1),
            "the ambiguous name links nobody"
        );
        assert_eq!(l.report.keys[2].ambiguous, 1);
        assert_eq!(l.report.keys[2].split, 1, "nameX ends in three persons");
        assert_eq!(l.report.keys[1].split, 0);
        assert_eq!(l.report.persons, 3);
    }

    #[test]
    fn a_name_links_one_person_across_an_insurer_change_unless_ins_is_exclusive() {
        let k = keys(&["history", "ins", "kana_dob_sex"]);
        let records = vec![
            (id(1, 1), vec![None, Some("insA"), Some("nameX")]),
            (id(2, 1), vec![None, Some("insB"), Some("nameX")]),
        ];
        let l = link(&k, &default_exclusive(), &records);
        assert_eq!(person_of(&l, id(2, 1)), id(1, 1));
        assert_eq!(l.report.keys[2].merges, 1);
        let strict = link(&k, &keys(&["history", "ins"]), &records);
        assert_eq!(person_of(&strict, id(2, 1)), id(2, 1));
        assert_eq!(strict.report.keys[2].ambiguous, 1);
    }

    #[test]
    fn ins_says_different_to_ins_dob_sex_twins_on_one_card() {
        let k = keys(&["history", "ins", "ins_dob_sex", "kana_dob_sex"]);
        let records = vec![
            (
                id(1, 1),
                vec![None, Some("card-01"), Some("card-dob"), Some("n1")],
            ),
            (
                id(1, 2),
                vec![None, Some("card-02"), Some("card-dob"), Some("n2")],
            ),
            (id(2, 1), vec![None, None, Some("card-dob"), Some("n2")]),
        ];
        let l = link(&k, &default_exclusive(), &records);
        assert_ne!(person_of(&l, id(1, 2)), id(1, 1));
        assert_eq!(l.report.keys[2].ambiguous, 1);
        assert_eq!(
            person_of(&l, id(2, 1)),
            id(1, 2),
            "the name still links the second twin"
        );
    }

    #[test]
    fn a_cluster_keeps_every_judge_value_its_merges_brought() {
        // X and Y are one person (one history code, insurer changed from A to B); Z carries a
        // third ins code and Y's household key: ins (gathered {A, B} vs {C}) says different.
        let k = keys(&["history", "ins", "ins_dob_sex"]);
        let records = vec![
            (id(1, 1), vec![Some("h1"), Some("A"), Some("dA")]),
            (id(1, 2), vec![Some("h1"), Some("B"), Some("dB")]),
            (id(2, 1), vec![None, Some("C"), Some("dB")]),
            (id(2, 2), vec![None, Some("B"), Some("dB")]),
        ];
        let l = link(&k, &default_exclusive(), &records);
        assert_eq!(person_of(&l, id(1, 2)), id(1, 1));
        assert_eq!(person_of(&l, id(2, 2)), id(1, 1));
        assert_eq!(person_of(&l, id(2, 1)), id(2, 1));
        assert_eq!(l.report.keys[2].ambiguous, 1);
    }

    #[test]
    fn a_weaker_key_links_records_without_a_stronger_one() {
        let k = keys(&["history", "ins", "kana_dob_sex"]);
        let records = vec![
            (id(1, 1), vec![Some("h1"), Some("ins1"), Some("n1")]),
            (id(1, 2), vec![Some("h1"), Some("ins2"), Some("n2")]),
            (id(2, 1), vec![None, None, Some("n2")]),
        ];
        let l = link(&k, &default_exclusive(), &records);
        assert!(
            l.persons.iter().all(|(_, p)| *p == id(1, 1)),
            "{:?}",
            l.persons
        );
        assert_eq!(l.report.keys[0].merges, 1);
        assert_eq!(l.report.keys[2].merges, 1);
    }

    #[test]
    fn person_ids_do_not_depend_on_input_order() {
        let k = keys(&["ins", "kana_dob_sex"]);
        let records = vec![
            (id(2, 3), vec![Some("a"), Some("x")]),
            (id(1, 5), vec![None, Some("x")]),
            (id(1, 2), vec![Some("a"), None]),
            (id(3, 1), vec![Some("b"), Some("y")]),
        ];
        let forward = link(&k, &default_exclusive(), &records);
        let mut reversed = records.clone();
        reversed.reverse();
        assert_eq!(link(&k, &default_exclusive(), &reversed), forward);
        assert_eq!(person_of(&forward, id(2, 3)), id(1, 2));
        assert_eq!(person_of(&forward, id(1, 5)), id(1, 2));
        assert_eq!(id(1, 2).person_id(), "p1-2");
    }

    #[test]
    fn a_code_file_fed_in_any_chunks_links_as_a_whole() {
        let text = "ins,kana_dob_sex\r\nA,\"N\r\n1\"\r\nB,\"N\r\n1\"\r\nC,N2";
        let k = keys(&["ins", "kana_dob_sex"]);
        let whole = link_files(&[text], &k, &default_exclusive()).unwrap();
        assert_eq!(whole.report.persons, 2);
        for size in 1..text.len() {
            let mut linker = Linker::new(&k, &default_exclusive());
            let mut reader = CodeFileReader::new(1);
            for chunk in text.as_bytes().chunks(size) {
                reader.feed(&mut linker, chunk);
            }
            reader.finish(&mut linker).unwrap();
            assert_eq!(linker.finish(), whole, "chunks of {size}");
        }
        let broken = link_files(&["ins\n\"A\n"], &k, &default_exclusive()).unwrap_err();
        assert_eq!(broken.code(), crate::ErrorCode::CsvQuote);
    }

    #[test]
    fn code_files_are_linked_by_their_columns() {
        let a = "visit,ins,kana_dob_sex\r\n1,A,N1\r\n2,B,N2\r\n";
        let b = "kana_dob_sex,other\nN1,x\n,y\n";
        let l = link_files(
            &[a, b],
            &keys(&["ins", "kana_dob_sex"]),
            &default_exclusive(),
        )
        .unwrap();
        assert_eq!(person_of(&l, id(2, 1)), id(1, 1));
        assert_eq!(person_of(&l, id(2, 2)), id(2, 2));
        assert_eq!(l.report.records, 4);
        assert_eq!(l.report.persons, 3);
    }
}
