//! The edit journal: what a crash kept out of the project file is replayed
//! when a session starts, and every edit after that is journaled within
//! milliseconds (see `project::journal`).

use super::replay::Recovery;
// The web page keeps no journal: rebuilding history from one is native only.
#[cfg_attr(target_arch = "wasm32", allow(unused_imports))]
use super::state::HISTORY_LIMIT;
#[cfg_attr(target_arch = "wasm32", allow(unused_imports))]
use super::{SaveState, Session};
use crate::jobs::Waker;
use crate::project::Edit;
#[cfg_attr(target_arch = "wasm32", allow(unused_imports))]
use crate::project::journal::{
    self, Entry, Found, Journal, JournalStore as _, JournalWriter, Step,
};

#[cfg(not(target_arch = "wasm32"))]
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Session {
    /// Takes over the journal: a foreign one is moved aside, a recovered
    /// one is written afresh and its steps become the undo history, as they
    /// were before the crash.
    pub(super) fn start_journal(&mut self, recovery: Recovery) {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let mut store =
                journal::FileStore::at(self.writers.journal_path.clone(), &self.ws.project_path);
            let name = self
                .ws
                .project_path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut notes = Vec::new();
            let Recovery {
                base,
                found,
                replayed,
            } = recovery;
            let (journal, problem) = match found {
                Found::Nothing => (Journal::new(Box::new(store), &name, base), None),
                Found::Foreign { journal, reason } => match store.set_aside("orphan", false) {
                    Ok(aside) => {
                        notes.push(format!(
                            "The edit journal {journal} does not belong to this project file \
                             ({reason}): nothing from it was applied; it is kept as {aside}"
                        ));
                        (Journal::new(Box::new(store), &name, base), None)
                    }
                    Err(e) => {
                        // Never write over it: it may be someone's only copy.
                        self.journal_off = Some(format!(
                            "edits are not journaled: {journal} does not belong to this \
                             project file ({reason}) and cannot be moved aside ({e}); they \
                             are saved with the project"
                        ));
                        return;
                    }
                },
                Found::Pending(pending) => {
                    self.journal_seq = pending.entries.last().map_or(0, |e| e.seq);
                    let n = replayed.applied.len();
                    if n > 0 {
                        notes.push(format!(
                            "Recovered {} that had not been saved when crosscheck stopped \
                             (from {})",
                            plural(n, "edit", "edits"),
                            pending.journal
                        ));
                    }
                    if pending.torn {
                        notes.push("an edit cut off half way by the crash was left out".to_owned());
                    }
                    let mut problems = Vec::new();
                    if let Some(damage) = &pending.damaged {
                        problems.push(format!(
                            "the journal is damaged at line {} ({}), nothing after it was applied",
                            damage.line, damage.message
                        ));
                    }
                    if let Some((seq, err)) = replayed.failed.first() {
                        problems.push(format!(
                            "{} could not be applied (edit {seq}: {err})",
                            plural(replayed.failed.len(), "edit", "edits")
                        ));
                    }
                    if !problems.is_empty() {
                        let kept = store.set_aside("damaged", true).map_or_else(
                            |e| format!("it could not be copied: {e}"),
                            |aside| format!("a copy is kept as {aside}"),
                        );
                        notes.push(format!("{}; {kept}", problems.join("; ")));
                    }
                    self.rebuild_history(&replayed.steps);
                    if n > 0 {
                        self.version += 1;
                        self.save_state = SaveState::Pending;
                    }
                    let (journal, result) =
                        Journal::resume(Box::new(store), &name, base, &replayed.applied);
                    (journal, result.err().map(|e| e.to_string()))
                }
            };
            let wake = self.journal_wake.clone();
            let notify = std::sync::Arc::new(move || {
                if let Some(wake) = journal::lock_or_recover(&wake).as_ref() {
                    wake();
                }
            });
            self.journal = Some(JournalWriter::start(journal, problem, notify));
            if !notes.is_empty() {
                self.notice = Some(notes.join("; "));
            }
        }
        #[cfg(target_arch = "wasm32")]
        let _ = recovery;
    }

    /// The undo and redo stacks as the journaled steps left them.
    #[cfg(not(target_arch = "wasm32"))]
    fn rebuild_history(&mut self, steps: &[(Step, Edit)]) {
        for (step, inverse) in steps {
            match step {
                Step::Do => {
                    self.undo.push_back(inverse.clone());
                    if self.undo.len() > HISTORY_LIMIT {
                        self.undo.pop_front();
                    }
                    self.redo.clear();
                }
                Step::Continue => self.redo.clear(),
                Step::Undo => {
                    self.undo.pop_back();
                    self.redo.push(inverse.clone());
                }
                Step::Redo => {
                    self.redo.pop();
                    self.undo.push_back(inverse.clone());
                }
            }
        }
    }

    pub(super) fn journal_edit(&mut self, step: Step, edit: Edit) {
        if let Some(journal) = &self.journal {
            self.journal_seq += 1;
            journal.append(Entry {
                seq: self.journal_seq,
                step,
                edit,
            });
        }
    }

    /// A journal that fails hands the work to the project file at once.
    pub(super) fn watch_journal(&mut self, wake: &Waker) {
        let mut slot = journal::lock_or_recover(&self.journal_wake);
        if slot.is_none() {
            *slot = Some(wake.clone());
        }
        drop(slot);
        let problem = self.journal_problem();
        if problem.is_some() && problem != self.journal_seen {
            self.save_soon();
        }
        self.journal_seen = problem;
    }

    /// Why edits are not reaching the journal, while they are not: the work
    /// is in memory and goes to disk with the next save.
    pub fn journal_problem(&self) -> Option<String> {
        self.journal_off
            .clone()
            .or_else(|| self.journal.as_ref().and_then(JournalWriter::problem))
    }

    /// The person chose to discard the unsaved changes: their journal goes
    /// too, so the next open does not bring them back.
    pub fn discard_journal(&self) {
        if let Some(journal) = &self.journal {
            journal.sync();
            let _ = journal.handle().discard();
        }
    }

    /// Waits until every edit so far is in the journal (tests, closing).
    pub fn sync_journal(&self) {
        if let Some(journal) = &self.journal {
            journal.sync();
        }
    }
}
