//! Adjudication: other annotators' files over the same corpus read and
//! compared, and each disagreement decided into the gold project (accept
//! one version, both, or reject) as one undoable edit. The window's
//! File › Compare with… runs this on a worker and draws the result.

use std::path::{Path, PathBuf};

use super::compare::{Comparison, Disagreement};
use super::{Annotator, Report};
use crate::corpus::Corpus;
use crate::project::{self, Claim, ClaimId, Edit, Evidence, Project};

/// One compared file.
pub struct Compared {
    pub name: String,
    pub path: PathBuf,
    pub project: Project,
}

/// The files compared and what comparing them found.
pub struct Adjudication {
    pub files: Vec<Compared>,
    pub comparison: Comparison,
    pub report: Option<Report>,
    /// What loading found (re-anchored documents, detached spans).
    pub notes: Vec<String>,
}

impl Adjudication {
    pub fn claim(&self, annotator: usize, id: &ClaimId) -> Option<&Claim> {
        self.files.get(annotator)?.project.claims().get(id)
    }

    /// `annotator:claim` references of the claims a disagreement involves.
    pub fn refs(&self, d: &Disagreement) -> Vec<String> {
        let mut refs = Vec::new();
        for (who, id) in [(d.a, &d.claim_a), (d.b, &d.claim_b)] {
            if let (Some(file), Some(id)) = (self.files.get(who), id) {
                refs.push(format!("{}:{}", file.name, id.0));
            }
        }
        refs
    }

    /// The key a rejection is stored under.
    pub fn key(&self, d: &Disagreement) -> String {
        self.refs(d).join("|")
    }

    /// Which disagreements `gold` has decided (a gold claim came from one of
    /// its claims, or it was rejected), one pass over its claims.
    pub fn decided_in(&self, gold: &Project) -> Vec<bool> {
        let sources: std::collections::HashSet<&str> = gold
            .claims()
            .iter()
            .flat_map(|c| c.sources.iter().map(String::as_str))
            .collect();
        self.comparison
            .disagreements
            .iter()
            .map(|d| {
                gold.rejected().contains(&self.key(d))
                    || self.refs(d).iter().any(|r| sources.contains(r.as_str()))
            })
            .collect()
    }
}

/// Reads the files to compare with, re-anchors them over `corpus` and
/// compares them: everything the window needs, built on a worker.
pub fn load_comparison(
    paths: &[PathBuf],
    own: Option<(&Path, &Project)>,
    corpus: &Corpus,
) -> Result<Adjudication, String> {
    let mut files: Vec<Compared> = Vec::new();
    let mut notes = Vec::new();
    // A gold file (its claims were taken from annotators' files) is what
    // the comparison decides into, never one of the annotators compared.
    if let Some((path, project)) = own
        && !project.claims().is_empty()
        && !project.claims().iter().any(|c| !c.sources.is_empty())
    {
        let name = super::annotator_name(project).unwrap_or_else(|| "this file".into());
        files.push(Compared {
            name,
            path: path.to_path_buf(),
            project: project.clone(),
        });
    }
    for path in paths {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
        if files
            .iter()
            .any(|f| f.path.canonicalize().unwrap_or_else(|_| f.path.clone()) == canonical)
        {
            return Err(format!(
                "{} is already in the comparison (a file compared with itself agrees perfectly)",
                path.display()
            ));
        }
        let mut project = project::load(path).map_err(|e| e.to_string())?;
        if project.claims().is_empty() {
            return Err(format!("{} has no claims to compare", path.display()));
        }
        let known = project
            .documents()
            .keys()
            .filter(|d| corpus.get(d).is_some())
            .count();
        if known * 2 < project.documents().len() {
            return Err(format!(
                "{} is over another corpus: {known} of its {} documents are in this one",
                path.display(),
                project.documents().len()
            ));
        }
        let report = project::sync_with_corpus(&mut project, corpus);
        if !report.changed_docs.is_empty() || !report.detached.is_empty() {
            notes.push(format!(
                "{}: articles changed since it was saved; re-anchored ({})",
                path.display(),
                report.summary()
            ));
        }
        let name = super::annotator_name(&project).unwrap_or_default();
        if let Some(other) = files.iter().find(|f| f.name == name) {
            return Err(format!(
                "{} and {} are both by {name:?}; compare different annotators' files",
                other.path.display(),
                path.display()
            ));
        }
        files.push(Compared {
            name,
            path: path.clone(),
            project,
        });
    }
    if files.len() < 2 {
        return Err("pick at least one other annotator's file (this project has no claims yet, so it is not compared itself)".into());
    }
    let annotators: Vec<Annotator<'_>> = files
        .iter()
        .map(|f| Annotator::new(f.name.clone(), &f.project))
        .collect();
    for a in &annotators {
        if a.detached_claims > 0 {
            notes.push(format!(
                "{}: {} detached claims left out",
                a.name, a.detached_claims
            ));
        }
    }
    let comparison = super::compare::compare(&annotators);
    let report = super::agreement(&annotators, false).ok();
    Ok(Adjudication {
        files,
        comparison,
        report,
        notes,
    })
}

/// A copy of `claim` for the gold project: new ids, the adjudicator as
/// annotator, and where it came from.
pub fn gold_copy(claim: &Claim, source: String, annotator: &str) -> Claim {
    let now = project::now_timestamp();
    let mut copy = Claim::new(claim.span.clone(), claim.label.clone(), annotator, &now);
    copy.note = claim.note.clone();
    copy.evidence = claim
        .evidence
        .iter()
        .map(|e| Evidence {
            id: project::new_id("e"),
            annotator: annotator.to_owned(),
            created: now.clone(),
            ..e.clone()
        })
        .collect();
    copy.sources = vec![source];
    copy
}

/// How a disagreement is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    TakeA,
    TakeB,
    TakeBoth,
    Reject,
    /// Take A's version and select it, to change it.
    Edit,
}

/// The edit a decision makes in the gold project (one undoable step), and
/// the claim to select after it.
pub fn decision_edit(
    state: &Adjudication,
    d: &Disagreement,
    decision: Decision,
    annotator: &str,
) -> Option<(Edit, Option<ClaimId>)> {
    let take = |who: usize, id: &Option<ClaimId>| -> Option<Claim> {
        let id = id.as_ref()?;
        let claim = state.claim(who, id)?;
        Some(gold_copy(
            claim,
            format!("{}:{}", state.files[who].name, id.0),
            annotator,
        ))
    };
    let copies: Vec<Claim> = match decision {
        Decision::TakeA | Decision::Edit => take(d.a, &d.claim_a)
            .or_else(|| take(d.b, &d.claim_b))
            .into_iter()
            .collect(),
        Decision::TakeB => take(d.b, &d.claim_b)
            .or_else(|| take(d.a, &d.claim_a))
            .into_iter()
            .collect(),
        Decision::TakeBoth => {
            let mut both: Vec<Claim> = take(d.a, &d.claim_a).into_iter().collect();
            both.extend(take(d.b, &d.claim_b));
            // Both versions of one span with one label are one claim.
            if both.len() == 2 && both[0].span == both[1].span && both[0].label == both[1].label {
                let source = both[1].sources.clone();
                both[0].sources.extend(source);
                both.truncate(1);
            }
            both
        }
        Decision::Reject => {
            return Some((
                Edit::SetRejected {
                    key: state.key(d),
                    rejected: true,
                },
                None,
            ));
        }
    };
    let select = copies.first().map(|c| c.id.clone());
    let edits = copies
        .into_iter()
        .map(|c| Edit::AddClaim(Box::new(c)))
        .collect();
    Some((Edit::Batch(edits), select))
}
