//! Key intake: the frame's keys taken before egui sees them, and what the
//! label keys, Enter and the span-edge keys do.

use super::edits::report;
use crate::app::CrosscheckApp;
use crate::app::action::Action;
use crate::app::command::{KeyContext, LabelKey, Pressed};
use crate::app::nav::linking_target;
use crate::text::edge_step;

/// Takes this frame's keys out of the input before egui's focus
/// traversal sees them. Called from `raw_input_hook` in a real window and
/// again at the start of the frame (headless tests have no hook).
pub fn take_keys(app: &mut CrosscheckApp, ctx: &egui::Context, events: &mut Vec<egui::Event>) {
    let cx = KeyContext {
        typing: ctx.text_edit_focused(),
        blocked: app.name_prompt.is_some()
            || app.open_error.is_some()
            || app.ui.labels.question.is_some()
            || app.ctl.asks_about_unsaved().is_some()
            || app.ctl.shared_open_pending(),
    };
    let label_keys = app
        .ctl
        .session
        .as_ref()
        .map(|s| crate::app::command::label_keys(s.workspace().project.labels()))
        .unwrap_or_default();
    let Pressed { commands, labels } = crate::app::command::take_commands(events, cx, &label_keys);
    app.ui
        .actions
        .extend(commands.into_iter().map(Action::Command));
    app.ui
        .actions
        .extend(labels.into_iter().map(Action::LabelKey));
}

pub(super) fn change_font(app: &mut CrosscheckApp, delta: f32) {
    app.settings.font_size = (app.settings.font_size + delta).clamp(10.0, 40.0);
    app.remember_settings();
}

/// Enter: accept a proposed label, or make the highlight a claim.
pub(super) fn confirm(app: &mut CrosscheckApp, now: f64) {
    if app.ui.proposal.is_some() {
        if let (Some(proposal), Some(session)) = (app.ui.proposal.take(), &mut app.ctl.session) {
            let result = session.accept_proposal(&proposal, now);
            report(app, result);
        }
        return;
    }
    let pane = app.ui.active;
    let (Some((start, end)), Some(doc)) = (
        app.ui.panes[pane].view.selection,
        app.pane_doc(pane).map(|d| d.id.clone()),
    ) else {
        return;
    };
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    match session.create_claim(&doc, start, end, None, now) {
        Ok(id) => {
            app.ui.panes[pane].view.selection = None;
            app.ui.selected = Some(id);
        }
        Err(err) => app.ui.message = Some(err.to_string()),
    }
}

/// A label key: label the highlight (or link it), else relabel the claim.
pub(super) fn label_key(app: &mut CrosscheckApp, key: LabelKey, now: f64) {
    let pane = app.ui.active;
    let (label, link) = match key {
        LabelKey::Label(label) => (label, true),
        LabelKey::NewClaim(label) => (label, false),
    };
    if app.ui.panes[pane].view.selection.is_some() {
        label_selection(app, pane, &label, link, now);
    } else if let (Some(id), Some(session)) = (app.ui.selected.clone(), &mut app.ctl.session) {
        let result = session.set_label(&id, &label, now);
        report(app, result);
    }
}

/// Turns the pending selection of `pane` into a claim with `label`, or (when
/// `link`) into evidence for the selected claim.
pub(super) fn label_selection(
    app: &mut CrosscheckApp,
    pane: usize,
    label: &str,
    link: bool,
    now: f64,
) {
    let Some((start, end)) = app.ui.panes[pane].view.selection else {
        return;
    };
    let Some(doc) = app.pane_doc(pane).map(|d| d.id.clone()) else {
        return;
    };
    let target = match (&app.ctl.session, link) {
        (Some(session), true) => linking_target(&app.ui, session, pane),
        _ => None,
    };
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    match target {
        Some(claim) => match session.link_evidence(&claim, &doc, start, end, label, now) {
            Ok(proposal) => {
                app.ui.panes[pane].view.selection = None;
                app.ui.proposal = proposal;
            }
            Err(err) => app.ui.message = Some(err.to_string()),
        },
        None => match session.create_claim(&doc, start, end, Some(label), now) {
            Ok(id) => {
                app.ui.panes[pane].view.selection = None;
                app.ui.selected = Some(id);
                app.ui.message = None;
            }
            Err(err) => app.ui.message = Some(err.to_string()),
        },
    }
}

/// Shift+arrows: move an edge of the highlight, or of the selected claim, by a word.
pub(super) fn move_edge(app: &mut CrosscheckApp, start_edge: bool, forward: bool, now: f64) {
    let pane = app.ui.active;
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    let Some(doc) = session
        .workspace()
        .corpus
        .documents
        .get(app.ui.panes[pane].doc)
    else {
        return;
    };
    // Right and left are on screen: in a right-to-left paragraph "right"
    // moves towards the start of the text.
    let view = &app.ui.panes[pane].view;
    let span = view.selection.or_else(|| {
        let id = app.ui.selected.as_ref()?;
        let claim = session.claim(id).filter(|c| c.span.doc == doc.id)?;
        Some((claim.span.start, claim.span.end))
    });
    let rtl = span.is_some_and(|(s, e)| {
        let edge = if start_edge { s } else { e.saturating_sub(1) };
        view.reads_rtl_at(&doc.text, edge)
    });
    let forward = forward != rtl;
    let step = |pos: usize| edge_step(&doc.text, &doc.map, pos, forward, start_edge);
    let shift = |(s, e): (usize, usize)| -> Option<(usize, usize)> {
        let (s, e) = if start_edge {
            (step(s), e)
        } else {
            (s, step(e))
        };
        (s < e).then_some((s, e))
    };
    if let Some(sel) = app.ui.panes[pane].view.selection {
        if let Some(new) = shift(sel) {
            app.ui.panes[pane].view.selection = Some(new);
        }
        return;
    }
    let Some(id) = app.ui.selected.clone() else {
        return;
    };
    let target = session
        .claim(&id)
        .filter(|c| c.span.doc == doc.id)
        .and_then(|c| shift((c.span.start, c.span.end)));
    if let Some((s, e)) = target {
        let result = session.set_span(&id, s, e, now);
        report(app, result);
    }
}
