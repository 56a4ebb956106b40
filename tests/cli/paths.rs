//! Never hang on a path (issue 27): every path a subcommand reads or writes
//! may be a named pipe (git can hand the merge driver anything); each is
//! refused at once with a message, and a device is never read without bound.
#![cfg(unix)]

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crosscheck::corpus::Corpus;
use crosscheck::project;

/// Longer than any of these commands takes on a loaded machine, far
/// shorter than forever.
const PATIENCE: Duration = Duration::from_secs(60);

struct Run {
    code: Option<i32>,
    stderr: String,
}

/// Runs crosscheck; a run that outlives [`PATIENCE`] is killed and fails
/// the test: that is the hang.
fn run(args: &[String]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            use std::io::Read as _;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            return Run {
                code: status.code(),
                stderr,
            };
        }
        if start.elapsed() > PATIENCE {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("crosscheck {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A clean project over a copy of the seed corpus, and an answer key.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    project: PathBuf,
    key: PathBuf,
    fifo: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let corpus = Corpus::open(&support::copy_seeds(&root)).unwrap();
    let mut p = support::seeds_project(&corpus);
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
    let project = root.join("project.ron");
    project::save(&p, &project).unwrap();
    let key = root.join("key.ron");
    std::fs::copy(&project, &key).unwrap();
    let marked = run(&["key".into(), s(&key)]);
    assert_eq!(marked.code, Some(0), "{}", marked.stderr);
    let fifo = root.join("pipe");
    mkfifo(&fifo);
    Fixture {
        _dir: dir,
        root,
        project,
        key,
        fifo,
    }
}

fn s(p: &Path) -> String {
    p.to_str().unwrap().to_owned()
}

/// Every subcommand, with the named pipe in each path it takes.
fn cases(f: &Fixture) -> Vec<(&'static str, Vec<String>)> {
    let p = s(&f.project);
    let k = s(&f.key);
    let x = s(&f.fifo);
    let corpus = s(&f.root.join("corpus"));
    let new = s(&f.root.join("new.ron"));
    let v = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
    vec![
        ("import PROJECT", v(&["import", &x, &p])),
        ("import FILE", v(&["import", &p, &x])),
        (
            "import FILE (label studio)",
            v(&["import", &p, &x, "--from", "label-studio"]),
        ),
        (
            "import FILE (doccano)",
            v(&["import", &p, &x, "--from", "doccano"]),
        ),
        ("import --corpus", v(&["import", &new, &p, "--corpus", &x])),
        (
            "export PROJECT",
            v(&["export", &x, "-f", "fever", "-o", "-"]),
        ),
        ("export -o", v(&["export", &p, "-f", "fever", "-o", &x])),
        ("stats", v(&["stats", &x])),
        ("check", v(&["check", &x])),
        ("agree first", v(&["agree", &x, &p])),
        ("agree second", v(&["agree", &p, &x])),
        ("merge BASE", v(&["merge", &x, &p, &k])),
        ("merge OURS", v(&["merge", &k, &x, &p])),
        ("merge THEIRS", v(&["merge", &k, &p, &x])),
        ("grade KEY", v(&["grade", &x, &p])),
        ("grade STUDENT", v(&["grade", &k, &x])),
        ("grade --csv", v(&["grade", &k, &p, "--csv", &x])),
        (
            "grade --mapping",
            v(&["grade", &k, &p, "--anonymise", "--mapping", &x]),
        ),
        ("handout KEY", v(&["handout", &x, &s(&f.root.join("out"))])),
        ("handout OUT", v(&["handout", &k, &x])),
        ("key PROJECT", v(&["key", &x])),
        ("key --instructions", v(&["key", &p, "--instructions", &x])),
        ("search", v(&["search", &x, "officers"])),
        ("suggest", v(&["suggest", &x, "--text", "officers"])),
        ("labels PROJECT", v(&["labels", &x])),
        (
            "labels --from .json",
            v(&["labels", &p, "--from", &format!("{x}.json")]),
        ),
        ("labels --from .ron", v(&["labels", &p, "--from", &x])),
        (
            "labels --guidelines",
            v(&["labels", &p, "--guidelines", &x]),
        ),
        (
            "assign --template",
            v(&[
                "assign",
                &corpus,
                "--annotators",
                "ana,ben",
                "--out",
                &s(&f.root.join("study")),
                "--template",
                &x,
            ]),
        ),
        (
            "assign --out",
            v(&["assign", &corpus, "--annotators", "ana,ben", "--out", &x]),
        ),
        ("progress PLAN", v(&["progress", &x])),
        ("progress FILES", v(&["progress", &p, &x])),
        ("corpus folder", v(&["search", &corpus, "officers"])),
    ]
}

#[test]
fn every_path_may_be_a_named_pipe_and_nothing_waits_for_it() {
    let f = fixture();
    // `labels --from` tells the scheme kind by the extension.
    mkfifo(&f.root.join("pipe.json"));
    let before = std::fs::read(&f.project).unwrap();
    let mut wrong = Vec::new();
    for (name, args) in cases(&f) {
        if name == "corpus folder" {
            continue;
        }
        let out = run(&args);
        // A folder argument may say what it is not instead.
        let said = ["named pipe", "not a folder", "not an empty folder"]
            .iter()
            .any(|m| out.stderr.contains(m));
        if out.code == Some(0) || !said {
            wrong.push(format!("{name}: exit {:?}: {}", out.code, out.stderr));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Refused, so nothing was written.
    assert_eq!(std::fs::read(&f.project).unwrap(), before);
}

#[test]
fn a_named_pipe_inside_the_corpus_is_skipped_not_read() {
    let f = fixture();
    mkfifo(&f.root.join("corpus").join("999_pipe.txt"));
    for (name, args) in cases(&f) {
        if name != "corpus folder" {
            continue;
        }
        let out = run(&args);
        assert_eq!(out.code, Some(0), "{name}: {}", out.stderr);
    }
    let out = run(&["check".into(), s(&f.project)]);
    assert!(out.code.is_some(), "check ran to its end: {}", out.stderr);
}

#[test]
fn merge_refuses_a_device_as_base_without_reading_it() {
    let f = fixture();
    let before = std::fs::read(&f.project).unwrap();
    let out = run(&["merge".into(), "/dev/zero".into(), s(&f.project), s(&f.key)]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("a device"), "{}", out.stderr);
    assert_eq!(std::fs::read(&f.project).unwrap(), before);
}

/// Standard input is a pipe by design and is still read (with the bound
/// `crosscheck::input`'s unit tests check: a gigabyte is too slow here).
#[test]
fn standard_input_is_still_read_from_a_pipe() {
    let f = fixture();
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["import", &s(&f.project), "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
