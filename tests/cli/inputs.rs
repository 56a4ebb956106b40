//! `crosscheck add` (web addresses fetched from a server on 127.0.0.1
//! started here, files copied) and `crosscheck columns` (a dataset file's
//! columns shown, chosen, kept in the project).

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{Route, news_page, serve};

fn crosscheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn add_fetches_pages_and_copies_files_a_line_each() {
    let base = serve(vec![
        Route {
            path: "/a",
            status: 200,
            content_type: "text/html",
            body: news_page("Island Gazette", "2024-03-04", "Bridge to close").into_bytes(),
        },
        Route {
            path: "/logo.png",
            status: 200,
            content_type: "image/png",
            body: b"\x89PNG\r\n\x1a\n".to_vec(),
        },
    ]);
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let saved = dir.path().join("saved.html");
    std::fs::write(
        &saved,
        news_page("Harbour News", "2024-03-05", "Ferry to run"),
    )
    .unwrap();
    let page = format!("{base}/a");
    let png = format!("{base}/logo.png");
    let missing = format!("{base}/gone");
    let out = crosscheck(&["add", s(&corpus), &page, &png, &missing, s(&saved)]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("added island-gazette-bridge-to-close.txt (Bridge to close)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("added saved.html (Ferry to run)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("is not a web page or PDF (it is image/png)"),
        "{stderr}"
    );
    assert!(stderr.contains("404"), "{stderr}");
    assert!(stderr.contains("2 of 4 items were not added"), "{stderr}");

    let article =
        std::fs::read_to_string(corpus.join("island-gazette-bridge-to-close.txt")).unwrap();
    assert!(
        article.starts_with("---\ntitle: Bridge to close\noutlet: Island Gazette\n"),
        "{article}"
    );
    assert!(
        corpus
            .join(".snapshots/island-gazette-bridge-to-close.html")
            .is_file()
    );

    // Again: the address is known, nothing is written twice.
    let out = crosscheck(&["add", s(&corpus), &page]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("already in the corpus"),
        "{}",
        text(&out.stderr)
    );

    // The folder opens with the article and its source, and the snapshot
    // is not read as a second document.
    let out = crosscheck(&["columns", s(&corpus), "none.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let corpus_read = crosscheck::corpus::Corpus::open(&corpus).unwrap();
    assert_eq!(corpus_read.len(), 2);
    let doc = corpus_read
        .get("island-gazette-bridge-to-close.txt")
        .unwrap();
    assert!(doc.text.starts_with("Bridge to close\n\n"));
    assert_eq!(
        doc.source.as_ref().unwrap().outlet.as_deref(),
        Some("Island Gazette")
    );
}

#[test]
fn columns_shows_and_chooses_a_datasets_columns() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("said.csv"),
        "ref,speaker,words\nr1,Mayor,The bridge closes.\nr2,Council,The works take a year.\n",
    )
    .unwrap();
    let out = crosscheck(&["columns", s(&corpus), "said.csv"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.contains("said.csv: 0 articles; columns ref, speaker, words"),
        "{stdout}"
    );
    assert!(stdout.contains("dataset with no text column"), "{stdout}");
    assert!(
        !corpus.join("crosscheck.ron").exists(),
        "showing writes nothing"
    );

    let out = crosscheck(&["columns", s(&corpus), "said.csv", "--text-column", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("has no column \"nope\""),
        "{}",
        text(&out.stderr)
    );

    let out = crosscheck(&[
        "columns",
        s(&corpus),
        "said.csv",
        "--text-column",
        "words",
        "--id-column",
        "ref",
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("said.csv: 2 articles"), "{stdout}");
    assert!(stdout.contains("text   words (chosen)"), "{stdout}");
    let project = crosscheck::project::load(&corpus.join("crosscheck.ron")).unwrap();
    assert_eq!(
        project.datasets()["said.csv"].text.as_deref(),
        Some("words")
    );
    let ws = crosscheck::workspace::Workspace::open_path(&corpus, &Default::default()).unwrap();
    assert!(ws.corpus.get("said.csv#r2").is_some());

    let out = crosscheck(&["columns", s(&corpus), "said.csv", "--reset"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let project = crosscheck::project::load(&corpus.join("crosscheck.ron")).unwrap();
    assert!(project.datasets().is_empty());
}
