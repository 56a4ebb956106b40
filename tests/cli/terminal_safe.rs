//! Safe to print (issue 27): annotator names, labels, document ids, claim
//! texts and notes holding ESC sequences, BEL, newlines and bidi overrides
//! reach the terminal escaped from every command, while JSON output keeps
//! them exact.

use crate::support;

use std::path::Path;
use std::process::Command;

use crosscheck::corpus::Corpus;
use crosscheck::project;

const ESC_NAME: &str = "ana\u{1b}[2J\u{1b}]0;pwned\u{7}";
const RLO_NAME: &str = "bo\u{202e}gpj.exe";
const LABEL: &str = "odd\u{202e}lbl";
const DOC: &str = "evil\u{202e}gpj.txt";
/// Long enough that its one ESC does not make the corpus reader take it for
/// a binary file.
const TEXT: &str = "Hampshire officers \u{1b}[5mwere deployed\u{2067} to London today. \
    The force said the officers would stay for the week, and the Met thanked \
    them for their help in a statement issued in the afternoon. Residents \
    said they had seen armed officers near the station.";

fn run(args: &[&str], dir: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let mut all = String::from_utf8_lossy(&out.stdout).into_owned();
    all.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), all)
}

/// Nothing that drives a terminal: no C0 control but newline and tab, no
/// DEL or C1, no bidi control.
fn assert_safe(what: &str, output: &str) {
    let bad: Vec<char> = output
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(bad.is_empty(), "{what} printed {bad:?} raw:\n{output}");
}

/// A corpus with a hostile document name and text, two annotators' files
/// over it (`ann.ron` by ESC_NAME, `bob.ron` by RLO_NAME) and a key.
fn setup(dir: &Path) {
    let corpus_dir = dir.join("corpus");
    std::fs::create_dir(&corpus_dir).unwrap();
    std::fs::write(corpus_dir.join(DOC), TEXT).unwrap();
    std::fs::write(
        corpus_dir.join("plain.txt"),
        "Officers were deployed to London, the Met said.",
    )
    .unwrap();
    let corpus = Corpus::open(&corpus_dir).unwrap();
    for (file, who) in [("ann.ron", ESC_NAME), ("bob.ron", RLO_NAME)] {
        let mut b = support::Builder::new(&corpus);
        b.label(LABEL, "Odd\u{1b}[0m label");
        b.claim(
            DOC,
            "officers \u{1b}[5mwere deployed",
            Some(LABEL),
            who,
            &[("plain.txt", "Officers were deployed", LABEL)],
        );
        let mut p = b.project;
        p.set_corpus_reference("corpus".into());
        project::save(&p, &dir.join(file)).unwrap();
    }
    std::fs::copy(dir.join("ann.ron"), dir.join("key.ron")).unwrap();
    let (ok, out) = run(&["key", "key.ron"], dir);
    assert!(ok, "{out}");
}

#[test]
fn every_command_escapes_what_it_prints_from_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let claim = {
        let p = project::load(&dir.join("ann.ron")).unwrap();
        p.claims().iter().next().unwrap().id.0.clone()
    };
    let commands: Vec<Vec<&str>> = vec![
        vec!["stats", "ann.ron"],
        vec!["check", "ann.ron"],
        vec!["agree", "ann.ron", "bob.ron", "--by-label", "--by-doc"],
        vec!["grade", "key.ron", "bob.ron"],
        vec!["search", "ann.ron", "Hampshire"],
        vec!["suggest", "ann.ron", "--claim", &claim],
        vec!["suggest", "ann.ron", "--text", "officers deployed"],
        vec!["labels", "ann.ron"],
        vec!["export", "ann.ron", "-f", "fever", "-o", "fever.jsonl"],
        vec!["key", "ann.ron", "--bonus", "no\u{1b}[2Jsuch"],
    ];
    for args in &commands {
        let (_, out) = run(args, dir);
        assert_safe(&args.join(" "), &out);
    }
    // The fields are there, escaped, not dropped.
    let (_, stats) = run(&["stats", "ann.ron"], dir);
    assert!(
        stats.contains("ana\\u{1b}[2J\\u{1b}]0;pwned\\u{7}"),
        "{stats}"
    );
    assert!(stats.contains("odd\\u{202e}lbl"), "{stats}");
    let (_, agree) = run(&["agree", "ann.ron", "bob.ron", "--by-doc"], dir);
    assert!(agree.contains("bo\\u{202e}gpj.exe"), "{agree}");
    assert!(agree.contains("evil\\u{202e}gpj.txt"), "{agree}");
    let (_, search) = run(&["search", "ann.ron", "Hampshire"], dir);
    assert!(search.contains("evil\\u{202e}gpj.txt"), "{search}");
    assert!(search.contains("\\u{1b}[5mwere"), "{search}");
}

#[test]
fn json_output_keeps_the_data_exact() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let (ok, out) = run(&["stats", "ann.ron", "--json"], dir);
    assert!(ok, "{out}");
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["annotators"][ESC_NAME]["claims"], 1);
    assert_eq!(stats["claims_by_label"][LABEL], 1);
    let (ok, out) = run(&["search", "ann.ron", "deployed", "--json"], dir);
    assert!(ok, "{out}");
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert!(
        [DOC, "plain.txt"].contains(&first["doc"].as_str().unwrap()),
        "{first}"
    );
    let (ok, out) = run(&["agree", "ann.ron", "bob.ron", "--json"], dir);
    assert!(ok, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["annotators"][1]["name"], RLO_NAME);
}
