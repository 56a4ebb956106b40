//! Pre-annotations from JSON Lines, one claim a line:
//!
//! ```json
//! {"doc": "a.txt", "start": 12, "end": 40, "label": "contradicts",
//!  "quote": "optional", "note": "optional", "annotator": "optional",
//!  "evidence": [{"doc": "b.txt", "start": 3, "end": 50, "label": "agrees"}]}
//! ```
//!
//! All or nothing: one bad line refuses the whole file, and every bad line is
//! named, so a model's output can be fixed in one pass. The result is one
//! [`Edit::Batch`], so the window can undo an import as a single step.

use std::collections::HashSet;

use serde::Deserialize;

use crate::corpus::{Corpus, Document};
use crate::project::{Claim, ClaimId, Edit, Evidence, Project, Span, new_id, now_timestamp};

/// How many bad lines an error message lists before "and N more".
pub const MAX_LISTED_ERRORS: usize = 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    doc: String,
    start: usize,
    end: usize,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    quote: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    annotator: Option<String>,
    #[serde(default)]
    evidence: Vec<LineEvidence>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineEvidence {
    doc: String,
    start: usize,
    end: usize,
    /// The relation to the claim.
    label: String,
    #[serde(default)]
    quote: Option<String>,
    #[serde(default)]
    annotator: Option<String>,
}

/// A bad line: its number (from 1) and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// `errors` holds the first [`MAX_LISTED_ERRORS`] bad lines; `bad_lines`
    /// counts them all.
    #[error("{}", refusal_message(.errors, *.bad_lines))]
    Refused {
        errors: Vec<LineError>,
        bad_lines: usize,
    },
}

fn refusal_message(errors: &[LineError], bad_lines: usize) -> String {
    let plural = if bad_lines == 1 { "" } else { "s" };
    let mut text = format!("{bad_lines} bad line{plural}; nothing was imported");
    for error in errors {
        text.push_str("\n  ");
        text.push_str(&error.to_string());
    }
    if bad_lines > errors.len() {
        text.push_str(&format!("\n  and {} more", bad_lines - errors.len()));
    }
    text
}

/// What an import would do: apply `edit` to the project to carry it out
/// (its inverse undoes the whole import).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPlan {
    /// An [`Edit::Batch`] of [`Edit::AddClaim`]s.
    pub edit: Edit,
    pub added: usize,
    /// Lines skipped because the project (or an earlier line) already has a
    /// claim with the same document, offsets, label and annotator.
    pub duplicates: usize,
}

/// (doc, start, end, label, annotator): what makes an imported claim the same
/// as one already there, so importing a file twice adds nothing.
pub(super) type ClaimKey = (String, usize, usize, Option<String>, String);

pub(super) fn key_of(claim: &Claim) -> ClaimKey {
    (
        claim.span.doc.clone(),
        claim.span.start,
        claim.span.end,
        claim.label.clone(),
        claim.annotator.clone(),
    )
}

/// Checks every line of `text` against the corpus and the project's labels
/// and plans the claims to add. Claims without an `annotator` get
/// `default_annotator`. Blank lines are ignored.
pub fn import_jsonl(
    project: &Project,
    corpus: &Corpus,
    text: &str,
    default_annotator: &str,
) -> Result<ImportPlan, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let now = now_timestamp();
    let mut seen: HashSet<ClaimKey> = project.claims().iter().map(key_of).collect();
    let mut edits = Vec::new();
    let mut duplicates = 0;
    let mut errors = Vec::new();
    let mut bad_lines = 0;

    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match claim_from_line(project, corpus, line, default_annotator, &now) {
            Ok(claim) => {
                // Once a line is bad no edit will be applied; keep checking
                // only to report every bad line.
                if bad_lines > 0 {
                    continue;
                }
                if seen.insert(key_of(&claim)) {
                    edits.push(Edit::AddClaim(Box::new(claim)));
                } else {
                    duplicates += 1;
                }
            }
            Err(reason) => {
                bad_lines += 1;
                if errors.len() < MAX_LISTED_ERRORS {
                    errors.push(LineError {
                        line: index + 1,
                        reason,
                    });
                }
            }
        }
    }
    if bad_lines > 0 {
        return Err(ImportError::Refused { errors, bad_lines });
    }
    Ok(ImportPlan {
        added: edits.len(),
        edit: Edit::Batch(edits),
        duplicates,
    })
}

fn claim_from_line(
    project: &Project,
    corpus: &Corpus,
    line: &str,
    default_annotator: &str,
    now: &str,
) -> Result<Claim, String> {
    let line: Line = serde_json::from_str(line).map_err(|e| format!("not a valid claim: {e}"))?;
    // "" is how the exports write "no label", so accept it back as that.
    let label = line.label.filter(|l| !l.is_empty());
    if let Some(label) = &label {
        check_label(project, label)?;
    }
    let span = span_at(
        corpus,
        &line.doc,
        line.start,
        line.end,
        line.quote.as_deref(),
    )?;
    let annotator = line
        .annotator
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| default_annotator.to_owned());
    let mut claim = Claim::new(span, label, &annotator, now);
    claim.note = line.note.unwrap_or_default();
    for (i, ev) in line.evidence.into_iter().enumerate() {
        let context = |e: String| format!("evidence {}: {e}", i + 1);
        check_label(project, &ev.label).map_err(context)?;
        let span =
            span_at(corpus, &ev.doc, ev.start, ev.end, ev.quote.as_deref()).map_err(context)?;
        claim.evidence.push(Evidence {
            id: new_id("e"),
            span,
            relation: ev.label,
            annotator: ev
                .annotator
                .filter(|a| !a.is_empty())
                .unwrap_or_else(|| annotator.clone()),
            created: now.to_owned(),
        });
    }
    // Random ids cannot collide in practice; this keeps a collision from
    // failing the whole batch.
    while project.claims().contains(&claim.id) {
        claim.id = ClaimId(new_id("c"));
    }
    Ok(claim)
}

fn check_label(project: &Project, label: &str) -> Result<(), String> {
    if project.label(label).is_some() {
        return Ok(());
    }
    let known: Vec<&str> = project.labels().iter().map(|l| l.id.as_str()).collect();
    Err(format!(
        "unknown label {label:?} (this project has {})",
        known.join(", ")
    ))
}

fn span_at(
    corpus: &Corpus,
    doc_id: &str,
    start: usize,
    end: usize,
    quote: Option<&str>,
) -> Result<Span, String> {
    let doc: &Document = corpus
        .get(doc_id)
        .ok_or_else(|| format!("no document {doc_id:?} in the corpus"))?;
    if start >= end {
        return Err(format!(
            "start {start} must be less than end {end} (offsets are code points, end exclusive)"
        ));
    }
    if end > doc.char_len() {
        return Err(format!(
            "end {end} is past the end of {doc_id:?}, which has {} code points",
            doc.char_len()
        ));
    }
    let span = Span::from_document(doc, start, end)
        .ok_or_else(|| format!("{start}..{end} is not a span of {doc_id:?}"))?;
    if let Some(quote) = quote
        && quote != span.quote
    {
        return Err(format!(
            "quote {:?} does not match the text at {start}..{end} of {doc_id:?}, which is {:?}",
            shorten(quote),
            shorten(&span.quote)
        ));
    }
    Ok(span)
}

/// Long quotes cut down for an error message.
fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(MAX).collect();
    short.push('…');
    short
}
