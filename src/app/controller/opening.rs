//! Opening: a corpus or project started on a worker, installed when it is
//! read; a new project file for the open corpus.

use std::path::PathBuf;
use std::sync::Arc;

use crate::app::action::OpenRequest;
#[cfg(not(target_arch = "wasm32"))]
use crate::app::action::SharedOpenAnswer;
use crate::app::jobs::Waker;
use crate::app::open::Opened;
use crate::app::{CrosscheckApp, UiState};
use crate::workspace::Workspace;

/// Installs what was opened, first asking how when another window has the
/// project open.
pub(super) fn install(app: &mut CrosscheckApp, opened: Opened) {
    #[cfg(not(target_arch = "wasm32"))]
    if !opened.session.other_writers().is_empty() {
        app.ctl.shared_open = Some(Box::new(opened));
        return;
    }
    install_now(app, opened);
}

/// The answer to the open-elsewhere question.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn shared_open_answer(app: &mut CrosscheckApp, answer: SharedOpenAnswer) {
    let Some(mut opened) = app.ctl.shared_open.take() else {
        return;
    };
    match answer {
        SharedOpenAnswer::Merge => install_now(app, *opened),
        SharedOpenAnswer::ReadOnly => {
            opened.session.make_read_only();
            install_now(app, *opened);
        }
        // Dropping it takes its entry out of the lock file.
        SharedOpenAnswer::Cancel => {}
    }
}

fn install_now(app: &mut CrosscheckApp, opened: Opened) {
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
    // The folder read again after an add or a choice of columns: the same
    // project goes on, undo and redo included.
    if app
        .ctl
        .after_add
        .as_ref()
        .is_some_and(|a| a.reopen.is_none())
        && let Some(old) = &mut app.ctl.session
        && old.workspace().project_path == session.workspace().project_path
    {
        session.restore_history(old.take_history());
    }
    app.ctl.session = Some(session);
    app.ctl.discarded = false;
    // Time on task starts again with the new project's documents.
    app.ctl.active = Default::default();
    app.ui = UiState::default();
    // An annotator's file in a study opens at their first open document.
    if let Some(session) = &app.ctl.session {
        let ws = session.workspace();
        let docs = &ws.corpus.documents;
        if let Some(first) = app
            .ui
            .share
            .get(&ws.project, docs)
            .and_then(|s| s.first_open(&ws.project, docs))
        {
            crate::app::nav::show_doc(&mut app.ui, 0, first);
        }
    }
    if let Some(after) = app.ctl.after_add.take_if(|a| a.reopen.is_none()) {
        app.ui.add = after.window;
        let shown = after.show.and_then(|id| {
            let docs = &app.ctl.session.as_ref()?.workspace().corpus.documents;
            let prefix = format!("{id}#");
            docs.iter()
                .position(|d| d.id == id || d.id.starts_with(&prefix))
        });
        if let Some(doc) = shown {
            crate::app::nav::show_doc(&mut app.ui, 0, doc);
        }
    }
    app.ui.detached.open = has_detached;
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

impl CrosscheckApp {
    /// The window's state over a workspace that is already open (benchmarks,
    /// embedding): no worker thread, the session is ready on the first frame.
    pub fn with_workspace(
        paths: crate::app::settings::AppPaths,
        settings: crate::app::settings::Settings,
        dialogs: Box<dyn crate::app::file_picker::FileDialogs>,
        ws: Workspace,
    ) -> Self {
        let mut app = Self::idle(paths, settings, dialogs);
        let annotator = app.annotator();
        app.ctl
            .install_now(Opened::new(ws, None, None, &annotator).session);
        app
    }

    /// Cancels a corpus that is still loading.
    pub fn cancel_loading(&mut self) {
        if let Some(loading) = self.ctl.loading.take() {
            loading
                .progress
                .cancel
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    pub(in crate::app) fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            let is_project = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
            if path.is_dir() || is_project {
                self.ui
                    .actions
                    .push(crate::app::action::Action::Open(OpenRequest::Path(path)));
            } else {
                self.ui.message = Some(format!(
                    "{} is neither a folder nor a .ron project; drop a corpus folder or a project file",
                    path.display()
                ));
            }
        }
    }
}
