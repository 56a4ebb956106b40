//! Showing a span beside another: evidence next to its claim, a detached
//! span, a link picked in the overview. Window state only.

use crate::app::CrosscheckApp;
use crate::app::nav;
use crate::project::ClaimId;

/// Opens the document of a span in the other pane, scrolls to it and
/// flashes it.
pub(super) fn reveal_span(
    app: &mut CrosscheckApp,
    ctx: &egui::Context,
    doc: &str,
    start: usize,
    end: usize,
    from_pane: usize,
) {
    let Some(index) = app
        .ctl
        .session()
        .and_then(|s| s.workspace().corpus.position(doc))
    else {
        app.ui.message = Some(format!("{doc} is not in the corpus any more"));
        return;
    };
    let pane = if app.ui.panes[from_pane].doc == index && !app.ui.split {
        from_pane
    } else {
        app.ui.split = true;
        1 - from_pane
    };
    nav::show_doc(&mut app.ui, pane, index);
    let now = ctx.input(|i| i.time);
    let view = &mut app.ui.panes[pane].view;
    view.scroll_to = Some(start);
    view.flash = Some((start, end, now + 1.6));
    ctx.request_repaint();
}

/// The pane showing the document `doc` of the selected claim (0 if neither
/// does).
fn claim_pane(app: &CrosscheckApp, doc: &str) -> usize {
    let Some(session) = app.ctl.session() else {
        return 0;
    };
    let index = session.workspace().corpus.position(doc);
    if app.ui.split && Some(app.ui.panes[1].doc) == index && Some(app.ui.panes[0].doc) != index {
        1
    } else {
        0
    }
}

/// The claim panel's evidence link: the span beside the claim.
pub(super) fn follow_evidence(
    app: &mut CrosscheckApp,
    ctx: &egui::Context,
    claim: &ClaimId,
    evidence: &str,
) {
    let Some((claim_doc, span)) = app.ctl.session().and_then(|s| {
        let c = s.claim(claim)?;
        Some((c.span.doc.clone(), c.evidence(evidence)?.span.clone()))
    }) else {
        return;
    };
    let from = claim_pane(app, &claim_doc);
    reveal_span(app, ctx, &span.doc, span.start, span.end, from);
}

/// The overview's link: the claim in the first pane, selected, and the
/// evidence beside it.
pub(super) fn follow_link(
    app: &mut CrosscheckApp,
    ctx: &egui::Context,
    claim_id: ClaimId,
    evidence: &str,
) {
    let Some(session) = app.ctl.session() else {
        return;
    };
    let Some(claim) = session.claim(&claim_id) else {
        return;
    };
    let Some(ev) = claim.evidence(evidence).cloned() else {
        return;
    };
    let (doc, start) = (claim.span.doc.clone(), claim.span.start);
    if let Some(index) = session.workspace().corpus.position(&doc) {
        nav::show_doc(&mut app.ui, 0, index);
        app.ui.panes[0].view.scroll_to = Some(start);
    }
    nav::select_claim(&mut app.ui, Some(claim_id));
    reveal_span(app, ctx, &ev.span.doc, ev.span.start, ev.span.end, 0);
}
