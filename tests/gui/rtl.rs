//! Right-to-left articles in the window: what is dragged over on screen is
//! what is highlighted and what the file stores.

use crate::support;

use crate::harness::*;
use crosscheck::app::OpenRequest;
use egui::{Key, Pos2, Rect};

const ARABIC: &str = "الشرطة ترسل ضباطا إلى لندن\n\nقالت الشرطة يوم الأحد إن 25 ضابطا من مقاطعة Kent وصلوا إلى لندن صباح اليوم، وأضاف المتحدث أن قوات Hampshire لم ترسل أحدا حتى الآن (بحسب البيان الرسمي).\n";
const HEBREW: &str =
    "המשטרה שלחה שוטרים\n\nהמשטרה הודיעה ביום ראשון כי 25 שוטרים (מתוך 40) הגיעו ללונדון.\n";

fn fixture(name: &str, text: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join(name), text).unwrap();
    open_app_with_font(
        dir,
        OpenRequest::Path(corpus),
        Some("DejaVuSans-ArabicHebrew.ttf"),
        false,
    )
}

fn glyph(f: &Fixture, pos: usize) -> Rect {
    f.app().ui.panes[0]
        .view
        .glyph_rect(pos)
        .unwrap_or_else(|| panic!("code point {pos} is not on screen"))
}

/// Glyph rectangles of every code point of `range` that has a visible glyph.
fn glyphs(f: &Fixture, range: std::ops::Range<usize>) -> Vec<(usize, Rect)> {
    range
        .filter_map(|c| f.app().ui.panes[0].view.glyph_rect(c).map(|r| (c, r)))
        .collect()
}

/// The code points on the same screen line as `pos`.
fn same_line(f: &Fixture, pos: usize, para: std::ops::Range<usize>) -> Vec<(usize, Rect)> {
    let y = glyph(f, pos).center().y;
    glyphs(f, para)
        .into_iter()
        .filter(|(_, r)| (r.center().y - y).abs() < 2.0)
        .collect()
}

fn drag_and_label(f: &mut Fixture, from: Pos2, to: Pos2) -> String {
    drag(f, from, to);
    key(f, Key::Num1);
    f.harness.run_steps(2);
    only_claim(f.app()).span.quote
}

/// Drags from the right end of the paragraph's first line leftwards over
/// its first two words on screen and checks they are its first two words
/// in the file.
fn first_two_visual_words(name: &str, text: &str, para_start: &str, two_words: &str) {
    let mut f = fixture(name, text);
    let start = offset_of(f.app(), 0, para_start);
    let len = text.lines().nth(2).map_or(0, |l| l.chars().count());
    let line = same_line(&f, start, start..start + len);
    // The paragraph reads right to left: its first code point is the
    // rightmost glyph of its first line.
    let rightmost = line
        .iter()
        .max_by(|a, b| a.1.right().total_cmp(&b.1.right()))
        .map(|(c, _)| *c);
    assert_eq!(
        rightmost,
        Some(start),
        "{name}: the first letter is on the right"
    );
    let second_end = start + two_words.chars().count() - 1;
    let from = glyph(&f, start);
    let to = glyph(&f, second_end);
    assert!(
        to.left() < from.left(),
        "the second word is left of the first"
    );
    let quote = drag_and_label(
        &mut f,
        Pos2::new(from.right() - 1.0, from.center().y),
        Pos2::new(to.left() + 1.0, to.center().y),
    );
    assert_eq!(quote, two_words);
    // The highlight is drawn over exactly those glyphs: nothing else on the
    // line is covered by the claim's rectangles.
    f.harness.run_steps(2);
    let claim = only_claim(f.app());
    let covered: Vec<usize> = line
        .iter()
        .filter(|(c, _)| (claim.span.start..claim.span.end).contains(c))
        .map(|(c, _)| *c)
        .collect();
    let leftmost_covered = covered
        .iter()
        .map(|&c| glyph(&f, c).left())
        .fold(f32::MAX, f32::min);
    for (c, r) in &line {
        if !(claim.span.start..claim.span.end).contains(c) {
            assert!(
                r.center().x < leftmost_covered,
                "{name}: code point {c} outside the claim sits left of it"
            );
        }
    }
}

#[test]
fn arabic_first_two_visual_words_are_the_first_two_logical_words() {
    first_two_visual_words("ar.txt", ARABIC, "قالت", "قالت الشرطة");
}

#[test]
fn hebrew_first_two_visual_words_are_the_first_two_logical_words() {
    first_two_visual_words("he.txt", HEBREW, "המשטרה הודיעה", "המשטרה הודיעה");
}

#[test]
fn joined_arabic_letters_each_have_their_own_place_right_to_left() {
    let f = fixture("ar.txt", ARABIC);
    let word = offset_of(f.app(), 0, "الشرطة يوم");
    let centers: Vec<f32> = (word..word + 6).map(|c| glyph(&f, c).center().x).collect();
    assert!(
        centers.windows(2).all(|w| w[0] > w[1]),
        "each letter left of the one before it: {centers:?}"
    );
}

#[test]
fn a_latin_word_inside_an_arabic_line() {
    let mut f = fixture("ar.txt", ARABIC);
    let kent = offset_of(f.app(), 0, "Kent");
    let k = glyph(&f, kent);
    let t = glyph(&f, kent + 3);
    // Left to right inside the right-to-left line.
    assert!(k.left() < t.left());
    // …and left of the Arabic word before it in the text.
    let before = offset_of(f.app(), 0, "مقاطعة");
    assert!(glyph(&f, before).left() > t.right());
    let quote = drag_and_label(
        &mut f,
        Pos2::new(k.left() + 1.0, k.center().y),
        Pos2::new(t.right() - 1.0, t.center().y),
    );
    assert_eq!(quote, "Kent");
}

#[test]
fn shift_arrow_moves_the_end_edge_on_screen_terms() {
    let mut f = fixture("ar.txt", ARABIC);
    let start = offset_of(f.app(), 0, "قالت");
    let from = glyph(&f, start);
    let to = glyph(&f, start + 3);
    drag(
        &mut f,
        Pos2::new(from.right() - 1.0, from.center().y),
        Pos2::new(to.left() + 1.0, to.center().y),
    );
    assert_eq!(f.app().ui.panes[0].view.selection, Some((start, start + 4)));
    // Shift+Left extends the highlight leftwards on screen, which in
    // right-to-left text is towards the end of the text.
    key_mod(&mut f, egui::Modifiers::SHIFT, Key::ArrowLeft);
    let (s, e) = f.app().ui.panes[0].view.selection.unwrap_or_default();
    assert_eq!(s, start);
    assert_eq!(
        e,
        offset_of(f.app(), 0, "الشرطة يوم") + "الشرطة".chars().count()
    );
}

/// Every document of the hostile corpus (emoji, combining marks, CRLF,
/// cp1252, Hebrew and Arabic, a 200 kB line mixing Hebrew into Latin, CJK)
/// is drawn, and a drag over its first line stores text that is in the
/// document at the stored offsets.
#[test]
fn the_hostile_corpus_keeps_rendering() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = support::write_hostile(dir.path());
    let mut f = open_app_with_font(
        dir,
        OpenRequest::Path(corpus),
        Some("DejaVuSans-ArabicHebrew.ttf"),
        true,
    );
    let count = f
        .app()
        .session()
        .map_or(0, |s| s.workspace().corpus.documents.len());
    assert!(count >= 8, "{count} documents");
    for _ in 0..count {
        f.harness.run_steps(2);
        let doc = f.app().pane_doc(0).unwrap().clone();
        let view = &f.app().ui.panes[0].view;
        if let (Some(a), Some(b)) = (view.glyph_rect(0), view.glyph_rect(3)) {
            let (from, to) = if a.left() < b.left() {
                (a.left() + 1.0, b.right() - 1.0)
            } else {
                (a.right() - 1.0, b.left() + 1.0)
            };
            drag(
                &mut f,
                Pos2::new(from, a.center().y),
                Pos2::new(to, a.center().y),
            );
            if let Some((s, e)) = f.app().ui.panes[0].view.selection {
                let text: String = doc.text.chars().skip(s).take(e - s).collect();
                assert!(!text.is_empty() && s < e, "{}: {s}..{e}", doc.id);
            }
        }
        key(&mut f, Key::Escape);
        key(&mut f, Key::CloseBracket);
    }
}
