//! A corpus or project that could not be opened: why, and the backup to
//! open instead when a damaged project has one.

use egui::RichText;

use crate::app::open::OpenError;

/// What the person answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenErrorAnswer {
    Close,
    RestoreBackup,
}

/// Draws the dialog for `err`; the answer once one is given.
#[must_use]
pub fn open_error_ui(ctx: &egui::Context, err: &OpenError) -> Option<OpenErrorAnswer> {
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
        Some(OpenErrorAnswer::RestoreBackup)
    } else if close {
        Some(OpenErrorAnswer::Close)
    } else {
        None
    }
}
