//! CSV and TSV: the first row is the header (unless the file is LIAR's
//! headerless TSV), every later row one article. Read with the `csv` crate
//! straight from the file's bytes, one record at a time.
//!
//! The `csv` crate is lenient rather than failing: with `flexible` a row may
//! have any number of cells, a quote inside an unquoted cell is kept as a
//! character, and text after a closing quote is appended to the cell. Read
//! as bytes from memory it reports no error at all in practice; should it,
//! the row is skipped with the error and reading goes on. The one damage
//! it cannot undo is a quote opened and never closed: the rest of the file
//! becomes that cell (one long row, not many wrong ones).

use csv::{ByteRecord, ReaderBuilder};

use super::bytes::Input;
use super::columns::{Columns, resolve};
use super::error::DatasetError;
use super::model::Dataset;
use super::rows::{Cell, Collector, RawRow};

/// LIAR's columns (Wang 2017, `train.tsv`), which its files do not name.
const LIAR: &[&str] = &[
    "id",
    "label",
    "statement",
    "subject",
    "speaker",
    "speaker_job",
    "state",
    "party",
    "barely_true_counts",
    "false_counts",
    "half_true_counts",
    "mostly_true_counts",
    "pants_on_fire_counts",
    "context",
];

/// Reads delimited rows. Ragged rows are kept (missing cells are none,
/// extra cells ignored).
pub(crate) fn read(
    input: &Input<'_>,
    delimiter: u8,
    chosen: &Columns,
    on_row: &mut dyn FnMut(usize) -> bool,
) -> Result<Dataset, DatasetError> {
    let bytes: &[u8] = &input.bytes;
    let liar = if delimiter == b'\t' {
        liar_header(first_line(bytes))
    } else {
        None
    };
    // LIAR's statements quote freely and never span cells, so its files are
    // read unquoted; other files may quote a cell holding tabs or newlines.
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .quoting(liar.is_none())
        .from_reader(bytes);
    let mut record = ByteRecord::new();
    let header = match liar {
        Some(header) => header,
        None => match reader.read_byte_record(&mut record) {
            Ok(true) => record
                .iter()
                .map(|name| input.cell(name).trim().to_owned())
                .collect(),
            Ok(false) => return Err(DatasetError::NotADataset("the file is empty".into())),
            Err(e) => return Err(DatasetError::NotADataset(format!("no header row: {e}"))),
        },
    };
    let (columns, at) = resolve(&header, chosen)?;
    let mut out = Collector::default();
    let mut number = 0;
    loop {
        let before = reader.position().byte();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                number += 1;
                let cell = |i: Option<usize>| match i.and_then(|i| record.get(i)) {
                    Some(b) => Cell::Text(input.cell(b)),
                    None => Cell::Absent,
                };
                out.push(
                    number,
                    RawRow {
                        text: cell(Some(at.text)),
                        id: cell(at.id),
                        title: cell(at.title),
                        date: cell(at.date),
                        url: cell(at.url),
                        outlet: cell(at.outlet),
                        author: cell(at.author),
                    },
                );
            }
            Err(e) => {
                number += 1;
                out.skip(number, &format!("not read: {e}"));
                // Reading from memory only fails on a record it has moved
                // past; should one not move, stop rather than loop.
                if reader.position().byte() == before {
                    break;
                }
            }
        }
        if !on_row(number) {
            return Err(DatasetError::Cancelled);
        }
    }
    Ok(Dataset {
        header,
        columns,
        rows: out.rows,
        skipped: out.skipped,
        encoding: input.encoding,
    })
}

fn first_line(bytes: &[u8]) -> &[u8] {
    let end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    bytes.get(..end).unwrap_or_default()
}

/// LIAR's column names when a TSV's first line is a LIAR row (its first
/// cell a statement file name such as `2635.json`), padded for any extra
/// columns; LIAR-PLUS's files put a row number first and a justification
/// last.
fn liar_header(line: &[u8]) -> Option<Vec<String>> {
    let cells: Vec<&[u8]> = line.split(|&b| b == b'\t').collect();
    let plus = match cells.as_slice() {
        [first, ..] if is_statement_file(first) => false,
        [first, second, ..] if is_number(first) && is_statement_file(second) => true,
        _ => return None,
    };
    let mut names: Vec<String> = Vec::with_capacity(cells.len());
    if plus {
        names.push("row".into());
    }
    names.extend(LIAR.iter().map(|s| s.to_string()));
    if plus {
        names.push("justification".into());
    }
    for i in names.len()..cells.len() {
        names.push(format!("column {}", i + 1));
    }
    Some(names)
}

fn is_number(cell: &[u8]) -> bool {
    !cell.is_empty() && cell.iter().all(u8::is_ascii_digit)
}

fn is_statement_file(cell: &[u8]) -> bool {
    cell.strip_suffix(b".json").is_some_and(is_number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liar_rows_are_recognised() {
        let liar = liar_header(b"2635.json\tfalse\tSays the Annies List...\tabortion\r").unwrap();
        assert_eq!(liar.len(), LIAR.len());
        assert_eq!(liar[2], "statement");
        let plus = liar_header(b"0\t2635.json\tfalse\tSays").unwrap();
        assert_eq!(plus[1], "id");
        assert_eq!(plus.last().map(String::as_str), Some("justification"));
        assert_eq!(liar_header(b"id\tlabel\tstatement"), None);
        assert_eq!(liar_header(b".json\tx"), None);
        assert_eq!(liar_header(b""), None);
    }
}
