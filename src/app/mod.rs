//! The egui window: opening corpora, the panels, and the keyboard.
//!
//! State lives in [`CrosscheckApp`] and [`Session`]. `frame.rs` draws a
//! frame: the panels (`panels/`), the articles (`article/`), the windows
//! (`windows/`) and the questions (`dialogs/`), each lent what it shows and
//! pushing [`Action`]s, which the controller (`controller/`) carries out
//! after drawing. ARCHITECTURE.md has the map.

pub mod action;
mod article;
mod colors;
pub mod command;
pub mod controller;
mod dialogs;
mod file_picker;
mod frame;
pub mod jobs;
#[cfg(not(target_arch = "wasm32"))]
mod native;
mod nav;
mod open;
mod panels;
mod sample;
mod settings;
mod state;
pub mod trace;
mod window;
pub mod windows;

pub use crate::session::highlights::{DocMarks, Mark};
pub use crate::session::{AUTOSAVE_DELAY, LabelProposal, SaveState, Session};
pub use action::{Action, OpenRequest, SharedOpenAnswer, UnsavedAnswer};
pub use article::{ArticleEvent, ArticleOutput, ArticleView, MarkKey};
pub use command::Command;
pub use controller::Controller;
#[cfg(not(target_arch = "wasm32"))]
pub use file_picker::NativeDialogs;
pub use file_picker::{FileDialogs, ScriptedDialogs};
#[cfg(not(target_arch = "wasm32"))]
pub use native::run;
pub use open::OpenError;
pub use sample::{SEEDS as SAMPLE_FILES, unpack_sample};
pub use settings::{AppPaths, Settings};
pub use state::{DocRows, DocSort, Pane, UiState};
pub use window::CrosscheckApp;
