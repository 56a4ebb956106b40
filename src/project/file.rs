//! Project files: pretty, deterministic RON, saved so that no crash or full
//! disk can leave a half-written file in place of a good one.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::error::ProjectError;
use super::file_hash::{FileHash, HashingWriter};
use super::model::{FORMAT_VERSION, Project};
use super::soundness::{claim_problem, is_safe_doc_id};

/// The project file a corpus folder uses when none is named.
pub const DEFAULT_PROJECT_FILE: &str = "crosscheck.ron";

/// The backup kept beside `path`: `crosscheck.ron` -> `crosscheck.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// The project as it will be written: pretty RON, claims sorted, `\n` endings.
pub fn to_ron(project: &Project) -> Result<String, ProjectError> {
    super::ron_write::project_text(project, super::ron_write::Layout::PROJECT)
        .map_err(|e| ProjectError::Serialize(e.to_string()))
}

/// Parses project text; `path` is only used in messages.
pub fn from_ron(text: &str, path: &Path) -> Result<Project, ProjectError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parse_error = |e: ron::error::SpannedError| ProjectError::Parse {
        path: path.to_path_buf(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: parse_message(&e.code),
    };

    // Read the version alone first, so a newer file is refused with a clear
    // message rather than a confusing parse error about a field it added.
    #[derive(Deserialize)]
    struct VersionOnly {
        format_version: u32,
    }
    // Files this program writes start with the version, so it is read from
    // the head without parsing the (possibly 100 MB) rest twice; anything
    // else takes the full parse.
    let found = match leading_format_version(text) {
        Some(v) => v,
        None => {
            let version: VersionOnly = ron::from_str(text).map_err(parse_error)?;
            version.format_version
        }
    };
    check_version(found, path)?;
    // The fast reader takes what crosscheck writes; anything else (comments,
    // hand-written RON, a broken file) is read by ron, which also says
    // where a broken file is broken.
    let mut project: Project = match super::ron_read::from_str(text) {
        Ok(project) => project,
        Err(_) => ron::from_str(text).map_err(parse_error)?,
    };
    finish(&mut project, path)?;
    Ok(project)
}

fn check_version(found: u32, path: &Path) -> Result<(), ProjectError> {
    if found > FORMAT_VERSION {
        return Err(ProjectError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: FORMAT_VERSION,
        });
    }
    Ok(())
}

/// What every parsed project goes through before anyone sees it.
fn finish(project: &mut Project, path: &Path) -> Result<(), ProjectError> {
    validate(project, path)?;
    super::model::fill_legacy_mappings(&mut project.labels);
    Ok(())
}

/// [`finish`] for a project whose claims the block reader checked one by
/// one as it parsed them (`used`: the labels they use, `None` if one
/// failed). Only the labels are left to check; where anything is wrong the
/// whole check runs, so the message is the one [`validate`] gives.
#[cfg(not(target_arch = "wasm32"))]
fn finish_checked(
    project: &mut Project,
    path: &Path,
    used: Option<std::collections::BTreeSet<String>>,
) -> Result<(), ProjectError> {
    let known = |label: &String| project.labels.iter().any(|l| &l.id == label);
    match used {
        Some(used) if used.iter().all(known) => validate_head(project, path)?,
        _ => validate(project, path)?,
    }
    super::model::fill_legacy_mappings(&mut project.labels);
    Ok(())
}

/// ron's message, except where it speaks to a programmer rather than to the
/// person whose file it is.
fn parse_message(code: &ron::Error) -> String {
    match code {
        ron::Error::ExceededRecursionLimit => {
            "the file nests brackets too deeply to be a project file".into()
        }
        other => other.to_string(),
    }
}

/// The error for bytes that are not UTF-8, at the first invalid byte.
fn invalid_utf8(path: &Path, bytes: &[u8], error: std::str::Utf8Error) -> ProjectError {
    let valid = &bytes[..error.valid_up_to()];
    // `valid` is UTF-8 by definition; the fallback is never taken.
    let before = std::str::from_utf8(valid).unwrap_or_default();
    let line = 1 + before.matches('\n').count();
    let column = 1 + before.chars().rev().take_while(|&c| c != '\n').count();
    let byte = bytes.get(error.valid_up_to()).copied().unwrap_or_default();
    ProjectError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message: format!("not UTF-8 text (byte 0x{byte:02X})"),
    }
}

/// `format_version` when it is the first field of the top-level struct, as
/// [`to_ron`] writes it; `None` for any other shape (comments, other order).
fn leading_format_version(text: &str) -> Option<u32> {
    let rest = text.trim_start().strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix("format_version")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = rest[digits..].trim_start();
    if digits == 0 || !(after.starts_with(',') || after.starts_with(')')) {
        return None;
    }
    rest[..digits].parse().ok()
}

/// Everything but the claims: document ids, the label set.
fn validate_head(project: &Project, path: &Path) -> Result<(), ProjectError> {
    if let Some(doc) = project.documents.keys().find(|d| !is_safe_doc_id(d)) {
        return Err(ProjectError::PathEscape {
            path: path.to_path_buf(),
            doc: doc.to_owned(),
        });
    }
    let mut label_ids = std::collections::HashSet::new();
    for label in &project.labels {
        if !label_ids.insert(label.id.as_str()) {
            return Err(ProjectError::Invalid {
                path: path.to_path_buf(),
                message: format!("label {:?} is defined twice", label.id),
            });
        }
    }
    Ok(())
}

fn validate(project: &Project, path: &Path) -> Result<(), ProjectError> {
    validate_head(project, path)?;
    let label_ids: std::collections::HashSet<&str> =
        project.labels.iter().map(|l| l.id.as_str()).collect();
    let check = |claim: &super::model::Claim| -> Result<(), ProjectError> {
        if let Some(problem) = claim_problem(claim, path) {
            return Err(problem);
        }
        match claim.labels_used().find(|label| !label_ids.contains(label)) {
            Some(label) => Err(ProjectError::Invalid {
                path: path.to_path_buf(),
                message: format!(
                    "claim {} uses label {label:?}, which is not in the label set",
                    claim.id
                ),
            }),
            None => Ok(()),
        }
    };
    // In parallel where there are threads; the error reported is the first
    // in id order either way, so a broken file always says the same thing.
    let claims: Vec<&super::model::Claim> = project.claims.iter().collect();
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        claims
            .par_chunks(4096)
            .map(|chunk| chunk.iter().try_for_each(|c| check(c)))
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Result<(), _>>()
    }
    #[cfg(target_arch = "wasm32")]
    claims.into_iter().try_for_each(check)
}

/// Reads and checks a project file. Never writes anything.
pub fn load(path: &Path) -> Result<Project, ProjectError> {
    // Nothing here keeps a journal, so nothing is hashed.
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(project) = load_streamed(path, &mut ())? {
        return Ok(project);
    }
    from_ron(&read_text(path)?, path)
}

/// Like [`load`], also giving the SHA-256 of the bytes read: the edit
/// journal names the file it extends by it. The hash runs beside the
/// parse, so on two cores it costs little time.
pub fn load_hashed(path: &Path) -> Result<(Project, FileHash), ProjectError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut hasher = sha2::Sha256::default();
        if let Some(project) = load_streamed(path, &mut hasher)? {
            return Ok((project, FileHash::from_hasher(hasher)));
        }
    }
    let text = read_text(path)?;
    let (hash, project) = rayon::join(|| FileHash::of(text.as_bytes()), || from_ron(&text, path));
    Ok((project?, hash))
}

/// A file in crosscheck's own layout, read in blocks (`blocks.rs`);
/// `None` for any other, to be read whole.
#[cfg(not(target_arch = "wasm32"))]
fn load_streamed(
    path: &Path,
    digest: &mut (impl super::blocks::Digest + Send),
) -> Result<Option<Project>, ProjectError> {
    crate::atomic::check_regular(path).map_err(|e| ProjectError::from_write(path, e))?;
    let streamed = super::blocks::read(path, digest).map_err(|source| ProjectError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let Some((mut project, used)) = streamed else {
        return Ok(None);
    };
    check_version(project.format_version, path)?;
    finish_checked(&mut project, path, used)?;
    Ok(Some(project))
}

fn read_text(path: &Path) -> Result<String, ProjectError> {
    let read_err = |source| ProjectError::Read {
        path: path.to_path_buf(),
        source,
    };
    crate::atomic::check_regular(path).map_err(|e| ProjectError::from_write(path, e))?;
    let bytes = crate::input::read(path, crate::input::MAX_INPUT_BYTES).map_err(read_err)?;
    String::from_utf8(bytes).map_err(|e| invalid_utf8(path, e.as_bytes(), e.utf8_error()))
}

/// The new file written and flushed beside the target, not yet in place.
/// Dropping it removes it; [`commit`] puts it in place.
pub struct PendingSave {
    file: crate::atomic::AtomicFile,
    path: PathBuf,
    hash: FileHash,
}

impl PendingSave {
    /// The SHA-256 of exactly the bytes written: what the file will be
    /// known by once committed (the edit journal records it before the
    /// rename, see `journal.rs`).
    pub fn hash(&self) -> &FileHash {
        &self.hash
    }
}

/// First half of a save: writes the whole project to a temporary file in the
/// target's folder and flushes it to disk. The target is untouched.
pub fn write_pending(project: &Project, path: &Path) -> Result<PendingSave, ProjectError> {
    // Streamed into the file rather than built as one string first: a
    // 100,000-claim project is over 100 MB of text, which would otherwise
    // sit in memory next to the project during every autosave.
    write_pending_with(path, |w| {
        use super::ron_write::{Layout, WriteFailed, write_project};
        write_project(project, Layout::PROJECT, &mut |piece| w.write_all(piece)).map_err(
            |e| match e {
                WriteFailed::Io(e) => e,
                WriteFailed::Format(e) => std::io::Error::other(SerializeFailed(e.to_string())),
            },
        )
    })
}

/// Marks a serializer failure carried through `io::Error`, so it is reported
/// as [`ProjectError::Serialize`] rather than as a write error.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct SerializeFailed(String);

fn write_pending_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<PendingSave, ProjectError> {
    let write_err = |source: std::io::Error| match source
        .get_ref()
        .and_then(|e| e.downcast_ref::<SerializeFailed>())
    {
        Some(SerializeFailed(message)) => ProjectError::Serialize(message.clone()),
        None => ProjectError::Write {
            path: path.to_path_buf(),
            source,
        },
    };
    let mut file =
        crate::atomic::AtomicFile::create(path).map_err(|e| ProjectError::from_write(path, e))?;
    // Hashed below the buffer: the hasher sees 1 MiB chunks, whatever
    // writes the text.
    let hash = {
        let mut flushing = EarlyFlush::new(file.file());
        let mut hashing = HashingWriter::new(&mut flushing);
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, &mut hashing);
        write(&mut buffered).map_err(write_err)?;
        buffered.flush().map_err(write_err)?;
        drop(buffered);
        let hash = hashing
            .finish()
            .ok_or_else(|| write_err(std::io::Error::other("the file's hash was lost")))?;
        flushing.finish().map_err(write_err)?;
        hash
    };
    file.sync().map_err(write_err)?;
    Ok(PendingSave {
        file,
        path: path.to_path_buf(),
        hash,
    })
}

/// Passes writes to a file and, every few megabytes, has a thread of its
/// own ask the disk to store what was written so far. The save's final
/// `fsync` then waits only for the last few megabytes rather than for the
/// whole file: for a 100 MB project the disk works while the text is still
/// being made (about 0.2 s of this machine's disk otherwise spent after
/// it).
struct EarlyFlush<'f> {
    file: &'f mut std::fs::File,
    unflushed: usize,
    flusher: Option<Flusher>,
}

struct Flusher {
    /// A message means "flush what was written"; two queued are enough.
    wake: std::sync::mpsc::SyncSender<()>,
    thread: std::thread::JoinHandle<std::io::Result<()>>,
}

/// Written bytes after which the flusher is woken (less in tests, so that
/// small files go through it).
const FLUSH_EVERY: usize = if cfg!(test) { 16 << 10 } else { 8 << 20 };

impl<'f> EarlyFlush<'f> {
    fn new(file: &'f mut std::fs::File) -> Self {
        Self {
            file,
            unflushed: 0,
            flusher: None,
        }
    }

    /// The flusher starts with the first large write, so a small project
    /// costs no thread.
    fn wake(&mut self) {
        #[cfg(not(target_arch = "wasm32"))]
        if self.flusher.is_none()
            && let Ok(clone) = self.file.try_clone()
        {
            let (wake, woken) = std::sync::mpsc::sync_channel::<()>(1);
            let thread = std::thread::Builder::new()
                .name("crosscheck: flushing".into())
                .spawn(move || {
                    for () in woken {
                        clone.sync_data()?;
                    }
                    Ok(())
                });
            // No thread: the final fsync does all of it, as before.
            if let Ok(thread) = thread {
                self.flusher = Some(Flusher { wake, thread });
            }
        }
        if let Some(flusher) = &self.flusher {
            // Full: a flush is queued already, and it will cover this too.
            let _ = flusher.wake.try_send(());
        }
    }

    /// Waits for the flusher; its error (a full or failing disk) is the
    /// save's.
    fn finish(mut self) -> std::io::Result<()> {
        match self.flusher.take() {
            Some(Flusher { wake, thread }) => {
                drop(wake);
                thread
                    .join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("the flushing thread failed")))
            }
            None => Ok(()),
        }
    }
}

impl std::io::Write for EarlyFlush<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unflushed += n;
        if self.unflushed >= FLUSH_EVERY {
            self.unflushed = 0;
            self.wake();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Second half of a save: keeps the current file as `.bak`, then renames the
/// new file over it. Each step is a rename, so a crash leaves either the old
/// or the new project in place, never a mix. A project file that is a
/// symbolic link stays one: its target is replaced, and the backup goes
/// beside the target.
pub fn commit(pending: PendingSave) -> Result<(), ProjectError> {
    let backup = backup_path(pending.file.target());
    pending
        .file
        .commit_keeping(&backup)
        .map_err(|source| ProjectError::Write {
            path: pending.path,
            source,
        })
}

/// Saves atomically, keeping the previous file as `<name>.bak`.
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectError> {
    // Without a disk (the web page) the installed store keeps the same
    // bytes under the project's (virtual) path.
    if let Some(store) = crate::storage::installed() {
        let text = to_ron(project)?;
        return store
            .save_project(path, text)
            .map_err(|source| ProjectError::Write {
                path: path.to_path_buf(),
                source,
            });
    }
    commit(write_pending(project, path)?)
}

/// The corpus folder a project refers to.
pub fn corpus_dir(project_path: &Path, project: &Project) -> PathBuf {
    let base = project_path.parent().unwrap_or(Path::new("."));
    let corpus = Path::new(&project.corpus);
    if corpus.is_absolute() {
        corpus.to_path_buf()
    } else {
        base.join(corpus)
    }
}

/// How a project file at `project_path` refers to `corpus`: relative where
/// possible, with `/` separators, so the pair can move together.
pub fn corpus_reference(project_path: &Path, corpus: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    // A bare file name has an empty parent, which `absolute` refuses.
    let parent = project_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let base = absolute(parent);
    let corpus = absolute(corpus);
    let rel = pathdiff::diff_paths(&corpus, &base).unwrap_or(corpus);
    let text = rel.to_string_lossy().replace('\\', "/");
    if text.is_empty() { ".".into() } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_read_from_the_head_or_by_parsing() {
        assert_eq!(
            leading_format_version("(\n    format_version: 1,\n"),
            Some(1)
        );
        assert_eq!(leading_format_version("(format_version:7)"), Some(7));
        // Another field first or a comment: left to the full parse.
        assert_eq!(
            leading_format_version("(corpus: \".\", format_version: 1)"),
            None
        );
        assert_eq!(leading_format_version("// c\n(format_version: 1)"), None);
        assert_eq!(leading_format_version("(format_version: 1x)"), None);
        let text = "(corpus: \".\", format_version: 99, labels: [])";
        assert!(matches!(
            from_ron(text, Path::new("p.ron")),
            Err(ProjectError::TooNew { found: 99, .. })
        ));
        let mut project = Project::new(".");
        project.format_version = FORMAT_VERSION;
        let text = to_ron(&project).unwrap();
        assert_eq!(leading_format_version(&text), Some(FORMAT_VERSION));
        assert_eq!(from_ron(&text, Path::new("p.ron")).unwrap(), project);
    }

    #[test]
    fn a_save_flushed_early_writes_exactly_to_ron() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let mut project = Project::new(".");
        for i in 0..2_000 {
            let span = super::super::Span {
                doc: format!("d{}.txt", i % 7),
                start: i,
                end: i + 5,
                quote: "quote".into(),
                prefix: "before".into(),
                suffix: "after".into(),
                detached: false,
            };
            let mut claim = super::super::Claim::new(span, None, "Ana", "t");
            claim.id = super::super::ClaimId(format!("c{i:05}"));
            project.claims.insert(claim);
        }
        let text = to_ron(&project).unwrap();
        assert!(
            text.len() > 20 * FLUSH_EVERY,
            "the flusher is woken many times"
        );
        save(&project, &path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        assert_eq!(load(&path).unwrap(), project);
    }

    #[test]
    fn streamed_save_writes_exactly_to_ron() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let mut project = Project::new(".");
        project.corpus = "a \"quoted\" folder\nwith a newline".into();
        save(&project, &path).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            to_ron(&project).unwrap()
        );
    }
}
