//! An opt-in frame trace for measuring the real window:
//! `CROSSCHECK_TRACE=FILE crosscheck …` writes one JSON line per frame.
//!
//! ```text
//! {"kind":"frame","frame":41,"start_unix_ms":1764620000123.4,"cpu_ms":3.1,"inputs":["key 1"],"shown":[{"input":"key 1","frame":40,"latency_ms":19.2}]}
//! {"kind":"first_highlight","frame":12,"end_unix_ms":1764620000301.9}
//! ```
//!
//! - `cpu_ms` is eframe's own measure of the frame (UI pass, tessellation,
//!   painting; not the wait for the buffer swap), which eframe hands over one
//!   frame later: a frame's line is written during the next one.
//! - `inputs` are the input events the frame received (keys, pointer
//!   buttons, scrolling; not plain pointer motion).
//! - `shown` lists the inputs whose effect this frame is the first to show,
//!   with the time from when the app received them (the start of the frame
//!   that took them, which is as early as eframe lets an app see an event)
//!   to the end of this frame. Keys run their commands before the frame
//!   is drawn, so a frame shows what its input did, except for edits made
//!   during drawing (a click on the label bar), which the next frame shows.
//!   "End" is the end of eframe's CPU time: under software GL the buffer
//!   swap, where the pixels are drawn, comes after it.
//! - `first_highlight`: the end of the first frame that drew an article with
//!   highlighted claims in it.
//!
//! Times are wall-clock milliseconds since the Unix epoch, so a benchmark
//! can subtract the moment it started the process.

use std::io::Write as _;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The environment variable naming the trace file.
pub const TRACE_VAR: &str = "CROSSCHECK_TRACE";

#[derive(Default)]
pub struct Trace {
    out: Option<std::io::BufWriter<std::fs::File>>,
    /// Where `Instant`s are turned into wall-clock time.
    epoch: Option<(Instant, f64)>,
    frame: u64,
    /// The frame in progress (or drawn, waiting for its CPU time).
    current: Option<Frame>,
    /// Drawn, waiting for the next frame to say how long it took.
    finished: Option<Frame>,
    /// Inputs whose effect the next frame shows.
    carried: Vec<Input>,
    first_highlight_done: bool,
}

struct Frame {
    number: u64,
    start: Instant,
    inputs: Vec<Input>,
    /// Inputs this frame shows the effect of.
    shows: Vec<Input>,
    highlights: bool,
}

#[derive(Clone)]
struct Input {
    what: String,
    frame: u64,
    at: Instant,
}

impl Trace {
    /// The trace `CROSSCHECK_TRACE` asks for; off when it is unset or the
    /// file cannot be created (said once on stderr: nothing else is lost).
    pub fn from_env() -> Self {
        match std::env::var_os(TRACE_VAR) {
            Some(path) if !path.is_empty() => match std::fs::File::create(&path) {
                Ok(file) => Self::to_file(file),
                Err(err) => {
                    eprintln!(
                        "crosscheck: no trace, cannot create {}: {err}",
                        std::path::Path::new(&path).display()
                    );
                    Self::default()
                }
            },
            _ => Self::default(),
        }
    }

    pub fn to_file(file: std::fs::File) -> Self {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        Self {
            out: Some(std::io::BufWriter::new(file)),
            epoch: Some((Instant::now(), wall)),
            ..Self::default()
        }
    }

    pub fn is_on(&self) -> bool {
        self.out.is_some()
    }

    /// A frame begins (`raw_input_hook`, before the keys are taken): notes
    /// its input events.
    pub fn frame_starts(&mut self, events: &[egui::Event]) {
        if !self.is_on() {
            return;
        }
        let now = Instant::now();
        self.frame += 1;
        let number = self.frame;
        let inputs = events
            .iter()
            .filter_map(describe)
            .map(|what| Input {
                what,
                frame: number,
                at: now,
            })
            .collect();
        self.current = Some(Frame {
            number,
            start: now,
            inputs,
            shows: std::mem::take(&mut self.carried),
            highlights: false,
        });
    }

    /// The UI pass begins: eframe says how long the previous frame took,
    /// so that frame's line can be written.
    pub fn previous_frame_took(&mut self, cpu_seconds: Option<f32>) {
        if let (Some(frame), Some(cpu)) = (self.finished.take(), cpu_seconds) {
            self.write_frame(&frame, Duration::from_secs_f32(cpu.max(0.0)));
        }
    }

    /// The UI pass is over. `acted`: the frame's inputs made an edit or
    /// queued a command, which the next frame shows; `highlights`: an
    /// article was drawn with highlighted claims.
    pub fn frame_drawn(&mut self, acted: bool, highlights: bool) {
        let Some(mut frame) = self.current.take() else {
            return;
        };
        frame.highlights = highlights;
        if acted {
            self.carried.extend(frame.inputs.iter().cloned());
        } else {
            frame.shows.extend(frame.inputs.iter().cloned());
        }
        self.finished = Some(frame);
    }

    fn wall_ms(&self, at: Instant) -> f64 {
        match self.epoch {
            Some((origin, wall)) => wall + at.duration_since(origin).as_secs_f64() * 1000.0,
            None => 0.0,
        }
    }

    fn write_frame(&mut self, frame: &Frame, cpu: Duration) {
        let end = frame.start + cpu;
        let shown: Vec<serde_json::Value> = frame
            .shows
            .iter()
            .map(|input| {
                serde_json::json!({
                    "input": input.what,
                    "frame": input.frame,
                    "latency_ms": round(end.saturating_duration_since(input.at).as_secs_f64() * 1000.0),
                })
            })
            .collect();
        let line = serde_json::json!({
            "kind": "frame",
            "frame": frame.number,
            "start_unix_ms": round(self.wall_ms(frame.start)),
            "cpu_ms": round(cpu.as_secs_f64() * 1000.0),
            "inputs": frame.inputs.iter().map(|i| i.what.as_str()).collect::<Vec<_>>(),
            "shown": shown,
        });
        self.write_line(&line);
        if frame.highlights && !self.first_highlight_done {
            self.first_highlight_done = true;
            let line = serde_json::json!({
                "kind": "first_highlight",
                "frame": frame.number,
                "end_unix_ms": round(self.wall_ms(end)),
            });
            self.write_line(&line);
        }
    }

    fn write_line(&mut self, line: &serde_json::Value) {
        let Some(out) = &mut self.out else {
            return;
        };
        // Flushed per line so a benchmark can read the trace while the
        // window runs. A trace that cannot be written stops; the window
        // carries on.
        let ok = serde_json::to_writer(&mut *out, line).is_ok()
            && out.write_all(b"\n").is_ok()
            && out.flush().is_ok();
        if !ok {
            self.out = None;
        }
    }
}

/// Two decimals are plenty for milliseconds and keep lines short.
fn round(ms: f64) -> f64 {
    (ms * 100.0).round() / 100.0
}

/// What an input event is called in the trace; `None` for events that are
/// not input a person makes on purpose (pointer motion, focus, …).
fn describe(event: &egui::Event) -> Option<String> {
    match event {
        egui::Event::Key {
            key,
            pressed: true,
            modifiers,
            ..
        } => {
            let mut name = String::from("key ");
            for (on, m) in [
                (modifiers.ctrl, "Ctrl+"),
                (modifiers.alt, "Alt+"),
                (modifiers.shift, "Shift+"),
            ] {
                if on {
                    name.push_str(m);
                }
            }
            name.push_str(key.symbol_or_name());
            Some(name)
        }
        egui::Event::PointerButton {
            button, pressed, ..
        } => Some(format!(
            "pointer {:?} {}",
            button,
            if *pressed { "down" } else { "up" }
        )),
        egui::Event::MouseWheel { .. } => Some("scroll".into()),
        egui::Event::Text(text) => Some(format!("text {text}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: egui::Key) -> egui::Event {
        egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::default(),
        }
    }

    #[test]
    fn trace_is_json_lines_with_latency_and_first_highlight() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trace.jsonl");
        let mut trace = Trace::to_file(std::fs::File::create(&path).unwrap());
        // Frame 1: nothing drawn yet. Frame 2: highlights, and the label key
        // arrives and queues a command. Frame 3 shows the new claim.
        trace.frame_starts(&[]);
        trace.previous_frame_took(None);
        trace.frame_drawn(false, false);
        trace.frame_starts(&[
            key(egui::Key::Num1),
            egui::Event::PointerMoved(egui::Pos2::ZERO),
        ]);
        trace.previous_frame_took(Some(0.004));
        trace.frame_drawn(true, true);
        trace.frame_starts(&[egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, -1.0),
            modifiers: egui::Modifiers::default(),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        }]);
        trace.previous_frame_took(Some(0.006));
        trace.frame_drawn(false, true);
        trace.frame_starts(&[]);
        trace.previous_frame_took(Some(0.002));
        drop(trace);

        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.ends_with('\n'));
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        let kinds: Vec<&str> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["frame", "frame", "first_highlight", "frame"]);
        assert_eq!(lines[0]["frame"], 1);
        assert_eq!(lines[0]["cpu_ms"], 4.0);
        assert_eq!(lines[1]["frame"], 2);
        assert_eq!(lines[1]["cpu_ms"], 6.0);
        assert_eq!(lines[1]["inputs"], serde_json::json!(["key 1"]));
        // The key queued a command: frame 2 does not show it yet.
        assert_eq!(lines[1]["shown"], serde_json::json!([]));
        assert_eq!(lines[2]["frame"], 2);
        let start = lines[1]["start_unix_ms"].as_f64().unwrap();
        let highlight_end = lines[2]["end_unix_ms"].as_f64().unwrap();
        assert!((highlight_end - start - 6.0).abs() < 0.02);
        // Frame 3 shows the key's effect; the latency runs to its end.
        assert_eq!(lines[3]["frame"], 3);
        assert_eq!(lines[3]["inputs"], serde_json::json!(["scroll"]));
        let shown = lines[3]["shown"].as_array().unwrap();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert_eq!(shown[0]["input"], "key 1");
        assert_eq!(shown[0]["frame"], 2);
        let frame3_end = lines[3]["start_unix_ms"].as_f64().unwrap() + 2.0;
        let latency = shown[0]["latency_ms"].as_f64().unwrap();
        assert!(
            (start + latency - frame3_end).abs() < 0.05,
            "{start} + {latency} vs {frame3_end}"
        );
        assert_eq!(shown[1]["input"], "scroll");
        assert_eq!(shown[1]["frame"], 3);
        assert!((shown[1]["latency_ms"].as_f64().unwrap() - 2.0).abs() < 0.02);
    }

    #[test]
    fn off_without_the_variable() {
        let mut trace = Trace::default();
        trace.frame_starts(&[key(egui::Key::A)]);
        trace.frame_drawn(true, true);
        trace.previous_frame_took(Some(0.01));
        assert!(!trace.is_on());
    }
}
