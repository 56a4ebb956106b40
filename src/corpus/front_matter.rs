//! The metadata block crosscheck writes at the top of a `.txt` article it
//! saves (title, outlet, author, date, address, snapshot, extractor, when
//! fetched), and reading it back.
//!
//! The block is recognised strictly, so that ordinary text is never taken
//! for it: a markdown file that opens with a horizontal rule (`---`) stays
//! text. Only the keys below, each at most once, one `key: value` a line,
//! closed by `---` within the first [`MAX_BLOCK_LINES`] lines.

/// The most lines a block may take, both `---` lines included; a closing
/// line further down means the text is not a block of ours.
pub const MAX_BLOCK_LINES: usize = 16;

/// The metadata of a saved article. Every field is optional; values are on
/// one line, trimmed, never empty.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    /// Publication date, `YYYY-MM-DD` when it could be read, else as stated.
    pub published: Option<String>,
    /// The article's address (its canonical one when the page names it).
    pub url: Option<String>,
    /// The saved page the text was extracted from, relative to the corpus
    /// root (`.snapshots/NAME.html`).
    pub snapshot: Option<String>,
    /// The extraction that made the text ([`crate::extract::EXTRACTOR`]).
    pub extractor: Option<String>,
    /// When the page was fetched, RFC 3339 in UTC.
    pub fetched: Option<String>,
}

/// The keys, in the order they are written.
const KEYS: [&str; 8] = [
    "title",
    "outlet",
    "author",
    "published",
    "url",
    "snapshot",
    "extractor",
    "fetched",
];

impl FrontMatter {
    fn field(&self, key: &str) -> Option<&String> {
        match key {
            "title" => self.title.as_ref(),
            "outlet" => self.outlet.as_ref(),
            "author" => self.author.as_ref(),
            "published" => self.published.as_ref(),
            "url" => self.url.as_ref(),
            "snapshot" => self.snapshot.as_ref(),
            "extractor" => self.extractor.as_ref(),
            "fetched" => self.fetched.as_ref(),
            _ => None,
        }
    }

    fn field_mut(&mut self, key: &str) -> Option<&mut Option<String>> {
        match key {
            "title" => Some(&mut self.title),
            "outlet" => Some(&mut self.outlet),
            "author" => Some(&mut self.author),
            "published" => Some(&mut self.published),
            "url" => Some(&mut self.url),
            "snapshot" => Some(&mut self.snapshot),
            "extractor" => Some(&mut self.extractor),
            "fetched" => Some(&mut self.fetched),
            _ => None,
        }
    }

    /// Whether no field is set (such a block is never written).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Splits a metadata block off the start of `text` (decoded, BOM already
/// dropped; LF or CRLF): the metadata and the code point offset where the
/// body starts, one blank line after the closing `---` skipped. `None` when
/// the text does not start with a block of ours: it is all body then.
pub fn split_front_matter(text: &str) -> Option<(FrontMatter, usize)> {
    let mut rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut fm = FrontMatter::default();
    // The opening line is line 0; every line before the closing one holds
    // a key, or the text is not a block.
    for line_no in 1..MAX_BLOCK_LINES {
        let (line, after) = match rest.find('\n') {
            Some(at) => (&rest[..at], &rest[at + 1..]),
            None => (rest, ""),
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line == "---" {
            if line_no == 1 {
                // `---` twice is two horizontal rules, not an empty block.
                return None;
            }
            let body = skip_blank_line(after);
            let head_bytes = text.len() - body.len();
            let offset = text.get(..head_bytes)?.chars().count();
            return Some((fm, offset));
        }
        let (key, value) = line.split_once(':')?;
        let slot = fm.field_mut(key)?;
        if slot.is_some() {
            return None;
        }
        let value = value.trim();
        *slot = (!value.is_empty()).then(|| value.to_owned());
        rest = after;
    }
    None
}

fn skip_blank_line(text: &str) -> &str {
    text.strip_prefix('\n')
        .or_else(|| text.strip_prefix("\r\n"))
        .unwrap_or(text)
}

/// The metadata block for `fm` followed by one blank line, ready to be
/// followed by the body; empty when no field is set. Keys come in a fixed
/// order, values are trimmed with their line breaks (and the spaces around
/// them) turned into one space, and a field empty after that is left out.
pub fn write_front_matter(fm: &FrontMatter) -> String {
    let mut out = String::new();
    for key in KEYS {
        let Some(value) = fm.field(key).map(|v| one_line(v)) else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        out.push_str(key);
        out.push_str(": ");
        out.push_str(&value);
        out.push('\n');
    }
    if out.is_empty() {
        return out;
    }
    format!("---\n{out}---\n\n")
}

/// `value` on one line: each line break, with the whitespace around it,
/// becomes one space; the ends are trimmed as [`split_front_matter`] trims.
fn one_line(value: &str) -> String {
    value
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> FrontMatter {
        FrontMatter {
            title: Some("Flooding closes the A31".into()),
            outlet: Some("Hampshire Chronicle".into()),
            author: Some("Jane Doe".into()),
            published: Some("2024-03-04".into()),
            url: Some("https://example.org/a31".into()),
            snapshot: Some(".snapshots/hampshire-chronicle-flooding-closes-the-a31.html".into()),
            extractor: Some("html-1 (dom_smoothie 0.19)".into()),
            fetched: Some("2026-12-07T14:00:00Z".into()),
        }
    }

    const SAMPLE: &str = "---
title: Flooding closes the A31
outlet: Hampshire Chronicle
author: Jane Doe
published: 2024-03-04
url: https://example.org/a31
snapshot: .snapshots/hampshire-chronicle-flooding-closes-the-a31.html
extractor: html-1 (dom_smoothie 0.19)
fetched: 2026-12-07T14:00:00Z
---

";

    #[test]
    fn the_documented_block_is_written_and_read() {
        assert_eq!(write_front_matter(&sample()), SAMPLE);
        let text = format!("{SAMPLE}Flooding closes the A31\n\nBody.");
        let (fm, at) = split_front_matter(&text).unwrap();
        assert_eq!(fm, sample());
        assert_eq!(at, SAMPLE.chars().count());
    }

    #[test]
    fn crlf_is_accepted() {
        let text = "---\r\ntitle: Héllo\r\nurl:  https://a.example/x \r\n---\r\n\r\nBody\r\n";
        let (fm, at) = split_front_matter(text).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Héllo"));
        assert_eq!(fm.url.as_deref(), Some("https://a.example/x"));
        let body: String = text.chars().skip(at).collect();
        assert_eq!(body, "Body\r\n");
    }

    #[test]
    fn a_markdown_horizontal_rule_stays_text() {
        assert_eq!(split_front_matter("---\n\nSome text\n\n---\n"), None);
        assert_eq!(split_front_matter("---\n---\nText"), None);
        assert_eq!(split_front_matter("--- \ntitle: x\n---\n"), None);
        assert_eq!(split_front_matter("Text\n---\ntitle: x\n---\n"), None);
        assert_eq!(
            split_front_matter("---\nA sentence: with a colon.\n---\n"),
            None
        );
    }

    #[test]
    fn unknown_duplicate_or_unclosed_keys_are_text() {
        assert_eq!(split_front_matter("---\ntags: a\n---\n"), None);
        assert_eq!(split_front_matter("---\nTitle: a\n---\n"), None);
        assert_eq!(split_front_matter("---\n title: a\n---\n"), None);
        assert_eq!(split_front_matter("---\ntitle: a\ntitle: b\n---\n"), None);
        assert_eq!(split_front_matter("---\ntitle: a\n"), None);
        assert_eq!(split_front_matter("---\ntitle: a"), None);
        assert_eq!(split_front_matter("---\n"), None);
    }

    #[test]
    fn a_block_longer_than_sixteen_lines_is_text() {
        // Blank values may repeat no key, so the long block is made of
        // lines that would be fine if the block were short.
        let mut block = String::from("---\n");
        for key in KEYS {
            block.push_str(&format!("{key}: x\n"));
        }
        let ok = format!("{block}---\nbody");
        assert!(split_front_matter(&ok).is_some());
        // 17 lines: the opening, 15 lines, the closing.
        let long: String = std::iter::once("---\n".to_owned())
            .chain((0..15).map(|i| format!("{}: x\n", KEYS[i % 8])))
            .chain(std::iter::once("---\n".to_owned()))
            .collect();
        assert_eq!(long.lines().count(), 17);
        assert_eq!(split_front_matter(&long), None);
    }

    #[test]
    fn empty_values_are_none_and_the_body_may_be_empty() {
        let (fm, at) = split_front_matter("---\ntitle:\nauthor:   \nurl: u\n---").unwrap();
        assert_eq!(fm.title, None);
        assert_eq!(fm.author, None);
        assert_eq!(fm.url.as_deref(), Some("u"));
        assert_eq!(at, "---\ntitle:\nauthor:   \nurl: u\n---".chars().count());
    }

    #[test]
    fn only_one_blank_line_is_skipped() {
        let text = "---\ntitle: t\n---\n\n\nBody";
        let (_, at) = split_front_matter(text).unwrap();
        assert_eq!(text.chars().skip(at).collect::<String>(), "\nBody");
        let text = "---\ntitle: t\n---\nBody";
        let (_, at) = split_front_matter(text).unwrap();
        assert_eq!(text.chars().skip(at).collect::<String>(), "Body");
    }

    #[test]
    fn values_are_written_on_one_line_and_empty_ones_left_out() {
        let fm = FrontMatter {
            title: Some("  Two\r\n  lines \n".into()),
            author: Some(" \n ".into()),
            ..FrontMatter::default()
        };
        assert_eq!(write_front_matter(&fm), "---\ntitle: Two lines\n---\n\n");
        assert_eq!(write_front_matter(&FrontMatter::default()), "");
    }

    fn value() -> impl Strategy<Value = Option<String>> {
        proptest::option::of("[^\r\n]{0,40}")
    }

    prop_compose! {
        fn front_matter()(
            title in value(), outlet in value(), author in value(), published in value(),
            url in value(), snapshot in value(), extractor in value(), fetched in value(),
        ) -> FrontMatter {
            FrontMatter { title, outlet, author, published, url, snapshot, extractor, fetched }
        }
    }

    /// What a value becomes once written: trimmed, `None` when empty.
    fn normalized(fm: &FrontMatter) -> FrontMatter {
        let mut out = FrontMatter::default();
        for key in KEYS {
            let value = fm.field(key).map(|v| v.trim().to_owned());
            if let Some(slot) = out.field_mut(key) {
                *slot = value.filter(|v| !v.is_empty());
            }
        }
        out
    }

    proptest! {
        #[test]
        fn written_blocks_read_back(fm in front_matter(), body in "(?s).{0,60}") {
            let expected = normalized(&fm);
            let text = format!("{}{body}", write_front_matter(&fm));
            match split_front_matter(&text) {
                Some((read, at)) => {
                    prop_assert_eq!(read, expected);
                    prop_assert_eq!(text.chars().skip(at).collect::<String>(), body);
                }
                // Nothing was written: the text is the body alone.
                None => prop_assert!(expected.is_empty()),
            }
        }

        #[test]
        fn trimmed_values_read_back_exactly(fm in front_matter(), body in "(?s).{0,60}") {
            let fm = normalized(&fm);
            prop_assume!(!fm.is_empty());
            let text = format!("{}{body}", write_front_matter(&fm));
            let (read, at) = split_front_matter(&text).unwrap();
            prop_assert_eq!(read, fm);
            prop_assert_eq!(text.chars().skip(at).collect::<String>(), body);
        }

        #[test]
        fn any_text_is_split_without_panicking(text in "(?s)(---\r?\n)?.{0,80}") {
            if let Some((_, at)) = split_front_matter(&text) {
                prop_assert!(at <= text.chars().count());
            }
        }
    }
}
