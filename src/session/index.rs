//! Which claims each document has, built in one walk when a session
//! starts; a document's highlights are built the first time it is shown and
//! kept current by every edit after that.

use std::collections::{BTreeSet, HashMap};

use super::Session;
use super::highlights::{DocMarks, marks_by_doc};
use crate::project::{Claim, ClaimId};
use crate::workspace::Workspace;

impl Session {
    /// The highlights of `doc`, built the first time it is asked for:
    /// opening a project of 100,000 claims indexes nothing but which claims
    /// each document has, and the first frame pays only for what it shows.
    /// `None` when no span of any claim has ever been in `doc`.
    pub fn marks(&self, doc: &str) -> Option<&DocMarks> {
        let entry = self.docs.get(doc)?;
        Some(entry.marks.get_or_init(|| {
            let claims = entry
                .claims
                .iter()
                .filter_map(|id| self.ws.project.claims().get(id));
            DocMarks::new(marks_by_doc(claims).remove(doc).unwrap_or_default())
        }))
    }

    /// Brings the marks of `doc` up to date after an edit of `touched`. A
    /// document not shown yet has none to update: [`Self::marks`] builds
    /// them from its claims as they are then.
    pub(super) fn reindex(&mut self, doc: &str, touched: &BTreeSet<ClaimId>) {
        let Some(marks) = self.docs.get_mut(doc).and_then(|e| e.marks.get_mut()) else {
            return;
        };
        let claims = touched
            .iter()
            .filter_map(|id| self.ws.project.claims().get(id));
        let new = marks_by_doc(claims).remove(doc).unwrap_or_default();
        marks.replace_claims(touched, new);
    }
}

/// What the session knows of one document's claims.
#[derive(Default)]
pub(super) struct DocIndex {
    /// Claims with a span here (their own or evidence), each once, in no
    /// particular order: a list rather than a set, because it is built in
    /// one pass and an edit finds its claim among even the 20,000 of a
    /// long article in well under a millisecond.
    pub(super) claims: Vec<ClaimId>,
    /// Built when the document is first shown (see [`Session::marks`]).
    pub(super) marks: std::cell::OnceCell<DocMarks>,
}

impl DocIndex {
    pub(super) fn insert(&mut self, id: &ClaimId) {
        if !self.claims.contains(id) {
            self.claims.push(id.clone());
        }
    }

    pub(super) fn remove(&mut self, id: &ClaimId) {
        if let Some(at) = self.claims.iter().position(|c| c == id) {
            self.claims.swap_remove(at);
        }
    }
}

/// What one walk over every claim finds when a session starts.
pub(super) struct Indexed {
    pub(super) docs: HashMap<String, DocIndex>,
    /// Evidence links in the project.
    pub(super) evidence: usize,
    /// Claims a merge flagged.
    pub(super) flagged: usize,
}

/// Which claims each document has; highlights are left for later.
pub(super) fn index_claims(ws: &Workspace) -> Indexed {
    // Claims walked in the order they lie in memory (the order they were
    // read from the file) rather than by id: at 100,000 claims the walk is
    // bound by cache misses, and this order took it from ~90 to ~55 ms.
    let mut claims: Vec<&Claim> = ws.project.claims().iter().collect();
    claims.sort_unstable_by_key(|c| std::ptr::from_ref(*c) as usize);
    let mut lists: HashMap<&str, Vec<ClaimId>> = HashMap::new();
    let (mut evidence, mut flagged) = (0, 0);
    for claim in claims {
        evidence += claim.evidence.len();
        flagged += usize::from(claim.conflict.is_some());
        for span in claim.spans() {
            let list = lists.entry(span.doc.as_str()).or_default();
            // A claim with two spans in one document is listed once; its
            // spans come one after the other.
            if list.last() != Some(&claim.id) {
                list.push(claim.id.clone());
            }
        }
    }
    let docs = lists
        .into_iter()
        .map(|(doc, claims)| {
            let entry = DocIndex {
                claims,
                marks: std::cell::OnceCell::new(),
            };
            (doc.to_owned(), entry)
        })
        .collect();
    Indexed {
        docs,
        evidence,
        flagged,
    }
}
