//! The article and what sits over it: the view of one long text
//! (`view`: paragraphs laid out only where visible, highlights, selection),
//! its paragraph layout with right-to-left shaping (`para_layout`), the
//! find bar (`find`), the panes that hold one or two views (`panes`) and
//! the connectors drawn between them (`connectors`).

pub mod connectors;
pub mod find;
pub mod panes;
pub mod para_layout;
pub mod view;

pub use find::FindBar;
pub use panes::Articles;
pub use view::{ArticleEvent, ArticleOutput, ArticleView, MarkKey, ViewContext};
