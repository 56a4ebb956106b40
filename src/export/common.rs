//! What every format's writer shares: the export error, a span as
//! exported, the FEVER and NLI targets of a label, brat type names, and
//! JSON lines Python reads back line for line.

use std::io::Write;
use std::path::PathBuf;

use super::format::Format;
use crate::corpus::Corpus;
use crate::project::{Label, Span};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error(
        "the {0} export is a folder of files and cannot be written to a stream; give a folder path instead"
    )]
    FolderToStream(Format),
    #[error("{0} is a folder; give a file name such as {1}")]
    TargetIsFolder(PathBuf, &'static str),
    #[error("folder {0} does not exist")]
    NoFolder(PathBuf),
    #[error("{0} exists and is not a folder")]
    TargetIsFile(PathBuf),
    #[error(
        "{0} exists and does not look like an earlier brat export (only .txt, .ann and .conf \
         files with an annotation.conf, and brat's .stats_cache); refusing to replace it. Choose a new or empty folder"
    )]
    ForeignFolder(PathBuf),
    #[error("{0} is {1}, not a file an export can replace")]
    NotAFile(PathBuf, &'static str),
    #[error("document id {0:?} cannot be used as a file name")]
    UnsafeDocId(String),
}

/// The FEVER verdict for a claim label: what the project's label declares
/// (the three default labels: SUPPORTS, REFUTES, NOT ENOUGH INFO). An unset
/// label, or one that declares nothing, gets `""` so that filtering on the
/// verdict never mistakes "not decided yet" for NOT ENOUGH INFO.
pub fn fever_label<'a>(labels: &'a [Label], label: Option<&str>) -> &'a str {
    label
        .and_then(|id| labels.iter().find(|l| l.id == id))
        .map_or("", Label::fever_target)
}

/// The NLI label for an evidence relation (premise = evidence, hypothesis =
/// claim), as the relation's label declares it; `""` when it declares none.
pub fn nli_label<'a>(labels: &'a [Label], relation: &str) -> &'a str {
    labels
        .iter()
        .find(|l| l.id == relation)
        .map_or("", Label::nli_target)
}

/// The entity type of a span in brat and doccano: `Claim_<label>` (plain
/// `Claim` when unset) or `Evidence_<relation>`. brat type names allow only
/// ASCII letters, digits, `_` and `-`; anything else becomes `_`.
pub fn span_type(kind: &str, label: Option<&str>) -> String {
    match label {
        Some(label) => format!("{kind}_{}", type_name(label)),
        None => kind.to_owned(),
    }
}

/// `name` reduced to the characters brat accepts in a type name.
pub fn type_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "_".into()
    } else {
        cleaned
    }
}

/// A span as exported: its offsets, its text, and whether that text really
/// is at those offsets in the current corpus.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placed<'a> {
    pub doc: &'a str,
    pub start: usize,
    pub end: usize,
    /// The annotator's quote (what was highlighted).
    pub text: &'a str,
    /// The quote is not at `start..end` of the current text (flagged by
    /// re-anchoring, the document is missing, or the project was not synced).
    pub detached: bool,
}

/// Exported text is always the stored quote; it is only called attached when
/// the corpus text at the offsets is that quote, so a consumer slicing the
/// document gets exactly the exported text.
pub(crate) fn place<'a>(span: &'a Span, corpus: &Corpus) -> Placed<'a> {
    let in_place = !span.detached
        && corpus
            .get(&span.doc)
            .and_then(|d| d.slice(span.start, span.end))
            == Some(span.quote.as_str());
    Placed {
        doc: &span.doc,
        start: span.start,
        end: span.end,
        text: &span.quote,
        detached: !in_place,
    }
}

/// A document's source as exported: every field always present (`null`
/// when the article does not say), so a consumer's columns are the same
/// for every row and every corpus.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub(crate) struct SourceRow<'a> {
    pub title: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub author: Option<&'a str>,
    pub published: Option<&'a str>,
    pub url: Option<&'a str>,
}

impl<'a> SourceRow<'a> {
    pub fn of(doc: Option<&'a crate::corpus::Document>) -> Self {
        let Some(source) = doc.and_then(|d| d.source.as_ref()) else {
            return Self::default();
        };
        Self {
            title: source.title.as_deref(),
            outlet: source.outlet.as_deref(),
            author: source.author.as_deref(),
            published: source.published.as_deref(),
            url: source.url.as_deref(),
        }
    }

    /// The source of the document with this id in the corpus.
    pub fn of_id(corpus: &'a Corpus, doc: &str) -> Self {
        Self::of(corpus.get(doc))
    }
}

/// One JSON value and a newline. NEL, LINE SEPARATOR and PARAGRAPH
/// SEPARATOR are written as `\u` escapes: JSON allows them raw, but Python's
/// `str.splitlines` (and tools built on it) would split a line there.
pub(crate) fn write_json_line<T: serde::Serialize>(
    w: &mut dyn Write,
    value: &T,
) -> Result<(), ExportError> {
    let json = serde_json::to_string(value).map_err(std::io::Error::from)?;
    if json.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        let escaped = json
            .replace('\u{85}', "\\u0085")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        w.write_all(escaped.as_bytes())?;
    } else {
        w.write_all(json.as_bytes())?;
    }
    w.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_map_to_fever_and_nli() {
        let mut labels = crate::project::default_labels();
        labels.push(Label::new("satire", "Satire", "#123456", None));
        labels.push(Label::new("stance", "Stance", "#123456", None).mapped("REFUTES", "neutral"));
        assert_eq!(fever_label(&labels, Some("agrees")), "SUPPORTS");
        assert_eq!(fever_label(&labels, Some("contradicts")), "REFUTES");
        assert_eq!(fever_label(&labels, Some("unverified")), "NOT ENOUGH INFO");
        assert_eq!(fever_label(&labels, None), "");
        assert_eq!(fever_label(&labels, Some("satire")), "");
        assert_eq!(fever_label(&labels, Some("stance")), "REFUTES");
        assert_eq!(nli_label(&labels, "agrees"), "entailment");
        assert_eq!(nli_label(&labels, "contradicts"), "contradiction");
        assert_eq!(nli_label(&labels, "unverified"), "neutral");
        assert_eq!(nli_label(&labels, "satire"), "");
        assert_eq!(nli_label(&labels, "stance"), "neutral");
    }

    #[test]
    fn type_names_are_brat_safe() {
        assert_eq!(span_type("Claim", None), "Claim");
        assert_eq!(span_type("Claim", Some("agrees")), "Claim_agrees");
        assert_eq!(
            span_type("Evidence", Some("half true?")),
            "Evidence_half_true_"
        );
        assert_eq!(type_name("déjà-vu"), "d_j_-vu");
        assert_eq!(type_name(""), "_");
    }

    #[test]
    fn json_lines_escape_what_splitlines_would_split() {
        let mut out = Vec::new();
        write_json_line(&mut out, &"a\u{2028}b\u{85}c\u{2029}d\u{c}e").unwrap();
        let line = String::from_utf8(out).unwrap();
        assert_eq!(line, "\"a\\u2028b\\u0085c\\u2029d\\fe\"\n");
        let back: String = serde_json::from_str(&line).unwrap();
        assert_eq!(back, "a\u{2028}b\u{85}c\u{2029}d\u{c}e");
    }
}
