//! Every edit, applied and then undone with the inverse it returned, gives
//! back the identical project; failed edits change nothing.

use crosscheck::corpus::{Corpus, Document};
use crosscheck::project::{
    AnswerKey, Claim, ClaimChange, ClaimId, Edit, EditError, Evidence, KeyInfo, Label, Project,
    Rubric, Span, sync_with_corpus,
};
use proptest::prelude::*;

fn doc() -> Document {
    Document::new(
        "a.txt",
        "Hampshire Constabulary said it sent firearms officers 🚓 to London; \
         the Met said no such request was made. Überraschung!",
    )
}

fn base_project() -> Project {
    let doc = doc();
    let mut p = Project::new(".");
    sync_with_corpus(
        &mut p,
        &Corpus::from_parts(".".into(), vec![doc.clone()], vec![]),
    );
    for (i, (s, e)) in [(0, 9), (10, 22), (40, 57)].into_iter().enumerate() {
        let mut c = Claim::new(
            Span::from_document(&doc, s, e).unwrap(),
            Some("agrees".into()),
            "ana",
            "t0",
        );
        c.id = ClaimId(format!("c{i}"));
        c.evidence.push(Evidence {
            id: format!("e{i}"),
            span: Span::from_document(&doc, 70, 80).unwrap(),
            relation: "contradicts".into(),
            annotator: "ana".into(),
            created: "t0".into(),
        });
        p.apply(Edit::AddClaim(Box::new(c))).unwrap();
    }
    p
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    let claim_id = (0usize..4).prop_map(|i| ClaimId(format!("c{i}")));
    let label = prop_oneof![
        Just(None),
        Just(Some("agrees".to_string())),
        Just(Some("contradicts".to_string())),
        Just(Some("no-such-label".to_string())),
    ];
    let span = (0usize..100, 1usize..20).prop_filter_map("in text", |(s, len)| {
        Span::from_document(&doc(), s, s + len)
    });
    let change = prop_oneof![
        (label.clone(), any::<bool>()).prop_map(|(label, from_evidence)| ClaimChange::Label {
            label,
            from_evidence
        }),
        "[a-zé🚓 ]{0,10}".prop_map(ClaimChange::Note),
        span.clone().prop_map(ClaimChange::Span),
        (0usize..3, span.clone(), 0usize..4).prop_map(|(index, span, n)| {
            ClaimChange::InsertEvidence {
                index,
                evidence: Evidence {
                    id: format!("e{n}"),
                    span,
                    relation: "agrees".into(),
                    annotator: "ben".into(),
                    created: "t1".into(),
                },
            }
        }),
        (0usize..4).prop_map(|n| ClaimChange::RemoveEvidence(format!("e{n}"))),
        (
            0usize..4,
            prop_oneof![Just("agrees"), Just("unverified"), Just("bad")]
        )
            .prop_map(|(n, r)| ClaimChange::EvidenceRelation {
                id: format!("e{n}"),
                relation: r.into()
            }),
        (0usize..4, span.clone()).prop_map(|(n, span)| ClaimChange::EvidenceSpan {
            id: format!("e{n}"),
            span
        }),
        prop::option::of((any::<bool>(), "[a-z ]{0,8}")).prop_map(|info| ClaimChange::KeyInfo(
            info.map(|(required, explanation)| KeyInfo {
                required,
                explanation
            })
        )),
    ];
    let single = prop_oneof![
        (claim_id.clone(), change, "t[0-9]").prop_map(|(id, change, modified)| {
            Edit::UpdateClaim {
                id,
                change,
                modified,
            }
        }),
        claim_id.clone().prop_map(Edit::RemoveClaim),
        (span, label, 0usize..5).prop_map(|(span, label, n)| {
            let mut c = Claim::new(span, label, "ben", "t2");
            c.id = ClaimId(format!("c{n}"));
            Edit::AddClaim(Box::new(c))
        }),
        any::<bool>().prop_map(|done| Edit::SetDone {
            doc: "a.txt".into(),
            done
        }),
        any::<bool>().prop_map(|done| Edit::SetDone {
            doc: "missing.txt".into(),
            done
        }),
        (0usize..5).prop_map(|index| Edit::AddLabel {
            index,
            label: Label::new("disputed", "Disputed", "#cc79a7", Some('4')),
        }),
        prop_oneof![Just("agrees"), Just("unverified"), Just("disputed")]
            .prop_map(|l| Edit::RemoveLabel(l.into())),
        // Label edits: rename, recolour, rekey (clashing or not), remap,
        // reorder, guidelines; some must be refused.
        (
            prop_oneof![Just("agrees"), Just("unverified"), Just("disputed")],
            "[A-Za-zé ]{0,8}",
            prop_oneof![Just("#112233"), Just("#d55e00"), Just("red")],
            prop_oneof![
                Just(None),
                Just(Some('1')),
                Just(Some('7')),
                Just(Some('n'))
            ],
            prop_oneof![
                Just(None),
                Just(Some("REFUTES")),
                Just(Some("")),
                Just(Some("TRUE"))
            ],
        )
            .prop_map(|(id, name, color, key, fever)| {
                let mut label = Label::new(id, &name, color, key);
                label.fever = fever.map(str::to_owned);
                Edit::UpdateLabel {
                    id: id.to_owned(),
                    label,
                }
            }),
        (
            prop_oneof![Just("agrees"), Just("contradicts"), Just("disputed")],
            0usize..5
        )
            .prop_map(|(id, index)| Edit::MoveLabel {
                id: id.into(),
                index
            }),
        "[a-z# \n]{0,12}".prop_map(Edit::SetGuidelines),
        prop::option::of(("[a-z \n]{0,8}", prop::option::of(0u32..4))).prop_map(|key| {
            Edit::SetAnswerKey(key.map(|(instructions, points)| AnswerKey {
                instructions,
                rubric: points.map(|p| Rubric {
                    points_found: p,
                    ..Rubric::default()
                }),
            }))
        }),
    ];
    single.prop_recursive(2, 12, 4, |inner| {
        prop::collection::vec(inner, 0..4).prop_map(Edit::Batch)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn inverse_restores_the_project(edits in prop::collection::vec(arb_edit(), 1..8)) {
        let mut project = base_project();
        for edit in edits {
            let before = project.clone();
            match project.apply(edit) {
                Ok(inverse) => {
                    let after = project.clone();
                    let redo = project.apply(inverse).expect("inverse applies");
                    prop_assert_eq!(&project, &before);
                    // Redoing gives back the edited state.
                    project.apply(redo).expect("redo applies");
                    prop_assert_eq!(&project, &after);
                }
                Err(_) => prop_assert_eq!(&project, &before, "failed edit changed the project"),
            }
        }
    }
}

#[test]
fn unknown_label_is_refused() {
    let mut p = base_project();
    let err = p
        .apply(Edit::UpdateClaim {
            id: ClaimId("c0".into()),
            change: ClaimChange::Label {
                label: Some("maybe".into()),
                from_evidence: false,
            },
            modified: "t9".into(),
        })
        .unwrap_err();
    assert_eq!(err, EditError::UnknownLabel("maybe".into()));
}

#[test]
fn label_in_use_cannot_be_removed() {
    let mut p = base_project();
    assert_eq!(
        p.apply(Edit::RemoveLabel("agrees".into())),
        Err(EditError::LabelInUse("agrees".into()))
    );
    assert!(p.apply(Edit::RemoveLabel("unverified".into())).is_ok());
}

#[test]
fn overlapping_claims_are_allowed() {
    let mut p = base_project();
    let c = Claim::new(
        Span::from_document(&doc(), 5, 15).unwrap(),
        None,
        "ben",
        "t",
    );
    p.apply(Edit::AddClaim(Box::new(c))).unwrap();
    assert_eq!(p.claims_in("a.txt").len(), 4);
}

#[test]
fn removing_a_used_label_relabels_or_unlabels_its_claims() {
    use crosscheck::project::schemes::{Orphans, remove_label};
    let mut p = base_project();
    let (claims, links) = p.label_uses("agrees");
    assert!(claims > 0, "the base project uses agrees");
    // Evidence links need a relation: unlabelling is refused when one uses it.
    let edit = remove_label(&p, "agrees", &Orphans::Relabel("unverified".into())).unwrap();
    let before = p.clone();
    let undo = p.apply(edit).unwrap();
    assert!(p.label("agrees").is_none());
    assert_eq!(
        p.label_uses("unverified").0,
        before.label_uses("unverified").0 + claims
    );
    assert_eq!(
        p.label_uses("unverified").1,
        before.label_uses("unverified").1 + links
    );
    p.apply(undo).unwrap();
    assert_eq!(p, before, "one undo brings label and claims back");

    let mut q = base_project();
    let used = q.label_uses("contradicts");
    match remove_label(&q, "contradicts", &Orphans::Unlabel) {
        Ok(edit) => {
            assert_eq!(used.1, 0, "unlabelling is only offered without links");
            q.apply(edit).unwrap();
            assert!(
                q.claims()
                    .iter()
                    .all(|c| c.label.as_deref() != Some("contradicts"))
            );
        }
        Err(err) => assert!(used.1 > 0, "{err}"),
    }
}

#[test]
fn a_template_replaces_the_scheme_in_one_undoable_step() {
    use crosscheck::project::schemes::{Orphans, going_labels, replace_labels, template};
    let mut p = base_project();
    let fnc = template("fnc1").unwrap();
    let (going, claims, _) = going_labels(&p, &fnc);
    assert_eq!(going.len(), p.labels().len(), "no default id is in FNC-1");
    assert!(claims > 0);
    let before = p.clone();
    let edit = replace_labels(&p, &fnc, &Orphans::Relabel("discuss".into()), None).unwrap();
    let undo = p.apply(edit).unwrap();
    let ids: Vec<&str> = p.labels().iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["agree", "disagree", "discuss", "unrelated"]);
    assert_eq!(p.label_uses("discuss").0, claims);
    p.apply(undo).unwrap();
    assert_eq!(p, before);
}
