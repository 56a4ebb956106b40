//! Saved web pages in a corpus folder: read as the article extracted from
//! them, with their source; pages with no article skipped with the reason;
//! the same text on every reload.

use std::fs;
use std::path::Path;

use crosscheck::corpus::{Corpus, SkipReason};
use crosscheck::extract::PdfError;

fn write(dir: &Path, rel: &str, bytes: &[u8]) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

const BODY: [&str; 3] = [
    "The city council voted on Monday to close the old harbour bridge to cars from next spring, after engineers found cracks in two of its supporting piers.",
    "Buses, cyclists and pedestrians will still be allowed to cross, the council said, and a ferry service will run every fifteen minutes during the works.",
    "Shop owners on the harbour front said they feared losing customers, and asked for the works to be finished before the summer season begins in June.",
];

fn page(head: &str, headline: &str) -> String {
    let paras: String = BODY.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        r#"<!DOCTYPE html><html><head>{head}<title>{headline} - Harbour News</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">This site uses cookies. <button>OK</button></div>
<article><h1>{headline}</h1>{paras}</article>
<aside class="related"><h3>Read next</h3><a href="/x">Ferry timetable changes announced for the winter months ahead</a></aside>
<footer>© Harbour News</footer></body></html>"#
    )
}

#[test]
fn web_pages_open_as_their_articles() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let head = r#"<meta charset="utf-8"><meta property="og:site_name" content="Harbour News">
        <meta property="article:published_time" content="2024-03-04T09:00:00Z">
        <meta name="author" content="Sam Lee">
        <link rel="canonical" href="https://harbour.example/bridge">"#;
    write(
        root,
        "saved/bridge.html",
        page(head, "Harbour bridge to close to cars").as_bytes(),
    );
    write(
        root,
        "OLD.HTM",
        page("", "Ferry to run during works").as_bytes(),
    );
    write(root, "notes.txt", b"Plain notes\r\nsecond line");
    write(
        root,
        "login.html",
        b"<html><head><title>Sign in</title></head><body><form><input name=u><button>Log in</button></form></body></html>",
    );
    write(root, "image.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    write(root, "report.pdf", b"%PDF-1.4");

    let corpus = Corpus::open(root).unwrap();
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["OLD.HTM", "notes.txt", "saved/bridge.html"]);

    let bridge = corpus.get("saved/bridge.html").unwrap();
    let expected = format!("Harbour bridge to close to cars\n\n{}", BODY.join("\n\n"));
    assert_eq!(bridge.text, expected);
    assert_eq!(bridge.title, "Harbour bridge to close to cars");
    assert_eq!(bridge.hash, crosscheck::corpus::hash_text(&expected));
    assert!(bridge.extractor.is_some());
    let source = bridge.source.as_ref().unwrap();
    assert_eq!(source.outlet.as_deref(), Some("Harbour News"));
    assert_eq!(source.author.as_deref(), Some("Sam Lee"));
    assert_eq!(source.published.as_deref(), Some("2024-03-04T09:00:00Z"));
    assert_eq!(
        source.url.as_deref(),
        Some("https://harbour.example/bridge")
    );
    // Offsets are code points of the extracted text.
    let at = bridge.text.find("Buses").unwrap();
    let start = bridge.text[..at].chars().count();
    assert_eq!(bridge.slice(start, start + 5), Some("Buses"));

    let old = corpus.get("OLD.HTM").unwrap();
    assert_eq!(old.title, "Ferry to run during works");
    assert!(old.text.ends_with(BODY[2]));

    let notes = corpus.get("notes.txt").unwrap();
    assert_eq!(notes.text, "Plain notes\nsecond line");
    assert_eq!(notes.source, None);
    assert_eq!(notes.extractor, None);

    let reason = |path: &str| {
        corpus
            .skipped
            .iter()
            .find(|s| s.path == path)
            .map(|s| s.reason.clone())
    };
    match reason("login.html") {
        Some(SkipReason::NoArticle(why)) => assert!(!why.is_empty()),
        other => panic!("login.html: {other:?}"),
    }
    assert_eq!(reason("image.html"), Some(SkipReason::Binary));
    // A file named .pdf that is only a PDF's first line.
    assert!(
        matches!(
            reason("report.pdf"),
            Some(SkipReason::Pdf(PdfError::Broken(_)))
        ),
        "{:?}",
        reason("report.pdf")
    );
    assert_eq!(corpus.skipped.len(), 3, "{:?}", corpus.skipped);

    // Reloading gives the same text, byte for byte, so offsets stay valid.
    let again = Corpus::open(root).unwrap();
    for (a, b) in corpus.documents.iter().zip(again.documents.iter()) {
        assert_eq!(
            (&a.id, &a.text, &a.hash, &a.title),
            (&b.id, &b.text, &b.hash, &b.title)
        );
        assert_eq!(a.source, b.source);
    }
}

/// Every export carries the source of a claim's article and its
/// evidence's, with every field present (`null` when unknown).
#[test]
fn exports_carry_the_source() {
    use crosscheck::export::{self, Format};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let head = r#"<meta charset="utf-8"><meta property="og:site_name" content="Harbour News">
        <meta property="article:published_time" content="2024-03-04T09:00:00Z">
        <link rel="canonical" href="https://harbour.example/bridge">"#;
    write(
        &root,
        "bridge.html",
        page(head, "Harbour bridge to close to cars").as_bytes(),
    );
    write(&root, "notes.txt", b"Plain notes say the ferry runs.");
    let corpus = Corpus::open(&root).unwrap();
    let mut b = crate::support::Builder::new(&corpus);
    b.claim(
        "bridge.html",
        "a ferry service will run",
        Some("agrees"),
        "ana",
        &[("notes.txt", "the ferry runs", "agrees")],
    );
    let project = b.project;
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    let lines = |format: Format| -> Vec<serde_json::Value> {
        let path = out.join(format.default_file_name());
        export::export(&project, &corpus, format, &path).unwrap();
        fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let docs = lines(Format::Documents);
    let bridge = docs.iter().find(|d| d["doc"] == "bridge.html").unwrap();
    assert_eq!(bridge["source"]["outlet"], "Harbour News");
    assert_eq!(bridge["source"]["published"], "2024-03-04T09:00:00Z");
    assert_eq!(bridge["source"]["url"], "https://harbour.example/bridge");
    assert_eq!(bridge["title"], "Harbour bridge to close to cars");
    assert!(bridge["extractor"].is_string());
    let notes = docs.iter().find(|d| d["doc"] == "notes.txt").unwrap();
    assert!(notes["source"]["outlet"].is_null());
    assert!(notes["source"].as_object().unwrap().contains_key("url"));

    let fever = lines(Format::Fever);
    assert_eq!(fever[0]["source"]["outlet"], "Harbour News");
    assert!(fever[0]["evidence"][0]["source"]["outlet"].is_null());
    let nli = lines(Format::Nli);
    assert_eq!(nli[0]["hypothesis_source"]["outlet"], "Harbour News");
    assert!(nli[0]["premise_source"]["url"].is_null());
    let doccano = lines(Format::Doccano);
    let row = doccano.iter().find(|d| d["doc"] == "bridge.html").unwrap();
    assert_eq!(row["source"]["url"], "https://harbour.example/bridge");

    let path = out.join(Format::Csv.default_file_name());
    export::export(&project, &corpus, Format::Csv, &path).unwrap();
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header = reader.headers().unwrap().clone();
    let record = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        let i = header.iter().position(|h| h == name).unwrap();
        record[i].to_owned()
    };
    assert_eq!(cell("doc_outlet"), "Harbour News");
    assert_eq!(cell("doc_published"), "2024-03-04T09:00:00Z");
    assert_eq!(cell("doc_title"), "Harbour bridge to close to cars");
}

/// A page extracted differently by a newer crosscheck (here: an old
/// extraction that kept a share-bar line above the headline) has its spans
/// found again, as for an edited article, and is reported as extracted
/// anew rather than edited.
#[test]
fn a_changed_extraction_reanchors_the_spans() {
    use crosscheck::corpus::Document;
    use crosscheck::project::sync_with_corpus;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    write(
        &root,
        "bridge.html",
        page("", "Harbour bridge to close").as_bytes(),
    );
    let now = Corpus::open(&root).unwrap();
    let new_text = now.get("bridge.html").unwrap().text.clone();

    let mut old_doc = Document::new("bridge.html", format!("Share Tweet Email\n\n{new_text}"));
    old_doc.extractor = Some("html-0 (an older extractor)");
    let old = Corpus::from_parts(root.clone(), vec![old_doc], Vec::new());
    let mut b = crate::support::Builder::new(&old);
    b.claim(
        "bridge.html",
        "a ferry service will run",
        Some("agrees"),
        "ana",
        &[],
    );
    let mut project = b.project;

    let report = sync_with_corpus(&mut project, &now);
    assert_eq!(report.changed_docs, ["bridge.html"]);
    assert_eq!(report.reextracted, ["bridge.html"]);
    assert!(report.detached.is_empty(), "{report:?}");
    let claim = project.claims().iter().next().unwrap();
    let doc = now.get("bridge.html").unwrap();
    assert_eq!(
        doc.slice(claim.span.start, claim.span.end),
        Some("a ferry service will run")
    );
    let info = &project.documents()["bridge.html"];
    assert_eq!(info.hash, doc.hash);
    assert_eq!(info.extractor.as_deref(), doc.extractor);
}
