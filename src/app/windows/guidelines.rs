//! View › Guidelines: read the project's guidelines, edit them, load them
//! from a Markdown file (docs/label-schemes.md).

use egui::RichText;

use crate::app::action::Action;
use crate::project::Edit;
use crate::session::Session;

/// The guidelines: read them, edit them, load them from a Markdown file.
#[derive(Default)]
pub struct GuidelinesWindow {
    pub open: bool,
    editing: Option<String>,
}

impl GuidelinesWindow {
    /// Draws the window while it is open; saving pushes the edit, loading
    /// asks the controller to pick and read a file.
    pub fn show(&mut self, ctx: &egui::Context, session: &Session, actions: &mut Vec<Action>) {
        if !self.open {
            return;
        }
        let text = session.workspace().project.guidelines().to_owned();
        let mut open = true;
        let mut save: Option<String> = None;
        let mut load = false;
        let g = &mut *self;
        egui::Window::new("Guidelines")
        .open(&mut open)
        .default_width(480.0)
        .default_pos(ctx.content_rect().right_top() + egui::vec2(-500.0, 60.0))
        .show(ctx, |ui| {
            match &mut g.editing {
                Some(draft) => {
                    let l = ui.label("Guidelines text");
                    egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                        ui.add(
                            egui::TextEdit::multiline(draft)
                                .desired_width(f32::INFINITY)
                                .desired_rows(14)
                                .hint_text("# How to label\n\nWrite the rules annotators follow (Markdown)."),
                        )
                        .labelled_by(l.id);
                    });
                    let mut cancel = false;
                    ui.horizontal(|ui| {
                        if ui.button("Save guidelines").clicked() {
                            save = Some(draft.clone());
                        }
                        cancel = ui.button("Cancel").clicked();
                    });
                    if cancel {
                        g.editing = None;
                    }
                }
                None => {
                    if text.trim().is_empty() {
                        ui.weak("This project has no guidelines yet.");
                    } else {
                        egui::ScrollArea::vertical().max_height(480.0).show(ui, |ui| {
                            for line in text.lines() {
                                match line.strip_prefix('#') {
                                    Some(h) => ui.label(RichText::new(h.trim_start_matches('#').trim()).strong().size(18.0)),
                                    None => ui.label(line),
                                };
                            }
                        });
                    }
                    ui.separator();
                    ui.horizontal(|ui| {
                        if ui.button("Edit guidelines").clicked() {
                            g.editing = Some(text.clone());
                        }
                        load = ui.button("Load from a Markdown file…").clicked();
                        ui.label(RichText::new("G shows or hides this window").weak());
                    });
                }
            }
        });
        if let Some(draft) = save {
            self.editing = None;
            actions.push(Action::Apply(Edit::SetGuidelines(draft)));
        }
        self.open = open;
        if load {
            actions.push(Action::LoadGuidelines);
        }
    }
}
