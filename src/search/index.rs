//! The index: every sentence of every document as a unit, one sorted
//! posting list of (unit, count) per term, and the lengths BM25 needs.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::Ordering;

use unicode_segmentation::UnicodeSegmentation;

use super::analysis::{Analyzer, Guess, Language};
use super::bm25::{B, EPSILON, K1};
use super::error::SearchError;
use super::query::Query;
use super::semantic::{SemanticIndex, StaticModel};
use super::tokens::{Token, each_token, tokens};
pub use super::units::{BuildProgress, Unit};
use crate::corpus::Document;

/// The word tables are looked up once per word of the corpus: SipHash's
/// protection against chosen keys cost a third of the build there.
type FastMap<K, V> = foldhash::HashMap<K, V>;

/// Sentences longer than this (bytes) are cut at a space, so a page with no
/// full stops does not become one "sentence" of a megabyte.
const MAX_UNIT_BYTES: usize = 1_200;
/// Ranked documents checked for phrases before the search gives up looking
/// for more results.
const MAX_VERIFY: usize = 2_000;
/// Characters of context a snippet shows around its first match.
const SNIPPET_CHARS: usize = 220;
/// Claim words read for suggestions.
const MAX_CLAIM_TOKENS: usize = 256;
/// Least IDF of a claim word marked in a suggestion.
const MARK_IDF: f32 = 0.5;
/// Documents indexed per round: the per-document parts of one round are
/// merged and dropped before the next, which keeps the peak memory low.
const ROUND: usize = 512;

struct DocInfo {
    hash: String,
    /// The language its words were analysed in (see [`super::analysis`]).
    lang: Option<Language>,
    units: Range<u32>,
    len: u32,
}

#[derive(Clone, Default)]
struct Postings {
    /// Units holding the term, ascending (so documents ascend too).
    units: Vec<u32>,
    /// How often it occurs in each (capped at 255).
    tf: Vec<u8>,
    /// BM25's term-frequency part for each unit, `tf·(k1+1) / (tf +
    /// k1·(1−b+b·len/avglen))`: computed once, so scoring a claim is one
    /// multiply-add per posting.
    part: Vec<f32>,
    /// Documents holding it.
    docs: u32,
}

/// How suggestions are ranked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ranking {
    /// Okapi BM25 over sentences exactly as `rank_bm25.BM25Okapi` computes
    /// it (k1 1.2, b 0.75, negative IDF floored at 0.25 × the mean IDF).
    Plain,
    /// The same, with the figures, names and dates the claim shares
    /// counted more: they are what a claim about an event hinges on.
    Claim,
}

/// A snippet of text with the matched words marked.
#[derive(Clone, Debug, PartialEq)]
pub struct Snippet {
    pub text: String,
    /// Code point of `text`'s first character in the document.
    pub start: usize,
    /// Matched words: code point ranges in the document.
    pub marks: Vec<(usize, usize)>,
}

impl Snippet {
    /// The marks as code point ranges of `text` itself.
    pub fn local_marks(&self) -> Vec<(usize, usize)> {
        self.marks
            .iter()
            .map(|&(s, e)| (s - self.start, e - self.start))
            .collect()
    }
}

/// One document found by a search.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    /// Index of the document in the corpus.
    pub doc: usize,
    /// The best sentence: the one holding the most of the query.
    pub start: usize,
    pub end: usize,
    pub snippet: Snippet,
    /// Occurrences of the query's words and phrases in the document.
    pub hits: usize,
    pub score: f32,
}

/// The result of a search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocHits {
    pub hits: Vec<SearchHit>,
    /// Documents holding every word (phrases not yet checked in all).
    pub candidates: usize,
}

/// A sentence of another article that may bear on a claim.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub doc: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The claim's words in it, code point ranges in the document.
    pub marks: Vec<(usize, usize)>,
    pub score: f32,
    /// Its cosine similarity to the claim, when the ranking by meaning
    /// was asked and reached it.
    pub meaning: Option<f32>,
    /// Meaning placed it higher than shared words did: the reason to show
    /// is "similar meaning".
    pub by_meaning: bool,
}

/// The index of one corpus.
pub struct Index {
    docs: Vec<DocInfo>,
    units: Vec<Unit>,
    terms: FastMap<Box<str>, u32>,
    postings: Vec<Postings>,
    avg_unit_len: f32,
    avg_doc_len: f32,
    unit_idf_floor: f32,
    doc_idf_floor: f32,
    /// Every language documents were analysed in, each once: a query word
    /// is looked up in each one's form of it.
    analyzers: Vec<(Option<Language>, Analyzer)>,
}

/// One document's sentences and terms, made on a worker.
#[derive(Default)]
struct DocPart {
    lang: Option<Language>,
    /// (start, end, length in terms) per unit.
    units: Vec<(u32, u32, u32)>,
    /// This document's distinct terms.
    terms: Vec<String>,
    /// (unit, local term, count), in unit order.
    entries: Vec<(u32, u32, u8)>,
    len: u32,
}

fn to_u32(n: usize) -> u32 {
    // Documents are capped far below 4 G code points by the corpus reader.
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The sentences of `text` as byte ranges, trimmed, as a double-click
/// selects them (UAX #29 within each paragraph); long ones cut at spaces.
pub(crate) fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut para_start = 0;
    for para in text.split('\n') {
        let pieces: Vec<(usize, &str)> = if para.chars().all(super::fast::is_simple) {
            let mut at = 0;
            let mut v = Vec::new();
            for b in super::fast::sentence_breaks(para)
                .into_iter()
                .chain(std::iter::once(para.len()))
            {
                v.push((at, &para[at..b]));
                at = b;
            }
            v
        } else {
            para.split_sentence_bound_indices().collect()
        };
        for (i, s) in pieces {
            let trimmed = s.trim_end();
            let lead = trimmed.len() - trimmed.trim_start().len();
            let start = para_start + i + lead;
            let end = para_start + i + trimmed.len();
            if start >= end || !text[start..end].chars().any(char::is_alphanumeric) {
                continue;
            }
            cut_long(text, start..end, &mut out);
        }
        para_start += para.len() + 1;
    }
    out
}

fn cut_long(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut start = range.start;
    while range.end - start > MAX_UNIT_BYTES {
        let mut hi = start + MAX_UNIT_BYTES;
        while !text.is_char_boundary(hi) {
            hi -= 1;
        }
        let cut = text[start..hi]
            .rfind(char::is_whitespace)
            .filter(|&i| i > 0)
            .map_or(hi, |i| start + i);
        out.push(start..cut);
        start = cut;
        while start < range.end && text[start..].starts_with(char::is_whitespace) {
            start += text[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if start < range.end {
        out.push(start..range.end);
    }
}

fn index_doc(doc: &Document, lang: Option<Language>) -> DocPart {
    let text = &doc.text;
    let mut part = DocPart {
        lang,
        ..DocPart::default()
    };
    let analyzer = Analyzer::new(lang);
    // Folded word → local term, so each distinct word is analysed once.
    let mut local: FastMap<String, u32> = FastMap::default();
    let mut by_term: FastMap<String, u32> = FastMap::default();
    let mut cp = 0usize;
    let mut last = 0usize;
    let mut unit_terms: Vec<u32> = Vec::new();
    for range in sentence_ranges(text) {
        cp += text[last..range.start].chars().count();
        let start = cp;
        let sentence = &text[range.clone()];
        cp += sentence.chars().count();
        last = range.end;
        unit_terms.clear();
        each_token(sentence, start, |t| {
            let id = match local.get(t.term.as_str()) {
                Some(&id) => id,
                None => {
                    let term = analyzer.term(&t.term);
                    let id = match by_term.get(term.as_ref()) {
                        Some(&id) => id,
                        None => {
                            let id = to_u32(part.terms.len());
                            by_term.insert(term.clone().into_owned(), id);
                            part.terms.push(term.into_owned());
                            id
                        }
                    };
                    local.insert(t.term.clone(), id);
                    id
                }
            };
            unit_terms.push(id);
        });
        if unit_terms.is_empty() {
            continue;
        }
        let unit = to_u32(part.units.len());
        part.units
            .push((to_u32(start), to_u32(cp), to_u32(unit_terms.len())));
        part.len += to_u32(unit_terms.len());
        unit_terms.sort_unstable();
        for run in unit_terms.chunk_by(|a, b| a == b) {
            let count = u8::try_from(run.len()).unwrap_or(u8::MAX);
            part.entries.push((unit, run[0], count));
        }
    }
    part
}

fn idf(n_units: usize, df: usize) -> f32 {
    ((n_units as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
}

fn tf_part(tf: f32, len: f32, avg: f32) -> f32 {
    tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg.max(f32::MIN_POSITIVE)))
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// How much a claim word counts in [`Ranking::Claim`]: a figure most, then
/// names and dates; the first word is capitalised by grammar, not by name.
fn claim_weight(t: &Token, first: bool) -> f32 {
    if t.term.chars().any(|c| c.is_numeric()) {
        2.0
    } else if MONTHS.contains(&t.term.as_str()) || (t.capitalised && !first) {
        1.5
    } else {
        1.0
    }
}

impl Index {
    /// Indexes `docs` (in this order: results name documents by index).
    pub fn build(docs: &[Document]) -> Self {
        let progress = BuildProgress::default();
        Self::build_with_progress(docs, &progress).unwrap_or_else(|| Self::empty(docs))
    }

    fn empty(docs: &[Document]) -> Self {
        let mut index = Self {
            docs: Vec::new(),
            units: Vec::new(),
            terms: FastMap::default(),
            postings: Vec::new(),
            avg_unit_len: 0.0,
            avg_doc_len: 0.0,
            unit_idf_floor: 0.0,
            doc_idf_floor: 0.0,
            analyzers: Vec::new(),
        };
        for d in docs {
            index.docs.push(DocInfo {
                hash: d.hash.clone(),
                lang: None,
                units: 0..0,
                len: 0,
            });
        }
        index
    }

    /// Indexes `docs`, counting documents in `progress`; `None` when
    /// `progress.cancel` was set.
    pub fn build_with_progress(docs: &[Document], progress: &BuildProgress) -> Option<Self> {
        progress.total.store(docs.len(), Ordering::Relaxed);
        let mut index = Self::empty(&[]);
        let langs = languages_of(docs, progress)?;
        let mut total_len = 0u64;
        for (round, chunk) in docs.chunks(ROUND).enumerate() {
            if progress.cancel.load(Ordering::Relaxed) {
                return None;
            }
            let at = round * ROUND;
            let parts = parts_of(chunk, &langs[at..at + chunk.len()], progress);
            for (i, (doc, part)) in chunk.iter().zip(parts).enumerate() {
                let d = to_u32(round * ROUND + i);
                index.add(d, doc, part);
            }
        }
        for d in &index.docs {
            total_len += u64::from(d.len);
        }
        let n_units = index.units.len();
        let n_docs = index.docs.len();
        index.avg_unit_len = total_len as f32 / n_units.max(1) as f32;
        index.avg_doc_len = total_len as f32 / n_docs.max(1) as f32;
        let terms = index.postings.len().max(1) as f32;
        let (mut unit_sum, mut doc_sum) = (0f32, 0f32);
        for p in &index.postings {
            unit_sum += idf(n_units, p.units.len());
            doc_sum += idf(n_docs, p.docs as usize);
        }
        index.unit_idf_floor = EPSILON * unit_sum / terms;
        index.doc_idf_floor = EPSILON * doc_sum / terms;
        let avg = index.avg_unit_len;
        let units = &index.units;
        for p in &mut index.postings {
            p.part = p
                .units
                .iter()
                .zip(&p.tf)
                .map(|(&u, &tf)| tf_part(f32::from(tf), units[u as usize].len as f32, avg))
                .collect();
        }
        Some(index)
    }

    fn add(&mut self, d: u32, doc: &Document, part: DocPart) {
        let first = to_u32(self.units.len());
        let global: Vec<u32> = part
            .terms
            .into_iter()
            .map(|t| {
                let next = to_u32(self.postings.len());
                let id = *self.terms.entry(t.into_boxed_str()).or_insert(next);
                if id == next {
                    self.postings.push(Postings::default());
                }
                self.postings[id as usize].docs += 1;
                id
            })
            .collect();
        for (start, end, len) in part.units {
            self.units.push(Unit {
                doc: d,
                start,
                end,
                len,
            });
        }
        for (unit, term, tf) in part.entries {
            let p = &mut self.postings[global[term as usize] as usize];
            p.units.push(first + unit);
            p.tf.push(tf);
        }
        if !self.analyzers.iter().any(|(l, _)| *l == part.lang) {
            self.analyzers.push((part.lang, Analyzer::new(part.lang)));
        }
        self.docs.push(DocInfo {
            hash: doc.hash.clone(),
            lang: part.lang,
            units: first..to_u32(self.units.len()),
            len: part.len,
        });
    }

    /// Documents indexed.
    pub fn doc_count(&self) -> usize {
        self.docs.len()
    }

    /// Sentences indexed.
    pub fn unit_count(&self) -> usize {
        self.units.len()
    }

    /// Distinct terms.
    pub fn term_count(&self) -> usize {
        self.postings.len()
    }

    /// Every sentence, documents in order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The sentences of document `doc`.
    pub fn units_of(&self, doc: usize) -> &[Unit] {
        self.docs.get(doc).map_or(&[], |d| {
            &self.units[d.units.start as usize..d.units.end as usize]
        })
    }

    /// Bytes the index holds (an estimate from its vectors' capacities).
    pub fn heap_bytes(&self) -> usize {
        let postings: usize = self
            .postings
            .iter()
            .map(|p| {
                p.units.capacity() * 4
                    + p.tf.capacity()
                    + p.part.capacity() * 4
                    + std::mem::size_of::<Postings>()
            })
            .sum();
        let terms: usize = self.terms.keys().map(|k| k.len() + 24).sum();
        let docs = self.docs.len() * (std::mem::size_of::<DocInfo>() + 64);
        postings + terms + docs + self.units.capacity() * std::mem::size_of::<Unit>()
    }

    fn check(&self, docs: &[Document]) -> Result<(), SearchError> {
        if docs.len() == self.docs.len() {
            Ok(())
        } else {
            Err(SearchError::OtherCorpus {
                indexed: self.docs.len(),
                now: docs.len(),
            })
        }
    }

    fn unit_idf(&self, p: &Postings) -> f32 {
        let v = idf(self.units.len(), p.units.len());
        if v < 0.0 { self.unit_idf_floor } else { v }
    }

    fn doc_idf(&self, p: &Postings) -> f32 {
        let v = idf(self.docs.len(), p.docs as usize);
        if v < 0.0 { self.doc_idf_floor } else { v }
    }

    fn postings(&self, term: &str) -> Option<&Postings> {
        self.terms
            .get(term)
            .and_then(|&id| self.postings.get(id as usize))
    }

    /// The language document `doc` was analysed in, when one was found.
    pub fn language(&self, doc: usize) -> Option<Language> {
        self.docs.get(doc).and_then(|d| d.lang)
    }

    fn analyzer(&self, doc: usize) -> Option<&Analyzer> {
        let lang = self.docs.get(doc)?.lang;
        self.analyzers
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, a)| a)
    }

    /// The index terms of a folded word: its form in each language of the
    /// corpus, each once.
    fn forms(&self, word: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, a) in &self.analyzers {
            let t = a.term(word);
            if !out.iter().any(|o| *o == t) {
                out.push(t.into_owned());
            }
        }
        if out.is_empty() {
            out.push(word.to_owned());
        }
        out
    }

    /// The sentences holding a folded word in any of its forms: one list
    /// as it is stored when the corpus has one language, else the lists of
    /// its forms joined.
    fn word_postings(&self, word: &str) -> Option<Cow<'_, Postings>> {
        self.forms_postings(&self.forms(word))
    }

    fn forms_postings(&self, forms: &[String]) -> Option<Cow<'_, Postings>> {
        let lists: Vec<&Postings> = forms.iter().filter_map(|f| self.postings(f)).collect();
        match lists.as_slice() {
            [] => None,
            [one] => Some(Cow::Borrowed(*one)),
            _ => Some(Cow::Owned(self.joined(&lists))),
        }
    }

    fn joined(&self, lists: &[&Postings]) -> Postings {
        let mut all: Vec<(u32, u8)> = lists
            .iter()
            .flat_map(|p| p.units.iter().copied().zip(p.tf.iter().copied()))
            .collect();
        all.sort_unstable_by_key(|&(u, _)| u);
        let mut out = Postings::default();
        for run in all.chunk_by(|a, b| a.0 == b.0) {
            let tf: u32 = run.iter().map(|&(_, t)| u32::from(t)).sum();
            out.units.push(run[0].0);
            out.tf.push(u8::try_from(tf).unwrap_or(u8::MAX));
        }
        let avg = self.avg_unit_len;
        out.part = out
            .units
            .iter()
            .zip(&out.tf)
            .map(|(&u, &tf)| tf_part(f32::from(tf), self.units[u as usize].len as f32, avg))
            .collect();
        let mut docs: Vec<u32> = out
            .units
            .iter()
            .map(|&u| self.units[u as usize].doc)
            .collect();
        docs.dedup();
        out.docs = to_u32(docs.len());
        out
    }

    /// Whether a folded word of document `doc` is one of `terms` (index
    /// terms), as the document's language analyses it.
    fn is_one_of(&self, doc: usize, word: &str, terms: &[String]) -> bool {
        match self.analyzer(doc) {
            Some(a) => {
                let t = a.term(word);
                terms.iter().any(|q| *q == t)
            }
            None => terms.iter().any(|q| q == word),
        }
    }

    /// The positions in `p` of the units of document `doc`.
    fn in_doc(&self, p: &Postings, doc: usize) -> Range<usize> {
        let Some(info) = self.docs.get(doc) else {
            return 0..0;
        };
        let lo = p.units.partition_point(|&u| u < info.units.start);
        let hi = p.units.partition_point(|&u| u < info.units.end);
        lo..hi
    }

    /// The code point text of unit `u`, or `None` when the document changed.
    fn unit_text<'d>(&self, docs: &'d [Document], u: &Unit) -> Option<&'d str> {
        let doc = docs.get(u.doc as usize)?;
        if self.docs.get(u.doc as usize)?.hash != doc.hash {
            return None;
        }
        doc.slice(u.start as usize, u.end as usize)
    }

    /// Searches the text a person typed: empty and wordless queries are
    /// errors (the window says so), anything else a result, maybe empty.
    pub fn search_text(
        &self,
        docs: &[Document],
        text: &str,
        limit: usize,
    ) -> Result<DocHits, SearchError> {
        if text.trim().is_empty() {
            return Err(SearchError::EmptyQuery);
        }
        let query = Query::parse(text);
        if query.is_empty() {
            return Err(SearchError::NoWords);
        }
        self.search(docs, &query, limit)
    }

    /// Documents holding every word and phrase of `query`, best first
    /// (Okapi BM25 over documents), at most `limit`.
    pub fn search(
        &self,
        docs: &[Document],
        query: &Query,
        limit: usize,
    ) -> Result<DocHits, SearchError> {
        self.check(docs)?;
        let terms = query.terms();
        if terms.is_empty() || limit == 0 {
            return Ok(DocHits::default());
        }
        // (postings, (document, occurrences)) per word.
        type Listed<'a> = (Cow<'a, Postings>, Vec<(u32, u32)>);
        let mut lists: Vec<Listed<'_>> = Vec::new();
        for t in &terms {
            let Some(p) = self.word_postings(t) else {
                return Ok(DocHits::default());
            };
            let tfs = self.doc_tfs(&p);
            lists.push((p, tfs));
        }
        lists.sort_by_key(|(_, l)| l.len());
        // Intersect, shortest list first, scoring as the lists are joined.
        let mut candidates: Vec<(u32, f32)> = Vec::new();
        for (i, (p, list)) in lists.iter().enumerate() {
            let idf = self.doc_idf(p);
            let score = |doc: u32, tf: u32| {
                let len = self.docs[doc as usize].len as f32;
                idf * tf_part(tf as f32, len, self.avg_doc_len)
            };
            if i == 0 {
                candidates = list.iter().map(|&(d, tf)| (d, score(d, tf))).collect();
                continue;
            }
            let mut j = 0;
            candidates.retain_mut(|(d, s)| {
                while j < list.len() && list[j].0 < *d {
                    j += 1;
                }
                if j < list.len() && list[j].0 == *d {
                    *s += score(*d, list[j].1);
                    true
                } else {
                    false
                }
            });
        }
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut out = DocHits {
            hits: Vec::new(),
            candidates: candidates.len(),
        };
        for &(d, score) in candidates.iter().take(MAX_VERIFY) {
            if let Some(hit) = self.doc_hit(docs, query, d as usize, score) {
                out.hits.push(hit);
                if out.hits.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// (document, occurrences) for a term, documents ascending.
    fn doc_tfs(&self, p: &Postings) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for (&u, &tf) in p.units.iter().zip(&p.tf) {
            let d = self.units[u as usize].doc;
            match out.last_mut() {
                Some((last, n)) if *last == d => *n += u32::from(tf),
                _ => out.push((d, u32::from(tf))),
            }
        }
        out
    }

    /// Where the query occurs in document `d`: `None` when a phrase does not.
    fn doc_hit(&self, docs: &[Document], query: &Query, d: usize, score: f32) -> Option<SearchHit> {
        let doc = docs.get(d)?;
        if self.docs.get(d)?.hash != doc.hash {
            return None;
        }
        let mut hits = 0usize;
        // (unit, part) pairs: which sentence holds which part.
        let mut present: Vec<(u32, usize)> = Vec::new();
        let mut phrase_marks: Vec<(u32, (usize, usize))> = Vec::new();
        for (pi, part) in query.parts.iter().enumerate() {
            if !part.is_phrase() {
                let p = self.word_postings(&part.terms[0])?;
                let r = self.in_doc(&p, d);
                hits += p.tf[r.clone()]
                    .iter()
                    .map(|&t| usize::from(t))
                    .sum::<usize>();
                present.extend(p.units[r].iter().map(|&u| (u, pi)));
                continue;
            }
            // Sentences holding every term of the phrase, then checked in order.
            let mut units: Option<Vec<u32>> = None;
            for t in &part.terms {
                let p = self.word_postings(t)?;
                let these = &p.units[self.in_doc(&p, d)];
                units = Some(match units {
                    None => these.to_vec(),
                    Some(mut u) => {
                        u.retain(|x| these.binary_search(x).is_ok());
                        u
                    }
                });
            }
            let mut found = false;
            for u in units.unwrap_or_default() {
                let unit = &self.units[u as usize];
                let text = self.unit_text(docs, unit)?;
                for m in phrase_matches(text, unit.start as usize, &part.terms) {
                    found = true;
                    hits += 1;
                    phrase_marks.push((u, m));
                    if present.last() != Some(&(u, pi)) {
                        present.push((u, pi));
                    }
                }
            }
            if !found {
                return None;
            }
        }
        present.sort_unstable();
        // The sentence holding the most parts; the first of those.
        let mut best = (0usize, u32::MAX);
        for run in present.chunk_by(|a, b| a.0 == b.0) {
            let n = run.len();
            if n > best.0 || (n == best.0 && run[0].0 < best.1) {
                best = (n, run[0].0);
            }
        }
        let unit = *self.units.get(best.1 as usize)?;
        let text = self.unit_text(docs, &unit)?;
        let words: Vec<String> = query
            .parts
            .iter()
            .filter(|p| !p.is_phrase())
            .flat_map(|p| self.forms(&p.terms[0]))
            .collect();
        let mut marks: Vec<(usize, usize)> = tokens(text)
            .into_iter()
            .filter(|t| self.is_one_of(d, &t.term, &words))
            .map(|t| (t.start + unit.start as usize, t.end + unit.start as usize))
            .collect();
        marks.extend(
            phrase_marks
                .iter()
                .filter(|(u, _)| *u == best.1)
                .map(|(_, m)| *m),
        );
        marks.sort_unstable();
        marks.dedup();
        Some(SearchHit {
            doc: d,
            start: unit.start as usize,
            end: unit.end as usize,
            snippet: snippet(doc, &unit, marks),
            hits,
            score,
        })
    }

    /// The sentences of other documents that most likely bear on `claim`,
    /// best first, at most `top`, any number from one article. `exclude`
    /// is the claim's own document.
    pub fn suggest(
        &self,
        docs: &[Document],
        claim: &str,
        exclude: Option<usize>,
        top: usize,
        ranking: Ranking,
    ) -> Result<Vec<Suggestion>, SearchError> {
        let options = SuggestOptions {
            exclude,
            top,
            per_article: None,
            ranking,
            meaning: None,
            meaning_weight: MEANING_WEIGHT,
        };
        self.suggest_with(docs, claim, &options)
    }

    /// [`Index::suggest`] with every choice: at most
    /// `options.per_article` sentences of one article (its best ones), so
    /// the list reaches more reports.
    pub fn suggest_with(
        &self,
        docs: &[Document],
        claim: &str,
        options: &SuggestOptions<'_>,
    ) -> Result<Vec<Suggestion>, SearchError> {
        let SuggestOptions {
            exclude,
            top,
            per_article,
            ranking,
            meaning,
            meaning_weight,
        } = *options;
        self.check(docs)?;
        let claim_tokens: Vec<Token> = tokens(claim).into_iter().take(MAX_CLAIM_TOKENS).collect();
        if claim_tokens.is_empty() {
            return Err(SearchError::EmptyClaim);
        }
        // (forms, weight): every occurrence for Plain, as rank_bm25 sums a
        // repeated query word; once, at its highest weight, for Claim.
        let mut query: Vec<(Vec<String>, f32)> = Vec::new();
        for (i, t) in claim_tokens.iter().enumerate() {
            let forms = self.forms(&t.term);
            match ranking {
                Ranking::Plain => query.push((forms, 1.0)),
                Ranking::Claim => {
                    let w = claim_weight(t, i == 0);
                    match query.iter_mut().find(|(q, _)| *q == forms) {
                        Some((_, old)) => *old = old.max(w),
                        None => query.push((forms, w)),
                    }
                }
            }
        }
        // The claim's own document: a range of unit ids, skipped.
        let skip = exclude
            .and_then(|d| self.docs.get(d))
            .map_or(0..0, |d| d.units.clone());
        let mut scores = vec![0f32; self.units.len()];
        let lists: Vec<Option<Cow<'_, Postings>>> = query
            .iter()
            .map(|(forms, _)| self.forms_postings(forms))
            .collect();
        for ((_, weight), p) in query.iter().zip(&lists) {
            let Some(p) = p else {
                continue;
            };
            let idf = self.unit_idf(p) * weight;
            for (&u, &part) in p.units.iter().zip(&p.part) {
                if !skip.contains(&u) {
                    scores[u as usize] += idf * part;
                }
            }
        }
        // (unit, score, cosine, by meaning)
        let best: Vec<(u32, f32, Option<f32>, bool)> = match meaning {
            Some((model, semantic)) => {
                let ask = Fusion {
                    model,
                    semantic,
                    weight: meaning_weight,
                    top,
                    per_article,
                };
                self.fused(docs, claim, &scores, skip, &ask)
            }
            None => match per_article {
                None => top_units(&scores, top),
                Some(n) => self.top_units_per_doc(&scores, top, n),
            }
            .into_iter()
            .map(|u| (u, scores[u as usize], None, false))
            .collect(),
        };
        // Words in more than about 40 % of the sentences ("the", "to") say
        // nothing about why a sentence was suggested: they are not marked.
        let claim_terms: Vec<String> = query
            .iter()
            .zip(&lists)
            .filter(|(_, p)| {
                p.as_ref()
                    .is_some_and(|p| idf(self.units.len(), p.units.len()) >= MARK_IDF)
            })
            .flat_map(|((forms, _), _)| forms.iter().cloned())
            .collect();
        let mut out = Vec::new();
        for (u, score, cosine, by_meaning) in best {
            let unit = self.units[u as usize];
            let Some(text) = self.unit_text(docs, &unit) else {
                continue;
            };
            let base = unit.start as usize;
            let marks = tokens(text)
                .into_iter()
                .filter(|t| self.is_one_of(unit.doc as usize, &t.term, &claim_terms))
                .map(|t| (t.start + base, t.end + base))
                .collect();
            out.push(Suggestion {
                doc: unit.doc as usize,
                start: base,
                end: unit.end as usize,
                text: text.to_owned(),
                marks,
                score,
                meaning: cosine,
                by_meaning,
            });
        }
        Ok(out)
    }
}

/// Sentences each ranking hands to the fusion.
const FUSED_DEPTH: usize = 200;
/// Reciprocal rank fusion's constant (Cormack et al. 2009): a sentence at
/// rank r of a list adds 1 / (K + r).
const RRF_K: f32 = 60.0;
/// What the ranking by meaning counts beside BM25's (1) by default: tuned
/// on FNC-1's training split (BENCHMARKS.md). The static embedding is
/// weaker than shared words, and a full weight lost more than it found.
pub const MEANING_WEIGHT: f32 = 0.1;
/// Least cosine similarity of a sentence suggested for its meaning alone
/// (sharing none of the claim's words): below it, the static embedding's
/// neighbours are mostly noise ("zanzibar quokka" reaches 0.37 with a
/// sentence of the seeds).
const MIN_MEANING: f32 = 0.4;

impl Index {
    /// BM25's ranking and the ranking by meaning fused by reciprocal rank,
    /// then at most `per_article` of one document.
    fn fused(
        &self,
        docs: &[Document],
        claim: &str,
        scores: &[f32],
        skip: Range<u32>,
        ask: &Fusion<'_>,
    ) -> Vec<(u32, f32, Option<f32>, bool)> {
        let Fusion {
            model,
            semantic,
            weight,
            top,
            per_article,
        } = *ask;
        let lexical = top_units(scores, FUSED_DEPTH);
        let by_meaning: Vec<(u32, f32)> = match model.embed(claim) {
            Some(q) if semantic.unit_count() == self.units.len() => semantic
                .nearest(&q, skip, FUSED_DEPTH)
                .into_iter()
                .filter(|&(u, cos)| {
                    let d = self.units[u as usize].doc as usize;
                    cos > 0.0
                        && docs
                            .get(d)
                            .is_some_and(|doc| semantic.is_current(d, &doc.hash))
                })
                .collect(),
            _ => Vec::new(),
        };
        // unit → (fused score, lexical rank, meaning rank, cosine)
        type Entry = (f32, usize, usize, Option<f32>);
        let mut fused: HashMap<u32, Entry> = HashMap::new();
        for (r, &u) in lexical.iter().enumerate() {
            let e = fused
                .entry(u)
                .or_insert((0.0, usize::MAX, usize::MAX, None));
            e.0 += 1.0 / (RRF_K + r as f32 + 1.0);
            e.1 = r;
        }
        for (r, &(u, cos)) in by_meaning.iter().enumerate() {
            let e = fused
                .entry(u)
                .or_insert((0.0, usize::MAX, usize::MAX, None));
            e.0 += weight / (RRF_K + r as f32 + 1.0);
            e.2 = r;
            e.3 = Some(cos);
        }
        let mut ranked: Vec<(u32, Entry)> = fused
            .into_iter()
            .filter(|(_, e)| e.1 != usize::MAX || e.3.is_some_and(|c| c >= MIN_MEANING))
            .collect();
        ranked.sort_by(|a, b| b.1.0.total_cmp(&a.1.0).then(a.0.cmp(&b.0)));
        let mut per_doc: HashMap<u32, usize> = HashMap::new();
        let mut out = Vec::new();
        for (u, (score, lex, mean, cos)) in ranked {
            if out.len() >= top {
                break;
            }
            let n = per_doc.entry(self.units[u as usize].doc).or_insert(0);
            if per_article.is_some_and(|limit| *n >= limit) {
                continue;
            }
            *n += 1;
            out.push((u, score, cos, mean < lex));
        }
        out
    }

    /// [`top_units`] taking at most `n` units of one document, its best.
    fn top_units_per_doc(&self, scores: &[f32], top: usize, n: usize) -> Vec<u32> {
        let mut kept: Vec<f32> = vec![0.0; scores.len()];
        for d in &self.docs {
            let range = d.units.start as usize..d.units.end as usize;
            for u in top_units(&scores[range.clone()], n) {
                let u = range.start + u as usize;
                kept[u] = scores[u];
            }
        }
        top_units(&kept, top)
    }
}

/// What [`Index::fused`] is asked.
#[derive(Clone, Copy)]
struct Fusion<'a> {
    model: &'a StaticModel,
    semantic: &'a SemanticIndex,
    weight: f32,
    top: usize,
    per_article: Option<usize>,
}

/// How [`Index::suggest_with`] chooses.
#[derive(Clone, Copy)]
pub struct SuggestOptions<'a> {
    /// The claim's own document, left out.
    pub exclude: Option<usize>,
    /// Most sentences listed.
    pub top: usize,
    /// Most sentences of one article (`None`: any number).
    pub per_article: Option<usize>,
    pub ranking: Ranking,
    /// Rank by meaning too (fused with BM25) with this model and the
    /// corpus's sentence vectors; `None`: shared words alone.
    pub meaning: Option<(&'a StaticModel, &'a SemanticIndex)>,
    /// What a rank by meaning counts beside a rank by shared words
    /// ([`MEANING_WEIGHT`] unless a study wants another).
    pub meaning_weight: f32,
}

/// The `top` units with the highest non-zero scores, best first (ties:
/// earlier unit first). A unit no claim word reached scores exactly 0.
fn top_units(scores: &[f32], top: usize) -> Vec<u32> {
    use std::cmp::Ordering;
    use std::collections::BinaryHeap;
    // Ordered so the heap's top is the worst kept: lowest score, latest unit.
    #[derive(PartialEq)]
    struct Kept(f32, u32);
    impl Eq for Kept {}
    impl PartialOrd for Kept {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Kept {
        fn cmp(&self, other: &Self) -> Ordering {
            other.0.total_cmp(&self.0).then(self.1.cmp(&other.1))
        }
    }
    let mut heap: BinaryHeap<Kept> = BinaryHeap::new();
    for (u, &s) in scores.iter().enumerate() {
        if s == 0.0 || top == 0 {
            continue;
        }
        let k = Kept(s, to_u32(u));
        if heap.len() < top {
            heap.push(k);
        } else if heap.peek().is_some_and(|w| k < *w) {
            heap.pop();
            heap.push(k);
        }
    }
    heap.into_sorted_vec().into_iter().map(|k| k.1).collect()
}

fn parts_of(
    chunk: &[Document],
    langs: &[Option<Language>],
    progress: &BuildProgress,
) -> Vec<DocPart> {
    let one = |(d, lang): (&Document, &Option<Language>)| {
        let part = if progress.cancel.load(Ordering::Relaxed) {
            DocPart::default()
        } else {
            index_doc(d, *lang)
        };
        progress.done.fetch_add(1, Ordering::Relaxed);
        part
    };
    // The browser build has no threads.
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        chunk.par_iter().zip(langs).map(one).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        chunk.iter().zip(langs).map(one).collect()
    }
}

/// The language of each document. One too short to tell for sure takes
/// the language most of the corpus is surely in (a headline-only article
/// is in its neighbours' language far more often than not); in a corpus
/// where no document is long enough to be sure, the guesses vote, each by
/// its confidence. `None` when the build was cancelled.
fn languages_of(docs: &[Document], progress: &BuildProgress) -> Option<Vec<Option<Language>>> {
    let one = |d: &Document| {
        if progress.cancel.load(Ordering::Relaxed) {
            None
        } else {
            Language::guess(&d.text)
        }
    };
    #[cfg(not(target_arch = "wasm32"))]
    let guesses: Vec<Option<Guess>> = {
        use rayon::prelude::*;
        docs.par_iter().map(one).collect()
    };
    #[cfg(target_arch = "wasm32")]
    let guesses: Vec<Option<Guess>> = docs.iter().map(one).collect();
    if progress.cancel.load(Ordering::Relaxed) {
        return None;
    }
    let vote = |sure_only: bool| {
        let mut counts: Vec<(Language, f64)> = Vec::new();
        for g in guesses.iter().flatten().filter(|g| g.sure || !sure_only) {
            let weight = if sure_only { 1.0 } else { g.confidence };
            match counts.iter_mut().find(|(c, _)| *c == g.language) {
                Some((_, n)) => *n += weight,
                None => counts.push((g.language, weight)),
            }
        }
        // Ties go to the language met first.
        counts
            .iter()
            .rev()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(l, _)| *l)
    };
    let most = vote(true).or_else(|| vote(false));
    Some(
        guesses
            .iter()
            .map(|g| match g {
                Some(g) if g.sure => Some(g.language),
                _ => most,
            })
            .collect(),
    )
}

/// Tokens a phrase is matched against: the pairs of a CJK run, not its
/// single characters (a lone CJK character stays).
fn phrase_stream(text: &str, base: usize) -> Vec<Token> {
    let all = {
        let mut v = Vec::new();
        each_token(text, base, |t| v.push(t.clone()));
        v
    };
    let covered = |i: usize| {
        let t = &all[i];
        let before = i
            .checked_sub(1)
            .and_then(|j| all.get(j))
            .is_some_and(|p| !p.single && p.end == t.end);
        let after = all
            .get(i + 1)
            .is_some_and(|n| !n.single && n.start == t.start);
        before || after
    };
    (0..all.len())
        .filter(|&i| !(all[i].single && covered(i)))
        .map(|i| all[i].clone())
        .collect()
}

/// Code point ranges (offset by `base`) where `terms` occur in a row.
fn phrase_matches(text: &str, base: usize, terms: &[String]) -> Vec<(usize, usize)> {
    let stream = phrase_stream(text, base);
    let n = terms.len();
    if n == 0 || stream.len() < n {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i + n <= stream.len() {
        if stream[i..i + n]
            .iter()
            .zip(terms)
            .all(|(t, q)| t.term == *q)
        {
            out.push((stream[i].start, stream[i + n - 1].end));
            i += n;
        } else {
            i += 1;
        }
    }
    out
}

/// The unit's text, cut to a window around its first mark when long.
fn snippet(doc: &Document, unit: &Unit, marks: Vec<(usize, usize)>) -> Snippet {
    let (us, ue) = (unit.start as usize, unit.end as usize);
    let first = marks.first().map_or(us, |m| m.0);
    let (mut s, mut e) = (us, ue);
    if ue - us > SNIPPET_CHARS {
        s = first.saturating_sub(SNIPPET_CHARS / 3).max(us);
        e = (s + SNIPPET_CHARS).min(ue);
    }
    let text = doc.slice(s, e).unwrap_or_default().to_owned();
    let marks = marks
        .into_iter()
        .filter(|&(ms, me)| ms >= s && me <= e)
        .collect();
    Snippet {
        text,
        start: s,
        marks,
    }
}

#[cfg(test)]
mod tests;
