//! Project files: round trips, deterministic bytes, atomic saves, and refusing
//! what must not be opened.

use std::fs;
use std::path::Path;

use crosscheck::corpus::{Corpus, Document};
use crosscheck::project::{
    self, Claim, ClaimId, Evidence, FORMAT_VERSION, Project, ProjectError, Span,
};

fn sample_project() -> Project {
    let a = Document::new(
        "a.txt",
        "Police said «no» officers 👨‍👩‍👧 were sent e\u{301}.\n",
    );
    let b = Document::new("dir/b.txt", "Hampshire sent firearms officers to London.");
    let mut project = Project::new(".");
    let corpus = Corpus::from_parts(".".into(), vec![a.clone(), b.clone()], vec![]);
    project::sync_with_corpus(&mut project, &corpus);
    let mut claim = Claim::new(
        Span::from_document(&a, 6, 20).unwrap(),
        Some("contradicts".into()),
        "ana",
        "2026-11-23T09:00:00Z",
    );
    claim.note = "line one\nline \"two\"".into();
    claim.evidence.push(Evidence {
        id: "e1".into(),
        span: Span::from_document(&b, 15, 32).unwrap(),
        relation: "contradicts".into(),
        annotator: "ana".into(),
        created: "2026-11-23T09:01:00Z".into(),
    });
    project
        .apply(project::Edit::AddClaim(Box::new(claim)))
        .unwrap();
    let other = Claim::new(
        Span::from_document(&a, 0, 5).unwrap(),
        None,
        "ben",
        "2026-11-23T09:02:00Z",
    );
    project
        .apply(project::Edit::AddClaim(Box::new(other)))
        .unwrap();
    project
}

#[test]
fn save_and_load_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crosscheck.ron");
    let project = sample_project();
    project::save(&project, &path).unwrap();
    assert_eq!(project::load(&path).unwrap(), project);
}

#[test]
fn bytes_are_deterministic_and_sorted() {
    let project = sample_project();
    let first = project::to_ron(&project).unwrap();
    // A copy built in another order writes the same bytes.
    let reloaded = project::from_ron(&first, Path::new("x.ron")).unwrap();
    assert_eq!(project::to_ron(&reloaded).unwrap(), first);
    assert!(first.starts_with("(\n    format_version: 1,"), "{first}");
    // Claims are written by document, then offset.
    let at_0 = first.find("start: 0").unwrap();
    let at_6 = first.find("start: 6").unwrap();
    assert!(at_0 < at_6);
    // Human-readable: non-ASCII stays as it is.
    assert!(first.contains("«no»"));
}

#[test]
fn previous_version_is_kept_as_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crosscheck.ron");
    let mut project = sample_project();
    project::save(&project, &path).unwrap();
    let first = fs::read(&path).unwrap();
    project
        .apply(project::Edit::SetDone {
            doc: "a.txt".into(),
            done: true,
        })
        .unwrap();
    project::save(&project, &path).unwrap();
    assert_eq!(fs::read(project::backup_path(&path)).unwrap(), first);
    assert!(project::load(&path).unwrap().documents()["a.txt"].done);
    // No temporary files are left behind.
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn crash_before_rename_leaves_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crosscheck.ron");
    let project = sample_project();
    project::save(&project, &path).unwrap();
    let before = fs::read(&path).unwrap();

    let mut changed = project.clone();
    changed
        .apply(project::Edit::SetDone {
            doc: "a.txt".into(),
            done: true,
        })
        .unwrap();
    let pending = project::write_pending(&changed, &path).unwrap();
    // The process dies here: the new file is written but never renamed.
    std::mem::forget(pending);

    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(project::load(&path).unwrap(), project);
}

#[test]
fn corrupt_file_is_reported_with_position_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crosscheck.ron");
    let text = "(\n    format_version: 1,\n    corpus: \".\",\n    labels: [oops\n";
    fs::write(&path, text).unwrap();
    let err = project::load(&path).unwrap_err();
    match &err {
        ProjectError::Parse { line, column, .. } => {
            assert_eq!(*line, 4, "{err}");
            assert!(*column > 1, "{err}");
        }
        other => panic!("expected a parse error, got {other}"),
    }
    let message = err.to_string();
    assert!(message.contains("crosscheck.ron"), "{message}");
    assert!(message.contains("line 4"), "{message}");
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn newer_format_is_refused() {
    let text = format!(
        "(format_version: {}, corpus: \".\", labels: [], shiny_new_field: 3)",
        FORMAT_VERSION + 1
    );
    let err = project::from_ron(&text, Path::new("p.ron")).unwrap_err();
    assert!(matches!(err, ProjectError::TooNew { .. }), "{err}");
    assert!(err.to_string().contains("newer crosscheck"));
}

#[test]
fn paths_escaping_the_corpus_are_refused() {
    for bad in [
        "../secret.txt",
        "/etc/passwd",
        "a/../../b.txt",
        "C:/x.txt",
        "a\\..\\b",
    ] {
        // Only a file can name such a document: write one and change its key.
        let text = project::to_ron(&sample_project())
            .unwrap()
            .replace("\"a.txt\": (", &format!("{bad:?}: ("));
        assert!(text.contains(&format!("{bad:?}")), "{bad}: {text}");
        let err = project::from_ron(&text, Path::new("p.ron")).unwrap_err();
        assert!(
            matches!(err, ProjectError::PathEscape { .. }),
            "{bad}: {err}"
        );
    }
    // In a span too.
    let text = project::to_ron(&sample_project())
        .unwrap()
        .replace("doc: \"dir/b.txt\"", "doc: \"../b.txt\"");
    assert!(matches!(
        project::from_ron(&text, Path::new("p.ron")),
        Err(ProjectError::PathEscape { .. })
    ));
}

#[test]
fn duplicate_claim_ids_are_refused() {
    let project = sample_project();
    let text = project::to_ron(&project).unwrap();
    let ids: Vec<&ClaimId> = project.claims().iter().map(|c| &c.id).collect();
    let text = text.replace(&ids[1].0, &ids[0].0);
    let err = project::from_ron(&text, Path::new("p.ron")).unwrap_err();
    assert!(err.to_string().contains("more than once"), "{err}");
}

#[test]
fn corpus_is_referenced_relative_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("articles");
    let project_path = dir.path().join("work/p.ron");
    assert_eq!(
        project::corpus_reference(&project_path, &corpus),
        "../articles"
    );
    let mut project = Project::new("../articles");
    project.set_corpus_reference(project::corpus_reference(&project_path, &corpus));
    assert_eq!(
        std::path::absolute(project::corpus_dir(&project_path, &project)).unwrap(),
        std::path::absolute(dir.path().join("work/../articles")).unwrap()
    );
}

#[test]
fn bare_file_name_refers_to_the_corpus_relatively() {
    let cwd = std::env::current_dir().unwrap();
    assert_eq!(
        project::corpus_reference(Path::new("p.ron"), &cwd.join("articles")),
        "articles"
    );
}

/// A file in crosscheck's own layout is read in blocks and its claims are
/// checked as they are parsed; what is wrong in one is still refused, with
/// the message the whole-file reader gives.
#[test]
fn a_broken_claim_read_in_blocks_is_refused_as_the_whole_file_reader_refuses_it() {
    let original = sample_project();
    let text = project::to_ron(&original).unwrap();
    let broken = [
        text.replace("doc: \"dir/b.txt\"", "doc: \"../b.txt\""),
        text.replace("relation: \"contradicts\"", "relation: \"maybe\""),
        text.replacen("label: Some(\"contradicts\")", "label: Some(\"maybe\")", 1),
        text.replace("start: 15, end: 32", "start: 32, end: 15"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crosscheck.ron");
    for text in broken {
        assert_ne!(text, project::to_ron(&original).unwrap());
        fs::write(&path, &text).unwrap();
        let whole = project::from_ron(&text, &path).unwrap_err().to_string();
        let loaded = project::load(&path).unwrap_err().to_string();
        let hashed = project::load_hashed(&path).unwrap_err().to_string();
        assert_eq!(loaded, whole);
        assert_eq!(hashed, whole);
    }
    // Unbroken, both loads read what was written.
    fs::write(&path, &text).unwrap();
    assert_eq!(project::load(&path).unwrap(), original);
    let (project, hash) = project::load_hashed(&path).unwrap();
    assert_eq!(project, original);
    assert_eq!(hash, project::journal::FileHash::of(text.as_bytes()));
}
