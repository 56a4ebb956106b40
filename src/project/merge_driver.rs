//! `crosscheck merge`, git's merge driver for project files: the three
//! files read, merged by claim id (`merge.rs`) and written with the
//! checked save (`shared.rs`), so a window holding `ours` loses nothing.

use std::path::Path;

use super::error::ProjectError;
use super::file::{from_ron, load, to_ron};
use super::merge::{MergeSummary, merge};
use super::shared;

/// The driver: reads the three files git hands over, writes the merge
/// atomically over `ours` (git's `%A`). Nothing is written when any file
/// cannot be read, so git reports the conflict and keeps every version.
pub fn merge_files(base: &Path, ours: &Path, theirs: &Path) -> Result<MergeSummary, ProjectError> {
    // git passes an empty file as the ancestor when both branches added
    // the file.
    let base_text = crate::input::read(base, crate::input::MAX_INPUT_BYTES).map_err(|source| {
        ProjectError::Read {
            path: base.to_path_buf(),
            source,
        }
    })?;
    let base = if base_text.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        Some(load(base)?)
    };
    // `ours` may be a project a window has open: read as the window would
    // recover it (its journal's edits in), and written with the checked
    // save, which marks that journal folded rather than leaving it
    // orphaned, and merges anything the window saved meanwhile.
    let recovered = shared::load_recovered(ours)?;
    let t = load(theirs)?;
    let (merged, summary) = merge(base.as_ref(), &recovered.project, &t);
    let text = to_ron(&merged)?;
    // The result must read back: a merge never leaves a broken file.
    from_ron(&text, ours)?;
    shared::save_checked(merged, ours, &recovered.snapshot, None, false)?;
    Ok(summary)
}
