//! Edit › Labels…: the label scheme in a window (names, colours, keys,
//! FEVER and NLI targets, order), templates, and the question asked when
//! claims would lose their label. Every change is an undoable edit run by
//! the controller (docs/label-schemes.md).

use egui::RichText;

use crate::app::action::Action;
use crate::project::label_change::{Impact, LabelChange};
use crate::project::schemes::{self, Orphans};
use crate::project::{Edit, FEVER_TARGETS, Label, NLI_TARGETS, Project};
use crate::session::Session;

/// The labels window's own state: drafts being typed, the open question.
#[derive(Default)]
pub struct LabelsWindow {
    pub open: bool,
    new_id: String,
    new_name: String,
    template: String,
    /// Names and keys being typed, by label id (committed on Enter / leaving
    /// the field, so one rename is one undo step).
    names: std::collections::HashMap<String, String>,
    keys: std::collections::HashMap<String, String>,
    pub question: Option<Question>,
}

/// Claims would lose their label: what should they get?
pub struct Question {
    /// What goes ("the label Agrees", "3 labels of the current scheme").
    pub what: String,
    pub claims: usize,
    pub links: usize,
    /// Labels that stay, to relabel to.
    pub remaining: Vec<(String, String)>,
    pub relabel_to: Option<String>,
    pub change: LabelChange,
}

/// WCAG relative luminance of an sRGB colour.
fn luminance([r, g, b]: [u8; 3]) -> f32 {
    let lin = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: [u8; 3], b: [u8; 3]) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The panel backgrounds of egui's light and dark themes.
const LIGHT_BG: [u8; 3] = [248, 248, 248];
const DARK_BG: [u8; 3] = [27, 27, 27];
/// Below this a highlight or underline in that colour is hard to see.
const MIN_CONTRAST: f32 = 1.5;

/// A warning when `rgb` hardly shows on one of the themes.
pub fn contrast_warning(rgb: [u8; 3]) -> Option<String> {
    let light = contrast(rgb, LIGHT_BG);
    let dark = contrast(rgb, DARK_BG);
    if light < MIN_CONTRAST {
        Some(format!(
            "hard to see on the light theme (contrast {light:.1}:1)"
        ))
    } else if dark < MIN_CONTRAST {
        Some(format!(
            "hard to see on the dark theme (contrast {dark:.1}:1)"
        ))
    } else {
        None
    }
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn target_combo(
    ui: &mut egui::Ui,
    id: (&str, &str),
    current: &str,
    targets: &[&str],
) -> Option<String> {
    let mut chosen = None;
    let shown = if current.is_empty() { "—" } else { current };
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(120.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(current.is_empty(), "— (no target)")
                .clicked()
            {
                chosen = Some(String::new());
            }
            for t in targets {
                if ui.selectable_label(current == *t, *t).clicked() {
                    chosen = Some((*t).to_owned());
                }
            }
        });
    chosen.filter(|c| c != current)
}

impl LabelsWindow {
    /// Asks about the claims of labels that go, or runs the change at once
    /// when nothing uses them.
    pub(crate) fn ask_or_change(
        &mut self,
        project: &Project,
        what: String,
        change: LabelChange,
        actions: &mut Vec<Action>,
    ) {
        let Impact {
            claims,
            links,
            remaining,
        } = change.impact(project);
        if claims + links == 0 {
            actions.push(Action::ChangeLabels {
                change,
                orphans: Orphans::Unlabel,
            });
            return;
        }
        let relabel_to = remaining.first().map(|(id, _)| id.clone());
        self.question = Some(Question {
            what,
            claims,
            links,
            remaining,
            relabel_to,
            change,
        });
    }

    /// Draws the window while it is open (and its question while asked);
    /// every change is pushed as an edit.
    pub fn show(&mut self, ctx: &egui::Context, session: &Session, actions: &mut Vec<Action>) {
        self.question_ui(ctx, actions);
        if !self.open {
            return;
        }
        let labels: Vec<Label> = session.workspace().project.labels().to_vec();
        let mut open = true;
        let mut edits: Vec<Edit> = Vec::new();
        let mut remove: Option<Label> = None;
        let mut apply_template: Option<String> = None;
        let mut add = false;
        let w = &mut *self;
        egui::Window::new("Labels")
        .default_pos([300.0, 70.0])
        .open(&mut open)
        .default_width(760.0)
        .show(ctx, |ui| {
            ui.label("Each label has a key for the keyboard and declares what it means in FEVER and NLI exports. Evidence relations use the same labels. Every change can be undone (Ctrl+Z).");
            ui.add_space(4.0);
            egui::Grid::new("labels-grid").striped(true).show(ui, |ui| {
                for h in ["", "name", "id", "key", "FEVER", "NLI", "", ""] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                let count = labels.len();
                for (i, label) in labels.iter().enumerate() {
                    let mut rgb = label.rgb();
                    let before = rgb;
                    ui.horizontal(|ui| {
                        ui.color_edit_button_srgb(&mut rgb)
                            .on_hover_text(format!("Colour of {}", label.name));
                        if let Some(warning) = contrast_warning(rgb) {
                            ui.label(RichText::new("⚠").color(ui.visuals().warn_fg_color))
                                .on_hover_text(warning);
                        }
                    });
                    if rgb != before {
                        edits.push(Edit::UpdateLabel {
                            id: label.id.clone(),
                            label: Label {
                                color: hex(rgb),
                                ..label.clone()
                            },
                        });
                    }
                    let name = w.names.entry(label.id.clone()).or_insert_with(|| label.name.clone());
                    // A grid cell does not grow a text field by itself.
                    let r = ui.add_sized(
                        [150.0, ui.spacing().interact_size.y],
                        egui::TextEdit::singleline(name).hint_text("name"),
                    );
                    if r.lost_focus() && *name != label.name {
                        edits.push(Edit::UpdateLabel {
                            id: label.id.clone(),
                            label: Label {
                                name: name.trim().to_owned(),
                                ..label.clone()
                            },
                        });
                    }
                    if !r.has_focus() && !r.lost_focus() {
                        *name = label.name.clone();
                    }
                    ui.label(RichText::new(&label.id).monospace().weak());
                    let current_key = label.key.map(String::from).unwrap_or_default();
                    let key = w.keys.entry(label.id.clone()).or_insert_with(|| current_key.clone());
                    let r = ui.add_sized(
                        [28.0, ui.spacing().interact_size.y],
                        egui::TextEdit::singleline(key).char_limit(1).hint_text("–"),
                    );
                    if r.lost_focus() && *key != current_key {
                        edits.push(Edit::UpdateLabel {
                            id: label.id.clone(),
                            label: Label {
                                key: key.chars().next(),
                                ..label.clone()
                            },
                        });
                    }
                    if !r.has_focus() && !r.lost_focus() {
                        *key = current_key;
                    }
                    if let Some(t) = target_combo(ui, ("fever", &label.id), label.fever_target(), &FEVER_TARGETS) {
                        edits.push(Edit::UpdateLabel {
                            id: label.id.clone(),
                            label: Label {
                                fever: Some(t),
                                ..label.clone()
                            },
                        });
                    }
                    if let Some(t) = target_combo(ui, ("nli", &label.id), label.nli_target(), &NLI_TARGETS) {
                        edits.push(Edit::UpdateLabel {
                            id: label.id.clone(),
                            label: Label {
                                nli: Some(t),
                                ..label.clone()
                            },
                        });
                    }
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(i > 0, egui::Button::new("⏶"))
                            .on_hover_text(format!("Move {} up", label.name))
                            .clicked()
                        {
                            edits.push(Edit::MoveLabel {
                                id: label.id.clone(),
                                index: i - 1,
                            });
                        }
                        if ui
                            .add_enabled(i + 1 < count, egui::Button::new("⏷"))
                            .on_hover_text(format!("Move {} down", label.name))
                            .clicked()
                        {
                            edits.push(Edit::MoveLabel {
                                id: label.id.clone(),
                                index: i + 1,
                            });
                        }
                    });
                    if ui
                        .button("✖")
                        .on_hover_text(format!("Remove {}", label.name))
                        .clicked()
                    {
                        remove = Some(label.clone());
                    }
                    ui.end_row();
                }
            });
            ui.separator();
            ui.horizontal(|ui| {
                let l = ui.label("New label id");
                ui.add(egui::TextEdit::singleline(&mut w.new_id).desired_width(110.0).hint_text("e.g. satire"))
                    .labelled_by(l.id);
                let l = ui.label("New label name");
                ui.add(egui::TextEdit::singleline(&mut w.new_name).desired_width(140.0).hint_text("e.g. Satire"))
                    .labelled_by(l.id);
                add = ui
                    .add_enabled(!w.new_id.trim().is_empty(), egui::Button::new("Add label"))
                    .clicked();
            });
            ui.horizontal(|ui| {
                let shown = schemes::TEMPLATES
                    .iter()
                    .find(|(n, _)| *n == w.template)
                    .map_or("choose…", |(_, d)| *d);
                egui::ComboBox::from_label("Template")
                    .selected_text(shown)
                    .width(330.0)
                    .show_ui(ui, |ui| {
                        for (name, description) in schemes::TEMPLATES {
                            ui.selectable_value(&mut w.template, name.to_owned(), description);
                        }
                    });
                if ui
                    .add_enabled(!w.template.is_empty(), egui::Button::new("Use this template"))
                    .clicked()
                {
                    apply_template = Some(w.template.clone());
                }
            });
        });
        let w = &mut *self;
        w.open = open;
        if add {
            let id = w.new_id.trim().to_owned();
            let name = if w.new_name.trim().is_empty() {
                id.clone()
            } else {
                w.new_name.trim().to_owned()
            };
            // The first number key no label has yet.
            let key = ('1'..='9').find(|k| !labels.iter().any(|l| l.key == Some(*k)));
            let used: Vec<&str> = labels.iter().map(|l| l.color.as_str()).collect();
            let color = [
                "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#0072b2", "#d55e00",
            ]
            .into_iter()
            .find(|c| !used.contains(c))
            .unwrap_or("#999999");
            edits.push(Edit::AddLabel {
                index: usize::MAX,
                label: Label::new(&id, &name, color, key),
            });
            w.new_id.clear();
            w.new_name.clear();
        }
        for edit in edits {
            actions.push(Action::Apply(edit));
        }
        let project = &session.workspace().project;
        if let Some(label) = remove {
            self.ask_or_change(
                project,
                format!("the label {}", label.name),
                LabelChange::Remove(label.id),
                actions,
            );
        }
        if let Some(name) = apply_template
            && let Some(labels) = schemes::template(&name)
        {
            self.ask_or_change(
                project,
                format!("the labels the {name} template does not have"),
                LabelChange::Replace {
                    labels,
                    guidelines: None,
                },
                actions,
            );
        }
    }

    /// "3 claims use Agrees: relabel them to … / leave them unlabelled / cancel".
    fn question_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(q) = &mut self.question else {
            return;
        };
        let mut answer: Option<Option<Orphans>> = None;
        egui::Modal::new(egui::Id::unique("labels-question")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading("Some claims use labels that go");
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            ui.label(format!(
                "{} and {} use {}. What should they get?",
                plural(q.claims, "claim", "claims"),
                plural(q.links, "evidence link", "evidence links"),
                q.what
            ));
            ui.horizontal(|ui| {
                let shown = q
                    .remaining
                    .iter()
                    .find(|(id, _)| Some(id) == q.relabel_to.as_ref())
                    .map_or("…".to_owned(), |(_, n)| n.clone());
                egui::ComboBox::from_label("new label")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for (id, name) in &q.remaining {
                            ui.selectable_value(&mut q.relabel_to, Some(id.clone()), name);
                        }
                    });
                if ui
                    .add_enabled(q.relabel_to.is_some(), egui::Button::new("Relabel"))
                    .clicked()
                {
                    answer = Some(q.relabel_to.clone().map(Orphans::Relabel));
                }
            });
            let unlabel = ui
                .add_enabled(
                    q.links == 0,
                    egui::Button::new("Leave the claims unlabelled"),
                )
                .on_disabled_hover_text("Evidence links need a relation: relabel them");
            if unlabel.clicked() {
                answer = Some(Some(Orphans::Unlabel));
            }
            if ui.button("Cancel").clicked() {
                answer = Some(None);
            }
        });
        let Some(answer) = answer else { return };
        let Some(q) = self.question.take() else {
            return;
        };
        if let Some(orphans) = answer {
            actions.push(Action::ChangeLabels {
                change: q.change,
                orphans,
            });
        }
    }
}
