//! Teams in the window: a new project file for the adjudicator, compare
//! with two annotators' files, step through the disagreements, take one
//! version, reject another, undo; bad input gets a message.

use std::path::{Path, PathBuf};

use crate::harness::*;
use crosscheck::app::{Action, Command, OpenRequest, ScriptedDialogs};
use crosscheck::corpus::Progress;
use crosscheck::project::{self, Claim, Edit, Span};
use crosscheck::workspace::Workspace;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

const DOC: &str = "000_9da135f11425a690.txt";

fn script(f: &mut Fixture, answers: Vec<PathBuf>) {
    f.harness.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: answers.into_iter().map(Some).collect(),
        ..Default::default()
    });
}

fn command(f: &mut Fixture, c: Command) {
    f.harness.state_mut().ui.actions.push(Action::Command(c));
    f.harness.run_steps(2);
}

fn team() -> (Fixture, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_seeds(&corpus);
    let ana = dir.path().join("ana.ron");
    let ben = dir.path().join("ben.ron");
    annotator_file(
        &corpus,
        &ana,
        DOC,
        "ana",
        &[
            ("Zoe Wakefield", "agrees"),
            ("Chris Kaba", "contradicts"),
            ("Hampshire Constabulary", "unverified"),
        ],
    );
    annotator_file(
        &corpus,
        &ben,
        DOC,
        "ben",
        &[("Zoe Wakefield", "agrees"), ("Chris Kaba", "agrees")],
    );
    let f = open_app(dir, OpenRequest::Path(corpus));
    (f, ana, ben)
}

fn compare_with(f: &mut Fixture, file: &Path) {
    script(f, vec![file.to_path_buf()]);
    command(f, Command::CompareWith);
    wait_until(f, "the comparison", |app| app.ctl.busy().is_none());
    f.harness.run_steps(2);
}

#[test]
fn adjudicate_two_annotators_into_a_new_gold_file() {
    let (mut f, ana, ben) = team();
    // The adjudicator's own file over the same corpus.
    let gold = f.dir.path().join("gold.ron");
    script(&mut f, vec![gold.clone()]);
    command(&mut f, Command::NewProjectFile);
    wait_until(&mut f, "the gold file", |app| {
        app.session()
            .is_some_and(|s| s.workspace().project_path == gold)
    });
    assert!(claims(f.app()).is_empty());
    assert!(
        f.app().ui.labels.open,
        "a new file opens the label editor first"
    );
    command(&mut f, Command::EditLabels);

    compare_with(&mut f, &ana);
    // One file (and an empty gold) is not a comparison yet.
    assert!(f.app().ui.compare.is_none());
    let message = f.app().ui.message.clone().unwrap();
    assert!(message.contains("pick another"), "{message}");
    compare_with(&mut f, &ben);
    let c = f.app().ui.compare.as_ref().expect("compared");
    let names: Vec<&str> = c.files.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["ana", "ben"]);
    // Same span different label; a claim only Ana marked.
    assert_eq!(c.comparison.len(), 2);
    assert!(
        f.harness
            .query_by_label_contains("0 of 2 disagreements decided")
            .is_some()
    );

    key(&mut f, Key::F8);
    let c = f.app().ui.compare.as_ref().unwrap();
    assert_eq!(c.cursor, Some(0));
    assert_eq!(f.app().pane_doc(0).unwrap().id, DOC);
    assert!(!c.lanes_in(DOC).is_empty(), "their claims drawn in lanes");

    key_mod(&mut f, Modifiers::ALT, Key::A);
    let gold_claims: Vec<_> = claims(f.app()).iter().cloned().collect();
    assert_eq!(gold_claims.len(), 1, "one version taken");
    assert!(gold_claims[0].sources[0].starts_with("ana:"));
    assert_eq!(
        f.app().ui.compare.as_ref().unwrap().cursor,
        Some(1),
        "on to the next"
    );
    key_mod(&mut f, Modifiers::ALT, Key::X);
    f.harness.run_steps(2);
    assert!(
        f.harness
            .query_by_label_contains("2 of 2 disagreements decided")
            .is_some()
    );
    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    f.harness.run_steps(2);
    assert!(
        f.harness
            .query_by_label_contains("1 of 2 disagreements decided")
            .is_some(),
        "the rejection is undone"
    );
    wait_saved(&mut f);
    let saved = project::load(&gold).unwrap();
    assert_eq!(saved.claims().len(), 1);
    assert!(saved.claims().iter().next().unwrap().sources[0].starts_with("ana:"));
    // The annotators' files are never written.
    assert_eq!(project::load(&ana).unwrap().claims().len(), 3);
}

#[test]
fn bad_comparisons_get_a_message_and_write_nothing() {
    let (mut f, ana, _ben) = team();
    let before = std::fs::read(&ana).unwrap();
    // This project has no claims yet: Ana alone is not enough, and Ana
    // twice is a file compared with itself.
    compare_with(&mut f, &ana);
    compare_with(&mut f, &ana);
    let message = f.app().ui.message.clone().unwrap();
    assert!(message.contains("already in the comparison"), "{message}");
    assert!(f.app().ui.compare.is_none());
    // With a claim of its own, this project is compared with Ana.
    select_phrase(&mut f, 0, "Zoe Wakefield");
    key(&mut f, Key::Num1);
    compare_with(&mut f, &ana);
    assert!(f.app().ui.compare.is_some(), "{:?}", f.app().ui.message);
    // A second file by the same annotator.
    let ana2 = f.dir.path().join("ana2.ron");
    std::fs::copy(&ana, &ana2).unwrap();
    compare_with(&mut f, &ana2);
    let message = f.app().ui.message.clone().unwrap();
    assert!(message.contains("both by \"ana\""), "{message}");
    // A file over another corpus.
    let elsewhere = f.dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(
        elsewhere.join("x.txt"),
        "Another corpus entirely, one article.\n",
    )
    .unwrap();
    let other = f.dir.path().join("other.ron");
    let mut ws =
        Workspace::open_folder(&elsewhere, Some(other.clone()), None, &Progress::default())
            .unwrap();
    let doc = ws.corpus.get("x.txt").unwrap().clone();
    let claim = Claim::new(Span::from_document(&doc, 0, 7).unwrap(), None, "cy", "t");
    ws.project.apply(Edit::AddClaim(Box::new(claim))).unwrap();
    ws.save().unwrap();
    compare_with(&mut f, &other);
    let message = f.app().ui.message.clone().unwrap();
    assert!(message.contains("another corpus"), "{message}");
    assert_eq!(
        std::fs::read(&ana).unwrap(),
        before,
        "compared files are never written"
    );
}

#[test]
fn claims_flagged_by_a_merge_are_listed_and_resolved_undoably() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_seeds(&corpus);
    let path = corpus.join(project::DEFAULT_PROJECT_FILE);
    let mut ws = Workspace::open_folder(&corpus, None, None, &Progress::default()).unwrap();
    let doc = ws.corpus.get(DOC).unwrap().clone();
    let span = Span::from_document(&doc, 0, 8).unwrap();
    let mut ours = Claim::new(span.clone(), Some("agrees".into()), "ana", "t");
    let mut theirs = Claim::new(span, Some("contradicts".into()), "ana", "t");
    ours.conflict = Some(Box::new(project::MergeConflict {
        other: Some(theirs.id.clone()),
        reason: "changed differently on both branches".into(),
    }));
    theirs.conflict = Some(Box::new(project::MergeConflict {
        other: Some(ours.id.clone()),
        reason: "changed differently on both branches".into(),
    }));
    ws.project.apply(Edit::AddClaim(Box::new(ours))).unwrap();
    ws.project.apply(Edit::AddClaim(Box::new(theirs))).unwrap();
    ws.save().unwrap();
    let mut f = open_app(dir, OpenRequest::Path(path.clone()));
    f.harness
        .get_by_label_contains("2 claims flagged by a git merge")
        .click();
    f.harness.run_steps(3);
    assert!(f.app().ui.selected.is_some(), "a flagged claim is selected");
    assert!(
        f.harness
            .query_by_label_contains("Flagged by a git merge")
            .is_some()
    );
    f.harness.get_by_label("Mark resolved").click();
    f.harness.run_steps(3);
    assert!(
        f.harness
            .query_by_label_contains("1 claim flagged by a git merge")
            .is_some()
    );
    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    assert!(
        f.harness
            .query_by_label_contains("2 claims flagged by a git merge")
            .is_some(),
        "undo puts the flag back"
    );
}
