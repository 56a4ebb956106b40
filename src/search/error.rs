//! Why a search or suggestion could not run.

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
