//! A dataset file's bytes made ready to parse, without copying a UTF-8
//! file: the byte order mark dropped, binary refused, a legacy encoding
//! detected. Newlines are normalised per cell, not here, so that a large
//! file is never held twice.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

use super::error::DatasetError;
use crate::corpus::looks_binary;

/// How much of a file is inspected for binary content (as the corpus does).
const SNIFF_BYTES: usize = 64 * 1024;

/// A file's bytes, ready to be split into rows and cells.
pub(crate) struct Input<'a> {
    /// UTF-8 when `legacy` is `None`; otherwise in that encoding.
    pub bytes: Cow<'a, [u8]>,
    /// The ASCII-compatible encoding each cell is decoded from. CSV's
    /// delimiters, quotes and newlines are ASCII, and no multibyte legacy
    /// encoding chardetng guesses uses those bytes inside a character, so
    /// the file can be split before it is decoded, one cell at a time.
    pub legacy: Option<&'static Encoding>,
    /// The encoding the file was in, for the documents; `None` for UTF-8.
    pub encoding: Option<&'static str>,
}

impl Input<'_> {
    /// A cell's text.
    pub fn cell(&self, bytes: &[u8]) -> String {
        match self.legacy {
            Some(encoding) => encoding.decode_without_bom_handling(bytes).0.into_owned(),
            // Valid UTF-8 split at ASCII bytes stays valid; lossy only so
            // that nothing here can fail.
            None => String::from_utf8_lossy(bytes).into_owned(),
        }
    }
}

/// Prepares a file's bytes; `to_utf8` decodes a legacy file whole (JSON
/// parsers want UTF-8) rather than cell by cell.
pub(crate) fn prepare(bytes: &[u8], to_utf8: bool) -> Result<Input<'_>, DatasetError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        if encoding == UTF_8 {
            return prepare_unmarked(rest, to_utf8);
        }
        // UTF-16 is not ASCII-compatible: decoded whole.
        let (text, _) = encoding.decode_without_bom_handling(rest);
        if text.trim().is_empty() {
            return Err(DatasetError::NotADataset("the file is empty".into()));
        }
        return Ok(Input {
            bytes: Cow::Owned(text.into_owned().into_bytes()),
            legacy: None,
            encoding: Some(encoding.name()),
        });
    }
    prepare_unmarked(bytes, to_utf8)
}

fn prepare_unmarked(bytes: &[u8], to_utf8: bool) -> Result<Input<'_>, DatasetError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DatasetError::NotADataset("the file is empty".into()));
    }
    if memchr::memchr(0, bytes).is_some() {
        return Err(DatasetError::NotADataset(
            "contains NUL bytes (binary or UTF-16 without a byte order mark)".into(),
        ));
    }
    if looks_binary(bytes.get(..SNIFF_BYTES).unwrap_or(bytes)) {
        return Err(DatasetError::NotADataset(
            "looks like binary data, not text".into(),
        ));
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Ok(Input {
            bytes: Cow::Borrowed(bytes),
            legacy: None,
            encoding: None,
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    if to_utf8 || !encoding.is_ascii_compatible() {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return Ok(Input {
            bytes: Cow::Owned(text.into_owned().into_bytes()),
            legacy: None,
            encoding: Some(encoding.name()),
        });
    }
    Ok(Input {
        bytes: Cow::Borrowed(bytes),
        legacy: Some(encoding),
        encoding: Some(encoding.name()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed_without_its_bom() {
        let input = prepare(b"\xEF\xBB\xBFa,b\n", false).unwrap();
        assert!(matches!(input.bytes, Cow::Borrowed(b"a,b\n")));
        assert_eq!(input.encoding, None);
    }

    #[test]
    fn utf16_is_decoded_whole() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "text\né".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let input = prepare(&bytes, false).unwrap();
        assert_eq!(&*input.bytes, "text\né".as_bytes());
        assert_eq!(input.encoding, Some("UTF-16LE"));
    }

    #[test]
    fn legacy_is_decoded_per_cell_or_whole() {
        let bytes = b"text\nCaf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu \x93quoted\x94";
        let input = prepare(bytes, false).unwrap();
        assert_eq!(input.encoding, Some("windows-1252"));
        assert_eq!(input.cell(b"Caf\xe9"), "Café");
        let whole = prepare(bytes, true).unwrap();
        assert!(whole.legacy.is_none());
        assert!(std::str::from_utf8(&whole.bytes).unwrap().contains("Café"));
    }

    #[test]
    fn empty_nul_and_binary_are_refused() {
        for bytes in [&b""[..], b" \n\r\n", b"\xEF\xBB\xBF", b"a,b\0"] {
            assert!(matches!(
                prepare(bytes, false),
                Err(DatasetError::NotADataset(_))
            ));
        }
        let png_like: Vec<u8> = (1u8..32).cycle().take(400).collect();
        assert!(matches!(
            prepare(&png_like, false),
            Err(DatasetError::NotADataset(_))
        ));
    }
}
