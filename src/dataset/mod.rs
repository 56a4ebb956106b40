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
mod rows;
#[cfg(test)]
mod tests;

pub use columns::Columns;
pub use error::DatasetError;
pub use kind::DatasetKind;

use columns::Positions;

/// One article of a dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The id cell, trimmed and on one line, or the row's 1-based number
    /// (data row; line of a JSON Lines file; item of a JSON list) when the
    /// row has no id. Unique within the file.
    pub key: String,
    /// The document's text: LF line ends, no trailing whitespace, never
    /// empty.
    pub text: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
}

/// A row that gives no article, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowSkip {
    /// The 1-based data row (the header not counted); the line of a JSON
    /// Lines file; the item of a JSON list.
    pub row: usize,
    pub reason: String,
}

/// A dataset file read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dataset {
    /// The column names: a CSV's first row, the keys of a JSON file's
    /// objects in the order first seen, LIAR's names for its headerless TSV.
    pub header: Vec<String>,
    /// The columns used: those detected, with the chosen ones in their place.
    pub columns: Columns,
    pub rows: Vec<Row>,
    pub skipped: Vec<RowSkip>,
    /// The legacy encoding the file was decoded from; `None` for UTF-8.
    pub encoding: Option<&'static str>,
}

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

/// The columns to use and where they are, or why the header will not do.
fn resolve(header: &[String], chosen: &Columns) -> Result<(Columns, Positions), DatasetError> {
    if let Some(unknown) = chosen
        .named()
        .find(|name| !header.iter().any(|h| h == name))
    {
        return Err(DatasetError::UnknownColumn(unknown.to_owned()));
    }
    let columns = Columns::merged(&Columns::detect(header), chosen);
    let positions = Positions::of(&columns, header).ok_or_else(|| DatasetError::NoTextColumn {
        header: header.to_vec(),
    })?;
    Ok((columns, positions))
}
