//! File › Plan a study… and File › Study progress…: splitting this corpus
//! among annotators, and following how far each one is, agreement on the
//! overlap so far and labels per hour; then gathering the study into a
//! gold file (docs/study.md). The work runs as jobs the pushed actions
//! start (`controller/study.rs`).

use std::path::PathBuf;

use egui::RichText;

use crate::app::action::{Action, PlanRequest};
use crate::study::{self, Report};

/// How often an open Study window reads the files again: annotators' work
/// arrives by git pull or a shared folder, not through this window.
pub const REFRESH_SECS: f64 = 15.0;

/// The Plan a study window's form.
pub struct PlanWindow {
    pub open: bool,
    /// Comma-separated names.
    pub annotators: String,
    pub overlap: f64,
    pub per_doc: usize,
    /// Empty: a random seed, recorded in the plan.
    pub seed: String,
    /// Extending a plan: documents nobody started may move to even out
    /// the loads (to a newcomer).
    pub rebalance: bool,
    /// The study folder; the corpus folder when `None`.
    pub out: Option<PathBuf>,
    /// What the last plan gave (a summary), or why it failed.
    pub outcome: Option<Result<String, String>>,
}

impl Default for PlanWindow {
    fn default() -> Self {
        Self {
            open: false,
            annotators: String::new(),
            overlap: 0.2,
            per_doc: 2,
            seed: String::new(),
            rebalance: false,
            out: None,
            outcome: None,
        }
    }
}

impl PlanWindow {
    /// The form as assign settings, or what is wrong with it.
    pub fn request(&self) -> Result<PlanRequest, String> {
        let annotators: Vec<String> = self
            .annotators
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect();
        if annotators.is_empty() {
            return Err("name the annotators, separated by commas".into());
        }
        let seed = match self.seed.trim() {
            "" => None,
            s => Some(
                s.parse::<u64>()
                    .map_err(|_| format!("the seed must be a whole number, not {s:?}"))?,
            ),
        };
        let overlap = (annotators.len() > 1).then_some(self.overlap);
        Ok(PlanRequest {
            settings: study::Settings {
                per_doc: overlap.map(|_| self.per_doc),
                annotators,
                overlap,
                seed,
                rebalance: self.rebalance,
            },
            out: self.out.clone(),
        })
    }

    pub fn show(
        &mut self,
        ctx: &egui::Context,
        corpus: &std::path::Path,
        actions: &mut Vec<Action>,
    ) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Plan a study")
            .default_pos([320.0, 70.0])
            .default_width(460.0)
            .open(&mut open)
            .show(ctx, |ui| {
                ui.label(
                    "Splits this corpus among annotators: each gets a project file listing \
                     their documents, and a share goes to several so agreement can be measured. \
                     Loads are balanced by length. Running it again with more annotators or \
                     documents extends the plan; started documents never move.",
                );
                ui.add_space(6.0);
                egui::Grid::new("plan form").num_columns(2).show(ui, |ui| {
                    ui.label("Annotators");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.annotators)
                            .hint_text("ana, ben, chen")
                            .desired_width(280.0),
                    );
                    ui.end_row();
                    ui.label("Overlap");
                    ui.add(
                        egui::Slider::new(&mut self.overlap, 0.0..=1.0)
                            .step_by(0.05)
                            .custom_formatter(|v, _| format!("{:.0} %", v * 100.0)),
                    )
                    .on_hover_text("The share of documents double-annotated");
                    ui.end_row();
                    ui.label("Annotators per overlap document");
                    ui.add(egui::DragValue::new(&mut self.per_doc).range(2..=50));
                    ui.end_row();
                    ui.label("Seed");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.seed)
                            .hint_text("random, recorded in the plan")
                            .desired_width(160.0),
                    );
                    ui.end_row();
                    ui.label("When extending");
                    ui.checkbox(&mut self.rebalance, "Move documents nobody has started")
                        .on_hover_text(
                            "To even out the loads, e.g. for someone who joins; started \
                             documents never move",
                        );
                    ui.end_row();
                    ui.label("Study folder");
                    ui.horizontal(|ui| {
                        let shown = self.out.as_deref().unwrap_or(corpus);
                        ui.label(RichText::new(shown.display().to_string()).small());
                        if ui.button("Choose…").clicked() {
                            actions.push(Action::PickStudyFolder);
                        }
                    });
                    ui.end_row();
                });
                ui.add_space(6.0);
                let request = self.request();
                ui.horizontal(|ui| {
                    let plan = ui.add_enabled(request.is_ok(), egui::Button::new("Plan"));
                    if plan.clicked()
                        && let Ok(r) = &request
                    {
                        actions.push(Action::PlanStudy(r.clone()));
                    }
                    if let Err(why) = &request {
                        ui.label(RichText::new(why).weak());
                    }
                });
                match &self.outcome {
                    Some(Ok(summary)) => {
                        ui.label(summary);
                    }
                    Some(Err(e)) => {
                        ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
                    }
                    None => {}
                }
            });
        self.open = open;
    }
}

/// The Study window: the plan followed and the last progress read.
#[derive(Default)]
pub struct StudyWindow {
    pub open: bool,
    pub plan: Option<PathBuf>,
    pub report: Option<Result<Report, String>>,
    /// `ctx` time of the last refresh asked for.
    pub asked_at: Option<f64>,
    /// A refresh is under way.
    pub reading: bool,
}

impl StudyWindow {
    pub fn show(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if !self.open {
            return;
        }
        let now = ctx.input(|i| i.time);
        if self.plan.is_some()
            && !self.reading
            && self.asked_at.is_none_or(|t| now - t >= REFRESH_SECS)
        {
            self.asked_at = Some(now);
            actions.push(Action::RefreshStudy);
        }
        // Wake up for the next refresh even when nothing moves.
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(REFRESH_SECS));
        let mut open = true;
        egui::Window::new("Study progress")
            .default_pos([300.0, 70.0])
            .default_width(760.0)
            .open(&mut open)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    match &self.plan {
                        Some(p) => ui.label(RichText::new(p.display().to_string()).small()),
                        None => ui.label("No study plan chosen."),
                    };
                    if ui.button("Open plan…").clicked() {
                        actions.push(Action::PickStudyPlan);
                    }
                    if ui
                        .add_enabled(
                            self.plan.is_some() && !self.reading,
                            egui::Button::new("Refresh"),
                        )
                        .on_hover_text(format!(
                            "Read the annotators' files again (done every {REFRESH_SECS:.0} s)"
                        ))
                        .clicked()
                    {
                        self.asked_at = Some(now);
                        actions.push(Action::RefreshStudy);
                    }
                    if ui
                        .add_enabled(
                            self.plan.is_some(),
                            egui::Button::new("Gather into a gold file…"),
                        )
                        .on_hover_text(
                            "One gold project: documents one annotator had, as they left them; \
                             the overlap left to adjudicate (File › Compare with…)",
                        )
                        .clicked()
                    {
                        actions.push(Action::GatherStudy);
                    }
                    if self.reading {
                        ui.spinner();
                    }
                });
                match &self.report {
                    None => {}
                    Some(Err(e)) => {
                        ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
                    }
                    Some(Ok(r)) => report_ui(ui, r),
                }
            });
        self.open = open;
    }
}

fn figure(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.digits$}"))
}

fn report_ui(ui: &mut egui::Ui, r: &Report) {
    ui.label(format!(
        "{} of {} documents done by someone · {} overlap documents, {} waiting for an annotator",
        r.documents_done,
        r.documents_total,
        r.overlap_documents,
        r.overlap_waiting.len()
    ));
    ui.add_space(4.0);
    egui::Grid::new("study annotators")
        .striped(true)
        .num_columns(11)
        .show(ui, |ui| {
            for h in [
                "annotator",
                "done / assigned",
                "started",
                "claims",
                "links",
                "labels / h",
                "s / claim",
                "s / document",
                "time on task",
                "last activity",
                "",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for a in &r.annotators {
                ui.label(&a.name).on_hover_text(&a.file);
                ui.label(format!("{} / {}", a.done, a.assigned));
                ui.label(a.started.to_string());
                ui.label(a.claims.to_string());
                ui.label(a.evidence_links.to_string());
                ui.label(figure(a.labels_per_hour, 1));
                ui.label(figure(a.median_seconds_per_claim, 0));
                ui.label(figure(a.median_seconds_per_document, 0));
                ui.label(study::progress::hours_minutes(a.active_seconds))
                    .on_hover_text(
                        "Hours:minutes with the document open and input in the last minute",
                    );
                ui.label(a.last_activity.as_deref().unwrap_or("–"));
                if !a.file_found {
                    ui.label(RichText::new("no file yet").weak());
                } else if a.behind {
                    ui.label(RichText::new("behind").color(ui.visuals().warn_fg_color))
                        .on_hover_text("Done share more than 20 % below the team's mean");
                } else {
                    ui.label("");
                }
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.label(RichText::new("Agreement on the overlap done so far").strong());
    if r.agreement.is_empty() {
        ui.weak("No overlap document is done by two annotators yet.");
    } else {
        egui::Grid::new("study agreement")
            .striped(true)
            .show(ui, |ui| {
                for h in [
                    "pair",
                    "documents",
                    "span F1 exact",
                    "overlap",
                    "Cohen's κ",
                    "evidence F1",
                ] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for p in &r.agreement {
                    let f = &p.figures;
                    ui.label(format!("{} – {}", p.a, p.b));
                    ui.label(p.documents.to_string());
                    ui.label(figure(f.span_f1_exact.f1, 3));
                    ui.label(figure(f.span_f1_overlap.f1.f1, 3));
                    ui.label(figure(f.cohen_kappa.kappa, 3));
                    ui.label(figure(f.evidence_f1.f1, 3));
                    ui.end_row();
                }
            });
    }
    if !r.overlap_waiting.is_empty() {
        ui.add_space(6.0);
        egui::CollapsingHeader::new(format!(
            "Overlap documents waiting ({})",
            r.overlap_waiting.len()
        ))
        .id_salt("overlap waiting")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(180.0)
                .show(ui, |ui| {
                    for d in &r.overlap_waiting {
                        let done = if d.done_by.is_empty() {
                            "nobody".to_string()
                        } else {
                            d.done_by.join(", ")
                        };
                        ui.label(format!(
                            "{}: done by {done} of {}",
                            d.id,
                            d.assigned.join(", ")
                        ));
                    }
                });
        });
    }
    egui::CollapsingHeader::new(format!("Documents ({})", r.documents.len()))
        .id_salt("study documents")
        .show(ui, |ui| {
            let row = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
            // A study may hold 100,000 documents: only the rows in view.
            egui::ScrollArea::vertical()
                .max_height(220.0)
                .id_salt("study documents rows")
                .show_rows(ui, row, r.documents.len(), |ui, range| {
                    for d in &r.documents[range] {
                        let done = if d.done_by.is_empty() {
                            "not done".to_string()
                        } else {
                            format!("done by {}", d.done_by.join(", "))
                        };
                        let overlap = if d.overlap { " · overlap" } else { "" };
                        ui.label(format!(
                            "{}: {}{overlap} · {done}",
                            d.id,
                            d.assigned.join(", ")
                        ));
                    }
                });
        });
    if r.claims_outside_share > 0 {
        ui.label(
            RichText::new(format!(
                "{} claims are on documents outside their annotator's share",
                r.claims_outside_share
            ))
            .weak(),
        );
    }
}
