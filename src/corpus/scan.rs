//! Walking a corpus folder and reading its files in parallel.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::document::Document;
use super::progress::Progress;
use super::reading::{
    DatasetInfo, FileDocuments, FileKind, FileSkipped, ReadOptions, is_corpus_path, read_file,
};
use super::skipped::{CorpusError, SkipReason, Skipped};

/// Whether a path names a document by its extension (`.txt`, `.md`, any case).
pub fn is_document_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// Whether a file is crosscheck's own rather than part of the corpus: a
/// project file (`*.ron`, usually `crosscheck.ron` or one per annotator) or
/// its backup (`*.ron.bak`), its edit journal (`*.ron.journal`, and
/// journals kept aside, `*.ron.journal.orphan-…`). Such files are neither
/// read nor listed as skipped. (Temporary files start with `.` and are
/// hidden anyway.)
pub fn is_project_file_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".ron") || lower.ends_with(".ron.bak") || lower.contains(".ron.journal")
}

fn is_own_file(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0
        && entry.file_type().is_file()
        && entry.file_name().to_str().is_some_and(is_project_file_name)
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0
        && entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with('.'))
}

/// Relative path with `/` separators, or `None` when a component is not Unicode.
fn id_from_path(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

enum Found {
    File {
        id: String,
        path: PathBuf,
        size: u64,
    },
    Skip(Skipped),
}

/// What reading a folder gives: its documents, what was left out, and the
/// columns of its dataset files by file id.
pub(super) struct FolderRead {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
    pub datasets: BTreeMap<String, DatasetInfo>,
}

pub(super) fn read_folder(
    root: &Path,
    progress: &Progress,
    options: &ReadOptions,
) -> Result<FolderRead, CorpusError> {
    let meta = std::fs::metadata(root).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => CorpusError::Missing(root.to_path_buf()),
        _ => CorpusError::Io {
            path: root.to_path_buf(),
            source,
        },
    })?;
    if !meta.is_dir() {
        return Err(CorpusError::NotAFolder(root.to_path_buf()));
    }

    // Links are followed, but only to places inside the corpus folder: a link
    // to /etc or ../private must not turn those files into documents (and
    // then into exports). The root itself may be a link.
    let canonical_root = root.canonicalize().map_err(|source| CorpusError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let outside = std::cell::RefCell::new(Vec::new());
    let leads_outside = |entry: &walkdir::DirEntry| {
        if entry.depth() == 0 || !entry.path_is_symlink() {
            return false;
        }
        // A dangling link cannot be canonicalized; walkdir reports it.
        let escapes = entry
            .path()
            .canonicalize()
            .is_ok_and(|target| !target.starts_with(&canonical_root));
        if escapes {
            outside.borrow_mut().push(Skipped {
                path: display_path(root, entry.path()),
                reason: SkipReason::OutsideCorpus,
            });
        }
        escapes
    };
    let mut found = Vec::new();
    // walkdir keeps the chain of ancestors when following links, and reports a
    // link back into that chain as a loop instead of descending forever.
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e) && !is_own_file(e) && !leads_outside(e));
    for entry in walker {
        if progress.cancel.load(Ordering::Relaxed) {
            return Err(CorpusError::Cancelled);
        }
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.path();
                let Some(id) = id_from_path(root, path) else {
                    found.push(Found::Skip(Skipped {
                        path: display_path(root, path),
                        reason: SkipReason::BadFileName,
                    }));
                    continue;
                };
                if !is_corpus_path(path) {
                    found.push(Found::Skip(Skipped {
                        path: id,
                        reason: SkipReason::NotText,
                    }));
                    continue;
                }
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                progress.found.fetch_add(1, Ordering::Relaxed);
                found.push(Found::File {
                    id,
                    path: path.to_path_buf(),
                    size,
                });
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(String::new, |p| display_path(root, p));
                if err.depth() == 0 {
                    return Err(CorpusError::Io {
                        path: root.to_path_buf(),
                        source: err
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("walk failed")),
                    });
                }
                let reason = if err.loop_ancestor().is_some() {
                    SkipReason::SymlinkLoop
                } else {
                    SkipReason::Unreadable(
                        err.io_error()
                            .map_or_else(|| err.to_string(), ToString::to_string),
                    )
                };
                found.push(Found::Skip(Skipped { path, reason }));
            }
        }
    }

    found.extend(outside.into_inner().into_iter().map(Found::Skip));

    let results: Vec<(String, Result<FileDocuments, FileSkipped>)> = found
        .into_par_iter()
        .map(|f| match f {
            Found::Skip(s) => (s.path, Err(FileSkipped::from(s.reason))),
            Found::File { id, path, size } => {
                let doc = read_document(&id, &path, size, options);
                progress.read.fetch_add(1, Ordering::Relaxed);
                (id, doc)
            }
        })
        .collect();
    if progress.cancel.load(Ordering::Relaxed) {
        return Err(CorpusError::Cancelled);
    }
    let mut read = FolderRead {
        documents: Vec::with_capacity(results.len()),
        skipped: Vec::new(),
        datasets: BTreeMap::new(),
    };
    for (id, r) in results {
        let dataset = match r {
            Ok(file) => {
                read.documents.extend(file.documents);
                read.skipped.extend(file.skipped);
                file.dataset
            }
            Err(s) => {
                read.skipped.push(Skipped {
                    path: id.clone(),
                    reason: s.reason,
                });
                s.dataset.map(|d| *d)
            }
        };
        if let Some(info) = dataset {
            read.datasets.insert(id, info);
        }
    }
    Ok(read)
}

fn read_document(
    id: &str,
    path: &Path,
    size: u64,
    options: &ReadOptions,
) -> Result<FileDocuments, FileSkipped> {
    let kind = FileKind::of(path).ok_or(SkipReason::NotText)?;
    let limit = kind.max_bytes();
    if size > limit {
        return Err(SkipReason::TooLarge { size, limit }.into());
    }
    // The file may have grown since it was listed: read_file checks again.
    let bytes =
        crate::input::read(path, limit).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    read_file(id, kind, &bytes, options)
}
