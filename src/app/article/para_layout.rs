//! One paragraph of the article view, laid out and ready to draw: egui's own
//! galley for left-to-right text, or, for a paragraph holding right-to-left
//! text, pieces placed by [`crate::text::bidi`] (egui shapes each piece, the
//! bidi layout decides where it goes). Hit-testing and highlight rectangles
//! answer the same questions for both, in code points relative to the
//! paragraph.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, CharIndex, LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley, Pos2, Rect, Vec2, pos2, vec2};

use crate::text::bidi::{self, BidiParagraph, Glyph, Shaped};

/// A right-to-left or mixed paragraph: the bidi layout and one galley per
/// piece.
pub struct BidiGalley {
    para: BidiParagraph,
    galleys: Vec<Arc<Galley>>,
    line_height: f32,
    size: Vec2,
}

#[derive(Clone)]
pub enum ParaLayout {
    Plain(Arc<Galley>),
    Bidi(Arc<BidiGalley>),
}

/// Where the pointer is within a paragraph, for selections (code points
/// relative to the paragraph).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParaPoint {
    pub line: usize,
    pub x: f32,
    /// The nearest boundary between code points.
    pub boundary: usize,
    /// The code point under the pointer (the boundary for plain text).
    pub char: usize,
    /// First code point after the pointer in reading order, and one past the
    /// last before it (both the boundary for plain text).
    pub after: usize,
    pub before: usize,
}

fn format(font_size: f32, line_height: f32, color: Color32) -> TextFormat {
    TextFormat {
        font_id: FontId::proportional(font_size),
        color,
        line_height: Some(line_height),
        ..Default::default()
    }
}

/// Lays out `text` (one paragraph) `width` points wide.
pub fn layout(
    fonts: &mut dyn FnMut(LayoutJob) -> Arc<Galley>,
    text: &str,
    width: f32,
    font_size: f32,
    line_height: f32,
    color: Color32,
) -> ParaLayout {
    if !bidi::needs_bidi(text) {
        let mut job =
            LayoutJob::single_section(text.to_owned(), format(font_size, line_height, color));
        job.wrap.max_width = width;
        return ParaLayout::Plain(fonts(job));
    }
    let mut galleys: Vec<Arc<Galley>> = Vec::new();
    let mut shape = |piece: &str| -> Shaped {
        let job =
            LayoutJob::single_section(piece.to_owned(), format(font_size, line_height, color));
        let galley = fonts(job);
        let end = galley.size().x - 0.5;
        // egui pads a shaped run to one glyph per character with zero-width
        // "continuation" glyphs; after a right-to-left run it puts them all
        // at the run's end, where they stand for nothing drawn. Characters
        // left without a glyph share their neighbour's (see `bidi::layout`).
        let glyphs = galley
            .rows
            .iter()
            .flat_map(|row| {
                row.glyphs.iter().map(move |g| Glyph {
                    chr: g.chr,
                    left: row.pos.x + g.pos.x,
                    right: row.pos.x + g.pos.x + g.advance_width,
                })
            })
            .filter(|g| !(g.right <= g.left && g.left >= end))
            .collect();
        let shaped = Shaped {
            width: galley.size().x,
            glyphs,
        };
        galleys.push(galley);
        shaped
    };
    let para = bidi::layout(text, width, &mut shape);
    let lines = para.lines.len().max(1) as f32;
    let size = vec2(width, lines * line_height);
    ParaLayout::Bidi(Arc::new(BidiGalley {
        para,
        galleys,
        line_height,
        size,
    }))
}

impl ParaLayout {
    pub fn size(&self) -> Vec2 {
        match self {
            Self::Plain(g) => g.size(),
            Self::Bidi(b) => b.size,
        }
    }

    /// Laid out by egui alone (left-to-right text).
    pub fn is_plain(&self) -> bool {
        matches!(self, Self::Plain(_))
    }

    pub fn paint(&self, painter: &egui::Painter, at: Pos2, fallback: Color32) {
        match self {
            Self::Plain(g) => painter.galley(at, g.clone(), fallback),
            Self::Bidi(b) => {
                for (piece, galley) in b.para.pieces.iter().zip(&b.galleys) {
                    if piece.whitespace {
                        continue;
                    }
                    let top = piece.line as f32 * b.line_height;
                    painter.galley(at + vec2(piece.x, top), galley.clone(), fallback);
                }
            }
        }
    }

    /// Where `local` (relative to the paragraph's top left) falls.
    pub fn point(&self, local: Vec2) -> ParaPoint {
        match self {
            Self::Plain(g) => {
                let cursor = g.cursor_from_pos(local);
                let boundary = cursor.index.0;
                let line = g
                    .rows
                    .iter()
                    .position(|r| local.y < r.max_y())
                    .unwrap_or(g.rows.len().saturating_sub(1));
                ParaPoint {
                    line,
                    x: local.x,
                    boundary,
                    char: boundary,
                    after: boundary,
                    before: boundary,
                }
            }
            Self::Bidi(b) => {
                let last = b.para.lines.len().saturating_sub(1);
                let line = ((local.y / b.line_height).max(0.0) as usize).min(last);
                let p = b.para.point(line, local.x);
                let boundary = b.para.boundary_at(line, local.x);
                ParaPoint {
                    line,
                    x: local.x,
                    boundary,
                    char: b.para.char_at(line, local.x).unwrap_or(boundary),
                    after: p.after,
                    before: p.before,
                }
            }
        }
    }

    /// Code points between two places on one line (`None` when the layout
    /// is plain text, where the boundaries say it all, or nothing is there).
    pub fn covered(&self, line: usize, x0: f32, x1: f32) -> Option<Range<usize>> {
        match self {
            Self::Plain(_) => None,
            Self::Bidi(b) => b.para.covered(line, x0, x1),
        }
    }

    /// Rectangles (on screen, the paragraph drawn at `at`) covering exactly
    /// the glyphs of code points `a..b` of the paragraph: one per row for
    /// plain text, one per visual stretch for mixed text.
    pub fn span_rects(&self, at: Pos2, a: usize, b: usize) -> Vec<Rect> {
        if a >= b {
            return Vec::new();
        }
        match self {
            Self::Plain(galley) => plain_span_rects(galley, at, a, b),
            Self::Bidi(g) => g
                .para
                .span_strips(a, b)
                .into_iter()
                .map(|(line, l, r)| {
                    let top = at.y + line as f32 * g.line_height;
                    Rect::from_min_max(pos2(at.x + l, top), pos2(at.x + r, top + g.line_height))
                })
                .collect(),
        }
    }

    /// A zero-width rectangle at a span's logical edge: the start edge of
    /// code point `pos` (`start`), or the end edge of code point `pos - 1`.
    /// In right-to-left text a start edge is on the right.
    pub fn edge_rect(&self, at: Pos2, pos: usize, start: bool) -> Option<Rect> {
        match self {
            Self::Plain(galley) => {
                // The row holding the character decides (an end edge at a
                // wrap belongs to the row it ends, not the next one).
                let rects = if start {
                    plain_span_rects(galley, at, pos, pos + 1)
                } else {
                    plain_span_rects(galley, at, pos.checked_sub(1)?, pos)
                };
                let r = if start { rects.first() } else { rects.last() };
                Some(match r {
                    Some(r) if start => Rect::from_min_max(r.left_top(), r.left_bottom()),
                    Some(r) => Rect::from_min_max(r.right_top(), r.right_bottom()),
                    None => galley
                        .pos_from_cursor(CCursor::new(pos))
                        .translate(at.to_vec2()),
                })
            }
            Self::Bidi(g) => {
                let (line, x) = g.para.edge(pos, start)?;
                let top = at.y + line as f32 * g.line_height;
                Some(Rect::from_min_max(
                    pos2(at.x + x, top),
                    pos2(at.x + x, top + g.line_height),
                ))
            }
        }
    }
}

/// Rows of a plain galley covering code points `a..b`.
fn plain_span_rects(galley: &Galley, at: Pos2, a: usize, b: usize) -> Vec<Rect> {
    let mut rects = Vec::new();
    let mut row_start = 0;
    for row in &galley.rows {
        let n = row.char_count_excluding_newline().0;
        let lo = a.max(row_start);
        let hi = b.min(row_start + n);
        if lo < hi {
            let x0 = row.pos.x + row.x_offset(CharIndex(lo - row_start));
            let x1 = row.pos.x + row.x_offset(CharIndex(hi - row_start));
            rects.push(Rect::from_min_max(
                at + vec2(x0, row.min_y()),
                at + vec2(x1, row.max_y()),
            ));
        }
        row_start += row.char_count_including_newline().0;
        if row_start >= b {
            break;
        }
    }
    rects
}

/// A paragraph of possibly right-to-left text as a wrapped, read-only label
/// (the selected claim's quote): laid out like the article, so an Arabic
/// quote reads right to left over several lines too.
pub fn paragraph_label_ui(ui: &mut egui::Ui, text: &str) -> egui::Response {
    marked_paragraph_ui(ui, text, &[], Color32::TRANSPARENT)
        .unwrap_or_else(|| ui.label(egui::RichText::new(text).italics()))
}

/// Scripts of `text` that no installed font draws (their letters would show
/// as empty boxes), by name, most frequent first. Looks at the first
/// `SCRIPT_SAMPLE` code points: enough for any article's scripts, and cheap on
/// a 5 MB one.
pub fn missing_scripts(ctx: &egui::Context, text: &str, font: &FontId) -> Vec<&'static str> {
    use std::collections::{BTreeMap, HashMap};
    use unicode_script::{Script, UnicodeScript};
    const SCRIPT_SAMPLE: usize = 200_000;
    let mut letters: HashMap<char, usize> = HashMap::new();
    for c in text.chars().take(SCRIPT_SAMPLE) {
        if c.is_alphanumeric() {
            *letters.entry(c).or_default() += 1;
        }
    }
    let mut missing: BTreeMap<&'static str, usize> = BTreeMap::new();
    ctx.fonts_mut(|fonts| {
        for (&c, &n) in &letters {
            let script = c.script();
            if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
                continue;
            }
            if !fonts.has_glyph(font, c) {
                *missing.entry(script.full_name()).or_default() += n;
            }
        }
    });
    let mut out: Vec<(&'static str, usize)> = missing.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    out.into_iter().map(|(s, _)| s).collect()
}

/// A one-line label of `text` in visual order, cut at its logical end to
/// fit `width` as `measure` (the label's font) measures it: egui cuts a
/// truncated label on the right, which in a right-to-left title is its
/// beginning. Measured rather than estimated: a guess of the width per
/// character left titles with emoji or wide letters too long, and egui then
/// cut their first words off as well.
pub fn one_line_label(text: &str, width: f32, measure: &mut dyn FnMut(&str) -> f32) -> String {
    let full = bidi::display_order(text);
    if !bidi::is_rtl(text) || measure(&full) <= width {
        return full;
    }
    use unicode_segmentation::UnicodeSegmentation as _;
    // Where each grapheme ends: a cut never splits a letter from its marks.
    let ends: Vec<usize> = text
        .grapheme_indices(true)
        .map(|(i, g)| i + g.len())
        .collect();
    let cut = |k: usize| {
        let head = ends.get(k.wrapping_sub(1)).map_or("", |&end| &text[..end]);
        bidi::display_order(&format!("{}…", head.trim_end()))
    };
    // The most graphemes that fit; one at least, so a row is never empty.
    let (mut fits, mut over) = (1, ends.len());
    while over - fits > 1 {
        let mid = fits + (over - fits) / 2;
        if measure(&cut(mid)) <= width {
            fits = mid;
        } else {
            over = mid;
        }
    }
    cut(fits)
}

/// [`one_line_label`] measured in `font` as `ui` draws it.
pub fn one_line_label_in(ui: &egui::Ui, text: &str, width: f32, font: egui::FontId) -> String {
    let color = ui.visuals().text_color();
    let painter = ui.painter();
    one_line_label(text, width, &mut |s| {
        painter
            .layout_no_wrap(s.to_owned(), font.clone(), color)
            .size()
            .x
    })
}

/// Text holding right-to-left script with `marks` (code point ranges, e.g.
/// search hits) on a marker colour, wrapped and laid out like the article,
/// clickable. `None` for left-to-right text, which an egui label draws.
pub fn marked_paragraph_ui(
    ui: &mut egui::Ui,
    text: &str,
    marks: &[(usize, usize)],
    fill: Color32,
) -> Option<egui::Response> {
    if !bidi::needs_bidi(text) {
        return None;
    }
    let font_size = egui::TextStyle::Body.resolve(ui.style()).size;
    let width = ui.available_width().max(40.0);
    let color = ui.visuals().text_color();
    let line_height = font_size * 1.3;
    let mut fonts = |job| ui.painter().layout_job(job);
    let laid = layout(&mut fonts, text, width, font_size, line_height, color);
    let (rect, response) = ui.allocate_exact_size(laid.size(), egui::Sense::click());
    for &(s, e) in marks {
        for r in laid.span_rects(rect.min, s, e) {
            ui.painter().rect_filled(r, 2.0, fill);
        }
    }
    laid.paint(ui.painter(), rect.min, color);
    Some(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wide characters count double, as an emoji or a wide letter is.
    fn width(s: &str) -> f32 {
        s.chars()
            .map(|c| if c.len_utf8() == 4 { 2.0 } else { 1.0 })
            .sum()
    }

    #[test]
    fn a_cut_right_to_left_title_fits_and_keeps_its_beginning() {
        let title = "قالت الشرطة إن القطارات 🚓 تأخرت يوم الاثنين في زيورخ.";
        for limit in [8.0, 20.0, 33.0, 50.0] {
            let label = one_line_label(title, limit, &mut width);
            assert!(width(&label) <= limit, "{label:?} fits {limit}");
            // The label is the visual order of a logical beginning of the
            // title and an ellipsis at its (logical) end.
            let kept = (1..=title.chars().count())
                .map(|n| title.chars().take(n).collect::<String>())
                .find(|head| bidi::display_order(&format!("{}…", head.trim_end())) == label);
            let kept = kept.unwrap_or_else(|| panic!("{label:?} is not a cut of the title"));
            assert!(kept.starts_with("قالت"), "the first word stays: {kept:?}");
            // And no more of the title would have fitted.
            let one_more: String = title.chars().take(kept.chars().count() + 1).collect();
            let longer = bidi::display_order(&format!("{}…", one_more.trim_end()));
            assert!(
                longer == label || width(&longer) > limit,
                "{longer:?} would fit {limit}"
            );
        }
        // Room for all of it: the whole title, no ellipsis.
        assert_eq!(
            one_line_label(title, 100.0, &mut width),
            bidi::display_order(title)
        );
    }

    #[test]
    fn left_to_right_titles_are_left_to_egui() {
        let title = "Zürich 🚆 trains ran late on Monday, the council said.";
        assert_eq!(one_line_label(title, 5.0, &mut width), title);
    }
}
