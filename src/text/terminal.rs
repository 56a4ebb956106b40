//! Text from files made safe to print on a terminal.
//!
//! Names, labels, ids and texts come from files anyone may have written (a
//! student's project, an import): an ESC sequence in an annotator name
//! could move the cursor, rewrite lines or retitle the window when a
//! teacher runs `crosscheck grade`, and a right-to-left override (U+202E)
//! makes `txt.exe` look like `exe.txt`. So every control character (C0,
//! DEL, C1), every bidi control and the line and paragraph separators are
//! shown as `\u{…}` escapes. Only terminal output goes through here: JSON
//! and CSV keep the data exact (CSV still neutralises formulas).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal as it is.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // Bidi embeddings, overrides and isolates, and the marks.
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{061c}'
                // Line and paragraph separators break lines in some terminals.
                | '\u{2028}'
                | '\u{2029}'
        )
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| unsafe_char(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) && !keep(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One field (a name, label, id, path, quote) for a terminal: every control
/// character — newlines and tabs too, since a field is one line — and every
/// bidi control escaped.
pub fn safe(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

/// A whole report for a terminal: as [`safe`], except that its own line
/// breaks and tabs stay. What every human-readable output of the command
/// line passes through last, so that a field a print site missed still
/// cannot reach the terminal raw.
pub fn safe_lines(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let text = "Ana — «Café» 東京 مرحبا";
        assert!(matches!(safe(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn escapes_and_overrides_are_shown_not_obeyed() {
        assert_eq!(safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(safe("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(safe("x\ny\tz\u{7f}\u{9b}"), "x\\u{a}y\\u{9}z\\u{7f}\\u{9b}");
        assert_eq!(
            safe_lines("a\tb\nc\u{1b}]0;t\u{7}\n"),
            "a\tb\nc\\u{1b}]0;t\\u{7}\n"
        );
    }

    proptest::proptest! {
        #[test]
        fn nothing_unsafe_survives(text in "\\PC*|[\\x00-\\x1f\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a-z]*") {
            let out = safe(&text);
            proptest::prop_assert!(!out.chars().any(unsafe_char));
            let lines = safe_lines(&text);
            proptest::prop_assert!(!lines.chars().any(|c| unsafe_char(c) && c != '\n' && c != '\t'));
        }
    }
}
