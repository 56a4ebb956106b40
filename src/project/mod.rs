//! The project: claims with exact offsets, their edits, their files, and
//! re-anchoring them when documents change.

mod anchor;
// The web page reads projects from the browser's storage, whole.
#[cfg(not(target_arch = "wasm32"))]
mod blocks;
mod edit;
mod error;
mod file;
mod file_hash;
pub mod journal;
pub mod label_change;
mod label_rules;
#[cfg(not(target_arch = "wasm32"))]
pub mod lock;
mod merge;
#[cfg(not(target_arch = "wasm32"))]
mod merge_driver;
mod model;
mod overview;
mod ron_read;
mod ron_write;
pub mod schemes;
#[cfg(not(target_arch = "wasm32"))]
pub mod shared;
mod soundness;

pub use anchor::{AnchorReport, SpanRef, sync_with_corpus};
pub use edit::{ClaimChange, Edit, EditError};
pub use error::ProjectError;
pub use file::{
    DEFAULT_PROJECT_FILE, PendingSave, backup_path, commit, corpus_dir, corpus_reference, from_ron,
    load, load_hashed, save, to_ron, write_pending,
};
pub use merge::{MergeSummary, merge};
#[cfg(not(target_arch = "wasm32"))]
pub use merge_driver::merge_files;
pub use model::{
    AnswerKey, CONTEXT_CHARS, Claim, ClaimId, Claims, DocumentInfo, Evidence, FEVER_TARGETS,
    FORMAT_VERSION, Feedback, KeyInfo, Label, Mark, MergeConflict, NLI_TARGETS, Project, Rubric,
    Span, default_labels, new_id, now_timestamp,
};
pub use overview::{PairLinks, link_matrix};
pub use soundness::is_safe_doc_id;
