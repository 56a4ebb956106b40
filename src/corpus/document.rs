//! One article as read: its text (every offset counts code points of it),
//! hash, title and source.

use crate::extract::{Article, EXTRACTOR, Source};
use crate::text::CharMap;

/// One article, as read.
#[derive(Clone, Debug)]
pub struct Document {
    /// Path relative to the corpus root, with `/` separators.
    pub id: String,
    /// The decoded text (BOM dropped, CRLF/CR turned into LF). All offsets
    /// are code points into this.
    pub text: String,
    pub map: CharMap,
    /// SHA-256 (hex) of `text` as UTF-8, so a consumer can check it with any
    /// standard library.
    pub hash: String,
    /// The legacy encoding the file was decoded from; `None` for UTF-8.
    pub encoding: Option<&'static str>,
    /// First non-empty line, for lists; a web page's headline.
    pub title: String,
    /// Where the article came from (outlet, author, date, address), when
    /// its file says: read from web pages, `None` for text files.
    pub source: Option<Source>,
    /// The extraction that made `text` from the file, for documents that are
    /// not the file's own text (web pages); `None` for text files.
    pub extractor: Option<&'static str>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            id: id.into(),
            map: CharMap::new(&text),
            hash: hash_text(&text),
            title: title_from_text(&text),
            encoding: None,
            source: None,
            extractor: None,
            text,
        }
    }

    /// A document whose text is the article extracted from a web page.
    pub fn from_web_page(id: impl Into<String>, article: Article) -> Self {
        let mut doc = Self::new(id, article.text);
        doc.title = truncate_title(&article.headline);
        doc.encoding = article.encoding;
        doc.source = Some(article.source);
        doc.extractor = Some(EXTRACTOR);
        doc
    }

    /// A document whose text is the article extracted from a PDF.
    pub fn from_pdf(id: impl Into<String>, pdf: crate::extract::PdfArticle) -> Self {
        let mut doc = Self::new(id, pdf.text);
        if let Some(title) = pdf
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            doc.title = truncate_title(title);
        }
        let source = Source {
            title: pdf.title,
            author: pdf.author,
            published: pdf.published,
            ..Source::default()
        };
        doc.source = (!source.is_empty()).then_some(source);
        doc.extractor = Some(crate::extract::PDF_EXTRACTOR);
        doc
    }

    /// A document made of one row of a dataset file `file`: its id is
    /// `FILE#KEY`, its text the row's text cell.
    pub fn from_row(file: &str, row: crate::dataset::Row, extractor: &'static str) -> Self {
        let crate::dataset::Row {
            key,
            text,
            title,
            date,
            url,
            outlet,
            author,
        } = row;
        let mut doc = Self::new(format!("{file}#{key}"), text);
        if let Some(title) = title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            doc.title = truncate_title(title);
        }
        let source = Source {
            title,
            outlet,
            author,
            published: date,
            url,
        };
        doc.source = (!source.is_empty()).then_some(source);
        doc.extractor = Some(extractor);
        doc
    }

    pub fn char_len(&self) -> usize {
        self.map.char_len()
    }

    /// The code point range `start..end` of the text, or `None` when out of range.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        self.map.slice(&self.text, start, end)
    }

    /// The file name part of the id.
    pub fn file_name(&self) -> &str {
        self.id.rsplit('/').next().unwrap_or(&self.id)
    }
}

/// SHA-256 hex digest of the text's UTF-8 bytes.
pub fn hash_text(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        use std::fmt::Write as _;
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

fn title_from_text(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    truncate_title(line.trim_start_matches('#').trim())
}

pub(super) fn truncate_title(line: &str) -> String {
    let mut title: String = line.chars().take(120).collect();
    if line.chars().nth(120).is_some() {
        title.push('…');
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_sha256_of_utf8() {
        assert_eq!(
            hash_text("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn title_is_first_non_empty_line() {
        assert_eq!(title_from_text("\n\n  # Heading  \nbody"), "Heading");
        assert_eq!(title_from_text(""), "");
    }
}
