//! Counters a worker updates while a corpus loads.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Shared counters a worker thread updates while a corpus loads, so a window
/// can draw a progress bar and offer to cancel.
#[derive(Debug, Default)]
pub struct Progress {
    pub found: AtomicUsize,
    pub read: AtomicUsize,
    pub cancel: AtomicBool,
}

impl Progress {
    /// (files read, files found) so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.read.load(Ordering::Relaxed),
            self.found.load(Ordering::Relaxed),
        )
    }
}
