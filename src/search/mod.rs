//! Finding the evidence: a corpus index over sentences and documents,
//! searched with words and "exact phrases" (Okapi BM25 over documents) and
//! asked for the sentences of other articles that most likely bear on a
//! claim (Okapi BM25 over sentences, with the numbers, names and dates the
//! claim shares counted up).
//!
//! Offsets are code points, as everywhere. The index keeps no text: every
//! query is given the documents it was built from (and skips any whose hash
//! changed since), so the corpus is held once.
//!
//! Why no search crate: tantivy's index writer needs threads (the browser
//! build has none) and a directory, and the `bm25` crate's scorer keeps a
//! hash set per term; measured on the benchmark corpus (481,547 sentences)
//! it took 6.5 s to build, 187 MB and 604 ms per claim. This index is a
//! sorted posting list per term (sentence id + count), built per document
//! in parallel where there are threads.

mod fast;
mod index;
pub mod live;
mod query;
mod tokens;

pub use index::{BuildProgress, DocHits, Index, Ranking, SearchHit, Snippet, Suggestion, Unit};
pub use query::{MAX_PARTS, MAX_QUERY_CHARS, Part, Query};
pub use tokens::{Token, each_token, is_cjk, tokens};

/// BM25 term-frequency saturation (Okapi default; rank_bm25 uses it too).
pub const K1: f32 = 1.2;
/// BM25 length normalisation.
pub const B: f32 = 0.75;
/// rank_bm25's floor for terms in more than half the units: this share of
/// the mean IDF.
pub const EPSILON: f32 = 0.25;

/// Why a search or suggestion could not run.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SearchError {
    #[error("the query is empty")]
    EmptyQuery,
    #[error("the query has no words to search for (only punctuation or symbols)")]
    NoWords,
    #[error("the claim text has no words")]
    EmptyClaim,
    #[error("no claim {0} in the project")]
    NoSuchClaim(String),
    #[error("the index was built for another corpus ({indexed} documents, now {now})")]
    OtherCorpus { indexed: usize, now: usize },
}
