//! Replacing files so that a crash, a `kill -9` or a full disk leaves either
//! the old file or the new one, never half of one — and never a pile of
//! temporary files.
//!
//! Every save (project, settings, exports) goes through [`AtomicFile`]: the
//! new content goes to a temporary file in the target's folder, which is
//! flushed, fsynced and renamed over the target; then the folder is fsynced
//! so that the rename itself survives a power cut.
//!
//! Temporary files are named `.crosscheck-<16 hex digits>-<pid>.tmp` and
//! their writer holds an exclusive lock on them until they are renamed into
//! place. A killed writer's lock dies with it, so [`remove_stale`] (run
//! before every write) deletes the temporary files that nobody is writing.
//! A writer killed a moment ago may still hold its lock while the kernel
//! tears the process down (freeing a large heap takes a while), so a locked
//! file whose owner (the pid in its name, on this machine) is already dying
//! — SIGKILL pending, exiting, a zombie — is removed too: that process will
//! never run another instruction of its own, so it cannot rename the file.
//! A locked file whose owner is alive, or cannot be looked up (another
//! machine on a shared folder, another pid namespace), is a live writer's
//! and stays; files still locked when a save starts are looked at again
//! once it has committed. Age is never a reason: a live save of a large
//! project on a slow disk may take minutes.
//!
//! What a replaced file keeps: its mode, and its owner and group where the
//! process may set them. A new file gets the mode the umask gives, as
//! `touch` would (0666 less the umask). A symbolic link is written through:
//! the link stays, its target gets the new content.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Every temporary name starts with this (a hidden file, so corpus scans
/// never read it).
pub const TEMP_PREFIX: &str = ".crosscheck-";
/// A temporary file, or the lock file guarding a temporary folder.
pub const TEMP_SUFFIX: &str = ".tmp";
/// A temporary folder (a brat export being built).
const DIR_SUFFIX: &str = ".tmpdir";
/// An old folder moved aside while its replacement goes in.
const OLD_DIR_SUFFIX: &str = ".old.tmpdir";

/// Why a file could not be replaced.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The path names a folder, a named pipe, a device or a socket: renaming
    /// a file over it would destroy it (or, for a pipe, reading it hangs).
    #[error("{path} is {kind}, not a regular file")]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// What kind of non-regular file `file_type` is, for messages; `None` for a
/// regular file.
pub fn irregular_kind(file_type: fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Fails with [`WriteError::NotRegular`] when `path` exists (following
/// links) and is not a regular file. A missing path is fine.
pub fn check_regular(path: &Path) -> Result<(), WriteError> {
    match fs::metadata(path) {
        Ok(meta) => match irregular_kind(meta.file_type()) {
            Some(kind) => Err(WriteError::NotRegular {
                path: path.to_path_buf(),
                kind,
            }),
            None => Ok(()),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The file a write to `path` really replaces: `path` itself, or the end of
/// its chain of symbolic links (which need not exist yet).
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // The kernel's own limit on a chain of links (Linux: 40).
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) => parent.join(link),
                    None => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "{} is a symbolic link loop",
        path.display()
    )))
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A new file's contents, written beside its target and not yet in place.
/// Dropping it without [`AtomicFile::commit`] removes the temporary file.
#[derive(Debug)]
pub struct AtomicFile {
    /// Open (and locked) until the rename, so no cleaner removes it.
    file: File,
    temp: PathBuf,
    target: PathBuf,
    done: bool,
    /// Temporary files of other writers that were locked when this one
    /// started: looked at again after the commit.
    busy: Vec<PathBuf>,
}

impl AtomicFile {
    /// Starts replacing `path` (following symbolic links). Refuses a path
    /// that is not a regular file, removes stale temporary files of killed
    /// writers in the folder, and creates this one's temporary file with the
    /// mode (and, where permitted, owner and group) the result should have.
    pub fn create(path: &Path) -> Result<Self, WriteError> {
        let target = resolve(path)?;
        check_regular(&target)?;
        let dir = folder_of(&target);
        let busy = sweep(dir).busy;
        let (file, temp) = create_temp(dir)?;
        let this = Self {
            file,
            temp,
            target,
            done: false,
            busy,
        };
        if let Ok(meta) = fs::metadata(&this.target) {
            copy_ownership(&this.file, &meta)?;
            this.file.set_permissions(meta.permissions())?;
        }
        Ok(this)
    }

    /// The file that will be replaced (symbolic links resolved).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The temporary file, for writing the contents.
    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// Flushes the contents to disk, so that the rename cannot expose a file
    /// whose data is still only in memory.
    pub fn sync(&self) -> io::Result<()> {
        self.file.sync_all()
    }

    /// Puts the new file in place.
    pub fn commit(self) -> io::Result<()> {
        self.commit_inner(None)
    }

    /// Puts the new file in place, keeping the file it replaces (if any) as
    /// `backup`. The target stays in place throughout: the backup is made
    /// by a rename of a link (or copy) of it, then the new file is renamed
    /// over the target, so every moment has a complete target.
    pub fn commit_keeping(self, backup: &Path) -> io::Result<()> {
        self.commit_inner(Some(backup))
    }

    fn commit_inner(mut self, backup: Option<&Path>) -> io::Result<()> {
        self.sync()?;
        if let Some(backup) = backup
            && fs::symlink_metadata(&self.target).is_ok()
        {
            keep_backup(&self.target, backup)?;
        }
        fs::rename(&self.temp, &self.target)?;
        self.done = true;
        sync_dir(folder_of(&self.target));
        // A writer killed just before this save began is gone by now.
        for path in std::mem::take(&mut self.busy) {
            if let Some((id, _)) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(parse_temp_name)
                && is_stale(&path, id)
            {
                let _ = fs::remove_file(&path);
            }
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Replaces `path` with `bytes` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()?;
    Ok(())
}

/// Makes `backup` a copy of `target` without ever moving `target`.
fn keep_backup(target: &Path, backup: &Path) -> io::Result<()> {
    let dir = folder_of(backup);
    let current = File::open(target)?;
    // The staged hard link is the same file as the target, so holding the
    // target's lock keeps cleaners off the staged name too.
    if current.try_lock().is_ok() {
        let staged = dir.join(temp_name(&own_id()));
        if fs::hard_link(target, &staged).is_ok() {
            if same_file(&current, &staged) {
                return fs::rename(&staged, backup).inspect_err(|_| {
                    let _ = fs::remove_file(&staged);
                });
            }
            // The target was replaced under us; copy what we hold open.
            let _ = fs::remove_file(&staged);
        }
    }
    // No hard links here (or the target is busy): copy it instead.
    let (mut copy, staged) = create_temp(dir)?;
    let result = (|| {
        io::copy(&mut &current, &mut copy)?;
        let meta = current.metadata()?;
        copy_ownership(&copy, &meta)?;
        copy.set_permissions(meta.permissions())?;
        copy.sync_all()?;
        fs::rename(&staged, backup)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&staged);
    }
    result
}

/// A folder being built beside its final place (a brat export), guarded by
/// a locked `.crosscheck-<id>.tmp` so that [`remove_stale`] can tell a
/// killed builder's folder from a live one's. Dropping it removes what is
/// left of the folder and its guard.
#[derive(Debug)]
pub struct TempDir {
    /// Held open for its lock.
    _guard: File,
    guard_path: PathBuf,
    dir: PathBuf,
    aside: PathBuf,
}

impl TempDir {
    /// Creates an empty folder in `parent`, with the mode the umask gives.
    pub fn create(parent: &Path) -> io::Result<Self> {
        remove_stale(parent);
        let (guard, guard_path) = create_temp(parent)?;
        let name = guard_path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
            .map(str::to_owned)
            .ok_or_else(|| io::Error::other("temporary file name is not Unicode"))?;
        let this = Self {
            _guard: guard,
            guard_path,
            dir: parent.join(format!("{name}{DIR_SUFFIX}")),
            aside: parent.join(format!("{name}{OLD_DIR_SUFFIX}")),
        };
        #[cfg_attr(not(unix), allow(unused_mut))]
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt as _;
            builder.mode(0o777);
        }
        builder.create(&this.dir)?;
        Ok(this)
    }

    /// The folder to fill.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Where an old folder can wait while the new one takes its place; it
    /// is removed with this value.
    pub fn aside_path(&self) -> &Path {
        &self.aside
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
        let _ = fs::remove_dir_all(&self.aside);
        // The guard goes last: a folder without its guard means a dead builder.
        let _ = fs::remove_file(&self.guard_path);
    }
}

fn temp_name(id: &str) -> String {
    format!("{TEMP_PREFIX}{id}{TEMP_SUFFIX}")
}

/// A new temporary name's id: random, and this process's pid so that a
/// cleaner can tell whether its writer is still alive.
fn own_id() -> String {
    format!("{}-{}", random_id(), std::process::id())
}

fn random_id() -> String {
    let n = getrandom::u64().unwrap_or_else(|_| {
        // No system randomness: time and pid still make a clash unlikely,
        // and `create_new` turns a clash into another try, not an overwrite.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        nanos ^ (u64::from(std::process::id()) << 32)
    });
    format!("{n:016x}")
}

/// Creates and locks a new temporary file in `dir`.
fn create_temp(dir: &Path) -> io::Result<(File, PathBuf)> {
    for _ in 0..64 {
        let path = dir.join(temp_name(&own_id()));
        let mut options = OpenOptions::new();
        options.read(true).write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            // The kernel takes the umask off, exactly as for `touch`.
            options.mode(0o666);
        }
        let file = match options.open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        match file.try_lock() {
            Ok(()) => {}
            // A cleaner got to it between creation and lock and is removing it.
            Err(fs::TryLockError::WouldBlock) => continue,
            // No locks on this filesystem: cleaners cannot lock either, so
            // they leave every temporary file alone.
            Err(fs::TryLockError::Error(_)) => return Ok((file, path)),
        }
        // A cleaner may have removed the name just before the lock was taken.
        if same_file(&file, &path) {
            return Ok((file, path));
        }
    }
    Err(io::Error::other(format!(
        "cannot create a temporary file in {}",
        dir.display()
    )))
}

/// Whether `path` still names the open `file`.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (file.metadata(), fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

/// Gives `file` the owner and group in `meta` where the process may; not
/// being allowed to (EPERM: another user's file) is no reason to fail.
fn copy_ownership(file: &File, meta: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let mine = file.metadata()?;
        if mine.uid() == meta.uid() && mine.gid() == meta.gid() {
            return Ok(());
        }
        match std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())) {
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                // The group alone may still be ours to give.
                let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
            }
            other => other?,
        }
    }
    #[cfg(not(unix))]
    let _ = (file, meta);
    Ok(())
}

/// Makes renames in `dir` durable where the platform allows it.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The id of a temporary name of ours: `.crosscheck-<id>.tmp` -> (`<id>`,
/// suffix).
fn parse_temp_name(name: &str) -> Option<(&str, &'static str)> {
    let rest = name.strip_prefix(TEMP_PREFIX)?;
    for suffix in [OLD_DIR_SUFFIX, DIR_SUFFIX, TEMP_SUFFIX] {
        if let Some(id) = rest.strip_suffix(suffix)
            && !id.is_empty()
            && !id.contains('.')
        {
            return Some((id, suffix));
        }
    }
    // Earlier versions named temporary files `.crosscheck-<random>.tmp` and
    // `.crosscheck-export-<random>.tmp`; they are cleaned the same way.
    let id = rest.strip_suffix(TEMP_SUFFIX)?;
    (!id.is_empty()).then_some((id, TEMP_SUFFIX))
}

/// Whether `name` is one of the temporary names this module creates.
pub fn is_temp_name(name: &str) -> bool {
    parse_temp_name(name).is_some()
}

/// Removes the temporary files and folders in `dir` that a killed writer
/// left behind: those whose lock nobody holds. A file that another process
/// is writing right now is locked and left alone. Returns how many entries
/// were removed. Errors are ignored: cleaning up is never a reason for a
/// save to fail.
pub fn remove_stale(dir: &Path) -> usize {
    sweep(dir).removed
}

/// What a sweep of a folder found.
#[derive(Debug, Default)]
struct Swept {
    removed: usize,
    /// Temporary files a live (or unknown) writer holds.
    busy: Vec<PathBuf>,
}

fn sweep(dir: &Path) -> Swept {
    let mut swept = Swept::default();
    let Ok(entries) = fs::read_dir(dir) else {
        return swept;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some((id, suffix)) = name.to_str().and_then(parse_temp_name) else {
            continue;
        };
        // Never follow a link, and never open a pipe (it would hang).
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if suffix == TEMP_SUFFIX && file_type.is_file() {
            if is_stale(&path, id) {
                if fs::remove_file(&path).is_ok() {
                    swept.removed += 1;
                }
            } else {
                swept.busy.push(path);
            }
        } else if suffix != TEMP_SUFFIX && file_type.is_dir() {
            // A builder creates its guard first and removes it last, so a
            // folder whose guard is gone belongs to no one.
            let guard = dir.join(temp_name(id));
            let orphan = match fs::symlink_metadata(&guard) {
                Err(e) => e.kind() == io::ErrorKind::NotFound,
                Ok(meta) => meta.is_file() && is_stale(&guard, id),
            };
            if orphan && fs::remove_dir_all(&path).is_ok() {
                swept.removed += 1;
            }
        }
    }
    swept
}

/// Whether the temporary file at `path` (id `id`) belongs to no live
/// writer: nobody holds its lock, or its owner is dying.
fn is_stale(path: &Path, id: &str) -> bool {
    unlocked(path) || owner_pid(id).is_some_and(dying)
}

/// The writer's pid recorded in an id `<random>-<pid>`; `None` for names of
/// earlier versions.
fn owner_pid(id: &str) -> Option<u32> {
    let (_, pid) = id.rsplit_once('-')?;
    pid.parse().ok()
}

/// Whether process `pid` of this machine will never run code of its own
/// again: a zombie, exiting, or with SIGKILL pending in any thread. Linux
/// only (`/proc`); elsewhere, and for a pid that is not there (another pid
/// namespace, another machine), `false`: only its lock can tell.
pub(crate) fn dying(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    #[cfg(target_os = "linux")]
    {
        let Ok(threads) = fs::read_dir(format!("/proc/{pid}/task")) else {
            return false;
        };
        threads.flatten().any(|thread| thread_dying(&thread.path()))
    }
    #[cfg(not(target_os = "linux"))]
    false
}

#[cfg(target_os = "linux")]
fn thread_dying(task: &Path) -> bool {
    /// `PF_EXITING` in the flags of `/proc/<pid>/stat` (include/linux/sched.h).
    const PF_EXITING: u64 = 0x4;
    /// SIGKILL (9) in a pending-signal mask of `/proc/<pid>/status`.
    const SIGKILL_BIT: u64 = 1 << 8;
    // Both files are a few hundred bytes; a bound all the same.
    let read = |name: &str| {
        use io::Read as _;
        let mut text = String::new();
        let _ =
            File::open(task.join(name)).and_then(|f| f.take(64 << 10).read_to_string(&mut text));
        text
    };
    let stat = read("stat");
    // After the command name, which may itself hold spaces and `)`.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or_else(Vec::new, |(_, rest)| rest.split_whitespace().collect());
    let state = fields.first().copied().unwrap_or("");
    if matches!(state, "Z" | "X" | "x") {
        return true;
    }
    if fields
        .get(6)
        .and_then(|f| f.parse::<u64>().ok())
        .is_some_and(|flags| flags & PF_EXITING != 0)
    {
        return true;
    }
    read("status").lines().any(|line| {
        let mask = line
            .strip_prefix("SigPnd:")
            .or_else(|| line.strip_prefix("ShdPnd:"));
        mask.and_then(|m| u64::from_str_radix(m.trim(), 16).ok())
            .is_some_and(|m| m & SIGKILL_BIT != 0)
    })
}

/// Whether nobody holds the lock on the file at `path`. The lock taken to
/// find out is released on return, before the caller removes the name;
/// that is safe because a writer that locks a new file afterwards checks
/// that its name still exists, and tries another if not.
fn unlocked(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    file.try_lock().is_ok() && same_file(&file, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_recognised() {
        assert!(is_temp_name(".crosscheck-0123456789abcdef.tmp"));
        assert!(is_temp_name(".crosscheck-0123456789abcdef.tmpdir"));
        assert!(is_temp_name(".crosscheck-0123456789abcdef.old.tmpdir"));
        assert!(is_temp_name(".crosscheck-export-Ab3xYz.tmp"));
        assert!(!is_temp_name(".crosscheck-.tmp"));
        assert!(!is_temp_name("crosscheck.ron"));
        assert!(!is_temp_name(".crosscheck-abc.txt"));
        assert_eq!(
            parse_temp_name(".crosscheck-ab.old.tmpdir"),
            Some(("ab", OLD_DIR_SUFFIX))
        );
    }

    #[test]
    fn write_replaces_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn dropped_file_is_removed_and_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        fs::write(&path, "old").unwrap();
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"new").unwrap();
        drop(file);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn backup_keeps_the_previous_contents() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        let backup = dir.path().join("f.txt.bak");
        fs::write(&path, "old").unwrap();
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"new").unwrap();
        file.commit_keeping(&backup).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_to_string(&backup).unwrap(), "old");
    }

    #[test]
    fn backup_is_copied_when_the_target_is_locked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        let backup = dir.path().join("f.txt.bak");
        fs::write(&path, "old").unwrap();
        let holder = File::open(&path).unwrap();
        holder.lock().unwrap();
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"new").unwrap();
        file.commit_keeping(&backup).unwrap();
        assert_eq!(fs::read_to_string(&backup).unwrap(), "old");
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write(dir.path(), b"x").unwrap_err();
        assert!(
            matches!(
                err,
                WriteError::NotRegular {
                    kind: "a folder",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn stale_folders_go_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let live = TempDir::create(dir.path()).unwrap();
        fs::write(live.path().join("a.txt"), "a").unwrap();
        // A killed builder: folder and guard, nobody holding the guard.
        fs::create_dir(dir.path().join(".crosscheck-00000000000000aa.tmpdir")).unwrap();
        fs::write(dir.path().join(".crosscheck-00000000000000aa.tmp"), "").unwrap();
        // A folder whose guard is already gone.
        fs::create_dir(dir.path().join(".crosscheck-00000000000000bb.old.tmpdir")).unwrap();
        assert_eq!(remove_stale(dir.path()), 3);
        assert!(live.path().join("a.txt").is_file());
        drop(live);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
