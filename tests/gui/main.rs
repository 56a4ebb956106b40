//! The window, driven headlessly through egui_kittest (no display, no GPU):
//! simulated mouse and keyboard on the real app.
//!
//! Run one module with `cargo test --test gui MODULE::`. To add a test,
//! put it in the module of its window or feature, or add
//! `tests/gui/NAME.rs` and a `mod NAME;` line below. `harness` opens the
//! app on a folder and drives it (`seeds_fixture`, `select_phrase`, `key`,
//! …); `support` holds the fixtures shared with the other groups. The one
//! test in a real window (Xvfb and xdotool) is `tests/real_window.rs`.

// Test code: a failed unwrap is a failed test (clippy.toml allows it only
// inside #[test] functions).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

mod harness;

/// Annotating: drag, keys, relabel, delete, undo; opening, saving and
/// corrupt files; help; export and import from the window.
mod annotate;
/// Teams: compare annotators' files and adjudicate.
mod compare;
/// Evidence across articles, side by side.
mod evidence;
/// Find in the article (Ctrl+F).
mod find;
/// Classrooms: answer key, grading, feedback.
mod grade;
/// File › Import from another tool.
mod import;
/// File › Add articles… (web addresses, files) and dataset columns.
mod inputs;
/// The label editor and the guidelines window.
mod labels;
/// A long article with many claims lays out only what is in view.
mod long_article;
/// Right-to-left articles.
mod rtl;
/// The corpus search panel and suggested evidence.
mod search;
/// A project another window has open: the question, read-only, merge.
mod sharing;
/// Articles' sources: outlet and date in the list, sorting, the header.
mod sources;
/// An annotator's share of a study.
mod study;
/// The window's promises: shortcuts, Tab, unsaved work, read-only corpora.
mod trust;
