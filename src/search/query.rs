//! What a person types into the search field: words that must all occur,
//! and "exact phrases". Nothing else is syntax, so a pasted sentence full
//! of `*`, `(` or `?` is just its words.

use super::tokens::{Token, is_cjk, phrase_terms, tokens};

/// Most characters of a query read; the rest of a pasted page is ignored.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// Most words and phrases of a query kept.
pub const MAX_PARTS: usize = 32;

/// One thing that must occur: a word (one term) or a phrase (terms in a row).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub terms: Vec<String>,
}

impl Part {
    pub fn is_phrase(&self) -> bool {
        self.terms.len() > 1
    }
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub parts: Vec<Part>,
}

fn push_part(parts: &mut Vec<Part>, toks: &[Token]) {
    let terms = phrase_terms(toks);
    if terms.is_empty() || parts.len() >= MAX_PARTS {
        return;
    }
    let part = Part { terms };
    if !parts.contains(&part) {
        parts.push(part);
    }
}

impl Query {
    /// Reads `text`: text between double quotes (straight or curly) is a
    /// phrase; elsewhere every word is a word, and a run of CJK characters
    /// a phrase of its pairs (東京都). An unclosed quote runs to the end.
    pub fn parse(text: &str) -> Self {
        let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
        let mut parts = Vec::new();
        for (i, chunk) in text.split(['"', '“', '”', '„']).enumerate() {
            if i % 2 == 1 {
                push_part(&mut parts, &tokens(chunk));
                continue;
            }
            for piece in chunk.split_whitespace() {
                // Words glued by punctuation ("e-mail", "(police)") are
                // words of their own; a run of CJK characters is one word
                // written without spaces, so its pairs form a phrase.
                let toks = tokens(piece);
                let mut cjk: Vec<Token> = Vec::new();
                for t in toks {
                    if t.term.chars().all(is_cjk) {
                        cjk.push(t);
                        continue;
                    }
                    push_part(&mut parts, &std::mem::take(&mut cjk));
                    push_part(&mut parts, std::slice::from_ref(&t));
                }
                push_part(&mut parts, &cjk);
            }
        }
        Self { parts }
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Every distinct term of every part.
    pub fn terms(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for t in self.parts.iter().flat_map(|p| &p.terms) {
            if !out.contains(&t.as_str()) {
                out.push(t);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(q: &str) -> Vec<Vec<String>> {
        Query::parse(q).parts.into_iter().map(|p| p.terms).collect()
    }

    #[test]
    fn words_and_phrases() {
        assert_eq!(
            parts(r#"Hampshire "firearms officers" London"#),
            vec![
                vec!["hampshire".to_string()],
                vec!["firearms".into(), "officers".into()],
                vec!["london".into()]
            ]
        );
        assert_eq!(parts("“no officers”"), vec![vec!["no", "officers"]]);
        assert_eq!(
            parts(r#"say "unclosed phrase"#)[1],
            vec!["unclosed", "phrase"]
        );
    }

    #[test]
    fn cjk_word_is_a_phrase_of_pairs() {
        assert_eq!(parts("東京都"), vec![vec!["東京", "京都"]]);
        assert_eq!(parts("東"), vec![vec!["東"]]);
    }

    #[test]
    fn junk_gives_an_empty_query() {
        assert!(Query::parse("").is_empty());
        assert!(Query::parse("  \"\" ?!*.+ ").is_empty());
        assert_eq!(
            parts(".*(police)+[a-z]?"),
            vec![vec!["police"], vec!["a"], vec!["z"]]
        );
    }

    #[test]
    fn a_pasted_page_is_cut() {
        let q = Query::parse(&"word ".repeat(2_000));
        assert_eq!(q.parts.len(), 1);
        let many: String = (0..5_000).map(|i| format!("w{i} ")).collect();
        assert_eq!(Query::parse(&many).parts.len(), MAX_PARTS);
    }
}
