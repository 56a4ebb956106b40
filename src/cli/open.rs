//! Opening the project a subcommand works on, and the notes and refusals
//! that come with it.

use std::path::Path;

use super::output::{Failure, warn};
use crate::corpus::Progress;
use crate::project::AnchorReport;
use crate::project::shared::{self, Snapshot};
use crate::workspace::Workspace;

/// Opens the project as the window would recover it: the file with every
/// journal's unsaved edits applied in memory (nothing is written). A
/// corpus whose only state is a journal (a crash before the first save)
/// opens too.
pub(super) fn open(project: &Path) -> Result<Workspace, String> {
    open_recovered(project).map(|(ws, _)| ws)
}

/// [`open`], with the snapshot a command that writes saves against.
pub(super) fn open_recovered(project: &Path) -> Result<(Workspace, Snapshot), String> {
    let journal_only =
        !project.exists() && !crate::project::journal::all_journal_paths(project).is_empty();
    if !project.exists() && !journal_only {
        return Err(format!("project file {} does not exist", project.display()));
    }
    let mut ws = if journal_only {
        let corpus = match project.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Workspace::open_folder(
            corpus,
            Some(project.to_path_buf()),
            None,
            &Progress::default(),
        )
    } else {
        Workspace::open_project(project, &Progress::default())
    }
    .map_err(|e| e.to_string())?;
    let state = std::mem::take(&mut ws.journal);
    let (snapshot, applied) = shared::recover_in_memory(&mut ws.project, project, state.base);
    for note in applied.describe().iter().chain(&applied.notes) {
        warn(&format!("note: {note}"));
    }
    if journal_only && applied.applied == 0 {
        return Err(format!(
            "project file {} does not exist, and its edit journal holds nothing to recover",
            project.display()
        ));
    }
    Ok((ws, snapshot))
}

/// Saves a project a command changed, checked against `snapshot`: what a
/// window saved meanwhile is merged in, and the journals of open windows
/// are marked as folded, never orphaned. Says what it merged.
pub(super) fn save_checked(ws: &mut Workspace, snapshot: &Snapshot) -> Result<(), String> {
    let saved = shared::save_checked(ws.project.clone(), &ws.project_path, snapshot, None, false)
        .map_err(|e| e.to_string())?;
    if let Some(report) = &saved.merged {
        warn(&format!("note: {}", report.describe()));
        ws.project = saved.snapshot.project().clone();
    }
    Ok(())
}

pub(super) fn warn_unclean(report: &AnchorReport) {
    if !report.is_clean() {
        warn(&format!(
            "warning: {} (run `crosscheck check` for details)",
            report.summary()
        ));
    }
}

/// A project file, or a corpus folder read as it is (nothing is written).
pub(super) fn open_any(path: &Path) -> Result<Workspace, Failure> {
    if path.is_dir() {
        Workspace::open_path(path, &Progress::default())
            .map_err(|e| Failure::Message(e.to_string()))
    } else {
        open(path).map_err(Failure::Message)
    }
}
