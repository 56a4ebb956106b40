//! The claim panel on the right: the selected claim (its quote, label,
//! note, evidence, suggested evidence, and in a classroom its key and
//! feedback), or the claims of the article shown when none is selected.

pub mod classroom;
pub mod suggestions;

use egui::{Color32, RichText};

use crate::app::action::Action;
use crate::app::article::para_layout;
use crate::app::colors::label_color;
use crate::app::command::Command;
use crate::app::panels::search::SearchState;
use crate::project::ClaimId;
use crate::session::Session;
use crate::text::bidi;

/// The claims of one document, for the list shown when no claim is
/// selected; kept per (project version, document).
#[derive(Default)]
pub struct DocClaimsCache(Option<(u64, String, Vec<ClaimId>)>);

/// The panel for one frame: what it reads and the state it keeps.
pub struct ClaimPanel<'a> {
    pub session: &'a Session,
    pub selected: Option<&'a ClaimId>,
    /// The document of the active pane (index into the corpus).
    pub active_doc: usize,
    /// Edit › Note (N) asked for the note field: focus it once.
    pub focus_note: &'a mut bool,
    pub cache: &'a mut DocClaimsCache,
    pub search: &'a mut SearchState,
}

impl ClaimPanel<'_> {
    /// Draws the panel; every change is pushed as an action.
    pub fn ui(self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        egui::Panel::right("claim")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| self.details_ui(ui, actions));
            });
    }

    fn details_ui(self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let session = self.session;
        let claim = self.selected.and_then(|id| session.claim(id)).cloned();
        let Some(claim) = claim else {
            ui.heading("No claim selected");
            ui.label("Drag across a claim in the article, then press 1, 2 or 3 (or click a label) to label it. Click a highlight to select it.");
            ui.add_space(8.0);
            self.doc_claims_ui(ui, actions);
            return;
        };
        let labels = session.workspace().project.labels().to_vec();
        let doc_title = session
            .workspace()
            .corpus
            .get(&claim.span.doc)
            .map_or(claim.span.doc.clone(), |d| d.title.clone());

        ui.heading("Claim");
        ui.label(
            RichText::new(format!(
                "{} · characters {}–{}",
                claim.span.doc, claim.span.start, claim.span.end
            ))
            .small()
            .weak(),
        )
        .on_hover_text(doc_title);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            para_layout::paragraph_label_ui(ui, &format!("“{}”", claim.span.quote));
        });
        if let Some(conflict) = &claim.conflict {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(
                    RichText::new(format!("⚠ Flagged by a git merge: {}", conflict.reason))
                        .color(ui.visuals().warn_fg_color),
                );
                ui.horizontal(|ui| {
                    if let Some(other) = &conflict.other
                        && ui
                            .button("Show the other version")
                            .on_hover_text(
                                "Both versions were kept; keep one, then mark it resolved",
                            )
                            .clicked()
                    {
                        actions.push(Action::SelectClaim(other.clone()));
                    }
                    if ui
                        .button("Mark resolved")
                        .on_hover_text("Clear the flag (undoable)")
                        .clicked()
                    {
                        actions.push(Action::ResolveConflict(claim.id.clone()));
                    }
                });
            });
        }
        if claim.span.detached {
            ui.label(
            RichText::new("⚠ Detached: the article changed and this text was not found again. See View › Detached spans.")
                .color(ui.visuals().warn_fg_color),
        );
        }

        ui.add_space(6.0);
        ui.label(RichText::new("Label").strong());
        let mut new_label = None;
        ui.horizontal_wrapped(|ui| {
            for label in &labels {
                let selected = claim.label.as_deref() == Some(label.id.as_str());
                let key = label.key.map(|k| format!("{k} ")).unwrap_or_default();
                let text = RichText::new(format!("{key}{}", label.name)).color(label_color(label));
                if ui.add(egui::Button::selectable(selected, text)).clicked() && !selected {
                    new_label = Some(label.id.clone());
                }
            }
        });
        if claim.label.is_none() {
            ui.weak("No label yet.");
        } else if claim.label_from_evidence {
            ui.weak("Label taken from the linked evidence.");
        }

        classroom::key_claim_ui(ui, session, &claim, actions);
        classroom::feedback_ui(ui, &claim, actions);

        ui.add_space(6.0);
        ui.label(RichText::new("Note").strong());
        let mut note = claim.note.clone();
        let response = ui.add(
            egui::TextEdit::multiline(&mut note)
                .hint_text("Why this label? (N)")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        );
        if std::mem::take(self.focus_note) {
            response.request_focus();
        }
        let note_changed = response.changed();

        ui.add_space(6.0);
        ui.label(RichText::new(format!("Evidence ({})", claim.evidence.len())).strong());
        let mut follow = None;
        let mut remove = None;
        let mut relabel = None;
        if claim.evidence.is_empty() {
            ui.weak("None yet. Open another article side by side (Ctrl+\\), highlight the span there and press 1 (agrees) or 2 (contradicts).");
        }
        for ev in &claim.evidence {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    for label in &labels {
                        let selected = ev.relation == label.id;
                        let text = RichText::new(&label.name).small().color(label_color(label));
                        if ui.add(egui::Button::selectable(selected, text)).clicked() && !selected {
                            relabel = Some((ev.id.clone(), label.id.clone()));
                        }
                    }
                    if ui
                        .small_button("✖")
                        .on_hover_text("Remove this link (undoable)")
                        .clicked()
                    {
                        remove = Some(ev.id.clone());
                    }
                });
                let detached = if ev.span.detached {
                    " ⚠ detached"
                } else {
                    ""
                };
                if ui
                    .link(bidi::display_order(&format!(
                        "{}{detached}: “{}”",
                        ev.span.doc, ev.span.quote
                    )))
                    .on_hover_text("Show it in the other pane")
                    .clicked()
                {
                    follow = Some(ev.id.clone());
                }
            });
        }

        self.search.suggestions_ui(ui, session, &claim, actions);

        ui.add_space(6.0);
        ui.label(
            RichText::new(format!(
                "by {} · created {} · changed {}",
                claim.annotator, claim.created, claim.modified
            ))
            .small()
            .weak(),
        );
        ui.add_space(6.0);
        let delete = ui.button("🗑 Delete claim (Delete)").clicked();

        let id = claim.id.clone();
        let action = if note_changed {
            Some(Action::SetNote { claim: id, note })
        } else if let Some(label) = new_label {
            Some(Action::SetLabel { claim: id, label })
        } else if let Some(evidence) = remove {
            Some(Action::RemoveEvidence {
                claim: id,
                evidence,
            })
        } else if let Some((evidence, relation)) = relabel {
            Some(Action::RelabelEvidence {
                claim: id,
                evidence,
                relation,
            })
        } else if delete {
            Some(Action::Command(Command::Delete))
        } else {
            None
        };
        actions.extend(action);
        if let Some(evidence) = follow {
            actions.push(Action::FollowEvidence {
                claim: claim.id.clone(),
                evidence,
            });
        }
    }

    /// The claims of the active document, for picking one without the mouse on the text.
    fn doc_claims_ui(self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let session = self.session;
        let ws = session.workspace();
        let Some(doc) = ws.corpus.documents.get(self.active_doc) else {
            return;
        };
        let Some(marks) = session.marks(&doc.id) else {
            ui.weak("This article has no claims yet.");
            return;
        };
        ui.label(RichText::new("Claims in this article").strong());
        let version = session.version();
        let fresh = matches!(&self.cache.0, Some((v, d, _)) if *v == version && *d == doc.id);
        if !fresh {
            let own = marks
                .all()
                .iter()
                .filter(|m| m.evidence.is_none())
                .map(|m| m.claim.clone())
                .collect();
            self.cache.0 = Some((version, doc.id.clone(), own));
        }
        let Some((_, _, own)) = &self.cache.0 else {
            return;
        };
        let mut pick = None;
        // An article can carry 20,000 claims: make widgets only for the rows in
        // view and stand in empty space for the rest, so a frame costs the same
        // however many claims there are.
        let row_h = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        let clip = ui.clip_rect();
        let above = ((clip.top() - ui.cursor().top()) / row_h).floor().max(0.0) as usize;
        let first = above.min(own.len());
        let last = (first + (clip.height() / row_h).ceil() as usize + 2).min(own.len());
        ui.add_space(first as f32 * row_h);
        for id in &own[first..last] {
            let Some(claim) = session.claim(id) else {
                continue;
            };
            let color = claim
                .label
                .as_deref()
                .and_then(|l| ws.project.label(l))
                .map_or(Color32::GRAY, label_color);
            let quote: String = claim.span.quote.chars().take(60).collect();
            let quote = bidi::display_order(&quote);
            ui.horizontal(|ui| {
                ui.label(RichText::new("■").color(color));
                ui.set_min_height(ui.spacing().interact_size.y);
                if ui.link(quote).clicked() {
                    pick = Some(id.clone());
                }
            });
        }
        ui.add_space((own.len() - last) as f32 * row_h);
        if let Some(id) = pick {
            actions.push(Action::SelectClaim(id));
        }
    }
}
