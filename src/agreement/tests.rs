//! Hand-computed figures; the reference libraries' values are checked in
//! `tests/library/agreement.rs` on the committed fixtures.

use super::*;
use crate::corpus::{Corpus, Document};
use crate::project::{Edit, Evidence, Span, sync_with_corpus};

pub(crate) fn doc_corpus() -> Corpus {
    let text = "abcdefghij".repeat(12);
    Corpus::from_parts(
        "corpus".into(),
        vec![
            Document::new("a.txt", text.clone()),
            Document::new("b.txt", text.clone()),
            Document::new("c.txt", text),
        ],
        Vec::new(),
    )
}

/// A project over [`doc_corpus`] built claim by claim.
pub(crate) struct TestProject<'c> {
    corpus: &'c Corpus,
    pub project: Project,
    annotator: String,
    next: usize,
}

impl<'c> TestProject<'c> {
    pub fn new(corpus: &'c Corpus, annotator: &str) -> Self {
        let mut project = Project::new(".");
        sync_with_corpus(&mut project, corpus);
        Self {
            corpus,
            project,
            annotator: annotator.into(),
            next: 0,
        }
    }

    fn span(&self, doc: &str, start: usize, end: usize) -> Span {
        let doc = self.corpus.get(doc).expect("test document");
        Span::from_document(doc, start, end).expect("test span")
    }

    pub fn claim(
        &mut self,
        doc: &str,
        start: usize,
        end: usize,
        label: Option<&str>,
        evidence: &[(&str, usize, usize, &str)],
    ) {
        self.claim_with(doc, start, end, label, evidence, |_| {});
    }

    /// As [`claim`](Self::claim), with `tweak` applied before it is added.
    pub fn claim_with(
        &mut self,
        doc: &str,
        start: usize,
        end: usize,
        label: Option<&str>,
        evidence: &[(&str, usize, usize, &str)],
        tweak: impl FnOnce(&mut Claim),
    ) {
        let mut claim = Claim::new(
            self.span(doc, start, end),
            label.map(str::to_owned),
            &self.annotator,
            "2026-01-01T00:00:00Z",
        );
        self.next += 1;
        claim.id = crate::project::ClaimId(format!("{}{:04}", self.annotator, self.next));
        for (k, (d, s, e, rel)) in evidence.iter().enumerate() {
            claim.evidence.push(Evidence {
                id: format!("e{k}"),
                span: self.span(d, *s, *e),
                relation: (*rel).into(),
                annotator: self.annotator.clone(),
                created: "2026-01-01T00:00:00Z".into(),
            });
        }
        tweak(&mut claim);
        self.project
            .apply(Edit::AddClaim(Box::new(claim)))
            .expect("test claim");
    }
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a figure");
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

#[test]
fn hand_computed_two_annotators() {
    let corpus = doc_corpus();
    let mut a = TestProject::new(&corpus, "ann");
    let mut b = TestProject::new(&corpus, "bob");
    a.claim(
        "a.txt",
        0,
        10,
        Some("agrees"),
        &[("b.txt", 0, 10, "agrees")],
    );
    b.claim(
        "a.txt",
        0,
        10,
        Some("agrees"),
        &[("b.txt", 5, 12, "agrees")],
    );
    a.claim(
        "a.txt",
        20,
        30,
        Some("agrees"),
        &[("b.txt", 30, 40, "agrees")],
    );
    b.claim(
        "a.txt",
        20,
        30,
        Some("contradicts"),
        &[("b.txt", 30, 40, "contradicts")],
    );
    a.claim("a.txt", 40, 50, Some("contradicts"), &[]);
    b.claim("a.txt", 40, 50, Some("contradicts"), &[]);
    a.claim("a.txt", 60, 70, Some("agrees"), &[]);
    // Overlaps A's 60..70 but another span: matched for overlap F1 and κ.
    b.claim("a.txt", 65, 80, Some("agrees"), &[]);
    let (pa, pb) = (a.project, b.project);
    let report = agreement(
        &[Annotator::new("ann", &pa), Annotator::new("bob", &pb)],
        true,
    )
    .expect("report");
    let pair = &report.figures.pairs[0];
    assert_eq!(pair.span_f1_exact.matched, 3);
    close(pair.span_f1_exact.f1, 6.0 / 8.0);
    assert_eq!(pair.span_f1_overlap.f1.matched, 4);
    assert_eq!(pair.span_f1_overlap.shared_code_points, 10 + 10 + 10 + 5);
    close(pair.span_f1_overlap.f1.f1, 1.0);
    // κ over (ag,ag) (ag,co) (co,co) (ag,ag): confusion [[2,1],[0,1]],
    // rows [3,1], cols [2,2]; expected off-diagonal 3·2/4 + 1·2/4 = 2.
    close(pair.cohen_kappa.kappa, 1.0 - 1.0 / 2.0);
    // Evidence: one of A's two links matches (same doc, overlap, relation).
    assert_eq!(pair.evidence_f1.matched, 1);
    close(pair.evidence_f1.f1, 2.0 / 4.0);
    close(pair.by_label["agrees"].f1, 2.0 / 5.0);
    close(pair.by_label["contradicts"].f1, 2.0 / 3.0);
    // α over units 0..10 (ag,ag) 20..30 (ag,co) 40..50 (co,co), plus the
    // unpairable 60..70 and 65..80: n = 6, o_off = 2, Σn_c n_k = 18.
    let alpha = &report.figures.overall.krippendorff_alpha;
    close(alpha.alpha, 1.0 - 5.0 * 2.0 / 18.0);
    assert_eq!(
        (
            alpha.units,
            alpha.pairable_units,
            alpha.values,
            alpha.missing
        ),
        (5, 3, 8, 2)
    );
    // Fleiss over the three full units: P̄ = 2/3, P̄e = 1/2.
    let fleiss = &report.figures.overall.fleiss_kappa;
    close(fleiss.kappa, (2.0 / 3.0 - 0.5) / 0.5);
    assert_eq!(fleiss.units, 3);
    let by_doc = report.by_doc.as_ref().expect("by doc");
    assert_eq!(by_doc.len(), 1);
    assert_eq!(by_doc["a.txt"].pairs[0], *pair);
}

#[test]
fn degenerate_figures_are_none_not_nan() {
    let corpus = doc_corpus();
    let mut a = TestProject::new(&corpus, "ann");
    let mut b = TestProject::new(&corpus, "bob");
    a.claim("a.txt", 0, 10, Some("agrees"), &[]);
    b.claim("a.txt", 0, 10, Some("agrees"), &[]);
    let (pa, pb) = (a.project, b.project);
    let report = agreement(
        &[Annotator::new("ann", &pa), Annotator::new("bob", &pb)],
        false,
    )
    .expect("r");
    let overall = &report.figures.overall;
    // One category only: κ and α are 0/0.
    assert_eq!(report.figures.pairs[0].cohen_kappa.kappa, None);
    assert_eq!(overall.krippendorff_alpha.alpha, None);
    assert_eq!(overall.fleiss_kappa.kappa, None);
    assert_eq!(report.figures.pairs[0].evidence_f1.f1, None);
    close(report.figures.pairs[0].span_f1_exact.f1, 1.0);
    let json = serde_json::to_string(&report).expect("json");
    assert!(json.contains("\"kappa\":null"), "{json}");
    assert!(!json.contains("NaN"));

    let empty = Project::new(".");
    let report = agreement(
        &[Annotator::new("ann", &empty), Annotator::new("bob", &empty)],
        false,
    )
    .expect("r");
    assert_eq!(report.figures.pairs[0].span_f1_exact.f1, None);
    assert_eq!(report.figures.overall.mean_span_f1_exact, None);
    assert!(matches!(
        agreement(&[Annotator::new("ann", &empty)], false),
        Err(AgreementError::TooFew(1))
    ));
}

#[test]
fn detached_spans_are_left_out_and_counted() {
    let corpus = doc_corpus();
    let mut a = TestProject::new(&corpus, "ann");
    let mut b = TestProject::new(&corpus, "bob");
    a.claim_with("a.txt", 0, 10, Some("agrees"), &[], |c| {
        c.span.detached = true
    });
    let links = [("b.txt", 0, 4, "agrees")];
    a.claim_with("a.txt", 20, 30, Some("agrees"), &links, |c| {
        c.evidence[0].span.detached = true;
    });
    b.claim("a.txt", 0, 10, Some("agrees"), &[]);
    b.claim("a.txt", 20, 30, Some("agrees"), &[]);
    let (pa, pb) = (a.project, b.project);
    let report = agreement(
        &[Annotator::new("ann", &pa), Annotator::new("bob", &pb)],
        false,
    )
    .expect("r");
    let ann = &report.annotators[0];
    assert_eq!(
        (ann.claims, ann.detached_claims, ann.detached_evidence),
        (1, 1, 1)
    );
    assert_eq!(report.figures.pairs[0].span_f1_exact.a, 1);
    assert_eq!(report.figures.pairs[0].evidence_f1.a, 0);
}

#[test]
fn annotator_is_the_most_common_name() {
    let corpus = doc_corpus();
    let mut a = TestProject::new(&corpus, "zoe");
    a.claim("a.txt", 0, 10, None, &[]);
    a.claim("a.txt", 10, 20, None, &[]);
    a.claim_with("a.txt", 20, 30, None, &[], |c| c.annotator = "amy".into());
    assert_eq!(annotator_name(&a.project).as_deref(), Some("zoe"));
    a.claim_with("a.txt", 30, 40, None, &[], |c| c.annotator = "amy".into());
    // A tie goes to the name that sorts first.
    assert_eq!(annotator_name(&a.project).as_deref(), Some("amy"));
    assert_eq!(annotator_name(&Project::new(".")), None);
}

#[test]
fn corpora_are_compared_by_id_and_hash() {
    let corpus = doc_corpus();
    let a = TestProject::new(&corpus, "a").project;
    assert_eq!(same_corpus(&a, &a), Ok(()));
    let other = Corpus::from_parts(
        "x".into(),
        vec![Document::new("a.txt", "other"), Document::new("b.txt", "x")],
        Vec::new(),
    );
    let mut b = Project::new(".");
    sync_with_corpus(&mut b, &other);
    let err = same_corpus(&a, &b).expect_err("differs");
    assert!(err.contains("a.txt") || err.contains("c.txt"), "{err}");
}
