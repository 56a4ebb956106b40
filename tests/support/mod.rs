//! Shared fixtures: the seeds corpus with a fixed project, and a hostile
//! corpus of every text that has broken offset code somewhere.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use crosscheck::corpus::{Corpus, Document};
use crosscheck::project::{Claim, ClaimId, Edit, Evidence, Label, Project, Span, sync_with_corpus};

pub const T0: &str = "2026-01-01T00:00:00Z";

pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Copies the bundled seeds into `dir/corpus` and returns that folder.
pub fn copy_seeds(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for entry in std::fs::read_dir(seeds_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
    }
    corpus
}

/// Code point offsets of the first occurrence of `quote` in `doc`.
pub fn find(doc: &Document, quote: &str) -> (usize, usize) {
    let byte = doc
        .text
        .find(quote)
        .unwrap_or_else(|| panic!("{quote:?} not in {}", doc.id));
    let start = doc.text[..byte].chars().count();
    (start, start + quote.chars().count())
}

pub fn span(corpus: &Corpus, doc: &str, quote: &str) -> Span {
    let d = corpus
        .get(doc)
        .unwrap_or_else(|| panic!("no document {doc}"));
    let (s, e) = find(d, quote);
    Span::from_document(d, s, e).unwrap()
}

/// Builds claims with fixed ids and times.
pub struct Builder<'c> {
    pub corpus: &'c Corpus,
    pub project: Project,
    next: usize,
}

impl<'c> Builder<'c> {
    pub fn new(corpus: &'c Corpus) -> Self {
        let mut project = Project::new("corpus");
        sync_with_corpus(&mut project, corpus);
        Self {
            corpus,
            project,
            next: 0,
        }
    }

    pub fn label(&mut self, id: &str, name: &str) {
        let index = self.project.labels().len();
        self.project
            .apply(Edit::AddLabel {
                index,
                label: Label::new(id, name, "#009e73", None),
            })
            .unwrap();
    }

    /// Adds a claim on `quote` with evidence `(doc, quote, relation)`.
    pub fn claim(
        &mut self,
        doc: &str,
        quote: &str,
        label: Option<&str>,
        annotator: &str,
        evidence: &[(&str, &str, &str)],
    ) -> ClaimId {
        let s = span(self.corpus, doc, quote);
        self.claim_span(s, label, annotator, evidence)
    }

    pub fn claim_span(
        &mut self,
        own: Span,
        label: Option<&str>,
        annotator: &str,
        evidence: &[(&str, &str, &str)],
    ) -> ClaimId {
        self.next += 1;
        let mut claim = Claim::new(own, label.map(str::to_owned), annotator, T0);
        claim.id = ClaimId(format!("c{:02}", self.next));
        for (i, (doc, quote, relation)) in evidence.iter().enumerate() {
            claim.evidence.push(Evidence {
                id: format!("e{:02}{}", self.next, i + 1),
                span: span(self.corpus, doc, quote),
                relation: (*relation).to_owned(),
                annotator: annotator.to_owned(),
                created: T0.to_owned(),
            });
        }
        let id = claim.id.clone();
        self.project.apply(Edit::AddClaim(Box::new(claim))).unwrap();
        id
    }
}

pub const S0: &str = "000_9da135f11425a690.txt";
pub const S1: &str = "001_96202ee82963ce48.txt";
pub const S2: &str = "002_3d0f47c7a0437b97.txt";
pub const S3: &str = "003_41225c5e45abc519.txt";

/// The fixed project over the seeds every golden file is written from.
pub fn seeds_project(corpus: &Corpus) -> Project {
    let mut b = Builder::new(corpus);
    b.label("partly", "Partly true");
    b.claim(
        S0,
        "No officers from Hampshire have been deployed to London at this time.",
        Some("contradicts"),
        "ana",
        &[
            (
                S1,
                "Hampshire Constabulary has deployed its firearms officers to provide support to the Metropolitan Police",
                "contradicts",
            ),
            (
                S0,
                "Hampshire Constabulary has received mutual aid requests from the Met but no officers have volunteered.",
                "agrees",
            ),
        ],
    );
    b.claim(
        S1,
        "Hampshire Constabulary has deployed its firearms officers to provide support to the Metropolitan Police (Met)",
        Some("contradicts"),
        "ana",
        &[(
            S0,
            "No officers from Hampshire have been deployed to London at this time.",
            "contradicts",
        )],
    );
    b.claim(
        S2,
        "hundreds of its roughly 2,500 firearms officers had handed in their permits",
        Some("unverified"),
        "bo",
        &[(
            S3,
            "more than 100 officers have handed in what is known as a blue ticket",
            "unverified",
        )],
    );
    // Crosses a paragraph break: brat must split it into fragments.
    b.claim(
        S3,
        "Chris Kaba, who was shot dead by a police officer in September 2022. AP\n\n“They were understandably anxious",
        None,
        "bo",
        &[],
    );
    let id = b.claim(
        S2,
        "Met officers still make up the vast majority of armed resources deployed across London.",
        Some("partly"),
        "ana",
        &[(
            S2,
            "London’s Metropolitan Police has insisted its officers are still providing the “vast majority” of armed response services",
            "agrees",
        )],
    );
    let _ = id;
    // A span whose text was edited away: kept, flagged detached.
    let mut gone = span(corpus, S3, "But full firearms protection remains");
    gone.quote = "But full firearms protection was withdrawn".into();
    gone.detached = true;
    b.claim_span(gone, Some("agrees"), "ana", &[]);
    let mut project = b.project;
    // A note with characters every format must escape.
    let first = project.claims().sorted()[0].id.clone();
    project
        .apply(Edit::UpdateClaim {
            id: first,
            change: crosscheck::project::ClaimChange::Note(
                "Opposite of 001's \"deployed\" line;\ttabbed,\nand two lines".into(),
            ),
            modified: T0.into(),
        })
        .unwrap();
    project
}

/// Windows-1252 bytes of a sentence chardetng recognises.
pub const CP1252: &[u8] = b"Caf\xe9 \x96 \x93quoted\x94 na\xefve, d\xe9j\xe0 vu, r\xe9sum\xe9 of the \xe9v\xe9nement in Montr\xe9al.";

/// Writes the hostile corpus below `dir` and returns (folder, claims to make):
/// every claim as (doc, quote, evidence doc, evidence quote).
pub fn write_hostile(dir: &Path) -> PathBuf {
    let root = dir.join("hostile");
    let write = |rel: &str, bytes: &[u8]| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write(
        "emoji.txt",
        "Family 👨‍👩‍👧‍👦 arrived. Flag 🏳️‍🌈 flew.\nThumbs 👍🏽 up; the end.".as_bytes(),
    );
    write(
        "combining.txt",
        "Cafe\u{301} re\u{301}sume\u{301}: the n\u{303}o\u{308}\u{301} test.".as_bytes(),
    );
    write(
        "crlf.txt",
        b"Line one.\r\nLine two has a claim.\r\nLine three.\rLone CR line.",
    );
    write(
        "bom.txt",
        "\u{feff}Starts with a BOM. Then the claim text.".as_bytes(),
    );
    write("legacy/cp1252.txt", CP1252);
    write(
        "rtl/עברית.txt",
        "שלום עולם. הממשלה הודיעה היום על צעדים חדשים.\nمرحبا بالعالم. أعلنت الحكومة اليوم."
            .as_bytes(),
    );
    let mut long = String::new();
    while long.len() < 200 * 1024 {
        long.push_str("ab😀é שלום ");
    }
    long.push_str("THE END CLAIM 🚓 here");
    write("long/line.txt", long.as_bytes());
    write(
        "Ünïcödé/ñested/日本語.md",
        "東京都は本日、新しい発表を行った。\n警察は否定した。".as_bytes(),
    );
    write(
        "inject.txt",
        "=SUM(A1:A2) formula\n+1 plus\n-minus\n@at sign\n\ttab start\nplain".as_bytes(),
    );
    write(
        "breaks.txt",
        "Page one ends.\u{c}Page two\u{2028}has a line separator\u{85}and NEL.".as_bytes(),
    );
    write(
        "notes.md",
        "# Notes\nA markdown document, with a claim.".as_bytes(),
    );
    write(
        "notes.md.txt",
        "Collides with notes.md in brat names.".as_bytes(),
    );
    root
}

pub fn hostile_project(corpus: &Corpus) -> Project {
    let mut b = Builder::new(corpus);
    b.label("odd label!", "Odd label");
    b.claim(
        "emoji.txt",
        "👨‍👩‍👧‍👦 arrived",
        Some("agrees"),
        "ana",
        &[("rtl/עברית.txt", "הממשלה הודיעה", "agrees")],
    );
    b.claim(
        "emoji.txt",
        "🏳️‍🌈 flew.\nThumbs 👍🏽",
        Some("contradicts"),
        "ana",
        &[("emoji.txt", "the end", "contradicts")],
    );
    b.claim(
        "combining.txt",
        "re\u{301}sume\u{301}",
        Some("unverified"),
        "bo",
        &[],
    );
    b.claim(
        "combining.txt",
        "n\u{303}o\u{308}\u{301}",
        None,
        "bo",
        &[("bom.txt", "Starts", "agrees")],
    );
    b.claim(
        "crlf.txt",
        "one.\nLine two has",
        Some("agrees"),
        "ana",
        &[("crlf.txt", "three.\nLone", "agrees")],
    );
    b.claim("bom.txt", "Starts with a BOM.", Some("agrees"), "ana", &[]);
    b.claim(
        "legacy/cp1252.txt",
        "“quoted” naïve",
        Some("contradicts"),
        "ana",
        &[("Ünïcödé/ñested/日本語.md", "警察は否定した", "contradicts")],
    );
    b.claim(
        "rtl/עברית.txt",
        "مرحبا بالعالم",
        Some("odd label!"),
        "ana",
        &[("rtl/עברית.txt", "שלום עולם", "odd label!")],
    );
    b.claim(
        "long/line.txt",
        "THE END CLAIM 🚓",
        Some("agrees"),
        "ana",
        &[("emoji.txt", "👍🏽", "agrees")],
    );
    b.claim(
        "Ünïcödé/ñested/日本語.md",
        "新しい発表",
        Some("agrees"),
        "ana",
        &[],
    );
    for quote in [
        "=SUM(A1:A2) formula",
        "+1 plus",
        "-minus",
        "@at sign",
        "\ttab start",
    ] {
        b.claim(
            "inject.txt",
            quote,
            Some("agrees"),
            "=cmd|' /C calc'!A0",
            &[],
        );
    }
    b.claim("notes.md", "with a claim", Some("agrees"), "ana", &[]);
    b.claim(
        "breaks.txt",
        "ends.\u{c}Page two\u{2028}has",
        Some("unverified"),
        "ana",
        &[("breaks.txt", "separator\u{85}and", "agrees")],
    );
    b.claim("notes.md.txt", "Collides", Some("agrees"), "ana", &[]);
    // Two claims on one span: brat and doccano must not duplicate it.
    b.claim("bom.txt", "Starts with a BOM.", Some("agrees"), "bo", &[]);
    b.project
}

/// A test's name as its grouped binary knows it (`module::name`), for
/// tests that re-run their own binary on one test; `module` is the caller's
/// `module_path!()`.
pub fn test_in_binary(module: &str, name: &str) -> String {
    match module.split_once("::") {
        Some((_, module)) => format!("{module}::{name}"),
        None => name.to_string(),
    }
}

/// One answer of the test web server: status, content type, body.
#[derive(Clone)]
pub struct Route {
    pub path: &'static str,
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// A web server on 127.0.0.1 for the test's life (never the internet):
/// answers each request for a route's path with it, anything else 404.
/// Returns the base address (`http://127.0.0.1:PORT`).
pub fn serve(routes: Vec<Route>) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let routes = routes.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                // The headers, up to the blank line.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                let route = routes.iter().find(|r| r.path == path);
                let (status, ct, body) = match route {
                    Some(r) => (r.status, r.content_type, r.body.clone()),
                    None => (404, "text/plain", b"not found".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    base
}

/// A saved news page: outlet, date and author in its meta tags, navigation
/// and a footer around a three-paragraph article.
pub fn news_page(outlet: &str, date: &str, headline: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{date}">
<meta name="author" content="Sam Lee">
<title>{headline} | {outlet}</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<article><h1>{headline}</h1>
<p>The council said on Monday that the bridge would close for repairs in the spring, and that a ferry would run while it is shut to cars and lorries.</p>
<p>Engineers found cracks in two of the supporting piers last month, and the repairs cannot wait for the summer, the council's spokesperson said.</p>
<p>Residents of the island have asked for the ferry to run through the night, and the council said it would consider it before the works begin.</p>
</article><aside><h2>Related</h2><ul><li><a href="/x">Another story</a></li></ul></aside>
<footer>© {outlet} · Privacy · Terms</footer></body></html>"#
    )
}
