//! The page's window: the desktop's [`CrosscheckApp`] plus a bar that says
//! where the work is kept and how its last save went, and opens folders (in
//! place where the browser can, else with a file input) and projects (the
//! browser has no blocking dialogs).

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use wasm_bindgen::JsCast as _;
use wasm_bindgen::prelude::Closure;

use super::open::{self, Source};
use super::picked::PickedFolder;
use super::{download, folder, store};
use crate::app::{Action, AppPaths, Command, CrosscheckApp, FileDialogs, Settings};
use crate::project::DEFAULT_PROJECT_FILE;
use crate::workspace::Workspace;

/// What a file input or the folder picker delivered, waiting for the next
/// frame.
enum Picked {
    Folder(PickedFolder),
    /// Opened in place: saved into `handle`.
    InPlace {
        handle: web_sys::FileSystemDirectoryHandle,
        folder: PickedFolder,
    },
    Project {
        name: String,
        text: String,
    },
    Failed(String),
    /// The browser would not open a folder in place (cancelled the
    /// permission, or a policy forbids it): its files can still be read.
    Refused(String),
}

/// Shared between the window and the browser's callbacks.
#[derive(Default)]
struct Inbox {
    picked: Option<Picked>,
    /// "Save as…" in the window: the project is downloaded.
    download_project: bool,
    /// The folder may be written again: save now.
    save_now: bool,
}

/// A corpus to show once the current work is saved.
struct Next {
    ws: Workspace,
    source: Source,
    place: Place,
    /// Save the new project at once (one opened over these articles).
    save_first: bool,
    /// The person chose to open it without the unsaved changes.
    unsaved_dropped: bool,
}

/// Where the next corpus's project is saved.
enum Place {
    Browser,
    Folder(InPlaceSetup),
    /// Where the current one is (a project opened over the same articles).
    Same,
}

struct InPlaceSetup {
    handle: web_sys::FileSystemDirectoryHandle,
    on_disk: Option<String>,
    restored: Option<String>,
}

type SharedInbox = Rc<RefCell<Inbox>>;

pub struct WebApp {
    /// Shared with the `beforeunload` handler, which saves before the tab goes.
    app: Rc<RefCell<CrosscheckApp>>,
    inbox: SharedInbox,
    ctx: egui::Context,
    source: Source,
    /// Storage trouble or what was opened, shown in the bar.
    notice: Option<String>,
    /// What [`WebApp::publish_state`] last wrote.
    published: String,
    /// The folder opened in place last time, until it is reopened.
    remembered: Option<web_sys::FileSystemDirectoryHandle>,
    /// Waiting for the current work to be saved before it is shown.
    next: Option<Next>,
    /// Opening in place was refused: offer to read the folder's files.
    offer_files: bool,
    /// Not opened because the work before it could not be saved.
    refused: Option<Next>,
}

fn paths() -> AppPaths {
    // Virtual: only names of storage keys (see `store`).
    AppPaths {
        config_dir: PathBuf::from("/browser/config"),
        data_dir: PathBuf::from("/browser/data"),
    }
}

impl WebApp {
    pub fn new(ctx: &egui::Context, loaded: store::Loaded) -> Self {
        store::set_waker(ctx);
        let inbox = SharedInbox::default();
        let paths = paths();
        let settings = Settings::load(&paths);
        let mut notice = loaded.notice;
        let reopened = store::last_corpus().and_then(|root| open::reopen(&PathBuf::from(root)));
        let (ws, source) = match reopened {
            Some(Ok(found)) => found,
            other => {
                if let Some(Err(e)) = other {
                    notice = Some(format!("The last folder could not be opened again: {e}"));
                }
                match open::sample() {
                    Ok(ws) => (ws, Source::Sample),
                    Err(e) => {
                        notice = Some(format!(
                            "The labels this browser kept for the sample cannot be read ({e}); starting afresh"
                        ));
                        (empty_sample(), Source::Sample)
                    }
                }
            }
        };
        let app = CrosscheckApp::with_workspace(
            paths,
            settings,
            Box::new(WebDialogs {
                inbox: inbox.clone(),
                ctx: ctx.clone(),
            }),
            ws,
        );
        let app = Rc::new(RefCell::new(app));
        warn_before_unload(app.clone(), ctx.clone());
        Self {
            app,
            inbox,
            ctx: ctx.clone(),
            source,
            notice,
            published: String::new(),
            remembered: loaded.folder,
            next: None,
            offer_files: false,
            refused: None,
        }
    }

    /// Writes a summary of the window onto the page's `<body
    /// data-crosscheck=…>`: the canvas has no DOM to query, and a page
    /// test (or a school's kiosk script) needs to know when the corpus is
    /// shown and whether the work is saved. Written only when it changes.
    fn publish_state(&mut self) {
        let app = self.app.borrow();
        let state = match app.session() {
            None => "loading".to_string(),
            Some(session) => {
                let save = match session.save_state() {
                    crate::app::SaveState::Saved => "saved",
                    crate::app::SaveState::Pending => "pending",
                    crate::app::SaveState::Saving => "saving",
                    crate::app::SaveState::Failed(_) => "failed",
                };
                let ws = session.workspace();
                let kept = match &self.source {
                    Source::InPlace(name) => format!("folder:{name}"),
                    _ => "browser".into(),
                };
                let reopen = self
                    .remembered
                    .as_ref()
                    .map_or_else(String::new, |h| format!(" reopen={}", h.name()));
                format!(
                    "docs={} claims={} save={save} asking={} kept={kept}{reopen}",
                    ws.corpus.len(),
                    ws.project.claims().len(),
                    app.name_prompt.is_some()
                )
            }
        };
        if state != self.published {
            if let Some(body) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.body())
            {
                let _ = body.set_attribute("data-crosscheck", &state);
            }
            self.published = state;
        }
    }

    /// Shows another corpus once the current work is saved: saves run
    /// asynchronously on the web, so the switch waits for the save, and
    /// does not happen when it fails (the work would be lost).
    fn install(&mut self, ws: Workspace, source: Source) {
        self.install_next(Next {
            ws,
            source,
            place: Place::Browser,
            save_first: false,
            unsaved_dropped: false,
        });
    }

    fn install_next(&mut self, next: Next) {
        let mut app = self.app.borrow_mut();
        if app
            .session()
            .is_some_and(|s| s.has_unsaved_changes() && !s.is_saving())
        {
            crate::app::controller::run(&mut app, &self.ctx, Action::Command(Command::Save));
        }
        self.next = Some(next);
        self.ctx.request_repaint();
    }

    /// Installs the waiting corpus when the work before it is saved.
    fn install_when_saved(&mut self) {
        let Some(next) = self.next.take() else {
            return;
        };
        let mut app = self.app.borrow_mut();
        if let Some(session) = app.session()
            && session.has_unsaved_changes()
            && !next.unsaved_dropped
        {
            if let crate::app::SaveState::Failed(_) = session.save_state() {
                // Why is in the status bar below, with Retry and Save as….
                self.notice = Some(
                    "Not opened: the work here is not saved (see the status bar). Download project keeps a copy."
                        .into(),
                );
                // The person may still choose to leave it (as the desktop's
                // "discard" answer): kept for the button beside the notice.
                self.refused = Some(next);
            } else {
                self.next = Some(next);
            }
            return;
        }
        let Next {
            ws,
            source,
            place,
            save_first,
            ..
        } = next;
        let project_path = ws.project_path.clone();
        match place {
            Place::Folder(setup) => {
                folder::install(ws.corpus.root.clone(), setup.handle.clone(), setup.on_disk);
                self.remembered = None;
                let handle = setup.handle;
                wasm_bindgen_futures::spawn_local(async move {
                    // Without it the next visit cannot offer to reopen; the
                    // work itself is unaffected.
                    let _ = folder::remember(&handle).await;
                });
                if let Some(text) = setup.restored {
                    folder::write(&project_path, text, None);
                    self.notice = Some(
                        "The last changes had not reached the folder: they were kept in this browser and are now saved in the folder."
                            .into(),
                    );
                }
            }
            Place::Browser => {
                // The folder left stays one click away.
                if let Some(handle) = folder::handle() {
                    self.remembered = Some(handle);
                }
                folder::close();
            }
            Place::Same => {}
        }
        if save_first {
            // Kept from now on as this corpus's work (after the work it
            // replaces was saved, so that save cannot overwrite it).
            if let Err(e) = crate::project::save(&ws.project, &project_path) {
                self.notice = Some(e.to_string());
            }
        }
        let settings = app.settings.clone();
        *app = CrosscheckApp::with_workspace(
            paths(),
            settings,
            Box::new(WebDialogs {
                inbox: self.inbox.clone(),
                ctx: self.ctx.clone(),
            }),
            ws,
        );
        self.source = source;
    }

    fn take_picked(&mut self) {
        let (picked, download, save_now) = {
            let mut inbox = self.inbox.borrow_mut();
            (
                inbox.picked.take(),
                std::mem::take(&mut inbox.download_project),
                std::mem::take(&mut inbox.save_now),
            )
        };
        if download {
            self.download_project();
        }
        if save_now {
            let mut app = self.app.borrow_mut();
            crate::app::controller::run(&mut app, &self.ctx, Action::Command(Command::Save));
        }
        match picked {
            None => {}
            Some(Picked::Failed(message)) => self.notice = Some(message),
            Some(Picked::Refused(message)) => {
                self.notice = Some(message);
                self.offer_files = true;
            }
            Some(Picked::Folder(folder)) => {
                let name = folder.name.clone();
                match open::folder(folder) {
                    Ok((ws, notice)) => {
                        self.notice = notice;
                        self.install(ws, Source::Folder(name));
                    }
                    Err(e) => self.notice = Some(format!("{name} could not be opened: {e}")),
                }
            }
            Some(Picked::InPlace { handle, folder }) => {
                let name = folder.name.clone();
                match open::in_place(folder) {
                    Ok(opened) => {
                        self.notice = None;
                        self.install_next(Next {
                            ws: opened.ws,
                            source: Source::InPlace(name),
                            place: Place::Folder(InPlaceSetup {
                                handle,
                                on_disk: opened.on_disk,
                                restored: opened.restored,
                            }),
                            save_first: false,
                            unsaved_dropped: false,
                        });
                    }
                    Err(e) => self.notice = Some(format!("{name} could not be opened: {e}")),
                }
            }
            Some(Picked::Project { name, text }) => {
                let opened = self
                    .app
                    .borrow()
                    .session()
                    .map(|s| open::project_over(s.workspace(), &name, &text));
                match opened {
                    Some(Ok(ws)) => {
                        let source = self.source.clone();
                        self.install_next(Next {
                            ws,
                            source,
                            place: Place::Same,
                            save_first: true,
                            unsaved_dropped: false,
                        });
                        self.notice = self
                            .notice
                            .take()
                            .or(Some(format!("Opened {name} over these articles")));
                    }
                    Some(Err(e)) => self.notice = Some(format!("{name} could not be opened: {e}")),
                    None => {}
                }
            }
        }
    }

    fn download_project(&mut self) {
        let app = self.app.borrow();
        let Some(session) = app.session() else {
            return;
        };
        let result = crate::project::to_ron(&session.workspace().project)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                download::file(
                    DEFAULT_PROJECT_FILE,
                    text.as_bytes(),
                    "application/octet-stream",
                )
            });
        if let Err(e) = result {
            drop(app);
            self.notice = Some(format!("The project could not be downloaded: {e}"));
        }
    }

    /// Where the work is kept, always in the bar; with a hover text.
    fn where_kept(&self) -> (String, &'static str) {
        if let Some(e) = store::unavailable()
            && !matches!(self.source, Source::InPlace(_))
        {
            return (
                format!(
                    "Not kept: this browser keeps nothing for this page ({e}). Download the project before you close it."
                ),
                "A private window, or storage turned off for this site",
            );
        }
        let in_browser = "Kept in this browser (download the project to hand it in)";
        let hover = if store::persisted() == Some(false) {
            "Only on this computer, in this browser's storage for this page. The browser has not promised to keep it: \
             it may clear it when the disk is nearly full, and clearing the site's data deletes it."
        } else {
            "Only on this computer, in this browser's storage for this page; clearing the site's data deletes it."
        };
        match &self.source {
            Source::Sample => (format!("The sample articles. {in_browser}"), hover),
            Source::Folder(name) => (
                format!("Articles of {name}, read into this browser. {in_browser}"),
                hover,
            ),
            Source::InPlace(name) => (
                format!("Saved in the folder {name} on this computer"),
                "As crosscheck.ron beside the articles, the file the desktop app opens; \
                 a copy is also kept in this browser",
            ),
        }
    }

    /// How the last save went, for the bar; and whether the folder needs
    /// the person's permission again.
    fn last_save(&self) -> (String, bool, bool) {
        if let Some(session) = self.app.borrow().session()
            && session.is_saving()
        {
            return ("saving…".into(), false, false);
        }
        match (&self.source, folder::status()) {
            (Source::InPlace(_), Some(status)) => match status.last {
                None => ("nothing saved yet this visit".into(), false, false),
                Some(Ok(at)) => (
                    format!("last saved {} in the folder", clock(at)),
                    false,
                    false,
                ),
                Some(Err(e)) => (format!("⚠ last save failed: {e}"), true, status.denied),
            },
            _ => match store::last_write() {
                None => ("nothing saved yet this visit".into(), false, false),
                Some(Ok(at)) => (
                    format!("last saved {} in this browser", clock(at)),
                    false,
                    false,
                ),
                Some(Err(e)) => (format!("⚠ last save failed: {e}"), true, false),
            },
        }
    }

    fn bar_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("web").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if ui.button("Open folder…").clicked() {
                    pick_folder(&self.inbox, &self.ctx);
                }
                if ui.button("Open project…").clicked() {
                    pick_project(&self.inbox, &self.ctx);
                }
                if ui.button("Download project").clicked() {
                    self.download_project();
                }
                if self.source != Source::Sample && ui.button("Sample").clicked() {
                    match open::sample() {
                        Ok(ws) => {
                            store::set_last_corpus(std::path::Path::new(open::SAMPLE_ROOT));
                            self.install(ws, Source::Sample);
                        }
                        Err(e) => self.notice = Some(e),
                    }
                }
                if let Some(handle) = self.remembered.clone() {
                    let label = format!("Reopen folder {}", handle.name());
                    if ui
                        .button(egui::RichText::new(label).strong())
                        .on_hover_text("Opens the folder you worked in last time; the browser asks first whether the page may change it")
                        .clicked()
                    {
                        reopen_folder(handle, &self.inbox, &self.ctx);
                    }
                }
                ui.separator();
                let (kept, hover) = self.where_kept();
                ui.label(egui::RichText::new(kept).strong())
                    .on_hover_text(hover);
                ui.separator();
                let (last, failed, denied) = self.last_save();
                // First, where the eye goes: the one click that fixes it.
                if denied
                    && let Some(handle) = folder::handle()
                    && ui
                        .button(egui::RichText::new(format!("Allow saving in {}", handle.name())).strong())
                        .clicked()
                {
                    allow_saving(handle, &self.inbox, &self.ctx);
                }
                if failed {
                    ui.colored_label(ui.visuals().error_fg_color, last);
                } else {
                    ui.label(last);
                }
            });
            if let Some(notice) = self.notice.clone() {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(ui.visuals().warn_fg_color, notice);
                    if self.offer_files
                        && ui
                            .button("Read the folder's files instead (work kept in this browser)…")
                            .clicked()
                    {
                        self.offer_files = false;
                        self.notice = None;
                        pick_folder_files(&self.inbox, &self.ctx);
                    }
                    if self.refused.is_some()
                        && ui
                            .button("Open it anyway (the unsaved changes are lost)")
                            .clicked()
                        && let Some(mut next) = self.refused.take()
                    {
                        next.unsaved_dropped = true;
                        self.notice = None;
                        self.next = Some(next);
                        self.ctx.request_repaint();
                    }
                    if ui.small_button("OK").clicked() {
                        self.notice = None;
                        self.offer_files = false;
                        self.refused = None;
                    }
                });
            }
        });
    }

    /// Hands the last frame's CPU time to a measuring script that asked
    /// for it (`window.__crosscheckCpuMs = []`, see web/test/scroll.mjs).
    fn record_cpu(frame: &eframe::Frame) {
        let Some(seconds) = frame.info().cpu_usage else {
            return;
        };
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Ok(list) = js_sys::Reflect::get(&window, &"__crosscheckCpuMs".into())
            && let Some(list) = list.dyn_ref::<js_sys::Array>()
        {
            list.push(&(f64::from(seconds) * 1000.0).into());
        }
    }
}

/// A time of day (`Date.now()` milliseconds) as the computer's clock shows it.
fn clock(at: f64) -> String {
    let date = js_sys::Date::new(&at.into());
    format!(
        "{:02}:{:02}:{:02}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}

/// A sample with no labels, when the stored ones cannot be read (they are
/// left in storage untouched until the first save).
fn empty_sample() -> Workspace {
    let documents = crate::app::SAMPLE_FILES
        .iter()
        .map(|(name, bytes)| crate::corpus::Document::new(*name, String::from_utf8_lossy(bytes)))
        .collect();
    let corpus =
        crate::corpus::Corpus::from_parts(PathBuf::from(open::SAMPLE_ROOT), documents, Vec::new());
    let project_path = corpus.root.join(DEFAULT_PROJECT_FILE);
    Workspace {
        corpus,
        project: crate::project::Project::new("."),
        project_path,
        report: Default::default(),
        is_new: true,
        journal: Default::default(),
    }
}

impl eframe::App for WebApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        Self::record_cpu(frame);
        self.take_picked();
        self.install_when_saved();
        self.bar_ui(ui);
        self.app.borrow_mut().frame_ui(ui);
        self.publish_state();
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        eframe::App::raw_input_hook(&mut *self.app.borrow_mut(), ctx, raw_input);
    }
}

/// Before the tab closes or reloads: has the browser ask when anything is
/// not on disk yet, and starts saving it (for when the person stays).
///
/// Unlike the desktop's close, nothing can be saved here and waited for:
/// every write in a browser is asynchronous, and one begun while the page
/// unloads may be cut off. So the desktop's last-resort save
/// (`on_exit`) is not used: it would mark the work saved before the
/// browser had it.
fn warn_before_unload(app: Rc<RefCell<CrosscheckApp>>, ctx: egui::Context) {
    let handler = Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(
        move |event: web_sys::BeforeUnloadEvent| {
            let unsaved = match app.try_borrow_mut() {
                Ok(mut app) => {
                    let unsaved = app.session().is_some_and(|s| s.has_unsaved_changes());
                    if unsaved && !app.session().is_some_and(|s| s.is_saving()) {
                        crate::app::controller::run(&mut app, &ctx, Action::Command(Command::Save));
                        ctx.request_repaint();
                    }
                    unsaved || store::busy() || folder::busy()
                }
                // Mid-frame (cannot happen between frames); ask to be safe.
                Err(_) => true,
            };
            if unsaved {
                event.prevent_default();
                event.set_return_value("unsaved");
            }
        },
    );
    if let Some(window) = web_sys::window() {
        let _ = window
            .add_event_listener_with_callback("beforeunload", handler.as_ref().unchecked_ref());
    }
    // Lives as long as the page.
    handler.forget();
}

/// The window's File menu on the web: folders and projects come from the
/// page's file inputs, arriving a few frames later; exports are downloads.
struct WebDialogs {
    inbox: SharedInbox,
    ctx: egui::Context,
}

impl FileDialogs for WebDialogs {
    fn pick_folder(&mut self, _title: &str) -> Option<PathBuf> {
        pick_folder(&self.inbox, &self.ctx);
        None
    }

    fn pick_project(&mut self) -> Option<PathBuf> {
        pick_project(&self.inbox, &self.ctx);
        None
    }

    fn pick_file(&mut self, _title: &str, _extension: &str) -> Option<PathBuf> {
        self.inbox.borrow_mut().picked = Some(Picked::Failed(
            "Importing files is done in the desktop app or with `crosscheck import`".into(),
        ));
        None
    }

    fn save_file(&mut self, _title: &str, default_name: &str, extension: &str) -> Option<PathBuf> {
        if extension == "ron" {
            self.inbox.borrow_mut().download_project = true;
            self.ctx.request_repaint();
            return None;
        }
        Some(PathBuf::from(default_name))
    }
}

fn file_input(accept: Option<&str>, folder: bool) -> Option<web_sys::HtmlInputElement> {
    let document = web_sys::window()?.document()?;
    let input = document
        .create_element("input")
        .ok()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    input.set_type("file");
    if let Some(accept) = accept {
        input.set_accept(accept);
    }
    if folder {
        let _ = input.set_attribute("webkitdirectory", "");
        input.set_multiple(true);
    }
    Some(input)
}

fn deliver(inbox: &SharedInbox, ctx: &egui::Context, picked: Picked) {
    inbox.borrow_mut().picked = Some(picked);
    ctx.request_repaint();
}

/// Reads a folder opened in place into the inbox.
async fn read_in_place(handle: web_sys::FileSystemDirectoryHandle) -> Picked {
    match folder::read(&handle).await {
        Ok(folder) => Picked::InPlace { handle, folder },
        Err(e) => Picked::Failed(format!(
            "The folder {} could not be read: {e}",
            handle.name()
        )),
    }
}

/// The folder of last time: the browser asks whether the page may change
/// it (this must follow a click), then it opens in place.
fn reopen_folder(
    handle: web_sys::FileSystemDirectoryHandle,
    inbox: &SharedInbox,
    ctx: &egui::Context,
) {
    let inbox = inbox.clone();
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let picked = match folder::allow(&handle).await {
            Ok(()) => read_in_place(handle).await,
            Err(e) => Picked::Failed(format!(
                "The folder {} was not reopened: {e}. Reopen folder asks again; Open folder… picks another.",
                handle.name()
            )),
        };
        deliver(&inbox, &ctx, picked);
    });
}

/// After the browser withdrew the page's permission to write the folder:
/// asks again, and saves when given.
fn allow_saving(
    handle: web_sys::FileSystemDirectoryHandle,
    inbox: &SharedInbox,
    ctx: &egui::Context,
) {
    let inbox = inbox.clone();
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match folder::allow(&handle).await {
            Ok(()) => inbox.borrow_mut().save_now = true,
            Err(e) => {
                inbox.borrow_mut().picked = Some(Picked::Failed(format!(
                    "Still not saved in the folder: {e}"
                )))
            }
        }
        ctx.request_repaint();
    });
}

/// Asks for a folder: in place where the browser can (Chrome, Edge,
/// ChromeOS), else with `<input webkitdirectory>`; it arrives in the inbox.
fn pick_folder(inbox: &SharedInbox, ctx: &egui::Context) {
    if folder::available() {
        let inbox = inbox.clone();
        let ctx = ctx.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let picked = match folder::pick().await {
                Ok(Some(handle)) => read_in_place(handle).await,
                Ok(None) => return,
                // A school's policy can forbid pages to write folders
                // (Chromebooks managed so): the files can still be read.
                Err(e) => Picked::Refused(format!("No folder was opened: {e}")),
            };
            deliver(&inbox, &ctx, picked);
        });
        return;
    }
    pick_folder_files(inbox, ctx);
}

/// Reads the files of a folder with `<input webkitdirectory>` (the work is
/// kept in the browser).
fn pick_folder_files(inbox: &SharedInbox, ctx: &egui::Context) {
    let Some(input) = file_input(None, true) else {
        return;
    };
    let inbox = inbox.clone();
    let ctx = ctx.clone();
    let target = input.clone();
    let on_change = Closure::once_into_js(move || {
        wasm_bindgen_futures::spawn_local(async move {
            let picked = match read_folder(&target).await {
                Ok(Some(folder)) => Picked::Folder(folder),
                Ok(None) => return,
                Err(e) => Picked::Failed(format!("The folder could not be read: {e}")),
            };
            inbox.borrow_mut().picked = Some(picked);
            ctx.request_repaint();
        });
    });
    input.set_onchange(Some(on_change.unchecked_ref()));
    input.click();
}

fn pick_project(inbox: &SharedInbox, ctx: &egui::Context) {
    let Some(input) = file_input(Some(".ron"), false) else {
        return;
    };
    let inbox = inbox.clone();
    let ctx = ctx.clone();
    let target = input.clone();
    let on_change = Closure::once_into_js(move || {
        wasm_bindgen_futures::spawn_local(async move {
            let Some(file) = target.files().and_then(|f| f.get(0)) else {
                return;
            };
            let picked = match read_bytes(&file).await.map(String::from_utf8) {
                Ok(Ok(text)) => Picked::Project {
                    name: file.name(),
                    text,
                },
                Ok(Err(_)) => Picked::Failed(format!(
                    "{} is not a crosscheck project (not UTF-8 text)",
                    file.name()
                )),
                Err(e) => Picked::Failed(format!("{} could not be read: {e}", file.name())),
            };
            inbox.borrow_mut().picked = Some(picked);
            ctx.request_repaint();
        });
    });
    input.set_onchange(Some(on_change.unchecked_ref()));
    input.click();
}

async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| super::js::js_error(&e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Every file of the picked folder, by its path below the folder.
async fn read_folder(input: &web_sys::HtmlInputElement) -> Result<Option<PickedFolder>, String> {
    let Some(list) = input.files() else {
        return Ok(None);
    };
    let mut name = None;
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        // "folder/sub/article.txt"; the File interface in web-sys lacks it.
        let relative = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
            .ok()
            .and_then(|v| v.as_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| file.name());
        let (top, rest) = relative
            .split_once('/')
            .unwrap_or(("folder", relative.as_str()));
        name.get_or_insert_with(|| top.to_string());
        let size = file.size() as u64;
        // Too large to be an article: not read at all (the scan skips it).
        let limit = crate::corpus::FileKind::of(std::path::Path::new(rest)).map_or(
            crate::corpus::MAX_FILE_BYTES,
            crate::corpus::FileKind::max_bytes,
        );
        if size > limit {
            skipped.push(crate::corpus::Skipped {
                path: rest.to_string(),
                reason: crate::corpus::SkipReason::TooLarge { size, limit },
            });
            continue;
        }
        files.push((rest.to_string(), read_bytes(&file).await?));
    }
    Ok(name.map(|name| PickedFolder {
        name,
        files,
        skipped,
    }))
}
