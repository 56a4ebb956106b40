//! Classrooms: the answer key, grading students' files, feedback files and
//! the handout.

use super::edits::report;
use super::team::compare_paths;
use std::path::PathBuf;

use crate::app::CrosscheckApp;
use crate::app::jobs::Job;
use crate::project::{ClaimChange, ClaimId, Edit, KeyInfo};

pub(super) fn write_handout(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(out) = app
        .dialogs
        .pick_folder("Write the handout into (a new or empty folder)")
    else {
        return;
    };
    let Some(session) = &app.ctl.session else {
        return;
    };
    let key = session.workspace().project.clone();
    let corpus = session.workspace().corpus.clone();
    let wake = app.ctl.waker(ctx);
    app.ctl.write_job = Some(Job::spawn("writing the handout", wake, move || {
        crate::grading::write_handout(&key, &corpus, &out)
            .map(|()| {
                format!(
                    "Handout written to {}: copy it to each student",
                    out.display()
                )
            })
            .map_err(|e| format!("No handout written: {e}"))
    }));
}

pub(super) fn write_feedback(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(dir) = app.dialogs.pick_folder("Write feedback files into") else {
        return;
    };
    let Some(session) = &app.ctl.session else {
        return;
    };
    let key = session.workspace().project.clone();
    let root = session.workspace().corpus.root.clone();
    let graded: Vec<_> = app
        .ui
        .grade
        .results
        .iter()
        .filter_map(|r| Some((r.result.as_ref().ok()?.clone(), r.project.clone()?)))
        .collect();
    let wake = app.ctl.waker(ctx);
    app.ctl.write_job = Some(Job::spawn("writing feedback", wake, move || {
        crate::grading::runs::write_feedback(&key, &root, &graded, &dir)
            .map(|n| format!("{n} feedback files written to {}", dir.display()))
            .map_err(|e| format!("Feedback not written: {e}"))
    }));
}

/// Set a key claim's required / bonus and explanation; typing it is one
/// undo step.
pub(super) fn key_info(app: &mut CrosscheckApp, claim: ClaimId, info: KeyInfo, now: f64) {
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    let edit = Edit::UpdateClaim {
        id: claim,
        change: ClaimChange::KeyInfo(Some(info)),
        modified: crate::project::now_timestamp(),
    };
    let result = session.apply_merging(edit, now);
    report(app, result);
}

/// One file a pick; the window offers the button again.
pub(super) fn add_student_files(app: &mut CrosscheckApp) {
    if let Some(path) = app.dialogs.pick_project()
        && !app.ui.grade.files.contains(&path)
    {
        app.ui.grade.files.push(path);
    }
}

pub(super) fn grade_students(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(session) = &app.ctl.session else {
        return;
    };
    let key = session.workspace().project.clone();
    let corpus = session.workspace().corpus.clone();
    let files = app.ui.grade.files.clone();
    let wake = app.ctl.waker(ctx);
    app.ctl.grade_job = Some(Job::spawn("grading", wake, move || {
        crate::grading::runs::grade_files(&key, &corpus, &files)
    }));
}

/// Compare the key with one graded student's file.
pub(super) fn compare_student(app: &mut CrosscheckApp, ctx: &egui::Context, path: PathBuf) {
    app.ui.compare = None;
    app.ui.compare_pending.clear();
    compare_paths(app, ctx, vec![path]);
}
