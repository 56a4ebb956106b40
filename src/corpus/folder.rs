//! The documents of one corpus folder, sorted by id and found by id.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::document::Document;
use super::progress::Progress;
use super::scan;
use super::skipped::{CorpusError, Skipped};

/// The documents of one folder, sorted by id.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub root: PathBuf,
    /// Shared, so a background job (the search index) can read the texts
    /// without a copy of tens of megabytes being made on the UI thread.
    pub documents: std::sync::Arc<Vec<Document>>,
    pub skipped: Vec<Skipped>,
    /// The dataset files (CSV, TSV, JSON Lines, JSON): their columns, by
    /// file id, for choosing others.
    pub datasets: std::collections::BTreeMap<String, super::reading::DatasetInfo>,
    index: HashMap<String, usize>,
}

impl Corpus {
    /// Reads every document below `root`.
    pub fn open(root: &Path) -> Result<Self, CorpusError> {
        Self::open_with_progress(root, &Progress::default())
    }

    pub fn open_with_progress(root: &Path, progress: &Progress) -> Result<Self, CorpusError> {
        Self::open_with(root, progress, &super::reading::ReadOptions::default())
    }

    /// Reads every document below `root`, dataset files with the columns
    /// `options` chooses (a project's choices).
    pub fn open_with(
        root: &Path,
        progress: &Progress,
        options: &super::reading::ReadOptions,
    ) -> Result<Self, CorpusError> {
        let read = scan::read_folder(root, progress, options)?;
        let mut corpus = Self::from_parts(root.to_path_buf(), read.documents, read.skipped);
        corpus.datasets = read.datasets;
        Ok(corpus)
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
            datasets: Default::default(),
            index,
        }
    }

    /// The dataset file a document is a row of (its id is `FILE#KEY`).
    pub fn dataset_of(&self, id: &str) -> Option<&str> {
        self.datasets
            .keys()
            .find(|file| {
                id.strip_prefix(file.as_str())
                    .is_some_and(|rest| rest.starts_with('#'))
            })
            .map(String::as_str)
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
