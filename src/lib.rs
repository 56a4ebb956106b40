//! crosscheck: annotate claims across a folder of news articles.
//!
//! The library holds the model and the window apart: reading a corpus
//! ([`corpus`]), dataset files as articles, one a row ([`dataset`]), the
//! claim model and its files ([`project`]), code point offsets ([`text`]),
//! agreement between annotators ([`agreement`]), a corpus and project
//! opened together ([`workspace`]), an opened workspace and every change to
//! it ([`session`]), work off the UI thread ([`jobs`]), where files go
//! without a disk ([`storage`]), exports ([`export`]) and imports
//! ([`import`]), files replaced atomically ([`atomic`]), files read without
//! hanging and within a bound ([`input`]), the command line ([`cli`]) and
//! the egui window (`app`, behind the default cargo feature `gui`). Nothing
//! in the library imports `app` or `web`.

/// Adding articles from web addresses and files (a desktop HTTP client).
#[cfg(not(target_arch = "wasm32"))]
pub mod add;
pub mod agreement;
#[cfg(feature = "gui")]
pub mod app;
pub mod atomic;
/// The command line (a desktop program: it reads journals and locks).
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod corpus;
pub mod dataset;
pub mod export;
pub mod extract;
pub mod grading;
pub mod import;
pub mod input;
pub mod jobs;
pub mod project;
pub mod search;
pub mod session;
pub mod storage;
pub mod study;
pub mod text;
/// The web page (eframe's web runner, the browser's storage).
#[cfg(all(feature = "gui", target_arch = "wasm32"))]
pub mod web;
pub mod workspace;
