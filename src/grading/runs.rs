//! Grading runs, as the window starts them on a worker: a folder of
//! student files graded against the key, and their feedback files written.
//! `crosscheck grade` grades one file at a time with [`super::grade`].

use std::path::PathBuf;

use super::Grade;
use crate::corpus::Corpus;
use crate::project::{self, Project};

/// One graded student file, or why it was not graded.
pub struct Graded {
    pub path: PathBuf,
    pub result: Result<Grade, String>,
    /// The student's project as graded (re-anchored over the key's corpus).
    pub project: Option<Project>,
}

/// A student file read and re-anchored: (student name, project), or why not.
type Loaded = Result<(String, Project), String>;

/// Grades every file against `key` (on a worker): a file that cannot be
/// graded gets its reason, the others are still graded.
pub fn grade_files(key: &Project, corpus: &Corpus, files: &[PathBuf]) -> Vec<Graded> {
    let rubric = key.answer_key().and_then(|k| k.rubric).unwrap_or_default();
    let mut loaded: Vec<(PathBuf, Loaded)> = files
        .iter()
        .map(|path| {
            let file = path.display().to_string();
            let result = project::load(path)
                .map_err(|e| e.to_string())
                .and_then(|mut p| {
                    super::anchor_student(&mut p, corpus, &file).map_err(|e| e.to_string())?;
                    let name = crate::agreement::annotator_name(&p).unwrap_or_else(|| {
                        path.file_stem()
                            .map_or(file.clone(), |s| s.to_string_lossy().into_owned())
                    });
                    Ok((name, p))
                });
            (path.clone(), result)
        })
        .collect();
    // Two files by one student: neither is graded (which one counts is the
    // teacher's call).
    let names: Vec<Option<String>> = loaded
        .iter()
        .map(|(_, r)| r.as_ref().ok().map(|(n, _)| n.clone()))
        .collect();
    for (i, (_, result)) in loaded.iter_mut().enumerate() {
        if let Ok((name, _)) = result {
            let twice = names
                .iter()
                .enumerate()
                .any(|(j, n)| j != i && n.as_deref() == Some(name.as_str()));
            if twice {
                *result = Err(format!("two files are by {name:?}; neither is graded"));
            }
        }
    }
    loaded
        .into_iter()
        .map(|(path, result)| match result {
            Ok((name, student)) => Graded {
                path,
                result: Ok(super::grade(key, &student, &name, &rubric)),
                project: Some(student),
            },
            Err(e) => Graded {
                path,
                result: Err(e),
                project: None,
            },
        })
        .collect()
}

/// The feedback projects of the graded students, written into `dir`
/// (`<student>.feedback.ron`), each over the key's corpus.
pub fn write_feedback(
    key: &Project,
    corpus_root: &std::path::Path,
    graded: &[(Grade, Project)],
    dir: &std::path::Path,
) -> Result<usize, String> {
    let mut written = 0;
    for (grade, student) in graded {
        let stem: String = grade
            .student
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(format!("{stem}.feedback.ron"));
        let reference = project::corpus_reference(&path, corpus_root);
        let feedback = super::feedback::feedback_project(key, student, grade, reference)
            .map_err(|e| e.to_string())?;
        project::save(&feedback, &path).map_err(|e| format!("{}: {e}", path.display()))?;
        written += 1;
    }
    Ok(written)
}
