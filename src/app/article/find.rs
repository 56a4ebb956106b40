//! Find in the article (Ctrl+F): every match highlighted and marked beside
//! the scroll bar, "3 of 17", Enter / Shift+Enter to step, and the current
//! match made a highlight with Alt+Enter (then label it as usual).

use std::sync::Arc;

use egui::RichText;

use crate::corpus::Document;
use crate::text::find::{FindOptions, Folded, fold_query};

#[derive(Default)]
pub struct FindBar {
    pub open: bool,
    pub query: String,
    pub options: FindOptions,
    /// The match shown, index into `matches`.
    pub current: usize,
    focus: bool,
    /// (doc hash, options) → the folded text, kept while typing.
    folded: Option<(String, FindOptions, Arc<Folded>)>,
    /// (doc hash, folded query, options) → the matches.
    found: Option<Found>,
}

/// Matches as code point ranges, shared with the article view.
type Matches = Arc<Vec<(usize, usize)>>;

/// The matches last found: for which document, query and options.
struct Found {
    hash: String,
    query: String,
    options: FindOptions,
    matches: Matches,
}

/// What the bar asks the window to do this frame.
#[derive(Default)]
pub struct FindOutput {
    /// Scroll to this match.
    pub scroll_to: Option<(usize, usize)>,
    /// Make this match the highlight.
    pub highlight: Option<(usize, usize)>,
}

impl FindBar {
    pub fn open_and_focus(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// The matches in `doc`, computed when the query, the options or the
    /// document change.
    pub fn matches(&mut self, doc: &Document) -> Matches {
        if !self.open || self.query.is_empty() {
            return Arc::new(Vec::new());
        }
        let query = fold_query(&self.query, self.options);
        if let Some(f) = &self.found
            && f.hash == doc.hash
            && f.query == query
            && f.options == self.options
        {
            return f.matches.clone();
        }
        let folded = match &self.folded {
            Some((hash, o, f)) if *hash == doc.hash && *o == self.options => f.clone(),
            _ => {
                let f = Arc::new(Folded::new(&doc.text, self.options));
                self.folded = Some((doc.hash.clone(), self.options, f.clone()));
                f
            }
        };
        let found = Arc::new(folded.find(&query));
        self.current = 0;
        self.found = Some(Found {
            hash: doc.hash.clone(),
            query,
            options: self.options,
            matches: found.clone(),
        });
        found
    }

    /// The current match, when there is one.
    pub fn current(&mut self, doc: &Document) -> Option<(usize, usize)> {
        let m = self.matches(doc);
        m.get(self.current.min(m.len().saturating_sub(1))).copied()
    }

    /// The bar, above the article.
    pub fn bar_ui(&mut self, ui: &mut egui::Ui, doc: &Document) -> FindOutput {
        let mut out = FindOutput::default();
        if !self.open {
            return out;
        }
        // Read the keys first: a single-line field takes Enter.
        // The modifiers come from the key event itself: in a real window a
        // quick Alt+Enter can begin and end within one frame, and the
        // frame's modifier state is already "none" by then.
        let enter_with = ui.input(|i| {
            i.events.iter().find_map(|e| match e {
                egui::Event::Key {
                    key: egui::Key::Enter,
                    pressed: true,
                    modifiers,
                    ..
                } => Some(*modifiers),
                _ => None,
            })
        });
        let enter = enter_with.is_some();
        let shift = enter_with.is_some_and(|m| m.shift);
        let alt = enter_with.is_some_and(|m| m.alt);
        let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
        let mut step: Option<bool> = None;
        let mut close = false;
        ui.horizontal(|ui| {
            let label = ui.label("Find");
            let before = (self.query.clone(), self.options);
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .desired_width(220.0)
                        .hint_text("words in this article"),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus) {
                r.request_focus();
            }
            let field_has_keyboard = r.has_focus() || r.lost_focus();
            if field_has_keyboard && enter {
                if alt {
                    out.highlight = self.current(doc);
                } else {
                    step = Some(!shift);
                    r.request_focus();
                }
            }
            if field_has_keyboard && escape {
                close = true;
            }
            let matches = self.matches(doc);
            let n = matches.len();
            let status = if self.query.is_empty() {
                String::new()
            } else if n == 0 {
                "no matches".into()
            } else {
                let more = if n >= crate::text::find::MAX_MATCHES {
                    "+"
                } else {
                    ""
                };
                format!("{} of {n}{more}", self.current.min(n - 1) + 1)
            };
            ui.label(RichText::new(status).monospace());
            if ui
                .add_enabled(n > 0, egui::Button::new("⏶"))
                .on_hover_text("Previous match (Shift+Enter)")
                .clicked()
            {
                step = Some(false);
            }
            if ui
                .add_enabled(n > 0, egui::Button::new("⏷"))
                .on_hover_text("Next match (Enter)")
                .clicked()
            {
                step = Some(true);
            }
            ui.checkbox(&mut self.options.exact_case, "Exact case");
            ui.checkbox(&mut self.options.fold_accents, "Ignore accents")
                .on_hover_text("Zurich finds Zürich; also full-width letters");
            if ui
                .add_enabled(n > 0, egui::Button::new("Highlight it (Alt+Enter)"))
                .on_hover_text("Make the current match the highlight, then press a label key")
                .clicked()
            {
                out.highlight = self.current(doc);
            }
            if ui.button("✖").on_hover_text("Close (Esc)").clicked() {
                close = true;
            }
            if (self.query.clone(), self.options) != before {
                out.scroll_to = self.current(doc);
            }
            if let Some(forward) = step
                && n > 0
            {
                self.current = if forward {
                    (self.current + 1) % n
                } else {
                    (self.current + n - 1) % n
                };
                out.scroll_to = self.current(doc);
            }
            if out.highlight.is_some() {
                // The label keys work once the field lets the keyboard go.
                r.surrender_focus();
            }
        });
        if close {
            self.open = false;
        }
        out
    }
}
