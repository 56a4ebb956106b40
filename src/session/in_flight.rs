//! A save running on a worker, as the session keeps it.

use std::path::PathBuf;

use crate::jobs::Job;

/// What a save job reports.
#[cfg(not(target_arch = "wasm32"))]
pub(super) type SaveResult = Result<super::writer_slot::SaveDone, String>;
#[cfg(target_arch = "wasm32")]
pub(super) type SaveResult = Result<(), String>;

/// A save on a worker: the version it writes, and where (Save as… moves the
/// project when it succeeds).
pub(super) struct InFlight {
    pub(super) version: u64,
    pub(super) job: Job<SaveResult>,
    pub(super) moved_to: Option<(PathBuf, String)>,
}
