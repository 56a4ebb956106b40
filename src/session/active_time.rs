//! Time on task: how long the annotator worked on each document, counting
//! only time with input (a key, a click, the pointer or a scroll) in the
//! last minute, so a window left open over lunch adds nothing. The window
//! ticks an [`ActiveClock`] every frame and adds what it hands back to the
//! project (`Edit::AddActiveTime`).

/// Seconds after the last input that still count as working.
pub const IDLE_SECS: f64 = 60.0;
/// Time gathered is handed out in steps of at least this many seconds
/// (and whenever the document changes), so the file is not rewritten for
/// every second.
pub const STEP_SECS: f64 = 30.0;

/// Active time of the document shown, not yet handed out.
#[derive(Debug, Default)]
pub struct ActiveClock {
    doc: Option<String>,
    last_input: Option<f64>,
    last_tick: Option<f64>,
    pending: f64,
}

impl ActiveClock {
    /// One frame at `now` (seconds, any origin) showing `doc`; `input`:
    /// the person did something in it. Returns whole seconds to add to a
    /// document when a step is due or the document changed.
    pub fn tick(&mut self, now: f64, doc: Option<&str>, input: bool) -> Option<(String, u64)> {
        if let (Some(t), Some(_), Some(input_at)) = (self.last_tick, &self.doc, self.last_input) {
            let until = (input_at + IDLE_SECS).min(now);
            self.pending += (until - t).max(0.0);
        }
        if input {
            self.last_input = Some(now);
        }
        self.last_tick = Some(now);
        if self.doc.as_deref() != doc {
            let out = self.take();
            self.doc = doc.map(str::to_owned);
            return out;
        }
        if self.pending >= STEP_SECS {
            return self.take();
        }
        None
    }

    /// The time of the last frame ticked.
    pub fn last_tick(&self) -> Option<f64> {
        self.last_tick
    }

    /// What is gathered, handed out now (the window closes, the project
    /// is saved).
    pub fn take(&mut self) -> Option<(String, u64)> {
        let whole = self.pending.floor();
        self.pending -= whole;
        let doc = self.doc.clone()?;
        // In range: `pending` is never negative and grows by seconds.
        let secs = whole as u64;
        (secs > 0).then_some((doc, secs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs frames at the given times (all showing `doc`, each with input
    /// when marked) and sums what the clock hands out, then what is left.
    fn run(frames: &[(f64, &str, bool)]) -> Vec<(String, u64)> {
        let mut clock = ActiveClock::default();
        let mut out: Vec<(String, u64)> = Vec::new();
        let mut add = |got: Option<(String, u64)>| {
            if let Some((doc, s)) = got {
                match out.iter_mut().find(|(d, _)| *d == doc) {
                    Some((_, n)) => *n += s,
                    None => out.push((doc, s)),
                }
            }
        };
        for &(t, doc, input) in frames {
            add(clock.tick(t, Some(doc), input));
        }
        add(clock.take());
        out
    }

    #[test]
    fn steady_work_counts_in_full() {
        // A frame with input every 5 s for 100 s.
        let frames: Vec<(f64, &str, bool)> =
            (0..=20).map(|i| (f64::from(i) * 5.0, "a", true)).collect();
        assert_eq!(run(&frames), [("a".to_string(), 100)]);
    }

    #[test]
    fn an_idle_gap_counts_only_its_first_minute() {
        // Work for 20 s, away for an hour, 10 s more.
        let frames = [
            (0.0, "a", true),
            (10.0, "a", true),
            (20.0, "a", true),
            // The next frame comes with the next input, an hour later.
            (3620.0, "a", true),
            (3630.0, "a", true),
        ];
        assert_eq!(run(&frames), [("a".to_string(), 20 + 60 + 10)]);
    }

    #[test]
    fn frames_without_input_do_not_keep_it_going() {
        // Repaints (a spinner) every second for five minutes, no input.
        let mut frames = vec![(0.0, "a", true)];
        frames.extend((1..=300).map(|i| (f64::from(i), "a", false)));
        assert_eq!(run(&frames), [("a".to_string(), 60)]);
    }

    #[test]
    fn time_goes_to_the_document_shown() {
        let frames = [
            (0.0, "a", true),
            (40.0, "a", true),
            (45.0, "b", true),
            (70.0, "b", true),
            (75.0, "a", true),
        ];
        // Up to the frame that changed documents, the time was the old one's.
        assert_eq!(run(&frames), [("a".to_string(), 45), ("b".to_string(), 30)]);
    }

    #[test]
    fn steps_are_handed_out_while_working() {
        let mut clock = ActiveClock::default();
        let mut got = Vec::new();
        for i in 0..=12 {
            if let Some(step) = clock.tick(f64::from(i) * 5.0, Some("a"), true) {
                got.push(step);
            }
        }
        assert_eq!(got, [("a".to_string(), 30), ("a".to_string(), 30)]);
    }

    #[test]
    fn no_document_no_time() {
        let mut clock = ActiveClock::default();
        assert_eq!(clock.tick(0.0, None, true), None);
        assert_eq!(clock.tick(100.0, None, true), None);
        assert_eq!(clock.take(), None);
    }
}
