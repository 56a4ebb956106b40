//! Finding spans again after their documents changed: exact quote nearest the
//! old place first, then a tolerant match; what cannot be found is kept and
//! flagged detached, never dropped.

use std::collections::{HashMap, HashSet};

use super::model::{ClaimId, DocumentInfo, Project, Span};
use crate::corpus::{Corpus, Document};
use crate::text::CharMap;

/// Which span of which claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanRef {
    pub claim: ClaimId,
    /// `None` for the claim's own span.
    pub evidence: Option<String>,
    pub doc: String,
    pub quote: String,
}

/// What [`sync_with_corpus`] found and did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnchorReport {
    /// Documents whose text changed since the project last saw them.
    pub changed_docs: Vec<String>,
    /// Of those, the ones whose text changed because a newer crosscheck
    /// extracted their file differently (not because the file changed).
    pub reextracted: Vec<String>,
    /// Documents the project knows that the corpus no longer has.
    pub missing_docs: Vec<String>,
    /// Documents new to the project.
    pub new_docs: Vec<String>,
    /// Spans found again, exactly, at another place.
    pub moved: Vec<SpanRef>,
    /// Spans found again only approximately; worth a look.
    pub fuzzy: Vec<SpanRef>,
    /// Spans that could not be found (or whose document is gone).
    pub detached: Vec<SpanRef>,
    /// Previously detached spans found again.
    pub reattached: Vec<SpanRef>,
}

impl AnchorReport {
    /// Nothing a person needs to look at.
    pub fn is_clean(&self) -> bool {
        self.fuzzy.is_empty() && self.detached.is_empty() && self.missing_docs.is_empty()
    }

    /// One line for a status bar or a terminal.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let mut add = |n: usize, what: &str| {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        };
        add(self.changed_docs.len(), "changed documents");
        add(
            self.reextracted.len(),
            "of them extracted anew by this version of crosscheck",
        );
        add(self.missing_docs.len(), "missing documents");
        add(self.moved.len(), "spans moved");
        add(self.reattached.len(), "spans found again");
        add(self.fuzzy.len(), "spans matched approximately");
        add(self.detached.len(), "detached spans");
        if parts.is_empty() {
            "all spans in place".into()
        } else {
            parts.join(", ")
        }
    }
}

enum Outcome {
    Same,
    Moved(Span),
    Fuzzy(Span),
    Detached,
}

/// Brings the project up to date with the corpus: registers new documents,
/// re-anchors spans in documents whose hash changed (and spans that were
/// detached), and flags spans it cannot place. Only claims of changed, missing
/// or detached spans are touched, so an unchanged corpus costs one hash
/// comparison per document.
pub fn sync_with_corpus(project: &mut Project, corpus: &Corpus) -> AnchorReport {
    let mut report = AnchorReport::default();
    let mut changed = HashSet::new();
    for doc in corpus.documents.iter() {
        match project.documents.get_mut(&doc.id) {
            None => {
                project.documents.insert(
                    doc.id.clone(),
                    DocumentInfo {
                        hash: doc.hash.clone(),
                        done: false,
                        active_seconds: 0,
                        extractor: doc.extractor.map(str::to_owned),
                    },
                );
                report.new_docs.push(doc.id.clone());
            }
            Some(info) => {
                let extractor = doc.extractor.map(str::to_owned);
                if info.hash != doc.hash {
                    info.hash = doc.hash.clone();
                    changed.insert(doc.id.clone());
                    report.changed_docs.push(doc.id.clone());
                    if info.extractor.is_some() && info.extractor != extractor {
                        report.reextracted.push(doc.id.clone());
                    }
                }
                info.extractor = extractor;
            }
        }
    }
    report.missing_docs = project
        .documents
        .keys()
        .filter(|id| corpus.get(id).is_none())
        .cloned()
        .collect();

    let mut folded: HashMap<String, Folded> = HashMap::new();
    for claim in project.claims.values_mut() {
        let claim_id = claim.id.clone();
        let spans = std::iter::once((None, &mut claim.span)).chain(
            claim
                .evidence
                .iter_mut()
                .map(|e| (Some(e.id.clone()), &mut e.span)),
        );
        for (evidence, span) in spans {
            let span_ref = || SpanRef {
                claim: claim_id.clone(),
                evidence: evidence.clone(),
                doc: span.doc.clone(),
                quote: span.quote.clone(),
            };
            let Some(doc) = corpus.get(&span.doc) else {
                span.detached = true;
                report.detached.push(span_ref());
                continue;
            };
            let suspect = changed.contains(&span.doc)
                || span.detached
                || doc.slice(span.start, span.end) != Some(span.quote.as_str());
            if !suspect {
                continue;
            }
            let was_detached = span.detached;
            let outcome = relocate(span, doc, &mut folded);
            let r = span_ref();
            match outcome {
                Outcome::Same if was_detached => {
                    span.detached = false;
                    report.reattached.push(r);
                }
                Outcome::Same => {}
                Outcome::Moved(new) => {
                    *span = new;
                    if was_detached {
                        report.reattached.push(r);
                    } else {
                        report.moved.push(r);
                    }
                }
                Outcome::Fuzzy(new) => {
                    *span = new;
                    report.fuzzy.push(r);
                }
                Outcome::Detached => {
                    span.detached = true;
                    report.detached.push(r);
                }
            }
        }
    }
    report
}

fn relocate(span: &Span, doc: &Document, folded: &mut HashMap<String, Folded>) -> Outcome {
    if span.quote.is_empty() {
        return Outcome::Detached;
    }
    if let Some((start, end)) = exact_match(span, doc) {
        if start == span.start && end == span.end {
            let same_context = Span::from_document(doc, start, end)
                .is_some_and(|s| s.prefix == span.prefix && s.suffix == span.suffix);
            if same_context {
                return Outcome::Same;
            }
        }
        return Span::from_document(doc, start, end).map_or(Outcome::Detached, Outcome::Moved);
    }
    let folded = folded
        .entry(doc.id.clone())
        .or_insert_with(|| Folded::new(&doc.text));
    let found = folded
        .find(&span.quote, span.start)
        .or_else(|| bracket_match(span, doc));
    match found.and_then(|(s, e)| Span::from_document(doc, s, e)) {
        Some(new) => Outcome::Fuzzy(new),
        None => Outcome::Detached,
    }
}

/// Every exact occurrence of the quote, best first: most context agreeing,
/// then nearest the old offset.
fn exact_match(span: &Span, doc: &Document) -> Option<(usize, usize)> {
    let text = &doc.text;
    let quote_chars = span.quote.chars().count();
    text.match_indices(span.quote.as_str())
        .take(100_000)
        .filter_map(|(byte, _)| {
            let start = doc.map.char_from_byte(text, byte)?;
            let after = byte + span.quote.len();
            let context = usize::from(text[..byte].ends_with(span.prefix.as_str()))
                + usize::from(text[after..].starts_with(span.suffix.as_str()));
            Some((context, start.abs_diff(span.start), start))
        })
        .min_by_key(|&(context, distance, _)| (std::cmp::Reverse(context), distance))
        .map(|(_, _, start)| (start, start + quote_chars))
}

/// The text lower-cased with runs of whitespace collapsed, and for every
/// folded character the code point it came from; finds quotes whose case or
/// spacing changed.
struct Folded {
    text: String,
    map: CharMap,
    origin: Vec<u32>,
}

impl Folded {
    fn new(source: &str) -> Self {
        let mut text = String::with_capacity(source.len());
        let mut origin = Vec::with_capacity(source.len());
        let mut in_space = false;
        for (i, c) in source.chars().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            if c.is_whitespace() {
                if !in_space {
                    text.push(' ');
                    origin.push(i);
                }
                in_space = true;
                continue;
            }
            in_space = false;
            for lower in c.to_lowercase() {
                text.push(lower);
                origin.push(i);
            }
        }
        Self {
            map: CharMap::new(&text),
            text,
            origin,
        }
    }

    fn find(&self, quote: &str, near: usize) -> Option<(usize, usize)> {
        let needle = Folded::new(quote.trim()).text;
        if needle.is_empty() {
            return None;
        }
        let needle_chars = needle.chars().count();
        let (start, end) = self
            .text
            .match_indices(needle.as_str())
            .take(100_000)
            .filter_map(|(byte, _)| {
                let fs = self.map.char_from_byte(&self.text, byte)?;
                let start = *self.origin.get(fs)? as usize;
                let end = *self.origin.get(fs + needle_chars - 1)? as usize + 1;
                Some((start, end))
            })
            .min_by_key(|&(start, _)| start.abs_diff(near))?;
        Some((start, end))
    }
}

/// Context bracketing: the text between where the prefix ends and the suffix
/// begins, accepted when it still resembles the quote (an edit inside a span).
fn bracket_match(span: &Span, doc: &Document) -> Option<(usize, usize)> {
    const MIN_CONTEXT: usize = 8;
    const MIN_SIMILARITY: f64 = 0.6;
    let text = &doc.text;
    let prefix = span.prefix.as_str();
    let suffix = span.suffix.as_str();
    if prefix.chars().count() < MIN_CONTEXT && suffix.chars().count() < MIN_CONTEXT {
        return None;
    }
    let quote_len = span.quote.len();
    let max_gap = quote_len * 2 + 64;
    let mut best: Option<(f64, usize, usize, usize)> = None;
    let mut consider = |b0: usize, b1: usize| {
        let (Some(candidate), Some(start)) = (text.get(b0..b1), doc.map.char_from_byte(text, b0))
        else {
            return;
        };
        if candidate.trim().is_empty() || candidate.len() > 4096 || quote_len > 4096 {
            return;
        }
        let score = strsim::normalized_levenshtein(candidate, &span.quote);
        let distance = start.abs_diff(span.start);
        let better = best.is_none_or(|(s, _, _, d)| score > s || (score == s && distance < d));
        if score >= MIN_SIMILARITY && better {
            best = Some((score, b0, b1, distance));
        }
    };
    if !prefix.is_empty() {
        for (p, _) in text.match_indices(prefix).take(10_000) {
            let from = p + prefix.len();
            if suffix.is_empty() {
                if text.len() - from <= max_gap {
                    consider(from, text.len());
                }
                continue;
            }
            let mut limit = (from + max_gap).min(text.len());
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            if let Some(s) = text[from..limit].find(suffix) {
                consider(from, from + s);
            }
        }
    } else {
        // A span at the very start of the document: only the suffix anchors it.
        if let Some(s) = text.find(suffix).filter(|&s| s <= max_gap) {
            consider(0, s);
        }
    }
    let (_, b0, b1, _) = best?;
    let start = doc.map.char_from_byte(text, b0)?;
    let end = doc.map.char_from_byte(text, b1)?;
    // Trim whitespace the bracket may have picked up.
    let slice = doc.slice(start, end)?;
    let lead = slice.chars().take_while(|c| c.is_whitespace()).count();
    let trail = slice
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    (start + lead < end - trail).then_some((start + lead, end - trail))
}
