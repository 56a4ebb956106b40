//! NLI pairs as JSON Lines: one evidence link a line, the evidence as premise
//! and the claim as hypothesis, labelled from the link's relation.

use std::io::Write;

use serde::Serialize;

use super::common::{ExportError, SourceRow, nli_label, place, write_json_line};
use crate::corpus::Corpus;
use crate::project::Project;

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    claim_id: &'a str,
    premise: &'a str,
    hypothesis: &'a str,
    label: &'a str,
    relation: &'a str,
    claim_label: &'a str,
    premise_doc: &'a str,
    premise_start: usize,
    premise_end: usize,
    hypothesis_doc: &'a str,
    hypothesis_start: usize,
    hypothesis_end: usize,
    annotator: &'a str,
    /// Either span is detached.
    detached: bool,
    premise_source: SourceRow<'a>,
    hypothesis_source: SourceRow<'a>,
}

pub(super) fn write(
    project: &Project,
    corpus: &Corpus,
    w: &mut dyn Write,
) -> Result<usize, ExportError> {
    let mut rows = 0;
    for claim in project.claims().sorted() {
        let hypothesis = place(&claim.span, corpus);
        for evidence in &claim.evidence {
            let premise = place(&evidence.span, corpus);
            let row = Row {
                id: &evidence.id,
                claim_id: &claim.id.0,
                premise: premise.text,
                hypothesis: hypothesis.text,
                label: nli_label(project.labels(), &evidence.relation),
                relation: &evidence.relation,
                claim_label: claim.label.as_deref().unwrap_or(""),
                premise_doc: premise.doc,
                premise_start: premise.start,
                premise_end: premise.end,
                hypothesis_doc: hypothesis.doc,
                hypothesis_start: hypothesis.start,
                hypothesis_end: hypothesis.end,
                annotator: &evidence.annotator,
                detached: premise.detached || hypothesis.detached,
                premise_source: SourceRow::of_id(corpus, premise.doc),
                hypothesis_source: SourceRow::of_id(corpus, hypothesis.doc),
            };
            write_json_line(w, &row)?;
            rows += 1;
        }
    }
    Ok(rows)
}
