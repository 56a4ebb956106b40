//! Which files below a corpus folder are read, and how a file's bytes
//! become its documents: a text file is one document, a saved web page the
//! article extracted from it. Shared by the desktop's folder walk and the
//! browser's picked folders, so both read a file the same way.

use std::path::Path;

use super::decode::{MAX_FILE_BYTES, decode};
use super::document::Document;
use super::skipped::{SkipReason, Skipped};
use crate::extract::{self, ExtractError};

/// What a corpus file is, by its extension (any case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `.txt`, `.md`: the file's own text.
    Text,
    /// `.html`, `.htm`: the article extracted from the page.
    WebPage,
}

impl FileKind {
    pub fn of(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" => Some(Self::Text),
            "html" | "htm" => Some(Self::WebPage),
            _ => None,
        }
    }

    /// The largest file of this kind that is read.
    pub fn max_bytes(self) -> u64 {
        MAX_FILE_BYTES
    }
}

/// Whether a path names a file the corpus reads.
pub fn is_corpus_path(path: &Path) -> bool {
    FileKind::of(path).is_some()
}

/// A file's documents, and what in it was left out (rows of a dataset).
#[derive(Debug, Default)]
pub struct FileDocuments {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
}

/// Reads the file with corpus id `id` from its bytes, or says why it gives
/// no document.
pub fn read_file(id: &str, kind: FileKind, bytes: &[u8]) -> Result<FileDocuments, SkipReason> {
    let limit = kind.max_bytes();
    if bytes.len() as u64 > limit {
        return Err(SkipReason::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    let one = |doc| FileDocuments {
        documents: vec![doc],
        skipped: Vec::new(),
    };
    match kind {
        FileKind::Text => {
            let decoded = decode(bytes)?;
            let mut doc = Document::new(id, decoded.text);
            doc.encoding = decoded.encoding;
            Ok(one(doc))
        }
        FileKind::WebPage => match extract::extract_page(bytes) {
            Ok(article) => Ok(one(Document::from_web_page(id, article))),
            Err(e) => Err(e.into()),
        },
    }
}

impl From<ExtractError> for SkipReason {
    fn from(e: ExtractError) -> Self {
        match e {
            ExtractError::Binary => SkipReason::Binary,
            ExtractError::NoArticle(why) => SkipReason::NoArticle(why),
        }
    }
}
