//! Agreement between annotators' project files over the same corpus: span
//! F1 (exact and overlap), Cohen's κ, Krippendorff's α (nominal), Fleiss' κ
//! and evidence F1, per pair and overall, with the counts behind each
//! figure. Free of egui; the command line (`crosscheck agree`) and the
//! window both read a [`Report`].
//!
//! The definitions are in `docs/teams.md` ("How each figure is defined");
//! each one is checked against the standard Python implementations on
//! committed fixtures (`tests/agreement/reference.py`,
//! `tests/fixtures/agreement/`).
//!
//! A figure that is undefined on the data (no units, a single category, no
//! claims on either side) is `None`, written as JSON `null`, never NaN.

pub mod adjudicate;
pub mod compare;
mod matching;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::project::{Claim, Project};

pub use matching::{max_matching, overlap};

/// Why a set of files cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgreementError {
    #[error("agreement needs at least two annotators' files, got {0}")]
    TooFew(usize),
    #[error("{0} has no claims: nothing to compare")]
    Empty(String),
    #[error("{a} and {b} are the same file")]
    SameFile { a: String, b: String },
    #[error(
        "{a} and {b} are both by annotator {name:?}; each annotator's file must be compared once"
    )]
    SameAnnotator { a: String, b: String, name: String },
    #[error("{a} and {b} are over different corpora: {detail}")]
    DifferentCorpora {
        a: String,
        b: String,
        detail: String,
    },
}

/// The annotator a project file stands for: the most common `annotator`
/// among its claims (ties go to the name that sorts first), `None` for a
/// file with no claims. A file is one annotator's work; a stray claim by
/// someone else (an import, a merged edit) does not rename it.
pub fn annotator_name(project: &Project) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for claim in project.claims().iter() {
        *counts.entry(claim.annotator.as_str()).or_default() += 1;
    }
    // BTreeMap iterates names in order, and `max_by_key` keeps the last
    // maximum, so compare on (count, Reverse(name)) to keep the first name.
    counts
        .into_iter()
        .max_by_key(|&(name, n)| (n, std::cmp::Reverse(name)))
        .map(|(name, _)| name.to_owned())
}

/// Checks that two projects are over the same corpus: the same document ids
/// with the same content hashes. `Err` carries a one-line explanation.
pub fn same_corpus(a: &Project, b: &Project) -> Result<(), String> {
    let (da, db) = (a.documents(), b.documents());
    if let Some(id) = da.keys().find(|id| !db.contains_key(*id)) {
        return Err(format!("document {id:?} is only in the first"));
    }
    if let Some(id) = db.keys().find(|id| !da.contains_key(*id)) {
        return Err(format!("document {id:?} is only in the second"));
    }
    let differs = |(id, info): &(&String, &crate::project::DocumentInfo)| {
        db.get(*id).is_some_and(|other| other.hash != info.hash)
    };
    if let Some((id, _)) = da.iter().find(differs) {
        return Err(format!("document {id:?} has different text"));
    }
    Ok(())
}

/// One annotator's claims, ready for comparison: detached spans set aside
/// (their offsets no longer point at their text) and counted.
#[derive(Debug, Clone)]
pub struct Annotator<'p> {
    pub name: String,
    /// Claims whose own span is in place, in file order (doc, start, end, id).
    claims: Vec<&'p Claim>,
    /// Claims left out because their own span is detached.
    pub detached_claims: usize,
    /// Evidence links left out (of kept claims) because their span is detached.
    pub detached_evidence: usize,
}

impl<'p> Annotator<'p> {
    pub fn new(name: impl Into<String>, project: &'p Project) -> Self {
        Self::keeping(name, project, |_| true)
    }

    /// [`Annotator::new`] with only the claims `keep` keeps (the documents
    /// a figure is about), without copying the project.
    pub fn keeping(
        name: impl Into<String>,
        project: &'p Project,
        keep: impl Fn(&Claim) -> bool,
    ) -> Self {
        let mut claims = Vec::new();
        let (mut detached_claims, mut detached_evidence) = (0, 0);
        for claim in project.claims().sorted().into_iter().filter(|c| keep(c)) {
            if claim.span.detached {
                detached_claims += 1;
            } else {
                detached_evidence += claim.evidence.iter().filter(|e| e.span.detached).count();
                claims.push(claim);
            }
        }
        Self {
            name: name.into(),
            claims,
            detached_claims,
            detached_evidence,
        }
    }

    /// The claims that take part, in file order.
    pub fn claims(&self) -> &[&'p Claim] {
        &self.claims
    }
}

/// An F1 figure and its counts: F1 = 2·matched / (a + b).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct F1 {
    pub f1: Option<f64>,
    pub matched: usize,
    pub a: usize,
    pub b: usize,
}

impl F1 {
    fn new(matched: usize, a: usize, b: usize) -> Self {
        let f1 = (a + b > 0).then(|| 2.0 * matched as f64 / (a + b) as f64);
        Self { f1, matched, a, b }
    }
}

/// Span F1 under the overlap matching, with the code points the matched
/// pairs share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapF1 {
    #[serde(flatten)]
    pub f1: F1,
    pub shared_code_points: usize,
}

/// Cohen's κ on the labels of overlap-matched pairs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohenKappa {
    pub kappa: Option<f64>,
    /// Matched pairs where both claims have a label (the items κ is over).
    pub pairs: usize,
    /// Of those, pairs with the same label.
    pub same_label: usize,
    /// Matched pairs left out because a claim has no label yet.
    pub unlabelled_pairs: usize,
}

/// Figures for one pair of annotators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairFigures {
    pub a: String,
    pub b: String,
    pub span_f1_exact: F1,
    pub span_f1_overlap: OverlapF1,
    pub cohen_kappa: CohenKappa,
    pub evidence_f1: F1,
    /// Span F1, exact, per label: same span and same label.
    pub by_label: BTreeMap<String, F1>,
}

/// Krippendorff's α, nominal, over all annotators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alpha {
    pub alpha: Option<f64>,
    /// Distinct exact spans (doc, start, end) any annotator marked.
    pub units: usize,
    /// Units with at least two values; only these count.
    pub pairable_units: usize,
    /// Values (labels) given, over all units and annotators.
    pub values: usize,
    /// Unit × annotator cells with no value.
    pub missing: usize,
}

/// Fleiss' κ on the units every annotator labelled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fleiss {
    pub kappa: Option<f64>,
    pub units: usize,
    pub raters: usize,
    /// Labels that occur in those units.
    pub categories: usize,
}

/// Figures over all annotators; the pairwise figures as means over pairs
/// (pairs whose figure is undefined are left out of the mean).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overall {
    pub mean_span_f1_exact: Option<f64>,
    pub mean_span_f1_overlap: Option<f64>,
    pub mean_cohen_kappa: Option<f64>,
    pub mean_evidence_f1: Option<f64>,
    pub krippendorff_alpha: Alpha,
    pub fleiss_kappa: Fleiss,
}

/// All figures over one set of claims (the corpus, or one document).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub pairs: Vec<PairFigures>,
    pub overall: Overall,
}

/// What an annotator brought, and what was left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnotatorSummary {
    pub name: String,
    /// Claims that take part (detached ones excluded).
    pub claims: usize,
    pub unlabelled_claims: usize,
    pub evidence_links: usize,
    pub detached_claims: usize,
    pub detached_evidence: usize,
}

/// Everything `crosscheck agree --json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub annotators: Vec<AnnotatorSummary>,
    #[serde(flatten)]
    pub figures: Figures,
    /// Figures per document, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_doc: Option<BTreeMap<String, Figures>>,
}

/// Computes every figure for `annotators` (two or more), and per document
/// when `by_doc`.
pub fn agreement(annotators: &[Annotator<'_>], by_doc: bool) -> Result<Report, AgreementError> {
    if annotators.len() < 2 {
        return Err(AgreementError::TooFew(annotators.len()));
    }
    let views: Vec<View<'_, '_>> = annotators.iter().map(|a| View::of(&a.claims)).collect();
    let names: Vec<&str> = annotators.iter().map(|a| a.name.as_str()).collect();
    let overall = figures(&names, &views);
    let by_doc = by_doc.then(|| {
        let docs: BTreeSet<&str> = views.iter().flat_map(|v| v.docs.keys().copied()).collect();
        docs.into_iter()
            .map(|doc| {
                let one: Vec<View<'_, '_>> = views.iter().map(|v| v.only(doc)).collect();
                (doc.to_owned(), figures(&names, &one))
            })
            .collect()
    });
    let annotators = annotators
        .iter()
        .map(|a| AnnotatorSummary {
            name: a.name.clone(),
            claims: a.claims.len(),
            unlabelled_claims: a.claims.iter().filter(|c| c.label.is_none()).count(),
            evidence_links: a.claims.iter().map(|c| live_evidence(c).count()).sum(),
            detached_claims: a.detached_claims,
            detached_evidence: a.detached_evidence,
        })
        .collect();
    Ok(Report {
        annotators,
        figures: overall,
        by_doc,
    })
}

/// One annotator's claims grouped by document (each group in file order).
struct View<'a, 'p> {
    docs: BTreeMap<&'p str, &'a [&'p Claim]>,
}

impl<'a, 'p> View<'a, 'p> {
    fn of(claims: &'a [&'p Claim]) -> Self {
        let mut docs = BTreeMap::new();
        let mut start = 0;
        // The claims are sorted by document, so each one's are a run.
        for i in 1..=claims.len() {
            if i == claims.len() || claims[i].span.doc != claims[start].span.doc {
                if i > start {
                    docs.insert(claims[start].span.doc.as_str(), &claims[start..i]);
                }
                start = i;
            }
        }
        Self { docs }
    }

    fn only(&self, doc: &str) -> Self {
        Self {
            docs: self
                .docs
                .get_key_value(doc)
                .map(|(k, v)| (*k, *v))
                .into_iter()
                .collect(),
        }
    }

    fn claims(&self) -> impl Iterator<Item = &'p Claim> + '_ {
        self.docs.values().flat_map(|c| c.iter().copied())
    }

    fn len(&self) -> usize {
        self.docs.values().map(|c| c.len()).sum()
    }
}

fn live_evidence(claim: &Claim) -> impl Iterator<Item = &crate::project::Evidence> {
    claim.evidence.iter().filter(|e| !e.span.detached)
}

fn figures(names: &[&str], views: &[View<'_, '_>]) -> Figures {
    use rayon::prelude::*;
    let ij: Vec<(usize, usize)> = (0..views.len())
        .flat_map(|i| (i + 1..views.len()).map(move |j| (i, j)))
        .collect();
    // Pairs are independent; 10 of them for 5 annotators.
    let pairs: Vec<PairFigures> = ij
        .par_iter()
        .map(|&(i, j)| pair(names[i], names[j], &views[i], &views[j]))
        .collect();
    let units = units(views);
    let mean = |f: &dyn Fn(&PairFigures) -> Option<f64>| {
        let values: Vec<f64> = pairs.iter().filter_map(f).collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    let overall = Overall {
        mean_span_f1_exact: mean(&|p| p.span_f1_exact.f1),
        mean_span_f1_overlap: mean(&|p| p.span_f1_overlap.f1.f1),
        mean_cohen_kappa: mean(&|p| p.cohen_kappa.kappa),
        mean_evidence_f1: mean(&|p| p.evidence_f1.f1),
        krippendorff_alpha: alpha(&units, views.len()),
        fleiss_kappa: fleiss(&units, views.len()),
    };
    Figures { pairs, overall }
}

type SpanKey<'p> = (&'p str, usize, usize);

fn key<'p>(claim: &'p Claim) -> SpanKey<'p> {
    (claim.span.doc.as_str(), claim.span.start, claim.span.end)
}

/// The overlap matching of one document's claims of A and B, as index
/// pairs into the two slices, with the code points each pair shares.
pub(crate) fn match_claims(a: &[&Claim], b: &[&Claim]) -> Vec<(usize, usize, usize)> {
    // Split into clusters of transitively overlapping spans so each
    // matching problem stays small; a sweep over both lists by start.
    let mut all: Vec<(usize, usize, bool, usize)> = Vec::with_capacity(a.len() + b.len());
    all.extend(
        a.iter()
            .enumerate()
            .map(|(i, c)| (c.span.start, c.span.end, false, i)),
    );
    all.extend(
        b.iter()
            .enumerate()
            .map(|(i, c)| (c.span.start, c.span.end, true, i)),
    );
    all.sort_unstable();
    let mut out = Vec::new();
    let mut cluster: Vec<(usize, usize, bool, usize)> = Vec::new();
    let mut reach = 0;
    let mut flush = |cluster: &mut Vec<(usize, usize, bool, usize)>| {
        let left: Vec<usize> = cluster.iter().filter(|c| !c.2).map(|c| c.3).collect();
        let right: Vec<usize> = cluster.iter().filter(|c| c.2).map(|c| c.3).collect();
        cluster.clear();
        if left.is_empty() || right.is_empty() {
            return;
        }
        let mut cands = Vec::new();
        for (li, &ai) in left.iter().enumerate() {
            for (ri, &bi) in right.iter().enumerate() {
                let o = overlap(
                    (a[ai].span.start, a[ai].span.end),
                    (b[bi].span.start, b[bi].span.end),
                );
                if o > 0 {
                    cands.push((li, ri, o as u64));
                }
            }
        }
        for (li, ri) in max_matching(left.len(), right.len(), &cands) {
            let (ai, bi) = (left[li], right[ri]);
            let o = overlap(
                (a[ai].span.start, a[ai].span.end),
                (b[bi].span.start, b[bi].span.end),
            );
            out.push((ai, bi, o));
        }
    };
    for item in all {
        if !cluster.is_empty() && item.0 >= reach {
            flush(&mut cluster);
        }
        reach = if cluster.is_empty() {
            item.1
        } else {
            reach.max(item.1)
        };
        cluster.push(item);
    }
    flush(&mut cluster);
    out.sort_unstable();
    out
}

/// Evidence links of two matched claims that match: same document,
/// overlapping spans, equal relation; one-to-one, most pairs.
pub(crate) fn match_evidence(a: &Claim, b: &Claim) -> Vec<(usize, usize)> {
    let ea: Vec<&crate::project::Evidence> = live_evidence(a).collect();
    let eb: Vec<&crate::project::Evidence> = live_evidence(b).collect();
    let mut cands = Vec::new();
    for (i, x) in ea.iter().enumerate() {
        for (j, y) in eb.iter().enumerate() {
            let o = overlap((x.span.start, x.span.end), (y.span.start, y.span.end));
            if x.span.doc == y.span.doc && x.relation == y.relation && o > 0 {
                cands.push((i, j, o as u64));
            }
        }
    }
    max_matching(ea.len(), eb.len(), &cands)
}

fn pair(name_a: &str, name_b: &str, a: &View<'_, '_>, b: &View<'_, '_>) -> PairFigures {
    // Exact spans, as multisets: a span marked twice by A and once by B is
    // one true positive.
    let mut spans: HashMap<SpanKey<'_>, usize> = HashMap::new();
    let mut labelled: HashMap<(SpanKey<'_>, &str), usize> = HashMap::new();
    let mut label_totals: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for c in a.claims() {
        *spans.entry(key(c)).or_default() += 1;
        if let Some(l) = c.label.as_deref() {
            *labelled.entry((key(c), l)).or_default() += 1;
            label_totals.entry(l).or_default().1 += 1;
        }
    }
    let mut tp = 0;
    for c in b.claims() {
        if let Some(n) = spans.get_mut(&key(c)).filter(|n| **n > 0) {
            *n -= 1;
            tp += 1;
        }
        if let Some(l) = c.label.as_deref() {
            let totals = label_totals.entry(l).or_default();
            totals.2 += 1;
            if let Some(n) = labelled.get_mut(&(key(c), l)).filter(|n| **n > 0) {
                *n -= 1;
                totals.0 += 1;
            }
        }
    }
    let (na, nb) = (a.len(), b.len());
    let by_label = label_totals
        .into_iter()
        .map(|(l, (tp, x, y))| (l.to_owned(), F1::new(tp, x, y)))
        .collect();

    let (mut matched, mut shared) = (0, 0);
    let mut label_pairs: Vec<(&str, &str)> = Vec::new();
    let mut unlabelled_pairs = 0;
    let mut evidence_matched = 0;
    for (doc, ca) in &a.docs {
        let Some(cb) = b.docs.get(doc) else { continue };
        for (i, j, o) in match_claims(ca, cb) {
            matched += 1;
            shared += o;
            match (ca[i].label.as_deref(), cb[j].label.as_deref()) {
                (Some(x), Some(y)) => label_pairs.push((x, y)),
                _ => unlabelled_pairs += 1,
            }
            evidence_matched += match_evidence(ca[i], cb[j]).len();
        }
    }
    let evidence = |v: &View<'_, '_>| v.claims().map(|c| live_evidence(c).count()).sum();
    let same_label = label_pairs.iter().filter(|(x, y)| x == y).count();
    PairFigures {
        a: name_a.to_owned(),
        b: name_b.to_owned(),
        span_f1_exact: F1::new(tp, na, nb),
        span_f1_overlap: OverlapF1 {
            f1: F1::new(matched, na, nb),
            shared_code_points: shared,
        },
        cohen_kappa: CohenKappa {
            kappa: cohen_kappa(&label_pairs),
            pairs: label_pairs.len(),
            same_label,
            unlabelled_pairs,
        },
        evidence_f1: F1::new(evidence_matched, evidence(a), evidence(b)),
        by_label,
    }
}

/// Cohen's κ as scikit-learn computes it: 1 − Σ off-diagonal observed /
/// Σ off-diagonal expected (the same value as (pₒ − pₑ)/(1 − pₑ)).
/// `None` with no pairs, or when only one label occurs (κ is 0/0).
pub fn cohen_kappa(pairs: &[(&str, &str)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let labels: BTreeSet<&str> = pairs.iter().flat_map(|(x, y)| [*x, *y]).collect();
    let index: HashMap<&str, usize> = labels.iter().enumerate().map(|(i, l)| (*l, i)).collect();
    let k = labels.len();
    let mut confusion = vec![vec![0f64; k]; k];
    for (x, y) in pairs {
        confusion[index[x]][index[y]] += 1.0;
    }
    let rows: Vec<f64> = confusion.iter().map(|r| r.iter().sum()).collect();
    let cols: Vec<f64> = (0..k)
        .map(|j| confusion.iter().map(|r| r[j]).sum())
        .collect();
    let n: f64 = rows.iter().sum();
    let (mut observed, mut expected) = (0.0, 0.0);
    for i in 0..k {
        for j in 0..k {
            if i != j {
                observed += confusion[i][j];
                expected += rows[i] * cols[j] / n;
            }
        }
    }
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

/// Every annotator's value per unit: the label of the first labelled claim
/// (file order) with exactly that span, `None` when there is none.
type Units<'p> = HashMap<SpanKey<'p>, Vec<Option<&'p str>>>;

fn units<'p>(views: &[View<'_, 'p>]) -> Units<'p> {
    let mut units: Units<'p> = HashMap::new();
    for (i, view) in views.iter().enumerate() {
        for claim in view.claims() {
            let values = units
                .entry(key(claim))
                .or_insert_with(|| vec![None; views.len()]);
            if values[i].is_none() {
                values[i] = claim.label.as_deref();
            }
        }
    }
    units
}

/// Krippendorff's α for nominal data (Krippendorff 2011, "Computing
/// Krippendorff's Alpha-Reliability", section C): from the coincidence
/// matrix of pairable units, α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k.
fn alpha(units: &Units<'_>, annotators: usize) -> Alpha {
    let mut coincidence: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    let (mut values, mut pairable) = (0, 0);
    for cell in units.values() {
        let given: Vec<&str> = cell.iter().flatten().copied().collect();
        values += given.len();
        let m = given.len();
        if m < 2 {
            continue;
        }
        pairable += 1;
        for (x, c) in given.iter().enumerate() {
            for (y, k) in given.iter().enumerate() {
                if x != y {
                    *coincidence.entry((c, k)).or_default() += 1.0 / (m - 1) as f64;
                }
            }
        }
    }
    let mut marginals: BTreeMap<&str, f64> = BTreeMap::new();
    for ((c, _), o) in &coincidence {
        *marginals.entry(c).or_default() += o;
    }
    let n: f64 = marginals.values().sum();
    let disagree: f64 = coincidence
        .iter()
        .filter(|((c, k), _)| c != k)
        .map(|(_, o)| o)
        .sum();
    let total: f64 =
        marginals.values().sum::<f64>().powi(2) - marginals.values().map(|v| v * v).sum::<f64>();
    let alpha = (pairable > 0 && total > 0.0).then(|| 1.0 - (n - 1.0) * disagree / total);
    Alpha {
        alpha,
        units: units.len(),
        pairable_units: pairable,
        values,
        missing: units.len() * annotators - values,
    }
}

/// Fleiss' κ (Fleiss 1971) as statsmodels computes it, over the units every
/// annotator labelled.
fn fleiss(units: &Units<'_>, raters: usize) -> Fleiss {
    let full: Vec<Vec<&str>> = units
        .values()
        .filter_map(|cell| cell.iter().copied().collect::<Option<Vec<&str>>>())
        .collect();
    let categories: BTreeSet<&str> = full.iter().flatten().copied().collect();
    let index: HashMap<&str, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, l)| (*l, i))
        .collect();
    let mut totals = vec![0f64; categories.len()];
    let mut p_mean = 0.0;
    let r = raters as f64;
    for cell in &full {
        let mut row = vec![0f64; categories.len()];
        for l in cell {
            row[index[l]] += 1.0;
        }
        let squares: f64 = row.iter().map(|x| x * x).sum();
        p_mean += (squares - r) / (r * (r - 1.0));
        for (t, x) in totals.iter_mut().zip(&row) {
            *t += x;
        }
    }
    let kappa = (!full.is_empty()).then(|| {
        let units = full.len() as f64;
        p_mean /= units;
        let all: f64 = totals.iter().sum();
        let expected: f64 = totals.iter().map(|t| (t / all) * (t / all)).sum();
        (expected < 1.0).then(|| (p_mean - expected) / (1.0 - expected))
    });
    Fleiss {
        kappa: kappa.flatten(),
        units: full.len(),
        raters,
        categories: categories.len(),
    }
}

#[cfg(test)]
mod tests;
