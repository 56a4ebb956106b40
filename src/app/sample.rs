//! The bundled sample corpus, embedded so that a bare `crosscheck` works from
//! any folder. It is unpacked into the data folder, never written in place.

use std::path::{Path, PathBuf};

/// (file name, bytes) of each sample article.
pub const SEEDS: &[(&str, &[u8])] = &[
    (
        "000_9da135f11425a690.txt",
        include_bytes!("../../seeds/000_9da135f11425a690.txt"),
    ),
    (
        "001_96202ee82963ce48.txt",
        include_bytes!("../../seeds/001_96202ee82963ce48.txt"),
    ),
    (
        "002_3d0f47c7a0437b97.txt",
        include_bytes!("../../seeds/002_3d0f47c7a0437b97.txt"),
    ),
    (
        "003_41225c5e45abc519.txt",
        include_bytes!("../../seeds/003_41225c5e45abc519.txt"),
    ),
];

/// Writes the sample articles to `<data_dir>/sample` (restoring any that were
/// deleted or changed) and returns that folder.
pub fn unpack_sample(data_dir: &Path) -> std::io::Result<PathBuf> {
    let dir = data_dir.join("sample");
    std::fs::create_dir_all(&dir)?;
    for (name, bytes) in SEEDS {
        let path = dir.join(name);
        if crate::input::read(&path, 1 << 24).ok().as_deref() != Some(*bytes) {
            std::fs::write(&path, bytes)?;
        }
    }
    Ok(dir)
}
