//! Importing annotations made in other tools: doccano JSON Lines, brat
//! standoff folders and Label Studio JSON exports (and crosscheck's own
//! pre-annotation lines, through [`import_jsonl`]).
//!
//! Every importer reads the whole input first and only then plans one
//! [`Edit::Batch`] (labels to add, then claims), so the window undoes an
//! import as one step and a refused file changes nothing. A problem in any
//! line, entity or task refuses the whole import, listing the first
//! [`MAX_LISTED_ERRORS`] with file, line and reason.
//!
//! Offsets: every tool documents code point offsets (Python `str` indices),
//! but some versions of the doccano and Label Studio front ends measured
//! UTF-16 code units. A span whose text matches only at UTF-16 offsets is
//! converted and the conversion is reported; a span that matches neither is
//! refused. Nothing is guessed silently.

mod brat;
mod doccano;
mod draft;
pub mod jsonl;
mod label_studio;
mod plan;
mod run;

pub use jsonl::{ImportError, ImportPlan, LineError, MAX_LISTED_ERRORS, import_jsonl};
pub use plan::{
    ImportOptions, NewDocument, Problem, Source, SourceFile, Tool, ToolImportError, ToolPlan,
};
pub use run::{
    WrittenDocuments, check_new_documents, import_path, plan_import, read_source,
    write_new_documents,
};
