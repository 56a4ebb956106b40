//! Importing annotations made in other tools: doccano JSON Lines, brat
//! standoff folders and Label Studio JSON exports (and crosscheck's own
//! pre-annotation lines, through [`import_jsonl`]).
//!
//! Every importer reads the whole input first and only then plans one
//! [`Edit::Batch`] (labels to add, then claims), so the window undoes an
//! import as one step and a refused file changes nothing. A problem in any
//! line, entity or task refuses the whole import, listing the first
//! [`MAX_LISTED_ERRORS`] with file, line and reason.
//!
//! Offsets: every tool documents code point offsets (Python `str` indices),
//! but some versions of the doccano and Label Studio front ends measured
//! UTF-16 code units. A span whose text matches only at UTF-16 offsets is
//! converted and the conversion is reported; a span that matches neither is
//! refused. Nothing is guessed silently.

mod brat;
mod doccano;
pub mod jsonl;
mod label_studio;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::corpus::{Corpus, Document};
use crate::export::type_name;
use crate::project::{Claim, ClaimId, Edit, Evidence, Label, Project, Span, new_id, now_timestamp};
use jsonl::{ClaimKey, MAX_LISTED_ERRORS, key_of};

pub use jsonl::{ImportError, ImportPlan, LineError, import_jsonl};

/// The tools whose files `crosscheck import --from` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    /// crosscheck's own pre-annotation JSON Lines.
    Crosscheck,
    Doccano,
    Brat,
    LabelStudio,
}

impl Tool {
    pub const ALL: [Tool; 4] = [
        Tool::Doccano,
        Tool::Brat,
        Tool::LabelStudio,
        Tool::Crosscheck,
    ];

    /// The name used on the command line (`--from label-studio`).
    pub fn name(self) -> &'static str {
        match self {
            Tool::Crosscheck => "crosscheck",
            Tool::Doccano => "doccano",
            Tool::Brat => "brat",
            Tool::LabelStudio => "label-studio",
        }
    }

    /// One line for a menu or `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Tool::Crosscheck => "crosscheck pre-annotation JSON Lines, one claim a line",
            Tool::Doccano => {
                "doccano sequence-labelling JSON Lines (label triples or entities), or a folder of them, one file per annotator"
            }
            Tool::Brat => "brat standoff folder: .txt and .ann files, annotation.conf",
            Tool::LabelStudio => {
                "Label Studio JSON export: tasks with annotations (and predictions)"
            }
        }
    }

    /// Whether the input is a folder (brat) rather than a file. doccano
    /// takes either.
    pub fn reads_folder(self) -> bool {
        matches!(self, Tool::Brat)
    }

    /// The extension a file dialog filters on.
    pub fn extension(self) -> &'static str {
        match self {
            Tool::LabelStudio => "json",
            _ => "jsonl",
        }
    }

    pub fn from_name(name: &str) -> Option<Tool> {
        Tool::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl std::fmt::Display for Tool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What the person chose besides the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Annotator for claims the file does not attribute to anyone; `None`
    /// means `import`.
    pub annotator: Option<String>,
    /// Add labels the project does not have instead of refusing.
    pub add_labels: bool,
    /// Label Studio: import `predictions` too (annotator = model version).
    pub predictions: bool,
    /// Texts that match no corpus document are planned as new documents
    /// ([`ToolPlan::new_documents`]) instead of refused.
    pub write_documents: bool,
}

impl ImportOptions {
    fn annotator(&self) -> &str {
        self.annotator
            .as_deref()
            .filter(|a| !a.is_empty())
            .unwrap_or("import")
    }
}

/// A document the import needs that the corpus does not have yet: write it
/// with [`write_new_documents`] before applying the plan's edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDocument {
    /// Path relative to the corpus root, with `/`.
    pub id: String,
    pub text: String,
}

/// What an import would do: apply `edit` (one [`Edit::Batch`]) to carry it
/// out; its inverse undoes the whole import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolPlan {
    pub edit: Edit,
    pub claims: usize,
    pub evidence: usize,
    /// Claims skipped because the project (or an earlier line) already has
    /// one with the same document, offsets, label and annotator.
    pub duplicates: usize,
    /// Label ids the edit adds.
    pub labels_added: Vec<String>,
    pub new_documents: Vec<NewDocument>,
    /// What the person should know: offsets converted from UTF-16,
    /// discontinuous brat entities joined, parts of the file not imported.
    pub notes: Vec<String>,
}

impl ToolPlan {
    /// One paragraph for the command line or the window.
    pub fn message(&self, from: &str) -> String {
        let mut text = format!(
            "{} and {} imported from {from}",
            count(self.claims, "claim", "claims"),
            count(self.evidence, "evidence link", "evidence links"),
        );
        if self.duplicates > 0 {
            let _ = write!(text, " ({} already there, skipped)", self.duplicates);
        }
        if !self.labels_added.is_empty() {
            let _ = write!(text, "; labels added: {}", self.labels_added.join(", "));
        }
        if !self.new_documents.is_empty() {
            let _ = write!(
                text,
                "; {} written into the corpus",
                count(self.new_documents.len(), "new document", "new documents")
            );
        }
        for note in self.notes.iter().take(MAX_LISTED_ERRORS) {
            text.push_str("\n  note: ");
            text.push_str(note);
        }
        if self.notes.len() > MAX_LISTED_ERRORS {
            let _ = write!(
                text,
                "\n  and {} more notes",
                self.notes.len() - MAX_LISTED_ERRORS
            );
        }
        text
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One reason the import was refused, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file, relative to what was imported (or its name).
    pub file: String,
    /// From 1; `None` when the problem is the whole file.
    pub line: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} line {line}: {}", self.file, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ToolImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Input(String),
    /// `problems` holds the first [`MAX_LISTED_ERRORS`]; `count` counts all.
    #[error("{}", refusal_message(.problems, *.count))]
    Refused {
        problems: Vec<Problem>,
        count: usize,
    },
    #[error(
        "labels this project does not have: {}; nothing was imported. Add them with --add-labels (in the window: \"Add labels the project lacks\"), or rename them in the file",
        .0.join(", ")
    )]
    UnknownLabels(Vec<String>),
    #[error(transparent)]
    Crosscheck(#[from] ImportError),
}

fn refusal_message(problems: &[Problem], count: usize) -> String {
    let plural = if count == 1 { "" } else { "s" };
    let mut text = format!("{count} problem{plural}; nothing was imported");
    for problem in problems {
        text.push_str("\n  ");
        text.push_str(&problem.to_string());
    }
    if count > problems.len() {
        let _ = write!(text, "\n  and {} more", count - problems.len());
    }
    text
}

/// The files of one import, read into memory.
#[derive(Clone, Debug, Default)]
pub struct Source {
    /// (name shown in messages, relative path inside a folder, text)
    pub files: Vec<SourceFile>,
    /// Whether the input was a folder (doccano: annotator = file name).
    pub folder: bool,
}

#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Relative to the folder imported, with `/`; the file name for a file.
    pub rel: String,
    pub bytes: Vec<u8>,
}

impl SourceFile {
    fn text(&self) -> Result<&str, Problem> {
        let text = std::str::from_utf8(&self.bytes).map_err(|e| Problem {
            file: self.rel.clone(),
            line: None,
            reason: format!("not UTF-8 ({e})"),
        })?;
        Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
    }
}

/// Reads what `tool` imports from `path`: a file, or for brat (and doccano)
/// every relevant file below a folder.
pub fn read_source(tool: Tool, path: &Path) -> Result<Source, ToolImportError> {
    let read = |p: &Path| {
        std::fs::read(p).map_err(|source| ToolImportError::Read {
            path: p.to_path_buf(),
            source,
        })
    };
    let meta = std::fs::metadata(path).map_err(|source| ToolImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        if tool == Tool::Brat {
            return Err(ToolImportError::Input(format!(
                "{} is a file; brat imports read a folder of .txt and .ann files",
                path.display()
            )));
        }
        let rel = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        return Ok(Source {
            files: vec![SourceFile {
                rel,
                bytes: read(path)?,
            }],
            folder: false,
        });
    }
    let wanted: &[&str] = match tool {
        Tool::Brat => &["txt", "ann", "conf"],
        Tool::Doccano => &["jsonl"],
        Tool::Crosscheck | Tool::LabelStudio => {
            return Err(ToolImportError::Input(format!(
                "{} is a folder; {tool} imports read one {} file",
                path.display(),
                tool.extension()
            )));
        }
    };
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(path)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        // brat's own .stats_cache and other hidden files are not data.
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.map_err(|e| ToolImportError::Input(format!("cannot read {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let ext = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if !ext.is_some_and(|e| wanted.contains(&e.as_str())) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(path)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        files.push(SourceFile {
            rel,
            bytes: read(entry.path())?,
        });
    }
    if files.is_empty() {
        return Err(ToolImportError::Input(format!(
            "{} has no {} files",
            path.display(),
            wanted.join(" or ")
        )));
    }
    Ok(Source {
        files,
        folder: true,
    })
}

/// Reads `path` and plans the import: [`read_source`] then [`plan_import`].
pub fn import_path(
    project: &Project,
    corpus: &Corpus,
    tool: Tool,
    path: &Path,
    options: &ImportOptions,
) -> Result<ToolPlan, ToolImportError> {
    let source = read_source(tool, path)?;
    plan_import(project, corpus, tool, &source, options)
}

/// Checks everything in `source` against the corpus and the project and
/// plans the edit. Nothing is changed.
pub fn plan_import(
    project: &Project,
    corpus: &Corpus,
    tool: Tool,
    source: &Source,
    options: &ImportOptions,
) -> Result<ToolPlan, ToolImportError> {
    let mut ctx = Ctx::new(project, corpus, options);
    match tool {
        Tool::Crosscheck => return crosscheck_plan(project, corpus, source, options),
        Tool::Doccano => doccano::read(&mut ctx, source),
        Tool::Brat => brat::read(&mut ctx, source),
        Tool::LabelStudio => label_studio::read(&mut ctx, source),
    }
    ctx.finish()
}

fn crosscheck_plan(
    project: &Project,
    corpus: &Corpus,
    source: &Source,
    options: &ImportOptions,
) -> Result<ToolPlan, ToolImportError> {
    let [file] = source.files.as_slice() else {
        return Err(ToolImportError::Input(
            "crosscheck pre-annotations are one JSON Lines file".into(),
        ));
    };
    let text = file
        .text()
        .map_err(|p| ToolImportError::Input(p.to_string()))?;
    let plan = import_jsonl(project, corpus, text, options.annotator())?;
    let evidence = match &plan.edit {
        Edit::Batch(edits) => edits
            .iter()
            .map(|e| match e {
                Edit::AddClaim(c) => c.evidence.len(),
                _ => 0,
            })
            .sum(),
        _ => 0,
    };
    Ok(ToolPlan {
        edit: plan.edit,
        claims: plan.added,
        evidence,
        duplicates: plan.duplicates,
        labels_added: Vec::new(),
        new_documents: Vec::new(),
        notes: Vec::new(),
    })
}

/// Writes the documents a plan needs into the corpus folder. An existing
/// file is never replaced: the import was planned against a corpus without
/// it, so it appearing since means someone else is writing there.
pub fn write_new_documents(root: &Path, docs: &[NewDocument]) -> Result<(), ToolImportError> {
    use std::io::Write as _;
    for doc in docs {
        let path = root.join(&doc.id);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ToolImportError::Read {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let err = |source| ToolImportError::Read {
            path: path.clone(),
            source,
        };
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(err)?;
        file.write_all(doc.text.as_bytes()).map_err(err)?;
        file.sync_all().map_err(err)?;
    }
    Ok(())
}

/// Colours for added labels, after the defaults' Okabe–Ito blue, vermillion
/// and yellow: the rest of that palette, then a few more.
const PALETTE: [&str; 8] = [
    "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000", "#8c564b", "#7f7f7f", "#17becf",
];

/// Where a document of an import comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DocIx {
    Corpus(usize),
    New(usize),
}

struct DraftEvidence {
    span: Span,
    relation: String,
    annotator: String,
}

/// A claim as read, its labels still the file's.
struct Draft {
    span: Span,
    label: Option<String>,
    note: String,
    annotator: String,
    /// The id a crosscheck export carried (brat notes), kept when free.
    id: Option<String>,
    evidence: Vec<DraftEvidence>,
}

/// Labels a file declares (brat's annotation.conf and visual.conf).
#[derive(Default)]
struct Declared {
    order: Vec<String>,
    names: HashMap<String, String>,
    colors: HashMap<String, String>,
}

struct Ctx<'a> {
    project: &'a Project,
    corpus: &'a Corpus,
    options: &'a ImportOptions,
    by_text: Option<HashMap<&'a str, Vec<usize>>>,
    new_docs: Vec<Document>,
    problems: Vec<Problem>,
    problem_count: usize,
    notes: Vec<String>,
    drafts: Vec<Draft>,
    declared: Declared,
}

/// How a text in a file lines up with a document: offsets into the file's
/// text map to the document through `map` when the file has CRLF line ends
/// the corpus reading turned into LF.
struct Matched {
    doc: DocIx,
    map: Option<Vec<usize>>,
}

impl<'a> Ctx<'a> {
    fn new(project: &'a Project, corpus: &'a Corpus, options: &'a ImportOptions) -> Self {
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

    fn problem(&mut self, file: &str, line: Option<usize>, reason: impl Into<String>) {
        self.problem_count += 1;
        if self.problems.len() < MAX_LISTED_ERRORS {
            self.problems.push(Problem {
                file: file.to_owned(),
                line,
                reason: reason.into(),
            });
        }
    }

    fn failed(&self) -> bool {
        self.problem_count > 0
    }

    fn doc(&self, ix: DocIx) -> &Document {
        match ix {
            DocIx::Corpus(i) => &self.corpus.documents[i],
            DocIx::New(i) => &self.new_docs[i],
        }
    }

    /// A document by id, in the corpus or among those this import adds.
    fn doc_by_id(&self, id: &str) -> Option<DocIx> {
        self.corpus.position(id).map(DocIx::Corpus).or_else(|| {
            self.new_docs
                .iter()
                .position(|d| d.id == id)
                .map(DocIx::New)
        })
    }

    fn docs_with_text(&mut self, text: &str) -> Vec<DocIx> {
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
    fn match_text(
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
    fn new_doc_id(&self, name: &str) -> Result<String, String> {
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
    fn span(
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

    fn finish(self) -> Result<ToolPlan, ToolImportError> {
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

fn fresh_claim_id(project: &Project, ids: &mut HashSet<String>) -> ClaimId {
    loop {
        let id = new_id("c");
        if !project.claims().contains(&ClaimId(id.clone())) && ids.insert(id.clone()) {
            return ClaimId(id);
        }
    }
}

/// The project's label for a file's label: the same id, or the id whose
/// brat type name it is.
fn project_label(project: &Project, label: &str) -> Option<String> {
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

fn is_hex_color(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// What a type in doccano or brat (or a Label Studio label) means:
/// crosscheck's exports write `Claim_<label>` (plain `Claim` for no label)
/// and `Evidence_<relation>`; any other type is a claim label of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Claim(Option<String>),
    Evidence(Option<String>),
}

fn kind_of(kind: &str) -> Kind {
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
fn normalize(text: &str) -> (String, Option<Vec<usize>>) {
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
fn first_difference(corpus: &str, file: &str) -> String {
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
fn locate(
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
fn proves_utf16(text: &str, ends: impl IntoIterator<Item = usize>) -> bool {
    let len = text.chars().count();
    ends.into_iter()
        .any(|end| end > len && utf16_to_char(text, end).is_some())
}

fn slice_chars(text: &str, start: usize, end: usize) -> Option<&str> {
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
fn utf16_to_char(text: &str, units: usize) -> Option<usize> {
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
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max).collect();
    short.push('…');
    short
}

/// The name a doccano or Label Studio row gives its document, from the
/// columns people (and crosscheck's own export) use for it.
fn doc_name(fields: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
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
