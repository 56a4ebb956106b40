//! The windows, one struct each in its own file with its own state
//! (whether it is open among it) and a `show` that draws from the session
//! and pushes or returns actions. The frame (`app/frame.rs`) shows them.

pub mod add;
pub mod answer_key;
pub mod columns;
pub mod compare;
pub mod detached;
pub mod export;
pub mod grade;
pub mod guidelines;
pub mod help;
pub mod import;
pub mod labels;
pub mod overview;
pub mod skipped;
pub mod study;

pub use add::AddWindow;
pub use answer_key::KeyWindow;
pub use columns::ColumnsWindow;
pub use compare::CompareState;
pub use detached::DetachedWindow;
pub use export::ExportWindow;
pub use grade::GradeWindow;
pub use guidelines::GuidelinesWindow;
pub use help::HelpWindow;
pub use import::ImportWindow;
pub use labels::LabelsWindow;
pub use overview::OverviewWindow;
pub use skipped::SkippedWindow;
pub use study::{PlanWindow, StudyWindow};
