//! Linking records on their codes (SPEC.md §9): who is who, from codes only.
//!
//! Keys are taken strongest first. A key value links the clusters of the records that carry
//! it, unless two of those clusters already hold different values of a stronger key — then the
//! stronger key says they are different people, the value is ambiguous and is not used. The
//! result depends only on the records, never on their order: records are ordered by their
//! (file, row) and every person is named after the cluster's smallest (file, row).

use std::collections::{BTreeMap, BTreeSet};

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
        format!("p{}-{}", self.file, self.row)
    }
}

/// What the linkage did, per key (in key order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Records linked.
    pub records: usize,
    /// Persons found.
    pub persons: usize,
    /// Per key: (key, clusters merged by it, values left unused as ambiguous, values seen).
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
}

/// Persons of records: `persons[i]` is the smallest record of record `i`'s cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linkage {
    /// Every record with its person, ordered by record.
    pub persons: Vec<(RecordId, RecordId)>,
    /// What each key did.
    pub report: Report,
}

struct Clusters {
    parent: Vec<usize>,
    /// Per root, per key: the values its records carry (for the "different people" test).
    values: Vec<Vec<BTreeSet<usize>>>,
}

impl Clusters {
    fn find(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.parent.get(i) {
            if p == i {
                break;
            }
            let grand = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = grand;
            }
            i = p;
        }
        i
    }

    /// True when the clusters hold different values of a key stronger than `key`.
    fn differ(&self, a: usize, b: usize, key: usize) -> bool {
        let (Some(va), Some(vb)) = (self.values.get(a), self.values.get(b)) else {
            return false;
        };
        va.iter()
            .zip(vb)
            .take(key)
            .any(|(x, y)| !x.is_empty() && !y.is_empty() && x.is_disjoint(y))
    }

    /// Merges `b` into `a` (`a` is the smaller root, so it names the person).
    fn union(&mut self, a: usize, b: usize) {
        if let Some(slot) = self.parent.get_mut(b) {
            *slot = a;
        }
        let moved = self
            .values
            .get_mut(b)
            .map(std::mem::take)
            .unwrap_or_default();
        if let Some(into) = self.values.get_mut(a) {
            for (set, more) in into.iter_mut().zip(moved) {
                set.extend(more);
            }
        }
    }
}

/// Links `records` (each with its values of `keys`, in key order; `None` or empty = no value).
pub fn link(keys: &[String], records: &[(RecordId, Vec<Option<&str>>)]) -> Linkage {
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by_key(|&i| records.get(i).map(|r| r.0));
    let sorted: Vec<&(RecordId, Vec<Option<&str>>)> =
        order.iter().filter_map(|&i| records.get(i)).collect();
    // Values are interned per key, so clusters compare numbers.
    let mut interned: Vec<BTreeMap<&str, usize>> = vec![BTreeMap::new(); keys.len()];
    let mut ids: Vec<Vec<Option<usize>>> = Vec::with_capacity(sorted.len());
    for (_, values) in &sorted {
        let row_ids = (0..keys.len())
            .map(|k| {
                let value = values.get(k).copied().flatten().filter(|v| !v.is_empty())?;
                let table = interned.get_mut(k)?;
                let next = table.len();
                Some(*table.entry(value).or_insert(next))
            })
            .collect();
        ids.push(row_ids);
    }
    let mut clusters = Clusters {
        parent: (0..sorted.len()).collect(),
        values: ids
            .iter()
            .map(|row| row.iter().map(|v| v.iter().copied().collect()).collect())
            .collect(),
    };
    let mut report = Report {
        records: sorted.len(),
        ..Report::default()
    };
    for (k, key) in keys.iter().enumerate() {
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, row) in ids.iter().enumerate() {
            if let Some(Some(value)) = row.get(k) {
                groups.entry(*value).or_default().push(i);
            }
        }
        let mut stats = KeyReport {
            key: key.clone(),
            values: groups.len(),
            ..KeyReport::default()
        };
        for members in groups.values() {
            let mut roots: Vec<usize> = members.iter().map(|&i| clusters.find(i)).collect();
            roots.sort_unstable();
            roots.dedup();
            if roots.len() < 2 {
                continue;
            }
            let conflict = roots
                .iter()
                .enumerate()
                .any(|(x, &a)| roots.iter().skip(x + 1).any(|&b| clusters.differ(a, b, k)));
            if conflict {
                stats.ambiguous += 1;
                continue;
            }
            if let Some((&first, rest)) = roots.split_first() {
                for &other in rest {
                    clusters.union(first, other);
                    stats.merges += 1;
                }
            }
        }
        report.keys.push(stats);
    }
    let mut persons = Vec::with_capacity(sorted.len());
    let mut roots = BTreeSet::new();
    for (i, (id, _)) in sorted.iter().enumerate() {
        let root = clusters.find(i);
        roots.insert(root);
        let person = sorted.get(root).map_or(*id, |r| r.0);
        persons.push((*id, person));
    }
    report.persons = roots.len();
    Linkage { persons, report }
}

/// Links code files (CSV texts with a header naming code columns, e.g. as written by the
/// pseudonymizer): file `i` of `texts` is file `i + 1`; a key missing from a file is empty there.
///
/// # Errors
/// `E_CSV_QUOTE` (with the file's row) for a quote never closed.
pub fn link_files(texts: &[&str], keys: &[String]) -> Result<Linkage, crate::Error> {
    let mut tables = Vec::with_capacity(texts.len());
    for text in texts {
        let records = crate::csv::records(text)
            .map_err(|(row, code)| crate::Error::new(code).with_row(row))?;
        tables.push(records);
    }
    let mut records: Vec<(RecordId, Vec<Option<&str>>)> = Vec::new();
    for (f, table) in tables.iter().enumerate() {
        let mut rows = table.iter();
        let header = rows.next().map(Vec::as_slice).unwrap_or_default();
        let columns: Vec<Option<usize>> = keys
            .iter()
            .map(|k| header.iter().position(|h| h.trim() == k.as_str()))
            .collect();
        for (r, row) in rows.enumerate() {
            let values = columns
                .iter()
                .map(|c| c.and_then(|c| row.get(c)).map(String::as_str))
                .collect();
            let id = RecordId {
                file: u32::try_from(f + 1).unwrap_or(u32::MAX),
                row: u32::try_from(r + 1).unwrap_or(u32::MAX),
            };
            records.push((id, values));
        }
    }
    Ok(link(keys, &records))
}

/// The persons file: header `file,row,person`, one line per record in record order.
pub fn persons_csv(linkage: &Linkage) -> String {
    let mut out = String::from("file,row,person\n");
    for (record, person) in &linkage.persons {
        out.push_str(&format!(
            "{},{},{}\n",
            record.file,
            record.row,
            person.person_id()
        ));
    }
    out
}

/// The report as JSON: records, persons, and per key its values, merges and ambiguous values.
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

    #[test]
    fn a_shared_name_key_does_not_merge_people_a_stronger_key_separates() {
        // Two different people (different ins codes) share a common name and birth date; a third
        // record has only the name key. The name value is ambiguous and links nobody.
        let k = keys(&["ins", "kana_dob_sex"]);
        let records = vec![
            (id(1, 1), vec![Some("insA"), Some("nameX")]),
            (id(1, 2), vec![Some("insB"), Some("nameX")]),
            (id(2, 1), vec![None, Some("nameX")]),
            (id(2, 2), vec![Some("insA"), Some("nameY")]),
        ];
        let l = link(&k, &records);
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
        assert_eq!(l.report.keys[1].ambiguous, 1);
        assert_eq!(l.report.persons, 3);
    }

    #[test]
    fn a_weaker_key_links_records_without_a_stronger_one() {
        let k = keys(&["history", "ins", "kana_dob_sex"]);
        let records = vec![
            (id(1, 1), vec![Some("h1"), Some("ins1"), Some("n1")]),
            (id(1, 2), vec![Some("h1"), Some("ins2"), Some("n2")]),
            (id(2, 1), vec![None, None, Some("n2")]),
        ];
        let l = link(&k, &records);
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
        let forward = link(&k, &records);
        let mut reversed = records.clone();
        reversed.reverse();
        assert_eq!(link(&k, &reversed), forward);
        assert_eq!(person_of(&forward, id(2, 3)), id(1, 2));
        assert_eq!(person_of(&forward, id(1, 5)), id(1, 2));
        assert_eq!(id(1, 2).person_id(), "p1-2");
    }

    #[test]
    fn code_files_are_linked_by_their_columns() {
        let a = "visit,ins,kana_dob_sex\r\n1,A,N1\r\n2,B,N2\r\n";
        let b = "kana_dob_sex,other\nN1,x\n,y\n";
        let l = link_files(&[a, b], &keys(&["ins", "kana_dob_sex"])).unwrap();
        assert_eq!(person_of(&l, id(2, 1)), id(1, 1));
        assert_eq!(person_of(&l, id(2, 2)), id(2, 2));
        assert_eq!(l.report.records, 4);
        assert_eq!(l.report.persons, 3);
    }
}
