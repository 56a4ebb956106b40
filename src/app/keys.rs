//! The keyboard, and the actions menus and keys share.

use super::CrosscheckApp;
use super::open::OpenRequest;
use crate::project::ClaimId;
use crate::text::{sentence_around, word_step};
use egui::{Key, Modifiers};

/// Every shortcut, as the help window lists it.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("drag", "highlight text (snaps to whole words)"),
    ("Alt+drag", "highlight exact characters"),
    ("double-click", "highlight a sentence"),
    ("Down / Up", "highlight the next / previous sentence"),
    ("1 2 3 …", "label the highlight (or the selected claim)"),
    (
        "Shift+1 2 3 …",
        "side by side: new claim instead of evidence",
    ),
    ("Enter", "make the highlight a claim without a label yet"),
    ("Esc", "cancel the highlight / deselect"),
    ("click", "select a claim (again: the next overlapping one)"),
    ("Tab / Shift+Tab", "next / previous claim in this document"),
    (
        "Shift+Right / Left",
        "move the end of the highlight or claim by a word",
    ),
    ("Alt+Shift+Right / Left", "move the start by a word"),
    ("drag an edge", "resize the selected claim"),
    ("Delete", "delete the selected claim"),
    ("N", "write a note on the selected claim"),
    ("Ctrl+Z", "undo"),
    ("Ctrl+Shift+Z / Ctrl+Y", "redo"),
    ("] / Ctrl+PageDown", "next document"),
    ("[ / Ctrl+PageUp", "previous document"),
    ("Ctrl+D", "mark the document done / not done"),
    ("Ctrl+\\", "side by side: open a second article"),
    ("Ctrl+Click a document", "open it in the second pane"),
    ("Ctrl+M", "corpus overview (agree / contradict matrix)"),
    ("Ctrl+S", "save now (saving is automatic)"),
    ("Ctrl+E", "export training data"),
    ("Ctrl+O / Ctrl+Shift+O", "open a folder / a project"),
    (
        "Ctrl++ / Ctrl+- / Ctrl+0",
        "larger / smaller / default text",
    ),
    ("F1 / ?", "this list"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    OpenFolder,
    OpenProject,
    Save,
    SaveAs,
    Export,
    Import,
    Quit,
    Undo,
    Redo,
    Delete,
    EditNote,
    ToggleDone,
    ToggleSplit,
    NextDoc,
    PrevDoc,
    FontBigger,
    FontSmaller,
    FontReset,
    ToggleOverview,
}

pub fn run_action(app: &mut CrosscheckApp, ctx: &egui::Context, action: Action) {
    let now = ctx.input(|i| i.time);
    match action {
        Action::OpenFolder => {
            if let Some(path) = app.dialogs.pick_folder("Open a corpus folder") {
                app.open(OpenRequest::Path(path));
            }
        }
        Action::OpenProject => {
            if let Some(path) = app.dialogs.pick_project() {
                app.open(OpenRequest::Path(path));
            }
        }
        Action::Save => {
            if let Some(session) = &mut app.session {
                match session.save_now() {
                    Ok(()) => app.ui.message = None,
                    Err(err) => app.ui.message = Some(format!("Not saved: {err}")),
                }
            }
        }
        Action::SaveAs => {
            if let Some(path) = app
                .dialogs
                .save_file("Save project as", "crosscheck.ron", "ron")
            {
                let path = if path.extension().is_none() {
                    path.with_extension("ron")
                } else {
                    path
                };
                if let Some(session) = &mut app.session {
                    match session.save_as(&path) {
                        Ok(()) => {
                            session.notice = Some(format!("Saved as {}", path.display()));
                            app.settings.add_recent(&path);
                            app.remember_settings();
                        }
                        Err(err) => app.ui.message = Some(format!("Not saved: {err}")),
                    }
                }
            }
        }
        Action::Export => {
            if app.session.is_some() {
                app.ui.show_export = true;
            }
        }
        Action::Import => super::export_ui::import_pre_annotations(app, now),
        Action::Quit => {
            app.save_before_close();
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        Action::Undo | Action::Redo => {
            if let Some(session) = &mut app.session {
                let claim = if action == Action::Undo {
                    session.undo(now)
                } else {
                    session.redo(now)
                };
                // Show what changed: select the claim again if it still exists.
                if let Some(Some(id)) = claim {
                    let exists = session.claim(&id).is_some();
                    select_claim(app, exists.then_some(id));
                }
            }
        }
        Action::Delete => {
            if let (Some(id), Some(session)) = (app.ui.selected.clone(), &mut app.session) {
                match session.delete_claim(&id, now) {
                    Ok(()) => app.ui.selected = None,
                    Err(err) => app.ui.message = Some(err.to_string()),
                }
            }
        }
        Action::EditNote => {
            if app.ui.selected.is_some() {
                app.ui.focus_note = true;
            }
        }
        Action::ToggleDone => {
            let doc = app.pane_doc(app.ui.active).map(|d| d.id.clone());
            if let (Some(doc), Some(session)) = (doc, &mut app.session)
                && let Err(err) = session.toggle_done(&doc, now)
            {
                app.ui.message = Some(err.to_string());
            }
        }
        Action::ToggleSplit => {
            app.ui.split = !app.ui.split;
            if app.ui.split {
                let count = app.session.as_ref().map_or(0, |s| s.ws.corpus.len());
                let first = app.ui.panes[0].doc;
                if app.ui.panes[1].doc == first && count > 1 {
                    show_doc(app, 1, (first + 1) % count);
                }
                app.ui.active = 1;
            } else {
                app.ui.active = 0;
            }
        }
        Action::NextDoc | Action::PrevDoc => {
            let count = app.session.as_ref().map_or(0, |s| s.ws.corpus.len());
            if count > 0 {
                let pane = app.ui.active;
                let current = app.ui.panes[pane].doc;
                let next = if action == Action::NextDoc {
                    (current + 1) % count
                } else {
                    (current + count - 1) % count
                };
                show_doc(app, pane, next);
            }
        }
        Action::ToggleOverview => app.ui.show_overview = !app.ui.show_overview,
        Action::FontBigger => change_font(app, 1.0),
        Action::FontSmaller => change_font(app, -1.0),
        Action::FontReset => {
            app.settings.font_size = super::Settings::default().font_size;
            app.remember_settings();
        }
    }
}

fn change_font(app: &mut CrosscheckApp, delta: f32) {
    app.settings.font_size = (app.settings.font_size + delta).clamp(10.0, 40.0);
    app.remember_settings();
}

/// Shows document `index` in `pane`.
pub fn show_doc(app: &mut CrosscheckApp, pane: usize, index: usize) {
    let now_doc = app.ui.panes[pane].doc;
    if now_doc != index {
        app.ui.panes[pane].doc = index;
        app.ui.panes[pane].view.reset_for_new_doc();
        app.ui.panes[pane].view.scroll_to = Some(0);
    }
    app.ui.active = pane;
}

/// Selects a claim (or none) and drops pending highlights.
pub fn select_claim(app: &mut CrosscheckApp, id: Option<ClaimId>) {
    app.ui.selected = id;
    for pane in &mut app.ui.panes {
        pane.view.selection = None;
    }
}

/// The claim a selection in `pane` would be linked to as evidence: side by
/// side, with a claim selected that is not shown in this pane.
pub fn linking_target(app: &CrosscheckApp, pane: usize) -> Option<ClaimId> {
    if !app.ui.split {
        return None;
    }
    let session = app.session.as_ref()?;
    let id = app.ui.selected.as_ref()?;
    let claim = session.claim(id)?;
    let doc = session.ws.corpus.documents.get(app.ui.panes[pane].doc)?;
    let other = session
        .ws
        .corpus
        .documents
        .get(app.ui.panes[1 - pane].doc)?;
    let claim_here = claim.span.doc == doc.id && (pane == 0 || other.id != doc.id);
    (!claim_here).then(|| id.clone())
}

/// Turns the pending selection of `pane` into a claim with `label`, or (when
/// `link`) into evidence for the selected claim.
pub fn label_selection(app: &mut CrosscheckApp, pane: usize, label: &str, link: bool, now: f64) {
    let Some((start, end)) = app.ui.panes[pane].view.selection else {
        return;
    };
    let Some(doc) = app.pane_doc(pane).map(|d| d.id.clone()) else {
        return;
    };
    let target = if link {
        linking_target(app, pane)
    } else {
        None
    };
    let Some(session) = &mut app.session else {
        return;
    };
    match target {
        Some(claim) => match session.link_evidence(&claim, &doc, start, end, label, now) {
            Ok(proposal) => {
                app.ui.panes[pane].view.selection = None;
                app.ui.proposal = proposal;
            }
            Err(err) => app.ui.message = Some(err.to_string()),
        },
        None => match session.create_claim(&doc, start, end, Some(label), now) {
            Ok(id) => {
                app.ui.panes[pane].view.selection = None;
                app.ui.selected = Some(id);
                app.ui.message = None;
            }
            Err(err) => app.ui.message = Some(err.to_string()),
        },
    }
}

fn pressed(i: &egui::InputState, modifiers: Modifiers, key: Key) -> bool {
    i.events.iter().any(|e| {
        matches!(e, egui::Event::Key { key: k, pressed: true, modifiers: m, .. }
            if *k == key && m.matches_logically(modifiers))
    })
}

pub fn handle_keys(app: &mut CrosscheckApp, ctx: &egui::Context) {
    // Shortcuts with Ctrl work everywhere; bare keys only when no text field
    // has the keyboard.
    let typing = ctx.egui_wants_keyboard_input();
    let mut actions = Vec::new();
    ctx.input(|i| {
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let table: &[(Modifiers, Key, Action)] = &[
            (cmd_shift, Key::Z, Action::Redo),
            (cmd, Key::Y, Action::Redo),
            (cmd, Key::Z, Action::Undo),
            (cmd, Key::S, Action::Save),
            (cmd, Key::E, Action::Export),
            (cmd, Key::M, Action::ToggleOverview),
            (cmd_shift, Key::O, Action::OpenProject),
            (cmd, Key::O, Action::OpenFolder),
            (cmd, Key::Q, Action::Quit),
            (cmd, Key::D, Action::ToggleDone),
            (cmd, Key::Backslash, Action::ToggleSplit),
            (cmd, Key::PageDown, Action::NextDoc),
            (cmd, Key::PageUp, Action::PrevDoc),
            (cmd, Key::Plus, Action::FontBigger),
            (cmd, Key::Equals, Action::FontBigger),
            (cmd, Key::Minus, Action::FontSmaller),
            (cmd, Key::Num0, Action::FontReset),
        ];
        let mut matched_z = false;
        for (m, k, a) in table {
            // Ctrl+Shift+Z also matches Ctrl+Z logically; take the first only.
            if pressed(i, *m, *k) && !(matched_z && *k == Key::Z) {
                matched_z |= *k == Key::Z;
                actions.push(*a);
            }
        }
        if !typing {
            let none = Modifiers::NONE;
            let bare: &[(Key, Action)] = &[
                (Key::CloseBracket, Action::NextDoc),
                (Key::OpenBracket, Action::PrevDoc),
                (Key::Delete, Action::Delete),
                (Key::Backspace, Action::Delete),
                (Key::N, Action::EditNote),
            ];
            for (k, a) in bare {
                if pressed(i, none, *k) {
                    actions.push(*a);
                }
            }
        }
    });
    if ctx.input(|i| i.key_pressed(Key::F1))
        || (!typing
            && ctx.input(|i| {
                i.events
                    .iter()
                    .any(|e| matches!(e, egui::Event::Text(t) if t == "?"))
            }))
    {
        app.ui.show_help = !app.ui.show_help;
    }
    for action in actions {
        run_action(app, ctx, action);
    }
    if typing || app.session.is_none() || app.name_prompt.is_some() || app.open_error.is_some() {
        return;
    }
    annotation_keys(app, ctx);
}

/// Keys that label, move and resize: the keyboard-only way to annotate.
fn annotation_keys(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let now = ctx.input(|i| i.time);
    let pane = app.ui.active;
    if ctx.input(|i| i.key_pressed(Key::Escape)) {
        if app.ui.proposal.is_some() {
            app.ui.proposal = None;
        } else if app.ui.panes[pane].view.selection.is_some() {
            app.ui.panes[pane].view.selection = None;
        } else if app.ui.show_help {
            app.ui.show_help = false;
        } else {
            select_claim(app, None);
        }
        return;
    }

    // Label keys: the label set decides which keys exist.
    let labels: Vec<(Key, String)> = app
        .session
        .as_ref()
        .map(|s| {
            s.ws.project
                .labels
                .iter()
                .filter_map(|l| Some((Key::from_name(&l.key?.to_string())?, l.id.clone())))
                .collect()
        })
        .unwrap_or_default();
    for (key, label) in labels {
        let (plain, shifted) = ctx.input(|i| {
            (
                pressed(i, Modifiers::NONE, key),
                pressed(i, Modifiers::SHIFT, key),
            )
        });
        if !(plain || shifted) {
            continue;
        }
        if app.ui.panes[pane].view.selection.is_some() {
            label_selection(app, pane, &label, plain, now);
        } else if let (Some(id), Some(session)) = (app.ui.selected.clone(), &mut app.session)
            && let Err(err) = session.set_label(&id, &label, now)
        {
            app.ui.message = Some(err.to_string());
        }
        return;
    }

    if ctx.input(|i| pressed(i, Modifiers::NONE, Key::Enter)) {
        if let (Some((start, end)), Some(doc)) = (
            app.ui.panes[pane].view.selection,
            app.pane_doc(pane).map(|d| d.id.clone()),
        ) && let Some(session) = &mut app.session
        {
            match session.create_claim(&doc, start, end, None, now) {
                Ok(id) => {
                    app.ui.panes[pane].view.selection = None;
                    app.ui.selected = Some(id);
                }
                Err(err) => app.ui.message = Some(err.to_string()),
            }
        }
        return;
    }

    let (down, up, tab, shift_tab) = ctx.input(|i| {
        (
            pressed(i, Modifiers::NONE, Key::ArrowDown),
            pressed(i, Modifiers::NONE, Key::ArrowUp),
            pressed(i, Modifiers::NONE, Key::Tab),
            pressed(i, Modifiers::SHIFT, Key::Tab),
        )
    });
    if down || up {
        step_sentence(app, pane, down);
    }
    if tab || shift_tab {
        step_claim(app, pane, tab);
    }
    let moves = ctx.input(|i| {
        [
            (pressed(i, Modifiers::SHIFT, Key::ArrowRight), false, true),
            (pressed(i, Modifiers::SHIFT, Key::ArrowLeft), false, false),
            (
                pressed(i, Modifiers::SHIFT | Modifiers::ALT, Key::ArrowRight),
                true,
                true,
            ),
            (
                pressed(i, Modifiers::SHIFT | Modifiers::ALT, Key::ArrowLeft),
                true,
                false,
            ),
        ]
    });
    for (hit, start_edge, forward) in moves {
        if hit {
            move_edge(app, pane, start_edge, forward, now);
        }
    }
}

/// Highlights the sentence after (or before) the current highlight.
fn step_sentence(app: &mut CrosscheckApp, pane: usize, forward: bool) {
    let Some(doc) = app.pane_doc(pane) else {
        return;
    };
    let len = doc.char_len();
    let view = &app.ui.panes[pane].view;
    let (s, e) = view.selection.unwrap_or((0, 0));
    let mut pos = if view.selection.is_none() {
        0
    } else if forward {
        e
    } else {
        s.saturating_sub(1)
    };
    // Skip whitespace between sentences.
    let chars_at = |p: usize| doc.slice(p, p + 1).and_then(|c| c.chars().next());
    loop {
        match chars_at(pos) {
            Some(c) if c.is_whitespace() => {
                if forward {
                    pos += 1;
                } else if pos == 0 {
                    break;
                } else {
                    pos -= 1;
                }
            }
            _ => break,
        }
    }
    if pos >= len {
        return;
    }
    if let Some((start, end)) = sentence_around(&doc.text, &doc.map, pos) {
        let view = &mut app.ui.panes[pane].view;
        view.selection = Some((start, end));
        view.scroll_to = Some(start);
    }
}

/// Selects the next (or previous) claim of the document in `pane`.
fn step_claim(app: &mut CrosscheckApp, pane: usize, forward: bool) {
    let Some(session) = &app.session else {
        return;
    };
    let Some(doc) = session.ws.corpus.documents.get(app.ui.panes[pane].doc) else {
        return;
    };
    let Some(marks) = session.marks(&doc.id) else {
        return;
    };
    let claims: Vec<(usize, ClaimId)> = marks
        .all()
        .iter()
        .filter(|m| m.evidence.is_none() && !m.detached)
        .map(|m| (m.start, m.claim.clone()))
        .collect();
    if claims.is_empty() {
        return;
    }
    let current = app
        .ui
        .selected
        .as_ref()
        .and_then(|s| claims.iter().position(|(_, c)| c == s));
    let next = match (current, forward) {
        (Some(i), true) => (i + 1) % claims.len(),
        (Some(i), false) => (i + claims.len() - 1) % claims.len(),
        (None, true) => 0,
        (None, false) => claims.len() - 1,
    };
    let (start, id) = claims[next].clone();
    select_claim(app, Some(id));
    app.ui.panes[pane].view.scroll_to = Some(start);
}

/// Shift+arrows: move an edge of the highlight, or of the selected claim, by a word.
fn move_edge(app: &mut CrosscheckApp, pane: usize, start_edge: bool, forward: bool, now: f64) {
    let Some(session) = &mut app.session else {
        return;
    };
    let Some(doc) = session.ws.corpus.documents.get(app.ui.panes[pane].doc) else {
        return;
    };
    let step = |pos: usize| word_step(&doc.text, &doc.map, pos, forward);
    let shift = |(s, e): (usize, usize)| -> Option<(usize, usize)> {
        let (s, e) = if start_edge {
            (step(s), e)
        } else {
            (s, step(e))
        };
        (s < e).then_some((s, e))
    };
    if let Some(sel) = app.ui.panes[pane].view.selection {
        if let Some(new) = shift(sel) {
            app.ui.panes[pane].view.selection = Some(new);
        }
        return;
    }
    let Some(id) = app.ui.selected.clone() else {
        return;
    };
    let target = session
        .claim(&id)
        .filter(|c| c.span.doc == doc.id)
        .and_then(|c| shift((c.span.start, c.span.end)));
    if let Some((s, e)) = target
        && let Err(err) = session.set_span(&id, s, e, now)
    {
        app.ui.message = Some(err.to_string());
    }
}
