//! The comparison the window shows: where two or more annotators' files
//! disagree, per document and for the corpus, in a stable order.
//!
//! Files are compared pairwise (every annotator with every later one), with
//! the same overlap matching as the agreement figures, so a disagreement
//! list and Span F1 (overlap) always count the same pairs. For two files
//! this is the whole story; for three, a claim only A marked appears once
//! against B and once against C, each naming the pair.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use super::{Annotator, match_claims, match_evidence};
use crate::project::{Claim, ClaimId};

/// What kind of disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A claim of annotator `a` that `b` has no overlapping claim for.
    OnlyInA,
    /// A claim of annotator `b` that `a` has no overlapping claim for.
    OnlyInB,
    /// The same span with different labels (or one unlabelled).
    DifferentLabels,
    /// Matched claims whose spans overlap but have other boundaries.
    DifferentBoundaries,
    /// Matched claims whose evidence links do not all match (same document,
    /// overlapping span, equal relation).
    DifferentEvidence,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::OnlyInA | Kind::OnlyInB => "claim only in one file",
            Kind::DifferentLabels => "same span, different labels",
            Kind::DifferentBoundaries => "overlapping spans, different boundaries",
            Kind::DifferentEvidence => "evidence links differ",
        }
    }
}

/// One disagreement between annotators `a` and `b` (indices into
/// [`Comparison::annotators`], `a < b`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    pub doc: String,
    /// The code points the involved claims cover together (their union).
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub a: usize,
    pub b: usize,
    /// `a`'s claim, absent for [`Kind::OnlyInB`].
    pub claim_a: Option<ClaimId>,
    /// `b`'s claim, absent for [`Kind::OnlyInA`].
    pub claim_b: Option<ClaimId>,
    /// For [`Kind::DifferentBoundaries`]: the labels differ too.
    pub labels_differ: bool,
}

/// Every disagreement between the files, sorted by (doc, start, end, pair,
/// kind).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub annotators: Vec<String>,
    pub disagreements: Vec<Disagreement>,
    /// Where each document's disagreements are in `disagreements`.
    #[serde(skip)]
    by_doc: BTreeMap<String, Range<usize>>,
}

impl Comparison {
    /// The disagreements in `doc`, in order.
    pub fn in_doc(&self, doc: &str) -> &[Disagreement] {
        self.by_doc
            .get(doc)
            .map_or(&[], |r| &self.disagreements[r.clone()])
    }

    /// Documents with at least one disagreement, in order, with their count.
    pub fn docs(&self) -> impl Iterator<Item = (&str, usize)> {
        self.by_doc.iter().map(|(d, r)| (d.as_str(), r.len()))
    }

    /// How many disagreements of each kind.
    pub fn counts(&self) -> BTreeMap<Kind, usize> {
        let mut counts = BTreeMap::new();
        for d in &self.disagreements {
            *counts.entry(d.kind).or_default() += 1;
        }
        counts
    }

    pub fn len(&self) -> usize {
        self.disagreements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.disagreements.is_empty()
    }
}

/// Compares the annotators' claims (detached spans are already left out by
/// [`Annotator::new`]).
pub fn compare(annotators: &[Annotator<'_>]) -> Comparison {
    let grouped: Vec<BTreeMap<&str, Vec<&Claim>>> = annotators
        .iter()
        .map(|a| {
            let mut docs: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
            for c in a.claims() {
                docs.entry(c.span.doc.as_str()).or_default().push(c);
            }
            docs
        })
        .collect();
    use rayon::prelude::*;
    let ab: Vec<(usize, usize)> = (0..annotators.len())
        .flat_map(|a| (a + 1..annotators.len()).map(move |b| (a, b)))
        .collect();
    let mut out: Vec<Disagreement> = ab
        .par_iter()
        .flat_map_iter(|&(a, b)| {
            let mut out = Vec::new();
            let docs: std::collections::BTreeSet<&str> = grouped[a]
                .keys()
                .chain(grouped[b].keys())
                .copied()
                .collect();
            let empty = Vec::new();
            for doc in docs {
                let ca = grouped[a].get(doc).unwrap_or(&empty);
                let cb = grouped[b].get(doc).unwrap_or(&empty);
                compare_doc(a, b, ca, cb, &mut out);
            }
            out
        })
        .collect();
    out.par_sort_by(|x, y| {
        (
            &x.doc, x.start, x.end, x.a, x.b, x.kind, &x.claim_a, &x.claim_b,
        )
            .cmp(&(
                &y.doc, y.start, y.end, y.a, y.b, y.kind, &y.claim_a, &y.claim_b,
            ))
    });
    let mut by_doc: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for (i, d) in out.iter().enumerate() {
        by_doc
            .entry(d.doc.clone())
            .and_modify(|r| r.end = i + 1)
            .or_insert(i..i + 1);
    }
    Comparison {
        annotators: annotators.iter().map(|a| a.name.clone()).collect(),
        disagreements: out,
        by_doc,
    }
}

fn compare_doc(a: usize, b: usize, ca: &[&Claim], cb: &[&Claim], out: &mut Vec<Disagreement>) {
    let matches = match_claims(ca, cb);
    let mut matched_a = vec![false; ca.len()];
    let mut matched_b = vec![false; cb.len()];
    let entry = |kind, x: Option<&Claim>, y: Option<&Claim>| {
        let spans = x.iter().chain(y.iter()).map(|c| (c.span.start, c.span.end));
        let (start, end) = spans.fold((usize::MAX, 0), |(s, e), (cs, ce)| (s.min(cs), e.max(ce)));
        let doc = x.or(y).map(|c| c.span.doc.clone()).unwrap_or_default();
        let labels_differ = match (x, y) {
            (Some(x), Some(y)) => x.label != y.label,
            _ => false,
        };
        Disagreement {
            doc,
            start,
            end,
            kind,
            a,
            b,
            claim_a: x.map(|c| c.id.clone()),
            claim_b: y.map(|c| c.id.clone()),
            labels_differ,
        }
    };
    for &(i, j, _) in &matches {
        matched_a[i] = true;
        matched_b[j] = true;
        let (x, y) = (ca[i], cb[j]);
        let same_span = x.span.start == y.span.start && x.span.end == y.span.end;
        if same_span && x.label != y.label {
            out.push(entry(Kind::DifferentLabels, Some(x), Some(y)));
        } else if !same_span {
            out.push(entry(Kind::DifferentBoundaries, Some(x), Some(y)));
        }
        let links = match_evidence(x, y).len();
        let live = |c: &Claim| c.evidence.iter().filter(|e| !e.span.detached).count();
        if links < live(x) || links < live(y) {
            out.push(entry(Kind::DifferentEvidence, Some(x), Some(y)));
        }
    }
    for (c, _) in ca.iter().zip(&matched_a).filter(|(_, m)| !**m) {
        out.push(entry(Kind::OnlyInA, Some(c), None));
    }
    for (c, _) in cb.iter().zip(&matched_b).filter(|(_, m)| !**m) {
        out.push(entry(Kind::OnlyInB, None, Some(c)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::tests::{TestProject, doc_corpus};

    #[test]
    fn lists_every_kind_in_document_order() {
        let corpus = doc_corpus();
        let mut a = TestProject::new(&corpus, "ann");
        let mut b = TestProject::new(&corpus, "bob");
        // Same span, different labels.
        a.claim("a.txt", 0, 10, Some("agrees"), &[]);
        b.claim("a.txt", 0, 10, Some("contradicts"), &[]);
        // Overlapping, other boundaries, same label, evidence differs.
        a.claim(
            "a.txt",
            20,
            30,
            Some("agrees"),
            &[("b.txt", 0, 5, "agrees")],
        );
        b.claim(
            "a.txt",
            22,
            34,
            Some("agrees"),
            &[("b.txt", 0, 5, "contradicts")],
        );
        // Only in one file each.
        a.claim("b.txt", 40, 50, None, &[]);
        b.claim("a.txt", 60, 70, Some("unverified"), &[]);
        // Agreement: nothing listed.
        a.claim("b.txt", 10, 20, Some("agrees"), &[]);
        b.claim("b.txt", 10, 20, Some("agrees"), &[]);
        let (pa, pb) = (a.project, b.project);
        let anns = [Annotator::new("ann", &pa), Annotator::new("bob", &pb)];
        let cmp = compare(&anns);
        let seen: Vec<(&str, usize, Kind)> = cmp
            .disagreements
            .iter()
            .map(|d| (d.doc.as_str(), d.start, d.kind))
            .collect();
        assert_eq!(
            seen,
            vec![
                ("a.txt", 0, Kind::DifferentLabels),
                ("a.txt", 20, Kind::DifferentBoundaries),
                ("a.txt", 20, Kind::DifferentEvidence),
                ("a.txt", 60, Kind::OnlyInB),
                ("b.txt", 40, Kind::OnlyInA),
            ]
        );
        let boundaries = &cmp.disagreements[1];
        assert_eq!((boundaries.start, boundaries.end), (20, 34));
        assert!(!boundaries.labels_differ);
        assert!(boundaries.claim_a.is_some() && boundaries.claim_b.is_some());
        assert_eq!(cmp.in_doc("b.txt").len(), 1);
        assert_eq!(cmp.in_doc("c.txt").len(), 0);
        assert_eq!(
            cmp.docs().collect::<Vec<_>>(),
            vec![("a.txt", 4), ("b.txt", 1)]
        );
        assert_eq!(cmp.counts()[&Kind::OnlyInA], 1);
    }

    #[test]
    fn identical_files_do_not_disagree_and_three_files_go_pairwise() {
        let corpus = doc_corpus();
        let mut a = TestProject::new(&corpus, "ann");
        let mut b = TestProject::new(&corpus, "bob");
        let mut c = TestProject::new(&corpus, "cy");
        a.claim("a.txt", 0, 10, Some("agrees"), &[]);
        b.claim("a.txt", 0, 10, Some("agrees"), &[]);
        let (pa, pb, pc) = (a.project, b.project, {
            c.claim("b.txt", 5, 9, Some("agrees"), &[]);
            c.project
        });
        assert!(compare(&[Annotator::new("ann", &pa), Annotator::new("bob", &pb)]).is_empty());
        let three = compare(&[
            Annotator::new("ann", &pa),
            Annotator::new("bob", &pb),
            Annotator::new("cy", &pc),
        ]);
        let pairs: Vec<(usize, usize, Kind)> = three
            .disagreements
            .iter()
            .map(|d| (d.a, d.b, d.kind))
            .collect();
        assert_eq!(
            pairs,
            vec![
                (0, 2, Kind::OnlyInA),
                (1, 2, Kind::OnlyInA),
                (0, 2, Kind::OnlyInB),
                (1, 2, Kind::OnlyInB),
            ]
        );
    }
}
