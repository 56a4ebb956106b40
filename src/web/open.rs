//! Corpora the page opens: the bundled sample and folders the person
//! picked, read into memory as the desktop's scan would read them (the
//! same decoding, the same rules for what is a document), with the project
//! the browser keeps for them.

use std::path::{Path, PathBuf};

use crate::corpus::{self, Corpus, Document, SkipReason, Skipped};
use crate::project::{self, DEFAULT_PROJECT_FILE, Project, sync_with_corpus};
use crate::workspace::Workspace;

use super::picked::PickedFolder;
use super::store;

/// Virtual roots: nothing is a real path on the web, but the project is
/// still stored under "its" path, so paths name where work is kept.
pub const SAMPLE_ROOT: &str = "/browser/sample";
const FOLDER_ROOT: &str = "/browser/folders";

/// What was opened, for the bar that says where work is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Sample,
    /// A folder read from the person's computer into the browser; its name.
    Folder(String),
    /// A folder opened in place: the project is saved in it; its name.
    InPlace(String),
}

pub fn folder_root(name: &str) -> PathBuf {
    Path::new(FOLDER_ROOT).join(name)
}

/// The bundled sample, with the labels this browser kept for it.
pub fn sample() -> Result<Workspace, String> {
    let documents = crate::app::SAMPLE_FILES
        .iter()
        .filter_map(|(name, bytes)| {
            let kind = corpus::FileKind::of(Path::new(name))?;
            corpus::read_file(name, kind, bytes, &Default::default()).ok()
        })
        .flat_map(|file| file.documents)
        .collect();
    let root = PathBuf::from(SAMPLE_ROOT);
    workspace(Corpus::from_parts(root, documents, Vec::new()), None)
}

/// The folder the page showed before a reload, from the articles it kept.
pub fn reopen(root: &Path) -> Option<Result<(Workspace, Source), String>> {
    let name = root
        .strip_prefix(FOLDER_ROOT)
        .ok()?
        .to_string_lossy()
        .into_owned();
    let articles = store::articles(root)?;
    let documents = articles
        .into_iter()
        .map(|(id, text)| Document::new(id, text))
        .collect();
    let corpus = Corpus::from_parts(root.to_path_buf(), documents, Vec::new());
    Some(workspace(corpus, None).map(|ws| (ws, Source::Folder(name))))
}

/// A picked folder: its `.txt` and `.md` files are the documents; its own
/// `crosscheck.ron` starts the project unless this browser has newer work.
/// Returns the workspace and what to tell the person about storage.
pub fn folder(picked: PickedFolder) -> Result<(Workspace, Option<String>), String> {
    let root = folder_root(&picked.name);
    let (corpus, folder_project) = read(picked, root.clone())?;
    let articles: Vec<(String, String)> = corpus
        .documents
        .iter()
        .map(|d| (d.id.clone(), d.text.clone()))
        .collect();
    let ws = workspace(corpus, folder_project.as_deref())?;
    let notice = match store::save_articles(&root, &articles) {
        Ok(()) => None,
        Err(e) => Some(format!(
            "The articles are not kept in this browser ({e}): after a reload, open the folder again. Your labels are kept."
        )),
    };
    store::set_last_corpus(&root);
    Ok((ws, notice))
}

/// A folder opened in place: the documents as [`folder`] reads them, and
/// the project from the folder's own `crosscheck.ron`, as the desktop opens
/// it — unless the last save into the folder failed, when this browser's
/// copy is newer and is opened (and written to the folder) instead.
/// Returns the workspace, the folder's project text, and the restored
/// text to write back when there is one.
pub fn in_place(picked: PickedFolder) -> Result<InPlaceOpened, String> {
    let root = super::folder::root_of(&picked.name);
    let (corpus, on_disk) = read(picked, root.clone())?;
    let project_path = corpus.root.join(DEFAULT_PROJECT_FILE);
    let root_name = root.to_string_lossy().into_owned();
    let restored = store::get("behind", &root_name)
        .and_then(|_| store::project_text(&project_path))
        .filter(|copy| Some(copy) != on_disk.as_ref());
    let ws = workspace_with(corpus, restored.as_deref().or(on_disk.as_deref()))?;
    store::set_last_corpus(&root);
    Ok(InPlaceOpened {
        ws,
        on_disk,
        restored,
    })
}

pub struct InPlaceOpened {
    pub ws: Workspace,
    /// The folder's `crosscheck.ron` as read.
    pub on_disk: Option<String>,
    /// This browser's newer copy, opened instead of the folder's file.
    pub restored: Option<String>,
}

/// The corpus of a folder read by the page, and its own project file.
fn read(picked: PickedFolder, root: PathBuf) -> Result<(Corpus, Option<String>), String> {
    let mut documents = Vec::new();
    let mut skipped = picked.skipped;
    let mut folder_project = None;
    // Dataset files are read with the columns the project chose: this
    // browser's copy of it, else the folder's.
    let options = {
        let own = picked
            .files
            .iter()
            .find(|(path, _)| path == DEFAULT_PROJECT_FILE)
            .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok().map(str::to_owned));
        store::project_text(&root.join(DEFAULT_PROJECT_FILE))
            .or(own)
            .and_then(|text| project::from_ron(&text, Path::new(DEFAULT_PROJECT_FILE)).ok())
            .map(|p| crate::workspace::read_options(&p))
            .unwrap_or_default()
    };
    let mut datasets = std::collections::BTreeMap::new();
    for (path, bytes) in picked.files {
        // Hidden files and folders are not read, as on the desktop.
        if path.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let file_name = path.rsplit('/').next().unwrap_or(&path);
        if corpus::is_project_file_name(file_name) {
            if path == DEFAULT_PROJECT_FILE {
                folder_project = Some(String::from_utf8(bytes).map_err(|_| {
                    format!("{DEFAULT_PROJECT_FILE} in the folder is not UTF-8 text")
                })?);
            }
            continue;
        }
        let Some(kind) = corpus::FileKind::of(Path::new(&path)) else {
            skipped.push(Skipped {
                path,
                reason: SkipReason::NotText,
            });
            continue;
        };
        let dataset = match corpus::read_file(&path, kind, &bytes, &options) {
            Ok(file) => {
                documents.extend(file.documents);
                skipped.extend(file.skipped);
                file.dataset
            }
            Err(s) => {
                skipped.push(Skipped {
                    path: path.clone(),
                    reason: s.reason,
                });
                s.dataset.map(|d| *d)
            }
        };
        if let Some(info) = dataset {
            datasets.insert(path, info);
        }
    }
    let mut corpus = Corpus::from_parts(root, documents, skipped);
    corpus.datasets = datasets;
    Ok((corpus, folder_project))
}

/// A project file picked by the person, over the corpus that is open
/// (a project handed out, or one downloaded earlier from this page).
pub fn project_over(current: &Workspace, name: &str, text: &str) -> Result<Workspace, String> {
    let mut project = project::from_ron(text, Path::new(name)).map_err(|e| e.to_string())?;
    project.set_corpus_reference(".".into());
    let mut corpus = current.corpus.clone();
    corpus.skipped.clear();
    let report = sync_with_corpus(&mut project, &corpus);
    Ok(Workspace {
        corpus,
        project,
        project_path: current.project_path.clone(),
        report,
        is_new: false,
        journal: Default::default(),
    })
}

/// The corpus with the project this browser keeps for it, else
/// `fallback` (the folder's own project), else a new one.
fn workspace(corpus: Corpus, fallback: Option<&str>) -> Result<Workspace, String> {
    let stored = store::project_text(&corpus.root.join(DEFAULT_PROJECT_FILE));
    workspace_with(corpus, stored.as_deref().or(fallback))
}

/// The corpus with the project `text` (a new project when `None`).
fn workspace_with(corpus: Corpus, text: Option<&str>) -> Result<Workspace, String> {
    let project_path = corpus.root.join(DEFAULT_PROJECT_FILE);
    let (mut project, is_new) = match text {
        Some(text) => (
            project::from_ron(text, &project_path).map_err(|e| e.to_string())?,
            false,
        ),
        None => (Project::new("."), true),
    };
    project.set_corpus_reference(".".into());
    let report = sync_with_corpus(&mut project, &corpus);
    Ok(Workspace {
        corpus,
        project,
        project_path,
        report,
        is_new,
        journal: Default::default(),
    })
}
