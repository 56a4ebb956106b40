//! Who has a project open: a lock file beside it, as LibreOffice's
//! `.~lock` files, so that a second window can warn before anyone types.
//!
//! `.crosscheck.ron.lock` (hidden, so corpus scans pass it by) is JSON and
//! lists every window that has the project open: who, on which machine,
//! which process, since when, and which edit journal it writes. The lock
//! only warns; what keeps two writers from losing each other's work is the
//! checked save (`shared.rs`), which merges whatever another writer saved.
//! A writer that died leaves its entry behind: an entry is stale when its
//! process is gone from this machine, or when it comes from another machine
//! and has not been refreshed for [`STALE_AFTER`].
//!
//! Changes to the lock file, and every checked save, happen while holding
//! [`DirLock`], an advisory lock on the project's folder, so that two
//! writers never interleave a check and a write.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// An entry from another machine not refreshed for this long belongs to a
/// window that is gone (a laptop closed in the middle of a class).
pub const STALE_AFTER: Duration = Duration::from_secs(12 * 60 * 60);

/// One window that has the project open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Writer {
    /// Unique to this session of the program.
    pub id: String,
    /// The annotator's name.
    pub who: String,
    pub host: String,
    pub pid: u32,
    /// Seconds since 1970, when the window opened the project.
    pub since: u64,
    /// Seconds since 1970, when it last said it is still there.
    pub seen: u64,
    /// The file name of the edit journal it writes, beside the project.
    pub journal: String,
}

impl Writer {
    /// A writer for this process.
    pub fn this_process(who: &str, journal: String) -> Self {
        let now = unix_now();
        Self {
            id: super::new_id("w"),
            who: who.to_owned(),
            host: host_name(),
            pid: std::process::id(),
            since: now,
            seen: now,
            journal,
        }
    }

    /// Whether this entry belongs to a window that is gone.
    pub fn is_stale(&self) -> bool {
        if self.host == host_name()
            && let Some(alive) = process_alive(self.pid)
        {
            return !alive;
        }
        let seen = SystemTime::UNIX_EPOCH + Duration::from_secs(self.seen);
        SystemTime::now()
            .duration_since(seen)
            .is_ok_and(|age| age > STALE_AFTER)
    }

    /// "Ana on laptop-3 (process 4121) since 2026-12-02 10:02 UTC".
    pub fn describe(&self) -> String {
        let since = SystemTime::UNIX_EPOCH + Duration::from_secs(self.since);
        let since = humantime::format_rfc3339_seconds(since).to_string();
        let since = since.replace('T', " ").replace('Z', " UTC");
        format!(
            "{} on {} (process {}) since {since}",
            self.who, self.host, self.pid
        )
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct LockFile {
    writers: Vec<Writer>,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("cannot write the lock file {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

/// The lock file of the project at `project_path`: beside the file a link
/// points to, like the journal.
pub fn lock_path(project_path: &Path) -> PathBuf {
    let target =
        crate::atomic::resolve(project_path).unwrap_or_else(|_| project_path.to_path_buf());
    let mut name = std::ffi::OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(".lock");
    target.with_file_name(name)
}

/// What the lock file says: the writers, stale ones included. A missing,
/// unreadable or garbled lock file says nobody (it only ever warns).
pub fn writers(project_path: &Path) -> Vec<Writer> {
    read(&lock_path(project_path)).writers
}

/// The writers that are still there.
pub fn live_writers(project_path: &Path) -> Vec<Writer> {
    writers(project_path)
        .into_iter()
        .filter(|w| !w.is_stale())
        .collect()
}

fn read(path: &Path) -> LockFile {
    // Bounded and regular: a lock file is a few hundred bytes.
    if crate::atomic::check_regular(path).is_err() {
        return LockFile::default();
    }
    // A named pipe put in its place must not make the window wait.
    crate::input::read(path, 1 << 20)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

fn write(path: &Path, lock: &LockFile) -> Result<(), LockError> {
    let err = |source| LockError::Write {
        path: path.to_path_buf(),
        source,
    };
    if lock.writers.is_empty() {
        return match std::fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(err(e)),
        };
    }
    let text = serde_json::to_vec_pretty(lock).map_err(|e| err(io::Error::other(e)))?;
    crate::atomic::write(path, &text).map_err(|e| match e {
        crate::atomic::WriteError::Io(e) => err(e),
        other => err(io::Error::other(other.to_string())),
    })
}

/// Changes the lock file under the folder lock; stale entries go.
fn update(project_path: &Path, change: impl FnOnce(&mut Vec<Writer>)) -> Result<(), LockError> {
    let path = lock_path(project_path);
    let _guard = DirLock::acquire(&path);
    let mut lock = read(&path);
    lock.writers.retain(|w| !w.is_stale());
    change(&mut lock.writers);
    write(&path, &lock)
}

/// A window's place in the lock file; dropping it takes the entry out.
#[derive(Debug)]
pub struct Held {
    project_path: PathBuf,
    writer: Writer,
}

impl Held {
    pub fn writer(&self) -> &Writer {
        &self.writer
    }

    /// Says the window is still there, at most once an hour (called on
    /// every save, so a window that is used keeps its entry fresh).
    pub fn refresh_if_old(&mut self) {
        if unix_now().saturating_sub(self.writer.seen) >= 60 * 60 {
            self.refresh();
        }
    }

    /// Renames this window's entry (the annotator gave their name after
    /// the project was opened).
    pub fn set_who(&mut self, who: &str) {
        if self.writer.who != who {
            self.writer.who = who.to_owned();
            self.refresh();
        }
    }

    /// Says the window is still there.
    pub fn refresh(&mut self) {
        self.writer.seen = unix_now();
        let me = self.writer.clone();
        let _ = update(&self.project_path, |writers| {
            match writers.iter_mut().find(|w| w.id == me.id) {
                Some(w) => *w = me,
                None => writers.push(me),
            }
        });
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let id = self.writer.id.clone();
        let _ = update(&self.project_path, |writers| writers.retain(|w| w.id != id));
    }
}

/// Adds this process as a writer of the project. The others still there
/// are returned so that the window can say who they are.
pub fn acquire(project_path: &Path, writer: Writer) -> Result<(Held, Vec<Writer>), LockError> {
    let mut others = Vec::new();
    let me = writer.clone();
    update(project_path, |writers| {
        others = writers.clone();
        writers.push(me);
    })?;
    Ok((
        Held {
            project_path: project_path.to_path_buf(),
            writer,
        },
        others,
    ))
}

/// An exclusive advisory lock on the folder of a file, held while checking
/// and writing it. Where the folder cannot be locked (a file system without
/// locks) it is a no-op: the check still runs, only not atomically.
pub struct DirLock {
    _dir: Option<std::fs::File>,
}

impl DirLock {
    /// Waits for the folder of `file` to be free. Saves are short, and
    /// nothing holds this lock while waiting for a person.
    pub fn acquire(file: &Path) -> Self {
        let dir = match file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let locked = std::fs::File::open(dir)
            .ok()
            .filter(|handle| handle.lock().is_ok());
        Self { _dir: locked }
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// This machine's name, as `hostname` prints it.
pub fn host_name() -> String {
    let from_file = |path: &str| {
        std::fs::read_to_string(path)
            .ok()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    from_file("/proc/sys/kernel/hostname")
        .or_else(|| from_file("/etc/hostname"))
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "this computer".to_owned())
}

/// Whether process `pid` runs on this machine; `None` where that cannot be
/// told (no `/proc`), so that only the age decides.
/// A zombie or a process on its way out counts as gone: a window killed a
/// moment ago is still listed in `/proc` until its parent reaps it, and the
/// next window must not ask about it.
fn process_alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    Some(proc.join(pid.to_string()).exists() && !crate::atomic::dying(pid))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer(who: &str) -> Writer {
        Writer::this_process(who, "crosscheck.ron.journal".into())
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_zombie_window_is_gone() {
        // Not waited for, so it stays a zombie until the end of the test.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        let zombie = (0..200).any(|_| {
            std::thread::sleep(Duration::from_millis(10));
            crate::atomic::dying(pid)
        });
        assert!(zombie, "the child never became a zombie");
        assert_eq!(process_alive(pid), Some(false));
        let mut entry = writer("Ana");
        entry.pid = pid;
        assert!(entry.is_stale());
        child.wait().unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_as_lock_file_says_nobody_and_does_not_wait() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crosscheck.ron");
        let fifo = std::ffi::CString::new(lock_path(&path).to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert!(writers(&path).is_empty());
    }

    #[test]
    fn a_live_process_is_there() {
        assert_ne!(process_alive(std::process::id()), Some(false));
    }

    #[test]
    fn the_lock_file_is_hidden_beside_the_project() {
        assert_eq!(
            lock_path(Path::new("/c/crosscheck.ron")),
            Path::new("/c/.crosscheck.ron.lock")
        );
    }

    #[test]
    fn writers_come_and_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crosscheck.ron");
        let (first, others) = acquire(&path, writer("Ana")).unwrap();
        assert!(others.is_empty());
        let (second, others) = acquire(&path, writer("Ben")).unwrap();
        assert_eq!(others, vec![first.writer().clone()]);
        assert_eq!(live_writers(&path).len(), 2);
        drop(first);
        assert_eq!(live_writers(&path), vec![second.writer().clone()]);
        drop(second);
        assert!(!lock_path(&path).exists(), "the last one removes the file");
    }

    #[test]
    fn a_name_given_later_reaches_the_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crosscheck.ron");
        let (mut held, _) = acquire(&path, writer("anonymous")).unwrap();
        held.set_who("Ana");
        let listed = live_writers(&path);
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].who, "Ana");
        assert_eq!(listed[0].id, held.writer().id);
    }

    #[test]
    fn a_dead_process_and_an_old_entry_are_stale() {
        let mut dead = writer("Ana");
        // Beyond any pid this machine hands out.
        dead.pid = u32::MAX - 1;
        assert!(dead.is_stale());
        let mut far = writer("Ben");
        far.host = "another-machine".into();
        assert!(!far.is_stale(), "seen just now");
        far.seen -= STALE_AFTER.as_secs() + 60;
        assert!(far.is_stale());
        let mut alive_but_old = writer("Cy");
        alive_but_old.seen -= STALE_AFTER.as_secs() + 60;
        assert!(
            !alive_but_old.is_stale(),
            "a process still running here is there, however long it has been open"
        );
    }

    #[test]
    fn stale_entries_are_dropped_when_the_next_writer_comes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crosscheck.ron");
        let mut dead = writer("Ana");
        dead.pid = u32::MAX - 1;
        let lock = LockFile {
            writers: vec![dead.clone()],
        };
        write(&lock_path(&path), &lock).unwrap();
        assert_eq!(writers(&path), vec![dead]);
        assert!(live_writers(&path).is_empty());
        let (held, others) = acquire(&path, writer("Ben")).unwrap();
        assert!(others.is_empty(), "a dead window is nobody to warn about");
        assert_eq!(writers(&path), vec![held.writer().clone()]);
    }

    #[test]
    fn a_garbled_lock_file_says_nobody() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crosscheck.ron");
        std::fs::write(lock_path(&path), b"{not json").unwrap();
        assert!(writers(&path).is_empty());
        let (_held, others) = acquire(&path, writer("Ana")).unwrap();
        assert!(others.is_empty());
        assert_eq!(writers(&path).len(), 1);
    }
}
