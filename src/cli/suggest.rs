//! `crosscheck suggest`: sentences of other articles that most likely bear
//! on a claim.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::hits::{Line, doc_id, json_line, message, text_line, write_lines};
use super::open::open_any;
use super::output::CliResult;
use crate::project::ClaimId;
use crate::search::{Index, Ranking, SearchError};

/// Sentences of other articles that most likely bear on a claim (BM25
/// over sentences; shared figures, names and dates count more).
#[derive(Debug, Args)]
#[command(after_help = SUGGEST_HELP)]
pub struct SuggestCommand {
    /// The project file (or a corpus folder, with --text).
    pub project: PathBuf,
    /// The claim (its id in the project); its own article is left out.
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "text",
        conflicts_with = "text"
    )]
    pub claim: Option<String>,
    /// Any claim text, searched in every article.
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// Most sentences listed.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Print JSON Lines.
    #[arg(long)]
    pub json: bool,
    /// Plain Okapi BM25 (k1 1.2, b 0.75), without counting figures and names up.
    #[arg(long)]
    pub plain: bool,
}

impl SuggestCommand {
    pub(super) fn run(&self) -> CliResult {
        suggest(
            &self.project,
            self.claim.as_deref(),
            self.text.as_deref(),
            self.top,
            self.json,
            self.plain,
        )
    }
}

const SUGGEST_HELP: &str = "\
With --json, one line per sentence: {\"doc\", \"start\", \"end\", \"text\", \"score\",
\"matches\"}, offsets in code points. Nothing is labelled or linked.

Examples:
  crosscheck suggest project.ron --claim c0123456789abcdef --top 5
  crosscheck suggest project.ron --text 'No officers were deployed' --json";

fn suggest(
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
