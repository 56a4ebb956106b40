//! Suggested evidence under the selected claim: sentences of other
//! articles, each to open side by side or link with a relation
//! (docs/evidence-and-search.md). Nothing is linked until the person says so.

use egui::RichText;

use crate::app::action::{Action, SearchAction};
use crate::app::colors::label_color;
use crate::app::panels::search::{SearchState, progress_ui, snippet_ui};
use crate::project::Claim;
use crate::search::Suggestion;
use crate::search::live::Meaning;
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
        ui.horizontal(|ui| {
            ui.label(RichText::new("Suggested evidence").strong())
                .on_hover_text("The best sentences of other articles: sharing the claim's words in any form, its figures and names (BM25), or close to it in meaning. Nothing is linked until you say so.");
            per_article_ui(ui, st);
        });
        progress_ui(ui, st);
        meaning_ui(ui, st.live.meaning());
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
                let language = st
                    .live
                    .index()
                    .and_then(|i| i.language(s.doc))
                    .map_or(String::new(), |l| format!(" · {}", l.name()));
                ui.horizontal_wrapped(|ui| {
                    let name = bidi::display_order(&format!(
                        "{} · {}{language}",
                        doc.title,
                        doc.file_name()
                    ));
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
                why_ui(ui, s);
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

/// How many sentences of one article are listed: one (the default, so ten
/// suggestions reach ten reports), two, or any number.
fn per_article_ui(ui: &mut egui::Ui, st: &mut SearchState) {
    let now = st.live.per_article();
    let text = match now {
        0 => "any per article",
        1 => "1 per article",
        _ => "2 per article",
    };
    egui::ComboBox::from_id_salt("per_article")
        .selected_text(RichText::new(text).small())
        .show_ui(ui, |ui| {
            for (n, label) in [
                (1, "1 per article"),
                (2, "2 per article"),
                (0, "any per article"),
            ] {
                if ui.selectable_label(now == n, label).clicked() {
                    st.live.set_per_article(n);
                }
            }
        })
        .response
        .on_hover_text("Sentences listed from one article: its best ones");
}

/// Says whether meaning takes part in the ranking yet.
fn meaning_ui(ui: &mut egui::Ui, meaning: Meaning) {
    match meaning {
        Meaning::Ready => {}
        Meaning::Building(done, total) => {
            ui.weak(format!(
                "Shared words for now; reading for meaning: {done} of {total} articles…"
            ));
        }
        Meaning::Unavailable => {
            ui.weak("Shared words only: this build has no model of meaning.");
        }
    }
}

/// Why the sentence was suggested, beside its marked words.
fn why_ui(ui: &mut egui::Ui, s: &Suggestion) {
    if !s.by_meaning {
        return;
    }
    let hover = match s.meaning {
        Some(c) => format!(
            "Close to the claim in meaning (cosine {c:.2}), though it shares few of its words"
        ),
        None => "Close to the claim in meaning".to_owned(),
    };
    ui.label(RichText::new("≈ similar meaning").small().italics())
        .on_hover_text(hover);
}
