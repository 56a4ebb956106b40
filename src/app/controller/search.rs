//! What the search panel and the suggestions ask for: a result or a
//! suggestion opened (beside the selected claim when there is one) or
//! linked to it.

use super::keys::label_selection;
use super::reveal::reveal_span;
use crate::app::CrosscheckApp;
use crate::app::action::SearchAction;

/// Alt+Down / Alt+Up: opens the next (previous) suggestion beside the
/// claim, highlighted, so one label key links it.
pub(super) fn step_suggestion(app: &mut CrosscheckApp, ctx: &egui::Context, forward: bool) {
    let Some(found) = app.ui.search.live.last_suggestions() else {
        return;
    };
    if found.is_empty() || app.ui.selected.is_none() {
        return;
    }
    let n = found.len();
    let next = match app.ui.search.current {
        None if forward => 0,
        None => n - 1,
        Some(i) if forward => (i + 1) % n,
        Some(i) => (i + n - 1) % n,
    };
    let s = &found[next];
    let action = SearchAction::Open {
        doc: s.doc,
        start: s.start,
        end: s.end,
        highlight: true,
    };
    app.ui.search.current = Some(next);
    run_search(app, ctx, action);
}

/// The pane showing the selected claim's document, if any.
fn claim_pane(app: &CrosscheckApp) -> Option<usize> {
    let session = app.ctl.session()?;
    let claim = session.claim(app.ui.selected.as_ref()?)?;
    let index = session.workspace().corpus.position(&claim.span.doc)?;
    if app.ui.panes[0].doc == index {
        Some(0)
    } else if app.ui.split && app.ui.panes[1].doc == index {
        Some(1)
    } else {
        Some(0)
    }
}

/// Carries out a [`SearchAction`].
pub(super) fn run_search(app: &mut CrosscheckApp, ctx: &egui::Context, action: SearchAction) {
    match action {
        SearchAction::Open {
            doc,
            start,
            end,
            highlight,
        } => {
            let Some(id) = app
                .ctl
                .session()
                .and_then(|s| s.workspace().corpus.documents.get(doc))
                .map(|d| d.id.clone())
            else {
                return;
            };
            match claim_pane(app) {
                Some(from) => {
                    let was_split = app.ui.split;
                    reveal_span(app, ctx, &id, start, end, from);
                    // The claim's pane just became half as wide and reflowed:
                    // keep the claim in view beside its evidence.
                    let claim_start = app
                        .ui
                        .selected
                        .as_ref()
                        .and_then(|c| app.ctl.session()?.claim(c))
                        .map(|c| c.span.start);
                    if !was_split && app.ui.split && app.ui.active != from {
                        app.ui.panes[from].view.scroll_to = claim_start;
                    }
                }
                None => {
                    let pane = app.ui.active;
                    crate::app::nav::show_doc(&mut app.ui, pane, doc);
                    let now = ctx.input(|i| i.time);
                    let view = &mut app.ui.panes[pane].view;
                    view.scroll_to = Some(start);
                    view.flash = Some((start, end, now + 1.6));
                    ctx.request_repaint();
                }
            }
            if highlight {
                let pane = app.ui.active;
                app.ui.panes[pane].view.selection = Some((start, end));
            }
        }
        SearchAction::Link {
            doc,
            start,
            end,
            relation,
        } => {
            let Some(from) = claim_pane(app) else {
                app.ui.message = Some("Select a claim first".into());
                return;
            };
            run_search(
                app,
                ctx,
                SearchAction::Open {
                    doc,
                    start,
                    end,
                    highlight: true,
                },
            );
            let pane = app.ui.active;
            if pane == from || !app.ui.split {
                // Never make a new claim out of a suggestion.
                app.ui.message = Some("Open the suggestion beside the claim to link it".into());
                return;
            }
            let now = ctx.input(|i| i.time);
            label_selection(app, pane, &relation, true, now);
        }
    }
}
