//! Words as the index compares them: a token's folded form (see
//! [`super::tokens`]) with the possessive `'s` taken off and, for the
//! languages Snowball covers, stemmed, so `Hampshire's` finds `Hampshire`
//! and `deployed` finds `deploying`. The language is detected per document
//! (whatlang's trigram model over the start of the text); a document in a
//! language without a stemmer, or too short to tell, keeps whole words.
//!
//! Find (Ctrl+F) does not come here: it matches characters. Quoted phrases
//! in search are checked against the folded words, so they stay exact.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

/// Characters of a document read to detect its language: a news article's
/// first paragraphs say it, and more only costs time.
const DETECT_CHARS: usize = 1_000;

/// A language a document was found to be written in, with a stemmer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language(Algorithm);

/// Every language with a stemmer: (whatlang's language, Snowball's).
const LANGUAGES: &[(whatlang::Lang, Algorithm)] = &[
    (whatlang::Lang::Ara, Algorithm::Arabic),
    (whatlang::Lang::Dan, Algorithm::Danish),
    (whatlang::Lang::Nld, Algorithm::Dutch),
    (whatlang::Lang::Eng, Algorithm::English),
    (whatlang::Lang::Fin, Algorithm::Finnish),
    (whatlang::Lang::Fra, Algorithm::French),
    (whatlang::Lang::Deu, Algorithm::German),
    (whatlang::Lang::Ell, Algorithm::Greek),
    (whatlang::Lang::Hun, Algorithm::Hungarian),
    (whatlang::Lang::Ita, Algorithm::Italian),
    (whatlang::Lang::Nob, Algorithm::Norwegian),
    (whatlang::Lang::Por, Algorithm::Portuguese),
    (whatlang::Lang::Ron, Algorithm::Romanian),
    (whatlang::Lang::Rus, Algorithm::Russian),
    (whatlang::Lang::Spa, Algorithm::Spanish),
    (whatlang::Lang::Swe, Algorithm::Swedish),
    (whatlang::Lang::Tam, Algorithm::Tamil),
    (whatlang::Lang::Tur, Algorithm::Turkish),
];

impl Language {
    pub const ENGLISH: Self = Self(Algorithm::English);

    /// The language's name in English ("English", "German").
    pub fn name(self) -> &'static str {
        LANGUAGES
            .iter()
            .find(|(_, a)| *a == self.0)
            .map_or("", |(l, _)| l.eng_name())
    }

    /// The language of a text, when whatlang is sure of it and Snowball
    /// has a stemmer for it.
    pub fn detect(text: &str) -> Option<Self> {
        Self::guess(text).filter(|g| g.sure).map(|g| g.language)
    }

    /// whatlang's best guess at a text's language, sure or not, when
    /// Snowball has a stemmer for it.
    pub fn guess(text: &str) -> Option<Guess> {
        let head = match text.char_indices().nth(DETECT_CHARS) {
            Some((b, _)) => &text[..b],
            None => text,
        };
        let info = whatlang::detect(head)?;
        LANGUAGES
            .iter()
            .find(|(l, _)| *l == info.lang())
            .map(|&(_, a)| Guess {
                language: Self(a),
                sure: info.is_reliable(),
                confidence: info.confidence(),
            })
    }
}

/// What [`Language::guess`] found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Guess {
    pub language: Language,
    /// whatlang calls it reliable: a sentence or two is seldom enough.
    pub sure: bool,
    pub confidence: f64,
}

/// Turns folded words into index terms for one language (or none).
pub struct Analyzer {
    stemmer: Option<Stemmer>,
}

impl Analyzer {
    pub fn new(language: Option<Language>) -> Self {
        Self {
            stemmer: language.map(|l| Stemmer::create(l.0)),
        }
    }

    /// The index term of a folded word (see [`super::tokens::Token::term`]).
    pub fn term<'a>(&self, folded: &'a str) -> Cow<'a, str> {
        let word = without_possessive(folded);
        // Figures and CJK pairs are compared whole.
        let Some(stemmer) = &self.stemmer else {
            return Cow::Borrowed(word);
        };
        if word
            .chars()
            .any(|c| c.is_numeric() || super::tokens::is_cjk(c))
        {
            return Cow::Borrowed(word);
        }
        match stemmer.stem(word) {
            Cow::Borrowed(s) => {
                // A stem is a prefix of the word it was given.
                Cow::Borrowed(&word[..s.len()])
            }
            Cow::Owned(s) if s == word => Cow::Borrowed(word),
            Cow::Owned(s) => Cow::Owned(s),
        }
    }
}

/// `hampshire's` → `hampshire` (with a straight or curly apostrophe); a
/// word that is only `'s` stays.
fn without_possessive(word: &str) -> &str {
    for tail in ["'s", "\u{2019}s"] {
        if let Some(stem) = word.strip_suffix(tail)
            && !stem.is_empty()
        {
            return stem;
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(word: &str) -> String {
        Analyzer::new(Some(Language::ENGLISH))
            .term(word)
            .into_owned()
    }

    #[test]
    fn possessives_fold_in_every_language() {
        assert_eq!(english("hampshire's"), english("hampshire"));
        assert_eq!(english("hampshire\u{2019}s"), english("hampshire"));
        let none = Analyzer::new(None);
        assert_eq!(none.term("hampshire's"), "hampshire");
        assert_eq!(none.term("officers"), "officers");
        assert_eq!(none.term("'s"), "'s");
    }

    #[test]
    fn english_word_forms_meet() {
        for forms in [
            &["deploy", "deployed", "deploying", "deploys"][..],
            &["officer", "officers"],
            &["closed", "closing", "closes"],
        ] {
            let stems: Vec<String> = forms.iter().map(|w| english(w)).collect();
            assert!(
                stems.windows(2).all(|w| w[0] == w[1]),
                "{forms:?} → {stems:?}"
            );
        }
        // Snowball's limit, as in every engine using it: "office" and
        // "officer" share a stem too.
        assert_eq!(english("officer"), english("office"));
    }

    #[test]
    fn other_languages_stem_by_their_own_rules() {
        let de = Analyzer::new(Some(Language(Algorithm::German)));
        assert_eq!(de.term("polizisten"), de.term("polizist"));
        let ru = Analyzer::new(Some(Language(Algorithm::Russian)));
        assert_eq!(ru.term("полиции"), ru.term("полиция"));
        let fr = Analyzer::new(Some(Language(Algorithm::French)));
        assert_eq!(fr.term("policiers"), fr.term("policier"));
    }

    #[test]
    fn figures_are_not_stemmed() {
        assert_eq!(english("1990s"), "1990s");
        assert_eq!(english("2000"), "2000");
    }

    #[test]
    fn languages_are_detected_from_the_text() {
        let en = "Police officers were deployed to the town after the flooding, \
                  the county council said on Tuesday evening.";
        assert_eq!(Language::detect(en), Some(Language::ENGLISH));
        let de = "Die Polizei hat am Dienstag mehrere Beamte in die Stadt geschickt, \
                  nachdem der Fluss über die Ufer getreten war.";
        assert_eq!(Language::detect(de).map(Language::name), Some("German"));
        // Japanese has no Snowball stemmer: whole words.
        assert_eq!(Language::detect("東京都の警察は火曜日に発表した。"), None);
        assert_eq!(Language::detect(""), None);
    }
}
