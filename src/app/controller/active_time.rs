//! Time on task in the window: the active pane's document gets the time
//! the person worked on it (crate::session::active_time).

use crate::app::CrosscheckApp;

/// Ticks the clock for this frame; adds what it hands out to the project.
pub fn tick_active_time(app: &mut CrosscheckApp, now: f64, input: bool) {
    let doc = app
        .ctl
        .session
        .as_ref()
        .filter(|s| !s.is_read_only())
        .and_then(|_| app.pane_doc(app.ui.active))
        .map(|d| d.id.clone());
    let step = app.ctl.active.tick(now, doc.as_deref(), input);
    add(app, step, now);
}

/// Hands out what the clock holds (the window closes).
pub fn flush_active_time(app: &mut CrosscheckApp) {
    let now = app.ctl.active.last_tick().unwrap_or(0.0);
    let step = app.ctl.active.take();
    add(app, step, now);
}

fn add(app: &mut CrosscheckApp, step: Option<(String, u64)>, now: f64) {
    if let (Some((doc, secs)), Some(session)) = (step, app.ctl.session.as_mut()) {
        // A document gone from the corpus (reloaded meanwhile) has no time
        // to keep; nothing for the person to act on.
        let _ = session.add_active_time(&doc, secs, now);
    }
}
