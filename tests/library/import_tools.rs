//! Imports from doccano, brat and Label Studio: round trips through
//! crosscheck's own exports on the seeds and the hostile corpus, and files
//! written by hand in each tool's documented format
//! (tests/fixtures/import/).

use crate::support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crosscheck::corpus::Corpus;
use crosscheck::export::{self, Format};
use crosscheck::import::{self as tools, ImportOptions, Tool, ToolImportError, ToolPlan};
use crosscheck::project::{Edit, Project, sync_with_corpus};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// An empty project over `corpus` with `like`'s labels (a round trip goes
/// back into the project the labels came from).
fn empty_like(corpus: &Corpus, like: &Project) -> Project {
    let mut project = Project::new(".");
    sync_with_corpus(&mut project, corpus);
    for label in like.labels() {
        if project.label(&label.id).is_none() {
            let index = project.labels().len();
            project
                .apply(Edit::AddLabel {
                    index,
                    label: label.clone(),
                })
                .unwrap();
        }
    }
    project
}

fn empty(corpus: &Corpus) -> Project {
    empty_like(corpus, &Project::new("."))
}

fn import(
    project: &mut Project,
    corpus: &Corpus,
    tool: Tool,
    path: &Path,
    options: &ImportOptions,
) -> ToolPlan {
    let plan = tools::import_path(project, corpus, tool, path, options)
        .unwrap_or_else(|e| panic!("{tool} import of {} refused: {e}", path.display()));
    project.apply(plan.edit.clone()).unwrap();
    plan
}

/// What the brat export keeps of a claim: id, span, label, note (on one
/// line), and evidence links (span and relation).
type Kept = (
    String,
    String,
    usize,
    usize,
    Option<String>,
    String,
    BTreeSet<(String, usize, usize, String)>,
);

fn one_line(note: &str) -> String {
    note.split(|c: char| {
        matches!(
            c,
            '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1c}'
                ..='\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    })
    .collect::<Vec<_>>()
    .join(" ")
}

fn kept_by_brat(project: &Project) -> BTreeSet<Kept> {
    project
        .claims()
        .iter()
        .filter(|c| !c.span.detached)
        .map(|c| {
            (
                c.id.0.clone(),
                c.span.doc.clone(),
                c.span.start,
                c.span.end,
                c.label.clone(),
                one_line(&c.note),
                c.evidence
                    .iter()
                    .filter(|e| !e.span.detached)
                    .map(|e| {
                        (
                            e.span.doc.clone(),
                            e.span.start,
                            e.span.end,
                            e.relation.clone(),
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

/// What doccano keeps: each labelled claim span, once.
fn kept_by_doccano(project: &Project) -> BTreeSet<(String, usize, usize, Option<String>)> {
    project
        .claims()
        .iter()
        .filter(|c| !c.span.detached)
        .map(|c| {
            (
                c.span.doc.clone(),
                c.span.start,
                c.span.end,
                c.label.clone(),
            )
        })
        .collect()
}

fn seeds() -> (tempfile::TempDir, Corpus, Project) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = support::copy_seeds(tmp.path());
    let corpus = Corpus::open(&dir).unwrap();
    let project = support::seeds_project(&corpus);
    (tmp, corpus, project)
}

fn hostile() -> (tempfile::TempDir, Corpus, Project) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = support::write_hostile(tmp.path());
    let corpus = Corpus::open(&dir).unwrap();
    let project = support::hostile_project(&corpus);
    (tmp, corpus, project)
}

fn brat_round_trip(tmp: &Path, corpus: &Corpus, original: &Project) {
    let out = tmp.join("brat-out");
    export::export(original, corpus, Format::Brat, &out).unwrap();
    let mut back = empty_like(corpus, original);
    let options = ImportOptions::default();
    let plan = import(&mut back, corpus, Tool::Brat, &out, &options);
    assert_eq!(kept_by_brat(&back), kept_by_brat(original));
    // brat has no annotators: every claim and link gets the one named.
    assert!(back.claims().iter().all(|c| c.annotator == "import"));
    assert!(plan.labels_added.is_empty(), "{:?}", plan.labels_added);
    // The export splits spans at line breaks; joining them back is not a
    // guess, so nothing is reported about it.
    assert!(
        !plan.notes.iter().any(|n| n.contains("fragments")),
        "{:?}",
        plan.notes
    );
    // Importing the same export again adds nothing.
    let again = tools::import_path(&back, corpus, Tool::Brat, &out, &options).unwrap();
    assert_eq!((again.claims, again.duplicates), (0, plan.claims));
}

fn doccano_round_trip(tmp: &Path, corpus: &Corpus, original: &Project) {
    let out = tmp.join("doccano.jsonl");
    export::export(original, corpus, Format::Doccano, &out).unwrap();
    let mut back = empty_like(corpus, original);
    let plan = import(
        &mut back,
        corpus,
        Tool::Doccano,
        &out,
        &ImportOptions::default(),
    );
    assert_eq!(kept_by_doccano(&back), kept_by_doccano(original));
    // doccano's label lists cannot say which claim an evidence span belongs
    // to: those are left out, and the import says so.
    let evidence = original.evidence_count();
    if evidence > 0 {
        assert!(
            plan.notes
                .iter()
                .any(|n| n.contains("evidence spans were left out")),
            "{:?}",
            plan.notes
        );
    }
    assert_eq!(back.evidence_count(), 0);
}

#[test]
fn brat_round_trip_on_seeds() {
    let (tmp, corpus, project) = seeds();
    brat_round_trip(tmp.path(), &corpus, &project);
}

#[test]
fn brat_round_trip_on_hostile_corpus() {
    let (tmp, corpus, project) = hostile();
    brat_round_trip(tmp.path(), &corpus, &project);
}

#[test]
fn doccano_round_trip_on_seeds() {
    let (tmp, corpus, project) = seeds();
    doccano_round_trip(tmp.path(), &corpus, &project);
}

#[test]
fn doccano_round_trip_on_hostile_corpus() {
    let (tmp, corpus, project) = hostile();
    doccano_round_trip(tmp.path(), &corpus, &project);
}

#[test]
fn round_trip_into_default_labels_adds_the_rest() {
    let (tmp, corpus, original) = seeds();
    let out = tmp.path().join("brat-out");
    export::export(&original, &corpus, Format::Brat, &out).unwrap();
    let mut back = empty(&corpus);
    let refused = tools::import_path(&back, &corpus, Tool::Brat, &out, &ImportOptions::default())
        .unwrap_err();
    assert!(
        matches!(&refused, ToolImportError::UnknownLabels(l) if l == &["partly".to_string()]),
        "{refused}"
    );
    let options = ImportOptions {
        add_labels: true,
        ..ImportOptions::default()
    };
    let plan = import(&mut back, &corpus, Tool::Brat, &out, &options);
    assert_eq!(plan.labels_added, ["partly"]);
    // visual.conf carries the display name and colour.
    let label = back.label("partly").unwrap();
    assert_eq!(label.name, "Partly true");
    assert_eq!(label.key, None);
    assert_eq!(kept_by_brat(&back), kept_by_brat(&original));
}

fn fixture_corpus() -> Corpus {
    Corpus::open(&fixtures().join("corpus")).unwrap()
}

#[test]
fn doccano_entities_and_relations() {
    let corpus = fixture_corpus();
    let mut project = empty(&corpus);
    let options = ImportOptions {
        annotator: Some("ana".into()),
        ..ImportOptions::default()
    };
    let plan = import(
        &mut project,
        &corpus,
        Tool::Doccano,
        &fixtures().join("doccano_entities.jsonl"),
        &options,
    );
    assert_eq!((plan.claims, plan.evidence), (2, 1));
    let claims = project.claims().sorted();
    let a = claims.iter().find(|c| c.span.doc == "a.txt").unwrap();
    assert_eq!(a.span.quote, "Hampshire sent firearms officers to London");
    assert_eq!(a.label.as_deref(), Some("agrees"));
    assert_eq!(a.annotator, "ana");
    assert_eq!(a.evidence.len(), 1);
    assert_eq!(
        a.evidence[0].span.quote,
        "The Met said it was grateful for the support."
    );
    assert_eq!(a.evidence[0].relation, "agrees");
    let b = claims.iter().find(|c| c.span.doc == "b.txt").unwrap();
    assert_eq!(b.label.as_deref(), Some("contradicts"));
    assert!(
        plan.notes.iter().any(|n| n.contains("1 doccano comments")),
        "{:?}",
        plan.notes
    );
}

#[test]
fn brat_discontinuous_entity_relation_and_conf() {
    let corpus = fixture_corpus();
    let dir = fixtures().join("brat");
    let mut project = empty(&corpus);
    let refused = tools::import_path(
        &project,
        &corpus,
        Tool::Brat,
        &dir,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(refused.to_string().contains("partly"), "{refused}");
    assert!(refused.to_string().contains("--add-labels"), "{refused}");
    let options = ImportOptions {
        add_labels: true,
        ..ImportOptions::default()
    };
    let plan = import(&mut project, &corpus, Tool::Brat, &dir, &options);
    assert_eq!(plan.labels_added, ["partly"]);
    assert_eq!(project.label("partly").unwrap().color, "#aa66cc");
    let claims = project.claims().sorted();
    assert_eq!(claims.len(), 1);
    let claim = claims[0];
    // First fragment to last.
    assert_eq!(
        claim.span.quote,
        "Hampshire sent firearms officers to London"
    );
    assert_eq!(claim.note, "Check the day it happened");
    assert_eq!(claim.evidence.len(), 1);
    assert_eq!(claim.evidence[0].span.quote, "The Met said it was grateful");
    assert_eq!(claim.evidence[0].relation, "agrees");
    let notes = plan.notes.join("\n");
    assert!(
        notes.contains("a.ann line 1: T1 has fragments 0 14;33 42; taken as one span 0..42"),
        "{notes}"
    );
    assert!(notes.contains("1 attribute"), "{notes}");
}

#[test]
fn label_studio_two_annotators_relation_and_utf16() {
    let corpus = fixture_corpus();
    let file = fixtures().join("label_studio.json");
    let mut project = empty(&corpus);
    let plan = import(
        &mut project,
        &corpus,
        Tool::LabelStudio,
        &file,
        &ImportOptions::default(),
    );
    assert_eq!((plan.claims, plan.evidence), (2, 1));
    let claims = project.claims().sorted();
    let by = |who: &str| *claims.iter().find(|c| c.annotator == who).unwrap();
    let first = by("user-1");
    assert_eq!(first.span.quote, "no officers have been deployed to London");
    assert_eq!(first.label.as_deref(), Some("contradicts"));
    assert_eq!(
        first.evidence[0].span.quote,
        "Police 👮 in Hampshire denied it"
    );
    assert_eq!(first.evidence[0].relation, "agrees");
    assert_eq!(first.evidence[0].annotator, "user-1");
    // Bo's front end counted the emoji as two UTF-16 units: converted, said.
    let second = by("bo@example.org");
    assert_eq!((second.span.start, second.span.end), (33, 73));
    assert_eq!(
        second.span.quote,
        "no officers have been deployed to London"
    );
    assert_eq!(second.note, "same as the BBC");
    let notes = plan.notes.join("\n");
    assert!(
        notes.contains("offsets 34..74 were UTF-16 code units; converted to code points 33..73"),
        "{notes}"
    );
    assert!(notes.contains("1 predictions were left out"), "{notes}");

    let mut with_predictions = empty(&corpus);
    let options = ImportOptions {
        predictions: true,
        ..ImportOptions::default()
    };
    let plan = import(
        &mut with_predictions,
        &corpus,
        Tool::LabelStudio,
        &file,
        &options,
    );
    assert_eq!(plan.claims, 3);
    assert!(
        with_predictions
            .claims()
            .iter()
            .any(|c| c.annotator == "model v2" && c.label.as_deref() == Some("unverified"))
    );
}

#[test]
fn doccano_utf16_offsets_past_the_end_are_converted() {
    let corpus = fixture_corpus();
    let mut project = empty(&corpus);
    let plan = import(
        &mut project,
        &corpus,
        Tool::Doccano,
        &fixtures().join("doccano_utf16.jsonl"),
        &ImportOptions::default(),
    );
    let claims = project.claims().sorted();
    let quotes: Vec<&str> = claims.iter().map(|c| c.span.quote.as_str()).collect();
    assert_eq!(quotes, ["Police", "deployed to London.\n"]);
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("56..76 were UTF-16 code units; converted to code points 55..75")),
        "{:?}",
        plan.notes
    );
}

#[test]
fn a_span_that_matches_neither_way_is_refused_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixtures().join("corpus/b.txt")).unwrap();
    let task = serde_json::json!([{"id": 3, "data": {"text": text}, "annotations": [{"completed_by": 1, "result": [
        {"id": "r", "type": "labels", "value": {"start": 0, "end": 6, "text": "Police", "labels": ["agrees"]}},
        {"id": "s", "type": "labels", "value": {"start": 10, "end": 14, "text": "Hampshire", "labels": ["agrees"]}}
    ]}]}]);
    let file = tmp.path().join("ls.json");
    std::fs::write(&file, serde_json::to_string_pretty(&task).unwrap()).unwrap();
    let corpus = fixture_corpus();
    let err = tools::import_path(
        &empty(&corpus),
        &corpus,
        Tool::LabelStudio,
        &file,
        &ImportOptions::default(),
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("1 problem; nothing was imported"),
        "{text}"
    );
    assert!(
        text.contains("ls.json line 2: task 1 (id 3): result 2:"),
        "{text}"
    );
    assert!(
        text.contains("whether the offsets are counted in code points or in UTF-16 units"),
        "{text}"
    );
}

fn cli(args: &[&str], dir: &Path) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A copy of the fixture corpus with a project file made by the command line.
fn cli_project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for name in ["a.txt", "b.txt"] {
        std::fs::copy(fixtures().join("corpus").join(name), corpus.join(name)).unwrap();
    }
    let fixture = fixtures().join("doccano_entities.jsonl");
    let (ok, out, err) = cli(
        &[
            "import",
            "p.ron",
            fixture.to_str().unwrap(),
            "--from",
            "doccano",
            "--corpus",
            "corpus",
        ],
        tmp.path(),
    );
    assert!(ok, "{out}{err}");
    assert!(
        out.starts_with("2 claims and 1 evidence link imported from"),
        "{out}"
    );
    tmp
}

#[test]
fn refused_files_leave_the_project_byte_identical() {
    let tmp = cli_project();
    let before = std::fs::read(tmp.path().join("p.ron")).unwrap();
    let text = std::fs::read_to_string(fixtures().join("corpus/a.txt")).unwrap();
    let good = serde_json::json!({"text": text, "label": [[0, 9, "agrees"]]});
    let bad_offsets = serde_json::json!({"text": text, "label": [[5, 500, "agrees"]]});
    let bad_text = serde_json::json!({"text": "not in the corpus", "label": [[0, 3, "agrees"]]});
    let file = tmp.path().join("bad.jsonl");
    std::fs::write(
        &file,
        format!("{good}\n{bad_offsets}\nnot json\n{bad_text}\n"),
    )
    .unwrap();
    let (ok, _, err) = cli(
        &["import", "p.ron", "bad.jsonl", "--from", "doccano"],
        tmp.path(),
    );
    assert!(!ok);
    assert!(err.contains("3 problems; nothing was imported"), "{err}");
    assert!(
        err.contains("bad.jsonl line 2: 5..500 is past the end"),
        "{err}"
    );
    assert!(err.contains("bad.jsonl line 3: not a JSON object"), "{err}");
    assert!(
        err.contains("bad.jsonl line 4: no corpus document has this text (\"not in the corpus\"); pass --write-documents"),
        "{err}"
    );
    assert_eq!(std::fs::read(tmp.path().join("p.ron")).unwrap(), before);

    // Unknown labels: refused, listed, the project untouched.
    let unknown =
        serde_json::json!({"text": text, "label": [[0, 9, "Claim_satire"], [10, 14, "rumour"]]});
    std::fs::write(&file, format!("{unknown}\n")).unwrap();
    let (ok, _, err) = cli(
        &["import", "p.ron", "bad.jsonl", "--from", "doccano"],
        tmp.path(),
    );
    assert!(!ok);
    assert!(
        err.contains("labels this project does not have: satire, rumour"),
        "{err}"
    );
    assert_eq!(std::fs::read(tmp.path().join("p.ron")).unwrap(), before);
    let (ok, out, err) = cli(
        &[
            "import",
            "p.ron",
            "bad.jsonl",
            "--from",
            "doccano",
            "--add-labels",
        ],
        tmp.path(),
    );
    assert!(ok, "{err}");
    assert!(out.contains("labels added: satire, rumour"), "{out}");
}

#[test]
fn write_documents_only_when_asked() {
    let tmp = cli_project();
    let ls = serde_json::json!([{"id": 9, "data": {"text": "A new article.\nIt says things.", "filename": "new/one.txt"},
        "annotations": [{"completed_by": 4, "result": [
            {"id": "r", "type": "labels", "value": {"start": 2, "end": 13, "text": "new article", "labels": ["agrees"]}}]}]}]);
    std::fs::write(tmp.path().join("ls.json"), ls.to_string()).unwrap();
    let before = std::fs::read(tmp.path().join("p.ron")).unwrap();
    let (ok, _, err) = cli(
        &["import", "p.ron", "ls.json", "--from", "label-studio"],
        tmp.path(),
    );
    assert!(!ok);
    assert!(err.contains("no corpus document \"new/one.txt\""), "{err}");
    assert_eq!(std::fs::read(tmp.path().join("p.ron")).unwrap(), before);
    assert!(!tmp.path().join("corpus/new/one.txt").exists());
    let (ok, out, err) = cli(
        &[
            "import",
            "p.ron",
            "ls.json",
            "--from",
            "label-studio",
            "--write-documents",
        ],
        tmp.path(),
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("1 new document written into the corpus"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("corpus/new/one.txt")).unwrap(),
        "A new article.\nIt says things."
    );
    let (ok, out, _) = cli(&["stats", "p.ron", "--json"], tmp.path());
    assert!(ok);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["documents"], 3);
    assert_eq!(stats["claims"], 3);
    assert_eq!(stats["annotators"]["user-4"]["claims"], 1);
}

#[test]
fn doccano_folder_names_annotators_by_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("export");
    std::fs::create_dir(&dir).unwrap();
    let text = std::fs::read_to_string(fixtures().join("corpus/a.txt")).unwrap();
    for (who, label) in [("ana", "agrees"), ("bo", "contradicts")] {
        let line =
            serde_json::json!({"id": 1, "text": text, "label": [[0, 9, label]], "Comments": []});
        std::fs::write(dir.join(format!("{who}.jsonl")), format!("{line}\n")).unwrap();
    }
    let corpus = fixture_corpus();
    let mut project = empty(&corpus);
    import(
        &mut project,
        &corpus,
        Tool::Doccano,
        &dir,
        &ImportOptions::default(),
    );
    let who: BTreeSet<(String, Option<String>)> = project
        .claims()
        .iter()
        .map(|c| (c.annotator.clone(), c.label.clone()))
        .collect();
    assert_eq!(
        who,
        BTreeSet::from([
            ("ana".to_string(), Some("agrees".to_string())),
            ("bo".to_string(), Some("contradicts".to_string()))
        ])
    );
}

#[test]
fn brat_text_that_differs_from_the_corpus_says_where() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("brat");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("a.txt"),
        "Hampshire sent firearms officers to London on Tuesday.\nThe Met said it was thankful for the support.\n",
    )
    .unwrap();
    std::fs::write(dir.join("a.ann"), "T1\tClaim_agrees 0 9\tHampshire\n").unwrap();
    let corpus = fixture_corpus();
    let err = tools::import_path(
        &empty(&corpus),
        &corpus,
        Tool::Brat,
        &dir,
        &ImportOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("a.txt: the text differs from corpus document \"a.txt\" at line 2, column 21"),
        "{err}"
    );
}
