//! What an import of another tool's files is and comes to: the tools, the
//! options, the files read, the plan (one batch edit and the new
//! documents), and why an import is refused.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::jsonl::{ImportError, MAX_LISTED_ERRORS};
use crate::project::Edit;

/// The tools whose files `crosscheck import --from` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    /// crosscheck's own pre-annotation JSON Lines.
    Crosscheck,
    Doccano,
    Brat,
    LabelStudio,
}

impl Tool {
    pub const ALL: [Tool; 4] = [
        Tool::Doccano,
        Tool::Brat,
        Tool::LabelStudio,
        Tool::Crosscheck,
    ];

    /// The name used on the command line (`--from label-studio`).
    pub fn name(self) -> &'static str {
        match self {
            Tool::Crosscheck => "crosscheck",
            Tool::Doccano => "doccano",
            Tool::Brat => "brat",
            Tool::LabelStudio => "label-studio",
        }
    }

    /// One line for a menu or `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Tool::Crosscheck => "crosscheck pre-annotation JSON Lines, one claim a line",
            Tool::Doccano => {
                "doccano sequence-labelling JSON Lines (label triples or entities), or a folder of them, one file per annotator"
            }
            Tool::Brat => "brat standoff folder: .txt and .ann files, annotation.conf",
            Tool::LabelStudio => {
                "Label Studio JSON export: tasks with annotations (and predictions)"
            }
        }
    }

    /// Whether the input is a folder (brat) rather than a file. doccano
    /// takes either.
    pub fn reads_folder(self) -> bool {
        matches!(self, Tool::Brat)
    }

    /// The extension a file dialog filters on.
    pub fn extension(self) -> &'static str {
        match self {
            Tool::LabelStudio => "json",
            _ => "jsonl",
        }
    }

    pub fn from_name(name: &str) -> Option<Tool> {
        Tool::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl std::fmt::Display for Tool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What the person chose besides the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Annotator for claims the file does not attribute to anyone; `None`
    /// means `import`.
    pub annotator: Option<String>,
    /// Add labels the project does not have instead of refusing.
    pub add_labels: bool,
    /// Label Studio: import `predictions` too (annotator = model version).
    pub predictions: bool,
    /// Texts that match no corpus document are planned as new documents
    /// ([`ToolPlan::new_documents`]) instead of refused.
    pub write_documents: bool,
}

impl ImportOptions {
    pub(super) fn annotator(&self) -> &str {
        self.annotator
            .as_deref()
            .filter(|a| !a.is_empty())
            .unwrap_or("import")
    }
}

/// A document the import needs that the corpus does not have yet: write it
/// with [`write_new_documents`] before applying the plan's edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDocument {
    /// Path relative to the corpus root, with `/`.
    pub id: String,
    pub text: String,
}

/// What an import would do: apply `edit` (one [`Edit::Batch`]) to carry it
/// out; its inverse undoes the whole import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolPlan {
    pub edit: Edit,
    pub claims: usize,
    pub evidence: usize,
    /// Claims skipped because the project (or an earlier line) already has
    /// one with the same document, offsets, label and annotator.
    pub duplicates: usize,
    /// Label ids the edit adds.
    pub labels_added: Vec<String>,
    pub new_documents: Vec<NewDocument>,
    /// What the person should know: offsets converted from UTF-16,
    /// discontinuous brat entities joined, parts of the file not imported.
    pub notes: Vec<String>,
}

impl ToolPlan {
    /// One paragraph for the command line or the window.
    pub fn message(&self, from: &str) -> String {
        let mut text = format!(
            "{} and {} imported from {from}",
            count(self.claims, "claim", "claims"),
            count(self.evidence, "evidence link", "evidence links"),
        );
        if self.duplicates > 0 {
            let _ = write!(text, " ({} already there, skipped)", self.duplicates);
        }
        if !self.labels_added.is_empty() {
            let _ = write!(text, "; labels added: {}", self.labels_added.join(", "));
        }
        if !self.new_documents.is_empty() {
            let _ = write!(
                text,
                "; {} written into the corpus",
                count(self.new_documents.len(), "new document", "new documents")
            );
        }
        for note in self.notes.iter().take(MAX_LISTED_ERRORS) {
            text.push_str("\n  note: ");
            text.push_str(note);
        }
        if self.notes.len() > MAX_LISTED_ERRORS {
            let _ = write!(
                text,
                "\n  and {} more notes",
                self.notes.len() - MAX_LISTED_ERRORS
            );
        }
        text
    }
}

pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One reason the import was refused, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file, relative to what was imported (or its name).
    pub file: String,
    /// From 1; `None` when the problem is the whole file.
    pub line: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} line {line}: {}", self.file, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ToolImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}; no document was added")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot add document {id:?} to the corpus: {reason}; nothing was imported")]
    NewDocument { id: String, reason: String },
    #[error("{0}")]
    Input(String),
    /// `problems` holds the first [`MAX_LISTED_ERRORS`]; `count` counts all.
    #[error("{}", refusal_message(.problems, *.count))]
    Refused {
        problems: Vec<Problem>,
        count: usize,
    },
    #[error(
        "labels this project does not have: {}; nothing was imported. Add them with --add-labels (in the window: \"Add labels the project lacks\"), or rename them in the file",
        .0.join(", ")
    )]
    UnknownLabels(Vec<String>),
    #[error(transparent)]
    Crosscheck(#[from] ImportError),
}

pub(super) fn refusal_message(problems: &[Problem], count: usize) -> String {
    let plural = if count == 1 { "" } else { "s" };
    let mut text = format!("{count} problem{plural}; nothing was imported");
    for problem in problems {
        text.push_str("\n  ");
        text.push_str(&problem.to_string());
    }
    if count > problems.len() {
        let _ = write!(text, "\n  and {} more", count - problems.len());
    }
    text
}

/// The files of one import, read into memory.
#[derive(Clone, Debug, Default)]
pub struct Source {
    /// (name shown in messages, relative path inside a folder, text)
    pub files: Vec<SourceFile>,
    /// Whether the input was a folder (doccano: annotator = file name).
    pub folder: bool,
}

#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Relative to the folder imported, with `/`; the file name for a file.
    pub rel: String,
    pub bytes: Vec<u8>,
}

impl SourceFile {
    pub(super) fn text(&self) -> Result<&str, Problem> {
        let text = std::str::from_utf8(&self.bytes).map_err(|e| Problem {
            file: self.rel.clone(),
            line: None,
            reason: format!("not UTF-8 ({e})"),
        })?;
        Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
    }
}
