//! The corpus overview: for every pair of articles, how many evidence links
//! agree and how many contradict — where the outlier shows.

use std::collections::BTreeMap;

use super::model::{ClaimId, Project};

/// Links between one pair of documents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PairLinks {
    pub agrees: usize,
    pub contradicts: usize,
    /// Links with any other relation.
    pub other: usize,
    /// (claim, evidence id) of every link counted here.
    pub links: Vec<(ClaimId, String)>,
}

/// Evidence links counted per unordered pair of documents, keyed with the
/// smaller id first; a link inside one document is keyed `(doc, doc)`.
/// Detached spans are left out: their offsets no longer point at their text.
pub fn link_matrix(project: &Project) -> BTreeMap<(String, String), PairLinks> {
    let mut matrix: BTreeMap<(String, String), PairLinks> = BTreeMap::new();
    for claim in project.claims.sorted() {
        if claim.span.detached {
            continue;
        }
        for ev in claim.evidence.iter().filter(|e| !e.span.detached) {
            let (a, b) = (&claim.span.doc, &ev.span.doc);
            let key = if a <= b {
                (a.clone(), b.clone())
            } else {
                (b.clone(), a.clone())
            };
            let cell = matrix.entry(key).or_default();
            match ev.relation.as_str() {
                "agrees" => cell.agrees += 1,
                "contradicts" => cell.contradicts += 1,
                _ => cell.other += 1,
            }
            cell.links.push((claim.id.clone(), ev.id.clone()));
        }
    }
    matrix
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::project::{Claim, Edit, Evidence, Span};

    fn link(claim: &mut Claim, doc: &Document, relation: &str, n: usize) {
        claim.evidence.push(Evidence {
            id: format!("e{n}"),
            span: Span::from_document(doc, 0, 4).unwrap(),
            relation: relation.into(),
            annotator: "t".into(),
            created: "t".into(),
        });
    }

    #[test]
    fn counts_pairs_in_both_directions() {
        let a = Document::new("000.txt", "Text of the first article.");
        let b = Document::new("001.txt", "Text of the second article.");
        let c = Document::new("002.txt", "Text of the third article.");
        let mut p = Project::new(".");
        let mut c1 = Claim::new(Span::from_document(&a, 0, 4).unwrap(), None, "t", "t");
        link(&mut c1, &b, "contradicts", 1);
        link(&mut c1, &c, "agrees", 2);
        link(&mut c1, &c, "agrees", 3);
        let mut c2 = Claim::new(Span::from_document(&b, 0, 4).unwrap(), None, "t", "t");
        link(&mut c2, &a, "contradicts", 4);
        link(&mut c2, &b, "unverified", 5);
        let mut detached = Claim::new(Span::from_document(&c, 0, 4).unwrap(), None, "t", "t");
        link(&mut detached, &b, "contradicts", 6);
        detached.evidence[0].span.detached = true;
        for claim in [c1, c2, detached] {
            p.apply(Edit::AddClaim(Box::new(claim))).unwrap();
        }

        let m = link_matrix(&p);
        let ab = &m[&("000.txt".to_string(), "001.txt".to_string())];
        assert_eq!((ab.agrees, ab.contradicts, ab.other), (0, 2, 0));
        assert_eq!(ab.links.len(), 2);
        let ac = &m[&("000.txt".to_string(), "002.txt".to_string())];
        assert_eq!((ac.agrees, ac.contradicts), (2, 0));
        let bb = &m[&("001.txt".to_string(), "001.txt".to_string())];
        assert_eq!(bb.other, 1);
        assert!(!m.contains_key(&("001.txt".to_string(), "002.txt".to_string())));
        assert_eq!(m.len(), 3);
    }
}
