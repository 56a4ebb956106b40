//! The article body: the page's main block of text found by `dom_smoothie`
//! (a port of Mozilla's Readability), then cut into paragraphs with the
//! boilerplate lines it lets through removed.

use dom_query::Document;
use dom_smoothie::{Config, Readability, ReadabilityError, TextMode};

use super::error::ExtractError;
use super::lines;

/// Pages with more elements than this are refused rather than scored: real
/// articles have a few thousand, and scoring grows with the count.
const MAX_ELEMENTS: usize = 200_000;

/// Below this many characters of body text a page that does not look like
/// an article (no long paragraphs) is taken for a login wall or an index.
const SHORT_BODY_CHARS: usize = 100;

/// The page's headline as the extractor sees it and its body paragraphs.
pub struct Body {
    pub title: String,
    pub paragraphs: Vec<String>,
}

/// Words in a `class` or `id` that mark an element as something other than
/// the article: banners, share bars, related lists, comments, advertising.
/// (Not "ad": `non-ad-column` holds a benchmark page's whole article.)
const BOILERPLATE_NAMES: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "share",
    "sharing",
    "sharebar",
    "social",
    "related",
    "comments",
    "comment",
    "advert",
    "advertisement",
    "ads",
    "sponsored",
    "promo",
    "outbrain",
    "taboola",
    "breadcrumb",
    "breadcrumbs",
    "recommended",
    "trending",
    "popular",
    "readmore",
    "recirc",
    "subscription",
];

/// Words in a `class` or `id` that mark a small element as the page's
/// furniture around the article: bylines, dates, captions and credits, tag
/// lists, author notes, sign-up boxes. Only elements of fewer than
/// `SMALL_ELEMENT_CHARS` characters go, so that a wrapper named `author-page`
/// or `article-meta` around the whole story stays.
const SMALL_BOILERPLATE_NAMES: &[&str] = &[
    "byline",
    "author",
    "authors",
    "dateline",
    "timestamp",
    "date",
    "caption",
    "credit",
    "credits",
    "tags",
    "subscribe",
    "signup",
    "bio",
    "meta",
    "published",
    "updated",
    "time",
    "topics",
    "keywords",
    "photo",
    "figure",
    "embed",
    "gallery",
    "toolbar",
    "tools",
    "follow",
];

/// Above this many characters an element is more than a byline or a caption.
const SMALL_ELEMENT_CHARS: usize = 400;

/// Removes what is never the article before the extractor scores the page:
/// navigation, page footers and asides, and elements named as boilerplate.
/// Readability keeps a block beside the article when it scores like text
/// (a cookie notice of two sentences), which these names rule out.
fn strip_boilerplate(doc: &Document) {
    doc.select(
        "nav, footer, aside, figcaption, time, [role=navigation], [role=contentinfo], [role=complementary]",
    )
    .remove();
    let page_chars = doc.select("body").text().len().max(1);
    for node in doc.select("[class], [id]").nodes() {
        let Some(name) = node.node_name() else {
            continue;
        };
        if matches!(&*name, "html" | "body" | "article" | "main") {
            continue;
        }
        let names = [node.attr("class"), node.attr("id")];
        let named = |list: &[&str]| {
            names.iter().flatten().any(|value| {
                value
                    .to_ascii_lowercase()
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|word| list.contains(&word))
            })
        };
        let chars = node.text().len();
        // A wrapper of most of the page ("page has-comments") is not the
        // boilerplate itself.
        if (named(BOILERPLATE_NAMES) && chars * 2 < page_chars)
            || (chars < SMALL_ELEMENT_CHARS && named(SMALL_BOILERPLATE_NAMES))
        {
            node.remove_from_parent();
        }
    }
    // A list whose items are links is a list of other stories ("You may
    // also like"), not the article's own words.
    for list in doc.select("ul, ol").nodes() {
        let items = list
            .children()
            .iter()
            .filter(|c| c.node_name().as_deref() == Some("li"))
            .count();
        let text = visible_chars(&list.text());
        let linked: usize = list
            .descendants()
            .iter()
            .filter(|d| d.node_name().as_deref() == Some("a"))
            .map(|a| visible_chars(&a.text()))
            .sum();
        if items >= LINK_LIST_ITEMS && text > 0 && linked * 10 >= text * LINK_LIST_TENTHS {
            list.remove_from_parent();
        }
    }
}

/// A list of at least this many items, this many tenths of whose text is
/// links, is taken for links to other pages.
const LINK_LIST_ITEMS: usize = 3;
const LINK_LIST_TENTHS: usize = 8;

fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

pub fn article_body(doc: Document) -> Result<Body, ExtractError> {
    strip_boilerplate(&doc);
    let cfg = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut readability = Readability::with_document(doc, None, Some(cfg))
        .map_err(|e| ExtractError::NoArticle(e.to_string()))?;
    let readable = readability.is_probably_readable();
    let article = readability.parse().map_err(|e| match e {
        ReadabilityError::GrabFailed => {
            ExtractError::NoArticle("no block of article text on the page".into())
        }
        ReadabilityError::TooManyElements(found, max) => ExtractError::NoArticle(format!(
            "the page has {found} elements, more than the {max} an article page has"
        )),
        other => ExtractError::NoArticle(other.to_string()),
    })?;
    let paragraphs = paragraphs(&article.text_content);
    let chars: usize = paragraphs.iter().map(|p| weighted_len(p)).sum();
    if chars == 0 {
        return Err(ExtractError::NoArticle("the page has no text".into()));
    }
    if !readable && chars < SHORT_BODY_CHARS {
        return Err(ExtractError::NoArticle(format!(
            "only {chars} characters of text outside menus and links (a login wall or an index page?)"
        )));
    }
    Ok(Body {
        title: collapse_spaces(&article.title),
        paragraphs,
    })
}

/// Length as Latin-script characters: a Chinese, Japanese or Korean
/// character says about as much as three, so a short CJK article is not
/// taken for a login wall.
fn weighted_len(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let wide = matches!(u32::from(c),
                0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF);
            if wide { 3 } else { 1 }
        })
        .sum()
}

/// One paragraph per non-empty line, spaces collapsed, boilerplate dropped.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(collapse_spaces)
        .filter(|line| !line.is_empty() && !lines::is_boilerplate(line))
        .collect()
}

/// Runs of white space (including no-break spaces) become one space; the
/// page's line breaks inside a paragraph are layout, not text.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_lines_are_dropped_and_spaces_collapsed() {
        let got = paragraphs(
            "  First\u{a0}  line \n\nShare\nADVERTISEMENT\nRead more »\nShare the load evenly.\n",
        );
        assert_eq!(got, vec!["First line", "Share the load evenly."]);
    }
}
