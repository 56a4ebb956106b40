//! The files crosscheck writes and reads, as seen from outside: no temp files
//! left by killed saves, modes and owners kept, symbolic links written
//! through, anything but a regular project file refused at once, load errors
//! that point at the place.

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crosscheck::corpus::{Corpus, Progress, SkipReason};
use crosscheck::export::{self, Format};
use crosscheck::project::{self, Project, ProjectError};
use crosscheck::workspace::Workspace;

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn temp_files_in(dir: &Path) -> Vec<String> {
    names_in(dir)
        .into_iter()
        .filter(|n| n.starts_with(".crosscheck-"))
        .collect()
}

/// A project over `dir` (a folder with one article), saved once.
fn saved(dir: &Path) -> (Project, PathBuf) {
    fs::write(dir.join("a.txt"), "Officers were sent.\n").unwrap();
    let path = dir.join("crosscheck.ron");
    let project = Project::new(".");
    project::save(&project, &path).unwrap();
    (project, path)
}

/// What a save killed with SIGKILL leaves: a temp file of ours, half
/// written, that no process holds a lock on any more.
fn leave_killed_save(dir: &Path, id: &str) -> PathBuf {
    let path = dir.join(format!(".crosscheck-{id}.tmp"));
    fs::write(&path, vec![b'('; 1 << 20]).unwrap();
    path
}

#[test]
fn a_save_removes_what_killed_saves_left() {
    let dir = tempfile::tempdir().unwrap();
    let (project, path) = saved(dir.path());
    let stale = [
        leave_killed_save(dir.path(), "00000000000000a1"),
        leave_killed_save(dir.path(), "00000000000000a2"),
        // The name earlier versions (tempfile's random suffix) used.
        leave_killed_save(dir.path(), "Xy3AbC"),
    ];
    assert_eq!(temp_files_in(dir.path()).len(), 3);
    project::save(&project, &path).unwrap();
    assert!(stale.iter().all(|p| !p.exists()));
    assert_eq!(
        names_in(dir.path()),
        ["a.txt", "crosscheck.ron", "crosscheck.ron.bak"]
    );
}

#[test]
fn a_temp_file_someone_is_writing_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (project, path) = saved(dir.path());
    let live = leave_killed_save(dir.path(), "00000000000000b1");
    // Another save in progress: it holds the lock on its temp file.
    let writer = fs::File::options().write(true).open(&live).unwrap();
    writer.lock().unwrap();
    project::save(&project, &path).unwrap();
    assert!(live.exists(), "a live writer's temp file was removed");
    drop(writer);
    project::save(&project, &path).unwrap();
    assert!(!live.exists(), "its writer is gone, so the file is stale");
}

/// The same with a real second process, killed with SIGKILL while it holds
/// the lock: the file stays while it lives and goes after it is killed.
#[cfg(unix)]
#[test]
fn a_temp_file_of_a_killed_process_is_removed() {
    if Command::new("flock").arg("--version").output().is_err() {
        eprintln!(
            "!!! SKIPPED a_temp_file_of_a_killed_process_is_removed: flock(1) is not \
             installed; a_temp_file_someone_is_writing_is_left_alone covers the same \
             rule within one process"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (project, path) = saved(dir.path());
    let temp = leave_killed_save(dir.path(), "00000000000000c1");
    // One process: the shell takes the lock on fd 9, then becomes `sleep`.
    let script = "exec 9>>\"$1\" && flock -x 9 && exec sleep 30";
    let mut child = Command::new("sh")
        .args(["-c", script, "sh"])
        .arg(&temp)
        .spawn()
        .unwrap();
    let probe = fs::File::open(&temp).unwrap();
    let start = Instant::now();
    while probe.try_lock().is_ok() {
        probe.unlock().unwrap();
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the child never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    project::save(&project, &path).unwrap();
    let alive = temp.exists();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(alive, "the temp file of a live process was removed");
    project::save(&project, &path).unwrap();
    assert!(!temp.exists(), "the killed process's temp file was left");
    assert!(temp_files_in(dir.path()).is_empty());
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Runs the crosscheck binary under `umask`.
#[cfg(unix)]
fn crosscheck_with_umask(umask: &str, args: &[&str]) -> std::process::Output {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[cfg(unix)]
#[test]
fn new_files_follow_the_umask() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = support::copy_seeds(tmp.path());
    let empty = tmp.path().join("empty.jsonl");
    fs::write(&empty, "").unwrap();
    let s = |p: &Path| p.to_str().unwrap().to_owned();
    for (umask, file_mode, dir_mode) in [("027", 0o640, 0o750), ("002", 0o664, 0o775)] {
        let project = tmp.path().join(format!("p{umask}.ron"));
        crosscheck_with_umask(
            umask,
            &["import", &s(&project), &s(&empty), "--corpus", &s(&corpus)],
        );
        assert_eq!(mode_of(&project), file_mode, "project, umask {umask}");
        let csv = tmp.path().join(format!("c{umask}.csv"));
        crosscheck_with_umask(
            umask,
            &["export", &s(&project), "-f", "csv", "-o", &s(&csv)],
        );
        assert_eq!(mode_of(&csv), file_mode, "csv export, umask {umask}");
        let brat = tmp.path().join(format!("brat{umask}"));
        crosscheck_with_umask(
            umask,
            &["export", &s(&project), "-f", "brat", "-o", &s(&brat)],
        );
        assert_eq!(mode_of(&brat), dir_mode, "brat folder, umask {umask}");
        assert_eq!(
            mode_of(&brat.join("annotation.conf")),
            file_mode,
            "brat file, umask {umask}"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_existing_file_keeps_its_mode_and_owner() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let dir = tempfile::tempdir().unwrap();
    let (project, path) = saved(dir.path());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    project::save(&project, &path).unwrap();
    assert_eq!(mode_of(&path), 0o640);
    let csv = dir.path().join("claims.csv");
    let corpus = Corpus::open(dir.path()).unwrap();
    export::export(&project, &corpus, Format::Csv, &csv).unwrap();
    fs::set_permissions(&csv, fs::Permissions::from_mode(0o604)).unwrap();
    export::export(&project, &corpus, Format::Csv, &csv).unwrap();
    assert_eq!(mode_of(&csv), 0o604, "a replaced export keeps its mode");

    let me = fs::metadata(&path).unwrap().uid();
    if me != 0 {
        // Only root may give a file to someone else, so the owner cannot be
        // changed here to see that it is kept; the save must still work.
        eprintln!("!!! not root: owner preservation is not exercised, only the mode");
        project::save(&project, &path).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().uid(), me);
        return;
    }
    std::os::unix::fs::chown(&path, Some(1234), Some(5678)).unwrap();
    project::save(&project, &path).unwrap();
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (1234, 5678));
    assert_eq!(mode_of(&path), 0o640);
}

#[cfg(unix)]
#[test]
fn a_symlinked_project_stays_a_link_and_its_target_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let work = tmp.path().join("work");
    fs::create_dir_all(&data).unwrap();
    fs::create_dir_all(&work).unwrap();
    let target = data.join("real.ron");
    let mut project = Project::new(".");
    project::save(&project, &target).unwrap();
    let link = work.join("crosscheck.ron");
    std::os::unix::fs::symlink("../data/real.ron", &link).unwrap();

    project.set_corpus_reference("elsewhere".into());
    project::save(&project, &link).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("../data/real.ron"));
    assert_eq!(project::load(&target).unwrap().corpus(), "elsewhere");
    assert_eq!(
        project::load(&data.join("real.ron.bak")).unwrap().corpus(),
        "."
    );
    assert_eq!(names_in(&work), ["crosscheck.ron"]);
    assert_eq!(names_in(&data), ["real.ron", "real.ron.bak"]);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo failed");
}

#[cfg(unix)]
#[test]
fn a_fifo_as_project_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("crosscheck.ron");
    mkfifo(&fifo);

    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("check")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(5) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("`crosscheck check FIFO` still running after 5 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("named pipe"), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");

    // In the library too, for reading and for saving (renaming over the
    // pipe would replace it).
    let err = project::load(&fifo).unwrap_err();
    assert!(matches!(err, ProjectError::NotAFile { .. }), "{err}");
    let err = project::save(&Project::new("."), &fifo).unwrap_err();
    assert!(matches!(err, ProjectError::NotAFile { .. }), "{err}");
    use std::os::unix::fs::FileTypeExt as _;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_folder_as_project_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let err = project::load(tmp.path()).unwrap_err();
    assert!(matches!(err, ProjectError::NotAFile { .. }), "{err}");
    assert!(err.to_string().contains("is a folder"), "{err}");
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("crosscheck.ron");
    fs::write(
        &path,
        b"(\n    format_version: 1,\n    corpus: \"caf\xE9\",\n)\n",
    )
    .unwrap();
    let err = project::load(&path).unwrap_err();
    match &err {
        ProjectError::Parse { line, column, .. } => assert_eq!((*line, *column), (3, 17)),
        other => panic!("expected a parse error, got {other}"),
    }
    let message = err.to_string();
    assert!(message.contains("line 3, column 17"), "{message}");
    assert!(message.contains("UTF-8"), "{message}");
}

#[test]
fn too_deep_nesting_is_told_without_ron_internals() {
    let depth = 300;
    let text = format!(
        "(\n    format_version: 1,\n    corpus: \".\",\n    extra: {}{},\n)\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = project::from_ron(&text, Path::new("deep.ron")).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(err, ProjectError::Parse { line: 4, .. }),
        "{message}"
    );
    assert!(message.contains("nests"), "{message}");
    assert!(!message.contains("recursion_limit"), "{message}");
    assert!(!message.contains("ron::"), "{message}");
}

#[test]
fn the_project_and_its_backup_are_not_skipped_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (project, path) = saved(dir);
    project::save(&project, &path).unwrap();
    // Another annotator's file beside it, and a file that really is skipped.
    project::save(&project, &dir.join("ana.ron")).unwrap();
    project::save(&project, &dir.join("ana.ron")).unwrap();
    fs::write(dir.join("notes.png"), "{}").unwrap();
    assert!(dir.join("crosscheck.ron.bak").is_file());

    let corpus = Corpus::open(dir).unwrap();
    let skipped: Vec<&str> = corpus.skipped.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(skipped, ["notes.png"]);
    assert_eq!(corpus.skipped[0].reason, SkipReason::NotText);

    // A project under a name the scan cannot know is still not "skipped"
    // once a workspace opens it.
    let odd = dir.join("labels.project");
    project::save(&project, &odd).unwrap();
    project::save(&project, &odd).unwrap();
    let ws = Workspace::open_project(&odd, &Progress::default()).unwrap();
    let skipped: Vec<&str> = ws.corpus.skipped.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(skipped, ["notes.png"]);
    assert_eq!(ws.corpus.len(), 1);
}

#[test]
fn a_folder_brat_has_opened_can_be_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = Corpus::open(&support::copy_seeds(tmp.path())).unwrap();
    let project = support::seeds_project(&corpus);
    let out = tmp.path().join("brat");
    export::export(&project, &corpus, Format::Brat, &out).unwrap();
    // brat writes its cache into every collection folder it shows.
    fs::write(out.join(".stats_cache"), b"\x80\x04cached").unwrap();
    export::export(&project, &corpus, Format::Brat, &out).unwrap();
    assert!(out.join("annotation.conf").is_file());
    assert!(!out.join(".stats_cache").exists());
    assert!(temp_files_in(tmp.path()).is_empty());

    // Anything else still makes it someone else's folder.
    fs::write(out.join(".stats_cache"), b"cached").unwrap();
    fs::write(out.join("thesis.docx"), b"mine").unwrap();
    let err = export::export(&project, &corpus, Format::Brat, &out).unwrap_err();
    assert!(
        matches!(err, export::ExportError::ForeignFolder(_)),
        "{err}"
    );
    assert!(out.join("thesis.docx").is_file());
}
