//! The search as the window runs it: the index built on a worker once a
//! corpus is open (and again when an import adds documents), the last
//! query's hits and the last claim's suggestions kept until they change,
//! so a view that asks every frame searches once. No drawing here.

use std::sync::Arc;

use super::index::{
    BuildProgress, DocHits, Index, MEANING_WEIGHT, Ranking, SuggestOptions, Suggestion,
};
use super::semantic::{Cached, SemanticIndex, StaticModel};
use crate::corpus::Document;
use crate::jobs::{Job, Poll, Waker};
use crate::project::{Claim, ClaimId};

/// Results listed for a search.
pub const RESULTS: usize = 100;
/// Suggestions listed under a claim: the best sentence of ten articles.
pub const SUGGESTIONS: usize = 10;

/// The claim and span suggestions were made for.
#[derive(Clone, PartialEq, Eq)]
struct SuggestKey {
    claim: ClaimId,
    doc: String,
    start: usize,
    end: usize,
    per_article: usize,
    by_meaning: bool,
}

/// Where the ranking by meaning stands, for the window to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// This build carries no model (the web page): shared words only.
    Unavailable,
    /// Sentence vectors are being made: (articles done, articles).
    Building(usize, usize),
    Ready,
}

/// What [`LiveSearch::poll`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Polled {
    /// Nothing changed.
    Idle,
    /// The index is being built (its progress moves).
    Building,
    /// A new index was installed: what was found before is gone.
    Installed,
}

pub struct LiveSearch {
    index: Option<Arc<Index>>,
    job: Option<Job<Option<Index>>>,
    progress: Arc<BuildProgress>,
    /// The worker stopped without an index: not tried again for this project.
    failed: bool,
    /// The query last searched and what it found (or why not).
    results: Option<(String, Result<Arc<DocHits>, String>)>,
    suggestions: Option<(SuggestKey, Arc<Vec<Suggestion>>)>,
    semantic: Option<Arc<SemanticIndex>>,
    semantic_job: Option<Job<Option<SemanticIndex>>>,
    semantic_progress: Arc<BuildProgress>,
    semantic_failed: bool,
    /// Most suggestions of one article (0: any number).
    per_article: usize,
    /// Where this corpus's sentence vectors are kept between sessions.
    vectors_file: Option<std::path::PathBuf>,
}

impl Default for LiveSearch {
    fn default() -> Self {
        Self {
            index: None,
            job: None,
            progress: Arc::default(),
            failed: false,
            results: None,
            suggestions: None,
            semantic: None,
            semantic_job: None,
            semantic_progress: Arc::default(),
            semantic_failed: false,
            per_article: 1,
            vectors_file: None,
        }
    }
}

impl Drop for LiveSearch {
    fn drop(&mut self) {
        // Another project replaced this one: its index is not wanted.
        for p in [&self.progress, &self.semantic_progress] {
            p.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

impl LiveSearch {
    /// The index, once built.
    pub fn index(&self) -> Option<&Arc<Index>> {
        self.index.as_ref()
    }

    /// The worker stopped without an index.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// (articles indexed, articles) while the index is being built.
    pub fn building(&self) -> Option<(usize, usize)> {
        self.job.as_ref().map(|_| self.progress.counts())
    }

    /// Where the ranking by meaning stands.
    pub fn meaning(&self) -> Meaning {
        if !StaticModel::carried() || self.semantic_failed {
            Meaning::Unavailable
        } else if self.semantic.is_some() && self.semantic_job.is_none() {
            Meaning::Ready
        } else {
            let (done, total) = self.semantic_progress.counts();
            Meaning::Building(done, total)
        }
    }

    /// Most suggestions of one article (0: any number).
    pub fn per_article(&self) -> usize {
        self.per_article
    }

    pub fn set_per_article(&mut self, n: usize) {
        self.per_article = n;
    }

    /// Keeps the sentence vectors in `file` between sessions (read before
    /// they are made, written after).
    pub fn set_vectors_file(&mut self, file: std::path::PathBuf) {
        self.vectors_file = Some(file);
    }

    /// Whether [`LiveSearch::set_vectors_file`] was called.
    pub fn has_vectors_file(&self) -> bool {
        self.vectors_file.is_some()
    }

    /// The claim span the listed suggestions were made for, and them.
    pub fn suggested(&self) -> Option<((usize, usize), &[Suggestion])> {
        self.suggestions
            .as_ref()
            .map(|(k, s)| ((k.start, k.end), s.as_slice()))
    }

    /// Finishes a build that is done, and starts one when there is no index
    /// or the corpus has grown since (documents written by an import).
    pub fn poll(&mut self, docs: &Arc<Vec<Document>>, wake: Waker) -> Polled {
        let mut polled = Polled::Idle;
        if let Some(job) = &self.job {
            match job.poll() {
                Poll::Running => return Polled::Building,
                Poll::Ready(Some(index)) => {
                    self.index = Some(Arc::new(index));
                    self.results = None;
                    self.suggestions = None;
                    polled = Polled::Installed;
                }
                Poll::Ready(None) | Poll::Lost => self.failed = true,
            }
            self.job = None;
        }
        if let Some(job) = &self.semantic_job {
            match job.poll() {
                Poll::Running => {}
                Poll::Ready(Some(semantic)) => {
                    self.semantic = Some(Arc::new(semantic));
                    // Made again, now with meaning.
                    self.suggestions = None;
                    self.semantic_job = None;
                    polled = Polled::Installed;
                }
                Poll::Ready(None) | Poll::Lost => {
                    self.semantic_failed = true;
                    self.semantic_job = None;
                }
            }
        }
        let stale = self
            .index
            .as_ref()
            .is_some_and(|i| i.doc_count() != docs.len());
        if (self.index.is_none() || stale) && !self.failed {
            // Shared, not copied: the texts of a large corpus are tens of MB.
            let docs = Arc::clone(docs);
            let progress = Arc::new(BuildProgress::default());
            self.progress = progress.clone();
            self.job = Some(Job::spawn("Indexing the corpus", wake, move || {
                Index::build_with_progress(&docs, &progress)
            }));
            return polled;
        }
        // Lexical suggestions come first; vectors follow on a worker.
        let behind = |i: &Arc<Index>| {
            self.semantic
                .as_ref()
                .is_none_or(|s| s.unit_count() != i.unit_count())
        };
        if let Some(index) = &self.index
            && StaticModel::carried()
            && self.job.is_none()
            && self.semantic_job.is_none()
            && !self.semantic_failed
            && behind(index)
        {
            let docs = Arc::clone(docs);
            let index = Arc::clone(index);
            let progress = Arc::new(BuildProgress::default());
            self.semantic_progress = progress.clone();
            let file = self.vectors_file.clone();
            self.semantic_job = Some(Job::spawn(
                "Reading the corpus for meaning",
                wake,
                // The model is read here, on the worker, the first time.
                move || {
                    let model = StaticModel::shipped()?;
                    vectors(model, &docs, &index, file.as_deref(), &progress)
                },
            ));
        }
        if self.semantic_job.is_some() && polled == Polled::Idle {
            return Polled::Building;
        }
        polled
    }

    /// The hits of `query`, searched once per query; `None` before the
    /// index is built.
    pub fn results(
        &mut self,
        docs: &[Document],
        query: &str,
    ) -> Option<Result<Arc<DocHits>, String>> {
        let index = self.index.clone()?;
        if let Some((q, r)) = &self.results
            && q == query
        {
            return Some(r.clone());
        }
        let r = index
            .search_text(docs, query, RESULTS)
            .map(Arc::new)
            .map_err(|e| e.to_string());
        self.results = Some((query.to_owned(), r.clone()));
        Some(r)
    }

    /// The sentences of other articles that most likely bear on `claim`
    /// (`own`: the index of its document), found once per claim span; the
    /// flag says they are new (another claim or span than last time).
    pub fn suggestions(
        &mut self,
        docs: &[Document],
        claim: &Claim,
        own: Option<usize>,
    ) -> Option<(Arc<Vec<Suggestion>>, bool)> {
        let index = self.index.clone()?;
        let semantic = self
            .semantic
            .clone()
            .filter(|s| s.unit_count() == index.unit_count());
        // The model was read by the worker that made `semantic`.
        let meaning = semantic
            .as_deref()
            .and_then(|s| StaticModel::shipped().map(|m| (m, s)));
        let key = SuggestKey {
            claim: claim.id.clone(),
            doc: claim.span.doc.clone(),
            start: claim.span.start,
            end: claim.span.end,
            per_article: self.per_article,
            by_meaning: meaning.is_some(),
        };
        if let Some((k, s)) = &self.suggestions
            && *k == key
        {
            return Some((s.clone(), false));
        }
        let text = own
            .and_then(|i| docs.get(i))
            .and_then(|d| d.slice(claim.span.start, claim.span.end))
            .unwrap_or(&claim.span.quote);
        let options = SuggestOptions {
            exclude: own,
            top: SUGGESTIONS,
            per_article: (self.per_article > 0).then_some(self.per_article),
            ranking: Ranking::Claim,
            meaning,
            meaning_weight: MEANING_WEIGHT,
        };
        let found = index.suggest_with(docs, text, &options).unwrap_or_default();
        let found = Arc::new(found);
        self.suggestions = Some((key, found.clone()));
        Some((found, true))
    }

    /// The suggestions listed last, whichever claim they were for.
    pub fn last_suggestions(&self) -> Option<&Arc<Vec<Suggestion>>> {
        self.suggestions.as_ref().map(|(_, s)| s)
    }
}

/// The sentence vectors of `docs`, reusing those kept in `file` for the
/// documents that did not change, and keeping the result there.
fn vectors(
    model: &StaticModel,
    docs: &[Document],
    index: &Index,
    file: Option<&std::path::Path>,
    progress: &BuildProgress,
) -> Option<SemanticIndex> {
    let fingerprint = model.fingerprint();
    let cached = file.and_then(|f| Cached::load(f, &fingerprint, model.dims()));
    let semantic =
        SemanticIndex::build_reusing(model, docs, index.units(), cached.as_ref(), progress)?;
    let stale = cached.as_ref().is_none_or(|c| !c.holds_exactly(docs));
    if let Some(f) = file
        && stale
        && let Err(e) = super::semantic::save(&semantic, docs, &fingerprint, f)
    {
        // Only time is lost: the vectors are made again next time.
        eprintln!(
            "crosscheck: could not keep the sentence vectors in {}: {e}",
            f.display()
        );
    }
    Some(semantic)
}
