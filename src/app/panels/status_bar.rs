//! The status bar: whether the work is saved, the project file, counts,
//! claims flagged by a git merge, skipped files, indexing, messages and
//! background work.

use egui::{Color32, RichText};

use crate::app::action::Action;
use crate::app::command::Command;
use crate::session::{SaveState, Session};

/// The status bar for one frame: what it reports.
pub struct StatusBar<'a> {
    pub session: Option<&'a Session>,
    /// In a study: (documents of the annotator's share done, in it,
    /// assigned but not in the corpus).
    pub share_done: Option<(usize, usize, usize)>,
    /// The unsaved-work question is up (its buttons are the ones to press).
    pub asks_about_unsaved: bool,
    /// (articles indexed, articles) while the search index is built.
    pub indexing: Option<(usize, usize)>,
    pub message: Option<&'a str>,
    /// Background work under way ("grading", …).
    pub busy: Option<&'a str>,
}

impl StatusBar<'_> {
    pub fn ui(self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let StatusBar {
            session,
            share_done,
            asks_about_unsaved,
            indexing,
            message,
            busy,
        } = self;
        egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            let mut save_as = false;
            let mut save_now = false;
            if let Some(session) = session {
                match session.save_state() {
                    // Nothing is ever written; "saved" would say otherwise.
                    _ if session.is_read_only() => {
                        ui.label(RichText::new("read-only").strong())
                            .on_hover_text("Opened read-only: nothing here is saved");
                    }
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
                        if !asks_about_unsaved {
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
                if let Some((done, of, missing)) = share_done {
                    ui.separator();
                    ui.label(RichText::new(format!("{done} of {of} done")).strong())
                        .on_hover_text(
                            "Documents of your share in this study marked done \
                             (the mark beside each title; Ctrl+D)",
                        );
                    if missing > 0 {
                        ui.label(
                            RichText::new(format!(
                                "⚠ {missing} assigned {} not in the corpus",
                                if missing == 1 { "document is" } else { "documents are" }
                            ))
                            .color(ui.visuals().warn_fg_color),
                        )
                        .on_hover_text(
                            "Your share lists documents this corpus folder does not have \
                             (renamed or removed files): ask the study's lead",
                        );
                    }
                }
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
                    actions.push(Action::SelectClaim(id));
                }
                let skipped = ws.corpus.skipped.len();
                let files = if skipped == 1 { "file" } else { "files" };
                if skipped > 0 && ui.link(format!("{skipped} {files} skipped")).clicked() {
                    actions.push(Action::ShowSkipped);
                }
                // Last, so the links before it do not move when indexing ends
                // (a click aimed at one would land beside it).
                if let Some((done, total)) = indexing {
                    ui.label(format!("indexing for search… {done} of {total}"))
                        .on_hover_text("Search and suggested evidence are ready when this ends; the articles can be read meanwhile");
                }
            }
            if let Some(message) = message {
                ui.separator();
                ui.label(RichText::new(message).color(ui.visuals().warn_fg_color));
            }
            if let Some(busy) = busy {
                ui.separator();
                ui.spinner();
                ui.label(format!("{busy}…"));
            }
            if let Some(notice) = session.and_then(|s| s.notice.as_deref()) {
                ui.separator();
                ui.label(notice);
            }
            if save_now {
                actions.push(Action::Command(Command::Save));
            }
            if save_as {
                actions.push(Action::Command(Command::SaveAs));
            }
        });
    });
    }
}
