//! `crosscheck add`: web addresses fetched and files copied into a corpus
//! folder as new articles (the library's `crate::add`), a line each as it
//! goes.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use super::output::{CliResult, Failure, emit, warn};
use crate::add::{FetchOptions, add_item};

/// Add articles to a corpus folder: each web address is fetched, its article
/// extracted and written as a text file with its source (outlet, author,
/// date, address) and the page kept in .snapshots/; each file (a saved page,
/// a PDF, a dataset, a text file) is copied in.
#[derive(Debug, Args)]
#[command(after_help = ADD_HELP)]
pub struct AddCommand {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// Web addresses (http://, https://) and files.
    #[arg(required = true, value_name = "URL|FILE")]
    pub items: Vec<String>,
    /// Give up on a page after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 20)]
    pub timeout: u64,
}

const ADD_HELP: &str = "\
One line per item on standard output: `added NAME (TITLE)`; a failure is an
`error:` line on standard error naming the item and why (timeout, 404, not a
page, no article found, TLS error, already added), and the others still go
in. Nothing in the folder is overwritten: a name already taken gets -2, -3.
Exit status: 0 when every item was added, 1 when any was not.

Examples:
  crosscheck add corpus/ https://example.org/news/flooding-a31
  crosscheck add corpus/ saved/*.html report.pdf fnc1/train_bodies.csv";

impl AddCommand {
    pub(super) fn run(&self) -> CliResult {
        if !self.corpus.is_dir() {
            return Err(Failure::Message(format!(
                "{} is not a folder",
                self.corpus.display()
            )));
        }
        let options = FetchOptions {
            timeout: Duration::from_secs(self.timeout.max(1)),
            ..FetchOptions::default()
        };
        let mut failed = 0;
        for item in &self.items {
            match add_item(&self.corpus, item, &options) {
                Ok(added) => emit(&format!(
                    "added {} ({})\n",
                    added.path.display(),
                    added.title
                ))?,
                Err(err) => {
                    failed += 1;
                    warn(&format!("error: {err}"));
                }
            }
        }
        if failed > 0 {
            warn(&format!(
                "{failed} of {} items were not added",
                self.items.len()
            ));
            return Ok(ExitCode::from(1));
        }
        Ok(ExitCode::SUCCESS)
    }
}
