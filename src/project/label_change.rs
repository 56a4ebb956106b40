//! A change to the label scheme that may leave claims without a label:
//! what it would take away (asked about before it runs, Edit › Labels…) and
//! the one edit that makes it. Beside [`super::schemes`], which holds the
//! rules of a scheme.

use super::schemes::{self, Orphans};
use super::{Edit, EditError, Label, Project};

/// A label removed, or the whole scheme replaced.
#[derive(Clone, Debug)]
pub enum LabelChange {
    Remove(String),
    Replace {
        labels: Vec<Label>,
        guidelines: Option<String>,
    },
}

/// What a change would take away, before it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Impact {
    /// Claims whose label goes.
    pub claims: usize,
    /// Evidence links whose relation goes.
    pub links: usize,
    /// The labels that stay, as (id, name): what orphans can be relabelled to.
    pub remaining: Vec<(String, String)>,
}

impl LabelChange {
    pub fn impact(&self, project: &Project) -> Impact {
        match self {
            Self::Remove(id) => {
                let (claims, links) = project.label_uses(id);
                let remaining = project
                    .labels()
                    .iter()
                    .filter(|l| &l.id != id)
                    .map(|l| (l.id.clone(), l.name.clone()))
                    .collect();
                Impact {
                    claims,
                    links,
                    remaining,
                }
            }
            Self::Replace { labels, .. } => {
                let (_, claims, links) = schemes::going_labels(project, labels);
                let remaining = labels
                    .iter()
                    .map(|l| (l.id.clone(), l.name.clone()))
                    .collect();
                Impact {
                    claims,
                    links,
                    remaining,
                }
            }
        }
    }

    /// The edit that makes the change, claims that lose their label getting
    /// `orphans`.
    pub fn edit(self, project: &Project, orphans: &Orphans) -> Result<Edit, EditError> {
        match self {
            Self::Remove(id) => schemes::remove_label(project, &id, orphans),
            Self::Replace { labels, guidelines } => {
                schemes::replace_labels(project, &labels, orphans, guidelines)
            }
        }
    }
}
