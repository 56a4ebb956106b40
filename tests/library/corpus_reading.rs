//! Reading hostile corpus folders: every kind of file ends up either as a
//! document with the right text or in the skipped list with a reason.

use std::fs;
use std::path::Path;

use crosscheck::corpus::{Corpus, SkipReason};

fn write(dir: &Path, rel: &str, bytes: &[u8]) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn reason_of<'a>(corpus: &'a Corpus, path: &str) -> Option<&'a SkipReason> {
    corpus
        .skipped
        .iter()
        .find(|s| s.path == path)
        .map(|s| &s.reason)
}

#[test]
fn decodes_and_skips_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "bom.txt", b"\xEF\xBB\xBFwith bom");
    write(root, "crlf.txt", b"line one\r\nline two\r\n");
    write(root, "cr.md", b"old mac\rline");
    write(
        root,
        "legacy.txt",
        b"Le ministre a d\xe9clar\xe9 que la s\xe9curit\xe9 \xe9tait \xab garantie \xbb \x96 selon lui.",
    );
    write(
        root,
        "binary.txt",
        &(1u8..31).cycle().take(2000).collect::<Vec<_>>(),
    );
    write(root, "nul.txt", b"text\0more");
    write(root, "empty.txt", b"");
    write(
        root,
        "nested/Überschrift/ñandú 東京.md",
        "Grüße aus 東京".as_bytes(),
    );
    write(root, "image.png", b"\x89PNG\r\n");
    write(root, ".git/config.txt", b"hidden folders are not corpus");

    let corpus = Corpus::open(root).unwrap();
    let text = |id: &str| corpus.get(id).map(|d| d.text.as_str());

    assert_eq!(text("bom.txt"), Some("with bom"));
    assert_eq!(text("crlf.txt"), Some("line one\nline two\n"));
    assert_eq!(text("cr.md"), Some("old mac\nline"));
    let legacy = corpus.get("legacy.txt").unwrap();
    assert_eq!(legacy.encoding, Some("windows-1252"));
    assert!(
        legacy
            .text
            .contains("déclaré que la sécurité était « garantie » – selon")
    );
    assert_eq!(text("empty.txt"), Some(""));
    assert_eq!(
        text("nested/Überschrift/ñandú 東京.md"),
        Some("Grüße aus 東京")
    );

    assert_eq!(reason_of(&corpus, "binary.txt"), Some(&SkipReason::Binary));
    assert_eq!(reason_of(&corpus, "nul.txt"), Some(&SkipReason::NulBytes));
    assert_eq!(reason_of(&corpus, "image.png"), Some(&SkipReason::NotText));
    assert!(corpus.get(".git/config.txt").is_none());
    assert!(reason_of(&corpus, ".git/config.txt").is_none());

    // Documents are sorted by id and carry a SHA-256 of their text.
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    assert_eq!(corpus.get("empty.txt").unwrap().hash.len(), 64);
}

#[test]
fn project_file_is_not_a_document() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"article");
    write(dir.path(), "crosscheck.ron", b"(format_version: 1)");
    let corpus = Corpus::open(dir.path()).unwrap();
    assert_eq!(corpus.documents.len(), 1);
    assert!(corpus.get("crosscheck.ron").is_none());
}

#[test]
fn too_large_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let big = vec![b'a'; (crosscheck::corpus::MAX_FILE_BYTES + 1) as usize];
    write(dir.path(), "big.txt", &big);
    let corpus = Corpus::open(dir.path()).unwrap();
    assert!(matches!(
        reason_of(&corpus, "big.txt"),
        Some(SkipReason::TooLarge { .. })
    ));
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sub/a.txt", b"inside");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let corpus = Corpus::open(dir.path()).unwrap();
    assert!(corpus.get("sub/a.txt").is_some());
    assert_eq!(corpus.documents.len(), 1);
    assert!(
        corpus
            .skipped
            .iter()
            .any(|s| s.reason == SkipReason::SymlinkLoop),
        "{:?}",
        corpus.skipped
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "secret.txt", b"no");
    let path = dir.path().join("secret.txt");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        return; // running as root: permissions do not apply
    }
    let corpus = Corpus::open(dir.path()).unwrap();
    assert!(matches!(
        reason_of(&corpus, "secret.txt"),
        Some(SkipReason::Unreadable(_))
    ));
}

#[test]
fn missing_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = Corpus::open(&dir.path().join("nope")).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
}

#[test]
fn seeds_are_the_shipped_corpus() {
    let corpus = Corpus::open(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))).unwrap();
    assert_eq!(corpus.documents.len(), 4);
    assert!(corpus.skipped.is_empty());
    assert!(corpus.documents.iter().all(|d| !d.title.is_empty()));
}

#[cfg(unix)]
#[test]
fn links_out_of_the_corpus_are_skipped_and_links_within_are_read() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    write(&tmp.path().join("outside"), "secret.txt", b"the secret");
    write(
        &tmp.path().join("outside"),
        "more/notes.md",
        b"more secrets",
    );
    write(&root, "sub/a.txt", b"inside");
    // Out: a folder link (like corpus/etc_link -> /etc) and a file link.
    symlink(tmp.path().join("outside"), root.join("etc_link")).unwrap();
    symlink("../outside/secret.txt", root.join("leak.txt")).unwrap();
    symlink("/etc", root.join("system")).unwrap();
    // In: a file link and a folder link that stay below the corpus folder.
    symlink("sub/a.txt", root.join("alias.txt")).unwrap();
    symlink("sub", root.join("sublink")).unwrap();

    let corpus = Corpus::open(&root).unwrap();
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["alias.txt", "sub/a.txt", "sublink/a.txt"]);
    assert!(corpus.documents.iter().all(|d| d.text == "inside"));
    for link in ["etc_link", "leak.txt", "system"] {
        assert_eq!(
            reason_of(&corpus, link),
            Some(&SkipReason::OutsideCorpus),
            "{link}: {:?}",
            corpus.skipped
        );
    }
    assert_eq!(corpus.skipped.len(), 3, "{:?}", corpus.skipped);
    assert_eq!(
        SkipReason::OutsideCorpus.to_string(),
        "links outside the corpus folder"
    );
}

#[cfg(unix)]
#[test]
fn a_corpus_folder_reached_through_a_link_reads_normally() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real");
    write(&real, "a.txt", b"text");
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let corpus = Corpus::open(&link).unwrap();
    assert!(corpus.get("a.txt").is_some());
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
}
