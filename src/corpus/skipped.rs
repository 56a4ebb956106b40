//! What was left out of a corpus and why, and why a corpus could not be
//! read at all.

use std::path::PathBuf;

/// Why a file below the corpus folder is not a document.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    #[error(
        "not a file crosscheck reads (.txt, .md, .html, .htm, .mhtml, .pdf, .csv, .tsv, .jsonl, .json)"
    )]
    NotText,
    #[error("larger than the {limit} byte limit ({size} bytes)")]
    TooLarge { size: u64, limit: u64 },
    #[error("contains NUL bytes (binary or UTF-16 without a byte order mark)")]
    NulBytes,
    #[error("looks like binary data, not text")]
    Binary,
    #[error("file name is not valid Unicode")]
    BadFileName,
    #[error("symbolic link loop")]
    SymlinkLoop,
    /// Nothing outside the corpus folder is ever read as a document.
    #[error("links outside the corpus folder")]
    OutsideCorpus,
    #[error("cannot be read: {0}")]
    Unreadable(String),
    /// A web page with nothing that reads as an article (a login wall, an
    /// index page), with what was found.
    #[error("web page with no article: {0}")]
    NoArticle(String),
    /// A PDF that gives no article (scanned, encrypted, broken).
    #[error("{0}")]
    Pdf(crate::extract::PdfError),
    /// A dataset file none of whose columns reads as text: the person
    /// chooses one (View › Skipped files › Choose columns…).
    #[error("dataset with no text column: its columns are {}; choose one", .0.join(", "))]
    NoTextColumn(Vec<String>),
    /// A dataset file that cannot be read as rows at all.
    #[error("{0}")]
    Dataset(String),
    /// One row of a dataset file that gives no article.
    #[error("{0}")]
    Row(String),
}

/// A file that was looked at and left out, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Path relative to the corpus root (lossy for display when not Unicode).
    pub path: String,
    pub reason: SkipReason,
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("corpus folder {0} does not exist")]
    Missing(PathBuf),
    #[error("{0} is not a folder")]
    NotAFolder(PathBuf),
    #[error("cannot read corpus folder {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("opening the corpus was cancelled")]
    Cancelled,
}
