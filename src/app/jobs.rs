//! Jobs as the window uses them: the library's [`crate::jobs`], woken by a
//! repaint request.

pub use crate::jobs::*;

/// Wakes the window: a repaint request from whichever thread finished.
pub fn waker(ctx: &egui::Context) -> Waker {
    let ctx = ctx.clone();
    std::sync::Arc::new(move || ctx.request_repaint())
}
