//! What the classroom commands (`grade`, `handout`, `key`) share. The rule
//! and the scores are in [`crate::grading`].

use std::path::Path;

use super::open::{open, warn_unclean};
use super::output::Failure;
use crate::grading::GradeError;
use crate::project::Rubric;
use crate::workspace::Workspace;

/// Opens the answer key and checks that it is one, with claims.
pub(super) fn open_key(path: &Path, need_claims: bool) -> Result<Workspace, Failure> {
    let ws = open(path)?;
    let shown = path.display().to_string();
    if ws.project.answer_key().is_none() {
        return Err(Failure::Message(GradeError::NotAKey(shown).to_string()));
    }
    let in_place = ws
        .project
        .claims()
        .iter()
        .filter(|c| !c.span.detached)
        .count();
    if need_claims && in_place == 0 {
        return Err(Failure::Message(GradeError::EmptyKey(shown).to_string()));
    }
    warn_unclean(&ws.report);
    Ok(ws)
}

/// The rubric in words, for the grade report and `crosscheck key`.
pub(super) fn rubric_line(r: &Rubric) -> String {
    format!(
        "{} points per key claim found, {} per found claim with the key's label, {} per key \
         evidence link found, minus {} per extra claim; never below 0. Bonus claims earn points \
         but are not part of the maximum.",
        r.points_found, r.points_label, r.points_evidence, r.penalty_extra
    )
}
