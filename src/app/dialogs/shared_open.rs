//! "This project is open in another window": the question asked before a
//! project another window has open is opened here (docs/sharing.md).

use egui::RichText;

use crate::app::action::{Action, SharedOpenAnswer};
use crate::project::lock::Writer;

/// Draws the question for the project at `project` that `others` have open.
pub fn shared_open_ui(
    ctx: &egui::Context,
    project: &std::path::Path,
    others: &[&Writer],
    actions: &mut Vec<Action>,
) {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("shared-open")).show(ctx, |ui| {
        ui.set_max_width(580.0);
        ui.heading("This project is open in another window");
        ui.label(project.display().to_string());
        for w in others {
            ui.label(RichText::new(format!("• {}", w.describe())).strong());
        }
        ui.add_space(4.0);
        ui.label(
            "Open it to edit as well, and every save here first takes in what the other \
             window saved (claims merged by id; a claim both changed is kept twice and \
             flagged). Or open it to read only: nothing here is saved.",
        );
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("Open and merge").clicked() {
                answer = Some(SharedOpenAnswer::Merge);
            }
            if ui.button("Open read-only").clicked() {
                answer = Some(SharedOpenAnswer::ReadOnly);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(SharedOpenAnswer::Cancel);
            }
        });
    });
    if let Some(answer) = answer {
        actions.push(Action::SharedOpen(answer));
    }
}
