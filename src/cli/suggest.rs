//! `crosscheck suggest`: sentences of other articles that most likely bear
//! on a claim.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::hits::{Line, doc_id, json_line, message, text_line, write_lines};
use super::open::open_any;
use super::output::CliResult;
use crate::project::ClaimId;
use crate::search::semantic::{SemanticIndex, StaticModel};
use crate::search::{BuildProgress, Index, MEANING_WEIGHT, Ranking, SearchError, SuggestOptions};

/// Sentences of other articles that most likely bear on a claim: BM25
/// over sentences (every form of a word; shared figures, names and dates
/// count more) fused with a ranking by meaning, the best sentence of each
/// article.
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
    /// Plain Okapi BM25 (k1 1.2, b 0.75), without counting figures and
    /// names up, nor meaning (implies --lexical).
    #[arg(long)]
    pub plain: bool,
    /// Shared words alone: no ranking by meaning.
    #[arg(long)]
    pub lexical: bool,
    /// Most sentences of one article (0: any number).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub per_article: usize,
    /// With --claim, search the claim's own article too.
    #[arg(long)]
    pub include_own: bool,
    /// What a rank by meaning counts beside a rank by shared words (1).
    #[arg(long, value_name = "W", default_value_t = MEANING_WEIGHT)]
    pub meaning_weight: f32,
}

impl SuggestCommand {
    pub(super) fn run(&self) -> CliResult {
        suggest(self)
    }
}

const SUGGEST_HELP: &str = "\
With --json, one line per sentence: {\"doc\", \"start\", \"end\", \"text\", \"score\",
\"matches\", \"meaning\", \"by_meaning\"}, offsets in code points; \"matches\" are
the claim's words in it (any form), \"meaning\" its cosine similarity to the
claim, \"by_meaning\" true when meaning ranked it above shared words. Nothing
is labelled or linked. docs/evidence-and-search.md explains the ranking.

Examples:
  crosscheck suggest project.ron --claim c0123456789abcdef --top 5
  crosscheck suggest project.ron --text 'No officers were deployed' --json
  crosscheck suggest corpus/ --text 'No officers were deployed' --lexical --per-article 0";

fn suggest(cmd: &SuggestCommand) -> CliResult {
    let SuggestCommand {
        project,
        claim,
        text,
        top,
        json,
        plain,
        lexical,
        per_article,
        include_own,
        meaning_weight,
    } = cmd;
    let (claim, text, top, json) = (claim.as_deref(), text.as_deref(), *top, *json);
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
    let ranking = if *plain {
        Ranking::Plain
    } else {
        Ranking::Claim
    };
    let index = Index::build(docs);
    let model = if *plain || *lexical {
        None
    } else {
        StaticModel::shipped()
    };
    let semantic = model.and_then(|m| {
        SemanticIndex::build(m, docs, index.units(), &BuildProgress::default()).map(|s| (m, s))
    });
    let options = SuggestOptions {
        exclude: if *include_own { None } else { exclude },
        top,
        per_article: (*per_article > 0).then_some(*per_article),
        ranking,
        meaning: semantic.as_ref().map(|(m, s)| (*m, s)),
        meaning_weight: *meaning_weight,
    };
    let found = index
        .suggest_with(docs, &claim_text, &options)
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
            meaning: s.meaning,
            by_meaning: s.by_meaning,
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
