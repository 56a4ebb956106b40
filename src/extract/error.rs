//! Why a page gives no article.

/// Why a page gives no article.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("looks like binary data, not a web page")]
    Binary,
    #[error("no article found: {0}")]
    NoArticle(String),
}
