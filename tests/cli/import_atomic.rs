//! Imports all or nothing, inside the corpus only (issue 27): an import
//! that writes documents (`--write-documents`) and is refused for any of
//! them leaves every file — corpus, project, the folders around — byte for
//! byte as it was, and never writes through a link out of the corpus.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn cli(args: &[&str], dir: &Path) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Everything below `dir`, links not followed: path → what is there.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .display()
            .to_string();
        let what = if entry.file_type().is_symlink() {
            format!(
                "link {}",
                std::fs::read_link(entry.path()).unwrap().display()
            )
        } else if entry.file_type().is_dir() {
            "folder".to_owned()
        } else {
            format!("{:?}", std::fs::read(entry.path()).unwrap())
        };
        all.insert(rel, what);
    }
    all
}

/// `tmp/corpus/a.txt`, `tmp/p.ron` over it, `tmp/outside/`, and
/// `tmp/corpus/link` → `tmp/outside`.
fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "The first article says one thing.").unwrap();
    std::fs::create_dir(tmp.path().join("outside")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("outside"), corpus.join("link")).unwrap();
    std::fs::write(tmp.path().join("empty.jsonl"), "").unwrap();
    let (ok, _, err) = cli(
        &["import", "p.ron", "empty.jsonl", "--corpus", "corpus"],
        tmp.path(),
    );
    assert!(ok, "{err}");
    tmp
}

/// A Label Studio export: one task per (file name, text), each with one
/// labelled span.
fn tasks(docs: &[(&str, &str)]) -> String {
    let tasks: Vec<serde_json::Value> = docs
        .iter()
        .enumerate()
        .map(|(i, (name, text))| {
            serde_json::json!({"id": i, "data": {"text": text, "doc": name},
                "annotations": [{"completed_by": 1, "result": [{"id": format!("r{i}"),
                "type": "labels", "value": {"start": 0, "end": 3, "text": &text[..3],
                "labels": ["agrees"]}}]}]})
        })
        .collect();
    serde_json::Value::Array(tasks).to_string()
}

fn write_tasks(tmp: &Path, docs: &[(&str, &str)]) {
    std::fs::write(tmp.join("ls.json"), tasks(docs)).unwrap();
}

fn import(tmp: &Path) -> (bool, String, String) {
    cli(
        &[
            "import",
            "p.ron",
            "ls.json",
            "--from",
            "label-studio",
            "--write-documents",
        ],
        tmp,
    )
}

#[test]
fn a_refused_import_leaves_every_file_as_it_was() {
    let long = format!("{}.txt", "n".repeat(296));
    let cases: [(&str, &str, &str); 7] = [
        ("a 300-byte file name", long.as_str(), "bytes long"),
        (
            "a name under an existing file",
            "a.txt/b.txt",
            "not a folder",
        ),
        (
            "a link leading out of the corpus",
            "link/evil.txt",
            "leading outside the corpus",
        ),
        ("a hidden folder", ".hidden/doc.txt", "hidden"),
        (
            "a name of crosscheck's own",
            "x.ron.journal.txt",
            "crosscheck's own",
        ),
        (
            "a control character",
            "esc\u{1b}[2J.txt",
            "control characters",
        ),
        (
            "a path out of the corpus",
            "../escape.txt",
            "cannot be used",
        ),
    ];
    for (what, bad, message) in cases {
        let tmp = setup();
        write_tasks(
            tmp.path(),
            // A good document first: it must not be written either.
            &[
                ("fine/new.txt", "New text that is fine."),
                (bad, "Another new text, badly named."),
            ],
        );
        let before = snapshot(tmp.path());
        let (ok, out, err) = import(tmp.path());
        assert!(!ok, "{what}: imported: {out}");
        assert!(err.contains(message), "{what}: {err}");
        assert_eq!(snapshot(tmp.path()), before, "{what}: {err}");
        assert!(
            std::fs::read_dir(tmp.path().join("outside"))
                .unwrap()
                .next()
                .is_none(),
            "{what}: nothing outside"
        );
    }
}

#[test]
fn an_accepted_import_writes_every_document_and_its_claims() {
    let tmp = setup();
    write_tasks(
        tmp.path(),
        &[
            ("fine/new.txt", "New text that is fine."),
            ("second.txt", "Second new text."),
        ],
    );
    let (ok, out, err) = import(tmp.path());
    assert!(ok, "{err}");
    assert!(out.contains("2 new documents written"), "{out}");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("corpus/fine/new.txt")).unwrap(),
        "New text that is fine."
    );
    let (ok, out, _) = cli(&["stats", "p.ron", "--json"], tmp.path());
    assert!(ok);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["documents"], 3);
    assert_eq!(stats["claims"], 2);
    assert_eq!(stats["detached_spans"], 0);
}
