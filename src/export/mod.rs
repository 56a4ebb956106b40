//! Exports of a project as training data and as the files other annotation
//! tools read, one module per format. Reading files back in (pre-annotations
//! and other tools' exports) is [`crate::import`]'s job.
//!
//! Every offset written is a Unicode code point index into the document text
//! as crosscheck reads it (Python's `text[start:end]`), end exclusive.
//! Spans whose text is no longer at their offsets ("detached") are written
//! with `detached: true` in the formats that list spans with their text
//! (fever, nli, csv) and left out of the formats that only carry offsets into
//! the current text (doccano, brat), where a wrong offset would be silently
//! believed.
//!
//! For the window: list [`Format::ALL`] in the menu, propose
//! [`Format::default_file_name`] in the save dialog (a folder picker when
//! [`Format::writes_folder`]), call [`export`] and show
//! [`ExportSummary::message`].

pub(crate) mod brat;
mod csv;
mod doccano;
mod documents;
mod fever;
mod nli;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::atomic::{AtomicFile, TempDir, WriteError};
use crate::corpus::Corpus;
use crate::project::{Label, Project, Span};

pub use csv::neutralise as neutralise_csv_cell;
// The importers moved to `crate::import`; these names keep the old paths
// (`export::tools::…`, `export::import_jsonl`) working for callers not yet
// moved over. New code uses `crate::import`.
pub use crate::import as tools;
pub use crate::import::jsonl as import;
pub use crate::import::{
    ImportError, ImportOptions, ImportPlan, LineError, Tool, ToolImportError, ToolPlan,
    import_jsonl,
};

/// The file brat writes into each collection folder it opens.
const BRAT_STATS_CACHE: &str = ".stats_cache";

/// The export formats, in the order menus list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Fever,
    Nli,
    Csv,
    Doccano,
    Brat,
    Documents,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Fever,
        Format::Nli,
        Format::Csv,
        Format::Doccano,
        Format::Brat,
        Format::Documents,
    ];

    /// The name used on the command line (`--format fever`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Fever => "fever",
            Format::Nli => "nli",
            Format::Csv => "csv",
            Format::Doccano => "doccano",
            Format::Brat => "brat",
            Format::Documents => "documents",
        }
    }

    /// One line for a menu or `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Format::Fever => "FEVER-style JSON Lines: one claim a line with its evidence",
            Format::Nli => {
                "NLI pairs as JSON Lines: one evidence link a line (premise, hypothesis, label)"
            }
            Format::Csv => "CSV for spreadsheets: one claim a row (UTF-8 with BOM)",
            Format::Doccano => {
                "doccano sequence-labelling JSON Lines: one document a line with its spans"
            }
            Format::Brat => {
                "brat standoff folder: <doc>.txt and <doc>.ann per document, annotation.conf"
            }
            Format::Documents => "document texts as JSON Lines: id, text, SHA-256, encoding",
        }
    }

    /// Whether the export is a folder rather than a single file.
    pub fn writes_folder(self) -> bool {
        matches!(self, Format::Brat)
    }

    /// The file (or folder) name a save dialog proposes.
    pub fn default_file_name(self) -> &'static str {
        match self {
            Format::Fever => "fever.jsonl",
            Format::Nli => "nli.jsonl",
            Format::Csv => "claims.csv",
            Format::Doccano => "doccano.jsonl",
            Format::Brat => "brat",
            Format::Documents => "documents.jsonl",
        }
    }

    /// The extension a save dialog filters on; `None` for the folder format.
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Format::Csv => Some("csv"),
            Format::Brat => None,
            _ => Some("jsonl"),
        }
    }

    /// The format with command line name `name`.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What an export wrote, for "N rows written to PATH".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportSummary {
    /// Lines (JSONL), data rows (CSV) or documents (brat).
    pub rows: usize,
    /// Files written: 1, or for brat every `.txt`, `.ann` and `.conf` file.
    pub files: usize,
    pub path: PathBuf,
    /// Detached spans left out (doccano and brat only; the other formats
    /// keep them and flag them `detached`).
    pub skipped_detached: usize,
    /// Rows whose training target is `""` (fever: `fever_label`, nli:
    /// `label`): unset labels, or labels that declare no target.
    pub empty_targets: usize,
}

impl ExportSummary {
    /// For a status bar: "6 rows written to fever.jsonl", or for brat
    /// "4 documents (10 files) written to brat".
    pub fn message(&self) -> String {
        let path = self.path.display();
        let mut text = if self.files > 1 {
            let docs = plural(self.rows, "document", "documents");
            format!("{docs} ({} files) written to {path}", self.files)
        } else {
            format!("{} written to {path}", plural(self.rows, "row", "rows"))
        };
        if self.empty_targets > 0 {
            text.push_str(&format!(
                "; {} with an empty training target",
                plural(self.empty_targets, "row", "rows")
            ));
        }
        text
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error(
        "the {0} export is a folder of files and cannot be written to a stream; give a folder path instead"
    )]
    FolderToStream(Format),
    #[error("{0} is a folder; give a file name such as {1}")]
    TargetIsFolder(PathBuf, &'static str),
    #[error("folder {0} does not exist")]
    NoFolder(PathBuf),
    #[error("{0} exists and is not a folder")]
    TargetIsFile(PathBuf),
    #[error(
        "{0} exists and does not look like an earlier brat export (only .txt, .ann and .conf \
         files with an annotation.conf, and brat's .stats_cache); refusing to replace it. Choose a new or empty folder"
    )]
    ForeignFolder(PathBuf),
    #[error("{0} is {1}, not a file an export can replace")]
    NotAFile(PathBuf, &'static str),
    #[error("document id {0:?} cannot be used as a file name")]
    UnsafeDocId(String),
}

/// Writes `format` to `out` atomically: the new file (or folder) is built
/// beside the target and renamed into place, so a failed export never leaves
/// a half-written file where a good one was.
pub fn export(
    project: &Project,
    corpus: &Corpus,
    format: Format,
    out: &Path,
) -> Result<ExportSummary, ExportError> {
    if format.writes_folder() {
        let mut result = (0, 0, 0);
        replace_folder(out, |dir| {
            result = brat::write_folder(project, corpus, dir)?;
            Ok(())
        })?;
        let (rows, files, skipped_detached) = result;
        return Ok(ExportSummary {
            rows,
            files,
            path: out.to_path_buf(),
            skipped_detached,
            empty_targets: 0,
        });
    }
    if out.is_dir() {
        return Err(ExportError::TargetIsFolder(
            out.to_path_buf(),
            format.default_file_name(),
        ));
    }
    let (rows, skipped_detached) = replace_file(out, |w| write_stream(project, corpus, format, w))?;
    Ok(ExportSummary {
        rows,
        files: 1,
        path: out.to_path_buf(),
        skipped_detached,
        empty_targets: empty_targets(project, format),
    })
}

/// Writes a single-file format to `w` (for `-o -`). The folder format (brat)
/// is refused.
pub fn export_to_writer(
    project: &Project,
    corpus: &Corpus,
    format: Format,
    w: &mut dyn Write,
) -> Result<ExportSummary, ExportError> {
    if format.writes_folder() {
        return Err(ExportError::FolderToStream(format));
    }
    let mut buffered = BufWriter::new(w);
    let (rows, skipped_detached) = write_stream(project, corpus, format, &mut buffered)?;
    buffered.flush()?;
    Ok(ExportSummary {
        rows,
        files: 1,
        path: PathBuf::from("-"),
        skipped_detached,
        empty_targets: empty_targets(project, format),
    })
}

/// (rows, detached spans skipped)
fn write_stream(
    project: &Project,
    corpus: &Corpus,
    format: Format,
    w: &mut dyn Write,
) -> Result<(usize, usize), ExportError> {
    match format {
        Format::Fever => fever::write(project, corpus, w).map(|n| (n, 0)),
        Format::Nli => nli::write(project, corpus, w).map(|n| (n, 0)),
        Format::Csv => csv::write(project, corpus, w).map(|n| (n, 0)),
        Format::Doccano => doccano::write(project, corpus, w),
        Format::Documents => documents::write(corpus, w).map(|n| (n, 0)),
        Format::Brat => Err(ExportError::FolderToStream(format)),
    }
}

/// The FEVER verdict for a claim label: what the project's label declares
/// (the three default labels: SUPPORTS, REFUTES, NOT ENOUGH INFO). An unset
/// label, or one that declares nothing, gets `""` so that filtering on the
/// verdict never mistakes "not decided yet" for NOT ENOUGH INFO.
pub fn fever_label<'a>(labels: &'a [Label], label: Option<&str>) -> &'a str {
    label
        .and_then(|id| labels.iter().find(|l| l.id == id))
        .map_or("", Label::fever_target)
}

/// The NLI label for an evidence relation (premise = evidence, hypothesis =
/// claim), as the relation's label declares it; `""` when it declares none.
pub fn nli_label<'a>(labels: &'a [Label], relation: &str) -> &'a str {
    labels
        .iter()
        .find(|l| l.id == relation)
        .map_or("", Label::nli_target)
}

/// Rows of `format` whose training target would be `""`.
fn empty_targets(project: &Project, format: Format) -> usize {
    let labels = project.labels();
    match format {
        Format::Fever => project
            .claims()
            .iter()
            .filter(|c| fever_label(labels, c.label.as_deref()).is_empty())
            .count(),
        Format::Nli => project
            .claims()
            .iter()
            .flat_map(|c| c.evidence.iter())
            .filter(|e| nli_label(labels, &e.relation).is_empty())
            .count(),
        _ => 0,
    }
}

/// The entity type of a span in brat and doccano: `Claim_<label>` (plain
/// `Claim` when unset) or `Evidence_<relation>`. brat type names allow only
/// ASCII letters, digits, `_` and `-`; anything else becomes `_`.
pub fn span_type(kind: &str, label: Option<&str>) -> String {
    match label {
        Some(label) => format!("{kind}_{}", type_name(label)),
        None => kind.to_owned(),
    }
}

/// `name` reduced to the characters brat accepts in a type name.
pub fn type_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "_".into()
    } else {
        cleaned
    }
}

/// A span as exported: its offsets, its text, and whether that text really
/// is at those offsets in the current corpus.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placed<'a> {
    pub doc: &'a str,
    pub start: usize,
    pub end: usize,
    /// The annotator's quote (what was highlighted).
    pub text: &'a str,
    /// The quote is not at `start..end` of the current text (flagged by
    /// re-anchoring, the document is missing, or the project was not synced).
    pub detached: bool,
}

/// Exported text is always the stored quote; it is only called attached when
/// the corpus text at the offsets is that quote, so a consumer slicing the
/// document gets exactly the exported text.
pub(crate) fn place<'a>(span: &'a Span, corpus: &Corpus) -> Placed<'a> {
    let in_place = !span.detached
        && corpus
            .get(&span.doc)
            .and_then(|d| d.slice(span.start, span.end))
            == Some(span.quote.as_str());
    Placed {
        doc: &span.doc,
        start: span.start,
        end: span.end,
        text: &span.quote,
        detached: !in_place,
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The folder an export goes into must exist: creating a mistyped path's
/// folders would hide the typo.
fn existing_parent(out: &Path) -> Result<&Path, ExportError> {
    let parent = parent_dir(out);
    if parent.is_dir() {
        Ok(parent)
    } else {
        Err(ExportError::NoFolder(parent.to_path_buf()))
    }
}

/// Writes through `fill` into a temporary file beside `out`, then renames it
/// over `out` (through a symbolic link, to its target). The file keeps an
/// existing file's mode, or gets the one the umask gives.
fn replace_file<T>(
    out: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    let io = |source| ExportError::Io {
        path: out.to_path_buf(),
        source,
    };
    existing_parent(out)?;
    let mut file = AtomicFile::create(out).map_err(|e| match e {
        WriteError::NotRegular { path, kind } => ExportError::NotAFile(path, kind),
        WriteError::Io(source) => io(source),
    })?;
    let value = {
        let mut w = BufWriter::new(file.file());
        let value = fill(&mut w).map_err(|e| match e {
            ExportError::Write(source) => io(source),
            other => other,
        })?;
        w.flush().map_err(io)?;
        value
    };
    file.commit().map_err(io)?;
    Ok(value)
}

/// Builds a folder through `fill` in a temporary folder beside `out`, then
/// swaps it into place. An existing `out` is only replaced when it is empty
/// or looks like an earlier brat export, so a mistyped `-o ~/Documents`
/// cannot delete anything else.
fn replace_folder(
    out: &Path,
    fill: impl FnOnce(&Path) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: out.to_path_buf(),
        source,
    };
    let existing = match fs::symlink_metadata(out) {
        Ok(meta) if meta.is_dir() => {
            if !is_replaceable_export(out) {
                return Err(ExportError::ForeignFolder(out.to_path_buf()));
            }
            Some(meta)
        }
        Ok(_) => return Err(ExportError::TargetIsFile(out.to_path_buf())),
        Err(_) => None,
    };
    let parent = existing_parent(out)?;
    let temp = TempDir::create(parent).map_err(io)?;
    fill(temp.path()).map_err(|e| match e {
        ExportError::Write(source) => io(source),
        other => other,
    })?;
    let Some(old) = existing else {
        return fs::rename(temp.path(), out).map_err(io);
    };
    // The folder someone set up (say, shared with a group) keeps its mode.
    fs::set_permissions(temp.path(), old.permissions()).map_err(io)?;
    // Move the old export aside first; if the new one cannot take its place,
    // put the old one back. Dropping `temp` removes whichever is left over.
    fs::rename(out, temp.aside_path()).map_err(io)?;
    if let Err(e) = fs::rename(temp.path(), out) {
        let _ = fs::rename(temp.aside_path(), out);
        return Err(io(e));
    }
    Ok(())
}

/// Empty, or only `.txt`/`.ann`/`.conf` files (in any subfolders) and an
/// `annotation.conf` at the top. brat's own `.stats_cache`, which it writes
/// into every folder it opens, counts as part of the export.
fn is_replaceable_export(dir: &Path) -> bool {
    fn only_export_files(dir: &Path) -> bool {
        let Ok(mut entries) = fs::read_dir(dir) else {
            return false;
        };
        entries.all(|entry| {
            let Ok(entry) = entry else { return false };
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => only_export_files(&path),
                Ok(t) if t.is_file() && entry.file_name() == BRAT_STATS_CACHE => true,
                Ok(t) if t.is_file() => path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "txt" | "ann" | "conf")),
                _ => false,
            }
        })
    }
    let empty = fs::read_dir(dir).is_ok_and(|mut e| e.next().is_none());
    empty || (dir.join("annotation.conf").is_file() && only_export_files(dir))
}

/// One JSON value and a newline. NEL, LINE SEPARATOR and PARAGRAPH
/// SEPARATOR are written as `\u` escapes: JSON allows them raw, but Python's
/// `str.splitlines` (and tools built on it) would split a line there.
fn write_json_line<T: serde::Serialize>(w: &mut dyn Write, value: &T) -> Result<(), ExportError> {
    let json = serde_json::to_string(value).map_err(std::io::Error::from)?;
    if json.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        let escaped = json
            .replace('\u{85}', "\\u0085")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        w.write_all(escaped.as_bytes())?;
    } else {
        w.write_all(json.as_bytes())?;
    }
    w.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_map_to_fever_and_nli() {
        let mut labels = crate::project::default_labels();
        labels.push(Label::new("satire", "Satire", "#123456", None));
        labels.push(Label::new("stance", "Stance", "#123456", None).mapped("REFUTES", "neutral"));
        assert_eq!(fever_label(&labels, Some("agrees")), "SUPPORTS");
        assert_eq!(fever_label(&labels, Some("contradicts")), "REFUTES");
        assert_eq!(fever_label(&labels, Some("unverified")), "NOT ENOUGH INFO");
        assert_eq!(fever_label(&labels, None), "");
        assert_eq!(fever_label(&labels, Some("satire")), "");
        assert_eq!(fever_label(&labels, Some("stance")), "REFUTES");
        assert_eq!(nli_label(&labels, "agrees"), "entailment");
        assert_eq!(nli_label(&labels, "contradicts"), "contradiction");
        assert_eq!(nli_label(&labels, "unverified"), "neutral");
        assert_eq!(nli_label(&labels, "satire"), "");
        assert_eq!(nli_label(&labels, "stance"), "neutral");
    }

    #[test]
    fn type_names_are_brat_safe() {
        assert_eq!(span_type("Claim", None), "Claim");
        assert_eq!(span_type("Claim", Some("agrees")), "Claim_agrees");
        assert_eq!(
            span_type("Evidence", Some("half true?")),
            "Evidence_half_true_"
        );
        assert_eq!(type_name("déjà-vu"), "d_j_-vu");
        assert_eq!(type_name(""), "_");
    }

    #[test]
    fn json_lines_escape_what_splitlines_would_split() {
        let mut out = Vec::new();
        write_json_line(&mut out, &"a\u{2028}b\u{85}c\u{2029}d\u{c}e").unwrap();
        let line = String::from_utf8(out).unwrap();
        assert_eq!(line, "\"a\\u2028b\\u0085c\\u2029d\\fe\"\n");
        let back: String = serde_json::from_str(&line).unwrap();
        assert_eq!(back, "a\u{2028}b\u{85}c\u{2029}d\u{c}e");
    }

    #[test]
    fn missing_folder_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("nope").join("fever.jsonl");
        let err = export(&Project::new("."), &Corpus::default(), Format::Fever, &out).unwrap_err();
        assert!(matches!(err, ExportError::NoFolder(_)), "{err}");
    }
}
