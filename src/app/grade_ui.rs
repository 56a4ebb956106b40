//! Classrooms in the window: File › Make answer key… (instructions and
//! rubric), required / bonus and explanations on the key's claims, and
//! File › Grade student files… (a table per student, feedback files, the
//! comparison of the key with one student).

use std::path::PathBuf;

use egui::RichText;

use super::CrosscheckApp;
use super::action::Action;
use crate::grading;
use crate::grading::runs::Graded;
use crate::project::{self, AnswerKey, Claim, Edit, KeyInfo, Rubric};

/// The answer-key window's drafts.
#[derive(Default)]
pub struct KeyWindow {
    pub open: bool,
    instructions: Option<String>,
}

#[derive(Default)]
pub struct GradeWindow {
    pub open: bool,
    pub files: Vec<PathBuf>,
    pub results: Vec<Graded>,
}

/// A feedback file's mark on a claim, in the claim panel: what the
/// student's claim (or the key's) came to, and the key's explanation.
pub fn feedback_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui, claim: &Claim) {
    let Some(fb) = &claim.feedback else {
        return;
    };
    let (text, good) = match (fb.mark, fb.from_key) {
        (project::Mark::Found, false) => (
            "Found: this claim is in the answer key, with its label",
            true,
        ),
        (project::Mark::Found, true) => ("The answer key's claim: you found it", true),
        (project::Mark::WrongLabel, false) => {
            ("Found, but the answer key labels it differently", false)
        }
        (project::Mark::WrongLabel, true) => (
            "The answer key's claim and label: you found it with another label",
            false,
        ),
        (project::Mark::Missed, _) => ("The answer key's claim: you did not find it", false),
        (project::Mark::Extra, _) => ("Not in the answer key", false),
    };
    let color = if good {
        egui::Color32::from_rgb(0, 130, 90)
    } else {
        ui.visuals().warn_fg_color
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new(text).strong().color(color));
        if fb.bonus {
            ui.label(RichText::new("(a bonus claim)").weak());
        }
        if !fb.explanation.is_empty() {
            ui.label(&fb.explanation);
        }
        if let Some(other) = &fb.matched
            && ui.link("Show the matching claim").clicked()
        {
            app.ui.actions.push(Action::SelectClaim(other.clone()));
        }
    });
}

/// Required / bonus and the explanation of a key claim, in the claim panel.
pub fn key_claim_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui, claim: &Claim) {
    let Some(session) = app.session() else {
        return;
    };
    if session.workspace().project.answer_key().is_none() {
        return;
    }
    let info = claim.key_info.as_deref().cloned().unwrap_or(KeyInfo {
        required: true,
        explanation: String::new(),
    });
    ui.add_space(6.0);
    ui.label(RichText::new("In the answer key").strong());
    let mut required = info.required;
    ui.horizontal(|ui| {
        ui.radio_value(&mut required, true, "required");
        ui.radio_value(&mut required, false, "bonus");
    });
    let mut explanation = info.explanation.clone();
    let l = ui.label("Explanation for students");
    let r = ui
        .add(
            egui::TextEdit::multiline(&mut explanation)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("shown in their feedback file"),
        )
        .labelled_by(l.id);
    let changed = required != info.required || (r.changed() && explanation != info.explanation);
    if changed {
        app.ui.actions.push(Action::KeyInfo {
            claim: claim.id.clone(),
            info: KeyInfo {
                required,
                explanation,
            },
        });
    }
}

pub fn key_window_ui(app: &mut CrosscheckApp, ctx: &egui::Context) {
    if !app.ui.key_window.open {
        return;
    }
    let Some(session) = app.session() else {
        return;
    };
    let key = session.workspace().project.answer_key().cloned();
    let mut open = true;
    let mut set: Option<Option<AnswerKey>> = None;
    let mut handout = false;
    let w = &mut app.ui.key_window;
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
            let draft = w.instructions.get_or_insert_with(|| key.instructions.clone());
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
    app.ui.key_window.open = open;
    if let Some(key) = set {
        if key.is_none() {
            app.ui.key_window.instructions = None;
        }
        app.ui.actions.push(Action::Apply(Edit::SetAnswerKey(key)));
    }
    if handout {
        app.ui.actions.push(Action::WriteHandout);
    }
}

pub fn grade_window_ui(app: &mut CrosscheckApp, ctx: &egui::Context) {
    if !app.ui.grade.open {
        return;
    }
    let is_key = app
        .session()
        .is_some_and(|s| s.workspace().project.answer_key().is_some());
    let mut open = true;
    let mut add = false;
    let mut run = false;
    let mut feedback = false;
    let mut compare: Option<PathBuf> = None;
    let g = &mut app.ui.grade;
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
    app.ui.grade.open = open;
    if add {
        app.ui.actions.push(Action::AddStudentFiles);
    }
    if run {
        app.ui.actions.push(Action::GradeStudents);
    }
    if feedback {
        app.ui.actions.push(Action::WriteFeedback);
    }
    if let Some(path) = compare {
        app.ui.actions.push(Action::CompareStudent(path));
    }
}
