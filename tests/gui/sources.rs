//! Articles' sources in the window: the list shows outlet and date and
//! sorts by them, Next/Previous follow the list's order, the article header
//! shows outlet, author, date and address.

use crosscheck::app::{DocSort, OpenRequest};
use egui::Key;
use egui_kittest::kittest::Queryable;

use super::harness::*;

fn page(outlet: &str, date: &str, headline: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{date}">
<meta name="author" content="Sam Lee">
<link rel="canonical" href="https://news.example/{date}">
<title>{headline} | {outlet}</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{headline}</h1>
<p>{body} The council said the works would take most of the year, and that a ferry would run while the bridge is closed to cars.</p>
<p>Engineers found cracks in two of the supporting piers last month, and the repairs cannot wait for the summer, the council's spokesperson said.</p>
</article><footer>© {outlet}</footer></body></html>"#
    )
}

/// Three reports by two outlets on three days, and a text file with none.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (file, outlet, date, headline) in [
        (
            "a.html",
            "Zeta Times",
            "2024-03-06T08:00:00Z",
            "Bridge works begin",
        ),
        (
            "b.html",
            "Alpha Post",
            "2024-03-04T09:00:00Z",
            "Bridge to close",
        ),
        (
            "c.html",
            "Alpha Post",
            "2024-03-05T10:00:00Z",
            "Ferry to run",
        ),
    ] {
        std::fs::write(corpus.join(file), page(outlet, date, headline, headline)).unwrap();
    }
    std::fs::write(
        corpus.join("d.txt"),
        "Notes from the meeting\n\nThe bridge closes.",
    )
    .unwrap();
    open_app(dir, OpenRequest::Path(corpus))
}

fn shown(f: &Fixture) -> String {
    f.app().pane_doc(0).unwrap().id.clone()
}

/// The documents in the list, top to bottom, by the file names under
/// their titles.
fn listed(f: &Fixture) -> Vec<String> {
    let mut rows: Vec<(f32, String)> = ["a.html", "b.html", "c.html", "d.txt"]
        .iter()
        .filter_map(|id| {
            let y = f
                .harness
                .query_all_by_label(id)
                .map(|n| n.rect())
                .find(|r| r.max.x < 275.0)?
                .min
                .y;
            Some((y, id.to_string()))
        })
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    rows.into_iter().map(|r| r.1).collect()
}

#[test]
fn the_list_shows_outlet_and_date_and_sorts_by_them() {
    let mut f = fixture();
    f.harness.run_steps(2);
    f.harness.get_by_label("Zeta Times · 2024-03-06");
    f.harness.get_by_label("Alpha Post · 2024-03-04");
    assert_eq!(listed(&f), ["a.html", "b.html", "c.html", "d.txt"]);

    f.harness.state_mut().ui.doc_sort = DocSort::Date;
    f.harness.run_steps(2);
    assert_eq!(listed(&f), ["b.html", "c.html", "a.html", "d.txt"]);
    // Next steps through the list's order: from the oldest report on.
    f.harness.state_mut().ui.panes[0].doc = 1; // b.html
    key(&mut f, Key::CloseBracket);
    assert_eq!(shown(&f), "c.html");
    key(&mut f, Key::CloseBracket);
    assert_eq!(shown(&f), "a.html");

    f.harness.state_mut().ui.doc_sort = DocSort::Outlet;
    f.harness.run_steps(2);
    assert_eq!(listed(&f), ["b.html", "c.html", "a.html", "d.txt"]);
    f.harness.state_mut().ui.doc_sort = DocSort::Title;
    f.harness.run_steps(2);
    // Bridge to close, Bridge works begin, Ferry to run, Notes…
    assert_eq!(listed(&f), ["b.html", "a.html", "c.html", "d.txt"]);
}

#[test]
fn the_article_header_shows_the_source_and_the_filter_finds_outlets() {
    let mut f = fixture();
    f.harness.run_steps(2);
    assert_eq!(shown(&f), "a.html");
    f.harness
        .get_by_label("Zeta Times · by Sam Lee · 2024-03-06");
    f.harness
        .get_by_label("https://news.example/2024-03-06T08:00:00Z");
    f.harness.state_mut().ui.filter = "alpha post".into();
    f.harness.run_steps(2);
    assert_eq!(listed(&f), ["b.html", "c.html"]);
}
