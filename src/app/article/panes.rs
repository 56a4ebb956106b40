//! The middle of the window: the label legend, the find bar, one or two
//! article panes (events in them become edits here), the connectors
//! between them and the label bar beside a fresh highlight.

use std::collections::HashSet;

use egui::RichText;

use super::{ArticleEvent, MarkKey, ViewContext, para_layout};
use crate::app::action::Action;
use crate::app::colors::label_color;
use crate::app::nav;
use crate::app::settings::Settings;
use crate::app::state::UiState;
use crate::project::ClaimId;
use crate::session::Session;

/// The articles for one frame: the session they show and the window state
/// they move (panes, selection, the find bar).
pub struct Articles<'a> {
    pub session: &'a Session,
    pub settings: &'a Settings,
    pub ui: &'a mut UiState,
}

/// The legend and the one or two article panes.
pub fn articles_ui(a: &mut Articles<'_>, ui: &mut egui::Ui) {
    legend_ui(a, ui);
    find_bar_ui(a, ui);
    if a.ui.split {
        ui.columns(2, |columns| {
            for (pane, column) in columns.iter_mut().enumerate() {
                pane_ui(a, column, pane);
            }
        });
        super::connectors::connectors_ui(ui, a.session, a.ui.selected.as_ref(), &a.ui.last_outputs);
    } else {
        pane_ui(a, ui, 0);
    }
    label_bar_ui(a, ui);
}

fn legend_ui(a: &Articles<'_>, ui: &mut egui::Ui) {
    let session = a.session;
    ui.horizontal_wrapped(|ui| {
        for label in session.workspace().project.labels() {
            ui.label(RichText::new("■").color(label_color(label)));
            // "key 1", not "(1)": that read as a count.
            match label.key {
                Some(key) => ui.label(format!("{} — key {key}", label.name)),
                None => ui.label(&label.name),
            };
            ui.add_space(6.0);
        }
        ui.separator();
        ui.label(RichText::new("solid = claim, dashed = evidence").weak());
        ui.separator();
        ui.label(
            RichText::new("drag to highlight · Alt for exact characters · F1 for keys").weak(),
        );
    });
    ui.separator();
}

/// The find bar over the active pane's article, and what it asks for.
fn find_bar_ui(a: &mut Articles<'_>, ui: &mut egui::Ui) {
    if !a.ui.find.open {
        return;
    }
    let pane = a.ui.active;
    let Some(doc) = a
        .session
        .workspace()
        .corpus
        .documents
        .get(a.ui.panes[pane].doc)
    else {
        return;
    };
    let out = a.ui.find.bar_ui(ui, doc);
    ui.separator();
    let view = &mut a.ui.panes[pane].view;
    if let Some((start, _)) = out.scroll_to {
        view.scroll_to = Some(start);
    }
    if let Some((start, end)) = out.highlight {
        view.selection = Some((start, end));
        view.scroll_to = Some(start);
    }
}

/// Header and article of one pane; events become edits here.
fn pane_ui(a: &mut Articles<'_>, ui: &mut egui::Ui, pane: usize) {
    let session = a.session;
    let ws = session.workspace();
    let Some(doc) = ws.corpus.documents.get(a.ui.panes[pane].doc) else {
        ui.label(
            "This corpus has no documents. Add text files, saved web pages, PDFs or dataset files \
             to the folder (or File › Add articles…) and open it again.",
        );
        return;
    };
    let holds_selected =
        a.ui.selected
            .as_ref()
            .and_then(|id| session.claim(id))
            .is_some_and(|c| c.span.doc == doc.id);
    ui.horizontal(|ui| {
        let marker = if a.ui.split && holds_selected {
            "▶ "
        } else {
            ""
        };
        let title = if doc.title.is_empty() {
            doc.file_name()
        } else {
            &doc.title
        };
        let font = egui::TextStyle::Body.resolve(ui.style());
        let title = para_layout::one_line_label_in(ui, title, ui.available_width() - 24.0, font);
        let text = RichText::new(format!("{marker}{title}")).strong();
        let text = if a.ui.split && a.ui.active == pane {
            text.underline()
        } else {
            text
        };
        ui.add(egui::Label::new(text).truncate());
    });
    if let Some(source) = doc.source.as_ref().filter(|s| !s.is_empty()) {
        source_line_ui(ui, source);
    }
    ui.horizontal(|ui| {
        ui.label(RichText::new(&doc.id).small().weak());
        // A row of a dataset file: its columns can be chosen again.
        if let Some(file) = ws.corpus.dataset_of(&doc.id)
            && ui
                .small_button("Columns…")
                .on_hover_text("Which column of the file is the text, the id, the title, …")
                .clicked()
        {
            a.ui.actions.push(Action::ChooseColumns(file.to_owned()));
        }
        if let Some(enc) = doc.encoding {
            ui.label(
                RichText::new(format!("decoded from {enc}"))
                    .small()
                    .color(ui.visuals().warn_fg_color),
            );
        }
        if a.ui.split
            && pane == 1
            && ui
                .small_button("✖ close")
                .on_hover_text("Close the second pane")
                .clicked()
        {
            a.ui.split = false;
            a.ui.active = 0;
        }
    });
    let gaps = a.ui.panes[pane]
        .view
        .missing_scripts(ui.ctx(), doc, a.settings.font_size);
    if !gaps.is_empty() {
        ui.label(
            RichText::new(format!(
                "⚠ No installed font draws the {} letters of {}: they show as empty boxes. \
                 docs/file-formats.md (Right-to-left articles and fonts) says which fonts to install.",
                gaps.join(", "),
                doc.id
            ))
            .small()
            .color(ui.visuals().warn_fg_color),
        );
    }

    let outlined: HashSet<MarkKey> =
        a.ui.selected
            .as_ref()
            .and_then(|id| session.claim(id))
            .map(|c| {
                c.evidence
                    .iter()
                    .map(|e| (c.id.clone(), Some(e.id.clone())))
                    .collect()
            })
            .unwrap_or_default();
    let (finds, find_current) = if pane == a.ui.active && a.ui.find.open {
        (a.ui.find.matches(doc), a.ui.find.current(doc))
    } else {
        (std::sync::Arc::new(Vec::new()), None)
    };
    let cx = ViewContext {
        doc,
        marks: session.marks(&doc.id),
        labels: ws.project.labels(),
        claims: ws.project.claims(),
        selected: a.ui.selected.as_ref(),
        outlined: &outlined,
        font_size: a.settings.font_size,
        dark: a.settings.dark,
        lanes: a.ui.compare.as_ref().map_or(&[], |c| c.lanes_in(&doc.id)),
        finds: &finds,
        find_current,
    };
    let output = a.ui.panes[pane].view.ui(ui, &cx);
    let doc_id = doc.id.clone();
    for event in &output.events {
        handle_event(a, pane, &doc_id, event.clone());
    }
    a.ui.last_outputs[pane] = Some(output);
}

fn handle_event(a: &mut Articles<'_>, pane: usize, doc_id: &str, event: ArticleEvent) {
    a.ui.active = pane;
    let other = 1 - pane;
    match event {
        ArticleEvent::Clicked { marks, .. } => {
            let mut claims: Vec<ClaimId> = Vec::new();
            for (claim, _) in marks {
                if !claims.contains(&claim) {
                    claims.push(claim);
                }
            }
            let current =
                a.ui.selected
                    .as_ref()
                    .and_then(|s| claims.iter().position(|c| c == s));
            let next = match current {
                Some(i) => claims.get((i + 1) % claims.len()).cloned(),
                None => claims.first().cloned(),
            };
            let holds_selected =
                a.ui.selected
                    .as_ref()
                    .and_then(|id| a.session.claim(id))
                    .is_some_and(|c| c.span.doc == doc_id);
            if next.is_some() || holds_selected || !a.ui.split {
                nav::select_claim(a.ui, next);
            }
        }
        ArticleEvent::Selected { .. } => {
            a.ui.panes[other].view.selection = None;
        }
        ArticleEvent::Resized { claim, start, end } => {
            a.ui.actions.push(Action::SetSpan { claim, start, end });
        }
    }
}

/// The small bar of label buttons beside a fresh selection.
fn label_bar_ui(a: &mut Articles<'_>, ui: &mut egui::Ui) {
    let pane = a.ui.active;
    let view = &a.ui.panes[pane].view;
    if view.selection.is_none() || view.is_dragging() {
        return;
    }
    let Some(rect) = a.ui.last_outputs[pane]
        .as_ref()
        .and_then(|o| o.selection_rect)
    else {
        return;
    };
    let session = a.session;
    let labels = session.workspace().project.labels();
    let linking = nav::linking_target(a.ui, session, pane).is_some();
    let mut chosen: Option<(String, bool)> = None;
    egui::Area::new(egui::Id::unique("label-bar"))
        .order(egui::Order::Foreground)
        .fixed_pos(rect.left_bottom() + egui::vec2(0.0, 6.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                if linking {
                    ui.horizontal(|ui| {
                        ui.label("Link as evidence:");
                        for label in labels {
                            let key = label.key.map(|k| format!("{k} ")).unwrap_or_default();
                            let text = RichText::new(format!("{key}{}", label.name))
                                .color(label_color(label));
                            if ui.button(text).clicked() {
                                chosen = Some((label.id.clone(), true));
                            }
                        }
                    });
                }
                ui.horizontal(|ui| {
                    ui.label(if linking {
                        "New claim (Shift+key):"
                    } else {
                        "Label:"
                    });
                    for label in labels {
                        let key = label.key.map(|k| format!("{k} ")).unwrap_or_default();
                        let text =
                            RichText::new(format!("{key}{}", label.name)).color(label_color(label));
                        if ui.button(text).clicked() {
                            chosen = Some((label.id.clone(), false));
                        }
                    }
                    if ui
                        .button("Esc")
                        .on_hover_text("Cancel the selection")
                        .clicked()
                    {
                        a.ui.panes[pane].view.selection = None;
                    }
                });
            });
        });
    if let Some((label, link)) = chosen {
        a.ui.actions
            .push(Action::LabelSelection { pane, label, link });
    }
}

/// Outlet, author and date of the article, and its address as a link.
fn source_line_ui(ui: &mut egui::Ui, source: &crate::extract::Source) {
    ui.horizontal_wrapped(|ui| {
        let author = source.author.as_deref().map(|a| format!("by {a}"));
        let date = source.date().or_else(|| source.published.clone());
        let parts: Vec<String> = [source.outlet.clone(), author, date]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        if !parts.is_empty() {
            ui.label(RichText::new(parts.join(" · ")).small());
        }
        if let Some(url) = &source.url {
            ui.hyperlink_to(RichText::new(url).small(), url)
                .on_hover_text("The page's address (opens in your browser)");
        }
    });
}
