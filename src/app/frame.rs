//! One frame of the window: keys, jobs, then the panels, the articles, the
//! windows and the questions, each lent what it draws; then the actions
//! they pushed are carried out.

use super::action::{Action, OpenRequest};
use super::file_picker::FileDialogs;
use super::settings::{AppPaths, Settings};
use super::window::CrosscheckApp;
use super::{article, controller, dialogs, open, panels};
use crate::session::Session;

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
        self.ctl.had_input |= !raw_input.events.is_empty();
        controller::take_keys(self, ctx, &mut raw_input.events);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Normally everything is saved before the window may close; this
        // catches a close the window did not get to ask about.
        controller::flush_active_time(self);
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
        let input = std::mem::take(&mut self.ctl.had_input) || !events.is_empty();
        controller::take_keys(self, &ctx, &mut events);
        ctx.input_mut(|i| i.events = events);

        self.apply_style(&ctx);
        controller::poll_jobs(self, &ctx);
        controller::tick_active_time(self, ctx.input(|i| i.time), input);
        self.dropped_files(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) && !self.ctl.allow_close {
            // Not before the work is saved, or the person says so.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.ui.actions.push(Action::CloseRequested);
        }

        self.panels_ui(ui);
        let mut cancel = false;
        egui::CentralPanel::default().show(ui, |ui| {
            let Self {
                ctl,
                ui: state,
                settings,
                ..
            } = self;
            if let Some(loading) = &ctl.loading {
                cancel = open::loading_ui(loading, ui);
            } else if let Some(session) = ctl.session() {
                article::panes::articles_ui(
                    &mut article::Articles {
                        session,
                        settings,
                        ui: state,
                    },
                    ui,
                );
            } else {
                panels::welcome_ui(ui, &mut state.actions);
            }
        });
        if cancel {
            self.cancel_loading();
        }
        self.windows_ui(&ctx);
        self.dialogs_ui(&ctx);
        controller::run_frame_actions(self, &ctx);
        // After drawing: the first article is on screen before indexing starts.
        if let Some(session) = self.ctl.session() {
            let shows_progress = self.ui.selected.is_some();
            self.ui
                .search
                .poll(&ctx, session, shows_progress, &self.paths.data_dir);
        }
    }

    /// The menu and status bars, the documents list or the search panel,
    /// and the claim panel.
    fn panels_ui(&mut self, ui: &mut egui::Ui) {
        let Self {
            ctl,
            ui: state,
            settings,
            ..
        } = self;
        let session = ctl.session();
        let actions = &mut state.actions;
        panels::MenuBar {
            session,
            settings,
            selected: state.selected.is_some(),
            comparing: state.compare.is_some(),
        }
        .ui(ui, actions);
        let share_done = session.and_then(|s| state.share.counts(s));
        panels::StatusBar {
            session,
            share_done,
            asks_about_unsaved: ctl.asks_about_unsaved().is_some(),
            indexing: state.search.building(),
            message: state.message.as_deref(),
            busy: ctl.busy(),
        }
        .ui(ui, actions);
        let Some(session) = session else {
            return;
        };
        if state.search.open {
            state.search.panel_ui(ui, session, actions);
        } else {
            let ws = session.workspace();
            panels::DocumentsPanel {
                session,
                filter: &mut state.filter,
                rows: &mut state.doc_rows,
                sort: &mut state.doc_sort,
                share: state.share.get(&ws.project, &ws.corpus.documents),
                only_share: &mut state.only_share,
                current: state.panes[state.active].doc,
                active: state.active,
            }
            .ui(ui, actions);
        }
        panels::ClaimPanel {
            session,
            selected: state.selected.as_ref(),
            active_doc: state.panes[state.active].doc,
            focus_note: &mut state.focus_note,
            cache: &mut state.doc_claims,
            search: &mut state.search,
        }
        .ui(ui, actions);
    }

    /// The windows, each drawn while it is open.
    fn windows_ui(&mut self, ctx: &egui::Context) {
        let session = self.ctl.session();
        let state = &mut self.ui;
        let actions = &mut state.actions;
        state.help.show(ctx);
        state.skipped.show(ctx, session, actions);
        state.export.show(ctx, actions);
        state.import.show(ctx, actions);
        state.add.show(ctx, actions);
        state.columns.show(ctx, actions);
        let Some(session) = session else {
            return;
        };
        state.labels.show(ctx, session, actions);
        state.guidelines.show(ctx, session, actions);
        let docs = &session.workspace().corpus.documents;
        let shown_doc = docs
            .get(state.panes[state.active].doc)
            .map(|d| d.id.as_str());
        if let Some(compare) = &mut state.compare
            && !compare.show(ctx, session, shown_doc, actions)
        {
            actions.push(Action::EndComparison);
        }
        state.key_window.show(ctx, session, actions);
        state.grade.show(ctx, session, actions);
        state
            .plan
            .show(ctx, &session.workspace().corpus.root, actions);
        state.study.show(ctx, actions);
        if state.detached.open {
            // A highlight in a pane can become the new place of a detached
            // span (collected only while the window is open: every frame).
            let highlights: Vec<(String, (usize, usize))> = state
                .panes
                .iter()
                .filter_map(|p| Some((docs.get(p.doc)?.id.clone(), p.view.selection?)))
                .collect();
            state.detached.show(ctx, session, &highlights, actions);
        }
        state.overview.show(ctx, session, actions);
    }

    /// One question at a time: the name first, then what could not be
    /// opened, then unsaved work; and the label offered from evidence.
    fn dialogs_ui(&mut self, ctx: &egui::Context) {
        let actions = &mut self.ui.actions;
        if let Some(prompt) = &mut self.name_prompt {
            if let Some(name) = prompt.show(ctx) {
                self.name_prompt = None;
                actions.push(Action::SetAnnotator(name));
            }
        } else if self.ctl.shared_open_pending() {
            #[cfg(not(target_arch = "wasm32"))]
            if let Some(session) = self.ctl.shared_open() {
                let others = session.other_writers();
                let project = &session.workspace().project_path;
                dialogs::shared_open_ui(ctx, project, &others, actions);
            }
        } else if let Some(err) = &self.open_error {
            match dialogs::open_error_ui(ctx, err) {
                Some(dialogs::OpenErrorAnswer::RestoreBackup) => {
                    if let Some(project) = err.project.clone() {
                        actions.push(Action::Open(OpenRequest::RestoreBackup(project)));
                    }
                    self.open_error = None;
                }
                Some(dialogs::OpenErrorAnswer::Close) => self.open_error = None,
                None => {}
            }
        } else if let Some(what) = self.ctl.asks_about_unsaved()
            && let Some(session) = self.ctl.session()
        {
            dialogs::unsaved_dialog_ui(ctx, what, session, actions);
        }
        if let Some(proposal) = &self.ui.proposal
            && let Some(session) = self.ctl.session()
            && dialogs::proposal_ui(ctx, session, proposal, actions)
        {
            self.ui.proposal = None;
        }
    }

    /// [`Self::frame_ui`], noting for the trace whether the frame's input
    /// changed something only the next frame shows, and whether highlights
    /// were drawn.
    pub(super) fn traced_frame_ui(&mut self, ui: &mut egui::Ui) {
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

    pub(super) fn apply_style(&self, ctx: &egui::Context) {
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
