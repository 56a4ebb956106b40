//! Claims and their evidence: the claim panel, the connectors drawn between
//! side-by-side panes, detached spans, and the corpus overview.

use egui::{Color32, RichText, Stroke};

use std::collections::BTreeMap;

use super::CrosscheckApp;
use super::action::Action;
use super::command::Command;
use super::nav;
use super::panels::label_color;
use crate::project::{ClaimId, PairLinks, link_matrix};
use crate::text::bidi;

/// (version, doc, the document's own claims as (claim, start)).
type DocClaims = (u64, String, Vec<(ClaimId, usize)>);

/// What the claim list, the detached window and the overview show, built
/// once per project version instead of every frame.
#[derive(Default)]
pub struct Caches {
    /// (version, doc, the document's own claims as (claim, start)).
    doc_claims: Option<DocClaims>,
    detached: Option<(u64, std::sync::Arc<Vec<DetachedRow>>)>,
    overview: Option<(u64, std::sync::Arc<Overview>)>,
}

pub struct DetachedRow {
    claim: ClaimId,
    evidence: Option<String>,
    doc: String,
    start: usize,
    quote: String,
    doc_exists: bool,
}

/// The link matrix and the articles in it, most contradicted first.
pub struct Overview {
    matrix: BTreeMap<(String, String), PairLinks>,
    /// (document, contradictions, links), most contradictions first.
    docs: Vec<(String, usize, usize)>,
}

/// Articles shown in the grid at once; the others are reached from the list.
const GRID_DOCS: usize = 16;

/// Opens the document of a span in the other pane, scrolls to it and
/// flashes it.
pub fn reveal_span(
    app: &mut CrosscheckApp,
    ctx: &egui::Context,
    doc: &str,
    start: usize,
    end: usize,
    from_pane: usize,
) {
    let Some(index) = app
        .ctl
        .session()
        .and_then(|s| s.workspace().corpus.position(doc))
    else {
        app.ui.message = Some(format!("{doc} is not in the corpus any more"));
        return;
    };
    let pane = if app.ui.panes[from_pane].doc == index && !app.ui.split {
        from_pane
    } else {
        app.ui.split = true;
        1 - from_pane
    };
    nav::show_doc(&mut app.ui, pane, index);
    let now = ctx.input(|i| i.time);
    let view = &mut app.ui.panes[pane].view;
    view.scroll_to = Some(start);
    view.flash = Some((start, end, now + 1.6));
    ctx.request_repaint();
}

/// The pane showing the document of the selected claim (0 if neither does).
fn claim_pane(app: &CrosscheckApp, doc: &str) -> usize {
    let Some(session) = app.ctl.session() else {
        return 0;
    };
    let index = session.workspace().corpus.position(doc);
    if app.ui.split && Some(app.ui.panes[1].doc) == index && Some(app.ui.panes[0].doc) != index {
        1
    } else {
        0
    }
}

pub fn claim_details_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    let Some(session) = app.ctl.session() else {
        return;
    };
    let claim = app
        .ui
        .selected
        .as_ref()
        .and_then(|id| session.claim(id))
        .cloned();
    let Some(claim) = claim else {
        ui.heading("No claim selected");
        ui.label("Drag across a claim in the article, then press 1, 2 or 3 (or click a label) to label it. Click a highlight to select it.");
        ui.add_space(8.0);
        doc_claims_ui(app, ui);
        return;
    };
    let labels = session.workspace().project.labels().to_vec();
    let doc_title = session
        .workspace()
        .corpus
        .get(&claim.span.doc)
        .map_or(claim.span.doc.clone(), |d| d.title.clone());

    ui.heading("Claim");
    ui.label(
        RichText::new(format!(
            "{} · characters {}–{}",
            claim.span.doc, claim.span.start, claim.span.end
        ))
        .small()
        .weak(),
    )
    .on_hover_text(doc_title);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        super::para_layout::paragraph_label_ui(ui, &format!("“{}”", claim.span.quote));
    });
    if let Some(conflict) = &claim.conflict {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(
                RichText::new(format!("⚠ Flagged by a git merge: {}", conflict.reason))
                    .color(ui.visuals().warn_fg_color),
            );
            ui.horizontal(|ui| {
                if let Some(other) = &conflict.other
                    && ui
                        .button("Show the other version")
                        .on_hover_text("Both versions were kept; keep one, then mark it resolved")
                        .clicked()
                {
                    app.ui.actions.push(Action::SelectClaim(other.clone()));
                }
                if ui
                    .button("Mark resolved")
                    .on_hover_text("Clear the flag (undoable)")
                    .clicked()
                {
                    app.ui
                        .actions
                        .push(Action::ResolveConflict(claim.id.clone()));
                }
            });
        });
    }
    if claim.span.detached {
        ui.label(
            RichText::new("⚠ Detached: the article changed and this text was not found again. See View › Detached spans.")
                .color(ui.visuals().warn_fg_color),
        );
    }

    ui.add_space(6.0);
    ui.label(RichText::new("Label").strong());
    let mut new_label = None;
    ui.horizontal_wrapped(|ui| {
        for label in &labels {
            let selected = claim.label.as_deref() == Some(label.id.as_str());
            let key = label.key.map(|k| format!("{k} ")).unwrap_or_default();
            let text = RichText::new(format!("{key}{}", label.name)).color(label_color(label));
            if ui.add(egui::Button::selectable(selected, text)).clicked() && !selected {
                new_label = Some(label.id.clone());
            }
        }
    });
    if claim.label.is_none() {
        ui.weak("No label yet.");
    } else if claim.label_from_evidence {
        ui.weak("Label taken from the linked evidence.");
    }

    super::grade_ui::key_claim_ui(app, ui, &claim);
    super::grade_ui::feedback_ui(app, ui, &claim);

    ui.add_space(6.0);
    ui.label(RichText::new("Note").strong());
    let mut note = claim.note.clone();
    let response = ui.add(
        egui::TextEdit::multiline(&mut note)
            .hint_text("Why this label? (N)")
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    );
    if app.ui.focus_note {
        response.request_focus();
        app.ui.focus_note = false;
    }
    let note_changed = response.changed();

    ui.add_space(6.0);
    ui.label(RichText::new(format!("Evidence ({})", claim.evidence.len())).strong());
    let mut follow = None;
    let mut remove = None;
    let mut relabel = None;
    if claim.evidence.is_empty() {
        ui.weak("None yet. Open another article side by side (Ctrl+\\), highlight the span there and press 1 (agrees) or 2 (contradicts).");
    }
    for ev in &claim.evidence {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                for label in &labels {
                    let selected = ev.relation == label.id;
                    let text = RichText::new(&label.name).small().color(label_color(label));
                    if ui.add(egui::Button::selectable(selected, text)).clicked() && !selected {
                        relabel = Some((ev.id.clone(), label.id.clone()));
                    }
                }
                if ui
                    .small_button("✖")
                    .on_hover_text("Remove this link (undoable)")
                    .clicked()
                {
                    remove = Some(ev.id.clone());
                }
            });
            let detached = if ev.span.detached {
                " ⚠ detached"
            } else {
                ""
            };
            if ui
                .link(bidi::display_order(&format!(
                    "{}{detached}: “{}”",
                    ev.span.doc, ev.span.quote
                )))
                .on_hover_text("Show it in the other pane")
                .clicked()
            {
                follow = Some((ev.span.doc.clone(), ev.span.start, ev.span.end));
            }
        });
    }

    super::search_ui::suggestions_ui(app, ui, &claim);

    ui.add_space(6.0);
    ui.label(
        RichText::new(format!(
            "by {} · created {} · changed {}",
            claim.annotator, claim.created, claim.modified
        ))
        .small()
        .weak(),
    );
    ui.add_space(6.0);
    let delete = ui.button("🗑 Delete claim (Delete)").clicked();

    let id = claim.id.clone();
    let action = if note_changed {
        Some(Action::SetNote { claim: id, note })
    } else if let Some(label) = new_label {
        Some(Action::SetLabel { claim: id, label })
    } else if let Some(evidence) = remove {
        Some(Action::RemoveEvidence {
            claim: id,
            evidence,
        })
    } else if let Some((evidence, relation)) = relabel {
        Some(Action::RelabelEvidence {
            claim: id,
            evidence,
            relation,
        })
    } else if delete {
        Some(Action::Command(Command::Delete))
    } else {
        None
    };
    app.ui.actions.extend(action);
    if let Some((doc, start, end)) = follow {
        let from = claim_pane(app, &claim.span.doc);
        reveal_span(app, ui.ctx(), &doc, start, end, from);
    }
}

/// The claims of the active document, for picking one without the mouse on the text.
fn doc_claims_ui(app: &mut CrosscheckApp, ui: &mut egui::Ui) {
    let Some(session) = app.ctl.session() else {
        return;
    };
    let ws = session.workspace();
    let Some(doc) = ws.corpus.documents.get(app.ui.panes[app.ui.active].doc) else {
        return;
    };
    let Some(marks) = session.marks(&doc.id) else {
        ui.weak("This article has no claims yet.");
        return;
    };
    ui.label(RichText::new("Claims in this article").strong());
    let version = session.version();
    let fresh =
        matches!(&app.ui.caches.doc_claims, Some((v, d, _)) if *v == version && *d == doc.id);
    if !fresh {
        let own = marks
            .all()
            .iter()
            .filter(|m| m.evidence.is_none())
            .map(|m| (m.claim.clone(), m.start))
            .collect();
        app.ui.caches.doc_claims = Some((version, doc.id.clone(), own));
    }
    let Some((_, _, own)) = &app.ui.caches.doc_claims else {
        return;
    };
    let mut pick = None;
    // An article can carry 20,000 claims: make widgets only for the rows in
    // view and stand in empty space for the rest, so a frame costs the same
    // however many claims there are.
    let row_h = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let clip = ui.clip_rect();
    let above = ((clip.top() - ui.cursor().top()) / row_h).floor().max(0.0) as usize;
    let first = above.min(own.len());
    let last = (first + (clip.height() / row_h).ceil() as usize + 2).min(own.len());
    ui.add_space(first as f32 * row_h);
    for (id, start) in &own[first..last] {
        let Some(claim) = session.claim(id) else {
            continue;
        };
        let color = claim
            .label
            .as_deref()
            .and_then(|l| ws.project.label(l))
            .map_or(Color32::GRAY, label_color);
        let quote: String = claim.span.quote.chars().take(60).collect();
        let quote = bidi::display_order(&quote);
        ui.horizontal(|ui| {
            ui.label(RichText::new("■").color(color));
            ui.set_min_height(ui.spacing().interact_size.y);
            if ui.link(quote).clicked() {
                pick = Some((id.clone(), *start));
            }
        });
    }
    ui.add_space((own.len() - last) as f32 * row_h);
    if let Some((id, start)) = pick {
        nav::select_claim(&mut app.ui, Some(id));
        let pane = app.ui.active;
        app.ui.panes[pane].view.scroll_to = Some(start);
    }
}

/// Lines from the selected claim to its evidence across the two panes.
pub fn connectors_ui(app: &CrosscheckApp, ui: &egui::Ui) {
    let Some(session) = app.ctl.session() else {
        return;
    };
    let Some(claim) = app.ui.selected.as_ref().and_then(|id| session.claim(id)) else {
        return;
    };
    let [Some(left), Some(right)] = &app.ui.last_outputs else {
        return;
    };
    let find = |out: &super::ArticleOutput, key: &super::MarkKey| {
        out.span_rects
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, r)| *r)
    };
    let claim_key = (claim.id.clone(), None);
    let painter = ui.ctx().layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("connectors"),
    ));
    for ev in &claim.evidence {
        let ev_key = (claim.id.clone(), Some(ev.id.clone()));
        let pairs = [
            (find(left, &claim_key), find(right, &ev_key)),
            (find(right, &claim_key), find(left, &ev_key)),
        ];
        let color = session
            .workspace()
            .project
            .label(&ev.relation)
            .map_or(Color32::GRAY, label_color);
        for (a, b) in pairs {
            let (Some(a), Some(b)) = (a, b) else { continue };
            let (from, to) = if a.center().x < b.center().x {
                (a.right_center(), b.left_center())
            } else {
                (a.left_center(), b.right_center())
            };
            let bend = (to.x - from.x) * 0.4;
            let curve = egui::epaint::CubicBezierShape::from_points_stroke(
                [
                    from,
                    from + egui::vec2(bend, 0.0),
                    to - egui::vec2(bend, 0.0),
                    to,
                ],
                false,
                Color32::TRANSPARENT,
                Stroke::new(2.5, color),
            );
            painter.add(curve);
            painter.circle_filled(from, 4.0, color);
            painter.circle_filled(to, 4.0, color);
        }
    }
}

/// Spans whose articles changed or vanished: re-point or delete each.
pub fn detached_window_ui(app: &mut CrosscheckApp, ctx: &egui::Context) {
    if !app.ui.show_detached {
        return;
    }
    let Some(session) = app.ctl.session() else {
        return;
    };
    let ws = session.workspace();
    let version = session.version();
    let rows = match &app.ui.caches.detached {
        Some((v, rows)) if *v == version => rows.clone(),
        _ => {
            let mut rows = Vec::new();
            for claim in ws.project.claims().sorted() {
                let spans = std::iter::once((None, &claim.span))
                    .chain(claim.evidence.iter().map(|e| (Some(e.id.clone()), &e.span)));
                for (evidence, span) in spans.filter(|(_, s)| s.detached) {
                    rows.push(DetachedRow {
                        claim: claim.id.clone(),
                        evidence,
                        doc: span.doc.clone(),
                        start: span.start,
                        quote: span.quote.clone(),
                        doc_exists: ws.corpus.get(&span.doc).is_some(),
                    });
                }
            }
            let rows = std::sync::Arc::new(rows);
            app.ui.caches.detached = Some((version, rows.clone()));
            rows
        }
    };
    // A highlight in a pane can become the new place of a detached span.
    let highlight: Vec<(String, (usize, usize))> = (0..2)
        .filter_map(|p| {
            let sel = app.ui.panes[p].view.selection?;
            let doc = ws.corpus.documents.get(app.ui.panes[p].doc)?;
            Some((doc.id.clone(), sel))
        })
        .collect();
    let mut open = true;
    let mut action: Option<(usize, &'static str)> = None;
    egui::Window::new(format!("Detached spans ({})", rows.len()))
        .open(&mut open)
        .default_width(460.0)
        .show(ctx, |ui| {
            if rows.is_empty() {
                ui.label("Every claim and evidence span is in place.");
            } else {
                ui.label("These spans' articles changed or vanished and their text was not found again. They are kept until you re-point or delete them. To re-point: click Show, highlight the text where it is now, then click Re-point.");
            }
            let row_height = ui.text_style_height(&egui::TextStyle::Body) * 4.6;
            egui::ScrollArea::vertical().max_height(420.0).show_rows(
                ui,
                row_height,
                rows.len(),
                |ui, range| {
                    for i in range {
                        let row = &rows[i];
                        ui.separator();
                        let what = if row.evidence.is_some() { "Evidence" } else { "Claim" };
                        let missing = if row.doc_exists { "" } else { " (document missing)" };
                        ui.label(RichText::new(format!("{what} in {}{missing}", row.doc)).strong());
                        let quote: String = row.quote.chars().take(200).collect();
                        let quote = bidi::display_order(&quote);
                        ui.add(egui::Label::new(RichText::new(format!("“{quote}”")).italics()).truncate());
                        ui.horizontal(|ui| {
                            if ui.add_enabled(row.doc_exists, egui::Button::new("Show")).clicked() {
                                action = Some((i, "show"));
                            }
                            let can_repoint = highlight.iter().any(|(d, _)| d == &row.doc);
                            if ui
                                .add_enabled(can_repoint, egui::Button::new("Re-point to highlight"))
                                .on_disabled_hover_text("Highlight the new place of this text first")
                                .clicked()
                            {
                                action = Some((i, "repoint"));
                            }
                            if ui.button("Delete").clicked() {
                                action = Some((i, "delete"));
                            }
                        });
                    }
                },
            );
        });
    app.ui.show_detached = open;
    let Some((i, what)) = action else { return };
    let row = &rows[i];
    match what {
        "show" => reveal_span(app, ctx, &row.doc, row.start, row.start + 1, 0),
        "repoint" => {
            let Some((_, (start, end))) = highlight.iter().find(|(d, _)| d == &row.doc).cloned()
            else {
                return;
            };
            let action = match &row.evidence {
                None => Action::SetSpan {
                    claim: row.claim.clone(),
                    start,
                    end,
                },
                Some(ev) => Action::RepointEvidence {
                    claim: row.claim.clone(),
                    evidence: ev.clone(),
                    doc: row.doc.clone(),
                    start,
                    end,
                },
            };
            app.ui.actions.push(action);
            for pane in &mut app.ui.panes {
                pane.view.selection = None;
            }
        }
        _ => {
            let action = match &row.evidence {
                None => Action::DeleteClaim(row.claim.clone()),
                Some(ev) => Action::RemoveEvidence {
                    claim: row.claim.clone(),
                    evidence: ev.clone(),
                },
            };
            app.ui.actions.push(action);
        }
    }
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
pub fn overview_window_ui(app: &mut CrosscheckApp, ctx: &egui::Context) {
    if !app.ui.show_overview {
        return;
    }
    let Some(session) = app.ctl.session() else {
        return;
    };
    let ws = session.workspace();
    let version = session.version();
    let overview = match &app.ui.caches.overview {
        Some((v, o)) if *v == version => o.clone(),
        _ => {
            let o = std::sync::Arc::new(overview_of(&ws.project));
            app.ui.caches.overview = Some((version, o.clone()));
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
    if let Some(extra) = &app.ui.overview_extra
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
    let mut picked = app.ui.overview_pick.clone();
    let mut extra = app.ui.overview_extra.clone();
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
    app.ui.overview_pick = picked;
    app.ui.overview_extra = extra;
    app.ui.show_overview = open;
    if let Some((claim_id, ev_id)) = follow {
        let Some(session) = app.ctl.session() else {
            return;
        };
        let Some(claim) = session.claim(&claim_id) else {
            return;
        };
        let Some(ev) = claim.evidence(&ev_id).cloned() else {
            return;
        };
        let (doc, start) = (claim.span.doc.clone(), claim.span.start);
        if let Some(index) = session.workspace().corpus.position(&doc) {
            nav::show_doc(&mut app.ui, 0, index);
            app.ui.panes[0].view.scroll_to = Some(start);
        }
        nav::select_claim(&mut app.ui, Some(claim_id));
        reveal_span(app, ctx, &ev.span.doc, ev.span.start, ev.span.end, 0);
    }
}
