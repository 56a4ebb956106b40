//! The library as the web page runs it: the same tests on the desktop
//! (`cargo test --test web_lib`) and on wasm32 under Node
//! (`cargo test --target wasm32-unknown-unknown --no-default-features
//! --test web_lib`, with `wasm-bindgen-test-runner` as the runner; see
//! `.ci/run`). Everything is in memory: the web target has no file system.
//! A project round trip through RON, an export whose code point offsets
//! slice the text, an agreement figure worked out by hand, and the clock
//! (std has none on wasm32; the library asks the browser or Node).
// Test code: a failed unwrap is a failed test (clippy.toml allows it only
// inside #[test] functions; helpers and benches need it at the root).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use crosscheck::agreement::{self, Annotator};
use crosscheck::corpus::{Corpus, Document};
use crosscheck::export::{self, Format};
use crosscheck::project::{self, Claim, Edit, Project, Span, sync_with_corpus};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// An emoji, CRLF read as LF by the desktop's decoder, and Arabic: offsets
/// in code points differ from bytes and from UTF-16 here.
const ZURICH: &str = "Zürich 🚆 trains ran late on Monday.\nThe council denied it on Tuesday.\n";
const ARABIC: &str = "قالت الشرطة إن القطارات 🚓 تأخرت يوم الاثنين.\n";

fn corpus() -> Corpus {
    let zurich = crosscheck::corpus::decode(ZURICH.replace('\n', "\r\n").as_bytes())
        .expect("UTF-8 text decodes");
    assert_eq!(zurich.text, ZURICH, "CRLF is read as LF");
    Corpus::from_parts(
        PathBuf::from("/browser/folders/class"),
        vec![
            Document::new("zurich.txt", zurich.text),
            Document::new("week 2/arabic.txt", ARABIC),
        ],
        Vec::new(),
    )
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// A project of `annotator` with one claim per (doc, start, end, label).
fn project(corpus: &Corpus, annotator: &str, claims: &[(&str, usize, usize, &str)]) -> Project {
    let mut project = Project::new(".");
    sync_with_corpus(&mut project, corpus);
    for &(doc, start, end, label) in claims {
        let doc = corpus.get(doc).expect("the document is in the corpus");
        let span = Span::from_document(doc, start, end).expect("the span is inside the text");
        let claim = Claim::new(span, Some(label.into()), annotator, "2026-03-01T09:00:00Z");
        project
            .apply(Edit::AddClaim(Box::new(claim)))
            .expect("a new claim is added");
    }
    project
}

#[test]
fn a_project_survives_ron_byte_for_byte() {
    let corpus = corpus();
    let p = project(
        &corpus,
        "ana",
        &[
            ("zurich.txt", 9, 27, "contradicts"),
            ("week 2/arabic.txt", 5, 11, "agrees"),
        ],
    );
    let text = project::to_ron(&p).expect("the project serialises");
    let back = project::from_ron(&text, Path::new("crosscheck.ron")).expect("and reads back");
    assert_eq!(back.claims().len(), 2);
    assert_eq!(project::to_ron(&back).expect("again"), text);
    let arabic = back
        .claims()
        .iter()
        .find(|c| c.span.doc == "week 2/arabic.txt")
        .expect("the Arabic claim is there");
    assert_eq!(arabic.span.quote, "الشرطة");
    assert_eq!((arabic.span.start, arabic.span.end), (5, 11));
}

#[test]
fn an_export_slices_the_text_in_code_points() {
    let corpus = corpus();
    let p = project(&corpus, "ana", &[("zurich.txt", 9, 27, "contradicts")]);
    let mut out = Vec::new();
    let summary =
        export::export_to_writer(&p, &corpus, Format::Fever, &mut out).expect("fever exports");
    assert_eq!(summary.rows, 1);
    let row: serde_json::Value =
        serde_json::from_slice(out.trim_ascii_end()).expect("one JSON line");
    let (start, end) = (
        row["start"].as_u64().expect("start") as usize,
        row["end"].as_u64().expect("end") as usize,
    );
    assert_eq!(row["claim"], "trains ran late on");
    assert_eq!(chars(ZURICH, start, end), "trains ran late on");
    assert_eq!(row["label"], "contradicts");
}

#[test]
fn cohen_kappa_on_four_claims_is_one_half() {
    // ana: agrees, agrees, contradicts, contradicts; bob: agrees,
    // contradicts ×3. Observed 3/4; expected 1/2·1/4 + 1/2·3/4 = 1/2;
    // κ = (3/4 − 1/2) / (1 − 1/2) = 1/2.
    let corpus = corpus();
    let spans = [
        ("zurich.txt", 0, 6),
        ("zurich.txt", 9, 15),
        ("zurich.txt", 40, 51),
        ("week 2/arabic.txt", 5, 11),
    ];
    let labelled = |labels: [&'static str; 4]| -> Vec<(&str, usize, usize, &str)> {
        spans
            .iter()
            .zip(labels)
            .map(|(&(d, s, e), l)| (d, s, e, l))
            .collect()
    };
    let ana = project(
        &corpus,
        "ana",
        &labelled(["agrees", "agrees", "contradicts", "contradicts"]),
    );
    let bob = project(
        &corpus,
        "bob",
        &labelled(["agrees", "contradicts", "contradicts", "contradicts"]),
    );
    let report = agreement::agreement(
        &[Annotator::new("ana", &ana), Annotator::new("bob", &bob)],
        false,
    )
    .expect("two annotators");
    let pair = &report.figures.pairs[0];
    assert_eq!(pair.span_f1_exact.f1, Some(1.0));
    assert_eq!(
        (pair.cohen_kappa.pairs, pair.cohen_kappa.same_label),
        (4, 3)
    );
    let kappa = pair.cohen_kappa.kappa.expect("κ is defined");
    assert!((kappa - 0.5).abs() < 1e-12, "κ = {kappa}");
}

#[test]
fn the_clock_works() {
    // `SystemTime::now` panics on wasm32-unknown-unknown; this must not.
    let now = project::now_timestamp();
    assert!(now.starts_with("20") && now.ends_with('Z'), "{now}");
}
