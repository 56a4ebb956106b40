//! The windows, one struct each with its own state (whether it is open
//! among it) and a `show` that draws from the session and pushes or
//! returns actions. The model for the windows still drawn by free functions
//! elsewhere in `app/` (issue 23 item 2).

pub mod export;
pub mod help;
pub mod import;
pub mod skipped;

pub use export::ExportWindow;
pub use help::HelpWindow;
pub use import::ImportWindow;
pub use skipped::SkippedWindow;
