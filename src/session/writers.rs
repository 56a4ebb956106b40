//! Other writers on the project (`project::shared`): the file as this
//! window last loaded or wrote it, its entry in the lock file, which
//! journal is its own, and taking in what a save merged from the others.

use std::path::Path;

use super::Session;
use super::in_flight::SaveResult;
use super::index::{Indexed, index_claims};
use super::writer_slot::SaveDone;
use crate::project::journal::{self, JournalHandle};
use crate::project::shared::{self, Saved, Snapshot};
use crate::project::{self, Project};

/// A checked save from a save job or the closing window.
pub(super) fn save_checked(
    project: Project,
    path: &Path,
    base: &Snapshot,
    upto: u64,
    journal: Option<&JournalHandle>,
    journal_path: &Path,
    moved: bool,
) -> SaveResult {
    let own = journal.map(|handle| shared::OwnJournal {
        handle,
        upto,
        path: journal_path.to_path_buf(),
    });
    shared::save_checked(project, path, base, own, moved)
        .map(|saved| SaveDone { saved })
        .map_err(|e| e.to_string())
}

impl Session {
    /// Takes in what a save wrote: the next save's ancestor and, when it
    /// merged another writer's work in, that work, folded into the edits
    /// made while it ran. Returns the version now on disk.
    pub(super) fn take_in_save(&mut self, version: u64, done: SaveDone) -> u64 {
        let Saved {
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

    /// The hash of the file as this window last loaded or wrote it.
    pub fn base_hash(&self) -> Option<&journal::FileHash> {
        self.writers.base.hash()
    }

    /// Windows of other processes that had the project open when this one
    /// opened it (its own earlier entries left out: a project reopened in
    /// the same window is not "open elsewhere").
    pub fn other_writers(&self) -> Vec<&crate::project::lock::Writer> {
        let pid = std::process::id();
        let host = crate::project::lock::host_name();
        self.writers
            .others
            .iter()
            .filter(|w| !(w.pid == pid && w.host == host))
            .collect()
    }

    /// Makes this session read-only: edits are refused, nothing is saved or
    /// journaled, and its entry leaves the lock file (it writes nothing, so
    /// nobody need merge with it).
    pub fn make_read_only(&mut self) {
        self.read_only = true;
        self.writers.held = None;
        self.journal = None;
        self.in_flight = None;
        self.save_asap = false;
        self.save_state = super::SaveState::Saved;
        self.notice = Some(
            "Opened read-only: nothing here is saved; open the project again to edit it".into(),
        );
    }

    /// The edit journal this window writes.
    pub fn journal_path(&self) -> &Path {
        &self.writers.journal_path
    }
}
