//! The edit journal: every edit on disk within milliseconds of the key
//! press, at a cost that does not grow with the project.
//!
//! A save rewrites the whole RON file (125 MB at 100,000 claims), so it
//! cannot run per key press. Instead each [`Edit`] is appended, as one line
//! of JSON, to `NAME.ron.journal` beside the project file and flushed to
//! disk (`fdatasync`). The ordinary atomic save folds the journal into the
//! project file; opening a project replays a journal a crash left behind.
//! The journal is transient: the RON file stays the one file people read,
//! diff, merge and mail.
//!
//! The file is JSON Lines:
//!
//! ```text
//! {"line":"header","crosscheck_journal":1,"project":"crosscheck.ron","base":"<sha256 hex>"}
//! {"line":"edit","seq":1,"step":"do","edit":{"AddClaim":{…}}}
//! {"line":"folded","upto":1,"into":"<sha256 hex>"}
//! ```
//!
//! `base` is the SHA-256 of the project file's bytes the edits apply to
//! (`null`: no file yet). A save of the edits up to `seq` V goes:
//!
//! 1. the new RON file is written to a temporary file and fsync'd; its hash
//!    H' is known (`PendingSave::hash`);
//! 2. `folded upto V into H'` is appended to the journal and fsync'd;
//! 3. the temporary file is renamed over the project file;
//! 4. the journal is replaced (atomically) by a header naming H' and the
//!    edits after V, or removed when there are none.
//!
//! Opening picks where to start by the hash F of the project file: the last
//! `folded` line into F (edits after its `upto`), else a header whose base
//! is F (every edit). A crash at any step leaves a file and a journal that
//! agree on which edits are in the file, so none is lost or applied twice.
//! A journal matching neither belongs to another version of the file: it
//! is kept aside, never applied. A last line without its newline (a crash
//! in the middle of an append) is ignored.

#[cfg_attr(target_arch = "wasm32", allow(unused_imports))]
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use super::edit::{Edit, EditError};
pub use super::file_hash::{FileHash, HashingWriter};
use super::model::Project;

/// The journal format this crosscheck writes and reads.
pub const JOURNAL_FORMAT: u32 = 1;

/// Appended to the project file's name: `crosscheck.ron.journal`.
pub const JOURNAL_SUFFIX: &str = ".journal";

/// How an edit entered the history, so that undo and redo can be rebuilt
/// after a replay exactly as they were.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// A new undo step.
    Do,
    /// Part of the previous undo step (typing a note).
    Continue,
    /// Undid the last undo step.
    Undo,
    /// Redid the last undone step.
    Redo,
}

/// One edit as journaled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Increasing within a journal, and across the journals of one session.
    pub seq: u64,
    pub step: Step,
    pub edit: Edit,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub crosscheck_journal: u32,
    /// The project file's name, for a person reading the journal.
    pub project: String,
    /// The hash of the project file the edits apply to; `None`: no file.
    pub base: Option<FileHash>,
}

#[derive(Deserialize)]
#[serde(tag = "line", rename_all = "snake_case")]
enum Line {
    Header(Header),
    Edit(Box<Entry>),
    Folded { upto: u64, into: FileHash },
}

#[derive(Serialize)]
#[serde(tag = "line", rename_all = "snake_case")]
enum LineOut<'a> {
    Header(&'a Header),
    Edit(&'a Entry),
    Folded { upto: u64, into: &'a FileHash },
}

fn line_text(line: &LineOut<'_>) -> Result<String, JournalError> {
    let mut text =
        serde_json::to_string(line).map_err(|e| JournalError::Serialize(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot read the journal {path}: {source}")]
    Read { path: String, source: io::Error },
    #[error("cannot write the journal {path}: {source}")]
    Write { path: String, source: io::Error },
    #[error("{path} is not a crosscheck journal (line 1: {message})")]
    NoHeader { path: String, message: String },
    #[error(
        "the journal {path} was written by a newer crosscheck (journal format {found}; this one reads up to {supported})"
    )]
    TooNew {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error("cannot write an edit to the journal: {0}")]
    Serialize(String),
}

/// A line that cannot be read, with more after it: the journal is damaged
/// there, and nothing from it on is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damage {
    /// 1-based.
    pub line: usize,
    pub message: String,
}

/// A journal as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub header: Header,
    pub entries: Vec<Entry>,
    /// (`upto`, `into`) of every `folded` line, in order.
    pub folds: Vec<(u64, FileHash)>,
    /// The last line was cut short (a crash in the middle of an append)
    /// and was ignored.
    pub torn: bool,
    pub damaged: Option<Damage>,
}

impl Parsed {
    /// The `seq` after which the edits are not yet in the project file whose
    /// hash is `current` (`None`: no file); `None` when the journal does not
    /// extend that file.
    pub fn replay_after(&self, current: Option<&FileHash>) -> Option<u64> {
        if let Some(current) = current
            && let Some((upto, _)) = self.folds.iter().rev().find(|(_, into)| into == current)
        {
            return Some(*upto);
        }
        (self.header.base.as_ref() == current).then_some(0)
    }
}

/// Reads a journal's bytes. Only a missing or unreadable header is an
/// error; a torn last line is ignored and a damaged line ends what is used.
pub fn parse(bytes: &[u8], name: &str) -> Result<Parsed, JournalError> {
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    // What follows the last newline never finished being appended.
    let mut torn = lines.pop().is_some_and(|rest| !is_blank(rest));
    let numbered: Vec<(usize, &[u8])> = lines
        .into_iter()
        .enumerate()
        .filter(|(_, l)| !is_blank(l))
        .map(|(i, l)| (i + 1, l))
        .collect();
    let Some(((_, first), rest)) = numbered.split_first() else {
        return Err(JournalError::NoHeader {
            path: name.to_owned(),
            message: "the file is empty".into(),
        });
    };
    let header = match read_line(first) {
        Ok(Line::Header(header)) => header,
        Ok(_) => {
            return Err(JournalError::NoHeader {
                path: name.to_owned(),
                message: "no header".into(),
            });
        }
        Err(message) => {
            return Err(JournalError::NoHeader {
                path: name.to_owned(),
                message,
            });
        }
    };
    if header.crosscheck_journal > JOURNAL_FORMAT {
        return Err(JournalError::TooNew {
            path: name.to_owned(),
            found: header.crosscheck_journal,
            supported: JOURNAL_FORMAT,
        });
    }
    let mut parsed = Parsed {
        header,
        entries: Vec::new(),
        folds: Vec::new(),
        torn: false,
        damaged: None,
    };
    let mut last_seq = 0;
    for (i, &(number, text)) in rest.iter().enumerate() {
        let problem = match read_line(text) {
            // Within one journal the edits follow each other without a
            // hole: a missing line means a lost edit, and the ones after it
            // may depend on it.
            Ok(Line::Edit(entry)) if last_seq != 0 && entry.seq > last_seq + 1 => format!(
                "edit {} is missing (the journal goes from edit {last_seq} to edit {})",
                last_seq + 1,
                entry.seq
            ),
            Ok(Line::Edit(entry)) if entry.seq > last_seq => {
                last_seq = entry.seq;
                parsed.entries.push(*entry);
                continue;
            }
            Ok(Line::Folded { upto, into }) => {
                parsed.folds.push((upto, into));
                continue;
            }
            Ok(Line::Edit(entry)) => format!(
                "edit {} comes after edit {last_seq}: edits are out of order",
                entry.seq
            ),
            Ok(Line::Header(_)) => "a second header".to_owned(),
            Err(message) => message,
        };
        if i + 1 == rest.len() {
            // The last line garbled (power lost while appending): as torn.
            torn = true;
        } else {
            parsed.damaged = Some(Damage {
                line: number,
                message: problem,
            });
        }
        break;
    }
    parsed.torn = torn;
    Ok(parsed)
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

fn read_line(text: &[u8]) -> Result<Line, String> {
    let text = std::str::from_utf8(text).map_err(|_| "not UTF-8 text".to_owned())?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// Where a journal lives and how it is read and written: a file beside the
/// project here; a browser build gives its own (local storage, OPFS). Every
/// write returns only once what it wrote would survive the process being
/// killed and, as far as the platform allows, a power cut.
pub trait JournalStore: Send {
    /// The journal's name, for messages.
    fn name(&self) -> String;
    /// The whole journal; `None` when there is none.
    fn read(&self) -> io::Result<Option<Vec<u8>>>;
    /// Adds `bytes` at the end of the existing journal.
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Replaces the journal (or creates it) with `bytes`, atomically.
    fn replace(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Removes the journal; a missing one is fine.
    fn remove(&mut self) -> io::Result<()>;
    /// Moves the journal out of the way under a name with `tag` in it, and
    /// returns that name. With `keep`, copies it instead.
    fn set_aside(&mut self, tag: &str, keep: bool) -> io::Result<String>;
}

/// The journal of the project file at `project_path`: beside the file a
/// symbolic link points to, like the backup, so every name of the project
/// finds the same journal.
#[cfg(not(target_arch = "wasm32"))]
pub fn journal_path(project_path: &Path) -> PathBuf {
    let target =
        crate::atomic::resolve(project_path).unwrap_or_else(|_| project_path.to_path_buf());
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(JOURNAL_SUFFIX);
    target.with_file_name(name)
}

/// The journal a second window on the project writes, so that it never
/// writes over the first one's: `crosscheck.ron.journal-<writer>`.
#[cfg(not(target_arch = "wasm32"))]
pub fn writer_journal_path(project_path: &Path, writer: &str) -> PathBuf {
    let primary = journal_path(project_path);
    let mut name = primary.file_name().unwrap_or_default().to_os_string();
    name.push("-");
    name.push(writer);
    primary.with_file_name(name)
}

/// Every live journal beside the project: the first window's and those of
/// other windows, not the ones kept aside (`….orphan-…`, `….damaged-…`).
#[cfg(not(target_arch = "wasm32"))]
pub fn all_journal_paths(project_path: &Path) -> Vec<PathBuf> {
    let primary = journal_path(project_path);
    let Some(name) = primary
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    else {
        return Vec::new();
    };
    let dir = match primary.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let writer_prefix = format!("{name}-");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            let is_writer = file
                .strip_prefix(&writer_prefix)
                .is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()));
            (file == name || is_writer).then(|| dir.join(file))
        })
        .collect();
    found.sort();
    found
}

/// Records in the journal at `path`, written by another writer, that the
/// project file with hash `into` holds its edits up to `upto` (a save that
/// merged them in). One append of one line: a window appending its own
/// edits at the same moment cannot tear it.
#[cfg(not(target_arch = "wasm32"))]
pub fn append_fold(path: &Path, upto: u64, into: &FileHash) -> Result<(), JournalError> {
    let err = |source| JournalError::Write {
        path: path.display().to_string(),
        source,
    };
    let line = line_text(&LineOut::Folded { upto, into })?;
    let mut file = crate::input::open_append(path).map_err(err)?;
    // A journal whose last append was cut short ends without a newline:
    // the fold line must not be glued to it. (Appends go to the end
    // wherever the read left the position.)
    let ends_whole = {
        use std::io::{Read as _, Seek as _};
        let mut last = [0u8; 1];
        file.seek(io::SeekFrom::End(-1))
            .and_then(|_| file.read_exact(&mut last))
            .map_or(true, |()| last[0] == b'\n')
    };
    let text = if ends_whole {
        line
    } else {
        format!("\n{line}")
    };
    file.write_all(text.as_bytes()).map_err(err)?;
    file.sync_data().map_err(err)
}

/// A journal file beside a project file.
#[cfg(not(target_arch = "wasm32"))]
pub struct FileStore {
    path: PathBuf,
    /// The project file, whose mode a new journal takes: the journal holds
    /// the same claims, so it is no more readable than the project.
    project: PathBuf,
    /// Open for appending since the last replace.
    file: Option<std::fs::File>,
}

#[cfg(not(target_arch = "wasm32"))]
impl FileStore {
    pub fn for_project(project_path: &Path) -> Self {
        Self {
            path: journal_path(project_path),
            project: project_path.to_path_buf(),
            file: None,
        }
    }

    /// The journal at `path` (a second window's) of the project file at
    /// `project_path`.
    pub fn at(path: PathBuf, project_path: &Path) -> Self {
        Self {
            path,
            project: project_path.to_path_buf(),
            file: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl JournalStore for FileStore {
    fn name(&self) -> String {
        self.path.display().to_string()
    }

    fn read(&self) -> io::Result<Option<Vec<u8>>> {
        // A named pipe in its place would hang the read.
        crate::atomic::check_regular(&self.path).map_err(|e| match e {
            crate::atomic::WriteError::Io(e) => e,
            other => io::Error::other(other.to_string()),
        })?;
        match crate::input::read(&self.path, crate::input::MAX_INPUT_BYTES) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        let result = (|| {
            if self.file.is_none() {
                let file = std::fs::OpenOptions::new().append(true).open(&self.path)?;
                self.file = Some(file);
            }
            let file = self
                .file
                .as_mut()
                .ok_or_else(|| io::Error::other("not open"))?;
            file.write_all(bytes)?;
            // The data alone: the size change is part of it, the times are
            // not worth a second flush.
            file.sync_data()
        })();
        if result.is_err() {
            self.file = None;
        }
        result
    }

    fn replace(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file = None;
        let fresh = std::fs::symlink_metadata(&self.path).is_err();
        let mut file = crate::atomic::AtomicFile::create(&self.path).map_err(|e| match e {
            crate::atomic::WriteError::Io(e) => e,
            other => io::Error::other(other.to_string()),
        })?;
        if fresh && let Ok(meta) = std::fs::metadata(&self.project) {
            file.file().set_permissions(meta.permissions())?;
        }
        file.write_all(bytes)?;
        file.commit()
    }

    fn remove(&mut self) -> io::Result<()> {
        self.file = None;
        match std::fs::remove_file(&self.path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        }
        // The removal must be durable before the journal could be needed
        // again, or a power cut could bring back one naming an old file.
        crate::atomic::sync_dir(self.path.parent().unwrap_or(Path::new(".")));
        Ok(())
    }

    fn set_aside(&mut self, tag: &str, keep: bool) -> io::Result<String> {
        self.file = None;
        let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
            .to_string()
            .replace(':', "-");
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{tag}-{stamp}"));
        let aside = self.path.with_file_name(name);
        if keep {
            std::fs::copy(&self.path, &aside)?;
        } else {
            std::fs::rename(&self.path, &aside)?;
        }
        Ok(aside.display().to_string())
    }
}

/// A journal in memory: for tests, and the model for a browser's store.
#[derive(Clone, Default)]
pub struct MemoryStore {
    pub files: Arc<Mutex<std::collections::BTreeMap<String, Vec<u8>>>>,
    pub name: String,
    /// Makes every write fail with this (a full disk, a read-only folder).
    pub fail: Arc<Mutex<Option<io::ErrorKind>>>,
}

impl MemoryStore {
    fn files(&self) -> MutexGuard<'_, std::collections::BTreeMap<String, Vec<u8>>> {
        lock(&self.files)
    }

    fn check(&self) -> io::Result<()> {
        match *lock(&self.fail) {
            Some(kind) => Err(io::Error::from(kind)),
            None => Ok(()),
        }
    }
}

impl JournalStore for MemoryStore {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn read(&self) -> io::Result<Option<Vec<u8>>> {
        Ok(self.files().get(&self.name).cloned())
    }

    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.check()?;
        let mut files = self.files();
        let file = files
            .get_mut(&self.name)
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
        file.extend_from_slice(bytes);
        Ok(())
    }

    fn replace(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.check()?;
        self.files().insert(self.name.clone(), bytes.to_vec());
        Ok(())
    }

    fn remove(&mut self) -> io::Result<()> {
        self.check()?;
        self.files().remove(&self.name);
        Ok(())
    }

    fn set_aside(&mut self, tag: &str, keep: bool) -> io::Result<String> {
        self.check()?;
        let mut files = self.files();
        let bytes = if keep {
            files.get(&self.name).cloned()
        } else {
            files.remove(&self.name)
        }
        .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
        let aside = format!("{}.{tag}", self.name);
        files.insert(aside.clone(), bytes);
        Ok(aside)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    lock_or_recover(mutex)
}

/// Locks `mutex`, also after a panic while another thread held it.
pub fn lock_or_recover<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere while holding it leaves consistent data here:
    // every change is made whole before the lock is released.
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What opening a project found beside it.
#[derive(Debug, Default)]
pub enum Found {
    #[default]
    Nothing,
    /// Edits made after the project file was last saved: to be replayed.
    Pending(Pending),
    /// A journal that does not extend this project file (another version of
    /// it, or one that cannot be read): it must not be applied.
    Foreign { journal: String, reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub journal: String,
    /// The edits not yet in the project file, in order.
    pub entries: Vec<Entry>,
    pub torn: bool,
    pub damaged: Option<Damage>,
}

/// The project file as opened, and its journal.
#[derive(Debug, Default)]
pub struct JournalState {
    /// The hash of the project file as loaded; `None`: there is no file.
    pub base: Option<FileHash>,
    pub found: Found,
}

impl JournalState {
    /// Edits waiting in the journal, if it belongs to the file.
    pub fn pending(&self) -> usize {
        match &self.found {
            Found::Pending(p) => p.entries.len(),
            _ => 0,
        }
    }

    /// A line for the command line, when there is a journal.
    pub fn describe(&self) -> Option<String> {
        match &self.found {
            Found::Nothing => None,
            Found::Pending(p) => Some(format!(
                "{} holds {} made in the window that the project file does not have yet \
                 (crosscheck recovers {} when it opens the project)",
                p.journal,
                if p.entries.len() == 1 {
                    "1 edit".to_owned()
                } else {
                    format!("{} edits", p.entries.len())
                },
                if p.entries.len() == 1 { "it" } else { "them" }
            )),
            Found::Foreign { journal, reason } => Some(format!(
                "{journal} does not belong to this project file ({reason}); crosscheck will keep it aside and not apply it"
            )),
        }
    }
}

/// Reads the journal in `store` and decides what it means for the project
/// file whose hash is `base`. Never writes.
pub fn inspect(store: &dyn JournalStore, base: Option<FileHash>) -> JournalState {
    let name = store.name();
    let found = match store.read() {
        Ok(None) => Found::Nothing,
        // An empty file holds nothing to recover or to keep.
        Ok(Some(bytes)) if is_blank(&bytes) => Found::Nothing,
        Ok(Some(bytes)) => match parse(&bytes, &name) {
            Ok(parsed) => match parsed.replay_after(base.as_ref()) {
                Some(after) => Found::Pending(Pending {
                    journal: name,
                    entries: parsed
                        .entries
                        .into_iter()
                        .filter(|e| e.seq > after)
                        .collect(),
                    torn: parsed.torn,
                    damaged: parsed.damaged,
                }),
                None => Found::Foreign {
                    journal: name,
                    reason: "it extends another version of the file".into(),
                },
            },
            Err(e) => Found::Foreign {
                journal: name,
                reason: e.to_string(),
            },
        },
        Err(e) => Found::Foreign {
            journal: name,
            reason: format!("cannot read it: {e}"),
        },
    };
    JournalState { base, found }
}

/// What replaying a journal did.
#[derive(Debug, Default)]
pub struct Replayed {
    /// Applied edits with their step and inverse, in order.
    pub steps: Vec<(Step, Edit)>,
    /// Edits that could not be applied, with why.
    pub failed: Vec<(u64, EditError)>,
    /// The entries that were applied (what the journal keeps).
    pub applied: Vec<Entry>,
}

/// Applies the pending edits to the project, in order. An edit that fails
/// is skipped and reported; the others are still applied.
pub fn replay(project: &mut Project, pending: &Pending) -> Replayed {
    let mut out = Replayed::default();
    for entry in &pending.entries {
        match project.apply(entry.edit.clone()) {
            Ok(inverse) => {
                out.steps.push((entry.step, inverse));
                out.applied.push(entry.clone());
            }
            Err(e) => out.failed.push((entry.seq, e)),
        }
    }
    out
}

/// The journal being written: what is on disk, and the edits not yet in
/// the project file (kept to write a fresh journal after a fold or a
/// failure).
pub struct Journal {
    store: Box<dyn JournalStore>,
    project_name: String,
    base: Option<FileHash>,
    /// Edit lines (with their newline) after `folded_upto`.
    lines: Vec<(u64, String)>,
    /// Every edit up to here is in the project file.
    folded_upto: u64,
    /// The journal on disk has a header naming `base` and every line in
    /// `lines`, and ends with a whole line.
    on_disk: bool,
    /// Closed with nothing unsaved: not to be prepared again.
    closed: bool,
}

impl Journal {
    /// A journal for the project file named `project_name` whose hash is
    /// `base`. Nothing is written until the first edit.
    pub fn new(store: Box<dyn JournalStore>, project_name: &str, base: Option<FileHash>) -> Self {
        Self {
            store,
            project_name: project_name.to_owned(),
            base,
            lines: Vec::new(),
            folded_upto: 0,
            on_disk: false,
            closed: false,
        }
    }

    /// Continues after a replay: the journal is written afresh with the
    /// edits that were applied, dropping a torn tail and old folds.
    pub fn resume(
        store: Box<dyn JournalStore>,
        project_name: &str,
        base: Option<FileHash>,
        applied: &[Entry],
    ) -> (Self, Result<(), JournalError>) {
        let mut journal = Self::new(store, project_name, base);
        let mut result = Ok(());
        // Renumbered without holes (an edit that failed to apply is not
        // kept), ending where the session goes on counting.
        let last = applied.last().map_or(0, |e| e.seq);
        let first = last.saturating_sub(applied.len() as u64) + 1;
        for (seq, entry) in (first..).zip(applied) {
            let entry = Entry {
                seq,
                ..entry.clone()
            };
            match line_text(&LineOut::Edit(&entry)) {
                Ok(line) => journal.lines.push((entry.seq, line)),
                Err(e) => result = Err(e),
            }
        }
        if journal.lines.is_empty() {
            return (journal, result);
        }
        let written = journal.rewrite();
        (journal, result.and(written))
    }

    pub fn store_name(&self) -> String {
        self.store.name()
    }

    /// The last seq written or kept.
    pub fn last_seq(&self) -> u64 {
        self.lines.last().map_or(self.folded_upto, |(s, _)| *s)
    }

    fn header(&self) -> Result<String, JournalError> {
        line_text(&LineOut::Header(&Header {
            crosscheck_journal: JOURNAL_FORMAT,
            project: self.project_name.clone(),
            base: self.base.clone(),
        }))
    }

    fn write_err(&self, source: io::Error) -> JournalError {
        JournalError::Write {
            path: self.store.name(),
            source,
        }
    }

    /// Writes the whole journal afresh: header and every kept edit.
    fn rewrite(&mut self) -> Result<(), JournalError> {
        let mut text = self.header()?;
        for (_, line) in &self.lines {
            text.push_str(line);
        }
        self.on_disk = false;
        self.store
            .replace(text.as_bytes())
            .map_err(|e| self.write_err(e))?;
        self.on_disk = true;
        Ok(())
    }

    /// Appends an edit and flushes it to disk. On failure the edit is kept
    /// here, and the next write rewrites the journal whole.
    pub fn append(&mut self, entry: &Entry) -> Result<(), JournalError> {
        if entry.seq <= self.last_seq() {
            // Already in the project file (a fold overtook it) or here.
            return Ok(());
        }
        let line = line_text(&LineOut::Edit(entry))?;
        self.lines.push((entry.seq, line));
        if !self.on_disk {
            return self.rewrite();
        }
        let Some((_, line)) = self.lines.last() else {
            return Ok(());
        };
        if let Err(e) = self.store.append(line.as_bytes()) {
            // It may have left half a line: only a rewrite can mend that.
            self.on_disk = false;
            return Err(self.write_err(e));
        }
        Ok(())
    }

    /// Step 2 of a save: records, before the new file is renamed into
    /// place, that the file with hash `into` holds every edit up to `upto`.
    pub fn mark_fold(&mut self, upto: u64, into: &FileHash) -> Result<(), JournalError> {
        if self.lines.is_empty() && !self.on_disk {
            // No journal on disk to be misread after the rename.
            return Ok(());
        }
        if !self.on_disk {
            self.rewrite()?;
        }
        let line = line_text(&LineOut::Folded { upto, into })?;
        if let Err(e) = self.store.append(line.as_bytes()) {
            self.on_disk = false;
            return Err(self.write_err(e));
        }
        Ok(())
    }

    /// Step 4 of a save: the file with hash `into` is in place and holds
    /// every edit up to `upto`. With `moved`, the project now lives
    /// elsewhere (Save as…): its journal goes there, the old one is removed.
    pub fn folded(
        &mut self,
        upto: u64,
        into: FileHash,
        moved: Option<(Box<dyn JournalStore>, String)>,
    ) -> Result<(), JournalError> {
        self.lines.retain(|(seq, _)| *seq > upto);
        self.folded_upto = self.folded_upto.max(upto);
        self.base = Some(into);
        let mut old_result = Ok(());
        if let Some((store, name)) = moved {
            let mut old = std::mem::replace(&mut self.store, store);
            self.project_name = name;
            old_result = old.remove().map_err(|source| JournalError::Write {
                path: old.name(),
                source,
            });
            self.on_disk = false;
        }
        // With nothing left it is still written, as a header naming the new
        // file: the next edit is then one append (one flush) rather than a
        // new file (three). [`Self::close`] removes it.
        let result = if self.lines.is_empty() && !self.on_disk {
            Ok(())
        } else {
            self.rewrite()
        };
        result.and(old_result)
    }

    /// Writes the header now, so that the first edit is an append (one
    /// flush) rather than a new file (three).
    pub fn prepare(&mut self) -> Result<(), JournalError> {
        if self.on_disk || self.closed {
            return Ok(());
        }
        self.rewrite()
    }

    /// The session ends with every edit in the project file: a journal
    /// with no edits in it goes.
    pub fn close(&mut self) -> Result<(), JournalError> {
        if !self.lines.is_empty() {
            return Ok(());
        }
        self.on_disk = false;
        self.closed = true;
        self.store.remove().map_err(|e| self.write_err(e))
    }
}

impl Journal {
    /// The person dropped the unsaved edits: the journal goes, and edits
    /// still on their way to it are not written.
    pub fn discard(&mut self) -> Result<(), JournalError> {
        self.folded_upto = self.last_seq();
        self.lines.clear();
        self.on_disk = false;
        self.store.remove().map_err(|e| self.write_err(e))
    }
}

/// The state a window shows: the last journal failure, if the journal has
/// not recovered from it.
#[derive(Default)]
struct Status {
    problem: Option<String>,
}

/// A journal shared by the window (appending) and a save (folding).
#[derive(Clone)]
pub struct JournalHandle {
    journal: Arc<Mutex<Journal>>,
    status: Arc<Mutex<Status>>,
    notify: Arc<dyn Fn() + Send + Sync>,
}

impl JournalHandle {
    fn report<T>(&self, result: Result<T, JournalError>) -> Result<T, String> {
        let mut status = lock(&self.status);
        let before = status.problem.clone();
        let out = result.map_err(|e| e.to_string());
        status.problem = out.as_ref().err().cloned();
        let changed = before != status.problem;
        drop(status);
        if changed {
            (self.notify)();
        }
        out
    }

    pub fn append(&self, entry: &Entry) -> Result<(), String> {
        let result = lock(&self.journal).append(entry);
        self.report(result)
    }

    pub fn mark_fold(&self, upto: u64, into: &FileHash) -> Result<(), String> {
        let result = lock(&self.journal).mark_fold(upto, into);
        self.report(result)
    }

    pub fn folded(
        &self,
        upto: u64,
        into: FileHash,
        moved: Option<(Box<dyn JournalStore>, String)>,
    ) -> Result<(), String> {
        let result = lock(&self.journal).folded(upto, into, moved);
        self.report(result)
    }

    /// Why the journal is not being written, while it is not.
    pub fn problem(&self) -> Option<String> {
        lock(&self.status).problem.clone()
    }

    pub fn discard(&self) -> Result<(), String> {
        let result = lock(&self.journal).discard();
        self.report(result)
    }

    pub fn close(&self) -> Result<(), String> {
        let result = lock(&self.journal).close();
        self.report(result)
    }
}

#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
enum Command {
    Prepare,
    Append(Box<Entry>),
    Sync(std::sync::mpsc::Sender<()>),
}

/// Writes the journal off the window's thread: a flush to disk takes a few
/// milliseconds, which a frame should not wait for. Where there are no
/// threads (the web) each append is written at once.
pub struct JournalWriter {
    handle: JournalHandle,
    tx: Option<std::sync::mpsc::Sender<Command>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl JournalWriter {
    /// `notify` is called (from any thread) when the journal fails or
    /// recovers, so the window can say so.
    pub fn start(
        journal: Journal,
        problem: Option<String>,
        notify: Arc<dyn Fn() + Send + Sync>,
    ) -> Self {
        let handle = JournalHandle {
            journal: Arc::new(Mutex::new(journal)),
            status: Arc::new(Mutex::new(Status { problem })),
            notify,
        };
        #[cfg(not(target_arch = "wasm32"))]
        {
            let (tx, rx) = std::sync::mpsc::channel::<Command>();
            let worker = handle.clone();
            let spawned = std::thread::Builder::new()
                .name("crosscheck: journal".into())
                .spawn(move || {
                    for command in rx {
                        match command {
                            Command::Prepare => {
                                let result = lock(&worker.journal).prepare();
                                let _ = worker.report(result);
                            }
                            Command::Append(entry) => {
                                let _ = worker.append(&entry);
                            }
                            Command::Sync(done) => {
                                let _ = done.send(());
                            }
                        }
                    }
                });
            if let Ok(thread) = spawned {
                let _ = tx.send(Command::Prepare);
                return Self {
                    handle,
                    tx: Some(tx),
                    thread: Some(thread),
                };
            }
        }
        Self {
            handle,
            tx: None,
            thread: None,
        }
    }

    /// Journals an edit: written and flushed within milliseconds.
    pub fn append(&self, entry: Entry) {
        if let Some(tx) = &self.tx
            && tx.send(Command::Append(Box::new(entry.clone()))).is_ok()
        {
            return;
        }
        let _ = self.handle.append(&entry);
    }

    /// Waits until every edit sent so far is written (or has failed).
    pub fn sync(&self) {
        if let Some(tx) = &self.tx {
            let (done, wait) = std::sync::mpsc::channel();
            if tx.send(Command::Sync(done)).is_ok() {
                let _ = wait.recv();
            }
        }
    }

    /// For a save, which folds the journal from its own thread.
    pub fn handle(&self) -> JournalHandle {
        self.handle.clone()
    }

    pub fn problem(&self) -> Option<String> {
        self.handle.problem()
    }
}

impl Drop for JournalWriter {
    fn drop(&mut self) {
        // Every edit sent is written before the session goes.
        self.tx = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        // Opening another project: a journal with nothing unsaved in it is
        // not left behind.
        let _ = self.handle.close();
    }
}

/// Saves the project atomically at `path`, folding the journal: the steps
/// in the module's description. A journal failure does not fail the save
/// (the project file is the safer place for the work); it is reported by
/// the handle. `moved`: the project moves to `path` (Save as…) and its
/// journal with it.
#[cfg(not(target_arch = "wasm32"))]
pub fn save_folding(
    project: &Project,
    path: &Path,
    upto: u64,
    journal: Option<&JournalHandle>,
    moved: bool,
) -> Result<(), super::ProjectError> {
    let pending = super::write_pending(project, path)?;
    let hash = pending.hash().clone();
    if let Some(journal) = journal
        && !moved
    {
        let _ = journal.mark_fold(upto, &hash);
    }
    super::commit(pending)?;
    if let Some(journal) = journal {
        let moved = moved.then(|| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                Box::new(FileStore::for_project(path)) as Box<dyn JournalStore>,
                name,
            )
        });
        let _ = journal.folded(upto, hash, moved);
    }
    Ok(())
}

/// What the journal of the project file at `project_path` means for that
/// file, whose hash is `base`. Never writes.
#[cfg(not(target_arch = "wasm32"))]
pub fn inspect_file(project_path: &Path, base: Option<FileHash>) -> JournalState {
    inspect(&FileStore::for_project(project_path), base)
}

/// The journal state of a project file for the command line, which does
/// not load the project through a workspace: hashes the file itself.
#[cfg(not(target_arch = "wasm32"))]
pub fn inspect_project_file(project_path: &Path) -> JournalState {
    let store = FileStore::for_project(project_path);
    if !store.path().exists() {
        return JournalState::default();
    }
    let base = crate::input::read(project_path, crate::input::MAX_INPUT_BYTES)
        .ok()
        .map(|b| FileHash::of(&b));
    inspect(&store, base)
}

// The web page keeps no journal: every save goes to the browser's storage at
// once (`crate::web::store`), so there is nothing to recover or to keep out
// of the corpus. These keep the callers the same on both targets.

#[cfg(target_arch = "wasm32")]
pub fn journal_path(project_path: &Path) -> PathBuf {
    let mut name = project_path.file_name().unwrap_or_default().to_os_string();
    name.push(JOURNAL_SUFFIX);
    project_path.with_file_name(name)
}

#[cfg(target_arch = "wasm32")]
pub fn inspect_file(_project_path: &Path, _base: Option<FileHash>) -> JournalState {
    JournalState::default()
}

#[cfg(target_arch = "wasm32")]
pub fn inspect_project_file(_project_path: &Path) -> JournalState {
    JournalState::default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{ClaimChange, ClaimId};

    fn entry(seq: u64, note: &str) -> Entry {
        Entry {
            seq,
            step: Step::Do,
            edit: Edit::UpdateClaim {
                id: ClaimId("c1".into()),
                change: ClaimChange::Note(note.into()),
                modified: "2026-01-01T00:00:00Z".into(),
            },
        }
    }

    fn store(name: &str) -> MemoryStore {
        MemoryStore {
            name: name.into(),
            ..MemoryStore::default()
        }
    }

    fn text(store: &MemoryStore) -> String {
        String::from_utf8(store.read().unwrap().unwrap()).unwrap()
    }

    fn h(s: &str) -> FileHash {
        FileHash::of(s.as_bytes())
    }

    #[test]
    fn lines_are_json_and_read_back() {
        let s = store("p.ron.journal");
        let mut j = Journal::new(Box::new(s.clone()), "p.ron", Some(h("v1")));
        j.append(&entry(1, "a")).unwrap();
        j.append(&entry(2, "b\nwith a newline")).unwrap();
        let t = text(&s);
        assert_eq!(t.lines().count(), 3, "{t}");
        assert!(
            t.starts_with("{\"line\":\"header\",\"crosscheck_journal\":1,\"project\":\"p.ron\"")
        );
        let parsed = parse(t.as_bytes(), "j").unwrap();
        assert_eq!(
            parsed.entries,
            vec![entry(1, "a"), entry(2, "b\nwith a newline")]
        );
        assert!(!parsed.torn && parsed.damaged.is_none());
        assert_eq!(parsed.replay_after(Some(&h("v1"))), Some(0));
        assert_eq!(parsed.replay_after(Some(&h("v2"))), None);
        assert_eq!(parsed.replay_after(None), None);
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_resume_drops_it() {
        let s = store("j");
        let mut j = Journal::new(Box::new(s.clone()), "p.ron", None);
        j.append(&entry(1, "a")).unwrap();
        j.append(&entry(2, "b")).unwrap();
        let full = text(&s);
        // Every cut inside the last line: the first edit survives, the
        // second is never half-applied.
        let second = full.rfind("{\"line\":\"edit\",\"seq\":2").unwrap();
        for cut in second..full.len() {
            let parsed = parse(&full.as_bytes()[..cut], "j").unwrap();
            assert_eq!(parsed.entries, vec![entry(1, "a")], "cut at {cut}");
            assert_eq!(parsed.torn, cut > second, "cut at {cut}");
            assert!(parsed.damaged.is_none());
        }
        s.files()
            .insert("j".into(), full.as_bytes()[..full.len() - 5].to_vec());
        let state = inspect(&s, None);
        let Found::Pending(p) = &state.found else {
            panic!("{state:?}")
        };
        assert!(p.torn);
        let (mut j, result) = Journal::resume(Box::new(s.clone()), "p.ron", None, &p.entries);
        result.unwrap();
        // The session goes on from the last edit that survived (seq 1), so
        // the torn line leaves no gap in the sequence.
        j.append(&entry(2, "c")).unwrap();
        let parsed = parse(text(&s).as_bytes(), "j").unwrap();
        assert_eq!(parsed.entries, vec![entry(1, "a"), entry(2, "c")]);
        assert!(!parsed.torn);
    }

    #[test]
    fn a_damaged_middle_line_ends_what_is_used() {
        let s = store("j");
        let mut j = Journal::new(Box::new(s.clone()), "p.ron", None);
        for i in 1..=3 {
            j.append(&entry(i, "x")).unwrap();
        }
        let t = text(&s).replacen("\"seq\":2", "\"seq\":2,", 1);
        let parsed = parse(t.as_bytes(), "j").unwrap();
        assert_eq!(parsed.entries, vec![entry(1, "x")]);
        assert_eq!(parsed.damaged.as_ref().map(|d| d.line), Some(3));
        // Out of order counts as damage too: nothing is applied twice.
        let t = text(&s).replacen("\"seq\":3", "\"seq\":1", 1);
        let parsed = parse(t.as_bytes(), "j").unwrap();
        assert_eq!(parsed.entries.len(), 2);
        assert!(parsed.torn, "the bad line is the last one");
    }

    #[test]
    fn a_gap_in_the_sequence_stops_replay_there() {
        let s = store("j");
        let mut j = Journal::new(Box::new(s.clone()), "p.ron", None);
        for i in [1, 3, 4] {
            j.append(&entry(i, "x")).unwrap();
        }
        let parsed = parse(text(&s).as_bytes(), "j").unwrap();
        assert_eq!(parsed.entries, vec![entry(1, "x")]);
        let damage = parsed.damaged.expect("the gap is reported");
        assert_eq!(damage.line, 3);
        assert!(damage.message.contains("edit 2 is missing"), "{damage:?}");
        let state = inspect(&s, None);
        let Found::Pending(pending) = state.found else {
            panic!("the edits before the gap are pending");
        };
        assert_eq!(pending.entries.len(), 1);
        assert!(pending.damaged.is_some());
    }

    #[test]
    fn a_resumed_journal_has_no_hole_where_an_edit_failed() {
        let s = store("j");
        let applied = [entry(1, "a"), entry(3, "c"), entry(4, "d")];
        let (j, result) = Journal::resume(Box::new(s.clone()), "p.ron", None, &applied);
        result.unwrap();
        assert_eq!(j.last_seq(), 4, "the session goes on counting from 4");
        let parsed = parse(text(&s).as_bytes(), "j").unwrap();
        assert!(parsed.damaged.is_none() && !parsed.torn);
        let seqs: Vec<u64> = parsed.entries.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, vec![2, 3, 4]);
        let notes: Vec<&Edit> = parsed.entries.iter().map(|e| &e.edit).collect();
        let want: Vec<&Edit> = applied.iter().map(|e| &e.edit).collect();
        assert_eq!(notes, want, "same edits, same order");
    }

    #[test]
    fn no_header_or_a_newer_format_is_an_error() {
        assert!(matches!(
            parse(b"", "j"),
            Err(JournalError::NoHeader { .. })
        ));
        assert!(matches!(
            parse(b"hello\n", "j"),
            Err(JournalError::NoHeader { .. })
        ));
        let line = line_text(&LineOut::Edit(&entry(1, "a"))).unwrap();
        assert!(matches!(
            parse(line.as_bytes(), "j"),
            Err(JournalError::NoHeader { .. })
        ));
        let newer =
            "{\"line\":\"header\",\"crosscheck_journal\":2,\"project\":\"p\",\"base\":null}\n";
        assert!(matches!(
            parse(newer.as_bytes(), "j"),
            Err(JournalError::TooNew { found: 2, .. })
        ));
    }

    #[test]
    fn every_crash_point_of_a_fold_replays_exactly_the_missing_edits() {
        let s = store("j");
        let mut j = Journal::new(Box::new(s.clone()), "p.ron", Some(h("v1")));
        for i in 1..=3 {
            j.append(&entry(i, "x")).unwrap();
        }
        // Step 1 done: the new file (edits 1..=2) is written, not in place.
        let before_mark = text(&s);
        j.mark_fold(2, &h("v2")).unwrap();
        let after_mark = text(&s);
        j.append(&entry(4, "y")).unwrap();
        let before_rotate = text(&s);
        j.folded(2, h("v2"), None).unwrap();
        let after = text(&s);
        let seqs = |journal: &str, file: &str| {
            let parsed = parse(journal.as_bytes(), "j").unwrap();
            parsed.replay_after(Some(&h(file))).map(|after| {
                parsed
                    .entries
                    .iter()
                    .filter(|e| e.seq > after)
                    .map(|e| e.seq)
                    .collect::<Vec<_>>()
            })
        };
        // The old file in place: every edit.
        assert_eq!(seqs(&before_mark, "v1"), Some(vec![1, 2, 3]));
        assert_eq!(seqs(&after_mark, "v1"), Some(vec![1, 2, 3]));
        // The new file in place, the journal not rotated yet: only the later ones.
        assert_eq!(seqs(&after_mark, "v2"), Some(vec![3]));
        assert_eq!(seqs(&before_rotate, "v2"), Some(vec![3, 4]));
        // Rotated: it names the new file and holds the later edits.
        assert_eq!(seqs(&after, "v2"), Some(vec![3, 4]));
        assert_eq!(seqs(&after, "v1"), None);
        // Folding everything leaves a header naming the new file.
        j.mark_fold(4, &h("v3")).unwrap();
        j.folded(4, h("v3"), None).unwrap();
        assert_eq!(seqs(&text(&s), "v3"), Some(vec![]));
        assert_eq!(text(&s).lines().count(), 1);
        // A late append of an edit the fold already holds is not journaled.
        j.append(&entry(4, "y")).unwrap();
        assert_eq!(text(&s).lines().count(), 1);
        j.append(&entry(5, "z")).unwrap();
        assert_eq!(seqs(&text(&s), "v3"), Some(vec![5]));
        // Closing keeps a journal with edits the file lacks…
        j.close().unwrap();
        assert_eq!(seqs(&text(&s), "v3"), Some(vec![5]));
        // …and removes one without.
        j.mark_fold(5, &h("v4")).unwrap();
        j.folded(5, h("v4"), None).unwrap();
        j.close().unwrap();
        assert_eq!(s.read().unwrap(), None);
    }

    #[test]
    fn a_failed_write_keeps_the_edit_and_the_next_write_mends_the_journal() {
        let s = store("j");
        let mut j = Journal::new(Box::new(s.clone()), "p.ron", None);
        j.append(&entry(1, "a")).unwrap();
        *lock(&s.fail) = Some(io::ErrorKind::StorageFull);
        let err = j.append(&entry(2, "b")).unwrap_err();
        assert!(matches!(err, JournalError::Write { .. }), "{err}");
        assert!(
            err.to_string().contains("cannot write the journal j"),
            "{err}"
        );
        // Half a line on disk, as a full disk leaves it.
        s.files()
            .get_mut("j")
            .unwrap()
            .extend_from_slice(b"{\"line\":\"ed");
        *lock(&s.fail) = None;
        j.append(&entry(3, "c")).unwrap();
        let parsed = parse(text(&s).as_bytes(), "j").unwrap();
        assert_eq!(
            parsed.entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        assert!(!parsed.torn);
    }

    #[test]
    fn a_journal_of_another_file_is_foreign() {
        let s = store("j");
        let mut j = Journal::new(Box::new(s.clone()), "p.ron", Some(h("other")));
        j.append(&entry(1, "a")).unwrap();
        let state = inspect(&s, Some(h("mine")));
        assert!(matches!(state.found, Found::Foreign { .. }), "{state:?}");
        assert_eq!(state.pending(), 0);
        // And a journal for a file that did not exist yet does not extend one that does.
        let s = store("k");
        let mut j = Journal::new(Box::new(s.clone()), "p.ron", None);
        j.append(&entry(1, "a")).unwrap();
        assert!(matches!(
            inspect(&s, Some(h("mine"))).found,
            Found::Foreign { .. }
        ));
        assert_eq!(inspect(&s, None).pending(), 1);
    }

    #[test]
    fn hashing_writer_hashes_what_it_writes() {
        let mut w = HashingWriter::new(Vec::new());
        w.write_all(b"hello ").unwrap();
        w.write_all(b"world").unwrap();
        assert_eq!(w.finish(), Some(FileHash::of(b"hello world")));
        // Small writes, then big ones on the hashing thread, then small.
        let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        let mut w = HashingWriter::new(io::sink());
        w.write_all(&bytes[..10]).unwrap();
        for chunk in bytes[10..2_900_000].chunks(1 << 20) {
            w.write_all(chunk).unwrap();
        }
        w.write_all(&bytes[2_900_000..]).unwrap();
        assert_eq!(w.finish(), Some(FileHash::of(&bytes)));
        assert_eq!(
            FileHash::of(b"").as_str(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
