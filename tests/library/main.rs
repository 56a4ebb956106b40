//! The library and the files it writes, without a window: project files,
//! edits, the journal, merge, exports and imports, agreement, grading,
//! search ranking. One test binary; each module is one feature.
//!
//! Run one module with `cargo test --test library MODULE::`, for example
//! `cargo test --test library agreement::`. To add a test, put it in the
//! module of its feature, or add `tests/library/NAME.rs` and a `mod NAME;`
//! line below; shared fixtures (the seeds corpus and project, the hostile
//! corpus, `Builder`) are in `tests/support/`.

// Test code: a failed unwrap is a failed test (clippy.toml allows it only
// inside #[test] functions).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

/// Agreement figures against the reference Python libraries
/// (`tests/agreement/reference.py`).
mod agreement;
/// The import rules of `src/` (ARCHITECTURE.md): who may import `app`
/// and `web`, and no import cycle among files.
mod architecture;
/// Reading hostile corpus folders: decoded or skipped with a reason.
mod corpus_reading;
/// The documentation kept true: the shortcut table is the command
/// table's, every relative link leads somewhere.
mod docs;
/// Every edit undone by its inverse; failed edits change nothing.
mod edits;
/// Every export format against golden files and the offset rule.
mod export_formats;
/// Article-body quality on the public article-extraction benchmark
/// (ignored: needs its pages, see the module).
mod extraction_benchmark;
/// The files written and read, seen from outside: temp files, modes,
/// links, refusals, load errors.
mod files;
/// Classrooms: answer keys, grades, feedback, the handout.
mod grading;
/// Importing pre-annotations (JSONL): all or nothing.
mod import;
/// Imports from doccano, brat and Label Studio.
mod import_tools;
/// Saved pages, .mhtml, PDFs, dataset files and front matter in one
/// folder; bad inputs skipped with their reasons; chosen dataset columns.
mod inputs;
/// The edit journal: crashes at any moment (kills a copy of this binary).
// Drives a `Session`, which lives behind the `gui` feature for now.
#[cfg(feature = "gui")]
mod journal;
/// `crosscheck merge` as a real git merge driver.
mod merge;
/// Project files: round trips, deterministic bytes, atomic saves.
mod project_files;
/// The project file layout, old and new.
mod project_format;
/// The exports read by Python's standard library.
mod python_consumer;
/// Re-anchoring spans when their documents change.
mod reanchor;
/// BM25 ranking against `rank_bm25`'s scores
/// (`tests/python/bm25_reference.py`).
mod search_bm25;
/// Suggestions by meaning: the shipped model against its reference
/// (`tests/python/semantic_reference.py`), and the fused ranking.
mod semantic;
/// Two writers on one project: sessions, the command line, a killed
/// window, read-only (docs/sharing.md).
mod sharing;
/// Nothing left behind: a save killed at any moment leaves no temporary file after the next save.
mod temp_files;
/// Saved web pages read as their articles, with their source.
mod web_pages;
