//! Words as search sees them: Unicode word boundaries (UAX #29), folded for
//! case, accents and width the way Find's "Ignore accents" folds them, and
//! runs of Chinese or Japanese characters (no spaces between words) cut into
//! overlapping character pairs so a word of any length can be found.

use unicode_segmentation::UnicodeSegmentation;

use crate::text::find::{FindOptions, fold_query};

/// The folding of Find with "Ignore accents": "Zürich" and "ZURICH" are one
/// word, and so are "ＡＢＣ" and "abc".
const FOLD: FindOptions = FindOptions {
    exact_case: false,
    fold_accents: true,
};

/// One word of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The folded form every comparison uses.
    pub term: String,
    /// Code points into the text given to [`tokens`], end exclusive.
    pub start: usize,
    pub end: usize,
    /// A single CJK character indexed beside the pairs of its run: found
    /// by one-character queries, skipped when matching phrases.
    pub single: bool,
    /// Written with a capital first letter (a name, unless it starts the
    /// text) or in capitals (an acronym).
    pub capitalised: bool,
}

/// Han ideographs, kana and their compatibility and half-width forms:
/// scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // hiragana, katakana
        | 0x31F0..=0x31FF    // katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width katakana
        | 0x20000..=0x2FFFF) // extensions B and later
}

fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        out.push_str(word);
    } else if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(&fold_query(word, FOLD));
    }
    // "2,000" and "2000" are the same figure.
    if out.bytes().any(|b| b.is_ascii_digit()) && out.contains(',') {
        out.retain(|c| c != ',');
    }
}

/// Calls `f` with every token of `text`, in order. `base` is added to the
/// code point offsets (the position of `text` in its document).
pub fn each_token(text: &str, base: usize, mut f: impl FnMut(&Token)) {
    if text.chars().all(super::fast::is_simple) {
        simple_tokens(text, base, f);
        return;
    }
    let mut cp = base;
    let mut last_byte = 0;
    // The CJK run being collected: (folded char, code point).
    let mut run: Vec<(String, usize)> = Vec::new();
    let mut token = Token {
        term: String::new(),
        start: 0,
        end: 0,
        single: false,
        capitalised: false,
    };
    let flush = |run: &mut Vec<(String, usize)>, token: &mut Token, f: &mut dyn FnMut(&Token)| {
        token.capitalised = false;
        for (i, (c, at)) in run.iter().enumerate() {
            token.single = true;
            token.term.clear();
            token.term.push_str(c);
            token.start = *at;
            token.end = at + 1;
            f(token);
            if let Some((next, _)) = run.get(i + 1) {
                token.single = false;
                token.term.push_str(next);
                token.end = at + 2;
                f(token);
            }
        }
        run.clear();
    };
    for (byte, segment) in text.split_word_bound_indices() {
        cp += text[last_byte..byte].chars().count();
        last_byte = byte;
        let wordlike = segment.chars().any(char::is_alphanumeric);
        if wordlike && segment.chars().all(is_cjk) {
            for (i, c) in segment.chars().enumerate() {
                let mut folded = String::new();
                fold_into(c.encode_utf8(&mut [0; 4]), &mut folded);
                run.push((folded, cp + i));
            }
            continue;
        }
        if !run.is_empty() {
            flush(&mut run, &mut token, &mut f);
        }
        if !wordlike {
            continue;
        }
        let len = segment.chars().count();
        fold_into(segment, &mut token.term);
        if token.term.is_empty() {
            continue;
        }
        token.start = cp;
        token.end = cp + len;
        token.single = false;
        token.capitalised = segment.chars().next().is_some_and(char::is_uppercase);
        f(&token);
    }
    if !run.is_empty() {
        flush(&mut run, &mut token, &mut f);
    }
}

/// [`each_token`] for text of the characters [`super::fast`] knows: the
/// same tokens, several times faster.
fn simple_tokens(text: &str, base: usize, mut f: impl FnMut(&Token)) {
    let mut token = Token {
        term: String::new(),
        start: 0,
        end: 0,
        single: false,
        capitalised: false,
    };
    let mut cp = base;
    let mut last = 0;
    super::fast::words(text, |s, e| {
        cp += text[last..s].chars().count();
        let word = &text[s..e];
        let len = word.chars().count();
        fold_into(word, &mut token.term);
        token.start = cp;
        token.end = cp + len;
        token.capitalised = word.starts_with(|c: char| c.is_ascii_uppercase());
        cp += len;
        last = e;
        if !token.term.is_empty() {
            f(&token);
        }
    });
}

/// Every token of `text` (see [`each_token`]).
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    each_token(text, 0, |t| out.push(t.clone()));
    out
}

/// The terms a phrase must show in a row: CJK single characters are left
/// out when their run also gives pairs.
pub fn phrase_terms(tokens: &[Token]) -> Vec<String> {
    let has_pairs = tokens.iter().any(|t| !t.single);
    tokens
        .iter()
        .filter(|t| !(has_pairs && t.single))
        .map(|t| t.term.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn terms(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn words_fold_case_accents_and_width() {
        assert_eq!(terms("Zürich, ZURICH ＡＢＣ."), ["zurich", "zurich", "abc"]);
        assert_eq!(terms("2,000 officers"), ["2000", "officers"]);
    }

    #[test]
    fn cyrillic_arabic_hebrew_are_words() {
        assert_eq!(terms("Полиция Москвы"), ["полиция", "москвы"]);
        // Harakat and niqqud are marks: folded away like accents.
        assert_eq!(terms("الشُّرطة قالت"), ["الشرطة", "قالت"]);
        assert_eq!(terms("המשטרה אמרה"), ["המשטרה", "אמרה"]);
    }

    #[test]
    fn cjk_runs_become_pairs_and_singles() {
        let t = tokens("東京都、大阪");
        let pairs: Vec<_> = t.iter().filter(|t| !t.single).map(|t| &t.term).collect();
        assert_eq!(pairs, ["東京", "京都", "大阪"]);
        let singles: Vec<_> = t.iter().filter(|t| t.single).map(|t| &t.term).collect();
        assert_eq!(singles, ["東", "京", "都", "大", "阪"]);
        let kyoto = t.iter().find(|t| t.term == "京都").unwrap();
        assert_eq!((kyoto.start, kyoto.end), (1, 3));
    }

    #[test]
    fn capitals_are_noticed() {
        let t = tokens("officers from Hampshire and NATO");
        let caps: Vec<_> = t
            .iter()
            .filter(|t| t.capitalised)
            .map(|t| &t.term)
            .collect();
        assert_eq!(caps, ["hampshire", "nato"]);
    }

    #[test]
    fn punctuation_and_regex_characters_give_nothing() {
        assert!(tokens("?!.*+[](){}|^$\\ — …").is_empty());
        assert!(tokens("").is_empty());
    }

    /// The general path, forced (what [`each_token`] does for other text).
    fn general(text: &str) -> Vec<Token> {
        // A CJK character at the end sends the text down the full rules;
        // it only adds tokens after everything else.
        let mut t = tokens(&format!("{text}東"));
        t.retain(|t| t.term != "東");
        t
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// The fast path gives exactly the tokens of the full rules.
        #[test]
        fn simple_text_takes_the_same_words(text in "[a-zA-Z0-9 .,'’‘“”!?:;_—–…\u{a0}\t-]{0,50}") {
            prop_assert_eq!(tokens(&text), general(&text), "{:?}", text);
        }

        /// Every token's offsets cut the text at a word whose folding is the term.
        #[test]
        fn offsets_slice_the_word(text in "[a-zA-Zé東京Жж\u{5d0}-\u{5d4} ,.!?0-9]{0,60}") {
            let chars: Vec<char> = text.chars().collect();
            for t in tokens(&text) {
                prop_assert!(t.start < t.end && t.end <= chars.len());
                let word: String = chars[t.start..t.end].iter().collect();
                let mut folded = String::new();
                let pieces: Vec<String> = tokens(&word).into_iter().filter(|x| x.single == t.single).map(|x| x.term).collect();
                fold_into(&word, &mut folded);
                prop_assert!(pieces.contains(&t.term) || folded == t.term,
                    "{:?} at {}..{} is {:?}", t.term, t.start, t.end, word);
            }
        }
    }
}
