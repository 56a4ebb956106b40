//! `crosscheck labels`: list, templates, add, remove, copy between
//! projects, and the `--json` round trip.

use std::path::Path;
use std::process::Command;

use crosscheck::project;

fn crosscheck(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A project over the seeds with one contradicts claim.
fn project_with_a_claim(dir: &Path) {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for e in std::fs::read_dir(seeds).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), corpus.join(e.file_name())).unwrap();
    }
    std::fs::write(
        dir.join("pre.jsonl"),
        "{\"doc\": \"000_9da135f11425a690.txt\", \"start\": 1231, \"end\": 1300, \"label\": \"contradicts\"}\n",
    )
    .unwrap();
    let (code, _, err) = crosscheck(&["import", "p.ron", "pre.jsonl", "--corpus", "corpus"], dir);
    assert_eq!(code, 0, "{err}");
}

fn label_ids(path: &Path) -> Vec<String> {
    project::load(path)
        .unwrap()
        .labels()
        .iter()
        .map(|l| l.id.clone())
        .collect()
}

#[test]
fn a_template_asks_what_becomes_of_used_labels_and_then_applies() {
    let dir = tempfile::tempdir().unwrap();
    project_with_a_claim(dir.path());
    let p = dir.path().join("p.ron");
    let before = std::fs::read(&p).unwrap();
    let (code, _, err) = crosscheck(&["labels", "p.ron", "--template", "fnc1"], dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("1 claims") && err.contains("--relabel-to"),
        "{err}"
    );
    assert_eq!(std::fs::read(&p).unwrap(), before, "nothing changed");

    let (code, out, err) = crosscheck(
        &[
            "labels",
            "p.ron",
            "--template",
            "fnc1",
            "--relabel-to",
            "disagree",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("disagree"), "{out}");
    assert_eq!(label_ids(&p), ["agree", "disagree", "discuss", "unrelated"]);
    let project = project::load(&p).unwrap();
    let claim = project.claims().iter().next().unwrap();
    assert_eq!(claim.label.as_deref(), Some("disagree"));

    // The export follows the declared mapping: disagree → REFUTES.
    let (code, _, err) = crosscheck(
        &["export", "p.ron", "-f", "fever", "-o", "f.jsonl"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let fever = std::fs::read_to_string(dir.path().join("f.jsonl")).unwrap();
    assert!(fever.contains("\"fever_label\":\"REFUTES\""), "{fever}");
}

#[test]
fn bad_input_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    project_with_a_claim(dir.path());
    let p = dir.path().join("p.ron");
    let before = std::fs::read(&p).unwrap();
    let cases: &[&[&str]] = &[
        &["labels", "p.ron", "--add", "agrees", "--name", "Again"],
        &["labels", "p.ron", "--add", "x", "--name", " "],
        &["labels", "p.ron", "--add", "x", "--name", "X", "--key", "1"],
        &["labels", "p.ron", "--add", "x", "--name", "X", "--key", "n"],
        &[
            "labels", "p.ron", "--add", "x", "--name", "X", "--color", "red",
        ],
        &[
            "labels", "p.ron", "--add", "x", "--name", "X", "--fever", "TRUE",
        ],
        &[
            "labels", "p.ron", "--add", "x", "--name", "X", "--nli", "entails",
        ],
        &["labels", "p.ron", "--template", "nope"],
        &["labels", "p.ron", "--remove", "contradicts"],
        &["labels", "p.ron", "--remove", "nope", "--unlabel"],
    ];
    for args in cases {
        let (code, _, err) = crosscheck(args, dir.path());
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(!err.contains("panicked"));
        assert_eq!(
            std::fs::read(&p).unwrap(),
            before,
            "{args:?} changed the file"
        );
    }
}

#[test]
fn add_remove_and_copy_through_json() {
    let dir = tempfile::tempdir().unwrap();
    project_with_a_claim(dir.path());
    let run = |args: &[&str]| {
        let (code, out, err) = crosscheck(args, dir.path());
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    run(&[
        "labels",
        "p.ron",
        "--add",
        "satire",
        "--name",
        "Satire",
        "--key",
        "4",
        "--fever",
        "REFUTES",
        "--nli",
        "contradiction",
    ]);
    run(&[
        "labels",
        "p.ron",
        "--remove",
        "contradicts",
        "--relabel-to",
        "satire",
    ]);
    let p = dir.path().join("p.ron");
    assert_eq!(label_ids(&p), ["agrees", "unverified", "satire"]);
    let guide = dir.path().join("guide.md");
    std::fs::write(&guide, "# How to label\n\nMark claims, not opinions.\n").unwrap();
    run(&["labels", "p.ron", "--guidelines", "guide.md"]);
    let json = run(&["labels", "p.ron", "--json"]);
    std::fs::write(dir.path().join("scheme.json"), &json).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["labels"][2]["id"], "satire");
    assert_eq!(value["labels"][2]["fever"], "REFUTES");
    assert_eq!(value["labels"][2]["claims"], 1);

    // Another project takes the scheme (labels, targets, guidelines) from
    // the JSON and from the project file alike.
    std::fs::copy(dir.path().join("pre.jsonl"), dir.path().join("pre2.jsonl")).unwrap();
    run(&["import", "q.ron", "pre2.jsonl", "--corpus", "corpus"]);
    run(&[
        "labels",
        "q.ron",
        "--from",
        "scheme.json",
        "--relabel-to",
        "satire",
    ]);
    let q = project::load(&dir.path().join("q.ron")).unwrap();
    let p = project::load(&p).unwrap();
    assert_eq!(q.labels(), p.labels());
    assert_eq!(q.guidelines(), p.guidelines());
    let json_again = run(&["labels", "q.ron", "--json"]);
    assert_eq!(json_again, json, "the --json round trip is exact");
    run(&["labels", "q.ron", "--template", "nli", "--unlabel"]);
    run(&["labels", "q.ron", "--from", "p.ron", "--unlabel"]);
    assert_eq!(
        project::load(&dir.path().join("q.ron")).unwrap().labels(),
        p.labels()
    );
}
