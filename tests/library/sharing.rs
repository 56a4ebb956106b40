//! Two hands on one project (issue 27, docs/sharing.md): two sessions of
//! one process, a session and the command line, a killed window and a
//! second one, a session opened read-only. No acknowledged edit is lost to
//! another writer.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crosscheck::app::Session;
use crosscheck::app::jobs::Waker;
use crosscheck::corpus::Progress;
use crosscheck::project::{self, ClaimChange, ClaimId, EditError, Project, lock};
use crosscheck::workspace::Workspace;

const TEXT: &str = "Officials said on Monday that the bridge would reopen in June. \
Residents disputed that account and said repairs had not started. \
The council promised a statement by Friday. ";

fn corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), TEXT.repeat(10)).unwrap();
    corpus
}

fn project_path(corpus: &Path) -> PathBuf {
    corpus.join("crosscheck.ron")
}

fn open(corpus: &Path, who: &str) -> Session {
    let ws = Workspace::open_folder(corpus, None, None, &Progress::default()).unwrap();
    Session::new(ws, who)
}

fn add(session: &mut Session, i: usize) -> ClaimId {
    session
        .create_claim("a.txt", i * 3, i * 3 + 2, Some("agrees"), i as f64)
        .unwrap()
}

fn save(session: &mut Session) {
    session.save_soon();
    session.save_blocking().unwrap();
}

fn on_disk(corpus: &Path) -> Project {
    project::load(&project_path(corpus)).unwrap()
}

/// The claims' starts, sorted: claim `i` starts at `3 * i`.
fn starts(project: &Project) -> Vec<usize> {
    let mut s: Vec<usize> = project.claims().iter().map(|c| c.span.start).collect();
    s.sort_unstable();
    s
}

fn waker() -> Waker {
    Arc::new(|| {})
}

#[test]
fn two_sessions_both_add_and_both_saves_keep_both() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut first = open(&corpus, "Ana");
    save(&mut first);
    let mut second = open(&corpus, "Ben");
    add(&mut first, 1);
    add(&mut second, 2);
    save(&mut first);
    save(&mut second);
    assert_eq!(
        starts(&on_disk(&corpus)),
        vec![3, 6],
        "the second save kept the first's claim"
    );
    // The first session takes in the second's claim at its next save.
    add(&mut first, 3);
    save(&mut first);
    assert_eq!(starts(&on_disk(&corpus)), vec![3, 6, 9]);
    assert_eq!(
        starts(&first.workspace().project),
        vec![3, 6, 9],
        "the first window shows what it merged"
    );
}

#[test]
fn one_claim_changed_by_both_is_kept_twice_and_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut first = open(&corpus, "Ana");
    let id = add(&mut first, 1);
    save(&mut first);
    let mut second = open(&corpus, "Ben");
    first.set_note(&id, "Ana's reading".into(), 10.0).unwrap();
    second.set_note(&id, "Ben's reading".into(), 10.0).unwrap();
    save(&mut first);
    save(&mut second);
    let disk = on_disk(&corpus);
    let notes: Vec<&str> = disk.claims().iter().map(|c| c.note.as_str()).collect();
    assert!(notes.contains(&"Ana's reading"), "{notes:?}");
    assert!(notes.contains(&"Ben's reading"), "{notes:?}");
    assert!(
        disk.claims().iter().any(|c| c.conflict.is_some()),
        "a claim both changed is flagged for a person to decide"
    );
}

#[test]
fn a_deletion_by_one_of_a_claim_the_other_left_alone_stays_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut first = open(&corpus, "Ana");
    let gone = add(&mut first, 1);
    add(&mut first, 2);
    save(&mut first);
    let mut second = open(&corpus, "Ben");
    first.delete_claim(&gone, 5.0).unwrap();
    save(&mut first);
    add(&mut second, 4);
    save(&mut second);
    assert_eq!(starts(&on_disk(&corpus)), vec![6, 12]);
}

#[test]
fn a_file_replaced_between_load_and_save_is_merged_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut session = open(&corpus, "Ana");
    add(&mut session, 1);
    save(&mut session);
    // Another program rewrites the file (a `git pull`, a copy from a
    // colleague) with a claim of its own.
    let mut theirs = on_disk(&corpus);
    let doc = session.workspace().corpus.get("a.txt").unwrap();
    let span = project::Span::from_document(doc, 30, 32).unwrap();
    let claim = project::Claim::new(span, Some("agrees".into()), "Cy", "2026-01-01T00:00:00Z");
    theirs
        .apply(project::Edit::AddClaim(Box::new(claim)))
        .unwrap();
    project::save(&theirs, &project_path(&corpus)).unwrap();
    add(&mut session, 2);
    save(&mut session);
    assert_eq!(starts(&on_disk(&corpus)), vec![3, 6, 30]);
    let said = session.notice.clone().unwrap_or_default();
    assert!(said.contains("Saved"), "the window says it merged: {said}");
}

#[test]
fn a_session_opened_read_only_refuses_edits_writes_nothing_and_leaves_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut first = open(&corpus, "Ana");
    add(&mut first, 1);
    save(&mut first);
    let before = std::fs::read(project_path(&corpus)).unwrap();
    let listing = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let files_before = listing(&corpus);
    let mut reader = open(&corpus, "Ben");
    assert_eq!(lock::live_writers(&project_path(&corpus)).len(), 2);
    reader.make_read_only();
    assert!(reader.is_read_only());
    assert_eq!(
        lock::live_writers(&project_path(&corpus)).len(),
        1,
        "a reader takes its entry out: nobody need merge with it"
    );
    let err = reader
        .create_claim("a.txt", 0, 2, Some("agrees"), 1.0)
        .unwrap_err();
    assert_eq!(err, EditError::ReadOnly);
    assert!(
        reader
            .update(
                &first.workspace().project.claims().iter().next().unwrap().id,
                ClaimChange::Note("x".into()),
                2.0
            )
            .is_err()
    );
    assert!(!reader.has_unsaved_changes());
    reader.save_soon();
    assert_eq!(reader.tick(100.0, &waker()), None);
    reader.save_blocking().unwrap();
    drop(reader);
    assert_eq!(std::fs::read(project_path(&corpus)).unwrap(), before);
    assert_eq!(
        listing(&corpus),
        files_before,
        "no journal, no lock, no temp file"
    );
}

#[test]
fn a_name_given_after_opening_is_the_name_other_windows_see() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut session = open(&corpus, "anonymous");
    session.set_annotator("Ana");
    let writers = lock::live_writers(&project_path(&corpus));
    assert_eq!(writers.len(), 1);
    assert_eq!(writers[0].who, "Ana");
}

#[test]
fn the_window_and_crosscheck_import_both_keep_their_claims() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut session = open(&corpus, "Ana");
    add(&mut session, 1);
    save(&mut session);
    let lines = dir.path().join("pre.jsonl");
    let quote: String = TEXT.chars().skip(30).take(2).collect();
    std::fs::write(
        &lines,
        format!(
            "{{\"doc\": \"a.txt\", \"start\": 30, \"end\": 32, \"label\": \"agrees\", \"quote\": \"{quote}\"}}\n"
        ),
    )
    .unwrap();
    let project = project_path(&corpus);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("import")
        .arg(&project)
        .arg(&lines)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The window, which had the file open all along, saves its next edit.
    add(&mut session, 2);
    save(&mut session);
    assert_eq!(
        starts(&on_disk(&corpus)),
        vec![3, 6, 30],
        "the import's claim survives"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["labels"])
        .arg(&project)
        .args(["--add", "satire", "--name", "Satire", "--key", "4"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    add(&mut session, 3);
    save(&mut session);
    let disk = on_disk(&corpus);
    assert!(
        disk.labels().iter().any(|l| l.id == "satire"),
        "the label the command line added survives the window's save"
    );
    assert_eq!(starts(&disk), vec![3, 6, 9, 30]);
}

/// Set in the child process of the killed-window test: the corpus it edits.
const CHILD: &str = "CROSSCHECK_SHARING_TEST_CHILD";

fn this_test() -> String {
    const NAME: &str = "a_killed_windows_journal_is_recovered_after_a_second_window_saved";
    crate::support::test_in_binary(module_path!(), NAME)
}

#[test]
fn a_killed_windows_journal_is_recovered_after_a_second_window_saved() {
    use std::io::{BufRead as _, Write as _};
    if let Some(dir) = std::env::var_os(CHILD) {
        // The first window: one claim in its journal, never saved, then
        // it waits to be killed.
        let mut session = open(Path::new(&dir), "Ana");
        add(&mut session, 1);
        session.sync_journal();
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "ack");
        let _ = out.flush();
        // Killed long before; a parent that failed never leaves it behind.
        std::thread::sleep(std::time::Duration::from_secs(120));
        std::process::exit(1);
    }
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", &this_test(), "--nocapture", "--test-threads=1"])
        .env(CHILD, &corpus)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let acked = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        // The harness prints the test's name on the same line first.
        .any(|l| l.ends_with("ack"));
    assert!(acked, "the first window journaled its claim");
    // A second window while the first is still there.
    let mut second = open(&corpus, "Ben");
    child.kill().unwrap();
    child.wait().unwrap();
    add(&mut second, 2);
    save(&mut second);
    drop(second);
    // Reopened once both are gone: the killed window's claim is there.
    let third = open(&corpus, "Ana");
    assert_eq!(
        starts(&third.workspace().project),
        vec![3, 6],
        "notice: {:?}",
        third.notice
    );
}
