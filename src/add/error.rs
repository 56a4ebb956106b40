//! Why an item could not be added; every message names the item.

use std::io;
use std::path::PathBuf;

use super::fetch::FetchError;

/// Why a web address or file could not be added to a corpus.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("cannot fetch {url}: {source}")]
    Fetch {
        url: String,
        #[source]
        source: FetchError,
    },
    /// The page (or saved file) holds nothing that reads as an article: a
    /// login wall, an index page.
    #[error("{item}: no article found: {reason}")]
    NoArticle { item: String, reason: String },
    /// The address answered with something other than a page or a PDF.
    #[error("{url} is not a web page or PDF (it is {content_type})")]
    NotAPage { url: String, content_type: String },
    /// An article in the corpus already has this address in its front matter.
    #[error("{url} is already in the corpus as {}", .path.display())]
    AlreadyAdded { url: String, path: PathBuf },
    /// The file is inside the corpus folder already.
    #[error("{} is already inside the corpus folder", .0.display())]
    AlreadyInCorpus(PathBuf),
    #[error("{}: {} files cannot be added (only {})", .file.display(), ext_text(.ext), super::kinds::ADDABLE_EXTENSIONS.join(", "))]
    Unsupported { file: PathBuf, ext: String },
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn ext_text(ext: &str) -> String {
    if ext.is_empty() {
        "extensionless".to_owned()
    } else {
        format!(".{ext}")
    }
}

impl AddError {
    pub(super) fn io(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }

    pub(super) fn write(
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(crate::atomic::WriteError) -> Self {
        let path = path.into();
        move |e| {
            let source = match e {
                crate::atomic::WriteError::Io(e) => e,
                other => io::Error::other(other.to_string()),
            };
            Self::Io { path, source }
        }
    }
}
