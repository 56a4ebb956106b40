//! The browser's storage behind the library's [`crate::storage::Storage`]:
//! projects kept in IndexedDB (and written to a folder opened in place),
//! exports delivered as downloads.

use std::path::Path;

use super::{download, folder, store};
use crate::jobs::later;

/// Saves `project` under `path`, keeping the previous version as its `.bak`
/// (as the desktop keeps `crosscheck.ron.bak`). A project in a folder opened
/// in place is written there ([`super::folder`]), with a copy kept here.
/// Run by the window's save job, the job finishes when the write has.
fn save_project(path: &Path, text: String) {
    let name = store::path_name(path);
    let done = later::take::<Result<(), String>>();
    if let Some(previous) = store::get("file", &name)
        && previous != text
    {
        store::set("file", &format!("{name}.bak"), &previous);
    }
    if folder::holds(path) {
        store::set("file", &name, &text);
        folder::write(path, text, done);
    } else {
        store::put("file", &name, Some(text), done);
    }
    store::ask_to_persist();
}

/// The browser's storage in place of the disk, installed by
/// [`super::start`] before the window opens: the core library saves the
/// project and the window its settings through [`crate::storage`], never
/// naming this module.
pub struct BrowserStore;

impl crate::storage::Storage for BrowserStore {
    fn save_project(&self, path: &Path, text: String) -> std::io::Result<()> {
        save_project(path, text);
        Ok(())
    }

    fn read(&self, path: &Path) -> Option<String> {
        store::get("file", &store::path_name(path))
    }

    fn write(&self, path: &Path, text: &str) -> std::io::Result<()> {
        store::set("file", &store::path_name(path), text);
        Ok(())
    }

    fn deliver(&self, name: &str, bytes: &[u8]) -> Result<std::path::PathBuf, String> {
        download::file(name, bytes, "application/octet-stream")?;
        Ok(Path::new("Downloads").join(name))
    }
}
