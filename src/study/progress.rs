//! How far a study is: per annotator, per document, the overlap still
//! waiting for a second annotator, and agreement on the overlap done so
//! far. Read from the plan and the annotators' files; nothing is written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::StudyError;
use super::plan::Plan;
use crate::agreement::{self, Annotator, PairFigures};
use crate::project::{self, Project};

/// A pause between two claims longer than this is a break, not labelling:
/// it counts toward neither labels per hour nor seconds per claim.
pub const IDLE_GAP_SECS: u64 = 30 * 60;

/// One annotator's progress.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnnotatorProgress {
    pub name: String,
    pub file: String,
    /// The file exists (an annotator who has not begun may have none).
    pub file_found: bool,
    pub assigned: usize,
    pub done: usize,
    /// Assigned documents with a claim or marked done.
    pub started: usize,
    /// `done / assigned`; `None` with nothing assigned.
    pub share_done: Option<f64>,
    pub claims: usize,
    pub labelled_claims: usize,
    pub evidence_links: usize,
    /// The latest claim `modified` time (RFC 3339), `None` without claims.
    pub last_activity: Option<String>,
    /// Seconds between consecutive claims' `created` times, breaks
    /// (gaps over [`IDLE_GAP_SECS`]) left out.
    pub labelling_seconds: u64,
    /// Labelled claims per hour of `labelling_seconds`.
    pub labels_per_hour: Option<f64>,
    /// The median of those gaps.
    pub median_seconds_per_claim: Option<f64>,
    /// Time on task the window recorded over the share's documents
    /// (input in the last minute; idle time not counted).
    pub active_seconds: u64,
    /// The median of that time over the share's documents that have any.
    pub median_seconds_per_document: Option<f64>,
    /// Done share more than 20 % below the team's mean.
    pub behind: bool,
}

/// One document's progress.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentProgress {
    pub id: String,
    pub overlap: bool,
    pub assigned: Vec<String>,
    pub done_by: Vec<String>,
}

/// Agreement between two annotators on the overlap documents both have
/// marked done.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairProgress {
    pub a: String,
    pub b: String,
    pub documents: usize,
    pub figures: PairFigures,
}

/// Everything `crosscheck progress --json` prints.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The plan read, when one was given.
    pub plan: Option<String>,
    pub documents_total: usize,
    pub documents_done: usize,
    pub overlap_documents: usize,
    pub annotators: Vec<AnnotatorProgress>,
    pub documents: Vec<DocumentProgress>,
    /// Overlap documents fewer of whose annotators than planned have
    /// marked them done.
    pub overlap_waiting: Vec<DocumentProgress>,
    pub agreement: Vec<PairProgress>,
    /// Claims on documents not in their annotator's share.
    pub claims_outside_share: usize,
}

/// A member of the study as progress reads it.
struct Seen {
    name: String,
    file: String,
    project: Option<Project>,
    share: BTreeSet<String>,
}

/// Whether `path` holds a study plan rather than a project file.
pub fn is_plan(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = [0u8; 256];
    // A named pipe is no plan, and must not be waited for.
    let Ok(mut f) = crate::input::open(path) else {
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    String::from_utf8_lossy(&head[..n]).contains("study_format")
}

/// Progress over one plan, or over annotators' project files given
/// directly (each file's share is its `assigned` list, or every document
/// it knows when it has none).
pub fn progress(paths: &[PathBuf]) -> Result<Report, StudyError> {
    let plans = paths.iter().filter(|p| is_plan(p)).count();
    let settings = |m: &str| StudyError::Settings(m.to_owned());
    let (plan, plan_path, members) = match (plans, paths.len()) {
        (0, 0) => return Err(settings("give a plan or annotators' project files")),
        (1, 1) => {
            let path = &paths[0];
            let plan = Plan::load(path)?;
            let mut members = Vec::new();
            for m in &plan.annotators {
                let file = plan.member_path(path, m);
                let project = if file.exists() {
                    Some(project::load(&file)?)
                } else {
                    None
                };
                members.push(Seen {
                    name: m.name.clone(),
                    file: file.display().to_string(),
                    project,
                    share: plan.share(&m.name),
                });
            }
            (Some(plan), Some(path.clone()), members)
        }
        (0, _) => {
            let mut members: Vec<Seen> = Vec::new();
            for path in paths {
                let p = project::load(path)?;
                let name = agreement::annotator_name(&p).unwrap_or_else(|| {
                    path.file_stem()
                        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
                });
                if members.iter().any(|m| m.name == name) {
                    return Err(settings(&format!(
                        "two files are by annotator {:?}; give each annotator's file once",
                        crate::text::terminal::safe(&name)
                    )));
                }
                let share = if p.assigned().is_empty() {
                    p.documents().keys().cloned().collect()
                } else {
                    p.assigned().clone()
                };
                members.push(Seen {
                    name,
                    file: path.display().to_string(),
                    project: Some(p),
                    share,
                });
            }
            (None, None, members)
        }
        _ => {
            return Err(settings(
                "give one plan on its own, or project files without a plan",
            ));
        }
    };
    Ok(compute(plan.as_ref(), plan_path.as_deref(), &members))
}

/// Hours and minutes of time on task ("2:05", minutes rounded up), `–`
/// for none.
pub fn hours_minutes(seconds: u64) -> String {
    if seconds == 0 {
        return "–".into();
    }
    let minutes = seconds.div_ceil(60);
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// The median of sorted `values`.
fn median_of(values: &[u64]) -> Option<f64> {
    match values.len() {
        0 => None,
        n if n % 2 == 1 => Some(values[n / 2] as f64),
        n => Some((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0),
    }
}

fn compute(plan: Option<&Plan>, plan_path: Option<&Path>, members: &[Seen]) -> Report {
    // Every document of the study, with who has it and whether it overlaps.
    let mut docs: BTreeMap<String, (bool, usize, Vec<String>)> = BTreeMap::new();
    match plan {
        Some(plan) => {
            for (id, d) in &plan.documents {
                let need = if d.overlap {
                    plan.per_doc.max(d.annotators.len())
                } else {
                    d.annotators.len()
                };
                docs.insert(
                    id.clone(),
                    (
                        d.overlap || d.annotators.len() > 1,
                        need,
                        d.annotators.clone(),
                    ),
                );
            }
        }
        None => {
            for m in members {
                for id in &m.share {
                    docs.entry(id.clone())
                        .or_insert((false, 0, Vec::new()))
                        .2
                        .push(m.name.clone());
                }
            }
            for d in docs.values_mut() {
                d.0 = d.2.len() > 1;
                d.1 = d.2.len();
            }
        }
    }
    let done_in = |m: &Seen, id: &str| {
        m.project
            .as_ref()
            .and_then(|p| p.documents().get(id))
            .is_some_and(|i| i.done)
    };

    let mut annotators = Vec::new();
    let mut outside = 0;
    for m in members {
        let started_docs: BTreeSet<String> = m
            .project
            .as_ref()
            .map(super::write::started_in)
            .unwrap_or_default();
        let done = m.share.iter().filter(|id| done_in(m, id)).count();
        let started = m
            .share
            .iter()
            .filter(|id| started_docs.contains(*id))
            .count();
        let (mut claims, mut labelled, mut links) = (0, 0, 0);
        let mut last: Option<(u64, String)> = None;
        let mut created: Vec<u64> = Vec::new();
        if let Some(p) = &m.project {
            for c in p.claims().iter() {
                claims += 1;
                labelled += usize::from(c.label.is_some());
                links += c.evidence.len();
                if !m.share.contains(&c.span.doc) {
                    outside += 1;
                }
                if let Some(t) = seconds(&c.modified)
                    && last.as_ref().is_none_or(|(l, _)| t > *l)
                {
                    last = Some((t, c.modified.clone()));
                }
                created.extend(seconds(&c.created));
            }
        }
        created.sort_unstable();
        let mut gaps: Vec<u64> = created
            .windows(2)
            .map(|w| w[1] - w[0])
            .filter(|&g| g <= IDLE_GAP_SECS)
            .collect();
        let working: u64 = gaps.iter().sum();
        gaps.sort_unstable();
        let median = median_of(&gaps);
        let mut active: Vec<u64> = m
            .project
            .as_ref()
            .map(|p| {
                m.share
                    .iter()
                    .filter_map(|id| p.documents().get(id))
                    .map(|d| d.active_seconds)
                    .filter(|&s| s > 0)
                    .collect()
            })
            .unwrap_or_default();
        active.sort_unstable();
        annotators.push(AnnotatorProgress {
            name: m.name.clone(),
            file: m.file.clone(),
            file_found: m.project.is_some(),
            assigned: m.share.len(),
            done,
            started,
            share_done: (!m.share.is_empty()).then(|| done as f64 / m.share.len() as f64),
            claims,
            labelled_claims: labelled,
            evidence_links: links,
            last_activity: last.map(|(_, s)| s),
            labelling_seconds: working,
            labels_per_hour: (working > 0).then(|| labelled as f64 * 3600.0 / working as f64),
            median_seconds_per_claim: median,
            active_seconds: active.iter().sum(),
            median_seconds_per_document: median_of(&active),
            behind: false,
        });
    }
    let shares: Vec<f64> = annotators.iter().filter_map(|a| a.share_done).collect();
    if !shares.is_empty() {
        let mean = shares.iter().sum::<f64>() / shares.len() as f64;
        for a in &mut annotators {
            a.behind = a.share_done.is_some_and(|s| s < mean * 0.8);
        }
    }

    let mut documents = Vec::new();
    let mut waiting = Vec::new();
    let mut documents_done = 0;
    for (id, (overlap, need, assigned)) in &docs {
        let done_by: Vec<String> = members
            .iter()
            .filter(|m| assigned.contains(&m.name) && done_in(m, id))
            .map(|m| m.name.clone())
            .collect();
        documents_done += usize::from(!done_by.is_empty());
        let d = DocumentProgress {
            id: id.clone(),
            overlap: *overlap,
            assigned: assigned.clone(),
            done_by,
        };
        if *overlap && d.done_by.len() < *need {
            waiting.push(d.clone());
        }
        documents.push(d);
    }

    let agreement = pair_agreement(members, &documents);
    Report {
        plan: plan_path.map(|p| p.display().to_string()),
        documents_total: documents.len(),
        documents_done,
        overlap_documents: documents.iter().filter(|d| d.overlap).count(),
        annotators,
        documents,
        overlap_waiting: waiting,
        agreement,
        claims_outside_share: outside,
    }
}

/// The figures of `crosscheck agree` for each pair of annotators, on the
/// overlap documents both have marked done (pairs sharing none left out).
fn pair_agreement(members: &[Seen], documents: &[DocumentProgress]) -> Vec<PairProgress> {
    let mut out = Vec::new();
    for (i, a) in members.iter().enumerate() {
        for b in &members[i + 1..] {
            let (Some(pa), Some(pb)) = (&a.project, &b.project) else {
                continue;
            };
            let both: BTreeSet<&str> = documents
                .iter()
                .filter(|d| d.overlap && d.done_by.contains(&a.name) && d.done_by.contains(&b.name))
                .map(|d| d.id.as_str())
                .collect();
            if both.is_empty() {
                continue;
            }
            let on_both = |c: &crate::project::Claim| both.contains(c.span.doc.as_str());
            let pair = [
                Annotator::keeping(a.name.clone(), pa, on_both),
                Annotator::keeping(b.name.clone(), pb, on_both),
            ];
            if let Ok(report) = agreement::agreement(&pair, false)
                && let Some(figures) = report.figures.pairs.into_iter().next()
            {
                out.push(PairProgress {
                    a: a.name.clone(),
                    b: b.name.clone(),
                    documents: both.len(),
                    figures,
                });
            }
        }
    }
    out
}

/// Seconds since 1970 of an RFC 3339 time; `None` when it is not one.
fn seconds(time: &str) -> Option<u64> {
    let t = humantime::parse_rfc3339_weak(time).ok()?;
    t.duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Document};
    use crate::project::{Claim, ClaimId, Edit, Span};

    fn member(corpus: &Corpus, name: &str, share: &[&str], done: &[&str], times: &[&str]) -> Seen {
        let mut p = Project::new(".");
        project::sync_with_corpus(&mut p, corpus);
        for d in done {
            p.apply(Edit::SetDone {
                doc: (*d).into(),
                done: true,
            })
            .unwrap();
        }
        for (i, t) in times.iter().enumerate() {
            let doc = corpus.get(share[0]).unwrap();
            let span = Span::from_document(doc, i, i + 1).unwrap();
            let mut c = Claim::new(span, (i % 2 == 0).then(|| "agrees".into()), name, t);
            c.id = ClaimId(format!("{name}{i}"));
            c.modified = (*t).into();
            p.apply(Edit::AddClaim(Box::new(c))).unwrap();
        }
        Seen {
            name: name.into(),
            file: format!("{name}.ron"),
            share: share.iter().map(|s| (*s).to_owned()).collect(),
            project: Some(p),
        }
    }

    #[test]
    fn time_on_task_per_document() {
        let corpus = Corpus::from_parts(
            ".".into(),
            ["a.txt", "b.txt", "c.txt", "d.txt"]
                .iter()
                .map(|id| Document::new(*id, "Some text of an article."))
                .collect(),
            Vec::new(),
        );
        let mut ana = member(&corpus, "ana", &["a.txt", "b.txt", "c.txt"], &[], &[]);
        if let Some(p) = &mut ana.project {
            for (doc, s) in [("a.txt", 120), ("b.txt", 300), ("d.txt", 900)] {
                p.apply(Edit::AddActiveTime {
                    doc: doc.into(),
                    seconds: s,
                })
                .unwrap();
            }
        }
        let r = compute(None, None, &[ana]);
        let a = &r.annotators[0];
        // d.txt is not hers; c.txt has no time yet and is not counted.
        assert_eq!(a.active_seconds, 420);
        assert_eq!(a.median_seconds_per_document, Some(210.0));
    }

    #[test]
    fn counts_times_and_waiting_overlap_from_files() {
        let corpus = Corpus::from_parts(
            ".".into(),
            ["a.txt", "b.txt", "c.txt"]
                .iter()
                .map(|id| Document::new(*id, "Some text of an article."))
                .collect(),
            Vec::new(),
        );
        let ana = member(
            &corpus,
            "ana",
            &["a.txt", "b.txt"],
            &["a.txt", "b.txt"],
            &[
                "2026-01-01T10:00:00Z",
                "2026-01-01T10:00:30Z",
                "2026-01-01T10:01:30Z",
                // A break of over half an hour: not counted.
                "2026-01-01T12:00:00Z",
            ],
        );
        let ben = member(
            &corpus,
            "ben",
            &["b.txt", "c.txt"],
            &[],
            &["2026-01-02T09:00:00Z"],
        );
        let r = compute(None, None, &[ana, ben]);
        let a = &r.annotators[0];
        assert_eq!(
            (a.assigned, a.done, a.claims, a.labelled_claims),
            (2, 2, 4, 2)
        );
        assert_eq!(a.labelling_seconds, 90);
        assert_eq!(a.median_seconds_per_claim, Some(45.0));
        assert_eq!(a.labels_per_hour, Some(2.0 * 3600.0 / 90.0));
        assert_eq!(a.last_activity.as_deref(), Some("2026-01-01T12:00:00Z"));
        let b = &r.annotators[1];
        assert_eq!(
            (b.done, b.labels_per_hour, b.median_seconds_per_claim),
            (0, None, None)
        );
        assert!(b.behind && !a.behind, "ben has done nothing, ana all");
        // b.txt is in both shares: an overlap document, done by ana only.
        assert_eq!(r.overlap_documents, 1);
        assert_eq!(r.overlap_waiting.len(), 1);
        assert_eq!(r.overlap_waiting[0].id, "b.txt");
        assert_eq!(r.overlap_waiting[0].done_by, vec!["ana".to_string()]);
        assert!(r.agreement.is_empty(), "nothing done by both yet");
        assert_eq!(r.documents_done, 2);
        assert_eq!(r.claims_outside_share, 0);
    }
}
