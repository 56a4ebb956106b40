//! The command line: no subcommand opens the window; subcommands run
//! headless for scripts and pipelines.
//!
//! Exit status: 0 success; 1 failure (the message is on stderr); `check`
//! exits 1 when spans need attention and 2 when it cannot run at all; clap
//! exits 2 on usage errors. Standard output closed by its reader (`| head`)
//! ends the command quietly with the failure status; any other error writing
//! it (a full disk) is a failure like any other.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod add;
mod agree;
mod assign;
mod check;
mod classroom;
mod columns;
mod export;
mod gather;
mod grade;
mod handout;
mod hits;
mod import;
mod key;
mod labels;
mod merge;
mod open;
mod output;
mod progress;
mod search;
mod stats;
mod suggest;

pub use add::AddCommand;
pub use agree::AgreeCommand;
pub use assign::AssignCommand;
pub use check::CheckCommand;
pub use columns::ColumnsCommand;
pub use export::ExportCommand;
pub use gather::GatherCommand;
pub use grade::GradeCommand;
pub use handout::HandoutCommand;
pub use import::ImportCommand;
pub use key::KeyCommand;
pub use labels::LabelsCommand;
pub use merge::MergeCommand;
pub use progress::ProgressCommand;
pub use search::SearchCommand;
pub use stats::StatsCommand;
pub use suggest::SuggestCommand;

use output::{Failure, warn};

#[derive(Debug, Parser)]
#[command(
    name = "crosscheck",
    version,
    about = "Annotate claims across a folder of news articles.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A corpus folder or a project file (.ron) to open in the window. Without
    /// it, the last project opens, or the bundled sample corpus.
    pub path: Option<PathBuf>,
    /// With a corpus folder: annotate in this project file (created when it
    /// does not exist) instead of the folder's crosscheck.ron, so each
    /// annotator of a team labels blind in a file of their own.
    #[arg(long, value_name = "NAME.ron", requires = "path")]
    pub project: Option<PathBuf>,
    /// Open the window comparing with this annotator's project file (give
    /// it once per file), as File › Compare with… does.
    #[arg(long, value_name = "OTHER.ron", requires = "path")]
    pub compare: Vec<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

// One variant per subcommand, each in its own file, modelled on rerun's
// CLI. No doc comments on the variants: the struct's doc comment and
// `after_help` are the subcommand's help, and a variant's would replace them.
#[derive(Debug, Subcommand)]
pub enum Command {
    Import(ImportCommand),
    Add(AddCommand),
    Columns(ColumnsCommand),
    Export(ExportCommand),
    Stats(StatsCommand),
    Check(CheckCommand),
    Agree(AgreeCommand),
    Merge(MergeCommand),
    Grade(GradeCommand),
    Handout(HandoutCommand),
    Key(KeyCommand),
    Search(SearchCommand),
    Suggest(SuggestCommand),
    Labels(LabelsCommand),
    Assign(AssignCommand),
    Progress(ProgressCommand),
    Gather(GatherCommand),
}

/// Runs a headless subcommand and returns the process exit status.
pub fn run(command: Command) -> ExitCode {
    let failure = match command {
        Command::Check(_) => 2,
        _ => 1,
    };
    let result = match &command {
        Command::Import(c) => c.run(),
        Command::Add(c) => c.run(),
        Command::Columns(c) => c.run(),
        Command::Export(c) => c.run(),
        Command::Stats(c) => c.run(),
        Command::Check(c) => c.run(),
        Command::Agree(c) => c.run(),
        Command::Merge(c) => c.run(),
        Command::Grade(c) => c.run(),
        Command::Handout(c) => c.run(),
        Command::Key(c) => c.run(),
        Command::Search(c) => c.run(),
        Command::Suggest(c) => c.run(),
        Command::Labels(c) => c.run(),
        Command::Assign(c) => c.run(),
        Command::Progress(c) => c.run(),
        Command::Gather(c) => c.run(),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Message(message)) => {
            warn(&format!("error: {message}"));
            ExitCode::from(failure)
        }
        Err(Failure::Closed) => ExitCode::from(failure),
    }
}
