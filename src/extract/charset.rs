//! A saved page's bytes to text, the way a browser would pick the charset:
//! a byte order mark, else a `<meta charset>` or `http-equiv` declaration
//! near the top, else UTF-8 when the bytes are valid UTF-8, else detection.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use super::error::ExtractError;

/// How far the declaration is looked for. The HTML standard's prescan stops
/// at 1,024 bytes; saved pages often carry long inline scripts or a "saved
/// from" comment before the `<meta>`, so a little more is read.
const PRESCAN_BYTES: usize = 16 * 1024;

/// The page's text and the legacy encoding it was decoded from (`None` for
/// UTF-8).
pub fn decode_page(bytes: &[u8]) -> Result<(String, Option<&'static str>), ExtractError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok((text.into_owned(), legacy_name(encoding)));
    }
    // No page has NUL bytes outside UTF-16, which needs a byte order mark.
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.contains(&0) {
        return Err(ExtractError::Binary);
    }
    let encoding = declared_encoding(bytes)
        .or_else(|| std::str::from_utf8(bytes).is_ok().then_some(UTF_8))
        .unwrap_or_else(|| {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Deny)
        });
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok((text.into_owned(), legacy_name(encoding)))
}

fn legacy_name(encoding: &'static Encoding) -> Option<&'static str> {
    (encoding != UTF_8).then(|| encoding.name())
}

/// The charset a `<meta>` tag declares, mapped as the HTML standard says: a
/// declared UTF-16 means UTF-8 (the bytes were not UTF-16, or there would have
/// been a byte order mark) and `x-user-defined` means windows-1252.
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = memchr::memmem::find(&lower[at..], b"<meta") {
        let start = at + found + 5;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(label) = charset_in(tag)
            && let Some(encoding) = Encoding::for_label(label)
        {
            return Some(match encoding.name() {
                "UTF-16LE" | "UTF-16BE" => UTF_8,
                "x-user-defined" => WINDOWS_1252,
                _ => encoding,
            });
        }
        at = end;
    }
    None
}

/// The value after `charset=` in a tag's attributes (`charset="x"` or
/// `content="text/html; charset=x"`).
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let at = memchr::memmem::find(tag, b"charset")? + 7;
    let rest = &tag[at..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_forms_are_read() {
        let name = |s: &str| declared_encoding(s.as_bytes()).map(Encoding::name);
        assert_eq!(name(r#"<meta charset="Shift_JIS">"#), Some("Shift_JIS"));
        assert_eq!(name("<META CHARSET=koi8-r>"), Some("KOI8-R"));
        assert_eq!(
            name(r#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">"#),
            Some("windows-1251")
        );
        assert_eq!(name(r#"<meta charset='utf-16'>"#), Some("UTF-8"));
        assert_eq!(
            name(r#"<meta name="x" content="y"><meta charset="gb2312">"#),
            Some("GBK")
        );
        assert_eq!(name(r#"<meta charset="no-such-thing">"#), None);
        assert_eq!(name("<p>charset=latin1</p>"), None);
    }

    #[test]
    fn bom_wins_over_meta() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("<meta charset=windows-1252><p>é</p>".as_bytes());
        let (text, encoding) = decode_page(&bytes).unwrap();
        assert_eq!(encoding, None);
        assert!(text.contains("<p>é</p>"));
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert!(matches!(
            decode_page(b"<html>\0\0\x01"),
            Err(ExtractError::Binary)
        ));
    }
}
