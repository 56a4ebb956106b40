//! A corpus: every readable `.txt` and `.md` file below a folder, decoded once
//! into the text every offset refers to, and every saved web page (`.html`,
//! `.htm`) as the article extracted from it.

mod decode;
mod scan;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub use decode::{Decoded, MAX_FILE_BYTES, decode};
pub use scan::{is_document_path, is_project_file_name};

use crate::extract::{Article, EXTRACTOR, Source};
use crate::text::CharMap;

/// One article, as read.
#[derive(Clone, Debug)]
pub struct Document {
    /// Path relative to the corpus root, with `/` separators.
    pub id: String,
    /// The decoded text (BOM dropped, CRLF/CR turned into LF). All offsets
    /// are code points into this.
    pub text: String,
    pub map: CharMap,
    /// SHA-256 (hex) of `text` as UTF-8, so a consumer can check it with any
    /// standard library.
    pub hash: String,
    /// The legacy encoding the file was decoded from; `None` for UTF-8.
    pub encoding: Option<&'static str>,
    /// First non-empty line, for lists; a web page's headline.
    pub title: String,
    /// Where the article came from (outlet, author, date, address), when
    /// its file says: read from web pages, `None` for text files.
    pub source: Option<Source>,
    /// The extraction that made `text` from the file, for documents that are
    /// not the file's own text (web pages); `None` for text files.
    pub extractor: Option<&'static str>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            id: id.into(),
            map: CharMap::new(&text),
            hash: hash_text(&text),
            title: title_from_text(&text),
            encoding: None,
            source: None,
            extractor: None,
            text,
        }
    }

    /// A document whose text is the article extracted from a web page.
    pub fn from_web_page(id: impl Into<String>, article: Article) -> Self {
        let mut doc = Self::new(id, article.text);
        doc.title = truncate_title(&article.headline);
        doc.encoding = article.encoding;
        doc.source = Some(article.source);
        doc.extractor = Some(EXTRACTOR);
        doc
    }

    pub fn char_len(&self) -> usize {
        self.map.char_len()
    }

    /// The code point range `start..end` of the text, or `None` when out of range.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        self.map.slice(&self.text, start, end)
    }

    /// The file name part of the id.
    pub fn file_name(&self) -> &str {
        self.id.rsplit('/').next().unwrap_or(&self.id)
    }
}

/// SHA-256 hex digest of the text's UTF-8 bytes.
pub fn hash_text(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        use std::fmt::Write as _;
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

fn title_from_text(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    truncate_title(line.trim_start_matches('#').trim())
}

fn truncate_title(line: &str) -> String {
    let mut title: String = line.chars().take(120).collect();
    if line.chars().nth(120).is_some() {
        title.push('…');
    }
    title
}

/// Why a file below the corpus folder is not a document.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    #[error("not a .txt, .md, .html or .htm file")]
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

/// Shared counters a worker thread updates while a corpus loads, so a window
/// can draw a progress bar and offer to cancel.
#[derive(Debug, Default)]
pub struct Progress {
    pub found: AtomicUsize,
    pub read: AtomicUsize,
    pub cancel: AtomicBool,
}

impl Progress {
    /// (files read, files found) so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.read.load(Ordering::Relaxed),
            self.found.load(Ordering::Relaxed),
        )
    }
}

/// The documents of one folder, sorted by id.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub root: PathBuf,
    /// Shared, so a background job (the search index) can read the texts
    /// without a copy of tens of megabytes being made on the UI thread.
    pub documents: std::sync::Arc<Vec<Document>>,
    pub skipped: Vec<Skipped>,
    index: HashMap<String, usize>,
}

impl Corpus {
    /// Reads every document below `root`.
    pub fn open(root: &Path) -> Result<Self, CorpusError> {
        Self::open_with_progress(root, &Progress::default())
    }

    pub fn open_with_progress(root: &Path, progress: &Progress) -> Result<Self, CorpusError> {
        let (documents, skipped) = scan::read_folder(root, progress)?;
        Ok(Self::from_parts(root.to_path_buf(), documents, skipped))
    }

    /// A corpus from documents already in memory (tests, benchmarks, imports).
    pub fn from_parts(root: PathBuf, mut documents: Vec<Document>, skipped: Vec<Skipped>) -> Self {
        documents.sort_by(|a, b| a.id.cmp(&b.id));
        documents.dedup_by(|a, b| a.id == b.id);
        let index = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        Self {
            root,
            documents: std::sync::Arc::new(documents),
            skipped,
            index,
        }
    }

    pub fn get(&self, id: &str) -> Option<&Document> {
        self.index.get(id).map(|&i| &self.documents[i])
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn len(&self) -> usize {
        self.documents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_sha256_of_utf8() {
        assert_eq!(
            hash_text("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn title_is_first_non_empty_line() {
        assert_eq!(title_from_text("\n\n  # Heading  \nbody"), "Heading");
        assert_eq!(title_from_text(""), "");
    }
}
