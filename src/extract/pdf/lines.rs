//! The glyphs pdf-extract shows, in the order the page draws them, gathered
//! into lines with their position and size: what the paragraphs are found
//! from. Words are split where the gap between two glyphs is wider than a
//! fraction of the font size (a PDF need not draw spaces at all).

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// One line of text as a page draws it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Line {
    /// Where its first glyph starts, in PDF units from the page's left.
    pub x0: f64,
    /// Where its last glyph ends.
    pub end: f64,
    /// Its baseline, in PDF units from the page's bottom (up is larger).
    pub y: f64,
    /// The font size as drawn (after the text and page transforms).
    pub size: f64,
    pub text: String,
    /// A space glyph came last: the next glyph starts a new word.
    space_pending: bool,
}

/// The lines of each page, gathered as pdf-extract draws them.
#[derive(Debug, Default)]
pub(super) struct Collector {
    pub pages: Vec<Vec<Line>>,
    chars: usize,
    /// Past this many characters the document's text is refused: a page
    /// drawing the same glyphs over and over must not fill the memory.
    pub max_chars: usize,
    pub too_much_text: bool,
}

/// A gap wider than this, in font sizes, between two glyphs of a line is a
/// space between words (Helvetica's own space is about 0.28).
const WORD_GAP: f64 = 0.15;

impl Line {
    /// A line as placed on a page.
    pub fn new(x0: f64, end: f64, y: f64, size: f64, text: String) -> Self {
        Self {
            x0,
            end,
            y,
            size,
            text,
            space_pending: false,
        }
    }
}

impl Collector {
    pub fn new(max_chars: usize) -> Self {
        Self {
            max_chars,
            ..Self::default()
        }
    }

    fn add(&mut self, x: f64, y: f64, width: f64, size: f64, text: &str) {
        let end = x + width * size;
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let Some(page) = self.pages.last_mut() else {
            return;
        };
        let blank = text.chars().all(char::is_whitespace);
        let text = printable(text);
        let same_line = page
            .last()
            .is_some_and(|l| (y - l.y).abs() <= 0.5 * size.max(l.size) && x + 0.5 * size >= l.x0);
        match page.last_mut() {
            Some(line) if same_line => {
                if blank {
                    line.space_pending = true;
                } else {
                    if line.space_pending || x > line.end + WORD_GAP * size {
                        line.text.push(' ');
                    }
                    line.text.push_str(&text);
                    line.space_pending = false;
                    line.size = line.size.max(size);
                }
                line.end = line.end.max(end);
            }
            _ if blank => {}
            _ => page.push(Line::new(x, end, y, size, text)),
        }
    }
}

/// The glyph's text without control characters (an unmapped glyph may come
/// out as one), ligatures spelled out.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(Vec::new());
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.chars += char.chars().count();
        if self.chars > self.max_chars {
            self.too_much_text = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        // The size as drawn: the side of the square of the same area as the
        // font's unit square after the transform (as pdf-extract's own
        // plain text output measures it).
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        let size = if size.is_finite() && size > 0.0 {
            size
        } else {
            1.0
        };
        let (x, y) = (trm.m31, trm.m32);
        if x.is_finite() && y.is_finite() && width.is_finite() {
            self.add(x, y, width, size, char);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(glyphs: &[(f64, f64, &str)]) -> Vec<String> {
        let mut c = Collector::new(1000);
        for &(x, y, t) in glyphs {
            c.add(x, y, 0.5, 10.0, t);
        }
        c.pages
            .concat()
            .into_iter()
            .map(|l| l.text)
            .collect::<Vec<_>>()
    }

    #[test]
    fn glyphs_on_one_baseline_make_a_line_and_gaps_make_spaces() {
        let got = lines(&[
            (0.0, 100.0, "a"),
            (5.0, 100.0, "b"),
            (20.0, 100.0, "c"),
            (25.0, 100.0, " "),
            (30.0, 100.0, "d"),
            (0.0, 86.0, "e"),
        ]);
        assert_eq!(got, ["ab c d", "e"]);
    }

    #[test]
    fn control_characters_are_dropped_and_ligatures_spelled_out() {
        assert_eq!(printable("\u{0}\u{FB01}x\u{7}"), "fix");
    }

    #[test]
    fn too_much_text_is_an_error() {
        let mut c = Collector::new(2);
        let t = Transform::identity();
        assert!(c.output_character(&t, 0.5, 0.0, 10.0, "ab").is_ok());
        assert!(c.output_character(&t, 0.5, 0.0, 10.0, "c").is_err());
        assert!(c.too_much_text);
    }
}
