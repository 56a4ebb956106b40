//! Find in a text: every match of a query, case-insensitive by default,
//! with accents and character widths folded on request ("Zurich" finds
//! "Zürich", "ABC" finds "ＡＢＣ"), as code point ranges of the original.

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

/// How a query matches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FindOptions {
    /// Upper and lower case must match exactly.
    pub exact_case: bool,
    /// Accents and width are ignored (compatibility decomposition, marks
    /// dropped).
    pub fold_accents: bool,
}

/// Most matches reported: beyond this a query is not selective enough to
/// step through.
pub const MAX_MATCHES: usize = 100_000;

/// A text folded for searching, with the original code point each folded
/// character came from.
pub struct Folded {
    text: String,
    origins: Vec<u32>,
}

fn fold_char(c: char, options: FindOptions, out: &mut impl FnMut(char)) {
    let mut push = |c: char| {
        if options.exact_case {
            out(c);
        } else {
            c.to_lowercase().for_each(&mut *out);
        }
    };
    if options.fold_accents {
        for d in std::iter::once(c).nfkd() {
            if !is_combining_mark(d) {
                push(d);
            }
        }
    } else {
        push(c);
    }
}

/// Folds a query the way [`Folded::new`] folds the text.
pub fn fold_query(query: &str, options: FindOptions) -> String {
    let mut out = String::with_capacity(query.len());
    for c in query.chars() {
        fold_char(c, options, &mut |f| out.push(f));
    }
    out
}

impl Folded {
    pub fn new(text: &str, options: FindOptions) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut origins = Vec::with_capacity(text.len());
        for (i, c) in text.chars().enumerate() {
            // A text longer than u32::MAX code points is not an article.
            let origin = u32::try_from(i).unwrap_or(u32::MAX);
            fold_char(c, options, &mut |f| {
                folded.push(f);
                origins.push(origin);
            });
        }
        Self {
            text: folded,
            origins,
        }
    }

    /// Every non-overlapping match of `query` (already folded by
    /// [`fold_query`]), as code point ranges of the original text, in order.
    pub fn find(&self, query: &str) -> Vec<(usize, usize)> {
        if query.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        // Byte offsets of matches come in order: walk the characters once.
        let mut chars = self.text.char_indices().enumerate().peekable();
        for (byte, m) in self.text.match_indices(query) {
            let mut first = None;
            let mut last = None;
            while let Some(&(ci, (b, ch))) = chars.peek() {
                if b < byte {
                    chars.next();
                    continue;
                }
                if b >= byte + m.len() {
                    break;
                }
                if first.is_none() {
                    first = Some(ci);
                }
                last = Some((ci, ch));
                chars.next();
            }
            if let (Some(first), Some((last, _))) = (first, last) {
                let start = self.origins[first] as usize;
                let end = self.origins[last] as usize + 1;
                if out.last().is_none_or(|&(_, e)| e <= start) {
                    out.push((start, end));
                }
            }
            if out.len() >= MAX_MATCHES {
                break;
            }
        }
        out
    }
}

/// Every match of `query` in `text` (see [`Folded::find`]).
pub fn find_all(text: &str, query: &str, options: FindOptions) -> Vec<(usize, usize)> {
    Folded::new(text, options).find(&fold_query(query, options))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slices(text: &str, query: &str, options: FindOptions) -> Vec<String> {
        find_all(text, query, options)
            .into_iter()
            .map(|(s, e)| text.chars().skip(s).take(e - s).collect())
            .collect()
    }

    const CASE: FindOptions = FindOptions {
        exact_case: false,
        fold_accents: false,
    };
    const FOLD: FindOptions = FindOptions {
        exact_case: false,
        fold_accents: true,
    };

    #[test]
    fn case_insensitive_by_default_exact_on_request() {
        let text = "The Police said police. POLICE!";
        assert_eq!(slices(text, "police", CASE), ["Police", "police", "POLICE"]);
        let exact = FindOptions {
            exact_case: true,
            fold_accents: false,
        };
        assert_eq!(slices(text, "police", exact), ["police"]);
    }

    #[test]
    fn accents_and_width_fold_when_asked() {
        let text = "Zürich, Zu\u{308}rich and ＺＵＲＩＣＨ; café";
        assert_eq!(slices(text, "zurich", CASE), Vec::<String>::new());
        assert_eq!(
            slices(text, "Zurich", FOLD),
            ["Zürich", "Zu\u{308}rich", "ＺＵＲＩＣＨ"]
        );
        assert_eq!(slices(text, "cafe", FOLD), ["café"]);
        assert_eq!(slices(text, "café", FOLD), ["café"], "the query folds too");
    }

    #[test]
    fn other_scripts_and_hostile_queries() {
        let text = "警方说桥梁已经关闭。Полиция сообщила. الشرطة قالت 👩‍👩‍👧 ok";
        assert_eq!(slices(text, "桥梁", CASE), ["桥梁"]);
        assert_eq!(slices(text, "полиция", CASE), ["Полиция"]);
        assert_eq!(slices(text, "الشرطة", CASE), ["الشرطة"]);
        assert_eq!(slices(text, "👩‍👩‍👧", CASE), ["👩‍👩‍👧"]);
        assert!(find_all(text, "", CASE).is_empty());
        assert!(find_all(text, ".*[(", CASE).is_empty(), "no regex");
        let long = "x".repeat(10_000);
        assert!(find_all(text, &long, FOLD).is_empty());
        // Expansions map back to whole characters: "ﬁ" folds to "fi".
        assert_eq!(slices("a ﬁle", "fi", FOLD), ["ﬁ"]);
        assert_eq!(slices("a ﬁle", "i", FOLD), ["ﬁ"]);
    }

    proptest! {
        #[test]
        fn every_match_folds_to_the_query(
            text in "[a-zA-ZéÉü\u{308}ﬁ İ桥]{0,40}",
            query in "[a-zéü ]{1,3}",
            exact_case in any::<bool>(),
            fold_accents in any::<bool>(),
        ) {
            let options = FindOptions { exact_case, fold_accents };
            let folded_query = fold_query(&query, options);
            let n = text.chars().count();
            let mut last_end = 0;
            for (s, e) in find_all(&text, &query, options) {
                prop_assert!(s < e && e <= n && s >= last_end, "ordered, disjoint, inside");
                last_end = e;
                let slice: String = text.chars().skip(s).take(e - s).collect();
                prop_assert!(fold_query(&slice, options).contains(&folded_query));
            }
        }
    }
}
