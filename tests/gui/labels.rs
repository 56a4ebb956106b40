//! The label editor in the window: add a label and use its key, rename,
//! refuse a clashing key, swap in a template with the relabel question,
//! undo each step; the guidelines window.

use crate::harness::*;
use crosscheck::app::{Action, Command};
use crosscheck::project;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

fn labels(f: &Fixture) -> Vec<String> {
    f.app()
        .session()
        .unwrap()
        .workspace()
        .project
        .labels()
        .iter()
        .map(|l| l.id.clone())
        .collect()
}

#[test]
fn add_a_label_in_the_window_and_label_with_its_key() {
    let mut f = seeds_fixture();
    key_mod(&mut f, Modifiers::COMMAND, Key::L);
    assert!(f.app().ui.labels.open, "Ctrl+L opens the label editor");
    f.harness.get_by_label("New label id").click();
    f.harness.run_steps(1);
    f.harness.get_by_label("New label id").type_text("satire");
    f.harness.get_by_label("New label name").click();
    f.harness.run_steps(1);
    f.harness.get_by_label("New label name").type_text("Satire");
    f.harness.run_steps(1);
    f.harness.get_by_label("Add label").click();
    f.harness.run_steps(3);
    assert_eq!(
        labels(&f),
        ["agrees", "contradicts", "unverified", "satire"]
    );
    let satire = f
        .app()
        .session()
        .unwrap()
        .workspace()
        .project
        .label("satire")
        .cloned()
        .unwrap();
    assert_eq!(satire.key, Some('4'), "the next free number key");
    assert_eq!(
        satire.fever_target(),
        "",
        "no training target until declared"
    );

    // Close the editor and use the new key on a highlight.
    key_mod(&mut f, Modifiers::COMMAND, Key::L);
    select_phrase(&mut f, 0, "Chris Kaba");
    key(&mut f, Key::Num4);
    assert_eq!(only_claim(f.app()).label.as_deref(), Some("satire"));
    wait_saved(&mut f);
    let saved = project::load(&f.project_path()).unwrap();
    assert!(
        saved.label("satire").is_some(),
        "the label is saved with the project"
    );

    // Undo the claim, then the label.
    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    assert_eq!(labels(&f), ["agrees", "contradicts", "unverified"]);
}

#[test]
fn a_key_taken_by_a_label_or_a_command_is_refused() {
    let mut f = seeds_fixture();
    let agrees = f
        .app()
        .session()
        .unwrap()
        .workspace()
        .project
        .label("agrees")
        .cloned()
        .unwrap();
    for (key, expect) in [('2', "already belongs"), ('n', "command of the window")] {
        f.harness
            .state_mut()
            .ui
            .actions
            .push(Action::Apply(project::Edit::UpdateLabel {
                id: "agrees".into(),
                label: project::Label {
                    key: Some(key),
                    ..agrees.clone()
                },
            }));
        f.harness.run_steps(2);
        let message = f.app().ui.message.clone().unwrap_or_default();
        assert!(message.contains(expect), "{key}: {message}");
        let now = f
            .app()
            .session()
            .unwrap()
            .workspace()
            .project
            .label("agrees")
            .cloned();
        assert_eq!(now.unwrap().key, Some('1'), "unchanged");
    }
}

#[test]
fn a_template_asks_what_used_labels_become_and_undoes_in_one_step() {
    let mut f = seeds_fixture();
    select_phrase(&mut f, 0, "Chris Kaba");
    key(&mut f, Key::Num2);
    f.harness
        .state_mut()
        .ui
        .actions
        .push(Action::Command(Command::EditLabels));
    f.harness.run_steps(4);
    f.harness.get_by_value("choose…").click();
    f.harness.run_steps(2);
    f.harness
        .get_by_label("FNC-1 stance: agree / disagree / discuss / unrelated")
        .click();
    f.harness.run_steps(2);
    f.harness.get_by_label("Use this template").click();
    f.harness.run_steps(4);
    assert!(
        f.app().ui.labels.question.is_some(),
        "a claim uses contradicts"
    );
    assert!(
        f.harness
            .query_by_label_contains("1 claim and 0 evidence links")
            .is_some()
    );
    // Relabel to the first label of the template offered (agree), then pick disagree.
    f.harness.get_by_value("Agree").click();
    f.harness.run_steps(2);
    f.harness.get_by_label("Disagree").click();
    f.harness.run_steps(2);
    f.harness.get_by_label("Relabel").click();
    f.harness.run_steps(3);
    assert_eq!(labels(&f), ["agree", "disagree", "discuss", "unrelated"]);
    assert_eq!(only_claim(f.app()).label.as_deref(), Some("disagree"));
    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    assert_eq!(labels(&f), ["agrees", "contradicts", "unverified"]);
    assert_eq!(only_claim(f.app()).label.as_deref(), Some("contradicts"));
}

#[test]
fn guidelines_are_written_shown_with_g_and_saved() {
    let mut f = seeds_fixture();
    key(&mut f, Key::G);
    assert!(f.app().ui.guidelines.open, "G opens the guidelines");
    f.harness.get_by_label("Edit guidelines").click();
    f.harness.run_steps(2);
    f.harness.get_by_label("Guidelines text").click();
    f.harness.run_steps(1);
    f.harness
        .get_by_label("Guidelines text")
        .type_text("# Rules\nLabel claims, not opinions.");
    f.harness.run_steps(1);
    f.harness.get_by_label("Save guidelines").click();
    f.harness.run_steps(3);
    wait_saved(&mut f);
    let saved = project::load(&f.project_path()).unwrap();
    assert_eq!(saved.guidelines(), "# Rules\nLabel claims, not opinions.");
    assert!(
        f.harness
            .query_by_label("Label claims, not opinions.")
            .is_some()
    );
    key(&mut f, Key::G);
    assert!(!f.app().ui.guidelines.open, "G hides them again");
}
