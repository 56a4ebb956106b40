//! Single-file saved pages (`.mhtml`, `.mht`: "Save page as… › Webpage,
//! single file"): a MIME message whose first HTML part is the page, the
//! images and styles beside it. The MIME work (boundaries, quoted-printable,
//! base64, the part's charset) is mail-parser's; the page is then extracted
//! as any saved page.

use std::path::Path;

use mail_parser::{MessageParser, MimeHeaders};

use super::error::ExtractError;
use super::page::{Article, extract_html};

/// Whether a path names a single-file saved page (`.mhtml`, `.mht`).
pub fn is_mhtml_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("mhtml") || e.eq_ignore_ascii_case("mht"))
}

/// The page of an MHTML file, decoded, and the address it was saved from.
pub fn mhtml_page(bytes: &[u8]) -> Result<(String, Option<String>), ExtractError> {
    if bytes.contains(&0) && !looks_like_mime(bytes) {
        return Err(ExtractError::Binary);
    }
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| ExtractError::NoArticle("not a MIME (.mhtml) file".into()))?;
    // Chrome writes the page's address as a header of the whole file; the
    // HTML part also carries it as its Content-Location.
    let header_url = message
        .header_raw("Snapshot-Content-Location")
        .map(|v| v.trim().to_owned());
    let part = message
        .parts
        .iter()
        .find(|p| {
            p.content_type().is_some_and(|ct| {
                ct.ctype().eq_ignore_ascii_case("text")
                    && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("html"))
            })
        })
        .ok_or_else(|| ExtractError::NoArticle("the .mhtml file holds no HTML page".into()))?;
    let html = part
        .text_contents()
        .ok_or_else(|| ExtractError::NoArticle("the .mhtml file's page is not text".into()))?
        .to_owned();
    let url = header_url.or_else(|| part.content_location().map(str::to_owned));
    Ok((html, url.filter(|u| u.starts_with("http"))))
}

/// Extracts the article of an MHTML file.
pub fn extract_mhtml(bytes: &[u8]) -> Result<Article, ExtractError> {
    let (html, url) = mhtml_page(bytes)?;
    let mut article = extract_html(&html)?;
    if article.source.url.is_none() {
        article.source.url = url;
    }
    Ok(article)
}

/// A MIME file starts with header lines; binary data named `.mhtml` does not.
fn looks_like_mime(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    text.contains("mime-version:") || text.contains("content-type:")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted_printable(html: &str) -> String {
        // Soft line breaks every 60 bytes and `=` escaped, as browsers write.
        let escaped = html.replace('=', "=3D");
        let mut out = String::new();
        let mut line = 0;
        for c in escaped.chars() {
            out.push(c);
            line += c.len_utf8();
            if line >= 60 && c != '\n' {
                out.push_str("=\r\n");
                line = 0;
            }
            if c == '\n' {
                line = 0;
            }
        }
        out
    }

    fn page() -> String {
        let para = "The council said on Monday that the A31 would stay closed while \
                    engineers inspect the bridge, which was damaged when the river rose.";
        format!(
            "<html><head><title>Flooding closes the A31 | Hampshire Chronicle</title>\
             <meta property=\"og:site_name\" content=\"Hampshire Chronicle\">\
             <meta charset=\"utf-8\"></head><body><nav>Home News Sport</nav><article>\
             <h1>Flooding closes the A31</h1><p>{para}</p><p>{para} Café owners \
             said trade had halved.</p><p>{para}</p></article></body></html>"
        )
    }

    fn mhtml(html_part: &str, encoding: &str) -> Vec<u8> {
        format!(
            "From: <Saved by Blink>\r\n\
             Snapshot-Content-Location: https://example.org/news/a31\r\n\
             Subject: Flooding closes the A31\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: multipart/related;\r\n\
             \ttype=\"text/html\";\r\n\
             \tboundary=\"----MultipartBoundary--abc----\"\r\n\
             \r\n\
             ------MultipartBoundary--abc----\r\n\
             Content-Type: text/html\r\n\
             Content-ID: <frame-1@mhtml.blink>\r\n\
             Content-Transfer-Encoding: {encoding}\r\n\
             Content-Location: https://example.org/news/a31\r\n\
             \r\n\
             {html_part}\r\n\
             ------MultipartBoundary--abc----\r\n\
             Content-Type: image/png\r\n\
             Content-Transfer-Encoding: base64\r\n\
             Content-Location: https://example.org/logo.png\r\n\
             \r\n\
             iVBORw0KGgo=\r\n\
             ------MultipartBoundary--abc------\r\n"
        )
        .into_bytes()
    }

    #[test]
    fn a_blink_mhtml_file_gives_its_article_and_address() {
        let bytes = mhtml(&quoted_printable(&page()), "quoted-printable");
        let article = extract_mhtml(&bytes).unwrap();
        assert_eq!(article.headline, "Flooding closes the A31");
        assert!(article.body.contains("Café owners said trade had halved."));
        assert!(!article.text.contains("=3D") && !article.text.contains("Home News"));
        assert_eq!(
            article.source.outlet.as_deref(),
            Some("Hampshire Chronicle")
        );
        assert_eq!(
            article.source.url.as_deref(),
            Some("https://example.org/news/a31")
        );
    }

    #[test]
    fn base64_parts_are_decoded_too() {
        use base64_for_test::encode;
        let bytes = mhtml(&encode(page().as_bytes()), "base64");
        let article = extract_mhtml(&bytes).unwrap();
        assert!(article.body.contains("Café owners"));
    }

    #[test]
    fn files_that_are_not_pages_are_refused_with_a_reason() {
        assert_eq!(
            extract_mhtml(&[0, 159, 146, 150, 0, 1]),
            Err(ExtractError::Binary)
        );
        let no_html = b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello\r\n";
        assert!(matches!(
            extract_mhtml(no_html),
            Err(ExtractError::NoArticle(_))
        ));
        assert!(extract_mhtml(b"").is_err());
    }

    #[test]
    fn the_extension_is_matched_in_any_case() {
        assert!(is_mhtml_path(Path::new("a/Page.MHTML")));
        assert!(is_mhtml_path(Path::new("page.mht")));
        assert!(!is_mhtml_path(Path::new("page.html")));
    }

    /// A small base64 encoder for the fixture (the library needs none).
    mod base64_for_test {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        pub fn encode(bytes: &[u8]) -> String {
            let mut out = String::new();
            for (i, chunk) in bytes.chunks(3).enumerate() {
                let n = chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b))
                    << (8 * (3 - chunk.len()));
                for k in 0..4 {
                    if k <= chunk.len() {
                        out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
                    } else {
                        out.push('=');
                    }
                }
                if i % 19 == 18 {
                    out.push_str("\r\n");
                }
            }
            out
        }
    }
}
