//! A location index (MPI, 医療情報所在情報): where a person's records are — network, facility,
//! chart code, region code — found through any of the person's codes (SPEC.md §9.2, draft).
//!
//! Persons are sets of codes. Registering codes that already belong to two persons (a history
//! links them) merges those persons. Everything is codes or institution ids: no identifier.

use std::collections::BTreeMap;

use crate::error::{Error, ErrorCode};
use crate::json::{parse, Json};

/// Where a person has records: the institution and its local codes (empty when unknown).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Regional network id.
    pub network: String,
    /// 医療機関コード of the facility.
    pub facility: String,
    /// The `chart` code (医療機関コード + 診察券番号) of the person there.
    pub chart: String,
    /// The `region` code (network + 地域ID) of the person there.
    pub region: String,
}

/// Persons (sets of codes) with their locations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocationIndex {
    /// Code → person slot (possibly merged: follow `parent`).
    by_code: BTreeMap<String, usize>,
    parent: Vec<usize>,
    /// Per person slot: its codes and locations (moved to the surviving slot on merge).
    codes: Vec<Vec<String>>,
    locations: Vec<Vec<Location>>,
}

impl LocationIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, mut slot: usize) -> usize {
        while let Some(&p) = self.parent.get(slot) {
            if p == slot {
                break;
            }
            slot = p;
        }
        slot
    }

    /// Registers a location for the person holding `codes` (all of one person: e.g. the history
    /// code and `ins` codes). Persons already holding any of the codes are merged into one.
    ///
    /// # Errors
    /// `E_CONFIG` when `codes` is empty or holds an empty code.
    pub fn register(&mut self, codes: &[&str], location: Option<Location>) -> Result<(), Error> {
        if codes.is_empty() || codes.iter().any(|c| c.is_empty()) {
            return Err(Error::new(ErrorCode::Config));
        }
        let mut slots: Vec<usize> = codes
            .iter()
            .filter_map(|c| self.by_code.get(*c))
            .map(|&s| self.find(s))
            .collect();
        slots.sort_unstable();
        slots.dedup();
        let target = match slots.first() {
            Some(&first) => first,
            None => {
                self.parent.push(self.parent.len());
                self.codes.push(Vec::new());
                self.locations.push(Vec::new());
                self.parent.len() - 1
            }
        };
        for &other in slots.iter().skip(1) {
            if let Some(p) = self.parent.get_mut(other) {
                *p = target;
            }
            let moved_codes = self
                .codes
                .get_mut(other)
                .map(std::mem::take)
                .unwrap_or_default();
            let moved_locations = self
                .locations
                .get_mut(other)
                .map(std::mem::take)
                .unwrap_or_default();
            if let Some(c) = self.codes.get_mut(target) {
                c.extend(moved_codes);
            }
            if let Some(l) = self.locations.get_mut(target) {
                l.extend(moved_locations);
            }
        }
        for code in codes {
            if !self.by_code.contains_key(*code) {
                self.by_code.insert((*code).to_owned(), target);
                if let Some(c) = self.codes.get_mut(target) {
                    c.push((*code).to_owned());
                }
            }
        }
        if let (Some(location), Some(list)) = (location, self.locations.get_mut(target)) {
            if !list.contains(&location) {
                list.push(location);
            }
        }
        Ok(())
    }

    /// The locations of the person holding `code`, sorted; empty for an unknown code.
    pub fn lookup(&self, code: &str) -> Vec<Location> {
        let Some(&slot) = self.by_code.get(code) else {
            return Vec::new();
        };
        let mut out = self
            .locations
            .get(self.find(slot))
            .cloned()
            .unwrap_or_default();
        out.sort();
        out
    }

    /// The persons: each with its codes and locations, sorted, persons ordered by smallest code.
    pub fn persons(&self) -> Vec<(Vec<String>, Vec<Location>)> {
        let mut out: Vec<(Vec<String>, Vec<Location>)> = (0..self.parent.len())
            .filter(|&s| self.find(s) == s)
            .map(|s| {
                let mut codes = self.codes.get(s).cloned().unwrap_or_default();
                codes.sort();
                let mut locations = self.locations.get(s).cloned().unwrap_or_default();
                locations.sort();
                (codes, locations)
            })
            .filter(|(codes, _)| !codes.is_empty())
            .collect();
        out.sort();
        out
    }

    /// The index as NDJSON: one line per person, `{"codes":[…],"locations":[{"network",
    /// "facility","chart","region"}]}`, sorted, so that equal indexes export equal bytes.
    pub fn to_ndjson(&self) -> String {
        let mut out = String::new();
        for (codes, locations) in self.persons() {
            let locations = locations
                .into_iter()
                .map(|l| {
                    Json::Obj(vec![
                        ("network".into(), Json::Str(l.network)),
                        ("facility".into(), Json::Str(l.facility)),
                        ("chart".into(), Json::Str(l.chart)),
                        ("region".into(), Json::Str(l.region)),
                    ])
                })
                .collect();
            let line = Json::Obj(vec![
                (
                    "codes".into(),
                    Json::Arr(codes.into_iter().map(Json::Str).collect()),
                ),
                ("locations".into(), Json::Arr(locations)),
            ]);
            line.write_compact(&mut out);
            out.push('\n');
        }
        out
    }

    /// An index from its NDJSON export (blank lines ignored).
    ///
    /// # Errors
    /// `E_CONFIG` (with the 1-based line as `row`) for a line that is not a person object.
    pub fn from_ndjson(text: &str) -> Result<Self, Error> {
        let mut index = LocationIndex::new();
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let bad = || Error::new(ErrorCode::Config).with_row(n + 1);
            let value = parse(line).ok_or_else(bad)?;
            let codes: Vec<&str> = value
                .member("codes")
                .and_then(Json::strings)
                .ok_or_else(bad)?;
            let locations = value
                .member("locations")
                .and_then(Json::items)
                .ok_or_else(bad)?;
            index.register(&codes, None).map_err(|_| bad())?;
            for l in locations {
                let text = |name: &str| {
                    l.member(name)
                        .and_then(Json::text)
                        .map(str::to_owned)
                        .ok_or_else(bad)
                };
                let location = Location {
                    network: text("network")?,
                    facility: text("facility")?,
                    chart: text("chart")?,
                    region: text("region")?,
                };
                index.register(&codes, Some(location)).map_err(|_| bad())?;
            }
        }
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(facility: &str, chart: &str) -> Option<Location> {
        Some(Location {
            network: "net".into(),
            facility: facility.into(),
            chart: chart.into(),
            region: String::new(),
        })
    }

    #[test]
    fn any_code_of_a_person_finds_all_of_its_locations() {
        let mut index = LocationIndex::new();
        index
            .register(&["ins-A", "kana-X"], at("0110113719", "chart-1"))
            .unwrap();
        index
            .register(&["ins-B"], at("1311234569", "chart-2"))
            .unwrap();
        assert_eq!(index.lookup("kana-X").len(), 1);
        assert_eq!(index.lookup("ins-B").len(), 1);
        assert!(index.lookup("nobody").is_empty());
        // A history links ins-A and ins-B: one person, both locations.
        index.register(&["hist-1", "ins-A", "ins-B"], None).unwrap();
        assert_eq!(index.lookup("kana-X"), index.lookup("ins-B"));
        assert_eq!(index.lookup("hist-1").len(), 2);
        assert_eq!(index.persons().len(), 1);
        assert_eq!(
            index.register(&[], None).map_err(|e| e.code()),
            Err(ErrorCode::Config)
        );
    }

    #[test]
    fn ndjson_is_sorted_and_the_same_for_any_registration_order() {
        let mut a = LocationIndex::new();
        a.register(&["c1", "c2"], at("f1", "x")).unwrap();
        a.register(&["c3"], at("f2", "y")).unwrap();
        let mut b = LocationIndex::new();
        b.register(&["c3"], at("f2", "y")).unwrap();
        b.register(&["c2", "c1"], at("f1", "x")).unwrap();
        assert_eq!(a.to_ndjson(), b.to_ndjson());
        assert_eq!(
            LocationIndex::from_ndjson(&a.to_ndjson())
                .unwrap()
                .to_ndjson(),
            a.to_ndjson(),
            "round trip"
        );
        assert_eq!(
            LocationIndex::from_ndjson("{\"codes\":[]}\n").map_err(|e| (e.code(), e.row())),
            Err((ErrorCode::Config, Some(1)))
        );
        assert!(LocationIndex::from_ndjson("not json").is_err());
        assert_eq!(
            a.to_ndjson().lines().next(),
            Some(
                r#"{"codes":["c1","c2"],"locations":[{"network":"net","facility":"f1","chart":"x","region":""}]}"#
            )
        );
    }
}
