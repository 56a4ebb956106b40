//! A row's cells made into an article: the text normalised, the key found
//! and kept unique, the metadata trimmed; or the reason the row is left out.

use std::collections::HashMap;

use super::model::{Row, RowSkip};

/// A cell as a format reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Cell {
    /// Missing from the row (a short CSV row, an absent key), or JSON null.
    Absent,
    Text(String),
    /// A JSON object or a list of lists: no text to show.
    Nested,
}

impl Cell {
    fn into_option(self) -> Option<String> {
        match self {
            Cell::Text(s) => Some(s),
            Cell::Absent | Cell::Nested => None,
        }
    }
}

/// One row's cells for the chosen columns.
#[derive(Debug)]
pub(crate) struct RawRow {
    pub text: Cell,
    pub id: Cell,
    pub title: Cell,
    pub date: Cell,
    pub url: Cell,
    pub outlet: Cell,
    pub author: Cell,
}

/// The rows kept and left out so far.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    pub rows: Vec<Row>,
    pub skipped: Vec<RowSkip>,
    /// Each key taken, with the row that took it.
    first_at: HashMap<String, usize>,
}

impl Collector {
    /// Adds row `number` (1-based: the data row, a JSONL line, a list item).
    pub fn push(&mut self, number: usize, raw: RawRow) {
        let text = match raw.text {
            Cell::Text(t) => normalise_text(t),
            Cell::Absent => String::new(),
            Cell::Nested => return self.skip(number, "text is not a string"),
        };
        if text.is_empty() {
            return self.skip(number, "empty text");
        }
        let key = raw
            .id
            .into_option()
            .map(|id| one_line(id.trim()))
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| number.to_string());
        if let Some(first) = self.first_at.get(&key) {
            let reason = format!("duplicate id {key} (first at row {first})");
            return self.skip(number, &reason);
        }
        self.first_at.insert(key.clone(), number);
        self.rows.push(Row {
            key,
            text,
            title: metadata(raw.title),
            date: metadata(raw.date),
            url: metadata(raw.url),
            outlet: metadata(raw.outlet),
            author: metadata(raw.author),
        });
    }

    pub fn skip(&mut self, row: usize, reason: &str) {
        self.skipped.push(RowSkip {
            row,
            reason: reason.to_owned(),
        });
    }
}

/// A document's text from a cell: CRLF and lone CR become LF (document
/// text is LF-only) and trailing whitespace goes; nothing else changes, as
/// every offset counts code points of what is left.
pub(crate) fn normalise_text(mut text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        // '\r' is ASCII, so every split here is at a char boundary.
        while let Some((line, after)) = rest.split_once('\r') {
            out.push_str(line);
            out.push('\n');
            rest = after.strip_prefix('\n').unwrap_or(after);
        }
        out.push_str(rest);
        text = out;
    }
    let end = text.trim_end().len();
    text.truncate(end);
    text
}

/// Metadata is shown on one line: trimmed, line breaks as spaces, an empty
/// cell as none.
fn metadata(cell: Cell) -> Option<String> {
    let value = cell.into_option()?;
    let value = one_line(value.trim());
    (!value.is_empty()).then_some(value)
}

/// Keys name documents (`FILE#KEY`) and metadata is shown on one line.
fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r']) {
        s.replace("\r\n", " ").replace(['\n', '\r'], " ")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: Cell, id: Cell) -> RawRow {
        RawRow {
            text,
            id,
            title: Cell::Text("  A\r\ntitle ".into()),
            date: Cell::Text("   ".into()),
            url: Cell::Absent,
            outlet: Cell::Nested,
            author: Cell::Absent,
        }
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn text_is_lf_only_and_trimmed_at_the_end() {
        assert_eq!(
            normalise_text("  a\r\nb\rc\n\rd \t\r\n".into()),
            "  a\nb\nc\n\nd"
        );
        assert_eq!(normalise_text("é\u{301} 👨‍👩‍👧".into()), "é\u{301} 👨‍👩‍👧");
    }

    #[test]
    fn keys_metadata_and_skips() {
        let mut c = Collector::default();
        c.push(1, raw(t("one"), t(" 7 ")));
        c.push(2, raw(t("two"), Cell::Absent));
        c.push(3, raw(t(" \r\n "), t("8")));
        c.push(4, raw(Cell::Nested, t("9")));
        c.push(5, raw(t("five"), t("7")));
        c.push(6, raw(t("six"), t("a\nb")));
        c.push(7, raw(t("seven"), t("   ")));
        let keys: Vec<&str> = c.rows.iter().map(|r| r.key.as_str()).collect();
        // A row without an id is keyed by its number, which an id may have taken.
        assert_eq!(keys, ["7", "2", "a b"]);
        assert_eq!(c.rows[0].title.as_deref(), Some("A title"));
        assert_eq!(c.rows[0].date, None);
        assert_eq!(c.rows[0].outlet, None);
        let skips: Vec<(usize, &str)> = c
            .skipped
            .iter()
            .map(|s| (s.row, s.reason.as_str()))
            .collect();
        assert_eq!(
            skips,
            [
                (3, "empty text"),
                (4, "text is not a string"),
                (5, "duplicate id 7 (first at row 1)"),
                (7, "duplicate id 7 (first at row 1)"),
            ]
        );
    }
}
