//! Adding articles to a corpus folder from web addresses and files: a page
//! is fetched ([`fetch`]), its article saved as a `.txt` file with front
//! matter ([`crate::corpus::FrontMatter`]) and the page kept unchanged in
//! `.snapshots/`; a PDF is saved as it came; a file is copied in. Nothing
//! is ever written over an existing file, and every write is atomic.
//! Desktop only: the web page has no network client of its own.

mod added;
mod error;
mod fetch;
mod file;
mod item;
mod kinds;
mod known;
mod name;
mod url;
mod write;

pub use added::Added;
pub use error::AddError;
pub use fetch::{FetchError, FetchOptions, Fetched, MAX_REDIRECTS, fetch};
pub use file::add_file;
pub use item::add_item;
pub use kinds::{ADDABLE_EXTENSIONS, is_addable};
pub use known::added_as;
pub use name::slug;
pub use url::{SNAPSHOT_DIR, add_url};

#[cfg(test)]
mod tests;
