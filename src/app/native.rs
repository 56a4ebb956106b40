//! The desktop window: eframe's native runner.

use std::path::PathBuf;
use std::process::ExitCode;

use super::action::OpenRequest;
use super::file_picker::NativeDialogs;
use super::settings::{AppPaths, Settings};
use super::window::CrosscheckApp;

/// Runs the window; the binary's entry point when no subcommand is given.
/// (The web page starts in `crate::web` instead.)
pub fn run(path: Option<PathBuf>, project: Option<PathBuf>, compare: Vec<PathBuf>) -> ExitCode {
    let paths = AppPaths::platform();
    let settings = Settings::load(&paths);
    // `crosscheck CORPUS --project NAME.ron`: an annotator's own file.
    let request = match (path, project) {
        (Some(corpus), Some(project)) => OpenRequest::FolderWithProject { corpus, project },
        (path, _) => CrosscheckApp::start_request(path, &settings),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("crosscheck")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    // Made before the window, so that the worker reads the corpus and the
    // project while the window, its GL context and the fonts come up
    // (about 150 ms under software GL): the first article is on screen
    // sooner by however much of that the reading takes.
    let mut app = CrosscheckApp::new(paths, settings, Box::new(NativeDialogs), request);
    app.ui.compare_pending = compare;
    let result = eframe::run_native(
        "crosscheck",
        options,
        Box::new(move |_cc| Ok(Box::new(app))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("crosscheck: cannot open the window: {err}");
            ExitCode::FAILURE
        }
    }
}
