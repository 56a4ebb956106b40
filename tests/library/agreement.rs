//! Agreement figures against the reference Python libraries.
//!
//! `tests/fixtures/agreement/` holds a tiny corpus and three annotators'
//! project files; `expected.json` was written from them by
//! `tests/agreement/reference.py` with `krippendorff`, scikit-learn and
//! statsmodels (see that script). This test needs no Python: it recomputes
//! every figure in Rust and compares to 1e-9, counts exactly.
//!
//! The fixtures themselves are written by the ignored test below
//! (`cargo test --test library -- --ignored agreement::write_fixtures`);
//! rerun the Python script after changing them.

use std::path::{Path, PathBuf};

use crosscheck::agreement::{self, Annotator};
use crosscheck::corpus::{Corpus, Progress};
use crosscheck::project::{
    self, Claim, ClaimId, Edit, Evidence, Label, Project, Span, sync_with_corpus,
};
use crosscheck::workspace::Workspace;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/agreement")
}

pub const FILES: [&str; 3] = ["ann.ron", "bob.ron", "cy.ron"];

type Ev = (&'static str, usize, usize, &'static str);
type Spec = (
    &'static str,
    usize,
    usize,
    Option<&'static str>,
    &'static [Ev],
);

const ANN: &[Spec] = &[
    (
        "one.txt",
        0,
        20,
        Some("agrees"),
        &[("two.txt", 0, 15, "agrees")],
    ),
    (
        "one.txt",
        30,
        50,
        Some("contradicts"),
        &[("two.txt", 40, 60, "contradicts")],
    ),
    ("one.txt", 60, 80, Some("unverified"), &[]),
    ("one.txt", 100, 140, Some("agrees"), &[]),
    ("one.txt", 145, 160, Some("contradicts"), &[]),
    ("two.txt", 10, 30, Some("agrees"), &[]),
    ("two.txt", 50, 70, Some("misleading"), &[]),
    ("two.txt", 90, 100, None, &[]),
    (
        "three.txt",
        0,
        25,
        Some("contradicts"),
        &[("one.txt", 0, 10, "contradicts")],
    ),
    // Detached (see `write_fixtures`).
    ("three.txt", 40, 60, Some("agrees"), &[]),
    ("three.txt", 70, 90, Some("unverified"), &[]),
];

const BOB: &[Spec] = &[
    (
        "one.txt",
        0,
        20,
        Some("agrees"),
        &[("two.txt", 5, 15, "agrees")],
    ),
    (
        "one.txt",
        30,
        50,
        Some("agrees"),
        &[("two.txt", 40, 60, "contradicts")],
    ),
    ("one.txt", 62, 80, Some("unverified"), &[]),
    // With ANN's 100..140 and 145..160: a greedy pass by overlap pairs
    // 130..150 with 100..140 (10 shared) and loses a pair.
    ("one.txt", 95, 105, Some("agrees"), &[]),
    ("one.txt", 130, 150, Some("contradicts"), &[]),
    ("two.txt", 10, 30, Some("agrees"), &[]),
    ("two.txt", 50, 70, Some("contradicts"), &[]),
    (
        "three.txt",
        0,
        25,
        Some("contradicts"),
        &[("one.txt", 0, 12, "contradicts")],
    ),
    ("three.txt", 70, 90, Some("unverified"), &[]),
    ("three.txt", 100, 120, Some("agrees"), &[]),
];

const CY: &[Spec] = &[
    ("one.txt", 0, 20, Some("agrees"), &[]),
    ("one.txt", 30, 50, Some("contradicts"), &[]),
    ("one.txt", 60, 80, Some("contradicts"), &[]),
    ("one.txt", 100, 140, Some("agrees"), &[]),
    ("two.txt", 10, 30, Some("misleading"), &[]),
    (
        "two.txt",
        50,
        70,
        Some("misleading"),
        &[("one.txt", 30, 40, "agrees")],
    ),
    ("two.txt", 90, 100, Some("agrees"), &[]),
    (
        "three.txt",
        0,
        25,
        Some("contradicts"),
        &[("one.txt", 0, 10, "agrees")],
    ),
    ("three.txt", 72, 88, Some("unverified"), &[]),
];

fn build(corpus: &Corpus, name: &str, specs: &[Spec]) -> Project {
    let mut p = Project::new("corpus");
    sync_with_corpus(&mut p, corpus);
    let label = Label::new("misleading", "Misleading", "#cc79a7", Some('4'));
    p.apply(Edit::AddLabel { index: 3, label }).unwrap();
    let span = |doc: &str, s: usize, e: usize| {
        Span::from_document(corpus.get(doc).unwrap(), s, e).unwrap()
    };
    for (k, (doc, s, e, label, evidence)) in specs.iter().enumerate() {
        let t = "2026-01-01T00:00:00Z";
        let mut claim = Claim::new(span(doc, *s, *e), label.map(str::to_owned), name, t);
        claim.id = ClaimId(format!("c{name}{k:02}"));
        for (j, (d, s, e, rel)) in evidence.iter().enumerate() {
            claim.evidence.push(Evidence {
                id: format!("e{j}"),
                span: span(d, *s, *e),
                relation: (*rel).into(),
                annotator: name.into(),
                created: t.into(),
            });
        }
        if name == "ann" && *doc == "three.txt" && *s == 40 {
            // Text that is nowhere in the document, so opening cannot
            // re-anchor it: the span stays detached.
            claim.span.detached = true;
            claim.span.quote = "a sentence the article no longer has".into();
        }
        p.apply(Edit::AddClaim(Box::new(claim))).unwrap();
    }
    p
}

#[test]
#[ignore = "writes the committed fixtures"]
fn write_fixtures() {
    let corpus = Corpus::open(&fixtures().join("corpus")).unwrap();
    for (file, (name, specs)) in FILES.iter().zip([("ann", ANN), ("bob", BOB), ("cy", CY)]) {
        let path = fixtures().join(file);
        project::save(&build(&corpus, name, specs), &path).unwrap();
        let _ = std::fs::remove_file(project::backup_path(&path));
    }
}

fn open_all() -> Vec<Workspace> {
    FILES
        .iter()
        .map(|f| Workspace::open_project(&fixtures().join(f), &Progress::default()).unwrap())
        .collect()
}

/// Every value in `expected` must be in `actual`: numbers within 1e-9,
/// everything else equal. `actual` may hold more.
fn assert_covers(expected: &Value, actual: &Value, path: &str) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                let got = a
                    .get(k)
                    .unwrap_or_else(|| panic!("{path}.{k} missing in {actual}"));
                assert_covers(v, got, &format!("{path}.{k}"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert_eq!(e.len(), a.len(), "{path}: lengths");
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                assert_covers(x, y, &format!("{path}[{i}]"));
            }
        }
        (Value::Number(e), Value::Number(a)) if e.is_f64() || a.is_f64() => {
            let (e, a) = (e.as_f64().unwrap(), a.as_f64().unwrap());
            assert!((e - a).abs() <= 1e-9, "{path}: expected {e}, got {a}");
        }
        _ => assert_eq!(expected, actual, "{path}"),
    }
}

#[test]
fn figures_match_the_reference_libraries() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("expected.json")).unwrap())
            .unwrap();
    let workspaces = open_all();
    for ws in &workspaces {
        // The detached span stayed detached; nothing else moved.
        assert!(ws.report.moved.is_empty() && ws.report.fuzzy.is_empty());
    }
    let annotators: Vec<Annotator<'_>> = workspaces
        .iter()
        .map(|ws| Annotator::new(agreement::annotator_name(&ws.project).unwrap(), &ws.project))
        .collect();
    let report = agreement::agreement(&annotators, true).unwrap();
    let actual = serde_json::to_value(&report).unwrap();
    assert_covers(&expected, &actual, "");
    // The fixtures exercise what they are meant to.
    let ann = &report.annotators[0];
    assert_eq!((ann.detached_claims, ann.unlabelled_claims), (1, 1));
    let ann_bob = &report.figures.pairs[0];
    // Five pairs in one.txt (both of ANN's 100..140 and 145..160 matched:
    // a greedy pass would find four), two in two.txt, two in three.txt.
    assert_eq!(
        ann_bob.span_f1_overlap.f1.matched, 9,
        "the maximum matching"
    );
    let alpha = &report.figures.overall.krippendorff_alpha;
    assert!(alpha.missing > 0 && alpha.pairable_units < alpha.units);
    assert!(expected["by_doc"].as_object().unwrap().len() == 3);
}

/// The fixtures copied into a temporary folder (the CLI tests change them).
fn copy_fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("corpus")).unwrap();
    for f in ["one.txt", "two.txt", "three.txt"] {
        std::fs::copy(
            fixtures().join("corpus").join(f),
            dir.path().join("corpus").join(f),
        )
        .unwrap();
    }
    for f in FILES {
        std::fs::copy(fixtures().join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn agree(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("agree")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn cli_prints_json_with_every_figure() {
    let dir = copy_fixtures();
    let out = agree(
        dir.path(),
        &["ann.ron", "bob.ron", "cy.ron", "--json", "--by-doc"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("expected.json")).unwrap())
            .unwrap();
    assert_covers(&expected, &json, "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 detached spans left out"));
    let text = agree(dir.path(), &["ann.ron", "bob.ron", "--by-label"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Krippendorff's α") && text.contains("misleading"),
        "{text}"
    );
}

#[test]
fn cli_refuses_what_cannot_be_compared_and_writes_nothing() {
    let dir = copy_fixtures();
    let root = dir.path();
    let snapshot = || -> Vec<Vec<u8>> {
        FILES
            .iter()
            .map(|f| std::fs::read(root.join(f)).unwrap())
            .collect()
    };
    let before = snapshot();
    let refused = |args: &[&str], needle: &str| {
        let out = agree(root, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    };
    refused(&["ann.ron", "./ann.ron"], "are the same file");
    std::fs::copy(root.join("ann.ron"), root.join("ann2.ron")).unwrap();
    refused(&["ann.ron", "ann2.ron"], "both by annotator \"ann\"");
    let mut empty = Project::new("corpus");
    let corpus = Corpus::open(&root.join("corpus")).unwrap();
    sync_with_corpus(&mut empty, &corpus);
    project::save(&empty, &root.join("empty.ron")).unwrap();
    refused(&["ann.ron", "empty.ron"], "has no claims");
    let newer = std::fs::read_to_string(root.join("bob.ron"))
        .unwrap()
        .replacen("format_version: 1", "format_version: 99", 1);
    std::fs::write(root.join("newer.ron"), newer).unwrap();
    refused(&["ann.ron", "newer.ron"], "newer crosscheck");
    // Another corpus: the same files but one article changed.
    std::fs::create_dir(root.join("other")).unwrap();
    std::fs::create_dir(root.join("other/corpus")).unwrap();
    for f in ["one.txt", "two.txt", "three.txt"] {
        std::fs::copy(
            root.join("corpus").join(f),
            root.join("other/corpus").join(f),
        )
        .unwrap();
    }
    std::fs::write(root.join("other/corpus/two.txt"), "Another article.").unwrap();
    std::fs::copy(root.join("bob.ron"), root.join("other/bob.ron")).unwrap();
    refused(&["ann.ron", "other/bob.ron"], "different corpora");
    refused(&["ann.ron", "missing.ron"], "missing.ron");
    assert_eq!(snapshot(), before, "the compared files are never written");
    assert!(!root.join("ann.ron.bak").exists());
}
