//! Reading a file someone named — on the command line, by git to the merge
//! driver, in a project or an import — without hanging and without running
//! out of memory.
//!
//! Opening a named pipe for reading waits until something writes to it, and
//! a device such as `/dev/zero` never ends, so only regular files are read:
//! the path is looked at first, opened without waiting (`O_NONBLOCK`, which
//! changes nothing for a regular file), and the opened file looked at again
//! (the name may have been swapped in between). Every read has a size bound;
//! a file over it is refused rather than read in part.
//!
//! Every reader of a named file in the library and the command line goes
//! through [`read`], [`read_to_string`] or [`open`]; standard input, which is
//! a pipe by design, through [`read_stdin`].

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The most any input is read: far above the largest project (100,000
/// claims is about 100 MB) and import, far below what would exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Why a path was not read; carried inside an [`io::Error`] so that every
/// caller's own "cannot read PATH: …" error keeps its shape.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("it is {0}, not a regular file")]
    NotRegular(&'static str),
    #[error("it is larger than {limit} bytes, the most crosscheck reads")]
    TooLarge { limit: u64 },
}

fn refused(why: Refused) -> io::Error {
    let kind = match why {
        Refused::NotRegular(_) => io::ErrorKind::InvalidInput,
        Refused::TooLarge { .. } => io::ErrorKind::FileTooLarge,
    };
    io::Error::new(kind, why)
}

fn check(meta: &std::fs::Metadata) -> io::Result<()> {
    match crate::atomic::irregular_kind(meta.file_type()) {
        Some(kind) => Err(refused(Refused::NotRegular(kind))),
        None => Ok(()),
    }
}

/// Opens a regular file for reading (following symbolic links); a named
/// pipe, device, socket or folder is refused at once.
pub fn open(path: &Path) -> io::Result<File> {
    open_regular(path, std::fs::OpenOptions::new().read(true))
}

fn open_regular(path: &Path, options: &mut std::fs::OpenOptions) -> io::Result<File> {
    check(&std::fs::metadata(path)?)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    check(&file.metadata()?)?;
    Ok(file)
}

/// Opens an existing regular file to append to it, and to read it; a named
/// pipe or device in its place is refused at once rather than waited for.
pub fn open_append(path: &Path) -> io::Result<File> {
    open_regular(path, std::fs::OpenOptions::new().read(true).append(true))
}

/// [`open`], refusing a file larger than `limit` bytes before reading any
/// of it; for readers that stream the file.
pub fn open_within(path: &Path, limit: u64) -> io::Result<File> {
    let file = open(path)?;
    if file.metadata()?.len() > limit {
        return Err(refused(Refused::TooLarge { limit }));
    }
    Ok(file)
}

/// Reads at most `limit` bytes from `reader`; more is an error, not a
/// shortened result.
pub fn read_bounded(reader: impl Read, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(refused(Refused::TooLarge { limit }));
    }
    Ok(bytes)
}

/// The whole of a regular file of at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = open_within(path, limit)?;
    // The file may grow while it is read: the bound holds all the same.
    read_bounded(file, limit)
}

/// [`read`] as UTF-8 text.
pub fn read_to_string(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read(path, limit)?)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.utf8_error()))
}

/// Standard input (`-`), at most `limit` bytes.
pub fn read_stdin(limit: u64) -> io::Result<Vec<u8>> {
    read_bounded(io::stdin().lock(), limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_and_a_large_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, "twelve bytes").unwrap();
        assert_eq!(read(&path, 12).unwrap(), b"twelve bytes");
        let err = read(&path, 11).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert!(err.to_string().contains("larger than 11 bytes"), "{err}");
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = read(dir.path(), 10).unwrap_err();
        assert_eq!(err.to_string(), "it is a folder, not a regular file");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_without_reading_it() {
        let err = read(Path::new("/dev/zero"), MAX_INPUT_BYTES).unwrap_err();
        assert_eq!(err.to_string(), "it is a device, not a regular file");
    }

    #[test]
    fn a_bounded_reader_stops_at_the_bound() {
        let err = read_bounded(io::repeat(0), 1000).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
    }
}
