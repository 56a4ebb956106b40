//! File › Export… in the window: the format and where; the export itself
//! runs as a job.

use egui::RichText;

use super::CrosscheckApp;
use super::action::Action;
use crate::export::Format;

/// The export window: pick a format, pick where, see what was written.
pub fn export_window_ui(app: &mut CrosscheckApp, ctx: &egui::Context) {
    if !app.ui.show_export {
        return;
    }
    let mut open = true;
    let mut go = None;
    let mut format = app.ui.export_format;
    egui::Window::new("Export")
        .open(&mut open)
        .collapsible(false)
        .default_width(460.0)
        .show(ctx, |ui| {
            ui.label("Every offset is a Unicode code point index (Python's text[start:end]).");
            ui.add_space(4.0);
            for f in Format::ALL {
                ui.radio_value(&mut format, f, RichText::new(f.name()).strong());
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
                go = Some(format);
            }
            if let Some(result) = &app.ui.export_result {
                ui.separator();
                ui.label(result);
            }
        });
    app.ui.export_format = format;
    app.ui.show_export = open;
    if let Some(format) = go {
        app.ui.actions.push(Action::ExportTo(format));
    }
}
