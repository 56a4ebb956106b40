//! `crosscheck merge`: git's merge driver for project files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::output::{CliResult, warn};

/// git merge driver for project files: merges claims, labels and
/// document fingerprints by id and writes the result over OURS.
#[derive(Debug, Args)]
#[command(after_help = MERGE_HELP)]
pub struct MergeCommand {
    /// The common ancestor (git's %O; may be empty).
    pub base: PathBuf,
    /// This branch's version, replaced by the result (git's %A).
    pub ours: PathBuf,
    /// The other branch's version (git's %B).
    pub theirs: PathBuf,
}

impl MergeCommand {
    pub(super) fn run(&self) -> CliResult {
        merge(&self.base, &self.ours, &self.theirs)
    }
}

const MERGE_HELP: &str = "\
Set up once per repository:
  echo '*.ron merge=crosscheck' >> .gitattributes
  git config merge.crosscheck.driver 'crosscheck merge %O %A %B'
Claims added on either side are kept, a change on one side wins, a deletion
of a claim the other side left alone wins; a claim changed differently on
both sides is kept in both versions (the second under a new id) and flagged
for the adjudicator (`crosscheck check` lists them). Never writes conflict
markers; exits 1 without writing when a file cannot be read.";

/// `crosscheck merge BASE OURS THEIRS`: git's merge driver. The result
/// replaces OURS atomically; exit 0 when merged (flagged claims included),
/// 1 when a file cannot be read, and then OURS is untouched.
fn merge(base: &Path, ours: &Path, theirs: &Path) -> CliResult {
    let summary = crate::project::merge_files(base, ours, theirs).map_err(|e| e.to_string())?;
    if summary.flagged > 0 {
        warn(&format!(
            "crosscheck merge: {} claims changed on both sides were kept in both versions and \
             flagged for the adjudicator (`crosscheck check` lists them)",
            summary.flagged
        ));
    }
    for note in &summary.notes {
        warn(&format!("crosscheck merge: {note}"));
    }
    Ok(ExitCode::SUCCESS)
}
