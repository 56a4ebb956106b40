//! The headless subcommands, run as a user would run them.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crosscheck::corpus::Corpus;
use crosscheck::project;

fn crosscheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A saved seeds project at `tmp/project.ron` over `tmp/corpus`.
fn saved_project(tmp: &Path) -> PathBuf {
    let corpus = Corpus::open(&support::copy_seeds(tmp)).unwrap();
    let mut p = support::seeds_project(&corpus);
    // The detached claim would make `check` fail; these tests want a clean
    // project to start from.
    let detached: Vec<_> = p
        .claims()
        .iter()
        .filter(|c| c.span.detached)
        .map(|c| c.id.clone())
        .collect();
    for id in detached {
        p.apply(project::Edit::RemoveClaim(id)).unwrap();
    }
    p.set_corpus_reference("corpus".into());
    let path = tmp.join("project.ron");
    project::save(&p, &path).unwrap();
    path
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn export_to_stdout_writes_jsonl() {
    let tmp = tempfile::tempdir().unwrap();
    let project = saved_project(tmp.path());
    let out = crosscheck(&["export", s(&project), "--format", "fever", "-o", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert!(lines.iter().all(|l| l["claim"].is_string()));
}

#[test]
fn export_to_file_reports_rows_and_brat_refuses_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    let project = saved_project(tmp.path());
    let file = tmp.path().join("pairs.jsonl");
    let out = crosscheck(&["export", s(&project), "--format", "nli", "-o", s(&file)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("5 rows written to"),
        "{}",
        stdout(&out)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 5);

    let out = crosscheck(&["export", s(&project), "--format", "brat", "-o", "-"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("folder"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());

    let out = crosscheck(&["export", s(&project), "--format", "yaml", "-o", "-"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "unknown format is a usage error"
    );
}

#[test]
fn stats_json_parses() {
    let tmp = tempfile::tempdir().unwrap();
    let project = saved_project(tmp.path());
    let out = crosscheck(&["stats", s(&project), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["documents"], 4);
    assert_eq!(v["claims"], 5);
    assert_eq!(v["claims_by_label"]["contradicts"], 2);
    assert_eq!(v["claims_by_label"]["agrees"], 0);
    assert_eq!(v["claims_unlabelled"], 1);
    assert_eq!(v["evidence_links"], 5);
    assert_eq!(v["cross_document_links"], 3);
    assert_eq!(v["detached_spans"], 0);
    assert_eq!(v["annotators"]["bo"]["claims"], 2);
    let text = crosscheck(&["stats", s(&project)]);
    assert!(text.status.success());
    assert!(stdout(&text).contains("claims      5"), "{}", stdout(&text));
}

#[test]
fn check_exit_codes_and_never_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let project = saved_project(tmp.path());
    let before = std::fs::read(&project).unwrap();
    let out = crosscheck(&["check", s(&project)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("all spans in place"),
        "{}",
        stdout(&out)
    );

    // Rewrite the sentence a claim sits on: it detaches.
    let doc = tmp.path().join("corpus").join(support::S0);
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(
        &doc,
        text.replace(
            "No officers from Hampshire have been deployed to London at this time.",
            "Officers were sent.",
        ),
    )
    .unwrap();
    std::fs::write(tmp.path().join("corpus/picture.png"), [0u8, 1, 2]).unwrap();
    let out = crosscheck(&["check", s(&project)]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report = stdout(&out);
    assert!(report.contains("detached spans"), "{report}");
    assert!(
        report.contains("picture.png: not a file crosscheck reads (.txt, .md, .html"),
        "{report}"
    );
    assert_eq!(
        std::fs::read(&project).unwrap(),
        before,
        "check wrote the project"
    );

    let out = crosscheck(&["check", s(&tmp.path().join("missing.ron"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
}

#[test]
fn import_refusal_leaves_the_project_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let project = saved_project(tmp.path());
    let before = std::fs::read(&project).unwrap();
    let bad = tmp.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        format!(
            "{{\"doc\": \"{}\", \"start\": 0, \"end\": 3}}\n{{\"doc\": \"x.txt\", \"start\": 0, \"end\": 3}}\n\n{{oops\n",
            support::S0
        ),
    )
    .unwrap();
    let out = crosscheck(&["import", s(&project), s(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("line 2: no document \"x.txt\""), "{err}");
    assert!(err.contains("line 4: not a valid claim"), "{err}");
    assert!(!err.contains("line 1:"), "{err}");
    assert_eq!(std::fs::read(&project).unwrap(), before);
    assert!(!project::backup_path(&project).exists());
}

#[test]
fn import_creates_a_project_and_twice_adds_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = support::copy_seeds(tmp.path());
    let project = tmp.path().join("new.ron");
    let file = tmp.path().join("pre.jsonl");
    std::fs::write(
        &file,
        format!(
            "{{\"doc\": \"{}\", \"start\": 4, \"end\": 8, \"quote\": \"head\", \"label\": \"agrees\", \"evidence\": [{{\"doc\": \"{}\", \"start\": 0, \"end\": 9, \"label\": \"agrees\"}}]}}\n",
            support::S0,
            support::S1
        ),
    )
    .unwrap();
    let out = crosscheck(&["import", s(&project), s(&file)]);
    assert_eq!(out.status.code(), Some(1), "no project and no --corpus");
    assert!(stderr(&out).contains("--corpus"), "{}", stderr(&out));

    let out = crosscheck(&["import", s(&project), s(&file), "--corpus", s(&corpus)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("1 claim imported"),
        "{}",
        stdout(&out)
    );
    let saved = project::load(&project).unwrap();
    assert_eq!(saved.claims().len(), 1);
    assert_eq!(saved.corpus(), "corpus");
    let claim = saved.claims().sorted()[0].clone();
    assert_eq!(
        (claim.span.quote.as_str(), claim.annotator.as_str()),
        ("head", "import")
    );
    assert_eq!(claim.evidence[0].span.quote, "Hampshire");

    let before = std::fs::read(&project).unwrap();
    let out = crosscheck(&["import", s(&project), s(&file)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("0 claims imported"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("1 already there"), "{}", stdout(&out));
    assert_eq!(std::fs::read(&project).unwrap(), before);
}

#[test]
fn every_subcommand_has_help_with_examples() {
    for sub in ["import", "export", "stats", "check", "add", "columns"] {
        let out = crosscheck(&[sub, "--help"]);
        assert!(out.status.success(), "{sub}: {}", stderr(&out));
        let help = stdout(&out);
        assert!(help.contains("Examples:"), "{sub}: {help}");
        assert!(
            help.contains(&format!("crosscheck {sub} ")),
            "{sub}: {help}"
        );
    }
    let out = crosscheck(&["export", "--help"]);
    for f in ["fever", "nli", "csv", "doccano", "brat", "documents"] {
        assert!(stdout(&out).contains(f), "{f}");
    }
    let out = crosscheck(&["--help"]);
    assert!(out.status.success());
    for sub in ["import", "export", "stats", "check"] {
        assert!(stdout(&out).contains(sub));
    }
}

#[test]
fn import_reads_standard_input() {
    use std::io::Write as _;
    use std::process::Stdio;
    let tmp = tempfile::tempdir().unwrap();
    let project = saved_project(tmp.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["import", s(&project), "-", "--annotator", "model-v2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let line = format!(
        "{{\"doc\": \"{}\", \"start\": 0, \"end\": 3, \"label\": \"unverified\"}}\n",
        support::S0
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(line.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let saved = project::load(&project).unwrap();
    assert!(
        saved
            .claims()
            .iter()
            .any(|c| c.annotator == "model-v2" && c.span.quote == "The")
    );
    assert!(
        project::backup_path(&project).exists(),
        "the old file is kept"
    );
}

#[test]
fn import_with_relative_paths_stores_a_relative_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    support::copy_seeds(tmp.path());
    std::fs::write(tmp.path().join("empty.jsonl"), "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .current_dir(tmp.path())
        .args(["import", "new.ron", "empty.jsonl", "--corpus", "corpus"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let saved = project::load(&tmp.path().join("new.ron")).unwrap();
    assert_eq!(saved.corpus(), "corpus");
    assert_eq!(saved.documents().len(), 4);
}

/// Runs crosscheck with standard output `out`, as `cmd | true` or
/// `cmd > /dev/full` would.
fn crosscheck_to(out: Stdio, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .stdout(out)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

/// Standard output a pipe whose reading end is already closed.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer.into()
}

/// Every command that prints, with the status it fails with.
fn printing_commands(tmp: &Path, project: &Path) -> Vec<(Vec<String>, i32)> {
    let empty = tmp.join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let p = s(project).to_owned();
    let file_out = s(&tmp.join("fever.jsonl")).to_owned();
    let args = |a: &[&str]| a.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        (args(&["stats", &p]), 1),
        (args(&["stats", &p, "--json"]), 1),
        (args(&["check", &p]), 2),
        (args(&["export", &p, "-f", "fever", "-o", "-"]), 1),
        (args(&["export", &p, "-f", "csv", "-o", "-"]), 1),
        (args(&["export", &p, "-f", "nli", "-o", &file_out]), 1),
        (args(&["import", &p, s(&empty)]), 1),
    ]
}

#[test]
fn closed_stdout_ends_quietly_with_a_failure_status() {
    let tmp = tempfile::tempdir().unwrap();
    let project = saved_project(tmp.path());
    for (args, code) in printing_commands(tmp.path(), &project) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = crosscheck_to(closed_pipe(), &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?} said: {err}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn full_stdout_is_one_error_line() {
    let tmp = tempfile::tempdir().unwrap();
    let project = saved_project(tmp.path());
    for (args, code) in printing_commands(tmp.path(), &project) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let full = std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = crosscheck_to(full.into(), &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains("No space left"), "{args:?}: {err}");
    }
}
