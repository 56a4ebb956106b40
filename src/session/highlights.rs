//! Which spans lie in a range of a document, found without scanning every
//! claim: the view asks once per visible paragraph, every frame.

use std::collections::{BTreeMap, BTreeSet};

use crate::project::{Claim, ClaimId};

/// One highlighted span: a claim's own span or one of its evidence spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub claim: ClaimId,
    /// `Some(evidence id)` for an evidence span.
    pub evidence: Option<String>,
    /// The claim's label, or the evidence's relation.
    pub label: Option<String>,
    pub detached: bool,
}

/// The marks of one document, sorted by start, with a running maximum of
/// ends so a range query skips everything that ends before it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocMarks {
    marks: Vec<Mark>,
    max_end: Vec<usize>,
    /// Claims (not evidence) per label id; unlabelled claims under "".
    pub counts: BTreeMap<String, usize>,
}

impl DocMarks {
    pub fn new(mut marks: Vec<Mark>) -> Self {
        marks.sort_by(mark_order);
        let mut this = Self {
            marks,
            max_end: Vec::new(),
            counts: BTreeMap::new(),
        };
        this.recount();
        this
    }

    /// Replaces the marks of the claims in `claims` with `marks` (theirs
    /// after an edit). An edit touches a claim or two, so this keeps the
    /// sorted order by insertion instead of re-sorting and re-cloning every
    /// mark of a document with 20,000 claims.
    pub fn replace_claims(&mut self, claims: &BTreeSet<ClaimId>, marks: Vec<Mark>) {
        self.marks.retain(|m| !claims.contains(&m.claim));
        for mark in marks {
            let at = self
                .marks
                .partition_point(|m| mark_order(m, &mark) == std::cmp::Ordering::Less);
            self.marks.insert(at, mark);
        }
        self.recount();
    }

    fn recount(&mut self) {
        self.counts.clear();
        for mark in self.marks.iter().filter(|m| m.evidence.is_none()) {
            *self
                .counts
                .entry(mark.label.clone().unwrap_or_default())
                .or_insert(0) += 1;
        }
        let mut running = 0;
        self.max_end = self
            .marks
            .iter()
            .map(|m| {
                running = running.max(m.end);
                running
            })
            .collect();
    }

    /// Marks overlapping `start..end`, in start order. Detached marks are
    /// included: their offsets are stale but the caller decides.
    pub fn overlapping(&self, start: usize, end: usize) -> impl Iterator<Item = &Mark> {
        let first = self.max_end.partition_point(|&e| e <= start);
        let last = self.marks.partition_point(|m| m.start < end);
        self.marks[first..last.max(first)]
            .iter()
            .filter(move |m| m.end > start && m.start < end)
    }

    /// Marks that contain position `pos`, shortest first (the innermost of
    /// nested claims is the one a click most likely means).
    pub fn at(&self, pos: usize) -> Vec<&Mark> {
        let mut found: Vec<&Mark> = self.overlapping(pos, pos + 1).collect();
        found.sort_by_key(|m| (m.end - m.start, m.start));
        found
    }

    pub fn all(&self) -> &[Mark] {
        &self.marks
    }

    pub fn claim_count(&self) -> usize {
        self.counts.values().sum()
    }
}

fn mark_order(a: &Mark, b: &Mark) -> std::cmp::Ordering {
    (a.start, a.end, &a.claim, &a.evidence).cmp(&(b.start, b.end, &b.claim, &b.evidence))
}

/// Marks per document for a set of claims; every span of every claim.
pub fn marks_by_doc<'a>(claims: impl Iterator<Item = &'a Claim>) -> BTreeMap<String, Vec<Mark>> {
    // Keyed by borrowed ids while collecting: opening a project of 100,000
    // claims would otherwise allocate a document id per span.
    let mut by_doc: std::collections::HashMap<&'a str, Vec<Mark>> =
        std::collections::HashMap::new();
    for claim in claims {
        by_doc
            .entry(claim.span.doc.as_str())
            .or_default()
            .push(Mark {
                start: claim.span.start,
                end: claim.span.end,
                claim: claim.id.clone(),
                evidence: None,
                label: claim.label.clone(),
                detached: claim.span.detached,
            });
        for ev in &claim.evidence {
            by_doc.entry(ev.span.doc.as_str()).or_default().push(Mark {
                start: ev.span.start,
                end: ev.span.end,
                claim: claim.id.clone(),
                evidence: Some(ev.id.clone()),
                label: Some(ev.relation.clone()),
                detached: ev.span.detached,
            });
        }
    }
    by_doc
        .into_iter()
        .map(|(doc, marks)| (doc.to_owned(), marks))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn mark(start: usize, end: usize, n: usize) -> Mark {
        Mark {
            start,
            end,
            claim: ClaimId(format!("c{n}")),
            evidence: None,
            label: Some("agrees".into()),
            detached: false,
        }
    }

    #[test]
    fn finds_long_spans_that_started_earlier() {
        let marks = DocMarks::new(vec![mark(0, 1000, 0), mark(10, 20, 1), mark(500, 510, 2)]);
        let found: Vec<usize> = marks.overlapping(600, 700).map(|m| m.start).collect();
        assert_eq!(found, vec![0]);
        assert_eq!(marks.at(15).len(), 2);
        assert_eq!(marks.at(15)[0].start, 10, "innermost first");
        assert_eq!(marks.counts.get("agrees"), Some(&3));
    }

    proptest! {
        #[test]
        fn range_query_equals_linear_scan(
            spans in prop::collection::vec((0usize..500, 1usize..80), 0..200),
            qs in 0usize..600, ql in 1usize..100,
        ) {
            let marks: Vec<Mark> = spans.iter().enumerate().map(|(i, (s, l))| mark(*s, s + l, i)).collect();
            let index = DocMarks::new(marks.clone());
            let mut expected: Vec<&Mark> = index.all().iter().filter(|m| m.start < qs + ql && qs < m.end).collect();
            let mut got: Vec<&Mark> = index.overlapping(qs, qs + ql).collect();
            expected.sort_by_key(|m| m.claim.clone());
            got.sort_by_key(|m| m.claim.clone());
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn replacing_claims_equals_rebuilding(
            spans in prop::collection::vec((0usize..500, 1usize..80), 1..100),
            changed in prop::collection::vec((0usize..100, 0usize..500, 1usize..80), 0..5),
        ) {
            let marks: Vec<Mark> = spans.iter().enumerate().map(|(i, (s, l))| mark(*s, s + l, i)).collect();
            let mut index = DocMarks::new(marks.clone());
            let mut ids = BTreeSet::new();
            let mut moved = Vec::new();
            for (i, s, l) in &changed {
                let i = i % marks.len();
                if ids.insert(marks[i].claim.clone()) {
                    let mut m = marks[i].clone();
                    (m.start, m.end) = (*s, s + l);
                    moved.push(m);
                }
            }
            let mut expected: Vec<Mark> = marks.into_iter().filter(|m| !ids.contains(&m.claim)).collect();
            expected.extend(moved.iter().cloned());
            let expected = DocMarks::new(expected);
            index.replace_claims(&ids, moved);
            prop_assert_eq!(index.all(), expected.all());
            prop_assert_eq!(&index.max_end, &expected.max_end);
            prop_assert_eq!(&index.counts, &expected.counts);
        }
    }
}
