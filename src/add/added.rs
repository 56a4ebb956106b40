//! What adding an item wrote.

use std::path::PathBuf;

/// An item added to a corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Added {
    /// The file written, relative to the corpus root.
    pub path: PathBuf,
    /// The article's headline; a file's name when it has none to read.
    pub title: String,
    /// The page kept beside a fetched article, relative to the corpus root.
    pub snapshot: Option<PathBuf>,
}
