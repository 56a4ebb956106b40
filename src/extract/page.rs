//! A saved page's article: the page decoded, its body found, its headline
//! and source put together into the document's text.

use std::path::Path;

use super::body::{self, collapse_spaces};
use super::charset::decode_page;
use super::error::ExtractError;
use super::source::{Source, read_source};

/// An article extracted from a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// The headline (also the document's title).
    pub headline: String,
    /// The body's paragraphs, separated by blank lines, headline not included.
    pub body: String,
    /// What a document's text is: the headline, a blank line, the body.
    pub text: String,
    pub source: Source,
    /// The legacy encoding the page was decoded from; `None` for UTF-8.
    pub encoding: Option<&'static str>,
}

/// Whether a path names a saved web page (`.html`, `.htm`, any case).
pub fn is_web_page_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Extracts the article of a saved page from its bytes.
pub fn extract_page(bytes: &[u8]) -> Result<Article, ExtractError> {
    let (html, encoding) = decode_page(bytes)?;
    let mut article = extract_html(&html)?;
    article.encoding = encoding;
    Ok(article)
}

/// Extracts the article of a page already decoded to text.
pub fn extract_html(html: &str) -> Result<Article, ExtractError> {
    let doc = dom_query::Document::from(html);
    let mut source = read_source(&doc, html);
    let h1 = collapse_spaces(&doc.select("h1").first().text());
    let body = body::article_body(doc)?;
    // The metadata's title is the publisher's own headline when there is
    // one. The extractor's is `<title>` with the site's name cut when it can
    // tell; a first `<h1>` that `<title>` contains is the headline without
    // the site's name.
    let page_title = if !h1.is_empty() && body.title.contains(&h1) {
        h1
    } else {
        body.title
    };
    let mut headline = [source.title.as_deref(), Some(page_title.as_str())]
        .into_iter()
        .flatten()
        .map(collapse_spaces)
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    let mut paragraphs = body.paragraphs;
    if headline.is_empty() && !paragraphs.is_empty() {
        headline = paragraphs.remove(0);
    } else if paragraphs.first() == Some(&headline) {
        paragraphs.remove(0);
    }
    if paragraphs.is_empty() {
        return Err(ExtractError::NoArticle(
            "the page has a headline but no body text".into(),
        ));
    }
    if source.title.is_none() {
        source.title = Some(headline.clone());
    }
    let body = paragraphs.join("\n\n");
    let text = format!("{headline}\n\n{body}");
    Ok(Article {
        headline,
        body,
        text,
        source,
        encoding: None,
    })
}
