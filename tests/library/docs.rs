//! The documentation kept true by tests: the shortcut table of
//! `docs/annotating.md` is the command table's (as the help window shows
//! it), and every relative link in the repository's Markdown files leads to
//! a file that exists (and, with `#anchor`, to a heading in it).
//!
//! `CROSSCHECK_BLESS=1 cargo test --test library docs::` rewrites the generated table
//! in the page instead of failing.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[cfg(feature = "gui")]
mod shortcuts {
    use super::root;
    use std::fs;

    const PAGE: &str = "docs/annotating.md";
    const BEGIN: &str = "<!-- shortcuts: generated from src/app/command.rs by tests/library/docs.rs; \
                         CROSSCHECK_BLESS=1 cargo test --test library docs:: rewrites it -->";
    const END: &str = "<!-- end of the generated shortcuts -->";

    /// A Markdown table cell holding `text` as code (or as plain text).
    fn cell(text: &str, code: bool) -> String {
        let text = text.replace('|', "\\|");
        if code { format!("`{text}`") } else { text }
    }

    fn expected() -> String {
        let mut table = String::from("| key | does |\n|---|---|\n");
        for (keys, what) in crosscheck::app::command::help_rows() {
            table.push_str(&format!(
                "| {} | {} |\n",
                cell(&keys, true),
                cell(what, false)
            ));
        }
        table
    }

    #[test]
    fn shortcut_table_is_the_command_table() {
        let path = root().join(PAGE);
        let page = fs::read_to_string(&path).unwrap();
        let begin = page
            .find(BEGIN)
            .unwrap_or_else(|| panic!("{PAGE} lacks the marker line\n{BEGIN}"));
        let after_begin = begin + BEGIN.len();
        let end = after_begin
            + page[after_begin..]
                .find(END)
                .unwrap_or_else(|| panic!("{PAGE} lacks the marker line\n{END}"));
        let want = format!("\n\n{}\n", expected());
        if page[after_begin..end] == want {
            return;
        }
        if std::env::var_os("CROSSCHECK_BLESS").is_some_and(|v| v == "1") {
            let new = format!("{}{want}{}", &page[..after_begin], &page[end..]);
            let tmp = path.with_extension("md.tmp");
            fs::write(&tmp, new).unwrap();
            fs::rename(&tmp, &path).unwrap();
            eprintln!("{PAGE}: the shortcut table was rewritten from the command table");
            return;
        }
        panic!(
            "{PAGE}: the shortcut table differs from the command table \
             (src/app/command.rs). It should read:\n\n{}\n\
             Run `CROSSCHECK_BLESS=1 cargo test --test library docs::` to write it.",
            expected()
        );
    }
}

/// Every Markdown file of the repository, outside build output, hidden
/// folders and installed packages.
fn markdown_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap()).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                if !(name.starts_with('.') || name == "target" || name == "node_modules") {
                    walk(&path, out);
                }
            } else if name.ends_with(".md") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root(), &mut out);
    out
}

/// The anchor GitHub gives a heading: lower case, letters, digits, `-` and
/// `_` kept, spaces turned into `-`, everything else dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Lines outside fenced code blocks, with their numbers.
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut fenced = false;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.push((n + 1, line));
        }
    }
    out
}

/// The anchors of a page's headings (a repeated heading gets `-1`, `-2`, …).
fn anchors(text: &str) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (_, line) in prose_lines(text) {
        let Some(heading) = line.strip_prefix('#') else {
            continue;
        };
        let base = slug(heading.trim_start_matches('#'));
        let count = seen.entry(base.clone()).or_insert(0);
        out.push(if *count == 0 {
            base.clone()
        } else {
            format!("{base}-{count}")
        });
        *count += 1;
    }
    out
}

/// The targets of the `](target)` links of a line, outside inline code.
fn link_targets(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut in_code = false;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => in_code = !in_code,
            b']' if !in_code && bytes.get(i + 1) == Some(&b'(') => {
                if let Some(len) = line[i + 2..].find(')') {
                    out.push(&line[i + 2..i + 2 + len]);
                    i += 2 + len;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[test]
fn slugs_are_githubs() {
    assert_eq!(slug(" csv — `claims.csv`"), "csv--claimscsv");
    assert_eq!(
        slug("Importing from doccano, brat and Label Studio"),
        "importing-from-doccano-brat-and-label-studio"
    );
    assert_eq!(
        slug("Keyboard shortcuts (F1 or ? in the window)"),
        "keyboard-shortcuts-f1-or--in-the-window"
    );
    assert_eq!(anchors("# A\n## A\n```\n# A\n```\n"), ["a", "a-1"]);
    assert_eq!(
        link_targets("see [x](a.md#b) and `[y](not)` or ![z](img.png)"),
        ["a.md#b", "img.png"]
    );
}

#[test]
fn relative_links_lead_somewhere() {
    let root = root();
    let files = markdown_files();
    assert!(
        files.iter().any(|f| f.ends_with("docs/README.md")),
        "docs/README.md (the index of the user documentation) is missing"
    );
    let mut problems = Vec::new();
    let mut anchor_cache: HashMap<PathBuf, Vec<String>> = HashMap::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let shown = file.strip_prefix(&root).unwrap().display().to_string();
        for (n, line) in prose_lines(&text) {
            for target in link_targets(line) {
                let target = target.split_whitespace().next().unwrap_or("");
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (path, anchor) = match target.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (target, None),
                };
                let dest = if path.is_empty() {
                    file.clone()
                } else {
                    file.parent().unwrap().join(path)
                };
                if !dest.exists() {
                    problems.push(format!("{shown}:{n}: `{target}`: no such file"));
                    continue;
                }
                let Some(anchor) = anchor else { continue };
                if dest.extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let known = anchor_cache
                    .entry(dest.clone())
                    .or_insert_with(|| anchors(&fs::read_to_string(&dest).unwrap()));
                if !known.iter().any(|a| a == anchor) {
                    problems.push(format!(
                        "{shown}:{n}: `{target}`: no heading with that anchor"
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken links in the Markdown files:\n{}",
        problems.join("\n")
    );
}
