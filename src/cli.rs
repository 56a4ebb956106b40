//! The command line: no subcommand opens the window; subcommands run
//! headless for scripts and pipelines.
//!
//! Exit status: 0 success; 1 failure (the message is on stderr); `check`
//! exits 1 when spans need attention and 2 when it cannot run at all; clap
//! exits 2 on usage errors. Standard output closed by its reader (`| head`)
//! ends the command quietly with the failure status; any other error writing
//! it (a full disk) is a failure like any other.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::corpus::Progress;
use crate::export::tools::{self, Source, SourceFile};
use crate::export::{self, Format, ImportOptions, Tool};
use crate::project::{AnchorReport, SpanRef};
use crate::workspace::Workspace;

mod classroom;
mod search;
mod team;

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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add claims from pre-annotations, or from doccano, brat or Label Studio
    /// (all or nothing).
    #[command(after_help = IMPORT_HELP)]
    Import {
        /// The project file; created when --corpus is given and it does not exist.
        project: PathBuf,
        /// The file (a folder for brat, a file or folder for doccano); `-`
        /// reads standard input.
        file: PathBuf,
        /// The tool the file comes from.
        #[arg(long, value_name = "TOOL", default_value = "crosscheck")]
        from: Tool,
        /// The corpus folder, to create PROJECT over it.
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,
        /// Annotator for claims the file does not attribute (default `import`;
        /// a doccano folder names annotators by its file names).
        #[arg(long, value_name = "NAME")]
        annotator: Option<String>,
        /// Add labels the project does not have (with a colour and no key)
        /// instead of refusing the import.
        #[arg(long)]
        add_labels: bool,
        /// Label Studio: import predictions too, as annotator `model <version>`.
        #[arg(long)]
        predictions: bool,
        /// Write texts that match no corpus document into the corpus as new
        /// documents instead of refusing them.
        #[arg(long)]
        write_documents: bool,
    },
    /// Write the project's claims as training data or for another tool.
    #[command(after_help = EXPORT_HELP)]
    Export {
        /// The project file.
        project: PathBuf,
        #[arg(long, short = 'f')]
        format: Format,
        /// Output file (a folder for brat); `-` writes to standard output.
        /// Default: the format's usual name in the current folder.
        #[arg(long, short = 'o', value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Count documents, claims per label, evidence links, detached spans and
    /// annotators.
    #[command(after_help = STATS_HELP)]
    Stats {
        /// The project file.
        project: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check the project against its corpus without changing anything: which
    /// documents changed or went missing, which spans moved or came loose.
    #[command(after_help = CHECK_HELP)]
    Check {
        /// The project file.
        project: PathBuf,
    },
    /// Agreement between annotators' project files over the same corpus:
    /// span F1 (exact, overlap), Cohen's κ, Krippendorff's α, Fleiss' κ,
    /// evidence F1. Nothing is written to the files.
    #[command(after_help = AGREE_HELP)]
    Agree {
        /// Two or more project files, one per annotator.
        #[arg(required = true, num_args = 2.., value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print one JSON object with every figure and the counts behind it.
        #[arg(long)]
        json: bool,
        /// Also span F1 (exact) per label.
        #[arg(long)]
        by_label: bool,
        /// Also every figure per document.
        #[arg(long)]
        by_doc: bool,
    },
    /// git merge driver for project files: merges claims, labels and
    /// document fingerprints by id and writes the result over OURS.
    #[command(after_help = MERGE_HELP)]
    Merge {
        /// The common ancestor (git's %O; may be empty).
        base: PathBuf,
        /// This branch's version, replaced by the result (git's %A).
        ours: PathBuf,
        /// The other branch's version (git's %B).
        theirs: PathBuf,
    },
    /// Grade students' project files against an answer key: key claims
    /// found and missed, extra claims, labels, evidence links, a score.
    #[command(after_help = GRADE_HELP)]
    Grade {
        /// The teacher's answer key (a project marked with `crosscheck key`).
        key: PathBuf,
        /// One project file per student.
        #[arg(required = true, num_args = 1.., value_name = "STUDENT.ron")]
        students: Vec<PathBuf>,
        /// Also write one row per student to this CSV file.
        #[arg(long, value_name = "OUT.csv")]
        csv: Option<PathBuf>,
        /// Print one JSON object (rule, rubric, one object per student).
        #[arg(long)]
        json: bool,
        /// Write a feedback project per student into this folder.
        #[arg(long, value_name = "OUT/")]
        feedback: Option<PathBuf>,
        /// Report pseudonyms S01, S02, … instead of names.
        #[arg(long)]
        anonymise: bool,
        /// With --anonymise: where the pseudonym → name mapping goes
        /// (default: beside the CSV, OUT.mapping.csv).
        #[arg(long, value_name = "FILE", requires = "anonymise")]
        mapping: Option<PathBuf>,
    },
    /// Write the folder a teacher gives each student: the corpus, an empty
    /// project with the key's labels and guidelines, INSTRUCTIONS.md. No answers.
    #[command(after_help = HANDOUT_HELP)]
    Handout {
        /// The answer key.
        key: PathBuf,
        /// The folder to create (must not exist, or be empty).
        out: PathBuf,
    },
    /// Mark a project as an answer key and set its instructions, rubric,
    /// bonus claims and explanations.
    #[command(after_help = KEY_HELP)]
    Key {
        /// The teacher's project file.
        project: PathBuf,
        /// Instructions for the students (Markdown), for the handout.
        #[arg(long, value_name = "FILE.md")]
        instructions: Option<PathBuf>,
        /// Points: FOUND,LABEL,EVIDENCE,EXTRA (default 2,1,1,1).
        #[arg(long, value_name = "F,L,E,X", value_delimiter = ',')]
        rubric: Option<Vec<u32>>,
        /// Make this claim a bonus claim (give it once per claim).
        #[arg(long, value_name = "CLAIM")]
        bonus: Vec<String>,
        /// Make this claim required again.
        #[arg(long, value_name = "CLAIM")]
        required: Vec<String>,
        /// The explanation a student sees for a claim: CLAIM=TEXT.
        #[arg(long, value_name = "CLAIM=TEXT")]
        explain: Vec<String>,
        /// No longer an answer key (claims' key data is kept).
        #[arg(long)]
        unmark: bool,
    },
    /// Search the corpus: documents holding every word and "exact phrase",
    /// best first (BM25), one line each with its best sentence.
    #[command(after_help = SEARCH_HELP)]
    Search {
        /// The project file (or a corpus folder).
        project: PathBuf,
        /// Words (all must occur) and "exact phrases".
        query: String,
        /// Most documents listed.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON Lines.
        #[arg(long)]
        json: bool,
    },
    /// Sentences of other articles that most likely bear on a claim (BM25
    /// over sentences; shared figures, names and dates count more).
    #[command(after_help = SUGGEST_HELP)]
    Suggest {
        /// The project file (or a corpus folder, with --text).
        project: PathBuf,
        /// The claim (its id in the project); its own article is left out.
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "text",
            conflicts_with = "text"
        )]
        claim: Option<String>,
        /// Any claim text, searched in every article.
        #[arg(long, value_name = "TEXT")]
        text: Option<String>,
        /// Most sentences listed.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Print JSON Lines.
        #[arg(long)]
        json: bool,
        /// Plain Okapi BM25 (k1 1.2, b 0.75), without counting figures and names up.
        #[arg(long)]
        plain: bool,
    },
    /// List the label scheme, or change it: a template, another project's
    /// scheme, one label added or removed. Labels also declare their FEVER
    /// and NLI targets.
    #[command(after_help = LABELS_HELP)]
    Labels {
        /// The project file.
        project: PathBuf,
        /// Replace the scheme with a template: fever, fnc1, nli, politifact.
        #[arg(long, value_name = "NAME")]
        template: Option<String>,
        /// Copy labels, targets and guidelines from another project (.ron)
        /// or from a scheme printed by --json (.json).
        #[arg(long, value_name = "OTHER")]
        from: Option<PathBuf>,
        /// Add a label with this id (needs --name).
        #[arg(long, value_name = "ID")]
        add: Option<String>,
        /// The added label's name, as the window shows it.
        #[arg(long)]
        name: Option<String>,
        /// The added label's key in the window (one character).
        #[arg(long)]
        key: Option<char>,
        /// The added label's colour, #RRGGBB.
        #[arg(long, value_name = "#RRGGBB")]
        color: Option<String>,
        /// The added label's FEVER target: SUPPORTS, REFUTES, "NOT ENOUGH INFO".
        #[arg(long, value_name = "LABEL")]
        fever: Option<String>,
        /// The added label's NLI target: entailment, neutral, contradiction.
        #[arg(long, value_name = "LABEL")]
        nli: Option<String>,
        /// Remove the label with this id (claims that use it: --relabel-to or --unlabel).
        #[arg(long, value_name = "ID")]
        remove: Option<String>,
        /// Give claims and links of removed labels this label.
        #[arg(long, value_name = "LABEL", conflicts_with = "unlabel")]
        relabel_to: Option<String>,
        /// Leave claims of removed labels without a label.
        #[arg(long)]
        unlabel: bool,
        /// Set the annotation guidelines from a Markdown file.
        #[arg(long, value_name = "FILE")]
        guidelines: Option<PathBuf>,
        /// Print the scheme as JSON (readable again with --from FILE.json).
        #[arg(long)]
        json: bool,
    },
}

const SEARCH_HELP: &str = "\
With --json, one line per document: {\"doc\", \"start\", \"end\", \"text\", \"score\",
\"hits\", \"matches\"}; start/end (code points, end exclusive) are the sentence
holding most of the query, matches the matched words in it. Matching ignores
case, accents and width. No lines (exit 0) when nothing matches.

Examples:
  crosscheck search project.ron 'Hampshire \"firearms officers\"'
  crosscheck search project.ron deployed --json --limit 5 | jq .doc";

const SUGGEST_HELP: &str = "\
With --json, one line per sentence: {\"doc\", \"start\", \"end\", \"text\", \"score\",
\"matches\"}, offsets in code points. Nothing is labelled or linked.

Examples:
  crosscheck suggest project.ron --claim c0123456789abcdef --top 5
  crosscheck suggest project.ron --text 'No officers were deployed' --json";

const AGREE_HELP: &str = "\
A file stands for its most common claim annotator; two files by one
annotator, the same file twice, files over different corpora (document ids
and text hashes) and files without claims are refused. Detached spans are
left out and counted. Undefined figures (one label only, no units) print as
`undefined` and as null in JSON. Definitions: README, section Teams.

Examples:
  crosscheck agree ann.ron bob.ron
  crosscheck agree ann.ron bob.ron cy.ron --by-label
  crosscheck agree *.ron --json --by-doc > agreement.json";

const MERGE_HELP: &str = "\
Set up once per repository:
  echo '*.ron merge=crosscheck' >> .gitattributes
  git config merge.crosscheck.driver 'crosscheck merge %O %A %B'
Claims added on either side are kept, a change on one side wins, a deletion
of a claim the other side left alone wins; a claim changed differently on
both sides is kept in both versions (the second under a new id) and flagged
for the adjudicator (`crosscheck check` lists them). Never writes conflict
markers; exits 1 without writing when a file cannot be read.";

const GRADE_HELP: &str = "\
A student's claim finds a key claim when both are in the same document and
share at least half of the shorter span (code points), one-to-one (the
matching `crosscheck agree` uses). A student is the file's most common claim
annotator. A file that cannot be graded (not a project, another corpus, a
second file by the same student, the key itself) gets an `error:` line; the
others are still graded and the exit status is 1. Student files are
re-anchored against the key's corpus in memory and never written.
Definitions and the CSV columns: README, section Classrooms.

Examples:
  crosscheck grade key.ron class/*.ron
  crosscheck grade key.ron class/*.ron --csv grades.csv --feedback feedback/
  crosscheck grade key.ron class/*.ron --json --anonymise --mapping names.csv";

const HANDOUT_HELP: &str = "\
Writes OUT/corpus/ (the key's documents, byte for byte), OUT/crosscheck.ron
(no claims; the key's labels and guidelines) and OUT/INSTRUCTIONS.md (the
key's instructions). Nothing of the key's claims or explanations.

Example:
  crosscheck handout key.ron handout/ && zip -r handout.zip handout";

const KEY_HELP: &str = "\
Claims are named by id (`crosscheck export key.ron -f csv -o -` lists them).

Examples:
  crosscheck key key.ron --instructions instructions.md
  crosscheck key key.ron --rubric 3,1,1,0 --bonus c0123456789abcdef
  crosscheck key key.ron --explain 'c0123456789abcdef=Report 002 says the opposite.'
  crosscheck key key.ron --unmark";

const LABELS_HELP: &str = "\
Examples:
  crosscheck labels project.ron
  crosscheck labels project.ron --template fnc1 --relabel-to discuss
  crosscheck labels project.ron --add satire --name Satire --key 4 --fever REFUTES --nli contradiction
  crosscheck labels project.ron --remove unverified --unlabel
  crosscheck labels teacher.ron --json > scheme.json
  for f in class/*.ron; do crosscheck labels \"$f\" --from scheme.json; done";

const IMPORT_HELP: &str = "\
--from doccano|brat|label-studio reads those tools' exports (see the README for
what each keeps and loses); the default, --from crosscheck, reads
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

const EXPORT_HELP: &str = "\
Formats: fever, nli, csv, doccano, brat (a folder), documents. See the README.

Examples:
  crosscheck export project.ron --format fever -o fever.jsonl
  crosscheck export project.ron --format nli -o - | head
  crosscheck export project.ron --format brat -o brat/";

const STATS_HELP: &str = "\
Examples:
  crosscheck stats project.ron
  crosscheck stats project.ron --json | python3 -m json.tool";

const CHECK_HELP: &str = "\
Exit status: 0 when every span is in place, 1 when spans are detached or only
approximately matched, documents are missing or claims are flagged by a merge
(changed on both sides), 2 when the project cannot be opened. The project
file is never written.

Examples:
  crosscheck check project.ron
  crosscheck check project.ron || echo 'look at the project in the window'";

impl ValueEnum for Tool {
    fn value_variants<'a>() -> &'a [Self] {
        &Tool::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.description()))
    }
}

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.description()))
    }
}

/// Runs a headless subcommand and returns the process exit status.
pub fn run(command: Command) -> ExitCode {
    let failure = match command {
        Command::Check { .. } => 2,
        _ => 1,
    };
    let result = match command {
        Command::Import {
            project,
            file,
            from,
            corpus,
            annotator,
            add_labels,
            predictions,
            write_documents,
        } => {
            let options = ImportOptions {
                annotator,
                add_labels,
                predictions,
                write_documents,
            };
            import(&project, &file, from, corpus.as_deref(), &options)
        }
        Command::Export {
            project,
            format,
            output,
        } => export(&project, format, output.as_deref()),
        Command::Stats { project, json } => stats(&project, json),
        Command::Check { project } => check(&project),
        Command::Agree {
            files,
            json,
            by_label,
            by_doc,
        } => team::agree(&files, json, by_label, by_doc),
        Command::Merge { base, ours, theirs } => team::merge(&base, &ours, &theirs),
        Command::Grade {
            key,
            students,
            csv,
            json,
            feedback,
            anonymise,
            mapping,
        } => classroom::grade(&classroom::GradeArgs {
            key: &key,
            students: &students,
            csv: csv.as_deref(),
            json,
            feedback: feedback.as_deref(),
            anonymise,
            mapping: mapping.as_deref(),
        }),
        Command::Handout { key, out } => classroom::handout(&key, &out),
        Command::Key {
            project,
            instructions,
            rubric,
            bonus,
            required,
            explain,
            unmark,
        } => classroom::key(&classroom::KeyArgs {
            project: &project,
            instructions: instructions.as_deref(),
            rubric: rubric.as_deref(),
            bonus: &bonus,
            required: &required,
            explain: &explain,
            unmark,
        }),
        Command::Search {
            project,
            query,
            limit,
            json,
        } => search::search(&project, &query, limit, json),
        Command::Suggest {
            project,
            claim,
            text,
            top,
            json,
            plain,
        } => search::suggest(
            &project,
            claim.as_deref(),
            text.as_deref(),
            top,
            json,
            plain,
        ),
        Command::Labels {
            project,
            template,
            from,
            add,
            name,
            key,
            color,
            fever,
            nli,
            remove,
            relabel_to,
            unlabel,
            guidelines,
            json,
        } => {
            let args = crate::cli_labels::LabelsArgs {
                project,
                template,
                from,
                add,
                name,
                key,
                color,
                fever,
                nli,
                remove,
                relabel_to,
                unlabel,
                guidelines,
                json,
            };
            crate::cli_labels::run(&args)
                .map_err(Failure::Message)
                .and_then(|text| emit(&text).map(|()| ExitCode::SUCCESS))
        }
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

/// Why a subcommand stopped early.
#[derive(Debug)]
enum Failure {
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

type CliResult = Result<ExitCode, Failure>;

fn stdout_failure(error: std::io::Error) -> Failure {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::Closed
    } else {
        Failure::Message(format!("cannot write to standard output: {error}"))
    }
}

/// Writes `text` to standard output. `print!` would panic on a closed or
/// full stdout; this reports it instead.
fn emit(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(stdout_failure)
}

/// One line on stderr. If even stderr cannot be written there is nobody to
/// tell, which is no reason to panic.
fn warn(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
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

fn open(project: &Path) -> Result<Workspace, String> {
    if !project.exists() {
        return Err(format!("project file {} does not exist", project.display()));
    }
    Workspace::open_project(project, &Progress::default()).map_err(|e| e.to_string())
}

/// Writing a project whose journal holds edits the file lacks would make
/// that journal belong to no file: the window's unsaved work would be set
/// aside instead of recovered. The window may also still have it open.
fn refuse_pending_journal(journal: &crate::project::journal::JournalState) -> Result<(), Failure> {
    match journal.describe() {
        Some(note) if journal.pending() > 0 => Err(Failure::Message(format!(
            "not changing the project: {note}. Open the project in crosscheck (it recovers \
             and saves them) and close it, then run this again"
        ))),
        _ => Ok(()),
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
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
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
    let mut ws = match corpus {
        _ if project_path.exists() => {
            let ws = open(project_path)?;
            refuse_pending_journal(&ws.journal)?;
            if let Some(corpus) = corpus.filter(|c| !same_folder(c, &ws.corpus.root)) {
                return Err(Failure::Message(format!(
                    "{} already exists over the corpus {}, not {}; leave out --corpus to import into it",
                    project_path.display(),
                    ws.corpus.root.display(),
                    corpus.display()
                )));
            }
            ws
        }
        Some(corpus) => {
            // An absolute project path keeps the stored corpus reference
            // relative: `project::corpus_reference` cannot resolve the empty
            // parent of a bare file name like `new.ron` and would store an
            // absolute corpus path.
            let project_path = std::path::absolute(project_path)
                .map_err(|e| format!("cannot resolve {}: {e}", project_path.display()))?;
            Workspace::open_folder(corpus, Some(project_path), None, &Progress::default())
                .map_err(|e| e.to_string())?
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
        if !plan.new_documents.is_empty() {
            tools::write_new_documents(&ws.corpus.root, &plan.new_documents)
                .map_err(|e| e.to_string())?;
            // The new documents become part of the corpus, and the project
            // records their fingerprints, before claims point into them.
            ws.corpus = crate::corpus::Corpus::open(&ws.corpus.root).map_err(|e| e.to_string())?;
            crate::project::sync_with_corpus(&mut ws.project, &ws.corpus);
        }
        ws.project
            .apply(plan.edit.clone())
            .map_err(|e| format!("cannot add the imported claims: {e}"))?;
        ws.save().map_err(|e| e.to_string())?;
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

fn warn_unclean(report: &AnchorReport) {
    if !report.is_clean() {
        warn(&format!(
            "warning: {} (run `crosscheck check` for details)",
            report.summary()
        ));
    }
}

fn note_skipped(skipped: usize) {
    if skipped > 0 {
        warn(&format!(
            "note: {skipped} detached spans left out (their text is no longer at their offsets)"
        ));
    }
}

#[derive(Debug, Default, Serialize)]
struct AnnotatorStats {
    claims: usize,
    evidence: usize,
}

#[derive(Debug, Serialize)]
struct Stats {
    project: String,
    corpus: String,
    documents: usize,
    documents_done: usize,
    skipped_files: usize,
    claims: usize,
    /// Every label of the project, used or not.
    claims_by_label: BTreeMap<String, usize>,
    claims_unlabelled: usize,
    evidence_links: usize,
    evidence_by_relation: BTreeMap<String, usize>,
    cross_document_links: usize,
    detached_spans: usize,
    annotators: BTreeMap<String, AnnotatorStats>,
}

fn stats(project_path: &Path, json: bool) -> CliResult {
    let ws = open(project_path)?;
    // On stderr: `--json` output stays one object.
    if let Some(note) = ws.journal.describe() {
        warn(&format!("note: {note}; these figures are the file's"));
    }
    let p = &ws.project;
    let mut by_label: BTreeMap<String, usize> =
        p.labels().iter().map(|l| (l.id.clone(), 0)).collect();
    let mut by_relation = by_label.clone();
    let mut annotators: BTreeMap<String, AnnotatorStats> = BTreeMap::new();
    let (mut unlabelled, mut cross, mut detached) = (0, 0, 0);
    for claim in p.claims().iter() {
        match &claim.label {
            Some(l) => *by_label.entry(l.clone()).or_default() += 1,
            None => unlabelled += 1,
        }
        annotators
            .entry(claim.annotator.clone())
            .or_default()
            .claims += 1;
        for e in &claim.evidence {
            *by_relation.entry(e.relation.clone()).or_default() += 1;
            annotators.entry(e.annotator.clone()).or_default().evidence += 1;
            if e.span.doc != claim.span.doc {
                cross += 1;
            }
        }
        detached += claim.spans().filter(|s| s.detached).count();
    }
    let stats = Stats {
        project: project_path.display().to_string(),
        corpus: ws.corpus.root.display().to_string(),
        documents: ws.corpus.len(),
        documents_done: p.documents().values().filter(|d| d.done).count(),
        skipped_files: ws.corpus.skipped.len(),
        claims: p.claims().len(),
        claims_by_label: by_label,
        claims_unlabelled: unlabelled,
        evidence_links: p.evidence_count(),
        evidence_by_relation: by_relation,
        cross_document_links: cross,
        detached_spans: detached,
        annotators,
    };
    if json {
        let text = serde_json::to_string_pretty(&stats).map_err(|e| e.to_string())?;
        emit(&format!("{text}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!("project     {}", stats.project));
    line(format!("corpus      {}", stats.corpus));
    line(format!(
        "documents   {} ({} marked done, {} files skipped)",
        stats.documents, stats.documents_done, stats.skipped_files
    ));
    line(format!("claims      {}", stats.claims));
    // Label-set order, as the window shows them.
    for label in p.labels() {
        let n = stats.claims_by_label.get(&label.id).copied().unwrap_or(0);
        line(format!("  {:<14} {n}", label.id));
    }
    if stats.claims_unlabelled > 0 {
        line(format!(
            "  {:<14} {}",
            "(no label)", stats.claims_unlabelled
        ));
    }
    line(format!(
        "evidence    {} ({} across documents)",
        stats.evidence_links, stats.cross_document_links
    ));
    for label in p.labels() {
        let n = stats
            .evidence_by_relation
            .get(&label.id)
            .copied()
            .unwrap_or(0);
        line(format!("  {:<14} {n}", label.id));
    }
    line(format!("detached    {} spans", stats.detached_spans));
    line("annotators".into());
    for (name, a) in &stats.annotators {
        line(format!(
            "  {:<14} {} claims, {} evidence links",
            name, a.claims, a.evidence
        ));
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn check(project_path: &Path) -> CliResult {
    // Opening re-anchors in memory only; nothing here saves.
    let ws = open(project_path)?;
    let r = &ws.report;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} documents in {}",
        project_path.display(),
        ws.corpus.len(),
        ws.corpus.root.display()
    );
    if let Some(note) = ws.journal.describe() {
        let _ = writeln!(out, "edit journal: {note}");
    }
    if !ws.corpus.skipped.is_empty() {
        let _ = writeln!(out, "skipped files ({}):", ws.corpus.skipped.len());
        for s in &ws.corpus.skipped {
            let _ = writeln!(out, "  {}: {}", s.path, s.reason);
        }
    }
    let docs = |out: &mut String, title: &str, list: &[String]| {
        if !list.is_empty() {
            let _ = writeln!(out, "{title} ({}):", list.len());
            for d in list {
                let _ = writeln!(out, "  {d}");
            }
        }
    };
    docs(&mut out, "changed documents", &r.changed_docs);
    docs(&mut out, "missing documents", &r.missing_docs);
    docs(&mut out, "new documents", &r.new_docs);
    let spans = |out: &mut String, title: &str, list: &[SpanRef]| {
        if !list.is_empty() {
            let _ = writeln!(out, "{title} ({}):", list.len());
            for s in list {
                let which = match &s.evidence {
                    Some(e) => format!("claim {} evidence {e}", s.claim),
                    None => format!("claim {}", s.claim),
                };
                let _ = writeln!(out, "  {which} in {}: {:?}", s.doc, s.quote);
            }
        }
    };
    spans(&mut out, "spans moved", &r.moved);
    spans(&mut out, "spans found again", &r.reattached);
    spans(
        &mut out,
        "spans matched only approximately (check them)",
        &r.fuzzy,
    );
    spans(&mut out, "detached spans", &r.detached);
    let flagged: Vec<&crate::project::Claim> = ws
        .project
        .claims()
        .sorted()
        .into_iter()
        .filter(|c| c.conflict.is_some())
        .collect();
    if !flagged.is_empty() {
        let _ = writeln!(out, "claims flagged by a merge ({}):", flagged.len());
        for c in &flagged {
            let why = c.conflict.as_ref().map_or("", |f| f.reason.as_str());
            let other = c
                .conflict
                .as_ref()
                .and_then(|f| f.other.as_ref())
                .map_or(String::new(), |o| format!(" (other version: {o})"));
            let _ = writeln!(
                out,
                "  claim {} in {}: {:?}: {why}{other}",
                c.id, c.span.doc, c.span.quote
            );
        }
    }
    let _ = writeln!(out, "{}", r.summary());
    emit(&out)?;
    Ok(if r.is_clean() && flagged.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
