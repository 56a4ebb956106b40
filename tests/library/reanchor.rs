//! Re-anchoring spans when their documents change: edits before, inside and
//! after a span, deleted text, and vanished documents. Nothing is dropped.

use std::path::PathBuf;

use crosscheck::corpus::{Corpus, Document};
use crosscheck::project::{Claim, ClaimId, Edit, Evidence, Project, Span, sync_with_corpus};

const ORIGINAL: &str = "Hampshire Constabulary said on Tuesday that it had sent firearms officers \
to London. The Metropolitan Police said no such request was made. Officials declined to comment.";

fn corpus(docs: &[(&str, &str)]) -> Corpus {
    Corpus::from_parts(
        PathBuf::from("."),
        docs.iter().map(|(id, t)| Document::new(*id, *t)).collect(),
        Vec::new(),
    )
}

/// A project over ORIGINAL with one claim on `quote`, and an evidence span in
/// `other.txt`.
fn project_with_claim(quote: &str) -> Project {
    let c = corpus(&[
        ("a.txt", ORIGINAL),
        ("other.txt", "A different report entirely."),
    ]);
    let mut p = Project::new(".");
    sync_with_corpus(&mut p, &c);
    let doc = c.get("a.txt").unwrap();
    let start = ORIGINAL[..ORIGINAL.find(quote).unwrap()].chars().count();
    let span = Span::from_document(doc, start, start + quote.chars().count()).unwrap();
    let mut claim = Claim::new(span, Some("contradicts".into()), "ana", "t0");
    claim.id = ClaimId("c1".into());
    claim.evidence.push(Evidence {
        id: "e1".into(),
        span: Span::from_document(c.get("other.txt").unwrap(), 2, 11).unwrap(),
        relation: "agrees".into(),
        annotator: "ana".into(),
        created: "t0".into(),
    });
    p.apply(Edit::AddClaim(Box::new(claim))).unwrap();
    p
}

fn claim_span(p: &Project) -> Span {
    p.claims().get(&ClaimId("c1".into())).unwrap().span.clone()
}

fn quoted(text: &str, span: &Span) -> String {
    text.chars().skip(span.start).take(span.len()).collect()
}

#[test]
fn unchanged_corpus_changes_nothing() {
    let mut p = project_with_claim("sent firearms officers");
    let before = p.clone();
    let report = sync_with_corpus(
        &mut p,
        &corpus(&[
            ("a.txt", ORIGINAL),
            ("other.txt", "A different report entirely."),
        ]),
    );
    assert_eq!(p, before);
    assert!(report.is_clean(), "{report:?}");
}

#[test]
fn edit_before_span_moves_it() {
    let mut p = project_with_claim("sent firearms officers");
    let edited = format!("UPDATED 14:02 — 👮 {ORIGINAL}");
    let report = sync_with_corpus(
        &mut p,
        &corpus(&[
            ("a.txt", &edited),
            ("other.txt", "A different report entirely."),
        ]),
    );
    let span = claim_span(&p);
    assert_eq!(quoted(&edited, &span), "sent firearms officers");
    assert!(!span.detached);
    assert_eq!(report.moved.len(), 1, "{report:?}");
    assert_eq!(report.changed_docs, vec!["a.txt".to_string()]);
}

#[test]
fn edit_after_span_keeps_offsets() {
    let mut p = project_with_claim("sent firearms officers");
    let old = claim_span(&p);
    let edited = ORIGINAL.replace("Officials declined to comment.", "Nobody commented.");
    let report = sync_with_corpus(
        &mut p,
        &corpus(&[
            ("a.txt", &edited),
            ("other.txt", "A different report entirely."),
        ]),
    );
    let span = claim_span(&p);
    assert_eq!((span.start, span.end), (old.start, old.end));
    assert!(report.detached.is_empty() && report.fuzzy.is_empty());
}

#[test]
fn edit_inside_span_is_found_approximately() {
    let mut p = project_with_claim("it had sent firearms officers to London");
    let edited = ORIGINAL.replace("sent firearms officers", "sent armed officers");
    let report = sync_with_corpus(
        &mut p,
        &corpus(&[
            ("a.txt", &edited),
            ("other.txt", "A different report entirely."),
        ]),
    );
    let span = claim_span(&p);
    assert!(!span.detached, "{report:?}");
    assert_eq!(
        quoted(&edited, &span),
        "it had sent armed officers to London"
    );
    assert_eq!(span.quote, "it had sent armed officers to London");
    assert_eq!(report.fuzzy.len(), 1);
}

#[test]
fn changed_spacing_and_case_is_found() {
    let mut p = project_with_claim("no such request was made");
    let edited = ORIGINAL.replace("no such request was made", "No  such\nrequest was made");
    sync_with_corpus(
        &mut p,
        &corpus(&[
            ("a.txt", &edited),
            ("other.txt", "A different report entirely."),
        ]),
    );
    let span = claim_span(&p);
    assert!(!span.detached);
    assert_eq!(quoted(&edited, &span), "No  such\nrequest was made");
}

#[test]
fn deleted_text_detaches_but_keeps_the_claim() {
    let mut p = project_with_claim("The Metropolitan Police said no such request was made.");
    let edited = ORIGINAL.replace(
        " The Metropolitan Police said no such request was made.",
        "",
    );
    let report = sync_with_corpus(
        &mut p,
        &corpus(&[
            ("a.txt", &edited),
            ("other.txt", "A different report entirely."),
        ]),
    );
    let span = claim_span(&p);
    assert!(span.detached);
    assert_eq!(
        span.quote,
        "The Metropolitan Police said no such request was made."
    );
    assert_eq!(report.detached.len(), 1);
    assert_eq!(p.claims().len(), 1);
    // When the text comes back, the span is found again.
    let report = sync_with_corpus(
        &mut p,
        &corpus(&[
            ("a.txt", ORIGINAL),
            ("other.txt", "A different report entirely."),
        ]),
    );
    assert!(!claim_span(&p).detached);
    assert_eq!(report.reattached.len(), 1);
}

#[test]
fn missing_document_detaches_its_spans() {
    let mut p = project_with_claim("sent firearms officers");
    let report = sync_with_corpus(&mut p, &corpus(&[("a.txt", ORIGINAL)]));
    assert_eq!(report.missing_docs, vec!["other.txt".to_string()]);
    let claim = p.claims().get(&ClaimId("c1".into())).unwrap();
    assert!(claim.evidence[0].span.detached);
    assert!(!claim.span.detached);
    assert!(p.documents().contains_key("other.txt"), "fingerprint kept");
}

#[test]
fn repeated_quote_prefers_matching_context_then_nearest() {
    let text = "He said yes. Later he said yes. Finally he said yes.";
    let c = corpus(&[("a.txt", text)]);
    let mut p = Project::new(".");
    sync_with_corpus(&mut p, &c);
    // The second "said yes".
    let span = Span::from_document(c.get("a.txt").unwrap(), 22, 30).unwrap();
    let mut claim = Claim::new(span, None, "ana", "t");
    claim.id = ClaimId("c1".into());
    p.apply(Edit::AddClaim(Box::new(claim))).unwrap();
    let edited = format!("Intro. {text}");
    sync_with_corpus(&mut p, &corpus(&[("a.txt", &edited)]));
    let span = claim_span(&p);
    assert_eq!(span.start, 29);
    assert_eq!(quoted(&edited, &span), "said yes");
}
