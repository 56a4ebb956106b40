//! Reading a large project file in blocks, its claims parsed in parallel.
//!
//! A 100,000-claim project is about 100 MB of text. Read whole and parsed
//! on one core it took a second and held the text next to the project it
//! became. The files crosscheck writes put each claim in a block of its own
//! lines (`        (` … `        ),` at eight spaces; nothing inside a claim
//! is indented less, and strings never hold a raw newline), so the claims
//! can be cut apart without parsing them: the file is read a few megabytes
//! at a time, each block's complete claims are parsed on every core while
//! the block is hashed, and only the part of a claim cut by the block's end
//! is carried over. What is not in that layout, or does not parse, returns
//! `None` and is read whole by the ordinary path, which also says
//! where a broken file is broken.

use std::io::Read as _;
use std::path::Path;

use std::collections::BTreeSet;
use std::sync::Arc;

use sha2::Sha256;

#[cfg(test)]
use super::file_hash::FileHash;
use super::model::{Claim, ClaimId, Claims, Project};
use super::ron_read;

/// How much is read at a time: big enough that each block feeds both cores
/// with several pieces, small enough that little text is held at once.
const BLOCK: usize = 4 << 20;
/// Pieces of a block parsed as one task.
const PIECE: usize = 256 << 10;

const CLAIMS_OPEN: &[u8] = b"\n    claims: [\n";
const CLAIM_END: &[u8] = b"\n        ),\n";
const CLAIMS_CLOSE: &[u8] = b"    ],\n";

/// The project and the labels its claims use (`None` if a claim failed the
/// checks made while parsing; see [`super::soundness::claim_is_sound`]); `None`
/// for a file not in the layout this reader takes, to be read whole.
pub(super) type Streamed = Option<(Project, Option<BTreeSet<String>>)>;

/// What is given every byte read: the SHA-256 the journal names the file
/// by, or nothing where no journal is kept (`crosscheck export`, …).
pub(super) trait Digest {
    fn update(&mut self, bytes: &[u8]);
}

impl Digest for Sha256 {
    fn update(&mut self, bytes: &[u8]) {
        sha2::Digest::update(self, bytes);
    }
}

impl Digest for () {
    fn update(&mut self, _bytes: &[u8]) {}
}

/// Why the block reader stopped: the file could not be read at all.
pub(super) type ReadFailed = std::io::Error;

/// Reads `path`, giving `digest` every byte read.
pub(super) fn read(path: &Path, digest: &mut (impl Digest + Send)) -> Result<Streamed, ReadFailed> {
    read_with(path, BLOCK, PIECE, digest)
}

/// [`read`] with other sizes, so tests can cut a small file everywhere.
fn read_with(
    path: &Path,
    block: usize,
    piece: usize,
    digest: &mut (impl Digest + Send),
) -> Result<Streamed, ReadFailed> {
    let mut file = crate::input::open_within(path, crate::input::MAX_INPUT_BYTES)?;
    let mut pending: Vec<u8> = Vec::with_capacity(block * 2);
    // Reused for every block: fresh multi-megabyte buffers would each be a
    // new mapping to fault in.
    let mut next: Vec<u8> = Vec::with_capacity(block);

    // The head: everything up to and including the line opening the claims.
    let head_end = loop {
        if let Some(at) = find(&pending, CLAIMS_OPEN) {
            break at + CLAIMS_OPEN.len();
        }
        // A file without claims, or not in this layout, is small or not
        // ours; it is read whole by the caller.
        next_block(&mut file, digest, &mut next, block)?;
        if next.is_empty() {
            return Ok(None);
        }
        pending.extend_from_slice(&next);
    };
    let mut head = pending[..head_end - b"[\n".len()].to_vec();
    pending.drain(..head_end);

    let mut claims: Vec<Vec<Entry>> = Vec::new();
    let mut used = Some(BTreeSet::new());
    loop {
        // Claims lines are indented at least eight spaces, so the list's
        // closing line (four) cannot occur inside them.
        let close = if pending.starts_with(CLAIMS_CLOSE) {
            Some(0)
        } else {
            find(&pending, &[b"\n", CLAIMS_CLOSE].concat()).map(|at| at + 1)
        };
        let complete = match close {
            Some(at) => at,
            None => rfind(&pending, CLAIM_END).map_or(0, |at| at + CLAIM_END.len()),
        };
        // The next block is read and hashed while this one is parsed.
        let (parsed, read) = rayon::join(
            || parse_claims(&pending[..complete], piece),
            || match close {
                Some(_) => Ok(()),
                None => next_block(&mut file, digest, &mut next, block),
            },
        );
        let Some(parsed) = parsed else {
            return Ok(None);
        };
        for piece in parsed {
            claims.push(piece.entries);
            match (&mut used, piece.labels) {
                (Some(all), Some(labels)) => all.extend(labels),
                _ => used = None,
            }
        }
        pending.drain(..complete);
        if close.is_some() {
            break;
        }
        read?;
        if next.is_empty() {
            // The file ended inside the claims list.
            return Ok(None);
        }
        pending.extend_from_slice(&next);
    }
    // The rest of the file is the list's closing line and the fields after
    // it: small, read whole.
    let hashed = pending.len();
    file.read_to_end(&mut pending)?;
    digest.update(&pending[hashed..]);
    head.extend_from_slice(b"[],\n");
    head.extend_from_slice(&pending[CLAIMS_CLOSE.len()..]);
    let Ok(head) = std::str::from_utf8(&head) else {
        return Ok(None);
    };
    let head = head.strip_prefix('\u{feff}').unwrap_or(head);
    let Ok(mut project) = ron_read::from_str::<Project>(head) else {
        return Ok(None);
    };
    let Some(all) = Claims::from_entries(claims.into_iter().flatten().collect()) else {
        // The same id twice: the ordinary path says which.
        return Ok(None);
    };
    project.claims = all;
    Ok(Some((project, used)))
}

/// Reads the next block of the file into `buffer`, given to `digest`;
/// empty at the end of the file.
fn next_block(
    file: &mut std::fs::File,
    digest: &mut impl Digest,
    buffer: &mut Vec<u8>,
    block: usize,
) -> Result<(), ReadFailed> {
    buffer.clear();
    file.by_ref().take(block as u64).read_to_end(buffer)?;
    digest.update(&buffer[..]);
    Ok(())
}

/// The claims in `text` (whole claims, each followed by `,\n`), parsed in
/// pieces on every core; `None` when any piece is not in the fast subset.
fn parse_claims(text: &[u8], piece: usize) -> Option<Vec<Piece>> {
    let text = std::str::from_utf8(text).ok()?;
    let pieces = split_pieces(text, piece);
    let parsed: Vec<Option<Piece>> = {
        use rayon::prelude::*;
        pieces.par_iter().map(|p| parse_piece(p)).collect()
    };
    parsed.into_iter().collect()
}

/// A claim as the project's map holds it, made on the thread that parsed
/// it: moving 100,000 claims into place afterwards would copy them all.
type Entry = (ClaimId, Arc<Claim>);

/// The claims of a piece, and the labels they use (`None` if one of them
/// failed [`super::soundness::claim_is_sound`]).
struct Piece {
    entries: Vec<Entry>,
    labels: Option<Vec<String>>,
}

fn parse_piece(text: &str) -> Option<Piece> {
    // Each claim goes into its `Arc` as it is read: a list of claims
    // first would be a second copy, freed among the strings that stay.
    let mut entries = Vec::with_capacity(text.len() / 512);
    let mut labels = Some(Vec::new());
    ron_read::claims_from_str(text, &mut |claim| {
        // Checked here, while the claim is in the cache: walking 100,000
        // claims again afterwards was mostly cache misses.
        match &mut labels {
            Some(seen) if super::soundness::claim_is_sound(&claim) => {
                for label in claim.labels_used() {
                    if !seen.iter().any(|s| s == label) {
                        seen.push(label.to_owned());
                    }
                }
            }
            _ => labels = None,
        }
        entries.push((claim.id.clone(), Arc::new(claim)));
    })
    .ok()?;
    Some(Piece { entries, labels })
}

/// `text` cut after claim ends into pieces of about `size` bytes.
fn split_pieces(text: &str, size: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while rest.len() > size {
        let Some(at) = find(&rest.as_bytes()[size..], CLAIM_END) else {
            break;
        };
        let cut = size + at + CLAIM_END.len();
        pieces.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    if !rest.is_empty() {
        pieces.push(rest);
    }
    pieces
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The project as a file holds it (what `file::to_ron` writes; named
    /// here without `file.rs`, which reads through this module).
    fn to_ron(project: &Project) -> Result<String, String> {
        crate::project::ron_write::project_text(project, crate::project::ron_write::Layout::PROJECT)
            .map_err(|e| e.to_string())
    }

    fn streamed(text: &str, block: usize, piece: usize) -> Option<(Project, FileHash)> {
        streamed_checked(text, block, piece).map(|(project, hash, _)| (project, hash))
    }

    fn streamed_checked(
        text: &str,
        block: usize,
        piece: usize,
    ) -> Option<(Project, FileHash, Option<BTreeSet<String>>)> {
        let dir = tempfile::tempdir().ok()?;
        let path = dir.path().join("p.ron");
        std::fs::write(&path, text).ok()?;
        let mut hasher = Sha256::default();
        let (project, used) = read_with(&path, block, piece, &mut hasher).ok()??;
        Some((project, FileHash::from_hasher(hasher), used))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Cut anywhere, a file crosscheck wrote reads back as the project
        /// it was, hashed as one piece would be.
        #[test]
        fn any_cut_reads_the_project_written(
            project in crate::project::ron_write::tests::project(),
            block in 1usize..300,
            piece in 1usize..400,
        ) {
            let text = to_ron(&project).unwrap();
            match streamed(&text, block, piece) {
                Some((read, hash)) => {
                    prop_assert_eq!(read, project);
                    prop_assert_eq!(hash, FileHash::of(text.as_bytes()));
                }
                // Only a file without claims has no claims list to cut.
                None => prop_assert!(project.claims().is_empty()),
            }
        }
    }

    fn sample() -> String {
        let mut project = Project::new(".");
        for (i, doc) in ["a.txt", "b.txt"].iter().enumerate() {
            let span = crate::project::Span {
                doc: (*doc).into(),
                start: i,
                end: i + 3,
                quote: "abc".into(),
                prefix: String::new(),
                suffix: "\n    ],\n".into(),
                detached: false,
            };
            let mut claim = Claim::new(span, Some("agrees".into()), "Ana", "t");
            claim.id = ClaimId(format!("c{i}"));
            project.claims.insert(claim);
        }
        project.guidelines = "\n        ),\n    ],\n".into();
        to_ron(&project).unwrap()
    }

    #[test]
    fn a_file_not_in_the_layout_is_left_to_the_whole_file_reader() {
        let text = sample();
        assert!(streamed(&text, 7, 5).is_some());
        // Line ends changed by a checkout, a comment, a torn file, the same
        // claim twice: each is read whole (and reported) by `file.rs`.
        assert!(streamed(&text.replace('\n', "\r\n"), 7, 5).is_none());
        let commented = text.replacen("        (\n", "        // mine\n        (\n", 1);
        assert!(streamed(&commented, 7, 5).is_none());
        let torn = &text[..text.find("c1").unwrap()];
        assert!(streamed(torn, 7, 5).is_none());
        assert!(streamed(&text.replace("\"c1\"", "\"c0\""), 7, 5).is_none());
    }

    #[test]
    fn the_labels_claims_use_are_gathered_and_a_broken_claim_is_reported() {
        let text = sample();
        let (_, _, used) = streamed_checked(&text, 7, 5).unwrap();
        assert_eq!(used, Some(BTreeSet::from(["agrees".to_string()])));
        // The reader does not judge; `file.rs` runs the whole check and
        // says what is wrong.
        let escaped = text.replace("doc: \"b.txt\"", "doc: \"../b.txt\"");
        let (_, _, used) = streamed_checked(&escaped, 7, 5).unwrap();
        assert_eq!(used, None);
        let empty = text.replace("start: 1,", "start: 4,");
        let (_, _, used) = streamed_checked(&empty, 7, 5).unwrap();
        assert_eq!(used, None);
    }

    #[test]
    fn a_byte_order_mark_is_read_over() {
        let text = format!("\u{feff}{}", sample());
        let (project, hash) = streamed(&text, 64, 64).unwrap();
        assert_eq!(project.claims().len(), 2);
        assert_eq!(hash, FileHash::of(text.as_bytes()));
    }
}
