//! Grading students' project files against a teacher's answer key: which
//! key claims each student found or missed, their extra claims, label
//! accuracy, evidence links found and a score from the key's rubric. Free
//! of egui; `crosscheck grade` and (later) the window's grading view both
//! read a [`Grade`].
//!
//! The matching rule is defined once, here ([`RULE`], [`finds`]), and
//! printed by the command line and `docs/classrooms.md`.

pub mod feedback;
pub mod runs;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::agreement::{max_matching, overlap};
use crate::corpus::Corpus;
use crate::project::{AnchorReport, Claim, ClaimId, Evidence, Project, Rubric, Span};

/// The rule, as the command line prints it and `docs/classrooms.md` states it.
pub const RULE: &str = "A student's claim finds a key claim when both are in the same document \
and their spans share at least half of the shorter span's code points. Each key claim is found \
by at most one student claim and each student claim finds at most one key claim: of all such \
pairings the one with the most pairs is taken, and among those the one sharing the most code \
points (the matching `crosscheck agree` uses). A student's evidence link finds a link of the key \
claim it was matched to when both are in the same document, share at least half of the shorter \
span and have the same relation (one-to-one the same way). Detached spans are left out and counted.";

/// Why a file cannot be graded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradeError {
    #[error(
        "{0} is not marked as an answer key (mark it with `crosscheck key {0}`, \
         see docs/classrooms.md)"
    )]
    NotAKey(String),
    #[error("{0} is an answer key with no claims: nothing to grade against")]
    EmptyKey(String),
    #[error("{0} is an answer key itself, not a student's file")]
    StudentIsAKey(String),
    #[error("{file} is over a different corpus than the key: {detail}")]
    DifferentCorpus { file: String, detail: String },
    #[error("{file} and {other} are both by student {name:?}; neither was graded")]
    SameStudent {
        file: String,
        other: String,
        name: String,
    },
    #[error("{0} is the answer key itself")]
    KeyAsStudent(String),
}

/// Code points `key` and `student` share when the student's span finds the
/// key's under [`RULE`] (same document, at least half of the shorter span
/// shared), else `None`.
pub fn finds(key: &Span, student: &Span) -> Option<usize> {
    if key.doc != student.doc || key.detached || student.detached {
        return None;
    }
    let shared = overlap((key.start, key.end), (student.start, student.end));
    let shorter = key.len().min(student.len());
    // `2 * shared >= shorter` is "at least half" without rounding; a
    // shared count of 0 never qualifies.
    (shared > 0 && 2 * shared >= shorter).then_some(shared)
}

/// Checks that a student's project is over the key's corpus, then
/// re-anchors its spans against the key's documents (the student may have
/// worked on an edited copy). The report says what moved or came loose.
pub fn anchor_student(
    student: &mut Project,
    key_corpus: &Corpus,
    file: &str,
) -> Result<AnchorReport, GradeError> {
    let different = |detail: String| GradeError::DifferentCorpus {
        file: file.to_owned(),
        detail,
    };
    let known = student.documents();
    if !known.is_empty() && !known.keys().any(|id| key_corpus.get(id).is_some()) {
        return Err(different(
            "no document of the student's file is in the key's corpus".into(),
        ));
    }
    for claim in student.claims().sorted() {
        if let Some(span) = claim.spans().find(|s| key_corpus.get(&s.doc).is_none()) {
            return Err(different(format!(
                "claim {} is in {:?}, which the key's corpus does not have",
                claim.id, span.doc
            )));
        }
    }
    Ok(crate::project::sync_with_corpus(student, key_corpus))
}

/// One key claim found by one student claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair {
    pub key: ClaimId,
    pub student: ClaimId,
    /// The key claim is required (not a bonus).
    pub required: bool,
    /// `None` when the key claim has no label (nothing to check).
    pub label_correct: Option<bool>,
    /// Links of the key claim (in place) the student's links found.
    pub evidence_found: usize,
    /// Links of the key claim that are in place.
    pub evidence_key: usize,
}

/// One student's result against the key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    /// The student's name (or pseudonym, see [`pseudonyms`]).
    pub student: String,
    pub score: u64,
    /// The score of a student who finds every required key claim with its
    /// label and every one of its links, and nothing extra.
    pub max_score: u64,
    /// `100 · score / max_score`; `None` when the maximum is 0. Bonus claims
    /// can take it above 100.
    pub percent: Option<f64>,
    pub required: usize,
    pub found_required: usize,
    pub missed_required: usize,
    pub bonus: usize,
    pub found_bonus: usize,
    pub missed_bonus: usize,
    /// Student claims that find no key claim.
    pub extra: usize,
    /// Found key claims that have a label.
    pub labels_checked: usize,
    /// Of those, found with the key's label.
    pub labels_correct: usize,
    /// `labels_correct / labels_checked`; `None` when nothing was checked.
    pub label_accuracy: Option<f64>,
    /// Key links found, over all found key claims.
    pub evidence_found: usize,
    /// Key links of the found key claims.
    pub evidence_of_found: usize,
    /// Student spans (claims and links) left out because they are detached.
    pub detached_left_out: usize,
    /// Matches, misses and extras by claim id, for feedback files.
    #[serde(skip)]
    pub pairs: Vec<Pair>,
    #[serde(skip)]
    pub missed: Vec<ClaimId>,
    #[serde(skip)]
    pub extra_claims: Vec<ClaimId>,
}

fn required(claim: &Claim) -> bool {
    claim.key_info.as_ref().is_none_or(|k| k.required)
}

fn in_place(claims: Vec<&Claim>) -> Vec<&Claim> {
    claims.into_iter().filter(|c| !c.span.detached).collect()
}

/// Matches one student's links against one key claim's links.
fn match_evidence(key: &[Evidence], student: &[Evidence]) -> usize {
    let key: Vec<&Evidence> = key.iter().filter(|e| !e.span.detached).collect();
    let student: Vec<&Evidence> = student.iter().filter(|e| !e.span.detached).collect();
    let mut cands = Vec::new();
    for (i, k) in key.iter().enumerate() {
        for (j, s) in student.iter().enumerate() {
            if k.relation == s.relation
                && let Some(shared) = finds(&k.span, &s.span)
            {
                cands.push((i, j, shared as u64));
            }
        }
    }
    max_matching(key.len(), student.len(), &cands).len()
}

/// Grades `student` (already re-anchored with [`anchor_student`]) against
/// the answer key `key`, under `rubric`.
pub fn grade(key: &Project, student: &Project, name: &str, rubric: &Rubric) -> Grade {
    let key_claims = in_place(key.claims().sorted());
    let all_student = student.claims().sorted();
    let detached_left_out = all_student
        .iter()
        .map(|c| {
            if c.span.detached {
                1 + c.evidence.len()
            } else {
                c.evidence.iter().filter(|e| e.span.detached).count()
            }
        })
        .sum();
    let student_claims = in_place(all_student);

    // Candidates only within a document: both lists are in document order,
    // so group the student's by document once.
    let mut by_doc: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (j, s) in student_claims.iter().enumerate() {
        by_doc.entry(s.span.doc.as_str()).or_default().push(j);
    }
    let mut cands = Vec::new();
    for (i, k) in key_claims.iter().enumerate() {
        for &j in by_doc.get(k.span.doc.as_str()).into_iter().flatten() {
            if let Some(shared) = finds(&k.span, &student_claims[j].span) {
                cands.push((i, j, shared as u64));
            }
        }
    }
    let matching = max_matching(key_claims.len(), student_claims.len(), &cands);
    let mut student_matched = vec![false; student_claims.len()];
    let mut key_matched = vec![false; key_claims.len()];
    let mut pairs = Vec::with_capacity(matching.len());
    for &(i, j) in &matching {
        key_matched[i] = true;
        student_matched[j] = true;
        let (k, s) = (key_claims[i], student_claims[j]);
        pairs.push(Pair {
            key: k.id.clone(),
            student: s.id.clone(),
            required: required(k),
            label_correct: k.label.as_ref().map(|l| s.label.as_ref() == Some(l)),
            evidence_found: match_evidence(&k.evidence, &s.evidence),
            evidence_key: k.evidence.iter().filter(|e| !e.span.detached).count(),
        });
    }
    let missed: Vec<ClaimId> = key_claims
        .iter()
        .zip(&key_matched)
        .filter(|(_, m)| !**m)
        .map(|(c, _)| c.id.clone())
        .collect();
    let extra_claims: Vec<ClaimId> = student_claims
        .iter()
        .zip(&student_matched)
        .filter(|(_, m)| !**m)
        .map(|(c, _)| c.id.clone())
        .collect();

    let count = |f: &dyn Fn(&&Claim) -> bool| key_claims.iter().filter(|c| f(c)).count();
    let required_n = count(&|c| required(c));
    let bonus_n = key_claims.len() - required_n;
    let found_required = pairs.iter().filter(|p| p.required).count();
    let found_bonus = pairs.len() - found_required;
    let labels_checked = pairs.iter().filter(|p| p.label_correct.is_some()).count();
    let labels_correct = pairs
        .iter()
        .filter(|p| p.label_correct == Some(true))
        .count();
    let evidence_found: usize = pairs.iter().map(|p| p.evidence_found).sum();
    let evidence_of_found: usize = pairs.iter().map(|p| p.evidence_key).sum();

    let (pf, pl, pe, px) = (
        u64::from(rubric.points_found),
        u64::from(rubric.points_label),
        u64::from(rubric.points_evidence),
        u64::from(rubric.penalty_extra),
    );
    let earned = pf * pairs.len() as u64 + pl * labels_correct as u64 + pe * evidence_found as u64;
    let score = earned.saturating_sub(px * extra_claims.len() as u64);
    let max_score: u64 = key_claims
        .iter()
        .filter(|c| required(c))
        .map(|c| {
            pf + if c.label.is_some() { pl } else { 0 }
                + pe * c.evidence.iter().filter(|e| !e.span.detached).count() as u64
        })
        .sum();
    let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
    Grade {
        student: name.to_owned(),
        score,
        max_score,
        percent: (max_score > 0).then(|| 100.0 * score as f64 / max_score as f64),
        required: required_n,
        found_required,
        missed_required: required_n - found_required,
        bonus: bonus_n,
        found_bonus,
        missed_bonus: bonus_n - found_bonus,
        extra: extra_claims.len(),
        labels_checked,
        labels_correct,
        label_accuracy: ratio(labels_correct, labels_checked),
        evidence_found,
        evidence_of_found,
        detached_left_out,
        pairs,
        missed,
        extra_claims,
    }
}

/// Pseudonyms `S01`, `S02`, … for `names`: numbered in the order of the
/// SHA-256 of each name (ties, which do not happen, by name), so the
/// numbers say nothing about alphabetical order and the same class gets the
/// same pseudonyms on every run. Two digits, more past 99.
pub fn pseudonyms(names: &[String]) -> Vec<String> {
    pseudonyms_keeping(names, &BTreeMap::new())
}

/// As [`pseudonyms`], but a name in `known` (name → pseudonym, from an
/// earlier run's mapping) keeps its pseudonym, and new names are numbered
/// after the highest `S` number in use, so adding or removing a student
/// never renumbers the others.
pub fn pseudonyms_keeping(names: &[String], known: &BTreeMap<String, String>) -> Vec<String> {
    let number = |p: &str| p.strip_prefix('S').and_then(|n| n.parse::<usize>().ok());
    let mut next = known.values().filter_map(|p| number(p)).max().unwrap_or(0);
    let mut order: Vec<(String, usize)> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| !known.contains_key(*n))
        .map(|(i, n)| (crate::corpus::hash_text(n), i))
        .collect();
    order.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| names[a.1].cmp(&names[b.1])));
    let width = (next + order.len()).to_string().len().max(2);
    let mut out: Vec<String> = names
        .iter()
        .map(|n| known.get(n).cloned().unwrap_or_default())
        .collect();
    for (_, i) in order {
        next += 1;
        out[i] = format!("S{next:0width$}");
    }
    out
}

/// What `INSTRUCTIONS.md` says when the key gives no instructions.
const DEFAULT_INSTRUCTIONS: &str = "\
# Instructions

Open `crosscheck.ron` in crosscheck (`crosscheck crosscheck.ron` in this
folder), read every article, highlight the claims you find and label them.
Your work is saved as you go; hand in `crosscheck.ron`.
";

/// Writes the students' handout into `out` (new, or an empty folder): the
/// corpus copied byte for byte, an empty `crosscheck.ron` with the key's
/// labels and guidelines, and `INSTRUCTIONS.md` — no answers. Built in a
/// temporary folder beside `out` and renamed into place.
pub fn write_handout(key: &Project, corpus: &Corpus, out: &std::path::Path) -> Result<(), String> {
    use std::path::{Path, PathBuf};
    if out.exists() {
        let empty = std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(format!(
                "{} already exists and is not an empty folder; nothing was written",
                out.display()
            ));
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |what: &Path, e: std::io::Error| format!("cannot write {}: {e}", what.display());
    let temp = crate::atomic::TempDir::create(&parent).map_err(|e| io(&parent, e))?;
    let corpus_dir = temp.path().join("corpus");
    for doc in corpus.documents.iter() {
        // Documents are copied byte for byte, so a student's copy decodes to
        // the same text and the same fingerprint as the key's.
        let from = corpus.root.join(&doc.id);
        let to = corpus_dir.join(&doc.id);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        std::fs::copy(&from, &to).map_err(|e| io(&to, e))?;
    }
    let blank = key.blank_like("corpus");
    crate::project::save(
        &blank,
        &temp.path().join(crate::project::DEFAULT_PROJECT_FILE),
    )
    .map_err(|e| e.to_string())?;
    let instructions = key
        .answer_key()
        .map(|k| k.instructions.as_str())
        .filter(|t| !t.trim().is_empty())
        .map_or_else(
            || DEFAULT_INSTRUCTIONS.to_owned(),
            |t| format!("{}\n", t.trim_end()),
        );
    let path = temp.path().join("INSTRUCTIONS.md");
    std::fs::write(&path, instructions).map_err(|e| io(&path, e))?;
    if out.exists() {
        std::fs::remove_dir(out).map_err(|e| io(out, e))?;
    }
    std::fs::rename(temp.path(), out).map_err(|e| io(out, e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(doc: &str, start: usize, end: usize) -> Span {
        Span {
            doc: doc.into(),
            start,
            end,
            quote: String::new(),
            prefix: String::new(),
            suffix: String::new(),
            detached: false,
        }
    }

    #[test]
    fn half_of_the_shorter_span() {
        // Shorter span 10..20 (10 code points): 5 shared finds, 4 does not.
        assert_eq!(finds(&span("a", 0, 15), &span("a", 10, 20)), Some(5));
        assert_eq!(finds(&span("a", 0, 14), &span("a", 10, 20)), None);
        // Containment always finds.
        assert_eq!(finds(&span("a", 0, 100), &span("a", 40, 41)), Some(1));
        // Odd length: 3 of 5 is at least half, 2 of 5 is not.
        assert_eq!(finds(&span("a", 0, 5), &span("a", 2, 20)), Some(3));
        assert_eq!(finds(&span("a", 0, 5), &span("a", 3, 20)), None);
        assert_eq!(finds(&span("a", 0, 5), &span("b", 0, 5)), None);
        assert_eq!(finds(&span("a", 0, 5), &span("a", 5, 9)), None);
    }

    #[test]
    fn pseudonyms_are_stable_and_unrelated_to_order() {
        let names: Vec<String> = ["bea", "ann", "cy"].map(String::from).to_vec();
        let a = pseudonyms(&names);
        let mut reversed = names.clone();
        reversed.reverse();
        let mut b = pseudonyms(&reversed);
        b.reverse();
        assert_eq!(a, b);
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, ["S01", "S02", "S03"]);
        // An earlier mapping is kept; a new name comes after it.
        let known: BTreeMap<String, String> = [("ann".to_string(), "S07".to_string())]
            .into_iter()
            .collect();
        let names: Vec<String> = ["dan", "ann"].map(String::from).to_vec();
        assert_eq!(pseudonyms_keeping(&names, &known), ["S08", "S07"]);
    }
}
