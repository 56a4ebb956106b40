//! Where an article came from: title, outlet, author, date and address, read
//! from the page's JSON-LD (`NewsArticle` and its kin), its `og:` and
//! `article:` meta tags, its canonical link and a browser's "saved from"
//! comment, in that order of trust.

use dom_query::Document;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A page's source metadata; every field is optional, since pages carry any
/// subset of it. Values are as the page states them (the date is not
/// reformatted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The outlet or site name ("The Daily Example").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Authors, joined with ", " when there are several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date, usually ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The page's own address (canonical link, `og:url`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Source {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The publication date as `YYYY-MM-DD`, when it can be read.
    pub fn date(&self) -> Option<String> {
        self.published
            .as_deref()
            .and_then(super::date::calendar_date)
    }

    /// "Outlet · 2024-03-04", or as much of it as is known (the date as
    /// stated when it cannot be read); empty when neither is.
    pub fn byline(&self) -> String {
        let date = self.date().or_else(|| self.published.clone());
        [self.outlet.clone(), date]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Fills the fields still empty from `other`.
    fn or(mut self, other: Source) -> Self {
        self.title = self.title.or(other.title);
        self.outlet = self.outlet.or(other.outlet);
        self.author = self.author.or(other.author);
        self.published = self.published.or(other.published);
        self.url = self.url.or(other.url);
        self
    }
}

/// Reads the source metadata of a parsed page; `raw` is the page's text, for
/// the "saved from url" comment browsers write above `<html>`. The title is
/// the publisher's headline (JSON-LD, `og:title`, …); `<title>`, which
/// usually carries the site's name too, is left to the extractor.
pub fn read_source(doc: &Document, raw: &str) -> Source {
    // The canonical link is the page's own statement of its address; JSON-LD
    // and meta tags are trusted first for the rest.
    let mut source = json_ld(doc).or(meta_tags(doc));
    source.url = link_canonical(doc)
        .or(source.url)
        .or_else(|| saved_from(raw));
    source
}

fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

fn absolute(url: Option<String>) -> Option<String> {
    url.filter(|u| u.starts_with("http://") || u.starts_with("https://"))
}

fn link_canonical(doc: &Document) -> Option<String> {
    let href = doc.select(r#"link[rel="canonical"]"#).attr("href");
    absolute(href.and_then(|h| clean(&h)))
}

/// `<!-- saved from url=(0042)https://… -->`, written by Chrome and Internet
/// Explorer when a page is saved.
fn saved_from(raw: &str) -> Option<String> {
    let head = raw.get(..raw.len().min(4096)).unwrap_or(raw);
    let at = head.find("saved from url=(")?;
    let rest = &head[at..];
    let rest = &rest[rest.find(')')? + 1..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '-')
        .unwrap_or(rest.len());
    absolute(clean(&rest[..end]))
}

/// The first `<meta>` among `names` (by `property`, `name` or `itemprop`)
/// with non-empty content.
fn meta(doc: &Document, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| {
        ["property", "name", "itemprop"].iter().find_map(|attr| {
            let sel = format!(r#"meta[{attr}="{name}"]"#);
            doc.select(&sel)
                .iter()
                .find_map(|m| m.attr("content").and_then(|c| clean(&c)))
        })
    })
}

fn meta_tags(doc: &Document) -> Source {
    let author = meta(
        doc,
        &[
            "author",
            "article:author",
            "byl",
            "parsely-author",
            "dc.creator",
        ],
    )
    // `article:author` is often a profile address, not a name.
    .filter(|a| !a.starts_with("http"))
    .map(|a| {
        a.trim_start_matches("By ")
            .trim_start_matches("by ")
            .to_owned()
    });
    Source {
        title: meta(doc, &["og:title", "twitter:title", "dc.title", "headline"]),
        outlet: meta(doc, &["og:site_name", "application-name", "publisher"]),
        author,
        published: meta(
            doc,
            &[
                "article:published_time",
                "datePublished",
                "og:published_time",
                "date",
                "pubdate",
                "publish-date",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date",
                "dc.date.issued",
            ],
        ),
        url: absolute(meta(doc, &["og:url", "twitter:url"])),
    }
}

/// Types of schema.org `CreativeWork` that describe an article, news first.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "Article",
    "BlogPosting",
    "Report",
    "ScholarlyArticle",
    "WebPage",
];

fn json_ld(doc: &Document) -> Source {
    // A malformed block is common (trailing commas, HTML comments) and
    // only means that block tells nothing.
    let blocks: Vec<Value> = doc
        .select(r#"script[type="application/ld+json"]"#)
        .iter()
        .filter_map(|script| serde_json::from_str(script.text().trim()).ok())
        .collect();
    let mut objects = Vec::new();
    for value in &blocks {
        collect_objects(value, &mut objects, 0);
    }
    let rank = |v: &Value| {
        let types = types_of(v);
        ARTICLE_TYPES
            .iter()
            .position(|t| types.iter().any(|x| x == t))
    };
    let Some(article) = objects
        .iter()
        .filter_map(|v| rank(v).map(|r| (r, *v)))
        .min_by_key(|(r, _)| *r)
        .map(|(_, v)| v)
    else {
        return Source::default();
    };
    let text = |key: &str| article.get(key).and_then(Value::as_str).and_then(clean);
    let url = text("url").or_else(|| match article.get("mainEntityOfPage") {
        Some(Value::String(s)) => clean(s),
        Some(v) => v.get("@id").and_then(Value::as_str).and_then(clean),
        None => None,
    });
    Source {
        title: text("headline").or_else(|| text("name")),
        outlet: article.get("publisher").and_then(name_of),
        author: article.get("author").and_then(names_of),
        published: text("datePublished").or_else(|| text("dateCreated")),
        url: absolute(url),
    }
}

/// Every object in a JSON-LD value: arrays and `@graph` lists are opened.
fn collect_objects<'a>(value: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_objects(v, out, depth + 1)),
        Value::Object(map) => {
            out.push(value);
            if let Some(graph) = map.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn types_of(value: &Value) -> Vec<String> {
    match value.get("@type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => clean(s),
        Value::Array(items) => items.iter().find_map(name_of),
        Value::Object(map) => map.get("name").and_then(Value::as_str).and_then(clean),
        _ => None,
    }
}

fn names_of(value: &Value) -> Option<String> {
    let names: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(name_of).collect(),
        other => name_of(other).into_iter().collect(),
    };
    let mut unique: Vec<String> = Vec::new();
    for n in names {
        if !unique.contains(&n) {
            unique.push(n);
        }
    }
    (!unique.is_empty()).then(|| unique.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(html: &str) -> Source {
        read_source(&Document::from(html), html)
    }

    #[test]
    fn json_ld_news_article_is_read() {
        let s = source(
            r#"<html><head><title>Ignored | Site</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Site"},
              {"@type":["NewsArticle"],"headline":"Dam  breaks after storm",
               "author":[{"@type":"Person","name":"Ana Ruiz"},{"@type":"Person","name":"Li Wei"}],
               "publisher":{"@type":"Organization","name":"The Example Times"},
               "datePublished":"2023-09-11T08:00:00Z",
               "mainEntityOfPage":{"@id":"https://example.com/dam"}}]}</script>
            </head><body></body></html>"#,
        );
        assert_eq!(
            s,
            Source {
                title: Some("Dam breaks after storm".into()),
                outlet: Some("The Example Times".into()),
                author: Some("Ana Ruiz, Li Wei".into()),
                published: Some("2023-09-11T08:00:00Z".into()),
                url: Some("https://example.com/dam".into()),
            }
        );
    }

    #[test]
    fn og_and_article_meta_and_canonical_are_read() {
        let s = source(
            r#"<html><head><title>T</title>
            <meta property="og:title" content="Flood warning issued">
            <meta property="og:site_name" content="Daily Bugle">
            <meta property="og:url" content="https://bugle.example/old">
            <meta property="article:published_time" content="2024-01-02">
            <meta property="article:author" content="https://bugle.example/staff/x">
            <meta name="author" content="By Peter Parker">
            <link rel="canonical" href="https://bugle.example/flood">
            <script type="application/ld+json">{ not json </script>
            </head><body></body></html>"#,
        );
        assert_eq!(s.title.as_deref(), Some("Flood warning issued"));
        assert_eq!(s.outlet.as_deref(), Some("Daily Bugle"));
        assert_eq!(s.published.as_deref(), Some("2024-01-02"));
        assert_eq!(s.author.as_deref(), Some("Peter Parker"));
        assert_eq!(s.url.as_deref(), Some("https://bugle.example/flood"));
    }

    #[test]
    fn saved_from_comment_is_the_fallback_address() {
        let s = source(
            "<!DOCTYPE html>\n<!-- saved from url=(0029)https://news.example/a/1 -->\n<html><head><title> Plain  title </title></head></html>",
        );
        assert_eq!(s.url.as_deref(), Some("https://news.example/a/1"));
        assert_eq!(s.title, None);
        assert!(source("<p>nothing</p>").is_empty());
    }

    #[test]
    fn relative_addresses_are_not_kept() {
        let s = source(
            r#"<link rel="canonical" href="/flood"><meta property="og:url" content="flood">"#,
        );
        assert_eq!(s.url, None);
    }
}
