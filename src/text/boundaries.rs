//! Word and sentence boundaries, found locally so a click on a 5 MB article
//! segments one paragraph, not the whole text.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::CharMap;

/// Longest stretch (in bytes) segmented on either side of a position; long
/// single-line texts are cut at a space within this window.
const WINDOW: usize = 4096;

/// A byte window around `range` that starts and ends on paragraph breaks where
/// possible and never cuts a word in half.
fn local_window(text: &str, range: Range<usize>) -> Range<usize> {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    let mut start = line_start;
    if range.start - line_start > WINDOW {
        let mut lo = range.start - WINDOW;
        while !text.is_char_boundary(lo) {
            lo += 1;
        }
        start = text[lo..range.start].find(' ').map_or(lo, |i| lo + i);
    }
    let mut end = line_end;
    if line_end - range.end > WINDOW {
        let mut hi = range.end + WINDOW;
        while !text.is_char_boundary(hi) {
            hi -= 1;
        }
        end = text[range.end..hi]
            .rfind(' ')
            .map_or(hi, |i| range.end + i + 1);
    }
    start..end
}

fn is_wordlike(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

/// Widens the code point range `start..end` outward to whole words and drops
/// whitespace and punctuation at its edges. `None` when the range holds no
/// word at all (a drag over spaces).
pub fn snap_to_words(
    text: &str,
    map: &CharMap,
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    let bytes = map.byte_range(text, start.min(end), start.max(end))?;
    if bytes.is_empty() {
        return None;
    }
    let window = local_window(text, bytes.clone());
    let segments: Vec<(usize, &str)> = text[window.clone()]
        .split_word_bound_indices()
        .map(|(i, s)| (window.start + i, s))
        .filter(|(i, s)| *i < bytes.end && i + s.len() > bytes.start && is_wordlike(s))
        .collect();
    let (first, _) = segments.first()?;
    let (last, last_text) = segments.last()?;
    Some((
        map.char_from_byte(text, *first)?,
        map.char_from_byte(text, last + last_text.len())?,
    ))
}

/// Widens the code point range `start..end` outward to whole grapheme
/// clusters (a letter with its combining accents, an emoji ZWJ sequence),
/// so an exact selection never splits one. `None` when it is empty.
pub fn snap_to_graphemes(
    text: &str,
    map: &CharMap,
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    let bytes = map.byte_range(text, start.min(end), start.max(end))?;
    if bytes.is_empty() {
        return None;
    }
    let window = local_window(text, bytes.clone());
    let mut first = bytes.start;
    let mut last = bytes.end;
    for (i, g) in text[window.clone()].grapheme_indices(true) {
        let (gs, ge) = (window.start + i, window.start + i + g.len());
        if gs < bytes.start && ge > bytes.start {
            first = gs;
        }
        if gs < bytes.end && ge > bytes.end {
            last = ge;
        }
    }
    Some((
        map.char_from_byte(text, first)?,
        map.char_from_byte(text, last)?,
    ))
}

/// The code point where the next word ends after `pos` (forward), or where
/// the previous word starts before `pos` (backward); `pos` itself when there
/// is none.
pub fn word_step(text: &str, map: &CharMap, pos: usize, forward: bool) -> usize {
    let Some(byte) = map.byte_from_char(text, pos) else {
        return pos;
    };
    let window = local_window(text, byte..byte);
    let words = text[window.clone()]
        .split_word_bound_indices()
        .map(|(i, s)| (window.start + i, window.start + i + s.len(), s))
        .filter(|(_, _, s)| is_wordlike(s));
    let target = if forward {
        words.map(|(_, e, _)| e).find(|&e| e > byte)
    } else {
        words.map(|(s, _, _)| s).rfind(|&s| s < byte)
    };
    target
        .and_then(|b| map.char_from_byte(text, b))
        .unwrap_or(pos)
}

/// Where an edge of a span goes when it moves by a word: a start edge
/// lands on word starts, an end edge on word ends, so the span never
/// begins or ends with the space between words. `pos` itself when there is
/// no word that way.
pub fn edge_step(text: &str, map: &CharMap, pos: usize, forward: bool, start_edge: bool) -> usize {
    let Some(byte) = map.byte_from_char(text, pos) else {
        return pos;
    };
    let window = local_window(text, byte..byte);
    let edges = text[window.clone()]
        .split_word_bound_indices()
        .filter(|(_, s)| is_wordlike(s))
        .map(|(i, s)| {
            let (s0, e0) = (window.start + i, window.start + i + s.len());
            if start_edge { s0 } else { e0 }
        });
    let target = if forward {
        edges.into_iter().find(|&b| b > byte)
    } else {
        edges.into_iter().rfind(|&b| b < byte)
    };
    target
        .and_then(|b| map.char_from_byte(text, b))
        .unwrap_or(pos)
}

/// The sentence that holds code point `pos`, without trailing whitespace.
pub fn sentence_around(text: &str, map: &CharMap, pos: usize) -> Option<(usize, usize)> {
    let byte = map.byte_from_char(text, pos)?;
    let window = local_window(text, byte..byte);
    let (start, sentence) = text[window.clone()]
        .split_sentence_bound_indices()
        .map(|(i, s)| (window.start + i, s))
        .find(|(i, s)| *i <= byte && byte < i + s.len())
        .or_else(|| {
            // A position at the very end of a paragraph: take the last sentence.
            text[window.clone()]
                .split_sentence_bound_indices()
                .last()
                .map(|(i, s)| (window.start + i, s))
        })?;
    let trimmed = sentence.trim_end();
    let lead = trimmed.len() - trimmed.trim_start().len();
    if trimmed.trim_start().is_empty() {
        return None;
    }
    Some((
        map.char_from_byte(text, start + lead)?,
        map.char_from_byte(text, start + trimmed.len())?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn snap(text: &str, start: usize, end: usize) -> Option<String> {
        let map = CharMap::new(text);
        let (s, e) = snap_to_words(text, &map, start, end)?;
        map.slice(text, s, e).map(str::to_string)
    }

    #[test]
    fn snaps_outward_to_words() {
        let text = "The police said officers were sent.";
        // "lice sa" -> "police said"
        assert_eq!(snap(text, 6, 13).as_deref(), Some("police said"));
        // leading/trailing spaces and the full stop are dropped
        assert_eq!(snap(text, 3, 11).as_deref(), Some("police"));
        assert_eq!(snap(text, 29, 35).as_deref(), Some("sent"));
        // reversed drag gives the same result
        assert_eq!(snap(text, 13, 6).as_deref(), Some("police said"));
    }

    #[test]
    fn whitespace_only_selection_is_nothing() {
        assert_eq!(snap("a    b", 2, 4), None);
    }

    #[test]
    fn snaps_non_latin_words() {
        let text = "Он сказал: «нет» — 東京都 é\u{301}té";
        let map = CharMap::new(text);
        let (s, e) = snap_to_words(text, &map, 4, 5).unwrap();
        assert_eq!(map.slice(text, s, e), Some("сказал"));
        let len = map.char_len();
        let (s, e) = snap_to_words(text, &map, len - 2, len - 1).unwrap();
        assert_eq!(map.slice(text, s, e), Some("é\u{301}té"));
    }

    #[test]
    fn sentence_of_a_click() {
        let text = "First one. Second sentence here! Third.\nNext para.";
        let map = CharMap::new(text);
        let (s, e) = sentence_around(text, &map, 15).unwrap();
        assert_eq!(map.slice(text, s, e), Some("Second sentence here!"));
        let (s, e) = sentence_around(text, &map, 45).unwrap();
        assert_eq!(map.slice(text, s, e), Some("Next para."));
    }

    #[test]
    fn word_steps() {
        let text = "one two, three";
        let map = CharMap::new(text);
        assert_eq!(word_step(text, &map, 0, true), 3);
        assert_eq!(word_step(text, &map, 3, true), 7);
        assert_eq!(word_step(text, &map, 7, true), 14);
        assert_eq!(word_step(text, &map, 14, true), 14);
        assert_eq!(word_step(text, &map, 9, false), 4);
        assert_eq!(word_step(text, &map, 4, false), 0);
        assert_eq!(word_step(text, &map, 0, false), 0);
    }

    #[test]
    fn long_single_line_is_windowed() {
        let text = "word ".repeat(100_000);
        let map = CharMap::new(&text);
        let (s, e) = snap_to_words(&text, &map, 250_001, 250_003).unwrap();
        assert_eq!((s, e), (250_000, 250_004));
    }

    proptest! {
        #[test]
        fn snapped_span_contains_selection_words(text in "[a-zé\u{301}👍 .,]{0,60}", a in 0usize..60, b in 0usize..60) {
            let map = CharMap::new(&text);
            let (lo, hi) = (a.min(b), a.max(b));
            if let Some((s, e)) = snap_to_words(&text, &map, lo, hi) {
                prop_assert!(s < e && e <= map.char_len());
                let quote = map.slice(&text, s, e).unwrap();
                prop_assert!(!quote.starts_with(' ') && !quote.ends_with(' '));
            }
        }
    }

    #[test]
    fn exact_selections_keep_grapheme_clusters_whole() {
        // "e" + combining acute, then a family emoji (ZWJ sequence).
        let text = "cafe\u{301} 👩\u{200d}👩\u{200d}👧 end";
        let map = CharMap::new(text);
        // Ending between the e and its accent takes the accent.
        assert_eq!(snap_to_graphemes(text, &map, 0, 4), Some((0, 5)));
        // Starting on the accent starts at its letter.
        assert_eq!(snap_to_graphemes(text, &map, 4, 5), Some((3, 5)));
        // Half an emoji sequence is the whole sequence.
        assert_eq!(snap_to_graphemes(text, &map, 6, 8), Some((6, 11)));
        assert_eq!(snap_to_graphemes(text, &map, 2, 2), None);
    }

    proptest! {
        #[test]
        fn grapheme_snapping_contains_the_selection(
            text in "[a-z\u{301}\u{200d}👩 ]{0,40}",
            a in 0usize..45,
            b in 0usize..45,
        ) {
            let map = CharMap::new(&text);
            let n = text.chars().count();
            let (a, b) = (a.min(n), b.min(n));
            if let Some((s, e)) = snap_to_graphemes(&text, &map, a, b) {
                prop_assert!(s <= a.min(b) && e >= a.max(b));
                let bs = map.byte_from_char(&text, s).unwrap();
                let be = map.byte_from_char(&text, e).unwrap();
                let boundaries: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).chain([text.len()]).collect();
                prop_assert!(boundaries.contains(&bs) && boundaries.contains(&be));
            }
        }
    }

    #[test]
    fn edges_move_onto_word_edges() {
        let text = "Beta claim sentence, here.";
        let map = CharMap::new(text);
        // The start moves to the next word's start, never onto the space.
        assert_eq!(edge_step(text, &map, 0, true, true), 5);
        assert_eq!(edge_step(text, &map, 5, false, true), 0);
        // The end moves to word ends, past neither comma nor space.
        assert_eq!(edge_step(text, &map, 10, true, false), 19);
        assert_eq!(edge_step(text, &map, 19, false, false), 10);
        assert_eq!(edge_step(text, &map, 25, true, false), 25);
    }
}
