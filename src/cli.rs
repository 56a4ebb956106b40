//! The command line: no subcommand opens the window; subcommands run
//! headless for scripts and pipelines.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "crosscheck",
    version,
    about = "Annotate claims across a folder of news articles."
)]
pub struct Cli {
    /// A corpus folder or a project file (.ron) to open in the window. Without
    /// it, the last project opens, or the bundled sample corpus.
    pub path: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {}

/// Runs a headless subcommand and returns the process exit status.
pub fn run(command: Command) -> ExitCode {
    match command {}
}
