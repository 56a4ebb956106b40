//! Which files below a corpus folder are read, and how a file's bytes
//! become its documents: a text file is one document (its front matter, if
//! any, its source), a saved web page or a PDF the article extracted from
//! it, a dataset file one document per row. Shared by the desktop's folder
//! walk and the browser's picked folders, so both read a file the same way.

use std::collections::BTreeMap;
use std::path::Path;

use super::decode::{MAX_FILE_BYTES, decode};
use super::document::Document;
use super::front_matter::split_front_matter;
use super::skipped::{SkipReason, Skipped};
use crate::dataset::{self, Columns, DatasetError, DatasetKind};
use crate::extract::{self, ExtractError};

/// Names how a dataset row becomes a document's text, recorded per
/// document like a page's extractor.
pub const DATASET_EXTRACTOR: &str = "dataset-1";

/// What a corpus file is, by its extension (any case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `.txt`, `.md`: the file's own text.
    Text,
    /// `.html`, `.htm`: the article extracted from the page.
    WebPage,
    /// `.mhtml`, `.mht`: a page saved as a single file.
    Mhtml,
    /// `.pdf` with a text layer: one article.
    Pdf,
    /// `.csv`, `.tsv`, `.jsonl`, `.json`: one article per row.
    Dataset(DatasetKind),
}

/// The extensions a corpus reads, for messages and file pickers.
pub const CORPUS_EXTENSIONS: &[&str] = &[
    "txt", "md", "html", "htm", "mhtml", "mht", "pdf", "csv", "tsv", "jsonl", "ndjson", "json",
];

impl FileKind {
    pub fn of(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" => Some(Self::Text),
            "html" | "htm" => Some(Self::WebPage),
            "mhtml" | "mht" => Some(Self::Mhtml),
            "pdf" => Some(Self::Pdf),
            _ => DatasetKind::from_path(path).map(Self::Dataset),
        }
    }

    /// The largest file of this kind that is read.
    pub fn max_bytes(self) -> u64 {
        match self {
            Self::Text | Self::WebPage => MAX_FILE_BYTES,
            // Images are kept inside these: a page of 200 KB is often 5 MB.
            Self::Mhtml | Self::Pdf => 4 * MAX_FILE_BYTES,
            // A dataset is many articles: 100,000 news bodies are ~250 MB.
            Self::Dataset(_) => 32 * MAX_FILE_BYTES,
        }
    }
}

/// Whether a path names a file the corpus reads.
pub fn is_corpus_path(path: &Path) -> bool {
    FileKind::of(path).is_some()
}

/// What the window needs to let the person choose a dataset's columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DatasetInfo {
    /// The column names, in file order.
    pub header: Vec<String>,
    /// The columns used (detected, or chosen); `text` is `None` when no
    /// text column was found and the file gave no documents.
    pub columns: Columns,
    /// Rows read as documents.
    pub rows: usize,
}

/// How files are read: the columns chosen for dataset files, by file id.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    pub columns: BTreeMap<String, Columns>,
}

/// A file's documents, and what in it was left out (rows of a dataset).
#[derive(Debug, Default)]
pub struct FileDocuments {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
    /// For a dataset file: its columns.
    pub dataset: Option<DatasetInfo>,
}

/// A file that gives no documents, and (for a dataset) its columns, so the
/// person can choose others.
#[derive(Debug)]
pub struct FileSkipped {
    pub reason: SkipReason,
    pub dataset: Option<Box<DatasetInfo>>,
}

impl From<SkipReason> for FileSkipped {
    fn from(reason: SkipReason) -> Self {
        Self {
            reason,
            dataset: None,
        }
    }
}

/// Reads the file with corpus id `id` from its bytes, or says why it gives
/// no document.
pub fn read_file(
    id: &str,
    kind: FileKind,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<FileDocuments, FileSkipped> {
    let limit = kind.max_bytes();
    if bytes.len() as u64 > limit {
        return Err(SkipReason::TooLarge {
            size: bytes.len() as u64,
            limit,
        }
        .into());
    }
    let one = |doc| FileDocuments {
        documents: vec![doc],
        ..FileDocuments::default()
    };
    match kind {
        FileKind::Text => Ok(one(text_document(id, bytes)?)),
        FileKind::WebPage => match extract::extract_page(bytes) {
            Ok(article) => Ok(one(Document::from_web_page(id, article))),
            Err(e) => Err(SkipReason::from(e).into()),
        },
        FileKind::Mhtml => match extract::extract_mhtml(bytes) {
            Ok(article) => Ok(one(Document::from_web_page(id, article))),
            Err(e) => Err(SkipReason::from(e).into()),
        },
        FileKind::Pdf => match extract::extract_pdf(bytes) {
            Ok(pdf) => Ok(one(Document::from_pdf(id, pdf))),
            Err(e) => Err(SkipReason::Pdf(e).into()),
        },
        FileKind::Dataset(kind) => read_dataset_file(id, kind, bytes, options),
    }
}

/// A text file: its own text, or the text after its front matter, whose
/// fields are the source.
fn text_document(id: &str, bytes: &[u8]) -> Result<Document, SkipReason> {
    let decoded = decode(bytes)?;
    let front = split_front_matter(&decoded.text);
    let mut doc = match front {
        Some((fm, body_start)) => {
            let body: String = decoded.text.chars().skip(body_start).collect();
            let mut doc = Document::new(id, body);
            if let Some(title) = fm.title.as_deref().filter(|t| !t.trim().is_empty()) {
                doc.title = super::document::truncate_title(title.trim());
            }
            let source = crate::extract::Source {
                title: fm.title,
                outlet: fm.outlet,
                author: fm.author,
                published: fm.published,
                url: fm.url,
            };
            doc.source = (!source.is_empty()).then_some(source);
            doc.extractor = fm.extractor.map(|e| leak_known(&e));
            doc
        }
        None => Document::new(id, decoded.text),
    };
    doc.encoding = decoded.encoding;
    Ok(doc)
}

/// The extractor names this version knows, as the `'static` names
/// documents carry; another (a newer crosscheck's) is kept as "other".
fn leak_known(name: &str) -> &'static str {
    [
        extract::EXTRACTOR,
        extract::PDF_EXTRACTOR,
        DATASET_EXTRACTOR,
    ]
    .into_iter()
    .find(|known| *known == name)
    .unwrap_or("other")
}

fn read_dataset_file(
    id: &str,
    kind: DatasetKind,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<FileDocuments, FileSkipped> {
    let chosen = options.columns.get(id).cloned().unwrap_or_default();
    let set = match dataset::read_dataset(bytes, kind, &chosen) {
        Ok(set) => set,
        Err(DatasetError::NoTextColumn { header }) => {
            return Err(FileSkipped {
                reason: SkipReason::NoTextColumn(header.clone()),
                dataset: Some(Box::new(DatasetInfo {
                    columns: chosen,
                    header,
                    rows: 0,
                })),
            });
        }
        Err(e) => return Err(SkipReason::Dataset(e.to_string()).into()),
    };
    let skipped = set
        .skipped
        .iter()
        .map(|s| Skipped {
            path: format!("{id}, row {}", s.row),
            reason: SkipReason::Row(s.reason.clone()),
        })
        .collect();
    let info = DatasetInfo {
        header: set.header,
        columns: set.columns,
        rows: set.rows.len(),
    };
    let encoding = set.encoding;
    // Building a document hashes and indexes its text: for 100,000 rows
    // that is most of the work, and it splits across cores.
    use rayon::prelude::*;
    let documents: Vec<Document> = set
        .rows
        .into_par_iter()
        .map(|row| {
            let mut doc = Document::from_row(id, row, DATASET_EXTRACTOR);
            doc.encoding = encoding;
            doc
        })
        .collect();
    if documents.is_empty() {
        return Err(FileSkipped {
            reason: SkipReason::Dataset("no row has text".into()),
            dataset: Some(Box::new(info)),
        });
    }
    Ok(FileDocuments {
        documents,
        skipped,
        dataset: Some(info),
    })
}

impl From<ExtractError> for SkipReason {
    fn from(e: ExtractError) -> Self {
        match e {
            ExtractError::Binary => SkipReason::Binary,
            ExtractError::NoArticle(why) => SkipReason::NoArticle(why),
        }
    }
}
