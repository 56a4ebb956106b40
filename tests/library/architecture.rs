//! The import rules of the crate, checked on its source (issue 23 item 7):
//!
//! 1. Nothing outside `src/app/` and `src/web/` imports `crate::app` (the
//!    window is a client of the library, never the other way round).
//! 2. Nothing outside `src/web/` imports `crate::web` (the library and the
//!    desktop window reach the browser only through traits such as
//!    `storage::Storage`, which the web target implements).
//! 3. There is no import cycle among the files of `src/`: a file's
//!    imports form a tree below it, so each file can be read (and moved)
//!    knowing only what it imports.
//!
//! What counts as an import of file A by file B: a `use` in B (at any depth,
//! `pub use` too) or an inline path in B (`crate::a::b::f()`,
//! `super::x::Y`, `child::Y` for a child module, or `alias::f()` where
//! `alias` was brought in by a `use` and names a module) whose longest module prefix is defined by A.
//! Comments and string literals are not read. `src/main.rs` is the binary's
//! root and names the library as `crosscheck::`, so it has no edges here.
//!
//! **The facade rule** — what keeps the test honest about `mod.rs`: a
//! `mod.rs` (or `lib.rs`) whose items are only `mod` declarations and `use`
//! / `pub use` statements (with their attributes and doc comments) is a
//! *facade*. A facade adds no edge of its own, and a path through it is
//! followed to the file its `pub use` names (`crate::project::Claim` counts
//! as an import of `project/model.rs`). A `mod.rs` that holds anything else
//! (a struct, a function, an `impl`) is a file like any other: everything
//! it names counts, its `pub use`s included, and a child that imports
//! something it defines makes a cycle with it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path below the crate root (`["project", "journal"]`).
type ModPath = Vec<String>;

#[derive(Debug)]
struct Edge {
    from: String,
    to: String,
    line: usize,
    path: String,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Colons,
    Punct(char),
}

/// The source with comments, string and char literals blanked (newlines
/// kept, so line numbers stay right).
fn strip(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
        } else if (c[i] == 'r' || c[i] == 'b')
            && !(i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_'))
            && raw_string_start(&c, i).is_some()
        {
            let (hashes, body) = raw_string_start(&c, i).unwrap_or((0, i));
            i = body;
            while i < c.len() {
                if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                blank(&mut out, c[i]);
                i += 1;
            }
            out.push_str("\"\"");
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                if let Some(&ch) = c.get(i) {
                    blank(&mut out, ch);
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\u{..}'), or else a lifetime.
            let end = if next == Some('\\') {
                (i + 2..c.len().min(i + 12)).find(|&j| c[j] == '\'')
            } else if c.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    out.push_str("' '");
                    i = end + 1;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// `r"`, `r#"`, `br"`…: the number of hashes and where the body starts.
fn raw_string_start(c: &[char], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    if c[j] == 'b' {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while c.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (c.get(j) == Some(&'"')).then_some((hashes, j + 1))
}

fn tokenize(src: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            let word = word.strip_prefix("r#").map(str::to_owned).unwrap_or(word);
            out.push((Tok::Ident(word), line));
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push((Tok::Colons, line));
            i += 2;
        } else {
            out.push((Tok::Punct(ch), line));
            i += 1;
        }
    }
    out
}

/// Expands a use tree into its paths, each with the name it binds (`None`
/// for a glob).
fn use_tree(
    toks: &[Tok],
    at: &mut usize,
    prefix: &[String],
    out: &mut Vec<(ModPath, Option<String>)>,
) {
    let mut path = prefix.to_vec();
    if toks.get(*at) == Some(&Tok::Colons) {
        *at += 1;
    }
    loop {
        match toks.get(*at) {
            Some(Tok::Ident(name)) => {
                path.push(name.clone());
                *at += 1;
            }
            Some(Tok::Punct('*')) => {
                *at += 1;
                out.push((path, None));
                return;
            }
            Some(Tok::Punct('{')) => {
                *at += 1;
                loop {
                    match toks.get(*at) {
                        Some(Tok::Punct('}')) | None => {
                            *at += 1;
                            return;
                        }
                        Some(Tok::Punct(',')) => *at += 1,
                        _ => use_tree(toks, at, &path, out),
                    }
                }
            }
            _ => return,
        }
        match toks.get(*at) {
            Some(Tok::Colons) => *at += 1,
            Some(Tok::Ident(kw)) if kw == "as" => {
                *at += 1;
                if let Some(Tok::Ident(alias)) = toks.get(*at) {
                    *at += 1;
                    let name = alias.clone();
                    out.push((path, Some(name)));
                }
                return;
            }
            _ => {
                let name = match path.last().map(String::as_str) {
                    Some("self") => {
                        path.pop();
                        path.last().cloned()
                    }
                    other => other.map(str::to_owned),
                };
                out.push((path, name));
                return;
            }
        }
    }
}

struct File {
    /// Relative to the crate, with `/` (`src/app/mod.rs`).
    name: String,
    module: ModPath,
    toks: Vec<(Tok, usize)>,
}

/// Every `.rs` file under `src/`, with the module it defines.
fn files(root: &Path) -> Vec<File> {
    let mut out = Vec::new();
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            panic!("cannot read {}", dir.display());
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if rel == "src/main.rs" {
                continue;
            }
            let inner = rel.trim_start_matches("src/").trim_end_matches(".rs");
            let mut module: ModPath = inner.split('/').map(str::to_owned).collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            out.push(File {
                name: rel,
                module,
                toks: tokenize(&strip(&text)),
            });
        }
    }
    out
}

/// Whether the file's items are only `mod` declarations and `use`s.
fn is_facade(file: &File) -> bool {
    if !(file.name.ends_with("/mod.rs") || file.name == "src/lib.rs") {
        return false;
    }
    let t: Vec<&Tok> = file.toks.iter().map(|(t, _)| t).collect();
    let mut i = 0;
    let skip_group = |i: &mut usize, open: char, close: char| {
        let mut depth = 0;
        while *i < t.len() {
            match t[*i] {
                Tok::Punct(c) if *c == open => depth += 1,
                Tok::Punct(c) if *c == close => {
                    depth -= 1;
                    if depth == 0 {
                        *i += 1;
                        return;
                    }
                }
                _ => {}
            }
            *i += 1;
        }
    };
    while i < t.len() {
        match t[i] {
            Tok::Punct('#') => {
                i += 1;
                if t.get(i) == Some(&&Tok::Punct('!')) {
                    i += 1;
                }
                skip_group(&mut i, '[', ']');
            }
            Tok::Ident(w) if w == "pub" => {
                i += 1;
                if t.get(i) == Some(&&Tok::Punct('(')) {
                    skip_group(&mut i, '(', ')');
                }
            }
            Tok::Ident(w) if w == "mod" => {
                if t.get(i + 2) != Some(&&Tok::Punct(';')) {
                    return false;
                }
                i += 3;
            }
            Tok::Ident(w) if w == "use" => {
                while i < t.len() && t[i] != &Tok::Punct(';') {
                    i += 1;
                }
                i += 1;
            }
            _ => return false,
        }
    }
    true
}

struct Crate {
    files: Vec<File>,
    by_module: BTreeMap<ModPath, usize>,
    facade: Vec<bool>,
    /// Per facade: what each name it re-exports stands for (absolute), and
    /// the modules it re-exports whole (`pub use x::*`).
    exports: Vec<(BTreeMap<String, ModPath>, Vec<ModPath>)>,
}

impl Crate {
    /// `path` made absolute from inside `cur`; `None`: not this crate's.
    fn absolute(
        &self,
        cur: &[String],
        path: &[String],
        aliases: &BTreeMap<String, ModPath>,
    ) -> Option<ModPath> {
        let (first, rest) = path.split_first()?;
        let mut base: ModPath = match first.as_str() {
            "crate" => Vec::new(),
            "self" => cur.to_vec(),
            "super" => {
                let mut up = cur.to_vec();
                up.pop()?;
                up
            }
            name => {
                let mut child = cur.to_vec();
                child.push(name.to_owned());
                if self.by_module.contains_key(&child) {
                    child
                } else {
                    let mut target = aliases.get(name)?.clone();
                    target.extend(rest.iter().cloned());
                    return Some(target);
                }
            }
        };
        let mut rest = rest;
        while let Some((s, r)) = rest.split_first() {
            if s != "super" {
                break;
            }
            base.pop()?;
            rest = r;
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The files an absolute path names (through facades); `glob`: the
    /// whole module.
    fn targets(&self, path: &[String], glob: bool, depth: usize, out: &mut BTreeSet<usize>) {
        if depth > 16 {
            return;
        }
        let Some(n) = (0..=path.len())
            .rev()
            .find(|&n| self.by_module.contains_key(&path[..n]))
        else {
            return;
        };
        let file = self.by_module[&path[..n]];
        if !self.facade[file] {
            out.insert(file);
            return;
        }
        let (names, globs) = &self.exports[file];
        match path.get(n) {
            Some(item) => {
                if let Some(target) = names.get(item) {
                    let mut target = target.clone();
                    target.extend(path[n + 1..].iter().cloned());
                    self.targets(&target, glob, depth + 1, out);
                } else {
                    for g in globs {
                        let mut target = g.clone();
                        target.extend(path[n..].iter().cloned());
                        self.targets(&target, glob, depth + 1, out);
                    }
                }
            }
            None if glob => {
                for target in names.values() {
                    self.targets(target, false, depth + 1, out);
                }
            }
            // A facade named as a module: it imports nothing of its own.
            None => {}
        }
    }
}

/// The `use` statements of a file: (token range, module the use sits in,
/// its expanded paths).
type Uses = Vec<(
    std::ops::Range<usize>,
    ModPath,
    usize,
    Vec<(ModPath, Option<String>)>,
)>;

fn uses(file: &File) -> Uses {
    let toks: Vec<Tok> = file.toks.iter().map(|(t, _)| t.clone()).collect();
    let mut out = Vec::new();
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            Tok::Ident(w) if w == "mod" => {
                if let (Some(Tok::Ident(name)), Some(Tok::Punct('{'))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    inline.push((name.clone(), depth));
                    depth += 1;
                    i += 3;
                    continue;
                }
            }
            Tok::Ident(w) if w == "use" => {
                let start = i;
                let mut at = i + 1;
                let mut paths = Vec::new();
                use_tree(&toks, &mut at, &[], &mut paths);
                while at < toks.len() && toks[at] != Tok::Punct(';') {
                    at += 1;
                }
                let mut cur = file.module.clone();
                cur.extend(inline.iter().map(|(n, _)| n.clone()));
                out.push((start..at + 1, cur, file.toks[start].1, paths));
                i = at + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn crate_graph() -> (Crate, Vec<Edge>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = files(root);
    let by_module = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.module.clone(), i))
        .collect();
    let facade = files.iter().map(is_facade).collect();
    let mut krate = Crate {
        files,
        by_module,
        facade,
        exports: Vec::new(),
    };
    let all_uses: Vec<Uses> = krate.files.iter().map(uses).collect();
    let no_aliases = BTreeMap::new();
    krate.exports = (0..krate.files.len())
        .map(|f| {
            let mut names = BTreeMap::new();
            let mut globs = Vec::new();
            if krate.facade[f] {
                for (_, cur, _, paths) in &all_uses[f] {
                    for (path, name) in paths {
                        let Some(abs) = krate.absolute(cur, path, &no_aliases) else {
                            continue;
                        };
                        match name {
                            Some(name) => {
                                names.insert(name.clone(), abs);
                            }
                            None => globs.push(abs),
                        }
                    }
                }
            }
            (names, globs)
        })
        .collect();
    let mut edges = Vec::new();
    for (f, file) in krate.files.iter().enumerate() {
        if krate.facade[f] {
            continue;
        }
        let mut aliases: BTreeMap<String, ModPath> = BTreeMap::new();
        let mut found: Vec<(ModPath, bool, usize)> = Vec::new();
        let mut in_use = vec![false; file.toks.len()];
        for (range, cur, line, paths) in &all_uses[f] {
            in_use[range.clone()].iter_mut().for_each(|b| *b = true);
            for (path, name) in paths {
                if let Some(abs) = krate.absolute(cur, path, &aliases) {
                    if let Some(name) = name
                        && krate.by_module.contains_key(&abs)
                    {
                        aliases.insert(name.clone(), abs.clone());
                    }
                    found.push((abs, name.is_none(), *line));
                }
            }
        }
        // Inline paths: `crate::a::b`, `super::x`, `alias::f`.
        let toks = &file.toks;
        let mut i = 0;
        while i < toks.len() {
            let starts = !in_use[i]
                && matches!(&toks[i].0, Tok::Ident(_))
                && toks.get(i + 1).map(|t| &t.0) == Some(&Tok::Colons)
                && (i == 0 || toks[i - 1].0 != Tok::Colons);
            if !starts {
                i += 1;
                continue;
            }
            let mut path = Vec::new();
            let mut j = i;
            while let Some((Tok::Ident(seg), _)) = toks.get(j) {
                path.push(seg.clone());
                if toks.get(j + 1).map(|t| &t.0) != Some(&Tok::Colons) {
                    break;
                }
                j += 2;
            }
            let is_ours = matches!(path[0].as_str(), "crate" | "super" | "self")
                || aliases.contains_key(&path[0])
                || krate
                    .by_module
                    .contains_key(&[file.module.clone(), vec![path[0].clone()]].concat());
            if is_ours && let Some(abs) = krate.absolute(&file.module, &path, &aliases) {
                found.push((abs, false, toks[i].1));
            }
            i = j + 1;
        }
        for (abs, glob, line) in found {
            let mut targets = BTreeSet::new();
            krate.targets(&abs, glob, 0, &mut targets);
            for t in targets {
                if t != f {
                    edges.push(Edge {
                        from: file.name.clone(),
                        to: krate.files[t].name.clone(),
                        line,
                        path: format!("crate::{}", abs.join("::")),
                    });
                }
            }
        }
    }
    (krate, edges)
}

fn under(name: &str, dir: &str) -> bool {
    name.starts_with(dir)
}

fn report(what: &str, bad: &[&Edge]) -> String {
    let mut out = format!("{what} ({}):\n", bad.len());
    for e in bad {
        out.push_str(&format!(
            "  {}:{} imports {} ({})\n",
            e.from, e.line, e.to, e.path
        ));
    }
    out
}

#[test]
fn nothing_outside_app_and_web_imports_app() {
    let (_, edges) = crate_graph();
    let bad: Vec<&Edge> = edges
        .iter()
        .filter(|e| {
            under(&e.to, "src/app/") && !under(&e.from, "src/app/") && !under(&e.from, "src/web/")
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{}",
        report("files outside app/ and web/ that import app", &bad)
    );
}

#[test]
fn nothing_outside_web_imports_web() {
    let (_, edges) = crate_graph();
    let bad: Vec<&Edge> = edges
        .iter()
        .filter(|e| under(&e.to, "src/web/") && !under(&e.from, "src/web/"))
        .collect();
    assert!(
        bad.is_empty(),
        "{}",
        report("files outside web/ that import web", &bad)
    );
}

/// The strongly connected groups of files (Tarjan), those of more than one.
fn cycles(edges: &[Edge]) -> Vec<Vec<String>> {
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in edges {
        graph.entry(&e.from).or_default().insert(&e.to);
        graph.entry(&e.to).or_default();
    }
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(v: &'a str, g: &BTreeMap<&'a str, BTreeSet<&'a str>>, s: &mut State<'a>) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on.insert(v);
        for &w in &g[v] {
            if !s.index.contains_key(w) {
                visit(w, g, s);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                group.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.out.push(group);
            }
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for &v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(v, &graph, &mut s);
        }
    }
    s.out
}

/// One shortest cycle through `start` inside `group`, as the edges taken.
fn one_cycle<'a>(start: &str, group: &BTreeSet<&str>, edges: &'a [Edge]) -> Vec<&'a Edge> {
    let mut prev: BTreeMap<&str, &Edge> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for e in edges
            .iter()
            .filter(|e| e.from == v && group.contains(e.to.as_str()))
        {
            if e.to == start {
                let mut path = vec![e];
                let mut at = v;
                while at != start {
                    let back = prev[at];
                    path.push(back);
                    at = &back.from;
                }
                path.reverse();
                return path;
            }
            if !prev.contains_key(e.to.as_str()) && e.to != start {
                prev.insert(&e.to, e);
                queue.push_back(&e.to);
            }
        }
    }
    Vec::new()
}

#[test]
fn no_import_cycle_among_files() {
    let (_, edges) = crate_graph();
    let groups = cycles(&edges);
    let mut out = String::new();
    for group in &groups {
        let set: BTreeSet<&str> = group.iter().map(String::as_str).collect();
        out.push_str(&format!(
            "\n{} files import each other in a circle:\n",
            group.len()
        ));
        for f in group {
            out.push_str(&format!("  {f}\n"));
        }
        out.push_str("  for example:\n");
        for e in one_cycle(&group[0], &set, &edges) {
            out.push_str(&format!(
                "    {}:{} -> {} ({})\n",
                e.from, e.line, e.to, e.path
            ));
        }
    }
    assert!(
        out.is_empty(),
        "import cycles among the files of src/:{out}"
    );
}

/// The reader itself: a facade adds no edge, a path through it reaches the
/// file it re-exports, comments and strings are not imports.
#[test]
fn the_reader_follows_facades_and_skips_comments() {
    let (krate, edges) = crate_graph();
    let lib = krate.by_module[&Vec::<String>::new()];
    assert!(krate.facade[lib], "src/lib.rs is read as a facade");
    assert!(edges.iter().all(|e| e.from != "src/lib.rs"));
    // session/edits.rs names `crate::project::{Edit, …}`: through the
    // project facade, that is project/edit.rs.
    assert!(
        edges
            .iter()
            .any(|e| e.from == "src/session/edits.rs" && e.to == "src/project/edit.rs"),
        "{:#?}",
        edges
            .iter()
            .filter(|e| e.from == "src/session/edits.rs")
            .collect::<Vec<_>>()
    );
    let stripped =
        strip("// use crate::app::X;\nlet s = \"crate::web::y\"; /* crate::app */ let c = '\"';");
    assert!(!stripped.contains("crate::"), "{stripped}");
    assert_eq!(stripped.lines().count(), 2);
}

/// The cycle finder itself: a circle of three is found whole, a file that
/// only leads into it is not part of it, and a tree has none.
#[test]
fn the_cycle_finder_finds_circles_and_only_them() {
    let edge = |from: &str, to: &str| Edge {
        from: from.into(),
        to: to.into(),
        line: 1,
        path: String::new(),
    };
    let circle = [
        edge("a", "b"),
        edge("b", "c"),
        edge("c", "a"),
        edge("d", "a"),
    ];
    let found = cycles(&circle);
    assert_eq!(found.len(), 1, "{found:?}");
    let mut group = found[0].clone();
    group.sort();
    assert_eq!(group, ["a", "b", "c"]);
    let tree = [edge("a", "b"), edge("a", "c"), edge("b", "c")];
    assert!(cycles(&tree).is_empty());
}
