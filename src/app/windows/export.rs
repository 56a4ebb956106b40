//! File › Export… in the window: the format and where; the export itself
//! runs as a job.

use egui::RichText;

use crate::app::action::Action;
use crate::export::Format;

/// The export window: pick a format, pick where, see what was written.
pub struct ExportWindow {
    pub open: bool,
    pub format: Format,
    /// What the last export wrote (or is writing).
    pub result: Option<String>,
}

impl Default for ExportWindow {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Fever,
            result: None,
        }
    }
}

impl ExportWindow {
    /// Draws the window while it is open; a chosen format is pushed as
    /// [`Action::ExportTo`].
    pub fn show(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if !self.open {
            return;
        }
        let mut go = None;
        let format = &mut self.format;
        let result = &self.result;
        egui::Window::new("Export")
            .default_pos([300.0, 70.0])
            .open(&mut self.open)
            .collapsible(false)
            .default_width(460.0)
            .show(ctx, |ui| {
                ui.label("Every offset is a Unicode code point index (Python's text[start:end]).");
                ui.add_space(4.0);
                for f in Format::ALL {
                    ui.radio_value(format, f, RichText::new(f.name()).strong());
                    ui.label(RichText::new(f.description()).small().weak());
                }
                ui.add_space(6.0);
                let what = if format.writes_folder() {
                    "folder"
                } else {
                    "file"
                };
                if ui
                    .button(format!("Choose the {what} and export…"))
                    .clicked()
                {
                    go = Some(*format);
                }
                if let Some(result) = result {
                    ui.separator();
                    ui.label(result);
                }
            });
        if let Some(format) = go {
            actions.push(Action::ExportTo(format));
        }
    }
}
