//! Adding from a local HTTP server (127.0.0.1, started by each test, with
//! hand-written HTTP/1.1 answers) and from files in temporary folders.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::thread;
use std::time::Duration;

use super::*;
use crate::corpus::split_front_matter;

const PARAS: [&str; 3] = [
    "The river rose two metres overnight after three days of rain, officials in the valley said on Tuesday, and the old stone bridge was closed to traffic before dawn.",
    "Residents of the lower town were told to move to higher ground. \"We have never seen the water this high in September,\" said the mayor, who spent the night at the emergency centre.",
    "Engineers are inspecting the dam upstream, which was built in 1962 and last repaired eleven years ago. They expect to report by Thursday on whether it can hold.",
];

/// A news page with `og:` tags and JSON-LD; `canonical` is its address.
fn news_page(headline: &str, canonical: Option<&str>) -> String {
    let canonical = canonical
        .map(|c| format!(r#"<link rel="canonical" href="{c}">"#))
        .unwrap_or_default();
    let body: String = PARAS.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{headline} | The Valley Courier</title>
<meta property="og:title" content="{headline}">
<meta property="og:site_name" content="The Valley Courier">
{canonical}
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"{headline}","author":{{"@type":"Person","name":"Ana Ruiz"}},
 "publisher":{{"@type":"Organization","name":"The Valley Courier"}},
 "datePublished":"2023-09-12T06:30:00+02:00"}}</script>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{headline}</h1>
{body}</article><footer>© The Valley Courier</footer></body></html>"#
    )
}

const LOGIN: &str = r#"<html><head><title>Sign in</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<form action="/login"><label>Email <input name="email"></label>
<label>Password <input type="password" name="pw"></label><button>Log in</button></form>
<p>Subscribers only.</p></body></html>"#;

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// What the server answers for a path: status line, headers, body, and a
/// delay before answering.
struct Reply {
    status: &'static str,
    headers: Vec<String>,
    body: Vec<u8>,
    delay: Duration,
    /// Without `Content-Length`: the body ends when the connection closes.
    no_length: bool,
}

fn reply(status: &'static str, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status,
        headers: vec![format!("Content-Type: {content_type}")],
        body: body.into(),
        delay: Duration::ZERO,
        no_length: false,
    }
}

/// The page the test server serves at `path`.
fn route(path: &str, base: &str) -> Reply {
    let html = "text/html; charset=utf-8";
    match path {
        "/news" => reply(
            "200 OK",
            html,
            news_page(
                "River floods valley town",
                Some("https://courier.example/river"),
            ),
        ),
        // Another article with the same headline.
        "/news-again" => reply(
            "200 OK",
            html,
            news_page(
                "River floods valley town",
                Some("https://courier.example/river-2"),
            ),
        ),
        "/plain" => reply(
            "200 OK",
            html,
            news_page("Bridge closed as river rises", None),
        ),
        "/moved" => {
            let mut r = reply("301 Moved Permanently", html, "moved");
            r.headers.push(format!("Location: {base}/plain"));
            r
        }
        "/slow" => {
            let mut r = reply("200 OK", html, news_page("Late", None));
            r.delay = Duration::from_secs(3);
            r
        }
        "/image" => reply(
            "200 OK",
            "image/png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
        ),
        "/login" => reply("200 OK", html, LOGIN),
        "/huge" => reply("200 OK", html, vec![b'a'; 200_000]),
        "/huge-stream" => {
            let mut r = reply("200 OK", html, vec![b'a'; 200_000]);
            r.no_length = true;
            r
        }
        "/report.pdf" => reply("200 OK", "application/pdf", PDF),
        _ => reply("404 Not Found", "text/plain", "not here"),
    }
}

fn serve(mut stream: TcpStream, base: &str) {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let request = String::from_utf8_lossy(&request);
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let r = route(&path, base);
    thread::sleep(r.delay);
    let mut head = format!("HTTP/1.1 {}\r\nConnection: close\r\n", r.status);
    for h in &r.headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    if !r.no_length {
        head.push_str(&format!("Content-Length: {}\r\n", r.body.len()));
    }
    head.push_str("\r\n");
    // The client may hang up early (a body over the limit): not an error.
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&r.body);
}

/// Starts a server on a free loopback port; returns its base address.
fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let b = base.clone();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let b = b.clone();
            thread::spawn(move || serve(stream, &b));
        }
    });
    base
}

fn opts() -> FetchOptions {
    FetchOptions {
        timeout: Duration::from_secs(1),
        max_bytes: 64 << 10,
    }
}

/// Every name in `dir` and below, sorted, with `/` separators.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_news_page_is_saved_with_front_matter_and_a_snapshot() {
    let base = server();
    let corpus = tempfile::tempdir().unwrap();
    let url = format!("{base}/news");
    let added = add_url(corpus.path(), &url, &opts()).unwrap();
    let name = "the-valley-courier-river-floods-valley-town";
    assert_eq!(added.path, Path::new(&format!("{name}.txt")));
    assert_eq!(added.title, "River floods valley town");
    let snapshot = format!(".snapshots/{name}.html");
    assert_eq!(added.snapshot.as_deref(), Some(Path::new(&snapshot)));
    assert_eq!(
        listing(corpus.path()),
        [
            ".snapshots".to_owned(),
            snapshot.clone(),
            format!("{name}.txt")
        ]
    );

    let served = route("/news", &base).body;
    assert_eq!(
        std::fs::read(corpus.path().join(&snapshot)).unwrap(),
        served
    );

    let text = std::fs::read_to_string(corpus.path().join(&added.path)).unwrap();
    let (fm, at) = split_front_matter(&text).unwrap();
    assert_eq!(fm.title.as_deref(), Some("River floods valley town"));
    assert_eq!(fm.outlet.as_deref(), Some("The Valley Courier"));
    assert_eq!(fm.author.as_deref(), Some("Ana Ruiz"));
    assert_eq!(fm.published.as_deref(), Some("2023-09-12"));
    // The page's canonical address, not the one it was fetched from.
    assert_eq!(fm.url.as_deref(), Some("https://courier.example/river"));
    assert_eq!(fm.snapshot.as_deref(), Some(snapshot.as_str()));
    assert_eq!(fm.extractor.as_deref(), Some(crate::extract::EXTRACTOR));
    let fetched = fm.fetched.unwrap();
    assert!(humantime::parse_rfc3339(&fetched).is_ok(), "{fetched}");
    let article = crate::extract::extract_page(&served).unwrap();
    let body: String = text.chars().skip(at).collect();
    assert_eq!(body, format!("{}\n", article.text));
    assert!(text.starts_with("---\ntitle: River floods valley town\n"));

    // Again, by the address it was fetched from or its canonical one.
    for again in [url.clone(), "https://courier.example/river".to_owned()] {
        match add_url(corpus.path(), &again, &opts()) {
            Err(AddError::AlreadyAdded { path, .. }) => assert_eq!(path, added.path),
            other => panic!("{other:?}"),
        }
    }
    // A page with the same headline gets the next name.
    let second = add_url(corpus.path(), &format!("{base}/news-again"), &opts()).unwrap();
    assert_eq!(second.path, Path::new(&format!("{name}-2.txt")));
    assert_eq!(
        second.snapshot.as_deref(),
        Some(Path::new(&format!(".snapshots/{name}-2.html")))
    );
    assert_eq!(
        listing(corpus.path()).len(),
        5,
        "{:?}",
        listing(corpus.path())
    );
}

#[test]
fn a_redirect_is_followed_and_the_final_address_recorded() {
    let base = server();
    let corpus = tempfile::tempdir().unwrap();
    let added = add_url(corpus.path(), &format!("{base}/moved"), &opts()).unwrap();
    let text = std::fs::read_to_string(corpus.path().join(&added.path)).unwrap();
    let (fm, _) = split_front_matter(&text).unwrap();
    assert_eq!(fm.url, Some(format!("{base}/plain")));
    // A fragment is not sent; an address with a space in it is encoded.
    assert!(fetch(&format!("{base}/plain#top"), &opts()).is_ok());
    assert!(matches!(
        fetch(&format!("{base}/no such page"), &opts()),
        Err(FetchError::Status(404))
    ));
    let fetched = fetch(&format!("{base}/moved"), &opts()).unwrap();
    assert_eq!(fetched.final_url, format!("{base}/plain"));
    assert_eq!(
        fetched.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
}

#[test]
fn failures_are_told_and_leave_nothing_behind() {
    let base = server();
    let corpus = tempfile::tempdir().unwrap();
    let root = corpus.path();

    let err = add_url(root, &format!("{base}/missing"), &opts()).unwrap_err();
    assert!(
        matches!(
            &err,
            AddError::Fetch {
                source: FetchError::Status(404),
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("cannot fetch {base}/missing: the server answered 404 Not Found")
    );

    let started = std::time::Instant::now();
    let err = add_url(root, &format!("{base}/slow"), &opts()).unwrap_err();
    assert!(
        matches!(
            &err,
            AddError::Fetch {
                source: FetchError::Timeout(_),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().ends_with("timed out after 1 s"), "{err}");
    assert!(started.elapsed() < Duration::from_millis(2500));

    let err = add_url(root, &format!("{base}/image"), &opts()).unwrap_err();
    assert!(
        matches!(&err, AddError::NotAPage { content_type, .. } if content_type == "image/png"),
        "{err:?}"
    );

    let err = add_url(root, &format!("{base}/login"), &opts()).unwrap_err();
    assert!(matches!(&err, AddError::NoArticle { .. }), "{err:?}");
    assert!(err.to_string().contains("no article found"), "{err}");

    for huge in ["/huge", "/huge-stream"] {
        let err = add_url(root, &format!("{base}{huge}"), &opts()).unwrap_err();
        assert!(
            matches!(
                &err,
                AddError::Fetch {
                    source: FetchError::TooLarge { limit: 65536 },
                    ..
                }
            ),
            "{huge}: {err:?}"
        );
    }

    // Nobody listens on a port just freed.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = add_url(root, &format!("http://127.0.0.1:{port}/"), &opts()).unwrap_err();
    assert!(
        matches!(
            &err,
            AddError::Fetch {
                source: FetchError::Connect { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("cannot connect to 127.0.0.1"),
        "{err}"
    );

    let err = add_url(root, "ftp://example.org/x", &opts()).unwrap_err();
    assert!(
        matches!(
            &err,
            AddError::Fetch {
                source: FetchError::Scheme(_),
                ..
            }
        ),
        "{err:?}"
    );

    assert_eq!(listing(root), Vec::<String>::new());
}

#[test]
fn a_pdf_is_saved_as_it_came() {
    let base = server();
    let corpus = tempfile::tempdir().unwrap();
    let added = add_item(corpus.path(), &format!(" {base}/report.pdf "), &opts()).unwrap();
    assert_eq!(added.path, Path::new("report.pdf"));
    assert_eq!(added.snapshot, None);
    assert_eq!(
        std::fs::read(corpus.path().join("report.pdf")).unwrap(),
        PDF
    );
    let again = add_url(corpus.path(), &format!("{base}/report.pdf"), &opts()).unwrap();
    assert_eq!(again.path, Path::new("report-2.pdf"));
    assert_eq!(listing(corpus.path()), ["report-2.pdf", "report.pdf"]);
}

#[test]
fn a_missing_corpus_folder_is_refused_before_fetching() {
    let dir = tempfile::tempdir().unwrap();
    let err = add_url(&dir.path().join("nope"), "http://127.0.0.1:9/", &opts()).unwrap_err();
    assert!(matches!(err, AddError::Io { .. }), "{err:?}");
}

#[test]
fn files_are_copied_under_their_own_names() {
    let corpus = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let root = corpus.path();
    let page = outside.path().join("River.html");
    let served = news_page("River floods valley town", None);
    std::fs::write(&page, &served).unwrap();
    let notes = outside.path().join("notes.txt");
    std::fs::write(&notes, "Some notes.\n").unwrap();
    let data = outside.path().join("rows.JSONL");
    std::fs::write(&data, "{\"text\": \"a\"}\n").unwrap();

    let added = add_file(root, &page).unwrap();
    assert_eq!(added.path, Path::new("River.html"));
    assert_eq!(added.title, "River floods valley town");
    assert_eq!(
        std::fs::read_to_string(root.join("River.html")).unwrap(),
        served
    );
    let again = add_item(root, page.to_str().unwrap(), &opts()).unwrap();
    assert_eq!(again.path, Path::new("River-2.html"));

    assert_eq!(add_file(root, &notes).unwrap().title, "Some notes.");
    assert_eq!(
        add_file(root, &notes).unwrap().path,
        Path::new("notes-2.txt")
    );
    assert_eq!(add_file(root, &data).unwrap().path, Path::new("rows.JSONL"));
    assert_eq!(
        listing(root),
        [
            "River-2.html",
            "River.html",
            "notes-2.txt",
            "notes.txt",
            "rows.JSONL"
        ]
    );
}

#[test]
fn files_that_cannot_be_added_are_refused() {
    let corpus = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let root = corpus.path();

    let inside = root.join("a.txt");
    std::fs::write(&inside, "text").unwrap();
    let err = add_file(root, &inside).unwrap_err();
    assert!(matches!(err, AddError::AlreadyInCorpus(_)), "{err:?}");

    let image = outside.path().join("photo.png");
    std::fs::write(&image, b"\x89PNG").unwrap();
    let err = add_file(root, &image).unwrap_err();
    assert!(
        matches!(&err, AddError::Unsupported { ext, .. } if ext == "png"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("photo.png: .png files cannot be added"),
        "{err}"
    );

    let login = outside.path().join("login.html");
    std::fs::write(&login, LOGIN).unwrap();
    let err = add_file(root, &login).unwrap_err();
    assert!(matches!(err, AddError::NoArticle { .. }), "{err:?}");

    let missing = outside.path().join("missing.txt");
    let err = add_item(root, missing.to_str().unwrap(), &opts()).unwrap_err();
    assert!(matches!(err, AddError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("missing.txt"), "{err}");

    #[cfg(unix)]
    {
        let fifo = outside.path().join("pipe.txt");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if status.is_ok_and(|s| s.success()) {
            let err = add_file(root, &fifo).unwrap_err();
            assert!(matches!(err, AddError::Io { .. }), "{err:?}");
        }
    }

    assert_eq!(listing(root), ["a.txt"]);
}
