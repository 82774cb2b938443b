//! CSV reading over `csv-core` (RFC 4180: quotes, doubled quotes, CRLF or LF, a UTF-8 BOM), in
//! chunks of any size, with a clear error for a quote that is never closed.

use csv_core::{ReadRecordResult, Reader};

use crate::error::ErrorCode;

/// One record as `csv-core` leaves it: the unescaped bytes of all fields, and the end offset of
/// each field in them.
#[derive(Clone, Copy, Debug)]
pub struct RawRecord<'a> {
    bytes: &'a [u8],
    ends: &'a [usize],
    crlf: Option<bool>,
}

impl<'a> RawRecord<'a> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True for a record without fields.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The bytes of field `i`.
    pub fn field(&self, i: usize) -> &'a [u8] {
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0)
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.bytes.get(start..end).unwrap_or_default()
    }

    /// True when the input's first line ended with CRLF (`None` before any line ending).
    pub fn crlf(&self) -> Option<bool> {
        self.crlf
    }

    /// Every field as UTF-8 text, or `None` when a field has invalid bytes. The record's bytes
    /// are checked at once; a field is valid when they are and it starts and ends on character
    /// boundaries.
    pub fn texts(&self) -> Option<Vec<&'a str>> {
        let all = core::str::from_utf8(self.bytes).ok()?;
        let mut start = 0;
        let mut out = Vec::with_capacity(self.ends.len());
        for &end in self.ends {
            out.push(all.get(start..end)?);
            start = end;
        }
        Some(out)
    }
}

/// Reads records from chunks: a record may span any number of chunks.
#[derive(Debug)]
pub struct RecordReader {
    reader: Reader,
    buf: Vec<u8>,
    ends: Vec<usize>,
    nbuf: usize,
    nends: usize,
    /// Quote characters in the raw bytes of the record being read: odd at the end of the input
    /// means a quote that was never closed.
    quotes: usize,
    /// The raw bytes of the first record's terminator told us the line ending.
    crlf: Option<bool>,
    /// The last byte consumed, for a CR and LF split across chunks.
    last: Option<u8>,
    records: usize,
}

impl Default for RecordReader {
    fn default() -> Self {
        Self::new()
    }
}

impl RecordReader {
    /// A reader at the start of a CSV text (a UTF-8 BOM there is skipped).
    pub fn new() -> Self {
        RecordReader {
            reader: Reader::new(),
            buf: vec![0; 4096],
            ends: vec![0; 64],
            nbuf: 0,
            nends: 0,
            quotes: 0,
            crlf: None,
            last: None,
            records: 0,
        }
    }

    /// True when the first record ended with CRLF (known once it was read).
    pub fn crlf(&self) -> Option<bool> {
        self.crlf
    }

    /// Feeds `input`, calling `on_record` for every record it completes.
    ///
    /// # Errors
    /// Whatever `on_record` returns.
    pub fn feed<E>(
        &mut self,
        input: &[u8],
        on_record: &mut dyn FnMut(RawRecord<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.read(input, on_record)
    }

    /// Ends the input, calling `on_record` for a last record without a line ending.
    ///
    /// # Errors
    /// `Err(Ok(E_CSV_QUOTE))` when a quote was never closed (with the 0-based number of the
    /// record that holds it, as the second value), or `Err(Err(e))` from `on_record`.
    pub fn finish<E>(
        &mut self,
        on_record: &mut dyn FnMut(RawRecord<'_>) -> Result<(), E>,
    ) -> Result<(), Result<(ErrorCode, usize), E>> {
        if self.quotes % 2 == 1 {
            return Err(Ok((ErrorCode::CsvQuote, self.records)));
        }
        self.read(&[], on_record).map_err(Err)
    }

    fn read<E>(
        &mut self,
        mut input: &[u8],
        on_record: &mut dyn FnMut(RawRecord<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        loop {
            let (result, nin, nout, nend) = self.reader.read_record(
                input,
                self.buf.get_mut(self.nbuf..).unwrap_or_default(),
                self.ends.get_mut(self.nends..).unwrap_or_default(),
            );
            let consumed = input.get(..nin).unwrap_or_default();
            self.quotes += consumed.iter().filter(|&&b| b == b'"').count();
            let last = consumed.last().copied().or(self.last);
            if let Some(b) = last {
                self.last = Some(b);
            }
            input = input.get(nin..).unwrap_or_default();
            self.nbuf += nout;
            self.nends += nend;
            match result {
                ReadRecordResult::InputEmpty => return Ok(()),
                ReadRecordResult::OutputFull => self.buf.resize(self.buf.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    // csv-core ends a record at CR (of CRLF) or LF: the byte it stopped at tells.
                    if self.crlf.is_none() {
                        self.crlf = Some(last == Some(b'\r'));
                    }
                    let record = RawRecord {
                        bytes: self.buf.get(..self.nbuf).unwrap_or_default(),
                        ends: self.ends.get(..self.nends).unwrap_or_default(),
                        crlf: self.crlf,
                    };
                    (self.nbuf, self.nends, self.quotes) = (0, 0, 0);
                    self.records += 1;
                    on_record(record)?;
                }
                ReadRecordResult::End => return Ok(()),
            }
        }
    }
}

/// Every record of `text`, in order, each as its fields.
///
/// # Errors
/// `E_CSV_QUOTE` for a quote that is never closed, with the 0-based number of its record.
pub fn records(text: &str) -> Result<Vec<Vec<String>>, (usize, ErrorCode)> {
    let mut reader = RecordReader::new();
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut collect = |r: RawRecord<'_>| -> Result<(), ()> {
        out.push(
            (0..r.len())
                .map(|i| String::from_utf8_lossy(r.field(i)).into_owned())
                .collect(),
        );
        Ok(())
    };
    let _ = reader.feed(text.as_bytes(), &mut collect);
    match reader.finish(&mut collect) {
        Err(Ok((code, row))) => Err((row, code)),
        _ => Ok(out),
    }
}

/// The first record of a CSV sample (e.g. the first kilobytes of a file), whatever follows it.
pub fn first_record(text: &str) -> Option<Vec<String>> {
    let mut reader = RecordReader::new();
    let mut first = None;
    let mut take = |r: RawRecord<'_>| -> Result<(), ()> {
        first = Some(
            (0..r.len())
                .map(|i| String::from_utf8_lossy(r.field(i)).into_owned())
                .collect(),
        );
        Err(())
    };
    if reader.feed(text.as_bytes(), &mut take).is_ok() {
        // No line ending in the sample: the whole sample is the first record.
        let _ = reader.finish(&mut take);
    }
    first
}

/// Appends `cell` to `out`, quoted only when it must be (RFC 4180: a comma, quote, CR or LF).
pub fn write_cell(out: &mut Vec<u8>, cell: &str) {
    if cell
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.push(b'"');
        for b in cell.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(cell.as_bytes());
    }
}

/// Appends one record: cells joined by commas, then the line ending.
pub fn write_record<'s>(
    out: &mut Vec<u8>,
    cells: impl IntoIterator<Item = &'s str>,
    line_ending: &str,
) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_cell(out, cell);
    }
    out.extend_from_slice(line_ending.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_crlf_and_bom_are_read() {
        let text = "\u{FEFF}a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",2\n";
        let rows = records(text).unwrap();
        assert_eq!(
            rows,
            [
                vec!["a", "b"],
                vec!["x,1", "say \"hi\""],
                vec!["multi\nline", "2"]
            ]
        );
    }

    #[test]
    fn a_field_is_text_only_when_its_own_bytes_are_utf8() {
        let texts = |bytes: &[u8]| {
            let mut reader = RecordReader::new();
            let mut out = Vec::new();
            let mut take = |r: RawRecord<'_>| -> Result<(), ()> {
                out.push(r.texts().map(|t| t.join("|")));
                Ok(())
            };
            reader.feed(bytes, &mut take).unwrap();
            reader.finish(&mut take).unwrap();
            out
        };
        assert_eq!(texts("aあ,b\n".as_bytes()), [Some("aあ|b".to_owned())]);
        // "a\xE3" and "\x81\x82b" join into valid "aあb", but neither field is UTF-8.
        assert_eq!(texts(b"a\xE3,\x81\x82b\n"), [None]);
        assert_eq!(texts(b"ok,\xFF\n"), [None]);
    }

    #[test]
    fn a_quote_never_closed_is_an_error() {
        assert_eq!(records("a,b\n\"x,1\n2,3\n"), Err((1, ErrorCode::CsvQuote)));
    }

    #[test]
    fn empty_text_has_no_records_and_a_last_line_needs_no_ending() {
        assert_eq!(records(""), Ok(vec![]));
        assert_eq!(
            records("a\nb"),
            Ok(vec![vec!["a".to_owned()], vec!["b".to_owned()]])
        );
    }

    #[test]
    fn records_span_chunks_of_any_size() {
        let text = "h1,h2\r\n\"a\r\nb\",\"c\"\"d\"\r\n1,2\r\n";
        for size in 1..text.len() {
            let mut reader = RecordReader::new();
            let mut rows: Vec<Vec<String>> = Vec::new();
            let mut collect = |r: RawRecord<'_>| -> Result<(), ()> {
                rows.push(r.texts().unwrap().iter().map(|s| s.to_string()).collect());
                Ok(())
            };
            for chunk in text.as_bytes().chunks(size) {
                reader.feed(chunk, &mut collect).unwrap();
            }
            reader.finish(&mut collect).unwrap();
            assert_eq!(
                rows,
                [vec!["h1", "h2"], vec!["a\r\nb", "c\"d"], vec!["1", "2"]],
                "chunk size {size}"
            );
            assert_eq!(reader.crlf(), Some(true));
        }
    }

    #[test]
    fn the_first_record_of_a_cut_sample_is_read() {
        assert_eq!(
            first_record("a,b\r\n\"open,quote"),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            first_record("a,b"),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(first_record(""), None);
    }

    #[test]
    fn cells_are_quoted_minimally() {
        let mut out = Vec::new();
        write_record(&mut out, ["a", "b,c", "say \"hi\"", "x\ny"], "\r\n");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\r\n"
        );
    }
}
