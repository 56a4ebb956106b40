//! `crosscheck search` and `crosscheck suggest`, run as a pipeline runs them.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crosscheck::corpus::Corpus;
use crosscheck::project;
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .output()
        .unwrap()
}

fn lines(o: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The seeds project saved at `tmp/project.ron` over `tmp/corpus`.
fn saved(tmp: &Path) -> (PathBuf, Corpus) {
    let corpus = Corpus::open(&support::copy_seeds(tmp)).unwrap();
    let mut p = support::seeds_project(&corpus);
    p.set_corpus_reference("corpus".into());
    let path = tmp.join("project.ron");
    project::save(&p, &path).unwrap();
    (path, corpus)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The text at a line's code point offsets, as Python's `text[start:end]`.
fn cut(corpus: &Corpus, line: &Value) -> String {
    let doc = corpus.get(line["doc"].as_str().unwrap()).unwrap();
    let (a, b) = (
        line["start"].as_u64().unwrap(),
        line["end"].as_u64().unwrap(),
    );
    doc.slice(a as usize, b as usize).unwrap().to_string()
}

#[test]
fn search_prints_one_json_line_per_document() {
    let tmp = tempfile::tempdir().unwrap();
    let (project, corpus) = saved(tmp.path());
    let out = run(&[
        "search",
        s(&project),
        "Hampshire \"firearms officers\"",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let hits = lines(&out);
    assert!(!hits.is_empty());
    let docs: Vec<&str> = hits.iter().map(|h| h["doc"].as_str().unwrap()).collect();
    let mut unique = docs.clone();
    unique.dedup();
    assert_eq!(unique.len(), docs.len(), "one line per document: {docs:?}");
    for h in &hits {
        assert_eq!(cut(&corpus, h), h["text"].as_str().unwrap());
        assert!(h["score"].as_f64().unwrap().is_finite());
        assert!(h["hits"].as_u64().unwrap() >= 2);
        let marked: Vec<String> = h["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                let doc = corpus.get(h["doc"].as_str().unwrap()).unwrap();
                let (a, b) = (
                    m[0].as_u64().unwrap() as usize,
                    m[1].as_u64().unwrap() as usize,
                );
                doc.slice(a, b).unwrap().to_lowercase()
            })
            .collect();
        assert!(
            marked.contains(&"firearms officers".to_string()),
            "{marked:?}"
        );
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    let limited = run(&["search", s(&project), "officers", "--json", "--limit", "2"]);
    assert_eq!(lines(&limited).len(), 2);
}

#[test]
fn nothing_found_is_success_with_no_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let (project, _) = saved(tmp.path());
    for q in [
        "zanzibar",
        "\"officers Hampshire deployed London\"",
        ".*[zq]+(x)?",
    ] {
        let out = run(&["search", s(&project), q, "--json"]);
        assert!(out.status.success(), "{q}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{q}");
    }
}

#[test]
fn empty_and_wordless_queries_are_one_error_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (project, _) = saved(tmp.path());
    for q in ["", "?!… —"] {
        let out = run(&["search", s(&project), q]);
        assert_eq!(out.status.code(), Some(1), "{q:?}");
        let err = stderr(&out);
        assert!(err.starts_with("error: the query"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let pasted = "officers ".repeat(1_250);
    let out = run(&["search", s(&project), &pasted, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn suggest_for_a_claim_finds_the_contradiction_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    let (project, corpus) = saved(tmp.path());
    let p = project::load(&project).unwrap();
    let claim = p
        .claims()
        .iter()
        .find(|c| c.span.quote.starts_with("No officers from Hampshire"))
        .unwrap();
    let out = run(&[
        "suggest",
        s(&project),
        "--claim",
        &claim.id.0,
        "--top",
        "5",
        "--per-article",
        "0",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let sugg = lines(&out);
    assert_eq!(sugg.len(), 5);
    assert!(
        sugg.iter().all(|l| l["doc"] != support::S0),
        "never its own article"
    );
    for l in &sugg {
        assert_eq!(cut(&corpus, l), l["text"].as_str().unwrap());
    }
    assert!(
        sugg.iter().any(|l| l["doc"] == support::S1
            && l["text"]
                .as_str()
                .unwrap()
                .contains("Hampshire Constabulary has deployed")),
        "{sugg:#?}"
    );
    // Nothing was written: suggestions never label or link.
    assert_eq!(project::load(&project).unwrap().claims(), p.claims());
}

#[test]
fn suggest_text_and_bad_claims() {
    let tmp = tempfile::tempdir().unwrap();
    let (project, _) = saved(tmp.path());
    let out = run(&[
        "suggest",
        s(&project),
        "--text",
        "firearms officers stand down",
        "--top",
        "3",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
    // One sentence an article unless asked: the seeds have four, the
    // claim text's own is not one of them.
    let out = run(&[
        "suggest",
        s(&project),
        "--text",
        "firearms officers",
        "--json",
    ]);
    let docs: Vec<String> = lines(&out).iter().map(|l| l["doc"].to_string()).collect();
    let mut distinct = docs.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(docs.len(), distinct.len(), "{docs:?}");
    let out = run(&["suggest", s(&project), "--claim", "c-nope", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no claim c-nope"), "{}", stderr(&out));
    let out = run(&["suggest", s(&project)]);
    assert_eq!(out.status.code(), Some(2), "clap wants --claim or --text");
    let out = run(&[
        "suggest",
        s(&project),
        "--text",
        "zanzibar quokka",
        "--json",
    ]);
    assert!(out.status.success() && out.stdout.is_empty());
}

/// Standard output a pipe whose reading end is already closed.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer.into()
}

#[test]
fn a_closed_stdout_is_a_quiet_failure_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let (project, _) = saved(tmp.path());
    for args in [
        vec!["search", s(&project), "officers", "--json"],
        vec![
            "suggest",
            s(&project),
            "--text",
            "officers deployed",
            "--json",
        ],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .args(&args)
            .stdout(closed_pipe())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).is_empty(), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn a_corpus_folder_is_searched_without_writing_a_project() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = support::copy_seeds(tmp.path());
    let out = run(&["search", s(&dir), "Wakefield", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!lines(&out).is_empty());
    assert!(!dir.join("crosscheck.ron").exists());
}
