//! The session itself: what it holds, how it starts, and what the window
//! reads from it. What changes it lives beside it, one file per concern.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;

use crate::jobs::Waker;
use crate::project::journal::JournalWriter;
use crate::project::{Claim, ClaimId, Edit};
use crate::workspace::Workspace;

use super::highlights::{DocMarks, marks_by_doc};
use super::in_flight::InFlight;
use super::index::{DocIndex, Indexed, index_claims};
use super::replay::replay_journal;

/// Seconds after the last edit before the project is written.
pub const AUTOSAVE_DELAY: f64 = 0.8;

/// Keystrokes in a note closer together than this are one undo step.
pub(super) const NOTE_MERGE_SECONDS: f64 = 2.0;

/// Undo steps kept.
pub(super) const HISTORY_LIMIT: usize = 10_000;

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
    pub(super) ws: Workspace,
    pub(super) annotator: String,
    /// Per document: its claims and, once it has been shown, its highlights.
    pub(super) docs: HashMap<String, DocIndex>,
    pub(super) undo: VecDeque<Edit>,
    pub(super) redo: Vec<Edit>,
    /// Bumped on every change; compared with what was saved.
    pub(super) version: u64,
    pub(super) saved_version: u64,
    pub(super) changed_at: f64,
    pub(super) in_flight: Option<InFlight>,
    /// Save as soon as possible (Ctrl+S, Retry, closing), not after the delay.
    pub(super) save_asap: bool,
    /// A Save as… waiting for the save in flight to finish.
    pub(super) queued_save_as: Option<PathBuf>,
    pub(super) save_state: SaveState,
    /// Something the window should say once (where the project lives, …).
    pub notice: Option<String>,
    /// (version, evidence links) so the status bar does not count every frame.
    pub(super) evidence_count: std::cell::Cell<Option<(u64, usize)>>,
    /// (version, claims flagged by a merge), likewise.
    pub(super) flagged: std::cell::Cell<Option<(u64, usize)>>,
    /// Every edit goes here within milliseconds (see `project::journal`).
    pub(super) journal: Option<JournalWriter>,
    /// The seq of the last edit journaled.
    pub(super) journal_seq: u64,
    /// Why edits are not journaled at all this session (a journal that
    /// could not be moved aside).
    pub(super) journal_off: Option<String>,
    /// The journal problem last acted on, so a new one saves at once.
    pub(super) journal_seen: Option<String>,
    /// Repaints the window when the journal writer fails or recovers.
    pub(super) journal_wake: std::sync::Arc<std::sync::Mutex<Option<Waker>>>,
    /// The other writers on the project (`writers.rs`).
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) writers: super::writer_slot::Writers,
    /// Opened read-only: no edit, no save, no journal, no lock entry.
    pub(super) read_only: bool,
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
        let (writers, writers_note) = super::writer_slot::join(&mut ws, &annotator);
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
            read_only: false,
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
        self.undo.back().map(Edit::describe_as_inverse)
    }

    pub fn redo_description(&self) -> Option<&'static str> {
        self.redo.last().map(Edit::describe)
    }

    pub fn has_unsaved_changes(&self) -> bool {
        !self.read_only && self.version != self.saved_version
    }

    /// Opened read-only: edits are refused and nothing is written.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    pub fn annotator(&self) -> &str {
        &self.annotator
    }

    /// The name written into new claims, and shown to other windows in
    /// the lock file (a first run opens the sample before the name is
    /// asked, so the entry is renamed once it is known).
    pub fn set_annotator(&mut self, name: impl Into<String>) {
        self.annotator = name.into();
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(held) = &mut self.writers.held {
            held.set_who(&self.annotator);
        }
    }

    pub fn save_state(&self) -> &SaveState {
        &self.save_state
    }
}
