//! Finding the evidence in the window: the corpus search panel
//! (Ctrl+Shift+F) and the suggested evidence listed under the selected
//! claim. The index is built on a worker once a corpus is open; the first
//! article is readable meanwhile.
//!
//! Views push `SearchAction`s; the controller (`controller/search.rs`)
//! carries them out after drawing. The suggestions are drawn by the claim
//! panel (`panels/claim/suggestions.rs`) from the state kept here.
//! Nothing here labels or links by itself: a link is made only when the
//! person clicks a relation (or highlights a suggestion and presses a label
//! key, as for any highlight).

use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, RichText};

use crate::app::action::{Action, SearchAction};
use crate::app::article::para_layout;
use crate::corpus::Document;
use crate::project::Claim;
use crate::search::live::{LiveSearch, Polled};
use crate::search::{Index, Suggestion};
use crate::session::Session;
use crate::text::bidi;

/// The search panel and the suggestions as the window shows them: the
/// library's [`LiveSearch`] and where the person is.
#[derive(Default)]
pub struct SearchState {
    /// The search panel is shown (in place of the documents list).
    pub open: bool,
    pub query: String,
    focus: bool,
    /// The suggestion last opened with Alt+Down / Alt+Up.
    pub current: Option<usize>,
    pub live: LiveSearch,
}

impl SearchState {
    pub fn open_and_focus(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// The index, once built.
    pub fn index(&self) -> Option<&Arc<Index>> {
        self.live.index()
    }

    /// The claim span the listed suggestions were made for, and them.
    pub fn suggested(&self) -> Option<((usize, usize), &[Suggestion])> {
        self.live.suggested()
    }

    /// (articles indexed, articles) while the index is being built.
    pub fn building(&self) -> Option<(usize, usize)> {
        self.live.building()
    }

    pub(crate) fn suggestions(
        &mut self,
        docs: &[Document],
        claim: &Claim,
        own: Option<usize>,
    ) -> Option<Arc<Vec<Suggestion>>> {
        let (found, fresh) = self.live.suggestions(docs, claim, own)?;
        if fresh {
            self.current = None;
        }
        Some(found)
    }
}

impl SearchState {
    /// Starts the index once a corpus is open (after its first frame was
    /// drawn), and installs it when the worker is done.
    /// `shows_progress`: the panel or the suggestions are on screen, so the
    /// progress bar moves.
    pub fn poll(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        shows_progress: bool,
        data_dir: &std::path::Path,
    ) {
        let ws = session.workspace();
        // Once per project (a new project gets a new `LiveSearch`).
        if !self.live.has_vectors_file() {
            self.live
                .set_vectors_file(vectors_file(data_dir, &ws.project_path));
        }
        let docs = &ws.corpus.documents;
        match self.live.poll(docs, crate::app::jobs::waker(ctx)) {
            Polled::Building => {
                if self.open || shows_progress {
                    // The progress bar moves.
                    ctx.request_repaint_after(std::time::Duration::from_millis(100));
                }
            }
            Polled::Installed => ctx.request_repaint(),
            Polled::Idle => {}
        }
    }

    /// The search panel, in place of the documents list.
    pub fn panel_ui(&mut self, ui: &mut egui::Ui, session: &Session, out: &mut Vec<Action>) {
        let docs = &session.workspace().corpus.documents;
        let st = self;
        let mut actions: Vec<SearchAction> = Vec::new();
        let mut close = false;
        egui::Panel::left("search")
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.heading("Search the corpus");
                    if ui.small_button("✖").on_hover_text("Close (Esc)").clicked() {
                        close = true;
                    }
                });
                let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
                let label = ui.label("Words (all must occur) and \"exact phrases\"");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut st.query)
                            .desired_width(f32::INFINITY)
                            .hint_text("e.g. Hampshire \"firearms officers\""),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut st.focus) {
                    field.request_focus();
                }
                let keyboard = field.has_focus() || field.lost_focus();
                // egui may already have taken the focus away for this Escape.
                let nothing_focused = ui.memory(|m| m.focused().is_none());
                if escape && (keyboard || nothing_focused) {
                    close = true;
                }
                progress_ui(ui, st);
                let result = if st.query.trim().is_empty() {
                    None
                } else {
                    st.live.results(docs, &st.query)
                };
                match &result {
                    None => {}
                    Some(Err(message)) => {
                        ui.weak(message);
                    }
                    Some(Ok(found)) if found.hits.is_empty() => {
                        ui.weak("No article holds all of these words.");
                    }
                    Some(Ok(found)) => {
                        let more = if found.candidates > found.hits.len() {
                            format!(" (best {})", found.hits.len())
                        } else {
                            String::new()
                        };
                        ui.weak(format!(
                            "{} articles{more} · Enter opens the first",
                            found.candidates.max(found.hits.len())
                        ));
                        if keyboard
                            && enter
                            && let Some(h) = found.hits.first()
                        {
                            let (start, end) =
                                h.snippet.marks.first().copied().unwrap_or((h.start, h.end));
                            actions.push(SearchAction::Open {
                                doc: h.doc,
                                start,
                                end,
                                highlight: false,
                            });
                        }
                    }
                }
                ui.separator();
                let Some(Ok(found)) = result else {
                    return;
                };
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for h in &found.hits {
                            let Some(doc) = docs.get(h.doc) else {
                                continue;
                            };
                            let (start, end) =
                                h.snippet.marks.first().copied().unwrap_or((h.start, h.end));
                            let open = SearchAction::Open {
                                doc: h.doc,
                                start,
                                end,
                                highlight: false,
                            };
                            egui::Frame::group(ui.style()).show(ui, |ui| {
                                ui.set_width(ui.available_width());
                                ui.horizontal_wrapped(|ui| {
                                    // Title and file in one link: the title alone is
                                    // also the pane's header and the documents list's row.
                                    let name = bidi::display_order(&format!(
                                        "{} · {}",
                                        doc.title,
                                        doc.file_name()
                                    ));
                                    if ui
                                        .link(RichText::new(name).strong())
                                        .on_hover_text(format!("Open {} at the match", doc.id))
                                        .clicked()
                                    {
                                        actions.push(open.clone());
                                    }
                                    let hits = if h.hits == 1 { "hit" } else { "hits" };
                                    ui.label(
                                        RichText::new(format!("{} {hits}", h.hits)).small().weak(),
                                    );
                                });
                                let marks = h.snippet.local_marks();
                                if snippet_ui(ui, &h.snippet.text, &marks)
                                    .on_hover_cursor(egui::CursorIcon::PointingHand)
                                    .clicked()
                                {
                                    actions.push(open.clone());
                                }
                            });
                        }
                    });
            });
        if close {
            st.open = false;
        }
        out.extend(actions.into_iter().map(Action::Search));
    }
}

pub(crate) fn progress_ui(ui: &mut egui::Ui, st: &SearchState) {
    if let Some((done, total)) = st.building() {
        let fraction = if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .text(format!("Indexing the corpus… {done} of {total} articles")),
        );
    } else if st.live.failed() {
        ui.weak("The corpus could not be indexed.");
    }
}

/// `text` with `marks` (code point ranges of `text`) in bold on a marker
/// colour, wrapped to `width`.
fn marked_job(ui: &egui::Ui, text: &str, marks: &[(usize, usize)], width: f32) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = TextFormat {
        font_id: font.clone(),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let marked = TextFormat {
        font_id: font,
        color: ui.visuals().strong_text_color(),
        background: marked_fill(ui),
        ..Default::default()
    };
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    let byte = |cp: usize| text.char_indices().nth(cp).map_or(text.len(), |(b, _)| b);
    let mut at = 0;
    for &(s, e) in marks {
        let (bs, be) = (byte(s), byte(e));
        if bs < at || be < bs {
            continue;
        }
        job.append(&text[at..bs], 0.0, plain.clone());
        job.append(&text[bs..be], 0.0, marked.clone());
        at = be;
    }
    job.append(&text[at..], 0.0, plain);
    job
}

/// A clickable snippet with its marks; right-to-left text is laid out
/// like the article.
pub(crate) fn snippet_ui(
    ui: &mut egui::Ui,
    text: &str,
    marks: &[(usize, usize)],
) -> egui::Response {
    let fill = marked_fill(ui);
    if let Some(r) = para_layout::marked_paragraph_ui(ui, text, marks, fill) {
        return r;
    }
    let job = marked_job(ui, text, marks, ui.available_width());
    ui.add(egui::Label::new(job).sense(egui::Sense::click()))
}

fn marked_fill(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(110, 90, 10)
    } else {
        Color32::from_rgb(255, 226, 120)
    }
}

/// Where a project's sentence vectors are kept: in the app's own data
/// folder, named by the project's path, never beside the project (a team
/// sharing it through git must not commit 100 MB of numbers).
fn vectors_file(data_dir: &std::path::Path, project: &std::path::Path) -> std::path::PathBuf {
    use sha2::{Digest, Sha256};
    let full = std::fs::canonicalize(project).unwrap_or_else(|_| project.to_path_buf());
    let digest = Sha256::digest(full.to_string_lossy().as_bytes());
    let name: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    data_dir
        .join("sentence-vectors")
        .join(format!("{name}.vectors"))
}
