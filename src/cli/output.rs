//! What every subcommand shares for telling the person: the failure type,
//! standard output that may be closed or full, and warnings on stderr.

use std::io::Write as _;
use std::process::ExitCode;

/// Why a subcommand stopped early.
#[derive(Debug)]
pub(super) enum Failure {
    /// Told to the person as one `error:` line on stderr.
    Message(String),
    /// Standard output was closed by whatever reads it (`| head`, `| true`):
    /// it stopped listening, so there is no one to tell and nothing to add.
    Closed,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

pub(super) type CliResult = Result<ExitCode, Failure>;

pub(super) fn stdout_failure(error: std::io::Error) -> Failure {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::Closed
    } else {
        Failure::Message(format!("cannot write to standard output: {error}"))
    }
}

/// Writes `text` to standard output. `print!` would panic on a closed or
/// full stdout; this reports it instead.
pub(super) fn emit(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(stdout_failure)
}

/// One line on stderr. If even stderr cannot be written there is nobody to
/// tell, which is no reason to panic.
pub(super) fn warn(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
