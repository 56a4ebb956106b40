//! The web page's entry point: `web/build.sh` builds this for
//! wasm32-unknown-unknown and eframe's web runner draws into the page's
//! canvas (see `crosscheck::web`).

#[cfg(target_arch = "wasm32")]
fn main() {
    crosscheck::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "crosscheck-web is the web page; build it with web/build.sh (run `crosscheck` for the window)"
    );
    std::process::ExitCode::from(2)
}
