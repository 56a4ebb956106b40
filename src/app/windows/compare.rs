//! File › Compare with…: other annotators' files over the same corpus,
//! their claims in lanes over the article, the disagreements to step
//! through, the agreement figures, and adjudication into this project
//! (the gold file): accept one version, both, or reject — one key each.

use std::collections::HashMap;

use egui::{Color32, RichText};

use crate::agreement::Report;
use crate::agreement::adjudicate::{Adjudication, Decision};
use crate::agreement::compare::Kind;
use crate::app::action::Action;
use crate::project::Project;
use crate::session::Session;
use crate::text::bidi;

/// Lane colours for compared annotators (Okabe–Ito, apart from the label
/// colours' order so lanes and labels are told apart).
const LANE_COLOURS: [Color32; 6] = [
    Color32::from_rgb(0, 158, 115),
    Color32::from_rgb(204, 121, 167),
    Color32::from_rgb(86, 180, 233),
    Color32::from_rgb(230, 159, 0),
    Color32::from_rgb(0, 114, 178),
    Color32::from_rgb(213, 94, 0),
];

/// A comparison as the window shows it: the library's [`Adjudication`]
/// (which it derefs to), the lanes drawn over the article, and where the
/// person is.
pub struct CompareState {
    pub open: bool,
    pub adjudication: Adjudication,
    /// The disagreement shown, index into `comparison.disagreements`.
    pub cursor: Option<usize>,
    /// List only the disagreements of the article shown.
    pub only_doc: bool,
    /// (gold version, decided per disagreement).
    decided: Option<(u64, Vec<bool>)>,
    lanes: HashMap<String, Vec<(usize, Color32, usize, usize)>>,
}

impl std::ops::Deref for CompareState {
    type Target = Adjudication;
    fn deref(&self) -> &Adjudication {
        &self.adjudication
    }
}

impl CompareState {
    /// The window's view of a finished comparison: one lane per annotator.
    pub fn new(adjudication: Adjudication) -> Self {
        let mut lanes: HashMap<String, Vec<(usize, Color32, usize, usize)>> = HashMap::new();
        for (i, f) in adjudication.files.iter().enumerate() {
            for c in f.project.claims().iter().filter(|c| !c.span.detached) {
                lanes.entry(c.span.doc.clone()).or_default().push((
                    i,
                    LANE_COLOURS[i % LANE_COLOURS.len()],
                    c.span.start,
                    c.span.end,
                ));
            }
        }
        Self {
            open: true,
            adjudication,
            cursor: None,
            only_doc: false,
            decided: None,
            lanes,
        }
    }

    /// Other annotators' claims in `doc`, for the article view.
    pub fn lanes_in(&self, doc: &str) -> &[(usize, Color32, usize, usize)] {
        self.lanes.get(doc).map_or(&[], Vec::as_slice)
    }

    pub fn colour(&self, annotator: usize) -> Color32 {
        LANE_COLOURS[annotator % LANE_COLOURS.len()]
    }

    /// [`Adjudication::decided_in`], kept until the gold project changes:
    /// the window asks every frame.
    pub fn decided(&mut self, gold: &Project, version: u64) -> &[bool] {
        if self.decided.as_ref().is_none_or(|(v, _)| *v != version) {
            self.decided = Some((version, self.adjudication.decided_in(gold)));
        }
        self.decided.as_ref().map_or(&[], |(_, d)| d.as_slice())
    }
}

impl CompareState {
    /// Draws the window while it is open, beside the article `shown_doc`
    /// of the active pane. Returns false when the person ends the
    /// comparison (the caller drops it).
    #[must_use]
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        shown_doc: Option<&str>,
        actions: &mut Vec<Action>,
    ) -> bool {
        if !self.open {
            return true;
        }
        let gold = &session.workspace().project;
        let is_decided = self.decided(gold, session.version()).to_vec();
        let state = &*self;
        let decided = is_decided.iter().filter(|d| **d).count();
        let mut open = true;
        let mut go_to: Option<usize> = None;
        let mut decide: Option<Decision> = None;
        let mut close_comparison = false;
        let mut only_doc = state.only_doc;
        // Disagreements are sorted by document: one article's are a range.
        let all = &state.comparison.disagreements;
        let rows = match (shown_doc, only_doc) {
            (Some(doc), true) => {
                let lo = all.partition_point(|d| d.doc.as_str() < doc);
                let hi = all.partition_point(|d| d.doc.as_str() <= doc);
                lo..hi
            }
            _ => 0..all.len(),
        };
        egui::Window::new("Comparison")
        .open(&mut open)
        .default_width(560.0)
        .default_pos(ctx.content_rect().right_top() + egui::vec2(-580.0, 60.0))
        .show(ctx, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label("Annotators:");
                for (i, f) in state.files.iter().enumerate() {
                    ui.label(RichText::new("■").color(state.colour(i)));
                    ui.label(&f.name).on_hover_text(f.path.display().to_string());
                }
            });
            ui.label(RichText::new("Their claims are the thin lines over the text; this project's are underlined.").weak());
            for note in &state.notes {
                ui.label(RichText::new(note).color(ui.visuals().warn_fg_color));
            }
            if let Some(report) = &state.report {
                figures_ui(ui, report);
            }
            ui.separator();
            let total = state.comparison.len();
            ui.label(RichText::new(format!("{decided} of {total} disagreements decided")).strong());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("F8 / Shift+F8 next / previous · Alt+A take A · Alt+B take B · Alt+J both · Alt+X reject · Alt+E take A and edit").weak());
            });
            ui.checkbox(&mut only_doc, format!("Only this article ({} here)", rows.len()));
            let row_h = ui.spacing().interact_size.y;
            egui::ScrollArea::vertical().max_height(300.0).show_rows(
                ui,
                row_h,
                rows.len(),
                |ui, range| {
                    for i in range.start + rows.start..range.end + rows.start {
                        let d = &state.comparison.disagreements[i];
                        let mark = if is_decided.get(i).copied().unwrap_or(false) { "✔" } else { "○" };
                        let who = match d.kind {
                            Kind::OnlyInA => format!("only {}", state.files[d.a].name),
                            Kind::OnlyInB => format!("only {}", state.files[d.b].name),
                            _ => format!("{} / {}", state.files[d.a].name, state.files[d.b].name),
                        };
                        let text = format!(
                            "{mark} {} [{}–{}] {} ({who})",
                            d.doc, d.start, d.end, d.kind.describe()
                        );
                        if ui.selectable_label(state.cursor == Some(i), text).clicked() {
                            go_to = Some(i);
                        }
                    }
                },
            );
            if let Some(i) = state.cursor
                && let Some(d) = state.comparison.disagreements.get(i)
            {
                ui.separator();
                for (who, id) in [(d.a, &d.claim_a), (d.b, &d.claim_b)] {
                    let name = &state.files[who].name;
                    match id.as_ref().and_then(|id| state.claim(who, id)) {
                        Some(c) => {
                            let label = c.label.as_deref().unwrap_or("no label");
                            ui.label(RichText::new(bidi::display_order(&format!("{name}: “{}” — {label}", c.span.quote))).color(state.colour(who)));
                        }
                        None => {
                            ui.label(RichText::new(format!("{name}: no claim here")).weak());
                        }
                    }
                }
                ui.horizontal_wrapped(|ui| {
                    let a = &state.files[d.a].name;
                    let b = &state.files[d.b].name;
                    if ui.button(format!("Take {a}'s (Alt+A)")).clicked() {
                        decide = Some(Decision::TakeA);
                    }
                    if ui.button(format!("Take {b}'s (Alt+B)")).clicked() {
                        decide = Some(Decision::TakeB);
                    }
                    if ui.button("Take both (Alt+J)").clicked() {
                        decide = Some(Decision::TakeBoth);
                    }
                    if ui.button("Reject (Alt+X)").clicked() {
                        decide = Some(Decision::Reject);
                    }
                    if ui.button("Take and edit (Alt+E)").clicked() {
                        decide = Some(Decision::Edit);
                    }
                });
            }
            ui.separator();
            close_comparison = ui.button("End the comparison").clicked();
        });
        self.open = open;
        self.only_doc = only_doc;
        if close_comparison {
            return false;
        }
        if let Some(i) = go_to {
            actions.push(Action::GoToDisagreement(i));
        }
        if let Some(decision) = decide {
            actions.push(Action::Decide(decision));
        }
        true
    }
}

fn figure(v: Option<f64>) -> String {
    v.map_or("undefined".into(), |v| format!("{v:.3}"))
}

/// The agreement figures of the comparison, overall and per pair.
fn figures_ui(ui: &mut egui::Ui, report: &Report) {
    egui::CollapsingHeader::new("Agreement figures")
        .default_open(true)
        .show(ui, |ui| {
            let o = &report.figures.overall;
            egui::Grid::new("figures").striped(true).show(ui, |ui| {
                ui.label("Krippendorff's α (nominal, all)");
                ui.label(figure(o.krippendorff_alpha.alpha));
                ui.end_row();
                ui.label("Fleiss' κ (units everyone marked)");
                ui.label(figure(o.fleiss_kappa.kappa));
                ui.end_row();
                for p in &report.figures.pairs {
                    ui.label(format!("{} – {}: span F1 exact / overlap", p.a, p.b));
                    ui.label(format!(
                        "{} / {}",
                        figure(p.span_f1_exact.f1),
                        figure(p.span_f1_overlap.f1.f1)
                    ));
                    ui.end_row();
                    ui.label(format!("{} – {}: Cohen's κ · evidence F1", p.a, p.b));
                    ui.label(format!(
                        "{} · {}",
                        figure(p.cohen_kappa.kappa),
                        figure(p.evidence_f1.f1)
                    ));
                    ui.end_row();
                }
            });
        });
}
