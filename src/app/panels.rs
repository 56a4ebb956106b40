//! The window's panels: menu, status bar, documents, the selected claim, the
//! article panes, and the smaller windows.

use std::collections::HashSet;

use egui::{Color32, RichText};

use super::CrosscheckApp;
use super::action::Action;
use super::action::OpenRequest;
use super::article::{ArticleEvent, MarkKey, ViewContext};
use super::command::Command;
use super::nav;
use super::para_layout;
use crate::project::{ClaimId, Label};
use crate::session::SaveState;
use crate::text::bidi;

pub fn label_color(label: &Label) -> Color32 {
    let [r, g, b] = label.rgb();
    Color32::from_rgb(r, g, b)
}

/// A menu item for a command: its name and shortcut come from the table.
fn command_button(ui: &mut egui::Ui, actions: &mut Vec<Action>, command: Command, enabled: bool) {
    command_button_named(ui, actions, command, command.name(), enabled);
}

fn command_button_named(
    ui: &mut egui::Ui,
    actions: &mut Vec<Action>,
    command: Command,
    text: &str,
    enabled: bool,
) {
    let shortcut = command.shortcut_text(ui.ctx());
    if ui
        .add_enabled(enabled, egui::Button::new(text).shortcut_text(shortcut))
        .clicked()
    {
        actions.push(Action::Command(command));
    }
}

pub fn menu_bar_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            let has_session = app.ctl.session().is_some();
            let actions = &mut app.ui.actions;
            ui.menu_button("File", |ui| {
                command_button(ui, actions, Command::OpenFolder, true);
                command_button(ui, actions, Command::OpenProject, true);
                ui.menu_button("Open recent", |ui| {
                    if app.settings.recent.is_empty() {
                        ui.label("Nothing yet");
                    }
                    for path in &app.settings.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            actions.push(Action::Open(OpenRequest::Path(path.clone())));
                        }
                    }
                });
                command_button(ui, actions, Command::OpenSample, true);
                ui.separator();
                command_button(ui, actions, Command::Save, has_session);
                command_button(ui, actions, Command::SaveAs, has_session);
                command_button(ui, actions, Command::Export, has_session);
                command_button(ui, actions, Command::Import, has_session);
                command_button(ui, actions, Command::ImportFrom, has_session);
                command_button(ui, actions, Command::UseLabelsFrom, has_session);
                ui.separator();
                command_button(ui, actions, Command::NewProjectFile, has_session);
                command_button(ui, actions, Command::CompareWith, has_session);
                command_button(ui, actions, Command::MakeAnswerKey, has_session);
                command_button(ui, actions, Command::GradeStudents, has_session);
                ui.separator();
                command_button(ui, actions, Command::Quit, true);
            });
            ui.menu_button("Edit", |ui| {
                let (undo, redo) = app.ctl.session().map_or((None, None), |s| {
                    (s.undo_description(), s.redo_description())
                });
                let undo_text = undo.map_or("Undo".to_string(), |d| format!("Undo {d}"));
                let redo_text = redo.map_or("Redo".to_string(), |d| format!("Redo {d}"));
                command_button_named(ui, actions, Command::Undo, &undo_text, undo.is_some());
                command_button_named(ui, actions, Command::Redo, &redo_text, redo.is_some());
                ui.separator();
                let selected = app.ui.selected.is_some();
                command_button(ui, actions, Command::Delete, selected);
                command_button(ui, actions, Command::EditNote, selected);
                command_button(ui, actions, Command::ToggleDone, has_session);
                command_button(ui, actions, Command::Find, has_session);
                command_button(ui, actions, Command::SearchCorpus, has_session);
                command_button(ui, actions, Command::EditLabels, has_session);
                ui.separator();
                ui.label("Your name (written into new claims):");
                let response = ui.add(
                    egui::TextEdit::singleline(&mut app.settings.annotator)
                        .hint_text("annotator name"),
                );
                if response.lost_focus() {
                    actions.push(Action::SetAnnotator(app.settings.annotator.clone()));
                }
            });
            ui.menu_button("View", |ui| {
                command_button(ui, actions, Command::ToggleSplit, has_session);
                command_button(ui, actions, Command::ToggleOverview, has_session);
                command_button(ui, actions, Command::ToggleDetached, has_session);
                command_button(ui, actions, Command::ToggleSkipped, has_session);
                command_button(ui, actions, Command::ToggleGuidelines, has_session);
                command_button(
                    ui,
                    actions,
                    Command::ToggleComparison,
                    app.ui.compare.is_some(),
                );
                ui.separator();
                command_button(ui, actions, Command::NextDoc, has_session);
                command_button(ui, actions, Command::PrevDoc, has_session);
                ui.separator();
                command_button(ui, actions, Command::FontBigger, true);
                command_button(ui, actions, Command::FontSmaller, true);
                command_button(ui, actions, Command::FontReset, true);
                let theme = if app.settings.dark {
                    "Light theme"
                } else {
                    "Dark theme"
                };
                command_button_named(ui, actions, Command::ToggleTheme, theme, true);
            });
            ui.menu_button("Help", |ui| {
                command_button(ui, actions, Command::ToggleHelp, true);
            });
        });
    });
}

pub fn status_bar_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            let mut save_as = false;
            let mut save_now = false;
            if let Some(session) = app.ctl.session() {
                match session.save_state() {
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
                        // While the unsaved-work question is up, its own
                        // buttons are the ones to press.
                        if app.ctl.asks_about_unsaved().is_none() {
                            save_now = ui.button("Retry").clicked();
                            save_as = ui.button("Save as…").clicked();
                        }
                    }
                }
                if let Some(problem) = session.journal_problem() {
                    ui.label(
                        RichText::new(format!("⚠ {problem} — your work is kept in memory"))
                            .color(ui.visuals().warn_fg_color),
                    )
                    .on_hover_text(
                        "Each edit is normally on disk within milliseconds in the edit journal; \
                         until that works again it reaches the disk only when the project is saved",
                    );
                }
                ui.separator();
                let ws = session.workspace();
                ui.label(RichText::new(ws.project_path.display().to_string()).small())
                    .on_hover_text("The project file: labels are saved here automatically");
                ui.separator();
                ui.label(format!(
                    "{} documents · {} claims · {} evidence links",
                    ws.corpus.len(),
                    ws.project.claims().len(),
                    session.evidence_count()
                ));
                let flagged = session.flagged_count();
                if flagged > 0
                    && ui
                        .link(
                            RichText::new(format!(
                                "⚠ {flagged} {} flagged by a git merge",
                                if flagged == 1 { "claim" } else { "claims" }
                            ))
                            .color(ui.visuals().warn_fg_color),
                        )
                        .on_hover_text("Select the next one")
                        .clicked()
                    && let Some(id) = ws
                        .project
                        .claims()
                        .sorted()
                        .into_iter()
                        .find(|c| c.conflict.is_some())
                        .map(|c| c.id.clone())
                {
                    app.ui.actions.push(Action::SelectClaim(id));
                }
                let skipped = ws.corpus.skipped.len();
                let files = if skipped == 1 { "file" } else { "files" };
                if skipped > 0 && ui.link(format!("{skipped} {files} skipped")).clicked() {
                    app.ui.skipped.open = true;
                }
                // Last, so the links before it do not move when indexing ends
                // (a click aimed at one would land beside it).
                if let Some((done, total)) = app.ui.search.building() {
                    ui.label(format!("indexing for search… {done} of {total}"))
                        .on_hover_text("Search and suggested evidence are ready when this ends; the articles can be read meanwhile");
                }
            }
            if let Some(message) = &app.ui.message {
                ui.separator();
                ui.label(RichText::new(message).color(ui.visuals().warn_fg_color));
            }
            if let Some(busy) = app.ctl.busy() {
                ui.separator();
                ui.spinner();
                ui.label(format!("{busy}…"));
            }
            if let Some(notice) = app.ctl.session().and_then(|s| s.notice.as_deref()) {
                ui.separator();
                ui.label(notice);
            }
            if save_now {
                app.ui.actions.push(Action::Command(Command::Save));
            }
            if save_as {
                app.ui.actions.push(Action::Command(Command::SaveAs));
            }
        });
    });
}

pub fn documents_panel_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    egui::Panel::left("documents")
        .resizable(true)
        .default_size(270.0)
        .show(ui, |ui| {
            let Some(session) = app.ctl.session() else {
                return;
            };
            let ws = session.workspace();
            ui.add_space(4.0);
            ui.add(
                egui::TextEdit::singleline(&mut app.ui.filter)
                    .hint_text("Filter documents")
                    .desired_width(f32::INFINITY),
            )
            .on_hover_text("Filter by title or file name");
            ui.add_space(4.0);
            let rows = app.ui.doc_rows.rows(&app.ui.filter, &ws.corpus.documents);
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
                        let doc = &ws.corpus.documents[i];
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
                                let r = ui
                                    .with_layout(egui::Layout::top_down(align), |ui| {
                                        ui.add(
                                            egui::Button::selectable(
                                                i == current,
                                                RichText::new(title).strong(),
                                            )
                                            .truncate(),
                                        )
                                    })
                                    .inner;
                                if r.clicked() {
                                    clicked = Some(i);
                                }
                                ui.horizontal(|ui| {
                                    ui.label(RichText::new(doc.file_name()).small().weak());
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
                nav::show_doc(&mut app.ui, pane, i);
            }
            if let Some(doc) = toggle {
                app.ui.actions.push(Action::ToggleDoneDoc(doc));
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
        if ui.button(Command::OpenFolder.name()).clicked() {
            app.ui.actions.push(Action::Command(Command::OpenFolder));
        }
        if ui.button(Command::OpenSample.name()).clicked() {
            app.ui.actions.push(Action::Command(Command::OpenSample));
        }
        ui.label(RichText::new("or drop a folder or .ron project onto this window").weak());
    });
}

/// The legend and the one or two article panes.
pub fn articles_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    legend_ui(app, ui);
    find_bar_ui(app, ui);
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
    let Some(session) = app.ctl.session() else {
        return;
    };
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
fn find_bar_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    if !app.ui.find.open {
        return;
    }
    let pane = app.ui.active;
    let Some(doc) = app
        .ctl
        .session()
        .and_then(|s| s.workspace().corpus.documents.get(app.ui.panes[pane].doc))
    else {
        return;
    };
    let out = app.ui.find.bar_ui(ui, doc);
    ui.separator();
    let view = &mut app.ui.panes[pane].view;
    if let Some((start, _)) = out.scroll_to {
        view.scroll_to = Some(start);
    }
    if let Some((start, end)) = out.highlight {
        view.selection = Some((start, end));
        view.scroll_to = Some(start);
    }
}

/// Header and article of one pane; events become edits here.
fn pane_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui, pane: usize) {
    let Some(session) = app.ctl.session() else {
        return;
    };
    let ws = session.workspace();
    let Some(doc) = ws.corpus.documents.get(app.ui.panes[pane].doc) else {
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
        let font = egui::TextStyle::Body.resolve(ui.style());
        let title = para_layout::one_line_label_in(ui, title, ui.available_width() - 24.0, font);
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
    let gaps = app.ui.panes[pane]
        .view
        .missing_scripts(ui.ctx(), doc, app.settings.font_size);
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
    let (finds, find_current) = if pane == app.ui.active && app.ui.find.open {
        (app.ui.find.matches(doc), app.ui.find.current(doc))
    } else {
        (std::sync::Arc::new(Vec::new()), None)
    };
    let cx = ViewContext {
        doc,
        marks: session.marks(&doc.id),
        labels: ws.project.labels(),
        claims: ws.project.claims(),
        selected: app.ui.selected.as_ref(),
        outlined: &outlined,
        font_size: app.settings.font_size,
        dark: app.settings.dark,
        lanes: app.ui.compare.as_ref().map_or(&[], |c| c.lanes_in(&doc.id)),
        finds: &finds,
        find_current,
    };
    let output = app.ui.panes[pane].view.ui(ui, &cx);
    let doc_id = doc.id.clone();
    for event in &output.events {
        handle_event(app, pane, &doc_id, event.clone());
    }
    app.ui.last_outputs[pane] = Some(output);
}

fn handle_event(app: &mut CrosscheckApp, pane: usize, doc_id: &str, event: ArticleEvent) {
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
                .and_then(|id| app.ctl.session()?.claim(id))
                .is_some_and(|c| c.span.doc == doc_id);
            if next.is_some() || holds_selected || !app.ui.split {
                nav::select_claim(&mut app.ui, next);
            }
        }
        ArticleEvent::Selected { .. } => {
            app.ui.panes[other].view.selection = None;
        }
        ArticleEvent::Resized { claim, start, end } => {
            app.ui.actions.push(Action::SetSpan { claim, start, end });
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
    let Some(session) = app.ctl.session() else {
        return;
    };
    let labels = session.workspace().project.labels();
    let linking = nav::linking_target(&app.ui, session, pane).is_some();
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
                        app.ui.panes[pane].view.selection = None;
                    }
                });
            });
        });
    if let Some((label, link)) = chosen {
        app.ui
            .actions
            .push(Action::LabelSelection { pane, label, link });
    }
}

/// Help, skipped files, the name prompt, the open error, detached spans, the overview.
pub fn windows_ui(app: &mut CrosscheckApp, ctx: &egui::Context) {
    app.ui.help.show(ctx);
    app.ui.skipped.show(ctx, app.ctl.session());
    app.ui.export.show(ctx, &mut app.ui.actions);
    app.ui.import.show(ctx, &mut app.ui.actions);
    super::labels_ui::labels_window_ui(app, ctx);
    super::labels_ui::guidelines_window_ui(app, ctx);
    super::compare_ui::compare_window_ui(app, ctx);
    super::grade_ui::key_window_ui(app, ctx);
    super::grade_ui::grade_window_ui(app, ctx);
    super::evidence::detached_window_ui(app, ctx);
    super::evidence::overview_window_ui(app, ctx);
    // One question at a time: the name first, then what could not be opened.
    if app.name_prompt.is_some() {
        name_prompt_ui(app, ctx);
    } else if app.open_error.is_some() {
        open_error_ui(app, ctx);
    } else {
        super::unsaved::unsaved_dialog_ui(app, ctx);
    }
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
        app.ui
            .actions
            .push(Action::SetAnnotator(name.trim().to_owned()));
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
            app.ui
                .actions
                .push(Action::Open(OpenRequest::RestoreBackup(project)));
        }
    } else if close {
        app.open_error = None;
    }
}

fn proposal_ui(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(proposal) = app.ui.proposal.clone() else {
        return;
    };
    let Some(session) = app.ctl.session() else {
        return;
    };
    let name = session
        .workspace()
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
        });
    if accept {
        app.ui.actions.push(Action::AcceptProposal);
    } else if dismiss {
        app.ui.proposal = None;
    }
}
