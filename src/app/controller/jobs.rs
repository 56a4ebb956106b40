//! Background work polled every frame: opening, saving, exporting,
//! importing, grading, comparing; what waits on a save.

use super::opening::install;
use super::state::AfterSave;
use super::team::compare_paths;
use crate::app::CrosscheckApp;
use crate::app::jobs::{Poll, take_finished};
use crate::app::open::OpenError;

/// Polls background work: opening, saving, exporting, importing; finishes
/// what waits on a save.
pub fn poll_jobs(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let now = ctx.input(|i| i.time);
    let wake = app.ctl.waker(ctx);
    if let Some(loading) = &app.ctl.loading {
        match loading.job.poll() {
            Poll::Running => ctx.request_repaint_after(std::time::Duration::from_millis(50)),
            Poll::Lost => {
                app.ctl.loading = None;
                app.open_error = Some(OpenError::plain("Reading stopped unexpectedly."));
            }
            Poll::Ready(Err(err)) => {
                app.ctl.loading = None;
                app.open_error = Some(err);
            }
            Poll::Ready(Ok(opened)) => {
                app.ctl.loading = None;
                let unsaved = app
                    .ctl
                    .session
                    .as_ref()
                    .is_some_and(|s| s.has_unsaved_changes());
                if unsaved {
                    // Work typed while this loaded is saved before it goes.
                    if let Some(session) = &mut app.ctl.session {
                        session.save_soon();
                    }
                    app.ctl.pending = Some(AfterSave::Install(Box::new(opened)));
                } else {
                    // `--compare FILE`: the comparison starts once the
                    // project is open.
                    let startup = std::mem::take(&mut app.ui.compare_pending);
                    install(app, opened);
                    if !startup.is_empty() {
                        app.ui.compare_pending = startup;
                        compare_paths(app, ctx, Vec::new());
                    }
                }
            }
        }
    }
    if let Some(result) = take_finished(&mut app.ctl.export_job, || {
        Err("the export stopped unexpectedly".into())
    }) {
        let text = match result {
            Ok(summary) => {
                let mut text = summary.message();
                if summary.skipped_detached > 0 {
                    text.push_str(&format!(
                        " ({} detached spans left out)",
                        summary.skipped_detached
                    ));
                }
                text
            }
            Err(err) => format!("Export failed: {err}"),
        };
        app.ui.message = Some(text.clone());
        app.ui.export.result = Some(text);
    }
    if let Some(result) = take_finished(&mut app.ctl.import_job, || {
        Err("Nothing imported: the import stopped unexpectedly".into())
    }) {
        match result {
            Ok((edit, message)) => {
                if let Some(session) = &mut app.ctl.session {
                    match session.apply(edit, now) {
                        Ok(()) => app.ui.message = Some(message),
                        Err(err) => app.ui.message = Some(format!("Nothing imported: {err}")),
                    }
                }
            }
            Err(message) => app.ui.message = Some(message),
        }
        if app.ui.import.open {
            app.ui.import.result = app.ui.message.clone();
        }
    }
    super::add::poll_add(app, ctx);
    if let Some(result) = take_finished(&mut app.ctl.compare_job, || {
        Err("the comparison stopped unexpectedly".into())
    }) {
        match result {
            Ok(state) => {
                app.ui.message = Some(format!(
                    "Comparing {} files: {} disagreements",
                    state.files.len(),
                    state.comparison.len()
                ));
                app.ui.compare = Some(state);
            }
            Err(message) => app.ui.message = Some(format!("Not compared: {message}")),
        }
    }
    if let Some(done) = take_finished(&mut app.ctl.study_job, || {
        super::state::StudyDone::Progress(Err("reading the study stopped unexpectedly".into()))
    }) {
        super::study::finished(app, ctx, done);
    }
    if let Some(results) = take_finished(&mut app.ctl.grade_job, Vec::new) {
        let failed = results.iter().filter(|r| r.result.is_err()).count();
        app.ui.message = Some(format!(
            "Graded {} student files{}",
            results.len() - failed,
            if failed > 0 {
                format!("; {failed} could not be graded (see the table)")
            } else {
                String::new()
            }
        ));
        app.ui.grade.results = results;
    }
    if let Some(result) = take_finished(&mut app.ctl.write_job, || {
        Err("writing stopped unexpectedly".into())
    }) {
        app.ui.message = Some(match result {
            Ok(m) | Err(m) => m,
        });
    }
    if let Some(result) = take_finished(&mut app.ctl.scheme_job, || {
        Err("reading the other project stopped unexpectedly".into())
    }) {
        match result {
            Ok((labels, guidelines)) => {
                if let Some(session) = &app.ctl.session {
                    app.ui.labels.ask_or_change(
                        &session.workspace().project,
                        "labels the other project does not have".into(),
                        crate::project::label_change::LabelChange::Replace {
                            labels,
                            guidelines: Some(guidelines),
                        },
                        &mut app.ui.actions,
                    );
                }
            }
            Err(message) => app.ui.message = Some(message),
        }
    }
    if let Some(session) = &mut app.ctl.session
        && let Some(wait) = session.tick(now, &wake)
    {
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait.max(0.01)));
    }
    // What waited on the save can go ahead once nothing is unsaved.
    let saved = app
        .ctl
        .session
        .as_ref()
        .is_none_or(|s| !s.has_unsaved_changes());
    if saved && let Some(pending) = app.ctl.pending.take() {
        after_save(app, ctx, pending);
    }
}

pub(super) fn after_save(app: &mut CrosscheckApp, ctx: &egui::Context, pending: AfterSave) {
    match pending {
        AfterSave::Close => {
            app.ctl.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        AfterSave::Install(opened) => install(app, *opened),
    }
}
