//! Find in the article: Ctrl+F, matches counted, Enter / Shift+Enter step,
//! Alt+Enter makes the match the highlight, a label key makes it a claim.

use crate::harness::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

/// The "3 of 17" counter shows `k of n`.
fn shows(f: &Fixture, k: usize, n: usize) -> bool {
    f.harness.query_by_label(&format!("{k} of {n}")).is_some()
}

#[test]
fn find_step_and_label_a_match() {
    let mut f = seeds_fixture();
    key_mod(&mut f, Modifiers::COMMAND, Key::F);
    assert!(f.app().ui.find.open, "Ctrl+F opens the find bar");
    f.harness.get_by_label("Find").type_text("hampshire");
    f.harness.run_steps(3);
    let doc = f.app().pane_doc(0).unwrap().text.clone();
    let expected = doc.to_lowercase().matches("hampshire").count();
    assert!(expected >= 2);
    assert!(shows(&f, 1, expected));
    key(&mut f, Key::Enter);
    assert!(shows(&f, 2, expected), "Enter: next");
    press(&mut f, Modifiers::SHIFT, Key::Enter, None);
    assert!(shows(&f, 1, expected), "Shift+Enter: previous");
    // Exact case: the lower-case query matches nothing.
    f.harness.get_by_label("Exact case").click();
    f.harness.run_steps(2);
    assert!(f.harness.query_by_label("no matches").is_some());
    f.harness.get_by_label("Exact case").click();
    f.harness.run_steps(2);

    f.harness.get_by_label("Find").click();
    f.harness.run_steps(1);
    press(&mut f, Modifiers::ALT, Key::Enter, None);
    let (s, e) = f.app().ui.panes[0]
        .view
        .selection
        .expect("the match is the highlight");
    let quote: String = doc.chars().skip(s).take(e - s).collect();
    assert_eq!(quote, "Hampshire");
    key(&mut f, Key::Num2);
    let claim = only_claim(f.app());
    assert_eq!(claim.span.quote, "Hampshire");
    assert_eq!(claim.label.as_deref(), Some("contradicts"));
}
