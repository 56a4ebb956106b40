//! Opening corpora and projects on a worker thread, and what happens when
//! that fails.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::action::OpenRequest;
use super::jobs::{Job, Waker};
use super::sample;
use crate::corpus::Progress;
use crate::project;
use crate::session::Session;
use crate::workspace::{self, Workspace, WorkspaceError};

/// A failed open, as the dialog shows it.
#[derive(Clone, Debug)]
pub struct OpenError {
    pub message: String,
    /// The project file that failed to load, when it was one.
    pub project: Option<PathBuf>,
    /// Its backup, when one exists.
    pub backup: Option<PathBuf>,
}

/// A session built on the worker, ready for the window.
pub struct Opened {
    pub(in crate::app) session: Session,
    remember: Option<PathBuf>,
    has_detached: bool,
}

impl Opened {
    pub(in crate::app) fn new(
        ws: Workspace,
        notice: Option<String>,
        remember: Option<PathBuf>,
        annotator: &str,
    ) -> Self {
        let report = (!ws.report.is_clean() || !ws.report.changed_docs.is_empty())
            .then(|| format!("Since the last session: {}", ws.report.summary()));
        let has_detached = !ws.report.detached.is_empty();
        // Indexing every span takes a while at 100,000 claims: done here,
        // on the worker, not in the frame that installs it.
        let mut session = Session::new(ws, annotator);
        // What the journal recovered comes first: it is news after a crash.
        let notes: Vec<String> = [session.notice.take(), notice.or(report)]
            .into_iter()
            .flatten()
            .collect();
        session.notice = (!notes.is_empty()).then(|| notes.join(" · "));
        Self {
            session,
            remember,
            has_detached,
        }
    }

    /// (session, path to remember among recent projects, has detached spans).
    pub fn into_session(self) -> (Session, Option<PathBuf>, bool) {
        (self.session, self.remember, self.has_detached)
    }
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("remember", &self.remember)
            .finish()
    }
}

/// Where a corpus folder's project goes: in the folder when it is writable,
/// else in the data folder (named after the corpus path), started from the
/// folder's own project if it has one.
fn plan_folder(corpus: &Path, data_dir: &Path) -> (PathBuf, Option<PathBuf>, Option<String>) {
    project_location(corpus, data_dir, workspace::dir_is_writable(corpus))
}

/// (project path, project to start from, what to tell the person).
fn project_location(
    corpus: &Path,
    data_dir: &Path,
    writable: bool,
) -> (PathBuf, Option<PathBuf>, Option<String>) {
    let in_folder = workspace::default_project_path(corpus);
    if writable {
        return (in_folder, None, None);
    }
    let absolute = std::path::absolute(corpus).unwrap_or_else(|_| corpus.to_path_buf());
    let name = absolute
        .file_name()
        .map_or("corpus".into(), |n| n.to_string_lossy().into_owned());
    let tag = &crate::corpus::hash_text(&absolute.to_string_lossy())[..12];
    let path = data_dir
        .join("projects")
        .join(format!("{name}-{tag}"))
        .join(project::DEFAULT_PROJECT_FILE);
    let notice = format!(
        "This folder is read-only, so your labels are saved in {}",
        path.display()
    );
    (path, Some(in_folder), Some(notice))
}

fn open_blocking(
    request: OpenRequest,
    data_dir: &Path,
    annotator: &str,
    progress: &Progress,
) -> Result<Opened, OpenError> {
    let fail = |err: WorkspaceError, project: Option<PathBuf>| {
        let backup = project
            .as_ref()
            .map(|p| project::backup_path(p))
            .filter(|b| b.exists());
        let project = match &err {
            WorkspaceError::Project(_) => project,
            WorkspaceError::Corpus(_) => None,
        };
        OpenError {
            message: err.to_string(),
            backup: if project.is_some() { backup } else { None },
            project,
        }
    };
    match request {
        OpenRequest::Sample => {
            let dir = sample::unpack_sample(data_dir).map_err(|e| OpenError {
                message: format!(
                    "Cannot unpack the sample corpus into {}: {e}",
                    data_dir.display()
                ),
                project: None,
                backup: None,
            })?;
            let path = workspace::default_project_path(&dir);
            let ws = Workspace::open_folder(&dir, Some(path.clone()), None, progress)
                .map_err(|e| fail(e, Some(path)))?;
            Ok(Opened::new(ws, None, None, annotator))
        }
        OpenRequest::Path(path) if path.is_dir() => {
            let (project_path, seed, notice) = plan_folder(&path, data_dir);
            if seed.is_some()
                && let Some(parent) = project_path.parent()
            {
                // The read-only folder's project lives in the data folder,
                // which must exist before the first autosave.
                std::fs::create_dir_all(parent).map_err(|e| OpenError {
                    message: format!(
                        "This folder is read-only, and the folder for its project, {}, cannot be created: {e}",
                        parent.display()
                    ),
                    project: None,
                    backup: None,
                })?;
            }
            let ws = Workspace::open_folder(
                &path,
                Some(project_path.clone()),
                seed.as_deref(),
                progress,
            )
            .map_err(|e| fail(e, Some(project_path.clone())))?;
            Ok(Opened::new(ws, notice, Some(path), annotator))
        }
        OpenRequest::FolderWithProject { corpus, project } => {
            // Absolute, so the stored corpus reference is relative to the
            // file's real folder (a bare `ann.ron` has no parent to resolve).
            let project = std::path::absolute(&project).unwrap_or(project);
            let ws = Workspace::open_folder(&corpus, Some(project.clone()), None, progress)
                .map_err(|e| fail(e, Some(project.clone())))?;
            Ok(Opened::new(ws, None, Some(project), annotator))
        }
        OpenRequest::Path(path) => {
            let ws = Workspace::open_project(&path, progress)
                .map_err(|e| fail(e, Some(path.clone())))?;
            Ok(Opened::new(ws, None, Some(path), annotator))
        }
        OpenRequest::RestoreBackup(path) => {
            let kept = set_aside(&path).map_err(|e| OpenError {
                message: format!("Cannot set the damaged project aside: {e}"),
                project: None,
                backup: None,
            })?;
            std::fs::copy(project::backup_path(&path), &path).map_err(|e| OpenError {
                message: format!("Cannot restore the backup of {}: {e}", path.display()),
                project: None,
                backup: None,
            })?;
            let ws = Workspace::open_project(&path, progress)
                .map_err(|e| fail(e, Some(path.clone())))?;
            let notice = format!(
                "Restored from the backup. The damaged file was kept as {}",
                kept.display()
            );
            Ok(Opened::new(ws, Some(notice), Some(path), annotator))
        }
    }
}

/// Renames a damaged project out of the way (never deleting it) and returns
/// its new name.
fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
        .to_string()
        .replace(':', "-");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".damaged-{stamp}"));
    let target = path.with_file_name(name);
    std::fs::rename(path, &target)?;
    Ok(target)
}

/// A corpus or project being read on a worker.
pub struct Loading {
    pub what: String,
    pub progress: Arc<crate::corpus::Progress>,
    pub(in crate::app) job: Job<Result<Opened, OpenError>>,
}

/// Starts opening `request` on a worker thread.
pub(super) fn spawn_open(
    request: OpenRequest,
    data_dir: PathBuf,
    annotator: String,
    wake: Waker,
) -> Loading {
    let progress = Arc::new(Progress::default());
    let what = match &request {
        OpenRequest::Sample => "the sample corpus".to_string(),
        OpenRequest::Path(p) | OpenRequest::RestoreBackup(p) => p.display().to_string(),
        OpenRequest::FolderWithProject { project, .. } => project.display().to_string(),
    };
    let worker_progress = progress.clone();
    let job = Job::spawn(format!("opening {what}"), wake, move || {
        open_blocking(request, &data_dir, &annotator, &worker_progress)
    });
    Loading {
        what,
        progress,
        job,
    }
}

/// Draws the progress of a corpus being read; true when Cancel was clicked.
pub(super) fn loading_ui(loading: &Loading, ui: &mut egui::Ui) -> bool {
    let (read, found) = loading.progress.counts();
    ui.add_space(ui.available_height() / 3.0);
    ui.vertical_centered(|ui| {
        ui.heading(format!("Opening {}", loading.what));
        let fraction = if found == 0 {
            0.0
        } else {
            read as f32 / found as f32
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(360.0)
                .text(format!("{read} of {found} files read")),
        );
        ui.button("Cancel").clicked()
    })
    .inner
}

impl OpenError {
    pub fn plain(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            project: None,
            backup: None,
        }
    }

    /// Whether the error is a damaged or unreadable project file.
    pub fn is_project_error(&self) -> bool {
        self.project.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_corpus_keeps_its_project_in_the_data_folder() {
        let corpus = Path::new("/srv/articles");
        let data = Path::new("/home/u/.local/share/crosscheck");
        let (path, seed, notice) = project_location(corpus, data, false);
        assert!(path.starts_with(data.join("projects")), "{path:?}");
        assert!(
            path.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("articles-")
        );
        assert_eq!(
            seed,
            Some(corpus.join("crosscheck.ron")),
            "starts from the folder's own project"
        );
        assert!(notice.unwrap().contains("read-only"));
        // Another folder of the same name gets another project.
        let (other, _, _) = project_location(Path::new("/tmp/articles"), data, false);
        assert_ne!(path, other);
        let (writable, seed, notice) = project_location(corpus, data, true);
        assert_eq!(writable, corpus.join("crosscheck.ron"));
        assert!(seed.is_none() && notice.is_none());
    }
}
