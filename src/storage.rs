//! Where files that are not the corpus go when there is no disk: the
//! project file and the window's settings. The core library and the window
//! write to the disk unless a [`Storage`] has been installed; the web page
//! installs one backed by the browser's storage (`web::store`) before the
//! window starts. Like [`crate::project::journal::JournalStore`], this keeps
//! the library from naming the web target: it knows only this trait.
//!
//! A leaf module: it imports nothing of the crate, so everything may use it.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A store that takes the place of the disk for the project and settings.
pub trait Storage: Send + Sync {
    /// Writes the text of the project at `path`, keeping the previous text
    /// as its backup (`<name>.bak`, as the desktop does).
    fn save_project(&self, path: &Path, text: String) -> io::Result<()>;
    /// The text stored at `path`, if any.
    fn read(&self, path: &Path) -> Option<String>;
    /// Stores `text` at `path`, replacing what was there.
    fn write(&self, path: &Path, text: &str) -> io::Result<()>;
    /// Hands `bytes` to the person as a file named `name` (a download) and
    /// says where it went; for stores that cannot write files where the
    /// person chose (exports).
    fn deliver(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, String>;
}

static INSTALLED: OnceLock<Box<dyn Storage>> = OnceLock::new();

/// Makes `storage` take the place of the disk from now on, once per run;
/// a second call is refused and changes nothing.
pub fn install(storage: Box<dyn Storage>) -> Result<(), Box<dyn Storage>> {
    INSTALLED.set(storage)
}

/// The store installed in place of the disk; `None`: use the disk.
pub fn installed() -> Option<&'static dyn Storage> {
    INSTALLED.get().map(|s| s.as_ref())
}
