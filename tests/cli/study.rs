//! `crosscheck assign` then `crosscheck progress`, on a generated corpus.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crosscheck::corpus::Corpus;
use crosscheck::project::{self, Claim, ClaimId, Edit, Project, Span};
use crosscheck::study::Plan;

fn crosscheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// 30 articles in two folders, of varied lengths.
fn generated_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    for (folder, n) in [("bbc", 18), ("reuters", 12)] {
        std::fs::create_dir_all(corpus.join(folder)).unwrap();
        for i in 0..n {
            let body = "The council voted on Tuesday. ".repeat(5 + (i * 7) % 40);
            std::fs::write(
                corpus.join(folder).join(format!("{i:02}.txt")),
                format!("{folder} story {i}\n\n{body}\n"),
            )
            .unwrap();
        }
    }
    corpus
}

/// A labelled claim on the first "council" of `doc`, created at `created`.
fn claim(corpus: &Corpus, doc: &str, who: &str, id: &str, created: &str) -> Edit {
    let d = corpus.get(doc).unwrap();
    let start = d.text[..d.text.find("council").unwrap()].chars().count();
    let span = Span::from_document(d, start, start + 7).unwrap();
    let mut c = Claim::new(span, Some("agrees".into()), who, created);
    c.id = ClaimId(id.into());
    Edit::AddClaim(Box::new(c))
}

fn edit(path: &Path, edits: Vec<Edit>) {
    let mut p: Project = project::load(path).unwrap();
    for e in edits {
        p.apply(e).unwrap();
    }
    project::save(&p, path).unwrap();
}

#[test]
fn assign_then_progress_then_extend() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus_dir = generated_corpus(tmp.path());
    let out_dir = tmp.path().join("study");
    let out = crosscheck(&[
        "assign",
        s(&corpus_dir),
        "--annotators",
        "ana,ben,chen",
        "--overlap",
        "0.2",
        "--seed",
        "42",
        "--out",
        s(&out_dir),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan_path = out_dir.join("study.ron");
    let plan = Plan::load(&plan_path).unwrap();
    assert_eq!(plan.documents.len(), 30);
    assert_eq!(plan.documents.values().filter(|d| d.overlap).count(), 6);
    for name in ["ana", "ben", "chen"] {
        let p = project::load(&out_dir.join(format!("{name}.ron"))).unwrap();
        assert_eq!(
            *p.assigned(),
            plan.share(name),
            "{name}'s file lists their share"
        );
        assert_eq!(
            p.documents().len(),
            30,
            "every fingerprint, as the window keeps"
        );
        assert!(p.claims().is_empty() && p.answer_key().is_none());
    }

    // ana and ben do an overlap document they share; ana one more of hers.
    let corpus = Corpus::open(&corpus_dir).unwrap();
    let shared = plan
        .documents
        .iter()
        .find(|(_, d)| d.overlap && d.annotators == ["ana", "ben"])
        .map(|(id, _)| id.clone())
        .expect("an overlap document of ana and ben");
    let ana_only = plan
        .share("ana")
        .into_iter()
        .find(|d| !plan.documents[d].overlap)
        .unwrap();
    let ana = out_dir.join("ana.ron");
    let ben = out_dir.join("ben.ron");
    edit(
        &ana,
        vec![
            claim(&corpus, &shared, "ana", "ca1", "2026-03-01T10:00:00Z"),
            claim(&corpus, &ana_only, "ana", "ca2", "2026-03-01T10:00:40Z"),
            // An hour's break, then another claim 20 s later: the break
            // counts toward nothing.
            claim(&corpus, &ana_only, "ana", "ca3", "2026-03-01T11:30:00Z"),
            Edit::SetDone {
                doc: shared.clone(),
                done: true,
            },
        ],
    );
    // A claim on "Tuesday" rather than "council" would disagree; this agrees.
    edit(
        &ben,
        vec![
            claim(&corpus, &shared, "ben", "cb1", "2026-03-02T09:00:00Z"),
            Edit::SetDone {
                doc: shared.clone(),
                done: true,
            },
        ],
    );

    let out = crosscheck(&["progress", s(&plan_path), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let who = |name: &str| {
        r["annotators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .unwrap()
            .clone()
    };
    let a = who("ana");
    assert_eq!(a["done"], 1);
    assert_eq!(a["assigned"], plan.share("ana").len());
    assert_eq!(a["started"], 2);
    assert_eq!(a["claims"], 3);
    assert_eq!(a["evidence_links"], 0);
    // Gaps 40 s and 5,360 s (a break): 40 s of labelling, 3 labels.
    assert_eq!(a["labelling_seconds"], 40);
    assert_eq!(a["median_seconds_per_claim"], 40.0);
    assert_eq!(a["labels_per_hour"], 3.0 * 3600.0 / 40.0);
    assert!(
        a["last_activity"]
            .as_str()
            .unwrap()
            .starts_with("2026-03-01T11:30")
    );
    let b = who("ben");
    assert_eq!(
        (b["done"].clone(), b["claims"].clone()),
        (1.into(), 1.into())
    );
    assert_eq!(
        b["labels_per_hour"],
        serde_json::Value::Null,
        "one claim: no gap"
    );
    assert_eq!(who("chen")["done"], 0);
    assert_eq!(r["documents_done"], 1);
    assert_eq!(r["overlap_documents"], 6);
    let waiting = r["overlap_waiting"].as_array().unwrap();
    assert_eq!(waiting.len(), 5, "the shared one is done by both");
    assert!(waiting.iter().all(|d| d["id"] != shared.as_str()));
    let pairs = r["agreement"].as_array().unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!(
        (pairs[0]["a"].clone(), pairs[0]["b"].clone()),
        ("ana".into(), "ben".into())
    );
    assert_eq!(pairs[0]["documents"], 1);
    assert_eq!(pairs[0]["figures"]["span_f1_exact"]["f1"], 1.0);
    let doc = r["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == shared.as_str())
        .unwrap();
    assert_eq!(doc["done_by"], serde_json::json!(["ana", "ben"]));

    // The text report says the same, safe to print.
    let out = crosscheck(&["progress", s(&plan_path)]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("1 of 30 documents done"), "{text}");
    assert!(
        text.contains("ana – ben (1 documents): span F1 exact 1.000"),
        "{text}"
    );

    // The files alone, without the plan, give the same counts.
    let out = crosscheck(&["progress", s(&ana), s(&ben), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r2: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r2["annotators"][0]["done"], 1);
    assert_eq!(r2["agreement"][0]["documents"], 1);

    // dara joins, two articles arrive; with --rebalance unstarted work
    // moves to her, started work stays.
    std::fs::write(
        corpus_dir.join("bbc/90.txt"),
        "New one\n\nThe council met.\n",
    )
    .unwrap();
    std::fs::write(
        corpus_dir.join("reuters/91.txt"),
        "Newer\n\nThe council sat.\n",
    )
    .unwrap();
    let out = crosscheck(&[
        "assign",
        s(&corpus_dir),
        "--annotators",
        "ana,ben,chen,dara",
        "--out",
        s(&out_dir),
        "--rebalance",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let extended = Plan::load(&plan_path).unwrap();
    assert_eq!(extended.documents.len(), 32);
    assert_eq!(extended.seed, 42);
    for (doc, name) in [(&shared, "ana"), (&shared, "ben"), (&ana_only, "ana")] {
        assert!(extended.documents[doc].annotators.iter().any(|a| a == name));
    }
    assert!(!extended.share("dara").is_empty());
    let p = project::load(&ana).unwrap();
    assert_eq!(p.claims().len(), 3, "ana's work kept");
    assert_eq!(*p.assigned(), extended.share("ana"));
    // Nothing but the plan, the files and their backups in the folder.
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".ron") || n.ends_with(".ron.bak")),
        "{names:?}"
    );
}

#[test]
fn bad_input_is_refused_clearly_and_nothing_written() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus_dir = generated_corpus(tmp.path());
    let out_dir = tmp.path().join("study");
    for (args, message) in [
        (vec!["--annotators", "ana,ben,ana"], "given twice"),
        (
            vec!["--annotators", "ana,ben", "--overlap", "1.5"],
            "between 0 and 1",
        ),
        (
            vec!["--annotators", "ana,ben", "--per-doc", "3"],
            "more than the 2 annotators",
        ),
        (vec!["--annotators", "ana,../x"], "cannot be a file name"),
        (vec!["--annotators", "ana,Study"], "the plan's file name"),
    ] {
        let mut all = vec!["assign", s(&corpus_dir), "--out", s(&out_dir)];
        all.extend(args);
        let out = crosscheck(&all);
        assert_eq!(out.status.code(), Some(1), "{all:?}");
        assert!(stderr(&out).contains(message), "{all:?}: {}", stderr(&out));
        assert!(!out_dir.exists(), "nothing written");
    }
    let out = crosscheck(&["progress", s(&tmp.path().join("none.ron"))]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("none.ron"), "{}", stderr(&out));
}

#[test]
fn help_has_examples_and_a_full_stdout_is_one_error() {
    for sub in ["assign", "progress"] {
        let out = crosscheck(&[sub, "--help"]);
        assert!(out.status.success(), "{sub}: {}", stderr(&out));
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(help.contains("Examples:"), "{sub}: {help}");
        assert!(
            help.contains(&format!("crosscheck {sub} ")),
            "{sub}: {help}"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let corpus_dir = generated_corpus(tmp.path());
    let out = crosscheck(&[
        "assign",
        s(&corpus_dir),
        "--annotators",
        "ana,ben",
        "--seed",
        "1",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        corpus_dir.join("study.ron").exists(),
        "the corpus folder by default"
    );
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["progress", s(&corpus_dir.join("study.ron")), "--json"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: cannot write to standard output"),
        "{err}"
    );
}

#[test]
fn a_file_over_another_corpus_is_not_taken_over() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus_dir = generated_corpus(tmp.path());
    let other = tmp.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let out_dir = tmp.path().join("study");
    std::fs::create_dir_all(&out_dir).unwrap();
    let ana = out_dir.join("ana.ron");
    let mut p = Project::new("");
    p.set_corpus_reference(project::corpus_reference(&ana, &other));
    project::save(&p, &ana).unwrap();
    let before = std::fs::read(&ana).unwrap();
    let out = crosscheck(&[
        "assign",
        s(&corpus_dir),
        "--annotators",
        "ana,ben",
        "--out",
        s(&out_dir),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is a project over"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&ana).unwrap(), before);
    assert!(!out_dir.join("study.ron").exists());
}

#[test]
fn gather_takes_single_documents_and_leaves_the_overlap() {
    use crosscheck::agreement::adjudicate::load_comparison;
    let tmp = tempfile::tempdir().unwrap();
    let corpus_dir = generated_corpus(tmp.path());
    let out_dir = tmp.path().join("study");
    let args = [
        "assign",
        s(&corpus_dir),
        "--annotators",
        "ana,ben",
        "--seed",
        "3",
    ];
    let out = crosscheck(&[&args[..], &["--out", s(&out_dir)]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let plan_path = out_dir.join("study.ron");
    let plan = Plan::load(&plan_path).unwrap();
    let corpus = Corpus::open(&corpus_dir).unwrap();
    let single_of = |who: &str| -> String {
        plan.documents
            .iter()
            .find(|(_, d)| !d.overlap && d.annotators == [who])
            .map(|(id, _)| id.clone())
            .unwrap()
    };
    let overlap: String = plan
        .documents
        .iter()
        .find(|(_, d)| d.overlap)
        .map(|(id, _)| id.clone())
        .unwrap();
    let (a_doc, b_doc) = (single_of("ana"), single_of("ben"));
    let done = |doc: &str| Edit::SetDone {
        doc: doc.into(),
        done: true,
    };
    edit(
        &out_dir.join("ana.ron"),
        vec![
            claim(&corpus, &a_doc, "ana", "c-ana-1", "2026-01-01T10:00:00Z"),
            claim(&corpus, &overlap, "ana", "c-ana-2", "2026-01-01T10:01:00Z"),
            // On ben's document: not ana's to give.
            claim(&corpus, &b_doc, "ana", "c-ana-3", "2026-01-01T10:02:00Z"),
            done(&a_doc),
        ],
    );
    // On the overlap, ben labels the same span otherwise: a disagreement.
    let mut differs = claim(&corpus, &overlap, "ben", "c-ben-2", "2026-01-01T11:01:00Z");
    if let Edit::AddClaim(c) = &mut differs {
        c.label = Some("contradicts".into());
    }
    edit(
        &out_dir.join("ben.ron"),
        vec![
            claim(&corpus, &b_doc, "ben", "c-ben-1", "2026-01-01T11:00:00Z"),
            differs,
        ],
    );
    let gold_path = out_dir.join("gold.ron");
    let out = crosscheck(&["gather", s(&plan_path), "--out", s(&gold_path)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 claims taken from 2 single-annotated documents (1 marked done"),
        "{text}"
    );
    assert!(
        text.contains("overlap documents left to adjudicate"),
        "{text}"
    );
    assert!(text.contains("--project"), "{text}");
    assert!(
        stderr(&out).contains("ana: 1 claims on documents another annotator has alone"),
        "{}",
        stderr(&out)
    );
    let gold = project::load(&gold_path).unwrap();
    let mut sources: Vec<(String, String)> = gold
        .claims()
        .iter()
        .map(|c| (c.span.doc.clone(), c.sources.join(",")))
        .collect();
    sources.sort();
    let mut want = vec![
        (a_doc.clone(), "ana:c-ana-1".to_string()),
        (b_doc.clone(), "ben:c-ben-1".to_string()),
    ];
    want.sort();
    assert_eq!(
        sources, want,
        "single documents taken with their source, the overlap left"
    );
    assert!(gold.documents()[&a_doc].done, "ana's done mark comes along");
    assert!(gold.labels().iter().any(|l| l.id == "agrees"));

    // Adjudicating: the gold file is not compared as an annotator, and
    // the claims taken count as decided; the overlap's are left.
    let files = [out_dir.join("ana.ron"), out_dir.join("ben.ron")];
    let adj = load_comparison(&files, Some((&gold_path, &gold)), &corpus).unwrap();
    assert_eq!(adj.files.len(), 2);
    let decided = adj.decided_in(&gold);
    for (d, done) in adj.comparison.disagreements.iter().zip(&decided) {
        assert_eq!(*done, d.doc != overlap, "{} decided: {done}", d.doc);
    }
    assert!(decided.iter().any(|d| !d), "the overlap is left to decide");

    // A decision on the overlap, then ben's later work: gathering again
    // keeps the decision and takes ben's new claim.
    let mut gold = gold;
    let decision = adj
        .comparison
        .disagreements
        .iter()
        .find(|d| d.doc == overlap)
        .unwrap();
    let (e, _) = crosscheck::agreement::adjudicate::decision_edit(
        &adj,
        decision,
        crosscheck::agreement::adjudicate::Decision::TakeA,
        "lead",
    )
    .unwrap();
    gold.apply(e).unwrap();
    project::save(&gold, &gold_path).unwrap();
    let second = corpus.get(&b_doc).unwrap();
    let at = second.text.rfind("council").unwrap();
    let start = second.text[..at].chars().count();
    let mut late = Claim::new(
        Span::from_document(second, start, start + 7).unwrap(),
        Some("contradicts".into()),
        "ben",
        "2026-01-02T09:00:00Z",
    );
    late.id = ClaimId("c-ben-3".into());
    edit(
        &out_dir.join("ben.ron"),
        vec![Edit::AddClaim(Box::new(late))],
    );
    let out = crosscheck(&["gather", s(&plan_path), "--out", s(&gold_path)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("updated"));
    let gold = project::load(&gold_path).unwrap();
    assert_eq!(
        gold.claims().len(),
        4,
        "2 + ben's new one + the overlap decision"
    );
    assert_eq!(
        gold.claims()
            .iter()
            .filter(|c| c.span.doc == overlap)
            .count(),
        1,
        "the decision on the overlap is kept"
    );
    assert!(gold.claims().iter().any(|c| c.sources == ["ben:c-ben-3"]));

    // An annotator's own file is never the gold one.
    let out = crosscheck(&[
        "gather",
        s(&plan_path),
        "--out",
        s(&out_dir.join("ana.ron")),
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("ana's file"), "{}", stderr(&out));
}
