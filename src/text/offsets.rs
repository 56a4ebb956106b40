//! Code point <-> byte mapping that stays cheap on multi-megabyte articles.

/// How many code points lie between two stored byte checkpoints. Lookups scan
/// at most this many characters, so conversion cost is independent of length.
const STRIDE: usize = 64;

/// The number of Unicode code points in `text`.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Maps code point offsets to byte offsets (and back) for one text.
///
/// Pure ASCII texts (most English news) need no table at all; others keep a
/// byte offset for every [`STRIDE`]th code point.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CharMap {
    chars: usize,
    bytes: usize,
    /// Byte offset of code point `i * STRIDE`; empty when the text is ASCII.
    checkpoints: Vec<u32>,
}

impl CharMap {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self {
                chars: text.len(),
                bytes: text.len(),
                checkpoints: Vec::new(),
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0;
        for (byte, _) in text.char_indices() {
            if chars % STRIDE == 0 {
                // Texts are capped far below 4 GiB by the corpus reader.
                checkpoints.push(u32::try_from(byte).unwrap_or(u32::MAX));
            }
            chars += 1;
        }
        Self {
            chars,
            bytes: text.len(),
            checkpoints,
        }
    }

    /// Length of the text in code points.
    pub fn char_len(&self) -> usize {
        self.chars
    }

    fn is_ascii(&self) -> bool {
        self.chars == self.bytes
    }

    /// Byte offset of code point `char_idx`; `char_len()` maps to the text's
    /// byte length. `None` past the end.
    pub fn byte_from_char(&self, text: &str, char_idx: usize) -> Option<usize> {
        if char_idx > self.chars {
            return None;
        }
        if self.is_ascii() {
            return Some(char_idx);
        }
        if char_idx == self.chars {
            return Some(self.bytes);
        }
        let base = *self.checkpoints.get(char_idx / STRIDE)? as usize;
        let skip = char_idx % STRIDE;
        text.get(base..)?
            .char_indices()
            .nth(skip)
            .map(|(b, _)| base + b)
    }

    /// Code point index of the character that starts at `byte`, or `None` when
    /// `byte` is not on a character boundary (or past the end).
    pub fn char_from_byte(&self, text: &str, byte: usize) -> Option<usize> {
        if byte > self.bytes || !text.is_char_boundary(byte) {
            return None;
        }
        if self.is_ascii() {
            return Some(byte);
        }
        // Last checkpoint at or before `byte`.
        let slot = self
            .checkpoints
            .partition_point(|&b| b as usize <= byte)
            .saturating_sub(1);
        let base = *self.checkpoints.get(slot).unwrap_or(&0) as usize;
        let extra = text.get(base..byte)?.chars().count();
        Some(slot * STRIDE + extra)
    }

    /// `text[start..end]` in code points, or `None` when out of range.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> Option<&'t str> {
        if start > end {
            return None;
        }
        let b0 = self.byte_from_char(text, start)?;
        let b1 = self.byte_from_char(text, end)?;
        text.get(b0..b1)
    }

    /// Byte range of the code point range `start..end`.
    pub fn byte_range(
        &self,
        text: &str,
        start: usize,
        end: usize,
    ) -> Option<std::ops::Range<usize>> {
        if start > end {
            return None;
        }
        Some(self.byte_from_char(text, start)?..self.byte_from_char(text, end)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_is_identity() {
        let t = "hello world";
        let m = CharMap::new(t);
        assert_eq!(m.byte_from_char(t, 5), Some(5));
        assert_eq!(m.char_from_byte(t, 11), Some(11));
        assert_eq!(m.byte_from_char(t, 12), None);
    }

    #[test]
    fn emoji_zwj_counts_code_points() {
        // Family emoji: 4 people joined by 3 ZWJs = 7 code points.
        let t = "a👨‍👩‍👧‍👦b";
        let m = CharMap::new(t);
        assert_eq!(m.char_len(), 9);
        assert_eq!(m.slice(t, 8, 9), Some("b"));
        assert_eq!(m.slice(t, 1, 8), Some("👨‍👩‍👧‍👦"));
        assert_eq!(m.char_from_byte(t, 2), None, "inside a code point");
    }

    fn unicode_text() -> impl Strategy<Value = String> {
        // Mix the hard cases in with arbitrary code points.
        let pieces = prop_oneof![
            Just("👨‍👩‍👧‍👦".to_string()),
            Just("e\u{301}\u{302}".to_string()),
            Just("東京都".to_string()),
            Just("שלום עולם".to_string()),
            Just("مرحبا".to_string()),
            Just("\n".to_string()),
            "[a-z ]{0,8}",
            any::<char>().prop_map(|c| c.to_string()),
        ];
        prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn round_trips_every_offset(text in unicode_text()) {
            let m = CharMap::new(&text);
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            prop_assert_eq!(m.char_len(), chars.len());
            for (ci, (bi, _)) in chars.iter().enumerate() {
                prop_assert_eq!(m.byte_from_char(&text, ci), Some(*bi));
                prop_assert_eq!(m.char_from_byte(&text, *bi), Some(ci));
            }
            prop_assert_eq!(m.byte_from_char(&text, chars.len()), Some(text.len()));
            prop_assert_eq!(m.char_from_byte(&text, text.len()), Some(chars.len()));
        }

        #[test]
        fn slice_matches_char_vector(text in unicode_text(), a in 0usize..400, b in 0usize..400) {
            let m = CharMap::new(&text);
            let chars: Vec<char> = text.chars().collect();
            let (start, end) = (a.min(b), a.max(b));
            let expected: Option<String> =
                (end <= chars.len()).then(|| chars[start..end].iter().collect());
            prop_assert_eq!(m.slice(&text, start, end).map(str::to_string), expected);
        }
    }
}
