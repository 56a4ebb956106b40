//! crosscheck: annotate claims across a folder of news articles.
//!
//! The library holds the model and the window apart: reading a corpus
//! ([`corpus`]), the claim model and its files ([`project`]), code point
//! offsets ([`text`]), agreement between annotators ([`agreement`]), a corpus and project opened together ([`workspace`]),
//! exports ([`export`]) and imports ([`import`]), files replaced atomically
//! ([`atomic`]), the command line ([`cli`]) and the egui window (`app`,
//! behind the default cargo feature `gui`).

pub mod agreement;
#[cfg(feature = "gui")]
pub mod app;
pub mod atomic;
pub mod cli;
pub mod corpus;
pub mod export;
pub mod grading;
pub mod import;
pub mod jobs;
pub mod project;
pub mod search;
pub mod session;
pub mod text;
/// The web page (eframe's web runner, the browser's storage).
#[cfg(all(feature = "gui", target_arch = "wasm32"))]
pub mod web;
pub mod workspace;
