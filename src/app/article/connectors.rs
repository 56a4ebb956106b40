//! Lines from the selected claim to its evidence across the two panes,
//! drawn over both from the rectangles the panes reported.

use egui::{Color32, Stroke};

use super::{ArticleOutput, MarkKey};
use crate::app::colors::label_color;
use crate::project::ClaimId;
use crate::session::Session;

/// Lines from the selected claim to its evidence across the two panes.
pub fn connectors_ui(
    ui: &egui::Ui,
    session: &Session,
    selected: Option<&ClaimId>,
    outputs: &[Option<ArticleOutput>; 2],
) {
    let Some(claim) = selected.and_then(|id| session.claim(id)) else {
        return;
    };
    let [Some(left), Some(right)] = outputs else {
        return;
    };
    let find = |out: &ArticleOutput, key: &MarkKey| {
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
