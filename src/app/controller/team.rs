//! Teams: File › Compare with… and adjudicating its disagreements.

use std::path::PathBuf;

use crate::app::CrosscheckApp;
use crate::app::jobs::Job;
use crate::app::nav::{select_claim, show_doc};

/// Picks another annotator's file and compares it (and the files already
/// compared) with this project, on a worker.
pub(super) fn compare_with(app: &mut CrosscheckApp, ctx: &egui::Context) {
    if app.ctl.session.is_none() {
        return;
    }
    let Some(path) = app.dialogs.pick_project() else {
        return;
    };
    compare_paths(app, ctx, vec![path]);
}

/// Compares with the files already compared or picked, plus `new`.
pub(super) fn compare_paths(app: &mut CrosscheckApp, ctx: &egui::Context, new: Vec<PathBuf>) {
    let Some(session) = &app.ctl.session else {
        return;
    };
    let ws = session.workspace();
    let mut paths: Vec<PathBuf> = app
        .ui
        .compare
        .as_ref()
        .map(|c| {
            c.files
                .iter()
                .map(|f| f.path.clone())
                .filter(|p| *p != ws.project_path)
                .collect()
        })
        .unwrap_or_default();
    for p in std::mem::take(&mut app.ui.compare_pending) {
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
    paths.extend(new);
    let is_gold = ws.project.claims().iter().any(|c| !c.sources.is_empty());
    if (ws.project.claims().is_empty() || is_gold) && paths.len() < 2 {
        // An empty project (a new gold file) is not compared itself.
        if let Some(path) = paths.last() {
            app.ui.message = Some(format!(
                "Picked {}; pick another annotator's file to compare it with (File › Compare with…)",
                path.display()
            ));
        }
        app.ui.compare_pending = paths;
        return;
    }
    let own_path = ws.project_path.clone();
    let own = ws.project.clone();
    let corpus = ws.corpus.clone();
    let wake = app.ctl.waker(ctx);
    app.ctl.compare_job = Some(Job::spawn("comparing", wake, move || {
        crate::agreement::adjudicate::load_comparison(&paths, Some((&own_path, &own)), &corpus)
            .map(crate::app::windows::CompareState::new)
    }));
}

pub(super) fn go_to_disagreement(app: &mut CrosscheckApp, i: usize, now: f64) {
    let Some(c) = &mut app.ui.compare else {
        return;
    };
    let Some(d) = c.adjudication.comparison.disagreements.get(i) else {
        return;
    };
    c.cursor = Some(i);
    c.open = true;
    let (doc, start, end) = (d.doc.clone(), d.start, d.end);
    let index = app
        .ctl
        .session
        .as_ref()
        .and_then(|s| s.workspace().corpus.position(&doc));
    if let Some(index) = index {
        let pane = app.ui.active;
        show_doc(&mut app.ui, pane, index);
        let view = &mut app.ui.panes[pane].view;
        view.scroll_to = Some(start);
        view.flash = Some((start, end, now + 1.6));
    }
}

pub(super) fn decide(
    app: &mut CrosscheckApp,
    decision: crate::agreement::adjudicate::Decision,
    now: f64,
) {
    let Some(c) = &app.ui.compare else {
        return;
    };
    let Some(d) = c.cursor.and_then(|i| c.comparison.disagreements.get(i)) else {
        app.ui.message = Some("Pick a disagreement first (F8)".into());
        return;
    };
    let annotator = app.annotator();
    let Some((edit, select)) =
        crate::agreement::adjudicate::decision_edit(c, d, decision, &annotator)
    else {
        return;
    };
    let next = c.cursor.map(|i| i + 1).filter(|i| *i < c.comparison.len());
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    match session.apply(edit, now) {
        Ok(()) => {
            if decision == crate::agreement::adjudicate::Decision::Edit {
                select_claim(&mut app.ui, select);
            } else if let Some(next) = next {
                go_to_disagreement(app, next, now);
            }
        }
        Err(err) => app.ui.message = Some(err.to_string()),
    }
}
