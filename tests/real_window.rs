//! The real-window check: the release of egui's focus handling that
//! kittest does not reproduce. Starts the app in Xvfb, clicks a claim,
//! presses Tab and Delete with xdotool, and reads the saved project.
//!
//! Needs `Xvfb` and `xdotool` (`.ci/run` installs them). Without them the
//! test says loudly that it did not run; with `CROSSCHECK_REQUIRE_X=1`
//! (set by `.ci/run`) it fails instead.
// Test code: a failed unwrap is a failed test (clippy.toml allows it only
// inside #[test] functions; helpers and benches need it at the root).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crosscheck::corpus::Progress;
use crosscheck::project::{self, Claim, Edit, Span};
use crosscheck::workspace::Workspace;

fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Kills the child when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        // SIGTERM first, so Xvfb removes its socket and lock files.
        if let Ok(pid) = i32::try_from(self.0.id()) {
            // SAFETY: kill(2) on our own child's pid has no memory effects.
            unsafe { libc::kill(pid, libc::SIGTERM) };
            for _ in 0..20 {
                if matches!(self.0.try_wait(), Ok(Some(_))) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
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

/// Every file below `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Starts Xvfb on a display it picks itself (`-displayfd`): a display
/// number chosen here from the socket files can still belong to a server
/// whose socket file is gone but whose abstract socket lives, and the app
/// would then talk to (or lose) someone else's server.
fn start_xvfb() -> (Killed, String) {
    use std::io::BufRead as _;
    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1400x900x24",
            "-nolisten",
            "tcp",
            // Without it the server resets each time its last client
            // leaves: xdotool's readiness check leaves, and the app's
            // connection in that moment fails ("Failed to open connection
            // to X server", as CI saw).
            "-noreset",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = xvfb.stdout.take().unwrap();
    let xvfb = Killed(xvfb);
    let mut line = String::new();
    // Xvfb writes the number once it takes connections, or exits (EOF).
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap();
    let n: u32 = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("Xvfb did not start (it said {line:?})"));
    (xvfb, format!(":{n}"))
}

/// The article's text: one sentence a paragraph, each a claim but the last.
const TEXT: &str = "Alpha claim sentence stands first in this article about the river.\n\n\
Beta claim sentence comes second and says the bridge was closed.\n\n\
Gamma claim is the third one here.\n";

fn corpus_with_two_claims(dir: &Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), TEXT).unwrap();
    std::fs::write(
        corpus.join("b.txt"),
        "Another article says the bridge stayed open.\n",
    )
    .unwrap();
    let mut ws = Workspace::open_folder(&corpus, None, None, &Progress::default()).unwrap();
    let doc = ws.corpus.get("a.txt").unwrap().clone();
    for (sentence, label) in [("Alpha", "agrees"), ("Beta", "contradicts")] {
        let start = TEXT[..TEXT.find(sentence).unwrap()].chars().count();
        let end = start + 40;
        let span = Span::from_document(&doc, start, end).unwrap();
        let claim = Claim::new(span, Some(label.into()), "setup", "2026-01-01T00:00:00Z");
        ws.project.apply(Edit::AddClaim(Box::new(claim))).unwrap();
    }
    ws.save().unwrap();
    corpus
}

#[test]
fn tab_then_delete_in_a_real_window_deletes_the_second_claim() {
    let required = std::env::var_os("CROSSCHECK_REQUIRE_X").is_some();
    if !(have("Xvfb") && have("xdotool")) {
        assert!(
            !required,
            "CROSSCHECK_REQUIRE_X is set but Xvfb or xdotool is missing"
        );
        eprintln!(
            "\n*** SKIPPED real_window: Xvfb and xdotool are not installed (.ci/run installs them) ***\n"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with_two_claims(dir.path());
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();

    let (mut xvfb, display) = start_xvfb();
    let started = Instant::now();
    while !xdotool(&display, &["getmouselocation"]) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "Xvfb did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = std::fs::File::create(dir.path().join("app.log")).unwrap();
    let app = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg(&corpus)
        .env("DISPLAY", &display)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env_remove("WAYLAND_DISPLAY")
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut app = Killed(app);
    while !xdotool(&display, &["search", "--name", "crosscheck"]) {
        let log = std::fs::read_to_string(dir.path().join("app.log")).unwrap_or_default();
        assert!(
            app.0.try_wait().unwrap().is_none(),
            "the app exited early (Xvfb on {display} {}): {log}",
            match xvfb.0.try_wait() {
                Ok(None) => "still runs".to_string(),
                other => format!("is gone: {other:?}"),
            }
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no window: {log}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(2));
    let run = |args: &[&str]| {
        assert!(xdotool(&display, args), "xdotool {args:?}");
        std::thread::sleep(Duration::from_millis(400));
    };
    run(&["search", "--name", "crosscheck", "windowfocus"]);
    // A fresh home: the window asks for a name first.
    run(&["type", "Ana"]);
    run(&["key", "Return"]);
    // The name is saved when the prompt closes: the window is past it and
    // takes the keyboard (a slow machine can take a while to get here).
    let deadline = Instant::now() + Duration::from_secs(30);
    let settings_saved = || {
        walk(&home.join(".config"))
            .iter()
            .any(|f| std::fs::read_to_string(f).is_ok_and(|t| t.contains("Ana")))
    };
    while !settings_saved() {
        assert!(
            Instant::now() < deadline,
            "the name prompt did not take the name"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(1));
    // Click inside the first claim ("Alpha claim sentence…", first line of
    // the article at this window size), then Tab to the next one.
    run(&["mousemove", "400", "139"]);
    run(&["click", "1"]);
    run(&["key", "Tab"]);
    run(&["key", "Delete"]);
    // Autosave happens within a second of the edit.
    let project_path = corpus.join(project::DEFAULT_PROJECT_FILE);
    let deadline = Instant::now() + Duration::from_secs(20);
    let quotes = loop {
        let project = project::load(&project_path).unwrap();
        let quotes: Vec<String> = project
            .claims()
            .iter()
            .map(|c| c.span.quote.clone())
            .collect();
        if quotes.len() == 1 || Instant::now() > deadline {
            break quotes;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(quotes.len(), 1, "one claim deleted: {quotes:?}");
    assert!(
        quotes[0].starts_with("Alpha"),
        "Tab moved from the first claim to the second, and Delete took that one: {quotes:?}"
    );
    let _ = app.0.kill();
}
