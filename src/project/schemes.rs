//! Label schemes: the rules a label must keep, the known templates, and
//! the edits that remove a label or swap the whole set without losing the
//! claims that used it.

use super::edit::{ClaimChange, Edit, EditError};
use super::model::{Label, Project, now_timestamp};

pub use super::label_rules::{RESERVED_KEYS, check_label};

/// The templates, by the name the CLI and the window use.
pub const TEMPLATES: [(&str, &str); 4] = [
    ("fever", "FEVER: supports / refutes / not enough info"),
    (
        "fnc1",
        "FNC-1 stance: agree / disagree / discuss / unrelated",
    ),
    ("nli", "NLI: entailment / neutral / contradiction"),
    ("politifact", "PolitiFact-style truth scale, six steps"),
];

/// The labels of template `name`.
pub fn template(name: &str) -> Option<Vec<Label>> {
    // Okabe–Ito colours (colour-blind safe), as the defaults.
    let l = |id: &str, name: &str, color: &str, key: char, fever: &str, nli: &str| {
        Label::new(id, name, color, Some(key)).mapped(fever, nli)
    };
    Some(match name {
        "fever" => vec![
            l(
                "supports",
                "Supports",
                "#0072b2",
                '1',
                "SUPPORTS",
                "entailment",
            ),
            l(
                "refutes",
                "Refutes",
                "#d55e00",
                '2',
                "REFUTES",
                "contradiction",
            ),
            l(
                "not-enough-info",
                "Not enough info",
                "#e6c700",
                '3',
                "NOT ENOUGH INFO",
                "neutral",
            ),
        ],
        "fnc1" => vec![
            l("agree", "Agree", "#0072b2", '1', "SUPPORTS", "entailment"),
            l(
                "disagree",
                "Disagree",
                "#d55e00",
                '2',
                "REFUTES",
                "contradiction",
            ),
            l(
                "discuss",
                "Discuss",
                "#009e73",
                '3',
                "NOT ENOUGH INFO",
                "neutral",
            ),
            l("unrelated", "Unrelated", "#999999", '4', "", ""),
        ],
        "nli" => vec![
            l(
                "entailment",
                "Entailment",
                "#0072b2",
                '1',
                "SUPPORTS",
                "entailment",
            ),
            l(
                "neutral",
                "Neutral",
                "#e6c700",
                '2',
                "NOT ENOUGH INFO",
                "neutral",
            ),
            l(
                "contradiction",
                "Contradiction",
                "#d55e00",
                '3',
                "REFUTES",
                "contradiction",
            ),
        ],
        "politifact" => vec![
            l("true", "True", "#0072b2", '1', "SUPPORTS", "entailment"),
            l("mostly-true", "Mostly true", "#56b4e9", '2', "", ""),
            l("half-true", "Half true", "#e6c700", '3', "", ""),
            l("mostly-false", "Mostly false", "#e69f00", '4', "", ""),
            l("false", "False", "#d55e00", '5', "REFUTES", "contradiction"),
            l(
                "pants-on-fire",
                "Pants on fire",
                "#cc79a7",
                '6',
                "REFUTES",
                "contradiction",
            ),
        ],
        _ => return None,
    })
}

/// What happens to claims whose label goes away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Orphans {
    /// They (and evidence links with that relation) take this label.
    Relabel(String),
    /// Claims keep no label. Evidence links need a relation, so this is
    /// refused when a link uses a label that goes.
    Unlabel,
}

/// The edits that move every claim and link off the labels in `going`.
fn relabel_edits(
    project: &Project,
    going: &[&str],
    orphans: &Orphans,
) -> Result<Vec<Edit>, EditError> {
    let mut edits = Vec::new();
    let modified = now_timestamp();
    for claim in project.claims.sorted() {
        if let Some(label) = claim.label.as_deref()
            && going.contains(&label)
        {
            let label = match orphans {
                Orphans::Relabel(to) => Some(to.clone()),
                Orphans::Unlabel => None,
            };
            edits.push(Edit::UpdateClaim {
                id: claim.id.clone(),
                change: ClaimChange::Label {
                    label,
                    from_evidence: false,
                },
                modified: modified.clone(),
            });
        }
        for ev in &claim.evidence {
            if going.contains(&ev.relation.as_str()) {
                let Orphans::Relabel(to) = orphans else {
                    return Err(EditError::BadLabel(format!(
                        "evidence links use {:?} and need a relation: choose a label to give them",
                        ev.relation
                    )));
                };
                edits.push(Edit::UpdateClaim {
                    id: claim.id.clone(),
                    change: ClaimChange::EvidenceRelation {
                        id: ev.id.clone(),
                        relation: to.clone(),
                    },
                    modified: modified.clone(),
                });
            }
        }
    }
    Ok(edits)
}

/// Removing label `id`, with what its claims become, as one edit.
pub fn remove_label(project: &Project, id: &str, orphans: &Orphans) -> Result<Edit, EditError> {
    if project.label(id).is_none() {
        return Err(EditError::UnknownLabel(id.to_owned()));
    }
    if orphans == &Orphans::Relabel(id.to_owned()) {
        return Err(EditError::BadLabel(format!(
            "{id:?} cannot take its own claims"
        )));
    }
    let mut edits = relabel_edits(project, &[id], orphans)?;
    edits.push(Edit::RemoveLabel(id.to_owned()));
    Ok(Edit::Batch(edits))
}

/// Labels of the project that are not in `labels`, and how many claims and
/// links use them: what the person is asked about before a swap.
pub fn going_labels(project: &Project, labels: &[Label]) -> (Vec<String>, usize, usize) {
    let going: Vec<String> = project
        .labels
        .iter()
        .filter(|l| !labels.iter().any(|n| n.id == l.id))
        .map(|l| l.id.clone())
        .collect();
    let (mut claims, mut links) = (0, 0);
    for id in &going {
        let (c, l) = project.label_uses(id);
        claims += c;
        links += l;
    }
    (going, claims, links)
}

/// Makes `labels` the project's label set (a template, another project's
/// scheme), in their order, as one edit; claims of labels that go become
/// `orphans`. `guidelines`, when given, replace the project's.
pub fn replace_labels(
    project: &Project,
    labels: &[Label],
    orphans: &Orphans,
    guidelines: Option<String>,
) -> Result<Edit, EditError> {
    for label in labels {
        check_label(label).map_err(EditError::BadLabel)?;
    }
    if let Orphans::Relabel(to) = orphans
        && !labels.iter().any(|l| &l.id == to)
    {
        return Err(EditError::UnknownLabel(to.clone()));
    }
    let (going, _, _) = going_labels(project, labels);
    let mut edits = Vec::new();
    // Keys are cleared first so that no step of the swap has two labels on
    // one key.
    for old in &project.labels {
        if old.key.is_some() {
            edits.push(Edit::UpdateLabel {
                id: old.id.clone(),
                label: Label {
                    key: None,
                    ..old.clone()
                },
            });
        }
    }
    for new in labels {
        if project.label(&new.id).is_some() {
            edits.push(Edit::UpdateLabel {
                id: new.id.clone(),
                label: new.clone(),
            });
        } else {
            edits.push(Edit::AddLabel {
                index: usize::MAX,
                label: new.clone(),
            });
        }
    }
    let going_refs: Vec<&str> = going.iter().map(String::as_str).collect();
    edits.extend(relabel_edits(project, &going_refs, orphans)?);
    edits.extend(going.iter().map(|id| Edit::RemoveLabel(id.clone())));
    for (index, new) in labels.iter().enumerate() {
        edits.push(Edit::MoveLabel {
            id: new.id.clone(),
            index,
        });
    }
    if let Some(text) = guidelines {
        edits.push(Edit::SetGuidelines(text));
    }
    Ok(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_the_documented_sets() {
        let ids =
            |name| -> Vec<String> { template(name).unwrap().into_iter().map(|l| l.id).collect() };
        assert_eq!(ids("fever"), ["supports", "refutes", "not-enough-info"]);
        assert_eq!(ids("fnc1"), ["agree", "disagree", "discuss", "unrelated"]);
        assert_eq!(ids("nli"), ["entailment", "neutral", "contradiction"]);
        assert_eq!(ids("politifact").len(), 6);
        assert!(template("nope").is_none());
        for (name, _) in TEMPLATES {
            let labels = template(name).unwrap();
            for l in &labels {
                check_label(l).unwrap();
            }
            let mut keys: Vec<_> = labels.iter().map(|l| l.key).collect();
            keys.dedup();
            assert_eq!(keys.len(), labels.len(), "{name}: one key each");
        }
    }

    #[test]
    fn bad_labels_are_refused_with_a_reason() {
        let ok = Label::new("x", "X", "#112233", Some('7'));
        assert!(check_label(&ok).is_ok());
        let bad = [
            Label::new("", "X", "#112233", None),
            Label::new(" a", "X", "#112233", None),
            Label::new("x", " ", "#112233", None),
            Label::new("x", "X", "red", None),
            Label::new("x", "X", "#112233", Some('n')),
            Label::new("x", "X", "#112233", None).mapped("TRUE", ""),
            Label::new("x", "X", "#112233", None).mapped("", "entails"),
        ];
        for label in bad {
            assert!(check_label(&label).is_err(), "{label:?}");
        }
    }
}
