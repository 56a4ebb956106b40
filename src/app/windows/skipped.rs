//! View › Skipped files: the files of the corpus folder that were not read
//! as articles, and why.

use crate::app::action::Action;
use crate::session::Session;

#[derive(Default)]
pub struct SkippedWindow {
    pub open: bool,
}

impl SkippedWindow {
    /// Draws the window while it is open; it shows nothing without a session.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        session: Option<&Session>,
        actions: &mut Vec<Action>,
    ) {
        if !self.open {
            return;
        }
        egui::Window::new("Skipped files")
            .default_pos([300.0, 70.0])
            .open(&mut self.open)
            .show(ctx, |ui| {
                let Some(session) = session else {
                    return;
                };
                let corpus = &session.workspace().corpus;
                let skipped = &corpus.skipped;
                if skipped.is_empty() {
                    ui.label("Every file in the folder was read.");
                }
                egui::ScrollArea::vertical()
                    .max_height(400.0)
                    .show(ui, |ui| {
                        egui::Grid::new("skipped").striped(true).show(ui, |ui| {
                            for s in skipped {
                                ui.label(&s.path);
                                ui.label(s.reason.to_string());
                                // A dataset read with no text (or the
                                // wrong columns) is put right here.
                                if corpus.datasets.contains_key(&s.path) {
                                    if ui.button("Choose columns…").clicked() {
                                        actions.push(Action::ChooseColumns(s.path.clone()));
                                    }
                                } else {
                                    ui.label("");
                                }
                                ui.end_row();
                            }
                        });
                    });
            });
    }
}
