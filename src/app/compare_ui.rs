//! File › Compare with…: other annotators' files over the same corpus,
//! their claims in lanes over the article, the disagreements to step
//! through, the agreement figures, and adjudication into this project
//! (the gold file): accept one version, both, or reject — one key each.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use egui::{Color32, RichText};

use super::CrosscheckApp;
use super::controller::Action;
use crate::agreement::compare::{Comparison, Disagreement, Kind};
use crate::agreement::{self, Annotator, Report};
use crate::corpus::Corpus;
use crate::project::{self, Claim, ClaimId, Edit, Evidence, Project};
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

/// One compared file.
pub struct Compared {
    pub name: String,
    pub path: PathBuf,
    pub project: Project,
}

/// A comparison as the window shows it.
pub struct CompareState {
    pub open: bool,
    pub files: Vec<Compared>,
    pub comparison: Comparison,
    pub report: Option<Report>,
    /// The disagreement shown, index into `comparison.disagreements`.
    pub cursor: Option<usize>,
    /// What loading found (re-anchored documents, detached spans).
    pub notes: Vec<String>,
    /// List only the disagreements of the article shown.
    pub only_doc: bool,
    /// (gold version, decided per disagreement).
    decided: Option<(u64, Vec<bool>)>,
    lanes: HashMap<String, Vec<(usize, Color32, usize, usize)>>,
}

impl CompareState {
    /// Other annotators' claims in `doc`, for the article view.
    pub fn lanes_in(&self, doc: &str) -> &[(usize, Color32, usize, usize)] {
        self.lanes.get(doc).map_or(&[], Vec::as_slice)
    }

    pub fn colour(&self, annotator: usize) -> Color32 {
        LANE_COLOURS[annotator % LANE_COLOURS.len()]
    }

    fn claim(&self, annotator: usize, id: &ClaimId) -> Option<&Claim> {
        self.files.get(annotator)?.project.claims().get(id)
    }

    /// `annotator:claim` references of the claims a disagreement involves.
    pub fn refs(&self, d: &Disagreement) -> Vec<String> {
        let mut refs = Vec::new();
        for (who, id) in [(d.a, &d.claim_a), (d.b, &d.claim_b)] {
            if let (Some(file), Some(id)) = (self.files.get(who), id) {
                refs.push(format!("{}:{}", file.name, id.0));
            }
        }
        refs
    }

    /// The key a rejection is stored under.
    pub fn key(&self, d: &Disagreement) -> String {
        self.refs(d).join("|")
    }

    /// Which disagreements `gold` has decided (a gold claim came from one of
    /// its claims, or it was rejected), one pass over its claims.
    fn decided_in(&self, gold: &Project) -> Vec<bool> {
        let sources: std::collections::HashSet<&str> = gold
            .claims()
            .iter()
            .flat_map(|c| c.sources.iter().map(String::as_str))
            .collect();
        self.comparison
            .disagreements
            .iter()
            .map(|d| {
                gold.rejected().contains(&self.key(d))
                    || self.refs(d).iter().any(|r| sources.contains(r.as_str()))
            })
            .collect()
    }

    /// [`Self::decided_in`], kept until the gold project changes: the window
    /// asks every frame.
    pub fn decided(&mut self, gold: &Project, version: u64) -> &[bool] {
        if self.decided.as_ref().is_none_or(|(v, _)| *v != version) {
            self.decided = Some((version, self.decided_in(gold)));
        }
        self.decided.as_ref().map_or(&[], |(_, d)| d.as_slice())
    }
}

/// Reads the files to compare with, re-anchors them over `corpus` and
/// compares them: everything the window needs, built on a worker.
pub fn load_comparison(
    paths: &[PathBuf],
    own: Option<(&Path, &Project)>,
    corpus: &Corpus,
) -> Result<CompareState, String> {
    let mut files: Vec<Compared> = Vec::new();
    let mut notes = Vec::new();
    if let Some((path, project)) = own
        && !project.claims().is_empty()
    {
        let name = agreement::annotator_name(project).unwrap_or_else(|| "this file".into());
        files.push(Compared {
            name,
            path: path.to_path_buf(),
            project: project.clone(),
        });
    }
    for path in paths {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
        if files
            .iter()
            .any(|f| f.path.canonicalize().unwrap_or_else(|_| f.path.clone()) == canonical)
        {
            return Err(format!(
                "{} is already in the comparison (a file compared with itself agrees perfectly)",
                path.display()
            ));
        }
        let mut project = project::load(path).map_err(|e| e.to_string())?;
        if project.claims().is_empty() {
            return Err(format!("{} has no claims to compare", path.display()));
        }
        let known = project
            .documents()
            .keys()
            .filter(|d| corpus.get(d).is_some())
            .count();
        if known * 2 < project.documents().len() {
            return Err(format!(
                "{} is over another corpus: {known} of its {} documents are in this one",
                path.display(),
                project.documents().len()
            ));
        }
        let report = project::sync_with_corpus(&mut project, corpus);
        if !report.changed_docs.is_empty() || !report.detached.is_empty() {
            notes.push(format!(
                "{}: articles changed since it was saved; re-anchored ({})",
                path.display(),
                report.summary()
            ));
        }
        let name = agreement::annotator_name(&project).unwrap_or_default();
        if let Some(other) = files.iter().find(|f| f.name == name) {
            return Err(format!(
                "{} and {} are both by {name:?}; compare different annotators' files",
                other.path.display(),
                path.display()
            ));
        }
        files.push(Compared {
            name,
            path: path.clone(),
            project,
        });
    }
    if files.len() < 2 {
        return Err("pick at least one other annotator's file (this project has no claims yet, so it is not compared itself)".into());
    }
    let annotators: Vec<Annotator<'_>> = files
        .iter()
        .map(|f| Annotator::new(f.name.clone(), &f.project))
        .collect();
    for a in &annotators {
        if a.detached_claims > 0 {
            notes.push(format!(
                "{}: {} detached claims left out",
                a.name, a.detached_claims
            ));
        }
    }
    let comparison = agreement::compare::compare(&annotators);
    let report = agreement::agreement(&annotators, false).ok();
    let mut lanes: HashMap<String, Vec<(usize, Color32, usize, usize)>> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        for c in f.project.claims().iter().filter(|c| !c.span.detached) {
            lanes.entry(c.span.doc.clone()).or_default().push((
                i,
                LANE_COLOURS[i % LANE_COLOURS.len()],
                c.span.start,
                c.span.end,
            ));
        }
    }
    Ok(CompareState {
        open: true,
        files,
        comparison,
        report,
        cursor: None,
        notes,
        only_doc: false,
        decided: None,
        lanes,
    })
}

/// A copy of `claim` for the gold project: new ids, the adjudicator as
/// annotator, and where it came from.
pub fn gold_copy(claim: &Claim, source: String, annotator: &str) -> Claim {
    let now = project::now_timestamp();
    let mut copy = Claim::new(claim.span.clone(), claim.label.clone(), annotator, &now);
    copy.note = claim.note.clone();
    copy.evidence = claim
        .evidence
        .iter()
        .map(|e| Evidence {
            id: project::new_id("e"),
            annotator: annotator.to_owned(),
            created: now.clone(),
            ..e.clone()
        })
        .collect();
    copy.sources = vec![source];
    copy
}

/// How a disagreement is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    TakeA,
    TakeB,
    TakeBoth,
    Reject,
    /// Take A's version and select it, to change it.
    Edit,
}

/// The edit a decision makes in the gold project (one undoable step), and
/// the claim to select after it.
pub fn decision_edit(
    state: &CompareState,
    d: &Disagreement,
    decision: Decision,
    annotator: &str,
) -> Option<(Edit, Option<ClaimId>)> {
    let take = |who: usize, id: &Option<ClaimId>| -> Option<Claim> {
        let id = id.as_ref()?;
        let claim = state.claim(who, id)?;
        Some(gold_copy(
            claim,
            format!("{}:{}", state.files[who].name, id.0),
            annotator,
        ))
    };
    let copies: Vec<Claim> = match decision {
        Decision::TakeA | Decision::Edit => take(d.a, &d.claim_a)
            .or_else(|| take(d.b, &d.claim_b))
            .into_iter()
            .collect(),
        Decision::TakeB => take(d.b, &d.claim_b)
            .or_else(|| take(d.a, &d.claim_a))
            .into_iter()
            .collect(),
        Decision::TakeBoth => {
            let mut both: Vec<Claim> = take(d.a, &d.claim_a).into_iter().collect();
            both.extend(take(d.b, &d.claim_b));
            // Both versions of one span with one label are one claim.
            if both.len() == 2 && both[0].span == both[1].span && both[0].label == both[1].label {
                let source = both[1].sources.clone();
                both[0].sources.extend(source);
                both.truncate(1);
            }
            both
        }
        Decision::Reject => {
            return Some((
                Edit::SetRejected {
                    key: state.key(d),
                    rejected: true,
                },
                None,
            ));
        }
    };
    let select = copies.first().map(|c| c.id.clone());
    let edits = copies
        .into_iter()
        .map(|c| Edit::AddClaim(Box::new(c)))
        .collect();
    Some((Edit::Batch(edits), select))
}

pub fn compare_window_ui(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let shown_doc = app.pane_doc(app.ui.active).map(|d| d.id.clone());
    let Some(session) = app.ctl.session() else {
        return;
    };
    let Some(state) = &mut app.ui.compare else {
        return;
    };
    if !state.open {
        return;
    }
    let gold = &session.workspace().project;
    let is_decided = state.decided(gold, session.version()).to_vec();
    let state = &*state;
    let decided = is_decided.iter().filter(|d| **d).count();
    let mut open = true;
    let mut go_to: Option<usize> = None;
    let mut decide: Option<Decision> = None;
    let mut close_comparison = false;
    let mut only_doc = state.only_doc;
    // Disagreements are sorted by document: one article's are a range.
    let all = &state.comparison.disagreements;
    let rows = match (&shown_doc, only_doc) {
        (Some(doc), true) => {
            let lo = all.partition_point(|d| d.doc.as_str() < doc.as_str());
            let hi = all.partition_point(|d| d.doc.as_str() <= doc.as_str());
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
    if let Some(state) = &mut app.ui.compare {
        state.open = open;
        state.only_doc = only_doc;
    }
    if close_comparison {
        app.ui.compare = None;
        return;
    }
    if let Some(i) = go_to {
        app.ui.actions.push(Action::GoToDisagreement(i));
    }
    if let Some(decision) = decide {
        app.ui.actions.push(Action::Decide(decision));
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
