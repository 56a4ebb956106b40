//! A folder of everything people have: saved pages (`.html`, `.mhtml`),
//! PDFs, dataset files and text files with front matter, read together;
//! each bad file skipped with its reason and nothing else affected; a
//! dataset's chosen columns kept in the project and honoured on reopening;
//! exports carrying the rows' sources.

use std::fs;
use std::path::{Path, PathBuf};

use crosscheck::corpus::{Corpus, Progress, SkipReason};
use crosscheck::dataset::Columns;
use crosscheck::extract::PdfError;
use crosscheck::project::{self, Edit};
use crosscheck::workspace::Workspace;

fn fixture(kind: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
        .join(name)
}

fn copy(kind: &str, name: &str, to: &Path, as_name: &str) {
    fs::copy(fixture(kind, name), to.join(as_name)).unwrap();
}

fn mhtml(html: &str) -> String {
    format!(
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.org/ferry\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\
         \tboundary=\"----B----\"\r\n\r\n------B----\r\nContent-Type: text/html\r\n\
         Content-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n------B------\r\n",
        html.replace('=', "=3D")
    )
}

/// Every kind of input, and every kind of bad input, in one folder.
fn everything(root: &Path) {
    copy("datasets", "fnc1_bodies.csv", root, "bodies.csv");
    copy("datasets", "sample.jsonl", root, "rows.jsonl");
    copy("datasets", "ragged.csv", root, "ragged.csv");
    copy("datasets", "not_a_list.json", root, "meta.json");
    copy("pdf", "report.pdf", root, "report.pdf");
    copy("pdf", "scanned.pdf", root, "scanned.pdf");
    copy("pdf", "encrypted.pdf", root, "locked.pdf");
    copy("pdf", "broken.pdf", root, "broken.pdf");
    fs::write(
        root.join("ferry.mhtml"),
        mhtml(&super::support::news_page(
            "Harbour News",
            "2024-03-05",
            "Ferry to run all night",
        )),
    )
    .unwrap();
    fs::write(
        root.join("fetched.txt"),
        "---\ntitle: Bridge to close\noutlet: Island Gazette\npublished: 2024-03-04\n\
         url: https://example.org/bridge\n---\n\nBridge to close\n\nThe bridge closes in March.\n",
    )
    .unwrap();
    // A Markdown rule is not front matter.
    fs::write(root.join("rule.md"), "---\n\nNotes: the bridge.\n").unwrap();
    // Binary data named like a dataset and a page.
    fs::write(root.join("photo.csv"), [0u8, 159, 146, 150, 0, 0, 1, 2]).unwrap();
    fs::write(root.join("photo.html"), [0u8, 159, 146, 150, 0, 0, 1, 2]).unwrap();
}

fn reason<'a>(corpus: &'a Corpus, path: &str) -> &'a SkipReason {
    &corpus
        .skipped
        .iter()
        .find(|s| s.path == path)
        .unwrap_or_else(|| panic!("{path} not skipped: {:?}", corpus.skipped))
        .reason
}

#[test]
fn every_kind_of_input_opens_and_every_bad_one_is_skipped_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    everything(root);
    let corpus = Corpus::open(root).unwrap();

    // FNC-1's bodies: `Body ID,articleBody`, no setting needed.
    let body = corpus.get("bodies.csv#0").expect("FNC-1 row 0");
    assert!(body.text.starts_with("A small meteorite crashed"));
    assert!(!body.text.contains('\r'));
    assert_eq!(body.extractor, Some(crosscheck::corpus::DATASET_EXTRACTOR));
    let info = &corpus.datasets["bodies.csv"];
    assert_eq!(info.columns.text.as_deref(), Some("articleBody"));
    assert_eq!(info.columns.id.as_deref(), Some("Body ID"));

    // JSON Lines: sources from the columns; broken lines listed.
    let a1 = corpus.get("rows.jsonl#a1").unwrap();
    assert_eq!(a1.title, "Storm hits coast");
    let source = a1.source.clone().unwrap();
    assert_eq!(source.author.as_deref(), Some("Ann Lee, Bo Chan"));
    assert!(
        corpus
            .skipped
            .iter()
            .any(|s| s.path.starts_with("rows.jsonl, row ")
                && matches!(&s.reason, SkipReason::Row(why) if why.contains("not JSON"))),
        "{:?}",
        corpus.skipped
    );
    assert!(matches!(
        reason(&corpus, "meta.json"),
        SkipReason::Dataset(_)
    ));

    // The PDF: paragraphs, no running header; the bad ones each say why.
    let report = corpus.get("report.pdf").unwrap();
    assert!(!report.text.contains("Annual Report\n"), "{}", report.text);
    assert!(report.text.contains("\n\n"));
    assert_eq!(
        reason(&corpus, "scanned.pdf"),
        &SkipReason::Pdf(PdfError::NoTextLayer)
    );
    assert_eq!(
        reason(&corpus, "locked.pdf"),
        &SkipReason::Pdf(PdfError::Encrypted)
    );
    assert!(matches!(
        reason(&corpus, "broken.pdf"),
        SkipReason::Pdf(PdfError::Broken(_))
    ));

    // The single-file page: its article and the address it was saved from.
    let ferry = corpus.get("ferry.mhtml").unwrap();
    assert_eq!(ferry.title, "Ferry to run all night");
    let source = ferry.source.clone().unwrap();
    assert_eq!(source.outlet.as_deref(), Some("Harbour News"));
    assert_eq!(source.url.as_deref(), Some("https://example.org/ferry"));

    // Front matter is the source, not the text.
    let fetched = corpus.get("fetched.txt").unwrap();
    assert_eq!(
        fetched.text,
        "Bridge to close\n\nThe bridge closes in March.\n"
    );
    assert_eq!(fetched.title, "Bridge to close");
    let source = fetched.source.clone().unwrap();
    assert_eq!(source.outlet.as_deref(), Some("Island Gazette"));
    assert_eq!(source.date().as_deref(), Some("2024-03-04"));
    assert!(corpus.get("rule.md").unwrap().text.starts_with("---"));

    assert!(matches!(
        reason(&corpus, "photo.csv"),
        SkipReason::Dataset(_)
    ));
    assert_eq!(reason(&corpus, "photo.html"), &SkipReason::Binary);
    // Nothing here is an empty article.
    assert!(corpus.documents.iter().all(|d| !d.text.trim().is_empty()));
}

#[test]
fn a_dataset_with_no_text_column_opens_with_the_columns_the_project_chose() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    fs::create_dir_all(&root).unwrap();
    fs::write(
        root.join("said.tsv"),
        "ref\tspeaker\twords\tsite\nr1\tMayor\tThe bridge closes.\tgazette.example\nr2\tCouncil\tThe works take a year.\tgazette.example\n",
    )
    .unwrap();
    let ws = Workspace::open_folder(&root, None, None, &Progress::default()).unwrap();
    assert!(matches!(
        reason(&ws.corpus, "said.tsv"),
        SkipReason::NoTextColumn(h) if h == &["ref", "speaker", "words", "site"]
    ));
    assert_eq!(
        reason(&ws.corpus, "said.tsv").to_string(),
        "dataset with no text column: its columns are ref, speaker, words, site; choose one"
    );

    let mut project = ws.project.clone();
    project
        .apply(Edit::SetColumns {
            file: "said.tsv".into(),
            columns: Some(Columns {
                text: Some("words".into()),
                id: Some("ref".into()),
                outlet: Some("site".into()),
                ..Columns::default()
            }),
        })
        .unwrap();
    project::save(&project, &ws.project_path).unwrap();
    let text = fs::read_to_string(&ws.project_path).unwrap();
    assert!(text.contains("datasets:"), "{text}");

    let ws = Workspace::open_project(&ws.project_path, &Progress::default()).unwrap();
    let row = ws.corpus.get("said.tsv#r2").unwrap();
    assert_eq!(row.text, "The works take a year.");
    assert_eq!(
        row.source.as_ref().unwrap().outlet.as_deref(),
        Some("gazette.example")
    );

    // The rows' sources go into the exports.
    let out = dir.path().join("documents.jsonl");
    crosscheck::export::export(
        &ws.project,
        &ws.corpus,
        crosscheck::export::Format::Documents,
        &out,
    )
    .unwrap();
    let line = fs::read_to_string(&out).unwrap();
    assert!(line.contains("\"outlet\":\"gazette.example\""), "{line}");
    assert!(line.contains("\"extractor\":\"dataset-1\""), "{line}");
}
