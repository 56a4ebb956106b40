//! Running an import: reading the named files, planning with the reader
//! of the tool, and writing the documents an import adds to the corpus
//! folder (checked first, removed again unless kept).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::draft::{Ctx, shorten};
use super::jsonl::import_jsonl;
use super::plan::*;
use super::{brat, doccano, label_studio};
use crate::corpus::Corpus;
use crate::project::{Edit, Project};

/// Reads what `tool` imports from `path`: a file, or for brat (and doccano)
/// every relevant file below a folder.
pub fn read_source(tool: Tool, path: &Path) -> Result<Source, ToolImportError> {
    let read = |p: &Path| {
        crate::input::read(p, crate::input::MAX_INPUT_BYTES).map_err(|source| {
            ToolImportError::Read {
                path: p.to_path_buf(),
                source,
            }
        })
    };
    let meta = std::fs::metadata(path).map_err(|source| ToolImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        if tool == Tool::Brat {
            return Err(ToolImportError::Input(format!(
                "{} is a file; brat imports read a folder of .txt and .ann files",
                path.display()
            )));
        }
        let rel = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        return Ok(Source {
            files: vec![SourceFile {
                rel,
                bytes: read(path)?,
            }],
            folder: false,
        });
    }
    let wanted: &[&str] = match tool {
        Tool::Brat => &["txt", "ann", "conf"],
        Tool::Doccano => &["jsonl"],
        Tool::Crosscheck | Tool::LabelStudio => {
            return Err(ToolImportError::Input(format!(
                "{} is a folder; {tool} imports read one {} file",
                path.display(),
                tool.extension()
            )));
        }
    };
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(path)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        // brat's own .stats_cache and other hidden files are not data.
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.map_err(|e| ToolImportError::Input(format!("cannot read {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let ext = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if !ext.is_some_and(|e| wanted.contains(&e.as_str())) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(path)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        files.push(SourceFile {
            rel,
            bytes: read(entry.path())?,
        });
    }
    if files.is_empty() {
        return Err(ToolImportError::Input(format!(
            "{} has no {} files",
            path.display(),
            wanted.join(" or ")
        )));
    }
    Ok(Source {
        files,
        folder: true,
    })
}

/// Reads `path` and plans the import: [`read_source`] then [`plan_import`].
pub fn import_path(
    project: &Project,
    corpus: &Corpus,
    tool: Tool,
    path: &Path,
    options: &ImportOptions,
) -> Result<ToolPlan, ToolImportError> {
    let source = read_source(tool, path)?;
    plan_import(project, corpus, tool, &source, options)
}

/// Checks everything in `source` against the corpus and the project and
/// plans the edit. Nothing is changed.
pub fn plan_import(
    project: &Project,
    corpus: &Corpus,
    tool: Tool,
    source: &Source,
    options: &ImportOptions,
) -> Result<ToolPlan, ToolImportError> {
    let mut ctx = Ctx::new(project, corpus, options);
    match tool {
        Tool::Crosscheck => return crosscheck_plan(project, corpus, source, options),
        Tool::Doccano => doccano::read(&mut ctx, source),
        Tool::Brat => brat::read(&mut ctx, source),
        Tool::LabelStudio => label_studio::read(&mut ctx, source),
    }
    ctx.finish()
}

fn crosscheck_plan(
    project: &Project,
    corpus: &Corpus,
    source: &Source,
    options: &ImportOptions,
) -> Result<ToolPlan, ToolImportError> {
    let [file] = source.files.as_slice() else {
        return Err(ToolImportError::Input(
            "crosscheck pre-annotations are one JSON Lines file".into(),
        ));
    };
    let text = file
        .text()
        .map_err(|p| ToolImportError::Input(p.to_string()))?;
    let plan = import_jsonl(project, corpus, text, options.annotator())?;
    let evidence = match &plan.edit {
        Edit::Batch(edits) => edits
            .iter()
            .map(|e| match e {
                Edit::AddClaim(c) => c.evidence.len(),
                _ => 0,
            })
            .sum(),
        _ => 0,
    };
    Ok(ToolPlan {
        edit: plan.edit,
        claims: plan.added,
        evidence,
        duplicates: plan.duplicates,
        labels_added: Vec::new(),
        new_documents: Vec::new(),
        notes: Vec::new(),
    })
}

/// The longest file name (one path component) most file systems take.
const MAX_NAME_BYTES: usize = 255;
/// The longest path Linux takes (`PATH_MAX`, the terminating NUL left out).
const MAX_PATH_BYTES: usize = 4095;

/// Checks, before anything is written, that every document a plan needs can
/// be written into the corpus folder at `root` and will be read back as a
/// document: a name the file system takes (no component over 255 bytes, no
/// path over 4095), not hidden and not crosscheck's own (the corpus reader
/// would skip either), no control characters, no file already at its place
/// or at a folder it needs, no two documents at one place (or one under the
/// other), and no folder on the way that is a symbolic link leading out of
/// the corpus.
pub fn check_new_documents(root: &Path, docs: &[NewDocument]) -> Result<(), ToolImportError> {
    let refuse = |doc: &NewDocument, reason: String| {
        Err(ToolImportError::NewDocument {
            id: doc.id.clone(),
            reason,
        })
    };
    let canonical_root = root
        .canonicalize()
        .map_err(|source| ToolImportError::Read {
            path: root.to_path_buf(),
            source,
        })?;
    let mut taken: HashSet<String> = HashSet::new();
    for doc in docs {
        if !crate::project::is_safe_doc_id(&doc.id) {
            return refuse(doc, "it is not a relative path inside the corpus".into());
        }
        let parts: Vec<&str> = doc.id.split('/').collect();
        if let Some(long) = parts.iter().find(|p| p.len() > MAX_NAME_BYTES) {
            return refuse(
                doc,
                format!(
                    "the name {:?} is {} bytes long; file systems take at most {MAX_NAME_BYTES}",
                    shorten(long, 40),
                    long.len()
                ),
            );
        }
        let path = root.join(&doc.id);
        if path.as_os_str().len() > MAX_PATH_BYTES {
            return refuse(
                doc,
                format!("its path would be longer than {MAX_PATH_BYTES} bytes"),
            );
        }
        if doc.id.chars().any(char::is_control) {
            return refuse(doc, "the name holds control characters".into());
        }
        if parts.iter().any(|p| p.starts_with('.')) {
            return refuse(
                doc,
                "a hidden name (starting with `.`): the corpus reader skips it, so its claims \
                 would come loose at once"
                    .into(),
            );
        }
        let file_name = parts.last().copied().unwrap_or_default();
        if crate::corpus::is_project_file_name(file_name) {
            return refuse(
                doc,
                "the name of one of crosscheck's own files, which the corpus reader skips".into(),
            );
        }
        // One document at a place, and none inside another's place. (Names
        // differing only in case are fine here; where the file system folds
        // case, writing the second fails and the first is removed again.)
        let id = doc.id.clone();
        if !taken.insert(id.clone()) {
            return refuse(
                doc,
                "another document of this import has the same name".into(),
            );
        }
        if docs
            .iter()
            .any(|other| other.id.starts_with(&format!("{id}/")))
        {
            return refuse(
                doc,
                "another document of this import would go inside it".into(),
            );
        }
        // Every folder on the way that exists must be a folder inside the
        // corpus, links resolved.
        let mut folder = root.to_path_buf();
        for part in &parts[..parts.len() - 1] {
            folder.push(part);
            match std::fs::symlink_metadata(&folder) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
                Err(source) => {
                    return Err(ToolImportError::Read {
                        path: folder,
                        source,
                    });
                }
                Ok(meta) => {
                    let resolved = folder.canonicalize().ok();
                    if !resolved
                        .as_ref()
                        .is_some_and(|r| r.starts_with(&canonical_root))
                    {
                        return refuse(
                            doc,
                            format!(
                                "{part:?} is a symbolic link leading outside the corpus folder"
                            ),
                        );
                    }
                    if !(meta.is_dir() || resolved.as_ref().is_some_and(|r| r.is_dir())) {
                        return refuse(doc, format!("{part:?} is a file, not a folder"));
                    }
                }
            }
        }
        match std::fs::symlink_metadata(&path) {
            Ok(_) => {
                return refuse(
                    doc,
                    "a file is already there (one the corpus does not read as a document)".into(),
                );
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(ToolImportError::Read { path, source }),
        }
    }
    Ok(())
}

/// Documents [`write_new_documents`] put into the corpus. Dropped without
/// [`WrittenDocuments::keep`] (the import failed after writing them), they
/// are removed again with the folders made for them, so the corpus folder
/// is as it was.
#[must_use = "dropping it removes the documents again"]
#[derive(Debug, Default)]
pub struct WrittenDocuments {
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
    kept: bool,
}

impl WrittenDocuments {
    /// The import succeeded: the documents stay.
    pub fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for WrittenDocuments {
    fn drop(&mut self) {
        if self.kept {
            return;
        }
        for file in self.files.iter().rev() {
            let _ = std::fs::remove_file(file);
        }
        // Innermost first; a folder someone else filled meanwhile stays.
        for folder in self.folders.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
}

/// Writes the documents a plan needs into the corpus folder, all or none:
/// [`check_new_documents`] first, and a failure while writing removes what
/// was written. An existing file is never replaced: the import was planned
/// against a corpus without it, so it appearing since means someone else is
/// writing there.
pub fn write_new_documents(
    root: &Path,
    docs: &[NewDocument],
) -> Result<WrittenDocuments, ToolImportError> {
    use std::io::Write as _;
    check_new_documents(root, docs)?;
    let mut written = WrittenDocuments::default();
    for doc in docs {
        let path = root.join(&doc.id);
        let mut folder = root.to_path_buf();
        let parts: Vec<&str> = doc.id.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            folder.push(part);
            match std::fs::create_dir(&folder) {
                Ok(()) => written.folders.push(folder.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(source) => {
                    return Err(ToolImportError::Write {
                        path: folder,
                        source,
                    });
                }
            }
        }
        let err = |source| ToolImportError::Write {
            path: path.clone(),
            source,
        };
        // `create_new` also refuses a link put at the name since the check.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(err)?;
        written.files.push(path.clone());
        file.write_all(doc.text.as_bytes()).map_err(err)?;
        file.sync_all().map_err(err)?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str) -> NewDocument {
        NewDocument {
            id: id.into(),
            text: "text".into(),
        }
    }

    #[test]
    fn written_documents_go_again_unless_kept() {
        let dir = tempfile::tempdir().unwrap();
        let written =
            write_new_documents(dir.path(), &[doc("a.txt"), doc("new/deep/b.txt")]).unwrap();
        assert!(dir.path().join("new/deep/b.txt").is_file());
        drop(written);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        write_new_documents(dir.path(), &[doc("new/c.txt")])
            .unwrap()
            .keep();
        assert!(dir.path().join("new/c.txt").is_file());
    }

    #[test]
    fn new_documents_are_checked_before_any_is_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("file.txt"), "x").unwrap();
        let long = format!("{}.txt", "n".repeat(296));
        for (bad, why) in [
            (long.as_str(), "bytes long"),
            ("file.txt/b.txt", "is a file, not a folder"),
            ("file.txt", "already there"),
            (".hidden/b.txt", "hidden"),
            ("a.ron.journal.txt", "crosscheck's own"),
            ("esc\u{1b}[2J.txt", "control characters"),
            ("x.txt", "same name"),
            ("x.txt/y.txt", "would go inside it"),
        ] {
            let docs = [doc("first.txt"), doc("x.txt"), doc(bad)];
            let err = write_new_documents(dir.path(), &docs).unwrap_err();
            assert!(err.to_string().contains(why), "{bad}: {err}");
            assert!(!dir.path().join("first.txt").exists(), "{bad}");
        }
    }
}
