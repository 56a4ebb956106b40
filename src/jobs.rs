//! Work that must not block the window: saving, exporting, importing,
//! opening. One mechanism for all of it: a job runs a closure off the UI
//! thread and wakes the window when its result is ready.
//!
//! The web target has no threads: there the closure runs at once and the
//! result waits in the same channel, so callers see the same `poll`; work
//! that must wait for the browser (a save) finishes the job later through
//! [`Later`].

use std::sync::mpsc;

/// Wakes the window from another thread. No egui here: the window passes
/// one that requests a repaint (`app::jobs::waker`), tests a counter.
pub type Waker = std::sync::Arc<dyn Fn() + Send + Sync>;

/// A job's result, when it has one.
pub enum Poll<T> {
    Ready(T),
    Running,
    /// The worker stopped without a result (it panicked).
    Lost,
}

pub struct Job<T> {
    /// What it does, for the window ("Exporting fever").
    pub what: String,
    rx: mpsc::Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work`; `wake` is called when it has finished.
    pub fn spawn(
        what: impl Into<String>,
        wake: Waker,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Self {
        let what = what.into();
        let (tx, rx) = mpsc::channel();
        #[cfg(not(target_arch = "wasm32"))]
        {
            let run = move || {
                let _ = tx.send(work());
                wake();
            };
            let name = format!("crosscheck: {what}");
            // A failed spawn drops `run` (and its sender): poll says Lost.
            let _ = std::thread::Builder::new().name(name).spawn(run);
        }
        #[cfg(target_arch = "wasm32")]
        {
            later::offer(Later {
                tx: tx.clone(),
                wake: wake.clone(),
            });
            let value = work();
            // Work that took the offer sends its own result when the
            // browser has answered; this value only stands in for it.
            if later::withdraw() {
                let _ = tx.send(value);
                wake();
            }
        }
        Self { what, rx }
    }

    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(value) => Poll::Ready(value),
            Err(mpsc::TryRecvError::Empty) => Poll::Running,
            Err(mpsc::TryRecvError::Disconnected) => Poll::Lost,
        }
    }

    /// Waits for the result (closing the window, tests).
    pub fn wait(self) -> Option<T> {
        // The web page's one thread cannot block on work that waits for the
        // browser: a result not in yet is reported as none.
        #[cfg(target_arch = "wasm32")]
        return self.rx.try_recv().ok();
        #[cfg(not(target_arch = "wasm32"))]
        self.rx.recv().ok()
    }
}

/// The rest of a job that waits for the browser (a write to IndexedDB or to
/// a folder), on the web target where jobs run inline: the work takes it
/// with [`later::take`] and finishes the job when the browser answers, so
/// the window shows "saving…" until the write has really happened.
#[cfg(target_arch = "wasm32")]
pub struct Later<T> {
    tx: mpsc::Sender<T>,
    wake: Waker,
}

#[cfg(target_arch = "wasm32")]
impl<T> Later<T> {
    pub fn finish(self, value: T) {
        let _ = self.tx.send(value);
        (self.wake)();
    }
}

#[cfg(target_arch = "wasm32")]
pub mod later {
    use std::any::Any;
    use std::cell::RefCell;

    use super::Later;

    thread_local! {
        /// The job running inline right now, while it runs.
        static OFFERED: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
    }

    pub(super) fn offer<T: 'static>(later: Later<T>) {
        OFFERED.with(|o| *o.borrow_mut() = Some(Box::new(later)));
    }

    /// Whether the offer was still there (the work did not take it).
    pub(super) fn withdraw() -> bool {
        OFFERED.with(|o| o.borrow_mut().take()).is_some()
    }

    /// Takes over finishing the running job, when one is running and its
    /// result is a `T`; outside a job (a save on closing) there is none.
    pub fn take<T: 'static>() -> Option<Later<T>> {
        OFFERED.with(|o| {
            let mut slot = o.borrow_mut();
            match slot.take()?.downcast::<Later<T>>() {
                Ok(later) => Some(*later),
                Err(other) => {
                    *slot = Some(other);
                    None
                }
            }
        })
    }
}

/// The result of the job in `slot` once it has finished (emptying the
/// slot); a worker that stopped without one gives `lost()`.
pub fn take_finished<T: Send + 'static>(
    slot: &mut Option<Job<T>>,
    lost: impl FnOnce() -> T,
) -> Option<T> {
    let result = match slot.as_ref()?.poll() {
        Poll::Running => return None,
        Poll::Ready(value) => value,
        Poll::Lost => lost(),
    };
    *slot = None;
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_job_delivers_its_result_and_wakes() {
        let woken = Arc::new(AtomicUsize::new(0));
        let w = woken.clone();
        let job = Job::spawn(
            "adding",
            Arc::new(move || {
                w.fetch_add(1, Ordering::SeqCst);
            }),
            || 2 + 2,
        );
        assert_eq!(job.wait(), Some(4));
        // The wake comes right after the result is sent.
        for _ in 0..2000 {
            if woken.load(Ordering::SeqCst) > 0 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert_eq!(woken.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_panicking_job_is_lost_not_fatal() {
        let job: Job<u32> = Job::spawn("failing", Arc::new(|| {}), || panic!("boom"));
        // The worker is gone; the result never comes.
        let result = loop {
            match job.poll() {
                Poll::Running => std::thread::yield_now(),
                Poll::Ready(v) => break Some(v),
                Poll::Lost => break None,
            }
        };
        assert_eq!(result, None);
    }
}
