//! Nothing left behind (issue 27): a save killed at any moment leaves at
//! most its temporary file, and the next save removes it — even when that
//! save starts the instant after the kill, while the kernel is still tearing
//! the killed process down and its lock on the file is still held.

use crate::support;
use std::io::{BufRead as _, Write as _};
use std::path::Path;
use std::time::Duration;

use crosscheck::atomic::{self, AtomicFile};
use proptest::test_runner::{Config, TestRunner};

/// Set in the child process: the folder it saves into.
const CHILD: &str = "CROSSCHECK_TEMP_TEST_CHILD";
/// The test the child runs (this one, with [`CHILD`] set).
const NAME: &str = "a_save_killed_at_any_moment_leaves_nothing_after_the_next_save";

/// The child: saves a large file over and over, every other time keeping a
/// backup (the project save's path), until it is killed.
fn child(dir: &Path) -> ! {
    // About the size of the project of the report.
    let big = vec![b'x'; 24 << 20];
    let target = dir.join("project.ron");
    let backup = dir.join("project.ron.bak");
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "ready");
    let _ = out.flush();
    for round in 0u64.. {
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(&big).unwrap();
        if round % 2 == 0 {
            file.commit().unwrap();
        } else {
            file.commit_keeping(&backup).unwrap();
        }
    }
    unreachable!()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".crosscheck-"))
        .collect()
}

#[test]
fn a_save_killed_at_any_moment_leaves_nothing_after_the_next_save() {
    if let Some(dir) = std::env::var_os(CHILD) {
        child(Path::new(&dir));
    }
    let exe = std::env::current_exe().unwrap();
    let mut runner = TestRunner::new(Config::with_cases(16));
    // The kill point: a delay after the child starts saving, so kills land
    // while the temporary file is created, written, synced, renamed, and
    // while the backup is staged.
    runner
        .run(&(0u64..400), |delay_ms| {
            let dir = tempfile::tempdir().unwrap();
            let mut child = std::process::Command::new(&exe)
                .args([
                    &support::test_in_binary(module_path!(), NAME),
                    "--exact",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD, dir.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let stdout = child.stdout.take().unwrap();
            let mut lines = std::io::BufReader::new(stdout).lines();
            assert!(
                lines
                    .by_ref()
                    .map_while(Result::ok)
                    .any(|l| l.ends_with("ready")),
                "the child started"
            );
            std::thread::sleep(Duration::from_millis(delay_ms));
            // SIGKILL, and the next save at once: not waiting for the
            // child to be reaped is the point.
            child.kill().unwrap();
            atomic::write(&dir.path().join("project.ron"), b"the good save").unwrap();
            let left = leftovers(dir.path());
            child.wait().unwrap();
            assert!(
                left.is_empty(),
                "killed after {delay_ms} ms, the next save left {left:?}"
            );
            assert_eq!(
                std::fs::read(dir.path().join("project.ron")).unwrap(),
                b"the good save"
            );
            Ok(())
        })
        .unwrap();
}

/// A live writer's temporary file is never taken from it: another process
/// (here a thread of this one, the same rule) saving beside it leaves it,
/// and the live save still commits.
#[test]
fn a_live_writers_temporary_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let mut live = AtomicFile::create(&a).unwrap();
    live.write_all(b"slow save").unwrap();
    atomic::write(&dir.path().join("b.ron"), b"quick save").unwrap();
    assert_eq!(leftovers(dir.path()).len(), 1, "the live one's file stays");
    live.commit().unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), b"slow save");
    assert!(leftovers(dir.path()).is_empty());
}

/// A locked temporary file whose owner pid is not a process here (another
/// machine on a shared folder, another pid namespace) cannot be judged and
/// stays; once nobody holds its lock, the next save removes it.
#[test]
fn an_unknown_owners_locked_file_stays_until_its_lock_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    // pid_max is at most 2^22 on Linux: this pid is nobody's.
    let foreign = dir
        .path()
        .join(".crosscheck-00000000000000aa-4294967290.tmp");
    std::fs::write(&foreign, "half a save").unwrap();
    let holder = std::fs::File::open(&foreign).unwrap();
    holder.lock().unwrap();
    atomic::write(&dir.path().join("p.ron"), b"x").unwrap();
    assert!(foreign.exists());
    drop(holder);
    atomic::write(&dir.path().join("p.ron"), b"y").unwrap();
    assert!(!foreign.exists());
}
