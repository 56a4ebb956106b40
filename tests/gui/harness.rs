//! Shared helpers for the headless GUI tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use crosscheck::app::{AppPaths, CrosscheckApp, OpenRequest, SaveState, ScriptedDialogs, Settings};
use crosscheck::project;
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub harness: Harness<'static, CrosscheckApp>,
}

impl Fixture {
    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn project_path(&self) -> PathBuf {
        self.corpus().join("crosscheck.ron")
    }

    pub fn app(&self) -> &CrosscheckApp {
        self.harness.state()
    }
}

pub fn copy_seeds(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for entry in std::fs::read_dir(seeds).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

pub fn open_app(dir: tempfile::TempDir, request: OpenRequest) -> Fixture {
    open_app_with_font(dir, request, None, false)
}

/// Like [`open_app`], with one more font (file name in
/// `tests/fixtures/fonts`) as the fallback of proportional text, and with
/// `tofu` boxes instead of a panic for characters no font draws.
pub fn open_app_with_font(
    dir: tempfile::TempDir,
    request: OpenRequest,
    font: Option<&str>,
    tofu: bool,
) -> Fixture {
    let font = font.map(|name| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fonts")
            .join(name);
        (name.to_string(), std::fs::read(path).unwrap())
    });
    let paths = AppPaths {
        config_dir: dir.path().join("config"),
        data_dir: dir.path().join("data"),
    };
    let settings = Settings {
        annotator: "tester".into(),
        ..Settings::default()
    };
    let mut builder = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0);
    if tofu {
        builder = builder.allow_missing_glyphs();
    }
    let harness = builder.build_eframe(move |cc| {
        if let Some((name, bytes)) = font {
            cc.egui_ctx.add_font(egui::epaint::text::FontInsert::new(
                &name,
                egui::FontData::from_owned(bytes),
                vec![egui::epaint::text::InsertFontFamily {
                    family: egui::FontFamily::Proportional,
                    priority: egui::epaint::text::FontPriority::Lowest,
                }],
            ));
        }
        CrosscheckApp::new(
            paths,
            settings,
            Box::new(ScriptedDialogs::default()),
            request,
        )
    });
    let mut fixture = Fixture { dir, harness };
    wait_until(&mut fixture, "the corpus to load", |app| {
        !app.is_loading()
            && (app.session().is_some()
                || app.open_error.is_some()
                || app.ctl.shared_open_pending())
    });
    fixture.harness.run_steps(3);
    fixture
}

pub fn seeds_fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(&dir.path().join("corpus"));
    let corpus = dir.path().join("corpus");
    open_app(dir, OpenRequest::Path(corpus))
}

pub fn wait_until(f: &mut Fixture, what: &str, cond: impl Fn(&CrosscheckApp) -> bool) {
    for _ in 0..2000 {
        f.harness.step();
        if cond(f.harness.state()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("timed out waiting for {what}");
}

/// Code point offset of `needle` in the document shown in `pane`.
pub fn offset_of(app: &CrosscheckApp, pane: usize, needle: &str) -> usize {
    let doc = app.pane_doc(pane).unwrap();
    let byte = doc
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {}", doc.id));
    doc.text[..byte].chars().count()
}

/// Screen position in the middle of the character at `pos` in `pane`.
pub fn char_pos(app: &CrosscheckApp, pane: usize, pos: usize) -> Pos2 {
    let rect = app.ui.panes[pane]
        .view
        .char_rect(pos)
        .expect("character is on screen");
    rect.center() + egui::vec2(2.0, 0.0)
}

pub fn drag(f: &mut Fixture, from: Pos2, to: Pos2) {
    f.harness.hover_at(from);
    f.harness.step();
    f.harness.drag_at(from);
    f.harness.step();
    for i in 1..=6 {
        f.harness.hover_at(from.lerp(to, i as f32 / 6.0));
        f.harness.step();
    }
    f.harness.drop_at(to);
    f.harness.run_steps(2);
}

pub fn click(f: &mut Fixture, at: Pos2) {
    f.harness.hover_at(at);
    f.harness.step();
    f.harness.drag_at(at);
    f.harness.step();
    f.harness.drop_at(at);
    f.harness.run_steps(2);
}

pub fn key(f: &mut Fixture, key: Key) {
    press(f, Modifiers::NONE, key, None);
}

pub fn key_mod(f: &mut Fixture, modifiers: Modifiers, key: Key) {
    press(f, modifiers, key, None);
}

/// Presses `key` with `modifiers` the way eframe delivers it in a real
/// window: through the app's `raw_input_hook` before the frame, so egui's
/// focus traversal runs only on what the app left, and all in one frame
/// (modifier down, key down, key up, modifier up), as a quick key press
/// arrives: code must read modifiers from the key event, not from the
/// frame's modifier state, which is already back to none.
pub fn press(f: &mut Fixture, modifiers: Modifiers, key: Key, physical: Option<Key>) {
    use eframe::App as _;
    let mut raw = std::mem::take(f.harness.input_mut());
    raw.events.push(egui::Event::ModifiersChanged(modifiers));
    for pressed in [true, false] {
        raw.events.push(egui::Event::Key {
            key,
            physical_key: physical,
            pressed,
            repeat: false,
            modifiers,
        });
    }
    raw.events
        .push(egui::Event::ModifiersChanged(Modifiers::NONE));
    let ctx = f.harness.ctx.clone();
    f.harness.state_mut().raw_input_hook(&ctx, &mut raw);
    *f.harness.input_mut() = raw;
    f.harness.step();
    f.harness.run_steps(2);
}

/// Drags from inside the first word to inside the last word of `phrase`
/// in `pane`, so snapping has to widen the selection.
pub fn select_phrase(f: &mut Fixture, pane: usize, phrase: &str) -> (usize, usize) {
    let start = offset_of(f.app(), pane, phrase);
    let end = start + phrase.chars().count();
    let from = char_pos(f.app(), pane, start + 1);
    let to = char_pos(f.app(), pane, end - 2);
    drag(f, from, to);
    (start, end)
}

/// The claims of the open project.
pub fn claims(app: &CrosscheckApp) -> &project::Claims {
    app.session()
        .expect("a project is open")
        .workspace()
        .project
        .claims()
}

pub fn only_claim(app: &CrosscheckApp) -> project::Claim {
    let claims: Vec<_> = app
        .session()
        .unwrap()
        .workspace()
        .project
        .claims()
        .iter()
        .cloned()
        .collect();
    assert_eq!(claims.len(), 1, "{claims:#?}");
    claims.into_iter().next().unwrap()
}

pub fn wait_saved(f: &mut Fixture) {
    wait_until(f, "autosave", |app| {
        app.session()
            .is_some_and(|s| *s.save_state() == SaveState::Saved && !s.has_unsaved_changes())
    });
}

/// An annotator's project file at `path` over `corpus`, with a claim on
/// each (quote, label) in document `doc` (first occurrence of the quote).
pub fn annotator_file(corpus: &Path, path: &Path, doc: &str, who: &str, claims: &[(&str, &str)]) {
    let mut ws = crosscheck::workspace::Workspace::open_folder(
        corpus,
        Some(path.to_path_buf()),
        None,
        &crosscheck::corpus::Progress::default(),
    )
    .unwrap();
    let doc = ws.corpus.get(doc).unwrap().clone();
    for (quote, label) in claims {
        let start = doc.text[..doc.text.find(quote).unwrap()].chars().count();
        let span =
            project::Span::from_document(&doc, start, start + quote.chars().count()).unwrap();
        let claim = project::Claim::new(span, Some((*label).into()), who, "2026-01-01T00:00:00Z");
        ws.project
            .apply(project::Edit::AddClaim(Box::new(claim)))
            .unwrap();
    }
    ws.save().unwrap();
}
