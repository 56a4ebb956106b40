//! What a claim read from a file must be on its own, whoever reads it
//! (the whole check in `file.rs` and the fast block reader alike).

use std::path::Path;

use super::error::ProjectError;
use super::model::Claim;

/// Whether a document id stays inside the corpus: relative, `/`-separated,
/// no `..`, `.` or empty components, no drive letters or backslashes.
pub fn is_safe_doc_id(id: &str) -> bool {
    // Bytes, not chars: every byte tested is ASCII, and a load checks
    // 250,000 of these.
    let bytes = id.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    let odd =
        bytes.is_empty() || bytes[0] == b'/' || drive || memchr::memchr2(b'\\', 0, bytes).is_some();
    !odd && bytes
        .split(|&b| b == b'/')
        .all(|part| !matches!(part, b"" | b"." | b".."))
}

/// What is wrong with one claim on its own, if anything: a document
/// outside the corpus, an empty span. (Its labels need the project's label
/// set.) [`validate`] and the block reader both ask this, so the fast path
/// cannot come to accept what the whole check refuses.
pub(super) fn claim_problem(claim: &Claim, path: &Path) -> Option<ProjectError> {
    claim.spans().find_map(|span| {
        if !is_safe_doc_id(&span.doc) {
            Some(ProjectError::PathEscape {
                path: path.to_path_buf(),
                doc: span.doc.clone(),
            })
        } else if span.start >= span.end {
            Some(ProjectError::Invalid {
                path: path.to_path_buf(),
                message: format!(
                    "claim {} has an empty or reversed span {}..{}",
                    claim.id, span.start, span.end
                ),
            })
        } else {
            None
        }
    })
}

/// [`claim_problem`] finds nothing (the block reader, which reports nothing
/// itself: `file.rs` then runs the whole check for the message).
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn claim_is_sound(claim: &Claim) -> bool {
    claim_problem(claim, Path::new("")).is_none()
}
