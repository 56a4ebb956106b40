//! `crosscheck handout`: the folder a teacher gives each student.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::classroom::open_key;
use super::output::{CliResult, Failure, emit};

/// Write the folder a teacher gives each student: the corpus, an empty
/// project with the key's labels and guidelines, INSTRUCTIONS.md. No answers.
#[derive(Debug, Args)]
#[command(after_help = HANDOUT_HELP)]
pub struct HandoutCommand {
    /// The answer key.
    pub key: PathBuf,
    /// The folder to create (must not exist, or be empty).
    pub out: PathBuf,
}

impl HandoutCommand {
    pub(super) fn run(&self) -> CliResult {
        handout(&self.key, &self.out)
    }
}

const HANDOUT_HELP: &str = "\
Writes OUT/corpus/ (the key's documents, byte for byte), OUT/crosscheck.ron
(no claims; the key's labels and guidelines) and OUT/INSTRUCTIONS.md (the
key's instructions). Nothing of the key's claims or explanations.

Example:
  crosscheck handout key.ron handout/ && zip -r handout.zip handout";

/// `crosscheck handout KEY OUT/`: the corpus, an empty project with the
/// key's labels and guidelines, and the instructions — no answers. Built in
/// a temporary folder beside OUT and renamed into place, so a failure
/// leaves nothing half-written.
fn handout(key_path: &Path, out: &Path) -> CliResult {
    let key = open_key(key_path, false)?;
    crate::grading::write_handout(&key.project, &key.corpus, out).map_err(Failure::Message)?;
    emit(&format!(
        "handout written to {}: {} documents in corpus/, crosscheck.ron ({} labels{}), INSTRUCTIONS.md\n",
        out.display(),
        key.corpus.len(),
        key.project.labels().len(),
        if key.project.guidelines().is_empty() {
            ""
        } else {
            ", guidelines"
        }
    ))?;
    Ok(ExitCode::SUCCESS)
}
