//! Why a study could not be planned or read.

use std::path::PathBuf;

/// Why a study could not be planned or read.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    #[error("{0}")]
    Settings(String),
    #[error("cannot read the corpus: {0}")]
    Corpus(String),
    #[error(transparent)]
    Project(#[from] crate::project::ProjectError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("study plan {path} is not valid: {message}")]
    InvalidPlan { path: PathBuf, message: String },
    #[error("cannot write {path}: {message}")]
    Write { path: PathBuf, message: String },
    #[error("cannot serialize the plan: {0}")]
    Serialize(String),
    #[error(
        "not changing {path}: {note}. Have its annotator open it in crosscheck (it recovers and \
         saves them) and close it, then run this again"
    )]
    Busy { path: PathBuf, note: String },
}
