//! Running a study from the window: planning it, reading its progress,
//! gathering it (the library's `crate::study`, on workers).

use super::state::StudyDone;
use crate::app::CrosscheckApp;
use crate::app::action::PlanRequest;
use crate::app::jobs::Job;
use crate::study;

pub(super) fn plan_study(app: &mut CrosscheckApp, ctx: &egui::Context, request: PlanRequest) {
    let Some(session) = &app.ctl.session else {
        return;
    };
    let corpus = session.workspace().corpus.root.clone();
    let out = request.out.unwrap_or_else(|| corpus.clone());
    let request = study::Request {
        corpus,
        out,
        settings: request.settings,
        template: Some(session.workspace().project_path.clone()).filter(|p| p.exists()),
    };
    let wake = app.ctl.waker(ctx);
    app.ctl.study_job = Some(Job::spawn("planning the study", wake, move || {
        StudyDone::Planned(study::assign(&request).map_err(|e| e.to_string()))
    }));
}

pub(super) fn pick_study_folder(app: &mut CrosscheckApp) {
    if let Some(dir) = app
        .dialogs
        .pick_folder("The study folder: the plan and the annotators' files")
    {
        app.ui.plan.out = Some(dir);
    }
}

/// File › Study progress…: the plan beside this corpus or project when
/// there is one, else asked for.
pub(super) fn open_study(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(session) = &app.ctl.session else {
        return;
    };
    app.ui.study.open = true;
    if app.ui.study.plan.is_none() {
        let ws = session.workspace();
        let beside = [
            ws.project_path.parent().map(|d| d.join(study::PLAN_FILE)),
            Some(ws.corpus.root.join(study::PLAN_FILE)),
        ];
        app.ui.study.plan = beside
            .into_iter()
            .flatten()
            .find(|p| study::progress::is_plan(p));
    }
    if app.ui.study.plan.is_none() {
        pick_study_plan(app, ctx);
    }
}

pub(super) fn pick_study_plan(app: &mut CrosscheckApp, ctx: &egui::Context) {
    if let Some(path) = app
        .dialogs
        .pick_file("Open a study plan (study.ron)", "ron")
    {
        if study::progress::is_plan(&path) {
            app.ui.study.plan = Some(path);
            app.ui.study.report = None;
            refresh_study(app, ctx);
        } else {
            app.ui.message = Some(format!(
                "{} is not a study plan (crosscheck assign or File › Plan a study… writes one)",
                path.display()
            ));
        }
    }
}

pub(super) fn refresh_study(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(plan) = app.ui.study.plan.clone() else {
        return;
    };
    if app.ctl.study_job.is_some() {
        return;
    }
    app.ui.study.reading = true;
    let wake = app.ctl.waker(ctx);
    app.ctl.study_job = Some(Job::spawn("reading the study", wake, move || {
        StudyDone::Progress(study::progress(&[plan]).map_err(|e| e.to_string()))
    }));
}

pub(super) fn gather_study(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(plan) = app.ui.study.plan.clone() else {
        return;
    };
    if app.ctl.study_job.is_some() {
        app.ui.message = Some("The study is being read; gather again in a moment".into());
        return;
    }
    let Some(gold) = app
        .dialogs
        .save_file("Gather the study into a gold file", "gold.ron", "ron")
    else {
        return;
    };
    let wake = app.ctl.waker(ctx);
    app.ctl.study_job = Some(Job::spawn("gathering the study", wake, move || {
        StudyDone::Gathered(gather(&plan, &gold))
    }));
}

#[cfg(target_arch = "wasm32")]
fn gather(_: &std::path::Path, _: &std::path::Path) -> Result<String, String> {
    Err("Gathering a study needs the desktop program (crosscheck gather)".into())
}

#[cfg(not(target_arch = "wasm32"))]
fn gather(plan: &std::path::Path, gold: &std::path::Path) -> Result<String, String> {
    let g = study::gather(plan, gold).map_err(|e| format!("Not gathered: {e}"))?;
    let merged = study::gather::write(&g).map_err(|e| format!("Not gathered: {e}"))?;
    let mut text = format!(
        "{} {}: {} claims from {} single-annotated documents; {} overlap documents to adjudicate \
         (open it, then File › Compare with… the annotators' files)",
        if g.updated { "Updated" } else { "Wrote" },
        gold.display(),
        g.taken,
        g.single_docs,
        g.overlap.len()
    );
    for note in g.notes.iter().chain(&merged) {
        text.push_str("; ");
        text.push_str(note);
    }
    Ok(text)
}

/// A finished study job, taken into the windows.
pub(super) fn finished(app: &mut CrosscheckApp, ctx: &egui::Context, done: StudyDone) {
    match done {
        StudyDone::Planned(Ok(outcome)) => {
            let files = outcome.files.len();
            let summary = format!(
                "{} {}: {} documents among {files} annotators ({} overlap), files in {}",
                if outcome.extended {
                    "Extended"
                } else {
                    "Planned"
                },
                outcome.plan_path.display(),
                outcome.plan.documents.len(),
                outcome
                    .plan
                    .documents
                    .values()
                    .filter(|d| d.overlap)
                    .count(),
                outcome
                    .plan_path
                    .parent()
                    .map_or_else(String::new, |p| p.display().to_string())
            );
            app.ui.message = Some(summary.clone());
            app.ui.plan.outcome = Some(Ok(summary));
            app.ui.study.plan = Some(outcome.plan_path);
            app.ui.study.report = None;
            app.ui.study.open = true;
            refresh_study(app, ctx);
        }
        StudyDone::Planned(Err(e)) => app.ui.plan.outcome = Some(Err(format!("Not planned: {e}"))),
        StudyDone::Progress(report) => {
            app.ui.study.reading = false;
            app.ui.study.report = Some(report);
        }
        StudyDone::Gathered(result) => {
            app.ui.message = Some(match result {
                Ok(m) | Err(m) => m,
            });
        }
    }
}
