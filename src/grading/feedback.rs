//! Feedback files: one project per student holding the student's claims
//! and the key's, each marked found / wrong label / missed / extra
//! ([`Claim::feedback`]) with the key's explanation, so a student opens the
//! file in crosscheck and sees what the key expected, in place.

use std::collections::HashMap;

use super::Grade;
use crate::project::{Claim, ClaimId, Edit, EditError, Feedback, Label, Mark, Project, new_id};

/// The note a marked claim shows until the window has a grading view:
/// `[found] ` and the key's explanation, then the claim's own note (a
/// student's) — never the key claim's own note, which is the teacher's.
fn note(mark: Mark, explanation: &str, own: &str) -> String {
    let mut out = format!("[{}]", mark.name());
    for part in [explanation, own] {
        if !part.is_empty() {
            out.push(' ');
            out.push_str(part);
        }
    }
    out
}

fn explanation(claim: &Claim) -> String {
    claim
        .key_info
        .as_ref()
        .map(|k| k.explanation.clone())
        .unwrap_or_default()
}

/// The feedback project for one student, over the key's corpus at
/// `corpus_reference` (relative to where the file will be written).
/// `student` must be the project [`grade`](super::grade) saw.
pub fn feedback_project(
    key: &Project,
    student: &Project,
    grade: &Grade,
    corpus_reference: String,
) -> Result<Project, EditError> {
    let mut out = key.blank_like(corpus_reference);
    // A student may have added labels of their own: bring them along so
    // their claims keep them (without a key that would clash).
    for label in student.labels() {
        if out.label(&label.id).is_none() {
            let index = out.labels().len();
            let add = |l: Label| Edit::AddLabel { index, label: l };
            if out.apply(add(label.clone())).is_err() {
                out.apply(add(Label {
                    key: None,
                    ..label.clone()
                }))?;
            }
        }
    }
    let by_key: HashMap<&ClaimId, &super::Pair> = grade.pairs.iter().map(|p| (&p.key, p)).collect();
    let by_student: HashMap<&ClaimId, &super::Pair> =
        grade.pairs.iter().map(|p| (&p.student, p)).collect();
    let mark_of = |p: &super::Pair| {
        if p.label_correct == Some(false) {
            Mark::WrongLabel
        } else {
            Mark::Found
        }
    };
    // The key's claims keep their ids; a student's claim that happens to
    // share one (a copied file) gets a fresh id, and its partner points to it.
    let mut student_ids: HashMap<ClaimId, ClaimId> = HashMap::new();
    for claim in student.claims().iter() {
        let id = if key.claims().contains(&claim.id) {
            ClaimId(new_id("c"))
        } else {
            claim.id.clone()
        };
        student_ids.insert(claim.id.clone(), id);
    }
    let mut edits = Vec::new();
    for k in key.claims().sorted() {
        if k.span.detached {
            continue;
        }
        let text = explanation(k);
        let pair = by_key.get(&k.id);
        let mark = pair.map_or(Mark::Missed, |p| mark_of(p));
        let mut claim = k.clone();
        claim.note = note(mark, &text, "");
        claim.key_info = None;
        claim.feedback = Some(Box::new(Feedback {
            mark,
            from_key: true,
            bonus: !super::required(k),
            matched: pair.and_then(|p| student_ids.get(&p.student).cloned()),
            explanation: text,
        }));
        edits.push(Edit::AddClaim(Box::new(claim)));
    }
    let key_claims: HashMap<&ClaimId, &Claim> = key.claims().iter().map(|c| (&c.id, c)).collect();
    for s in student.claims().sorted() {
        let mut claim = s.clone();
        claim.id = student_ids
            .get(&s.id)
            .cloned()
            .unwrap_or_else(|| s.id.clone());
        claim.key_info = None;
        let pair = by_student.get(&s.id);
        if pair.is_some() || grade.extra_claims.contains(&s.id) {
            let partner = pair.and_then(|p| key_claims.get(&p.key).copied());
            let mark = pair.map_or(Mark::Extra, |p| mark_of(p));
            let text = partner.map(explanation).unwrap_or_default();
            claim.note = note(mark, &text, &s.note);
            claim.feedback = Some(Box::new(Feedback {
                mark,
                from_key: false,
                bonus: partner.is_some_and(|k| !super::required(k)),
                matched: pair.map(|p| p.key.clone()),
                explanation: text,
            }));
        } else {
            // Detached: left out of the grading, kept as the student wrote it.
            claim.feedback = None;
        }
        edits.push(Edit::AddClaim(Box::new(claim)));
    }
    out.apply(Edit::Batch(edits))?;
    Ok(out)
}
