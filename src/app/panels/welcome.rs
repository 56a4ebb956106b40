//! The welcome page, shown while nothing is open.

use egui::RichText;

use crate::app::action::Action;
use crate::app::command::Command;

/// What the window shows before anything is open.
pub fn welcome_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.add_space(ui.available_height() / 4.0);
    ui.vertical_centered(|ui| {
        ui.heading("crosscheck");
        ui.label("Open a folder of articles to start annotating claims.");
        ui.add_space(8.0);
        if ui.button(Command::OpenFolder.name()).clicked() {
            actions.push(Action::Command(Command::OpenFolder));
        }
        if ui.button(Command::OpenSample.name()).clicked() {
            actions.push(Action::Command(Command::OpenSample));
        }
        ui.label(RichText::new("or drop a folder or .ron project onto this window").weak());
    });
}
