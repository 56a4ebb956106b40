//! View › Detached spans: claims and evidence whose articles changed or
//! vanished, to show, re-point to a highlight, or delete.

use egui::RichText;

use crate::app::action::Action;
use crate::project::ClaimId;
use crate::session::Session;
use crate::text::bidi;

/// The window: open or not, and its rows, built once per project version.
#[derive(Default)]
pub struct DetachedWindow {
    pub open: bool,
    rows: Option<(u64, std::sync::Arc<Vec<DetachedRow>>)>,
}

struct DetachedRow {
    claim: ClaimId,
    evidence: Option<String>,
    doc: String,
    start: usize,
    quote: String,
    doc_exists: bool,
}

/// Spans whose articles changed or vanished: re-point or delete each.
impl DetachedWindow {
    /// Draws the window while it is open. `highlights` are the panes'
    /// highlights as (document, start, end): a detached span of that
    /// document can be re-pointed to one.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        highlights: &[(String, (usize, usize))],
        actions: &mut Vec<Action>,
    ) {
        if !self.open {
            return;
        }
        let ws = session.workspace();
        let version = session.version();
        let rows = match &self.rows {
            Some((v, rows)) if *v == version => rows.clone(),
            _ => {
                let mut rows = Vec::new();
                for claim in ws.project.claims().sorted() {
                    let spans = std::iter::once((None, &claim.span))
                        .chain(claim.evidence.iter().map(|e| (Some(e.id.clone()), &e.span)));
                    for (evidence, span) in spans.filter(|(_, s)| s.detached) {
                        rows.push(DetachedRow {
                            claim: claim.id.clone(),
                            evidence,
                            doc: span.doc.clone(),
                            start: span.start,
                            quote: span.quote.clone(),
                            doc_exists: ws.corpus.get(&span.doc).is_some(),
                        });
                    }
                }
                let rows = std::sync::Arc::new(rows);
                self.rows = Some((version, rows.clone()));
                rows
            }
        };
        let highlight = highlights;
        let mut open = true;
        let mut action: Option<(usize, &'static str)> = None;
        egui::Window::new(format!("Detached spans ({})", rows.len()))
        // The title holds the count; the id must not change with it.
        .id(egui::Id::unique("detached_spans_window"))
        .default_pos([300.0, 70.0])
        .open(&mut open)
        .default_width(460.0)
        .show(ctx, |ui| {
            if rows.is_empty() {
                ui.label("Every claim and evidence span is in place.");
            } else {
                ui.label("These spans' articles changed or vanished and their text was not found again. They are kept until you re-point or delete them. To re-point: click Show, highlight the text where it is now, then click Re-point.");
            }
            let row_height = ui.text_style_height(&egui::TextStyle::Body) * 4.6;
            egui::ScrollArea::vertical().max_height(420.0).show_rows(
                ui,
                row_height,
                rows.len(),
                |ui, range| {
                    for i in range {
                        let row = &rows[i];
                        ui.separator();
                        let what = if row.evidence.is_some() { "Evidence" } else { "Claim" };
                        let missing = if row.doc_exists { "" } else { " (document missing)" };
                        ui.label(RichText::new(format!("{what} in {}{missing}", row.doc)).strong());
                        let quote: String = row.quote.chars().take(200).collect();
                        let quote = bidi::display_order(&quote);
                        ui.add(egui::Label::new(RichText::new(format!("“{quote}”")).italics()).truncate());
                        ui.horizontal(|ui| {
                            if ui.add_enabled(row.doc_exists, egui::Button::new("Show")).clicked() {
                                action = Some((i, "show"));
                            }
                            let can_repoint = highlight.iter().any(|(d, _)| d == &row.doc);
                            if ui
                                .add_enabled(can_repoint, egui::Button::new("Re-point to highlight"))
                                .on_disabled_hover_text("Highlight the new place of this text first")
                                .clicked()
                            {
                                action = Some((i, "repoint"));
                            }
                            if ui.button("Delete").clicked() {
                                action = Some((i, "delete"));
                            }
                        });
                    }
                },
            );
        });
        self.open = open;
        let Some((i, what)) = action else { return };
        let row = &rows[i];
        match what {
            "show" => actions.push(Action::RevealSpan {
                doc: row.doc.clone(),
                start: row.start,
                end: row.start + 1,
            }),
            "repoint" => {
                let Some((_, (start, end))) =
                    highlight.iter().find(|(d, _)| d == &row.doc).cloned()
                else {
                    return;
                };
                let action = match &row.evidence {
                    None => Action::SetSpan {
                        claim: row.claim.clone(),
                        start,
                        end,
                    },
                    Some(ev) => Action::RepointEvidence {
                        claim: row.claim.clone(),
                        evidence: ev.clone(),
                        doc: row.doc.clone(),
                        start,
                        end,
                    },
                };
                actions.push(action);
                actions.push(Action::ClearHighlights);
            }
            _ => {
                let action = match &row.evidence {
                    None => Action::DeleteClaim(row.claim.clone()),
                    Some(ev) => Action::RemoveEvidence {
                        claim: row.claim.clone(),
                        evidence: ev.clone(),
                    },
                };
                actions.push(action);
            }
        }
    }
}
