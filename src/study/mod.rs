//! Running a study: a corpus's documents split among annotators with a
//! share double-annotated ([`assign`]), the plan saying who has what
//! ([`plan`]), the files written ([`write`]) and how far everyone is
//! ([`progress`]). Free of egui; `crosscheck assign` and `crosscheck
//! progress` are its command line. See `docs/study.md`.

pub mod assign;
mod error;
// Writes beside other writers (project::shared): the desktop only.
#[cfg(not(target_arch = "wasm32"))]
pub mod gather;
pub mod plan;
pub mod progress;
pub mod share;
pub mod write;

#[cfg(test)]
mod tests;

pub use assign::{Changes, CorpusDoc, Resolved, Settings, Started, plan_documents, resolve};
pub use error::StudyError;
#[cfg(not(target_arch = "wasm32"))]
pub use gather::{Gathered, gather};
pub use plan::{Member, PLAN_FILE, PLAN_VERSION, Plan, PlannedDoc};
pub use progress::{Report, progress};
pub use share::Share;
pub use write::{Outcome, Request, assign};
