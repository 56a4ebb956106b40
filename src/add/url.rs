//! Adding the article at a web address: the page fetched, its article
//! extracted and saved as a `.txt` file with front matter, the page itself
//! kept unchanged as a snapshot in `.snapshots/` (a hidden folder, which the
//! corpus walk skips, so the page is not read a second time); a PDF saved
//! as it came.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::corpus::{FrontMatter, write_front_matter};
use crate::extract::{self, Article, EXTRACTOR, ExtractError};

use super::added::Added;
use super::error::AddError;
use super::fetch::{FetchOptions, Fetched, fetch};
use super::known::added_as;
use super::name::{exists, free_name, slug};
use super::write::{check_folder, write_new};

/// The folder, below the corpus root, where fetched pages are kept.
pub const SNAPSHOT_DIR: &str = ".snapshots";

/// What an answer is, by its content type and first bytes.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Pdf,
    Page,
    Other(String),
}

fn media_type(content_type: Option<&str>) -> String {
    content_type
        .and_then(|ct| ct.split(';').next())
        .map(|mt| mt.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether the first thing in `bytes` (after a BOM and spaces) is a tag.
fn looks_like_markup(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

fn classify(fetched: &Fetched) -> Answer {
    let mt = media_type(fetched.content_type.as_deref());
    if mt == "application/pdf" || mt == "application/x-pdf" || fetched.bytes.starts_with(b"%PDF") {
        return Answer::Pdf;
    }
    match mt.as_str() {
        "text/html" | "application/xhtml+xml" => Answer::Page,
        // Servers that do not say, or say wrongly, what a page is.
        "" | "application/octet-stream" | "text/plain" if looks_like_markup(&fetched.bytes) => {
            Answer::Page
        }
        "" => Answer::Other("of no stated type".to_owned()),
        _ => Answer::Other(mt),
    }
}

/// Fetches `url` and adds its article (or PDF) to the corpus at
/// `corpus_root`, under a new name: never over an existing file.
pub fn add_url(corpus_root: &Path, url: &str, opts: &FetchOptions) -> Result<Added, AddError> {
    let url = url.trim();
    check_folder(corpus_root)?;
    if let Some(path) = added_as(corpus_root, &[url]) {
        return Err(AddError::AlreadyAdded {
            url: url.to_owned(),
            path,
        });
    }
    let fetched = fetch(url, opts).map_err(|source| AddError::Fetch {
        url: url.to_owned(),
        source,
    })?;
    match classify(&fetched) {
        Answer::Pdf => save_pdf(corpus_root, &fetched),
        Answer::Page => save_page(corpus_root, url, &fetched),
        Answer::Other(content_type) => Err(AddError::NotAPage {
            url: url.to_owned(),
            content_type,
        }),
    }
}

fn save_pdf(corpus_root: &Path, fetched: &Fetched) -> Result<Added, AddError> {
    let stem = slug(&pdf_title(&fetched.final_url));
    let name = free_name(OsStr::new(&stem), Some(OsStr::new("pdf")), |n| {
        exists(&corpus_root.join(n))
    });
    let path = corpus_root.join(&name);
    write_new(&path, &fetched.bytes).map_err(AddError::write(&path))?;
    Ok(Added {
        path: PathBuf::from(name),
        title: stem,
        snapshot: None,
    })
}

/// The last segment of an address's path, without `.pdf`; else its host.
fn pdf_title(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let mut parts = rest.split('/');
    let host = parts.next().unwrap_or_default();
    let last = parts.rfind(|p| !p.is_empty()).unwrap_or(host);
    let lower = last.to_ascii_lowercase();
    match lower.strip_suffix(".pdf") {
        Some(_) => last.get(..last.len() - 4).unwrap_or(last).to_owned(),
        None => last.to_owned(),
    }
}

fn no_article(item: &str, e: ExtractError) -> AddError {
    let reason = match e {
        ExtractError::NoArticle(reason) => reason,
        other => other.to_string(),
    };
    AddError::NoArticle {
        item: item.to_owned(),
        reason,
    }
}

fn save_page(corpus_root: &Path, url: &str, fetched: &Fetched) -> Result<Added, AddError> {
    let article = extract::extract_page(&fetched.bytes).map_err(|e| no_article(url, e))?;
    let address = article
        .source
        .url
        .clone()
        .unwrap_or_else(|| fetched.final_url.clone());
    if let Some(path) = added_as(corpus_root, &[&address, &fetched.final_url]) {
        return Err(AddError::AlreadyAdded {
            url: url.to_owned(),
            path,
        });
    }
    let title = [article.source.outlet.as_deref(), Some(&article.headline)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let stem = slug(&title);
    let snapshots = corpus_root.join(SNAPSHOT_DIR);
    let name = free_name(OsStr::new(&stem), None, |n| {
        let mut txt = n.to_os_string();
        txt.push(".txt");
        let mut html = n.to_os_string();
        html.push(".html");
        exists(&corpus_root.join(txt)) || exists(&snapshots.join(html))
    });
    let name = name.to_string_lossy().into_owned();
    let snapshot_rel = format!("{SNAPSHOT_DIR}/{name}.html");
    let snapshot = snapshots.join(format!("{name}.html"));
    let text_path = corpus_root.join(format!("{name}.txt"));

    std::fs::create_dir_all(&snapshots).map_err(AddError::io(&snapshots))?;
    write_new(&snapshot, &fetched.bytes).map_err(AddError::write(&snapshot))?;
    let text = article_file(&article, address, snapshot_rel.clone());
    if let Err(e) = write_new(&text_path, text.as_bytes()) {
        // A snapshot no article points at is only clutter.
        let _ = std::fs::remove_file(&snapshot);
        return Err(AddError::write(&text_path)(e));
    }
    Ok(Added {
        path: PathBuf::from(format!("{name}.txt")),
        title: article.headline,
        snapshot: Some(PathBuf::from(snapshot_rel)),
    })
}

/// The `.txt` file of an article: its front matter, then its text.
fn article_file(article: &Article, url: String, snapshot: String) -> String {
    let source = &article.source;
    let fm = FrontMatter {
        title: Some(article.headline.clone()),
        outlet: source.outlet.clone(),
        author: source.author.clone(),
        published: source.date().or_else(|| source.published.clone()),
        url: Some(url),
        snapshot: Some(snapshot),
        extractor: Some(EXTRACTOR.to_owned()),
        fetched: Some(humantime::format_rfc3339_seconds(SystemTime::now()).to_string()),
    };
    format!("{}{}\n", write_front_matter(&fm), article.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched(ct: Option<&str>, bytes: &[u8]) -> Fetched {
        Fetched {
            final_url: "https://a.example/x".into(),
            content_type: ct.map(str::to_owned),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn answers_are_told_apart() {
        let page = b"<!doctype html><p>x";
        assert_eq!(
            classify(&fetched(Some("text/html; charset=utf-8"), page)),
            Answer::Page
        );
        assert_eq!(
            classify(&fetched(Some("application/xhtml+xml"), page)),
            Answer::Page
        );
        assert_eq!(
            classify(&fetched(None, b"\xef\xbb\xbf  <html>")),
            Answer::Page
        );
        assert_eq!(
            classify(&fetched(Some("application/pdf"), b"x")),
            Answer::Pdf
        );
        assert_eq!(
            classify(&fetched(Some("application/octet-stream"), b"%PDF-1.7")),
            Answer::Pdf
        );
        assert_eq!(
            classify(&fetched(Some("image/PNG"), b"\x89PNG")),
            Answer::Other("image/png".into())
        );
        assert_eq!(
            classify(&fetched(Some("text/plain"), b"plain words")),
            Answer::Other("text/plain".into())
        );
    }

    #[test]
    fn pdf_names_come_from_the_address() {
        assert_eq!(
            pdf_title("https://a.example/docs/Report-2024.PDF?x=1"),
            "Report-2024"
        );
        assert_eq!(pdf_title("https://a.example/docs/"), "docs");
        assert_eq!(pdf_title("https://a.example"), "a.example");
        assert_eq!(pdf_title("https://a.example/é.pdf"), "é");
    }
}
