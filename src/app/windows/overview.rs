//! View › Corpus overview: the agree / contradict matrix over the most
//! contradicted articles, every linked article in a list, and the links of
//! a picked pair.

use std::collections::BTreeMap;

use egui::{Color32, RichText};

use crate::app::action::Action;
use crate::app::colors::label_color;
use crate::project::{ClaimId, PairLinks, link_matrix};
use crate::session::Session;
use crate::text::bidi;

/// Articles shown in the grid at once; the others are reached from the list.
const GRID_DOCS: usize = 16;

/// The window: open or not, the picked cell and article, and the matrix,
/// built once per project version.
#[derive(Default)]
pub struct OverviewWindow {
    pub open: bool,
    /// The cell whose links are listed.
    pub pick: Option<(String, String)>,
    /// An article picked in the list, added to the grid.
    pub extra: Option<String>,
    cache: Option<(u64, std::sync::Arc<Overview>)>,
}

/// The link matrix and the articles in it, most contradicted first.
struct Overview {
    matrix: BTreeMap<(String, String), PairLinks>,
    /// (document, contradictions, links), most contradictions first.
    docs: Vec<(String, usize, usize)>,
}

fn overview_of(project: &crate::project::Project) -> Overview {
    let matrix = link_matrix(project);
    let mut totals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for ((a, b), cell) in &matrix {
        let links = cell.agrees + cell.contradicts + cell.other;
        for d in [a, b] {
            let t = totals.entry(d.as_str()).or_default();
            t.0 += cell.contradicts;
            t.1 += links;
            if a == b {
                break;
            }
        }
    }
    let mut docs: Vec<(String, usize, usize)> = totals
        .into_iter()
        .map(|(d, (c, l))| (d.to_owned(), c, l))
        .collect();
    docs.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    Overview { matrix, docs }
}

/// The agree / contradict matrix over the most contradicted articles, and
/// every linked article in a list (a corpus can have 10,000).
impl OverviewWindow {
    /// Draws the window while it is open; following a link is pushed as
    /// [`Action::FollowLink`].
    pub fn show(&mut self, ctx: &egui::Context, session: &Session, actions: &mut Vec<Action>) {
        if !self.open {
            return;
        }
        let ws = session.workspace();
        let version = session.version();
        let overview = match &self.cache {
            Some((v, o)) if *v == version => o.clone(),
            _ => {
                let o = std::sync::Arc::new(overview_of(&ws.project));
                self.cache = Some((version, o.clone()));
                o
            }
        };
        // The grid: the most contradicted articles, plus the one picked in the list.
        let mut grid: Vec<&str> = overview
            .docs
            .iter()
            .take(GRID_DOCS)
            .map(|(d, _, _)| d.as_str())
            .collect();
        if let Some(extra) = &self.extra
            && !grid.contains(&extra.as_str())
            && overview.docs.iter().any(|(d, _, _)| d == extra)
        {
            grid.push(extra.as_str());
        }
        let short = |id: &str| -> String {
            ws.corpus
                .get(id)
                .map_or(id.to_string(), |d| d.file_name().chars().take(14).collect())
        };
        let cell = |a: &str, b: &str| {
            let key = if a <= b {
                (a.to_string(), b.to_string())
            } else {
                (b.to_string(), a.to_string())
            };
            overview.matrix.get(&key)
        };
        let agree_color = ws
            .project
            .label("agrees")
            .map_or(Color32::BLUE, label_color);
        let contra_color = ws
            .project
            .label("contradicts")
            .map_or(Color32::RED, label_color);
        let totals: BTreeMap<&str, usize> = overview
            .docs
            .iter()
            .map(|(d, c, _)| (d.as_str(), *c))
            .collect();
        let mut open = true;
        let mut picked = self.pick.clone();
        let mut extra = self.extra.clone();
        let mut follow: Option<(ClaimId, String)> = None;
        egui::Window::new("Corpus overview")
        .open(&mut open)
        .default_width(620.0)
        .show(ctx, |ui| {
            if overview.docs.is_empty() {
                ui.label("No evidence links yet. Link evidence between articles to see where they agree and where they contradict each other.");
                return;
            }
            ui.label("Evidence links between each pair of articles: agreeing / contradicting. The article with many contradictions is the outlier. Click a cell to list its links.");
            if overview.docs.len() > grid.len() {
                ui.label(RichText::new(format!(
                    "Showing the {} most contradicted of {} linked articles; pick any article in the list below to add it.",
                    grid.len().min(GRID_DOCS),
                    overview.docs.len()
                )).weak());
            }
            egui::ScrollArea::both().id_salt("matrix").max_height(360.0).show(ui, |ui| {
                egui::Grid::new("matrix").striped(true).show(ui, |ui| {
                    ui.label("");
                    for d in &grid {
                        ui.label(RichText::new(short(d)).small().strong()).on_hover_text(*d);
                    }
                    ui.label(RichText::new("contradictions").small().strong());
                    ui.end_row();
                    for a in &grid {
                        ui.label(RichText::new(short(a)).small().strong()).on_hover_text(*a);
                        for b in &grid {
                            match cell(a, b) {
                                Some(c) => {
                                    let text = RichText::new(format!("✔{} ✖{}", c.agrees, c.contradicts)).color(
                                        if c.contradicts > c.agrees { contra_color } else { agree_color },
                                    );
                                    if ui.button(text).on_hover_text(format!("{a} ↔ {b}")).clicked() {
                                        picked = Some((a.to_string(), b.to_string()));
                                    }
                                }
                                None => {
                                    ui.weak("·");
                                }
                            }
                        }
                        let total = totals.get(a).copied().unwrap_or(0);
                        ui.label(RichText::new(total.to_string()).color(contra_color));
                        ui.end_row();
                    }
                });
            });
            if overview.docs.len() > GRID_DOCS {
                ui.separator();
                ui.label(RichText::new("Every linked article (contradictions · links)").strong());
                let row_h = ui.spacing().interact_size.y;
                egui::ScrollArea::vertical().id_salt("all-docs").max_height(160.0).show_rows(
                    ui,
                    row_h,
                    overview.docs.len(),
                    |ui, range| {
                        for (d, c, l) in &overview.docs[range] {
                            let chosen = extra.as_deref() == Some(d.as_str());
                            if ui.selectable_label(chosen, format!("{d} — {c} · {l}")).clicked() {
                                extra = Some(d.clone());
                            }
                        }
                    },
                );
            }
            if let Some((a, b)) = &picked
                && let Some(c) = cell(a, b) {
                    ui.separator();
                    ui.label(RichText::new(format!("{a} ↔ {b}")).strong());
                    let row_h = ui.spacing().interact_size.y;
                    egui::ScrollArea::vertical().id_salt("links").max_height(200.0).show_rows(
                        ui,
                        row_h,
                        c.links.len(),
                        |ui, range| {
                            for (claim_id, ev_id) in &c.links[range] {
                                let Some(claim) = session.claim(claim_id) else { continue };
                                let Some(ev) = claim.evidence(ev_id) else { continue };
                                let relation = ws.project.label(&ev.relation).map_or(ev.relation.clone(), |l| l.name.clone());
                                let text = bidi::display_order(&format!("“{}” — {relation} — “{}”", claim.span.quote, ev.span.quote));
                                if ui.add(egui::Link::new(text)).clicked() {
                                    follow = Some((claim_id.clone(), ev_id.clone()));
                                }
                            }
                        },
                    );
                }
        });
        self.pick = picked;
        self.extra = extra;
        self.open = open;
        if let Some((claim, evidence)) = follow {
            actions.push(Action::FollowLink { claim, evidence });
        }
    }
}
