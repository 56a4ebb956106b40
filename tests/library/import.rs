//! Importing pre-annotations: all or nothing, every bad line named, and a
//! second import of the same file adds nothing.

use crate::support;

use crosscheck::corpus::Corpus;
use crosscheck::import::{ImportError, import_jsonl};
use crosscheck::project::{Edit, Project, sync_with_corpus};

fn setup() -> (tempfile::TempDir, Corpus, Project) {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = Corpus::open(&support::copy_seeds(tmp.path())).unwrap();
    let mut project = Project::new("corpus");
    sync_with_corpus(&mut project, &corpus);
    (tmp, corpus, project)
}

/// A good file: two claims, one with evidence and a quote, and a blank line.
fn good_file(corpus: &Corpus) -> String {
    let d0 = corpus.get(support::S0).unwrap();
    let d1 = corpus.get(support::S1).unwrap();
    let (s, e) = support::find(
        d0,
        "No officers from Hampshire have been deployed to London at this time.",
    );
    let (es, ee) = support::find(
        d1,
        "Hampshire Constabulary has deployed its firearms officers",
    );
    let (s2, e2) = support::find(d1, "Prime Minister Rishi Sunak");
    format!(
        concat!(
            r#"{{"doc": "{d0}", "start": {s}, "end": {e}, "label": "contradicts", "quote": "No officers from Hampshire have been deployed to London at this time.", "note": "model says so", "evidence": [{{"doc": "{d1}", "start": {es}, "end": {ee}, "label": "contradicts"}}]}}"#,
            "\n\n",
            r#"{{"doc": "{d1}", "start": {s2}, "end": {e2}, "annotator": "model-v2"}}"#,
            "\n"
        ),
        d0 = d0.id,
        d1 = d1.id,
        s = s,
        e = e,
        es = es,
        ee = ee,
        s2 = s2,
        e2 = e2,
    )
}

#[test]
fn good_file_plans_claims_applied_as_one_undoable_edit() {
    let (_tmp, corpus, mut project) = setup();
    let plan = import_jsonl(&project, &corpus, &good_file(&corpus), "import").unwrap();
    assert_eq!((plan.added, plan.duplicates), (2, 0));
    let before = project.clone();
    let undo = project.apply(plan.edit).unwrap();
    assert_eq!(project.claims().len(), 2);
    let claims = project.claims().sorted();
    let first = claims.iter().find(|c| c.span.doc == support::S0).unwrap();
    assert_eq!(first.label.as_deref(), Some("contradicts"));
    assert_eq!(first.annotator, "import");
    assert_eq!(first.note, "model says so");
    assert_eq!(first.evidence.len(), 1);
    assert_eq!(first.evidence[0].relation, "contradicts");
    assert_eq!(
        first.evidence[0].span.quote,
        "Hampshire Constabulary has deployed its firearms officers"
    );
    let second = claims.iter().find(|c| c.span.doc == support::S1).unwrap();
    assert_eq!(second.label, None);
    assert_eq!(second.annotator, "model-v2");
    assert_eq!(second.span.quote, "Prime Minister Rishi Sunak");
    assert!(matches!(undo, Edit::Batch(_)));
    project.apply(undo).unwrap();
    assert_eq!(project, before);
}

#[test]
fn importing_twice_adds_nothing() {
    let (_tmp, corpus, mut project) = setup();
    let text = good_file(&corpus);
    let plan = import_jsonl(&project, &corpus, &text, "import").unwrap();
    project.apply(plan.edit).unwrap();
    let again = import_jsonl(&project, &corpus, &text, "import").unwrap();
    assert_eq!((again.added, again.duplicates), (0, 2));
    // A line repeated within one file counts once.
    let doubled = format!("{text}{text}");
    let (_t, corpus2, fresh) = setup();
    let plan = import_jsonl(&fresh, &corpus2, &doubled, "import").unwrap();
    assert_eq!((plan.added, plan.duplicates), (2, 2));
}

#[test]
fn every_bad_line_is_named_and_nothing_is_planned() {
    let (_tmp, corpus, project) = setup();
    let d0 = support::S0;
    let len = corpus.get(d0).unwrap().char_len();
    let lines = [
        format!(r#"{{"doc": "{d0}", "start": 0, "end": 3, "label": "agrees"}}"#), // 1 good
        "not json at all".to_owned(),                                             // 2
        r#"{"doc": "nope.txt", "start": 0, "end": 3}"#.to_owned(),                // 3
        format!(r#"{{"doc": "{d0}", "start": 9, "end": 4}}"#),                    // 4
        format!(r#"{{"doc": "{d0}", "start": 0, "end": {}}}"#, len + 1),          // 5
        format!(r#"{{"doc": "{d0}", "start": 0, "end": 3, "quote": "Tha"}}"#),    // 6
        format!(r#"{{"doc": "{d0}", "start": 0, "end": 3, "label": "maybe"}}"#),  // 7
        format!(r#"{{"doc": "{d0}", "start": 0, "end": 3, "lable": "agrees"}}"#), // 8
        format!(r#"{{"doc": "{d0}", "start": -1, "end": 3}}"#),                   // 9
        format!(
            r#"{{"doc": "{d0}", "start": 0, "end": 3, "evidence": [{{"doc": "{d0}", "start": 5, "end": 2, "label": "agrees"}}]}}"#
        ), // 10
    ];
    let err = import_jsonl(&project, &corpus, &lines.join("\n"), "import").unwrap_err();
    let ImportError::Refused { errors, bad_lines } = &err;
    assert_eq!(*bad_lines, 9);
    let numbers: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(numbers, vec![2, 3, 4, 5, 6, 7, 8, 9, 10]);
    let message = err.to_string();
    for needle in [
        "line 2: not a valid claim",
        "line 3: no document \"nope.txt\"",
        "line 4: start 9 must be less than end 4",
        "line 5: end",
        "line 6: quote \"Tha\" does not match the text at 0..3",
        "line 7: unknown label \"maybe\"",
        "line 8: not a valid claim: unknown field `lable`",
        "line 9: not a valid claim",
        "line 10: evidence 1: start 5 must be less than end 2",
    ] {
        assert!(
            message.contains(needle),
            "missing {needle:?} in:\n{message}"
        );
    }
}

#[test]
fn long_lists_of_bad_lines_are_cut_at_twenty() {
    let (_tmp, corpus, project) = setup();
    let text = "{}\n".repeat(25);
    let err = import_jsonl(&project, &corpus, &text, "import").unwrap_err();
    let ImportError::Refused { errors, bad_lines } = &err;
    assert_eq!((errors.len(), *bad_lines), (20, 25));
    let message = err.to_string();
    assert!(message.contains("line 20:"), "{message}");
    assert!(!message.contains("line 21:"), "{message}");
    assert!(message.contains("and 5 more"), "{message}");
}

#[test]
fn offsets_are_code_points() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("e.txt"), "👨‍👩‍👧 said: é\u{301}x").unwrap();
    let corpus = Corpus::open(tmp.path()).unwrap();
    let mut project = Project::new(".");
    sync_with_corpus(&mut project, &corpus);
    // The family emoji is 5 code points (3 people, 2 joiners).
    let line = r#"{"doc": "e.txt", "start": 0, "end": 5, "quote": "👨‍👩‍👧", "label": "agrees"}
{"doc": "e.txt", "start": 12, "end": 14, "quote": "\u00e9\u0301"}"#;
    let plan = import_jsonl(&project, &corpus, line, "import").unwrap();
    assert_eq!(plan.added, 2);
}
