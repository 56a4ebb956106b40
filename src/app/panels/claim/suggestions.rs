//! Suggested evidence under the selected claim: sentences of other
//! articles, each to open side by side or link with a relation
//! (docs/evidence-and-search.md). Nothing is linked until the person says so.

use egui::RichText;

use crate::app::action::{Action, SearchAction};
use crate::app::colors::label_color;
use crate::app::panels::search::{SearchState, progress_ui, snippet_ui};
use crate::project::Claim;
use crate::session::Session;
use crate::text::bidi;

/// Characters of a suggested sentence shown.
const SUGGESTION_CHARS: usize = 280;

/// Does `doc[start..end]` overlap evidence the claim already has?
fn linked(claim: &Claim, doc: &str, start: usize, end: usize) -> bool {
    claim
        .evidence
        .iter()
        .any(|e| e.span.doc == doc && e.span.start < end && start < e.span.end)
}

impl SearchState {
    /// Suggested evidence for the selected claim, in the claim panel.
    pub fn suggestions_ui(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        claim: &Claim,
        out: &mut Vec<Action>,
    ) {
        let ws = session.workspace();
        let docs = &ws.corpus.documents;
        let labels = ws.project.labels().to_vec();
        let own = ws.corpus.position(&claim.span.doc);
        let st = self;
        ui.add_space(6.0);
        ui.label(RichText::new("Suggested evidence").strong())
        .on_hover_text("Sentences of other articles sharing the claim's words, figures and names (BM25). Nothing is linked until you say so.");
        progress_ui(ui, st);
        let Some(found) = st.suggestions(docs, claim, own) else {
            return;
        };
        if found.is_empty() {
            ui.weak("No other article shares this claim's words.");
            return;
        }
        ui.weak("Alt+Down / Alt+Up open them side by side, highlighted; then 1, 2 or 3 links.");
        let current = st.current;
        let mut actions = Vec::new();
        for (i, s) in found.iter().enumerate() {
            let Some(doc) = docs.get(s.doc) else {
                continue;
            };
            let mut frame = egui::Frame::group(ui.style());
            if current == Some(i) {
                frame = frame.stroke(ui.visuals().selection.stroke);
            }
            frame.show(ui, |ui| {
                ui.set_width(ui.available_width());
                let open = SearchAction::Open {
                    doc: s.doc,
                    start: s.start,
                    end: s.end,
                    highlight: true,
                };
                ui.horizontal_wrapped(|ui| {
                    let name = bidi::display_order(&format!("{} · {}", doc.title, doc.file_name()));
                    if ui
                        .link(RichText::new(name).strong())
                        .on_hover_text(format!(
                            "Open {} side by side with this sentence highlighted",
                            doc.id
                        ))
                        .clicked()
                    {
                        actions.push(open.clone());
                    }
                });
                let chars = s.text.chars().count();
                let shown: String = s.text.chars().take(SUGGESTION_CHARS).collect();
                let marks: Vec<(usize, usize)> = s
                    .marks
                    .iter()
                    .map(|&(a, b)| (a - s.start, b - s.start))
                    .filter(|&(_, b)| b <= SUGGESTION_CHARS)
                    .collect();
                let text = if chars > SUGGESTION_CHARS {
                    format!("{shown}…")
                } else {
                    shown
                };
                if snippet_ui(ui, &text, &marks)
                    .on_hover_cursor(egui::CursorIcon::PointingHand)
                    .clicked()
                {
                    actions.push(open.clone());
                }
                ui.horizontal_wrapped(|ui| {
                    if linked(claim, &doc.id, s.start, s.end) {
                        ui.weak("✔ linked");
                        return;
                    }
                    ui.weak("Link:");
                    for label in &labels {
                        // "+": the claim's own label buttons are named like these.
                        let text = RichText::new(format!("+{}", label.name))
                            .small()
                            .color(label_color(label));
                        if ui
                            .small_button(text)
                            .on_hover_text(format!(
                                "Link this sentence as evidence: {}",
                                label.name
                            ))
                            .clicked()
                        {
                            actions.push(SearchAction::Link {
                                doc: s.doc,
                                start: s.start,
                                end: s.end,
                                relation: label.id.clone(),
                            });
                        }
                    }
                });
            });
        }
        out.extend(actions.into_iter().map(Action::Search));
    }
}
