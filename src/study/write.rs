//! `assign` on disk: reads the corpus and whatever the study folder holds
//! already, plans, and writes the plan and one project file per annotator,
//! each atomically.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::StudyError;
use super::assign::{Changes, CorpusDoc, Settings, Started, plan_documents, resolve};
use super::plan::{Member, PLAN_FILE, PLAN_VERSION, Plan};
use crate::corpus::Corpus;
use crate::project::{self, Project};

/// Where `assign` writes and what it starts from.
#[derive(Clone, Debug)]
pub struct Request {
    pub corpus: PathBuf,
    /// The study folder: the plan and the annotators' files.
    pub out: PathBuf,
    pub settings: Settings,
    /// Labels and guidelines come from this project (nothing else of it).
    pub template: Option<PathBuf>,
}

/// What `assign` did.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub plan_path: PathBuf,
    pub plan: Plan,
    pub changes: Changes,
    /// Per annotator: their file, and whether it was created now.
    pub files: Vec<(String, PathBuf, bool)>,
    /// Files in the corpus folder that are not documents.
    pub skipped: usize,
    pub extended: bool,
}

/// The documents started in `project`: a claim on them, or marked done.
pub fn started_in(project: &Project) -> BTreeSet<String> {
    let mut docs: BTreeSet<String> = project
        .claims()
        .iter()
        .map(|c| c.span.doc.clone())
        .collect();
    docs.extend(
        project
            .documents()
            .iter()
            .filter(|(_, info)| info.done)
            .map(|(id, _)| id.clone()),
    );
    docs
}

/// Plans (or extends the plan in `request.out`) and writes it all.
pub fn assign(request: &Request) -> Result<Outcome, StudyError> {
    let template = match &request.template {
        Some(path) => Some(project::load(path)?),
        None => None,
    };
    let options = template
        .as_ref()
        .map(crate::workspace::read_options)
        .unwrap_or_default();
    let corpus = Corpus::open_with(&request.corpus, &Default::default(), &options)
        .map_err(|e| StudyError::Corpus(e.to_string()))?;
    let plan_path = request.out.join(PLAN_FILE);
    let previous = if plan_path.exists() {
        Some(Plan::load(&plan_path)?)
    } else {
        None
    };
    if let Some(plan) = &previous {
        let planned = plan.corpus_dir(&plan_path);
        if !same_folder(&planned, &request.corpus) {
            return Err(StudyError::Settings(format!(
                "{} is a plan over {}, not over {}",
                plan_path.display(),
                planned.display(),
                request.corpus.display()
            )));
        }
    }
    let resolved = resolve(&request.settings, previous.as_ref())?;
    // Only once the request is known to be sound: a refused one leaves
    // nothing behind.
    if let Ok(meta) = std::fs::metadata(&request.out)
        && !meta.is_dir()
    {
        let kind = crate::atomic::irregular_kind(meta.file_type()).unwrap_or("a file");
        return Err(StudyError::Write {
            path: request.out.clone(),
            message: format!("it is {kind}, not a folder"),
        });
    }
    std::fs::create_dir_all(&request.out).map_err(|source| StudyError::Write {
        path: request.out.clone(),
        message: source.to_string(),
    })?;

    // Each annotator's file, and what they have started in it.
    let members: Vec<Member> = request
        .settings
        .annotators
        .iter()
        .map(
            |name| match previous.as_ref().and_then(|p| p.member(name)) {
                Some(m) => m.clone(),
                None => Member {
                    name: name.clone(),
                    file: format!("{name}.ron"),
                },
            },
        )
        .collect();
    let mut existing: BTreeMap<String, Project> = BTreeMap::new();
    let mut started: Started = BTreeMap::new();
    for m in &members {
        let path = request.out.join(&m.file);
        if !path.exists() {
            continue;
        }
        let (p, hash) = project::load_hashed(&path)?;
        if !same_folder(&project::corpus_dir(&path, &p), &request.corpus) {
            return Err(StudyError::Settings(format!(
                "{} is a project over {}, not over {}; move it away or choose another --out",
                path.display(),
                project::corpus_dir(&path, &p).display(),
                request.corpus.display()
            )));
        }
        let journal = project::journal::inspect_file(&path, Some(hash));
        if journal.pending() > 0 {
            return Err(StudyError::Busy {
                path,
                note: journal.describe().unwrap_or_default(),
            });
        }
        started.insert(m.name.clone(), started_in(&p));
        existing.insert(m.name.clone(), p);
    }

    let docs: Vec<CorpusDoc> = corpus
        .documents
        .iter()
        .map(|d| CorpusDoc {
            id: d.id.clone(),
            chars: d.char_len(),
            hash: d.hash.clone(),
        })
        .collect();
    let (documents, changes) = plan_documents(
        &docs,
        &request.settings,
        resolved,
        previous.as_ref(),
        &started,
    );
    let plan = Plan {
        study_format: PLAN_VERSION,
        corpus: project::corpus_reference(&plan_path, &request.corpus),
        seed: resolved.seed,
        overlap: resolved.overlap,
        per_doc: resolved.per_doc,
        annotators: members.clone(),
        documents,
    };
    // The plan first: it records the seed, so a run cut short is redone
    // the same way by running it again.
    plan.save(&plan_path)?;

    let mut files = Vec::new();
    for m in &members {
        let path = request.out.join(&m.file);
        let (mut p, created) = match existing.remove(&m.name) {
            Some(p) => (p, false),
            None => {
                let reference = project::corpus_reference(&path, &request.corpus);
                let mut p = Project::new(reference);
                if let Some(t) = &template {
                    take_scheme(&mut p, t)?;
                }
                // Every file knows every document's fingerprint, as a file
                // opened in the window does: agreement checks they match.
                project::sync_with_corpus(&mut p, &corpus);
                (p, true)
            }
        };
        p.set_assigned(plan.share(&m.name));
        project::save(&p, &path)?;
        files.push((m.name.clone(), path, created));
    }
    Ok(Outcome {
        plan_path,
        plan,
        changes,
        files,
        skipped: corpus.skipped.len(),
        extended: previous.is_some(),
    })
}

/// `template`'s labels and guidelines in `p` (a new project), and nothing
/// else of it: no claims, no answer key, no document of another corpus.
fn take_scheme(p: &mut Project, template: &Project) -> Result<(), StudyError> {
    let mut edits: Vec<project::Edit> = p
        .labels()
        .iter()
        .map(|l| project::Edit::RemoveLabel(l.id.clone()))
        .collect();
    edits.extend(template.labels().iter().enumerate().map(|(index, label)| {
        project::Edit::AddLabel {
            index,
            label: label.clone(),
        }
    }));
    edits.push(project::Edit::SetGuidelines(
        template.guidelines().to_owned(),
    ));
    // Its dataset columns too: the same rows get the same ids everywhere.
    edits.extend(
        template
            .datasets()
            .iter()
            .map(|(file, columns)| project::Edit::SetColumns {
                file: file.clone(),
                columns: Some(columns.clone()),
            }),
    );
    for edit in edits {
        p.apply(edit)
            .map_err(|e| StudyError::Settings(format!("the template's label set: {e}")))?;
    }
    Ok(())
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
