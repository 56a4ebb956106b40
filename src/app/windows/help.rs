//! Help › Keyboard shortcuts (F1): the gestures and every command that has
//! a shortcut, straight from the command table.

use egui::RichText;

use crate::app::command::{self, Command};

#[derive(Default)]
pub struct HelpWindow {
    pub open: bool,
}

impl HelpWindow {
    /// Draws the window while it is open.
    pub fn show(&mut self, ctx: &egui::Context) {
        if !self.open {
            return;
        }
        egui::Window::new("Keyboard shortcuts")
            .open(&mut self.open)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::Grid::new("keys").striped(true).show(ui, |ui| {
                    for (key, what) in command::GESTURES {
                        ui.label(RichText::new(*key).monospace());
                        ui.label(*what);
                        ui.end_row();
                    }
                    for c in Command::ALL {
                        if c.shortcuts().is_empty() {
                            continue;
                        }
                        ui.label(RichText::new(c.shortcut_text(ctx)).monospace());
                        ui.label(c.help());
                        ui.end_row();
                    }
                });
            });
    }
}
