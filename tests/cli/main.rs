//! The command line, run as a user or a pipeline runs it: the binary
//! (`CARGO_BIN_EXE_crosscheck`) with arguments, standard input and output.
//!
//! Run one module with `cargo test --test cli MODULE::`. To add a test,
//! put it in the module of its subcommand, or add `tests/cli/NAME.rs` and a
//! `mod NAME;` line below; shared fixtures are in `tests/support/`.
//! (Tests that mostly check the library and run the binary once or twice,
//! such as `merge` and `grading`, are in `tests/library/`.)

// Test code: a failed unwrap is a failed test (clippy.toml allows it only
// inside #[test] functions).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

/// Refused imports leave the corpus folder byte-identical.
mod import_atomic;
/// `crosscheck add` and `crosscheck columns`.
mod inputs;
/// `crosscheck labels`.
mod labels;
/// Every path a subcommand takes refuses a named pipe at once; inputs are bounded.
mod paths;
/// `crosscheck search` and `crosscheck suggest`.
mod search;
/// `crosscheck assign` and `crosscheck progress`.
mod study;
/// `export`, `stats`, `check`, `import`, every `--help`, closed and full
/// standard output.
mod subcommands;
/// Control and bidi characters escaped in printed fields; JSON kept exact.
mod terminal_safe;
