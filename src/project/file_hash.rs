//! The SHA-256 of a project file's bytes, and a writer that computes it
//! while the file is written (the journal names files by it).

use std::io;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The SHA-256 (hex) of a project file's bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FileHash(pub(super) String);

impl FileHash {
    pub fn of(bytes: &[u8]) -> Self {
        Self(hex(&Sha256::digest(bytes)))
    }

    /// The hash of everything `hasher` was given.
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn from_hasher(hasher: Sha256) -> Self {
        Self(hex(&hasher.finalize()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for FileHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

/// Hashes what passes through it on the way to `inner`. Large writes are
/// hashed on a thread of their own while the next ones are produced, so
/// hashing a 125 MB save adds little to its time where there are two cores.
pub struct HashingWriter<W> {
    inner: W,
    hasher: Hasher,
}

#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
enum Hasher {
    Here(Sha256),
    Beside {
        chunks: std::sync::mpsc::SyncSender<Vec<u8>>,
        thread: std::thread::JoinHandle<Sha256>,
    },
    /// The hashing thread went away: no hash can be given.
    Lost,
}

/// Writes at least this big go to the hashing thread (the 1 MiB chunks of
/// a buffered save); smaller files are hashed at once.
#[cfg(not(target_arch = "wasm32"))]
const BESIDE_FROM: usize = 256 << 10;

impl<W: io::Write> HashingWriter<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Hasher::Here(Sha256::new()),
        }
    }

    fn hash(&mut self, bytes: &[u8]) {
        #[cfg(not(target_arch = "wasm32"))]
        if bytes.len() >= BESIDE_FROM
            && let Hasher::Here(state) = &self.hasher
        {
            let mut state = state.clone();
            // Two chunks in flight at most: memory stays bounded when
            // hashing is the slower side.
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
            let spawned = std::thread::Builder::new()
                .name("crosscheck: hashing".into())
                .spawn(move || {
                    for chunk in rx {
                        state.update(&chunk);
                    }
                    state
                });
            if let Ok(thread) = spawned {
                self.hasher = Hasher::Beside { chunks: tx, thread };
            }
        }
        match &mut self.hasher {
            Hasher::Here(state) => state.update(bytes),
            Hasher::Beside { chunks, .. } => {
                if chunks.send(bytes.to_vec()).is_err() {
                    self.hasher = Hasher::Lost;
                }
            }
            Hasher::Lost => {}
        }
    }

    /// The hash of everything written; `None` only when the hashing thread
    /// died.
    pub fn finish(self) -> Option<FileHash> {
        let state = match self.hasher {
            Hasher::Here(state) => state,
            Hasher::Beside { chunks, thread } => {
                drop(chunks);
                thread.join().ok()?
            }
            Hasher::Lost => return None,
        };
        Some(FileHash(hex(&state.finalize())))
    }
}

impl<W: io::Write> io::Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
