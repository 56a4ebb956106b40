//! The modal questions and offers, one file each: the annotator's name, a
//! project that cannot be opened, a project open in another window, unsaved
//! work that cannot be written, and the label offered from evidence. Each draws from what it is given and
//! returns or pushes the answer; the frame (`app/frame.rs`) asks one
//! question at a time.

pub mod name_prompt;
pub mod open_error;
pub mod proposal;
#[cfg(not(target_arch = "wasm32"))]
pub mod shared_open;
pub mod unsaved;

pub use name_prompt::NamePrompt;
pub use open_error::{OpenErrorAnswer, open_error_ui};
pub use proposal::proposal_ui;
#[cfg(not(target_arch = "wasm32"))]
pub use shared_open::shared_open_ui;
pub use unsaved::unsaved_dialog_ui;
