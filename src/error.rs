//! The whole error vocabulary: stable codes, the field an error is about, and batch rejects.
//!
//! Errors never carry the input value: only the code, the field, the rule and the row.

use core::fmt;

/// A stable error code, spelled identically in Rust, TypeScript, SPEC.md and the vectors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A required field is empty after normalization.
    Empty,
    /// A number has the wrong shape (non-digits, wrong digit count).
    Format,
    /// A number's check digit (検証番号) does not match.
    CheckDigit,
    /// Control, format, private-use, surrogate, unassigned or replacement characters.
    Charset,
    /// A 記号 or 番号 longer than 38 characters.
    Length,
    /// A date in none of the accepted notations.
    DateFormat,
    /// A date that does not exist (2月30日, month 13, era year 0).
    DateInvalid,
    /// An era date before its era began, or after the next one began.
    EraRange,
    /// A valid date outside 1868-01-01 … 2199-12-31.
    DateRange,
    /// A sex that is neither male nor female in any accepted spelling.
    Sex,
    /// A kana name with characters that are not kana (kanji, digits, symbols).
    NotKana,
    /// A household-level insurance number (no 枝番) used as a person key.
    Household,
    /// A record's insurance number is in no person's history.
    NotInHistory,
    /// A record's insurance number is in the histories of several persons.
    HistoryAmbiguous,
    /// A CSV record with the wrong number of fields.
    CsvFields,
    /// A CSV quote that is never closed.
    CsvQuote,
    /// A CSV record with bytes that are invalid in the declared encoding.
    CsvEncoding,
    /// A key that is not exactly 32 bytes, or unreadable key text.
    Key,
    /// A JWK whose `kid` is not the fingerprint of its key.
    KeyMismatch,
    /// A purpose that is not `[a-z0-9][a-z0-9._-]{0,62}`.
    Purpose,
    /// An unknown or malformed rule id.
    Rule,
    /// An unknown output encoding, or a code in no accepted encoding.
    Encoding,
    /// A bad configuration: options, column shapes, value types.
    Config,
}

impl ErrorCode {
    /// Every error code, in the order of SPEC.md.
    pub const ALL: [ErrorCode; 23] = [
        ErrorCode::Empty,
        ErrorCode::Format,
        ErrorCode::CheckDigit,
        ErrorCode::Charset,
        ErrorCode::Length,
        ErrorCode::DateFormat,
        ErrorCode::DateInvalid,
        ErrorCode::EraRange,
        ErrorCode::DateRange,
        ErrorCode::Sex,
        ErrorCode::NotKana,
        ErrorCode::Household,
        ErrorCode::NotInHistory,
        ErrorCode::HistoryAmbiguous,
        ErrorCode::CsvFields,
        ErrorCode::CsvQuote,
        ErrorCode::CsvEncoding,
        ErrorCode::Key,
        ErrorCode::KeyMismatch,
        ErrorCode::Purpose,
        ErrorCode::Rule,
        ErrorCode::Encoding,
        ErrorCode::Config,
    ];

    /// The stable string name, e.g. `"E_CHECK_DIGIT"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Empty => "E_EMPTY",
            ErrorCode::Format => "E_FORMAT",
            ErrorCode::CheckDigit => "E_CHECK_DIGIT",
            ErrorCode::Charset => "E_CHARSET",
            ErrorCode::Length => "E_LENGTH",
            ErrorCode::DateFormat => "E_DATE_FORMAT",
            ErrorCode::DateInvalid => "E_DATE_INVALID",
            ErrorCode::EraRange => "E_ERA_RANGE",
            ErrorCode::DateRange => "E_DATE_RANGE",
            ErrorCode::Sex => "E_SEX",
            ErrorCode::NotKana => "E_NOT_KANA",
            ErrorCode::Household => "E_HOUSEHOLD",
            ErrorCode::NotInHistory => "E_NOT_IN_HISTORY",
            ErrorCode::HistoryAmbiguous => "E_HISTORY_AMBIGUOUS",
            ErrorCode::CsvFields => "E_CSV_FIELDS",
            ErrorCode::CsvQuote => "E_CSV_QUOTE",
            ErrorCode::CsvEncoding => "E_CSV_ENCODING",
            ErrorCode::Key => "E_KEY",
            ErrorCode::KeyMismatch => "E_KEY_MISMATCH",
            ErrorCode::Purpose => "E_PURPOSE",
            ErrorCode::Rule => "E_RULE",
            ErrorCode::Encoding => "E_ENCODING",
            ErrorCode::Config => "E_CONFIG",
        }
    }

    /// The code with this stable name, if any.
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// What the code means, in one sentence without any input value.
    pub const fn description(self) -> &'static str {
        match self {
            ErrorCode::Empty => "required value is empty",
            ErrorCode::Format => "value does not have the required form",
            ErrorCode::CheckDigit => "check digit (検証番号) does not match",
            ErrorCode::Charset => {
                "value contains a control, private-use, unassigned or replacement character"
            }
            ErrorCode::Length => "value is longer than 38 characters",
            ErrorCode::DateFormat => "date is in no accepted notation",
            ErrorCode::DateInvalid => "date does not exist in the calendar",
            ErrorCode::EraRange => "era date lies outside its era",
            ErrorCode::DateRange => "date lies outside 1868-01-01 to 2199-12-31",
            ErrorCode::Sex => "sex is not male or female in an accepted spelling",
            ErrorCode::NotKana => "kana name contains characters that are not kana",
            ErrorCode::Household => {
                "household-level insurance number (no 枝番) cannot be a person key"
            }
            ErrorCode::NotInHistory => "insurance number is in no person's history",
            ErrorCode::HistoryAmbiguous => {
                "insurance number is in the histories of several persons"
            }
            ErrorCode::CsvFields => "CSV record has the wrong number of fields",
            ErrorCode::CsvQuote => "CSV quote is never closed",
            ErrorCode::CsvEncoding => "CSV record has bytes invalid in the declared encoding",
            ErrorCode::Key => "key is not exactly 32 bytes of canonical base64url",
            ErrorCode::KeyMismatch => "JWK kid is not the fingerprint of its key",
            ErrorCode::Purpose => "purpose must match [a-z0-9][a-z0-9._-]{0,62}",
            ErrorCode::Rule => "rule is unknown or malformed",
            ErrorCode::Encoding => "encoding is unknown, or a code is in no accepted encoding",
            ErrorCode::Config => "configuration is invalid",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An input field: its name is the raw input key in every API (records, columns, CSV mapping).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Field {
    /// 保険者番号: 8 digits with check digit.
    Insurer,
    /// 被保険者証の記号 (optional).
    Symbol,
    /// 被保険者証の番号.
    Number,
    /// 枝番: 2 digits, or absent.
    Branch,
    /// 公費負担者番号: 8 digits with check digit.
    Payer,
    /// 公費受給者番号: 7 digits with check digit.
    Recipient,
    /// 医療機関コード: 10 digits with check digit.
    Facility,
    /// 診察券番号 (a clinic's patient number).
    Chart,
    /// A regional network's id.
    Network,
    /// 地域ID within a regional network.
    RegionId,
    /// 生年月日, canonical `YYYYMMDD`.
    Dob,
    /// 性別, canonical `1` (male) or `2` (female).
    Sex,
    /// カナ氏名.
    Kana,
    /// 漢字氏名.
    Kanji,
    /// 郵便番号: 7 digits.
    Zip,
}

impl Field {
    /// How many input fields there are.
    pub const COUNT: usize = 15;

    /// Every input field, in the order of SPEC.md.
    pub const ALL: [Field; Field::COUNT] = [
        Field::Insurer,
        Field::Symbol,
        Field::Number,
        Field::Branch,
        Field::Payer,
        Field::Recipient,
        Field::Facility,
        Field::Chart,
        Field::Network,
        Field::RegionId,
        Field::Dob,
        Field::Sex,
        Field::Kana,
        Field::Kanji,
        Field::Zip,
    ];

    /// The field's name, used as the raw input key (`"insurer"`, `"region_id"`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Insurer => "insurer",
            Field::Symbol => "symbol",
            Field::Number => "number",
            Field::Branch => "branch",
            Field::Payer => "payer",
            Field::Recipient => "recipient",
            Field::Facility => "facility",
            Field::Chart => "chart",
            Field::Network => "network",
            Field::RegionId => "region_id",
            Field::Dob => "dob",
            Field::Sex => "sex",
            Field::Kana => "kana",
            Field::Kanji => "kanji",
            Field::Zip => "zip",
        }
    }

    /// The field with this name, if any.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// Position in [`Field::ALL`], for dense per-field tables.
    pub const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A canonical form that rules are made of: one per input field, plus `kana_loose`, a second
/// canonical form of the `kana` input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// The canonical form of an input field.
    Plain(Field),
    /// `kana` with voicing and ー variants folded (lower precision).
    KanaLoose,
}

impl Kind {
    /// The kind's name in rules (`"insurer"`, …, `"kana_loose"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Plain(field) => field.as_str(),
            Kind::KanaLoose => "kana_loose",
        }
    }

    /// The kind with this name, if any.
    pub fn from_name(name: &str) -> Option<Kind> {
        if name == "kana_loose" {
            return Some(Kind::KanaLoose);
        }
        Field::from_name(name).map(Kind::Plain)
    }

    /// The input field the kind is read from (`kana_loose` reads `kana`).
    pub const fn input(self) -> Field {
        match self {
            Kind::Plain(field) => field,
            Kind::KanaLoose => Field::Kana,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an error or reject is about: an input field, a period date of a history entry, the
/// person key of a history row, or the history lookup of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// An input field.
    Field(Field),
    /// The `from` date of a history entry.
    From,
    /// The `to` date of a history entry.
    To,
    /// The `person` key of a history row.
    Person,
    /// The history lookup of a record (`E_NOT_IN_HISTORY`, `E_HISTORY_AMBIGUOUS`).
    History,
    /// A whole CSV record that is structurally broken (`E_CSV_FIELDS`).
    Record,
}

impl Subject {
    /// How many subjects there are.
    pub const COUNT: usize = Field::COUNT + 5;

    /// Every subject, fields first, in a stable order (the index used in packed rejects).
    pub const ALL: [Subject; Subject::COUNT] = [
        Subject::Field(Field::Insurer),
        Subject::Field(Field::Symbol),
        Subject::Field(Field::Number),
        Subject::Field(Field::Branch),
        Subject::Field(Field::Payer),
        Subject::Field(Field::Recipient),
        Subject::Field(Field::Facility),
        Subject::Field(Field::Chart),
        Subject::Field(Field::Network),
        Subject::Field(Field::RegionId),
        Subject::Field(Field::Dob),
        Subject::Field(Field::Sex),
        Subject::Field(Field::Kana),
        Subject::Field(Field::Kanji),
        Subject::Field(Field::Zip),
        Subject::From,
        Subject::To,
        Subject::Person,
        Subject::History,
        Subject::Record,
    ];

    /// The subject's name: the field name, or `from`, `to`, `person`, `history`, `record`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Subject::Field(field) => field.as_str(),
            Subject::From => "from",
            Subject::To => "to",
            Subject::Person => "person",
            Subject::History => "history",
            Subject::Record => "record",
        }
    }

    /// Position in [`Subject::ALL`].
    pub const fn index(self) -> usize {
        match self {
            Subject::Field(field) => field.index(),
            Subject::From => Field::COUNT,
            Subject::To => Field::COUNT + 1,
            Subject::Person => Field::COUNT + 2,
            Subject::History => Field::COUNT + 3,
            Subject::Record => Field::COUNT + 4,
        }
    }

    /// The input field, when the subject is one.
    pub const fn field(self) -> Option<Field> {
        match self {
            Subject::Field(field) => Some(field),
            _ => None,
        }
    }
}

impl From<Field> for Subject {
    fn from(field: Field) -> Self {
        Subject::Field(field)
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A linkcode error: a stable code, and where it applies the field, rule and row.
///
/// `Display` says what failed and where, never the input value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    field: Option<Subject>,
    rule: Option<Box<str>>,
    row: Option<usize>,
}

impl Error {
    /// An error with only a code (misuse errors such as `E_KEY`).
    pub fn new(code: ErrorCode) -> Self {
        Error {
            code,
            field: None,
            rule: None,
            row: None,
        }
    }

    /// An error about one field (or another subject: a history date, the history lookup).
    pub fn field(code: ErrorCode, field: impl Into<Subject>) -> Self {
        Error {
            code,
            field: Some(field.into()),
            rule: None,
            row: None,
        }
    }

    /// The same error, naming the rule it was raised for.
    #[must_use]
    pub fn with_rule(mut self, rule: &str) -> Self {
        self.rule = Some(rule.into());
        self
    }

    /// The same error, naming the 0-based row it was raised for.
    #[must_use]
    pub fn with_row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The input field the error is about, if it is about one.
    pub fn field_kind(&self) -> Option<Field> {
        self.field.and_then(Subject::field)
    }

    /// What the error is about: a field, a history date, the history lookup.
    pub fn subject(&self) -> Option<Subject> {
        self.field
    }

    /// The rule the error was raised for, if any.
    pub fn rule(&self) -> Option<&str> {
        self.rule.as_deref()
    }

    /// The 0-based row the error was raised for, if any.
    pub fn row(&self) -> Option<usize> {
        self.row
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.code.description())?;
        let mut sep = " (";
        if let Some(field) = self.field {
            write!(f, "{sep}field {field}")?;
            sep = ", ";
        }
        if let Some(rule) = &self.rule {
            write!(f, "{sep}rule {rule}")?;
            sep = ", ";
        }
        if let Some(row) = self.row {
            write!(f, "{sep}row {row}")?;
            sep = ", ";
        }
        if sep == ", " {
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// One failing field of one batch row (or history entry): data, not an exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Reject {
    /// 0-based row within the batch (index within the input list for histories).
    pub row: usize,
    /// The failing field, date or lookup.
    pub field: Subject,
    /// Why it failed.
    pub code: ErrorCode,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_list_every_field_first_and_index_their_position() {
        for (i, subject) in Subject::ALL.iter().enumerate() {
            assert_eq!(subject.index(), i);
        }
        for field in Field::ALL {
            assert_eq!(Subject::ALL[field.index()], Subject::Field(field));
        }
    }

    #[test]
    fn messages_name_code_field_rule_and_row_only() {
        let e = Error::field(ErrorCode::CheckDigit, Field::Insurer)
            .with_rule("ins")
            .with_row(3);
        assert_eq!(
            e.to_string(),
            "E_CHECK_DIGIT: check digit (検証番号) does not match (field insurer, rule ins, row 3)"
        );
        assert_eq!(
            Error::new(ErrorCode::Key).to_string(),
            "E_KEY: key is not exactly 32 bytes of canonical base64url"
        );
    }
}
