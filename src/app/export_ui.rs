//! File › Export… and File › Import pre-annotations… in the window.

use egui::RichText;

use super::CrosscheckApp;
use crate::export::{self, Format};

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
    let Some(format) = go else { return };
    let extension = format.extension().unwrap_or("");
    let title = format!("Export {}", format.name());
    let Some(out) = app
        .dialogs
        .save_file(&title, format.default_file_name(), extension)
    else {
        return;
    };
    let Some(session) = &app.session else { return };
    let message = match export::export(&session.ws.project, &session.ws.corpus, format, &out) {
        Ok(summary) => {
            let mut text = summary.message();
            if summary.skipped_detached > 0 {
                text.push_str(&format!(
                    " ({} detached spans left out)",
                    summary.skipped_detached
                ));
            }
            text
        }
        Err(err) => format!("Export failed: {err}"),
    };
    app.ui.message = Some(message.clone());
    app.ui.export_result = Some(message);
}

/// Adds machine pre-annotations (JSON Lines) as one undoable step.
pub fn import_pre_annotations(app: &mut CrosscheckApp, now: f64) {
    let Some(path) = app.dialogs.pick_file("Import pre-annotations", "jsonl") else {
        return;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            app.ui.message = Some(format!("Cannot read {}: {err}", path.display()));
            return;
        }
    };
    let Some(session) = &mut app.session else {
        return;
    };
    let plan = match export::import_jsonl(&session.ws.project, &session.ws.corpus, &text, "import")
    {
        Ok(plan) => plan,
        Err(err) => {
            app.ui.message = Some(format!("Nothing imported from {}: {err}", path.display()));
            return;
        }
    };
    let message = format!(
        "Imported {} claims from {} ({} already there); Ctrl+Z undoes the import",
        plan.added,
        path.display(),
        plan.duplicates
    );
    match session.apply(plan.edit, now) {
        Ok(()) => app.ui.message = Some(message),
        Err(err) => app.ui.message = Some(format!("Nothing imported: {err}")),
    }
}
