//! Columnar batches: many records in, one code or rejects per row out.

use crate::code::{Code, Coder, Rule};
use crate::error::{Error, ErrorCode, Field, Kind, Reject, Subject};
use crate::normalize;

/// Raw values by column: one slice of `rows` values per field kind; absent columns are empty.
#[derive(Clone, Debug, Default)]
pub struct Columns<'a> {
    rows: usize,
    by_field: [Option<Vec<&'a str>>; Field::COUNT],
}

impl<'a> Columns<'a> {
    /// An empty set of columns for `rows` rows.
    pub fn new(rows: usize) -> Self {
        Columns {
            rows,
            by_field: Default::default(),
        }
    }

    /// Adds the column of `field`.
    ///
    /// # Errors
    /// `E_CONFIG` (naming the field) when the column does not have exactly `rows` values.
    pub fn insert(&mut self, field: Field, values: Vec<&'a str>) -> Result<(), Error> {
        if values.len() != self.rows {
            return Err(Error::field(ErrorCode::Config, field));
        }
        if let Some(slot) = self.by_field.get_mut(field.index()) {
            *slot = Some(values);
        }
        Ok(())
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The raw value at `row` of `field` (`""` for an absent column).
    pub fn get(&self, row: usize, field: Field) -> &'a str {
        self.by_field
            .get(field.index())
            .and_then(Option::as_ref)
            .and_then(|col| col.get(row).copied())
            .unwrap_or_default()
    }
}

/// The result of a batch: `codes[i]` is `None` exactly when row `i` has rejects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// One entry per row.
    pub codes: Vec<Option<Code>>,
    /// Every failing field of every rejected row, ordered by row then rule field order.
    pub rejects: Vec<Reject>,
}

impl Batch {
    /// Rows that got a code.
    pub fn coded(&self) -> usize {
        self.codes.iter().filter(|c| c.is_some()).count()
    }

    /// Rows that got no code.
    pub fn rejected(&self) -> usize {
        self.codes.len() - self.coded()
    }
}

/// The canonical values of one row under `rule` into `values`, every failing field (then, with
/// `check`, the rule check) into `rejects`; true when the row is valid.
pub(crate) fn canonical_row<'v>(
    rule: &Rule,
    check: bool,
    row: usize,
    value: impl Fn(Field) -> &'v str,
    values: &mut Vec<String>,
    rejects: &mut Vec<Reject>,
) -> bool {
    canonical_row_with(
        rule,
        check,
        row,
        |kind| normalize::canonical(kind, value(kind.input())).map_err(|e| e.code()),
        values,
        rejects,
    )
}

/// [`canonical_row`] with the canonical value of each kind from `canonical` (e.g. a per-row
/// cache shared by several rules).
pub(crate) fn canonical_row_with(
    rule: &Rule,
    check: bool,
    row: usize,
    mut canonical: impl FnMut(Kind) -> Result<String, ErrorCode>,
    values: &mut Vec<String>,
    rejects: &mut Vec<Reject>,
) -> bool {
    values.clear();
    let rejects_before = rejects.len();
    for &kind in rule.kinds() {
        match canonical(kind) {
            Ok(v) => values.push(v),
            Err(code) => {
                let reject = Reject {
                    row,
                    field: Subject::Field(kind.input()),
                    code,
                };
                // kana and kana_loose in one custom rule fail together: report it once.
                if rejects.last() != Some(&reject) {
                    rejects.push(reject);
                }
            }
        }
    }
    if check && rejects.len() == rejects_before {
        if let Err(e) = rule.check(values) {
            let field = e.subject().unwrap_or(Subject::Field(Field::Branch));
            rejects.push(Reject {
                row,
                field,
                code: e.code(),
            });
        }
    }
    rejects.len() == rejects_before
}

impl Coder {
    /// Codes every row of `columns` under `rule`; each failing field of a row is one reject
    /// (row problems are data, not errors), and rows in = rows coded + rows rejected.
    pub fn code_batch(&self, rule: &Rule, columns: &Columns<'_>) -> Batch {
        let mut batch = Batch {
            codes: Vec::with_capacity(columns.rows()),
            rejects: Vec::new(),
        };
        let mut values: Vec<String> = Vec::with_capacity(rule.kinds().len());
        for row in 0..columns.rows() {
            let ok = canonical_row(
                rule,
                true,
                row,
                |f| columns.get(row, f),
                &mut values,
                &mut batch.rejects,
            );
            batch
                .codes
                .push(ok.then(|| self.code_canonical(rule, &values)));
        }
        batch
    }
}
