//! Real articles in: File › Add articles… fetches web addresses (from a
//! server on 127.0.0.1 started here) and copies picked files into the
//! folder, then reads it again; a dataset file with no text column is read
//! once its columns are chosen in the Dataset columns dialog, and the
//! choice is kept in the project and undone like any edit.

use crosscheck::app::{OpenRequest, ScriptedDialogs};
use crosscheck::corpus::SkipReason;
use egui_kittest::kittest::Queryable;

use super::harness::*;
use super::support::{Route, news_page, serve};

fn ids(f: &Fixture) -> Vec<String> {
    let session = f.app().session().unwrap();
    session
        .workspace()
        .corpus
        .documents
        .iter()
        .map(|d| d.id.clone())
        .collect()
}

#[test]
fn add_articles_fetches_an_address_and_copies_a_picked_page() {
    let base = serve(vec![Route {
        path: "/news/bridge",
        status: 200,
        content_type: "text/html; charset=utf-8",
        body: news_page(
            "Island Gazette",
            "2024-03-04T09:00:00Z",
            "Bridge to close for repairs",
        )
        .into_bytes(),
    }]);
    let mut f = seeds_fixture();
    let before = ids(&f).len();
    f.harness.get_by_label("File").click();
    f.harness.run_steps(4);
    f.harness.get_by_label_contains("Add articles…").click();
    f.harness.run_steps(2);
    assert!(f.app().ui.add.open, "the Add articles window opens");
    f.harness.state_mut().ui.add.addresses = format!("{base}/news/bridge\n{base}/missing\n");
    f.harness.run_steps(1);
    f.harness.get_by_label("Fetch and add").click();
    wait_until(&mut f, "the new article to be read", |app| {
        app.session()
            .is_some_and(|s| s.workspace().corpus.len() == before + 1)
    });
    f.harness.run_steps(2);
    let session = f.app().session().unwrap();
    let added = session
        .workspace()
        .corpus
        .documents
        .iter()
        .find(|d| d.title == "Bridge to close for repairs")
        .expect("the fetched article is a document");
    let source = added.source.clone().unwrap();
    assert_eq!(source.outlet.as_deref(), Some("Island Gazette"));
    assert_eq!(source.date().as_deref(), Some("2024-03-04"));
    assert!(!added.text.contains("cookies"), "{}", added.text);
    assert_eq!(
        f.app().pane_doc(0).unwrap().id,
        added.id,
        "the article added is shown"
    );
    // The window stays open with a line per address, the failure named.
    assert!(f.app().ui.add.open);
    f.harness
        .get_by_label_contains("Bridge to close for repairs, as ");
    f.harness.get_by_label_contains("404");

    // Add files…: a saved page picked on disk is copied in.
    let saved = f.dir.path().join("ferry.html");
    std::fs::write(
        &saved,
        news_page(
            "Harbour News",
            "2024-03-05T10:00:00Z",
            "Ferry to run all night",
        ),
    )
    .unwrap();
    f.harness.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: [Some(saved)].into(),
        ..Default::default()
    });
    f.harness.get_by_label("Add files…").click();
    wait_until(&mut f, "the copied page to be read", |app| {
        app.session()
            .is_some_and(|s| s.workspace().corpus.get("ferry.html").is_some())
    });
    assert!(f.corpus().join("ferry.html").exists());
}

#[test]
fn a_dataset_without_a_text_column_opens_once_one_is_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("said.csv"),
        "ref,speaker,words\r\nr1,Mayor,\"The bridge closes in March.\r\nThe ferry runs.\"\r\nr2,Council,The works take a year.\r\n",
    )
    .unwrap();
    std::fs::write(corpus.join("notes.txt"), "Notes\n\nThe bridge closes.").unwrap();
    let mut f = open_app(dir, OpenRequest::Path(corpus));
    let ws = f.app().session().unwrap().workspace();
    assert!(
        ws.corpus
            .skipped
            .iter()
            .any(|s| s.path == "said.csv" && matches!(s.reason, SkipReason::NoTextColumn(_))),
        "{:?}",
        ws.corpus.skipped
    );
    f.harness.state_mut().ui.skipped.open = true;
    f.harness.run_steps(2);
    f.harness.get_by_label("Choose columns…").click();
    f.harness.run_steps(2);
    assert!(f.app().ui.columns.open);
    // Each role lists the file's columns.
    assert_eq!(f.app().ui.columns.header, ["ref", "speaker", "words"]);
    f.harness.state_mut().ui.columns.chosen.text = Some("words".into());
    f.harness.state_mut().ui.columns.chosen.id = Some("ref".into());
    f.harness.run_steps(2);
    f.harness.get_by_label("Read with these columns").click();
    wait_until(&mut f, "the dataset to be read", |app| {
        app.session()
            .is_some_and(|s| s.workspace().corpus.get("said.csv#r1").is_some())
    });
    let ws = f.app().session().unwrap().workspace();
    let row = ws.corpus.get("said.csv#r1").unwrap();
    assert_eq!(row.text, "The bridge closes in March.\nThe ferry runs.");
    assert_eq!(
        ws.project.datasets()["said.csv"].text.as_deref(),
        Some("words")
    );
    assert_eq!(f.app().pane_doc(0).unwrap().id, "said.csv#r1");
    wait_saved(&mut f);
    let file = std::fs::read_to_string(f.project_path()).unwrap();
    assert!(file.contains("datasets"), "{file}");

    // Undo takes the choice back, and the folder is read without it.
    f.harness.get_by_label("Edit").click();
    f.harness.run_steps(4);
    f.harness
        .get_by_label_contains("Undo choose dataset columns")
        .click();
    wait_until(&mut f, "the dataset to be read without the choice", |app| {
        app.session()
            .is_some_and(|s| s.workspace().corpus.get("said.csv#r1").is_none())
    });
}
