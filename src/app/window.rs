//! The window's state: the session (behind the controller), what the
//! window shows, the settings and the questions open. Drawn by `frame.rs`,
//! changed by the controller.

use std::path::PathBuf;

use super::controller::Controller;
use super::dialogs::NamePrompt;
use super::file_picker::FileDialogs;
use super::open::OpenError;
use super::settings::{AppPaths, Settings};
use super::state::UiState;
use super::{action::OpenRequest, trace};
use crate::session::Session;

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
    pub name_prompt: Option<NamePrompt>,
    /// `CROSSCHECK_TRACE=FILE`: a JSON line per frame (see [`trace`]).
    pub trace: trace::Trace,
}

impl CrosscheckApp {
    pub fn session(&self) -> Option<&Session> {
        self.ctl.session()
    }

    /// A corpus or project is being read.
    pub fn is_loading(&self) -> bool {
        self.ctl.loading.is_some()
    }

    pub(super) fn doc_count(&self) -> usize {
        self.session().map_or(0, |s| s.workspace().corpus.len())
    }

    /// Nothing open yet; asks for the annotator's name if it is not known.
    pub(super) fn idle(paths: AppPaths, settings: Settings, dialogs: Box<dyn FileDialogs>) -> Self {
        let name_prompt = settings
            .annotator
            .trim()
            .is_empty()
            .then(NamePrompt::default);
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

    pub(super) fn remember_settings(&mut self) {
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
