//! Opening the project a subcommand works on, and the notes and refusals
//! that come with it.

use std::path::Path;

use super::output::{Failure, warn};
use crate::corpus::Progress;
use crate::project::AnchorReport;
use crate::workspace::Workspace;

pub(super) fn open(project: &Path) -> Result<Workspace, String> {
    if !project.exists() {
        return Err(format!("project file {} does not exist", project.display()));
    }
    Workspace::open_project(project, &Progress::default()).map_err(|e| e.to_string())
}

/// Writing a project whose journal holds edits the file lacks would make
/// that journal belong to no file: the window's unsaved work would be set
/// aside instead of recovered. The window may also still have it open.
pub(super) fn refuse_pending_journal(
    journal: &crate::project::journal::JournalState,
) -> Result<(), Failure> {
    match journal.describe() {
        Some(note) if journal.pending() > 0 => Err(Failure::Message(format!(
            "not changing the project: {note}. Open the project in crosscheck (it recovers \
             and saves them) and close it, then run this again"
        ))),
        _ => Ok(()),
    }
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
