//! A folder the page read, before it is opened.

use crate::corpus::Skipped;

/// A folder read by the page (file input or in place): (path below the
/// folder, bytes).
pub struct PickedFolder {
    pub name: String,
    pub files: Vec<(String, Vec<u8>)>,
    /// Files not read at all (too large, unreadable, not text).
    pub skipped: Vec<Skipped>,
}
