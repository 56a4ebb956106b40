//! Saving: on a worker after a pause in editing (or at once after Ctrl+S),
//! Save as…, and on this thread when the window closes.

use std::path::{Path, PathBuf};

use super::in_flight::{InFlight, SaveResult};
use super::{AUTOSAVE_DELAY, SaveState, Session};
use crate::jobs::{Job, Poll, Waker};
use crate::project;
use crate::project::journal::JournalWriter;

impl Session {
    /// A save is running on a worker.
    pub fn is_saving(&self) -> bool {
        self.in_flight.is_some()
    }

    /// Called every frame: finishes a save in flight and starts one when the
    /// last edit is [`AUTOSAVE_DELAY`] old (or at once after [`Self::save_soon`]).
    /// `wake` repaints the window when a save finishes. Returns seconds until
    /// it wants to be called again, if it is waiting for a delay.
    pub fn tick(&mut self, now: f64, wake: &Waker) -> Option<f64> {
        self.watch_journal(wake);
        if let Some(flight) = &self.in_flight {
            let result = match flight.job.poll() {
                Poll::Running => return None,
                Poll::Ready(result) => result,
                Poll::Lost => Err("the save stopped unexpectedly".into()),
            };
            if let Some(flight) = self.in_flight.take() {
                self.finish_save(flight.version, flight.moved_to, result);
            }
        }
        if let Some(path) = self.queued_save_as.take() {
            self.start_save_as(&path, wake);
            return None;
        }
        if self.read_only {
            return None;
        }
        if !self.has_unsaved_changes() {
            self.save_asap = false;
            return None;
        }
        if matches!(self.save_state, SaveState::Failed(_)) && !self.save_asap {
            return None;
        }
        let wait = self.changed_at + AUTOSAVE_DELAY - now;
        if wait > 0.0 && !self.save_asap {
            return Some(wait);
        }
        self.save_asap = false;
        self.start_save(None, wake);
        None
    }

    /// Saves at the next tick instead of after the delay (Ctrl+S, Retry).
    pub fn save_soon(&mut self) {
        self.save_asap = true;
        if let SaveState::Failed(_) = self.save_state {
            self.save_state = SaveState::Pending;
        }
    }

    fn start_save(&mut self, moved_to: Option<(PathBuf, String)>, wake: &Waker) {
        let mut project = self.ws.project.clone();
        let path = match &moved_to {
            Some((path, corpus)) => {
                project.set_corpus_reference(corpus.clone());
                path.clone()
            }
            None => self.ws.project_path.clone(),
        };
        let upto = self.journal_seq;
        let journal = self.journal.as_ref().map(JournalWriter::handle);
        let moved = moved_to.is_some();
        #[cfg(not(target_arch = "wasm32"))]
        let (base, journal_path) = (self.writers.base.clone(), self.writers.journal_path.clone());
        let job = Job::spawn("saving", wake.clone(), move || {
            #[cfg(not(target_arch = "wasm32"))]
            return super::writers::save_checked(
                project,
                &path,
                &base,
                upto,
                journal.as_ref(),
                &journal_path,
                moved,
            );
            #[cfg(target_arch = "wasm32")]
            save_folding(&project, &path, upto, journal.as_ref(), moved)
        });
        self.in_flight = Some(InFlight {
            version: self.version,
            job,
            moved_to,
        });
        self.save_state = SaveState::Saving;
    }

    /// Saves the project to a new file on a worker; when that succeeds the
    /// project lives there. The corpus reference is rewritten relative to
    /// the new place.
    pub fn save_as(&mut self, path: &Path, wake: &Waker) {
        if self.in_flight.is_some() {
            self.queued_save_as = Some(path.to_path_buf());
            return;
        }
        self.start_save_as(path, wake);
    }

    fn start_save_as(&mut self, path: &Path, wake: &Waker) {
        let corpus = project::corpus_reference(path, &self.ws.corpus.root);
        self.start_save(Some((path.to_path_buf(), corpus)), wake);
    }

    fn finish_save(
        &mut self,
        version: u64,
        moved_to: Option<(PathBuf, String)>,
        result: SaveResult,
    ) {
        match result {
            #[cfg_attr(target_arch = "wasm32", allow(clippy::let_unit_value))]
            Ok(done) => {
                if let Some((path, corpus)) = moved_to {
                    self.ws.project.set_corpus_reference(corpus);
                    self.notice = Some(format!("Saved as {}", path.display()));
                    self.ws.project_path = path;
                }
                #[cfg(not(target_arch = "wasm32"))]
                let version = self.take_in_save(version, done);
                #[cfg(target_arch = "wasm32")]
                let () = done;
                self.saved_version = version;
                self.save_state = if self.has_unsaved_changes() {
                    SaveState::Pending
                } else {
                    SaveState::Saved
                };
            }
            Err(message) => {
                let message = match moved_to {
                    Some((path, _)) => format!("{}: {message}", path.display()),
                    None => message,
                };
                self.save_state = SaveState::Failed(message);
            }
        }
    }

    /// Saves on this thread: the last resort when the window closes.
    pub fn save_blocking(&mut self) -> Result<(), String> {
        if self.read_only {
            return Ok(());
        }
        if let Some(flight) = self.in_flight.take() {
            let result = flight
                .job
                .wait()
                .unwrap_or_else(|| Err("the save stopped unexpectedly".into()));
            self.finish_save(flight.version, flight.moved_to, result);
        }
        // What is on its way to the journal goes first: nothing may reach
        // it after it is folded and closed.
        self.sync_journal();
        let journal = self.journal.as_ref().map(JournalWriter::handle);
        if self.has_unsaved_changes() {
            let version = self.version;
            #[cfg(not(target_arch = "wasm32"))]
            let result = super::writers::save_checked(
                self.ws.project.clone(),
                &self.ws.project_path,
                &self.writers.base,
                self.journal_seq,
                journal.as_ref(),
                &self.writers.journal_path,
                false,
            );
            #[cfg(target_arch = "wasm32")]
            let result = save_folding(
                &self.ws.project,
                &self.ws.project_path,
                self.journal_seq,
                journal.as_ref(),
                false,
            );
            let failed = result.as_ref().err().cloned();
            self.finish_save(version, None, result);
            if let Some(message) = failed {
                return Err(message);
            }
        }
        // Closing with everything saved: no journal stays behind.
        if let Some(journal) = journal {
            let _ = journal.close();
        }
        Ok(())
    }

    /// Waits for the save in flight, if any (tests, benchmarks).
    pub fn wait_for_save(&mut self) {
        if let Some(flight) = self.in_flight.take() {
            let result = flight
                .job
                .wait()
                .unwrap_or_else(|| Err("the save stopped unexpectedly".into()));
            self.finish_save(flight.version, flight.moved_to, result);
        }
    }
}

/// Saves the project in the browser's storage: the web has one writer
/// and keeps no journal.
#[cfg(target_arch = "wasm32")]
fn save_folding(
    project: &crate::project::Project,
    path: &Path,
    upto: u64,
    journal: Option<&crate::project::journal::JournalHandle>,
    moved: bool,
) -> SaveResult {
    let _ = (upto, journal, moved);
    project::save(project, path).map_err(|e| e.to_string())
}
