//! What the word index and the sentence vectors share: the sentences
//! (units) they are made of, and a build's progress.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// How far a build has come, for a progress bar; `cancel` stops it.
#[derive(Debug, Default)]
pub struct BuildProgress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
    pub cancel: AtomicBool,
}

impl BuildProgress {
    /// (documents indexed, documents) so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// A sentence: code point range in its document and its length in terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Index of the document in the corpus.
    pub doc: u32,
    pub start: u32,
    pub end: u32,
    pub(super) len: u32,
}
