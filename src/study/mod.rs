//! Running a study: a corpus's documents split among annotators with a
//! share double-annotated ([`assign`]), the plan saying who has what
//! ([`plan`]), the files written ([`write`]) and how far everyone is
//! ([`progress`]). Free of egui; `crosscheck assign` and `crosscheck
//! progress` are its command line. See `docs/study.md`.

pub mod assign;
pub mod plan;
pub mod progress;
pub mod write;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

pub use assign::{Changes, CorpusDoc, Resolved, Settings, Started, plan_documents, resolve};
pub use plan::{Member, PLAN_FILE, PLAN_VERSION, Plan, PlannedDoc};
pub use progress::{Report, progress};
pub use write::{Outcome, Request, assign};

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

/// Text from a file (a name, a document id) safe to print on a terminal:
/// control characters become U+FFFD.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}
