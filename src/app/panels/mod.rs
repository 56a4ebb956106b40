//! The panels around the articles: the menu and status bars, the documents
//! list, the search panel, the claim panel, and the welcome page. Each
//! draws for one frame from the session and the state it is lent, and
//! pushes what the person asks for as actions.

pub mod claim;
pub mod documents;
pub mod menu_bar;
pub mod search;
pub mod status_bar;
pub mod welcome;

pub use claim::ClaimPanel;
pub use documents::DocumentsPanel;
pub use menu_bar::MenuBar;
pub use search::SearchState;
pub use status_bar::StatusBar;
pub use welcome::welcome_ui;
