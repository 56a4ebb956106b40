//! Colours the views share.

use egui::Color32;

use crate::project::Label;

/// The colour a label is drawn in.
pub fn label_color(label: &Label) -> Color32 {
    let [r, g, b] = label.rgb();
    Color32::from_rgb(r, g, b)
}
