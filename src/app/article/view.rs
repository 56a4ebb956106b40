//! The article view: a long text laid out one paragraph at a time (only the
//! visible ones), with highlights drawn under the text and mouse selection
//! that snaps to words.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use egui::{Color32, Pos2, Rect, Sense, Stroke, pos2, vec2};

use super::para_layout::{self, ParaLayout, ParaPoint};
use crate::corpus::Document;
use crate::project::{ClaimId, Claims, Label};
use crate::session::highlights::{DocMarks, Mark};
use crate::text::{sentence_around, snap_to_graphemes, snap_to_words};

/// Paragraphs longer than this are cut (at a space) into several galleys, so
/// one enormous line never has to be laid out whole.
const MAX_PARAGRAPH_CHARS: usize = 3000;
/// Readable line length, in multiples of the font size (about 75 characters).
const MEASURE_EMS: f32 = 38.0;
const LINE_SPACING: f32 = 1.55;
/// How close (in points) to a selected claim's edge a drag grabs the edge.
const EDGE_GRAB: f32 = 6.0;

/// Identifies a highlighted span: a claim, or one of its evidence spans.
pub type MarkKey = (ClaimId, Option<String>);

pub fn mark_key(mark: &Mark) -> MarkKey {
    (mark.claim.clone(), mark.evidence.clone())
}

#[derive(Clone, Debug)]
struct Paragraph {
    /// Code points.
    chars: Range<usize>,
    bytes: Range<usize>,
}

/// Where each paragraph sits, for one document at one width and font size.
#[derive(Default)]
struct Layout {
    doc: String,
    hash: String,
    key: (u32, u32),
    paragraphs: Vec<Paragraph>,
    heights: Vec<f32>,
    tops: Vec<f32>,
    total: f32,
}

fn paragraphs_of(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut char_pos = 0;
    let mut byte_pos = 0;
    for line in text.split('\n') {
        let line_chars = line.chars().count();
        if !line.trim().is_empty() {
            // Split very long lines at spaces near the limit.
            let mut start_b = 0;
            let mut start_c = 0;
            while line_chars - start_c > MAX_PARAGRAPH_CHARS {
                let rest = &line[start_b..];
                let cut_c = MAX_PARAGRAPH_CHARS;
                let cut_b = rest
                    .char_indices()
                    .nth(cut_c)
                    .map_or(rest.len(), |(b, _)| b);
                let (len_b, len_c) = match rest[..cut_b].rfind(' ') {
                    Some(space) if space > 0 => (space + 1, rest[..=space].chars().count()),
                    _ => (cut_b, cut_c),
                };
                out.push(Paragraph {
                    chars: char_pos + start_c..char_pos + start_c + len_c,
                    bytes: byte_pos + start_b..byte_pos + start_b + len_b,
                });
                start_b += len_b;
                start_c += len_c;
            }
            out.push(Paragraph {
                chars: char_pos + start_c..char_pos + line_chars,
                bytes: byte_pos + start_b..byte_pos + line.len(),
            });
        }
        char_pos += line_chars + 1;
        byte_pos += line.len() + 1;
    }
    out
}

impl Layout {
    fn ensure(&mut self, doc: &Document, width: f32, font_size: f32) {
        let key = (width.to_bits(), font_size.to_bits());
        if self.doc == doc.id && self.hash == doc.hash && self.key == key {
            return;
        }
        if self.doc != doc.id || self.hash != doc.hash {
            self.paragraphs = paragraphs_of(&doc.text);
        }
        self.doc = doc.id.clone();
        self.hash = doc.hash.clone();
        self.key = key;
        // Estimate until measured: average glyph about half the font size wide.
        let per_line = (width / (font_size * 0.5)).max(10.0);
        let line = font_size * LINE_SPACING;
        self.heights = self
            .paragraphs
            .iter()
            .map(|p| ((p.chars.len() as f32 / per_line).ceil().max(1.0)) * line)
            .collect();
        self.recompute_tops(font_size);
    }

    fn gap(font_size: f32) -> f32 {
        font_size * 0.9
    }

    fn recompute_tops(&mut self, font_size: f32) {
        let gap = Self::gap(font_size);
        let mut y = 0.0;
        self.tops = self
            .heights
            .iter()
            .map(|h| {
                let top = y;
                y += h + gap;
                top
            })
            .collect();
        self.total = y;
    }

    /// Index of the paragraph at content height `y` (or the last before it).
    fn index_at(&self, y: f32) -> usize {
        self.tops.partition_point(|&t| t <= y).saturating_sub(1)
    }

    /// Index of the paragraph holding code point `pos` (or the next one).
    fn index_of_char(&self, pos: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.chars.end < pos)
            .min(self.paragraphs.len().saturating_sub(1))
    }
}

enum Drag {
    /// Selecting text; where the drag began.
    Select { anchor: Hit },
    /// Moving one edge of a selected claim; `fixed` is the other edge.
    Edge { claim: ClaimId, fixed: usize },
}

/// A place in the article under the pointer.
#[derive(Clone, Copy, Debug)]
struct Hit {
    /// Index of the paragraph, and its first code point.
    para: usize,
    start: usize,
    point: ParaPoint,
}

impl Hit {
    fn boundary(&self) -> usize {
        self.start + self.point.boundary
    }
}

/// The code points a drag from `a` to `b` selects. On one line of mixed
/// text: those drawn between the two places (the logical range covering
/// them). Across lines: from the first place to the second in reading order,
/// each paragraph read in its own direction.
fn selection_between(a: &Hit, b: &Hit, layout: Option<&ParaLayout>) -> (usize, usize) {
    if a.para == b.para && a.point.line == b.point.line {
        if let Some(l) = layout.filter(|l| !l.is_plain()) {
            return match l.covered(a.point.line, a.point.x, b.point.x) {
                Some(r) => (a.start + r.start, a.start + r.end),
                None => (a.boundary(), a.boundary()),
            };
        }
        let (x, y) = (a.boundary(), b.boundary());
        return (x.min(y), x.max(y));
    }
    let (first, second) = if (a.para, a.point.line) < (b.para, b.point.line) {
        (a, b)
    } else {
        (b, a)
    };
    let s = first.start + first.point.after;
    let e = second.start + second.point.before;
    (s.min(e), s.max(e))
}

/// Something the person did in the view that the session acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArticleEvent {
    /// A click (not a drag) at this code point.
    Clicked { pos: usize, marks: Vec<MarkKey> },
    /// A finished drag selection, already snapped.
    Selected { start: usize, end: usize },
    /// A claim's edge was dragged to make this span.
    Resized {
        claim: ClaimId,
        start: usize,
        end: usize,
    },
}

/// What the caller tells the view about the project for this frame.
pub struct ViewContext<'a> {
    pub doc: &'a Document,
    pub marks: Option<&'a DocMarks>,
    pub labels: &'a [Label],
    pub claims: &'a Claims,
    pub selected: Option<&'a ClaimId>,
    /// Spans to outline strongly (the selected claim's evidence).
    pub outlined: &'a HashSet<MarkKey>,
    pub font_size: f32,
    pub dark: bool,
    /// Other annotators' claims in this document while comparing:
    /// (lane, colour, start, end), drawn as thin lines over the text.
    pub lanes: &'a [(usize, Color32, usize, usize)],
    /// Matches of the find bar (sorted), and the current one.
    pub finds: &'a [(usize, usize)],
    pub find_current: Option<(usize, usize)>,
}

/// Per frame: the events, and where things ended up on screen.
pub struct ArticleOutput {
    pub events: Vec<ArticleEvent>,
    /// Screen rectangles of visible spans (first row rect of each), for
    /// connectors between panes and for placing the label bar.
    pub span_rects: Vec<(MarkKey, Rect)>,
    /// Last row rectangle of the pending selection, when visible.
    pub selection_rect: Option<Rect>,
    /// The view's whole rectangle on screen.
    pub rect: Rect,
    /// Paragraphs laid out this frame (for tests and benchmarks).
    pub laid_out: usize,
}

/// State of one article pane.
pub struct ArticleView {
    id: egui::Id,
    layout: Layout,
    drag: Option<Drag>,
    /// The pending selection (code points), live while dragging.
    pub selection: Option<(usize, usize)>,
    /// Scroll so this code point is in view, on the next frame.
    pub scroll_to: Option<usize>,
    /// A span to flash, until the given time.
    pub flash: Option<(usize, usize, f64)>,
    /// Edges of the selected claim on screen last frame: (start, end).
    selected_edges: Option<(Rect, Rect)>,
    /// Paragraphs drawn last frame: index, screen position, layout.
    visible: Vec<(usize, Pos2, ParaLayout)>,
    /// Mixed-direction paragraphs laid out recently (egui caches plain
    /// galleys itself), valid for `cache_key`.
    bidi_cache: HashMap<usize, ParaLayout>,
    cache_key: Option<CacheKey>,
    /// (document hash, scripts no installed font draws).
    font_gaps: Option<(String, Vec<&'static str>)>,
}

/// What a cached paragraph layout depends on.
#[derive(Clone, PartialEq)]
struct CacheKey {
    doc: String,
    hash: String,
    width: u32,
    font: u32,
    color: Color32,
    pixels_per_point: u32,
    /// The font atlas's fill; it drops when egui clears the atlas, and the
    /// cached galleys then point into nothing.
    atlas_fill: u32,
}

impl ArticleView {
    pub fn new(id_salt: &str) -> Self {
        Self {
            id: egui::Id::unique(("article", id_salt)),
            layout: Layout::default(),
            drag: None,
            selection: None,
            scroll_to: None,
            flash: None,
            selected_edges: None,
            visible: Vec::new(),
            bidi_cache: HashMap::new(),
            cache_key: None,
            font_gaps: None,
        }
    }

    /// Where code point `pos` was drawn last frame (a zero-width rectangle
    /// at its left edge), if its paragraph was visible.
    pub fn char_rect(&self, pos: usize) -> Option<Rect> {
        self.visible.iter().find_map(|(i, gpos, layout)| {
            let para = &self.layout.paragraphs[*i];
            if para.chars.contains(&pos) {
                layout.edge_rect(*gpos, pos - para.chars.start, true)
            } else {
                None
            }
        })
    }

    /// Scripts of `doc` that no installed font draws (computed once per
    /// document).
    pub fn missing_scripts(
        &mut self,
        ctx: &egui::Context,
        doc: &Document,
        font_size: f32,
    ) -> &[&'static str] {
        if self.font_gaps.as_ref().is_none_or(|(h, _)| h != &doc.hash) {
            let font = egui::FontId::proportional(font_size);
            let gaps = para_layout::missing_scripts(ctx, &doc.text, &font);
            self.font_gaps = Some((doc.hash.clone(), gaps));
        }
        self.font_gaps.as_ref().map_or(&[], |(_, g)| g.as_slice())
    }

    /// The rectangle of the glyph(s) drawing code point `pos`, when its
    /// paragraph was drawn last frame.
    pub fn glyph_rect(&self, pos: usize) -> Option<Rect> {
        self.visible.iter().find_map(|(i, gpos, layout)| {
            let para = &self.layout.paragraphs[*i];
            if para.chars.contains(&pos) {
                let local = pos - para.chars.start;
                layout
                    .span_rects(*gpos, local, local + 1)
                    .into_iter()
                    .next()
            } else {
                None
            }
        })
    }

    /// Whether the paragraph holding code point `pos` reads right to left
    /// (arrow keys then move edges the other way in code points).
    pub fn reads_rtl_at(&self, text: &str, pos: usize) -> bool {
        let i = self.layout.index_of_char(pos);
        self.layout
            .paragraphs
            .get(i)
            .and_then(|p| text.get(p.bytes.clone()))
            .is_some_and(crate::text::bidi::is_rtl)
    }

    /// How many paragraphs the shown document has.
    pub fn paragraph_count(&self) -> usize {
        self.layout.paragraphs.len()
    }

    pub fn is_dragging(&self) -> bool {
        self.drag.is_some()
    }

    /// Forgets per-document state when another document is shown.
    pub fn reset_for_new_doc(&mut self) {
        self.drag = None;
        self.selection = None;
        self.flash = None;
        self.selected_edges = None;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewContext<'_>) -> ArticleOutput {
        let mut out = ArticleOutput {
            events: Vec::new(),
            span_rects: Vec::new(),
            selection_rect: None,
            rect: Rect::NOTHING,
            laid_out: 0,
        };
        let font_size = cx.font_size;
        let avail = ui.available_width();
        let margin = (font_size * 1.5).min(avail * 0.05);
        let width = (avail - 2.0 * margin - 16.0)
            .min(font_size * MEASURE_EMS)
            .max(80.0)
            .round();
        self.layout.ensure(cx.doc, width, font_size);

        let mut scroll = egui::ScrollArea::vertical()
            .id_salt(self.id)
            .auto_shrink([false, false]);
        let viewport_height = ui.available_height();
        if let Some(pos) = self.scroll_to.take() {
            let i = self.layout.index_of_char(pos);
            let y = self.layout.tops.get(i).copied().unwrap_or(0.0);
            scroll = scroll.vertical_scroll_offset((y - viewport_height / 3.0).max(0.0));
        }

        let text_color = ui.visuals().text_color();
        let now = ui.input(|i| i.time);
        scroll.show_viewport(ui, |ui, viewport| {
            ui.set_height(self.layout.total.max(viewport.height()));
            ui.set_width(ui.available_width());
            let origin = ui.max_rect().min;
            let left = origin.x + margin + ((avail - 2.0 * margin - 16.0 - width) / 2.0).max(0.0);
            let screen_viewport = viewport.translate(origin.to_vec2());
            let response = ui.interact(
                screen_viewport,
                self.id.with("text"),
                Sense::click_and_drag(),
            );
            out.rect = screen_viewport;

            // Lay out the visible paragraphs (and one either side, for drags).
            let first = self.layout.index_at(viewport.min.y).saturating_sub(1);
            self.check_cache(ui, cx.doc, width, font_size, text_color);
            let mut visible: Vec<(usize, Pos2, ParaLayout)> = Vec::new();
            let mut heights_changed = false;
            let mut i = first;
            while i < self.layout.paragraphs.len() {
                let top = self.layout.tops[i];
                if top > viewport.max.y + font_size * 4.0 {
                    break;
                }
                let para = &self.layout.paragraphs[i];
                let text = &cx.doc.text[para.bytes.clone()];
                let galley = match self.bidi_cache.get(&i) {
                    Some(cached) => cached.clone(),
                    None => {
                        let mut fonts = |job| ui.painter().layout_job(job);
                        let laid = para_layout::layout(
                            &mut fonts,
                            text,
                            width,
                            font_size,
                            font_size * LINE_SPACING,
                            text_color,
                        );
                        if !laid.is_plain() {
                            self.bidi_cache.insert(i, laid.clone());
                        }
                        laid
                    }
                };
                let h = galley.size().y;
                if (h - self.layout.heights[i]).abs() > 0.5 {
                    self.layout.heights[i] = h;
                    heights_changed = true;
                }
                visible.push((i, pos2(left, origin.y + top), galley));
                i += 1;
            }
            out.laid_out = visible.len();
            let (lo, hi) = (first.saturating_sub(32), i + 32);
            self.bidi_cache.retain(|k, _| (lo..hi).contains(k));

            let pointer = ui.input(|inp| inp.pointer.interact_pos());
            let para_chars: Vec<Range<usize>> = visible
                .iter()
                .map(|(i, _, _)| self.layout.paragraphs[*i].chars.clone())
                .collect();
            let hit = |pos: Pos2| -> Option<Hit> {
                let k = visible
                    .iter()
                    .position(|(_, gpos, g)| pos.y < gpos.y + g.size().y + font_size * 0.45)
                    .or_else(|| visible.len().checked_sub(1))?;
                let (i, gpos, layout) = &visible[k];
                let chars = &para_chars[k];
                let mut point = layout.point(pos - *gpos);
                let len = chars.len();
                for v in [
                    &mut point.boundary,
                    &mut point.char,
                    &mut point.after,
                    &mut point.before,
                ] {
                    *v = (*v).min(len);
                }
                Some(Hit {
                    para: *i,
                    start: chars.start,
                    point,
                })
            };
            let layout_of = |para: usize| {
                visible
                    .iter()
                    .find(|(i, _, _)| *i == para)
                    .map(|(_, _, l)| l)
            };

            self.handle_pointer(ui, &response, cx, pointer, &hit, &layout_of, &mut out);

            // Draw: highlights under the text, then text, then outlines.
            let painter = ui.painter_at(screen_viewport);
            let selected_edges = self.draw(ui, &painter, cx, &visible, now, &mut out);
            self.selected_edges = selected_edges;

            if let Some(pos) = response.hover_pos() {
                let under = hit(pos).map(|h| h.start + h.point.char);
                self.hover_tooltip_ui(&response, cx, under);
            }
            self.find_ticks(ui, screen_viewport, cx);
            if heights_changed {
                self.layout.recompute_tops(font_size);
            }
            self.visible = visible;
        });
        out
    }

    /// Marks beside the scroll bar where the find matches are in the
    /// whole article (one per pixel row at most).
    fn find_ticks(&self, ui: &egui::Ui, viewport: Rect, cx: &ViewContext<'_>) {
        if cx.finds.is_empty() || self.layout.total <= 0.0 {
            return;
        }
        let painter = ui.ctx().layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            self.id.with("find-ticks"),
        ));
        let x = viewport.right() - 14.0;
        let height = viewport.height();
        let mut last_row = f32::NEG_INFINITY;
        for &(s, e) in cx.finds {
            let i = self.layout.index_of_char(s);
            let top = self.layout.tops.get(i).copied().unwrap_or(0.0);
            let y = viewport.top() + top / self.layout.total * height;
            if y - last_row < 1.0 {
                continue;
            }
            last_row = y;
            let color = if cx.find_current == Some((s, e)) {
                Color32::from_rgb(255, 120, 0)
            } else {
                Color32::from_rgb(255, 170, 40)
            };
            painter.line_segment([pos2(x, y), pos2(x + 10.0, y)], Stroke::new(2.0, color));
        }
    }

    /// Lays out again what depended on the width, the font or the atlas.
    fn check_cache(
        &mut self,
        ui: &egui::Ui,
        doc: &Document,
        width: f32,
        font_size: f32,
        color: Color32,
    ) {
        let atlas_fill = ui.ctx().fonts(|f| f.font_atlas_fill_ratio());
        let key = CacheKey {
            doc: doc.id.clone(),
            hash: doc.hash.clone(),
            width: width.to_bits(),
            font: font_size.to_bits(),
            color,
            pixels_per_point: ui.ctx().pixels_per_point().to_bits(),
            atlas_fill: 0,
        };
        let stale = match &self.cache_key {
            Some(old) => {
                CacheKey {
                    atlas_fill: 0,
                    ..old.clone()
                } != key
                    || atlas_fill < f32::from_bits(old.atlas_fill)
            }
            None => true,
        };
        if stale {
            self.bidi_cache.clear();
        }
        self.cache_key = Some(CacheKey {
            atlas_fill: atlas_fill.to_bits(),
            ..key
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn handle_pointer<'v>(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        cx: &ViewContext<'_>,
        pointer: Option<Pos2>,
        hit: &dyn Fn(Pos2) -> Option<Hit>,
        layout_of: &dyn Fn(usize) -> Option<&'v ParaLayout>,
        out: &mut ArticleOutput,
    ) {
        let alt = ui.input(|i| i.modifiers.alt);
        let over_edge = |p: Pos2| {
            self.selected_edges.and_then(|(s, e)| {
                if s.expand2(vec2(EDGE_GRAB, 0.0)).contains(p) {
                    Some(true)
                } else if e.expand2(vec2(EDGE_GRAB, 0.0)).contains(p) {
                    Some(false)
                } else {
                    None
                }
            })
        };
        if let Some(p) = response.hover_pos() {
            if over_edge(p).is_some() {
                ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
            } else {
                ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
            }
        }

        if response.drag_started() {
            let origin = ui.input(|i| i.pointer.press_origin()).or(pointer);
            if let Some(origin) = origin {
                let edge = over_edge(origin);
                let selected = cx.selected.and_then(|id| {
                    cx.marks?
                        .all()
                        .iter()
                        .find(|m| &m.claim == id && m.evidence.is_none())
                });
                self.drag = match (edge, selected) {
                    (Some(is_start), Some(mark)) => Some(Drag::Edge {
                        claim: mark.claim.clone(),
                        fixed: if is_start { mark.end } else { mark.start },
                    }),
                    _ => hit(origin).map(|anchor| Drag::Select { anchor }),
                };
            }
        }
        if let (Some(drag), Some(p)) = (&self.drag, pointer) {
            if let Some(here) = hit(p) {
                self.selection = Some(match drag {
                    Drag::Select { anchor } => {
                        selection_between(anchor, &here, layout_of(here.para))
                    }
                    Drag::Edge { fixed, .. } => {
                        let pos = here.boundary();
                        (pos.min(*fixed), pos.max(*fixed))
                    }
                });
            }
            // Scroll when the drag reaches the top or bottom edge.
            let rect = response.rect;
            let band = 24.0;
            if p.y < rect.top() + band {
                ui.scroll_with_delta(vec2(0.0, 12.0));
                ui.ctx().request_repaint();
            } else if p.y > rect.bottom() - band {
                ui.scroll_with_delta(vec2(0.0, -12.0));
                ui.ctx().request_repaint();
            }
        }
        if response.drag_stopped() {
            let drag = self.drag.take();
            let span = self.selection.take().and_then(|(s, e)| {
                if alt {
                    snap_to_graphemes(&cx.doc.text, &cx.doc.map, s, e)
                } else {
                    snap_to_words(&cx.doc.text, &cx.doc.map, s, e)
                }
            });
            match (drag, span) {
                (Some(Drag::Edge { claim, .. }), Some((start, end))) => {
                    out.events.push(ArticleEvent::Resized { claim, start, end });
                }
                (Some(Drag::Select { .. }), Some((start, end))) => {
                    self.selection = Some((start, end));
                    out.events.push(ArticleEvent::Selected { start, end });
                }
                _ => {}
            }
        }
        if response.double_clicked() {
            if let Some(pos) = pointer.and_then(hit).map(|h| h.start + h.point.char)
                && let Some((start, end)) = sentence_around(&cx.doc.text, &cx.doc.map, pos)
            {
                self.selection = Some((start, end));
                out.events.push(ArticleEvent::Selected { start, end });
            }
        } else if response.clicked()
            && let Some(pos) = pointer.and_then(hit).map(|h| h.start + h.point.char)
        {
            let marks = cx
                .marks
                .map(|m| {
                    m.at(pos)
                        .into_iter()
                        .filter(|m| !m.detached)
                        .map(mark_key)
                        .collect()
                })
                .unwrap_or_default();
            self.selection = None;
            out.events.push(ArticleEvent::Clicked { pos, marks });
        }
    }

    fn draw(
        &self,
        ui: &egui::Ui,
        painter: &egui::Painter,
        cx: &ViewContext<'_>,
        visible: &[(usize, Pos2, ParaLayout)],
        now: f64,
        out: &mut ArticleOutput,
    ) -> Option<(Rect, Rect)> {
        let fill_alpha = if cx.dark { 0.38 } else { 0.30 };
        let label_color = |label: Option<&str>| -> Color32 {
            label
                .and_then(|l| cx.labels.iter().find(|x| x.id == l))
                .map_or(Color32::GRAY, |l| {
                    let [r, g, b] = l.rgb();
                    Color32::from_rgb(r, g, b)
                })
        };
        let strong = ui.visuals().strong_text_color();
        let sel_fill = ui.visuals().selection.bg_fill;
        let mut selected_first: Option<Rect> = None;
        let mut selected_last: Option<Rect> = None;
        let mut seen_rects: HashSet<MarkKey> = HashSet::new();

        for (i, gpos, galley) in visible {
            let para = &self.layout.paragraphs[*i];
            let (ps, pe) = (para.chars.start, para.chars.end);
            let marks: Vec<&Mark> = cx
                .marks
                .map(|m| {
                    m.overlapping(ps, pe.max(ps + 1))
                        .filter(|m| !m.detached)
                        .collect()
                })
                .unwrap_or_default();
            let lanes = lanes_of(&marks);

            // Fills first (claims only), so text stays on top.
            for mark in marks.iter().filter(|m| m.evidence.is_none()) {
                let color = label_color(mark.label.as_deref()).gamma_multiply(fill_alpha);
                for r in span_rects(galley, *gpos, ps, pe, mark.start, mark.end) {
                    painter.rect_filled(r, 2.0, color);
                }
            }
            // Find matches in this paragraph: a binary search, not a scan.
            let from = cx.finds.partition_point(|&(_, e)| e <= ps);
            for &(s, e) in cx.finds[from..].iter().take_while(|&&(s, _)| s < pe) {
                let current = cx.find_current == Some((s, e));
                let color = if current {
                    Color32::from_rgb(255, 150, 0)
                } else {
                    Color32::from_rgba_unmultiplied(255, 190, 60, 110)
                };
                for r in span_rects(galley, *gpos, ps, pe, s, e) {
                    painter.rect_filled(r.expand(1.0), 2.0, color);
                }
            }
            if let Some((s, e)) = self.selection {
                for r in span_rects(galley, *gpos, ps, pe, s, e) {
                    painter.rect_filled(r, 2.0, sel_fill);
                    out.selection_rect = Some(r);
                }
            }
            galley.paint(painter, *gpos, ui.visuals().text_color());

            // Compared files: one thin lane per annotator along the top of
            // the text, apart from this project's underlines below it.
            for (lane, color, start, end) in cx.lanes {
                if *end <= ps || *start >= pe {
                    continue;
                }
                for r in span_rects(galley, *gpos, ps, pe, *start, *end) {
                    let y = r.top() + 1.0 + *lane as f32 * 3.0;
                    painter.line_segment(
                        [pos2(r.left(), y), pos2(r.right(), y)],
                        Stroke::new(2.0, *color),
                    );
                }
            }

            for (mark, lane) in marks.iter().zip(&lanes) {
                let color = label_color(mark.label.as_deref());
                let key = mark_key(mark);
                let rects = span_rects(galley, *gpos, ps, pe, mark.start, mark.end);
                if let Some(first) = rects.first()
                    && seen_rects.insert(key.clone())
                {
                    out.span_rects.push((key.clone(), *first));
                }
                let is_selected = mark.evidence.is_none() && Some(&mark.claim) == cx.selected;
                let outlined = cx.outlined.contains(&key);
                for r in &rects {
                    // Stacked underlines keep overlapping claims apart.
                    let y = r.bottom() - 1.0 - *lane as f32 * 3.0;
                    if mark.evidence.is_none() {
                        painter.line_segment(
                            [pos2(r.left(), y), pos2(r.right(), y)],
                            Stroke::new(2.0, color),
                        );
                    } else {
                        // Evidence: a dashed underline in the relation's colour.
                        let dashes = egui::Shape::dashed_line(
                            &[pos2(r.left(), y), pos2(r.right(), y)],
                            Stroke::new(2.0, color),
                            5.0,
                            3.0,
                        );
                        painter.extend(dashes);
                    }
                    if outlined {
                        painter.rect_stroke(
                            r.expand(1.0),
                            3.0,
                            Stroke::new(2.0, color),
                            egui::StrokeKind::Outside,
                        );
                    }
                    if is_selected {
                        painter.rect_stroke(
                            r.expand(1.0),
                            3.0,
                            Stroke::new(2.0, strong),
                            egui::StrokeKind::Outside,
                        );
                    }
                }
                if is_selected {
                    if (ps..pe).contains(&mark.start) {
                        selected_first = galley.edge_rect(*gpos, mark.start - ps, true);
                    }
                    if mark.end > ps && mark.end <= pe {
                        selected_last = galley.edge_rect(*gpos, mark.end - ps, false);
                    }
                }
            }
            if let Some((s, e, until)) = self.flash
                && now < until
            {
                let t = ((until - now) * 4.0).sin().abs() as f32;
                for r in span_rects(galley, *gpos, ps, pe, s, e) {
                    painter.rect_stroke(
                        r.expand(3.0),
                        4.0,
                        Stroke::new(3.0, strong.gamma_multiply(0.3 + 0.7 * t)),
                        egui::StrokeKind::Outside,
                    );
                }
                ui.ctx().request_repaint();
            }
        }
        match (selected_first, selected_last) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        }
    }

    fn hover_tooltip_ui(
        &self,
        response: &egui::Response,
        cx: &ViewContext<'_>,
        pos: Option<usize>,
    ) {
        if self.drag.is_some() {
            return;
        }
        let Some(marks) = pos.and_then(|p| cx.marks.map(|m| m.at(p))) else {
            return;
        };
        let marks: Vec<&Mark> = marks.into_iter().filter(|m| !m.detached).collect();
        if marks.is_empty() {
            return;
        }
        let label_name = |id: Option<&str>| {
            id.map_or("no label yet".to_string(), |id| {
                cx.labels
                    .iter()
                    .find(|l| l.id == id)
                    .map_or(id.to_string(), |l| l.name.clone())
            })
        };
        response.clone().on_hover_ui_at_pointer(|ui| {
            for mark in marks {
                if let Some(info) = cx.tooltip_info(mark) {
                    match &mark.evidence {
                        None => {
                            ui.strong(format!("Claim: {}", label_name(mark.label.as_deref())));
                            if !info.note.is_empty() {
                                ui.label(format!("Note: {}", info.note));
                            }
                            ui.label(format!("{} evidence link(s)", info.evidence));
                        }
                        Some(_) => {
                            ui.strong(format!("Evidence ({})", label_name(mark.label.as_deref())));
                            ui.label(format!("for: “{}”", info.claim_quote));
                        }
                    }
                    ui.separator();
                }
            }
        });
    }
}

/// What a tooltip shows of the claim behind a mark.
pub struct TooltipInfo {
    pub note: String,
    pub evidence: usize,
    pub claim_quote: String,
}

impl ViewContext<'_> {
    fn tooltip_info(&self, mark: &Mark) -> Option<TooltipInfo> {
        let claim = self.claims.get(&mark.claim)?;
        Some(TooltipInfo {
            note: claim.note.clone(),
            evidence: claim.evidence.len(),
            claim_quote: claim.span.quote.chars().take(80).collect(),
        })
    }
}

/// Greedy lanes: each mark gets the lowest lane free of overlapping marks.
fn lanes_of(marks: &[&Mark]) -> Vec<usize> {
    let mut lane_end: Vec<usize> = Vec::new();
    marks
        .iter()
        .map(|m| {
            let lane = lane_end
                .iter()
                .position(|&e| e <= m.start)
                .unwrap_or(lane_end.len());
            if lane == lane_end.len() {
                lane_end.push(m.end);
            } else {
                lane_end[lane] = m.end;
            }
            lane.min(3)
        })
        .collect()
}

/// Screen rectangles covering code points `start..end` of a paragraph that
/// spans `ps..pe` and is drawn at `gpos`.
fn span_rects(
    layout: &ParaLayout,
    gpos: Pos2,
    ps: usize,
    pe: usize,
    start: usize,
    end: usize,
) -> Vec<Rect> {
    let a = start.max(ps);
    let b = end.min(pe);
    if a >= b {
        return Vec::new();
    }
    layout.span_rects(gpos, a - ps, b - ps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_track_code_points() {
        let text = "Émile 👍\n\nSecond line\n";
        let paras = paragraphs_of(text);
        assert_eq!(paras.len(), 2);
        assert_eq!(paras[0].chars, 0..7);
        assert_eq!(&text[paras[1].bytes.clone()], "Second line");
        assert_eq!(paras[1].chars, 9..20);
    }

    #[test]
    fn long_lines_are_cut_at_spaces() {
        let text = "word ".repeat(2000);
        let paras = paragraphs_of(&text);
        assert!(paras.len() >= 3);
        let mut next = 0;
        for p in &paras {
            assert_eq!(p.chars.start, next);
            assert!(p.chars.len() <= MAX_PARAGRAPH_CHARS);
            next = p.chars.end;
        }
        assert_eq!(next, text.chars().count());
    }
}
