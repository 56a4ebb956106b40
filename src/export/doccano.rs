//! doccano's sequence-labelling JSON Lines: one document a line,
//! `{"doc", "text", "label": [[start, end, type], ...]}`. doccano's importer
//! is Python and takes the offsets as `str` indices, i.e. code points, the
//! same as crosscheck's.

use std::collections::BTreeSet;
use std::io::Write;

use serde::Serialize;

use super::common::{ExportError, SourceRow, place, span_type, write_json_line};
use crate::corpus::Corpus;
use crate::project::Project;

#[derive(Serialize)]
struct Row<'a> {
    doc: &'a str,
    text: &'a str,
    label: Vec<(usize, usize, String)>,
    /// doccano keeps keys it does not know as the document's metadata.
    source: SourceRow<'a>,
}

/// (documents written, detached spans left out)
pub(super) fn write(
    project: &Project,
    corpus: &Corpus,
    w: &mut dyn Write,
) -> Result<(usize, usize), ExportError> {
    // Spans grouped by document; a set, because one evidence span linked from
    // several claims is one labelled span to doccano.
    let mut spans: Vec<BTreeSet<(usize, usize, String)>> = vec![BTreeSet::new(); corpus.len()];
    let mut skipped = 0;
    for claim in project.claims().sorted() {
        let own = (&claim.span, span_type("Claim", claim.label.as_deref()));
        let evidence = claim
            .evidence
            .iter()
            .map(|e| (&e.span, span_type("Evidence", Some(e.relation.as_str()))));
        for (span, kind) in std::iter::once(own).chain(evidence) {
            let placed = place(span, corpus);
            match corpus.position(placed.doc) {
                Some(i) if !placed.detached => {
                    spans[i].insert((placed.start, placed.end, kind));
                }
                _ => skipped += 1,
            }
        }
    }
    for (doc, labels) in corpus.documents.iter().zip(spans) {
        let row = Row {
            doc: &doc.id,
            text: &doc.text,
            label: labels.into_iter().collect(),
            source: SourceRow::of(Some(doc)),
        };
        write_json_line(w, &row)?;
    }
    Ok((corpus.len(), skipped))
}
