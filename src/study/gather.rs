//! The end of a study: the annotators' files gathered into one gold
//! project. A document only one annotator had is taken as they left it
//! (each claim marked with its source, `annotator:claim-id`); an overlap
//! document is left to adjudication (File › Compare with… over the gold
//! file and the annotators' files, where the claims already taken count as
//! decided). Gathering again (more work came in) replaces what the gold
//! file holds on single-annotated documents and keeps everything else: the
//! adjudicator's decisions on the overlap.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Plan, StudyError};
use crate::agreement;
use crate::corpus::Corpus;
use crate::project::{self, Claim, Edit, Project, shared};

/// What was gathered.
pub struct Gathered {
    pub gold: Project,
    /// The gold file as read, which the save is checked against.
    snapshot: shared::Snapshot,
    pub gold_path: PathBuf,
    /// The study's corpus folder.
    pub corpus_dir: PathBuf,
    /// The gold file existed: its overlap work was kept.
    pub updated: bool,
    /// Claims taken from single-annotated documents.
    pub taken: usize,
    /// Single-annotated documents with claims or marked done, and how many
    /// of them their annotator marked done.
    pub single_docs: usize,
    pub single_done: usize,
    /// Overlap documents, left to adjudication, by id.
    pub overlap: Vec<String>,
    /// The annotators' files that exist, to compare the gold file with.
    pub files: Vec<PathBuf>,
    /// What the lead should know: missing files, claims outside a share.
    pub notes: Vec<String>,
}

/// Gathers the study planned in `plan_path` into `gold_path`, in memory;
/// [`write`] saves it. Nothing is written here.
pub fn gather(plan_path: &Path, gold_path: &Path) -> Result<Gathered, StudyError> {
    let plan = Plan::load(plan_path)?;
    let corpus_dir = plan.corpus_dir(plan_path);
    let corpus = Corpus::open(&corpus_dir).map_err(|e| StudyError::Corpus(e.to_string()))?;
    let mut notes = Vec::new();
    let mut members: Vec<(String, String, Project)> = Vec::new();
    let mut files = Vec::new();
    for m in &plan.annotators {
        let path = plan.member_path(plan_path, m);
        if same_file(&path, gold_path) {
            return Err(StudyError::Settings(format!(
                "{} is {}'s file; write the gold project to another file",
                gold_path.display(),
                m.name
            )));
        }
        if !path.exists() {
            let n = plan.share(&m.name).len();
            notes.push(format!(
                "{} has no file yet ({}): none of their {n} documents is gathered",
                m.name,
                path.display()
            ));
            continue;
        }
        let (mut p, hash) = project::load_hashed(&path)?;
        let journal = project::journal::inspect_file(&path, Some(hash));
        if journal.pending() > 0 {
            return Err(StudyError::Busy {
                path,
                note: journal.describe().unwrap_or_default(),
            });
        }
        project::sync_with_corpus(&mut p, &corpus);
        // The name File › Compare with… will know the file by, so the
        // claims taken here count as decided there.
        let source = agreement::annotator_name(&p).unwrap_or_else(|| m.name.clone());
        files.push(path);
        members.push((m.name.clone(), source, p));
    }
    if members.is_empty() {
        return Err(StudyError::Settings(
            "nothing to gather: no annotator of the study has a file yet".into(),
        ));
    }
    let updated = gold_path.exists();
    // An open window's unsaved decisions (its journal) are taken in, and
    // the save is checked against what was read, as every writer's is.
    let (mut gold, snapshot) = if updated {
        let (mut g, hash) = project::load_hashed(gold_path)?;
        let over = project::corpus_dir(gold_path, &g);
        if over.canonicalize().ok() != corpus_dir.canonicalize().ok() {
            return Err(StudyError::Settings(format!(
                "{} is a project over {}, not over the study's corpus {}",
                gold_path.display(),
                over.display(),
                corpus_dir.display()
            )));
        }
        let (snapshot, applied) = shared::recover_in_memory(&mut g, gold_path, Some(hash));
        notes.extend(applied.describe());
        (g, snapshot)
    } else {
        let reference = project::corpus_reference(gold_path, &corpus_dir);
        let g = match members.first() {
            Some((_, _, p)) => p.blank_like(reference),
            None => Project::new(reference),
        };
        let snapshot = shared::Snapshot::loaded(None, std::sync::Arc::new(g.clone()));
        (g, snapshot)
    };
    project::sync_with_corpus(&mut gold, &corpus);

    let single: BTreeSet<&str> = plan
        .documents
        .iter()
        .filter(|(_, d)| !d.overlap && d.annotators.len() == 1)
        .map(|(id, _)| id.as_str())
        .collect();
    let overlap: Vec<String> = plan
        .documents
        .iter()
        .filter(|(id, _)| !single.contains(id.as_str()))
        .map(|(id, _)| id.clone())
        .collect();
    // What an earlier gathering took on single documents goes; it is
    // taken again below as the annotators have it now.
    let mut edits: Vec<Edit> = gold
        .claims()
        .iter()
        .filter(|c| single.contains(c.span.doc.as_str()))
        .map(|c| Edit::RemoveClaim(c.id.clone()))
        .collect();
    let (mut taken, mut single_docs, mut single_done) = (0, 0, 0);
    let mut ids: BTreeSet<String> = gold
        .claims()
        .iter()
        .filter(|c| !single.contains(c.span.doc.as_str()))
        .map(|c| c.id.0.clone())
        .collect();
    for (name, source, p) in &members {
        let mut outside = 0;
        let mut docs_with_claims: BTreeSet<&str> = BTreeSet::new();
        for c in p.claims().sorted() {
            let doc = c.span.doc.as_str();
            if !single.contains(doc) {
                continue;
            }
            if !plan
                .documents
                .get(doc)
                .is_some_and(|d| d.annotators.contains(name))
            {
                outside += 1;
                continue;
            }
            let mut copy: Claim = c.clone();
            copy.sources = vec![format!("{source}:{}", c.id.0)];
            copy.conflict = None;
            copy.key_info = None;
            copy.feedback = None;
            // Claim ids are random; two annotators' alike would be rare, and
            // the gold file must not hold one twice.
            if !ids.insert(copy.id.0.clone()) {
                copy.id = project::ClaimId(project::new_id("c"));
                ids.insert(copy.id.0.clone());
            }
            docs_with_claims.insert(doc);
            edits.push(Edit::AddClaim(Box::new(copy)));
            taken += 1;
        }
        if outside > 0 {
            notes.push(format!(
                "{name}: {outside} claims on documents another annotator has alone are not taken"
            ));
        }
        for doc in plan.share(name) {
            if !single.contains(doc.as_str()) {
                continue;
            }
            let done = p.documents().get(&doc).is_some_and(|d| d.done);
            if done || docs_with_claims.contains(doc.as_str()) {
                single_docs += 1;
            }
            if done {
                single_done += 1;
            }
            if gold.documents().get(&doc).is_some_and(|d| d.done) != done
                && corpus.get(&doc).is_some()
            {
                edits.push(Edit::SetDone { doc, done });
            }
        }
    }
    gold.apply(Edit::Batch(edits))
        .map_err(|e| StudyError::Settings(format!("cannot gather: {e}")))?;
    Ok(Gathered {
        gold,
        snapshot,
        gold_path: gold_path.to_path_buf(),
        corpus_dir,
        updated,
        taken,
        single_docs,
        single_done,
        overlap,
        files,
        notes,
    })
}

/// Saves the gathered gold project (atomically, keeping the previous file
/// as its backup, as every save does). What a window saved into the gold
/// file meanwhile is merged in; the merge's description is returned.
pub fn write(gathered: &Gathered) -> Result<Option<String>, StudyError> {
    let saved = shared::save_checked(
        gathered.gold.clone(),
        &gathered.gold_path,
        &gathered.snapshot,
        None,
        false,
    )?;
    Ok(saved.merged.map(|m| m.describe()))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
