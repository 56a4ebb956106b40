//! File › Import from another tool… in the window, driven headless: the
//! tool and options are chosen in a small window, the file comes from the
//! (scripted) dialog, the import runs as a job and undoes as one step.

use crate::harness::*;
use crosscheck::app::ScriptedDialogs;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

const DOC: &str = "000_9da135f11425a690.txt";

fn label_studio_file(f: &Fixture) -> std::path::PathBuf {
    let text = f
        .app()
        .session()
        .unwrap()
        .workspace()
        .corpus
        .get(DOC)
        .unwrap()
        .text
        .clone();
    let quote = "Zoe Wakefield";
    let byte = text.find(quote).unwrap();
    let start = text[..byte].chars().count();
    let tasks = serde_json::json!([{"id": 1, "data": {"text": text}, "annotations": [{
        "completed_by": {"id": 3, "email": "cy@example.org"},
        "result": [{"id": "r1", "type": "labels", "from_name": "label", "to_name": "text",
            "value": {"start": start, "end": start + 13, "text": quote, "labels": ["rumour"]}}]}]}]);
    let path = f.dir.path().join("project.json");
    std::fs::write(&path, serde_json::to_string_pretty(&tasks).unwrap()).unwrap();
    path
}

fn choose_and_import(f: &mut Fixture, path: &std::path::Path) {
    f.harness.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: [Some(path.to_path_buf())].into(),
        ..Default::default()
    });
    f.harness
        .get_by_label("Choose the file and import…")
        .click();
    f.harness.run_steps(1);
    wait_until(f, "the import job", |app| app.ctl.busy().is_none());
    f.harness.run_steps(2);
}

#[test]
fn import_from_another_tool_menu_item() {
    let mut f = seeds_fixture();
    let file = label_studio_file(&f);
    f.harness.get_by_label("File").click();
    f.harness.run_steps(4);
    f.harness
        .get_by_label_contains("Import from another tool")
        .click();
    f.harness.run_steps(3);
    assert!(f.app().ui.import.open);
    f.harness.get_by_label("label-studio").click();
    f.harness.run_steps(2);

    // The label is not in the project: refused, nothing changed, said why.
    choose_and_import(&mut f, &file);
    assert_eq!(claims(f.app()).len(), 0);
    let result = f.app().ui.import.result.clone().unwrap();
    assert!(
        result.contains("labels this project does not have: rumour"),
        "{result}"
    );

    f.harness
        .get_by_label("Add labels the project lacks")
        .click();
    f.harness.run_steps(2);
    choose_and_import(&mut f, &file);
    let claim = only_claim(f.app());
    assert_eq!(claim.span.quote, "Zoe Wakefield");
    assert_eq!(claim.label.as_deref(), Some("rumour"));
    assert_eq!(claim.annotator, "cy@example.org");
    let message = f.app().ui.message.clone().unwrap();
    assert!(
        message.contains("1 claim and 0 evidence links imported"),
        "{message}"
    );
    assert!(message.contains("labels added: rumour"), "{message}");
    let project = &f.app().session().unwrap().workspace().project;
    let label = project.label("rumour").unwrap();
    assert_eq!(label.key, None);

    // One undo takes back the claim and the label it brought.
    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    assert_eq!(claims(f.app()).len(), 0);
    assert!(
        f.app()
            .session()
            .unwrap()
            .workspace()
            .project
            .label("rumour")
            .is_none()
    );
}
