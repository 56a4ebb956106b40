//! Dataset files as articles: each row of a `.csv` or `.tsv` file, each
//! line of a `.jsonl` file, each object of a `.json` list is one article.
//! Which column holds the text (and the id, title, date, address, outlet,
//! author) is found by name or chosen by the user ([`Columns`]); a row
//! that gives no article is reported ([`RowSkip`]) rather than failing the
//! file.
//!
//! A row's text is its text cell with CRLF and lone CR turned into LF and
//! trailing whitespace removed; nothing else changes, since every offset
//! counts code points of it. A row is keyed by its id cell (trimmed), or by
//! its 1-based number, so that a document id `FILE#KEY` stays the same as
//! long as the file's rows do.
//!
//! A UTF-8 file is parsed where it lies, one record at a time: a large file
//! costs about its own size again in rows, not a decoded copy as well.

mod bytes;
mod columns;
mod delimited;
mod error;
mod json;
mod kind;
mod model;
mod rows;
#[cfg(test)]
mod tests;

pub use columns::Columns;
pub use error::DatasetError;
pub use kind::DatasetKind;
pub use model::{Dataset, Row, RowSkip};

/// Reads a dataset file's bytes; `chosen` names the columns the user chose
/// (each `Some` must be in the header), the rest are detected.
pub fn read_dataset(
    bytes: &[u8],
    kind: DatasetKind,
    chosen: &Columns,
) -> Result<Dataset, DatasetError> {
    read_dataset_with(bytes, kind, chosen, |_| true)
}

/// [`read_dataset`], calling `on_row` with the number of rows (JSON Lines:
/// lines) read so far after each one; when it returns `false` reading stops
/// with [`DatasetError::Cancelled`].
pub fn read_dataset_with(
    bytes: &[u8],
    kind: DatasetKind,
    chosen: &Columns,
    mut on_row: impl FnMut(usize) -> bool,
) -> Result<Dataset, DatasetError> {
    let json = matches!(kind, DatasetKind::Json | DatasetKind::Jsonl);
    let input = bytes::prepare(bytes, json)?;
    match kind {
        DatasetKind::Csv => delimited::read(&input, b',', chosen, &mut on_row),
        DatasetKind::Tsv => delimited::read(&input, b'\t', chosen, &mut on_row),
        DatasetKind::Jsonl => json::read_lines(&input, chosen, &mut on_row),
        DatasetKind::Json => json::read_document(&input, chosen, &mut on_row),
    }
}
