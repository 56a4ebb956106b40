//! Opening a project another window has open (docs/sharing.md): the
//! window asks, and each answer does what it says.

use crate::harness::*;
use crosscheck::app::OpenRequest;
use crosscheck::project::{self, lock};
use egui::Key;
use egui_kittest::kittest::Queryable as _;

/// The seeds corpus with a saved project, and a lock entry of another
/// live process (pid 1 is always there) as a second window would leave.
fn opened_elsewhere() -> (Fixture, lock::Held) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_seeds(&corpus);
    let project_path = corpus.join("crosscheck.ron");
    project::save(&project::Project::new("."), &project_path).unwrap();
    let other = lock::Writer {
        pid: 1,
        ..lock::Writer::this_process("Ana", "crosscheck.ron.journal".into())
    };
    let (held, _) = lock::acquire(&project_path, other).unwrap();
    let f = open_app(dir, OpenRequest::Path(corpus));
    (f, held)
}

#[test]
fn the_window_asks_and_read_only_refuses_every_edit() {
    let (mut f, _other) = opened_elsewhere();
    assert!(f.app().ctl.shared_open_pending(), "it asks before opening");
    assert!(f.app().session().is_none());
    f.harness.get_by_label_contains("Ana on");
    let before = std::fs::read(f.project_path()).unwrap();
    f.harness.get_by_label("Open read-only").click();
    f.harness.run_steps(3);
    let session = f.app().session().expect("opened");
    assert!(session.is_read_only());
    select_phrase(&mut f, 0, "Chris Kaba");
    f.harness.key_press(Key::Num1);
    f.harness.run_steps(3);
    assert!(
        f.app()
            .session()
            .unwrap()
            .workspace()
            .project
            .claims()
            .is_empty()
    );
    let message = f.app().ui.message.clone().unwrap_or_default();
    assert!(
        message.contains("read-only"),
        "the refusal is said: {message}"
    );
    f.harness.run_steps(120);
    assert_eq!(
        std::fs::read(f.project_path()).unwrap(),
        before,
        "nothing written"
    );
    let writers = lock::live_writers(&f.project_path());
    assert_eq!(
        writers.len(),
        1,
        "only the other window is listed: {writers:?}"
    );
}

#[test]
fn open_and_merge_edits_and_cancel_leaves_it_closed() {
    let (mut f, _other) = opened_elsewhere();
    f.harness.get_by_label("Open and merge").click();
    f.harness.run_steps(3);
    assert!(!f.app().session().unwrap().is_read_only());
    select_phrase(&mut f, 0, "Chris Kaba");
    f.harness.key_press(Key::Num1);
    f.harness.run_steps(3);
    assert_eq!(
        f.app()
            .session()
            .unwrap()
            .workspace()
            .project
            .claims()
            .len(),
        1
    );
    assert_eq!(lock::live_writers(&f.project_path()).len(), 2);

    let (mut g, _other) = opened_elsewhere();
    g.harness.get_by_label("Cancel").click();
    g.harness.run_steps(3);
    assert!(g.app().session().is_none());
    assert!(!g.app().ctl.shared_open_pending());
    assert_eq!(
        lock::live_writers(&g.project_path()).len(),
        1,
        "the cancelled open took its entry out"
    );
}
