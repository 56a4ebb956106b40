//! The page's window: the desktop's [`CrosscheckApp`] plus a bar that says
//! where the work is kept and opens folders and projects with the page's
//! own file inputs (the browser has no blocking dialogs).

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use wasm_bindgen::JsCast as _;
use wasm_bindgen::prelude::Closure;

use super::open::{self, PickedFolder, Source};
use super::{download, store};
use crate::app::{AppPaths, CrosscheckApp, FileDialogs, Settings};
use crate::project::DEFAULT_PROJECT_FILE;
use crate::workspace::Workspace;

/// What a file input delivered, waiting for the next frame.
enum Picked {
    Folder(PickedFolder),
    Project { name: String, text: String },
    Failed(String),
}

/// Shared between the window and the file inputs' callbacks.
#[derive(Default)]
struct Inbox {
    picked: Option<Picked>,
    /// "Save as…" in the window: the project is downloaded.
    download_project: bool,
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
}

fn paths() -> AppPaths {
    // Virtual: only names of storage keys (see `store`).
    AppPaths {
        config_dir: PathBuf::from("/browser/config"),
        data_dir: PathBuf::from("/browser/data"),
    }
}

impl WebApp {
    pub fn new(ctx: &egui::Context) -> Self {
        let inbox = SharedInbox::default();
        let paths = paths();
        let settings = Settings::load(&paths);
        let mut notice = None;
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
        warn_before_unload(app.clone());
        Self {
            app,
            inbox,
            ctx: ctx.clone(),
            source,
            notice,
            published: String::new(),
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
                format!(
                    "docs={} claims={} save={save} asking={}",
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

    /// Replaces the open corpus, saving the current work first (saving is
    /// immediate on the web: jobs run inline).
    fn install(&mut self, ws: Workspace, source: Source) {
        let mut app = self.app.borrow_mut();
        eframe::App::on_exit(&mut *app, None);
        if let Some(session) = app.session()
            && session.has_unsaved_changes()
        {
            self.notice = Some(
                "Not opened: the current work could not be saved in this browser. Download the project first."
                    .into(),
            );
            return;
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
        let (picked, download) = {
            let mut inbox = self.inbox.borrow_mut();
            (
                inbox.picked.take(),
                std::mem::take(&mut inbox.download_project),
            )
        };
        if download {
            self.download_project();
        }
        match picked {
            None => {}
            Some(Picked::Failed(message)) => self.notice = Some(message),
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
            Some(Picked::Project { name, text }) => {
                let opened = self
                    .app
                    .borrow()
                    .session()
                    .map(|s| open::project_over(s.workspace(), &name, &text));
                match opened {
                    Some(Ok(ws)) => {
                        let source = self.source.clone();
                        self.install(ws, source);
                        // Kept from now on as this corpus's work.
                        if let Some(session) = self.app.borrow().session() {
                            let ws = session.workspace();
                            if let Err(e) = store::save_project(&ws.project, &ws.project_path) {
                                self.notice = Some(e.to_string());
                            }
                        }
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

    fn where_kept(&self) -> String {
        match &self.source {
            Source::Sample => "The sample articles. Your labels are kept in this browser's storage on this computer, nowhere else.".into(),
            Source::Folder(name) => format!(
                "{name}: read from your computer. Your labels are kept in this browser's storage, not in the folder: \
                 Download project gives you {DEFAULT_PROJECT_FILE} to hand in or to put beside the articles."
            ),
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
                ui.separator();
                ui.label(self.where_kept());
            });
            if let Some(notice) = self.notice.clone() {
                ui.horizontal(|ui| {
                    ui.colored_label(ui.visuals().warn_fg_color, notice);
                    if ui.small_button("OK").clicked() {
                        self.notice = None;
                    }
                });
            }
        });
    }
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
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.take_picked();
        self.bar_ui(ui);
        self.app.borrow_mut().frame_ui(ui);
        self.publish_state();
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        eframe::App::raw_input_hook(&mut *self.app.borrow_mut(), ctx, raw_input);
    }
}

/// Before the tab closes or reloads: saves what is not saved yet, and has
/// the browser ask when that did not work.
fn warn_before_unload(app: Rc<RefCell<CrosscheckApp>>) {
    let handler = Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(
        move |event: web_sys::BeforeUnloadEvent| {
            let unsaved = match app.try_borrow_mut() {
                Ok(mut app) => {
                    eframe::App::on_exit(&mut *app, None);
                    app.session().is_some_and(|s| s.has_unsaved_changes())
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

/// Asks for a folder (`<input webkitdirectory>`); its files arrive in the inbox.
fn pick_folder(inbox: &SharedInbox, ctx: &egui::Context) {
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
        .map_err(|e| super::js_error(&e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Every file of the picked folder, by its path below the folder.
async fn read_folder(input: &web_sys::HtmlInputElement) -> Result<Option<PickedFolder>, String> {
    let Some(list) = input.files() else {
        return Ok(None);
    };
    let mut name = None;
    let mut files = Vec::new();
    let mut too_large = Vec::new();
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
        if size > crate::corpus::MAX_FILE_BYTES {
            too_large.push((rest.to_string(), size));
            continue;
        }
        files.push((rest.to_string(), read_bytes(&file).await?));
    }
    Ok(name.map(|name| PickedFolder {
        name,
        files,
        too_large,
    }))
}
