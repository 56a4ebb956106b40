//! Running an export: the formats, a file or folder replaced atomically,
//! and what was written.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::common::{ExportError, fever_label, nli_label};
use super::format::Format;
use super::{brat, csv, doccano, documents, fever, nli};
use crate::atomic::{AtomicFile, TempDir, WriteError};
use crate::corpus::Corpus;
use crate::project::Project;

/// The file brat writes into each collection folder it opens.
const BRAT_STATS_CACHE: &str = ".stats_cache";

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
        Format::Documents => documents::write(project, corpus, w).map(|n| (n, 0)),
        Format::Brat => Err(ExportError::FolderToStream(format)),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_folder_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("nope").join("fever.jsonl");
        let err = export(&Project::new("."), &Corpus::default(), Format::Fever, &out).unwrap_err();
        assert!(matches!(err, ExportError::NoFolder(_)), "{err}");
    }
}
