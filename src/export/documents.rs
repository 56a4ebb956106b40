//! The document texts themselves, so a consumer of the other exports never
//! has to re-read and re-decode the raw files.

use std::io::Write;

use serde::Serialize;

use super::common::{ExportError, write_json_line};
use crate::corpus::Corpus;

#[derive(Serialize)]
struct Row<'a> {
    doc: &'a str,
    text: &'a str,
    hash: &'a str,
    encoding: String,
}

pub(super) fn write(corpus: &Corpus, w: &mut dyn Write) -> Result<usize, ExportError> {
    for doc in corpus.documents.iter() {
        let row = Row {
            doc: &doc.id,
            text: &doc.text,
            hash: &doc.hash,
            // Lower case so the name works as-is with Python's codecs.
            encoding: doc.encoding.unwrap_or("utf-8").to_ascii_lowercase(),
        };
        write_json_line(w, &row)?;
    }
    Ok(corpus.documents.len())
}
