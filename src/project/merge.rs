//! Three-way merge of project files by claim id: git's merge driver
//! (`crosscheck merge %O %A %B`).
//!
//! Text merges of sorted project files conflict whenever two branches add
//! claims next to each other; merging the model instead never does. Each
//! claim, label and document fingerprint is merged by id against the common
//! ancestor: what one side added is kept, what one side changed takes that
//! change, what one side deleted (and the other left alone) is deleted.
//! A claim changed differently on both sides keeps both versions, the second
//! under a new id, both flagged ([`MergeConflict`]) for the adjudicator.

use std::collections::BTreeMap;

use super::model::{Claim, ClaimId, Claims, Label, MergeConflict, Project, new_id};

/// What a merge did, for the person running `git merge`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// Claims flagged by this merge (both versions of each conflict count).
    pub flagged: usize,
    /// Non-claim decisions worth knowing (a label both sides changed, …).
    pub notes: Vec<String>,
}

/// The three-way outcome for one id.
enum Outcome<'a, T> {
    /// Take this (`None`: the id is gone).
    Take(Option<&'a T>),
    /// Both sides changed it differently (either may have deleted it).
    Both(Option<&'a T>, Option<&'a T>),
}

fn three_way<'a, T: PartialEq>(
    base: Option<&'a T>,
    ours: Option<&'a T>,
    theirs: Option<&'a T>,
) -> Outcome<'a, T> {
    if ours == theirs {
        Outcome::Take(ours)
    } else if base == ours {
        Outcome::Take(theirs)
    } else if base == theirs {
        Outcome::Take(ours)
    } else {
        Outcome::Both(ours, theirs)
    }
}

fn flag(claim: &Claim, other: Option<ClaimId>, reason: &str) -> Claim {
    let mut claim = claim.clone();
    claim.conflict = Some(Box::new(MergeConflict {
        other,
        reason: reason.to_owned(),
    }));
    claim
}

/// Merges `ours` and `theirs` against their common ancestor `base` (`None`
/// when there is none: both added the file).
pub fn merge(base: Option<&Project>, ours: &Project, theirs: &Project) -> (Project, MergeSummary) {
    let empty = Project::new(ours.corpus.clone());
    let empty_base = Project {
        labels: Vec::new(),
        ..empty
    };
    let base = base.unwrap_or(&empty_base);
    let mut summary = MergeSummary::default();
    // Fields this module does not know of are ours, as the file git checked out.
    let mut merged = ours.clone();
    merged.format_version = ours.format_version.max(theirs.format_version);
    if let Outcome::Take(Some(corpus)) | Outcome::Both(Some(corpus), _) =
        three_way(Some(&base.corpus), Some(&ours.corpus), Some(&theirs.corpus))
    {
        merged.corpus = corpus.clone();
    }
    match three_way(
        Some(&base.guidelines),
        Some(&ours.guidelines),
        Some(&theirs.guidelines),
    ) {
        Outcome::Take(g) => merged.guidelines = g.cloned().unwrap_or_default(),
        Outcome::Both(..) => summary
            .notes
            .push("the guidelines were changed on both sides; this branch's text was kept".into()),
    }

    // Dataset columns, file by file.
    let files: std::collections::BTreeSet<&String> = base
        .datasets
        .keys()
        .chain(ours.datasets.keys())
        .chain(theirs.datasets.keys())
        .collect();
    for file in files {
        match three_way(
            base.datasets.get(file),
            ours.datasets.get(file),
            theirs.datasets.get(file),
        ) {
            Outcome::Take(Some(columns)) => {
                merged.datasets.insert(file.clone(), columns.clone());
            }
            Outcome::Take(None) => {
                merged.datasets.remove(file);
            }
            Outcome::Both(..) => summary.notes.push(format!(
                "the columns of {file} were chosen on both sides; this branch's choice was kept"
            )),
        }
    }

    // Claims.
    let ids: std::collections::BTreeSet<&ClaimId> = base
        .claims
        .iter()
        .chain(ours.claims.iter())
        .chain(theirs.claims.iter())
        .map(|c| &c.id)
        .collect();
    let mut claims = Claims::default();
    for id in ids {
        let (b, o, t) = (
            base.claims.get(id),
            ours.claims.get(id),
            theirs.claims.get(id),
        );
        match three_way(b, o, t) {
            Outcome::Take(Some(c)) => {
                claims.insert(c.clone());
            }
            Outcome::Take(None) => {}
            Outcome::Both(Some(o), Some(t)) => {
                let second = ClaimId(new_id("c"));
                let reason = "changed differently on both sides of a merge; both versions kept";
                claims.insert(flag(o, Some(second.clone()), reason));
                let mut copy = flag(t, Some(o.id.clone()), reason);
                copy.id = second;
                claims.insert(copy);
                summary.flagged += 2;
            }
            Outcome::Both(Some(kept), None) | Outcome::Both(None, Some(kept)) => {
                let reason = "changed on one side of a merge and deleted on the other; kept";
                claims.insert(flag(kept, None, reason));
                summary.flagged += 1;
            }
            Outcome::Both(None, None) => {}
        }
    }
    merged.claims = claims;

    // Labels: by id, in this branch's order, then theirs' additions.
    let by_id = |p: &Project| -> BTreeMap<String, Label> {
        p.labels.iter().map(|l| (l.id.clone(), l.clone())).collect()
    };
    let (lb, lo, lt) = (by_id(base), by_id(ours), by_id(theirs));
    let used: std::collections::BTreeSet<&str> =
        merged.claims.iter().flat_map(|c| c.labels_used()).collect();
    let order = ours
        .labels
        .iter()
        .chain(&theirs.labels)
        .chain(&base.labels)
        .map(|l| l.id.clone());
    let mut labels: Vec<Label> = Vec::new();
    for id in order {
        if labels.iter().any(|l| l.id == id) {
            continue;
        }
        let chosen = match three_way(lb.get(&id), lo.get(&id), lt.get(&id)) {
            Outcome::Take(l) => l,
            Outcome::Both(o, t) => {
                if o.is_some() && t.is_some() {
                    summary.notes.push(format!(
                        "label {id:?} was changed on both sides; this branch's version was kept"
                    ));
                }
                o.or(t)
            }
        };
        // A label the merged claims still use is never dropped.
        let chosen = chosen.or_else(|| {
            used.contains(id.as_str())
                .then(|| lo.get(&id).or(lt.get(&id)).or(lb.get(&id)))
                .flatten()
        });
        if let Some(label) = chosen {
            labels.push(label.clone());
        }
    }
    merged.labels = labels;

    // Document fingerprints.
    let docs: std::collections::BTreeSet<&String> = base
        .documents
        .keys()
        .chain(ours.documents.keys())
        .chain(theirs.documents.keys())
        .collect();
    let mut documents = BTreeMap::new();
    for doc in docs {
        let (b, o, t) = (
            base.documents.get(doc),
            ours.documents.get(doc),
            theirs.documents.get(doc),
        );
        let chosen = match three_way(b, o, t) {
            Outcome::Take(info) => info.cloned(),
            Outcome::Both(Some(o), Some(t)) => {
                let mut info = o.clone();
                // Done on either side is done; a text hash that differs is
                // settled when the project next opens against its corpus.
                info.done = o.done || t.done;
                // Time on task adds up: each side's time since the base.
                let base = b.map_or(0, |b| b.active_seconds);
                info.active_seconds = base
                    .saturating_add(o.active_seconds.saturating_sub(base))
                    .saturating_add(t.active_seconds.saturating_sub(base));
                Some(info)
            }
            Outcome::Both(o, t) => o.or(t).cloned(),
        };
        if let Some(info) = chosen {
            documents.insert(doc.clone(), info);
        }
    }
    merged.documents = documents;
    (merged, summary)
}
