//! The behaviour the scale benchmark relies on, checked without timing: a
//! long article with many claims lays out only what is in view, and an edit
//! keeps the highlights exactly in step.

use crosscheck::app::{Action, AppPaths, CrosscheckApp, ScriptedDialogs, Settings};
use crosscheck::corpus::{Corpus, Document};
use crosscheck::project::{Claim, ClaimId, Edit, Project, Span, sync_with_corpus};
use crosscheck::workspace::Workspace;

const PARAGRAPHS: usize = 3_000;
const CLAIMS: usize = 2_000;

fn long_text() -> String {
    (0..PARAGRAPHS)
        .map(|i| format!("Paragraph {i} says that the officers were sent to London on Tuesday."))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn app(dir: &std::path::Path) -> CrosscheckApp {
    let doc = Document::new("long.txt", long_text());
    let corpus = Corpus::from_parts(dir.to_path_buf(), vec![doc], Vec::new());
    let mut project = Project::new(".");
    sync_with_corpus(&mut project, &corpus);
    let doc = &corpus.documents[0];
    let step = doc.char_len() / CLAIMS;
    for i in 0..CLAIMS {
        let span = Span::from_document(doc, i * step, i * step + 10).unwrap();
        let mut claim = Claim::new(span, Some("agrees".into()), "t", "2026-01-01T00:00:00Z");
        claim.id = ClaimId(format!("c{i:05}"));
        project.apply(Edit::AddClaim(Box::new(claim))).unwrap();
    }
    let ws = Workspace {
        corpus,
        project,
        project_path: dir.join("crosscheck.ron"),
        report: Default::default(),
        is_new: false,
        journal: Default::default(),
    };
    let paths = AppPaths {
        config_dir: dir.join("config"),
        data_dir: dir.join("data"),
    };
    let settings = Settings {
        annotator: "t".into(),
        ..Settings::default()
    };
    CrosscheckApp::with_workspace(paths, settings, Box::new(ScriptedDialogs::default()), ws)
}

/// One frame; returns how many accessibility nodes (about one per widget)
/// it made.
fn frame(ctx: &egui::Context, app: &mut CrosscheckApp, time: f64) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        time: Some(time),
        ..Default::default()
    };
    let mut out = ctx.run_ui(input, |ui| app.frame_ui(ui));
    // No renderer here to take the font atlas.
    out.textures_delta.clear();
    out.platform_output
        .accesskit_update
        .map_or(0, |update| update.nodes.len())
}

fn laid_out(app: &CrosscheckApp) -> usize {
    app.ui.last_outputs[0].as_ref().map_or(0, |o| o.laid_out)
}

#[test]
fn long_article_lays_out_only_visible_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let ctx = egui::Context::default();
    ctx.enable_accesskit();
    let mut widgets = 0;
    for k in 0..3 {
        widgets = frame(&ctx, &mut app, k as f64 / 60.0);
    }
    assert_eq!(app.ui.panes[0].view.paragraph_count(), PARAGRAPHS);
    // The side panel lists this article's claims: only the rows in view are
    // drawn, not one row per each of the 2,000 claims.
    assert!(widgets > 0 && widgets < CLAIMS, "{widgets} widgets");
    let top = laid_out(&app);
    assert!(
        (1..60).contains(&top),
        "laid out {top} paragraphs at the top"
    );

    // Far down: still only a screenful, and the highlights drawn there are
    // the claims of that range.
    let doc_len = app.pane_doc(0).unwrap().char_len();
    app.ui.panes[0].view.scroll_to = Some(doc_len * 3 / 4);
    for k in 3..6 {
        let _ = frame(&ctx, &mut app, k as f64 / 60.0);
    }
    let deep = laid_out(&app);
    assert!(
        (1..60).contains(&deep),
        "laid out {deep} paragraphs deep down"
    );
    let rects = &app.ui.last_outputs[0].as_ref().unwrap().span_rects;
    assert!(
        !rects.is_empty() && rects.len() < 200,
        "{} span rects",
        rects.len()
    );
}

#[test]
fn creating_a_claim_updates_the_highlights_incrementally() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let ctx = egui::Context::default();
    let _ = frame(&ctx, &mut app, 0.0);
    let session = app.session().unwrap();
    let doc = session.workspace().corpus.documents[0].clone();
    let before = session.marks("long.txt").unwrap().claim_count();
    let span = Span::from_document(&doc, 3, 9).unwrap();
    let claim = Claim::new(
        span,
        Some("contradicts".into()),
        "t",
        "2026-01-01T00:00:00Z",
    );
    let id = claim.id.clone();
    app.ui
        .actions
        .push(Action::Apply(Edit::AddClaim(Box::new(claim))));
    let _ = frame(&ctx, &mut app, 0.1);
    let session = app.session().unwrap();
    assert!(app.ui.message.is_none(), "{:?}", app.ui.message);
    let marks = session.marks("long.txt").unwrap();
    assert_eq!(marks.claim_count(), before + 1);
    assert_eq!(marks.counts.get("contradicts"), Some(&1));
    assert!(marks.overlapping(4, 5).any(|m| m.claim == id));
    let all = marks.all();
    assert!(
        all.windows(2).all(|w| w[0].start <= w[1].start),
        "still sorted"
    );

    app.ui
        .actions
        .push(Action::Command(crosscheck::app::Command::Undo));
    let _ = frame(&ctx, &mut app, 0.2);
    let marks = app.session().unwrap().marks("long.txt").unwrap();
    assert_eq!(marks.claim_count(), before);
    assert!(!marks.overlapping(0, doc.char_len()).any(|m| m.claim == id));
    let _ = frame(&ctx, &mut app, 0.3);
}
