//! Pages of lines become paragraphs in reading order: running headers and
//! footers and page numbers are dropped, the lines of a paragraph joined
//! with a space (a word hyphenated at a line end joined whole), and a new
//! paragraph starts at a larger vertical gap, a first-line indent, a change
//! of font size, or a jump back up the page (a new column).

use std::collections::{HashMap, HashSet};

use super::lines::Line;
use crate::extract::body::collapse_spaces;

/// How many lines at the top and at the bottom of a page are looked at for
/// running headers, footers and page numbers.
const EDGE_LINES: usize = 2;

/// The paragraphs of a document's pages, each with its lines joined, and
/// the first line kept (a title when the document names none).
pub(super) fn paragraphs(pages: &[Vec<Line>]) -> (Vec<String>, Option<String>) {
    let kept = drop_furniture(pages);
    let spacing = line_spacing(&kept);
    let mut out: Vec<String> = Vec::new();
    let mut first_line = None;
    for page in &kept {
        let left = page.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
        let mut prev: Option<&Line> = None;
        for line in page {
            if first_line.is_none() {
                first_line = Some(collapse_spaces(&line.text));
            }
            let new_paragraph = match prev {
                Some(p) => breaks(p, line, spacing),
                None => !continues_from_last_page(out.last(), line, left),
            };
            match out.last_mut() {
                Some(para) if !new_paragraph => join_line(para, &line.text),
                _ => out.push(line.text.clone()),
            }
            prev = Some(line);
        }
    }
    let paras = out
        .iter()
        .map(|p| collapse_spaces(p))
        .filter(|p| !p.is_empty())
        .collect();
    (paras, first_line.filter(|t| !t.is_empty()))
}

/// The pages without their running headers and footers and their page
/// numbers, the lines in drawing order.
fn drop_furniture(pages: &[Vec<Line>]) -> Vec<Vec<&Line>> {
    let pages: Vec<Vec<&Line>> = pages
        .iter()
        .map(|p| p.iter().filter(|l| !l.text.trim().is_empty()).collect())
        .collect();
    let edges: Vec<HashSet<usize>> = pages.iter().map(|p| edge_lines(p)).collect();
    // On how many pages each key is an edge line; a key counts once a page.
    let mut seen: HashMap<(String, i64), usize> = HashMap::new();
    for (page, edge) in pages.iter().zip(&edges) {
        let keys: HashSet<_> = edge
            .iter()
            .filter_map(|&i| page.get(i))
            .map(|l| running_key(l))
            .collect();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    let running = |line: &Line| {
        let key = running_key(line);
        let n = seen.get(&key).copied().unwrap_or(0);
        key.0.chars().any(char::is_alphabetic) && n >= 2 && n * 2 > pages.len()
    };
    pages
        .iter()
        .zip(&edges)
        .map(|(page, edge)| {
            page.iter()
                .enumerate()
                .filter(|&(i, l)| !(edge.contains(&i) && (is_page_number(&l.text) || running(l))))
                .map(|(_, l)| *l)
                .collect()
        })
        .collect()
}

/// The indices of the page's top and bottom lines, by position.
fn edge_lines(page: &[&Line]) -> HashSet<usize> {
    let mut by_height: Vec<usize> = (0..page.len()).collect();
    by_height.sort_by(|&a, &b| {
        let (ya, yb) = (
            page.get(a).map_or(0.0, |l| l.y),
            page.get(b).map_or(0.0, |l| l.y),
        );
        yb.total_cmp(&ya)
    });
    let top = by_height.iter().take(EDGE_LINES);
    let bottom = by_height.iter().rev().take(EDGE_LINES);
    top.chain(bottom).copied().collect()
}

/// What a running header or footer has in common from page to page: its
/// words without the digits (a page number, a date), and its size.
fn running_key(line: &Line) -> (String, i64) {
    let words: String = line
        .text
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .flat_map(char::to_lowercase)
        .collect();
    (collapse_spaces(&words), (line.size * 2.0).round() as i64)
}

/// A line that is only a page number: `3`, `- 3 -`, `Page 3`, `Page 3 of 7`,
/// `3 of 7`, `3/7`, `[3]`.
pub(super) fn is_page_number(text: &str) -> bool {
    let t = text.trim_matches(|c: char| c.is_whitespace() || "-–—[]()|·•".contains(c));
    let lower = t.to_lowercase();
    let rest = lower
        .strip_prefix("page")
        .or_else(|| lower.strip_prefix("p."))
        .unwrap_or(&lower)
        .trim_start();
    let number = |s: &str| !s.is_empty() && s.len() <= 6 && s.chars().all(|c| c.is_ascii_digit());
    if number(rest) {
        return true;
    }
    for sep in [" of ", "/", " / "] {
        if let Some((a, b)) = rest.split_once(sep)
            && number(a.trim())
            && number(b.trim())
        {
            return true;
        }
    }
    false
}

/// The document's usual distance between the baselines of two lines of a
/// paragraph, in font sizes: the lower quartile of the gaps between lines
/// that follow each other in the same size, since paragraph gaps only add.
fn line_spacing(pages: &[Vec<&Line>]) -> Option<f64> {
    let mut gaps: Vec<f64> = pages
        .iter()
        .flat_map(|p| p.windows(2))
        .filter_map(|w| match w {
            [a, b] if same_size(a, b) => {
                let gap = (a.y - b.y) / a.size;
                (gap > 0.5 && gap < 4.0).then_some(gap)
            }
            _ => None,
        })
        .collect();
    gaps.sort_by(f64::total_cmp);
    gaps.get(gaps.len() / 4).copied()
}

fn same_size(a: &Line, b: &Line) -> bool {
    (a.size - b.size).abs() <= 0.15 * a.size.max(b.size)
}

/// Whether `line` starts a paragraph after `prev` on the same page.
fn breaks(prev: &Line, line: &Line, spacing: Option<f64>) -> bool {
    let size = prev.size.max(line.size);
    if !same_size(prev, line) || line.y > prev.y + 0.5 * size {
        return true;
    }
    let gap = (prev.y - line.y) / size;
    let usual = spacing.unwrap_or(1.2);
    gap > usual * 1.3 + 0.1 || line.x0 > prev.x0 + 0.8 * size
}

/// Whether the first line of a page goes on with the last paragraph of the
/// page before: that paragraph stops short of a sentence's end and the line
/// starts in lower case, not indented.
fn continues_from_last_page(last: Option<&String>, line: &Line, left: f64) -> bool {
    let Some(last) = last else {
        return false;
    };
    let open = last
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| !".!?:;\"”’)]»".contains(c));
    let lower = line
        .text
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    open && lower && line.x0 <= left + 0.8 * line.size
}

/// Appends a line to its paragraph: with a space, or, after a word broken
/// by a hyphen at the line's end, joined to it (without the hyphen when the
/// line goes on in lower case, so `informa-` `tion` is `information`, and
/// with it otherwise, so `North-` `South` is `North-South`).
pub(super) fn join_line(para: &mut String, line: &str) {
    let line = line.trim_start();
    let trimmed = para.trim_end().len();
    para.truncate(trimmed);
    let mut tail = para.chars().rev();
    let last = tail.next();
    let before = tail.next();
    let hyphen =
        matches!(last, Some('-' | '\u{AD}' | '‐')) && before.is_some_and(char::is_alphabetic);
    if hyphen {
        let soft = last == Some('\u{AD}');
        if soft || line.chars().next().is_some_and(char::is_lowercase) {
            para.pop();
        }
    } else if !para.is_empty() {
        para.push(' ');
    }
    para.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(x0: f64, y: f64, size: f64, text: &str) -> Line {
        Line::new(x0, x0 + 400.0, y, size, text.to_string())
    }

    #[test]
    fn page_numbers_are_recognised() {
        for t in [
            "3",
            " - 3 - ",
            "— 12 —",
            "Page 3",
            "page 3 of 7",
            "3 of 7",
            "3/7",
            "[3]",
            "p. 4",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in [
            "",
            "3 people",
            "Page three",
            "2023: a year",
            "1234567",
            "Chapter 3",
        ] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn hyphenated_words_are_joined() {
        let mut p = "a system for informa-".to_string();
        join_line(&mut p, "tion on roads");
        assert_eq!(p, "a system for information on roads");
        let mut p = "the North-".to_string();
        join_line(&mut p, "South line");
        assert_eq!(p, "the North-South line");
        let mut p = "spent - ".to_string();
        join_line(&mut p, "more");
        assert_eq!(p, "spent - more");
        let mut p = "soft\u{AD}".to_string();
        join_line(&mut p, "Ware");
        assert_eq!(p, "softWare");
        let mut p = "-".to_string();
        join_line(&mut p, "x");
        assert_eq!(p, "- x");
    }

    #[test]
    fn gaps_indents_and_sizes_start_paragraphs() {
        let body = |y, x| line(x, y, 11.0, "words");
        let pages = vec![vec![
            line(72.0, 720.0, 18.0, "Title"),
            body(690.0, 72.0),
            body(676.0, 72.0),
            body(652.0, 72.0),
            body(638.0, 72.0),
            body(624.0, 90.0),
            body(610.0, 72.0),
        ]];
        let (paras, first) = paragraphs(&pages);
        assert_eq!(
            paras,
            ["Title", "words words", "words words", "words words"]
        );
        assert_eq!(first.as_deref(), Some("Title"));
    }

    #[test]
    fn running_headers_and_footers_are_dropped() {
        let page = |n: usize, body: &str| {
            vec![
                line(72.0, 760.0, 9.0, "Weekly Bulletin"),
                line(72.0, 700.0, 11.0, body),
                line(72.0, 40.0, 9.0, &format!("Bulletin no. {n}, 2024")),
                line(300.0, 28.0, 9.0, &n.to_string()),
            ]
        };
        let pages = vec![page(1, "One."), page(2, "Two."), page(3, "Three.")];
        let (paras, _) = paragraphs(&pages);
        assert_eq!(paras, ["One.", "Two.", "Three."]);
    }

    #[test]
    fn a_paragraph_goes_on_across_a_page_break() {
        let pages = vec![
            vec![line(72.0, 700.0, 11.0, "its first")],
            vec![
                line(72.0, 700.0, 11.0, "graduates start"),
                line(72.0, 686.0, 11.0, "work."),
                line(72.0, 662.0, 11.0, "Next."),
            ],
            vec![line(72.0, 700.0, 11.0, "Capital after a full stop.")],
        ];
        let (paras, _) = paragraphs(&pages);
        assert_eq!(
            paras,
            [
                "its first graduates start work.",
                "Next.",
                "Capital after a full stop."
            ]
        );
    }
}
