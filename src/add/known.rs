//! Whether an address is in the corpus already: the `url:` in the front
//! matter of the corpus's top-level `.txt` files, where added articles go.
//! Only the start of each file is read, so looking is cheap.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::corpus::split_front_matter;

/// Enough for any block of ours (sixteen lines of metadata).
const HEAD_BYTES: u64 = 64 << 10;

/// An address as compared: trimmed, without its `#fragment` or a final `/`.
fn normalized(url: &str) -> &str {
    let url = url.trim();
    let url = url.split_once('#').map_or(url, |(u, _)| u);
    url.strip_suffix('/').unwrap_or(url)
}

/// The file name (relative to `corpus_root`) of the first top-level `.txt`
/// article whose front matter names one of `urls`. Unreadable files are
/// passed over: they say nothing either way.
pub fn added_as(corpus_root: &Path, urls: &[&str]) -> Option<PathBuf> {
    let wanted: Vec<&str> = urls.iter().map(|u| normalized(u)).collect();
    let mut names: Vec<_> = std::fs::read_dir(corpus_root)
        .ok()?
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| {
            let p = Path::new(n);
            !n.to_string_lossy().starts_with('.')
                && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        })
        .collect();
    // The same answer whatever order the folder lists its files in.
    names.sort();
    names.into_iter().find_map(|name| {
        let url = front_matter_url(&corpus_root.join(&name))?;
        wanted
            .contains(&normalized(&url))
            .then(|| PathBuf::from(name))
    })
}

fn front_matter_url(path: &Path) -> Option<String> {
    let file = crate::input::open(path).ok()?;
    let mut head = Vec::new();
    file.take(HEAD_BYTES).read_to_end(&mut head).ok()?;
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&head);
    let text = String::from_utf8_lossy(head);
    split_front_matter(&text)?.0.url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_front_matter_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("plain.txt"), "url: https://a.example/x\n").unwrap();
        std::fs::write(
            root.join("b.TXT"),
            "\u{feff}---\nurl: https://a.example/x/\n---\n\nText",
        )
        .unwrap();
        std::fs::write(root.join("c.md"), "---\nurl: https://a.example/y\n---\n").unwrap();
        assert_eq!(
            added_as(root, &["https://a.example/x#top"]),
            Some(PathBuf::from("b.TXT"))
        );
        assert_eq!(added_as(root, &["https://a.example/y"]), None);
        assert_eq!(
            added_as(&root.join("missing"), &["https://a.example/x"]),
            None
        );
    }
}
