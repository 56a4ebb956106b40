//! An opened workspace and everything that changes it: edits with undo and
//! redo, the highlight index they keep current, and autosave. No egui here.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};

use super::highlights::{DocMarks, marks_by_doc};
use super::jobs::{Job, Poll, Waker};
#[cfg_attr(target_arch = "wasm32", allow(unused_imports))]
use crate::project::journal::{
    self, Entry, Found, Journal, JournalStore as _, JournalWriter, Step,
};
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

/// What a save job reports.
type SaveResult = Result<SaveDone, String>;

/// A save that went through: the file now on disk and, when it merged
/// another writer's work in, what and from which state of ours.
struct SaveDone {
    #[cfg(not(target_arch = "wasm32"))]
    saved: crate::project::shared::Saved,
}

/// A save on a worker: the version it writes, and where (Save as… moves the
/// project when it succeeds).
struct InFlight {
    version: u64,
    job: Job<SaveResult>,
    moved_to: Option<(PathBuf, String)>,
}

pub struct Session {
    ws: Workspace,
    annotator: String,
    /// Per document: its claims and, once it has been shown, its highlights.
    docs: HashMap<String, DocIndex>,
    undo: VecDeque<Edit>,
    redo: Vec<Edit>,
    /// Bumped on every change; compared with what was saved.
    version: u64,
    saved_version: u64,
    changed_at: f64,
    in_flight: Option<InFlight>,
    /// Save as soon as possible (Ctrl+S, Retry, closing), not after the delay.
    save_asap: bool,
    /// A Save as… waiting for the save in flight to finish.
    queued_save_as: Option<PathBuf>,
    save_state: SaveState,
    /// Something the window should say once (where the project lives, …).
    pub notice: Option<String>,
    /// (version, evidence links) so the status bar does not count every frame.
    evidence_count: std::cell::Cell<Option<(u64, usize)>>,
    /// (version, claims flagged by a merge), likewise.
    flagged: std::cell::Cell<Option<(u64, usize)>>,
    /// Every edit goes here within milliseconds (see `project::journal`).
    journal: Option<JournalWriter>,
    /// The seq of the last edit journaled.
    journal_seq: u64,
    /// Why edits are not journaled at all this session (a journal that
    /// could not be moved aside).
    journal_off: Option<String>,
    /// The journal problem last acted on, so a new one saves at once.
    journal_seen: Option<String>,
    /// Repaints the window when the journal writer fails or recovers.
    journal_wake: std::sync::Arc<std::sync::Mutex<Option<Waker>>>,
    /// Other writers on the project (`project::shared`): the file as last
    /// loaded or written, this window's entry in the lock file, and which
    /// journal is this window's own.
    #[cfg(not(target_arch = "wasm32"))]
    writers: Writers,
}

#[cfg(not(target_arch = "wasm32"))]
struct Writers {
    base: crate::project::shared::Snapshot,
    held: Option<crate::project::lock::Held>,
    journal_path: PathBuf,
}

/// Takes this window's place among the project's writers: the first
/// window writes `crosscheck.ron.journal`; a second one, while the first
/// is still there, its own journal, and leaves the first one's alone (it
/// is not replayed here: the edits in it are that window's, which its
/// saves, or ours, merge in).
#[cfg(not(target_arch = "wasm32"))]
fn join_writers(ws: &mut Workspace, annotator: &str) -> (Writers, Option<String>) {
    use crate::project::lock;
    let base = crate::project::shared::Snapshot::loaded(
        ws.journal.base.clone(),
        std::sync::Arc::new(ws.project.clone()),
    );
    let path = ws.project_path.clone();
    let primary = journal::journal_path(&path);
    let primary_name = primary
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let live = lock::live_writers(&path);
    let primary_taken = live.iter().any(|w| w.journal == primary_name);
    let mut writer = lock::Writer::this_process(annotator, primary_name);
    let journal_path = if primary_taken {
        ws.journal.found = Found::Nothing;
        let own = journal::writer_journal_path(&path, &writer.id);
        writer.journal = own
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        own
    } else {
        primary
    };
    let note = (!live.is_empty()).then(|| {
        let who: Vec<String> = live.iter().map(lock::Writer::describe).collect();
        format!(
            "This project is also open in another window ({}); every save merges that \
             window's work with this one's",
            who.join("; ")
        )
    });
    // A folder that cannot be written keeps no lock: there is nothing to warn
    // the next window about, as nothing here can be saved there.
    let held = lock::acquire(&path, writer).ok().map(|(held, _)| held);
    (
        Writers {
            base,
            held,
            journal_path,
        },
        note,
    )
}

/// A label proposed for a claim from a newly linked evidence span; the
/// person confirms it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelProposal {
    pub claim: ClaimId,
    pub label: String,
}

impl Session {
    pub fn new(mut ws: Workspace, annotator: impl Into<String>) -> Self {
        let annotator = annotator.into();
        #[cfg(not(target_arch = "wasm32"))]
        let (writers, writers_note) = join_writers(&mut ws, &annotator);
        // Before anything is indexed: the replayed edits are part of the
        // project from the start.
        let recovery = replay_journal(&mut ws);
        let Indexed {
            docs,
            evidence,
            flagged,
        } = index_claims(&ws);
        // Re-anchoring changed the project in memory: write that down soon.
        let report_changed = !ws.report.changed_docs.is_empty()
            || !ws.report.detached.is_empty()
            || !ws.report.reattached.is_empty();
        let dirty = report_changed && !ws.is_new;
        let mut session = Self {
            ws,
            annotator,
            docs,
            undo: VecDeque::new(),
            redo: Vec::new(),
            version: u64::from(dirty),
            saved_version: 0,
            changed_at: f64::NEG_INFINITY,
            in_flight: None,
            save_asap: false,
            queued_save_as: None,
            save_state: if dirty {
                SaveState::Pending
            } else {
                SaveState::Saved
            },
            notice: None,
            // Counted in the same walk as the index, so that the first
            // frame's status bar does not walk 100,000 claims twice more.
            evidence_count: std::cell::Cell::new(Some((u64::from(dirty), evidence))),
            flagged: std::cell::Cell::new(Some((u64::from(dirty), flagged))),
            journal: None,
            journal_seq: 0,
            journal_off: None,
            journal_seen: None,
            journal_wake: Default::default(),
            #[cfg(not(target_arch = "wasm32"))]
            writers,
        };
        session.start_journal(recovery);
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(note) = writers_note {
            session.notice = Some(match session.notice.take() {
                Some(other) => format!("{note}; {other}"),
                None => note,
            });
        }
        session
    }

    /// Claims a git merge flagged for the adjudicator, counted once per change.
    pub fn flagged_count(&self) -> usize {
        match self.flagged.get() {
            Some((version, n)) if version == self.version => n,
            _ => {
                let n = self
                    .ws
                    .project
                    .claims()
                    .iter()
                    .filter(|c| c.conflict.is_some())
                    .count();
                self.flagged.set(Some((self.version, n)));
                n
            }
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

    /// The highlights of `doc`, built the first time it is asked for:
    /// opening a project of 100,000 claims indexes nothing but which claims
    /// each document has, and the first frame pays only for what it shows.
    /// `None` when no span of any claim has ever been in `doc`.
    pub fn marks(&self, doc: &str) -> Option<&DocMarks> {
        let entry = self.docs.get(doc)?;
        Some(entry.marks.get_or_init(|| {
            let claims = entry
                .claims
                .iter()
                .filter_map(|id| self.ws.project.claims().get(id));
            DocMarks::new(marks_by_doc(claims).remove(doc).unwrap_or_default())
        }))
    }

    pub fn claim(&self, id: &ClaimId) -> Option<&Claim> {
        self.ws.project.claims().get(id)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo_description(&self) -> Option<&'static str> {
        self.undo.back().map(Edit::describe)
    }

    pub fn redo_description(&self) -> Option<&'static str> {
        self.redo.last().map(Edit::describe)
    }

    pub fn has_unsaved_changes(&self) -> bool {
        self.version != self.saved_version
    }

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

    // ---- saving ------------------------------------------------------------

    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    pub fn annotator(&self) -> &str {
        &self.annotator
    }

    pub fn set_annotator(&mut self, name: impl Into<String>) {
        self.annotator = name.into();
    }

    pub fn save_state(&self) -> &SaveState {
        &self.save_state
    }

    /// A save is running on a worker.
    pub fn is_saving(&self) -> bool {
        self.in_flight.is_some()
    }

    /// Called every frame: finishes a save in flight and starts one when the
    /// last edit is [`AUTOSAVE_DELAY`] old (or at once after [`Self::save_soon`]).
    /// `wake` repaints the window when a save finishes. Returns seconds until
    /// it wants to be called again, if it is waiting for a delay.
    pub fn tick(&mut self, now: f64, wake: &Waker) -> Option<f64> {
        self.watch_journal(wake);
        if let Some(flight) = &self.in_flight {
            let result = match flight.job.poll() {
                Poll::Running => return None,
                Poll::Ready(result) => result,
                Poll::Lost => Err("the save stopped unexpectedly".into()),
            };
            if let Some(flight) = self.in_flight.take() {
                self.finish_save(flight.version, flight.moved_to, result);
            }
        }
        if let Some(path) = self.queued_save_as.take() {
            self.start_save_as(&path, wake);
            return None;
        }
        if !self.has_unsaved_changes() {
            self.save_asap = false;
            return None;
        }
        if matches!(self.save_state, SaveState::Failed(_)) && !self.save_asap {
            return None;
        }
        let wait = self.changed_at + AUTOSAVE_DELAY - now;
        if wait > 0.0 && !self.save_asap {
            return Some(wait);
        }
        self.save_asap = false;
        self.start_save(None, wake);
        None
    }

    /// Saves at the next tick instead of after the delay (Ctrl+S, Retry).
    pub fn save_soon(&mut self) {
        self.save_asap = true;
        if let SaveState::Failed(_) = self.save_state {
            self.save_state = SaveState::Pending;
        }
    }

    fn start_save(&mut self, moved_to: Option<(PathBuf, String)>, wake: &Waker) {
        let mut project = self.ws.project.clone();
        let path = match &moved_to {
            Some((path, corpus)) => {
                project.set_corpus_reference(corpus.clone());
                path.clone()
            }
            None => self.ws.project_path.clone(),
        };
        let upto = self.journal_seq;
        let journal = self.journal.as_ref().map(JournalWriter::handle);
        let moved = moved_to.is_some();
        #[cfg(not(target_arch = "wasm32"))]
        let (base, journal_path) = (self.writers.base.clone(), self.writers.journal_path.clone());
        let job = Job::spawn("saving", wake.clone(), move || {
            #[cfg(not(target_arch = "wasm32"))]
            return save_checked(
                project,
                &path,
                &base,
                upto,
                journal.as_ref(),
                &journal_path,
                moved,
            );
            #[cfg(target_arch = "wasm32")]
            save_folding(&project, &path, upto, journal.as_ref(), moved).map(|()| SaveDone {})
        });
        self.in_flight = Some(InFlight {
            version: self.version,
            job,
            moved_to,
        });
        self.save_state = SaveState::Saving;
    }

    /// Saves the project to a new file on a worker; when that succeeds the
    /// project lives there. The corpus reference is rewritten relative to
    /// the new place.
    pub fn save_as(&mut self, path: &Path, wake: &Waker) {
        if self.in_flight.is_some() {
            self.queued_save_as = Some(path.to_path_buf());
            return;
        }
        self.start_save_as(path, wake);
    }

    fn start_save_as(&mut self, path: &Path, wake: &Waker) {
        let corpus = project::corpus_reference(path, &self.ws.corpus.root);
        self.start_save(Some((path.to_path_buf(), corpus)), wake);
    }

    fn finish_save(
        &mut self,
        version: u64,
        moved_to: Option<(PathBuf, String)>,
        result: SaveResult,
    ) {
        match result {
            Ok(done) => {
                if let Some((path, corpus)) = moved_to {
                    self.ws.project.set_corpus_reference(corpus);
                    self.notice = Some(format!("Saved as {}", path.display()));
                    self.ws.project_path = path;
                }
                #[cfg(not(target_arch = "wasm32"))]
                let version = self.take_in_save(version, done);
                #[cfg(target_arch = "wasm32")]
                let SaveDone {} = done;
                self.saved_version = version;
                self.save_state = if self.has_unsaved_changes() {
                    SaveState::Pending
                } else {
                    SaveState::Saved
                };
            }
            Err(message) => {
                let message = match moved_to {
                    Some((path, _)) => format!("{}: {message}", path.display()),
                    None => message,
                };
                self.save_state = SaveState::Failed(message);
            }
        }
    }

    /// Saves on this thread: the last resort when the window closes.
    pub fn save_blocking(&mut self) -> Result<(), String> {
        if let Some(flight) = self.in_flight.take() {
            let result = flight
                .job
                .wait()
                .unwrap_or_else(|| Err("the save stopped unexpectedly".into()));
            self.finish_save(flight.version, flight.moved_to, result);
        }
        // What is on its way to the journal goes first: nothing may reach
        // it after it is folded and closed.
        self.sync_journal();
        let journal = self.journal.as_ref().map(JournalWriter::handle);
        if self.has_unsaved_changes() {
            let version = self.version;
            #[cfg(not(target_arch = "wasm32"))]
            let result = save_checked(
                self.ws.project.clone(),
                &self.ws.project_path,
                &self.writers.base,
                self.journal_seq,
                journal.as_ref(),
                &self.writers.journal_path,
                false,
            );
            #[cfg(target_arch = "wasm32")]
            let result = save_folding(
                &self.ws.project,
                &self.ws.project_path,
                self.journal_seq,
                journal.as_ref(),
                false,
            )
            .map(|()| SaveDone {});
            let failed = result.as_ref().err().cloned();
            self.finish_save(version, None, result);
            if let Some(message) = failed {
                return Err(message);
            }
        }
        // Closing with everything saved: no journal stays behind.
        if let Some(journal) = journal {
            let _ = journal.close();
        }
        Ok(())
    }

    /// Waits for the save in flight, if any (tests, benchmarks).
    pub fn wait_for_save(&mut self) {
        if let Some(flight) = self.in_flight.take() {
            let result = flight
                .job
                .wait()
                .unwrap_or_else(|| Err("the save stopped unexpectedly".into()));
            self.finish_save(flight.version, flight.moved_to, result);
        }
    }
}

// ---- other writers -----------------------------------------------------------

/// A checked save (`project::shared`) from a save job or the closing window.
#[cfg(not(target_arch = "wasm32"))]
fn save_checked(
    project: crate::project::Project,
    path: &Path,
    base: &crate::project::shared::Snapshot,
    upto: u64,
    journal: Option<&journal::JournalHandle>,
    journal_path: &Path,
    moved: bool,
) -> SaveResult {
    let own = journal.map(|handle| crate::project::shared::OwnJournal {
        handle,
        upto,
        path: journal_path.to_path_buf(),
    });
    crate::project::shared::save_checked(project, path, base, own, moved)
        .map(|saved| SaveDone { saved })
        .map_err(|e| e.to_string())
}

#[cfg(not(target_arch = "wasm32"))]
impl Session {
    /// Takes in what a save wrote: the next save's ancestor and, when it
    /// merged another writer's work in, that work, folded into the edits
    /// made while it ran. Returns the version now on disk.
    fn take_in_save(&mut self, version: u64, done: SaveDone) -> u64 {
        let crate::project::shared::Saved {
            snapshot,
            merged,
            ours,
        } = done.saved;
        if let Some(held) = &mut self.writers.held {
            held.refresh_if_old();
        }
        let written = snapshot.project_arc();
        self.writers.base = snapshot;
        let Some(report) = merged else {
            return version;
        };
        let edited_since = self.version != version;
        let corpus = self.ws.project.corpus().to_owned();
        self.ws.project = match (&ours, edited_since) {
            (Some(ours), true) => project::merge(Some(ours), &self.ws.project, &written).0,
            _ => (*written).clone(),
        };
        // The corpus reference is this window's (Save as… may have moved it).
        self.ws.project.set_corpus_reference(corpus);
        let Indexed { docs, .. } = index_claims(&self.ws);
        self.docs = docs;
        self.evidence_count.set(None);
        self.flagged.set(None);
        self.version += 1;
        self.notice = Some(format!("Saved: {}", report.describe()));
        if edited_since { version } else { self.version }
    }

    /// The file as this window last loaded or wrote it (tests).
    pub fn base_hash(&self) -> Option<&journal::FileHash> {
        self.writers.base.hash()
    }
}

// ---- the edit journal -------------------------------------------------------

/// What opening found in the journal, after replaying it.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
struct Recovery {
    base: Option<journal::FileHash>,
    found: Found,
    replayed: journal::Replayed,
}

/// Applies the edits a crash kept out of the project file.
fn replay_journal(ws: &mut Workspace) -> Recovery {
    let state = std::mem::take(&mut ws.journal);
    let replayed = match &state.found {
        Found::Pending(pending) => journal::replay(&mut ws.project, pending),
        _ => journal::Replayed::default(),
    };
    Recovery {
        base: state.base,
        found: state.found,
        replayed,
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Session {
    /// Takes over the journal: a foreign one is moved aside, a recovered
    /// one is written afresh and its steps become the undo history, as they
    /// were before the crash.
    fn start_journal(&mut self, recovery: Recovery) {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let mut store =
                journal::FileStore::at(self.writers.journal_path.clone(), &self.ws.project_path);
            let name = self
                .ws
                .project_path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut notes = Vec::new();
            let Recovery {
                base,
                found,
                replayed,
            } = recovery;
            let (journal, problem) = match found {
                Found::Nothing => (Journal::new(Box::new(store), &name, base), None),
                Found::Foreign { journal, reason } => match store.set_aside("orphan", false) {
                    Ok(aside) => {
                        notes.push(format!(
                            "The edit journal {journal} does not belong to this project file \
                             ({reason}): nothing from it was applied; it is kept as {aside}"
                        ));
                        (Journal::new(Box::new(store), &name, base), None)
                    }
                    Err(e) => {
                        // Never write over it: it may be someone's only copy.
                        self.journal_off = Some(format!(
                            "edits are not journaled: {journal} does not belong to this \
                             project file ({reason}) and cannot be moved aside ({e}); they \
                             are saved with the project"
                        ));
                        return;
                    }
                },
                Found::Pending(pending) => {
                    self.journal_seq = pending.entries.last().map_or(0, |e| e.seq);
                    let n = replayed.applied.len();
                    if n > 0 {
                        notes.push(format!(
                            "Recovered {} that had not been saved when crosscheck stopped \
                             (from {})",
                            plural(n, "edit", "edits"),
                            pending.journal
                        ));
                    }
                    if pending.torn {
                        notes.push("an edit cut off half way by the crash was left out".to_owned());
                    }
                    let mut problems = Vec::new();
                    if let Some(damage) = &pending.damaged {
                        problems.push(format!(
                            "the journal is damaged at line {} ({}), nothing after it was applied",
                            damage.line, damage.message
                        ));
                    }
                    if let Some((seq, err)) = replayed.failed.first() {
                        problems.push(format!(
                            "{} could not be applied (edit {seq}: {err})",
                            plural(replayed.failed.len(), "edit", "edits")
                        ));
                    }
                    if !problems.is_empty() {
                        let kept = store.set_aside("damaged", true).map_or_else(
                            |e| format!("it could not be copied: {e}"),
                            |aside| format!("a copy is kept as {aside}"),
                        );
                        notes.push(format!("{}; {kept}", problems.join("; ")));
                    }
                    self.rebuild_history(&replayed.steps);
                    if n > 0 {
                        self.version += 1;
                        self.save_state = SaveState::Pending;
                    }
                    let (journal, result) =
                        Journal::resume(Box::new(store), &name, base, &replayed.applied);
                    (journal, result.err().map(|e| e.to_string()))
                }
            };
            let wake = self.journal_wake.clone();
            let notify = std::sync::Arc::new(move || {
                if let Some(wake) = journal::lock_or_recover(&wake).as_ref() {
                    wake();
                }
            });
            self.journal = Some(JournalWriter::start(journal, problem, notify));
            if !notes.is_empty() {
                self.notice = Some(notes.join("; "));
            }
        }
        #[cfg(target_arch = "wasm32")]
        let _ = recovery;
    }

    /// The undo and redo stacks as the journaled steps left them.
    #[cfg(not(target_arch = "wasm32"))]
    fn rebuild_history(&mut self, steps: &[(Step, Edit)]) {
        for (step, inverse) in steps {
            match step {
                Step::Do => {
                    self.undo.push_back(inverse.clone());
                    if self.undo.len() > HISTORY_LIMIT {
                        self.undo.pop_front();
                    }
                    self.redo.clear();
                }
                Step::Continue => self.redo.clear(),
                Step::Undo => {
                    self.undo.pop_back();
                    self.redo.push(inverse.clone());
                }
                Step::Redo => {
                    self.redo.pop();
                    self.undo.push_back(inverse.clone());
                }
            }
        }
    }

    fn journal_edit(&mut self, step: Step, edit: Edit) {
        if let Some(journal) = &self.journal {
            self.journal_seq += 1;
            journal.append(Entry {
                seq: self.journal_seq,
                step,
                edit,
            });
        }
    }

    /// A journal that fails hands the work to the project file at once.
    fn watch_journal(&mut self, wake: &Waker) {
        let mut slot = journal::lock_or_recover(&self.journal_wake);
        if slot.is_none() {
            *slot = Some(wake.clone());
        }
        drop(slot);
        let problem = self.journal_problem();
        if problem.is_some() && problem != self.journal_seen {
            self.save_soon();
        }
        self.journal_seen = problem;
    }

    /// Why edits are not reaching the journal, while they are not: the work
    /// is in memory and goes to disk with the next save.
    pub fn journal_problem(&self) -> Option<String> {
        self.journal_off
            .clone()
            .or_else(|| self.journal.as_ref().and_then(JournalWriter::problem))
    }

    /// The person chose to discard the unsaved changes: their journal goes
    /// too, so the next open does not bring them back.
    pub fn discard_journal(&self) {
        if let Some(journal) = &self.journal {
            journal.sync();
            let _ = journal.handle().discard();
        }
    }

    /// Waits until every edit so far is in the journal (tests, closing).
    pub fn sync_journal(&self) {
        if let Some(journal) = &self.journal {
            journal.sync();
        }
    }
}

/// Saves the project in the browser's storage (the web keeps no journal
/// and has one writer).
#[cfg(target_arch = "wasm32")]
fn save_folding(
    project: &crate::project::Project,
    path: &Path,
    upto: u64,
    journal: Option<&journal::JournalHandle>,
    moved: bool,
) -> Result<(), String> {
    let _ = (upto, journal, moved);
    project::save(project, path).map_err(|e| e.to_string())
}

/// What the session knows of one document's claims.
#[derive(Default)]
struct DocIndex {
    /// Claims with a span here (their own or evidence), each once, in no
    /// particular order: a list rather than a set, because it is built in
    /// one pass and an edit finds its claim among even the 20,000 of a
    /// long article in well under a millisecond.
    claims: Vec<ClaimId>,
    /// Built when the document is first shown (see [`Session::marks`]).
    marks: std::cell::OnceCell<DocMarks>,
}

impl DocIndex {
    fn insert(&mut self, id: &ClaimId) {
        if !self.claims.contains(id) {
            self.claims.push(id.clone());
        }
    }

    fn remove(&mut self, id: &ClaimId) {
        if let Some(at) = self.claims.iter().position(|c| c == id) {
            self.claims.swap_remove(at);
        }
    }
}

/// What one walk over every claim finds when a session starts.
struct Indexed {
    docs: HashMap<String, DocIndex>,
    /// Evidence links in the project.
    evidence: usize,
    /// Claims a merge flagged.
    flagged: usize,
}

/// Which claims each document has; highlights are left for later.
fn index_claims(ws: &Workspace) -> Indexed {
    // Claims walked in the order they lie in memory (the order they were
    // read from the file) rather than by id: at 100,000 claims the walk is
    // bound by cache misses, and this order took it from ~90 to ~55 ms.
    let mut claims: Vec<&Claim> = ws.project.claims().iter().collect();
    claims.sort_unstable_by_key(|c| std::ptr::from_ref(*c) as usize);
    let mut lists: HashMap<&str, Vec<ClaimId>> = HashMap::new();
    let (mut evidence, mut flagged) = (0, 0);
    for claim in claims {
        evidence += claim.evidence.len();
        flagged += usize::from(claim.conflict.is_some());
        for span in claim.spans() {
            let list = lists.entry(span.doc.as_str()).or_default();
            // A claim with two spans in one document is listed once; its
            // spans come one after the other.
            if list.last() != Some(&claim.id) {
                list.push(claim.id.clone());
            }
        }
    }
    let docs = lists
        .into_iter()
        .map(|(doc, claims)| {
            let entry = DocIndex {
                claims,
                marks: std::cell::OnceCell::new(),
            };
            (doc.to_owned(), entry)
        })
        .collect();
    Indexed {
        docs,
        evidence,
        flagged,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Document};
    use crate::project::Project;
    use proptest::prelude::*;

    const DOCS: [&str; 3] = ["a.txt", "b.txt", "c.txt"];

    #[derive(Clone, Debug)]
    enum Op {
        /// Draw the document (builds its highlights if not built yet).
        Show(usize),
        Add(usize, usize, usize, usize, Option<(usize, usize)>),
        Remove(usize),
        MoveSpan(usize, usize, usize),
        AddEvidence(usize, usize, usize),
        Relabel(usize, usize),
        Undo,
        Redo,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..3usize).prop_map(Op::Show),
            (
                0..3usize,
                0..150usize,
                1..40usize,
                0..3usize,
                prop::option::of((0..3usize, 0..150usize))
            )
                .prop_map(|(d, s, l, lab, ev)| Op::Add(d, s, l, lab, ev)),
            any::<usize>().prop_map(Op::Remove),
            (any::<usize>(), 0..150usize, 1..40usize).prop_map(|(k, s, l)| Op::MoveSpan(k, s, l)),
            (any::<usize>(), 0..3usize, 0..150usize).prop_map(|(k, d, s)| Op::AddEvidence(k, d, s)),
            (any::<usize>(), 0..3usize).prop_map(|(k, l)| Op::Relabel(k, l)),
            Just(Op::Undo),
            Just(Op::Redo),
        ]
    }

    /// A session over three small documents; its project path (and so its
    /// edit journal) is in a temporary folder that lives as long as it.
    fn session(initial: &[(usize, usize, usize)]) -> (tempfile::TempDir, Session) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let text = "Police said officers were sent to London on Tuesday after a report. ".repeat(3);
        let docs: Vec<Document> = DOCS
            .iter()
            .map(|d| Document::new(*d, text.clone()))
            .collect();
        let corpus = Corpus::from_parts(".".into(), docs.clone(), Vec::new());
        let mut project = Project::new(".");
        project::sync_with_corpus(&mut project, &corpus);
        for (i, &(d, start, len)) in initial.iter().enumerate() {
            let span = Span::from_document(&docs[d], start, start + len).unwrap();
            let mut claim = Claim::new(span, Some("agrees".into()), "t", "2026-01-01T00:00:00Z");
            let ev = Span::from_document(&docs[(d + 1) % 3], start, start + 5).unwrap();
            claim.evidence.push(Evidence {
                id: format!("e{i}"),
                span: ev,
                relation: "contradicts".into(),
                annotator: "t".into(),
                created: "2026-01-01T00:00:00Z".into(),
            });
            project.apply(Edit::AddClaim(Box::new(claim))).unwrap();
        }
        let ws = Workspace {
            corpus,
            project,
            project_path: dir.path().join("unused.ron"),
            report: Default::default(),
            is_new: false,
            journal: Default::default(),
        };
        (dir, Session::new(ws, "t"))
    }

    /// The index as it was built before it was lazy: every span of every
    /// claim, indexed up front.
    fn eager(session: &Session, doc: &str) -> DocMarks {
        let all = marks_by_doc(session.ws.project.claims().iter());
        DocMarks::new(all.get(doc).cloned().unwrap_or_default())
    }

    fn nth_claim(session: &Session, k: usize) -> Option<ClaimId> {
        let claims = session.ws.project.claims();
        let n = claims.len();
        (n > 0).then(|| claims.iter().nth(k % n).map(|c| c.id.clone()))?
    }

    fn run(session: &mut Session, op: Op, t: f64) {
        const LABELS: [&str; 3] = ["agrees", "contradicts", "unverified"];
        // Edits that the project refuses (a span past the end, …) are part
        // of the test too: a refused edit must leave the index as it was.
        let _ = match op {
            Op::Show(d) => {
                let _ = session.marks(DOCS[d]);
                Ok(())
            }
            Op::Add(d, s, l, lab, ev) => session
                .create_claim(DOCS[d], s, s + l, Some(LABELS[lab]), t)
                .and_then(|id| match ev {
                    Some((e, es)) => session
                        .link_evidence(&id, DOCS[e], es, es + 4, "agrees", t)
                        .map(|_| ()),
                    None => Ok(()),
                }),
            Op::Remove(k) => match nth_claim(session, k) {
                Some(id) => session.delete_claim(&id, t),
                None => Ok(()),
            },
            Op::MoveSpan(k, s, l) => match nth_claim(session, k) {
                Some(id) => session.set_span(&id, s, s + l, t),
                None => Ok(()),
            },
            Op::AddEvidence(k, d, s) => match nth_claim(session, k) {
                Some(id) => session
                    .link_evidence(&id, DOCS[d], s, s + 7, "contradicts", t)
                    .map(|_| ()),
                None => Ok(()),
            },
            Op::Relabel(k, l) => match nth_claim(session, k) {
                Some(id) => session.set_label(&id, LABELS[l], t),
                None => Ok(()),
            },
            Op::Undo => {
                session.undo(t);
                Ok(())
            }
            Op::Redo => {
                session.redo(t);
                Ok(())
            }
        };
    }

    proptest! {
        #[test]
        fn lazy_index_equals_eager_index_after_edits(
            initial in prop::collection::vec((0..3usize, 0..150usize, 1..40usize), 0..12),
            ops in prop::collection::vec(op(), 0..40),
        ) {
            let (_dir, mut session) = session(&initial);
            for (i, op) in ops.into_iter().enumerate() {
                run(&mut session, op, i as f64);
            }
            for doc in DOCS {
                let expected = eager(&session, doc);
                match session.marks(doc) {
                    Some(lazy) => prop_assert_eq!(lazy, &expected, "{}", doc),
                    None => prop_assert!(expected.all().is_empty(), "{} has marks", doc),
                }
            }
        }
    }

    #[test]
    fn nothing_is_indexed_before_it_is_shown() {
        let (_dir, session) = session(&[(0, 3, 10), (1, 20, 5)]);
        assert!(session.docs.values().all(|e| e.marks.get().is_none()));
        let marks = session.marks("a.txt").unwrap();
        assert_eq!(marks.claim_count(), 1);
        assert!(session.docs["a.txt"].marks.get().is_some());
        assert!(session.docs["c.txt"].marks.get().is_none());
    }
}
