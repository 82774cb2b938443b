//! CSV reading over `csv-core` (RFC 4180: quotes, doubled quotes, CRLF or LF, a UTF-8 BOM):
//! records of a whole text, with a clear error for a quote that is never closed.

use csv_core::{ReadRecordResult, Reader};

use crate::error::ErrorCode;

/// Every record of `text`, in order, each as its fields. A record whose raw bytes hold an odd
/// number of quote characters swallowed the rest of the file into one quoted field:
/// `E_CSV_QUOTE`, with the 0-based number of that record.
pub fn records(text: &str) -> Result<Vec<Vec<String>>, (usize, ErrorCode)> {
    let mut reader = Reader::new();
    let mut input = text.as_bytes();
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1024];
    let mut ends = vec![0usize; 16];
    let (mut nbuf, mut nends, mut quotes) = (0usize, 0usize, 0usize);
    loop {
        let (result, nin, nout, nend) = reader.read_record(
            input,
            buf.get_mut(nbuf..).unwrap_or_default(),
            ends.get_mut(nends..).unwrap_or_default(),
        );
        quotes += input
            .get(..nin)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b == b'"')
            .count();
        input = input.get(nin..).unwrap_or_default();
        nbuf += nout;
        nends += nend;
        match result {
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::OutputFull => buf.resize(buf.len() * 2, 0),
            ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            ReadRecordResult::Record | ReadRecordResult::End => {
                let done = matches!(result, ReadRecordResult::End);
                if done && nends == 0 {
                    if quotes % 2 == 1 {
                        return Err((out.len(), ErrorCode::CsvQuote));
                    }
                    return Ok(out);
                }
                if quotes % 2 == 1 {
                    return Err((out.len(), ErrorCode::CsvQuote));
                }
                let bytes = buf.get(..nbuf).unwrap_or_default();
                let mut start = 0;
                let mut fields = Vec::with_capacity(nends);
                for &end in ends.get(..nends).unwrap_or_default() {
                    fields.push(
                        String::from_utf8_lossy(bytes.get(start..end).unwrap_or_default())
                            .into_owned(),
                    );
                    start = end;
                }
                out.push(fields);
                (nbuf, nends, quotes) = (0, 0, 0);
                if done {
                    return Ok(out);
                }
            }
        }
    }
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
    fn a_quote_never_closed_is_an_error() {
        assert_eq!(records("a,b\n\"x,1\n2,3\n"), Err((1, ErrorCode::CsvQuote)));
    }

    #[test]
    fn empty_text_has_no_records() {
        assert_eq!(records(""), Ok(vec![]));
    }
}
