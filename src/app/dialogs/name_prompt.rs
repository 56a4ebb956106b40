//! The first question on a fresh machine: the annotator's name, written
//! into every claim so several annotators' files can be compared.

/// The name being typed.
#[derive(Default)]
pub struct NamePrompt {
    name: String,
}

impl NamePrompt {
    /// Draws the question; the name once the person confirms it.
    #[must_use]
    pub fn show(&mut self, ctx: &egui::Context) -> Option<String> {
        let name = &mut self.name;
        let mut done = false;
        egui::Modal::new(egui::Id::unique("name-prompt")).show(ctx, |ui| {
        ui.heading("Who is annotating?");
        ui.label("Your name is written into every claim you make, so several annotators' files can be compared. It is asked once.");
        // Read Enter before the field: a single-line field consumes it.
        let enter_pressed = ui.input(|i| i.key_pressed(egui::Key::Enter));
        let label = ui.label("Your name");
        let r = ui
            .add(egui::TextEdit::singleline(name).hint_text("e.g. Ana Silva"))
            .labelled_by(label.id);
        // Focus the field once; asking every frame keeps egui repainting.
        if ui.memory(|m| m.focused().is_none()) {
            r.request_focus();
        }
        let enter = enter_pressed && (r.lost_focus() || r.has_focus());
        if (ui.add_enabled(!name.trim().is_empty(), egui::Button::new("Start")).clicked() || enter)
            && !name.trim().is_empty()
        {
            done = true;
        }
    });
        done.then(|| self.name.trim().to_owned())
    }
}
