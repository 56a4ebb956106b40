//! File › Add articles…: web addresses fetched, and saved pages, PDFs and
//! dataset files copied, into the corpus folder (the library's
//! `crate::add`, on a worker: `controller/add.rs`). One line a page, as it
//! goes; the corpus is read again when they are all done.

use std::sync::{Arc, Mutex};

use egui::RichText;

use crate::app::action::Action;

/// How one item went: added (what it became), or why not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddLine {
    pub item: String,
    pub outcome: Result<String, String>,
}

/// The lines the worker writes as it goes, read by the window each frame.
pub type AddLog = Arc<Mutex<Vec<AddLine>>>;

#[derive(Default)]
pub struct AddWindow {
    pub open: bool,
    /// One web address a line.
    pub addresses: String,
    /// The current or last run's lines; `None` before the first.
    pub log: Option<AddLog>,
    /// Items in the current run, for "3 of 7".
    pub total: usize,
    pub running: bool,
}

impl AddWindow {
    /// The addresses typed, one a line, blank lines dropped.
    pub fn items(&self) -> Vec<String> {
        self.addresses
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    pub fn show(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Add articles")
            .default_pos([320.0, 70.0])
            .default_width(520.0)
            .open(&mut open)
            .show(ctx, |ui| self.body_ui(ui, actions));
        self.open &= open;
    }

    fn body_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.label(
            "Web addresses, one a line: each page is fetched, its article extracted and saved \
             in the corpus folder as a text file with its source (outlet, author, date, \
             address), the page itself kept beside it in .snapshots/.",
        );
        ui.add_space(4.0);
        ui.add_enabled(
            !self.running,
            egui::TextEdit::multiline(&mut self.addresses)
                .hint_text("https://…")
                .desired_rows(5)
                .desired_width(f32::INFINITY),
        );
        ui.horizontal(|ui| {
            let items = self.items();
            let fetch = ui
                .add_enabled(
                    !self.running && !items.is_empty(),
                    egui::Button::new("Fetch and add"),
                )
                .on_hover_text("Nothing is fetched until you press this");
            if fetch.clicked() {
                actions.push(Action::AddArticles(items));
            }
            if ui
                .add_enabled(!self.running, egui::Button::new("Add files…"))
                .on_hover_text(
                    "Copy saved web pages (.html, .htm, .mhtml), PDFs or dataset files \
                     (.csv, .tsv, .jsonl, .json) into the corpus folder",
                )
                .clicked()
            {
                actions.push(Action::PickArticleFiles);
            }
            if self.running {
                ui.spinner();
            }
        });
        let Some(log) = &self.log else {
            return;
        };
        let lines = log.lock().map(|l| l.clone()).unwrap_or_default();
        ui.separator();
        if self.running {
            ui.label(format!("{} of {} done…", lines.len(), self.total));
        } else {
            let added = lines.iter().filter(|l| l.outcome.is_ok()).count();
            ui.label(format!(
                "{added} of {} added{}",
                lines.len(),
                if added > 0 {
                    "; the corpus was read again"
                } else {
                    ""
                }
            ));
        }
        egui::ScrollArea::vertical()
            .max_height(260.0)
            .show(ui, |ui| {
                for line in &lines {
                    match &line.outcome {
                        Ok(what) => ui.label(format!("Added: {what}")),
                        Err(why) => {
                            // Most reasons name the item already.
                            let text = if why.contains(&line.item) {
                                format!("Not added: {why}")
                            } else {
                                format!("Not added: {}: {why}", line.item)
                            };
                            ui.label(RichText::new(text).color(ui.visuals().error_fg_color))
                        }
                    };
                }
            });
    }
}
