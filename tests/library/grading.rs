//! Classrooms: an answer key and three students over a small committed
//! corpus (`tests/fixtures/grading/corpus/`) with known outcomes; the
//! `grade` report, CSV (read back by Python's `csv`), feedback files,
//! anonymisation, the handout, and refusals that leave the others graded.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crosscheck::corpus::{Corpus, Document};
use crosscheck::grading::{self, finds};
use crosscheck::project::{
    self, AnswerKey, ClaimChange, ClaimId, Edit, KeyInfo, Mark, Project, Rubric,
};

use crate::support::Builder;

fn crosscheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn fixture_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/grading/corpus")
}

/// `tmp/corpus`, a copy of the fixture corpus.
fn copy_corpus(tmp: &Path) -> Corpus {
    let dir = tmp.join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["a.txt", "b.txt"] {
        std::fs::copy(fixture_corpus().join(name), dir.join(name)).unwrap();
    }
    Corpus::open(&dir).unwrap()
}

fn set_key_info(p: &mut Project, id: &ClaimId, required: bool, explanation: &str) {
    p.apply(Edit::UpdateClaim {
        id: id.clone(),
        change: ClaimChange::KeyInfo(Some(KeyInfo {
            required,
            explanation: explanation.into(),
        })),
        modified: support::T0.into(),
    })
    .unwrap();
}

const A: &str = "a.txt";
const B: &str = "b.txt";

/// The key: K1 and K2 required (each with one link), K3 a bonus claim.
fn key(corpus: &Corpus) -> Project {
    let mut b = Builder::new(corpus);
    let k1 = b.claim(
        A,
        "the bridge will open in May",
        Some("contradicts"),
        "teacher",
        &[(B, "The bridge opens in June", "contradicts")],
    );
    let k2 = b.claim(
        A,
        "Critics said the cost doubled",
        Some("contradicts"),
        "teacher",
        &[(B, "Costs rose by ten percent", "contradicts")],
    );
    let k3 = b.claim(
        B,
        "No delay was reported",
        Some("agrees"),
        "teacher",
        &[(A, "The council denied any delay", "agrees")],
    );
    let mut p = b.project;
    set_key_info(&mut p, &k1, true, "SECRET-EXPLANATION-1: b.txt says June.");
    set_key_info(
        &mut p,
        &k2,
        true,
        "SECRET-EXPLANATION-2: ten percent is not double.",
    );
    set_key_info(
        &mut p,
        &k3,
        false,
        "SECRET-EXPLANATION-3: both say no delay.",
    );
    p.apply(Edit::SetAnswerKey(Some(AnswerKey {
        instructions: "# Bridge reports\n\nFind the claims the reports disagree on.".into(),
        rubric: None,
    })))
    .unwrap();
    p
}

/// ann: K1 exact with its link, K2 by a part of it with the wrong label,
/// one extra claim, K3 missed. Score 2·2 + 1 + 1 − 1 = 5 of 8.
fn ann(corpus: &Corpus) -> Project {
    let mut b = Builder::new(corpus);
    b.claim(
        A,
        "the bridge will open in May",
        Some("contradicts"),
        "ann",
        &[(B, "bridge opens in June", "contradicts")],
    );
    b.claim(A, "the cost doubled", Some("agrees"), "ann", &[]);
    b.claim(A, "The mayor said", Some("unverified"), "ann", &[]);
    b.project
}

/// bob, on a copy where a.txt was edited: K3 (bonus) only, a near miss on
/// K1 that does not count (3 of 18 code points). Score 2 + 1 − 1 = 2 of 8.
fn bob(edited: &Corpus) -> Project {
    let mut b = Builder::new(edited);
    b.claim(B, "No delay was reported", Some("agrees"), "bob", &[]);
    b.claim(A, "The mayor said the", Some("contradicts"), "bob", &[]);
    b.project
}

/// cy: everything with the right labels, K1 and K2 links; K3's link not.
/// Score 3·2 + 3 + 2 = 11 of 8.
fn cy(corpus: &Corpus) -> Project {
    let mut b = Builder::new(corpus);
    b.claim(
        A,
        "said the bridge will open in May.",
        Some("contradicts"),
        "cy",
        &[(B, "The bridge opens in June", "contradicts")],
    );
    b.claim(
        A,
        "Critics said the cost doubled",
        Some("contradicts"),
        "cy",
        &[(B, "Costs rose by ten percent", "contradicts")],
    );
    b.claim(B, "No delay was reported.", Some("agrees"), "cy", &[]);
    b.project
}

struct Class {
    tmp: tempfile::TempDir,
    key: PathBuf,
    students: Vec<PathBuf>,
}

fn save(p: &Project, path: &Path) -> PathBuf {
    project::save(p, path).unwrap();
    path.to_path_buf()
}

fn class() -> Class {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = copy_corpus(tmp.path());
    let edited_a = format!(
        "UPDATE: {}",
        std::fs::read_to_string(fixture_corpus().join(A)).unwrap()
    );
    let edited = Corpus::from_parts(
        tmp.path().join("corpus"),
        vec![Document::new(A, edited_a), corpus.get(B).unwrap().clone()],
        vec![],
    );
    let key = save(&key(&corpus), &tmp.path().join("key.ron"));
    let students = vec![
        save(&ann(&corpus), &tmp.path().join("ann.ron")),
        save(&bob(&edited), &tmp.path().join("bob.ron")),
        save(&cy(&corpus), &tmp.path().join("cy.ron")),
    ];
    Class { tmp, key, students }
}

fn grade_args<'a>(c: &'a Class, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["grade", s(&c.key)];
    args.extend(c.students.iter().map(|p| s(p)));
    args.extend(extra);
    args
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn the_rule_is_half_of_the_shorter_span() {
    let corpus = copy_corpus(tempfile::tempdir().unwrap().path());
    let k = support::span(&corpus, A, "the bridge will open in May");
    assert!(finds(&k, &support::span(&corpus, A, "the bridge")).is_some());
    assert!(finds(&k, &support::span(&corpus, A, "The mayor said the")).is_none());
}

#[test]
fn three_students_have_their_known_outcomes() {
    let c = class();
    let out = crosscheck(&grade_args(&c, &["--json"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["rule"], grading::RULE);
    assert_eq!(v["rubric"]["points_found"], 2);
    assert_eq!(v["rubric"]["penalty_extra"], 1);
    let students = v["students"].as_array().unwrap();
    let by = |name: &str| {
        students
            .iter()
            .find(|s| s["student"] == name)
            .unwrap_or_else(|| panic!("no {name} in {v}"))
    };
    let ann = by("ann");
    assert_eq!(
        (
            &ann["found_required"],
            &ann["missed_bonus"],
            &ann["extra"],
            &ann["labels_correct"],
            &ann["labels_checked"],
            &ann["evidence_found"],
            &ann["score"],
            &ann["max_score"]
        ),
        (
            &2.into(),
            &1.into(),
            &1.into(),
            &1.into(),
            &2.into(),
            &1.into(),
            &5.into(),
            &8.into()
        )
    );
    let bob = by("bob");
    assert_eq!(bob["found_required"], 0);
    assert_eq!(bob["missed_required"], 2);
    assert_eq!(bob["found_bonus"], 1);
    assert_eq!(bob["extra"], 1);
    assert_eq!(bob["score"], 2);
    let cy = by("cy");
    assert_eq!(cy["found_required"], 2);
    assert_eq!(cy["found_bonus"], 1);
    assert_eq!(cy["extra"], 0);
    assert_eq!(cy["labels_correct"], 3);
    assert_eq!(cy["evidence_found"], 2);
    assert_eq!(cy["evidence_of_found"], 3);
    assert_eq!(cy["score"], 11);
    assert_eq!(cy["percent"], 137.5);
    // bob's article was edited: he was re-anchored, and told.
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bob.ron: re-anchored"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_rubric_in_the_key_changes_the_score() {
    let c = class();
    let mut k = project::load(&c.key).unwrap();
    k.apply(Edit::SetAnswerKey(Some(AnswerKey {
        instructions: String::new(),
        rubric: Some(Rubric {
            points_found: 1,
            points_label: 0,
            points_evidence: 0,
            penalty_extra: 5,
        }),
    })))
    .unwrap();
    project::save(&k, &c.key).unwrap();
    let out = crosscheck(&grade_args(&c, &["--json"]));
    let v = json(&out);
    let ann = v["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["student"] == "ann")
        .unwrap();
    // 2 found − 5 for the extra claim: never below 0.
    assert_eq!(ann["score"], 0);
    assert_eq!(ann["max_score"], 2);
}

#[test]
fn csv_follows_the_conventions_and_python_reads_it() {
    let c = class();
    // A student whose name would run as a formula in a spreadsheet.
    let corpus = Corpus::open(&c.tmp.path().join("corpus")).unwrap();
    let mut b = Builder::new(&corpus);
    b.claim(
        A,
        "The council denied any delay",
        Some("agrees"),
        "=HYPERLINK(\"x\")",
        &[],
    );
    let evil = save(&b.project, &c.tmp.path().join("evil.ron"));
    let csv_path = c.tmp.path().join("grades.csv");
    let mut args = grade_args(&c, &["--csv", s(&csv_path)]);
    args.push(s(&evil));
    let out = crosscheck(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with("\u{feff}student,file,score,max_score,percent,".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(
        text.matches("\r\n").count(),
        5,
        "header and four rows, CRLF"
    );
    assert!(text.contains("'=HYPERLINK"), "{text}");

    let Ok(py) = Command::new("python3").arg("--version").output() else {
        eprintln!(
            "SKIPPED csv_follows_the_conventions_and_python_reads_it (Python part): python3 not found"
        );
        return;
    };
    if !py.status.success() {
        eprintln!(
            "SKIPPED csv_follows_the_conventions_and_python_reads_it (Python part): python3 does not run"
        );
        return;
    }
    let script = r#"
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.DictReader(f))
assert len(rows) == 4, rows
by = {r["student"]: r for r in rows}
assert by["ann"]["score"] == "5" and by["ann"]["max_score"] == "8", by["ann"]
assert by["cy"]["percent"] == "137.5", by["cy"]
assert by["bob"]["found_bonus"] == "1"
assert "'=HYPERLINK(\"x\")" in by, list(by)
for r in rows:
    int(r["score"]); int(r["extra"]); float(r["percent"])
print("ok")
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&csv_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn feedback_files_open_and_carry_the_marks() {
    let c = class();
    let dir = c.tmp.path().join("feedback");
    let out = crosscheck(&grade_args(&c, &["--feedback", s(&dir)]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ws =
        crosscheck::workspace::Workspace::open_project(&dir.join("ann.ron"), &Default::default())
            .unwrap();
    assert!(
        ws.report.is_clean(),
        "the corpus reference is relative to the file"
    );
    let p = &ws.project;
    assert!(p.answer_key().is_none(), "a feedback file is not a key");
    let marks = |from_key: bool| {
        let mut m: Vec<(Mark, String)> = p
            .claims()
            .sorted()
            .into_iter()
            .filter_map(|c| {
                let f = c.feedback.as_ref()?;
                (f.from_key == from_key).then(|| (f.mark, c.span.quote.clone()))
            })
            .collect();
        m.sort_by(|a, b| a.1.cmp(&b.1));
        m
    };
    assert_eq!(
        marks(false),
        [
            (Mark::Extra, "The mayor said".to_string()),
            (Mark::Found, "the bridge will open in May".to_string()),
            (Mark::WrongLabel, "the cost doubled".to_string()),
        ]
    );
    assert_eq!(
        marks(true),
        [
            (
                Mark::WrongLabel,
                "Critics said the cost doubled".to_string()
            ),
            (Mark::Missed, "No delay was reported".to_string()),
            (Mark::Found, "the bridge will open in May".to_string()),
        ]
    );
    let missed = p
        .claims()
        .iter()
        .find(|c| c.span.quote == "No delay was reported")
        .unwrap();
    assert!(
        missed.note.starts_with("[missed] SECRET-EXPLANATION-3"),
        "{}",
        missed.note
    );
    let fb = missed.feedback.as_ref().unwrap();
    assert!(fb.bonus);
    assert!(missed.key_info.is_none());
    // Matched claims point at each other within the file.
    for claim in p.claims().iter() {
        if let Some(other) = claim.feedback.as_ref().and_then(|f| f.matched.as_ref()) {
            assert!(p.claims().contains(other), "{other} is in the file");
        }
    }
    assert!(dir.join("bob.ron").exists() && dir.join("cy.ron").exists());
}

#[test]
fn anonymised_reports_are_stable_and_name_nobody() {
    let c = class();
    let run = |n: usize| {
        let csv_path = c.tmp.path().join(format!("grades{n}.csv"));
        let mapping = c.tmp.path().join(format!("names{n}.csv"));
        let out = crosscheck(&grade_args(
            &c,
            &[
                "--json",
                "--anonymise",
                "--csv",
                s(&csv_path),
                "--mapping",
                s(&mapping),
            ],
        ));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let csv_text = std::fs::read_to_string(&csv_path).unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        // Quoted or as a file name: "cy" alone is part of "label_accuracy".
        for name in ["ann", "bob", "cy", "teacher"] {
            for form in [
                format!("\"{name}\""),
                format!("{name}.ron"),
                format!(",{name},"),
                format!("\n{name},"),
            ] {
                assert!(!stdout.contains(&form), "{form} in the JSON report");
                assert!(!csv_text.contains(&form), "{form} in the CSV");
            }
        }
        let mapping = std::fs::read_to_string(&mapping).unwrap();
        (stdout, csv_text, mapping)
    };
    let (a, csv_a, map_a) = run(1);
    let (b, csv_b, map_b) = run(2);
    assert_eq!(a, b);
    assert_eq!(csv_a, csv_b);
    assert_eq!(map_a, map_b);
    for name in ["ann", "bob", "cy"] {
        assert!(map_a.contains(name), "the mapping names {name}");
    }
    assert!(a.contains("\"S01\"") && a.contains("\"S03\""));
    // Next time without bob, with the same mapping: nobody is renumbered,
    // and bob stays in the mapping for when he is back.
    let pseudonym_of = |mapping: &str, name: &str| {
        mapping
            .lines()
            .find(|l| l.contains(&format!(",{name},")))
            .and_then(|l| l.trim_start_matches('\u{feff}').split(',').next())
            .map(str::to_owned)
            .unwrap()
    };
    let mapping1 = c.tmp.path().join("names1.csv");
    let out = crosscheck(&[
        "grade",
        s(&c.key),
        s(&c.students[0]),
        s(&c.students[2]),
        "--json",
        "--anonymise",
        "--mapping",
        s(&mapping1),
    ]);
    assert!(out.status.success());
    let v = json(&out);
    let shown: Vec<&str> = v["students"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["student"].as_str().unwrap())
        .collect();
    let mut expected = vec![pseudonym_of(&map_a, "ann"), pseudonym_of(&map_a, "cy")];
    expected.sort();
    assert_eq!(shown, expected);
    let again = std::fs::read_to_string(&mapping1).unwrap();
    assert_eq!(pseudonym_of(&again, "bob"), pseudonym_of(&map_a, "bob"));
    // The text report too.
    let out = crosscheck(&grade_args(
        &c,
        &["--anonymise", "--mapping", s(&c.tmp.path().join("m.csv"))],
    ));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("ann") && !text.contains("bob.ron"), "{text}");
    // Without a place for the mapping, refused.
    let out = crosscheck(&grade_args(&c, &["--anonymise"]));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn bad_files_are_reported_and_the_others_still_graded() {
    let c = class();
    let t = c.tmp.path();
    std::fs::write(t.join("notes.ron"), "this is not a project\n").unwrap();
    let other_corpus = Corpus::from_parts(
        t.join("elsewhere"),
        vec![Document::new(
            "z.txt",
            "Something else entirely happened here.",
        )],
        vec![],
    );
    let mut b = Builder::new(&other_corpus);
    b.claim("z.txt", "Something else", Some("agrees"), "dan", &[]);
    save(&b.project, &t.join("dan.ron"));
    let corpus = Corpus::open(&t.join("corpus")).unwrap();
    let mut again = ann(&corpus);
    again.set_corpus_reference("corpus".into());
    save(&again, &t.join("ann-copy.ron"));
    let mut args = grade_args(&c, &["--json"]);
    let extra: Vec<String> = ["notes.ron", "dan.ron", "ann-copy.ron", "key.ron"]
        .iter()
        .map(|f| t.join(f).display().to_string())
        .collect();
    args.extend(extra.iter().map(String::as_str));
    let out = crosscheck(&args);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("notes.ron") && err.contains("not valid"),
        "{err}"
    );
    assert!(err.contains("dan.ron is over a different corpus"), "{err}");
    assert!(err.contains("both by student \"ann\""), "{err}");
    assert!(err.contains("key.ron is the answer key itself"), "{err}");
    let v = json(&out);
    let graded: Vec<&str> = v["students"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["student"].as_str().unwrap())
        .collect();
    assert_eq!(graded, ["bob", "cy"], "both of ann's files are refused");
    assert_eq!(v["failed"].as_array().unwrap().len(), 5);
}

#[test]
fn the_same_file_twice_is_graded_once() {
    let c = class();
    let mut args = grade_args(&c, &["--json"]);
    args.push(s(&c.students[0]));
    let out = crosscheck(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["students"].as_array().unwrap().len(), 3);
    assert!(String::from_utf8_lossy(&out.stderr).contains("given twice"));
}

#[test]
fn a_key_must_be_marked_and_have_claims() {
    let c = class();
    let t = c.tmp.path();
    let mut plain = project::load(&c.key).unwrap();
    plain.apply(Edit::SetAnswerKey(None)).unwrap();
    save(&plain, &t.join("plain.ron"));
    let out = crosscheck(&["grade", s(&t.join("plain.ron")), s(&c.students[0])]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not marked as an answer key"));

    let corpus = Corpus::open(&t.join("corpus")).unwrap();
    let mut empty = Builder::new(&corpus).project;
    empty
        .apply(Edit::SetAnswerKey(Some(AnswerKey::default())))
        .unwrap();
    save(&empty, &t.join("empty.ron"));
    let out = crosscheck(&["grade", s(&t.join("empty.ron")), s(&c.students[0])]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no claims"));

    // `crosscheck key` marks it, with a bonus claim and an explanation.
    let out = crosscheck(&[
        "key",
        s(&t.join("plain.ron")),
        "--bonus",
        "c01",
        "--explain",
        "c02=Ten percent is not double.",
        "--rubric",
        "3,1,1,0",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let marked = project::load(&t.join("plain.ron")).unwrap();
    let rubric = marked.answer_key().unwrap().rubric.unwrap();
    assert_eq!((rubric.points_found, rubric.penalty_extra), (3, 0));
    let c01 = marked.claims().get(&ClaimId("c01".into())).unwrap();
    assert!(!c01.key_info.as_ref().unwrap().required);
    let c02 = marked.claims().get(&ClaimId("c02".into())).unwrap();
    assert_eq!(
        c02.key_info.as_ref().unwrap().explanation,
        "Ten percent is not double."
    );
    let out = crosscheck(&["key", s(&t.join("plain.ron")), "--bonus", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        project::load(&t.join("plain.ron")).unwrap(),
        marked,
        "refused: unchanged"
    );
}

#[test]
fn the_handout_holds_no_answers() {
    let c = class();
    let out_dir = c.tmp.path().join("handout");
    let out = crosscheck(&["handout", s(&c.key), s(&out_dir)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = project::load(&out_dir.join("crosscheck.ron")).unwrap();
    assert!(p.claims().is_empty());
    assert!(p.answer_key().is_none());
    let key = project::load(&c.key).unwrap();
    assert_eq!(p.labels(), key.labels());
    assert_eq!(p.documents().len(), 2);
    let instructions = std::fs::read_to_string(out_dir.join("INSTRUCTIONS.md")).unwrap();
    assert!(instructions.starts_with("# Bridge reports"));
    // Nothing of the key anywhere in the folder.
    let mut files = Vec::new();
    for entry in walk(&out_dir) {
        let text = std::fs::read_to_string(&entry).unwrap();
        for secret in [
            "SECRET-EXPLANATION",
            "teacher",
            "key_info",
            "c01",
            "evidence: [(",
        ] {
            assert!(!text.contains(secret), "{secret} in {}", entry.display());
        }
        files.push(entry.strip_prefix(&out_dir).unwrap().display().to_string());
    }
    files.sort();
    assert_eq!(
        files,
        [
            "INSTRUCTIONS.md",
            "corpus/a.txt",
            "corpus/b.txt",
            "crosscheck.ron"
        ]
    );
    // The students' copy is the same corpus: a student's file from it grades.
    let ws = crosscheck::workspace::Workspace::open_project(
        &out_dir.join("crosscheck.ron"),
        &Default::default(),
    )
    .unwrap();
    assert!(ws.report.is_clean() && ws.report.changed_docs.is_empty());
    assert!(grading::anchor_student(&mut ws.project.clone(), &ws.corpus, "x").is_ok());
    // An existing folder with files is refused.
    let again = crosscheck(&["handout", s(&c.key), s(&out_dir)]);
    assert_eq!(again.status.code(), Some(1));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn one_to_one_with_ties_broken_by_shared_code_points() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = copy_corpus(tmp.path());
    let key = key(&corpus);
    let mut b = Builder::new(&corpus);
    // Both lie inside K1; only one can find it: the one sharing more.
    let longer = b.claim(A, "the bridge will", Some("contradicts"), "eve", &[]);
    let shorter = b.claim(A, "open in May", Some("contradicts"), "eve", &[]);
    let g = grading::grade(&key, &b.project, "eve", &Rubric::default());
    assert_eq!(g.pairs.len(), 1);
    assert_eq!(g.pairs[0].student, longer);
    assert_eq!(g.extra_claims, [shorter]);
    assert_eq!((g.found_required, g.extra, g.score), (1, 1, 2 + 1 - 1));
    assert_eq!(g.missed.len(), 2);
}

#[test]
fn a_student_working_in_the_handout_is_graded() {
    let c = class();
    let hand = c.tmp.path().join("handout");
    assert!(
        crosscheck(&["handout", s(&c.key), s(&hand)])
            .status
            .success()
    );
    // The student opens the handout, labels a claim, hands the file back.
    let ws = crosscheck::workspace::Workspace::open_project(
        &hand.join("crosscheck.ron"),
        &Default::default(),
    )
    .unwrap();
    let mut p = ws.project;
    let span = support::span(&ws.corpus, A, "the bridge will open in May");
    let claim = crosscheck::project::Claim::new(span, Some("contradicts".into()), "fay", "t");
    p.apply(Edit::AddClaim(Box::new(claim))).unwrap();
    project::save(&p, &hand.join("crosscheck.ron")).unwrap();
    let out = crosscheck(&[
        "grade",
        s(&c.key),
        s(&hand.join("crosscheck.ron")),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["students"][0]["student"], "fay");
    assert_eq!(v["students"][0]["found_required"], 1);
    assert_eq!(v["students"][0]["score"], 3);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
