//! An opened workspace and everything that changes it, with no egui: the
//! window, the benchmarks and the tests drive the same [`Session`].
//!
//! By concern: `state` (what a session holds, how it starts, what the
//! window reads), `edits` (every change, with undo and redo, keeping the
//! highlights current), `index` (which claims each document has),
//! [`highlights`] (the marks of one document, queried by range), `autosave`
//! (saving on a worker after a pause, Save as…, saving on close) with the
//! save in flight (`in_flight`), and `recovery` (the edit journal: `replay`
//! of what a crash kept out of the file, then journaling every edit).

pub mod active_time;
mod autosave;
mod edits;
pub mod highlights;
mod in_flight;
mod index;
mod recovery;
mod replay;
mod state;
#[cfg(test)]
mod tests;
#[cfg(not(target_arch = "wasm32"))]
mod writer_slot;
#[cfg(not(target_arch = "wasm32"))]
mod writers;

pub use active_time::ActiveClock;
pub use highlights::{DocMarks, Mark};
pub use state::{AUTOSAVE_DELAY, LabelProposal, SaveState, Session};
