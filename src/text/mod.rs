//! Text as crosscheck sees it: code point offsets, and where words and
//! sentences begin and end.
//!
//! Every offset that leaves this module is a Unicode code point index (the same
//! as Python's `str` indexing). Bytes exist only at the moment a Rust `str` is
//! sliced.

pub mod bidi;
mod boundaries;
pub mod find;
mod offsets;
pub mod terminal;

pub use boundaries::{edge_step, sentence_around, snap_to_graphemes, snap_to_words, word_step};
pub use offsets::{CharMap, char_len};
