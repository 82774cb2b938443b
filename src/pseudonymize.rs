//! The streaming CSV pseudonymizer (SPEC.md §7): a CSV export in, the same records out with
//! identifying columns replaced by code columns, a rejects CSV (row, rule, field, code — never
//! a value) and a manifest a receiver can check. Memory stays constant in the file size.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::batch::canonical_row_with;
use crate::code::{Code, Coder, Record, Rule, SPEC_VERSION};
use crate::csv::{write_cell, write_record, RawRecord, RecordReader};
use crate::error::{Error, ErrorCode, Field, Kind, Reject, Subject};
use crate::history::HistoryIndex;
use crate::json::Json;
use crate::normalize;

/// The pseudo-rule that looks a record's insurance number up in a history file.
pub const HISTORY_RULE: &str = "history";

/// Header names recognized for each field (compared after NFKC, trimming and ASCII lower-casing).
const HEADER_NAMES: [(Field, &[&str]); Field::COUNT] = [
    (
        Field::Insurer,
        &[
            "insurer",
            "保険者番号",
            "保険者番号(8桁)",
            "保険者コード",
            "insurer_number",
        ],
    ),
    (
        Field::Symbol,
        &[
            "symbol",
            "記号",
            "被保険者証記号",
            "被保険者記号",
            "保険証記号",
            "被保険者証等記号",
        ],
    ),
    (
        Field::Number,
        &[
            "number",
            "番号",
            "被保険者証番号",
            "被保険者番号",
            "保険証番号",
            "被保険者証等番号",
        ],
    ),
    (
        Field::Branch,
        &["branch", "枝番", "被保険者証枝番", "被保険者枝番", "枝番号"],
    ),
    (
        Field::Payer,
        &["payer", "公費負担者番号", "負担者番号", "公費負担者番号1"],
    ),
    (
        Field::Recipient,
        &[
            "recipient",
            "公費受給者番号",
            "受給者番号",
            "公費受給者番号1",
        ],
    ),
    (
        Field::Facility,
        &[
            "facility",
            "医療機関コード",
            "医療機関番号",
            "保険医療機関コード",
        ],
    ),
    (
        Field::Chart,
        &["chart", "診察券番号", "患者番号", "カルテ番号", "患者id"],
    ),
    (
        Field::Network,
        &["network", "地域ネットワーク", "ネットワークid"],
    ),
    (Field::RegionId, &["region_id", "地域id", "地域患者id"]),
    (
        Field::Dob,
        &[
            "dob",
            "生年月日",
            "誕生日",
            "birth_date",
            "birthdate",
            "date_of_birth",
        ],
    ),
    (Field::Sex, &["sex", "性別", "gender", "男女区分"]),
    (
        Field::Kana,
        &[
            "kana",
            "カナ氏名",
            "氏名カナ",
            "フリガナ",
            "ふりがな",
            "カナ",
            "氏名(カナ)",
            "name_kana",
        ],
    ),
    (
        Field::Kanji,
        &[
            "kanji",
            "氏名",
            "漢字氏名",
            "患者氏名",
            "氏名(漢字)",
            "name",
            "name_kanji",
        ],
    ),
    (Field::Zip, &["zip", "郵便番号", "postal_code", "zipcode"]),
];

/// What to do with a CSV export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Explicit mapping of fields to column names; other fields are found from the header.
    pub mapping: Vec<(Field, String)>,
    /// Output column name → rule id (or `history`); empty = every rule whose fields are mapped.
    pub rules: Vec<(String, String)>,
    /// Identifying columns to keep (they are dropped by default).
    pub keep: Vec<String>,
    /// Start the output with a UTF-8 BOM.
    pub bom: bool,
    /// The input was decoded by the host from another encoding (e.g. Shift_JIS): U+FFFD in a
    /// record marks bytes invalid in that encoding, so the record is dropped (`E_CSV_ENCODING`).
    pub decoded_by_host: bool,
    /// Name of the input encoding, for the manifest (`utf-8` when empty).
    pub input_encoding: String,
    /// The host computes the SHA-256 digests itself (e.g. with a native hash in Node) and sets
    /// them in the [`Summary`] before writing the [`manifest`]; the run then hashes nothing.
    pub host_digests: bool,
    /// Part of a larger run (a worker pool): the input is the header and a slice of whole
    /// records whose first one is record number `first_row`; no header lines are written, and
    /// the host merges the parts' outputs and [`Summary`]s in order.
    pub part_first_row: Option<usize>,
}

/// Where an output code comes from.
#[derive(Clone, Debug)]
enum Emit {
    Rule(Rule),
    History,
}

/// The column plan, fixed by the header.
#[derive(Clone, Debug)]
struct Plan {
    width: usize,
    /// Input column of each mapped field.
    columns: [Option<usize>; Field::COUNT],
    /// Input columns passed through, in input order.
    pass: Vec<usize>,
    /// Output column name, and what it emits.
    emits: Vec<(String, Emit)>,
    line_ending: &'static str,
}

/// Counts and digests of a finished run: everything the manifest says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records after the header.
    pub read: usize,
    /// Records written (one output row each).
    pub written: usize,
    /// Structurally broken records, dropped.
    pub dropped: usize,
    /// Lines of the rejects file (without its header).
    pub reject_lines: usize,
    /// Per output rule column: (rule id, code counts in first-seen order).
    pub by_rule: Vec<(String, Vec<(ErrorCode, usize)>)>,
    /// Per code of dropped records.
    pub dropped_by_code: Vec<(ErrorCode, usize)>,
    /// Per output rule column: rows that got a code.
    pub coded: Vec<(String, usize)>,
    /// Field → input column name, as used.
    pub mapping: Vec<(Field, String)>,
    /// Output column → rule id (or `history`), in output order.
    pub rules: Vec<(String, String)>,
    /// Identifying columns kept.
    pub kept: Vec<String>,
    /// SHA-256 (lowercase hex) and length of the input bytes.
    pub input_sha256: String,
    /// Input bytes.
    pub input_bytes: u64,
    /// SHA-256 (lowercase hex) of the output bytes.
    pub output_sha256: String,
    /// Output bytes.
    pub output_bytes: u64,
}

impl Summary {
    /// Adds the counts of a later part of the same run (a worker pool), in input order.
    pub fn absorb(&mut self, part: &Summary) {
        self.read += part.read;
        self.written += part.written;
        self.dropped += part.dropped;
        self.reject_lines += part.reject_lines;
        self.input_bytes += part.input_bytes;
        self.output_bytes += part.output_bytes;
        for ((_, mine), (_, theirs)) in self.by_rule.iter_mut().zip(&part.by_rule) {
            for &(code, n) in theirs {
                add(mine, code, n);
            }
        }
        for &(code, n) in &part.dropped_by_code {
            add(&mut self.dropped_by_code, code, n);
        }
        for ((_, mine), (_, theirs)) in self.coded.iter_mut().zip(&part.coded) {
            *mine += theirs;
        }
    }
}

/// A streaming pseudonymizer: `push` chunks of the input, `finish` at the end; each call returns
/// the output and rejects bytes it produced.
pub struct Pseudonymizer {
    coder: Coder,
    history: Option<Arc<HistoryIndex>>,
    options: Options,
    reader: RecordReader,
    plan: Option<Plan>,
    /// A 0x1A byte held back: ignored if it is the very last byte of the input.
    held_eof_mark: bool,
    input_hash: Sha256,
    output_hash: Sha256,
    summary: Summary,
    values: Vec<String>,
    row_rejects: Vec<Reject>,
    /// Canonical values of the current row by kind (fields, then `kana_loose`).
    row_cache: Vec<Option<Result<String, ErrorCode>>>,
    /// Codes of the current row, one per emitted rule.
    codes: Vec<Option<Code>>,
}

/// Output of one `push` or `finish`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chunk {
    /// Bytes of the pseudonymized CSV.
    pub output: Vec<u8>,
    /// Bytes of the rejects CSV (its header comes with the first chunk).
    pub rejects: Vec<u8>,
}

/// The canonical value of `kind` for the current row from `cache` (slots: fields, then
/// `kana_loose`), computed on first use.
fn cached_canonical(
    cache: &mut [Option<Result<String, ErrorCode>>],
    kind: Kind,
    record: &Record<'_>,
) -> Result<String, ErrorCode> {
    let slot = match kind {
        Kind::Plain(field) => field.index(),
        Kind::KanaLoose => Field::COUNT,
    };
    if let Some(Some(cached)) = cache.get(slot) {
        return cached.clone();
    }
    let value = normalize::canonical(kind, record.get(kind.input())).map_err(|e| e.code());
    if let Some(entry) = cache.get_mut(slot) {
        *entry = Some(value.clone());
    }
    value
}

/// The field each header column would be mapped to without an explicit mapping: the first
/// column whose name is one of the field's header names (SPEC.md §7.1), each column once.
pub fn detect_columns(header: &[&str]) -> Vec<Option<Field>> {
    let mut out: Vec<Option<Field>> = vec![None; header.len()];
    for (field, column) in auto_columns(header, &[]).into_iter().enumerate() {
        if let (Some(column), Some(field)) = (column, Field::ALL.get(field)) {
            if let Some(slot) = out.get_mut(column) {
                *slot = Some(*field);
            }
        }
    }
    out
}

/// Column of each field (indexed by `Field::index`): the explicit mapping, then for every other
/// field the first column not yet used whose header is one of its names, fields in SPEC order.
fn auto_columns(header: &[&str], explicit: &[(Field, usize)]) -> [Option<usize>; Field::COUNT] {
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    let mut columns: [Option<usize>; Field::COUNT] = [None; Field::COUNT];
    for &(field, at) in explicit {
        if let Some(slot) = columns.get_mut(field.index()) {
            *slot = Some(at);
        }
    }
    for (field, names) in HEADER_NAMES {
        if explicit.iter().any(|(f, _)| *f == field) {
            continue;
        }
        let found = names.iter().find_map(|n| {
            let key = header_key(n);
            (0..keys.len()).find(|&i| keys.get(i) == Some(&key) && !columns.contains(&Some(i)))
        });
        if let Some(slot) = columns.get_mut(field.index()) {
            *slot = found;
        }
    }
    columns
}

fn header_key(name: &str) -> String {
    let trimmed: String = normalize::nfkc_for_header(name);
    trimmed.to_ascii_lowercase()
}

impl Pseudonymizer {
    /// A pseudonymizer for `coder`, with a history index when the `history` rule is used.
    ///
    /// # Errors
    /// `E_RULE` for an unknown rule; `E_CONFIG` for the `history` rule without an index, or an
    /// index made with another key or purpose.
    pub fn new(
        coder: Coder,
        options: Options,
        history: Option<Arc<HistoryIndex>>,
    ) -> Result<Self, Error> {
        if let Some(index) = &history {
            coder.check_index(index)?;
        }
        for (_, rule) in &options.rules {
            if rule == HISTORY_RULE {
                if history.is_none() {
                    return Err(Error::new(ErrorCode::Config).with_rule(HISTORY_RULE));
                }
            } else {
                coder.rule(rule)?;
            }
        }
        let summary = Summary::default();
        Ok(Pseudonymizer {
            coder,
            history,
            options,
            reader: RecordReader::new(),
            plan: None,
            held_eof_mark: false,
            input_hash: Sha256::new(),
            output_hash: Sha256::new(),
            summary,
            values: Vec::with_capacity(8),
            row_rejects: Vec::new(),
            row_cache: vec![None; Field::COUNT + 1],
            codes: Vec::new(),
        })
    }

    /// Feeds the next chunk of input bytes.
    ///
    /// # Errors
    /// `E_CONFIG` when the header does not fit the options (a mapped or kept column missing).
    pub fn push(&mut self, input: &[u8]) -> Result<Chunk, Error> {
        if !self.options.decoded_by_host {
            self.hash_input(input);
        }
        let mut chunk = Chunk::default();
        let mut data = Vec::with_capacity(input.len() + 1);
        if std::mem::take(&mut self.held_eof_mark) {
            data.push(0x1A);
        }
        data.extend_from_slice(input);
        if data.last() == Some(&0x1A) {
            data.pop();
            self.held_eof_mark = true;
        }
        let mut reader = std::mem::take(&mut self.reader);
        let result = reader.feed(&data, &mut |record| self.record(record, &mut chunk));
        self.reader = reader;
        result?;
        self.hash_output(&chunk);
        Ok(chunk)
    }

    /// Counts raw input bytes (and hashes them, unless `host_digests`) for the manifest. `push`
    /// does this itself, except when the host decoded the input from another encoding: then the
    /// host passes the raw bytes here, so the digest is of the file as it was.
    pub fn hash_input(&mut self, raw: &[u8]) {
        if !self.options.host_digests {
            self.input_hash.update(raw);
        }
        self.summary.input_bytes += raw.len() as u64;
    }

    /// Records read so far (after the header), for progress reports.
    pub fn records_read(&self) -> usize {
        self.summary.read
    }

    /// The coder (key fingerprint, purpose, format) the run uses.
    pub fn coder(&self) -> &Coder {
        &self.coder
    }

    /// The options of the run.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Ends the input: the last record, and the summary for the manifest.
    ///
    /// # Errors
    /// `E_CSV_QUOTE` (with its row) for a quote never closed; `E_CONFIG` as in `push`.
    pub fn finish(mut self) -> Result<(Chunk, Summary), Error> {
        let mut chunk = Chunk::default();
        let mut reader = std::mem::take(&mut self.reader);
        let result = reader.finish(&mut |record| self.record(record, &mut chunk));
        match result {
            Ok(()) => {}
            Err(Ok((code, row))) => {
                // A part counts from its first record's number.
                let offset = self
                    .options
                    .part_first_row
                    .map_or(0, |f| f.saturating_sub(1));
                return Err(Error::new(code).with_row(row + offset));
            }
            Err(Err(e)) => return Err(e),
        }
        if self.plan.is_none() && self.options.part_first_row.is_none() {
            // An input without a header still gets a rejects file with its header.
            write_record(&mut chunk.rejects, ["row", "rule", "field", "code"], "\n");
        }
        self.hash_output(&chunk);
        let mut summary = self.summary;
        summary.input_sha256 = hex(&self.input_hash.finalize());
        summary.output_sha256 = hex(&self.output_hash.finalize());
        Ok((chunk, summary))
    }

    fn hash_output(&mut self, chunk: &Chunk) {
        if !self.options.host_digests {
            self.output_hash.update(&chunk.output);
        }
        self.summary.output_bytes += chunk.output.len() as u64;
    }

    fn record(&mut self, record: RawRecord<'_>, chunk: &mut Chunk) -> Result<(), Error> {
        let Some(plan) = self.plan.take() else {
            return self.header(record, chunk);
        };
        self.summary.read += 1;
        let row = self.summary.read
            + self
                .options
                .part_first_row
                .map_or(0, |first| first.saturating_sub(1));
        let cells = match record.texts() {
            None => Err(ErrorCode::CsvEncoding),
            Some(t) if self.options.decoded_by_host && t.iter().any(|c| c.contains('\u{FFFD}')) => {
                Err(ErrorCode::CsvEncoding)
            }
            Some(t) if t.len() != plan.width => Err(ErrorCode::CsvFields),
            Some(t) => Ok(t),
        };
        match cells {
            Ok(cells) => self.write_row(&plan, row, &cells, chunk),
            Err(code) => {
                self.summary.dropped += 1;
                count(&mut self.summary.dropped_by_code, code);
                let row_text = row.to_string();
                write_record(
                    &mut chunk.rejects,
                    [row_text.as_str(), "", "", code.as_str()],
                    plan.line_ending,
                );
                self.summary.reject_lines += 1;
            }
        }
        self.plan = Some(plan);
        Ok(())
    }

    /// The header: the plan, the output header and the rejects header.
    fn header(&mut self, record: RawRecord<'_>, chunk: &mut Chunk) -> Result<(), Error> {
        let header = record
            .texts()
            .ok_or_else(|| Error::new(ErrorCode::CsvEncoding).with_row(0))?;
        let line_ending = if record.crlf() == Some(true) {
            "\r\n"
        } else {
            "\n"
        };
        let plan = self.plan_for(&header, line_ending)?;
        let headers = self.options.part_first_row.is_none();
        if self.options.bom && headers {
            chunk.output.extend_from_slice("\u{FEFF}".as_bytes());
        }
        let names = plan.pass.iter().filter_map(|&i| header.get(i).copied());
        let cells: Vec<&str> = names
            .chain(plan.emits.iter().map(|(name, _)| name.as_str()))
            .collect();
        if headers {
            write_record(&mut chunk.output, cells, line_ending);
        }
        if headers {
            write_record(
                &mut chunk.rejects,
                ["row", "rule", "field", "code"],
                line_ending,
            );
        }
        self.summary.by_rule = plan
            .emits
            .iter()
            .map(|(_, e)| (emit_name(e), Vec::new()))
            .collect();
        self.summary.coded = plan
            .emits
            .iter()
            .map(|(name, _)| (name.clone(), 0))
            .collect();
        self.summary.mapping = Field::ALL
            .iter()
            .zip(plan.columns.iter())
            .filter_map(|(f, c)| {
                c.and_then(|c| header.get(c))
                    .map(|name| (*f, (*name).to_owned()))
            })
            .collect();
        self.summary.rules = plan
            .emits
            .iter()
            .map(|(name, e)| (name.clone(), emit_name(e)))
            .collect();
        self.summary.kept = self.options.keep.clone();
        self.plan = Some(plan);
        Ok(())
    }

    /// One output row and its reject lines.
    fn write_row(&mut self, plan: &Plan, row: usize, cells: &[&str], chunk: &mut Chunk) {
        self.row_cache.iter_mut().for_each(|c| *c = None);
        let mut record = Record::new();
        for (field, column) in Field::ALL.iter().zip(plan.columns.iter()) {
            if let Some(col) = column {
                record.set(*field, cells.get(*col).copied().unwrap_or_default());
            }
        }
        // Codes of the row first (they decide the reject lines), then the row is written
        // straight from the input cells and the codes, without copying cells.
        self.codes.clear();
        let mut row_text = String::new();
        for (k, (_, emit)) in plan.emits.iter().enumerate() {
            let code = self.emit(emit, row, &record);
            if !self.row_rejects.is_empty() {
                if row_text.is_empty() {
                    row_text = row.to_string();
                }
                let rule_name = emit_name(emit);
                for r in self.row_rejects.drain(..) {
                    let line = [
                        row_text.as_str(),
                        rule_name.as_str(),
                        r.field.as_str(),
                        r.code.as_str(),
                    ];
                    write_record(&mut chunk.rejects, line, plan.line_ending);
                    self.summary.reject_lines += 1;
                    if let Some((_, counts)) = self.summary.by_rule.get_mut(k) {
                        count(counts, r.code);
                    }
                }
            }
            if code.is_some() {
                if let Some((_, n)) = self.summary.coded.get_mut(k) {
                    *n += 1;
                }
            }
            self.codes.push(code);
        }
        let format = self.coder.format();
        let mut code_text = String::with_capacity(format.text_len());
        let mut first = true;
        let mut separator = |out: &mut Vec<u8>| {
            if !first {
                out.push(b',');
            }
            first = false;
        };
        for &i in &plan.pass {
            separator(&mut chunk.output);
            write_cell(&mut chunk.output, cells.get(i).copied().unwrap_or_default());
        }
        for code in &self.codes {
            separator(&mut chunk.output);
            if let Some(code) = code {
                code_text.clear();
                format.push_text(code, &mut code_text);
                chunk.output.extend_from_slice(code_text.as_bytes());
            }
        }
        chunk.output.extend_from_slice(plan.line_ending.as_bytes());
        self.summary.written += 1;
    }

    /// The canonical values of `rule` into `values`, failing fields (then the rule check) into
    /// `row_rejects`; true when valid. Each kind is normalized once per row, whatever the rules.
    fn canonical_rule(&mut self, rule: &Rule, row: usize, record: &Record<'_>) -> bool {
        let cache = &mut self.row_cache;
        canonical_row_with(
            rule,
            true,
            row,
            |kind| cached_canonical(cache, kind, record),
            &mut self.values,
            &mut self.row_rejects,
        )
    }

    /// The code of one rule for one record; failing fields go to `row_rejects`.
    fn emit(&mut self, emit: &Emit, row: usize, record: &Record<'_>) -> Option<Code> {
        match emit {
            Emit::Rule(rule) => {
                let ok = self.canonical_rule(rule, row, record);
                ok.then(|| self.coder.code_canonical(rule, &self.values))
            }
            Emit::History => {
                let index = Arc::clone(self.history.as_ref()?);
                if !self.canonical_rule(&Rule::INS, row, record) {
                    return None;
                }
                match index.lookup(&self.values) {
                    Ok(code) => Some(code),
                    Err(code) => {
                        self.row_rejects.push(Reject {
                            row,
                            field: Subject::History,
                            code,
                        });
                        None
                    }
                }
            }
        }
    }

    /// The column plan for a header.
    fn plan_for(&self, header: &[&str], line_ending: &'static str) -> Result<Plan, Error> {
        let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
        let find = |name: &str| {
            let key = header_key(name);
            keys.iter().position(|k| *k == key)
        };
        let mut explicit = Vec::with_capacity(self.options.mapping.len());
        for (field, column) in &self.options.mapping {
            explicit.push((
                *field,
                find(column).ok_or_else(|| Error::field(ErrorCode::Config, *field))?,
            ));
        }
        let columns = auto_columns(header, &explicit);
        let mut keep = Vec::with_capacity(self.options.keep.len());
        for name in &self.options.keep {
            keep.push(find(name).ok_or_else(|| Error::new(ErrorCode::Config))?);
        }
        let identifying = |i: usize| columns.contains(&Some(i));
        let pass = (0..header.len())
            .filter(|&i| !identifying(i) || keep.contains(&i))
            .collect();
        // Optional fields (記号, 枝番) need no column for a rule to be emitted by default.
        let mapped = |f: Field| {
            matches!(f, Field::Symbol | Field::Branch)
                || columns.get(f.index()).copied().flatten().is_some()
        };
        let mut emits = Vec::new();
        if self.options.rules.is_empty() {
            for rule in Rule::BUILTIN {
                if rule.kinds().iter().all(|k| mapped(k.input())) {
                    emits.push((rule.id().to_owned(), Emit::Rule(rule)));
                }
            }
            if self.history.is_some() && Rule::INS.kinds().iter().all(|k| mapped(k.input())) {
                emits.push((HISTORY_RULE.to_owned(), Emit::History));
            }
        } else {
            for (name, rule) in &self.options.rules {
                let emit = if rule == HISTORY_RULE {
                    Emit::History
                } else {
                    Emit::Rule(self.coder.rule(rule)?)
                };
                emits.push((name.clone(), emit));
            }
        }
        Ok(Plan {
            width: keys.len(),
            columns,
            pass,
            emits,
            line_ending,
        })
    }
}

/// True for a SHA-256 digest as the manifest writes it: 64 lowercase hex digits.
pub fn is_digest(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The manifest of a run (SPEC.md §7.3): pretty JSON with members in a fixed order and no
/// timestamp, so a rerun writes the same bytes.
pub fn manifest(coder: &Coder, options: &Options, summary: &Summary) -> String {
    let format = coder.format();
    let mut by_rule: Vec<(String, Vec<(ErrorCode, usize)>)> = Vec::new();
    for (rule, counts) in &summary.by_rule {
        let slot = match by_rule.iter().position(|(r, _)| r == rule) {
            Some(i) => i,
            None => {
                by_rule.push((rule.clone(), Vec::new()));
                by_rule.len() - 1
            }
        };
        for &(code, n) in counts {
            if let Some((_, merged)) = by_rule.get_mut(slot) {
                for _ in 0..n {
                    count(merged, code);
                }
            }
        }
    }
    let counts_obj = |counts: &[(ErrorCode, usize)]| {
        let mut sorted = counts.to_vec();
        sorted.sort();
        Json::Obj(
            sorted
                .iter()
                .map(|(c, n)| (c.as_str().to_owned(), Json::Num(*n as u64)))
                .collect(),
        )
    };
    let encoding = if options.input_encoding.is_empty() {
        "utf-8"
    } else {
        options.input_encoding.as_str()
    };
    let doc = Json::Obj(vec![
        ("spec".into(), Json::Str(SPEC_VERSION.into())),
        (
            "library".into(),
            Json::Str(format!("linkcode {}", env!("CARGO_PKG_VERSION"))),
        ),
        (
            "key_fingerprint".into(),
            Json::Str(coder.key_fingerprint().into()),
        ),
        ("purpose".into(), Json::Str(coder.purpose().into())),
        (
            "encoding".into(),
            Json::Str(format.encoding.as_str().into()),
        ),
        ("truncate".into(), Json::Bool(format.truncate)),
        (
            "mapping".into(),
            Json::Obj(
                summary
                    .mapping
                    .iter()
                    .map(|(f, c)| (f.as_str().to_owned(), Json::Str(c.clone())))
                    .collect(),
            ),
        ),
        (
            "rules".into(),
            Json::Obj(
                summary
                    .rules
                    .iter()
                    .map(|(c, r)| (c.clone(), Json::Str(r.clone())))
                    .collect(),
            ),
        ),
        (
            "kept".into(),
            Json::Arr(summary.kept.iter().map(|k| Json::Str(k.clone())).collect()),
        ),
        (
            "input".into(),
            Json::Obj(vec![
                ("sha256".into(), Json::Str(summary.input_sha256.clone())),
                ("bytes".into(), Json::Num(summary.input_bytes)),
                ("encoding".into(), Json::Str(encoding.into())),
            ]),
        ),
        (
            "output".into(),
            Json::Obj(vec![
                ("sha256".into(), Json::Str(summary.output_sha256.clone())),
                ("bytes".into(), Json::Num(summary.output_bytes)),
            ]),
        ),
        (
            "records".into(),
            Json::Obj(vec![
                ("read".into(), Json::Num(summary.read as u64)),
                ("written".into(), Json::Num(summary.written as u64)),
                ("dropped".into(), Json::Num(summary.dropped as u64)),
            ]),
        ),
        (
            "rejects".into(),
            Json::Obj(vec![
                ("total".into(), Json::Num(summary.reject_lines as u64)),
                (
                    "by_rule".into(),
                    Json::Obj(
                        by_rule
                            .iter()
                            .map(|(r, c)| (r.clone(), counts_obj(c)))
                            .collect(),
                    ),
                ),
                ("dropped".into(), counts_obj(&summary.dropped_by_code)),
            ]),
        ),
    ]);
    let mut out = String::new();
    doc.write(&mut out, 0);
    out.push('\n');
    out
}

fn emit_name(emit: &Emit) -> String {
    match emit {
        Emit::Rule(rule) => rule.id().to_owned(),
        Emit::History => HISTORY_RULE.to_owned(),
    }
}

fn add(counts: &mut Vec<(ErrorCode, usize)>, code: ErrorCode, n: usize) {
    match counts.iter_mut().find(|(c, _)| *c == code) {
        Some((_, m)) => *m += n,
        None => counts.push((code, n)),
    }
}

fn count(counts: &mut Vec<(ErrorCode, usize)>, code: ErrorCode) {
    match counts.iter_mut().find(|(c, _)| *c == code) {
        Some((_, n)) => *n += 1,
        None => counts.push((code, 1)),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::CodeFormat;
    use crate::key::LinkageKey;

    fn coder() -> Coder {
        Coder::new(
            &LinkageKey::from_bytes(&[3; 32]).unwrap(),
            "csv-test",
            CodeFormat::default(),
        )
        .unwrap()
    }

    fn run(
        coder: &Coder,
        options: Options,
        input: &[u8],
        chunk: usize,
    ) -> Result<(String, String, Summary), Error> {
        let mut p = Pseudonymizer::new(coder.clone(), options, None)?;
        let (mut out, mut rej) = (Vec::new(), Vec::new());
        for part in input.chunks(chunk.max(1)) {
            let c = p.push(part)?;
            out.extend(c.output);
            rej.extend(c.rejects);
        }
        let (c, summary) = p.finish()?;
        out.extend(c.output);
        rej.extend(c.rejects);
        Ok((
            String::from_utf8(out).unwrap(),
            String::from_utf8(rej).unwrap(),
            summary,
        ))
    }

    const INPUT: &str =
        "受診日,保険者番号,被保険者証記号,被保険者証番号,枝番,生年月日,性別,備考\r\n\
        2024-01-05,06132013,１３１,６７８９０,1,S45.3.2,男,\"咳, 発熱\"\r\n\
        2024-01-06,06132014,131,67890,01,1970-03-02,1,\"複数\r\n行\"\r\n\
        2024-01-07,06132013,131\r\n\
        2024-01-08,06132013,131,67890,,19700302,9,\r\n";

    #[test]
    fn japanese_headers_map_fields_and_identifying_columns_are_replaced_by_codes() {
        let c = coder();
        let (out, rejects, summary) =
            run(&c, Options::default(), INPUT.as_bytes(), 1 << 20).unwrap();
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines[0], "受診日,備考,ins,ins_dob_sex");
        let ins = c
            .code(
                &Rule::INS,
                &Record::new()
                    .with(Field::Insurer, "06132013")
                    .with(Field::Symbol, "131")
                    .with(Field::Number, "67890")
                    .with(Field::Branch, "01"),
            )
            .unwrap();
        assert!(lines[1].starts_with(&format!(
            "2024-01-05,\"咳, 発熱\",{},",
            c.format().text(&ins)
        )));
        assert!(out.contains("2024-01-06,\"複数\r\n行\",,\r\n"), "{out}");
        assert!(out.ends_with("\r\n"));
        assert_eq!(
            rejects,
            "row,rule,field,code\r\n2,ins,insurer,E_CHECK_DIGIT\r\n2,ins_dob_sex,insurer,E_CHECK_DIGIT\r\n\
             3,,,E_CSV_FIELDS\r\n4,ins,branch,E_HOUSEHOLD\r\n4,ins_dob_sex,sex,E_SEX\r\n"
        );
        assert_eq!((summary.read, summary.written, summary.dropped), (4, 3, 1));
        assert_eq!(summary.reject_lines, 5);
        assert_eq!(
            summary.coded,
            [("ins".to_owned(), 1), ("ins_dob_sex".to_owned(), 1)]
        );
    }

    #[test]
    fn output_is_the_same_for_any_chunk_size() {
        let c = coder();
        let whole = run(&c, Options::default(), INPUT.as_bytes(), 1 << 20).unwrap();
        for size in [1, 2, 3, 7, 64] {
            assert_eq!(
                run(&c, Options::default(), INPUT.as_bytes(), size).unwrap(),
                whole,
                "chunk {size}"
            );
        }
    }

    #[test]
    fn bom_lf_eof_mark_and_invalid_bytes_are_handled() {
        let c = coder();
        let mut input = b"\xEF\xBB\xBFinsurer,number,branch,note\n06132013,1,01,a\n06132013,1,01,\xFF\n06132013,1,01,z".to_vec();
        input.push(0x1A);
        let options = Options {
            bom: true,
            ..Options::default()
        };
        let (out, rejects, summary) = run(&c, options, &input, 5).unwrap();
        assert!(out.starts_with("\u{FEFF}note,ins\n"));
        assert_eq!(out.lines().count(), 3);
        assert!(out.ends_with('\n') && !out.contains('\u{1A}'));
        assert_eq!(rejects, "row,rule,field,code\n2,,,E_CSV_ENCODING\n");
        assert_eq!((summary.read, summary.written, summary.dropped), (3, 2, 1));
    }

    #[test]
    fn parts_with_row_offsets_merge_to_the_whole_run() {
        let c = coder();
        let header_end = INPUT.find("\r\n").unwrap() + 2;
        let header = &INPUT[..header_end];
        let body = &INPUT[header_end..];
        // Split after the second record (the second holds a quoted line break).
        let second_end = body.find("行\"\r\n").unwrap() + "行\"\r\n".len();
        let (first, second) = body.split_at(second_end);
        let whole = run(&c, Options::default(), INPUT.as_bytes(), 64).unwrap();
        let a = run(
            &c,
            Options::default(),
            format!("{header}{first}").as_bytes(),
            64,
        )
        .unwrap();
        let part = Options {
            part_first_row: Some(3),
            ..Options::default()
        };
        let b = run(&c, part, format!("{header}{second}").as_bytes(), 64).unwrap();
        assert_eq!(format!("{}{}", a.0, b.0), whole.0);
        assert_eq!(format!("{}{}", a.1, b.1), whole.1);
        let mut merged = a.2.clone();
        merged.absorb(&b.2);
        assert_eq!(
            (
                merged.read,
                merged.written,
                merged.dropped,
                merged.reject_lines
            ),
            (4, 3, 1, 5)
        );
        assert_eq!(merged.by_rule, whole.2.by_rule);
        assert_eq!(merged.dropped_by_code, whole.2.dropped_by_code);
        assert_eq!(merged.coded, whole.2.coded);
    }

    #[test]
    fn an_unbalanced_quote_is_fatal() {
        let err = run(
            &coder(),
            Options::default(),
            b"insurer,number\n\"06132013,1\n1,2\n",
            4,
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::CsvQuote);
        assert_eq!(err.row(), Some(1));
        // In a part, the row counts from the part's first record.
        let part = Options {
            part_first_row: Some(40),
            ..Options::default()
        };
        let err = run(&coder(), part, b"insurer,number\n1,2\n\"06132013,1\n", 4).unwrap_err();
        assert_eq!((err.code(), err.row()), (ErrorCode::CsvQuote, Some(41)));
    }

    #[test]
    fn explicit_mapping_rules_and_kept_columns() {
        let c = coder();
        let options = Options {
            mapping: vec![(Field::Kana, "ﾌﾘｶﾞﾅ".to_owned())],
            rules: vec![("person_key".to_owned(), "kana_dob_sex".to_owned())],
            keep: vec!["生年月日".to_owned()],
            ..Options::default()
        };
        let input = "フリガナ,生年月日,性別\nヤマダ タロウ,S45.3.2,M\n";
        let (out, _, summary) = run(&c, options.clone(), input.as_bytes(), 8).unwrap();
        assert!(out.starts_with("生年月日,person_key\nS45.3.2,"), "{out}");
        assert_eq!(
            summary.rules,
            [("person_key".to_owned(), "kana_dob_sex".to_owned())]
        );
        let manifest = manifest(&c, &options, &summary);
        assert!(
            manifest.contains("\"kana\": \"フリガナ\"")
                && manifest.contains("\"person_key\": \"kana_dob_sex\""),
            "{manifest}"
        );
        let missing = Options {
            mapping: vec![(Field::Zip, "郵便番号".to_owned())],
            ..Options::default()
        };
        assert_eq!(
            run(&c, missing, input.as_bytes(), 8).unwrap_err().code(),
            ErrorCode::Config
        );
    }

    #[test]
    fn the_manifest_states_counts_and_digests_without_values() {
        let c = coder();
        let (out, _, summary) = run(&c, Options::default(), INPUT.as_bytes(), 9).unwrap();
        let m = manifest(&c, &Options::default(), &summary);
        assert!(m.contains(&format!(
            "\"sha256\": \"{}\"",
            hex(&Sha256::digest(INPUT.as_bytes()))
        )));
        assert!(m.contains(&format!(
            "\"sha256\": \"{}\"",
            hex(&Sha256::digest(out.as_bytes()))
        )));
        assert!(
            m.contains("\"read\": 4")
                && m.contains("\"dropped\": 1")
                && m.contains("\"E_CSV_FIELDS\": 1")
        );
        assert!(!m.contains("67890") && !m.contains("06132013"));
        assert_eq!(
            manifest(&c, &Options::default(), &summary),
            m,
            "no timestamps: same bytes"
        );
    }
}
