//! An opened workspace and everything that changes it, with no egui: the
//! window, the benchmarks and the tests drive the same `Session`.
//!
//! By concern: [`edits`] (every change, with undo and redo), [`index`] (which
//! claims each document has, and the highlights built from them),
//! [`highlights`] (the marks of one document, queried by range),
//! [`autosave`] (saving on a worker after a pause, Save as…, saving on
//! close), [`recovery`] (the edit journal: replaying what a crash kept out of
//! the file, and journaling every edit).

mod autosave;
mod edits;
pub mod highlights;
mod index;
mod recovery;
#[cfg(test)]
mod tests;
#[cfg(not(target_arch = "wasm32"))]
mod writers;

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;

use crate::jobs::Waker;
use crate::project::journal::JournalWriter;
use crate::project::{Claim, ClaimId, Edit};
use crate::workspace::Workspace;

use autosave::InFlight;
pub use highlights::{DocMarks, Mark};
use index::{DocIndex, Indexed, index_claims};
use recovery::replay_journal;

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
    /// The other writers on the project (`writers.rs`).
    #[cfg(not(target_arch = "wasm32"))]
    writers: writers::Writers,
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
        let (writers, writers_note) = writers::join(&mut ws, &annotator);
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
}
