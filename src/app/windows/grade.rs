//! File › Grade student files…: the students' files, a table of their
//! grades, feedback files, and the comparison of the key with one student
//! (docs/classrooms.md).

use std::path::PathBuf;

use egui::RichText;

use crate::app::action::Action;
use crate::grading;
use crate::grading::runs::Graded;
use crate::session::Session;

/// The grading window: the files picked and what grading them gave.
#[derive(Default)]
pub struct GradeWindow {
    pub open: bool,
    pub files: Vec<PathBuf>,
    pub results: Vec<Graded>,
}

impl GradeWindow {
    /// Draws the window while it is open; grading and feedback run as jobs
    /// the pushed actions start.
    pub fn show(&mut self, ctx: &egui::Context, session: &Session, actions: &mut Vec<Action>) {
        if !self.open {
            return;
        }
        let is_key = session.workspace().project.answer_key().is_some();
        let mut open = true;
        let mut add = false;
        let mut run = false;
        let mut feedback = false;
        let mut compare: Option<PathBuf> = None;
        let g = &mut *self;
        egui::Window::new("Grade student files")
        .default_pos([300.0, 70.0])
        .open(&mut open)
        .default_width(720.0)
        .show(ctx, |ui| {
            if !is_key {
                ui.label("This project is not an answer key yet: File › Make answer key… first.");
                return;
            }
            ui.horizontal(|ui| {
                add = ui.button("Add student files…").clicked();
                run = ui
                    .add_enabled(!g.files.is_empty(), egui::Button::new("Grade"))
                    .clicked();
                feedback = ui
                    .add_enabled(
                        g.results.iter().any(|r| r.result.is_ok()),
                        egui::Button::new("Write feedback files…"),
                    )
                    .clicked();
                if ui.button("Clear").clicked() {
                    g.files.clear();
                    g.results.clear();
                }
            });
            ui.label(RichText::new(format!("{} files", g.files.len())).weak());
            if g.results.is_empty() {
                return;
            }
            egui::ScrollArea::vertical().max_height(380.0).show(ui, |ui| {
                egui::Grid::new("grades").striped(true).show(ui, |ui| {
                    for h in ["student", "score", "found", "missed", "extra", "labels right", "evidence", ""] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for r in &g.results {
                        match &r.result {
                            Ok(grade) => {
                                ui.label(&grade.student).on_hover_text(r.path.display().to_string());
                                let pct = grade.percent.map_or(String::new(), |p| format!(" ({p:.0}%)"));
                                ui.label(format!("{} of {}{pct}", grade.score, grade.max_score));
                                ui.label(format!("{} of {} (+{} bonus)", grade.found_required, grade.required, grade.found_bonus));
                                ui.label(grade.missed_required.to_string());
                                ui.label(grade.extra.to_string());
                                ui.label(format!("{} of {}", grade.labels_correct, grade.labels_checked));
                                ui.label(format!("{} of {}", grade.evidence_found, grade.evidence_of_found));
                                if ui.button("Compare").on_hover_text("Show the key and this student's claims side by side in lanes").clicked() {
                                    compare = Some(r.path.clone());
                                }
                            }
                            Err(e) => {
                                ui.label(r.path.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned()));
                                ui.label(RichText::new(e).color(ui.visuals().warn_fg_color));
                                for _ in 0..6 {
                                    ui.label("");
                                }
                            }
                        }
                        ui.end_row();
                    }
                });
            });
            ui.label(RichText::new(grading::RULE).weak());
        });
        self.open = open;
        if add {
            actions.push(Action::AddStudentFiles);
        }
        if run {
            actions.push(Action::GradeStudents);
        }
        if feedback {
            actions.push(Action::WriteFeedback);
        }
        if let Some(path) = compare {
            actions.push(Action::CompareStudent(path));
        }
    }
}
