//! The classroom parts of the claim panel: a feedback file's mark on the
//! claim, and a key claim's required / bonus and explanation
//! (docs/classrooms.md).

use egui::RichText;

use crate::app::action::Action;
use crate::project::{self, Claim, KeyInfo};
use crate::session::Session;

/// A feedback file's mark on a claim, in the claim panel: what the
/// student's claim (or the key's) came to, and the key's explanation.
pub fn feedback_ui(ui: &mut egui::Ui, claim: &Claim, actions: &mut Vec<Action>) {
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
            actions.push(Action::SelectClaim(other.clone()));
        }
    });
}

/// Required / bonus and the explanation of a key claim, in the claim panel.
pub fn key_claim_ui(
    ui: &mut egui::Ui,
    session: &Session,
    claim: &Claim,
    actions: &mut Vec<Action>,
) {
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
        actions.push(Action::KeyInfo {
            claim: claim.id.clone(),
            info: KeyInfo {
                required,
                explanation,
            },
        });
    }
}
