//! Articles from PDFs with a text layer: the glyphs drawn (by pdf-extract,
//! pure Rust on lopdf) gathered into lines with their positions
//! (`lines.rs`), the lines into paragraphs in reading order without running
//! headers, footers and page numbers (`paragraphs.rs`), and the title,
//! author and date from the document's Info dictionary. Deterministic, like
//! the web pages' extraction: the same bytes give the same text.
//!
//! Encrypted PDFs are refused, even those that open with an empty user
//! password: what a document may be used for is its owner's to say.
//!
//! pdf-extract panics on some malformed files; the panic is caught and the
//! file reported broken. The default panic hook still prints its one
//! message to standard error (the hook is the program's, not this module's
//! to change).

mod lines;
mod paragraphs;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use pdf_extract::{Dictionary, Document, Object};

use super::body::collapse_spaces;
use super::date::calendar_date;
use lines::Collector;

/// Names the extraction that produced a PDF document's text (see
/// [`crate::extract::EXTRACTOR`]).
pub const PDF_EXTRACTOR: &str = "pdf-1 (pdf-extract 0.12)";

/// The most pages a PDF may have to be read: past it, reading would take
/// long and the file is unlikely to be an article.
pub const MAX_PDF_PAGES: usize = 2000;

/// The most characters of text read from one PDF (a bound on memory for a
/// file whose pages draw the same glyphs over and over).
const MAX_CHARS: usize = 16 * 1024 * 1024;

/// How deep form XObjects may be drawn inside each other: pdf-extract
/// follows them without a bound, so a form that draws itself would never
/// end.
const MAX_FORM_DEPTH: usize = 12;

/// How many form XObject uses are followed in all before the file is
/// refused (forms each drawing the next twice would double the work at each
/// level).
const MAX_FORM_USES: usize = 20_000;

/// An article read from a PDF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfArticle {
    /// The Info dictionary's title, or else the first line of text.
    pub title: Option<String>,
    /// The Info dictionary's author.
    pub author: Option<String>,
    /// The Info dictionary's creation date as `YYYY-MM-DD`, when readable.
    pub published: Option<String>,
    /// The paragraphs in reading order, separated by blank lines (`\n\n`,
    /// line feeds only), the title line, when the pages show one, first.
    pub text: String,
    pub pages: usize,
}

/// Why a PDF gives no article.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("encrypted PDF")]
    Encrypted,
    #[error("broken PDF: {0}")]
    Broken(String),
    /// Pages, but no text drawn on them: a scan, or text drawn as shapes.
    #[error("no text layer (a scanned PDF?)")]
    NoTextLayer,
    #[error("too many pages ({pages}; at most {limit} are read)")]
    TooManyPages { pages: usize, limit: usize },
}

/// Whether a path names a PDF (`.pdf`, any case).
pub fn is_pdf_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Extracts the article of a PDF from its bytes.
pub fn extract_pdf(bytes: &[u8]) -> Result<PdfArticle, PdfError> {
    // The header may follow some junk, within the first kilobyte.
    let head = bytes.get(..1024).unwrap_or(bytes);
    if memchr::memmem::find(head, b"%PDF-").is_none() {
        return Err(PdfError::Broken("not a PDF".into()));
    }
    let read = catch_unwind(AssertUnwindSafe(|| read_pdf(bytes)));
    let (pages, info, lines) = match read {
        Ok(result) => result?,
        Err(_) => {
            return Err(PdfError::Broken(
                "the PDF reader failed on this file".into(),
            ));
        }
    };
    let (paras, first_line) = paragraphs::paragraphs(&lines);
    if paras.is_empty() {
        return Err(PdfError::NoTextLayer);
    }
    Ok(PdfArticle {
        title: info.title.or(first_line),
        author: info.author,
        published: info.published,
        text: paras.join("\n\n"),
        pages,
    })
}

/// What the Info dictionary says.
#[derive(Debug, Default)]
struct Info {
    title: Option<String>,
    author: Option<String>,
    published: Option<String>,
}

/// The document's page count, Info and lines: everything that calls into
/// the PDF crates, run inside `catch_unwind`.
fn read_pdf(bytes: &[u8]) -> Result<(usize, Info, Vec<Vec<lines::Line>>), PdfError> {
    let doc = match Document::load_mem(bytes) {
        Ok(doc) => doc,
        // A file lopdf cannot open for its encryption is encrypted all the
        // same; refused as such rather than as broken.
        Err(_) if memchr::memmem::find(bytes, b"/Encrypt").is_some() => {
            return Err(PdfError::Encrypted);
        }
        Err(e) => return Err(PdfError::Broken(e.to_string())),
    };
    if doc.was_encrypted() || doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(PdfError::Encrypted);
    }
    let pages = doc.page_iter().take(MAX_PDF_PAGES + 1).count();
    if pages > MAX_PDF_PAGES {
        let stated = doc
            .catalog()
            .ok()
            .and_then(|c| deref_dict(&doc, c.get(b"Pages").ok()?))
            .and_then(|p| p.get(b"Count").ok()?.as_i64().ok())
            .and_then(|n| usize::try_from(n).ok())
            .filter(|&n| n > MAX_PDF_PAGES);
        return Err(PdfError::TooManyPages {
            pages: stated.unwrap_or(pages),
            limit: MAX_PDF_PAGES,
        });
    }
    if pages == 0 {
        return Err(PdfError::Broken("no pages".into()));
    }
    check_forms(&doc)?;
    let info = read_info(&doc);
    let mut collector = Collector::new(MAX_CHARS);
    if let Err(e) = pdf_extract::output_doc(&doc, &mut collector) {
        if collector.too_much_text {
            return Err(PdfError::Broken("more text than can be read".into()));
        }
        return Err(PdfError::Broken(e.to_string()));
    }
    Ok((pages, info, collector.pages))
}

/// The object, or the one it refers to, as a dictionary (a stream's own).
fn deref_dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match doc.dereference(obj).ok()?.1 {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// Refuses forms drawn inside each other deeper or more often than
/// pdf-extract can follow safely. Walks what each page's (and form's)
/// resources could draw: a form without resources of its own draws from its
/// parent's, as pdf-extract reads it.
fn check_forms(doc: &Document) -> Result<(), PdfError> {
    let mut uses = 0;
    for page in doc.page_iter() {
        let Ok(page) = doc.get_dictionary(page) else {
            continue;
        };
        if let Some(resources) = inherited_resources(doc, page) {
            walk_forms(doc, resources, 0, &mut uses)?;
        }
    }
    Ok(())
}

fn inherited_resources<'a>(doc: &'a Document, mut dict: &'a Dictionary) -> Option<&'a Dictionary> {
    // A bound, as lopdf's own, against a page tree whose parents loop.
    for _ in 0..64 {
        if let Some(r) = dict.get(b"Resources").ok().and_then(|r| deref_dict(doc, r)) {
            return Some(r);
        }
        dict = deref_dict(doc, dict.get(b"Parent").ok()?)?;
    }
    None
}

fn walk_forms(
    doc: &Document,
    resources: &Dictionary,
    depth: usize,
    uses: &mut usize,
) -> Result<(), PdfError> {
    let Some(xobjects) = resources
        .get(b"XObject")
        .ok()
        .and_then(|x| deref_dict(doc, x))
    else {
        return Ok(());
    };
    for (_, xobject) in xobjects.iter() {
        let Ok((_, Object::Stream(form))) = doc.dereference(xobject) else {
            continue;
        };
        let is_form = form
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|s| s.as_name().ok())
            .is_some_and(|s| s == b"Form");
        if !is_form {
            continue;
        }
        *uses += 1;
        if depth >= MAX_FORM_DEPTH || *uses > MAX_FORM_USES {
            return Err(PdfError::Broken(
                "forms drawn inside each other too deep (a loop?)".into(),
            ));
        }
        let inner = form
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| deref_dict(doc, r))
            .unwrap_or(resources);
        walk_forms(doc, inner, depth + 1, uses)?;
    }
    Ok(())
}

fn read_info(doc: &Document) -> Info {
    let Some(info) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|i| deref_dict(doc, i))
    else {
        return Info::default();
    };
    let text = |key: &[u8]| {
        let obj = doc.dereference(info.get(key).ok()?).ok()?.1;
        let s = pdf_extract::decode_text_string(obj).ok()?;
        let s = collapse_spaces(&s.replace('\u{FEFF}', ""));
        (!s.is_empty()).then_some(s)
    };
    Info {
        title: text(b"Title").filter(|t| !looks_like_file_name(t)),
        author: text(b"Author"),
        published: text(b"CreationDate").and_then(|d| pdf_date(&d)),
    }
}

/// A title that word processors write for the file, not the article:
/// `Microsoft Word - draft.docx`, `report.pdf`, `untitled`.
fn looks_like_file_name(title: &str) -> bool {
    let lower = title.to_lowercase();
    let ext = [
        ".doc", ".docx", ".pdf", ".odt", ".rtf", ".txt", ".indd", ".tex",
    ];
    lower.starts_with("microsoft word - ")
        || ext.iter().any(|e| lower.ends_with(e))
        || lower == "untitled"
}

/// `YYYY-MM-DD` from a PDF date (`D:20240305120000+01'00'`, `D:20240305`);
/// `None` without a day.
fn pdf_date(stated: &str) -> Option<String> {
    let digits = stated.trim().strip_prefix("D:").unwrap_or(stated.trim());
    let day = digits.get(..8)?;
    if !day.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let iso = format!("{}-{}-{}", day.get(..4)?, day.get(4..6)?, day.get(6..8)?);
    calendar_date(&iso)
}

#[cfg(test)]
mod tests;
