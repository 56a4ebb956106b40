//! FEVER-style JSON Lines: one claim a line, its evidence inline.

use std::io::Write;

use serde::Serialize;

use super::common::{ExportError, Placed, SourceRow, fever_label, place, write_json_line};
use crate::corpus::Corpus;
use crate::project::Project;

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    doc: &'a str,
    start: usize,
    end: usize,
    claim: &'a str,
    label: &'a str,
    fever_label: &'a str,
    note: &'a str,
    annotator: &'a str,
    created: &'a str,
    modified: &'a str,
    detached: bool,
    evidence: Vec<EvidenceRow<'a>>,
    /// The claim's article's source.
    source: SourceRow<'a>,
}

#[derive(Serialize)]
struct EvidenceRow<'a> {
    id: &'a str,
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    label: &'a str,
    annotator: &'a str,
    detached: bool,
    source: SourceRow<'a>,
}

pub(super) fn write(
    project: &Project,
    corpus: &Corpus,
    w: &mut dyn Write,
) -> Result<usize, ExportError> {
    let claims = project.claims().sorted();
    for claim in &claims {
        let Placed {
            doc,
            start,
            end,
            text,
            detached,
        } = place(&claim.span, corpus);
        let evidence = claim
            .evidence
            .iter()
            .map(|e| {
                let p = place(&e.span, corpus);
                EvidenceRow {
                    id: &e.id,
                    doc: p.doc,
                    start: p.start,
                    end: p.end,
                    text: p.text,
                    label: &e.relation,
                    annotator: &e.annotator,
                    detached: p.detached,
                    source: SourceRow::of_id(corpus, p.doc),
                }
            })
            .collect();
        let row = Row {
            id: &claim.id.0,
            doc,
            start,
            end,
            claim: text,
            label: claim.label.as_deref().unwrap_or(""),
            fever_label: fever_label(project.labels(), claim.label.as_deref()),
            note: &claim.note,
            annotator: &claim.annotator,
            created: &claim.created,
            modified: &claim.modified,
            detached,
            evidence,
            source: SourceRow::of_id(corpus, doc),
        };
        write_json_line(w, &row)?;
    }
    Ok(claims.len())
}
