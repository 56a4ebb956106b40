//! `crosscheck export`: the project's claims as training data or for
//! another tool, to a file, a folder or standard output.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use super::open::{open, warn_unclean};
use super::output::{CliResult, Failure, emit, stdout_failure, warn};
use crate::export::{self, Format};

/// Write the project's claims as training data or for another tool.
#[derive(Debug, Args)]
#[command(after_help = EXPORT_HELP)]
pub struct ExportCommand {
    /// The project file.
    pub project: PathBuf,
    #[arg(long, short = 'f')]
    pub format: Format,
    /// Output file (a folder for brat); `-` writes to standard output.
    /// Default: the format's usual name in the current folder.
    #[arg(long, short = 'o', value_name = "OUT")]
    pub output: Option<PathBuf>,
}

impl ExportCommand {
    pub(super) fn run(&self) -> CliResult {
        export(&self.project, self.format, self.output.as_deref())
    }
}

const EXPORT_HELP: &str = "\
Formats: fever, nli, csv, doccano, brat (a folder), documents. See the README.

Examples:
  crosscheck export project.ron --format fever -o fever.jsonl
  crosscheck export project.ron --format nli -o - | head
  crosscheck export project.ron --format brat -o brat/";

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.description()))
    }
}

/// Whether an export to standard output failed because its reader left.
fn is_closed_pipe(error: &export::ExportError) -> bool {
    let io = match error {
        export::ExportError::Write(e) | export::ExportError::Io { source: e, .. } => Some(e),
        export::ExportError::Csv(e) => match e.kind() {
            ::csv::ErrorKind::Io(e) => Some(e),
            _ => None,
        },
        _ => None,
    };
    io.is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

fn export(project_path: &Path, format: Format, output: Option<&Path>) -> CliResult {
    let ws = open(project_path)?;
    warn_unclean(&ws.report);
    let to_stdout = output == Some(Path::new("-"));
    if to_stdout {
        let mut lock = std::io::stdout().lock();
        let summary = export::export_to_writer(&ws.project, &ws.corpus, format, &mut lock)
            .map_err(|e| {
                if is_closed_pipe(&e) {
                    Failure::Closed
                } else {
                    Failure::Message(e.to_string())
                }
            })?;
        lock.flush().map_err(stdout_failure)?;
        note_skipped(summary.skipped_detached);
        return Ok(ExitCode::SUCCESS);
    }
    let out = output.map_or_else(
        || PathBuf::from(format.default_file_name()),
        Path::to_path_buf,
    );
    let summary =
        export::export(&ws.project, &ws.corpus, format, &out).map_err(|e| e.to_string())?;
    note_skipped(summary.skipped_detached);
    emit(&format!("{}\n", summary.message()))?;
    Ok(ExitCode::SUCCESS)
}

fn note_skipped(skipped: usize) {
    if skipped > 0 {
        warn(&format!(
            "note: {skipped} detached spans left out (their text is no longer at their offsets)"
        ));
    }
}
