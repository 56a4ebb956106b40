//! The document texts themselves, so a consumer of the other exports never
//! has to re-read and re-decode the raw files.

use std::io::Write;

use serde::Serialize;

use super::common::{ExportError, SourceRow, write_json_line};
use crate::corpus::Corpus;
use crate::project::Project;

#[derive(Serialize)]
struct Row<'a> {
    doc: &'a str,
    text: &'a str,
    hash: &'a str,
    encoding: String,
    /// The annotator's time on task with this document, in seconds
    /// (0 when none was recorded).
    active_seconds: u64,
    /// The document's title as listed (a web page's headline).
    title: &'a str,
    /// Where the article came from, as far as its file says.
    source: SourceRow<'a>,
    /// The extraction that made `text` from the file (web pages, PDFs,
    /// dataset rows); `null` for text files, whose text is the file's own.
    extractor: Option<&'a str>,
}

pub(super) fn write(
    project: &Project,
    corpus: &Corpus,
    w: &mut dyn Write,
) -> Result<usize, ExportError> {
    for doc in corpus.documents.iter() {
        let row = Row {
            doc: &doc.id,
            text: &doc.text,
            hash: &doc.hash,
            // Lower case so the name works as-is with Python's codecs.
            encoding: doc.encoding.unwrap_or("utf-8").to_ascii_lowercase(),
            active_seconds: project
                .documents()
                .get(&doc.id)
                .map_or(0, |d| d.active_seconds),
            title: &doc.title,
            source: SourceRow::of(Some(doc)),
            extractor: doc.extractor,
        };
        write_json_line(w, &row)?;
    }
    Ok(corpus.documents.len())
}
