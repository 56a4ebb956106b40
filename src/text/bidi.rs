//! Mixed-direction paragraphs (the Unicode Bidirectional Algorithm, UAX #9,
//! by `unicode-bidi`): which code point is drawn where, and which code points
//! lie under a place on screen.
//!
//! egui shapes runs of text but lays every line out left to right in logical
//! order, so an Arabic or Hebrew paragraph drawn as one galley puts words,
//! highlights and the mouse's hits in three different places. Here a
//! paragraph is cut into pieces of one direction, the caller's shaper measures
//! each piece, lines are broken in logical order and each line's pieces are put
//! in visual order. Nothing here draws. The file never sees any of it: offsets
//! stay code points in logical order.

use std::ops::Range;

use unicode_bidi::{BidiClass, ParagraphBidiInfo, bidi_class};
use unicode_segmentation::UnicodeSegmentation;

/// True when `text` holds a right-to-left character or an explicit direction
/// control, so it cannot be laid out left to right as it is stored.
pub fn needs_bidi(text: &str) -> bool {
    use BidiClass::*;
    text.chars().any(|c| {
        matches!(
            bidi_class(c),
            R | AL | AN | RLE | RLO | RLI | LRE | LRO | LRI | FSI | PDF | PDI
        )
    })
}

/// True when a paragraph reads right to left: its first strong character is
/// right-to-left (UAX #9 rules P2 and P3).
pub fn is_rtl(text: &str) -> bool {
    unicode_bidi::get_base_direction(text) == unicode_bidi::Direction::Rtl
}

/// `text` as a string whose pieces are in visual order, for one-line labels
/// drawn by egui (titles, quotes): egui shapes each right-to-left word itself,
/// so only the order of the pieces has to change.
pub fn display_order(text: &str) -> String {
    if !needs_bidi(text) {
        return text.to_string();
    }
    let mut measure = |s: &str| {
        let n = s.chars().count() as f32;
        Shaped {
            width: n,
            glyphs: Vec::new(),
        }
    };
    let para = layout(text, f32::INFINITY, &mut measure);
    let mut out = String::with_capacity(text.len());
    for line in &para.lines {
        for &p in &line.pieces {
            out.push_str(&para.pieces[p].display);
        }
    }
    out
}

/// One glyph as the shaper placed it, left to right on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glyph {
    /// The (first) character the glyph draws.
    pub chr: char,
    pub left: f32,
    pub right: f32,
}

/// A shaped piece: its advance and its glyphs in visual order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shaped {
    pub width: f32,
    pub glyphs: Vec<Glyph>,
}

/// A stretch of one direction with no break opportunity inside.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// Code points, relative to the paragraph's start.
    pub chars: Range<usize>,
    pub bytes: Range<usize>,
    /// What the shaper is given: the piece's own text, or, for neutral
    /// characters on a right-to-left level (which a shaper would lay out left
    /// to right), its graphemes reversed and brackets mirrored.
    pub display: String,
    /// On a right-to-left embedding level.
    pub rtl: bool,
    pub whitespace: bool,
    pub line: usize,
    /// Left edge relative to the paragraph's left edge.
    pub x: f32,
    pub width: f32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Code points (relative to the paragraph), in logical order.
    pub chars: Range<usize>,
    /// Indices into [`BidiParagraph::pieces`], left to right on screen.
    pub pieces: Vec<usize>,
}

/// Where a place on a line sits in reading order: the code points after it
/// and before it. Reading order follows the paragraph's direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinePoint {
    pub line: usize,
    /// The first code point after the place in reading order (the line's
    /// logical end when none is).
    pub after: usize,
    /// One past the last code point before the place in reading order (the
    /// line's logical start when none is).
    pub before: usize,
}

/// A paragraph laid out: pieces placed on lines, and every code point's
/// horizontal extent.
#[derive(Clone, Debug, PartialEq)]
pub struct BidiParagraph {
    /// Base direction right to left.
    pub rtl: bool,
    pub pieces: Vec<Piece>,
    pub lines: Vec<Line>,
    /// Per code point: (left, right) relative to the paragraph's left edge.
    extents: Vec<(f32, f32)>,
    /// Per code point: the line it is on.
    char_line: Vec<usize>,
}

fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        c => c,
    }
}

fn is_strong_rtl(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

/// Written right to left, as a shaper decides a run's direction: by script,
/// not by bidi class (Persian digits are European numbers to UAX #9 but
/// Arabic to a shaper).
fn is_rtl_script(c: char) -> bool {
    use unicode_script::{Script, UnicodeScript};
    matches!(
        c.script(),
        Script::Arabic
            | Script::Hebrew
            | Script::Syriac
            | Script::Thaana
            | Script::Nko
            | Script::Samaritan
            | Script::Mandaic
            | Script::Adlam
            | Script::Hanifi_Rohingya
            | Script::Yezidi
    )
}

/// Whether a shaper (harfrust guesses a run's direction from its first
/// script that is not Common or Inherited) lays `text` out right to left.
pub fn shaper_reverses(text: &str) -> bool {
    use unicode_script::{Script, UnicodeScript};
    text.chars()
        .find(|c| {
            !matches!(
                c.script(),
                Script::Common | Script::Inherited | Script::Unknown
            )
        })
        .is_some_and(is_rtl_script)
}

/// Assigns each character of `chars` (display order) the extent of the glyph
/// that draws it. Glyphs come left to right; a right-to-left shaped piece
/// lists them in reverse. Characters a ligature or a cluster swallowed share
/// the extent of the glyph before them; glyphs beyond the characters widen
/// the last one.
fn assign(chars: &[char], shaped: &Shaped, reversed: bool) -> Vec<(f32, f32)> {
    let n = chars.len();
    let mut ext: Vec<Option<(f32, f32)>> = vec![None; n];
    let mut j = 0;
    let glyphs: Box<dyn Iterator<Item = &Glyph>> = if reversed {
        Box::new(shaped.glyphs.iter().rev())
    } else {
        Box::new(shaped.glyphs.iter())
    };
    for g in glyphs {
        let here = (g.left, g.right);
        let widen = |e: &mut Option<(f32, f32)>| {
            if let Some(e) = e {
                e.0 = e.0.min(g.left);
                e.1 = e.1.max(g.right);
            }
        };
        if j >= n {
            if let Some(last) = ext.last_mut() {
                widen(last);
            }
            continue;
        }
        if chars[j] == g.chr {
            ext[j] = Some(here);
            j += 1;
        } else if j > 0 && chars[j - 1] == g.chr {
            widen(&mut ext[j - 1]);
        } else if let Some(k) = (j + 1..n.min(j + 8)).find(|&k| chars[k] == g.chr) {
            let shared = if j > 0 { ext[j - 1] } else { Some(here) };
            for e in &mut ext[j..k] {
                *e = shared;
            }
            ext[k] = Some(here);
            j = k + 1;
        } else {
            ext[j] = Some(here);
            j += 1;
        }
    }
    // Characters no glyph drew sit, zero wide, where the last glyph ends in
    // reading order.
    let mut last = if reversed {
        (shaped.width, shaped.width)
    } else {
        (0.0, 0.0)
    };
    ext.into_iter()
        .map(|e| match e {
            Some(e) => {
                last = if reversed { (e.0, e.0) } else { (e.1, e.1) };
                e
            }
            None => last,
        })
        .collect()
}

/// Lays out one paragraph (no line breaks inside) in lines at most
/// `max_width` wide; `shape` measures a piece of text.
pub fn layout(text: &str, max_width: f32, shape: &mut dyn FnMut(&str) -> Shaped) -> BidiParagraph {
    let info = ParagraphBidiInfo::new(text, None);
    let base_rtl = info.paragraph_level.is_rtl();

    // Pieces: graphemes of one level, all space or none; on right-to-left
    // levels strong letters apart from neutrals, on left-to-right ones
    // right-to-left scripts (Persian digits) apart from the rest, so the
    // shaper's own choice of direction is the same for a whole piece.
    let mut pieces: Vec<Piece> = Vec::new();
    let mut key_of_last = None;
    let mut char_pos = 0;
    for (b, g) in text.grapheme_indices(true) {
        let first = g.chars().next().unwrap_or(' ');
        let level = info.levels.get(b).copied().unwrap_or(info.paragraph_level);
        let space = first.is_whitespace();
        let rtl = level.is_rtl();
        let key = (
            level,
            space,
            if rtl {
                is_strong_rtl(first)
            } else {
                is_rtl_script(first)
            },
        );
        let n = g.chars().count();
        match pieces.last_mut() {
            Some(p) if key_of_last == Some(key) => {
                p.chars.end += n;
                p.bytes.end = b + g.len();
            }
            _ => pieces.push(Piece {
                chars: char_pos..char_pos + n,
                bytes: b..b + g.len(),
                display: String::new(),
                rtl,
                whitespace: space,
                line: 0,
                x: 0.0,
                width: 0.0,
            }),
        }
        key_of_last = Some(key);
        char_pos += n;
    }

    // Shape each piece and find its characters' extents within it.
    let total_chars = char_pos;
    let mut extents = vec![(0.0, 0.0); total_chars];
    for p in &mut pieces {
        let own = &text[p.bytes.clone()];
        // The piece must end up left to right on screen on an even level,
        // right to left on an odd one. Where the shaper would not do that
        // itself, it is given the graphemes reversed (and, reversed onto a
        // right-to-left level, brackets mirrored, as it would have).
        let shaper_rtl = shaper_reverses(own);
        let flip = p.rtl != shaper_rtl && !p.whitespace;
        // Display character i is logical character order[i] of the piece.
        let (display, order): (String, Vec<usize>) = if flip {
            let mut display = String::with_capacity(own.len());
            let mut order = Vec::new();
            let mut starts: Vec<(usize, &str)> = Vec::new();
            let mut ci = 0;
            for g in own.graphemes(true) {
                starts.push((ci, g));
                ci += g.chars().count();
            }
            for (start, g) in starts.into_iter().rev() {
                for (k, c) in g.chars().enumerate() {
                    display.push(if p.rtl { mirror(c) } else { c });
                    order.push(start + k);
                }
            }
            (display, order)
        } else {
            (own.to_string(), (0..p.chars.len()).collect())
        };
        let shaped = shape(&display);
        let display_chars: Vec<char> = display.chars().collect();
        let local = assign(&display_chars, &shaped, shaper_rtl);
        for (i, e) in local.into_iter().enumerate() {
            if let Some(&logical) = order.get(i) {
                extents[p.chars.start + logical] = e;
            }
        }
        p.width = shaped.width;
        p.display = display;
    }

    // Break lines in logical order, only where space is followed by
    // something else; spaces at a line's end hang.
    let mut line_spans: Vec<Range<usize>> = Vec::new();
    let mut line_start = 0;
    let mut width = 0.0f32;
    let mut i = 0;
    while i < pieces.len() {
        let mut j = i;
        let mut unit = 0.0;
        let mut hanging = 0.0;
        while j < pieces.len() && !pieces[j].whitespace {
            unit += pieces[j].width;
            j += 1;
        }
        while j < pieces.len() && pieces[j].whitespace {
            unit += pieces[j].width;
            hanging += pieces[j].width;
            j += 1;
        }
        if i > line_start && width + unit - hanging > max_width {
            line_spans.push(line_start..i);
            line_start = i;
            width = 0.0;
        }
        width += unit;
        i = j;
    }
    if line_start < pieces.len() || line_spans.is_empty() {
        line_spans.push(line_start..pieces.len());
    }

    // Each line's pieces in visual order (UAX #9 rules L1 and L2).
    let mut lines = Vec::with_capacity(line_spans.len());
    let mut char_line = vec![0; total_chars];
    for (n, span) in line_spans.into_iter().enumerate() {
        let Some((first, last)) = span
            .clone()
            .next()
            .zip(span.clone().next_back())
            .map(|(a, b)| (&pieces[a], &pieces[b]))
        else {
            lines.push(Line {
                chars: 0..0,
                pieces: Vec::new(),
            });
            continue;
        };
        let chars = first.chars.start..last.chars.end;
        let bytes = first.bytes.start..last.bytes.end;
        let (levels, runs) = info.visual_runs(bytes);
        let mut order: Vec<usize> = Vec::with_capacity(span.len());
        let mut placed = vec![false; span.len()];
        for run in runs {
            let mut in_run: Vec<usize> = span
                .clone()
                .filter(|&k| run.contains(&pieces[k].bytes.start))
                .collect();
            if levels.get(run.start).is_some_and(|l| l.is_rtl()) {
                in_run.reverse();
            }
            for k in in_run {
                if !placed[k - span.start] {
                    placed[k - span.start] = true;
                    order.push(k);
                }
            }
        }
        for (k, done) in span.clone().zip(placed) {
            if !done {
                order.push(k);
            }
        }
        let total: f32 = order.iter().map(|&k| pieces[k].width).sum();
        let mut x = if base_rtl && max_width.is_finite() {
            (max_width - total).max(0.0)
        } else {
            0.0
        };
        for &k in &order {
            let p = &mut pieces[k];
            p.line = n;
            p.x = x;
            for c in p.chars.clone() {
                extents[c].0 += x;
                extents[c].1 += x;
                char_line[c] = n;
            }
            x += p.width;
        }
        lines.push(Line {
            chars,
            pieces: order,
        });
    }

    BidiParagraph {
        rtl: base_rtl,
        pieces,
        lines,
        extents,
        char_line,
    }
}

impl BidiParagraph {
    /// How many code points the paragraph has.
    pub fn char_count(&self) -> usize {
        self.extents.len()
    }

    /// Horizontal extent of code point `c` (relative to the paragraph).
    pub fn extent(&self, c: usize) -> Option<(f32, f32)> {
        self.extents.get(c).copied()
    }

    pub fn line_of(&self, c: usize) -> Option<usize> {
        self.char_line.get(c).copied()
    }

    fn center(&self, c: usize) -> f32 {
        let (l, r) = self.extents[c];
        (l + r) / 2.0
    }

    /// Is code point `c` on a right-to-left level (its logical start is its
    /// right edge)?
    fn char_rtl(&self, c: usize) -> bool {
        self.line_of(c)
            .and_then(|line| {
                self.lines[line]
                    .pieces
                    .iter()
                    .map(|&p| &self.pieces[p])
                    .find(|p| p.chars.contains(&c))
            })
            .is_some_and(|p| p.rtl)
    }

    /// Code points of `line` whose middle lies between `x0` and `x1`, as the
    /// logical range covering them. A selection that crosses a direction
    /// boundary can be logically discontinuous; the range covering it is what
    /// is stored, and what the window highlights while dragging.
    pub fn covered(&self, line: usize, x0: f32, x1: f32) -> Option<Range<usize>> {
        let (lo, hi) = (x0.min(x1), x0.max(x1));
        let chars = self.lines.get(line)?.chars.clone();
        let inside: Vec<usize> = chars
            .filter(|&c| {
                let m = self.center(c);
                lo <= m && m <= hi
            })
            .collect();
        Some(*inside.iter().min()?..*inside.iter().max()? + 1)
    }

    /// Where `x` on `line` sits in reading order.
    pub fn point(&self, line: usize, x: f32) -> LinePoint {
        let line = line.min(self.lines.len().saturating_sub(1));
        let Some(l) = self.lines.get(line) else {
            return LinePoint {
                line,
                after: 0,
                before: 0,
            };
        };
        let ahead = |c: usize| {
            let m = self.center(c);
            if self.rtl { m < x } else { m > x }
        };
        let after = l.chars.clone().filter(|&c| ahead(c)).min();
        let before = l.chars.clone().filter(|&c| !ahead(c)).max();
        LinePoint {
            line,
            after: after.unwrap_or(l.chars.end),
            before: before.map_or(l.chars.start, |c| c + 1),
        }
    }

    /// The code point drawn at `x` on `line` (the nearest one).
    pub fn char_at(&self, line: usize, x: f32) -> Option<usize> {
        let l = self.lines.get(line)?;
        l.chars.clone().min_by(|&a, &b| {
            let da = distance(self.extents[a], x);
            let db = distance(self.extents[b], x);
            da.total_cmp(&db)
        })
    }

    /// The boundary between code points nearest to `x` on `line`: before the
    /// character under it when `x` is in that character's first half in its
    /// own direction, after it otherwise.
    pub fn boundary_at(&self, line: usize, x: f32) -> usize {
        let Some(c) = self.char_at(line, x) else {
            return self.lines.get(line).map_or(0, |l| l.chars.start);
        };
        let first_half = if self.char_rtl(c) {
            x > self.center(c)
        } else {
            x < self.center(c)
        };
        if first_half { c } else { c + 1 }
    }

    /// Where the logical edge of a span sits: the start edge of code point
    /// `c` (`start`), or the end edge of code point `c - 1`.
    pub fn edge(&self, pos: usize, start: bool) -> Option<(usize, f32)> {
        let c = if start { pos } else { pos.checked_sub(1)? };
        let (l, r) = self.extent(c)?;
        let line = self.line_of(c)?;
        let right = self.char_rtl(c) == start;
        Some((line, if right { r } else { l }))
    }

    /// The strips covering exactly the glyphs of code points `a..b`: (line,
    /// left, right), touching ones merged.
    pub fn span_strips(&self, a: usize, b: usize) -> Vec<(usize, f32, f32)> {
        let b = b.min(self.char_count());
        let mut by_line: Vec<(usize, f32, f32)> = (a..b)
            .map(|c| {
                let (l, r) = self.extents[c];
                (self.char_line[c], l, r)
            })
            .collect();
        by_line.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));
        let mut out: Vec<(usize, f32, f32)> = Vec::new();
        for (line, l, r) in by_line {
            match out.last_mut() {
                // Shapers round pieces to whole pixels: stretches a pixel
                // or so apart are one, unless a character outside the span
                // is drawn between them.
                Some(last)
                    if last.0 == line
                        && l <= last.2 + 1.5
                        && !self.drawn_between(line, last.2, l, a..b) =>
                {
                    last.2 = last.2.max(r)
                }
                _ => out.push((line, l, r)),
            }
        }
        out.retain(|s| s.2 > s.1);
        out
    }
}

impl BidiParagraph {
    /// Is a code point of `line` outside `span` drawn between `x0` and `x1`?
    fn drawn_between(&self, line: usize, x0: f32, x1: f32, span: Range<usize>) -> bool {
        self.lines.get(line).is_some_and(|l| {
            l.chars.clone().any(|c| {
                let m = self.center(c);
                !span.contains(&c) && x0 <= m && m <= x1
            })
        })
    }
}

fn distance((l, r): (f32, f32), x: f32) -> f32 {
    if x < l {
        l - x
    } else if x > r {
        x - r
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for the real shaper: every character one unit wide, and a
    /// run of right-to-left letters laid out right to left, as harfrust does.
    fn mono(s: &str) -> Shaped {
        let chars: Vec<char> = s.chars().collect();
        let rtl = shaper_reverses(s);
        let mut glyphs: Vec<char> = chars.clone();
        if rtl {
            glyphs.reverse();
        }
        Shaped {
            width: chars.len() as f32,
            glyphs: glyphs
                .into_iter()
                .enumerate()
                .map(|(i, chr)| Glyph {
                    chr,
                    left: i as f32,
                    right: i as f32 + 1.0,
                })
                .collect(),
        }
    }

    fn lay(text: &str, width: f32) -> BidiParagraph {
        layout(text, width, &mut mono)
    }

    /// The paragraph as it appears on screen, line by line, left to right.
    fn screen(p: &BidiParagraph, text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        (0..p.lines.len())
            .map(|line| {
                let mut on: Vec<(f32, char)> = (0..chars.len())
                    .filter(|&c| p.line_of(c) == Some(line))
                    .map(|c| (p.extent(c).map_or(0.0, |e| e.0), chars[c]))
                    .collect();
                on.sort_by(|a, b| a.0.total_cmp(&b.0));
                on.into_iter().map(|(_, c)| c).collect::<String>()
            })
            .collect()
    }

    fn pos(text: &str, needle: &str) -> usize {
        let b = text.find(needle).unwrap_or(0);
        text[..b].chars().count()
    }

    #[test]
    fn arabic_with_digits_and_a_latin_name() {
        let text = "قال 25 شرطيا من Kent اليوم";
        let p = lay(text, 100.0);
        assert!(p.rtl);
        assert_eq!(p.lines.len(), 1);
        // Right to left: the first word on the right, digits and the Latin
        // name left to right inside.
        assert_eq!(screen(&p, text), vec!["مويلا Kent نم ايطرش 25 لاق"]);
        // Right-aligned: the first word ends at the right margin.
        assert_eq!(p.extent(0).map(|e| e.1), Some(100.0));
        // The logical start of the first word is its right edge.
        assert_eq!(p.edge(0, true), Some((0, 100.0)));
        let k = pos(text, "Kent");
        assert_eq!(p.edge(k, true).map(|e| e.1), p.extent(k).map(|e| e.0));
    }

    #[test]
    fn hebrew_with_parentheses() {
        let text = "אמר (לפי הדיווח) שלום";
        let p = lay(text, 100.0);
        assert!(p.rtl);
        let shown = screen(&p, text);
        // The bracket pieces are mirrored for display and sit at the logical
        // places: the opening bracket to the right of what it opens.
        let open = pos(text, "(");
        let first_inside = open + 1;
        let (ol, _) = p.extent(open).unwrap_or_default();
        let (il, _) = p.extent(first_inside).unwrap_or_default();
        assert!(ol > il, "{shown:?}");
        let bracket = p
            .pieces
            .iter()
            .find(|piece| piece.chars.start == open)
            .map(|piece| piece.display.clone());
        assert_eq!(bracket.as_deref(), Some(")"));
    }

    #[test]
    fn latin_paragraph_with_one_arabic_phrase() {
        let text = "The minister said مرحبا بكم today";
        let p = lay(text, 100.0);
        assert!(!p.rtl);
        assert_eq!(screen(&p, text), vec!["The minister said مكب ابحرم today"]);
        // Left aligned, unchanged before the phrase.
        assert_eq!(p.extent(0), Some((0.0, 1.0)));
        // Dragging across the Arabic phrase's first visual word (the right
        // one, "مرحبا") covers exactly it.
        let start = pos(text, "مرحبا");
        let (l, _) = p.extent(start + 4).unwrap_or_default();
        let (_, r) = p.extent(start).unwrap_or_default();
        assert_eq!(p.covered(0, l, r), Some(start..start + 5));
    }

    #[test]
    fn arabic_paragraph_wrapped_over_several_lines() {
        let text = "الكلمة الأولى ثم الثانية ثم الثالثة ثم الرابعة والأخيرة";
        let p = lay(text, 20.0);
        assert!(p.lines.len() >= 3);
        // Lines follow each other in logical order and each is right-aligned.
        let mut next = 0;
        for line in &p.lines {
            assert_eq!(line.chars.start, next);
            next = line.chars.end;
            let first_word_end = line.chars.start;
            assert_eq!(p.extent(first_word_end).map(|e| e.1), Some(20.0));
        }
        assert_eq!(next, text.chars().count());
        // The rightmost place of the second line is its logical start.
        let second = &p.lines[1];
        let point = p.point(1, 20.0);
        assert_eq!(point.after, second.chars.start);
    }

    #[test]
    fn points_read_in_the_paragraph_direction() {
        let text = "واحد اثنان";
        let p = lay(text, 100.0);
        // Right of everything: nothing before, everything after.
        let right = p.point(0, 100.0);
        assert_eq!((right.after, right.before), (0, 0));
        let left = p.point(0, 0.0);
        assert_eq!(left.before, 10);
        assert_eq!(p.boundary_at(0, 99.9), 0);
    }

    #[test]
    fn persian_digits_read_left_to_right_though_the_shaper_would_reverse_them() {
        let text = "سال ۱۴۰۲ است";
        let p = lay(text, 100.0);
        assert_eq!(screen(&p, text), vec!["تسا ۱۴۰۲ لاس"]);
    }

    #[test]
    fn ligatures_and_marks_share_their_glyph() {
        // Two characters drawn by one glyph, then a mark with no glyph.
        let shaped = Shaped {
            width: 2.0,
            glyphs: vec![
                Glyph {
                    chr: 'b',
                    left: 1.0,
                    right: 2.0,
                },
                Glyph {
                    chr: 'f',
                    left: 0.0,
                    right: 1.0,
                },
            ],
        };
        let ext = assign(&['f', 'i', 'b', '\u{301}'], &shaped, true);
        assert_eq!(ext[0], (0.0, 1.0));
        assert_eq!(ext[1], (0.0, 1.0));
        assert_eq!(ext[2], (1.0, 2.0));
        assert_eq!(ext[3], (1.0, 1.0));
    }

    #[test]
    fn display_order_reverses_pieces_not_letters() {
        assert_eq!(display_order("Plain title"), "Plain title");
        assert_eq!(display_order("واحد اثنان"), "اثنان واحد");
    }

    #[test]
    fn empty_and_space_only_paragraphs() {
        let p = lay("", 10.0);
        assert_eq!(p.char_count(), 0);
        assert!(p.span_strips(0, 5).is_empty());
        let p = lay("   ", 10.0);
        assert_eq!(p.char_count(), 3);
        assert_eq!(p.covered(0, 0.0, 10.0), Some(0..3));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn word() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("Kent".to_string()),
                Just("officers".to_string()),
                Just("2024".to_string()),
                Just("الشرطة".to_string()),
                Just("لندن".to_string()),
                Just("שלום".to_string()),
                Just("(עולם)".to_string()),
                Just("،".to_string()),
                Just("-".to_string()),
                Just("1,5".to_string()),
            ]
        }

        fn text() -> impl Strategy<Value = String> {
            prop::collection::vec(word(), 1..14).prop_map(|w| w.join(" "))
        }

        proptest! {
            /// Every code point is placed on its line without overlapping
            /// another, and a span's strips cover exactly its glyphs.
            #[test]
            fn strips_cover_exactly_the_span(t in text(), width in 8.0f32..60.0, a in 0usize..80, len in 0usize..40) {
                let p = lay(&t, width);
                let n = p.char_count();
                let a = a.min(n);
                let b = (a + len).min(n);
                let strips = p.span_strips(a, b);
                for c in 0..n {
                    let (l, r) = p.extent(c).unwrap_or_default();
                    let line = p.line_of(c).unwrap_or_default();
                    let m = (l + r) / 2.0;
                    let inside = strips.iter().any(|s| s.0 == line && s.1 <= m && m <= s.2);
                    prop_assert_eq!(inside, (a..b).contains(&c), "code point {} of {:?}", c, t);
                }
            }

            /// A drag along one line that covers a logically contiguous set of
            /// code points stores exactly that set.
            #[test]
            fn contiguous_visual_selections_are_exact(t in text(), width in 8.0f32..60.0, x0 in 0.0f32..60.0, x1 in 0.0f32..60.0, line in 0usize..8) {
                let p = lay(&t, width);
                let line = line % p.lines.len();
                let (lo, hi) = (x0.min(x1), x0.max(x1));
                let under: Vec<usize> = p.lines[line].chars.clone().filter(|&c| {
                    let (l, r) = p.extent(c).unwrap_or_default();
                    let m = (l + r) / 2.0;
                    lo <= m && m <= hi
                }).collect();
                let contiguous = under.windows(2).all(|w| w[1] == w[0] + 1);
                if let (true, Some(&first), Some(&last)) = (contiguous, under.first(), under.last()) {
                    prop_assert_eq!(p.covered(line, x0, x1), Some(first..last + 1));
                } else if under.is_empty() {
                    prop_assert_eq!(p.covered(line, x0, x1), None);
                }
            }

            /// Lines partition the paragraph in logical order and pieces on a
            /// line do not overlap.
            #[test]
            fn lines_partition_the_text(t in text(), width in 4.0f32..60.0) {
                let p = lay(&t, width);
                let mut next = 0;
                for line in &p.lines {
                    prop_assert_eq!(line.chars.start, next);
                    next = line.chars.end;
                    let mut x = f32::NEG_INFINITY;
                    for &k in &line.pieces {
                        prop_assert!(p.pieces[k].x >= x - 1e-3);
                        x = p.pieces[k].x + p.pieces[k].width;
                    }
                }
                prop_assert_eq!(next, t.chars().count());
            }
        }
    }
}
