//! The project's data: labels, documents' fingerprints, claims and evidence.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::corpus::Document;

/// The file format this build writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// Code points of context kept on each side of a span's quote.
pub const CONTEXT_CHARS: usize = 32;

/// A label claims (and evidence relations) can carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Stable identifier used in files and exports (`agrees`, …).
    pub id: String,
    /// Shown in the window.
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    /// The key that applies this label in the window.
    #[serde(default)]
    pub key: Option<char>,
    /// What the label means in a FEVER export (`SUPPORTS`, `REFUTES`,
    /// `NOT ENOUGH INFO`); `Some("")` says "no target"; `None`: not declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fever: Option<String>,
    /// What the label means as an NLI target (`entailment`, `neutral`,
    /// `contradiction`), for claims and for evidence relations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nli: Option<String>,
}

/// The FEVER targets a label can declare.
pub const FEVER_TARGETS: [&str; 3] = ["SUPPORTS", "REFUTES", "NOT ENOUGH INFO"];
/// The NLI targets a label can declare.
pub const NLI_TARGETS: [&str; 3] = ["entailment", "neutral", "contradiction"];

impl Label {
    pub fn new(id: &str, name: &str, color: &str, key: Option<char>) -> Self {
        Self {
            id: id.to_owned(),
            name: name.to_owned(),
            color: color.to_owned(),
            key,
            fever: None,
            nli: None,
        }
    }

    /// The same label declaring its FEVER and NLI targets (`""`: none).
    pub fn mapped(mut self, fever: &str, nli: &str) -> Self {
        self.fever = Some(fever.to_owned());
        self.nli = Some(nli.to_owned());
        self
    }

    /// The FEVER target this label exports as (`""` when none).
    pub fn fever_target(&self) -> &str {
        self.fever.as_deref().unwrap_or("")
    }

    /// The NLI target this label exports as (`""` when none).
    pub fn nli_target(&self) -> &str {
        self.nli.as_deref().unwrap_or("")
    }

    /// The colour as RGB, grey when the stored text is not `#rrggbb`.
    pub fn rgb(&self) -> [u8; 3] {
        let hex = self.color.trim_start_matches('#');
        let channel = |i: usize| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        match (hex.len(), channel(0), channel(2), channel(4)) {
            (6, Some(r), Some(g), Some(b)) => [r, g, b],
            _ => [128, 128, 128],
        }
    }
}

/// The three default labels, in Okabe–Ito colours that stay distinct for the
/// common forms of colour blindness (blue / vermillion / yellow).
pub fn default_labels() -> Vec<Label> {
    vec![
        Label::new("agrees", "Agrees", "#0072b2", Some('1')).mapped("SUPPORTS", "entailment"),
        Label::new("contradicts", "Contradicts", "#d55e00", Some('2'))
            .mapped("REFUTES", "contradiction"),
        Label::new("unverified", "Unverified", "#e6c700", Some('3'))
            .mapped("NOT ENOUGH INFO", "neutral"),
    ]
}

/// Files written before labels declared their targets: the three default
/// labels keep the mapping they always exported with.
pub(super) fn fill_legacy_mappings(labels: &mut [Label]) {
    for label in labels {
        if label.fever.is_none()
            && label.nli.is_none()
            && let Some(default) = default_labels().into_iter().find(|d| d.id == label.id)
        {
            label.fever = default.fever;
            label.nli = default.nli;
        }
    }
}

/// A range of one document, with the W3C-style quote and context that let it
/// be found again after the document changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub doc: String,
    /// Code point offsets, end exclusive.
    pub start: usize,
    pub end: usize,
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
    /// The text at `start..end` no longer matches and could not be found again.
    #[serde(default, skip_serializing_if = "is_false")]
    pub detached: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A list allocated at its length. serde grows a list it cannot size to
/// four places, and most claims have one or two evidence spans: at
/// 100,000 claims that was 65 MB of room never used.
fn exact_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Exact<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Exact<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let Some(first) = seq.next_element()? else {
                return Ok(Vec::new());
            };
            let Some(second) = seq.next_element()? else {
                return Ok(vec![first]);
            };
            let mut list = Vec::with_capacity(2);
            list.push(first);
            list.push(second);
            while let Some(next) = seq.next_element()? {
                list.push(next);
            }
            list.shrink_to_fit();
            Ok(list)
        }
    }
    deserializer.deserialize_seq(Exact(std::marker::PhantomData))
}

impl Span {
    /// The span `start..end` of `doc`, with its quote and context; `None` when
    /// the range is empty or outside the text.
    pub fn from_document(doc: &Document, start: usize, end: usize) -> Option<Self> {
        if start >= end {
            return None;
        }
        let quote = doc.slice(start, end)?.to_owned();
        let pre_start = start.saturating_sub(CONTEXT_CHARS);
        let suf_end = (end + CONTEXT_CHARS).min(doc.char_len());
        Some(Self {
            doc: doc.id.clone(),
            start,
            end,
            quote,
            prefix: doc.slice(pre_start, start)?.to_owned(),
            suffix: doc.slice(end, suf_end)?.to_owned(),
            detached: false,
        })
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        self.start < end && start < self.end
    }
}

/// Identifier of a claim: random, so two annotators' files never collide.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClaimId(pub String);

impl std::fmt::Display for ClaimId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A fresh identifier: `prefix` followed by 64 random bits in hex. Random
/// rather than sequential so files made apart can be merged.
pub fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness: mix the clock with a process-wide counter.
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let mixed = nanos
            ^ COUNTER.fetch_add(1, Ordering::Relaxed).rotate_left(40)
            ^ u64::from(std::process::id()).rotate_left(20);
        bytes = mixed.to_le_bytes();
    }
    let mut id = String::with_capacity(prefix.len() + 16);
    id.push_str(prefix);
    for b in bytes {
        use std::fmt::Write as _;
        let _ = write!(id, "{b:02x}");
    }
    id
}

/// The current time as RFC 3339 UTC, to the second.
pub fn now_timestamp() -> String {
    humantime::format_rfc3339_seconds(system_now()).to_string()
}

/// The wall clock. `SystemTime::now` panics on wasm32-unknown-unknown (std
/// has no clock there), so the web page asks the browser.
fn system_now() -> std::time::SystemTime {
    #[cfg(target_arch = "wasm32")]
    return std::time::UNIX_EPOCH + std::time::Duration::from_millis(js_sys::Date::now() as u64);
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
    }
}

/// A span in another (or the same) document that bears on a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub id: String,
    pub span: Span,
    /// A label id: how this span relates to the claim (`agrees`, `contradicts`, …).
    pub relation: String,
    pub annotator: String,
    pub created: String,
}

/// A highlighted claim and what the annotator said of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub id: ClaimId,
    pub span: Span,
    /// A label id, or `None` while the annotator has not decided.
    pub label: Option<String>,
    /// The label was proposed from evidence links rather than chosen directly,
    /// so a later link may propose another.
    #[serde(default, skip_serializing_if = "is_false")]
    pub label_from_evidence: bool,
    #[serde(default)]
    pub note: String,
    pub annotator: String,
    pub created: String,
    pub modified: String,
    #[serde(default, deserialize_with = "exact_list")]
    pub evidence: Vec<Evidence>,
    /// Set by `crosscheck merge` when a git merge found this claim changed
    /// differently on both sides (or changed on one, deleted on the other):
    /// both versions are kept and flagged for the adjudicator, never written
    /// as text conflict markers. Absent from files that have none, so
    /// existing files stay byte-identical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Box<MergeConflict>>,
    /// In a gold (adjudicated) project: the annotators' claims this claim
    /// was taken from, as `annotator:claim-id`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// In an answer key: whether finding this claim is required and what
    /// the teacher explains about it. Absent elsewhere, so existing files
    /// stay byte-identical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_info: Option<Box<KeyInfo>>,
    /// In a feedback file written by `crosscheck grade --feedback`: how this
    /// claim came out against the answer key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Box<Feedback>>,
}

/// What an answer key says of one of its claims.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInfo {
    /// `false`: a bonus claim; finding it earns points, missing it costs
    /// nothing and it is not part of the maximum score.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
    /// Shown to the student in the feedback file (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub explanation: String,
}

impl Default for KeyInfo {
    fn default() -> Self {
        Self {
            required: true,
            explanation: String::new(),
        }
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// Marks a project as a teacher's answer key (`crosscheck grade`,
/// `crosscheck handout`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerKey {
    /// Written to `INSTRUCTIONS.md` in the students' handout (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub instructions: String,
    /// Points for grading; `None`: [`Rubric::default`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rubric: Option<Rubric>,
}

/// How a student's work is scored against the key. Whole points, so a
/// score is the same on every machine and in every spreadsheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    /// Per key claim found (default 2).
    #[serde(default = "two")]
    pub points_found: u32,
    /// Per found key claim given the key's label (default 1).
    #[serde(default = "one")]
    pub points_label: u32,
    /// Per evidence link of the key found on a found claim (default 1).
    #[serde(default = "one")]
    pub points_evidence: u32,
    /// Taken off per student claim that finds no key claim (default 1);
    /// the score never goes below 0.
    #[serde(default = "one")]
    pub penalty_extra: u32,
}

fn one() -> u32 {
    1
}

fn two() -> u32 {
    2
}

impl Default for Rubric {
    fn default() -> Self {
        Self {
            points_found: 2,
            points_label: 1,
            points_evidence: 1,
            penalty_extra: 1,
        }
    }
}

/// How a claim in a feedback file came out against the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mark {
    /// A student's claim that finds a key claim with the key's label, or
    /// that key claim.
    Found,
    /// A student's claim that finds a key claim with another label (or
    /// none), or that key claim.
    WrongLabel,
    /// A key claim no student claim finds.
    Missed,
    /// A student's claim that finds no key claim.
    Extra,
}

impl Mark {
    /// As written in notes and reports: `found`, `wrong label`, …
    pub fn name(self) -> &'static str {
        match self {
            Mark::Found => "found",
            Mark::WrongLabel => "wrong label",
            Mark::Missed => "missed",
            Mark::Extra => "extra",
        }
    }
}

/// The grading of one claim in a feedback file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub mark: Mark,
    /// This claim is the key's (the teacher's), not the student's.
    #[serde(default, skip_serializing_if = "is_false")]
    pub from_key: bool,
    /// The key claim is a bonus claim.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bonus: bool,
    /// The other side of a match: the key's claim for a student's claim and
    /// the other way round, by id in the same feedback file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<ClaimId>,
    /// The key's explanation of the key claim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub explanation: String,
}

/// Why a merge flagged a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeConflict {
    /// The other version kept beside this one, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<ClaimId>,
    /// What happened, for the adjudicator.
    pub reason: String,
}

impl Claim {
    pub fn new(span: Span, label: Option<String>, annotator: &str, now: &str) -> Self {
        Self {
            id: ClaimId(new_id("c")),
            span,
            label,
            label_from_evidence: false,
            note: String::new(),
            annotator: annotator.to_owned(),
            created: now.to_owned(),
            modified: now.to_owned(),
            evidence: Vec::new(),
            conflict: None,
            sources: Vec::new(),
            key_info: None,
            feedback: None,
        }
    }

    pub fn evidence(&self, id: &str) -> Option<&Evidence> {
        self.evidence.iter().find(|e| e.id == id)
    }

    /// Every label id this claim uses: its own label, then its evidence
    /// relations.
    pub fn labels_used(&self) -> impl Iterator<Item = &str> {
        self.label
            .as_deref()
            .into_iter()
            .chain(self.evidence.iter().map(|e| e.relation.as_str()))
    }

    /// Every span of this claim: its own, then its evidence.
    pub fn spans(&self) -> impl Iterator<Item = &Span> {
        std::iter::once(&self.span).chain(self.evidence.iter().map(|e| &e.span))
    }

    fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.span.doc, self.span.start, self.span.end, &self.id.0)
    }
}

/// What the project remembers of each document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// SHA-256 of the text the offsets refer to.
    pub hash: String,
    /// The annotator marked this document as finished.
    #[serde(default, skip_serializing_if = "is_false")]
    pub done: bool,
    /// Seconds the annotator spent on this document with the window in
    /// use (input in the last minute; idle time not counted).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub active_seconds: u64,
    /// The extraction that made the text from its file (web pages, PDFs,
    /// dataset rows), so a text changed by a newer extractor is told apart
    /// from an edited article; `None` for text files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extractor: Option<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Claims by id; written to files sorted by document, then offset.
///
/// Claims are shared (`Arc`), so copying a whole project for a background
/// save costs a pointer per claim, not a deep copy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Claims(BTreeMap<ClaimId, Arc<Claim>>);

impl Claims {
    pub fn get(&self, id: &ClaimId) -> Option<&Claim> {
        self.0.get(id).map(|c| &**c)
    }

    pub(super) fn get_mut(&mut self, id: &ClaimId) -> Option<&mut Claim> {
        self.0.get_mut(id).map(Arc::make_mut)
    }

    pub(super) fn insert(&mut self, claim: Claim) -> Option<Claim> {
        self.0
            .insert(claim.id.clone(), Arc::new(claim))
            .map(Arc::unwrap_or_clone)
    }

    pub(super) fn remove(&mut self, id: &ClaimId) -> Option<Claim> {
        self.0.remove(id).map(Arc::unwrap_or_clone)
    }

    pub(super) fn values_mut(&mut self) -> impl Iterator<Item = &mut Claim> {
        self.0.values_mut().map(Arc::make_mut)
    }

    pub fn contains(&self, id: &ClaimId) -> bool {
        self.0.contains_key(id)
    }

    /// In id order (fast; not the file order).
    pub fn iter(&self) -> impl Iterator<Item = &Claim> {
        self.0.values().map(|c| &**c)
    }

    /// In file order: by document, start, end, then id.
    pub fn sorted(&self) -> Vec<&Claim> {
        let mut claims: Vec<&Claim> = self.iter().collect();
        // Ids are unique, so the order is total and an unstable sort gives
        // the same list; on every core, as a save of 100,000 claims starts
        // with it.
        #[cfg(not(target_arch = "wasm32"))]
        rayon::slice::ParallelSliceMut::par_sort_unstable_by(&mut claims[..], |a, b| {
            a.sort_key().cmp(&b.sort_key())
        });
        #[cfg(target_arch = "wasm32")]
        claims.sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        claims
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Claims {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.sorted())
    }
}

impl Claims {
    /// Claims by id in any order; `None` when an id occurs twice.
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn from_entries(pairs: Vec<(ClaimId, Arc<Claim>)>) -> Option<Self> {
        // Sorted by the ids' first eight bytes first: comparing 100,000
        // ids through their heap strings was mostly cache misses. Zero
        // padding keeps the prefix order consistent with the ids' order.
        let prefix = |id: &ClaimId| {
            let mut bytes = [0u8; 8];
            let n = id.0.len().min(8);
            bytes[..n].copy_from_slice(&id.0.as_bytes()[..n]);
            u64::from_be_bytes(bytes)
        };
        let mut keyed: Vec<(u64, ClaimId, Arc<Claim>)> = pairs
            .into_iter()
            .map(|(id, claim)| (prefix(&id), id, claim))
            .collect();
        rayon::slice::ParallelSliceMut::par_sort_unstable_by(&mut keyed[..], |a, b| {
            a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1))
        });
        if keyed
            .windows(2)
            .any(|w| w[0].0 == w[1].0 && w[0].1 == w[1].1)
        {
            return None;
        }
        // From sorted pairs the map is built in one pass.
        Some(Self(
            keyed
                .into_iter()
                .map(|(_, id, claim)| (id, claim))
                .collect(),
        ))
    }
}

impl<'de> Deserialize<'de> for Claims {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Each claim goes into the map as it is read: a list of all of them
        // first would hold every claim twice while it grew.
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Claims;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of claims")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Claims, A::Error> {
                let mut map = BTreeMap::new();
                while let Some(mut claim) = seq.next_element::<Claim>()? {
                    // serde grows a list it cannot size to four places.
                    claim.evidence.shrink_to_fit();
                    let id = claim.id.clone();
                    if let Some(old) = map.insert(id, Arc::new(claim)) {
                        return Err(serde::de::Error::custom(format!(
                            "claim id {} appears more than once",
                            old.id
                        )));
                    }
                }
                Ok(Claims(map))
            }
        }
        deserializer.deserialize_seq(Visit)
    }
}

/// Everything one project file holds.
///
/// The fields are private to the `project` module: outside it a project is
/// read through its accessors and changed only by [`Project::apply`] (plus
/// [`Project::set_corpus_reference`], which is where the file points, not
/// annotation data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub(super) format_version: u32,
    /// The corpus folder, relative to the project file's folder, with `/`.
    pub(super) corpus: String,
    pub(super) labels: Vec<Label>,
    #[serde(default)]
    pub(super) documents: BTreeMap<String, DocumentInfo>,
    #[serde(default)]
    pub(super) claims: Claims,
    /// Annotation guidelines (Markdown), shown in the window.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(super) guidelines: String,
    /// In a gold project: disagreements the adjudicator rejected (neither
    /// version taken), by the claims involved (`annotator:claim-id`).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub(super) rejected: BTreeSet<String>,
    /// Set in a teacher's answer key (see [`Edit::SetAnswerKey`](super::Edit)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) key: Option<AnswerKey>,
    /// In a study (`crosscheck assign`): the documents this annotator's
    /// share holds, by id. Empty (and absent from the file) outside a
    /// study: every document is the annotator's.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub(super) assigned: BTreeSet<String>,
    /// Dataset files (CSV, TSV, JSON Lines, JSON) whose columns the person
    /// chose, by the file's corpus id; the others are read by their names.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) datasets: BTreeMap<String, crate::dataset::Columns>,
}

impl Project {
    /// An empty project over the corpus at `corpus` (relative to the file).
    pub fn new(corpus: impl Into<String>) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            corpus: corpus.into(),
            labels: default_labels(),
            documents: BTreeMap::new(),
            claims: Claims::default(),
            guidelines: String::new(),
            rejected: BTreeSet::new(),
            key: None,
            assigned: BTreeSet::new(),
            datasets: BTreeMap::new(),
        }
    }

    /// An empty project over `corpus` with this project's labels,
    /// guidelines, document fingerprints (none marked done) and dataset
    /// columns, and nothing
    /// else: no claims, no answer key, no rejections. The start of a
    /// student's handout and of a feedback file.
    pub fn blank_like(&self, corpus: impl Into<String>) -> Project {
        let documents = self
            .documents
            .iter()
            .map(|(id, info)| {
                let info = DocumentInfo {
                    hash: info.hash.clone(),
                    done: false,
                    active_seconds: 0,
                    extractor: info.extractor.clone(),
                };
                (id.clone(), info)
            })
            .collect();
        Project {
            labels: self.labels.clone(),
            guidelines: self.guidelines.clone(),
            documents,
            // The same dataset columns, so the same rows have the same ids.
            datasets: self.datasets.clone(),
            ..Project::new(corpus)
        }
    }

    /// The answer key data, when this project is a teacher's answer key.
    pub fn answer_key(&self) -> Option<&AnswerKey> {
        self.key.as_ref()
    }

    /// The documents of this annotator's share in a study; empty outside
    /// one (see `crosscheck assign`).
    pub fn assigned(&self) -> &BTreeSet<String> {
        &self.assigned
    }

    /// Sets the annotator's share (the study's plan, like the corpus
    /// reference, is where the file stands rather than annotation data, so
    /// it is not an [`Edit`](super::Edit) and is not undone).
    pub fn set_assigned(&mut self, documents: BTreeSet<String>) {
        self.assigned = documents;
    }

    /// The columns chosen for dataset files, by file id (see
    /// [`Edit::SetColumns`](super::Edit)).
    pub fn datasets(&self) -> &BTreeMap<String, crate::dataset::Columns> {
        &self.datasets
    }

    /// Rejected disagreements of a gold project (see [`Edit::SetRejected`](super::Edit)).
    pub fn rejected(&self) -> &BTreeSet<String> {
        &self.rejected
    }

    /// The annotation guidelines (Markdown; empty when there are none).
    pub fn guidelines(&self) -> &str {
        &self.guidelines
    }

    /// How many claims carry label `id`, and how many evidence links have
    /// it as their relation.
    pub fn label_uses(&self, id: &str) -> (usize, usize) {
        let mut claims = 0;
        let mut links = 0;
        for c in self.claims.iter() {
            claims += usize::from(c.label.as_deref() == Some(id));
            links += c.evidence.iter().filter(|e| e.relation == id).count();
        }
        (claims, links)
    }

    /// The file format version this project was read with (or
    /// [`FORMAT_VERSION`] for a new one).
    pub fn format_version(&self) -> u32 {
        self.format_version
    }

    /// The corpus folder, relative to the project file's folder, with `/`.
    pub fn corpus(&self) -> &str {
        &self.corpus
    }

    /// Points the project at another corpus folder (relative to the project
    /// file's folder, with `/`; see [`corpus_reference`](super::corpus_reference)).
    /// This is where the file says its corpus is, not annotation data, so it
    /// is not an [`Edit`](super::Edit) and is not undone.
    pub fn set_corpus_reference(&mut self, reference: String) {
        self.corpus = reference;
    }

    /// The labels, in menu order.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// What the project remembers of each document, by document id.
    pub fn documents(&self) -> &BTreeMap<String, DocumentInfo> {
        &self.documents
    }

    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    pub fn label(&self, id: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.id == id)
    }

    pub fn label_for_key(&self, key: char) -> Option<&Label> {
        self.labels.iter().find(|l| l.key == Some(key))
    }

    /// Claims whose own span lies in `doc`, in document order.
    pub fn claims_in(&self, doc: &str) -> Vec<&Claim> {
        let mut claims: Vec<&Claim> = self.claims.iter().filter(|c| c.span.doc == doc).collect();
        claims.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        claims
    }

    /// Number of evidence links in the whole project.
    pub fn evidence_count(&self) -> usize {
        self.claims.iter().map(|c| c.evidence.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_keeps_quote_and_context() {
        let doc = Document::new(
            "a.txt",
            "Hampshire sent firearms officers to London on Tuesday.",
        );
        let span = Span::from_document(&doc, 15, 32).unwrap();
        assert_eq!(span.quote, "firearms officers");
        assert_eq!(span.prefix, "Hampshire sent ");
        assert_eq!(span.suffix, " to London on Tuesday.");
        assert!(Span::from_document(&doc, 5, 5).is_none());
        assert!(Span::from_document(&doc, 5, 500).is_none());
    }

    #[test]
    fn ids_differ() {
        let a = new_id("c");
        assert_eq!(a.len(), 17);
        assert_ne!(a, new_id("c"));
    }

    #[test]
    fn label_colour_parses() {
        assert_eq!(default_labels()[0].rgb(), [0x00, 0x72, 0xb2]);
        assert_eq!(Label::new("x", "X", "oops", None).rgb(), [128, 128, 128]);
    }
}
