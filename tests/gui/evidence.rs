//! Evidence across articles, driven headlessly: side by side, linking a
//! span in the other article, following links, undo, and what happens when
//! the other article changes or vanishes.

use crate::harness::*;
use crosscheck::app::OpenRequest;
use crosscheck::project;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

const CLAIM_000: &str =
    "not aware of any Hampshire firearms officers having handed in their permits";
const EVIDENCE_001: &str = "Hampshire Constabulary has deployed its firearms officers";

/// A claim in 000, and 001 open beside it with a contradicting link.
fn linked_fixture() -> Fixture {
    let mut f = seeds_fixture();
    select_phrase(&mut f, 0, CLAIM_000);
    key(&mut f, Key::Enter); // a claim with no label yet
    key_mod(&mut f, Modifiers::COMMAND, Key::Backslash);
    assert!(f.app().ui.split, "side by side");
    assert_eq!(f.app().pane_doc(1).unwrap().id, "001_96202ee82963ce48.txt");
    select_phrase(&mut f, 1, EVIDENCE_001);
    key(&mut f, Key::Num2);
    f
}

#[test]
fn link_evidence_beside_a_claim_and_confirm_the_proposed_label() {
    let mut f = linked_fixture();
    let claim = only_claim(f.app());
    assert_eq!(claim.evidence.len(), 1);
    let ev = &claim.evidence[0];
    assert_eq!(ev.relation, "contradicts");
    assert_eq!(ev.span.doc, "001_96202ee82963ce48.txt");
    assert_eq!(ev.span.quote, EVIDENCE_001);
    assert_eq!(claim.label, None, "never set silently");

    // The proposal asks; the person confirms.
    let proposal = f.app().ui.proposal.clone().expect("a label is proposed");
    assert_eq!(proposal.label, "contradicts");
    f.harness
        .get_by_label("Label it “Contradicts” (Enter)")
        .click();
    f.harness.run_steps(2);
    let claim = only_claim(f.app());
    assert_eq!(claim.label.as_deref(), Some("contradicts"));
    assert!(claim.label_from_evidence);

    // The link survives save and reload.
    wait_saved(&mut f);
    let on_disk = project::load(&f.project_path()).unwrap();
    let reloaded = on_disk.claims().get(&claim.id).unwrap();
    assert_eq!(reloaded.evidence, claim.evidence);
}

#[test]
fn following_a_link_shows_it_in_the_other_pane() {
    let mut f = linked_fixture();
    key(&mut f, Key::Escape); // dismiss the proposal
    // Show another article on the right, then follow the link from the claim panel.
    key(&mut f, Key::CloseBracket);
    assert_ne!(f.app().pane_doc(1).unwrap().id, "001_96202ee82963ce48.txt");
    let claim = only_claim(f.app());
    let ev = claim.evidence[0].clone();
    f.harness
        .get_by_label(&format!("{}: “{}”", ev.span.doc, ev.span.quote))
        .click();
    f.harness.run_steps(3);
    assert_eq!(f.app().pane_doc(1).unwrap().id, ev.span.doc);
    let (s, e, _) = f.app().ui.panes[1].view.flash.expect("the span flashes");
    assert_eq!((s, e), (ev.span.start, ev.span.end));
    assert!(
        f.app().ui.panes[1].view.char_rect(ev.span.start).is_some(),
        "scrolled into view"
    );
}

#[test]
fn undo_and_redo_a_link_and_remove_it_with_one_click() {
    let mut f = linked_fixture();
    key(&mut f, Key::Escape);
    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    assert!(
        only_claim(f.app()).evidence.is_empty(),
        "undo removes the link"
    );
    key_mod(&mut f, Modifiers::COMMAND, Key::Y);
    assert_eq!(only_claim(f.app()).evidence.len(), 1, "redo restores it");
    // Re-label the link from the claim panel, then remove it.
    f.harness.get_by_label("Agrees").click();
    f.harness.run_steps(2);
    assert_eq!(only_claim(f.app()).evidence[0].relation, "agrees");
    f.harness.get_by_label("✖").click();
    f.harness.run_steps(2);
    assert!(only_claim(f.app()).evidence.is_empty());
    key_mod(&mut f, Modifiers::COMMAND, Key::Z);
    assert_eq!(only_claim(f.app()).evidence[0].relation, "agrees");
}

#[test]
fn edited_article_keeps_its_link_and_deleted_one_lists_it_as_detached() {
    let mut f = linked_fixture();
    key(&mut f, Key::Escape);
    wait_saved(&mut f);
    let corpus = f.corpus();
    let other = corpus.join("001_96202ee82963ce48.txt");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, format!("UPDATE: this story was revised.\n\n{text}")).unwrap();

    f.harness
        .state_mut()
        .open(OpenRequest::Path(corpus.clone()));
    wait_until(&mut f, "the reload", |app| {
        !app.is_loading() && app.session().is_some()
    });
    let ev = only_claim(f.app()).evidence[0].clone();
    assert!(!ev.span.detached);
    assert_eq!(ev.span.quote, EVIDENCE_001);
    assert_eq!(
        ev.span.start,
        "UPDATE: this story was revised.\n\n".chars().count()
    );

    wait_saved(&mut f);
    std::fs::remove_file(&other).unwrap();
    f.harness.state_mut().open(OpenRequest::Path(corpus));
    wait_until(&mut f, "the reload", |app| {
        !app.is_loading() && app.session().is_some()
    });
    f.harness.run_steps(2);
    let ev = only_claim(f.app()).evidence[0].clone();
    assert!(ev.span.detached, "kept, flagged detached");
    assert!(f.app().ui.detached.open, "the detached list opens");
    f.harness.get_by_label("Detached spans (1)");
}

#[test]
fn corpus_overview_counts_the_pair_and_lists_its_links() {
    let mut f = linked_fixture();
    key(&mut f, Key::Escape);
    key_mod(&mut f, Modifiers::COMMAND, Key::M);
    assert!(f.app().ui.overview.open);
    // 000 ↔ 001: no agreeing and one contradicting link, shown in both cells.
    let cells = f.harness.query_all_by_label("✔0 ✖1").count();
    assert_eq!(cells, 2, "the matrix is symmetric");
    f.harness
        .query_all_by_label("✔0 ✖1")
        .next()
        .unwrap()
        .click();
    f.harness.run_steps(2);
    f.harness
        .get_by_label_contains(&format!("“{CLAIM_000}” — Contradicts — “{EVIDENCE_001}”"));
}
