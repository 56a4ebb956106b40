//! brat standoff: per document `<name>.txt` (the text exactly as crosscheck
//! reads it, UTF-8) and `<name>.ann`, plus `annotation.conf` and
//! `visual.conf` at the top. brat (Python) reads .ann offsets as `str`
//! indices into the .txt, i.e. code points, the same as crosscheck's.
//!
//! Claims and evidence spans become `T` lines; an evidence link within one
//! document becomes an `R` line. brat has no way to relate spans of two
//! documents, so a cross-document link is written as an `AnnotatorNotes`
//! line on both ends naming the other document and offsets.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use super::common::{ExportError, Placed, place, span_type, type_name};
use crate::corpus::{Corpus, Document};
use crate::project::{Project, is_safe_doc_id};

/// One text-bound annotation of a document.
#[derive(Default)]
struct DocAnn {
    /// (start, end, type) -> T number, so a span linked from several claims
    /// is one entity.
    entities: BTreeMap<(usize, usize, String), usize>,
    order: Vec<(usize, usize, String)>,
    relations: Vec<(String, usize, usize)>,
    notes: BTreeMap<usize, Vec<String>>,
}

impl DocAnn {
    fn entity(&mut self, start: usize, end: usize, kind: String) -> usize {
        let next = self.order.len() + 1;
        let key = (start, end, kind);
        if let Some(&t) = self.entities.get(&key) {
            return t;
        }
        self.entities.insert(key.clone(), next);
        self.order.push(key);
        next
    }

    fn note(&mut self, t: usize, text: String) {
        self.notes.entry(t).or_default().push(text);
    }
}

/// The .txt name brat sees for a document: `a/b.txt` keeps its name, other
/// documents (`c.md`) get `.txt` appended (`c.md.txt`), since brat only
/// opens `.txt` files. The .ann is the same name with `.ann`.
fn base_name(doc_id: &str) -> String {
    doc_id.strip_suffix(".txt").unwrap_or(doc_id).to_owned()
}

/// Base names for every document, made unique (`a.md` and `a.md.txt` would
/// otherwise both be `a.md`).
pub(crate) fn base_names(corpus: &Corpus) -> Result<Vec<String>, ExportError> {
    let mut taken = BTreeSet::new();
    let mut names = Vec::with_capacity(corpus.len());
    for doc in corpus.documents.iter() {
        if !is_safe_doc_id(&doc.id) {
            return Err(ExportError::UnsafeDocId(doc.id.clone()));
        }
        let base = base_name(&doc.id);
        let mut name = base.clone();
        let mut n = 1;
        while !taken.insert(name.to_ascii_lowercase()) {
            n += 1;
            name = format!("{base}~{n}");
        }
        names.push(name);
    }
    Ok(names)
}

/// A note is one line in the .ann; line breaks in notes would end it.
fn one_line(text: &str) -> String {
    text.split(|c| c == '\t' || is_line_break(c))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What Python's `str.splitlines` (and so a reader of the .ann built on it,
/// like brat's `codecs`-based one) treats as the end of a line: not just
/// `\n`, but form feeds, U+2028 and a few more that real articles contain.
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `T` line offsets and text: spans are split at line breaks into fragments
/// (`0 5;6 10`) because the text field cannot contain a line break (see
/// [`is_line_break`]); brat joins fragment texts with a space. Empty
/// fragments are dropped. `None` when nothing but line breaks is left.
fn fragments(doc: &Document, start: usize, end: usize) -> Option<(String, String)> {
    let text = doc.slice(start, end)?;
    let mut ranges = Vec::new();
    let mut texts = Vec::new();
    let mut pos = start;
    for piece in text.split(is_line_break) {
        let len = piece.chars().count();
        if len > 0 {
            ranges.push(format!("{} {}", pos, pos + len));
            texts.push(piece);
        }
        pos += len + 1;
    }
    (!ranges.is_empty()).then(|| (ranges.join(";"), texts.join(" ")))
}

/// (documents, files written, detached spans left out)
pub(super) fn write_folder(
    project: &Project,
    corpus: &Corpus,
    dir: &Path,
) -> Result<(usize, usize, usize), ExportError> {
    let names = base_names(corpus)?;
    let mut anns: Vec<DocAnn> = (0..corpus.len()).map(|_| DocAnn::default()).collect();
    let mut skipped = 0;

    for claim in project.claims().sorted() {
        let own = place(&claim.span, corpus);
        let own_doc = corpus.position(own.doc).filter(|_| !own.detached);
        let claim_t = own_doc.map(|i| {
            anns[i].entity(
                own.start,
                own.end,
                span_type("Claim", claim.label.as_deref()),
            )
        });
        if own_doc.is_none() {
            skipped += 1;
        }
        let mut claim_notes = vec![format!("claim {}", claim.id)];
        if !claim.note.is_empty() {
            claim_notes.push(format!("note: {}", one_line(&claim.note)));
        }
        for evidence in &claim.evidence {
            let ev: Placed = place(&evidence.span, corpus);
            let Some(j) = corpus.position(ev.doc).filter(|_| !ev.detached) else {
                skipped += 1;
                continue;
            };
            let ev_t = anns[j].entity(
                ev.start,
                ev.end,
                span_type("Evidence", Some(evidence.relation.as_str())),
            );
            match (own_doc, claim_t) {
                (Some(i), Some(t)) if i == j => {
                    anns[i]
                        .relations
                        .push((type_name(&evidence.relation), t, ev_t));
                }
                _ => {
                    claim_notes.push(format!(
                        "{} evidence in {} [{}:{}]",
                        evidence.relation, ev.doc, ev.start, ev.end
                    ));
                    anns[j].note(
                        ev_t,
                        format!(
                            "{} evidence for claim {} in {} [{}:{}]",
                            evidence.relation, claim.id, own.doc, own.start, own.end
                        ),
                    );
                }
            }
        }
        if let (Some(i), Some(t)) = (own_doc, claim_t) {
            anns[i].note(t, claim_notes.join("; "));
        }
    }

    let mut files = 0;
    for ((doc, name), ann) in corpus.documents.iter().zip(&names).zip(&anns) {
        let txt = dir.join(format!("{name}.txt"));
        if let Some(parent) = txt.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&txt, doc.text.as_bytes())?;
        fs::write(dir.join(format!("{name}.ann")), render_ann(doc, ann))?;
        files += 2;
    }
    fs::write(dir.join("annotation.conf"), annotation_conf(project))?;
    fs::write(dir.join("visual.conf"), visual_conf(project))?;
    files += 2;
    Ok((corpus.len(), files, skipped))
}

fn render_ann(doc: &Document, ann: &DocAnn) -> String {
    let mut out = String::new();
    // T numbers are assigned in first-seen order, but a span made only of
    // line breaks has no fragment to write; renumber so no id is skipped.
    let mut renumber: HashMap<usize, usize> = HashMap::new();
    for (i, (start, end, kind)) in ann.order.iter().enumerate() {
        let Some((offsets, text)) = fragments(doc, *start, *end) else {
            continue;
        };
        let t = renumber.len() + 1;
        renumber.insert(i + 1, t);
        let _ = writeln!(out, "T{t}\t{kind} {offsets}\t{text}");
    }
    let mut r = 0;
    for (kind, arg1, arg2) in &ann.relations {
        if let (Some(a), Some(b)) = (renumber.get(arg1), renumber.get(arg2)) {
            r += 1;
            let _ = writeln!(out, "R{r}\t{kind} Arg1:T{a} Arg2:T{b}");
        }
    }
    let mut n = 0;
    for (t, notes) in &ann.notes {
        if let Some(t) = renumber.get(t) {
            n += 1;
            let _ = writeln!(out, "#{n}\tAnnotatorNotes T{t}\t{}", notes.join(" | "));
        }
    }
    out
}

fn annotation_conf(project: &Project) -> String {
    let mut out = String::from("# Written by crosscheck.\n[entities]\nClaim\n");
    for label in project.labels() {
        let _ = writeln!(out, "{}", span_type("Claim", Some(label.id.as_str())));
    }
    for label in project.labels() {
        let _ = writeln!(out, "{}", span_type("Evidence", Some(label.id.as_str())));
    }
    out.push_str("\n[relations]\n");
    for label in project.labels() {
        let _ = writeln!(
            out,
            "{}\tArg1:<ENTITY>, Arg2:<ENTITY>",
            type_name(&label.id)
        );
    }
    // Claims and evidence may overlap (a claim can be evidence for another).
    out.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    out.push_str("\n[events]\n\n[attributes]\n");
    out
}

fn visual_conf(project: &Project) -> String {
    let mut out = String::from("[labels]\n");
    for label in project.labels() {
        let name = label.name.replace(['|', '\t', '\n'], " ");
        let _ = writeln!(
            out,
            "{} | {name}",
            span_type("Claim", Some(label.id.as_str()))
        );
        let _ = writeln!(
            out,
            "{} | Evidence: {name}",
            span_type("Evidence", Some(label.id.as_str()))
        );
    }
    out.push_str("\n[drawing]\n");
    for label in project.labels() {
        for kind in ["Claim", "Evidence"] {
            let _ = writeln!(
                out,
                "{}\tbgColor:{}",
                span_type(kind, Some(label.id.as_str())),
                label.color
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_split_at_newlines_and_drop_empty_pieces() {
        let doc = Document::new("a.txt", "ab\n\ncd\né\u{301}f\n");
        assert_eq!(
            fragments(&doc, 0, 10),
            Some(("0 2;4 6;7 10".to_owned(), "ab cd é\u{301}f".to_owned()))
        );
        assert_eq!(fragments(&doc, 2, 4), None);
        assert_eq!(
            fragments(&doc, 1, 5),
            Some(("1 2;4 5".to_owned(), "b c".to_owned()))
        );
        let doc = Document::new("b.txt", "page\u{c}two\u{2028}three");
        assert_eq!(
            fragments(&doc, 0, 14),
            Some(("0 4;5 8;9 14".to_owned(), "page two three".to_owned()))
        );
    }

    #[test]
    fn names_stay_unique() {
        let corpus = Corpus::from_parts(
            ".".into(),
            vec![
                Document::new("n.md", "x"),
                Document::new("n.md.txt", "y"),
                Document::new("d/a.txt", "z"),
            ],
            Vec::new(),
        );
        assert_eq!(base_names(&corpus).unwrap(), ["d/a", "n.md", "n.md~2"]);
    }
}
