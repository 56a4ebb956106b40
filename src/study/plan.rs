//! The plan file: who has which document in a study, as human-readable,
//! versioned RON beside the annotators' files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::StudyError;

/// The plan format this build writes, and the newest it reads.
pub const PLAN_VERSION: u32 = 1;

/// The plan's file name in the study folder when none is given.
pub const PLAN_FILE: &str = "study.ron";

/// One annotator of the study and the project file they work in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    /// Relative to the plan file's folder, with `/`.
    pub file: String,
}

/// What the plan knows of one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedDoc {
    /// Length of the text in code points: what loads are balanced by.
    pub chars: usize,
    /// SHA-256 of the text when planned, so a changed corpus is noticed.
    pub hash: String,
    /// Chosen for double annotation (agreement is measured on these).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overlap: bool,
    /// The annotators who have it, by name, in team order.
    pub annotators: Vec<String>,
}

/// Everything a plan file holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Marks the file as a study plan (and not a project file).
    pub study_format: u32,
    /// The corpus folder, relative to the plan file's folder, with `/`.
    pub corpus: String,
    pub seed: u64,
    /// The share of documents chosen for overlap, 0 to 1.
    pub overlap: f64,
    /// How many annotators each overlap document goes to.
    pub per_doc: usize,
    pub annotators: Vec<Member>,
    /// By document id (path in the corpus, with `/`).
    pub documents: BTreeMap<String, PlannedDoc>,
}

impl Plan {
    /// The documents of `name`'s share.
    pub fn share(&self, name: &str) -> BTreeSet<String> {
        self.documents
            .iter()
            .filter(|(_, d)| d.annotators.iter().any(|a| a == name))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Code points of `name`'s share.
    pub fn load_of(&self, name: &str) -> usize {
        self.documents
            .values()
            .filter(|d| d.annotators.iter().any(|a| a == name))
            .map(|d| d.chars)
            .sum()
    }

    /// The file of annotator `name`, relative to the plan's folder.
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.annotators.iter().find(|m| m.name == name)
    }

    /// The plan as written: pretty RON, `\n` line ends.
    pub fn to_ron(&self) -> Result<String, StudyError> {
        let config = ron::ser::PrettyConfig::new()
            .new_line("\n")
            .indentor("    ")
            .struct_names(false);
        let mut text = ron::ser::to_string_pretty(self, config)
            .map_err(|e| StudyError::Serialize(e.to_string()))?;
        text.push('\n');
        Ok(text)
    }

    /// Parses a plan; `path` is for messages. Checks what the planner
    /// relies on, so a hand-edited plan is refused rather than misread.
    pub fn from_ron(text: &str, path: &Path) -> Result<Self, StudyError> {
        let invalid = |message: String| StudyError::InvalidPlan {
            path: path.to_path_buf(),
            message,
        };
        #[derive(Deserialize)]
        struct VersionOnly {
            study_format: u32,
        }
        let version: VersionOnly = ron::from_str(text)
            .map_err(|e| invalid(format!("line {}: {}", e.span.start.line, e.code)))?;
        if version.study_format > PLAN_VERSION {
            return Err(invalid(format!(
                "written by a newer crosscheck (plan format {}; this one reads up to {PLAN_VERSION})",
                version.study_format
            )));
        }
        let plan: Plan = ron::from_str(text)
            .map_err(|e| invalid(format!("line {}: {}", e.span.start.line, e.code)))?;
        plan.check().map_err(invalid)?;
        Ok(plan)
    }

    fn check(&self) -> Result<(), String> {
        check_shape(self.overlap, self.per_doc, self.annotators.len())?;
        let mut names = BTreeSet::new();
        for m in &self.annotators {
            check_name(&m.name)?;
            if !names.insert(m.name.as_str()) {
                return Err(format!("annotator {:?} is listed twice", m.name));
            }
            if !crate::project::is_safe_doc_id(&m.file) {
                return Err(format!(
                    "annotator file {:?} is outside the plan's folder",
                    m.file
                ));
            }
        }
        for (id, doc) in &self.documents {
            if !crate::project::is_safe_doc_id(id) {
                return Err(format!("document {id:?} is outside the corpus"));
            }
            if doc.annotators.is_empty() {
                return Err(format!("document {id:?} has no annotator"));
            }
            let mut seen = BTreeSet::new();
            for a in &doc.annotators {
                if !names.contains(a.as_str()) {
                    return Err(format!(
                        "document {id:?} goes to {a:?}, who is not in the team"
                    ));
                }
                if !seen.insert(a) {
                    return Err(format!("document {id:?} goes to {a:?} twice"));
                }
            }
        }
        Ok(())
    }

    /// Reads the plan at `path`.
    pub fn load(path: &Path) -> Result<Self, StudyError> {
        let text = crate::input::read_to_string(path, crate::input::MAX_INPUT_BYTES).map_err(
            |source| StudyError::Read {
                path: path.to_path_buf(),
                source,
            },
        )?;
        Self::from_ron(&text, path)
    }

    /// Writes the plan atomically (see [`crate::atomic`]).
    pub fn save(&self, path: &Path) -> Result<(), StudyError> {
        let text = self.to_ron()?;
        crate::atomic::write(path, text.as_bytes()).map_err(|e| StudyError::Write {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// The corpus folder, for a plan at `plan_path`.
    pub fn corpus_dir(&self, plan_path: &Path) -> PathBuf {
        resolve(plan_path, &self.corpus)
    }

    /// Annotator `m`'s project file, for a plan at `plan_path`.
    pub fn member_path(&self, plan_path: &Path, m: &Member) -> PathBuf {
        resolve(plan_path, &m.file)
    }
}

fn resolve(plan_path: &Path, relative: &str) -> PathBuf {
    let base = plan_path.parent().unwrap_or(Path::new("."));
    let p = Path::new(relative);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

/// The overlap share, per-document count and team size make a plan.
pub(super) fn check_shape(overlap: f64, per_doc: usize, team: usize) -> Result<(), String> {
    if team == 0 {
        return Err("a study needs at least one annotator".into());
    }
    if !(0.0..=1.0).contains(&overlap) {
        return Err(format!(
            "the overlap share must be between 0 and 1, not {overlap}"
        ));
    }
    if per_doc < 2 && overlap > 0.0 {
        return Err(format!(
            "--per-doc must be at least 2 for documents to overlap, not {per_doc}"
        ));
    }
    if overlap > 0.0 && per_doc > team {
        return Err(format!(
            "--per-doc {per_doc} is more than the {team} annotators of the team"
        ));
    }
    Ok(())
}

/// An annotator's name becomes their file's name (`NAME.ron`): letters,
/// digits, `-`, `_` and inner `.` only.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "annotator name {:?} cannot be a file name: use letters, digits, '-', '_' or '.' \
             (not first), at most 64",
            crate::text::terminal::safe(name)
        ))
    }
}
