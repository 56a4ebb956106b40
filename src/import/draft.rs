//! The annotations of another tool's files as they are read (drafts of
//! claims and evidence), matched against the corpus, and turned into a
//! plan. The readers (`brat.rs`, `doccano.rs`, `label_studio.rs`) fill a
//! [`Ctx`].

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::jsonl::{ClaimKey, MAX_LISTED_ERRORS, key_of};
use super::plan::*;
use crate::corpus::{Corpus, Document};
use crate::export::type_name;
use crate::project::{Claim, ClaimId, Edit, Evidence, Label, Project, Span, new_id, now_timestamp};

/// Colours for added labels, after the defaults' Okabe–Ito blue, vermillion
/// and yellow: the rest of that palette, then a few more.
pub(super) const PALETTE: [&str; 8] = [
    "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000", "#8c564b", "#7f7f7f", "#17becf",
];

/// Where a document of an import comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DocIx {
    Corpus(usize),
    New(usize),
}

pub(super) struct DraftEvidence {
    pub(super) span: Span,
    pub(super) relation: String,
    pub(super) annotator: String,
}

/// A claim as read, its labels still the file's.
pub(super) struct Draft {
    pub(super) span: Span,
    pub(super) label: Option<String>,
    pub(super) note: String,
    pub(super) annotator: String,
    /// The id a crosscheck export carried (brat notes), kept when free.
    pub(super) id: Option<String>,
    pub(super) evidence: Vec<DraftEvidence>,
}

/// Labels a file declares (brat's annotation.conf and visual.conf).
#[derive(Default)]
pub(super) struct Declared {
    pub(super) order: Vec<String>,
    pub(super) names: HashMap<String, String>,
    pub(super) colors: HashMap<String, String>,
}

pub(super) struct Ctx<'a> {
    pub(super) project: &'a Project,
    pub(super) corpus: &'a Corpus,
    pub(super) options: &'a ImportOptions,
    pub(super) by_text: Option<HashMap<&'a str, Vec<usize>>>,
    pub(super) new_docs: Vec<Document>,
    pub(super) problems: Vec<Problem>,
    pub(super) problem_count: usize,
    pub(super) notes: Vec<String>,
    pub(super) drafts: Vec<Draft>,
    pub(super) declared: Declared,
}

/// How a text in a file lines up with a document: offsets into the file's
/// text map to the document through `map` when the file has CRLF line ends
/// the corpus reading turned into LF.
pub(super) struct Matched {
    pub(super) doc: DocIx,
    pub(super) map: Option<Vec<usize>>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(
        project: &'a Project,
        corpus: &'a Corpus,
        options: &'a ImportOptions,
    ) -> Self {
        Self {
            project,
            corpus,
            options,
            by_text: None,
            new_docs: Vec::new(),
            problems: Vec::new(),
            problem_count: 0,
            notes: Vec::new(),
            drafts: Vec::new(),
            declared: Declared::default(),
        }
    }

    pub(super) fn problem(&mut self, file: &str, line: Option<usize>, reason: impl Into<String>) {
        self.problem_count += 1;
        if self.problems.len() < MAX_LISTED_ERRORS {
            self.problems.push(Problem {
                file: file.to_owned(),
                line,
                reason: reason.into(),
            });
        }
    }

    pub(super) fn failed(&self) -> bool {
        self.problem_count > 0
    }

    pub(super) fn doc(&self, ix: DocIx) -> &Document {
        match ix {
            DocIx::Corpus(i) => &self.corpus.documents[i],
            DocIx::New(i) => &self.new_docs[i],
        }
    }

    /// A document by id, in the corpus or among those this import adds.
    pub(super) fn doc_by_id(&self, id: &str) -> Option<DocIx> {
        self.corpus.position(id).map(DocIx::Corpus).or_else(|| {
            self.new_docs
                .iter()
                .position(|d| d.id == id)
                .map(DocIx::New)
        })
    }

    pub(super) fn docs_with_text(&mut self, text: &str) -> Vec<DocIx> {
        let corpus = self.corpus;
        let index = self.by_text.get_or_insert_with(|| {
            let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, doc) in corpus.documents.iter().enumerate() {
                index.entry(doc.text.as_str()).or_default().push(i);
            }
            index
        });
        let mut found: Vec<DocIx> = index
            .get(text)
            .map(|v| v.iter().map(|&i| DocIx::Corpus(i)).collect())
            .unwrap_or_default();
        found.extend(
            self.new_docs
                .iter()
                .enumerate()
                .filter(|(_, d)| d.text == text)
                .map(|(i, _)| DocIx::New(i)),
        );
        found
    }

    /// Finds the document a file's text belongs to: by `name` when the file
    /// names one, else by exact text (after crosscheck's newline rules);
    /// else plans it as a new document when the person asked for that.
    /// `fallback_name` is the id a new document gets when `name` is absent.
    pub(super) fn match_text(
        &mut self,
        name: Option<&str>,
        text: &str,
        fallback_name: &str,
    ) -> Result<Matched, String> {
        let (normal, map) = normalize(text);
        if let Some(name) = name
            && let Some(ix) = self.doc_by_id(name)
        {
            let doc = self.doc(ix);
            if doc.text == normal {
                return Ok(Matched { doc: ix, map });
            }
            return Err(format!(
                "the text differs from corpus document {name:?} {}",
                first_difference(&doc.text, &normal)
            ));
        }
        let found = self.docs_with_text(&normal);
        if let Some(&first) = found.first() {
            if found.len() > 1 {
                let ids: Vec<String> = found.iter().map(|&d| self.doc(d).id.clone()).collect();
                self.notes.push(format!(
                    "{} documents have the same text ({}); annotations went to {}",
                    ids.len(),
                    ids.join(", "),
                    ids[0]
                ));
            }
            return Ok(Matched { doc: first, map });
        }
        if !self.options.write_documents {
            let what = match name {
                Some(name) => format!("no corpus document {name:?} and none has this text"),
                None => "no corpus document has this text".to_owned(),
            };
            return Err(format!(
                "{what} ({:?}); pass --write-documents to add it to the corpus",
                shorten(&normal, 40)
            ));
        }
        let id = self.new_doc_id(name.unwrap_or(fallback_name))?;
        self.new_docs.push(Document::new(id, normal));
        Ok(Matched {
            doc: DocIx::New(self.new_docs.len() - 1),
            map,
        })
    }

    /// A safe, unused document id for a new document named `name`.
    pub(super) fn new_doc_id(&self, name: &str) -> Result<String, String> {
        let mut base = name.replace('\\', "/");
        if !crate::corpus::is_document_path(Path::new(&base)) {
            base.push_str(".txt");
        }
        if !crate::project::is_safe_doc_id(&base) {
            return Err(format!(
                "{name:?} cannot be used as a document file name in the corpus"
            ));
        }
        let (stem, ext) = base
            .rsplit_once('.')
            .map_or((base.as_str(), "txt"), |(s, e)| (s, e));
        let mut id = base.clone();
        let mut n = 1;
        while self.doc_by_id(&id).is_some() {
            n += 1;
            id = format!("{stem}~{n}.{ext}");
        }
        Ok(id)
    }

    /// The span `start..end` of the file's text `text` (matched to `m`),
    /// checked against `quote` when the file gives one. UTF-16 offsets are
    /// converted when only they fit (see the module docs); `utf16` forces
    /// them (a line where another span proved them).
    pub(super) fn span(
        &mut self,
        m: &Matched,
        text: &str,
        (start, end): (usize, usize),
        quote: Option<&str>,
        utf16: bool,
        place: &str,
    ) -> Result<Span, String> {
        let (start, end) = locate(text, start, end, quote, utf16, place, &mut self.notes)?;
        let (start, end) = match &m.map {
            Some(map) => (map[start], map[end]),
            None => (start, end),
        };
        let doc = self.doc(m.doc);
        Span::from_document(doc, start, end)
            .ok_or_else(|| format!("{start}..{end} is not a span of {:?}", doc.id))
    }

    pub(super) fn finish(self) -> Result<ToolPlan, ToolImportError> {
        if self.failed() {
            return Err(ToolImportError::Refused {
                problems: self.problems,
                count: self.problem_count,
            });
        }
        let project = self.project;
        // File labels to project label ids; crosscheck's brat and doccano
        // exports reduce ids to brat-safe type names, so those match back.
        let mut wanted: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        let mut want = |l: &str, wanted: &mut Vec<String>| {
            if seen.insert(l.to_owned()) {
                wanted.push(l.to_owned());
            }
        };
        for draft in &self.drafts {
            if let Some(l) = &draft.label {
                want(l, &mut wanted);
            }
            for e in &draft.evidence {
                want(&e.relation, &mut wanted);
            }
        }
        if self.options.add_labels {
            for l in &self.declared.order {
                want(l, &mut wanted);
            }
        }
        let mut mapping: HashMap<String, String> = HashMap::new();
        let mut unknown = Vec::new();
        for label in &wanted {
            match project_label(project, label) {
                Some(id) => {
                    mapping.insert(label.clone(), id);
                }
                None => unknown.push(label.clone()),
            }
        }
        if !self.options.add_labels && !unknown.is_empty() {
            return Err(ToolImportError::UnknownLabels(unknown));
        }
        let mut edits = Vec::new();
        let mut labels_added = Vec::new();
        let mut colors: HashSet<String> = project
            .labels()
            .iter()
            .map(|l| l.color.to_ascii_lowercase())
            .collect();
        for id in &unknown {
            let color = self
                .declared
                .colors
                .get(id)
                .filter(|c| is_hex_color(c))
                .cloned()
                .unwrap_or_else(|| {
                    PALETTE
                        .iter()
                        .find(|c| !colors.contains(**c))
                        .unwrap_or(&PALETTE[labels_added.len() % PALETTE.len()])
                        .to_string()
                });
            colors.insert(color.to_ascii_lowercase());
            let name = self.declared.names.get(id).unwrap_or(id);
            edits.push(Edit::AddLabel {
                index: project.labels().len() + labels_added.len(),
                label: Label::new(id, name, &color, None),
            });
            mapping.insert(id.clone(), id.clone());
            labels_added.push(id.clone());
        }
        let map = |l: &str| mapping.get(l).cloned().unwrap_or_else(|| l.to_owned());

        let now = now_timestamp();
        let mut keys: HashSet<ClaimKey> = project.claims().iter().map(key_of).collect();
        let mut ids: HashSet<String> = HashSet::new();
        let (mut claims, mut evidence_count, mut duplicates) = (0, 0, 0);
        for draft in self.drafts {
            let mut claim = Claim::new(
                draft.span,
                draft.label.as_deref().map(map),
                &draft.annotator,
                &now,
            );
            claim.note = draft.note;
            let key = key_of(&claim);
            // A claim id the file carries (crosscheck's brat export) says
            // which claim this is better than its span does: two annotators'
            // claims on one span stay two even though brat lost who made
            // them, and importing the same export again adds nothing.
            match draft.id.filter(|id| !id.is_empty()) {
                Some(id) => {
                    if project.claims().contains(&ClaimId(id.clone())) || !ids.insert(id.clone()) {
                        duplicates += 1;
                        continue;
                    }
                    keys.insert(key);
                    claim.id = ClaimId(id);
                }
                None => {
                    if !keys.insert(key) {
                        duplicates += 1;
                        continue;
                    }
                    claim.id = fresh_claim_id(project, &mut ids);
                }
            }
            let mut links = HashSet::new();
            for e in draft.evidence {
                let relation = map(&e.relation);
                if !links.insert((
                    e.span.doc.clone(),
                    e.span.start,
                    e.span.end,
                    relation.clone(),
                )) {
                    continue;
                }
                claim.evidence.push(Evidence {
                    id: new_id("e"),
                    span: e.span,
                    relation,
                    annotator: e.annotator,
                    created: now.clone(),
                });
            }
            evidence_count += claim.evidence.len();
            claims += 1;
            edits.push(Edit::AddClaim(Box::new(claim)));
        }
        Ok(ToolPlan {
            edit: Edit::Batch(edits),
            claims,
            evidence: evidence_count,
            duplicates,
            labels_added,
            new_documents: self
                .new_docs
                .into_iter()
                .map(|d| NewDocument {
                    id: d.id,
                    text: d.text,
                })
                .collect(),
            notes: self.notes,
        })
    }
}

pub(super) fn fresh_claim_id(project: &Project, ids: &mut HashSet<String>) -> ClaimId {
    loop {
        let id = new_id("c");
        if !project.claims().contains(&ClaimId(id.clone())) && ids.insert(id.clone()) {
            return ClaimId(id);
        }
    }
}

/// The project's label for a file's label: the same id, or the id whose
/// brat type name it is.
pub(super) fn project_label(project: &Project, label: &str) -> Option<String> {
    if project.label(label).is_some() {
        return Some(label.to_owned());
    }
    let mut matches = project
        .labels()
        .iter()
        .filter(|l| type_name(&l.id) == label);
    match (matches.next(), matches.next()) {
        (Some(l), None) => Some(l.id.clone()),
        _ => None,
    }
}

pub(super) fn is_hex_color(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// What a type in doccano or brat (or a Label Studio label) means:
/// crosscheck's exports write `Claim_<label>` (plain `Claim` for no label)
/// and `Evidence_<relation>`; any other type is a claim label of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Claim(Option<String>),
    Evidence(Option<String>),
}

pub(super) fn kind_of(kind: &str) -> Kind {
    if kind == "Claim" {
        return Kind::Claim(None);
    }
    if kind == "Evidence" {
        return Kind::Evidence(None);
    }
    if let Some(label) = kind.strip_prefix("Claim_").filter(|l| !l.is_empty()) {
        return Kind::Claim(Some(label.to_owned()));
    }
    if let Some(label) = kind.strip_prefix("Evidence_").filter(|l| !l.is_empty()) {
        return Kind::Evidence(Some(label.to_owned()));
    }
    Kind::Claim(Some(kind.to_owned()))
}

/// `text` after crosscheck's newline rules (CRLF and lone CR become LF),
/// with a map from each code point offset of `text` to one of the result
/// when they differ.
pub(super) fn normalize(text: &str) -> (String, Option<Vec<usize>>) {
    if !text.contains('\r') {
        return (text.to_owned(), None);
    }
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut chars = text.chars().peekable();
    let mut n = 0;
    while let Some(c) = chars.next() {
        map.push(n);
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
                // The LF of a CRLF pair maps to the same newline.
                map.push(n);
            }
            out.push('\n');
        } else {
            out.push(c);
        }
        n += 1;
    }
    map.push(n);
    (out, Some(map))
}

/// "at line L, column C (the corpus has "…", the file "…")" for the first
/// place two texts differ.
pub(super) fn first_difference(corpus: &str, file: &str) -> String {
    let (mut line, mut col) = (1, 1);
    let mut a = corpus.chars();
    let mut b = file.chars();
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => {
                if x == '\n' {
                    line += 1;
                    col = 1;
                } else {
                    col += 1;
                }
            }
            (x, y) => {
                let show = |c: Option<char>, rest: std::str::Chars| match c {
                    Some(c) => format!("{:?}", shorten(&format!("{c}{}", rest.as_str()), 20)),
                    None => "its end".to_owned(),
                };
                return format!(
                    "at line {line}, column {col} (the corpus has {}, the file {})",
                    show(x, a),
                    show(y, b)
                );
            }
        }
    }
}

/// Code point offsets for `start..end` of `text`. With a `quote`, the text at
/// code point offsets must be it, or else the text at UTF-16 offsets (then
/// converted, and a note says so). Without one, UTF-16 is only assumed when
/// `utf16` says another span of the same text proved it, or the span ends
/// past the text in code points but not in UTF-16 units.
pub(super) fn locate(
    text: &str,
    start: usize,
    end: usize,
    quote: Option<&str>,
    utf16: bool,
    place: &str,
    notes: &mut Vec<String>,
) -> Result<(usize, usize), String> {
    if start >= end {
        return Err(format!(
            "start {start} must be less than end {end} (offsets are code points, end exclusive)"
        ));
    }
    let len = text.chars().count();
    let cp = slice_chars(text, start, end);
    let from_utf16 = || -> Option<(usize, usize)> {
        Some((utf16_to_char(text, start)?, utf16_to_char(text, end)?))
    };
    let converted = |notes: &mut Vec<String>, (s, e): (usize, usize)| {
        notes.push(format!(
            "{place}: offsets {start}..{end} were UTF-16 code units; converted to code points {s}..{e}"
        ));
        Ok((s, e))
    };
    match quote {
        Some(quote) => {
            if !utf16 && cp == Some(quote) {
                return Ok((start, end));
            }
            if let Some((s, e)) = from_utf16()
                && slice_chars(text, s, e) == Some(quote)
            {
                if (s, e) == (start, end) {
                    return Ok((s, e));
                }
                return converted(notes, (s, e));
            }
            if utf16 && cp == Some(quote) {
                return Ok((start, end));
            }
            Err(format!(
                "the text at {start}..{end} is {}, not {:?}, whether the offsets are counted in code points or in UTF-16 units",
                cp.map_or_else(
                    || "past the end of the text".to_owned(),
                    |t| format!("{:?}", shorten(t, 60))
                ),
                shorten(quote, 60)
            ))
        }
        None if utf16 || end > len => match from_utf16() {
            Some(pair) if pair != (start, end) => converted(notes, pair),
            Some(pair) => Ok(pair),
            None => Err(format!(
                "{start}..{end} is past the end of the text ({len} code points, {} UTF-16 units)",
                text.encode_utf16().count()
            )),
        },
        None => Ok((start, end)),
    }
}

/// Whether the spans of one text prove UTF-16 offsets: one of them ends past
/// the text in code points but within it in UTF-16 units.
pub(super) fn proves_utf16(text: &str, ends: impl IntoIterator<Item = usize>) -> bool {
    let len = text.chars().count();
    ends.into_iter()
        .any(|end| end > len && utf16_to_char(text, end).is_some())
}

pub(super) fn slice_chars(text: &str, start: usize, end: usize) -> Option<&str> {
    let mut indices = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let s = indices.nth(start)?;
    let e = if end == start {
        s
    } else {
        indices.nth(end - start - 1)?
    };
    text.get(s..e)
}

/// The code point index at UTF-16 offset `units`; `None` past the end or
/// inside a surrogate pair.
pub(super) fn utf16_to_char(text: &str, units: usize) -> Option<usize> {
    let mut u = 0;
    for (i, c) in text.chars().enumerate() {
        if u == units {
            return Some(i);
        }
        if u > units {
            return None;
        }
        u += c.len_utf16();
    }
    (u == units).then(|| text.chars().count())
}

/// Long texts cut down for a message.
pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max).collect();
    short.push('…');
    short
}

/// The name a doccano or Label Studio row gives its document, from the
/// columns people (and crosscheck's own export) use for it.
pub(super) fn doc_name(fields: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    ["doc", "document", "filename", "file_name", "file", "path"]
        .iter()
        .find_map(|k| fields.get(*k).and_then(|v| v.as_str()))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_convert() {
        let text = "😀 ab";
        assert_eq!(utf16_to_char(text, 0), Some(0));
        assert_eq!(utf16_to_char(text, 1), None);
        assert_eq!(utf16_to_char(text, 2), Some(1));
        assert_eq!(utf16_to_char(text, 5), Some(4));
        assert_eq!(utf16_to_char(text, 6), None);
        let mut notes = Vec::new();
        assert_eq!(
            locate(text, 3, 5, Some("ab"), false, "x", &mut notes),
            Ok((2, 4))
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(
            locate(text, 2, 4, Some("ab"), false, "x", &mut notes),
            Ok((2, 4))
        );
        assert!(locate(text, 0, 1, Some("ab"), false, "x", &mut notes).is_err());
        assert_eq!(locate(text, 3, 5, None, false, "x", &mut notes), Ok((2, 4)));
    }

    #[test]
    fn newlines_map() {
        let (text, map) = normalize("a\r\nb\rc");
        assert_eq!(text, "a\nb\nc");
        assert_eq!(map.unwrap(), vec![0, 1, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_of("Claim"), Kind::Claim(None));
        assert_eq!(kind_of("Claim_agrees"), Kind::Claim(Some("agrees".into())));
        assert_eq!(kind_of("Evidence_x"), Kind::Evidence(Some("x".into())));
        assert_eq!(kind_of("PER"), Kind::Claim(Some("PER".into())));
    }

    #[test]
    fn differences_are_placed() {
        assert_eq!(
            first_difference("ab\ncd", "ab\nxd"),
            "at line 2, column 1 (the corpus has \"cd\", the file \"xd\")"
        );
    }
}
