use super::highlights::{DocMarks, marks_by_doc};
use super::*;
use crate::corpus::{Corpus, Document};
use crate::project::Project;
use crate::project::{self, Claim, ClaimId, Edit, Evidence, Span};
use crate::workspace::Workspace;
use proptest::prelude::*;

const DOCS: [&str; 3] = ["a.txt", "b.txt", "c.txt"];

#[derive(Clone, Debug)]
enum Op {
    /// Draw the document (builds its highlights if not built yet).
    Show(usize),
    Add(usize, usize, usize, usize, Option<(usize, usize)>),
    Remove(usize),
    MoveSpan(usize, usize, usize),
    AddEvidence(usize, usize, usize),
    Relabel(usize, usize),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize).prop_map(Op::Show),
        (
            0..3usize,
            0..150usize,
            1..40usize,
            0..3usize,
            prop::option::of((0..3usize, 0..150usize))
        )
            .prop_map(|(d, s, l, lab, ev)| Op::Add(d, s, l, lab, ev)),
        any::<usize>().prop_map(Op::Remove),
        (any::<usize>(), 0..150usize, 1..40usize).prop_map(|(k, s, l)| Op::MoveSpan(k, s, l)),
        (any::<usize>(), 0..3usize, 0..150usize).prop_map(|(k, d, s)| Op::AddEvidence(k, d, s)),
        (any::<usize>(), 0..3usize).prop_map(|(k, l)| Op::Relabel(k, l)),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

/// A session over three small documents; its project path (and so its
/// edit journal) is in a temporary folder that lives as long as it.
fn session(initial: &[(usize, usize, usize)]) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let text = "Police said officers were sent to London on Tuesday after a report. ".repeat(3);
    let docs: Vec<Document> = DOCS
        .iter()
        .map(|d| Document::new(*d, text.clone()))
        .collect();
    let corpus = Corpus::from_parts(".".into(), docs.clone(), Vec::new());
    let mut project = Project::new(".");
    project::sync_with_corpus(&mut project, &corpus);
    for (i, &(d, start, len)) in initial.iter().enumerate() {
        let span = Span::from_document(&docs[d], start, start + len).unwrap();
        let mut claim = Claim::new(span, Some("agrees".into()), "t", "2026-01-01T00:00:00Z");
        let ev = Span::from_document(&docs[(d + 1) % 3], start, start + 5).unwrap();
        claim.evidence.push(Evidence {
            id: format!("e{i}"),
            span: ev,
            relation: "contradicts".into(),
            annotator: "t".into(),
            created: "2026-01-01T00:00:00Z".into(),
        });
        project.apply(Edit::AddClaim(Box::new(claim))).unwrap();
    }
    let ws = Workspace {
        corpus,
        project,
        project_path: dir.path().join("unused.ron"),
        report: Default::default(),
        is_new: false,
        journal: Default::default(),
    };
    (dir, Session::new(ws, "t"))
}

/// The index as it was built before it was lazy: every span of every
/// claim, indexed up front.
fn eager(session: &Session, doc: &str) -> DocMarks {
    let all = marks_by_doc(session.ws.project.claims().iter());
    DocMarks::new(all.get(doc).cloned().unwrap_or_default())
}

fn nth_claim(session: &Session, k: usize) -> Option<ClaimId> {
    let claims = session.ws.project.claims();
    let n = claims.len();
    (n > 0).then(|| claims.iter().nth(k % n).map(|c| c.id.clone()))?
}

fn run(session: &mut Session, op: Op, t: f64) {
    const LABELS: [&str; 3] = ["agrees", "contradicts", "unverified"];
    // Edits that the project refuses (a span past the end, …) are part
    // of the test too: a refused edit must leave the index as it was.
    let _ = match op {
        Op::Show(d) => {
            let _ = session.marks(DOCS[d]);
            Ok(())
        }
        Op::Add(d, s, l, lab, ev) => session
            .create_claim(DOCS[d], s, s + l, Some(LABELS[lab]), t)
            .and_then(|id| match ev {
                Some((e, es)) => session
                    .link_evidence(&id, DOCS[e], es, es + 4, "agrees", t)
                    .map(|_| ()),
                None => Ok(()),
            }),
        Op::Remove(k) => match nth_claim(session, k) {
            Some(id) => session.delete_claim(&id, t),
            None => Ok(()),
        },
        Op::MoveSpan(k, s, l) => match nth_claim(session, k) {
            Some(id) => session.set_span(&id, s, s + l, t),
            None => Ok(()),
        },
        Op::AddEvidence(k, d, s) => match nth_claim(session, k) {
            Some(id) => session
                .link_evidence(&id, DOCS[d], s, s + 7, "contradicts", t)
                .map(|_| ()),
            None => Ok(()),
        },
        Op::Relabel(k, l) => match nth_claim(session, k) {
            Some(id) => session.set_label(&id, LABELS[l], t),
            None => Ok(()),
        },
        Op::Undo => {
            session.undo(t);
            Ok(())
        }
        Op::Redo => {
            session.redo(t);
            Ok(())
        }
    };
}

proptest! {
    #[test]
    fn lazy_index_equals_eager_index_after_edits(
        initial in prop::collection::vec((0..3usize, 0..150usize, 1..40usize), 0..12),
        ops in prop::collection::vec(op(), 0..40),
    ) {
        let (_dir, mut session) = session(&initial);
        for (i, op) in ops.into_iter().enumerate() {
            run(&mut session, op, i as f64);
        }
        for doc in DOCS {
            let expected = eager(&session, doc);
            match session.marks(doc) {
                Some(lazy) => prop_assert_eq!(lazy, &expected, "{}", doc),
                None => prop_assert!(expected.all().is_empty(), "{} has marks", doc),
            }
        }
    }
}

#[test]
fn nothing_is_indexed_before_it_is_shown() {
    let (_dir, session) = session(&[(0, 3, 10), (1, 20, 5)]);
    assert!(session.docs.values().all(|e| e.marks.get().is_none()));
    let marks = session.marks("a.txt").unwrap();
    assert_eq!(marks.claim_count(), 1);
    assert!(session.docs["a.txt"].marks.get().is_some());
    assert!(session.docs["c.txt"].marks.get().is_none());
}

#[test]
fn the_undo_menu_names_what_was_done_not_its_inverse() {
    let (_dir, mut session) = session(&[]);
    let id = session
        .create_claim(DOCS[0], 0, 3, Some("agrees"), 1.0)
        .unwrap();
    assert_eq!(session.undo_description(), Some("add claim"));
    session.delete_claim(&id, 2.0).unwrap();
    assert_eq!(session.undo_description(), Some("delete claim"));
    session.undo(3.0);
    assert_eq!(session.redo_description(), Some("delete claim"));
    assert_eq!(session.undo_description(), Some("add claim"));
}
