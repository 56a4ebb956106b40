//! Which column of a dataset file (CSV, TSV, JSON Lines, JSON) is the
//! article's text, id, title, date, address, outlet and author: found by
//! name when the file opens, chosen here when that guessed wrong or found
//! no text. The choice is kept in the project and the folder read again.

use crate::app::action::Action;
use crate::dataset::Columns;

/// The roles a column can have, with their names in the window.
const ROLES: [(&str, &str); 7] = [
    ("Text", "the article itself (required)"),
    ("Id", "a stable id per row; without it the row number is"),
    ("Title", "the headline"),
    ("Date", "when it was published"),
    ("Address", "where it was published (URL)"),
    ("Outlet", "the site or publisher"),
    ("Author", "who wrote it"),
];

#[derive(Default)]
pub struct ColumnsWindow {
    pub open: bool,
    /// The dataset file's corpus id.
    pub file: String,
    /// Its columns, in file order.
    pub header: Vec<String>,
    pub chosen: Columns,
}

impl ColumnsWindow {
    /// Opens the window for `file`, starting from what is used now.
    pub fn ask(&mut self, file: String, header: Vec<String>, current: Columns) {
        self.open = true;
        self.file = file;
        self.header = header;
        self.chosen = current;
    }

    pub fn show(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if !self.open {
            return;
        }
        let mut open = true;
        let mut done = false;
        egui::Window::new("Dataset columns")
            .default_pos([340.0, 90.0])
            .open(&mut open)
            .show(ctx, |ui| {
                ui.label(format!(
                    "Each row of {} is an article. Which column is which?",
                    self.file
                ));
                ui.add_space(4.0);
                egui::Grid::new("columns").num_columns(2).show(ui, |ui| {
                    for (i, (role, help)) in ROLES.iter().enumerate() {
                        ui.label(*role).on_hover_text(*help);
                        let slot = role_slot(&mut self.chosen, i);
                        column_choice_ui(ui, role, slot, &self.header);
                        ui.end_row();
                    }
                });
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    let ready = self.chosen.text.is_some();
                    if ui
                        .add_enabled(ready, egui::Button::new("Read with these columns"))
                        .on_disabled_hover_text("Choose the text column first")
                        .clicked()
                    {
                        actions.push(Action::SetColumns {
                            file: self.file.clone(),
                            columns: self.chosen.clone(),
                        });
                        done = true;
                    }
                    if ui.button("Cancel").clicked() {
                        done = true;
                    }
                });
            });
        self.open = open && !done;
    }
}

/// The field of `columns` that role `i` of [`ROLES`] sets.
fn role_slot(columns: &mut Columns, i: usize) -> &mut Option<String> {
    match i {
        0 => &mut columns.text,
        1 => &mut columns.id,
        2 => &mut columns.title,
        3 => &mut columns.date,
        4 => &mut columns.url,
        5 => &mut columns.outlet,
        _ => &mut columns.author,
    }
}

fn column_choice_ui(ui: &mut egui::Ui, role: &str, slot: &mut Option<String>, header: &[String]) {
    let shown = slot.clone().unwrap_or_else(|| "(none)".into());
    egui::ComboBox::from_id_salt(("column", role))
        .selected_text(shown)
        .width(220.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(slot, None, "(none)");
            for name in header {
                ui.selectable_value(slot, Some(name.clone()), name);
            }
        });
}
