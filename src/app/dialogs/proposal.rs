//! "The evidence you linked suggests the claim agrees": the label offered
//! once evidence is linked to an unlabelled claim.

use crate::app::action::Action;
use crate::session::{LabelProposal, Session};

/// Draws the offer for `proposal`; true when the person dismisses it
/// (accepting is pushed as [`Action::AcceptProposal`]).
#[must_use]
pub fn proposal_ui(
    ctx: &egui::Context,
    session: &Session,
    proposal: &LabelProposal,
    actions: &mut Vec<Action>,
) -> bool {
    let name = session
        .workspace()
        .project
        .label(&proposal.label)
        .map_or(proposal.label.clone(), |l| l.name.clone());
    let mut accept = false;
    let mut dismiss = false;
    egui::Window::new("Label from evidence")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .show(ctx, |ui| {
            ui.label(format!(
                "The evidence you linked suggests the claim {}.",
                name.to_lowercase()
            ));
            ui.horizontal(|ui| {
                accept = ui.button(format!("Label it “{name}” (Enter)")).clicked();
                dismiss = ui.button("Keep as is (Esc)").clicked();
            });
        });
    if accept {
        actions.push(Action::AcceptProposal);
    }
    !accept && dismiss
}
