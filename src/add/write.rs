//! Writing a new file into the corpus: atomically (never a partial file,
//! never a temporary one left behind; a new file gets the mode the umask
//! gives, see [`crate::atomic`]) and never over an existing one.

use std::io::{self, Read, Write as _};
use std::path::Path;

use crate::atomic::{AtomicFile, WriteError};

use super::error::AddError;
use super::name::exists;

/// Writes `bytes` to `path`, which must not exist.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_new_from(path, &mut &bytes[..])
}

/// Writes what `reader` gives to `path`, which must not exist.
pub fn write_new_from(path: &Path, reader: &mut impl Read) -> Result<(), WriteError> {
    let mut file = AtomicFile::create(path)?;
    io::copy(reader, &mut file)?;
    file.flush()?;
    file.sync()?;
    // The name was free when chosen; looked at again just before the
    // rename, which would replace a file that appeared since.
    if exists(path) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} appeared while it was being written", path.display()),
        )
        .into());
    }
    file.commit()?;
    Ok(())
}

/// Fails, before anything is fetched or read, when the corpus folder is
/// not there.
pub fn check_folder(corpus_root: &Path) -> Result<(), AddError> {
    let meta = std::fs::metadata(corpus_root).map_err(AddError::io(corpus_root))?;
    if meta.is_dir() {
        Ok(())
    } else {
        Err(AddError::Io {
            path: corpus_root.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_new(&path, b"one").unwrap();
        assert!(write_new(&path, b"two").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
