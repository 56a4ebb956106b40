//! File › Add articles…: web addresses fetched and files copied into the
//! corpus folder by the library's `crate::add`, on a worker that writes a
//! line a page into the Add window's log; then the corpus is read again
//! (the same project reopened, so nothing of the session is lost: unsaved
//! work is saved first, as for any open).

#[cfg(not(target_arch = "wasm32"))]
use std::sync::{Arc, Mutex};

#[cfg(not(target_arch = "wasm32"))]
use super::state::AfterAdd;
use crate::app::CrosscheckApp;
use crate::app::action::OpenRequest;
#[cfg(not(target_arch = "wasm32"))]
use crate::app::jobs::Job;
use crate::app::jobs::take_finished;
#[cfg(not(target_arch = "wasm32"))]
use crate::app::windows::add::{AddLine, AddLog};

/// The file kinds Add files… offers.
#[cfg(not(target_arch = "wasm32"))]
const PICKABLE: &[&str] = crate::add::ADDABLE_EXTENSIONS;

/// Fetches or copies `items` on a worker.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn add_articles(app: &mut CrosscheckApp, ctx: &egui::Context, items: Vec<String>) {
    if app.ctl.add_job.is_some() {
        app.ui.message = Some("Articles are still being added".into());
        return;
    }
    let Some(session) = &app.ctl.session else {
        return;
    };
    if items.is_empty() {
        return;
    }
    let root = session.workspace().corpus.root.clone();
    let log: AddLog = Arc::new(Mutex::new(Vec::new()));
    app.ui.add.open = true;
    app.ui.add.log = Some(log.clone());
    app.ui.add.total = items.len();
    app.ui.add.running = true;
    let wake = app.ctl.waker(ctx);
    let each = wake.clone();
    app.ctl.add_job = Some(Job::spawn("adding articles", wake, move || {
        let options = crate::add::FetchOptions::default();
        let mut added = Vec::new();
        for item in items {
            let outcome = match crate::add::add_item(&root, &item, &options) {
                Ok(done) => {
                    let id = done.path.to_string_lossy().replace('\\', "/");
                    let what = format!("{}, as {id}", done.title);
                    added.push(id);
                    Ok(what)
                }
                Err(err) => Err(err.to_string()),
            };
            if let Ok(mut lines) = log.lock() {
                lines.push(AddLine { item, outcome });
            }
            each();
        }
        added
    }));
}

#[cfg(target_arch = "wasm32")]
pub(super) fn add_articles(app: &mut CrosscheckApp, _: &egui::Context, _: Vec<String>) {
    app.ui.message =
        Some("The browser cannot fetch other sites: open a folder of saved pages".into());
}

/// Add files…: the picked files are added as items.
pub(super) fn pick_article_files(app: &mut CrosscheckApp, ctx: &egui::Context) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let files = app.dialogs.pick_files("Add articles", PICKABLE);
        let items = files.into_iter().map(|p| p.display().to_string()).collect();
        add_articles(app, ctx, items);
    }
    #[cfg(target_arch = "wasm32")]
    add_articles(app, ctx, Vec::new());
}

/// When the worker is done: the corpus is read again if anything was added
/// (once the project is saved, so the reopened project holds all the work),
/// and the first article added is shown once it is.
pub(super) fn poll_add(app: &mut CrosscheckApp, ctx: &egui::Context) {
    if let Some(added) = take_finished(&mut app.ctl.add_job, Vec::new) {
        app.ui.add.running = false;
        if !added.is_empty() {
            app.ui.message = Some(format!(
                "Added {} article files; reading the folder again",
                added.len()
            ));
            read_folder_again(app, added.into_iter().next());
        }
    }
    let Some(after) = &mut app.ctl.after_add else {
        return;
    };
    let Some(path) = after.reopen.clone() else {
        return;
    };
    if let Some(session) = &mut app.ctl.session
        && (session.has_unsaved_changes() || session.is_saving())
    {
        // A failed save is retried by the person (the status bar says so),
        // not here every frame.
        if !session.is_saving()
            && !matches!(session.save_state(), crate::session::SaveState::Failed(_))
        {
            session.save_soon();
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
        return;
    }
    after.reopen = None;
    after.window = std::mem::take(&mut app.ui.add);
    super::opening::start_open(app, Some(ctx), OpenRequest::Path(path));
}

/// Reads the corpus folder again by reopening the project (once it is
/// saved), then shows `show` (a document id, or a dataset file's first
/// row) if it is there.
#[cfg(target_arch = "wasm32")]
pub(super) fn read_folder_again(app: &mut CrosscheckApp, _show: Option<String>) {
    app.ui.message = Some("Open the folder again to read it with the columns it has now".into());
}

/// Reads the corpus folder again (desktop); see above.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn read_folder_again(app: &mut CrosscheckApp, show: Option<String>) {
    let Some(session) = &app.ctl.session else {
        return;
    };
    let ws = session.workspace();
    // A project never saved has no file to reopen: the folder is, which
    // finds the same default project path.
    let path = if ws.project_path.exists() {
        ws.project_path.clone()
    } else {
        ws.corpus.root.clone()
    };
    app.ctl.after_add = Some(AfterAdd {
        window: crate::app::windows::AddWindow::default(),
        show,
        reopen: Some(path),
    });
}

/// The Dataset columns dialog's choice: kept in the project (undoable),
/// then the folder is read with it.
pub(super) fn set_columns(
    app: &mut CrosscheckApp,
    file: String,
    columns: crate::dataset::Columns,
    now: f64,
) {
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    let edit = crate::project::Edit::SetColumns {
        file: file.clone(),
        columns: Some(columns),
    };
    if let Err(err) = session.apply(edit, now) {
        app.ui.message = Some(format!("Columns not changed: {err}"));
        return;
    }
    #[cfg(target_arch = "wasm32")]
    {
        app.ui.message = Some(format!(
            "Columns of {file} kept; open the folder again to read it with them"
        ));
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        app.ui.message = Some(format!("Reading {file} with the chosen columns…"));
        read_folder_again(app, Some(file));
    }
}

/// Opens the Dataset columns dialog for `file`, from what it was read with.
pub(super) fn choose_columns(app: &mut CrosscheckApp, file: String) {
    let Some(session) = &app.ctl.session else {
        return;
    };
    let ws = session.workspace();
    let Some(info) = ws.corpus.datasets.get(&file) else {
        app.ui.message = Some(format!("{file} is not a dataset file of this corpus"));
        return;
    };
    let current = ws
        .project
        .datasets()
        .get(&file)
        .cloned()
        .unwrap_or_else(|| info.columns.clone());
    app.ui.columns.ask(file, info.header.clone(), current);
}
