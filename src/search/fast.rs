//! Word and sentence boundaries for the common case of English-like text
//! (ASCII plus typographic quotes, dashes, ellipsis and no-break space), in
//! one pass. `unicode-segmentation` runs at about 15 MB/s per core here,
//! which would make indexing 52 MB take seconds; for these characters the
//! UAX #29 rules reduce to a few comparisons, and the proptests below check
//! that the results are exactly those of `unicode-segmentation`. Any other
//! character sends the text to the full rules.

/// Characters whose UAX #29 word and sentence classes this file knows.
pub fn is_simple(c: char) -> bool {
    (c.is_ascii() && (c == '\t' || !c.is_ascii_control()))
        || matches!(
            c,
            '\u{a0}'
                | '\u{2013}'
                | '\u{2014}'
                | '\u{2018}'
                | '\u{2019}'
                | '\u{201c}'
                | '\u{201d}'
                | '\u{2026}'
        )
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Joins letters to letters (WB6/7: MidLetter, MidNumLet, Single_Quote).
fn mid_letter(c: char) -> bool {
    matches!(c, '.' | '\'' | ':' | '\u{2018}' | '\u{2019}')
}

/// Joins digits to digits (WB11/12: MidNum, MidNumLet, Single_Quote).
fn mid_num(c: char) -> bool {
    matches!(c, '.' | '\'' | ',' | ';' | '\u{2018}' | '\u{2019}')
}

/// The words of a simple text as byte ranges: the word-like segments UAX
/// #29 gives (those holding a letter or digit), in order.
pub fn words(text: &str, mut f: impl FnMut(usize, usize)) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 1;
        loop {
            match (chars.get(j), chars.get(j + 1)) {
                (Some(&(_, c)), _) if is_word_char(c) => j += 1,
                (Some(&(_, m)), Some(&(_, next))) => {
                    let prev = chars[j - 1].1;
                    let letters = prev.is_ascii_alphabetic() && next.is_ascii_alphabetic();
                    let digits = prev.is_ascii_digit() && next.is_ascii_digit();
                    if (letters && mid_letter(m)) || (digits && mid_num(m)) {
                        j += 2;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        let wordlike = chars[start..j]
            .iter()
            .any(|&(_, c)| c.is_ascii_alphanumeric());
        if wordlike {
            f(chars[start].0, end_of(j));
        }
        i = j;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sb {
    ATerm,
    STerm,
    Close,
    Sp,
    Upper,
    Lower,
    Numeric,
    SContinue,
    Other,
}

fn sb(c: char) -> Sb {
    match c {
        '.' => Sb::ATerm,
        '!' | '?' => Sb::STerm,
        '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '\u{2018}' | '\u{2019}' | '\u{201c}'
        | '\u{201d}' => Sb::Close,
        ' ' | '\t' | '\u{a0}' => Sb::Sp,
        'A'..='Z' => Sb::Upper,
        'a'..='z' => Sb::Lower,
        '0'..='9' => Sb::Numeric,
        ',' | '-' | ':' | ';' | '\u{2013}' | '\u{2014}' => Sb::SContinue,
        _ => Sb::Other,
    }
}

/// Byte offsets where a simple paragraph (no line breaks) starts a new
/// sentence (UAX #29 SB6–SB11), not counting 0.
pub fn sentence_breaks(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, Sb)> = text.char_indices().map(|(b, c)| (b, sb(c))).collect();
    let class = |i: usize| chars.get(i).map(|&(_, s)| s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let term = chars[i].1;
        if term != Sb::ATerm && term != Sb::STerm {
            i += 1;
            continue;
        }
        if term == Sb::ATerm {
            // SB6: "3.5"; SB7: "U.S".
            let next = class(i + 1);
            if next == Some(Sb::Numeric) {
                i += 1;
                continue;
            }
            let prev = i.checked_sub(1).and_then(class);
            if matches!(prev, Some(Sb::Upper | Sb::Lower)) && next == Some(Sb::Upper) {
                i += 1;
                continue;
            }
        }
        let mut k = i + 1;
        while class(k) == Some(Sb::Close) {
            k += 1;
        }
        while class(k) == Some(Sb::Sp) {
            k += 1;
        }
        let Some(&(at, after)) = chars.get(k) else {
            break;
        };
        // SB8a: a comma, colon, dash or another terminator continues it.
        if matches!(after, Sb::SContinue | Sb::ATerm | Sb::STerm) {
            i = k;
            continue;
        }
        // SB8: after a full stop, a lower-case word continues it ("e.g. the").
        if term == Sb::ATerm {
            let mut m = k;
            while let Some(s) = class(m) {
                if matches!(s, Sb::Upper | Sb::Lower | Sb::ATerm | Sb::STerm) {
                    break;
                }
                m += 1;
            }
            if class(m) == Some(Sb::Lower) {
                i = k;
                continue;
            }
        }
        out.push(at);
        i = k;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn simple_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                "A", "a", "Mr", "e", "g", "U", "S", "1", "2", "000", "_", ".", ".", "!", "?", " ",
                " ", "  ", "\"", "'", "(", ")", "[", "’", "‘", "“", "”", ",", "-", ":", ";", "—",
                "–", "…", "\u{a0}", "x", "Q", "#", "\t", "$", "/", "the", "The",
            ]),
            0..40,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn words_are_uax29_words(text in simple_text()) {
            let mut ours = Vec::new();
            words(&text, |s, e| ours.push((s, e)));
            let theirs: Vec<(usize, usize)> = text
                .split_word_bound_indices()
                .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
                .map(|(i, w)| (i, i + w.len()))
                .collect();
            prop_assert_eq!(ours, theirs, "{:?}", text);
        }

        #[test]
        fn sentences_are_uax29_sentences(text in simple_text()) {
            let ours = sentence_breaks(&text);
            let theirs: Vec<usize> = text
                .split_sentence_bound_indices()
                .map(|(i, _)| i)
                .filter(|&i| i > 0)
                .collect();
            prop_assert_eq!(ours, theirs, "{:?}", text);
        }
    }

    #[test]
    fn the_usual_cases() {
        let text = "Mr. Smith said 3.5 officers, e.g. the U.S. ones. “No.” Then—yes! OK";
        let ours = sentence_breaks(text);
        let theirs: Vec<usize> = text
            .split_sentence_bound_indices()
            .map(|(i, _)| i)
            .filter(|&i| i > 0)
            .collect();
        assert_eq!(ours, theirs);
        let mut w = Vec::new();
        words("Hampshire’s 2,000 can't a.b_c", |s, e| {
            w.push(&"Hampshire’s 2,000 can't a.b_c"[s..e])
        });
        assert_eq!(w, ["Hampshire’s", "2,000", "can't", "a.b_c"]);
    }
}
