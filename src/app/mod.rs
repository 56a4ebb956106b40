//! The egui window: opening corpora, the panels, and the keyboard.
//!
//! State lives in [`CrosscheckApp`] and [`Session`]; the `*_ui` functions
//! draw it and turn clicks and keys into edits.

pub mod action;
mod article;
pub mod command;
mod compare_ui;
pub mod controller;
mod dialogs;
mod evidence;
mod find_ui;
mod grade_ui;
pub mod jobs;
mod labels_ui;
mod nav;
mod open;
mod panels;
mod para_layout;
mod sample;
mod search_ui;
mod settings;
mod state;
pub mod trace;
mod unsaved;
pub mod windows;

use std::path::PathBuf;
#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

pub use crate::session::highlights::{DocMarks, Mark};
pub use crate::session::{AUTOSAVE_DELAY, LabelProposal, SaveState, Session};
pub use action::{Action, OpenRequest, UnsavedAnswer};
pub use article::{ArticleEvent, ArticleOutput, ArticleView, MarkKey};
pub use command::Command;
pub use controller::Controller;
#[cfg(not(target_arch = "wasm32"))]
pub use dialogs::NativeDialogs;
pub use dialogs::{FileDialogs, ScriptedDialogs};
pub use open::OpenError;
pub use sample::{SEEDS as SAMPLE_FILES, unpack_sample};
pub use settings::{AppPaths, Settings};
pub use state::{DocRows, Pane, UiState};

pub struct CrosscheckApp {
    pub paths: AppPaths,
    pub settings: Settings,
    pub dialogs: Box<dyn FileDialogs>,
    /// The session and its background work; the only way to change it.
    pub ctl: Controller,
    pub ui: UiState,
    /// A project or corpus that could not be opened, shown as a dialog.
    pub open_error: Option<OpenError>,
    /// The annotator name being typed, while asking for it.
    pub name_prompt: Option<String>,
    /// `CROSSCHECK_TRACE=FILE`: a JSON line per frame (see [`trace`]).
    pub trace: trace::Trace,
}

impl CrosscheckApp {
    /// The window's state, opening `request` on a worker thread.
    pub fn new(
        paths: AppPaths,
        settings: Settings,
        dialogs: Box<dyn FileDialogs>,
        request: OpenRequest,
    ) -> Self {
        let mut app = Self::idle(paths, settings, dialogs);
        controller::start_open(&mut app, None, request);
        app
    }

    /// Asks to open `request` (on a worker; the current project is saved
    /// before the new one replaces it).
    pub fn open(&mut self, request: OpenRequest) {
        controller::start_open(self, None, request);
    }

    pub fn session(&self) -> Option<&Session> {
        self.ctl.session()
    }

    /// A corpus or project is being read.
    pub fn is_loading(&self) -> bool {
        self.ctl.loading.is_some()
    }

    fn doc_count(&self) -> usize {
        self.session().map_or(0, |s| s.workspace().corpus.len())
    }

    /// Nothing open yet; asks for the annotator's name if it is not known.
    fn idle(paths: AppPaths, settings: Settings, dialogs: Box<dyn FileDialogs>) -> Self {
        let name_prompt = settings.annotator.trim().is_empty().then(String::new);
        Self {
            paths,
            settings,
            dialogs,
            ctl: Controller::new(),
            ui: UiState::default(),
            open_error: None,
            name_prompt,
            trace: trace::Trace::from_env(),
        }
    }

    /// The request a bare start makes: `path` if given, else the last
    /// project, else the bundled sample.
    pub fn start_request(path: Option<PathBuf>, settings: &Settings) -> OpenRequest {
        match path {
            Some(path) => OpenRequest::Path(path),
            None => settings
                .recent
                .iter()
                .find(|p| p.exists())
                .map_or(OpenRequest::Sample, |p| OpenRequest::Path(p.clone())),
        }
    }

    pub fn annotator(&self) -> String {
        let name = self.settings.annotator.trim();
        if name.is_empty() {
            "anonymous".into()
        } else {
            name.to_owned()
        }
    }

    fn remember_settings(&mut self) {
        if let Err(err) = self.settings.save(&self.paths) {
            self.ui.message = Some(format!("Settings not saved: {err}"));
        }
    }

    /// The document shown in pane `pane`.
    pub fn pane_doc(&self, pane: usize) -> Option<&crate::corpus::Document> {
        let session = self.ctl.session()?;
        session
            .workspace()
            .corpus
            .documents
            .get(self.ui.panes[pane].doc)
    }
}

impl eframe::App for CrosscheckApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.trace.previous_frame_took(frame.info().cpu_usage);
        // The keys `raw_input_hook` took run before the pass, so the frame
        // that takes a label key also draws its claim: one frame from key
        // to screen, not two (a frame costs ~25 ms under software GL).
        controller::run_frame_actions(self, ui.ctx());
        if self.trace.is_on() {
            self.traced_frame_ui(ui);
        } else {
            self.frame_ui(ui);
        }
    }

    /// Keys are taken here, before egui's focus traversal sees Tab and the
    /// arrows (in a real window Tab otherwise walks through the menu bar).
    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        self.trace.frame_starts(&raw_input.events);
        controller::take_keys(self, ctx, &mut raw_input.events);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Normally everything is saved before the window may close; this
        // catches a close the window did not get to ask about.
        if let Err(err) = self.ctl.save_on_exit() {
            eprintln!("crosscheck: could not save before closing: {err}");
        }
    }
}

impl CrosscheckApp {
    /// One frame: everything the window does.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // Headless runs have no raw input hook; in a real window the hook
        // took the keys already and this finds none.
        let mut events = ctx.input_mut(|i| std::mem::take(&mut i.events));
        controller::take_keys(self, &ctx, &mut events);
        ctx.input_mut(|i| i.events = events);

        self.apply_style(&ctx);
        controller::poll_jobs(self, &ctx);
        self.dropped_files(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) && !self.ctl.allow_close {
            // Not before the work is saved, or the person says so.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.ui.actions.push(Action::CloseRequested);
        }

        panels::menu_bar_ui(self, ui);
        panels::status_bar_ui(self, ui);
        if self.ctl.session().is_some() {
            if self.ui.search.open {
                search_ui::search_panel_ui(self, ui);
            } else {
                panels::documents_panel_ui(self, ui);
            }
            panels::claim_panel_ui(self, ui);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(loading) = &self.ctl.loading {
                if open::loading_ui(loading, ui) {
                    self.cancel_loading();
                }
            } else if self.ctl.session().is_some() {
                panels::articles_ui(self, ui);
            } else {
                panels::welcome_ui(self, ui);
            }
        });
        panels::windows_ui(self, &ctx);
        controller::run_frame_actions(self, &ctx);
        // After drawing: the first article is on screen before indexing starts.
        search_ui::poll(self, &ctx);
    }

    /// [`Self::frame_ui`], noting for the trace whether the frame's input
    /// changed something only the next frame shows, and whether highlights
    /// were drawn.
    fn traced_frame_ui(&mut self, ui: &mut egui::Ui) {
        // Edits made after drawing (a click on the label bar, …) show in
        // the next frame.
        let version = self.session().map(Session::version);
        self.frame_ui(ui);
        let acted = version != self.session().map(Session::version);
        let highlights = self
            .ui
            .last_outputs
            .iter()
            .flatten()
            .any(|o| !o.span_rects.is_empty());
        self.trace.frame_drawn(acted, highlights);
    }

    fn apply_style(&self, ctx: &egui::Context) {
        let theme = if self.settings.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        };
        if ctx.theme() != theme {
            ctx.set_theme(theme);
        }
    }
}

/// Runs the window; the binary's entry point when no subcommand is given.
/// (The web page starts in `crate::web` instead.)
#[cfg(not(target_arch = "wasm32"))]
pub fn run(path: Option<PathBuf>, project: Option<PathBuf>, compare: Vec<PathBuf>) -> ExitCode {
    let paths = AppPaths::platform();
    let settings = Settings::load(&paths);
    // `crosscheck CORPUS --project NAME.ron`: an annotator's own file.
    let request = match (path, project) {
        (Some(corpus), Some(project)) => OpenRequest::FolderWithProject { corpus, project },
        (path, _) => CrosscheckApp::start_request(path, &settings),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("crosscheck")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    // Made before the window, so that the worker reads the corpus and the
    // project while the window, its GL context and the fonts come up
    // (about 150 ms under software GL): the first article is on screen
    // sooner by however much of that the reading takes.
    let mut app = CrosscheckApp::new(paths, settings, Box::new(NativeDialogs), request);
    app.ui.compare_pending = compare;
    let result = eframe::run_native(
        "crosscheck",
        options,
        Box::new(move |_cc| Ok(Box::new(app))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("crosscheck: cannot open the window: {err}");
            ExitCode::FAILURE
        }
    }
}
