//! Every change to the project goes through [`Session::apply`]: it keeps
//! the undo and redo stacks, the highlight index and the journal current.

use std::collections::BTreeSet;

use super::highlights::marks_by_doc;
use super::state::{HISTORY_LIMIT, NOTE_MERGE_SECONDS};
use super::{LabelProposal, SaveState, Session};
use crate::project::journal::Step;
use crate::project::{
    self, Claim, ClaimChange, ClaimId, Edit, EditError, Evidence, Span, now_timestamp,
};

impl Session {
    /// Applies an edit as a new step in the history.
    pub fn apply(&mut self, edit: Edit, now: f64) -> Result<(), EditError> {
        let inverse = self.apply_indexed(edit, now, Step::Do)?;
        self.undo.push_back(inverse);
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.pop_front();
        }
        self.redo.clear();
        Ok(())
    }

    /// Applies an edit that continues the last one when both change the same
    /// label (a colour being dragged) or the same key claim's explanation
    /// (typing) within a few seconds: one undo step.
    pub fn apply_merging(&mut self, edit: Edit, now: f64) -> Result<(), EditError> {
        let same_target = match (&edit, self.undo.back()) {
            (Edit::UpdateLabel { id, .. }, Some(Edit::UpdateLabel { id: last, .. })) => id == last,
            (
                Edit::UpdateClaim {
                    id,
                    change: ClaimChange::KeyInfo(_),
                    ..
                },
                Some(Edit::UpdateClaim {
                    id: last,
                    change: ClaimChange::KeyInfo(_),
                    ..
                }),
            ) => id == last,
            _ => false,
        };
        let continues = now - self.changed_at < NOTE_MERGE_SECONDS && same_target;
        self.apply_continuing(edit, now, continues)
    }

    /// Applies `edit` as a new undo step, or (when it `continues` the last
    /// one) as part of it: the first inverse is kept, so undo goes back to
    /// before the whole run of edits.
    fn apply_continuing(&mut self, edit: Edit, now: f64, continues: bool) -> Result<(), EditError> {
        if continues {
            self.apply_indexed(edit, now, Step::Continue)?;
            self.redo.clear();
            Ok(())
        } else {
            self.apply(edit, now)
        }
    }

    /// Undoes the last edit; returns the claim it was about, if any.
    /// The undo and redo stacks, taken out: for the same project reopened
    /// (its folder read again), whose session goes on with them.
    pub fn take_history(&mut self) -> (std::collections::VecDeque<Edit>, Vec<Edit>) {
        (
            std::mem::take(&mut self.undo),
            std::mem::take(&mut self.redo),
        )
    }

    /// Gives a freshly opened session the history [`take_history`] took
    /// from the session it replaces (of the same project file).
    ///
    /// [`take_history`]: Self::take_history
    pub fn restore_history(&mut self, (undo, redo): (std::collections::VecDeque<Edit>, Vec<Edit>)) {
        self.undo = undo;
        self.redo = redo;
    }

    pub fn undo(&mut self, now: f64) -> Option<Option<ClaimId>> {
        let edit = self.undo.pop_back()?;
        let claim = edit.claim_id().cloned();
        match self.apply_indexed(edit, now, Step::Undo) {
            Ok(inverse) => self.redo.push(inverse),
            Err(err) => self.notice = Some(format!("Cannot undo: {err}")),
        }
        Some(claim)
    }

    pub fn redo(&mut self, now: f64) -> Option<Option<ClaimId>> {
        let edit = self.redo.pop()?;
        let claim = edit.claim_id().cloned();
        match self.apply_indexed(edit, now, Step::Redo) {
            Ok(inverse) => self.undo.push_back(inverse),
            Err(err) => self.notice = Some(format!("Cannot redo: {err}")),
        }
        Some(claim)
    }

    fn apply_indexed(&mut self, edit: Edit, now: f64, step: Step) -> Result<Edit, EditError> {
        if self.read_only {
            return Err(EditError::ReadOnly);
        }
        let logged = self.journal.as_ref().map(|_| edit.clone());
        let mut touched = BTreeSet::new();
        collect_claims(&edit, &mut touched);
        let mut docs = BTreeSet::new();
        for id in &touched {
            if let Some(claim) = self.ws.project.claims().get(id) {
                for span in claim.spans() {
                    docs.insert(span.doc.clone());
                    if let Some(entry) = self.docs.get_mut(&span.doc) {
                        entry.remove(id);
                    }
                }
            }
        }
        let result = self.ws.project.apply(edit);
        for id in &touched {
            if let Some(claim) = self.ws.project.claims().get(id) {
                for span in claim.spans() {
                    docs.insert(span.doc.clone());
                    self.docs.entry(span.doc.clone()).or_default().insert(id);
                }
            }
        }
        for doc in docs {
            self.reindex(&doc, &touched);
        }
        if result.is_ok() {
            if let Some(edit) = logged {
                self.journal_edit(step, edit);
            }
            self.version += 1;
            self.changed_at = now;
            if self.save_state != SaveState::Saving {
                self.save_state = SaveState::Pending;
            }
        }
        result
    }

    /// Brings the marks of `doc` up to date after an edit of `touched`. A
    /// document not shown yet has none to update: [`Self::marks`] builds
    /// them from its claims as they are then.
    fn reindex(&mut self, doc: &str, touched: &BTreeSet<ClaimId>) {
        let Some(marks) = self.docs.get_mut(doc).and_then(|e| e.marks.get_mut()) else {
            return;
        };
        let claims = touched
            .iter()
            .filter_map(|id| self.ws.project.claims().get(id));
        let new = marks_by_doc(claims).remove(doc).unwrap_or_default();
        marks.replace_claims(touched, new);
    }

    // ---- edits the window makes -------------------------------------------

    fn span(&self, doc: &str, start: usize, end: usize) -> Result<Span, EditError> {
        self.ws
            .corpus
            .get(doc)
            .and_then(|d| Span::from_document(d, start, end))
            .ok_or(EditError::BadSpan { start, end })
    }

    /// A new claim on `doc[start..end]`.
    pub fn create_claim(
        &mut self,
        doc: &str,
        start: usize,
        end: usize,
        label: Option<&str>,
        now: f64,
    ) -> Result<ClaimId, EditError> {
        let span = self.span(doc, start, end)?;
        let claim = Claim::new(
            span,
            label.map(str::to_owned),
            &self.annotator,
            &now_timestamp(),
        );
        let id = claim.id.clone();
        self.apply(Edit::AddClaim(Box::new(claim)), now)?;
        Ok(id)
    }

    pub fn update(&mut self, id: &ClaimId, change: ClaimChange, now: f64) -> Result<(), EditError> {
        self.apply(
            Edit::UpdateClaim {
                id: id.clone(),
                change,
                modified: now_timestamp(),
            },
            now,
        )
    }

    pub fn set_label(&mut self, id: &ClaimId, label: &str, now: f64) -> Result<(), EditError> {
        let unchanged = self
            .claim(id)
            .is_some_and(|c| c.label.as_deref() == Some(label) && !c.label_from_evidence);
        if unchanged {
            return Ok(());
        }
        self.update(
            id,
            ClaimChange::Label {
                label: Some(label.to_owned()),
                from_evidence: false,
            },
            now,
        )
    }

    /// Sets a claim's note. Typing makes one edit per keystroke; those that
    /// follow each other within a few seconds share one undo step.
    pub fn set_note(&mut self, id: &ClaimId, note: String, now: f64) -> Result<(), EditError> {
        let continues_typing = now - self.changed_at < NOTE_MERGE_SECONDS
            && matches!(self.undo.back(), Some(Edit::UpdateClaim { id: last, change: ClaimChange::Note(_), .. }) if last == id);
        let edit = Edit::UpdateClaim {
            id: id.clone(),
            change: ClaimChange::Note(note),
            modified: now_timestamp(),
        };
        self.apply_continuing(edit, now, continues_typing)
    }

    pub fn set_span(
        &mut self,
        id: &ClaimId,
        start: usize,
        end: usize,
        now: f64,
    ) -> Result<(), EditError> {
        let doc = self
            .claim(id)
            .map(|c| c.span.doc.clone())
            .ok_or_else(|| EditError::NoClaim(id.clone()))?;
        let span = self.span(&doc, start, end)?;
        if self.claim(id).is_some_and(|c| c.span == span) {
            return Ok(());
        }
        self.update(id, ClaimChange::Span(span), now)
    }

    pub fn delete_claim(&mut self, id: &ClaimId, now: f64) -> Result<(), EditError> {
        self.apply(Edit::RemoveClaim(id.clone()), now)
    }

    /// Links `doc[start..end]` as evidence for a claim. Returns a label the
    /// claim could take from it, when its label is unset or came from evidence.
    pub fn link_evidence(
        &mut self,
        claim: &ClaimId,
        doc: &str,
        start: usize,
        end: usize,
        relation: &str,
        now: f64,
    ) -> Result<Option<LabelProposal>, EditError> {
        let span = self.span(doc, start, end)?;
        let evidence = Evidence {
            id: project::new_id("e"),
            span,
            relation: relation.to_owned(),
            annotator: self.annotator.clone(),
            created: now_timestamp(),
        };
        let index = self.claim(claim).map_or(0, |c| c.evidence.len());
        self.update(claim, ClaimChange::InsertEvidence { index, evidence }, now)?;
        Ok(self.label_proposal(claim, relation))
    }

    fn label_proposal(&self, claim: &ClaimId, relation: &str) -> Option<LabelProposal> {
        let c = self.claim(claim)?;
        let open = c.label.is_none() || c.label_from_evidence;
        let proposable = matches!(relation, "agrees" | "contradicts");
        (open && proposable && c.label.as_deref() != Some(relation)).then(|| LabelProposal {
            claim: claim.clone(),
            label: relation.to_owned(),
        })
    }

    /// Accepts a proposal: the label is set, remembered as coming from evidence.
    pub fn accept_proposal(&mut self, proposal: &LabelProposal, now: f64) -> Result<(), EditError> {
        self.update(
            &proposal.claim,
            ClaimChange::Label {
                label: Some(proposal.label.clone()),
                from_evidence: true,
            },
            now,
        )
    }

    /// Adds time on task to `doc`: journaled and saved like any edit, but
    /// no undo step (undo goes back over what the person did, not over the
    /// clock).
    pub fn add_active_time(&mut self, doc: &str, seconds: u64, now: f64) -> Result<(), EditError> {
        let edit = Edit::AddActiveTime {
            doc: doc.to_owned(),
            seconds: i64::try_from(seconds).unwrap_or(i64::MAX),
        };
        self.apply_indexed(edit, now, Step::Do).map(|_| ())
    }

    pub fn toggle_done(&mut self, doc: &str, now: f64) -> Result<(), EditError> {
        let done = self.ws.project.documents().get(doc).is_some_and(|d| d.done);
        self.apply(
            Edit::SetDone {
                doc: doc.to_owned(),
                done: !done,
            },
            now,
        )
    }
}

fn collect_claims(edit: &Edit, out: &mut BTreeSet<ClaimId>) {
    match edit {
        Edit::Batch(edits) => edits.iter().for_each(|e| collect_claims(e, out)),
        other => {
            if let Some(id) = other.claim_id() {
                out.insert(id.clone());
            }
        }
    }
}
