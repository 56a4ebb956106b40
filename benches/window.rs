//! Real-window benchmark: `cargo bench --bench window [-- --scale 0.1]`.
//!
//! Starts the release binary in Xvfb (Mesa's software GL) with
//! `CROSSCHECK_TRACE`, on a generated 5 MB article with 20,000 claims,
//! drags and labels with xdotool, scrolls with the wheel, and reads the
//! figures from the trace (see `src/app/trace.rs` and BENCHMARKS.md).
//! Where Xvfb or xdotool is missing it says so and measures nothing.
//! Writes `bench-window.json` into the target folder.
// Test code: a failed unwrap is a failed test (clippy.toml allows it only
// inside #[test] functions; helpers and benches need it at the root).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crosscheck::app::{AppPaths, Settings};
use crosscheck::corpus::{Document, Progress};
use crosscheck::project::{Claim, ClaimId, Edit, Span};
use crosscheck::workspace::Workspace;

mod common;
use common::{Rng, article, out_path, scale_arg};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Kills the child when the benchmark ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn xdotool(display: &str, args: &[&str]) -> bool {
    Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn unix_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// The corpus folder: one long article and its project of `claims` claims.
fn make_corpus(dir: &Path, bytes: usize, claims: usize) -> Res<PathBuf> {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus)?;
    let mut rng = Rng(0x5eed_c0ff_ee15_1234);
    std::fs::write(
        corpus.join("long.txt"),
        article(&mut rng, bytes, "A long article"),
    )?;
    let mut ws = Workspace::open_folder(&corpus, None, None, &Progress::default())?;
    let doc: Document = ws.corpus.get("long.txt").ok_or("no article")?.clone();
    let labels = ["agrees", "contradicts", "unverified"];
    let mut edits = Vec::with_capacity(claims);
    for i in 0..claims {
        let width = 20 + rng.below(60);
        let start = rng.below(doc.char_len().saturating_sub(width + 1));
        let span = Span::from_document(&doc, start, start + width).ok_or("span")?;
        let mut claim = Claim::new(
            span,
            Some(labels[i % 3].into()),
            "bench",
            "2026-01-01T00:00:00Z",
        );
        claim.id = ClaimId(format!("c{:016x}", rng.next()));
        edits.push(Edit::AddClaim(Box::new(claim)));
    }
    ws.project.apply(Edit::Batch(edits))?;
    ws.save()?;
    Ok(corpus)
}

/// The trace as read so far: one JSON value per complete line.
struct TraceReader {
    path: PathBuf,
    lines: Vec<serde_json::Value>,
}

impl TraceReader {
    fn refresh(&mut self) -> Res<()> {
        let Ok(file) = std::fs::File::open(&self.path) else {
            return Ok(());
        };
        let mut lines = Vec::new();
        for line in std::io::BufReader::new(file).lines() {
            let line = line?;
            // The app may be in the middle of writing the last line.
            if let Ok(value) = serde_json::from_str(&line) {
                lines.push(value);
            }
        }
        self.lines = lines;
        Ok(())
    }

    fn wait_for(
        &mut self,
        what: &str,
        timeout: Duration,
        app: &mut Child,
        found: impl Fn(&serde_json::Value) -> bool,
    ) -> Res<serde_json::Value> {
        let deadline = Instant::now() + timeout;
        loop {
            self.refresh()?;
            if let Some(v) = self.lines.iter().find(|v| found(v)) {
                return Ok(v.clone());
            }
            if app.try_wait()?.is_some() {
                return Err(format!("the app exited while waiting for {what}").into());
            }
            if Instant::now() > deadline {
                return Err(format!("no {what} in the trace after {timeout:?}").into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn frames(&self) -> impl Iterator<Item = &serde_json::Value> {
        self.lines.iter().filter(|v| v["kind"] == "frame")
    }
}

/// For the newest label key after the first `seen` frames: its latency, and
/// the time from it to the start of the frame after the one showing it (an
/// upper bound that includes the buffer swap, where software GL draws).
fn key_latency(trace: &TraceReader, seen: usize) -> Option<(f64, f64)> {
    let frames: Vec<&serde_json::Value> = trace.frames().skip(seen).collect();
    frames.iter().enumerate().rev().find_map(|(i, v)| {
        let shown = v["shown"].as_array()?;
        let key = shown.iter().find(|s| s["input"] == "key 1")?;
        let latency = key["latency_ms"].as_f64()?;
        let taken =
            frames.iter().find(|f| f["frame"] == key["frame"])?["start_unix_ms"].as_f64()?;
        let next = frames.get(i + 1)?["start_unix_ms"].as_f64()?;
        Some((latency, next - taken))
    })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    percentile(values, 50.0)
}

fn main() -> Res<()> {
    if !(have("Xvfb") && have("xdotool")) {
        eprintln!(
            "\n*** SKIPPED window benchmark: Xvfb and xdotool are not installed \
             (Debian: apt-get install xvfb xdotool libgl1-mesa-dri; .ci/run installs them) ***\n"
        );
        return Ok(());
    }
    let scale = scale_arg();
    let bytes = ((5_000_000.0 * scale) as usize).max(20_000);
    let claims = ((20_000.0 * scale) as usize).max(10);
    let tmp = tempfile::tempdir()?;
    eprintln!("scale {scale}: an article of {bytes} bytes with {claims} claims");
    let corpus = make_corpus(tmp.path(), bytes, claims)?;
    let home = tmp.path().join("home");
    let paths = AppPaths {
        config_dir: home.join(".config/crosscheck"),
        data_dir: home.join(".local/share/crosscheck"),
    };
    // A known annotator, so the window does not ask for a name first.
    Settings {
        annotator: "bench".into(),
        ..Settings::default()
    }
    .save(&paths)?;

    let mut n = 150;
    while Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        || Path::new(&format!("/tmp/.X{n}-lock")).exists()
    {
        n += 1;
    }
    let display = format!(":{n}");
    let xvfb = Command::new("Xvfb")
        .args([&display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let _xvfb = Killed(xvfb);
    let started = Instant::now();
    while !xdotool(&display, &["getmouselocation"]) {
        if started.elapsed() > Duration::from_secs(20) {
            return Err("Xvfb did not start".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    let trace_path = tmp.path().join("trace.jsonl");
    let log = std::fs::File::create(tmp.path().join("app.log"))?;
    let spawned_at = unix_ms();
    let app = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg(&corpus)
        .env("DISPLAY", &display)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("CROSSCHECK_TRACE", &trace_path)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?;
    let mut app = Killed(app);
    let mut trace = TraceReader {
        path: trace_path,
        lines: Vec::new(),
    };
    let first = trace.wait_for(
        "first frame with highlights",
        Duration::from_secs(120),
        &mut app.0,
        |v| v["kind"] == "first_highlight",
    )?;
    let first_highlight_ms = first["end_unix_ms"].as_f64().ok_or("end_unix_ms")? - spawned_at;

    // Let the window settle (a second frame, the window manager-less focus).
    std::thread::sleep(Duration::from_millis(1500));
    xdotool(&display, &["search", "--name", "crosscheck", "windowfocus"]);
    std::thread::sleep(Duration::from_millis(300));

    // Drag across words of the article and press 1 (agrees), five times at
    // different lines of the first screen.
    let mut latencies = Vec::new();
    let mut with_swap = Vec::new();
    for k in 0..5 {
        let y = (200 + k * 60).to_string();
        let drag = [
            "mousemove",
            "430",
            &y,
            "mousedown",
            "1",
            "sleep",
            "0.05",
            "mousemove",
            "480",
            &y,
            "sleep",
            "0.05",
            "mousemove",
            "560",
            &y,
            "sleep",
            "0.05",
            "mouseup",
            "1",
        ];
        if !xdotool(&display, &drag) {
            return Err("xdotool drag failed".into());
        }
        std::thread::sleep(Duration::from_millis(400));
        trace.refresh()?;
        let seen = trace.frames().count();
        if !xdotool(&display, &["key", "1"]) {
            return Err("xdotool key failed".into());
        }
        // The frame showing the claim is written when the one after it
        // starts: the pointer is nudged now and then to make one.
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            trace.refresh()?;
            if let Some((ms, swapped)) = key_latency(&trace, seen) {
                latencies.push(ms);
                with_swap.push(swapped);
                break;
            }
            if Instant::now() > deadline || app.0.try_wait()?.is_some() {
                eprintln!("label {k}: no frame showed the key's effect");
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
            xdotool(&display, &["mousemove_relative", "--", "1", "0"]);
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    let labels_done = latencies.len();

    // Scroll down with the wheel over the article for a few seconds.
    xdotool(&display, &["mousemove", "600", "450"]);
    std::thread::sleep(Duration::from_millis(300));
    let scroll_from = unix_ms();
    xdotool(
        &display,
        &["click", "--repeat", "120", "--delay", "25", "5"],
    );
    let scroll_to = unix_ms();
    std::thread::sleep(Duration::from_millis(500));
    xdotool(&display, &["mousemove_relative", "1", "0"]);
    std::thread::sleep(Duration::from_millis(300));
    trace.refresh()?;
    let mut scroll_frames: Vec<f64> = trace
        .frames()
        .filter(|v| {
            v["start_unix_ms"]
                .as_f64()
                .is_some_and(|t| t >= scroll_from && t <= scroll_to)
        })
        .filter_map(|v| v["cpu_ms"].as_f64())
        .collect();
    scroll_frames.sort_by(f64::total_cmp);
    let frame_p95 = percentile(&scroll_frames, 95.0);
    let frame_p50 = percentile(&scroll_frames, 50.0);
    let mut all_frames: Vec<f64> = trace
        .frames()
        .filter_map(|v| v["cpu_ms"].as_f64())
        .collect();
    let spread_latency = {
        let mut l = latencies.clone();
        l.sort_by(f64::total_cmp);
        (
            l.first().copied().unwrap_or(f64::NAN),
            l.last().copied().unwrap_or(f64::NAN),
        )
    };
    let label_latency = median(&mut latencies);
    all_frames.sort_by(f64::total_cmp);
    let _ = app.0.kill();
    // Kept for a look at single frames.
    let kept = out_path("bench-window.json").with_file_name("bench-window-trace.jsonl");
    let _ = std::fs::copy(&trace.path, &kept);

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let figures = [
        (
            "window_first_highlight_ms",
            first_highlight_ms,
            300.0,
            "process start to the end of the first frame drawing highlights".to_string(),
        ),
        (
            "window_label_latency_ms",
            label_latency,
            16.0,
            format!(
                "label key to the end of the frame showing the claim (median of {labels_done}; min {:.1}, max {:.1})",
                spread_latency.0, spread_latency.1
            ),
        ),
        (
            "window_label_to_next_frame_ms",
            median(&mut with_swap),
            f64::NAN,
            "label key to the start of the next frame: includes the buffer swap (median)".into(),
        ),
        (
            "window_frame_ms_p95",
            frame_p95,
            8.0,
            format!(
                "frame CPU time while wheel-scrolling ({} frames, p50 {frame_p50:.2} ms)",
                scroll_frames.len()
            ),
        ),
    ];
    println!();
    println!("crosscheck window benchmark (Xvfb, software GL), scale {scale}, load average {load}");
    println!(
        "{:<28} {:>10} {:>6}  {:<4}  what",
        "figure", "value", "goal", "met"
    );
    for (key, value, goal, what) in &figures {
        println!(
            "{key:<28} {value:>10.2} {goal:>6} {:<4}  {what}",
            if goal.is_nan() {
                "-"
            } else if value <= goal {
                "yes"
            } else {
                "NO"
            }
        );
    }
    let mut json = serde_json::Map::new();
    json.insert("scale".into(), scale.into());
    json.insert("load_average".into(), load.into());
    for (key, value, _, _) in &figures {
        json.insert((*key).into(), ((value * 100.0).round() / 100.0).into());
    }
    json.insert(
        "frames_traced".into(),
        serde_json::Value::from(all_frames.len()),
    );
    let path = out_path("bench-window.json");
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&path, serde_json::to_string_pretty(&json)? + "\n")?;
    println!("wrote {}", path.display());
    if labels_done < 5 {
        return Err(format!("only {labels_done} of 5 label keys were seen in the trace").into());
    }
    Ok(())
}
