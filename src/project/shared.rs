//! One project, many writers: a second window, a classroom's shared
//! folder, a pipeline importing while the window is open.
//!
//! Every writer remembers the file as it last loaded or wrote it (a
//! [`Snapshot`]: its hash and its content). A save ([`save_checked`]) first
//! looks whether the file is still that one; when another writer replaced
//! it, or another window's journal holds edits the file lacks, the save
//! merges by claim id (the merge driver's rules, `merge.rs`, with the
//! snapshot as the common ancestor) and writes the merge, never its own
//! state over theirs. Check and write happen under one folder lock
//! (`lock.rs`), so two saves cannot interleave.
//!
//! [`load_recovered`] reads a project as the window would recover it: the
//! file, then every journal's edits it lacks, applied in memory only.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::ProjectError;
use super::file::{commit, load_hashed, write_pending};
use super::journal::{self, FileHash, FileStore, Found, JournalHandle};
use super::lock::{self, DirLock};
use super::model::Project;

/// What a file's metadata says about which file it is: equal before and
/// after means nobody replaced or rewrote it (so the save need not read it
/// again to hash it).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Identity {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
}

fn identity(path: &Path) -> Option<Identity> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Identity {
        len: meta.len(),
        modified: meta.modified().ok(),
        #[cfg(unix)]
        inode: {
            use std::os::unix::fs::MetadataExt as _;
            (meta.dev(), meta.ino())
        },
    })
}

/// The project file as this writer last loaded or wrote it.
#[derive(Clone, Debug)]
pub struct Snapshot {
    hash: Option<FileHash>,
    /// The common ancestor of the next merge: what this writer started
    /// from.
    project: Arc<Project>,
    /// The file's own content where it differs from `project` (a command
    /// that started from the file plus journal edits).
    file: Option<Arc<Project>>,
    /// Known only where this writer itself wrote the file under the folder
    /// lock: a file loaded may have been replaced between the read and now.
    identity: Option<Identity>,
}

impl Snapshot {
    /// The file whose bytes hash to `hash` (`None`: there was no file) and
    /// which reads as `project`.
    pub fn loaded(hash: Option<FileHash>, project: Arc<Project>) -> Self {
        Self {
            hash,
            project,
            file: None,
            identity: None,
        }
    }

    pub fn hash(&self) -> Option<&FileHash> {
        self.hash.as_ref()
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn project_arc(&self) -> Arc<Project> {
        self.project.clone()
    }
}

/// What a save merged in from other writers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Claims another writer added, changed, removed.
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    /// Claims flagged because both sides changed them.
    pub flagged: usize,
    /// Labels another writer added or changed or removed.
    pub labels: usize,
    pub guidelines: bool,
    /// Edits taken from other windows' journals.
    pub journal_edits: usize,
    pub notes: Vec<String>,
}

impl MergeReport {
    /// "merged 3 claims added by another writer; …".
    pub fn describe(&self) -> String {
        let claims = |n: usize| format!("{n} {}", if n == 1 { "claim" } else { "claims" });
        let mut parts = Vec::new();
        let mut what = Vec::new();
        if self.added > 0 {
            what.push(format!("{} added", claims(self.added)));
        }
        if self.changed > 0 {
            what.push(format!("{} changed", claims(self.changed)));
        }
        if self.removed > 0 {
            what.push(format!("{} removed", claims(self.removed)));
        }
        if !what.is_empty() {
            parts.push(format!("merged {} by another writer", what.join(", ")));
        }
        if self.labels > 0 {
            parts.push(format!(
                "merged {} by another writer",
                if self.labels == 1 {
                    "1 label change".to_owned()
                } else {
                    format!("{} label changes", self.labels)
                }
            ));
        }
        if self.guidelines {
            parts.push("merged the guidelines changed by another writer".into());
        }
        if self.journal_edits > 0 {
            parts.push(format!(
                "took in {} from another window's journal",
                if self.journal_edits == 1 {
                    "1 unsaved edit".to_owned()
                } else {
                    format!("{} unsaved edits", self.journal_edits)
                }
            ));
        }
        if self.flagged > 0 {
            parts.push(format!(
                "{} changed on both sides {} flagged for review",
                claims(self.flagged),
                if self.flagged == 1 { "is" } else { "are" }
            ));
        }
        parts.extend(self.notes.iter().cloned());
        if parts.is_empty() {
            "another writer saved the project; nothing of theirs differed".into()
        } else {
            parts.join("; ")
        }
    }
}

/// A save done.
#[derive(Debug)]
pub struct Saved {
    /// The file now on disk: the next save's ancestor.
    pub snapshot: Snapshot,
    /// Set when the save merged others' work in: `snapshot`'s project is
    /// then the merge, which the writer takes as its new state.
    pub merged: Option<MergeReport>,
    /// With `merged`: the project as this writer handed it to the save,
    /// the ancestor for folding the merge into edits made meanwhile.
    pub ours: Option<Project>,
}

/// The writer's own journal, folded by the save.
pub struct OwnJournal<'a> {
    pub handle: &'a JournalHandle,
    /// Every edit up to this seq is in the project being saved.
    pub upto: u64,
    /// Where it is, so that the save does not take it for another's.
    pub path: PathBuf,
}

/// What the file on disk is now, compared with the snapshot.
enum Current {
    /// Still the snapshot's file.
    Same,
    /// Replaced (or gone: `None`).
    Changed(Option<Box<(Project, FileHash)>>),
}

fn current(path: &Path, base: &Snapshot) -> Result<(Current, Option<FileHash>), ProjectError> {
    if base.identity.is_some() && identity(path) == base.identity {
        return Ok((Current::Same, base.hash.clone()));
    }
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(match base.hash {
            None => (Current::Same, None),
            Some(_) => (Current::Changed(None), None),
        });
    }
    crate::atomic::check_regular(path).map_err(|e| match e {
        crate::atomic::WriteError::NotRegular { path, kind } => {
            ProjectError::NotAFile { path, kind }
        }
        crate::atomic::WriteError::Io(source) => ProjectError::Read {
            path: path.to_path_buf(),
            source,
        },
    })?;
    let bytes = crate::input::read(path, crate::input::MAX_INPUT_BYTES).map_err(|source| {
        ProjectError::Read {
            path: path.to_path_buf(),
            source,
        }
    })?;
    let hash = FileHash::of(&bytes);
    drop(bytes);
    if base.hash.as_ref() == Some(&hash) {
        return Ok((Current::Same, Some(hash)));
    }
    let (project, hash) = load_hashed(path)?;
    Ok((
        Current::Changed(Some(Box::new((project, hash.clone())))),
        Some(hash),
    ))
}

/// A journal of another writer with edits the current file lacks.
struct OtherPending {
    path: PathBuf,
    pending: journal::Pending,
}

fn other_pending(path: &Path, own: Option<&Path>, hash: Option<&FileHash>) -> Vec<OtherPending> {
    journal::all_journal_paths(path)
        .into_iter()
        .filter(|p| Some(p.as_path()) != own)
        .filter_map(|p| {
            let state = journal::inspect(&FileStore::at(p.clone(), path), hash.cloned());
            match state.found {
                Found::Pending(pending) if !pending.entries.is_empty() => {
                    Some(OtherPending { path: p, pending })
                }
                _ => None,
            }
        })
        .collect()
}

/// Saves `project` at `path` unless another writer changed the file since
/// `base`; then merges their work in first and writes the merge. Folds the
/// writer's own journal (`own`) as `journal::save_folding` does, and marks
/// other windows' journal edits it took in as folded into the new file.
/// `moved`: Save as… to a new place, written as it is.
pub fn save_checked(
    project: Project,
    path: &Path,
    base: &Snapshot,
    own: Option<OwnJournal<'_>>,
    moved: bool,
) -> Result<Saved, ProjectError> {
    let _guard = DirLock::acquire(&journal::journal_path(path));
    let own_path = own.as_ref().map(|o| o.path.clone());
    let (written, merged, ours, others) = if moved {
        (project, None, None, Vec::new())
    } else {
        let (now, hash) = current(path, base)?;
        let others = other_pending(path, own_path.as_deref(), hash.as_ref());
        match now {
            Current::Same if others.is_empty() => (project, None, None, others),
            now => {
                let mut theirs = match now {
                    Current::Changed(Some(changed)) => changed.0,
                    Current::Same => (**base.file.as_ref().unwrap_or(&base.project)).clone(),
                    Current::Changed(None) => (*base.project).clone(),
                };
                let mut report = MergeReport::default();
                for other in &others {
                    let replayed = journal::replay(&mut theirs, &other.pending);
                    report.journal_edits += replayed.applied.len();
                    if let Some((seq, err)) = replayed.failed.first() {
                        report.notes.push(format!(
                            "{} from {} could not be applied (edit {seq}: {err}) and stay in it",
                            replayed.failed.len(),
                            other.pending.journal
                        ));
                    }
                }
                count_changes(&base.project, &theirs, &mut report);
                let (merged, summary) = super::merge(Some(&base.project), &project, &theirs);
                report.flagged = summary.flagged;
                report.notes.extend(summary.notes);
                (merged, Some(report), Some(project), others)
            }
        }
    };
    let pending = write_pending(&written, path)?;
    let hash = pending.hash().clone();
    if let Some(own) = &own
        && !moved
    {
        let _ = own.handle.mark_fold(own.upto, &hash);
    }
    for other in &others {
        if let Some(last) = other.pending.entries.last() {
            // Failing here only means the edits are offered again later:
            // applied twice they would fail as duplicates, never be lost.
            let _ = journal::append_fold(&other.path, last.seq, &hash);
        }
    }
    commit(pending)?;
    if let Some(own) = &own {
        let moved = moved.then(|| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                Box::new(FileStore::for_project(path)) as Box<dyn journal::JournalStore>,
                name,
            )
        });
        let _ = own.handle.folded(own.upto, hash.clone(), moved);
    }
    remove_finished_journals(path, own_path.as_deref(), &hash);
    let snapshot = Snapshot {
        hash: Some(hash),
        project: Arc::new(written),
        file: None,
        identity: identity(path),
    };
    Ok(Saved {
        snapshot,
        merged,
        ours,
    })
}

/// A second window's journal whose window is gone and whose edits are all
/// in the file now has nothing left to give: it goes. (The first window's
/// journal stays: a window of an older crosscheck, which writes no lock
/// entry, may still be appending to it.)
fn remove_finished_journals(path: &Path, own: Option<&Path>, hash: &FileHash) {
    let primary = journal::journal_path(path);
    let live: Vec<String> = lock::live_writers(path)
        .into_iter()
        .map(|w| w.journal)
        .collect();
    for p in journal::all_journal_paths(path) {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
        if p == primary || Some(p.as_path()) == own || name.is_none_or(|n| live.contains(&n)) {
            continue;
        }
        let state = journal::inspect(&FileStore::at(p.clone(), path), Some(hash.clone()));
        if let Found::Pending(pending) = &state.found
            && pending.entries.is_empty()
            && pending.damaged.is_none()
        {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// What another writer did, `base` to `theirs`, for the report.
fn count_changes(base: &Project, theirs: &Project, report: &mut MergeReport) {
    for claim in theirs.claims.iter() {
        match base.claims.get(&claim.id) {
            None => report.added += 1,
            Some(old) if old != claim => report.changed += 1,
            Some(_) => {}
        }
    }
    report.removed = base
        .claims
        .iter()
        .filter(|c| !theirs.claims.contains(&c.id))
        .count();
    let differs = |id: &str| {
        base.labels.iter().find(|l| l.id == id) != theirs.labels.iter().find(|l| l.id == id)
    };
    let mut ids: Vec<&str> = base
        .labels
        .iter()
        .chain(&theirs.labels)
        .map(|l| l.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    report.labels = ids.into_iter().filter(|id| differs(id)).count();
    report.guidelines = base.guidelines != theirs.guidelines;
}

/// A project read as the window would recover it.
#[derive(Debug)]
pub struct Recovered {
    /// The file with every journal's pending edits applied.
    pub project: Project,
    /// The ancestor of a later [`save_checked`]: `project` as read (the
    /// file plus the journals' edits), and the file alone.
    pub snapshot: Snapshot,
    /// There is a project file (otherwise only journals, or nothing).
    pub file_exists: bool,
    /// Journals found beside the project that hold edits for it.
    pub journals: usize,
    /// Edits applied from them.
    pub applied: usize,
    /// What a person should know: damage, gaps, journals not applied.
    pub notes: Vec<String>,
}

impl Recovered {
    /// Neither a file nor a journal with anything in it: no project.
    pub fn is_nothing(&self) -> bool {
        !self.file_exists && self.journals == 0
    }
}

/// What [`apply_journals`] did.
#[derive(Debug, Default)]
pub struct JournalsApplied {
    /// Journals that held edits for the file.
    pub journals: usize,
    pub applied: usize,
    pub notes: Vec<String>,
}

impl JournalsApplied {
    /// A line for the command line, when there was anything.
    pub fn describe(&self) -> Option<String> {
        (self.applied > 0).then(|| {
            format!(
                "read with {} from the window's edit journal applied, as the window \
                 would recover {} (nothing written)",
                if self.applied == 1 {
                    "1 unsaved edit".to_owned()
                } else {
                    format!("{} unsaved edits", self.applied)
                },
                if self.applied == 1 { "it" } else { "them" }
            )
        })
    }
}

/// Applies to `project`, in memory, every journal's edits that the file at
/// `path` (whose hash is `hash`, `None`: no file) lacks.
pub fn apply_journals(
    project: &mut Project,
    path: &Path,
    hash: Option<&FileHash>,
) -> JournalsApplied {
    let mut out = JournalsApplied::default();
    for p in journal::all_journal_paths(path) {
        let state = journal::inspect(&FileStore::at(p.clone(), path), hash.cloned());
        match state.found {
            Found::Nothing => {}
            Found::Pending(pending) => {
                let replayed = journal::replay(project, &pending);
                if !pending.entries.is_empty() || pending.damaged.is_some() {
                    out.journals += 1;
                }
                out.applied += replayed.applied.len();
                if let Some(damage) = &pending.damaged {
                    out.notes.push(format!(
                        "the journal {} is damaged at line {} ({}): its edits from there on \
                         were not applied",
                        pending.journal, damage.line, damage.message
                    ));
                }
                if let Some((seq, err)) = replayed.failed.first() {
                    out.notes.push(format!(
                        "{} edits in {} could not be applied (edit {seq}: {err})",
                        replayed.failed.len(),
                        pending.journal
                    ));
                }
            }
            Found::Foreign { journal, reason } => out.notes.push(format!(
                "the journal {journal} does not belong to this project file ({reason}); \
                 it was not applied"
            )),
        }
    }
    out
}

/// Applies the journals to a project read from the file at `path` (hash
/// `hash`) and gives the snapshot a later [`save_checked`] starts from.
pub fn recover_in_memory(
    project: &mut Project,
    path: &Path,
    hash: Option<FileHash>,
) -> (Snapshot, JournalsApplied) {
    let file = project.clone();
    let applied = apply_journals(project, path, hash.as_ref());
    let snapshot = if applied.applied == 0 {
        Snapshot::loaded(hash, Arc::new(file))
    } else {
        Snapshot {
            hash,
            project: Arc::new(project.clone()),
            file: Some(Arc::new(file)),
            identity: None,
        }
    };
    (snapshot, applied)
}

/// Reads the project at `path` with every journal's edits it lacks applied
/// in memory. Writes nothing. Without a file, the project starts empty
/// (`Project::new(".")`) and the journals that extend "no file" apply.
pub fn load_recovered(path: &Path) -> Result<Recovered, ProjectError> {
    let (mut project, hash) = if std::fs::symlink_metadata(path).is_ok() {
        let (project, hash) = load_hashed(path)?;
        (project, Some(hash))
    } else {
        (Project::new("."), None)
    };
    let file_exists = hash.is_some();
    let (snapshot, applied) = recover_in_memory(&mut project, path, hash);
    Ok(Recovered {
        project,
        snapshot,
        file_exists,
        journals: applied.journals,
        applied: applied.applied,
        notes: applied.notes,
    })
}

/// Changes the project at `path` as a command-line tool does: reads it as
/// the window would recover it, lets `change` work on it, then saves with
/// [`save_checked`], so that a window's saved or journaled work and this
/// change both end in the file. `change` returning an error writes nothing.
pub fn update<T, E: From<ProjectError>>(
    path: &Path,
    change: impl FnOnce(&mut Recovered) -> Result<T, E>,
) -> Result<(T, Saved), E> {
    let mut recovered = load_recovered(path)?;
    let out = change(&mut recovered)?;
    let Recovered {
        project, snapshot, ..
    } = recovered;
    let saved = save_checked(project, path, &snapshot, None, false)?;
    Ok((out, saved))
}
