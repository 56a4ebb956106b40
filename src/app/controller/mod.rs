//! The controller: the one place that changes the session. Views and keys
//! collect [`Action`](super::action::Action)s during a frame;
//! [`run_frame_actions`] carries them out after drawing. The session lives
//! in [`Controller`], whose field is private to this module, so nothing
//! else can get `&mut Session`.
//!
//! By concern: `state` (what it holds), `keys` (key intake), `jobs`
//! (background work polled every frame), `opening`, `dispatch` (`run`: one
//! call per action), `reveal` (showing a span beside another), `files` (close, Save as…, export, import), `edits`,
//! `search` (results and suggestions opened or linked), `team` (compare,
//! adjudicate) and `classroom` (key, grading, feedback).

mod active_time;
mod add;
mod classroom;
mod dispatch;
mod edits;
mod files;
mod jobs;
mod keys;
mod opening;
mod reveal;
mod search;
mod state;
mod study;
mod team;

pub use active_time::{flush_active_time, tick_active_time};
pub use dispatch::{run, run_frame_actions};
pub use files::project_path;
pub use jobs::poll_jobs;
pub use keys::take_keys;
pub use opening::start_open;
pub use state::{AfterSave, Controller};
