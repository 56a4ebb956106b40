//! File › Make answer key…: whether the project is a key, the
//! instructions and rubric, and the handout for students (docs/classrooms.md).

use egui::RichText;

use crate::app::action::Action;
use crate::grading;
use crate::project::{AnswerKey, Edit, Rubric};
use crate::session::Session;

/// The answer-key window: open or not, and the instructions being edited.
#[derive(Default)]
pub struct KeyWindow {
    pub open: bool,
    instructions: Option<String>,
}

impl KeyWindow {
    /// Draws the window while it is open; changes to the key are pushed as
    /// edits.
    pub fn show(&mut self, ctx: &egui::Context, session: &Session, actions: &mut Vec<Action>) {
        if !self.open {
            return;
        }
        let key = session.workspace().project.answer_key().cloned();
        let mut open = true;
        let mut set: Option<Option<AnswerKey>> = None;
        let mut handout = false;
        let w = &mut self.instructions;
        egui::Window::new("Answer key")
        .default_pos([300.0, 70.0])
        .open(&mut open)
        .default_width(460.0)
        .show(ctx, |ui| {
            let mut is_key = key.is_some();
            if ui
                .checkbox(&mut is_key, "This project is an answer key")
                .changed()
            {
                set = Some(is_key.then(AnswerKey::default));
            }
            let Some(key) = key else {
                ui.label("Mark the project as a key, then label the claims students should find; each claim can be required or a bonus and carry an explanation.");
                return;
            };
            ui.label("Instructions for students (Markdown, written to INSTRUCTIONS.md in the handout):");
            let draft = w.get_or_insert_with(|| key.instructions.clone());
            let l = ui.label("Instructions");
            ui.add(
                egui::TextEdit::multiline(draft)
                    .desired_rows(4)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
            if ui
                .add_enabled(*draft != key.instructions, egui::Button::new("Save instructions"))
                .clicked()
            {
                set = Some(Some(AnswerKey {
                    instructions: draft.clone(),
                    ..key.clone()
                }));
            }
            ui.separator();
            ui.label(RichText::new("Rubric (points)").strong());
            let mut rubric = key.rubric.unwrap_or_default();
            let before = rubric;
            egui::Grid::new("rubric").show(ui, |ui| {
                for (name, value) in [
                    ("per key claim found", &mut rubric.points_found),
                    ("per right label", &mut rubric.points_label),
                    ("per evidence link found", &mut rubric.points_evidence),
                    ("taken off per extra claim", &mut rubric.penalty_extra),
                ] {
                    ui.label(name);
                    ui.add(egui::DragValue::new(value).range(0..=100));
                    ui.end_row();
                }
            });
            if rubric != before {
                set = Some(Some(AnswerKey {
                    rubric: (rubric != Rubric::default()).then_some(rubric),
                    ..key.clone()
                }));
            }
            ui.label(RichText::new(grading::RULE).weak());
            ui.separator();
            handout = ui
                .button("Write a handout folder for students…")
                .on_hover_text("The articles, an empty project with these labels, the instructions — no answers")
                .clicked();
        });
        self.open = open;
        if let Some(key) = set {
            if key.is_none() {
                self.instructions = None;
            }
            actions.push(Action::Apply(Edit::SetAnswerKey(key)));
        }
        if handout {
            actions.push(Action::WriteHandout);
        }
    }
}
