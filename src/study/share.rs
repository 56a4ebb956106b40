//! An annotator's share as the window walks it: which documents of the
//! corpus are theirs (the project's `assigned` list), how many are done,
//! and the next one. Free of egui.

use crate::corpus::Document;
use crate::project::Project;

/// The documents of one annotator's share, as corpus indices in corpus
/// order. Outside a study (no `assigned` list) there is no share.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Share {
    docs: Vec<usize>,
    /// Per corpus document: whether it is in the share.
    member: Vec<bool>,
    /// Assigned ids the corpus no longer has (renamed or removed files).
    missing: usize,
}

impl Share {
    /// The share `project` assigns over `docs`; `None` outside a study.
    pub fn of(project: &Project, docs: &[Document]) -> Option<Self> {
        let assigned = project.assigned();
        if assigned.is_empty() {
            return None;
        }
        let member: Vec<bool> = docs.iter().map(|d| assigned.contains(&d.id)).collect();
        let docs: Vec<usize> = (0..member.len()).filter(|&i| member[i]).collect();
        let missing = assigned.len() - docs.len();
        Some(Self {
            docs,
            member,
            missing,
        })
    }

    /// Documents of the share the corpus holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Documents assigned that the corpus does not hold.
    pub fn missing(&self) -> usize {
        self.missing
    }

    /// The share's documents, corpus indices in corpus order.
    pub fn docs(&self) -> &[usize] {
        &self.docs
    }

    pub fn contains(&self, doc: usize) -> bool {
        self.member.get(doc).copied().unwrap_or(false)
    }

    /// Documents of the share marked done in `project`.
    pub fn done(&self, project: &Project, docs: &[Document]) -> usize {
        self.docs
            .iter()
            .filter(|&&i| is_done(project, &docs[i]))
            .count()
    }

    /// The first document of the share not yet done (the first of the share
    /// when all are).
    pub fn first_open(&self, project: &Project, docs: &[Document]) -> Option<usize> {
        self.docs
            .iter()
            .copied()
            .find(|&i| !is_done(project, &docs[i]))
            .or_else(|| self.docs.first().copied())
    }

    /// The share's document after (or before) `current`, wrapping around;
    /// from a document outside the share, the nearest one in that
    /// direction.
    pub fn step(&self, current: usize, forward: bool) -> Option<usize> {
        let (first, last) = (*self.docs.first()?, *self.docs.last()?);
        let at = self.docs.partition_point(|&d| d < current);
        Some(if forward {
            let next = if self.docs.get(at) == Some(&current) {
                at + 1
            } else {
                at
            };
            self.docs.get(next).copied().unwrap_or(first)
        } else if at == 0 {
            last
        } else {
            self.docs[at - 1]
        })
    }

    /// `rows` (corpus indices, as the filter left them) with the share's
    /// first, each part in its order; the others follow unless `only`.
    /// Returns the rows and how many of them are the share's.
    pub fn arrange(&self, rows: &[usize], only: bool) -> (Vec<usize>, usize) {
        let mut out: Vec<usize> = rows.iter().copied().filter(|&i| self.contains(i)).collect();
        let mine = out.len();
        if !only {
            out.extend(rows.iter().copied().filter(|&i| !self.contains(i)));
        }
        (out, mine)
    }
}

fn is_done(project: &Project, doc: &Document) -> bool {
    project.documents().get(&doc.id).is_some_and(|d| d.done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(n: usize) -> Vec<Document> {
        (0..n)
            .map(|i| Document::new(format!("{i:02}.txt"), format!("Text {i}.")))
            .collect()
    }

    fn project(assigned: &[usize]) -> Project {
        let mut p = Project::new(".");
        p.set_assigned(assigned.iter().map(|i| format!("{i:02}.txt")).collect());
        p
    }

    #[test]
    fn no_assigned_list_is_no_share() {
        assert_eq!(Share::of(&Project::new("."), &corpus(3)), None);
    }

    #[test]
    fn stepping_stays_in_the_share_and_wraps() {
        let docs = corpus(8);
        let share = Share::of(&project(&[1, 4, 6]), &docs).unwrap();
        assert_eq!(share.len(), 3);
        assert_eq!(share.step(1, true), Some(4));
        assert_eq!(share.step(4, true), Some(6));
        assert_eq!(share.step(6, true), Some(1));
        assert_eq!(share.step(1, false), Some(6));
        assert_eq!(share.step(6, false), Some(4));
        // From outside the share: the nearest in that direction.
        assert_eq!(share.step(0, true), Some(1));
        assert_eq!(share.step(5, true), Some(6));
        assert_eq!(share.step(5, false), Some(4));
        assert_eq!(share.step(7, true), Some(1));
        assert_eq!(share.step(0, false), Some(6));
    }

    #[test]
    fn the_share_comes_first_and_others_can_be_hidden() {
        let docs = corpus(6);
        let share = Share::of(&project(&[2, 5]), &docs).unwrap();
        let rows = [0, 1, 2, 3, 5];
        assert_eq!(share.arrange(&rows, false), (vec![2, 5, 0, 1, 3], 2));
        assert_eq!(share.arrange(&rows, true), (vec![2, 5], 2));
    }

    #[test]
    fn done_counts_and_the_first_open_document() {
        use crate::project::Edit;
        let docs = corpus(5);
        let mut p = project(&[1, 3, 9]);
        let corpus = crate::corpus::Corpus::from_parts(".".into(), docs.clone(), Vec::new());
        crate::project::sync_with_corpus(&mut p, &corpus);
        let share = Share::of(&p, &docs).unwrap();
        assert_eq!(share.missing(), 1, "09.txt is not in the corpus");
        assert_eq!(share.done(&p, &docs), 0);
        assert_eq!(share.first_open(&p, &docs), Some(1));
        p.apply(Edit::SetDone {
            doc: "01.txt".into(),
            done: true,
        })
        .unwrap();
        assert_eq!(share.done(&p, &docs), 1);
        assert_eq!(share.first_open(&p, &docs), Some(3));
    }
}
