//! Which dataset format a file is, by its extension.

use std::path::Path;

/// A dataset format: each row (line, list item) is one article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DatasetKind {
    /// Comma-separated, the first row the header (RFC 4180 quoting).
    Csv,
    /// Tab-separated, the first row the header; LIAR's headerless files are
    /// recognised by their first column (`2635.json`).
    Tsv,
    /// One JSON object per line.
    Jsonl,
    /// A JSON list of objects, or an object holding one such list.
    Json,
}

impl DatasetKind {
    /// The kind a path names by its extension, in any case: `.csv`, `.tsv`,
    /// `.jsonl` (also `.ndjson`), `.json`.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Self::Csv),
            "tsv" => Some(Self::Tsv),
            "jsonl" | "ndjson" => Some(Self::Jsonl),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_in_any_case() {
        let of = |p: &str| DatasetKind::from_path(Path::new(p));
        assert_eq!(of("a/b.CSV"), Some(DatasetKind::Csv));
        assert_eq!(of("train.tsv"), Some(DatasetKind::Tsv));
        assert_eq!(of("x.JsonL"), Some(DatasetKind::Jsonl));
        assert_eq!(of("x.ndjson"), Some(DatasetKind::Jsonl));
        assert_eq!(of("x.json"), Some(DatasetKind::Json));
        assert_eq!(of("x.txt"), None);
        assert_eq!(of("csv"), None);
        assert_eq!(of(".csv"), None);
    }
}
