//! Adding a file: copied into the corpus root under its own name (made
//! unique with `-2`, `-3`… before the extension), when it is a kind the
//! corpus or another reader takes and, for a saved page, holds an article.

use std::path::{Path, PathBuf};

use crate::corpus::FileKind;

use super::added::Added;
use super::error::AddError;
use super::kinds::{extension_of, is_addable};
use super::name::{exists, free_name};
use super::write::{check_folder, write_new, write_new_from};

/// Copies `file` into the corpus at `corpus_root`, never over an existing
/// file.
pub fn add_file(corpus_root: &Path, file: &Path) -> Result<Added, AddError> {
    check_folder(corpus_root)?;
    if !is_addable(file) {
        return Err(AddError::Unsupported {
            file: file.to_path_buf(),
            ext: extension_of(file),
        });
    }
    let source = std::fs::canonicalize(file).map_err(AddError::io(file))?;
    let root = std::fs::canonicalize(corpus_root).map_err(AddError::io(corpus_root))?;
    if source.starts_with(&root) {
        return Err(AddError::AlreadyInCorpus(file.to_path_buf()));
    }
    let Some(stem) = source.file_stem() else {
        return Err(AddError::Unsupported {
            file: file.to_path_buf(),
            ext: extension_of(file),
        });
    };
    let ext = source.extension();
    let name = free_name(stem, ext, |n| exists(&root.join(n)));
    let target = root.join(&name);
    let mut title = stem.to_string_lossy().into_owned();
    match FileKind::of(&source) {
        Some(kind) => {
            // Read whole: within what the corpus reads, and a saved page is
            // checked for an article before it is copied.
            let bytes =
                crate::input::read(&source, kind.max_bytes()).map_err(AddError::io(file))?;
            // What is copied must open: a page or PDF with no article, a
            // file that is no dataset, is refused with the corpus's reason.
            // A dataset whose text column is not found by name still goes
            // in: its columns are chosen once it is there.
            let name_str = name.to_string_lossy();
            match crate::corpus::read_file(&name_str, kind, &bytes, &Default::default()) {
                Ok(read) => {
                    if let FileKind::Dataset(_) = kind {
                        title = format!("{} articles", read.documents.len());
                    } else if let Some(doc) = read.documents.first()
                        && !doc.title.is_empty()
                    {
                        title = doc.title.clone();
                    }
                }
                Err(skipped) => match skipped.reason {
                    crate::corpus::SkipReason::NoTextColumn(_) => {
                        title = "no text column found: choose one".into();
                    }
                    reason => {
                        let reason = match reason {
                            crate::corpus::SkipReason::NoArticle(why) => why,
                            other => other.to_string(),
                        };
                        return Err(AddError::NoArticle {
                            item: file.display().to_string(),
                            reason,
                        });
                    }
                },
            }
            write_new(&target, &bytes).map_err(AddError::write(&target))?;
        }
        None => {
            // PDFs and datasets may be large: streamed, not held.
            let mut reader = crate::input::open_within(&source, crate::input::MAX_INPUT_BYTES)
                .map_err(AddError::io(file))?;
            write_new_from(&target, &mut reader).map_err(AddError::write(&target))?;
        }
    }
    Ok(Added {
        path: PathBuf::from(name),
        title,
        snapshot: None,
    })
}
