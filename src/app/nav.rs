//! Moving around: which document each pane shows, which claim is
//! selected, stepping through sentences and claims. Window state only;
//! nothing here changes the project.

use super::state::UiState;
use crate::corpus::Document;
use crate::project::ClaimId;
use crate::session::Session;
use crate::text::sentence_around;

/// Shows document `index` in `pane`.
pub fn show_doc(ui: &mut UiState, pane: usize, index: usize) {
    if ui.panes[pane].doc != index {
        ui.panes[pane].doc = index;
        ui.panes[pane].view.reset_for_new_doc();
        ui.panes[pane].view.scroll_to = Some(0);
    }
    ui.active = pane;
}

/// Selects a claim (or none) and drops pending highlights.
pub fn select_claim(ui: &mut UiState, id: Option<ClaimId>) {
    ui.selected = id;
    for pane in &mut ui.panes {
        pane.view.selection = None;
    }
}

/// Opens or closes the second pane; a new second pane shows the next document.
pub fn toggle_split(ui: &mut UiState, doc_count: usize) {
    ui.split = !ui.split;
    if ui.split {
        let first = ui.panes[0].doc;
        if ui.panes[1].doc == first && doc_count > 1 {
            show_doc(ui, 1, (first + 1) % doc_count);
        }
        ui.active = 1;
    } else {
        ui.active = 0;
    }
}

/// The claim a selection in `pane` would be linked to as evidence: side by
/// side, with a claim selected that is not shown in this pane.
pub fn linking_target(ui: &UiState, session: &Session, pane: usize) -> Option<ClaimId> {
    if !ui.split {
        return None;
    }
    let id = ui.selected.as_ref()?;
    let claim = session.claim(id)?;
    let docs = &session.workspace().corpus.documents;
    let doc = docs.get(ui.panes[pane].doc)?;
    let other = docs.get(ui.panes[1 - pane].doc)?;
    let claim_here = claim.span.doc == doc.id && (pane == 0 || other.id != doc.id);
    (!claim_here).then(|| id.clone())
}

/// Highlights the sentence after (or before) the current highlight.
pub fn step_sentence(ui: &mut UiState, pane: usize, doc: &Document, forward: bool) {
    let len = doc.char_len();
    let view = &ui.panes[pane].view;
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
    while let Some(c) = chars_at(pos)
        && c.is_whitespace()
    {
        if forward {
            pos += 1;
        } else if pos == 0 {
            break;
        } else {
            pos -= 1;
        }
    }
    if pos >= len {
        return;
    }
    if let Some((start, end)) = sentence_around(&doc.text, &doc.map, pos) {
        let view = &mut ui.panes[pane].view;
        view.selection = Some((start, end));
        view.scroll_to = Some(start);
    }
}

/// Selects the next (or previous) claim of the document in the active pane.
pub fn step_claim(ui: &mut UiState, session: &Session, forward: bool) {
    let pane = ui.active;
    let Some(doc) = session.workspace().corpus.documents.get(ui.panes[pane].doc) else {
        return;
    };
    let Some(marks) = session.marks(&doc.id) else {
        return;
    };
    let claims: Vec<(usize, &ClaimId)> = marks
        .all()
        .iter()
        .filter(|m| m.evidence.is_none() && !m.detached)
        .map(|m| (m.start, &m.claim))
        .collect();
    if claims.is_empty() {
        return;
    }
    let current = ui
        .selected
        .as_ref()
        .and_then(|s| claims.iter().position(|(_, c)| *c == s));
    let next = match (current, forward) {
        (Some(i), true) => (i + 1) % claims.len(),
        (Some(i), false) => (i + claims.len() - 1) % claims.len(),
        (None, true) => 0,
        (None, false) => claims.len() - 1,
    };
    let (start, id) = claims[next];
    select_claim(ui, Some(id.clone()));
    ui.panes[pane].view.scroll_to = Some(start);
}
