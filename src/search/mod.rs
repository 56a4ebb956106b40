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

mod analysis;
mod bm25;
mod error;
mod fast;
mod index;
pub mod live;
mod query;
pub mod semantic;
mod tokens;
mod units;

pub use analysis::{Analyzer, Guess, Language};
pub use bm25::{B, EPSILON, K1};
pub use error::SearchError;
pub use index::{
    BuildProgress, DocHits, Index, MEANING_WEIGHT, Ranking, SearchHit, Snippet, SuggestOptions,
    Suggestion, Unit,
};
pub use query::{MAX_PARTS, MAX_QUERY_CHARS, Part, Query};
pub use tokens::{Token, each_token, is_cjk, tokens};
