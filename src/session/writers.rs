//! Other writers on the project (`project::shared`): the file as this
//! window last loaded or wrote it, its entry in the lock file, which
//! journal is its own, and taking in what a save merged from the others.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Session;
use super::in_flight::SaveResult;
use super::index::{Indexed, index_claims};
use crate::project::journal::{self, Found, JournalHandle};
use crate::project::shared::{self, Saved, Snapshot};
use crate::project::{self, Project, lock};
use crate::workspace::Workspace;

pub(super) struct Writers {
    pub(super) base: Snapshot,
    held: Option<lock::Held>,
    pub(super) journal_path: PathBuf,
}

/// A save that went through.
pub(super) struct SaveDone {
    saved: Saved,
}

/// Takes this window's place among the project's writers: the first
/// window writes `crosscheck.ron.journal`; a second one, while the first
/// is still there, its own journal, and leaves the first one's alone (it is
/// not replayed here: the edits in it are that window's, which its saves,
/// or ours, merge in). Returns what the window should say about the others.
pub(super) fn join(ws: &mut Workspace, annotator: &str) -> (Writers, Option<String>) {
    let base = Snapshot::loaded(ws.journal.base.clone(), Arc::new(ws.project.clone()));
    let path = ws.project_path.clone();
    let primary = journal::journal_path(&path);
    let name_of = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let live = lock::live_writers(&path);
    let primary_taken = live.iter().any(|w| w.journal == name_of(&primary));
    let mut writer = lock::Writer::this_process(annotator, name_of(&primary));
    let journal_path = if primary_taken {
        ws.journal.found = Found::Nothing;
        let own = journal::writer_journal_path(&path, &writer.id);
        writer.journal = name_of(&own);
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
    // A folder that cannot be written keeps no lock: nothing here can be
    // saved there either.
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

    /// The edit journal this window writes.
    pub fn journal_path(&self) -> &Path {
        &self.writers.journal_path
    }
}
