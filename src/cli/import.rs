//! `crosscheck import`: claims from pre-annotations or another tool's export,
//! all or nothing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use super::open::{open_recovered, save_checked, warn_unclean};
use super::output::{CliResult, Failure, emit};
use crate::corpus::Progress;
use crate::import::{self as tools, ImportOptions, Source, SourceFile, Tool};
use crate::workspace::Workspace;

/// Add claims from pre-annotations, or from doccano, brat or Label Studio
/// (all or nothing).
#[derive(Debug, Args)]
#[command(after_help = IMPORT_HELP)]
pub struct ImportCommand {
    /// The project file; created when --corpus is given and it does not exist.
    pub project: PathBuf,
    /// The file (a folder for brat, a file or folder for doccano); `-`
    /// reads standard input.
    pub file: PathBuf,
    /// The tool the file comes from.
    #[arg(long, value_name = "TOOL", default_value = "crosscheck")]
    pub from: Tool,
    /// The corpus folder, to create PROJECT over it.
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Annotator for claims the file does not attribute (default `import`;
    /// a doccano folder names annotators by its file names).
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Add labels the project does not have (with a colour and no key)
    /// instead of refusing the import.
    #[arg(long)]
    pub add_labels: bool,
    /// Label Studio: import predictions too, as annotator `model <version>`.
    #[arg(long)]
    pub predictions: bool,
    /// Write texts that match no corpus document into the corpus as new
    /// documents instead of refusing them.
    #[arg(long)]
    pub write_documents: bool,
}

impl ImportCommand {
    pub(super) fn run(&self) -> CliResult {
        let options = ImportOptions {
            annotator: self.annotator.clone(),
            add_labels: self.add_labels,
            predictions: self.predictions,
            write_documents: self.write_documents,
        };
        import(
            &self.project,
            &self.file,
            self.from,
            self.corpus.as_deref(),
            &options,
        )
    }
}

const IMPORT_HELP: &str = "\
--from doccano|brat|label-studio reads those tools' exports (see
docs/exports-and-imports.md for what each keeps and loses); the default, --from crosscheck, reads
pre-annotation JSON Lines. Each line is one claim (offsets are Unicode code points, end exclusive):
  {\"doc\": \"a.txt\", \"start\": 12, \"end\": 40, \"label\": \"contradicts\",
   \"quote\": \"optional, checked\", \"note\": \"optional\", \"annotator\": \"optional\",
   \"evidence\": [{\"doc\": \"b.txt\", \"start\": 3, \"end\": 50, \"label\": \"agrees\"}]}
A file with any bad line is refused as a whole and every bad line is listed;
the project file is then left untouched. Lines whose claim is already in the
project (same doc, offsets, label and annotator) are skipped, so importing a
file twice adds nothing.

Examples:
  crosscheck import project.ron model-output.jsonl
  crosscheck import new.ron pre.jsonl --corpus articles/
  some-model | crosscheck import project.ron - --annotator model-v2
  crosscheck import project.ron doccano.jsonl --from doccano --add-labels
  crosscheck import project.ron brat/ --from brat
  crosscheck import new.ron export.json --from label-studio --corpus articles/ --write-documents";

impl ValueEnum for Tool {
    fn value_variants<'a>() -> &'a [Self] {
        &Tool::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.description()))
    }
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn import(
    project_path: &Path,
    file: &Path,
    tool: Tool,
    corpus: Option<&Path>,
    options: &ImportOptions,
) -> CliResult {
    let source = if file == Path::new("-") {
        if tool.reads_folder() {
            return Err(Failure::Message(format!(
                "{tool} imports read a folder, not standard input"
            )));
        }
        let bytes = crate::input::read_stdin(crate::input::MAX_INPUT_BYTES)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Source {
            files: vec![SourceFile {
                rel: "standard input".into(),
                bytes,
            }],
            folder: false,
        }
    } else {
        tools::read_source(tool, file).map_err(|e| e.to_string())?
    };
    let (mut ws, snapshot) = match corpus {
        _ if project_path.exists() => {
            let (ws, snapshot) = open_recovered(project_path)?;
            if let Some(corpus) = corpus.filter(|c| !same_folder(c, &ws.corpus.root)) {
                return Err(Failure::Message(format!(
                    "{} already exists over the corpus {}, not {}; leave out --corpus to import into it",
                    project_path.display(),
                    ws.corpus.root.display(),
                    corpus.display()
                )));
            }
            (ws, snapshot)
        }
        Some(corpus) => {
            // An absolute project path keeps the stored corpus reference
            // relative: `project::corpus_reference` cannot resolve the empty
            // parent of a bare file name like `new.ron` and would store an
            // absolute corpus path.
            let project_path = std::path::absolute(project_path)
                .map_err(|e| format!("cannot resolve {}: {e}", project_path.display()))?;
            let mut ws =
                Workspace::open_folder(corpus, Some(project_path), None, &Progress::default())
                    .map_err(|e| e.to_string())?;
            // A crash before the first save left only a journal: its
            // claims go into the new file with the imported ones.
            let state = std::mem::take(&mut ws.journal);
            let path = ws.project_path.clone();
            let (snapshot, applied) =
                crate::project::shared::recover_in_memory(&mut ws.project, &path, state.base);
            for note in applied.describe().iter().chain(&applied.notes) {
                super::output::warn(&format!("note: {note}"));
            }
            (ws, snapshot)
        }
        None if !crate::project::journal::all_journal_paths(project_path).is_empty() => {
            open_recovered(project_path)?
        }
        None => {
            return Err(Failure::Message(format!(
                "project file {} does not exist; give --corpus DIR to create it",
                project_path.display()
            )));
        }
    };
    let plan = tools::plan_import(&ws.project, &ws.corpus, tool, &source, options)
        .map_err(|e| format!("refusing {}: {e}", file.display()))?;
    let changes = match &plan.edit {
        crate::project::Edit::Batch(edits) => !edits.is_empty(),
        _ => true,
    };
    if changes || ws.is_new {
        // Saving also keeps what opening re-anchored; say so if it was not clean.
        warn_unclean(&ws.report);
        // Dropped on any failure below: the documents go again.
        let mut written = None;
        if !plan.new_documents.is_empty() {
            written = Some(
                tools::write_new_documents(&ws.corpus.root, &plan.new_documents)
                    .map_err(|e| e.to_string())?,
            );
            // The new documents become part of the corpus, and the project
            // records their fingerprints, before claims point into them.
            ws.corpus = crate::corpus::Corpus::open_with(
                &ws.corpus.root,
                &Progress::default(),
                &crate::workspace::read_options(&ws.project),
            )
            .map_err(|e| e.to_string())?;
            if let Some(lost) = plan
                .new_documents
                .iter()
                .find(|d| ws.corpus.position(&d.id).is_none())
            {
                return Err(Failure::Message(format!(
                    "refusing {}: the corpus does not read the new document {:?} back; \
                     nothing was imported",
                    file.display(),
                    lost.id
                )));
            }
            crate::project::sync_with_corpus(&mut ws.project, &ws.corpus);
        }
        ws.project
            .apply(plan.edit.clone())
            .map_err(|e| format!("cannot add the imported claims: {e}"))?;
        save_checked(&mut ws, &snapshot)?;
        if let Some(written) = written {
            written.keep();
        }
    }
    let message = if tool == Tool::Crosscheck {
        let claims = if plan.claims == 1 { "claim" } else { "claims" };
        format!(
            "{} {claims} imported into {} ({} already there, skipped)",
            plan.claims,
            project_path.display(),
            plan.duplicates
        )
    } else {
        plan.message(&format!(
            "{} into {}",
            file.display(),
            project_path.display()
        ))
    };
    emit(&format!("{message}\n"))?;
    Ok(ExitCode::SUCCESS)
}
