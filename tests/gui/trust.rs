//! Headless tests of the window's promises: every modified shortcut does
//! exactly its own thing, Tab selects claims wherever egui put the focus,
//! unsaved work is never dropped by Quit or Open, a read-only corpus still
//! saves.
//!
//! Keys are delivered the way a real window delivers them: through
//! `raw_input_hook` before the frame, so egui's focus traversal runs on
//! what is left (as eframe does), and with the physical key a US layout
//! reports (Shift+1 arrives as `!`).

use std::path::Path;

use crate::harness::*;
use crosscheck::app::{OpenRequest, SaveState, ScriptedDialogs};
use crosscheck::project;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

fn tap(f: &mut Fixture, key: Key) {
    press(f, Modifiers::NONE, key, None);
}

/// Three claims in the first document, in text order; nothing selected.
fn three_claims(f: &mut Fixture) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for phrase in ["Zoe Wakefield", "Chris Kaba", "Hampshire Constabulary"] {
        spans.push(select_phrase(f, 0, phrase));
        tap(f, Key::Num3);
    }
    tap(f, Key::Escape);
    spans.sort();
    spans
}

fn selected_span(f: &Fixture) -> Option<(usize, usize)> {
    let id = f.app().ui.selected.as_ref()?;
    let claim = f.app().session()?.claim(id)?;
    Some((claim.span.start, claim.span.end))
}

#[test]
fn tab_and_shift_tab_select_claims_with_a_menu_button_focused() {
    let mut f = seeds_fixture();
    let spans = three_claims(&mut f);
    assert_eq!(f.app().ui.selected, None);
    // Where a real window's Tab used to leave the keyboard: on the menu bar.
    f.harness.get_by_label("File").focus();
    f.harness.run_steps(2);
    let focused = f.harness.ctx.memory(|m| m.focused());
    assert!(focused.is_some(), "the menu button has the focus");

    tap(&mut f, Key::Tab);
    assert_eq!(selected_span(&f), Some(spans[0]), "Tab: first claim");
    tap(&mut f, Key::Tab);
    assert_eq!(selected_span(&f), Some(spans[1]), "Tab: next claim");
    press(&mut f, Modifiers::SHIFT, Key::Tab, None);
    assert_eq!(
        selected_span(&f),
        Some(spans[0]),
        "Shift+Tab goes back, not forward"
    );
    press(&mut f, Modifiers::SHIFT, Key::Tab, None);
    assert_eq!(selected_span(&f), Some(spans[2]), "and wraps around");
    assert_eq!(
        f.harness.ctx.memory(|m| m.focused()),
        focused,
        "egui's focus traversal did not take Tab"
    );
    // Bare keys still work after all that.
    tap(&mut f, Key::Delete);
    assert_eq!(claims(f.app()).len(), 2);
    assert!(claims(f.app()).iter().all(|c| c.span.start != spans[2].0));
}

#[test]
fn shift_and_alt_shift_arrows_move_one_edge_each() {
    let mut f = seeds_fixture();
    let (start, end) = select_phrase(&mut f, 0, "Chris Kaba");
    tap(&mut f, Key::Num1);
    press(&mut f, Modifiers::SHIFT, Key::ArrowRight, None);
    let (s1, e1) = selected_span(&f).unwrap();
    assert_eq!(s1, start, "Shift+Right leaves the start");
    assert!(e1 > end, "and moves the end");
    press(
        &mut f,
        Modifiers::SHIFT | Modifiers::ALT,
        Key::ArrowRight,
        None,
    );
    let (s2, e2) = selected_span(&f).unwrap();
    assert!(s2 > s1, "Alt+Shift+Right moves the start");
    assert_eq!(e2, e1, "and only the start");
    press(
        &mut f,
        Modifiers::SHIFT | Modifiers::ALT,
        Key::ArrowLeft,
        None,
    );
    assert_eq!(selected_span(&f), Some((s1, e1)));
    press(&mut f, Modifiers::SHIFT, Key::ArrowLeft, None);
    let (s3, e3) = selected_span(&f).unwrap();
    assert!(s3 == s1 && e3 < e1, "Shift+Left moves the end back, only");
}

#[test]
fn undo_redo_and_their_shifted_forms() {
    let mut f = seeds_fixture();
    select_phrase(&mut f, 0, "Chris Kaba");
    tap(&mut f, Key::Num2);
    press(&mut f, Modifiers::COMMAND, Key::Z, None);
    assert!(claims(f.app()).is_empty(), "Ctrl+Z undoes");
    press(&mut f, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z, None);
    assert_eq!(
        claims(f.app()).len(),
        1,
        "Ctrl+Shift+Z redoes (and only that)"
    );
    press(&mut f, Modifiers::COMMAND, Key::Z, None);
    press(&mut f, Modifiers::COMMAND, Key::Y, None);
    assert_eq!(claims(f.app()).len(), 1, "Ctrl+Y redoes");
    // Ctrl+Alt+Z is not undo.
    press(&mut f, Modifiers::COMMAND | Modifiers::ALT, Key::Z, None);
    assert_eq!(claims(f.app()).len(), 1);
}

#[test]
fn ctrl_shift_o_asks_for_a_project_only() {
    let mut f = seeds_fixture();
    let dialogs = ScriptedDialogs::default();
    let asked = dialogs.asked.clone();
    f.harness.state_mut().dialogs = Box::new(dialogs);
    press(&mut f, Modifiers::COMMAND | Modifiers::SHIFT, Key::O, None);
    assert_eq!(*asked.lock().unwrap(), vec!["project"]);
    press(&mut f, Modifiers::COMMAND, Key::O, None);
    assert_eq!(*asked.lock().unwrap(), vec!["project", "folder"]);
    press(&mut f, Modifiers::COMMAND | Modifiers::SHIFT, Key::S, None);
    assert_eq!(
        *asked.lock().unwrap(),
        vec!["project", "folder", "save"],
        "Ctrl+Shift+S is Save as…, not Save"
    );
}

#[test]
fn shift_digit_side_by_side_makes_a_new_claim_not_evidence() {
    let mut f = seeds_fixture();
    select_phrase(&mut f, 0, "Chris Kaba");
    tap(&mut f, Key::Num2);
    press(&mut f, Modifiers::COMMAND, Key::Backslash, None);
    assert!(f.app().ui.split, "Ctrl+\\ opens the second pane");
    let right = f.app().pane_doc(1).unwrap().text.clone();
    let word = right
        .split_whitespace()
        .find(|w| w.len() > 6 && w.chars().all(char::is_alphabetic))
        .unwrap()
        .to_string();
    select_phrase(&mut f, 1, &word);
    // A US layout reports Shift+1 as "!" with the physical key 1.
    press(
        &mut f,
        Modifiers::SHIFT,
        Key::Exclamationmark,
        Some(Key::Num1),
    );
    let all = claims(f.app());
    assert_eq!(all.len(), 2, "a second claim, {all:?}");
    assert!(
        all.iter().all(|c| c.evidence.is_empty()),
        "no evidence link"
    );
    let new = all.iter().find(|c| c.span.quote == word).unwrap();
    assert_eq!(new.label.as_deref(), Some("agrees"));
}

#[test]
fn ctrl_shortcuts_each_do_their_thing() {
    let mut f = seeds_fixture();
    let size = f.app().settings.font_size;
    press(&mut f, Modifiers::COMMAND, Key::Equals, None);
    assert_eq!(f.app().settings.font_size, size + 1.0, "Ctrl+=");
    press(
        &mut f,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::Plus,
        None,
    );
    assert_eq!(
        f.app().settings.font_size,
        size + 2.0,
        "Ctrl++ (with Shift)"
    );
    press(&mut f, Modifiers::COMMAND, Key::Minus, None);
    assert_eq!(f.app().settings.font_size, size + 1.0, "Ctrl+-");
    press(&mut f, Modifiers::COMMAND, Key::Num0, None);
    assert_eq!(f.app().settings.font_size, size, "Ctrl+0");

    let first = f.app().ui.panes[0].doc;
    press(&mut f, Modifiers::COMMAND, Key::PageDown, None);
    assert_eq!(f.app().ui.panes[0].doc, first + 1, "Ctrl+PageDown");
    press(&mut f, Modifiers::COMMAND, Key::PageUp, None);
    assert_eq!(f.app().ui.panes[0].doc, first, "Ctrl+PageUp");

    press(&mut f, Modifiers::COMMAND, Key::D, None);
    let doc = f.app().pane_doc(0).unwrap().id.clone();
    let done = |f: &Fixture| f.app().session().unwrap().workspace().project.documents()[&doc].done;
    assert!(done(&f), "Ctrl+D marks done");
    press(&mut f, Modifiers::COMMAND, Key::M, None);
    assert!(f.app().ui.overview.open, "Ctrl+M");
    press(&mut f, Modifiers::COMMAND, Key::E, None);
    assert!(f.app().ui.export.open, "Ctrl+E");
    press(&mut f, Modifiers::COMMAND, Key::S, None);
    wait_saved(&mut f);
    assert!(project::load(&f.project_path()).unwrap().documents()[&doc].done);
    tap(&mut f, Key::F1);
    assert!(f.app().ui.help.open, "F1");
    tap(&mut f, Key::Escape);
    assert!(!f.app().ui.help.open, "Esc closes help");
    press(&mut f, Modifiers::COMMAND, Key::Q, None);
    assert!(f.app().ctl.allow_close(), "Ctrl+Q closes when all is saved");
}

/// A fixture whose project cannot be written: a folder holds its place.
fn unwritable_fixture() -> Fixture {
    let f = seeds_fixture();
    let blocker = f.project_path();
    std::fs::create_dir(&blocker).unwrap();
    std::fs::write(blocker.join("keep"), "x").unwrap();
    f
}

fn wait_failed(f: &mut Fixture) {
    wait_until(f, "the save to fail", |app| {
        matches!(app.session().unwrap().save_state(), SaveState::Failed(_))
    });
}

#[test]
fn failed_save_then_quit_asks_and_keeps_the_work() {
    let mut f = unwritable_fixture();
    select_phrase(&mut f, 0, "Chris Kaba");
    tap(&mut f, Key::Num2);
    wait_failed(&mut f);
    press(&mut f, Modifiers::COMMAND, Key::Q, None);
    wait_until(&mut f, "the question", |app| {
        app.ctl.asks_about_unsaved().is_some()
    });
    f.harness.run_steps(2);
    assert!(!f.app().ctl.allow_close(), "the window stays");
    assert!(f.harness.query_by_label("Discard changes").is_some());
    assert_eq!(claims(f.app()).len(), 1, "the edit stays");
    // Keys do nothing behind the question.
    tap(&mut f, Key::Delete);
    assert_eq!(claims(f.app()).len(), 1);

    f.harness.get_by_label("Cancel").click();
    f.harness.run_steps(3);
    assert!(f.app().ctl.asks_about_unsaved().is_none());
    assert!(!f.app().ctl.allow_close());
    assert_eq!(claims(f.app()).len(), 1);

    // The window's close button is held back the same way, until the
    // work is saved somewhere: then it closes.
    f.harness
        .state_mut()
        .ui
        .actions
        .push(crosscheck::app::Action::CloseRequested);
    wait_until(&mut f, "the question", |app| {
        app.ctl.asks_about_unsaved().is_some()
    });
    let elsewhere = f.dir.path().join("elsewhere.ron");
    f.harness.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: [Some(elsewhere.clone())].into(),
        ..Default::default()
    });
    f.harness.get_by_label("Save as…").click();
    wait_until(&mut f, "the close after saving", |app| {
        app.ctl.allow_close()
    });
    assert_eq!(project::load(&elsewhere).unwrap().claims().len(), 1);
}

#[test]
fn failed_save_then_open_asks_before_replacing_the_project() {
    let mut f = unwritable_fixture();
    select_phrase(&mut f, 0, "Chris Kaba");
    tap(&mut f, Key::Num2);
    wait_failed(&mut f);
    let other = f.dir.path().join("other");
    copy_seeds(&other);
    f.harness.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: [Some(other.clone())].into(),
        ..Default::default()
    });
    press(&mut f, Modifiers::COMMAND, Key::O, None);
    wait_until(&mut f, "the question", |app| {
        app.ctl.asks_about_unsaved().is_some()
    });
    let corpus = |f: &Fixture| f.app().session().unwrap().workspace().corpus.root.clone();
    assert_eq!(corpus(&f), f.corpus(), "the old project is still open");
    assert_eq!(claims(f.app()).len(), 1);

    // Fix the problem, Retry: it saves, then the other project opens.
    std::fs::remove_dir_all(f.project_path()).unwrap();
    f.harness.run_steps(2);
    f.harness.get_by_label("Retry").click();
    f.harness.run_steps(3);
    wait_until(&mut f, "the other project", |app| {
        app.session()
            .is_some_and(|s| s.workspace().corpus.root == other)
    });
    assert_eq!(project::load(&f.project_path()).unwrap().claims().len(), 1);
}

#[test]
fn edits_are_saved_before_another_project_replaces_them() {
    let mut f = seeds_fixture();
    select_phrase(&mut f, 0, "Chris Kaba");
    tap(&mut f, Key::Num1);
    // Open another corpus at once, before the autosave delay is over.
    let other = f.dir.path().join("other");
    copy_seeds(&other);
    f.harness.state_mut().open(OpenRequest::Path(other.clone()));
    wait_until(&mut f, "the other project", |app| {
        app.session()
            .is_some_and(|s| s.workspace().corpus.root == other)
    });
    let saved = project::load(&f.project_path()).unwrap();
    assert_eq!(saved.claims().len(), 1, "the claim was saved first");
}

/// Makes `dir` read-only, even for root (which ignores permission bits):
/// the immutable attribute. Undone on drop so the temp folder can go.
struct ReadOnly<'a>(&'a Path);

impl<'a> ReadOnly<'a> {
    fn new(dir: &'a Path) -> Self {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        if crosscheck::workspace::dir_is_writable(dir) {
            let status = std::process::Command::new("chattr")
                .arg("+i")
                .arg(dir)
                .status();
            assert!(
                matches!(status, Ok(s) if s.success()),
                "cannot make {} read-only (running as root without chattr?)",
                dir.display()
            );
        }
        assert!(!crosscheck::workspace::dir_is_writable(dir));
        Self(dir)
    }
}

impl Drop for ReadOnly<'_> {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(self.0)
            .status();
        let _ = std::fs::set_permissions(self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn read_only_corpus_saves_under_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_seeds(&corpus);
    let _guard = ReadOnly::new(&corpus);
    let mut f = open_app(dir, OpenRequest::Path(corpus.clone()));
    let data = f.dir.path().join("data");
    let path = f.app().session().unwrap().workspace().project_path.clone();
    assert!(path.starts_with(&data), "{path:?}");
    select_phrase(&mut f, 0, "Chris Kaba");
    tap(&mut f, Key::Num2);
    wait_saved(&mut f);
    let saved = project::load(&path).unwrap();
    assert_eq!(saved.claims().len(), 1);
    assert!(!corpus.join(project::DEFAULT_PROJECT_FILE).exists());
}
