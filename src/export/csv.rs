//! CSV for spreadsheets and pandas: one claim a row, its evidence links in
//! one readable cell. UTF-8 with a byte order mark (Excel otherwise guesses a
//! legacy code page), CRLF line ends as RFC 4180 asks.

use std::io::Write;

use super::common::{ExportError, SourceRow, place};
use crate::corpus::Corpus;
use crate::project::Project;

const HEADER: [&str; 20] = [
    "id",
    "doc",
    "start",
    "end",
    "claim",
    "label",
    "label_name",
    "note",
    "annotator",
    "created",
    "modified",
    "detached",
    "evidence_count",
    "evidence",
    // Last, so the columns before keep their places: the annotator's time
    // on task with the claim's document, in seconds.
    "doc_active_seconds",
    // The claim's article's title as listed, and its source (empty when
    // its file does not say).
    "doc_title",
    "doc_outlet",
    "doc_author",
    "doc_published",
    "doc_url",
];

/// A text cell made safe to open in a spreadsheet: a cell starting with
/// `=`, `+`, `-`, `@`, tab or carriage return would be read as a formula, so
/// it gets a leading `'` (OWASP's advice for CSV injection). Numeric columns
/// are written as plain integers and never pass through here.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

pub(super) fn write(
    project: &Project,
    corpus: &Corpus,
    w: &mut dyn Write,
) -> Result<usize, ExportError> {
    w.write_all("\u{feff}".as_bytes())?;
    let mut out = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(w);
    out.write_record(HEADER)?;
    let claims = project.claims().sorted();
    for claim in &claims {
        let span = place(&claim.span, corpus);
        let label = claim.label.as_deref().unwrap_or("");
        let label_name = project.label(label).map_or("", |l| l.name.as_str());
        // One line per link: `contradicts: other.txt [3:50] "quoted text"`.
        let evidence = claim
            .evidence
            .iter()
            .map(|e| {
                let p = place(&e.span, corpus);
                let detached = if p.detached { " (detached)" } else { "" };
                format!(
                    "{}: {} [{}:{}]{detached} \"{}\"",
                    e.relation, p.doc, p.start, p.end, p.text
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let (start, end, count) = (
            span.start.to_string(),
            span.end.to_string(),
            claim.evidence.len().to_string(),
        );
        let active = project
            .documents()
            .get(&claim.span.doc)
            .map_or(0, |d| d.active_seconds)
            .to_string();
        let source = SourceRow::of_id(corpus, &claim.span.doc);
        let record = [
            neutralise(&claim.id.0),
            neutralise(span.doc),
            start.as_str().into(),
            end.as_str().into(),
            neutralise(span.text),
            neutralise(label),
            neutralise(label_name),
            neutralise(&claim.note),
            neutralise(&claim.annotator),
            neutralise(&claim.created),
            neutralise(&claim.modified),
            if span.detached { "true" } else { "false" }.into(),
            count.as_str().into(),
            neutralise(&evidence),
            active.as_str().into(),
            neutralise(corpus.get(&claim.span.doc).map_or("", |d| d.title.as_str())),
            neutralise(source.outlet.unwrap_or("")),
            neutralise(source.author.unwrap_or("")),
            neutralise(source.published.unwrap_or("")),
            neutralise(source.url.unwrap_or("")),
        ];
        out.write_record(record.iter().map(|c| c.as_bytes()))?;
    }
    out.flush()?;
    Ok(claims.len())
}
