//! Edits of the project the views ask for, each one undoable step.

use crate::app::nav::{select_claim, show_doc};
use crate::app::{CrosscheckApp, UiState};
use crate::project::label_change::LabelChange;
use crate::project::schemes::Orphans;
use crate::project::{ClaimChange, ClaimId, Edit, Span};

pub(super) fn report(app: &mut CrosscheckApp, result: Result<(), crate::project::EditError>) {
    if let Err(err) = result {
        app.ui.message = Some(err.to_string());
    }
}

pub(super) fn clear_highlights(ui: &mut UiState) {
    for pane in &mut ui.panes {
        pane.view.selection = None;
    }
}

pub(super) fn set_label(app: &mut CrosscheckApp, claim: &ClaimId, label: &str, now: f64) {
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    let result = session.set_label(claim, label, now);
    report(app, result);
}

pub(super) fn set_note(app: &mut CrosscheckApp, claim: &ClaimId, note: String, now: f64) {
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    let result = session.set_note(claim, note, now);
    report(app, result);
}

pub(super) fn set_span(
    app: &mut CrosscheckApp,
    claim: &ClaimId,
    start: usize,
    end: usize,
    now: f64,
) {
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    let result = session.set_span(claim, start, end, now);
    report(app, result);
}

/// One change to one claim (evidence removed or relabelled, a merge's
/// conflict flag cleared).
pub(super) fn update(app: &mut CrosscheckApp, claim: &ClaimId, change: ClaimChange, now: f64) {
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    let result = session.update(claim, change, now);
    report(app, result);
}

/// An evidence span moved to `doc[range]` (its span edited in place).
pub(super) fn repoint_evidence(
    app: &mut CrosscheckApp,
    claim: &ClaimId,
    evidence: String,
    doc: &str,
    range: std::ops::Range<usize>,
    now: f64,
) {
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    let span = session
        .workspace()
        .corpus
        .get(doc)
        .and_then(|d| Span::from_document(d, range.start, range.end));
    if let Some(span) = span {
        let change = ClaimChange::EvidenceSpan { id: evidence, span };
        let result = session.update(claim, change, now);
        report(app, result);
        clear_highlights(&mut app.ui);
    }
}

pub(super) fn delete_claim(app: &mut CrosscheckApp, claim: &ClaimId, now: f64) {
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    let result = session.delete_claim(claim, now);
    if result.is_ok() && app.ui.selected.as_ref() == Some(claim) {
        app.ui.selected = None;
    }
    report(app, result);
}

pub(super) fn toggle_done(app: &mut CrosscheckApp, doc: &str, now: f64) {
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    let result = session.toggle_done(doc, now);
    report(app, result);
}

pub(super) fn accept_proposal(app: &mut CrosscheckApp, now: f64) {
    if let (Some(proposal), Some(session)) = (app.ui.proposal.take(), &mut app.ctl.session) {
        let result = session.accept_proposal(&proposal, now);
        report(app, result);
    }
}

pub(super) fn set_annotator(app: &mut CrosscheckApp, name: String) {
    app.settings.annotator = name;
    let annotator = app.annotator();
    if let Some(session) = &mut app.ctl.session {
        session.set_annotator(annotator);
    }
    app.remember_settings();
}

/// A prepared edit (the labels window, …) as one undoable step.
pub(super) fn apply(app: &mut CrosscheckApp, edit: Edit, now: f64) {
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    // Dragging a colour makes an edit a frame: one undo step.
    let result = if matches!(edit, Edit::UpdateLabel { .. }) {
        session.apply_merging(edit, now)
    } else {
        session.apply(edit, now)
    };
    report(app, result);
}

/// Selects a claim and shows it in the active pane.
pub(super) fn select_and_show(app: &mut CrosscheckApp, id: ClaimId) {
    let place = app.ctl.session.as_ref().and_then(|s| {
        let c = s.claim(&id)?;
        Some((s.workspace().corpus.position(&c.span.doc)?, c.span.start))
    });
    if let Some((index, start)) = place {
        let pane = app.ui.active;
        show_doc(&mut app.ui, pane, index);
        app.ui.panes[pane].view.scroll_to = Some(start);
        select_claim(&mut app.ui, Some(id));
    }
}

/// A label removed or the scheme replaced, claims that lose their label
/// getting `orphans`.
pub(super) fn change_labels(
    app: &mut CrosscheckApp,
    change: LabelChange,
    orphans: &Orphans,
    now: f64,
) {
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    let edit = change.edit(&session.workspace().project, orphans);
    let result = edit.and_then(|edit| session.apply(edit, now));
    report(app, result);
}
