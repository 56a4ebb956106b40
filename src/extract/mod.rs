//! Articles from saved web pages (`.html`, single-file `.mhtml`) and PDFs:
//! the page's charset honoured, the article body found (headline, then the
//! body's paragraphs, without menus, banners, share buttons, related lists,
//! comments or scripts) and the source metadata read; a PDF's text layer
//! laid out as paragraphs (`pdf`). Deterministic: the same bytes give the same text, so
//! offsets into it stay valid across reloads.

mod body;
mod charset;
mod date;
mod error;
mod lines;
mod mhtml;
mod page;
mod pdf;
mod source;

pub use body::collapse_spaces;
pub use charset::{declared_encoding, decode_page};
pub use date::calendar_date;
pub use error::ExtractError;
pub use mhtml::{extract_mhtml, is_mhtml_path, mhtml_page};
pub use page::{Article, extract_html, extract_page, is_web_page_path};
pub use pdf::{MAX_PDF_PAGES, PDF_EXTRACTOR, PdfArticle, PdfError, extract_pdf, is_pdf_path};
pub use source::{Source, read_source};

/// Names the extraction that produced a document's text, recorded per
/// document: when it changes, the same page may give a different text and
/// spans are re-anchored as for an edited article.
pub const EXTRACTOR: &str = "html-2 (dom_smoothie 0.19)";

#[cfg(test)]
mod tests;
