//! What `search` and `suggest` share: one hit a line, as JSON Lines for
//! pipelines or as text for people, offsets in code points.

use std::fmt::Write as _;
use std::io::Write as _;

use serde::Serialize;

use super::output::{Failure, stdout_failure};
use crate::corpus::Document;
use crate::search::SearchError;
use crate::text::terminal::safe;

/// One line of `--json` output.
#[derive(Serialize)]
pub(super) struct Line<'a> {
    pub doc: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub score: f32,
    /// search: occurrences of the query in the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hits: Option<usize>,
    /// The matched words, code point ranges in the document.
    pub matches: &'a [(usize, usize)],
    /// suggest: cosine similarity to the claim, when ranked by meaning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<f32>,
    /// suggest: meaning placed it higher than shared words did.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub by_meaning: bool,
}

pub(super) fn message(e: SearchError) -> Failure {
    Failure::Message(e.to_string())
}

/// Writes lines one at a time so `| head -1` stops the command early; a
/// reader that left is [`Failure::Closed`], not a panic.
pub(super) fn write_lines(lines: impl Iterator<Item = String>) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    for line in lines {
        out.write_all(line.as_bytes()).map_err(stdout_failure)?;
    }
    out.flush().map_err(stdout_failure)
}

pub(super) fn json_line(line: &Line) -> String {
    let mut s = serde_json::to_string(line).unwrap_or_default();
    s.push('\n');
    s
}

/// A line for people: score, where, and the text on one line.
pub(super) fn text_line(line: &Line) -> String {
    let mut s = format!(
        "{:.3}\t{}:{}-{}",
        line.score,
        safe(line.doc),
        line.start,
        line.end
    );
    if let Some(h) = line.hits {
        let _ = write!(s, "\t{h} hit{}", if h == 1 { "" } else { "s" });
    }
    if line.by_meaning {
        s.push_str("\tsimilar meaning");
    }
    // Line breaks become spaces (one hit a line); anything else that could
    // drive the terminal is escaped.
    let flat: String = line
        .text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let _ = writeln!(s, "\t{}", safe(&flat));
    s
}

pub(super) fn doc_id(docs: &[Document], i: usize) -> &str {
    docs.get(i).map_or("", |d| d.id.as_str())
}
