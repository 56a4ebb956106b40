//! Why a project file could not be read or written.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("cannot read project file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("project file {path} is not valid, line {line}, column {column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "project file {path} was written by a newer crosscheck (format version {found}; \
         this one reads up to {supported}). Update crosscheck to open it; the file was not changed"
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error(
        "project file {path} refers to {doc:?}, which is outside its corpus folder; refusing to open it"
    )]
    PathEscape { path: PathBuf, doc: String },
    #[error("project file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("cannot write project {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot serialize the project: {0}")]
    Serialize(String),
    /// Reading a named pipe would wait forever and renaming over a device
    /// would destroy it, so anything but a regular file is refused at once.
    #[error("{path} is {kind}, not a project file")]
    NotAFile { path: PathBuf, kind: &'static str },
}

impl ProjectError {
    pub(super) fn from_write(path: &Path, error: crate::atomic::WriteError) -> Self {
        match error {
            crate::atomic::WriteError::NotRegular { path, kind } => Self::NotAFile { path, kind },
            crate::atomic::WriteError::Io(source) => Self::Write {
                path: path.to_path_buf(),
                source,
            },
        }
    }
}
