//! The window's panels: menu, status bar, documents, the selected claim, the
//! article panes, and the smaller windows.

use std::collections::HashSet;

use egui::{Color32, RichText};

use super::CrosscheckApp;
use super::article::{ArticleEvent, MarkKey, ViewContext};
use super::keys::{self, Action};
use super::open::OpenRequest;
use super::session::SaveState;
use crate::project::{ClaimId, Label};

pub fn label_color(label: &Label) -> Color32 {
    let [r, g, b] = label.rgb();
    Color32::from_rgb(r, g, b)
}

fn shortcut_button(ui: &mut egui::Ui, text: &str, shortcut: &str, enabled: bool) -> bool {
    ui.add_enabled(enabled, egui::Button::new(text).shortcut_text(shortcut))
        .clicked()
}

pub fn menu_bar_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            let has_session = app.session.is_some();
            ui.menu_button("File", |ui| {
                if shortcut_button(ui, "Open folder…", "Ctrl+O", true) {
                    keys::run_action(app, ui.ctx(), Action::OpenFolder);
                }
                if shortcut_button(ui, "Open project…", "Ctrl+Shift+O", true) {
                    keys::run_action(app, ui.ctx(), Action::OpenProject);
                }
                ui.menu_button("Open recent", |ui| {
                    if app.settings.recent.is_empty() {
                        ui.label("Nothing yet");
                    }
                    for path in app.settings.recent.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            app.open(OpenRequest::Path(path));
                        }
                    }
                });
                if ui.button("Open the sample corpus").clicked() {
                    app.open(OpenRequest::Sample);
                }
                ui.separator();
                if shortcut_button(ui, "Save", "Ctrl+S", has_session) {
                    keys::run_action(app, ui.ctx(), Action::Save);
                }
                if shortcut_button(ui, "Save as…", "", has_session) {
                    keys::run_action(app, ui.ctx(), Action::SaveAs);
                }
                if shortcut_button(ui, "Export…", "Ctrl+E", has_session) {
                    keys::run_action(app, ui.ctx(), Action::Export);
                }
                if shortcut_button(ui, "Import pre-annotations…", "", has_session) {
                    keys::run_action(app, ui.ctx(), Action::Import);
                }
                ui.separator();
                if shortcut_button(ui, "Quit", "Ctrl+Q", true) {
                    keys::run_action(app, ui.ctx(), Action::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                let (undo, redo) = app.session.as_ref().map_or((None, None), |s| {
                    (s.undo_description(), s.redo_description())
                });
                let undo_text = undo.map_or("Undo".to_string(), |d| format!("Undo {d}"));
                let redo_text = redo.map_or("Redo".to_string(), |d| format!("Redo {d}"));
                if shortcut_button(ui, &undo_text, "Ctrl+Z", undo.is_some()) {
                    keys::run_action(app, ui.ctx(), Action::Undo);
                }
                if shortcut_button(ui, &redo_text, "Ctrl+Shift+Z / Ctrl+Y", redo.is_some()) {
                    keys::run_action(app, ui.ctx(), Action::Redo);
                }
                ui.separator();
                let selected = app.ui.selected.is_some();
                if shortcut_button(ui, "Delete claim", "Delete", selected) {
                    keys::run_action(app, ui.ctx(), Action::Delete);
                }
                if shortcut_button(ui, "Edit note", "N", selected) {
                    keys::run_action(app, ui.ctx(), Action::EditNote);
                }
                if shortcut_button(ui, "Mark document done", "Ctrl+D", has_session) {
                    keys::run_action(app, ui.ctx(), Action::ToggleDone);
                }
                ui.separator();
                ui.label("Your name (written into new claims):");
                let mut name = app.settings.annotator.clone();
                let response =
                    ui.add(egui::TextEdit::singleline(&mut name).hint_text("annotator name"));
                if response.changed() {
                    app.settings.annotator = name;
                }
                if response.lost_focus() {
                    let annotator = app.annotator();
                    if let Some(session) = &mut app.session {
                        session.annotator = annotator;
                    }
                    app.remember_settings();
                }
            });
            ui.menu_button("View", |ui| {
                if shortcut_button(ui, "Side by side", "Ctrl+\\", has_session) {
                    keys::run_action(app, ui.ctx(), Action::ToggleSplit);
                }
                if shortcut_button(ui, "Corpus overview", "Ctrl+M", has_session) {
                    keys::run_action(app, ui.ctx(), Action::ToggleOverview);
                }
                if shortcut_button(ui, "Detached spans", "", has_session) {
                    app.ui.show_detached = !app.ui.show_detached;
                }
                if shortcut_button(ui, "Skipped files", "", has_session) {
                    app.ui.show_skipped = !app.ui.show_skipped;
                }
                ui.separator();
                if shortcut_button(ui, "Next document", "] / Ctrl+PageDown", has_session) {
                    keys::run_action(app, ui.ctx(), Action::NextDoc);
                }
                if shortcut_button(ui, "Previous document", "[ / Ctrl+PageUp", has_session) {
                    keys::run_action(app, ui.ctx(), Action::PrevDoc);
                }
                ui.separator();
                if shortcut_button(ui, "Larger text", "Ctrl++", true) {
                    keys::run_action(app, ui.ctx(), Action::FontBigger);
                }
                if shortcut_button(ui, "Smaller text", "Ctrl+-", true) {
                    keys::run_action(app, ui.ctx(), Action::FontSmaller);
                }
                let theme = if app.settings.dark {
                    "Light theme"
                } else {
                    "Dark theme"
                };
                if shortcut_button(ui, theme, "", true) {
                    app.settings.dark = !app.settings.dark;
                    app.remember_settings();
                }
            });
            ui.menu_button("Help", |ui| {
                if shortcut_button(ui, "Keyboard shortcuts", "F1 / ?", true) {
                    app.ui.show_help = true;
                }
            });
        });
    });
}

pub fn status_bar_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            let mut save_as = false;
            let mut save_now = false;
            if let Some(session) = &app.session {
                match &session.save_state {
                    SaveState::Saved => {
                        ui.label(RichText::new("✔ saved").color(Color32::from_rgb(0, 130, 90)));
                    }
                    SaveState::Pending => {
                        ui.label("unsaved changes…");
                    }
                    SaveState::Saving => {
                        ui.label("saving…");
                    }
                    SaveState::Failed(err) => {
                        ui.label(
                            RichText::new(format!("⚠ not saved: {err}"))
                                .color(ui.visuals().error_fg_color),
                        );
                        save_now = ui.button("Retry").clicked();
                        save_as = ui.button("Save as…").clicked();
                    }
                }
                ui.separator();
                ui.label(RichText::new(session.ws.project_path.display().to_string()).small())
                    .on_hover_text("The project file: labels are saved here automatically");
                ui.separator();
                let p = &session.ws.project;
                ui.label(format!(
                    "{} documents · {} claims · {} evidence links",
                    session.ws.corpus.len(),
                    p.claims.len(),
                    session.evidence_count()
                ));
                let skipped = session.ws.corpus.skipped.len();
                let files = if skipped == 1 { "file" } else { "files" };
                if skipped > 0 && ui.link(format!("{skipped} {files} skipped")).clicked() {
                    app.ui.show_skipped = true;
                }
            }
            if let Some(message) = &app.ui.message {
                ui.separator();
                ui.label(RichText::new(message).color(ui.visuals().warn_fg_color));
            }
            if let Some(notice) = app.session.as_ref().and_then(|s| s.notice.clone()) {
                ui.separator();
                ui.label(notice);
            }
            if save_now {
                keys::run_action(app, ui.ctx(), Action::Save);
            }
            if save_as {
                keys::run_action(app, ui.ctx(), Action::SaveAs);
            }
        });
    });
}

pub fn documents_panel_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    egui::Panel::left("documents")
        .resizable(true)
        .default_size(270.0)
        .show(ui, |ui| {
            let Some(session) = &app.session else {
                return;
            };
            ui.add_space(4.0);
            ui.add(
                egui::TextEdit::singleline(&mut app.ui.filter)
                    .hint_text("Filter documents")
                    .desired_width(f32::INFINITY),
            )
            .on_hover_text("Filter by title or file name");
            ui.add_space(4.0);
            let rows = app
                .ui
                .doc_rows
                .rows(&app.ui.filter, &session.ws.corpus.documents);
            if rows.is_empty() {
                ui.weak("No documents match.");
            }
            let row_height = ui.text_style_height(&egui::TextStyle::Body) * 3.4;
            let mut clicked = None;
            let mut toggle = None;
            let current = app.ui.panes[app.ui.active].doc;
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show_rows(ui, row_height, rows.len(), |ui, range| {
                    for &i in &rows[range.start.min(rows.len())..range.end.min(rows.len())] {
                        let doc = &session.ws.corpus.documents[i];
                        let done = session
                            .ws
                            .project
                            .documents
                            .get(&doc.id)
                            .is_some_and(|d| d.done);
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
                                let r = ui.add(
                                    egui::Button::selectable(
                                        i == current,
                                        RichText::new(title).strong(),
                                    )
                                    .truncate(),
                                );
                                if r.clicked() {
                                    clicked = Some(i);
                                }
                                ui.horizontal(|ui| {
                                    ui.label(RichText::new(doc.file_name()).small().weak());
                                    for label in &session.ws.project.labels {
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
                                });
                            });
                        });
                    }
                });
            if let Some(i) = clicked {
                let pane = if ui.input(|i| i.modifiers.command || i.modifiers.shift) && app.ui.split
                {
                    1
                } else if ui.input(|i| i.modifiers.command || i.modifiers.shift) {
                    app.ui.split = true;
                    1
                } else {
                    app.ui.active
                };
                keys::show_doc(app, pane, i);
            }
            if let Some(doc) = toggle {
                let now = ui.input(|i| i.time);
                if let Some(session) = &mut app.session
                    && let Err(err) = session.toggle_done(&doc, now)
                {
                    app.ui.message = Some(err.to_string());
                }
            }
        });
}

pub fn claim_panel_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    egui::Panel::right("claim")
        .resizable(true)
        .default_size(320.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    super::evidence::claim_details_ui(app, ui);
                });
        });
}

pub fn welcome_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    ui.add_space(ui.available_height() / 4.0);
    ui.vertical_centered(|ui| {
        ui.heading("crosscheck");
        ui.label("Open a folder of articles to start annotating claims.");
        ui.add_space(8.0);
        if ui.button("Open folder…").clicked() {
            keys::run_action(app, ui.ctx(), Action::OpenFolder);
        }
        if ui.button("Open the sample corpus").clicked() {
            app.open(OpenRequest::Sample);
        }
        ui.label(RichText::new("or drop a folder or .ron project onto this window").weak());
    });
}

/// The legend and the one or two article panes.
pub fn articles_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    legend_ui(app, ui);
    if app.ui.split {
        ui.columns(2, |columns| {
            for (pane, column) in columns.iter_mut().enumerate() {
                pane_ui(app, column, pane);
            }
        });
        super::evidence::connectors_ui(app, ui);
    } else {
        pane_ui(app, ui, 0);
    }
    label_bar_ui(app, ui);
}

fn legend_ui(app: &CrosscheckApp, ui: &mut egui::Ui) {
    let Some(session) = &app.session else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        for label in &session.ws.project.labels {
            let key = label.key.map(|k| format!(" ({k})")).unwrap_or_default();
            ui.label(RichText::new("■").color(label_color(label)));
            ui.label(format!("{}{key}", label.name));
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

/// Header and article of one pane; events become edits here.
fn pane_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui, pane: usize) {
    let Some(session) = &app.session else {
        return;
    };
    let Some(doc) = session.ws.corpus.documents.get(app.ui.panes[pane].doc) else {
        ui.label(
            "This corpus has no documents. Add .txt or .md files to the folder and open it again.",
        );
        return;
    };
    let holds_selected = app
        .ui
        .selected
        .as_ref()
        .and_then(|id| session.claim(id))
        .is_some_and(|c| c.span.doc == doc.id);
    ui.horizontal(|ui| {
        let marker = if app.ui.split && holds_selected {
            "▶ "
        } else {
            ""
        };
        let title = if doc.title.is_empty() {
            doc.file_name()
        } else {
            &doc.title
        };
        let text = RichText::new(format!("{marker}{title}")).strong();
        let text = if app.ui.split && app.ui.active == pane {
            text.underline()
        } else {
            text
        };
        ui.add(egui::Label::new(text).truncate());
    });
    ui.horizontal(|ui| {
        ui.label(RichText::new(&doc.id).small().weak());
        if let Some(enc) = doc.encoding {
            ui.label(
                RichText::new(format!("decoded from {enc}"))
                    .small()
                    .color(ui.visuals().warn_fg_color),
            );
        }
        if app.ui.split
            && pane == 1
            && ui
                .small_button("✖ close")
                .on_hover_text("Close the second pane")
                .clicked()
        {
            app.ui.split = false;
            app.ui.active = 0;
        }
    });

    let outlined: HashSet<MarkKey> = app
        .ui
        .selected
        .as_ref()
        .and_then(|id| session.claim(id))
        .map(|c| {
            c.evidence
                .iter()
                .map(|e| (c.id.clone(), Some(e.id.clone())))
                .collect()
        })
        .unwrap_or_default();
    let cx = ViewContext {
        doc,
        marks: session.marks(&doc.id),
        labels: &session.ws.project.labels,
        claims: &session.ws.project.claims,
        selected: app.ui.selected.as_ref(),
        outlined: &outlined,
        font_size: app.settings.font_size,
        dark: app.settings.dark,
    };
    let output = app.ui.panes[pane].view.ui(ui, &cx);
    let doc_id = doc.id.clone();
    let now = ui.input(|i| i.time);
    for event in &output.events {
        handle_event(app, pane, &doc_id, event.clone(), now);
    }
    app.ui.last_outputs[pane] = Some(output);
}

fn handle_event(app: &mut CrosscheckApp, pane: usize, doc_id: &str, event: ArticleEvent, now: f64) {
    app.ui.active = pane;
    let other = 1 - pane;
    match event {
        ArticleEvent::Clicked { marks, .. } => {
            let mut claims: Vec<ClaimId> = Vec::new();
            for (claim, _) in marks {
                if !claims.contains(&claim) {
                    claims.push(claim);
                }
            }
            let current = app
                .ui
                .selected
                .as_ref()
                .and_then(|s| claims.iter().position(|c| c == s));
            let next = match current {
                Some(i) => claims.get((i + 1) % claims.len()).cloned(),
                None => claims.first().cloned(),
            };
            let holds_selected = app
                .ui
                .selected
                .as_ref()
                .and_then(|id| app.session.as_ref()?.claim(id))
                .is_some_and(|c| c.span.doc == doc_id);
            if next.is_some() || holds_selected || !app.ui.split {
                keys::select_claim(app, next);
            }
        }
        ArticleEvent::Selected { .. } => {
            app.ui.panes[other].view.selection = None;
        }
        ArticleEvent::Resized { claim, start, end } => {
            if let Some(session) = &mut app.session
                && let Err(err) = session.set_span(&claim, start, end, now)
            {
                app.ui.message = Some(err.to_string());
            }
        }
    }
}

/// The small bar of label buttons beside a fresh selection.
fn label_bar_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    let pane = app.ui.active;
    let view = &app.ui.panes[pane].view;
    if view.selection.is_none() || view.is_dragging() {
        return;
    }
    let Some(rect) = app.ui.last_outputs[pane]
        .as_ref()
        .and_then(|o| o.selection_rect)
    else {
        return;
    };
    let Some(session) = &app.session else {
        return;
    };
    let labels = session.ws.project.labels.clone();
    let linking = keys::linking_target(app, pane).is_some();
    let mut chosen: Option<(String, bool)> = None;
    egui::Area::new(egui::Id::unique("label-bar"))
        .order(egui::Order::Foreground)
        .fixed_pos(rect.left_bottom() + egui::vec2(0.0, 6.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                if linking {
                    ui.horizontal(|ui| {
                        ui.label("Link as evidence:");
                        for label in &labels {
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
                    for label in &labels {
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
                        app.ui.panes[pane].view.selection = None;
                    }
                });
            });
        });
    if let Some((label, link)) = chosen {
        let now = ui.input(|i| i.time);
        keys::label_selection(app, pane, &label, link, now);
    }
}

/// Help, skipped files, the name prompt, the open error, detached spans, the overview.
pub fn windows_ui(app: &mut CrosscheckApp, ctx: &egui::Context) {
    if app.ui.show_help {
        let mut open = true;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::Grid::new("keys").striped(true).show(ui, |ui| {
                    for (key, what) in keys::SHORTCUTS {
                        ui.label(RichText::new(*key).monospace());
                        ui.label(*what);
                        ui.end_row();
                    }
                });
            });
        app.ui.show_help = open;
    }
    if app.ui.show_skipped {
        let mut open = true;
        egui::Window::new("Skipped files")
            .open(&mut open)
            .show(ctx, |ui| {
                let Some(session) = &app.session else { return };
                if session.ws.corpus.skipped.is_empty() {
                    ui.label("Every file in the folder was read.");
                }
                egui::ScrollArea::vertical()
                    .max_height(400.0)
                    .show(ui, |ui| {
                        egui::Grid::new("skipped").striped(true).show(ui, |ui| {
                            for s in &session.ws.corpus.skipped {
                                ui.label(&s.path);
                                ui.label(s.reason.to_string());
                                ui.end_row();
                            }
                        });
                    });
            });
        app.ui.show_skipped = open;
    }
    super::export_ui::export_window_ui(app, ctx);
    super::evidence::detached_window_ui(app, ctx);
    super::evidence::overview_window_ui(app, ctx);
    name_prompt_ui(app, ctx);
    open_error_ui(app, ctx);
    proposal_ui(app, ctx);
}

fn name_prompt_ui(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(mut name) = app.name_prompt.take() else {
        return;
    };
    let mut done = false;
    egui::Modal::new(egui::Id::unique("name-prompt")).show(ctx, |ui| {
        ui.heading("Who is annotating?");
        ui.label("Your name is written into every claim you make, so several annotators' files can be compared. It is asked once.");
        // Read Enter before the field: a single-line field consumes it.
        let enter_pressed = ui.input(|i| i.key_pressed(egui::Key::Enter));
        let label = ui.label("Your name");
        let r = ui
            .add(egui::TextEdit::singleline(&mut name).hint_text("e.g. Ana Silva"))
            .labelled_by(label.id);
        // Focus the field once; asking every frame keeps egui repainting.
        if ui.memory(|m| m.focused().is_none()) {
            r.request_focus();
        }
        let enter = enter_pressed && (r.lost_focus() || r.has_focus());
        if (ui.add_enabled(!name.trim().is_empty(), egui::Button::new("Start")).clicked() || enter)
            && !name.trim().is_empty()
        {
            done = true;
        }
    });
    if done {
        app.settings.annotator = name.trim().to_owned();
        let annotator = app.annotator();
        if let Some(session) = &mut app.session {
            session.annotator = annotator;
        }
        app.remember_settings();
    } else {
        app.name_prompt = Some(name);
    }
}

fn open_error_ui(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(err) = app.open_error.clone() else {
        return;
    };
    let mut close = false;
    let mut restore = false;
    egui::Modal::new(egui::Id::unique("open-error")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(if err.is_project_error() {
            "This project cannot be opened"
        } else {
            "This cannot be opened"
        });
        ui.label(&err.message);
        if err.is_project_error() {
            ui.label(
                RichText::new("The file has not been changed and will not be overwritten.")
                    .strong(),
            );
        }
        ui.horizontal(|ui| {
            if let Some(backup) = &err.backup
                && ui
                    .button("Open the backup")
                    .on_hover_text(format!(
                        "Restore {}; the damaged file is kept beside it under a new name",
                        backup.display()
                    ))
                    .clicked()
            {
                restore = true;
            }
            if ui.button("Close").clicked() {
                close = true;
            }
        });
    });
    if restore {
        app.open_error = None;
        if let Some(project) = err.project {
            app.open(OpenRequest::RestoreBackup(project));
        }
    } else if close {
        app.open_error = None;
    }
}

fn proposal_ui(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(proposal) = app.ui.proposal.clone() else {
        return;
    };
    let Some(session) = &app.session else {
        return;
    };
    let name = session
        .ws
        .project
        .label(&proposal.label)
        .map_or(proposal.label.clone(), |l| l.name.clone());
    let mut accept = false;
    let mut dismiss = false;
    egui::Window::new("Label from evidence")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .show(ctx, |ui| {
            ui.label(format!(
                "The evidence you linked suggests the claim {}.",
                name.to_lowercase()
            ));
            ui.horizontal(|ui| {
                accept = ui.button(format!("Label it “{name}” (Enter)")).clicked();
                dismiss = ui.button("Keep as is (Esc)").clicked();
            });
            accept |= ui.input(|i| i.key_pressed(egui::Key::Enter));
        });
    if accept {
        let now = ctx.input(|i| i.time);
        if let Some(session) = &mut app.session
            && let Err(err) = session.accept_proposal(&proposal, now)
        {
            app.ui.message = Some(err.to_string());
        }
        app.ui.proposal = None;
    } else if dismiss {
        app.ui.proposal = None;
    }
}
