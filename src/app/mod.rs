//! The egui window: opening corpora, the panels, and the keyboard.
//!
//! State lives in [`CrosscheckApp`] and [`Session`]; the `*_ui` functions
//! draw it and turn clicks and keys into edits.

mod article;
pub mod command;
mod compare_ui;
pub mod controller;
mod dialogs;
mod evidence;
mod export_ui;
mod find_ui;
mod grade_ui;
mod import_ui;
pub mod jobs;
mod labels_ui;
mod nav;
mod open;
mod panels;
mod para_layout;
mod sample;
mod search_ui;
mod settings;
pub mod trace;
mod unsaved;

use std::path::PathBuf;
#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

pub use crate::session::highlights::{DocMarks, Mark};
pub use crate::session::{AUTOSAVE_DELAY, LabelProposal, SaveState, Session};
pub use article::{ArticleEvent, ArticleOutput, ArticleView, MarkKey};
pub use command::Command;
pub use controller::{Action, Controller, UnsavedAnswer};
#[cfg(not(target_arch = "wasm32"))]
pub use dialogs::NativeDialogs;
pub use dialogs::{FileDialogs, ScriptedDialogs};
pub use open::{OpenError, OpenRequest};
pub use sample::{SEEDS as SAMPLE_FILES, unpack_sample};
pub use settings::{AppPaths, Settings};

use crate::project::ClaimId;

/// One of the (up to two) article panes.
pub struct Pane {
    pub view: ArticleView,
    /// Index into the corpus's documents.
    pub doc: usize,
}

/// The documents list after filtering, recomputed only when the filter or
/// the corpus changes (not every frame: corpora have 10,000 documents).
#[derive(Default)]
pub struct DocRows {
    key: Option<(String, usize)>,
    /// Lower-cased "title id" per document, built once per corpus.
    haystacks: Vec<String>,
    rows: std::sync::Arc<Vec<usize>>,
}

impl DocRows {
    pub fn rows(
        &mut self,
        filter: &str,
        docs: &[crate::corpus::Document],
    ) -> std::sync::Arc<Vec<usize>> {
        let key = (filter.to_owned(), docs.len());
        if self.key.as_ref() != Some(&key) {
            if self.haystacks.len() != docs.len() {
                self.haystacks = docs
                    .iter()
                    .map(|d| format!("{} {}", d.title, d.id).to_lowercase())
                    .collect();
            }
            let needle = filter.trim().to_lowercase();
            self.rows = std::sync::Arc::new(
                (0..docs.len())
                    .filter(|&i| needle.is_empty() || self.haystacks[i].contains(&needle))
                    .collect(),
            );
            self.key = Some(key);
        }
        self.rows.clone()
    }
}

/// What the window shows and where the person is; no project data.
pub struct UiState {
    pub panes: [Pane; 2],
    /// The second pane is open (side by side).
    pub split: bool,
    /// The pane keys act on.
    pub active: usize,
    pub selected: Option<ClaimId>,
    pub filter: String,
    pub doc_rows: DocRows,
    pub focus_note: bool,
    pub show_help: bool,
    pub show_skipped: bool,
    pub show_detached: bool,
    pub show_overview: bool,
    /// The overview cell whose links are listed.
    pub overview_pick: Option<(String, String)>,
    /// An article picked in the overview's list, added to its grid.
    pub overview_extra: Option<String>,
    pub show_export: bool,
    pub export_format: crate::export::Format,
    /// What the last export wrote, shown in the export window.
    pub export_result: Option<String>,
    pub proposal: Option<LabelProposal>,
    /// A message for the status bar (errors of edits, …).
    pub message: Option<String>,
    pub last_outputs: [Option<ArticleOutput>; 2],
    /// What this frame's views and keys asked for, run after drawing.
    pub actions: Vec<Action>,
    /// What the windows show, kept until the project changes.
    pub caches: evidence::Caches,
    pub labels: labels_ui::LabelsWindow,
    pub guidelines: labels_ui::GuidelinesWindow,
    /// File › Import from another tool….
    pub import: import_ui::ImportWindow,
    /// Other annotators' files being compared with this project.
    pub compare: Option<compare_ui::CompareState>,
    /// Files picked to compare with while one more is needed.
    pub compare_pending: Vec<std::path::PathBuf>,
    /// Find in the article (Ctrl+F).
    pub find: find_ui::FindBar,
    /// File › Make answer key….
    pub key_window: grade_ui::KeyWindow,
    /// File › Grade student files….
    pub grade: grade_ui::GradeWindow,
    /// The corpus index, the search panel and suggested evidence.
    pub search: search_ui::SearchState,
}

impl Default for UiState {
    fn default() -> Self {
        Self {
            panes: [
                Pane {
                    view: ArticleView::new("left"),
                    doc: 0,
                },
                Pane {
                    view: ArticleView::new("right"),
                    doc: 0,
                },
            ],
            split: false,
            active: 0,
            selected: None,
            filter: String::new(),
            doc_rows: DocRows::default(),
            focus_note: false,
            show_help: false,
            show_skipped: false,
            show_detached: false,
            show_overview: false,
            overview_pick: None,
            overview_extra: None,
            show_export: false,
            export_format: crate::export::Format::Fever,
            export_result: None,
            proposal: None,
            message: None,
            last_outputs: [None, None],
            actions: Vec::new(),
            caches: evidence::Caches::default(),
            labels: labels_ui::LabelsWindow::default(),
            guidelines: labels_ui::GuidelinesWindow::default(),
            import: import_ui::ImportWindow::default(),
            compare: None,
            compare_pending: Vec::new(),
            find: find_ui::FindBar::default(),
            key_window: grade_ui::KeyWindow::default(),
            grade: grade_ui::GradeWindow::default(),
            search: search_ui::SearchState::default(),
        }
    }
}

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
