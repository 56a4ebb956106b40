//! Why a dataset file gives no articles at all (a single bad row is a
//! [`RowSkip`](super::RowSkip) instead).

/// Why a dataset file could not be read as articles.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DatasetError {
    /// No column reads as the articles' text, and none was chosen.
    #[error("no text column: columns are {}; choose one", .header.join(", "))]
    NoTextColumn { header: Vec<String> },
    /// A chosen column is not in the file's header (the file changed since
    /// the choice was made, or the choice names another file's column).
    #[error("no column named {0:?} in the file")]
    UnknownColumn(String),
    /// Not a table of rows at all: an empty or binary file, JSON that is not
    /// a list of objects.
    #[error("not a dataset: {0}")]
    NotADataset(String),
    /// The caller's progress hook asked to stop.
    #[error("reading the dataset was cancelled")]
    Cancelled,
}
