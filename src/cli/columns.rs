//! `crosscheck columns`: which columns of a dataset file (CSV, TSV, JSON
//! Lines, JSON) are the articles' text, id, title, date, address, outlet
//! and author; shown, or chosen and kept in the project (as the window's
//! Dataset columns dialog does).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::open::{open_recovered, save_checked};
use super::output::{CliResult, Failure, emit};
use crate::corpus::Progress;
use crate::dataset::Columns;
use crate::project::{DEFAULT_PROJECT_FILE, Edit};
use crate::workspace::Workspace;

/// Show or choose the columns of a dataset file in the corpus: without a
/// column option, what the file has and what is used; with one, the choice
/// is kept in the project and the file is read with it from then on.
#[derive(Debug, Args)]
#[command(after_help = COLUMNS_HELP)]
pub struct ColumnsCommand {
    /// The project file, or a corpus folder (its crosscheck.ron, created when
    /// a choice is made and it does not exist).
    pub project: PathBuf,
    /// The dataset file, relative to the corpus folder (as listed in
    /// Skipped files or in document ids before the `#`).
    pub file: String,
    /// The column holding the article's text.
    #[arg(long, value_name = "COLUMN")]
    pub text_column: Option<String>,
    /// The column with a stable id per row (else the row number is).
    #[arg(long, value_name = "COLUMN")]
    pub id_column: Option<String>,
    #[arg(long, value_name = "COLUMN")]
    pub title_column: Option<String>,
    #[arg(long, value_name = "COLUMN")]
    pub date_column: Option<String>,
    #[arg(long, value_name = "COLUMN")]
    pub url_column: Option<String>,
    #[arg(long, value_name = "COLUMN")]
    pub outlet_column: Option<String>,
    #[arg(long, value_name = "COLUMN")]
    pub author_column: Option<String>,
    /// Forget the choice: the columns are found by their names again.
    #[arg(long, conflicts_with_all = ["text_column", "id_column", "title_column", "date_column", "url_column", "outlet_column", "author_column"])]
    pub reset: bool,
}

const COLUMNS_HELP: &str = "\
Columns not given are found by their names (text, body, articleBody,
content, …; id, Body ID, …; title, headline; date, published; url, link;
outlet, source, publisher; author, byline). Document ids are FILE#ID, the id
column's value, else the row number: choosing another id column changes
them, and claims on the old ids are then listed as on missing documents.

Examples:
  crosscheck columns corpus/ fnc1/train_bodies.csv
  crosscheck columns project.ron liar.tsv --text-column statement --id-column id";

impl ColumnsCommand {
    pub(super) fn run(&self) -> CliResult {
        let project_path = if self.project.is_dir() {
            self.project.join(DEFAULT_PROJECT_FILE)
        } else {
            self.project.clone()
        };
        let chosen = Columns {
            text: self.text_column.clone(),
            id: self.id_column.clone(),
            title: self.title_column.clone(),
            date: self.date_column.clone(),
            url: self.url_column.clone(),
            outlet: self.outlet_column.clone(),
            author: self.author_column.clone(),
        };
        let choosing = self.reset || chosen != Columns::default();
        let (mut ws, snapshot) = if project_path.exists() || !self.project.is_dir() {
            open_recovered(&project_path)?
        } else {
            let mut ws = Workspace::open_folder(
                &self.project,
                Some(project_path.clone()),
                None,
                &Progress::default(),
            )
            .map_err(|e| e.to_string())?;
            let state = std::mem::take(&mut ws.journal);
            let (snapshot, _) = crate::project::shared::recover_in_memory(
                &mut ws.project,
                &project_path,
                state.base,
            );
            (ws, snapshot)
        };
        if !ws.corpus.datasets.contains_key(&self.file) {
            return Err(Failure::Message(format!(
                "{} is not a dataset file of the corpus {} (datasets: {})",
                self.file,
                ws.corpus.root.display(),
                list(ws.corpus.datasets.keys().map(String::as_str))
            )));
        }
        if choosing {
            let columns = (!self.reset).then_some(chosen);
            if let Some(header) = ws.corpus.datasets.get(&self.file).map(|d| &d.header)
                && let Some(unknown) = columns
                    .iter()
                    .flat_map(named)
                    .find(|name| !header.contains(name))
            {
                return Err(Failure::Message(format!(
                    "{} has no column {unknown:?}; its columns are {}",
                    self.file,
                    list(header.iter().map(String::as_str))
                )));
            }
            ws.project
                .apply(Edit::SetColumns {
                    file: self.file.clone(),
                    columns,
                })
                .map_err(|e| e.to_string())?;
            save_checked(&mut ws, &snapshot)?;
            // Read again, so what is shown is what the window will open.
            ws = Workspace::open_project(&project_path, &Progress::default())
                .map_err(|e| e.to_string())?;
        }
        emit(&describe(&ws, &self.file))?;
        Ok(ExitCode::SUCCESS)
    }
}

fn named(columns: &Columns) -> Vec<String> {
    [
        &columns.text,
        &columns.id,
        &columns.title,
        &columns.date,
        &columns.url,
        &columns.outlet,
        &columns.author,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect()
}

fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

fn describe(ws: &Workspace, file: &str) -> String {
    let mut out = String::new();
    let Some(info) = ws.corpus.datasets.get(file) else {
        return out;
    };
    let chosen = ws.project.datasets().get(file);
    let _ = writeln!(
        out,
        "{file}: {} articles; columns {}",
        info.rows,
        list(info.header.iter().map(String::as_str))
    );
    let c = &info.columns;
    for (role, value) in [
        ("text", &c.text),
        ("id", &c.id),
        ("title", &c.title),
        ("date", &c.date),
        ("url", &c.url),
        ("outlet", &c.outlet),
        ("author", &c.author),
    ] {
        let how = match (value, chosen.and_then(|ch| role_of(ch, role))) {
            (Some(_), Some(_)) => " (chosen)",
            (Some(_), None) => " (by its name)",
            (None, _) if role == "id" => " (the row number)",
            (None, _) => "",
        };
        let _ = writeln!(out, "  {role:<7}{}{how}", value.as_deref().unwrap_or("-"));
    }
    let rows_skipped = ws
        .corpus
        .skipped
        .iter()
        .filter(|s| s.path == file || s.path.starts_with(&format!("{file}, row ")))
        .collect::<Vec<_>>();
    for s in rows_skipped.iter().take(20) {
        let _ = writeln!(out, "  skipped {}: {}", s.path, s.reason);
    }
    if rows_skipped.len() > 20 {
        let _ = writeln!(out, "  … and {} more skipped", rows_skipped.len() - 20);
    }
    out
}

fn role_of<'a>(c: &'a Columns, role: &str) -> Option<&'a String> {
    match role {
        "text" => c.text.as_ref(),
        "id" => c.id.as_ref(),
        "title" => c.title.as_ref(),
        "date" => c.date.as_ref(),
        "url" => c.url.as_ref(),
        "outlet" => c.outlet.as_ref(),
        _ => c.author.as_ref(),
    }
}
