//! Exports of a project as training data and as the files other annotation
//! tools read, one module per format. Reading files back in (pre-annotations
//! and other tools' exports) is [`crate::import`]'s job.
//!
//! Every offset written is a Unicode code point index into the document text
//! as crosscheck reads it (Python's `text[start:end]`), end exclusive.
//! Spans whose text is no longer at their offsets ("detached") are written
//! with `detached: true` in the formats that list spans with their text
//! (fever, nli, csv) and left out of the formats that only carry offsets into
//! the current text (doccano, brat), where a wrong offset would be silently
//! believed.
//!
//! For the window: list [`Format::ALL`] in the menu, propose
//! [`Format::default_file_name`] in the save dialog (a folder picker when
//! [`Format::writes_folder`]), call [`export`] and show
//! [`ExportSummary::message`].

pub(crate) mod brat;
mod common;
mod csv;
mod doccano;
mod documents;
mod fever;
mod format;
mod nli;
mod run;

pub use common::{ExportError, fever_label, nli_label, span_type, type_name};
pub use csv::neutralise as neutralise_csv_cell;
pub use format::Format;
pub use run::{ExportSummary, export, export_to_writer};
