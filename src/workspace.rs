//! A corpus and its project, opened together and kept in step.

use std::path::{Path, PathBuf};

use crate::corpus::{Corpus, CorpusError, Progress};
use crate::project::journal::{self, JournalState};
use crate::project::{
    self, AnchorReport, DEFAULT_PROJECT_FILE, Project, ProjectError, sync_with_corpus,
};

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    Project(#[from] ProjectError),
}

/// An opened corpus, its project, and where the project is saved.
#[derive(Debug)]
pub struct Workspace {
    pub corpus: Corpus,
    pub project: Project,
    pub project_path: PathBuf,
    /// What changed in the corpus since the project last saw it.
    pub report: AnchorReport,
    /// No project file existed yet at `project_path`.
    pub is_new: bool,
    /// The file's hash as loaded and what its edit journal holds: edits a
    /// crash kept out of the file, which the window replays. Nothing here
    /// has been applied to `project`.
    pub journal: JournalState,
}

/// How the project says its corpus is read: the dataset columns it chose.
pub fn read_options(project: &Project) -> crate::corpus::ReadOptions {
    crate::corpus::ReadOptions {
        columns: project.datasets().clone(),
    }
}

/// Whether files can be created in `dir` (probed by creating one).
pub fn dir_is_writable(dir: &Path) -> bool {
    tempfile::Builder::new()
        .prefix(".crosscheck-probe-")
        .tempfile_in(dir)
        .is_ok()
}

/// Where a corpus folder's project lives by default.
pub fn default_project_path(corpus_dir: &Path) -> PathBuf {
    corpus_dir.join(DEFAULT_PROJECT_FILE)
}

/// Drops the project file and its backup from the corpus's skipped files
/// when they sit inside it under a name the scan does not know as ours
/// (`*.ron` and `*.ron.bak` it already leaves out): they are crosscheck's
/// own files, not articles that failed to load.
fn forget_own_files(corpus: &mut Corpus, project_path: &Path) {
    let Ok(root) = corpus.root.canonicalize() else {
        return;
    };
    let id_of = |path: &Path| {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let full = parent.canonicalize().ok()?.join(path.file_name()?);
        let rel = full.strip_prefix(&root).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    };
    let own: Vec<String> = [
        project_path.to_path_buf(),
        project::backup_path(project_path),
    ]
    .iter()
    .chain(std::iter::once(&journal::journal_path(project_path)))
    .filter_map(|p| id_of(p))
    .collect();
    corpus.skipped.retain(|s| !own.contains(&s.path));
}

impl Workspace {
    /// Opens a corpus folder with the project at `project_path` (default
    /// `<corpus>/crosscheck.ron`), creating the project in memory when the
    /// file does not exist. `seed_from` names a project to start from when
    /// `project_path` does not exist yet (a read-only corpus's own project).
    pub fn open_folder(
        corpus_dir: &Path,
        project_path: Option<PathBuf>,
        seed_from: Option<&Path>,
        progress: &Progress,
    ) -> Result<Self, WorkspaceError> {
        let project_path = project_path.unwrap_or_else(|| default_project_path(corpus_dir));
        let (mut project, base, is_new) = if project_path.exists() {
            let (project, hash) = project::load_hashed(&project_path)?;
            (project, Some(hash), false)
        } else if let Some(seed) = seed_from.filter(|p| p.exists()) {
            (project::load(seed)?, None, true)
        } else {
            (Project::new("."), None, true)
        };
        let journal = journal::inspect_file(&project_path, base);
        project.set_corpus_reference(project::corpus_reference(&project_path, corpus_dir));
        let mut corpus = Corpus::open_with(corpus_dir, progress, &read_options(&project))?;
        forget_own_files(&mut corpus, &project_path);
        let report = sync_with_corpus(&mut project, &corpus);
        Ok(Self {
            corpus,
            project,
            project_path,
            report,
            is_new,
            journal,
        })
    }

    /// Opens an existing project file and the corpus it refers to.
    pub fn open_project(project_path: &Path, progress: &Progress) -> Result<Self, WorkspaceError> {
        let (mut project, hash) = project::load_hashed(project_path)?;
        let journal = journal::inspect_file(project_path, Some(hash));
        let corpus_dir = project::corpus_dir(project_path, &project);
        let mut corpus = Corpus::open_with(&corpus_dir, progress, &read_options(&project))?;
        forget_own_files(&mut corpus, project_path);
        let report = sync_with_corpus(&mut project, &corpus);
        Ok(Self {
            corpus,
            project,
            project_path: project_path.to_path_buf(),
            report,
            is_new: false,
            journal,
        })
    }

    /// Opens whatever `path` is: a project file, or a corpus folder.
    pub fn open_path(path: &Path, progress: &Progress) -> Result<Self, WorkspaceError> {
        if path.is_dir() {
            Self::open_folder(path, None, None, progress)
        } else {
            Self::open_project(path, progress)
        }
    }

    /// Saves the project atomically where it belongs.
    pub fn save(&self) -> Result<(), ProjectError> {
        project::save(&self.project, &self.project_path)
    }

    /// Points the project at a new file (Save as…), keeping the corpus
    /// reference valid from there, and saves it.
    pub fn save_as(&mut self, path: &Path) -> Result<(), ProjectError> {
        let mut moved = self.project.clone();
        moved.set_corpus_reference(project::corpus_reference(path, &self.corpus.root));
        project::save(&moved, path)?;
        self.project = moved;
        self.project_path = path.to_path_buf();
        Ok(())
    }
}
