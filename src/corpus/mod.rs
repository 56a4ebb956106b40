//! A corpus: every readable `.txt` and `.md` file below a folder, decoded once
//! into the text every offset refers to, and every saved web page (`.html`,
//! `.htm`) as the article extracted from it.

mod decode;
mod document;
mod folder;
mod front_matter;
mod progress;
mod reading;
mod scan;
mod skipped;

pub use decode::{Decoded, MAX_FILE_BYTES, decode, looks_binary};
pub use document::{Document, hash_text};
pub use folder::Corpus;
pub use front_matter::{FrontMatter, MAX_BLOCK_LINES, split_front_matter, write_front_matter};
pub use progress::Progress;
pub use reading::{
    CORPUS_EXTENSIONS, DATASET_EXTRACTOR, DatasetInfo, FileDocuments, FileKind, FileSkipped,
    ReadOptions, is_corpus_path, read_file,
};
pub use scan::{is_document_path, is_project_file_name};
pub use skipped::{CorpusError, SkipReason, Skipped};
