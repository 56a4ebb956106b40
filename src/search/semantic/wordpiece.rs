//! The tokenizer all-MiniLM-L6-v2 was trained with (BERT, uncased), as
//! its `tokenizer.json` describes it to Hugging Face `tokenizers`: the
//! text cleaned, CJK characters set apart, accents stripped (NFD without
//! non-spacing marks), lower-cased, split at white space and punctuation,
//! then each word cut greedily into the longest vocabulary pieces
//! (`##` marks a piece inside a word; a word with no cut is `[UNK]`).
//! `tests/python/semantic_reference.py` checks it against `tokenizers`.
//!
//! Why not the `tokenizers` crate: it brings regex engines, rayon
//! configuration, esaxx and more for this one model's forty lines.

use std::collections::HashMap;

use unicode_general_category::{GeneralCategory as Gc, get_general_category};
use unicode_normalization::UnicodeNormalization;

/// Longer words are `[UNK]`, as in the model's tokenizer.
const MAX_WORD_CHARS: usize = 100;

pub struct WordPiece {
    ids: HashMap<Box<str>, u32>,
    unk: u32,
}

fn is_control(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    matches!(
        get_general_category(c),
        Gc::Control | Gc::Format | Gc::PrivateUse | Gc::Surrogate | Gc::Unassigned
    )
}

fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r') || get_general_category(c) == Gc::SpaceSeparator
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            get_general_category(c),
            Gc::ClosePunctuation
                | Gc::ConnectorPunctuation
                | Gc::DashPunctuation
                | Gc::FinalPunctuation
                | Gc::InitialPunctuation
                | Gc::OpenPunctuation
                | Gc::OtherPunctuation
        )
}

/// The ideographs BERT sets apart (its `_is_chinese_char`).
fn is_chinese(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F
        | 0x2B820..=0x2CEAF
        | 0xF900..=0xFAFF
        | 0x2F800..=0x2FA1F)
}

impl WordPiece {
    /// From a vocabulary, one token a line in id order.
    pub fn new(vocab: &str) -> Option<Self> {
        let ids: HashMap<Box<str>, u32> = vocab
            .lines()
            .enumerate()
            .map(|(i, t)| (t.into(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        let unk = *ids.get("[UNK]")?;
        Some(Self { ids, unk })
    }

    pub fn vocab_len(&self) -> usize {
        self.ids.len()
    }

    /// The token ids of `text`, without `[CLS]` and `[SEP]`.
    pub fn ids(&self, text: &str, out: &mut Vec<u32>) {
        out.clear();
        let mut normal = String::with_capacity(text.len());
        for c in text.chars() {
            if c == '\0' || c == '\u{fffd}' || is_control(c) {
                continue;
            }
            if is_whitespace(c) {
                normal.push(' ');
            } else if is_chinese(c) {
                normal.push(' ');
                normal.push(c);
                normal.push(' ');
            } else {
                normal.push(c);
            }
        }
        let stripped: String = normal
            .nfd()
            .filter(|&c| get_general_category(c) != Gc::NonspacingMark)
            .flat_map(char::to_lowercase)
            .collect();
        let mut word = String::new();
        for c in stripped.chars() {
            if c == ' ' || is_punctuation(c) {
                self.word(&word, out);
                word.clear();
                if c != ' ' {
                    self.word(c.encode_utf8(&mut [0; 4]), out);
                }
            } else {
                word.push(c);
            }
        }
        self.word(&word, out);
    }

    fn word(&self, word: &str, out: &mut Vec<u32>) {
        if word.is_empty() {
            return;
        }
        if word.chars().count() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        let before = out.len();
        let mut start = 0;
        let mut piece = String::new();
        while start < word.len() {
            let mut end = word.len();
            let mut found = None;
            while start < end {
                piece.clear();
                if start > 0 {
                    piece.push_str("##");
                }
                piece.push_str(&word[start..end]);
                if let Some(&id) = self.ids.get(piece.as_str()) {
                    found = Some(id);
                    break;
                }
                end -= word[..end].chars().next_back().map_or(1, char::len_utf8);
            }
            match found {
                Some(id) => {
                    out.push(id);
                    start = end;
                }
                None => {
                    out.truncate(before);
                    out.push(self.unk);
                    return;
                }
            }
        }
    }
}
