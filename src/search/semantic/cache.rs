//! Sentence vectors kept between sessions, so a corpus reopens with its
//! meaning ranking at once: per document its hash, then its sentences'
//! scales and bytes. A document whose hash changed, or whose sentences
//! are not the ones the word index has now, is embedded again; another
//! model (its fingerprint) or file format discards the whole file.
//!
//! The window keeps it in the user's cache folder, not beside the project:
//! it is tens of megabytes of numbers that a team sharing the project
//! through git must not commit.

use std::collections::HashMap;
use std::path::Path;

use crate::corpus::Document;

const MAGIC: &[u8; 8] = b"XCVECS01";
/// Larger files are not read (a 10,000-article corpus takes about 130 MB).
const MAX_BYTES: u64 = 1 << 30;

/// What a cache file held: per document hash, (scales, bytes).
pub struct Cached {
    pub(super) docs: HashMap<String, (Vec<f32>, Vec<i8>)>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    fn u32(&mut self) -> Option<usize> {
        let b: [u8; 4] = self.take(4)?.try_into().ok()?;
        Some(u32::from_le_bytes(b) as usize)
    }
}

fn push_u32(out: &mut Vec<u8>, n: usize) {
    out.extend(u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

impl Cached {
    /// The cache at `path` when it was made by this model (`fingerprint`,
    /// `dims`); `None` when there is none or it cannot be used.
    pub fn load(path: &Path, fingerprint: &[u8; 32], dims: usize) -> Option<Self> {
        let bytes = crate::input::read(path, MAX_BYTES).ok()?;
        let mut r = Reader {
            bytes: &bytes,
            at: 0,
        };
        if r.take(8)? != MAGIC || r.take(32)? != fingerprint || r.u32()? != dims {
            return None;
        }
        let n = r.u32()?;
        let mut docs = HashMap::new();
        for _ in 0..n {
            let len = r.u32()?;
            let hash = std::str::from_utf8(r.take(len)?).ok()?.to_owned();
            let units = r.u32()?;
            let scales = r
                .take(units.checked_mul(4)?)?
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            let vectors = r
                .take(units.checked_mul(dims)?)?
                .iter()
                .map(|&b| b as i8)
                .collect();
            docs.insert(hash, (scales, vectors));
        }
        Some(Self { docs })
    }

    /// Whether it holds every document of `docs` and no other.
    pub fn holds_exactly(&self, docs: &[Document]) -> bool {
        self.docs.len() == docs.len() && docs.iter().all(|d| self.docs.contains_key(&d.hash))
    }
}

/// Writes one entry per document, (hash, scales, bytes), to `path`,
/// atomically.
pub(super) fn write<'a>(
    dims: usize,
    entries: &[(&'a str, &'a [f32], &'a [i8])],
    fingerprint: &[u8; 32],
    path: &Path,
) -> Result<(), crate::atomic::WriteError> {
    let size: usize = entries
        .iter()
        .map(|e| e.0.len() + e.1.len() * 4 + e.2.len() + 8)
        .sum();
    let mut out = Vec::with_capacity(size + 48);
    out.extend(MAGIC);
    out.extend(fingerprint);
    push_u32(&mut out, dims);
    push_u32(&mut out, entries.len());
    for (hash, scales, vectors) in entries {
        push_u32(&mut out, hash.len());
        out.extend(hash.as_bytes());
        push_u32(&mut out, scales.len());
        for s in *scales {
            out.extend(s.to_le_bytes());
        }
        out.extend(vectors.iter().map(|&b| b as u8));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::atomic::write(path, &out)
}
