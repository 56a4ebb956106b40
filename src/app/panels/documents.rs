//! The documents list on the left: a filter, each article's title, file,
//! label counts and encoding, and whether it is done.

use egui::RichText;

use crate::app::action::Action;
use crate::app::article::para_layout;
use crate::app::colors::label_color;
use crate::app::state::{DocRows, DocSort};
use crate::session::Session;
use crate::study::Share;
use crate::text::bidi;

/// The documents list for one frame: the filter and rows it keeps, and
/// which document the active pane shows.
pub struct DocumentsPanel<'a> {
    pub session: &'a Session,
    pub filter: &'a mut String,
    pub rows: &'a mut DocRows,
    pub sort: &'a mut DocSort,
    /// In a study, the annotator's share: listed first, the others greyed
    /// (or hidden, with `only_share`).
    pub share: Option<&'a Share>,
    pub only_share: &'a mut bool,
    /// The document of the active pane (index into the corpus).
    pub current: usize,
    pub active: usize,
}

impl DocumentsPanel<'_> {
    /// Draws the list; a click shows the document (Ctrl or Shift+click: in
    /// the second pane), the mark toggles done.
    pub fn ui(self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let DocumentsPanel {
            session,
            filter,
            rows: doc_rows,
            sort,
            share,
            only_share,
            current,
            active,
        } = self;
        egui::Panel::left("documents")
            .resizable(true)
            .default_size(270.0)
            .show(ui, |ui| {
                let ws = session.workspace();
                ui.add_space(4.0);
                ui.add(
                    egui::TextEdit::singleline(filter)
                        .hint_text("Filter documents")
                        .desired_width(f32::INFINITY),
                )
                .on_hover_text("Filter by title, file name or outlet");
                ui.horizontal(|ui| {
                    ui.weak("Sort by");
                    egui::ComboBox::from_id_salt("doc_sort")
                        .selected_text(sort.name())
                        .show_ui(ui, |ui| {
                            for s in DocSort::ALL {
                                ui.selectable_value(sort, s, s.name());
                            }
                        })
                        .response
                        .on_hover_text(
                            "Date: oldest first; Outlet: by outlet, then date. \
                             Articles that do not say come last.",
                        );
                });
                if let Some(share) = share {
                    ui.checkbox(only_share, format!("Only my share ({})", share.len()))
                        .on_hover_text(
                            "This file is one annotator's share of a study: your documents \
                             come first, and Next/Previous document step through them only. \
                             Tick to hide the others.",
                        );
                }
                ui.add_space(4.0);
                let rows = doc_rows.rows(
                    filter,
                    *sort,
                    &ws.corpus.documents,
                    share.map(|s| (s, *only_share)),
                );
                if rows.is_empty() {
                    ui.weak("No documents match.");
                }
                let row_height = ui.text_style_height(&egui::TextStyle::Body) * 3.4;
                let mut clicked = None;
                let mut toggle = None;
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show_rows(ui, row_height, rows.len(), |ui, range| {
                        for &i in &rows[range.start.min(rows.len())..range.end.min(rows.len())] {
                            let doc = &ws.corpus.documents[i];
                            let theirs = share.is_none_or(|s| s.contains(i));
                            let done = ws.project.documents().get(&doc.id).is_some_and(|d| d.done);
                            let marks = session.marks(&doc.id);
                            ui.horizontal(|ui| {
                                ui.set_height(row_height - 6.0);
                                let mark = if done { "✔" } else { "○" };
                                if ui
                                    .add(egui::Button::new(mark).frame(false))
                                    .on_hover_text(if done {
                                        "Done; click to reopen"
                                    } else {
                                        "Mark as done"
                                    })
                                    .clicked()
                                {
                                    toggle = Some(doc.id.clone());
                                }
                                ui.vertical(|ui| {
                                    let title = if doc.title.is_empty() {
                                        doc.file_name()
                                    } else {
                                        &doc.title
                                    };
                                    // Right-to-left titles read right to left
                                    // and sit on the right.
                                    let align = if bidi::is_rtl(title) {
                                        egui::Align::Max
                                    } else {
                                        egui::Align::Min
                                    };
                                    let font = egui::TextStyle::Button.resolve(ui.style());
                                    let title = para_layout::one_line_label_in(
                                        ui,
                                        title,
                                        ui.available_width() - 12.0,
                                        font,
                                    );
                                    let title = if theirs {
                                        RichText::new(title).strong()
                                    } else {
                                        RichText::new(title).weak()
                                    };
                                    let mut r = ui
                                        .with_layout(egui::Layout::top_down(align), |ui| {
                                            ui.add(
                                                egui::Button::selectable(i == current, title)
                                                    .truncate(),
                                            )
                                        })
                                        .inner;
                                    if !theirs {
                                        r = r.on_hover_text("Not in your share of the study");
                                    }
                                    if let Some(source) = &doc.source {
                                        r = r.on_hover_ui(|ui| source_ui(ui, source));
                                    }
                                    if r.clicked() {
                                        clicked = Some(i);
                                    }
                                    ui.horizontal(|ui| {
                                        let byline = doc
                                            .source
                                            .as_ref()
                                            .map(|s| s.byline())
                                            .unwrap_or_default();
                                        if !byline.is_empty() {
                                            ui.label(RichText::new(byline).small());
                                        }
                                        for label in ws.project.labels() {
                                            let n = marks
                                                .and_then(|m| m.counts.get(&label.id))
                                                .copied()
                                                .unwrap_or(0);
                                            if n > 0 {
                                                ui.label(
                                                    RichText::new(format!("■{n}"))
                                                        .small()
                                                        .color(label_color(label)),
                                                )
                                                .on_hover_text(format!("{n} {}", label.name));
                                            }
                                        }
                                        if let Some(enc) = doc.encoding {
                                            ui.label(RichText::new(enc).small().weak())
                                                .on_hover_text(format!("decoded from {enc}"));
                                        }
                                        // Last and cut to the panel: a long
                                        // name must not widen the list.
                                        ui.add(
                                            egui::Label::new(
                                                RichText::new(doc.file_name()).small().weak(),
                                            )
                                            .truncate(),
                                        );
                                    });
                                });
                            });
                        }
                    });
                if let Some(i) = clicked {
                    // Ctrl or Shift: beside, in the second pane (opened if need be).
                    let pane = if ui.input(|i| i.modifiers.command || i.modifiers.shift) {
                        1
                    } else {
                        active
                    };
                    actions.push(Action::ShowDoc { pane, doc: i });
                }
                if let Some(doc) = toggle {
                    actions.push(Action::ToggleDoneDoc(doc));
                }
            });
    }
}

/// A source's fields, one a line, for a hover.
pub fn source_ui(ui: &mut egui::Ui, source: &crate::extract::Source) {
    let date = source.date();
    let rows = [
        ("Title", source.title.as_deref()),
        ("Outlet", source.outlet.as_deref()),
        ("Author", source.author.as_deref()),
        ("Published", source.published.as_deref()),
        (
            "Date",
            date.as_deref()
                .filter(|d| Some(*d) != source.published.as_deref()),
        ),
        ("Address", source.url.as_deref()),
    ];
    egui::Grid::new("source").num_columns(2).show(ui, |ui| {
        for (name, value) in rows {
            if let Some(value) = value {
                ui.weak(name);
                ui.label(value);
                ui.end_row();
            }
        }
    });
}
