//! This window's place among the project's writers (filled in by
//! `writers.rs`), kept apart so the session's state and its saves can name
//! it without importing the code that uses it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::project::journal::{self, Found};
use crate::project::lock;
use crate::project::shared::{Saved, Snapshot};
use crate::workspace::Workspace;

/// The file as this window last loaded or wrote it, its entry in the lock
/// file, and which journal is its own.
pub(super) struct Writers {
    pub(super) base: Snapshot,
    pub(super) held: Option<lock::Held>,
    pub(super) journal_path: PathBuf,
    /// The other windows that had the project open when this one joined.
    pub(super) others: Vec<lock::Writer>,
}

/// A save that went through.
pub(super) struct SaveDone {
    pub(super) saved: Saved,
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
    // This process's own earlier session of the project (the folder read
    // again after an add) is about to go: not another window to tell of.
    let pid = std::process::id();
    let host = lock::host_name();
    let elsewhere: Vec<&lock::Writer> = live
        .iter()
        .filter(|w| !(w.pid == pid && w.host == host))
        .collect();
    let note = (!elsewhere.is_empty()).then(|| {
        let who: Vec<String> = elsewhere.iter().map(|w| w.describe()).collect();
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
            others: live,
        },
        note,
    )
}
