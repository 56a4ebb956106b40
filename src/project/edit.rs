//! Every change to a project is an [`Edit`]; [`Project::apply`] carries it out
//! and returns the edit that undoes it. Undo, redo, autosave, import and tests
//! all go through this one function.

use serde::{Deserialize, Serialize};

use super::model::{
    AnswerKey, Claim, ClaimId, Evidence, KeyInfo, Label, MergeConflict, Project, Span,
};

/// One change to one claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimChange {
    Label {
        label: Option<String>,
        from_evidence: bool,
    },
    Note(String),
    Span(Span),
    InsertEvidence {
        index: usize,
        evidence: Evidence,
    },
    RemoveEvidence(String),
    EvidenceRelation {
        id: String,
        relation: String,
    },
    EvidenceSpan {
        id: String,
        span: Span,
    },
    /// Sets or clears the merge-conflict flag (the adjudicator resolved it).
    Conflict(Option<MergeConflict>),
    /// Sets or clears what an answer key says of this claim.
    KeyInfo(Option<KeyInfo>),
}

/// A change to a project, as data. Serialized (as JSON) it is one line of
/// the edit journal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Edit {
    AddClaim(Box<Claim>),
    RemoveClaim(ClaimId),
    /// `modified` becomes the claim's modification time.
    UpdateClaim {
        id: ClaimId,
        change: ClaimChange,
        modified: String,
    },
    SetDone {
        doc: String,
        done: bool,
    },
    /// Time on task: `seconds` more (or, undone, fewer) of active time on
    /// document `doc`. Not an undo step in the window.
    AddActiveTime {
        doc: String,
        seconds: i64,
    },
    AddLabel {
        index: usize,
        label: Label,
    },
    RemoveLabel(String),
    /// Replaces the label with id `id` (its id stays: claims refer to it).
    UpdateLabel {
        id: String,
        label: Label,
    },
    /// Moves a label to position `index` in the list (menu and key order).
    MoveLabel {
        id: String,
        index: usize,
    },
    SetGuidelines(String),
    /// Marks a disagreement (`key`: the claims involved) as rejected in a
    /// gold project, or not.
    SetRejected {
        key: String,
        rejected: bool,
    },
    /// Marks the project as an answer key (`Some`) or not (`None`).
    SetAnswerKey(Option<AnswerKey>),
    /// Chooses which columns of a dataset file are the text, id, title, …
    /// (`None`: found by their names again). The corpus is read again after.
    SetColumns {
        file: String,
        columns: Option<crate::dataset::Columns>,
    },
    /// Several edits that are done and undone together.
    Batch(Vec<Edit>),
}

impl Edit {
    /// A short description for menus ("Undo change label").
    pub fn describe(&self) -> &'static str {
        match self {
            Edit::AddClaim(_) => "add claim",
            Edit::RemoveClaim(_) => "delete claim",
            Edit::UpdateClaim { change, .. } => match change {
                ClaimChange::Label { .. } => "change label",
                ClaimChange::Note(_) => "edit note",
                ClaimChange::Span(_) => "change span",
                ClaimChange::InsertEvidence { .. } => "link evidence",
                ClaimChange::RemoveEvidence(_) => "remove evidence",
                ClaimChange::EvidenceRelation { .. } => "change evidence relation",
                ClaimChange::EvidenceSpan { .. } => "change evidence span",
                ClaimChange::Conflict(_) => "resolve merge conflict",
                ClaimChange::KeyInfo(_) => "change answer key claim",
            },
            Edit::SetDone { .. } => "mark document",
            Edit::AddActiveTime { .. } => "time on task",
            Edit::AddLabel { .. } => "add label",
            Edit::RemoveLabel(_) => "remove label",
            Edit::UpdateLabel { .. } => "change label",
            Edit::MoveLabel { .. } => "move label",
            Edit::SetGuidelines(_) => "edit guidelines",
            Edit::SetRejected { .. } => "reject disagreement",
            Edit::SetAnswerKey(_) => "change answer key",
            Edit::SetColumns { .. } => "choose dataset columns",
            Edit::Batch(_) => "several changes",
        }
    }

    /// What undoing with this edit undoes, for an edit kept on the undo
    /// stack (the inverse of what was done): the inverse of adding a claim
    /// removes it, and the menu says "Undo add claim", not "delete claim".
    pub fn describe_as_inverse(&self) -> &'static str {
        match self {
            Edit::AddClaim(_) => "delete claim",
            Edit::RemoveClaim(_) => "add claim",
            Edit::AddLabel { .. } => "remove label",
            Edit::RemoveLabel(_) => "add label",
            Edit::UpdateClaim { change, .. } => match change {
                ClaimChange::InsertEvidence { .. } => "remove evidence",
                ClaimChange::RemoveEvidence(_) => "link evidence",
                _ => self.describe(),
            },
            _ => self.describe(),
        }
    }

    /// The claim this edit is about, if it is about one.
    pub fn claim_id(&self) -> Option<&ClaimId> {
        match self {
            Edit::AddClaim(c) => Some(&c.id),
            Edit::RemoveClaim(id) | Edit::UpdateClaim { id, .. } => Some(id),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no claim {0}")]
    NoClaim(ClaimId),
    #[error("a claim with id {0} already exists")]
    DuplicateClaim(ClaimId),
    #[error("claim {claim} has no evidence {evidence}")]
    NoEvidence { claim: ClaimId, evidence: String },
    #[error("evidence id {0} already exists on this claim")]
    DuplicateEvidence(String),
    #[error("there is no label {0:?}")]
    UnknownLabel(String),
    #[error("a label {0:?} already exists")]
    DuplicateLabel(String),
    #[error("label {0:?} is still used by claims or evidence")]
    LabelInUse(String),
    #[error("the key {key:?} already belongs to the label {label:?}")]
    DuplicateKey { key: char, label: String },
    #[error("{0}")]
    BadLabel(String),
    #[error("the span {start}..{end} is empty or reversed")]
    BadSpan { start: usize, end: usize },
    #[error("document {0:?} is not part of this project")]
    UnknownDocument(String),
    /// The session was opened read-only (another window has the project).
    #[error("this project is open read-only here; open it again to edit")]
    ReadOnly,
}

impl Project {
    /// Applies `edit` and returns the edit that undoes it. On error the
    /// project is unchanged.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        match edit {
            Edit::AddClaim(claim) => {
                self.check_claim(&claim)?;
                if self.claims.contains(&claim.id) {
                    return Err(EditError::DuplicateClaim(claim.id));
                }
                let id = claim.id.clone();
                self.claims.insert(*claim);
                Ok(Edit::RemoveClaim(id))
            }
            Edit::RemoveClaim(id) => {
                let claim = self.claims.remove(&id).ok_or(EditError::NoClaim(id))?;
                Ok(Edit::AddClaim(Box::new(claim)))
            }
            Edit::UpdateClaim {
                id,
                change,
                modified,
            } => {
                self.check_change(&change)?;
                let claim = self
                    .claims
                    .get_mut(&id)
                    .ok_or_else(|| EditError::NoClaim(id.clone()))?;
                let undo = change_claim(claim, change)?;
                let old_modified = std::mem::replace(&mut claim.modified, modified);
                Ok(Edit::UpdateClaim {
                    id,
                    change: undo,
                    modified: old_modified,
                })
            }
            Edit::SetDone { doc, done } => {
                let info = self
                    .documents
                    .get_mut(&doc)
                    .ok_or_else(|| EditError::UnknownDocument(doc.clone()))?;
                let old = std::mem::replace(&mut info.done, done);
                Ok(Edit::SetDone { doc, done: old })
            }
            Edit::AddActiveTime { doc, seconds } => {
                let info = self
                    .documents
                    .get_mut(&doc)
                    .ok_or_else(|| EditError::UnknownDocument(doc.clone()))?;
                let before = info.active_seconds;
                info.active_seconds = before.saturating_add_signed(seconds);
                let added = i64::try_from(info.active_seconds).unwrap_or(i64::MAX)
                    - i64::try_from(before).unwrap_or(i64::MAX);
                Ok(Edit::AddActiveTime {
                    doc,
                    seconds: -added,
                })
            }
            Edit::AddLabel { index, label } => {
                if self.label(&label.id).is_some() {
                    return Err(EditError::DuplicateLabel(label.id));
                }
                self.check_new_label(&label, None)?;
                let id = label.id.clone();
                self.labels.insert(index.min(self.labels.len()), label);
                Ok(Edit::RemoveLabel(id))
            }
            Edit::RemoveLabel(id) => {
                let index = self
                    .labels
                    .iter()
                    .position(|l| l.id == id)
                    .ok_or_else(|| EditError::UnknownLabel(id.clone()))?;
                let used = self.claims.iter().any(|c| {
                    c.label.as_deref() == Some(id.as_str())
                        || c.evidence.iter().any(|e| e.relation == id)
                });
                if used {
                    return Err(EditError::LabelInUse(id));
                }
                let label = self.labels.remove(index);
                Ok(Edit::AddLabel { index, label })
            }
            Edit::UpdateLabel { id, label } => {
                if label.id != id {
                    return Err(EditError::BadLabel(format!(
                        "a label's id cannot change ({id:?} to {:?})",
                        label.id
                    )));
                }
                let index = self
                    .labels
                    .iter()
                    .position(|l| l.id == id)
                    .ok_or_else(|| EditError::UnknownLabel(id.clone()))?;
                self.check_new_label(&label, Some(index))?;
                let old = std::mem::replace(&mut self.labels[index], label);
                Ok(Edit::UpdateLabel { id, label: old })
            }
            Edit::MoveLabel { id, index } => {
                let from = self
                    .labels
                    .iter()
                    .position(|l| l.id == id)
                    .ok_or_else(|| EditError::UnknownLabel(id.clone()))?;
                let label = self.labels.remove(from);
                self.labels.insert(index.min(self.labels.len()), label);
                Ok(Edit::MoveLabel { id, index: from })
            }
            Edit::SetRejected { key, rejected } => {
                let was = if rejected {
                    !self.rejected.insert(key.clone())
                } else {
                    self.rejected.remove(&key)
                };
                Ok(Edit::SetRejected { key, rejected: was })
            }
            Edit::SetGuidelines(text) => Ok(Edit::SetGuidelines(std::mem::replace(
                &mut self.guidelines,
                text,
            ))),
            Edit::SetAnswerKey(key) => {
                Ok(Edit::SetAnswerKey(std::mem::replace(&mut self.key, key)))
            }
            Edit::SetColumns { file, columns } => {
                let was = match columns {
                    Some(columns) => self.datasets.insert(file.clone(), columns),
                    None => self.datasets.remove(&file),
                };
                Ok(Edit::SetColumns { file, columns: was })
            }
            Edit::Batch(edits) => {
                let mut undo = Vec::with_capacity(edits.len());
                for edit in edits {
                    match self.apply(edit) {
                        Ok(inverse) => undo.push(inverse),
                        Err(err) => {
                            // Roll back what was done so the batch is all or nothing.
                            for inverse in undo.into_iter().rev() {
                                let _ = self.apply(inverse);
                            }
                            return Err(err);
                        }
                    }
                }
                undo.reverse();
                Ok(Edit::Batch(undo))
            }
        }
    }

    /// A label to add (or to put at `replacing`): a usable id and name, a
    /// colour, a key no other label has, targets the formats know.
    fn check_new_label(&self, label: &Label, replacing: Option<usize>) -> Result<(), EditError> {
        super::label_rules::check_label(label).map_err(EditError::BadLabel)?;
        if let Some(key) = label.key {
            let clash = self
                .labels
                .iter()
                .enumerate()
                .find(|(i, l)| Some(*i) != replacing && l.key == Some(key));
            if let Some((_, other)) = clash {
                return Err(EditError::DuplicateKey {
                    key,
                    label: other.id.clone(),
                });
            }
        }
        Ok(())
    }

    fn check_label(&self, label: &str) -> Result<(), EditError> {
        match self.label(label) {
            Some(_) => Ok(()),
            None => Err(EditError::UnknownLabel(label.to_owned())),
        }
    }

    fn check_claim(&self, claim: &Claim) -> Result<(), EditError> {
        check_span(&claim.span)?;
        if let Some(label) = &claim.label {
            self.check_label(label)?;
        }
        for evidence in &claim.evidence {
            check_span(&evidence.span)?;
            self.check_label(&evidence.relation)?;
        }
        Ok(())
    }

    fn check_change(&self, change: &ClaimChange) -> Result<(), EditError> {
        match change {
            ClaimChange::Label {
                label: Some(label), ..
            } => self.check_label(label),
            ClaimChange::Span(span) | ClaimChange::EvidenceSpan { span, .. } => check_span(span),
            ClaimChange::InsertEvidence { evidence, .. } => {
                check_span(&evidence.span)?;
                self.check_label(&evidence.relation)
            }
            ClaimChange::EvidenceRelation { relation, .. } => self.check_label(relation),
            ClaimChange::Label { label: None, .. }
            | ClaimChange::Note(_)
            | ClaimChange::RemoveEvidence(_)
            | ClaimChange::Conflict(_)
            | ClaimChange::KeyInfo(_) => Ok(()),
        }
    }
}

fn check_span(span: &Span) -> Result<(), EditError> {
    if span.start >= span.end {
        return Err(EditError::BadSpan {
            start: span.start,
            end: span.end,
        });
    }
    Ok(())
}

/// Applies one change to a claim and returns the change that reverts it.
fn change_claim(claim: &mut Claim, change: ClaimChange) -> Result<ClaimChange, EditError> {
    let evidence_index = |claim: &Claim, id: &str| {
        claim
            .evidence
            .iter()
            .position(|e| e.id == id)
            .ok_or_else(|| EditError::NoEvidence {
                claim: claim.id.clone(),
                evidence: id.to_owned(),
            })
    };
    Ok(match change {
        ClaimChange::Label {
            label,
            from_evidence,
        } => ClaimChange::Label {
            label: std::mem::replace(&mut claim.label, label),
            from_evidence: std::mem::replace(&mut claim.label_from_evidence, from_evidence),
        },
        ClaimChange::Note(note) => ClaimChange::Note(std::mem::replace(&mut claim.note, note)),
        ClaimChange::Conflict(flag) => ClaimChange::Conflict(
            std::mem::replace(&mut claim.conflict, flag.map(Box::new)).map(|b| *b),
        ),
        ClaimChange::KeyInfo(info) => ClaimChange::KeyInfo(
            std::mem::replace(&mut claim.key_info, info.map(Box::new)).map(|b| *b),
        ),
        ClaimChange::Span(span) => ClaimChange::Span(std::mem::replace(&mut claim.span, span)),
        ClaimChange::InsertEvidence { index, evidence } => {
            if claim.evidence(&evidence.id).is_some() {
                return Err(EditError::DuplicateEvidence(evidence.id));
            }
            let id = evidence.id.clone();
            claim
                .evidence
                .insert(index.min(claim.evidence.len()), evidence);
            ClaimChange::RemoveEvidence(id)
        }
        ClaimChange::RemoveEvidence(id) => {
            let index = evidence_index(claim, &id)?;
            let evidence = claim.evidence.remove(index);
            ClaimChange::InsertEvidence { index, evidence }
        }
        ClaimChange::EvidenceRelation { id, relation } => {
            let index = evidence_index(claim, &id)?;
            let old = std::mem::replace(&mut claim.evidence[index].relation, relation);
            ClaimChange::EvidenceRelation { id, relation: old }
        }
        ClaimChange::EvidenceSpan { id, span } => {
            let index = evidence_index(claim, &id)?;
            let old = std::mem::replace(&mut claim.evidence[index].span, span);
            ClaimChange::EvidenceSpan { id, span: old }
        }
    })
}
