//! The menu bar: every item is a command of the table (its name and
//! shortcut come from there), plus Open recent and the annotator's name.

use crate::app::action::{Action, OpenRequest};
use crate::app::command::Command;
use crate::app::settings::Settings;
use crate::session::Session;

/// A menu item for a command: its name and shortcut come from the table.
fn command_button(ui: &mut egui::Ui, actions: &mut Vec<Action>, command: Command, enabled: bool) {
    command_button_named(ui, actions, command, command.name(), enabled);
}

fn command_button_named(
    ui: &mut egui::Ui,
    actions: &mut Vec<Action>,
    command: Command,
    text: &str,
    enabled: bool,
) {
    let shortcut = command.shortcut_text(ui.ctx());
    if ui
        .add_enabled(enabled, egui::Button::new(text).shortcut_text(shortcut))
        .clicked()
    {
        actions.push(Action::Command(command));
    }
}

/// The menu bar for one frame: what its items' states depend on.
pub struct MenuBar<'a> {
    pub session: Option<&'a Session>,
    pub settings: &'a mut Settings,
    /// A claim is selected (Delete, Note).
    pub selected: bool,
    /// A comparison is open (View › Comparison).
    pub comparing: bool,
}

impl MenuBar<'_> {
    pub fn ui(self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let MenuBar {
            session,
            settings,
            selected,
            comparing,
        } = self;
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                let has_session = session.is_some();
                ui.menu_button("File", |ui| {
                    command_button(ui, actions, Command::OpenFolder, true);
                    command_button(ui, actions, Command::OpenProject, true);
                    ui.menu_button("Open recent", |ui| {
                        if settings.recent.is_empty() {
                            ui.label("Nothing yet");
                        }
                        for path in &settings.recent {
                            if ui.button(path.display().to_string()).clicked() {
                                actions.push(Action::Open(OpenRequest::Path(path.clone())));
                            }
                        }
                    });
                    command_button(ui, actions, Command::OpenSample, true);
                    // Browsers may not fetch other sites' pages; there the
                    // picked folder is the way in.
                    #[cfg(not(target_arch = "wasm32"))]
                    command_button(ui, actions, Command::AddArticles, has_session);
                    ui.separator();
                    command_button(ui, actions, Command::Save, has_session);
                    command_button(ui, actions, Command::SaveAs, has_session);
                    command_button(ui, actions, Command::Export, has_session);
                    command_button(ui, actions, Command::Import, has_session);
                    command_button(ui, actions, Command::ImportFrom, has_session);
                    command_button(ui, actions, Command::UseLabelsFrom, has_session);
                    ui.separator();
                    command_button(ui, actions, Command::NewProjectFile, has_session);
                    command_button(ui, actions, Command::CompareWith, has_session);
                    command_button(ui, actions, Command::MakeAnswerKey, has_session);
                    command_button(ui, actions, Command::GradeStudents, has_session);
                    command_button(ui, actions, Command::PlanStudy, has_session);
                    command_button(ui, actions, Command::StudyProgress, has_session);
                    ui.separator();
                    command_button(ui, actions, Command::Quit, true);
                });
                ui.menu_button("Edit", |ui| {
                    let (undo, redo) = session.map_or((None, None), |s| {
                        (s.undo_description(), s.redo_description())
                    });
                    let undo_text = undo.map_or("Undo".to_string(), |d| format!("Undo {d}"));
                    let redo_text = redo.map_or("Redo".to_string(), |d| format!("Redo {d}"));
                    command_button_named(ui, actions, Command::Undo, &undo_text, undo.is_some());
                    command_button_named(ui, actions, Command::Redo, &redo_text, redo.is_some());
                    ui.separator();
                    command_button(ui, actions, Command::Delete, selected);
                    command_button(ui, actions, Command::EditNote, selected);
                    command_button(ui, actions, Command::ToggleDone, has_session);
                    command_button(ui, actions, Command::Find, has_session);
                    command_button(ui, actions, Command::SearchCorpus, has_session);
                    command_button(ui, actions, Command::EditLabels, has_session);
                    ui.separator();
                    ui.label("Your name (written into new claims):");
                    let response = ui.add(
                        egui::TextEdit::singleline(&mut settings.annotator)
                            .hint_text("annotator name"),
                    );
                    if response.lost_focus() {
                        actions.push(Action::SetAnnotator(settings.annotator.clone()));
                    }
                });
                ui.menu_button("View", |ui| {
                    command_button(ui, actions, Command::ToggleSplit, has_session);
                    command_button(ui, actions, Command::ToggleOverview, has_session);
                    command_button(ui, actions, Command::ToggleDetached, has_session);
                    command_button(ui, actions, Command::ToggleSkipped, has_session);
                    command_button(ui, actions, Command::ToggleGuidelines, has_session);
                    command_button(ui, actions, Command::ToggleComparison, comparing);
                    ui.separator();
                    command_button(ui, actions, Command::NextDoc, has_session);
                    command_button(ui, actions, Command::PrevDoc, has_session);
                    ui.separator();
                    command_button(ui, actions, Command::FontBigger, true);
                    command_button(ui, actions, Command::FontSmaller, true);
                    command_button(ui, actions, Command::FontReset, true);
                    let theme = if settings.dark {
                        "Light theme"
                    } else {
                        "Dark theme"
                    };
                    command_button_named(ui, actions, Command::ToggleTheme, theme, true);
                });
                ui.menu_button("Help", |ui| {
                    command_button(ui, actions, Command::ToggleHelp, true);
                });
            });
        });
    }
}
