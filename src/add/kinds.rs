//! Which files can be added to a corpus, by extension.

use std::path::Path;

use crate::corpus::FileKind;

/// The extensions (lowercase, without the dot) of files that can be added:
/// those the corpus reads.
pub const ADDABLE_EXTENSIONS: &[&str] = crate::corpus::CORPUS_EXTENSIONS;

/// The extension of `path` in lowercase; empty when it has none (or it is
/// not Unicode).
pub fn extension_of(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// Whether a file like `path` can be added.
pub fn is_addable(path: &Path) -> bool {
    FileKind::of(path).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_matched_in_any_case() {
        assert!(is_addable(Path::new("a/B.PDF")));
        assert!(is_addable(Path::new("x.Html")));
        assert!(is_addable(Path::new("rows.jsonl")));
        assert!(!is_addable(Path::new("photo.png")));
        assert!(!is_addable(Path::new("README")));
        assert!(!is_addable(Path::new(".txt")));
    }
}
