//! File names for added articles: a slug of the outlet and headline, and
//! the first of `NAME`, `NAME-2`, `NAME-3`… that nothing uses yet.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use unicode_normalization::UnicodeNormalization as _;

/// The longest slug, in code points.
pub const MAX_SLUG_CHARS: usize = 80;

/// Names Windows keeps for devices: `con.txt` cannot be created there.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A file name stem from `text`: letters and digits of any script kept in
/// lowercase, every run of anything else one `-`, no `-` at either end, at
/// most [`MAX_SLUG_CHARS`] code points; `"article"` when nothing is left.
/// NFC, so that the same headline gives the same name on every system.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut gap = false;
    for c in text.nfc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                if count + 2 > MAX_SLUG_CHARS {
                    break;
                }
                out.push('-');
                count += 1;
            }
            gap = false;
            if count + 1 > MAX_SLUG_CHARS {
                break;
            }
            out.push(c);
            count += 1;
        } else {
            gap = true;
        }
    }
    if out.is_empty() {
        return "article".to_owned();
    }
    if RESERVED.contains(&out.as_str()) {
        out.push_str("-article");
    }
    out
}

/// `stem`, `stem-2`, `stem-3`… with `.ext` after each (when given).
fn candidates<'a>(stem: &'a OsStr, ext: Option<&'a OsStr>) -> impl Iterator<Item = OsString> + 'a {
    (1u32..).map(move |n| {
        let mut name = stem.to_os_string();
        if n > 1 {
            name.push(format!("-{n}"));
        }
        if let Some(ext) = ext {
            name.push(".");
            name.push(ext);
        }
        name
    })
}

/// The first file name `stem[-N].ext` in `dir` for which `taken` is false.
pub fn free_name(
    stem: &OsStr,
    ext: Option<&OsStr>,
    mut taken: impl FnMut(&OsStr) -> bool,
) -> OsString {
    // The iterator has no end; `find` always returns a name.
    candidates(stem, ext)
        .find(|name| !taken(name))
        .unwrap_or_else(|| stem.to_os_string())
}

/// Whether anything (a file, a folder, a dangling link) has this path.
pub fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Hampshire Chronicle Flooding closes the A31"),
            "hampshire-chronicle-flooding-closes-the-a31"
        );
        assert_eq!(slug("  — Ça va? Ünïcode!  "), "ça-va-ünïcode");
        assert_eq!(slug("Новости: Москва"), "новости-москва");
        assert_eq!(slug("東京 ニュース"), "東京-ニュース");
        assert_eq!(slug("!!!"), "article");
        assert_eq!(slug(""), "article");
        assert_eq!(slug("CON"), "con-article");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        // Decomposed input gives the composed name.
        assert_eq!(slug("e\u{301}te\u{301}"), "été");
    }

    #[test]
    fn long_slugs_are_cut_without_a_trailing_hyphen() {
        let s = slug(&"word ".repeat(40));
        assert!(s.chars().count() <= MAX_SLUG_CHARS);
        assert!(!s.ends_with('-'));
        assert!(s.starts_with("word-word"));
    }

    #[test]
    fn names_count_up_from_two() {
        let used = ["a.txt", "a-2.txt"];
        let name = free_name(OsStr::new("a"), Some(OsStr::new("txt")), |n| {
            used.iter().any(|u| OsStr::new(u) == n)
        });
        assert_eq!(name, "a-3.txt");
        assert_eq!(free_name(OsStr::new("b"), None, |_| false), "b");
    }

    proptest! {
        #[test]
        fn slugs_are_safe_file_names(text in "\\PC{0,200}") {
            let s = slug(&text);
            prop_assert!(!s.is_empty());
            prop_assert!(s.chars().count() <= MAX_SLUG_CHARS + "-article".len());
            prop_assert!(!s.starts_with('-') && !s.ends_with('-'));
            prop_assert!(!s.contains("--"));
            prop_assert!(s.chars().all(|c| c == '-' || c.is_alphanumeric()));
        }
    }
}
