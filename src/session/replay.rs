//! What opening found in the edit journal: the edits a crash kept out of
//! the project file, applied before anything is indexed.

use crate::project::journal::{self, Found};
use crate::workspace::Workspace;

/// What opening found in the journal, after replaying it.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(super) struct Recovery {
    pub(super) base: Option<journal::FileHash>,
    pub(super) found: Found,
    pub(super) replayed: journal::Replayed,
}

/// Applies the edits a crash kept out of the project file.
pub(super) fn replay_journal(ws: &mut Workspace) -> Recovery {
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
