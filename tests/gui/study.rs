//! An annotator's share of a study in the window: their documents first,
//! the others greyed or hidden, "N of M done", Next/Previous through the
//! share only, and the file opened at their first open document.

use crosscheck::app::OpenRequest;
use crosscheck::project::{self, Project};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use super::harness::*;

const A: &str = "000_9da135f11425a690.txt";
const B: &str = "001_96202ee82963ce48.txt";
const C: &str = "002_3d0f47c7a0437b97.txt";
const D: &str = "003_41225c5e45abc519.txt";

/// The seeds, and ana's file with B and D as her share.
fn ana_fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_seeds(&corpus);
    let file = corpus.join("ana.ron");
    let mut p = Project::new(".");
    p.set_assigned([B.to_string(), D.to_string()].into_iter().collect());
    project::save(&p, &file).unwrap();
    open_app(dir, OpenRequest::Path(file))
}

fn shown(f: &Fixture) -> String {
    f.app().pane_doc(0).unwrap().id.clone()
}

#[test]
fn the_share_opens_first_and_next_steps_through_it_only() {
    let mut f = ana_fixture();
    // Opened at her first open document, not the corpus's first (A).
    assert_eq!(shown(&f), B);
    key(&mut f, Key::CloseBracket);
    assert_eq!(shown(&f), D, "C is not hers");
    key(&mut f, Key::CloseBracket);
    assert_eq!(shown(&f), B, "wraps round within the share");
    key(&mut f, Key::OpenBracket);
    assert_eq!(shown(&f), D);
    f.harness.get_by_label("0 of 2 done");
    key_mod(&mut f, Modifiers::COMMAND, Key::D);
    f.harness.run_steps(2);
    f.harness.get_by_label("1 of 2 done");
    // D is done; reopened, the file starts at the one still open (B).
    wait_saved(&mut f);
    let dir = f.dir;
    let file = dir.path().join("corpus/ana.ron");
    let f = open_app(dir, OpenRequest::Path(file));
    assert_eq!(shown(&f), B);
}

#[test]
fn the_list_puts_the_share_first_and_can_hide_the_others() {
    let mut f = ana_fixture();
    let order = |f: &Fixture| -> Vec<String> {
        let titles: Vec<(f32, String)> = [A, B, C, D]
            .iter()
            .filter_map(|id| {
                // The file name under each title in the list on the left.
                let y = f
                    .harness
                    .query_all_by_label(id)
                    .map(|n| n.rect())
                    .find(|r| r.min.x < 300.0)?
                    .min
                    .y;
                Some((y, id.to_string()))
            })
            .collect();
        let mut titles = titles;
        titles.sort_by(|a, b| a.0.total_cmp(&b.0));
        titles.into_iter().map(|t| t.1).collect()
    };
    assert_eq!(order(&f), [B, D, A, C]);
    f.harness.get_by_label("Only my share (2)").click();
    f.harness.run_steps(3);
    assert_eq!(order(&f), [B, D]);
}

#[test]
fn a_file_outside_a_study_has_no_share() {
    let mut f = seeds_fixture();
    assert!(f.harness.query_by_label_contains("Only my share").is_none());
    assert!(f.harness.query_by_label_contains(" done").is_none());
    key(&mut f, Key::CloseBracket);
    key(&mut f, Key::CloseBracket);
    assert_eq!(shown(&f), C, "every document, in corpus order");
}

/// File › Plan a study… writes the plan and the annotators' files; the
/// Study window shows each annotator's progress; gathering writes a gold
/// file.
#[test]
fn plan_follow_and_gather_a_study_from_the_window() {
    use crosscheck::app::ScriptedDialogs;
    let mut f = seeds_fixture();
    let corpus = f.corpus();
    f.harness.get_by_label("File").click();
    f.harness.run_steps(3);
    f.harness.get_by_label_contains("Plan a study").click();
    f.harness.run_steps(3);
    assert!(f.app().ui.plan.open);
    // The form's fields (typing into them is looked at in the real window).
    f.harness.state_mut().ui.plan.annotators = "ana, ben".into();
    f.harness.state_mut().ui.plan.seed = "7".into();
    f.harness.run_steps(2);
    f.harness.get_by_label("Plan").click();
    f.harness.run_steps(1);
    wait_until(&mut f, "the plan", |app| {
        app.ctl.busy().is_none() && app.ui.study.report.is_some()
    });
    let plan = crosscheck::study::Plan::load(&corpus.join("study.ron")).unwrap();
    assert_eq!(plan.seed, 7);
    assert_eq!(plan.documents.len(), 4);
    assert!(corpus.join("ana.ron").exists() && corpus.join("ben.ron").exists());
    // The Study window opened on it, with a row per annotator.
    assert!(f.app().ui.study.open);
    let ana_share = plan.share("ana").len();
    f.harness.run_steps(2);
    f.harness.get_by_label(&format!("0 / {ana_share}"));
    f.harness.get_by_label("ben");

    // Ana marks a document done in her file; Refresh shows it.
    let ana_file = corpus.join("ana.ron");
    let mut p = project::load(&ana_file).unwrap();
    let first = plan.share("ana").into_iter().next().unwrap();
    p.apply(project::Edit::SetDone {
        doc: first.clone(),
        done: true,
    })
    .unwrap();
    project::save(&p, &ana_file).unwrap();
    f.harness.get_by_label("Refresh").click();
    f.harness.run_steps(1);
    wait_until(&mut f, "the refresh", |app| !app.ui.study.reading);
    f.harness.run_steps(2);
    f.harness.get_by_label(&format!("1 / {ana_share}"));

    // Gather into a gold file the scripted dialog names.
    let gold = corpus.join("gold.ron");
    f.harness.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: [Some(gold.clone())].into(),
        ..Default::default()
    });
    f.harness.get_by_label("Gather into a gold file…").click();
    f.harness.run_steps(1);
    wait_until(&mut f, "the gathering", |app| app.ctl.busy().is_none());
    let message = f.app().ui.message.clone().unwrap_or_default();
    assert!(message.starts_with("Wrote"), "{message}");
    let gold = project::load(&gold).unwrap();
    let single = plan.documents.get(&first).is_some_and(|d| !d.overlap);
    assert_eq!(
        gold.documents()[&first].done,
        single,
        "ana's done mark on a document she had alone"
    );
}
