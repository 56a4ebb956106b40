//! What a dataset file gives: its rows as articles, what was left out.

use super::columns::Columns;

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
