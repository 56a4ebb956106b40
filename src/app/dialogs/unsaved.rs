//! The question asked when unsaved work cannot be written and something
//! (closing, opening another project) waits for it.

use egui::RichText;

use crate::app::action::{Action, UnsavedAnswer};
use crate::session::{SaveState, Session};

/// Draws the question: `what` waits ("close the window") for `session`'s
/// work to be written.
pub fn unsaved_dialog_ui(
    ctx: &egui::Context,
    what: &str,
    session: &Session,
    actions: &mut Vec<Action>,
) {
    let error = match session.save_state() {
        SaveState::Failed(err) => err.clone(),
        _ => String::new(),
    };
    let path = session.workspace().project_path.display().to_string();
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("unsaved-work")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("Your latest changes are not saved");
        ui.label(format!(
            "Before you {what}: they could not be written to {path}."
        ));
        ui.label(RichText::new(&error).color(ui.visuals().error_fg_color));
        ui.label("Retry once the problem is fixed, or save them somewhere else.");
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("Retry").clicked() {
                answer = Some(UnsavedAnswer::Retry);
            }
            if ui.button("Save as…").clicked() {
                answer = Some(UnsavedAnswer::SaveAs);
            }
            if ui
                .button("Discard changes")
                .on_hover_text("Throw away what was not saved")
                .clicked()
            {
                answer = Some(UnsavedAnswer::Discard);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(UnsavedAnswer::Cancel);
            }
        });
    });
    if let Some(answer) = answer {
        actions.push(Action::Unsaved(answer));
    }
}
