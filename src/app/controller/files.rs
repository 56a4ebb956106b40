//! Files: closing with unsaved work, Save as…, export and import.

use super::edits::apply;
use super::jobs::after_save;
use super::opening::start_open;
use super::state::{AfterSave, ImportResult};
use crate::app::action::OpenRequest;
use std::path::PathBuf;

use crate::app::CrosscheckApp;
use crate::app::action::UnsavedAnswer;
use crate::app::jobs::Job;
use crate::export::{self, ExportSummary, Format};

/// Quit or the window's close button: save first; ask when that fails.
pub(super) fn request_close(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let unsaved = app
        .ctl
        .session
        .as_ref()
        .is_some_and(|s| s.has_unsaved_changes());
    if !unsaved || app.ctl.discarded {
        app.ctl.allow_close = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        return;
    }
    if let Some(session) = &mut app.ctl.session {
        session.save_soon();
    }
    app.ctl.pending = Some(AfterSave::Close);
}

pub(super) fn unsaved_answer(app: &mut CrosscheckApp, ctx: &egui::Context, answer: UnsavedAnswer) {
    match answer {
        UnsavedAnswer::Retry => {
            if let Some(session) = &mut app.ctl.session {
                session.save_soon();
            }
        }
        UnsavedAnswer::SaveAs => save_as(app, ctx),
        UnsavedAnswer::Discard => {
            app.ctl.discarded = true;
            if let Some(session) = &app.ctl.session {
                session.discard_journal();
            }
            if let Some(pending) = app.ctl.pending.take() {
                after_save(app, ctx, pending);
            }
        }
        UnsavedAnswer::Cancel => {
            app.ctl.pending = None;
        }
    }
}

/// Asks where to write a project file; `.ron` is added when the name has
/// no extension.
pub(super) fn ask_project_path(
    app: &mut CrosscheckApp,
    title: &str,
    default_name: &str,
) -> Option<PathBuf> {
    let path = app.dialogs.save_file(title, default_name, "ron")?;
    Some(if path.extension().is_none() {
        path.with_extension("ron")
    } else {
        path
    })
}

pub(super) fn save_as(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(path) = ask_project_path(app, "Save project as", "crosscheck.ron") else {
        return;
    };
    let wake = app.ctl.waker(ctx);
    if let Some(session) = &mut app.ctl.session {
        session.save_as(&path, &wake);
        app.settings.add_recent(&path);
        app.remember_settings();
    }
}

pub(super) fn export_to(app: &mut CrosscheckApp, ctx: &egui::Context, format: Format) {
    if app.ctl.export_job.is_some() {
        app.ui.message = Some("An export is still running".into());
        return;
    }
    let extension = format.extension().unwrap_or("");
    let title = format!("Export {}", format.name());
    let Some(out) = app
        .dialogs
        .save_file(&title, format.default_file_name(), extension)
    else {
        return;
    };
    let Some(session) = &app.ctl.session else {
        return;
    };
    let project = session.workspace().project.clone();
    let corpus = session.workspace().corpus.clone();
    let wake = app.ctl.waker(ctx);
    app.ui.export.result = Some(format!("Exporting to {}…", out.display()));
    app.ctl.export_job = Some(Job::spawn(
        format!("exporting {}", format.name()),
        wake,
        move || {
            // Without a disk (the web page) the export is downloaded.
            match crate::storage::installed() {
                Some(store) => export_delivered(store, &project, &corpus, format, &out),
                None => export::export(&project, &corpus, format, &out).map_err(|e| e.to_string()),
            }
        },
    ));
}

/// Builds the export in memory and hands it to `store` under `out`'s file
/// name.
pub(super) fn export_delivered(
    store: &dyn crate::storage::Storage,
    project: &crate::project::Project,
    corpus: &crate::corpus::Corpus,
    format: Format,
    out: &std::path::Path,
) -> Result<ExportSummary, String> {
    if format.writes_folder() {
        return Err(format!(
            "{} writes a folder of files, which the web page cannot download; \
             use the desktop app or `crosscheck export` for it",
            format.name()
        ));
    }
    let mut bytes = Vec::new();
    let mut summary =
        export::export_to_writer(project, corpus, format, &mut bytes).map_err(|e| e.to_string())?;
    let name = out.file_name().map_or_else(
        || format.default_file_name().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    summary.path = store.deliver(&name, &bytes)?;
    Ok(summary)
}

pub(super) fn import_pre_annotations(app: &mut CrosscheckApp, ctx: &egui::Context) {
    if app.ctl.import_job.is_some() {
        app.ui.message = Some("An import is still running".into());
        return;
    }
    let Some(path) = app.dialogs.pick_file("Import pre-annotations", "jsonl") else {
        return;
    };
    let Some(session) = &app.ctl.session else {
        return;
    };
    let project = session.workspace().project.clone();
    let corpus = session.workspace().corpus.clone();
    let wake = app.ctl.waker(ctx);
    app.ctl.import_job = Some(Job::spawn("importing", wake, move || {
        import_file(&project, &corpus, &path)
    }));
}

pub(super) fn import_file(
    project: &crate::project::Project,
    corpus: &crate::corpus::Corpus,
    path: &std::path::Path,
) -> ImportResult {
    let text = crate::input::read_to_string(path, crate::input::MAX_INPUT_BYTES)
        .map_err(|err| format!("Cannot read {}: {err}", path.display()))?;
    let plan = crate::import::import_jsonl(project, corpus, &text, "import")
        .map_err(|err| format!("Nothing imported from {}: {err}", path.display()))?;
    let message = format!(
        "Imported {} claims from {} ({} already there); Ctrl+Z undoes the import",
        plan.added,
        path.display(),
        plan.duplicates
    );
    Ok((plan.edit, message))
}

pub(super) fn import_from_tool(
    app: &mut CrosscheckApp,
    ctx: &egui::Context,
    tool: crate::import::Tool,
    options: crate::import::ImportOptions,
) {
    if app.ctl.import_job.is_some() {
        app.ui.message = Some("An import is still running".into());
        return;
    }
    let title = format!("Import from {tool}");
    let picked = if tool.reads_folder() {
        app.dialogs.pick_folder(&title)
    } else {
        app.dialogs.pick_file(&title, tool.extension())
    };
    let Some(path) = picked else {
        return;
    };
    let Some(session) = &app.ctl.session else {
        return;
    };
    let project = session.workspace().project.clone();
    let corpus = session.workspace().corpus.clone();
    let wake = app.ctl.waker(ctx);
    app.ui.import.result = Some(format!("Importing {}…", path.display()));
    app.ctl.import_job = Some(Job::spawn(
        format!("importing from {tool}"),
        wake,
        move || {
            let plan = crate::import::import_path(&project, &corpus, tool, &path, &options)
                .map_err(|err| format!("Nothing imported from {}: {err}", path.display()))?;
            let message = format!(
                "{}\nCtrl+Z undoes the import.",
                plan.message(&path.display().to_string())
            );
            Ok((plan.edit, message))
        },
    ));
}

/// Where the person may be asked to pick a path for Save as… (tests).
pub fn project_path(app: &CrosscheckApp) -> Option<PathBuf> {
    app.ctl
        .session
        .as_ref()
        .map(|s| s.workspace().project_path.clone())
}

/// Guidelines from a Markdown file the person picks, as one undoable edit.
pub(super) fn load_guidelines(app: &mut CrosscheckApp, now: f64) {
    let Some(path) = app.dialogs.pick_file("Load guidelines", "md") else {
        return;
    };
    // Guidelines are a page or two; a bound far above that keeps a wrong
    // pick (a video, a disk image) from filling memory or the text field.
    const LIMIT: u64 = 4 << 20;
    match crate::input::read_to_string(&path, LIMIT) {
        Ok(text) => apply(app, crate::project::Edit::SetGuidelines(text), now),
        Err(err) => app.ui.message = Some(format!("Cannot read {}: {err}", path.display())),
    }
}

/// Starts another, empty project file over this corpus with this
/// project's labels: each annotator labels blind in a file of their own.
pub(super) fn new_project_file(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(session) = &app.ctl.session else {
        return;
    };
    let corpus = session.workspace().corpus.root.clone();
    let labels = session.workspace().project.labels().to_vec();
    let guidelines = session.workspace().project.guidelines().to_owned();
    let Some(path) = ask_project_path(app, "New project file", "annotator.ron") else {
        return;
    };
    if path.exists() {
        app.ui.message = Some(format!(
            "{} exists already; open it with File › Open project…",
            path.display()
        ));
        return;
    }
    let mut fresh = crate::project::Project::new(".");
    let scheme = crate::project::schemes::replace_labels(
        &fresh,
        &labels,
        &crate::project::schemes::Orphans::Unlabel,
        Some(guidelines),
    );
    let saved = scheme
        .map_err(|e| e.to_string())
        .and_then(|edit| fresh.apply(edit).map_err(|e| e.to_string()))
        .and_then(|_| {
            fresh.set_corpus_reference(crate::project::corpus_reference(&path, &corpus));
            crate::project::save(&fresh, &path).map_err(|e| e.to_string())
        });
    match saved {
        Ok(()) => {
            app.ctl.labels_after_install = true;
            start_open(
                app,
                Some(ctx),
                OpenRequest::FolderWithProject {
                    corpus,
                    project: path,
                },
            )
        }
        Err(err) => app.ui.message = Some(format!("No new project file: {err}")),
    }
}
