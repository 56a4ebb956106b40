//! File › Import from another tool… in the window: which tool and what to
//! allow; the file (or brat folder) is picked next and the import runs as a
//! job, applied as one undoable step.

use egui::RichText;

use crate::app::action::Action;
use crate::import::{ImportOptions, Tool};

/// The import window's state.
pub struct ImportWindow {
    pub open: bool,
    pub tool: Tool,
    pub add_labels: bool,
    pub predictions: bool,
    /// What the last import did (or why it was refused).
    pub result: Option<String>,
}

impl Default for ImportWindow {
    fn default() -> Self {
        Self {
            open: false,
            tool: Tool::Doccano,
            add_labels: false,
            predictions: false,
            result: None,
        }
    }
}

impl ImportWindow {
    /// The window; choosing "Choose the file…" pushes [`Action::ImportFrom`].
    pub fn show(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Import from another tool")
            .default_pos([300.0, 70.0])
            .open(&mut open)
            .collapsible(false)
            .default_width(480.0)
            .show(ctx, |ui| {
                ui.label(
                    "Claims, labels, relations and notes come in as one step; Ctrl+Z undoes it. \
                     A file with any problem is refused whole.",
                );
                ui.add_space(4.0);
                for tool in Tool::ALL {
                    if tool == Tool::Crosscheck {
                        continue;
                    }
                    ui.radio_value(&mut self.tool, tool, RichText::new(tool.name()).strong());
                    ui.label(RichText::new(tool.description()).small().weak());
                }
                ui.add_space(6.0);
                ui.checkbox(&mut self.add_labels, "Add labels the project lacks");
                if self.tool == Tool::LabelStudio {
                    ui.checkbox(&mut self.predictions, "Import predictions too");
                }
                ui.label(
                    RichText::new(
                        "Claims the file does not attribute to anyone get the annotator \"import\", \
                         as on the command line. Texts that are not in the corpus are refused \
                         (the command line's --write-documents adds them).",
                    )
                    .small()
                    .weak(),
                );
                ui.add_space(6.0);
                let what = if self.tool.reads_folder() {
                    "folder"
                } else {
                    "file"
                };
                if ui
                    .button(format!("Choose the {what} and import…"))
                    .clicked()
                {
                    actions.push(Action::ImportFrom {
                        tool: self.tool,
                        options: ImportOptions {
                            annotator: None,
                            add_labels: self.add_labels,
                            predictions: self.predictions && self.tool == Tool::LabelStudio,
                            write_documents: false,
                        },
                    });
                }
                if let Some(result) = &self.result {
                    ui.separator();
                    ui.label(result);
                }
            });
        self.open &= open;
    }
}
