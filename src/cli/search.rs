//! `crosscheck search`: documents holding every word and phrase, best first.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::hits::{Line, doc_id, json_line, message, text_line, write_lines};
use super::open::open_any;
use super::output::CliResult;
use crate::search::Index;

/// Search the corpus: documents holding every word and "exact phrase",
/// best first (BM25), one line each with its best sentence.
#[derive(Debug, Args)]
#[command(after_help = SEARCH_HELP)]
pub struct SearchCommand {
    /// The project file (or a corpus folder).
    pub project: PathBuf,
    /// Words (all must occur) and "exact phrases".
    pub query: String,
    /// Most documents listed.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON Lines.
    #[arg(long)]
    pub json: bool,
}

impl SearchCommand {
    pub(super) fn run(&self) -> CliResult {
        search(&self.project, &self.query, self.limit, self.json)
    }
}

const SEARCH_HELP: &str = "\
With --json, one line per document: {\"doc\", \"start\", \"end\", \"text\", \"score\",
\"hits\", \"matches\"}; start/end (code points, end exclusive) are the sentence
holding most of the query, matches the matched words in it. Matching ignores
case, accents and width. No lines (exit 0) when nothing matches.

Examples:
  crosscheck search project.ron 'Hampshire \"firearms officers\"'
  crosscheck search project.ron deployed --json --limit 5 | jq .doc";

fn search(project: &Path, query: &str, limit: usize, json: bool) -> CliResult {
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
            meaning: None,
            by_meaning: false,
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
