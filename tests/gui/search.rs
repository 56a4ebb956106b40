//! Finding the evidence in the window, driven headlessly: the corpus
//! search panel (Ctrl+Shift+F) and suggested evidence beside a claim.

use crate::harness::*;
use crosscheck::app::OpenRequest;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

const SEARCH_FIELD: &str = "Words (all must occur) and \"exact phrases\"";
const CLAIM_000: &str = "No officers from Hampshire have been deployed to London at this time";
const S1: &str = "001_96202ee82963ce48.txt";

fn ctrl_shift() -> Modifiers {
    Modifiers::COMMAND | Modifiers::SHIFT
}

fn indexed(f: &mut Fixture) {
    wait_until(f, "the index", |app| app.ui.search.index().is_some());
    f.harness.run_steps(2);
}

/// A claim with no label on the seeds sentence that 001 contradicts.
fn claim_fixture() -> Fixture {
    let mut f = seeds_fixture();
    indexed(&mut f);
    select_phrase(&mut f, 0, CLAIM_000);
    key(&mut f, Key::Enter);
    assert!(f.app().ui.selected.is_some());
    f.harness.run_steps(2);
    f
}

#[test]
fn search_as_you_type_and_open_a_result_at_the_match() {
    let mut f = seeds_fixture();
    indexed(&mut f);
    key_mod(&mut f, ctrl_shift(), Key::F);
    assert!(
        f.app().ui.search.open,
        "Ctrl+Shift+F opens the search panel"
    );
    assert!(f.app().ui.search.query.is_empty());
    f.harness
        .get_by_label(SEARCH_FIELD)
        .type_text("\"stand down\" Wakefield");
    f.harness.run_steps(3);
    // Only the articles with both: each result names its hits.
    let session = f.app().session().unwrap();
    let docs = &session.workspace().corpus.documents;
    let both: Vec<&str> = docs
        .iter()
        .filter(|d| {
            let t = d.text.to_lowercase();
            t.contains("stand down") && t.contains("wakefield")
        })
        .map(|d| d.title.as_str())
        .collect();
    assert!(!both.is_empty());
    for title in &both {
        assert!(
            f.harness.query_by_label_contains(title).is_some(),
            "{title} listed"
        );
    }
    let first = both[0].to_owned();
    let hits = f.harness.query_all_by_label_contains(" hits").count();
    assert_eq!(hits, both.len(), "one result per article");

    // Ctrl+Shift+F again leaves the query; clicking the title opens it.
    f.harness
        .query_all_by_label_contains(&first)
        .next()
        .unwrap()
        .click();
    f.harness.run_steps(2);
    let pane = f.app().ui.active;
    let view = &f.app().ui.panes[pane].view;
    let (s, e, _) = view.flash.expect("the match flashes");
    let doc = f.app().pane_doc(pane).unwrap();
    assert_eq!(doc.title, first);
    let matched = doc.slice(s, e).unwrap().to_lowercase();
    assert!(
        matched == "stand down" || matched == "wakefield",
        "{matched}"
    );
    assert!(!f.app().ui.split, "no claim selected: the same pane");
}

#[test]
fn bad_queries_say_so_and_do_not_panic() {
    let mut f = seeds_fixture();
    indexed(&mut f);
    key_mod(&mut f, ctrl_shift(), Key::F);
    f.harness.get_by_label(SEARCH_FIELD).type_text("?!*(");
    f.harness.run_steps(2);
    assert!(
        f.harness
            .query_by_label_contains("no words to search for")
            .is_some()
    );
    f.harness.get_by_label(SEARCH_FIELD).type_text(" zanzibar");
    f.harness.run_steps(2);
    assert!(
        f.harness
            .query_by_label("No article holds all of these words.")
            .is_some()
    );
    let pasted = "officers ".repeat(1_200);
    f.harness.get_by_label(SEARCH_FIELD).type_text(&pasted);
    f.harness.run_steps(2);
    assert!(f.app().ui.search.open);
    // (Esc in the field closes it in a real window; headless runs take keys
    // a second time after egui has already dropped the field's focus.)
    f.harness.get_by_label("✖").click();
    f.harness.run_steps(2);
    assert!(!f.app().ui.search.open, "✖ closes the panel");
    assert!(f.harness.query_by_label(SEARCH_FIELD).is_none());
}

#[test]
fn with_a_claim_selected_a_result_opens_beside_it() {
    let mut f = claim_fixture();
    key_mod(&mut f, ctrl_shift(), Key::F);
    f.harness
        .get_by_label(SEARCH_FIELD)
        .type_text("deployed firearms");
    f.harness.run_steps(3);
    let title = {
        let s = f.app().session().unwrap();
        s.workspace().corpus.get(S1).unwrap().title.clone()
    };
    // The search panel comes first; the claim panel's suggestions name it too.
    f.harness
        .query_all_by_label_contains(&title)
        .next()
        .unwrap()
        .click();
    f.harness.run_steps(2);
    assert!(f.app().ui.split, "side by side");
    assert_eq!(f.app().pane_doc(1).unwrap().id, S1);
    assert_eq!(f.app().pane_doc(0).unwrap().id, "000_9da135f11425a690.txt");
    assert!(f.app().ui.panes[1].view.flash.is_some());
    assert!(
        only_claim(f.app()).evidence.is_empty(),
        "opening links nothing"
    );
}

#[test]
fn suggestions_open_side_by_side_and_one_key_links() {
    let mut f = claim_fixture();
    assert!(f.harness.query_by_label("Suggested evidence").is_some());
    let before = only_claim(f.app());
    assert!(
        before.evidence.is_empty() && before.label.is_none(),
        "suggestions never link or label"
    );

    // Alt+Down until the suggestion from 001 about deploying is highlighted.
    let mut found = None;
    for _ in 0..8 {
        press(&mut f, Modifiers::ALT, Key::ArrowDown, None);
        assert!(f.app().ui.split, "a suggestion opens side by side");
        let doc = f.app().pane_doc(1).unwrap();
        let (s, e) = f.app().ui.panes[1].view.selection.expect("highlighted");
        let text = doc.slice(s, e).unwrap().to_owned();
        if doc.id == S1 && text.contains("deployed") {
            found = Some(text);
            break;
        }
    }
    let text = found.expect("the 001 sentence is among the suggestions");
    assert!(
        only_claim(f.app()).evidence.is_empty(),
        "opening links nothing"
    );
    key(&mut f, Key::Num2);
    let claim = only_claim(f.app());
    assert_eq!(claim.evidence.len(), 1);
    assert_eq!(claim.evidence[0].relation, "contradicts");
    assert_eq!(claim.evidence[0].span.doc, S1);
    assert_eq!(claim.evidence[0].span.quote, text);
    assert_eq!(claim.label, None, "the label is only proposed");
    f.harness.run_steps(2);
    assert!(f.harness.query_by_label("✔ linked").is_some());
}

#[test]
fn a_relation_button_links_a_suggestion_in_one_click() {
    let mut f = claim_fixture();
    let buttons = f.harness.query_all_by_label("+Agrees").count();
    assert!(
        buttons >= 2,
        "a relation button on every suggestion ({buttons})"
    );
    f.harness
        .query_all_by_label("+Agrees")
        .nth(1)
        .unwrap()
        .click();
    f.harness.run_steps(2);
    let claim = only_claim(f.app());
    assert_eq!(claim.evidence.len(), 1);
    assert_eq!(claim.evidence[0].relation, "agrees");
    assert_ne!(claim.evidence[0].span.doc, claim.span.doc);
    assert!(f.app().ui.split);
}

#[test]
fn suggestions_follow_the_claim_span() {
    let mut f = claim_fixture();
    let claim = only_claim(f.app());
    let (span, list) = f.app().ui.search.suggested().expect("suggestions listed");
    assert_eq!(span, (claim.span.start, claim.span.end));
    assert!(!list.is_empty());
    let before: Vec<usize> = list.iter().map(|s| s.start).collect();
    // Shrink the claim to its first words: the list is made again for them.
    for _ in 0..9 {
        press(&mut f, Modifiers::SHIFT, Key::ArrowLeft, None);
    }
    let claim = only_claim(f.app());
    assert_eq!(claim.span.quote, "No officers from");
    f.harness.run_steps(2);
    let (span, list) = f.app().ui.search.suggested().expect("suggestions listed");
    assert_eq!(span, (claim.span.start, claim.span.end));
    let after: Vec<usize> = list.iter().map(|s| s.start).collect();
    assert_ne!(before, after);
}

#[test]
fn the_first_article_is_readable_while_a_big_corpus_is_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let words = [
        "police", "officers", "said", "London", "report", "council", "minister",
    ];
    for i in 0..3_000 {
        let mut text = format!("Article {i}\n\n");
        for s in 0..30 {
            for w in 0..12 {
                text.push_str(words[(i * 7 + s * 3 + w) % words.len()]);
                text.push(' ');
            }
            text.push_str(".\n");
        }
        std::fs::write(corpus.join(format!("{i:05}.txt")), text).unwrap();
    }
    let mut f = open_app(dir, OpenRequest::Path(corpus));
    let laid = f.app().ui.last_outputs[0]
        .as_ref()
        .map_or(0, |o| o.laid_out);
    assert!(laid > 0, "the first article is drawn");
    f.harness.run_steps(1);
    indexed(&mut f);
    assert_eq!(f.app().ui.search.index().unwrap().doc_count(), 3_000);
}
