//! Opening: a corpus or project started on a worker, installed when it is
//! read; a new project file for the open corpus.

use std::sync::Arc;

use super::*;
use crate::app::action::OpenRequest;
use crate::app::jobs::Waker;
use crate::app::open::Opened;
use crate::app::{CrosscheckApp, UiState};

pub(super) fn install(app: &mut CrosscheckApp, opened: Opened) {
    let (mut session, remember, has_detached) = opened.into_session();
    let ws = session.workspace();
    // Guidelines are shown the first time a project (or a change to them)
    // is opened on this machine.
    let guidelines = ws.project.guidelines();
    let seen_key = (!guidelines.trim().is_empty()).then(|| {
        let hash = crate::corpus::hash_text(guidelines);
        format!("{}#{}", ws.project_path.display(), &hash[..16])
    });
    let show_guidelines = seen_key
        .as_ref()
        .is_some_and(|k| !app.settings.seen_guidelines.contains(k));
    if ws.is_new && session.notice.is_none() {
        session.notice = Some(
            "New project: Edit › Labels… sets its labels (templates for FEVER, FNC-1, NLI, PolitiFact)"
                .into(),
        );
    }
    app.ctl.session = Some(session);
    app.ctl.discarded = false;
    app.ui = UiState {
        show_detached: has_detached,
        ..UiState::default()
    };
    app.ui.labels.open = std::mem::take(&mut app.ctl.labels_after_install);
    if show_guidelines && let Some(key) = seen_key {
        app.ui.guidelines.open = true;
        app.settings.seen_guidelines.push(key);
        app.remember_settings();
    }
    if let Some(path) = remember {
        app.settings.add_recent(&path);
        app.remember_settings();
    }
}

/// Starts opening `request` on a worker; the current project stays open
/// (and is saved first) until the new one is ready.
pub fn start_open(app: &mut CrosscheckApp, ctx: Option<&egui::Context>, request: OpenRequest) {
    let wake: Waker = match ctx {
        Some(ctx) => app.ctl.waker(ctx),
        None => app
            .ctl
            .waker
            .clone()
            .unwrap_or_else(|| Arc::new(|| {}) as Waker),
    };
    app.ctl.loading = Some(crate::app::open::spawn_open(
        request,
        app.paths.data_dir.clone(),
        app.annotator(),
        wake,
    ));
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
