//! What the controller holds: the session (its field private to the
//! controller, so nothing else can get `&mut Session`) and the work running
//! for it.

use crate::app::jobs::{Job, Waker};
use crate::app::open::{Loading, Opened};
use crate::export::ExportSummary;
use crate::project::Edit;
use crate::session::{SaveState, Session};

/// What to do once the current project is saved.
pub enum AfterSave {
    Close,
    Install(Box<Opened>),
}

/// What a study job (planning, reading progress, gathering) hands back.
pub(in crate::app) enum StudyDone {
    Planned(Result<crate::study::Outcome, String>),
    Progress(Result<crate::study::Report, String>),
    Gathered(Result<String, String>),
}

/// Owns the session and the work running for it.
pub struct Controller {
    pub(super) session: Option<Session>,
    pub(in crate::app) loading: Option<Loading>,
    /// Waits for the current project to be saved (Quit, Open).
    pub(super) pending: Option<AfterSave>,
    pub(super) export_job: Option<Job<Result<ExportSummary, String>>>,
    pub(super) import_job: Option<Job<ImportResult>>,
    /// Articles being fetched or copied in (File › Add articles…).
    pub(super) add_job: Option<Job<AddDone>>,
    /// What survives the reopening that follows an add.
    pub(super) after_add: Option<AfterAdd>,
    /// Student files being graded.
    pub(super) grade_job: Option<Job<Vec<crate::grading::runs::Graded>>>,
    /// Feedback files or a handout being written: what to say when done.
    pub(super) write_job: Option<Job<Result<String, String>>>,
    /// Time on task of the document shown (docs/study.md).
    pub(super) active: crate::session::ActiveClock,
    /// Input reached the window since the last frame (keys are taken
    /// before the frame sees them, so this is set where they are).
    pub(in crate::app) had_input: bool,
    /// A study being planned, read or gathered.
    pub(super) study_job: Option<Job<StudyDone>>,
    /// Files being read and compared (File › Compare with…).
    pub(super) compare_job: Option<Job<Result<crate::app::windows::CompareState, String>>>,
    /// Another project's label scheme being read (File › Use labels from…).
    pub(super) scheme_job: Option<Job<SchemeResult>>,
    /// The person chose to close (saved, or discarded): let the window go.
    pub(in crate::app) allow_close: bool,
    /// The person chose to throw the unsaved work away.
    pub(super) discarded: bool,
    /// Open the label editor when the project being opened is installed (a
    /// new project file: its scheme is chosen first).
    pub(super) labels_after_install: bool,
    pub(super) waker: Option<Waker>,
    /// A project open in another window, read and waiting for the person
    /// to say how to open it here (`dialogs/shared_open.rs`).
    #[cfg(not(target_arch = "wasm32"))]
    pub(in crate::app) shared_open: Option<Box<Opened>>,
}

/// The corpus ids of what was added, in order.
pub(super) type AddDone = Vec<String>;

/// Carried across the reopening that follows an add: the Add window as it
/// was, the article to show, and the project to reopen once it is saved.
pub(in crate::app) struct AfterAdd {
    pub window: crate::app::windows::AddWindow,
    pub show: Option<String>,
    pub reopen: Option<std::path::PathBuf>,
}

pub(super) type ImportResult = Result<(Edit, String), String>;

/// Another project's labels and guidelines, or why they could not be read.
pub(super) type SchemeResult = Result<(Vec<crate::project::Label>, String), String>;

impl Controller {
    pub fn new() -> Self {
        Self {
            session: None,
            loading: None,
            pending: None,
            export_job: None,
            import_job: None,
            add_job: None,
            after_add: None,
            scheme_job: None,
            compare_job: None,
            grade_job: None,
            write_job: None,
            study_job: None,
            active: Default::default(),
            had_input: false,
            allow_close: false,
            discarded: false,
            labels_after_install: false,
            waker: None,
            #[cfg(not(target_arch = "wasm32"))]
            shared_open: None,
        }
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The open-elsewhere question is up.
    pub fn shared_open_pending(&self) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        return self.shared_open.is_some();
        #[cfg(target_arch = "wasm32")]
        return false;
    }

    /// The project waiting for the open-elsewhere question, if one is.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn shared_open(&self) -> Option<&Session> {
        self.shared_open.as_ref().map(|o| &o.session)
    }

    /// Something runs in the background the window should mention.
    pub fn busy(&self) -> Option<&str> {
        if let Some(job) = &self.export_job {
            return Some(&job.what);
        }
        if let Some(job) = &self.import_job {
            return Some(&job.what);
        }
        if let Some(job) = &self.add_job {
            return Some(&job.what);
        }
        if let Some(job) = &self.compare_job {
            return Some(&job.what);
        }
        if let Some(job) = &self.study_job {
            return Some(&job.what);
        }
        if let Some(job) = &self.grade_job {
            return Some(&job.what);
        }
        if let Some(job) = &self.write_job {
            return Some(&job.what);
        }
        None
    }

    /// Unsaved work cannot be written and something waits on it: the
    /// window asks what to do.
    pub fn asks_about_unsaved(&self) -> Option<&str> {
        let pending = self.pending.as_ref()?;
        let session = self.session.as_ref()?;
        match session.save_state() {
            SaveState::Failed(_) if !session.is_saving() => Some(match pending {
                AfterSave::Close => "close the window",
                AfterSave::Install(_) => "open another project",
            }),
            _ => None,
        }
    }

    /// The window may close now: nothing unsaved, or the person said so.
    pub fn allow_close(&self) -> bool {
        self.allow_close
    }

    pub fn waiting_to_close(&self) -> bool {
        matches!(self.pending, Some(AfterSave::Close))
    }

    pub(in crate::app) fn waker(&mut self, ctx: &egui::Context) -> Waker {
        self.waker
            .get_or_insert_with(|| crate::app::jobs::waker(ctx))
            .clone()
    }

    /// Installs a session at once (benchmarks, embedding).
    pub(in crate::app) fn install_now(&mut self, session: Session) {
        self.session = Some(session);
    }

    /// The last resort when the window goes away: save on this thread.
    pub(in crate::app) fn save_on_exit(&mut self) -> Result<(), String> {
        if self.discarded {
            return Ok(());
        }
        match &mut self.session {
            Some(session) => session.save_blocking(),
            None => Ok(()),
        }
    }

    /// Waits for saves and background jobs (tests).
    pub fn wait_for_jobs(&mut self) {
        if let Some(session) = &mut self.session {
            session.wait_for_save();
        }
    }
}

impl Default for Controller {
    fn default() -> Self {
        Self::new()
    }
}
