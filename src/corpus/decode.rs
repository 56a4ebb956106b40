//! Bytes to text, per the contract in DESIGN.md: UTF-8 (BOM dropped), else the
//! detected legacy encoding; CRLF and lone CR become LF; nothing else changes.

use encoding_rs::{Encoding, UTF_8};

use super::skipped::SkipReason;

/// Files above this size are skipped: 16 MiB is several times the longest
/// article anyone annotates, and keeps a stray log file or dump from eating
/// memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How much of a file is inspected for binary content.
const SNIFF_BYTES: usize = 64 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// `None` for UTF-8 (with or without BOM); otherwise the encoding's name.
    pub encoding: Option<&'static str>,
}

/// Decodes a file's bytes into document text, or says why it is not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    // A byte order mark is the strongest evidence there is, and the only way
    // UTF-16 files (full of NUL bytes) are accepted.
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let name = (encoding != UTF_8).then(|| encoding.name());
        return Ok(Decoded {
            text: normalize_newlines(text.into_owned()),
            encoding: name,
        });
    }
    let sniff = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sniff.contains(&0) || bytes.contains(&0) {
        return Err(SkipReason::NulBytes);
    }
    if looks_binary(sniff) {
        return Err(SkipReason::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: normalize_newlines(text.to_owned()),
            encoding: None,
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok(Decoded {
        text: normalize_newlines(text.into_owned()),
        encoding: Some(encoding.name()),
    })
}

/// Control characters other than tab, newline, form feed and carriage return
/// are rare in text and common in binary formats (also a dataset's test).
pub fn looks_binary(sniff: &[u8]) -> bool {
    let controls = sniff
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    controls * 100 > sniff.len()
}

fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_dropped() {
        let d = decode(b"\xEF\xBB\xBFhello").unwrap();
        assert_eq!(d.text, "hello");
        assert_eq!(d.encoding, None);
    }

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        assert_eq!(decode(b"a\r\nb\rc\n\rd").unwrap().text, "a\nb\nc\n\nd");
    }

    #[test]
    fn windows_1252_is_detected() {
        // "Café – “quoted” naïve" in Windows-1252.
        let bytes = b"Caf\xe9 \x96 \x93quoted\x94 na\xefve, d\xe9j\xe0 vu, r\xe9sum\xe9 of the \xe9v\xe9nement";
        let d = decode(bytes).unwrap();
        assert_eq!(d.encoding, Some("windows-1252"));
        assert!(d.text.starts_with("Café – “quoted” naïve"), "{}", d.text);
    }

    #[test]
    fn utf16_with_bom_is_text() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "hi é".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "hi é");
        assert_eq!(d.encoding, Some("UTF-16LE"));
    }

    #[test]
    fn nul_and_binary_are_refused() {
        assert_eq!(decode(b"abc\0def"), Err(SkipReason::NulBytes));
        let png_like: Vec<u8> = (1u8..32).cycle().take(400).collect();
        assert_eq!(decode(&png_like), Err(SkipReason::Binary));
    }

    #[test]
    fn empty_is_fine() {
        assert_eq!(decode(b"").unwrap().text, "");
    }

    #[test]
    fn nothing_else_changes() {
        let s = "  e\u{301} 👨‍👩‍👧 \t tail  \n";
        assert_eq!(decode(s.as_bytes()).unwrap().text, s);
    }
}
