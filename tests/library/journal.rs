//! The edit journal: every edit survives a crash at any moment, none is
//! applied twice, and a journal is only ever applied to the file it extends.
//!
//! Crashes are made two ways: by leaving on disk exactly what a crash at a
//! given step leaves (a torn last line, a committed project with the old
//! journal, the temporary file of an interrupted save), and by really
//! killing a process (SIGKILL) that is editing and saving.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crosscheck::app::Session;
use crosscheck::app::jobs::Waker;
use crosscheck::corpus::Progress;
use crosscheck::project::journal::{self, FileHash, FileStore, Journal, Step};
use crosscheck::project::{self, Claim, ClaimId, Edit, Project};
use crosscheck::workspace::Workspace;

const TEXT: &str = "Officials said on Monday that the bridge would reopen in June. \
Residents disputed that account and said repairs had not started. \
The council promised a statement by Friday. ";

fn corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    // Long enough for a few hundred distinct claims.
    std::fs::write(corpus.join("a.txt"), TEXT.repeat(40)).unwrap();
    corpus
}

fn project_path(corpus: &Path) -> PathBuf {
    corpus.join("crosscheck.ron")
}

fn journal_path(corpus: &Path) -> PathBuf {
    corpus.join("crosscheck.ron.journal")
}

fn open(corpus: &Path) -> Session {
    let ws = Workspace::open_folder(corpus, None, None, &Progress::default()).unwrap();
    Session::new(ws, "tester")
}

fn waker() -> Waker {
    Arc::new(|| {})
}

/// Claim `i` covers the `i`-th word pair of the article: every claim has
/// its own span, so the claims a reopened project holds say which edits
/// it has.
fn claim_span(i: usize) -> (usize, usize) {
    (i * 3, i * 3 + 2)
}

fn add_claim(session: &mut Session, i: usize) -> ClaimId {
    let (start, end) = claim_span(i);
    session
        .create_claim("a.txt", start, end, Some("agrees"), i as f64)
        .unwrap()
}

/// Which claims the session's project has, by their index.
fn claim_indexes(session: &Session) -> Vec<usize> {
    let mut out: Vec<usize> = session
        .workspace()
        .project
        .claims()
        .iter()
        .map(|c| c.span.start / 3)
        .collect();
    out.sort_unstable();
    out
}

fn notice(session: &Session) -> String {
    session.notice.clone().unwrap_or_default()
}

fn journal_text(corpus: &Path) -> String {
    std::fs::read_to_string(journal_path(corpus)).unwrap()
}

#[test]
fn edits_are_journaled_and_a_reopen_recovers_them_once() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut session = open(&corpus);
    for i in 0..3 {
        add_claim(&mut session, i);
    }
    session.sync_journal();
    // No save ran: the journal is all there is.
    assert!(!project_path(&corpus).exists());
    let text = journal_text(&corpus);
    assert_eq!(text.lines().count(), 4, "a header and three edits:\n{text}");
    assert!(text.lines().all(|l| l.starts_with('{')), "{text}");
    drop(session);

    let mut session = open(&corpus);
    assert_eq!(claim_indexes(&session), vec![0, 1, 2]);
    assert!(
        notice(&session).contains("Recovered 3 edits"),
        "{}",
        notice(&session)
    );
    assert!(session.has_unsaved_changes());
    // The recovered edits are undone like any others.
    assert!(session.can_undo());
    session.undo(10.0);
    assert_eq!(claim_indexes(&session), vec![0, 1]);
    session.redo(11.0);
    assert_eq!(claim_indexes(&session), vec![0, 1, 2]);
    session.save_blocking().unwrap();
    assert!(
        !journal_path(&corpus).exists(),
        "a save with nothing after it removes the journal"
    );
    drop(session);

    let session = open(&corpus);
    assert_eq!(claim_indexes(&session), vec![0, 1, 2]);
    assert_eq!(session.notice, None);
    assert!(!session.has_unsaved_changes());
    // While a project is open its journal is ready for the first edit…
    session.sync_journal();
    assert_eq!(journal_text(&corpus).lines().count(), 1);
    drop(session);
    // …and a project closed with nothing unsaved leaves only its file
    // (a first save has no backup) beside the article.
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["a.txt", "crosscheck.ron"]);
}

#[test]
fn undo_and_redo_are_rebuilt_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut session = open(&corpus);
    let id = add_claim(&mut session, 0);
    add_claim(&mut session, 1);
    // Typing a note: one undo step of three edits.
    for (t, note) in [(2.0, "a"), (2.1, "ab"), (2.2, "abc")] {
        session.set_note(&id, note.into(), t).unwrap();
    }
    session.undo(3.0); // the note
    session.undo(3.1); // claim 1
    session.redo(3.2); // claim 1 again; the note can still be redone
    session.sync_journal();
    let expected = (session.undo_description(), session.redo_description());
    drop(session);

    let mut session = open(&corpus);
    assert_eq!(
        (session.undo_description(), session.redo_description()),
        expected
    );
    session.redo(4.0);
    assert_eq!(session.claim(&id).unwrap().note, "abc");
    session.undo(4.1);
    assert_eq!(session.claim(&id).unwrap().note, "");
    session.undo(4.2);
    session.undo(4.3);
    assert!(claim_indexes(&session).is_empty());
    assert!(!session.can_undo());
}

#[test]
fn kill_during_an_append_a_torn_last_line_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut session = open(&corpus);
    for i in 0..4 {
        add_claim(&mut session, i);
    }
    session.sync_journal();
    drop(session);
    // The fourth append cut short, as a crash half way through the write
    // leaves it: every cut loses that edit only.
    let full = journal_text(&corpus);
    let last = full.trim_end().rfind('\n').unwrap() + 1;
    for cut in [last + 1, (last + full.len()) / 2, full.len() - 1] {
        std::fs::write(journal_path(&corpus), &full.as_bytes()[..cut]).unwrap();
        let mut session = open(&corpus);
        assert_eq!(claim_indexes(&session), vec![0, 1, 2], "cut at {cut}");
        let said = notice(&session);
        assert!(said.contains("Recovered 3 edits"), "{said}");
        assert!(said.contains("cut off"), "{said}");
        // The journal was written afresh without the torn tail, so the
        // next edit is a whole line of its own.
        add_claim(&mut session, 9);
        session.sync_journal();
        drop(session);
        let session = open(&corpus);
        assert_eq!(claim_indexes(&session), vec![0, 1, 2, 9], "cut at {cut}");
        assert!(
            !notice(&session).contains("cut off"),
            "{}",
            notice(&session)
        );
        assert!(
            !notice(&session).contains("could not"),
            "{}",
            notice(&session)
        );
        drop(session);
    }
}

/// A project file saved with claims `0..n` and its hash, and a journal
/// for it.
fn saved_with(corpus: &Path, n: usize) -> (Project, FileHash) {
    let mut session = open(corpus);
    for i in 0..n {
        add_claim(&mut session, i);
    }
    session.save_blocking().unwrap();
    let project = session.workspace().project.clone();
    drop(session);
    let bytes = std::fs::read(project_path(corpus)).unwrap();
    (project, FileHash::of(&bytes))
}

fn claim_edit(corpus: &Path, i: usize) -> Edit {
    let ws = Workspace::open_folder(corpus, None, None, &Progress::default()).unwrap();
    let doc = ws.corpus.get("a.txt").unwrap();
    let (start, end) = claim_span(i);
    let span = project::Span::from_document(doc, start, end).unwrap();
    let mut claim = Claim::new(
        span,
        Some("agrees".into()),
        "tester",
        "2026-01-01T00:00:00Z",
    );
    claim.id = ClaimId(format!("c-test-{i}"));
    Edit::AddClaim(Box::new(claim))
}

fn entry(seq: u64, edit: Edit) -> journal::Entry {
    journal::Entry {
        seq,
        step: Step::Do,
        edit,
    }
}

/// The journal after edits 1 (claim 2) and 2 (claim 3) over a file with
/// claims 0 and 1, and the project with edit 1 in it, written to a
/// temporary file and not yet committed: the moment a save begins.
fn mid_save(corpus: &Path) -> (Journal, project::PendingSave) {
    let (mut project, base) = saved_with(corpus, 2);
    let mut journal = Journal::new(
        Box::new(FileStore::for_project(&project_path(corpus))),
        "crosscheck.ron",
        Some(base),
    );
    let first = claim_edit(corpus, 2);
    let second = claim_edit(corpus, 3);
    journal.append(&entry(1, first.clone())).unwrap();
    journal.append(&entry(2, second)).unwrap();
    project.apply(first).unwrap();
    let pending = project::write_pending(&project, &project_path(corpus)).unwrap();
    (journal, pending)
}

#[test]
fn kill_between_journal_and_fold_applies_only_what_the_file_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let (mut journal, pending) = mid_save(&corpus);
    let hash = pending.hash().clone();
    journal.mark_fold(1, &hash).unwrap();
    project::commit(pending).unwrap();
    // Killed here: the new project file is in place, the journal still
    // names the old one (with the fold line saying what the new one holds).
    drop(journal);
    assert_eq!(
        FileHash::of(&std::fs::read(project_path(&corpus)).unwrap()),
        hash
    );
    assert!(journal_text(&corpus).contains("\"line\":\"folded\""));
    let mut session = open(&corpus);
    assert_eq!(claim_indexes(&session), vec![0, 1, 2, 3]);
    let said = notice(&session);
    assert!(said.contains("Recovered 1 edit "), "{said}");
    assert!(!said.contains("could not"), "{said}");
    session.save_blocking().unwrap();
    drop(session);
    let session = open(&corpus);
    assert_eq!(claim_indexes(&session), vec![0, 1, 2, 3]);
    assert_eq!(session.notice, None);
}

#[test]
fn kill_during_the_fold_before_the_rename_replays_everything() {
    for marked in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let corpus = corpus(dir.path());
        let (mut journal, pending) = mid_save(&corpus);
        if marked {
            journal.mark_fold(1, pending.hash()).unwrap();
        }
        drop(pending);
        drop(journal);
        // What a killed save leaves: its temporary file, half written and
        // no longer locked by anyone.
        let temp = corpus.join(".crosscheck-00000000000000aa.tmp");
        std::fs::write(&temp, "(\n    format_version: 1,\n    corp").unwrap();
        let mut session = open(&corpus);
        assert_eq!(
            claim_indexes(&session),
            vec![0, 1, 2, 3],
            "marked: {marked}"
        );
        let said = notice(&session);
        assert!(said.contains("Recovered 2 edits"), "{said}");
        session.save_blocking().unwrap();
        assert!(
            !temp.exists(),
            "the next save cleans up the killed one's file"
        );
        assert!(!journal_path(&corpus).exists());
        drop(session);
        assert_eq!(claim_indexes(&open(&corpus)), vec![0, 1, 2, 3]);
    }
}

#[test]
fn a_journal_of_another_project_file_is_kept_aside_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let (_, _) = saved_with(&corpus, 1);
    let mut session = open(&corpus);
    add_claim(&mut session, 5);
    session.sync_journal();
    drop(session);
    // The project file changes under the journal (another copy put in
    // place, a git checkout): the journal's edits were made to another file.
    let mut other = std::fs::read(project_path(&corpus)).unwrap();
    other.extend_from_slice(b"// changed by hand\n");
    std::fs::write(project_path(&corpus), other).unwrap();
    let journaled = journal_text(&corpus);

    let session = open(&corpus);
    assert_eq!(claim_indexes(&session), vec![0], "nothing applied");
    let said = notice(&session);
    assert!(said.contains("does not belong"), "{said}");
    assert!(!session.has_unsaved_changes());
    // A fresh journal for this file took its place.
    session.sync_journal();
    let fresh = journal_text(&corpus);
    assert_eq!(fresh.lines().count(), 1, "{fresh}");
    let file = FileHash::of(&std::fs::read(project_path(&corpus)).unwrap());
    assert!(fresh.contains(file.as_str()), "{fresh}");
    let kept: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".journal.orphan-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(said.contains(&kept[0].display().to_string()), "{said}");
    assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), journaled);
    // The kept journal is crosscheck's own, not a document that failed.
    assert!(session.workspace().corpus.skipped.is_empty());
}

#[test]
fn a_damaged_journal_applies_what_precedes_the_damage_and_keeps_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut session = open(&corpus);
    for i in 0..3 {
        add_claim(&mut session, i);
    }
    session.sync_journal();
    drop(session);
    let damaged = journal_text(&corpus).replacen("\"seq\":2", "\"seq\":\"two\"", 1);
    std::fs::write(journal_path(&corpus), &damaged).unwrap();
    let session = open(&corpus);
    assert_eq!(claim_indexes(&session), vec![0]);
    let said = notice(&session);
    assert!(said.contains("damaged at line 3"), "{said}");
    let copies = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".journal.damaged-"))
        .count();
    assert_eq!(copies, 1);
}

#[test]
fn a_journal_that_cannot_be_written_is_reported_and_the_work_kept() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut session = open(&corpus);
    // Something in the journal's place that is not a file.
    session.sync_journal();
    std::fs::remove_file(journal_path(&corpus)).unwrap();
    std::fs::create_dir(journal_path(&corpus)).unwrap();
    add_claim(&mut session, 0);
    session.sync_journal();
    let problem = session.journal_problem().expect("a journal problem");
    assert!(problem.contains("cannot write the journal"), "{problem}");
    assert!(problem.contains("crosscheck.ron.journal"), "{problem}");
    // The session hands the work to the project file at once.
    session.tick(100.0, &waker());
    session.wait_for_save();
    assert_eq!(claim_indexes(&session), vec![0]);
    assert_eq!(
        project::load(&project_path(&corpus))
            .unwrap()
            .claims()
            .len(),
        1
    );
}

#[test]
/// Issue 27: the command line reads the project as the window would
/// recover it (before, it read the file's older state and only noted the
/// journal), and says so; nothing is written by reading.
fn the_command_line_reads_a_pending_journal_as_the_window_would_recover_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    saved_with(&corpus, 1);
    let mut session = open(&corpus);
    add_claim(&mut session, 4);
    session.sync_journal();
    drop(session);
    let bin = env!("CARGO_BIN_EXE_crosscheck");
    let project = project_path(&corpus);
    let out = std::process::Command::new(bin)
        .arg("check")
        .arg(&project)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("read with 1 unsaved edit from the window's edit journal applied"),
        "{stderr}"
    );
    let out = std::process::Command::new(bin)
        .args(["stats", "--json"])
        .arg(&project)
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["claims"], 2,
        "the figures as the window would recover them"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("note: "));
    let before = std::fs::read(&project).unwrap();
    let jsonl = dir.path().join("pre.jsonl");
    std::fs::write(&jsonl, "").unwrap();
    let out = std::process::Command::new(bin)
        .arg("import")
        .arg(&project)
        .arg(&jsonl)
        .output()
        .unwrap();
    // Nothing to import: nothing is written, and the journal stays for the
    // window to recover.
    assert!(out.status.success());
    assert_eq!(std::fs::read(&project).unwrap(), before);
    assert_eq!(claim_indexes(&open(&corpus)), vec![0, 4]);
}

/// Set in the child process of the SIGKILL test: the corpus it edits.
const CHILD: &str = "CROSSCHECK_JOURNAL_TEST_CHILD";

/// The child: opens the corpus, then makes claims as fast as it can,
/// saving every few edits, and prints `ack N` once claim N is in the
/// journal on disk. It runs until it is killed.
fn child(corpus: &Path, first: usize) -> ! {
    use std::io::Write as _;
    let mut session = open(corpus);
    let wake = waker();
    let mut out = std::io::stdout().lock();
    for i in first.. {
        add_claim(&mut session, i);
        session.sync_journal();
        let _ = writeln!(out, "ack {i}");
        let _ = out.flush();
        if i % 7 == 0 {
            session.save_soon();
        }
        session.tick(i as f64, &wake);
    }
    unreachable!()
}

/// The SIGKILL test's name as the test harness knows it (`journal::…`):
/// the module path without the crate's name, so the copy it starts runs it
/// whichever test binary holds this module.
fn this_test() -> String {
    const NAME: &str = "a_process_killed_while_editing_and_saving_loses_no_acknowledged_edit";
    crate::support::test_in_binary(module_path!(), NAME)
}

#[test]
fn a_process_killed_while_editing_and_saving_loses_no_acknowledged_edit() {
    use std::io::BufRead as _;
    if let Some(dir) = std::env::var_os(CHILD) {
        let first = std::env::var("CROSSCHECK_JOURNAL_TEST_FIRST")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        child(Path::new(&dir), first);
    }
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut expected = 0;
    let mut recovered_rounds = 0;
    // Each round kills the child at another moment: in an append, in a
    // save, between them.
    for (round, acks_before_kill) in [3usize, 20, 41, 9, 60].into_iter().enumerate() {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", &this_test(), "--nocapture", "--test-threads=1"])
            .env(CHILD, &corpus)
            .env("CROSSCHECK_JOURNAL_TEST_FIRST", expected.to_string())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = std::io::BufReader::new(stdout).lines();
        let mut acked = None;
        while let Some(Ok(line)) = lines.next() {
            if let Some(n) = line.strip_prefix("ack ") {
                let n: usize = n.parse().unwrap();
                acked = Some(n);
                if n + 1 >= expected + acks_before_kill {
                    break;
                }
            }
        }
        // SIGKILL: no destructor, no save on the way out.
        child.kill().unwrap();
        child.wait().unwrap();
        // Acknowledgements already in the pipe count too.
        for line in lines.map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("ack ") {
                acked = Some(n.parse().unwrap());
            }
        }
        let acked = acked.expect("the child acknowledged edits");
        let session = open(&corpus);
        let have = claim_indexes(&session);
        let said = notice(&session);
        assert!(!said.contains("could not"), "round {round}: {said}");
        assert!(!said.contains("does not belong"), "round {round}: {said}");
        // Every acknowledged claim, once each, in order; at most the one
        // being made when the kill came besides.
        assert!(
            have.len() == acked + 1 || have.len() == acked + 2,
            "round {round}: acked up to {acked}, have {have:?}"
        );
        assert_eq!(have, (0..have.len()).collect::<Vec<_>>(), "round {round}");
        expected = have.len();
        if said.contains("Recovered") {
            recovered_rounds += 1;
        }
        drop(session);
    }
    // Both halves took part: saves folded the journal, and kills left
    // edits that only the journal had.
    assert!(project_path(&corpus).exists());
    assert!(recovered_rounds > 0);
}

#[test]
fn discarding_the_changes_discards_their_journal() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut session = open(&corpus);
    add_claim(&mut session, 0);
    // Still on its way to the journal when the person chooses.
    add_claim(&mut session, 1);
    session.discard_journal();
    drop(session);
    assert!(!journal_path(&corpus).exists());
    let session = open(&corpus);
    assert!(claim_indexes(&session).is_empty());
    assert_eq!(session.notice, None);
}

#[test]
fn after_a_background_save_the_next_edit_is_one_appended_line() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let mut session = open(&corpus);
    add_claim(&mut session, 0);
    session.save_soon();
    session.tick(1.0, &waker());
    session.wait_for_save();
    assert!(!session.has_unsaved_changes());
    let saved = FileHash::of(&std::fs::read(project_path(&corpus)).unwrap());
    // Only a header naming the file just saved.
    let text = journal_text(&corpus);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains(saved.as_str()), "{text}");
    add_claim(&mut session, 1);
    session.sync_journal();
    assert_eq!(journal_text(&corpus).lines().count(), 2);
    drop(session);
    let session = open(&corpus);
    assert_eq!(claim_indexes(&session), vec![0, 1]);
    assert!(
        notice(&session).contains("Recovered 1 edit "),
        "{}",
        notice(&session)
    );
    drop(session);
    // Closing with nothing unsaved takes the journal away.
    let mut session = open(&corpus);
    session.save_blocking().unwrap();
    drop(session);
    assert!(!journal_path(&corpus).exists());
}
