//! `crosscheck search` and `crosscheck suggest`: the corpus index for
//! pipelines. JSON Lines, one hit a line, offsets in code points.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::{CliResult, Failure, open, stdout_failure};
use crate::corpus::Document;
use crate::project::ClaimId;
use crate::search::{Index, Ranking, SearchError};

/// One line of `--json` output.
#[derive(Serialize)]
struct Line<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    score: f32,
    /// search: occurrences of the query in the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    hits: Option<usize>,
    /// The matched words, code point ranges in the document.
    matches: &'a [(usize, usize)],
}

fn message(e: SearchError) -> Failure {
    Failure::Message(e.to_string())
}

/// Writes lines one at a time so `| head -1` stops the command early; a
/// reader that left is [`Failure::Closed`], not a panic.
fn write_lines(lines: impl Iterator<Item = String>) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    for line in lines {
        out.write_all(line.as_bytes()).map_err(stdout_failure)?;
    }
    out.flush().map_err(stdout_failure)
}

fn json_line(line: &Line) -> String {
    let mut s = serde_json::to_string(line).unwrap_or_default();
    s.push('\n');
    s
}

/// A line for people: score, where, and the text on one line.
fn text_line(line: &Line) -> String {
    let mut s = format!(
        "{:.3}\t{}:{}-{}",
        line.score, line.doc, line.start, line.end
    );
    if let Some(h) = line.hits {
        let _ = write!(s, "\t{h} hit{}", if h == 1 { "" } else { "s" });
    }
    let flat: String = line
        .text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let _ = writeln!(s, "\t{flat}");
    s
}

/// A project file, or a corpus folder read as it is (nothing is written).
fn open_any(path: &Path) -> Result<crate::workspace::Workspace, Failure> {
    if path.is_dir() {
        crate::workspace::Workspace::open_path(path, &crate::corpus::Progress::default())
            .map_err(|e| Failure::Message(e.to_string()))
    } else {
        open(path).map_err(Failure::Message)
    }
}

fn doc_id(docs: &[Document], i: usize) -> &str {
    docs.get(i).map_or("", |d| d.id.as_str())
}

pub(super) fn search(project: &Path, query: &str, limit: usize, json: bool) -> CliResult {
    let ws = open_any(project)?;
    let docs = &ws.corpus.documents;
    let index = Index::build(docs);
    let result = index.search_text(docs, query, limit).map_err(message)?;
    let lines = result.hits.iter().map(|h| {
        let line = Line {
            doc: doc_id(docs, h.doc),
            start: h.start,
            end: h.end,
            text: docs[h.doc].slice(h.start, h.end).unwrap_or_default(),
            score: h.score,
            hits: Some(h.hits),
            matches: &h.snippet.marks,
        };
        if json {
            json_line(&line)
        } else {
            text_line(&line)
        }
    });
    write_lines(lines)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn suggest(
    project: &Path,
    claim: Option<&str>,
    text: Option<&str>,
    top: usize,
    json: bool,
    plain: bool,
) -> CliResult {
    let ws = open_any(project)?;
    let docs = &ws.corpus.documents;
    let (claim_text, exclude) = match (claim, text) {
        (Some(id), _) => {
            let c = ws
                .project
                .claims()
                .get(&ClaimId(id.to_owned()))
                .ok_or_else(|| message(SearchError::NoSuchClaim(id.to_owned())))?;
            let exclude = ws.corpus.position(&c.span.doc);
            let text = exclude
                .and_then(|i| docs[i].slice(c.span.start, c.span.end))
                .unwrap_or(&c.span.quote)
                .to_owned();
            (text, exclude)
        }
        (None, Some(t)) => (t.to_owned(), None),
        // clap requires one of them.
        (None, None) => return Err(message(SearchError::EmptyClaim)),
    };
    let ranking = if plain {
        Ranking::Plain
    } else {
        Ranking::Claim
    };
    let index = Index::build(docs);
    let found = index
        .suggest(docs, &claim_text, exclude, top, ranking)
        .map_err(message)?;
    let lines = found.iter().map(|s| {
        let line = Line {
            doc: doc_id(docs, s.doc),
            start: s.start,
            end: s.end,
            text: &s.text,
            score: s.score,
            hits: None,
            matches: &s.marks,
        };
        if json {
            json_line(&line)
        } else {
            text_line(&line)
        }
    });
    write_lines(lines)?;
    Ok(ExitCode::SUCCESS)
}
