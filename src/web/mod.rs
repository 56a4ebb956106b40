//! The web page: the same window, run by eframe's web runner in a canvas.
//!
//! The browser has no file system, threads or file dialogs, so this module
//! supplies what the desktop gets from the operating system: the bundled
//! sample and picked folders are read into memory ([`open`]), a folder is
//! opened in place with the File System Access API where the browser has it
//! and the project saved beside its articles ([`folder`]), otherwise the
//! project is kept in the browser's IndexedDB ([`store`]); exports and the
//! project are downloaded ([`download`]), and folders and projects are
//! picked in the page's bar ([`app`]). Everything else is the
//! desktop's code: [`crate::app::CrosscheckApp`] draws every frame.

pub mod app;
mod browser_store;
pub mod download;
pub mod folder;
mod idb;
mod js;
pub mod open;
pub mod picked;
pub mod store;

use wasm_bindgen::JsCast as _;

/// The id of the page's canvas (`web/index.html`).
const CANVAS_ID: &str = "crosscheck_canvas";

/// Starts the window in the page's canvas; errors replace the loading text.
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        let result = run().await;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Some(loading) = document.get_element_by_id("loading") {
            match result {
                Ok(()) => loading.remove(),
                Err(message) => loading
                    .set_text_content(Some(&format!("crosscheck could not start: {message}"))),
            }
        }
    });
}

async fn run() -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas = document
        .get_element_by_id(CANVAS_ID)
        .ok_or("the page has no canvas")?
        .dyn_into::<web_sys::HtmlCanvasElement>()
        .map_err(|_| "the canvas is not a canvas")?;
    // Before the window: it reads settings and projects synchronously.
    let loaded = store::load().await;
    // The page is started once; a second store would change nothing.
    let _ = crate::storage::install(Box::new(browser_store::BrowserStore));
    eframe::WebRunner::new()
        .start(
            canvas,
            eframe::WebOptions::default(),
            Box::new(|cc| Ok(Box::new(app::WebApp::new(&cc.egui_ctx, loaded)))),
        )
        .await
        .map_err(|e| format!("{e:?}"))
}
