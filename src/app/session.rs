//! An opened workspace and everything that changes it: edits with undo and
//! redo, the highlight index they keep current, and autosave. No egui here.

use std::collections::{BTreeSet, HashMap};
use std::sync::mpsc;

use super::highlights::{DocMarks, marks_by_doc};
use crate::project::{
    self, Claim, ClaimChange, ClaimId, Edit, EditError, Evidence, Span, now_timestamp,
};
use crate::workspace::Workspace;

/// Seconds after the last edit before the project is written.
pub const AUTOSAVE_DELAY: f64 = 0.8;

/// Keystrokes in a note closer together than this are one undo step.
const NOTE_MERGE_SECONDS: f64 = 2.0;

/// Undo steps kept.
const HISTORY_LIMIT: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// What is on disk is what is in memory.
    Saved,
    /// Edited; a save will start shortly.
    Pending,
    Saving,
    /// The last save failed; the work is only in memory.
    Failed(String),
}

pub struct Session {
    pub ws: Workspace,
    pub annotator: String,
    marks: HashMap<String, DocMarks>,
    /// Claims with a span in each document (their own or evidence).
    claims_by_doc: HashMap<String, BTreeSet<ClaimId>>,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// Bumped on every change; compared with what was saved.
    version: u64,
    saved_version: u64,
    changed_at: f64,
    in_flight: Option<(u64, mpsc::Receiver<Result<(), String>>)>,
    pub save_state: SaveState,
    /// Something the window should say once (where the project lives, …).
    pub notice: Option<String>,
    /// (version, evidence links) so the status bar does not count every frame.
    evidence_count: std::cell::Cell<Option<(u64, usize)>>,
}

/// A label proposed for a claim from a newly linked evidence span; the
/// person confirms it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelProposal {
    pub claim: ClaimId,
    pub label: String,
}

impl Session {
    pub fn new(ws: Workspace, annotator: impl Into<String>) -> Self {
        // Collected as sorted lists under borrowed ids, then built into sets
        // in bulk: far fewer allocations than inserting 200,000 spans one by
        // one.
        let mut lists: HashMap<&str, Vec<&ClaimId>> = HashMap::new();
        for claim in ws.project.claims.iter() {
            for span in claim.spans() {
                lists.entry(span.doc.as_str()).or_default().push(&claim.id);
            }
        }
        let claims_by_doc: HashMap<String, BTreeSet<ClaimId>> = lists
            .into_iter()
            .map(|(doc, ids)| (doc.to_owned(), ids.into_iter().cloned().collect()))
            .collect();
        let marks = marks_by_doc(ws.project.claims.iter())
            .into_iter()
            .map(|(doc, marks)| (doc, DocMarks::new(marks)))
            .collect();
        // Re-anchoring changed the project in memory: write that down soon.
        let report_changed = !ws.report.changed_docs.is_empty()
            || !ws.report.detached.is_empty()
            || !ws.report.reattached.is_empty();
        let dirty = report_changed && !ws.is_new;
        Self {
            ws,
            annotator: annotator.into(),
            marks,
            claims_by_doc,
            undo: Vec::new(),
            redo: Vec::new(),
            version: u64::from(dirty),
            saved_version: 0,
            changed_at: f64::NEG_INFINITY,
            in_flight: None,
            save_state: if dirty {
                SaveState::Pending
            } else {
                SaveState::Saved
            },
            notice: None,
            evidence_count: std::cell::Cell::new(None),
        }
    }

    /// Evidence links in the project, counted once per change.
    pub fn evidence_count(&self) -> usize {
        match self.evidence_count.get() {
            Some((version, n)) if version == self.version => n,
            _ => {
                let n = self.ws.project.evidence_count();
                self.evidence_count.set(Some((self.version, n)));
                n
            }
        }
    }

    /// Bumped on every change to the project.
    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn marks(&self, doc: &str) -> Option<&DocMarks> {
        self.marks.get(doc)
    }

    pub fn claim(&self, id: &ClaimId) -> Option<&Claim> {
        self.ws.project.claims.get(id)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo_description(&self) -> Option<&'static str> {
        self.undo.last().map(Edit::describe)
    }

    pub fn redo_description(&self) -> Option<&'static str> {
        self.redo.last().map(Edit::describe)
    }

    pub fn has_unsaved_changes(&self) -> bool {
        self.version != self.saved_version
    }

    /// Applies an edit as a new step in the history.
    pub fn apply(&mut self, edit: Edit, now: f64) -> Result<(), EditError> {
        let inverse = self.apply_indexed(edit, now)?;
        self.undo.push(inverse);
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last edit; returns the claim it was about, if any.
    pub fn undo(&mut self, now: f64) -> Option<Option<ClaimId>> {
        let edit = self.undo.pop()?;
        let claim = edit.claim_id().cloned();
        match self.apply_indexed(edit, now) {
            Ok(inverse) => self.redo.push(inverse),
            Err(err) => self.notice = Some(format!("Cannot undo: {err}")),
        }
        Some(claim)
    }

    pub fn redo(&mut self, now: f64) -> Option<Option<ClaimId>> {
        let edit = self.redo.pop()?;
        let claim = edit.claim_id().cloned();
        match self.apply_indexed(edit, now) {
            Ok(inverse) => self.undo.push(inverse),
            Err(err) => self.notice = Some(format!("Cannot redo: {err}")),
        }
        Some(claim)
    }

    fn apply_indexed(&mut self, edit: Edit, now: f64) -> Result<Edit, EditError> {
        let mut touched = BTreeSet::new();
        collect_claims(&edit, &mut touched);
        let mut docs = BTreeSet::new();
        for id in &touched {
            if let Some(claim) = self.ws.project.claims.get(id) {
                for span in claim.spans() {
                    docs.insert(span.doc.clone());
                    if let Some(set) = self.claims_by_doc.get_mut(&span.doc) {
                        set.remove(id);
                    }
                }
            }
        }
        let result = self.ws.project.apply(edit);
        for id in &touched {
            if let Some(claim) = self.ws.project.claims.get(id) {
                for span in claim.spans() {
                    docs.insert(span.doc.clone());
                    self.claims_by_doc
                        .entry(span.doc.clone())
                        .or_default()
                        .insert(id.clone());
                }
            }
        }
        for doc in docs {
            self.reindex(&doc, &touched);
        }
        if result.is_ok() {
            self.version += 1;
            self.changed_at = now;
            if self.save_state != SaveState::Saving {
                self.save_state = SaveState::Pending;
            }
        }
        result
    }

    /// Brings the marks of `doc` up to date after an edit of `touched`.
    fn reindex(&mut self, doc: &str, touched: &BTreeSet<ClaimId>) {
        if let Some(marks) = self.marks.get_mut(doc) {
            let claims = touched
                .iter()
                .filter_map(|id| self.ws.project.claims.get(id));
            let new = marks_by_doc(claims).remove(doc).unwrap_or_default();
            marks.replace_claims(touched, new);
            return;
        }
        let claims = self.claims_by_doc.get(doc).into_iter().flatten();
        let claims = claims.filter_map(|id| self.ws.project.claims.get(id));
        let mut by_doc = marks_by_doc(claims);
        let marks = by_doc.remove(doc).unwrap_or_default();
        self.marks.insert(doc.to_owned(), DocMarks::new(marks));
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
            && matches!(self.undo.last(), Some(Edit::UpdateClaim { id: last, change: ClaimChange::Note(_), .. }) if last == id);
        let edit = Edit::UpdateClaim {
            id: id.clone(),
            change: ClaimChange::Note(note),
            modified: now_timestamp(),
        };
        if continues_typing {
            // Keep the first inverse: undo goes back to before the typing.
            self.apply_indexed(edit, now)?;
            self.redo.clear();
            Ok(())
        } else {
            self.apply(edit, now)
        }
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

    pub fn toggle_done(&mut self, doc: &str, now: f64) -> Result<(), EditError> {
        let done = self.ws.project.documents.get(doc).is_some_and(|d| d.done);
        self.apply(
            Edit::SetDone {
                doc: doc.to_owned(),
                done: !done,
            },
            now,
        )
    }

    // ---- saving ------------------------------------------------------------

    /// Called every frame: finishes a save in flight and starts one when the
    /// last edit is [`AUTOSAVE_DELAY`] old. Returns seconds until it wants to
    /// be called again, if it is waiting for something.
    pub fn tick(&mut self, now: f64) -> Option<f64> {
        if let Some((version, rx)) = &self.in_flight {
            match rx.try_recv() {
                Ok(result) => {
                    let version = *version;
                    self.in_flight = None;
                    self.finish_save(version, result);
                }
                Err(mpsc::TryRecvError::Empty) => return Some(0.05),
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.in_flight = None;
                    self.save_state = SaveState::Failed("the save was interrupted".into());
                }
            }
        }
        if !self.has_unsaved_changes() || matches!(self.save_state, SaveState::Failed(_)) {
            return None;
        }
        let wait = self.changed_at + AUTOSAVE_DELAY - now;
        if wait > 0.0 {
            return Some(wait);
        }
        self.start_save();
        Some(0.05)
    }

    fn start_save(&mut self) {
        let project = self.ws.project.clone();
        let path = self.ws.project_path.clone();
        let (tx, rx) = mpsc::channel();
        let version = self.version;
        let spawned = std::thread::Builder::new()
            .name("crosscheck-save".into())
            .spawn(move || {
                let result = project::save(&project, &path).map_err(|e| e.to_string());
                let _ = tx.send(result);
            });
        match spawned {
            Ok(_) => {
                self.in_flight = Some((version, rx));
                self.save_state = SaveState::Saving;
            }
            Err(err) => self.save_state = SaveState::Failed(err.to_string()),
        }
    }

    fn finish_save(&mut self, version: u64, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.saved_version = version;
                self.save_state = if self.has_unsaved_changes() {
                    SaveState::Pending
                } else {
                    SaveState::Saved
                };
            }
            Err(message) => self.save_state = SaveState::Failed(message),
        }
    }

    /// Saves now, on this thread (Ctrl+S, closing the window).
    pub fn save_now(&mut self) -> Result<(), String> {
        if let Some((version, rx)) = self.in_flight.take()
            && let Ok(result) = rx.recv()
        {
            self.finish_save(version, result);
        }
        let version = self.version;
        let result = self.ws.save().map_err(|e| e.to_string());
        self.finish_save(version, result.clone());
        result
    }

    /// Moves the project to a new file and saves it there.
    pub fn save_as(&mut self, path: &std::path::Path) -> Result<(), String> {
        let version = self.version;
        let result = self.ws.save_as(path).map_err(|e| e.to_string());
        self.finish_save(version, result.clone());
        result
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
