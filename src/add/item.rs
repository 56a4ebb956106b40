//! Adding what a user typed or dropped: a web address or a file's path.

use std::path::Path;

use super::added::Added;
use super::error::AddError;
use super::fetch::{FetchOptions, scheme_of};
use super::file::add_file;
use super::url::add_url;

/// Adds `item` to the corpus at `corpus_root`: a web address (anything of
/// the form `scheme://…`, so that `ftp://…` is refused as an address
/// rather than looked for as a file) is fetched, anything else is a path.
pub fn add_item(corpus_root: &Path, item: &str, opts: &FetchOptions) -> Result<Added, AddError> {
    if scheme_of(item.trim()).is_some() {
        add_url(corpus_root, item, opts)
    } else {
        add_file(corpus_root, Path::new(item))
    }
}
