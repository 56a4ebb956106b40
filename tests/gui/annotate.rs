//! Headless GUI tests: the real app, driven with a simulated mouse and
//! keyboard through egui_kittest (no display, no GPU).

use crate::harness::*;
use crosscheck::app::{CrosscheckApp, OpenRequest, SaveState, ScriptedDialogs};
use crosscheck::project;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

#[test]
fn drag_and_press_2_makes_a_snapped_contradicts_claim_that_autosaves() {
    let mut f = seeds_fixture();
    assert_eq!(
        f.app().pane_doc(0).unwrap().id,
        "000_9da135f11425a690.txt",
        "first document shown"
    );
    let (start, end) = select_phrase(&mut f, 0, "not surprised that Met firearms");
    assert_eq!(
        f.app().ui.panes[0].view.selection,
        Some((start, end)),
        "snapped to whole words"
    );
    key(&mut f, Key::Num2);

    let claim = only_claim(f.app());
    assert_eq!(claim.label.as_deref(), Some("contradicts"));
    assert_eq!((claim.span.start, claim.span.end), (start, end));
    assert_eq!(claim.span.quote, "not surprised that Met firearms");
    assert_eq!(claim.annotator, "tester");
    assert_eq!(f.app().ui.selected.as_ref(), Some(&claim.id));

    wait_saved(&mut f);
    let on_disk = project::load(&f.project_path()).unwrap();
    assert_eq!(&on_disk, &f.app().session().unwrap().workspace().project);
    assert!(on_disk.claims().get(&claim.id).is_some());
}

#[test]
fn click_a_highlight_then_relabel_undo_redo() {
    let mut f = seeds_fixture();
    let (start, _) = select_phrase(&mut f, 0, "armed officers need to assess");
    key(&mut f, Key::Num1);
    let id = only_claim(f.app()).id;
    key(&mut f, Key::Escape);
    assert_eq!(f.app().ui.selected, None, "Esc deselects");

    // Click inside the highlight: it becomes the selected claim.
    let at = char_pos(f.app(), 0, start + 3);
    click(&mut f, at);
    assert_eq!(f.app().ui.selected.as_ref(), Some(&id));

    key(&mut f, Key::Num3);
    assert_eq!(only_claim(f.app()).label.as_deref(), Some("unverified"));

    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        only_claim(f.app()).label.as_deref(),
        Some("agrees"),
        "undo label change"
    );
    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    assert!(claims(f.app()).is_empty(), "undo creation");
    key_mod(&mut f, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(
        only_claim(f.app()).label.as_deref(),
        Some("agrees"),
        "redo creation"
    );
    key_mod(&mut f, Modifiers::COMMAND, Key::Y);
    assert_eq!(
        only_claim(f.app()).label.as_deref(),
        Some("unverified"),
        "redo label (Ctrl+Y)"
    );
}

#[test]
fn clicking_a_label_in_the_claim_panel_changes_it() {
    let mut f = seeds_fixture();
    select_phrase(&mut f, 0, "More than 100 officers");
    f.harness.get_by_label("1 Agrees").click();
    f.harness.run_steps(2);
    assert_eq!(
        only_claim(f.app()).label.as_deref(),
        Some("agrees"),
        "label bar button"
    );
    f.harness.get_by_label("2 Contradicts").click();
    f.harness.run_steps(2);
    assert_eq!(
        only_claim(f.app()).label.as_deref(),
        Some("contradicts"),
        "claim panel button"
    );
}

#[test]
fn delete_and_undo_delete() {
    let mut f = seeds_fixture();
    select_phrase(&mut f, 0, "Chris Kaba");
    key(&mut f, Key::Num2);
    let claim = only_claim(f.app());
    key(&mut f, Key::Delete);
    assert!(claims(f.app()).is_empty());
    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        only_claim(f.app()),
        claim,
        "undo restores the claim exactly"
    );
}

#[test]
fn escape_cancels_a_selection() {
    let mut f = seeds_fixture();
    select_phrase(&mut f, 0, "armed forces");
    assert!(f.app().ui.panes[0].view.selection.is_some());
    key(&mut f, Key::Escape);
    assert!(f.app().ui.panes[0].view.selection.is_none());
    key(&mut f, Key::Num1);
    assert!(claims(f.app()).is_empty());
}

#[test]
fn alt_drag_keeps_exact_characters() {
    let mut f = seeds_fixture();
    let start = offset_of(f.app(), 0, "firearms officers have");
    let from = char_pos(f.app(), 0, start + 1);
    let to = char_pos(f.app(), 0, start + 5);
    f.harness.hover_at(from);
    f.harness.step();
    f.harness.event_modifiers(
        egui::Event::PointerButton {
            pos: from,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::ALT,
        },
        Modifiers::ALT,
    );
    f.harness.step();
    for i in 1..=4 {
        f.harness.event_modifiers(
            egui::Event::PointerMoved(from.lerp(to, i as f32 / 4.0)),
            Modifiers::ALT,
        );
        f.harness.step();
    }
    f.harness.event_modifiers(
        egui::Event::PointerButton {
            pos: to,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::ALT,
        },
        Modifiers::ALT,
    );
    f.harness.run_steps(2);
    let (s, e) = f.app().ui.panes[0].view.selection.expect("a selection");
    assert!(
        s > start && e < start + "firearms".len(),
        "not snapped: {s}..{e}"
    );
}

#[test]
fn keyboard_only_sentence_label_and_resize() {
    let mut f = seeds_fixture();
    key(&mut f, Key::ArrowDown);
    let (s, e) = f.app().ui.panes[0]
        .view
        .selection
        .expect("first sentence highlighted");
    assert_eq!(s, 0);
    let doc = f.app().pane_doc(0).unwrap();
    assert!(doc.slice(s, e).unwrap().ends_with("permits."));
    key(&mut f, Key::ArrowDown);
    let (s2, _) = f.app().ui.panes[0].view.selection.unwrap();
    assert!(s2 > e, "next sentence");
    key(&mut f, Key::Num1);
    let claim = only_claim(f.app());
    key_mod(&mut f, Modifiers::SHIFT, Key::ArrowLeft);
    let shorter = only_claim(f.app());
    assert_eq!(shorter.span.start, claim.span.start);
    assert!(
        shorter.span.end < claim.span.end,
        "Shift+← moved the end back a word"
    );
    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    assert_eq!(only_claim(f.app()).span, claim.span, "span change undone");
}

#[test]
fn next_document_and_done_mark() {
    let mut f = seeds_fixture();
    key(&mut f, Key::CloseBracket);
    assert_eq!(f.app().pane_doc(0).unwrap().id, "001_96202ee82963ce48.txt");
    key_mod(&mut f, Modifiers::COMMAND, Key::D);
    let session = f.app().session().unwrap();
    assert!(session.workspace().project.documents()["001_96202ee82963ce48.txt"].done);
    key(&mut f, Key::OpenBracket);
    assert_eq!(f.app().pane_doc(0).unwrap().id, "000_9da135f11425a690.txt");
}

#[test]
fn corrupt_project_is_reported_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_seeds(&corpus);
    let bad = "(\n    format_version: 1,\n    corpus: \".\",\n    labels: [(id: \"agrees\" oops\n";
    std::fs::write(corpus.join("crosscheck.ron"), bad).unwrap();
    let mut f = open_app(dir, OpenRequest::Path(corpus.clone()));
    let err = f.app().open_error.clone().expect("an error dialog");
    assert!(err.message.contains("line 4"), "{}", err.message);
    assert!(err.message.contains("crosscheck.ron"), "{}", err.message);
    assert!(f.app().session().is_none());
    f.harness.get_by_label("Close").click();
    f.harness.run_steps(3);
    assert_eq!(
        std::fs::read_to_string(corpus.join("crosscheck.ron")).unwrap(),
        bad
    );
}

#[test]
fn corrupt_project_can_be_restored_from_backup() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_seeds(&corpus);
    let path = corpus.join("crosscheck.ron");
    let mut good = project::Project::new(".");
    // A fingerprint that no longer matches the seed, marked done.
    let stale = crosscheck::corpus::Document::new("000_9da135f11425a690.txt", "stale");
    let stale = crosscheck::corpus::Corpus::from_parts(".".into(), vec![stale], vec![]);
    project::sync_with_corpus(&mut good, &stale);
    good.apply(project::Edit::SetDone {
        doc: "000_9da135f11425a690.txt".into(),
        done: true,
    })
    .unwrap();
    project::save(&good, &path).unwrap();
    project::save(&good, &path).unwrap(); // now a .bak exists too
    std::fs::write(&path, "garbage(").unwrap();
    let mut f = open_app(dir, OpenRequest::Path(corpus.clone()));
    assert!(f.app().open_error.as_ref().unwrap().backup.is_some());
    f.harness.get_by_label("Open the backup").click();
    wait_until(&mut f, "the backup to load", |app| app.session().is_some());
    let session = f.app().session().unwrap();
    assert!(session.workspace().project.documents()["000_9da135f11425a690.txt"].done);
    let kept: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept");
    assert_eq!(std::fs::read_to_string(kept[0].path()).unwrap(), "garbage(");
}

#[test]
fn bare_start_opens_the_sample_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut f = open_app(dir, OpenRequest::Sample);
    let session = f.app().session().unwrap();
    assert_eq!(session.workspace().corpus.len(), 4);
    assert!(
        session.workspace().project_path.starts_with(&data),
        "{:?}",
        session.workspace().project_path
    );
    select_phrase(&mut f, 0, "Chris Kaba");
    key(&mut f, Key::Num1);
    wait_saved(&mut f);
    assert!(data.join("sample/crosscheck.ron").exists());
}

#[test]
fn failed_save_keeps_the_work_and_offers_save_as() {
    let mut f = seeds_fixture();
    // A project path whose folder is a file: writing fails, even as root.
    // The project file's place is taken by a folder: writing fails, even as root.
    let blocker = project::DEFAULT_PROJECT_FILE;
    let blocker = f.corpus().join(blocker);
    std::fs::create_dir(&blocker).unwrap();
    std::fs::write(blocker.join("keep"), "x").unwrap();
    select_phrase(&mut f, 0, "Chris Kaba");
    key(&mut f, Key::Num1);
    wait_until(&mut f, "the save to fail", |app| {
        matches!(app.session().unwrap().save_state(), SaveState::Failed(_))
    });
    f.harness.run_steps(2);
    assert_eq!(
        only_claim(f.app()).span.quote,
        "Chris Kaba",
        "work kept in memory"
    );
    assert_eq!(
        std::fs::read_to_string(blocker.join("keep")).unwrap(),
        "x",
        "nothing damaged"
    );

    let target = f.dir.path().join("elsewhere.ron");
    // The status bar offers Save as…; the scripted dialog answers with `target`.
    f.harness.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: [Some(target.clone())].into(),
        ..Default::default()
    });
    f.harness.get_by_label("Save as…").click();
    // The save runs on a worker: wait for its result, not a fixed number of frames.
    wait_until(&mut f, "the save as to finish", |app| {
        *app.session().unwrap().save_state() == SaveState::Saved
    });
    let saved = project::load(&target).unwrap();
    assert_eq!(saved.claims().len(), 1);
    assert_eq!(
        project::corpus_dir(&target, &saved).canonicalize().unwrap(),
        f.corpus().canonicalize().unwrap(),
        "the corpus is referenced relative to the new file"
    );
    assert_eq!(*f.app().session().unwrap().save_state(), SaveState::Saved);
}

#[test]
fn help_lists_shortcuts() {
    let mut f = seeds_fixture();
    key(&mut f, Key::F1);
    assert!(f.app().ui.help.open);
    f.harness.get_by_label("Keyboard shortcuts");
    f.harness.get_by_label("undo");
}

#[test]
fn export_from_the_window_and_import_pre_annotations() {
    let mut f = seeds_fixture();
    select_phrase(&mut f, 0, "Chris Kaba");
    key(&mut f, Key::Num2);

    let out = f.dir.path().join("claims.csv");
    f.harness.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: [Some(out.clone())].into(),
        ..Default::default()
    });
    key_mod(&mut f, Modifiers::COMMAND, Key::E);
    f.harness.get_by_label("csv").click();
    f.harness.run_steps(2);
    f.harness
        .get_by_label("Choose the file and export…")
        .click();
    f.harness.run_steps(1);
    wait_until(&mut f, "the export job", |app| app.ctl.busy().is_none());
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with('\u{feff}'), "BOM for spreadsheets");
    assert!(csv.contains("Chris Kaba"));
    let message = f.app().ui.message.clone().unwrap();
    assert!(message.contains("1 row written to"), "{message}");

    // Pre-annotations from a model: one undoable step.
    let jsonl = f.dir.path().join("pre.jsonl");
    let start = offset_of(f.app(), 0, "Zoe Wakefield");
    std::fs::write(
        &jsonl,
        format!(
            "{{\"doc\": \"000_9da135f11425a690.txt\", \"start\": {start}, \"end\": {}, \"label\": \"agrees\"}}\n",
            start + 13
        ),
    )
    .unwrap();
    f.harness.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: [Some(jsonl)].into(),
        ..Default::default()
    });
    f.harness.state_mut().ui.export.open = false;
    f.harness.run_steps(2);
    f.harness.get_by_label("File").click();
    f.harness.run_steps(4);
    f.harness
        .get_by_label_contains("Import pre-annotations")
        .click();
    f.harness.run_steps(1);
    wait_until(&mut f, "the import job", |app| app.ctl.busy().is_none());
    let imported = claims(f.app());
    assert_eq!(imported.len(), 2, "{:?}", f.app().ui.message);
    assert!(
        imported
            .iter()
            .any(|c| c.span.quote == "Zoe Wakefield" && c.annotator == "import")
    );
    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    assert_eq!(claims(f.app()).len(), 1, "undo the import");
}

#[test]
fn annotator_name_is_asked_once_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_seeds(&corpus);
    let paths = crosscheck::app::AppPaths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
    };
    let app_paths = paths.clone();
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |_cc| {
            CrosscheckApp::new(
                app_paths,
                crosscheck::app::Settings::default(),
                Box::new(ScriptedDialogs::default()),
                OpenRequest::Path(corpus),
            )
        });
    for _ in 0..500 {
        harness.step();
        if harness.state().session().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    harness.run_steps(3);
    assert!(harness.state().name_prompt.is_some());
    harness.get_by_label("Your name").type_text("Ana");
    harness.run_steps(3);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert!(harness.state().name_prompt.is_none(), "Enter confirms");
    assert_eq!(harness.state().session().unwrap().annotator(), "Ana");
    assert_eq!(crosscheck::app::Settings::load(&paths).annotator, "Ana");
}
