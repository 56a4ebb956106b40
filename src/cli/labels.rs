//! `crosscheck labels`: list a project's label scheme, or change it (a
//! template, another project's scheme, one label added or removed) and
//! save. The same rules and edits as the window's label editor.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde::{Deserialize, Serialize};

use super::output::{CliResult, Failure, emit, emit_data};

use crate::project::schemes::{self, Orphans};
use crate::project::{self, Edit, Label, Project};

/// List the label scheme, or change it: a template, another project's
/// scheme, one label added or removed. Labels also declare their FEVER
/// and NLI targets.
#[derive(Debug, Args)]
#[command(after_help = LABELS_HELP)]
pub struct LabelsCommand {
    /// The project file.
    pub project: PathBuf,
    /// Replace the scheme with a template: fever, fnc1, nli, politifact.
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// Copy labels, targets and guidelines from another project (.ron)
    /// or from a scheme printed by --json (.json).
    #[arg(long, value_name = "OTHER")]
    pub from: Option<PathBuf>,
    /// Add a label with this id (needs --name).
    #[arg(long, value_name = "ID")]
    pub add: Option<String>,
    /// The added label's name, as the window shows it.
    #[arg(long)]
    pub name: Option<String>,
    /// The added label's key in the window (one character).
    #[arg(long)]
    pub key: Option<char>,
    /// The added label's colour, #RRGGBB.
    #[arg(long, value_name = "#RRGGBB")]
    pub color: Option<String>,
    /// The added label's FEVER target: SUPPORTS, REFUTES, "NOT ENOUGH INFO".
    #[arg(long, value_name = "LABEL")]
    pub fever: Option<String>,
    /// The added label's NLI target: entailment, neutral, contradiction.
    #[arg(long, value_name = "LABEL")]
    pub nli: Option<String>,
    /// Remove the label with this id (claims that use it: --relabel-to or --unlabel).
    #[arg(long, value_name = "ID")]
    pub remove: Option<String>,
    /// Give claims and links of removed labels this label.
    #[arg(long, value_name = "LABEL", conflicts_with = "unlabel")]
    pub relabel_to: Option<String>,
    /// Leave claims of removed labels without a label.
    #[arg(long)]
    pub unlabel: bool,
    /// Set the annotation guidelines from a Markdown file.
    #[arg(long, value_name = "FILE")]
    pub guidelines: Option<PathBuf>,
    /// Print the scheme as JSON (readable again with --from FILE.json).
    #[arg(long)]
    pub json: bool,
}

impl LabelsCommand {
    pub(super) fn run(&self) -> CliResult {
        let text = labels(self).map_err(Failure::Message)?;
        if self.json {
            emit_data(&text)?;
        } else {
            emit(&text)?;
        }
        Ok(ExitCode::SUCCESS)
    }
}

const LABELS_HELP: &str = "\
Examples:
  crosscheck labels project.ron
  crosscheck labels project.ron --template fnc1 --relabel-to discuss
  crosscheck labels project.ron --add satire --name Satire --key 4 --fever REFUTES --nli contradiction
  crosscheck labels project.ron --remove unverified --unlabel
  crosscheck labels teacher.ron --json > scheme.json
  for f in class/*.ron; do crosscheck labels \"$f\" --from scheme.json; done";

/// A scheme as `--json` prints it and `--from FILE.json` reads it back.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    pub labels: Vec<SchemeLabel>,
    #[serde(default)]
    pub guidelines: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemeLabel {
    pub id: String,
    pub name: String,
    pub color: String,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub fever: String,
    #[serde(default)]
    pub nli: String,
    /// Claims with this label (printed; ignored when read back).
    #[serde(default)]
    pub claims: usize,
    /// Evidence links with it as their relation (printed; ignored when read).
    #[serde(default)]
    pub evidence: usize,
}

fn scheme_of(project: &Project) -> Scheme {
    Scheme {
        labels: project
            .labels()
            .iter()
            .map(|l| {
                let (claims, evidence) = project.label_uses(&l.id);
                SchemeLabel {
                    id: l.id.clone(),
                    name: l.name.clone(),
                    color: l.color.clone(),
                    key: l.key.map(String::from),
                    fever: l.fever_target().to_owned(),
                    nli: l.nli_target().to_owned(),
                    claims,
                    evidence,
                }
            })
            .collect(),
        guidelines: project.guidelines().to_owned(),
    }
}

fn label_of(s: &SchemeLabel) -> Result<Label, String> {
    let key = match s.key.as_deref() {
        None | Some("") => None,
        Some(k) => {
            let mut chars = k.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => return Err(format!("the key of {:?} must be one character", s.id)),
            }
        }
    };
    Ok(Label::new(&s.id, &s.name, &s.color, key).mapped(&s.fever, &s.nli))
}

/// The labels and guidelines of `path`: a project file, or a `--json` scheme.
fn read_scheme(path: &Path) -> Result<(Vec<Label>, String), String> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let text = crate::input::read_to_string(path, crate::input::MAX_INPUT_BYTES)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let scheme: Scheme = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a label scheme: {e}", path.display()))?;
        let labels = scheme
            .labels
            .iter()
            .map(label_of)
            .collect::<Result<_, _>>()?;
        return Ok((labels, scheme.guidelines));
    }
    let other = project::load(path).map_err(|e| e.to_string())?;
    Ok((other.labels().to_vec(), other.guidelines().to_owned()))
}

fn orphans(args: &LabelsCommand) -> Option<Orphans> {
    match (&args.relabel_to, args.unlabel) {
        (Some(to), _) => Some(Orphans::Relabel(to.clone())),
        (None, true) => Some(Orphans::Unlabel),
        (None, false) => None,
    }
}

/// The edit a swap to `labels` makes, asking for `--relabel-to` or
/// `--unlabel` when claims would lose their label.
fn swap(
    project: &Project,
    labels: &[Label],
    guidelines: Option<String>,
    args: &LabelsCommand,
) -> Result<Edit, String> {
    let (going, claims, links) = schemes::going_labels(project, labels);
    let orphans = match orphans(args) {
        Some(o) => o,
        None if claims + links == 0 => Orphans::Unlabel,
        None => {
            return Err(format!(
                "{claims} claims and {links} evidence links use labels that would go ({}); \
                 add --relabel-to LABEL or --unlabel",
                going.join(", ")
            ));
        }
    };
    schemes::replace_labels(project, labels, &orphans, guidelines).map_err(|e| e.to_string())
}

/// Runs the command; returns what to print.
fn labels(args: &LabelsCommand) -> Result<String, String> {
    let recovered = project::shared::load_recovered(&args.project).map_err(|e| e.to_string())?;
    if recovered.is_nothing() {
        return Err(format!(
            "project file {} does not exist",
            args.project.display()
        ));
    }
    for note in &recovered.notes {
        super::output::warn(&format!("note: {note}"));
    }
    let project::shared::Recovered {
        mut project,
        snapshot,
        ..
    } = recovered;
    let changes = [
        args.template.is_some(),
        args.from.is_some(),
        args.add.is_some(),
        args.remove.is_some(),
    ];
    if changes.iter().filter(|c| **c).count() > 1 {
        return Err("give one of --template, --from, --add and --remove at a time".into());
    }
    let mut edits = Vec::new();
    if let Some(name) = &args.template {
        let labels = schemes::template(name).ok_or_else(|| {
            let known: Vec<&str> = schemes::TEMPLATES.iter().map(|(n, _)| *n).collect();
            format!(
                "no template {name:?}; the templates are {}",
                known.join(", ")
            )
        })?;
        edits.push(swap(&project, &labels, None, args)?);
    }
    if let Some(from) = &args.from {
        let (labels, guidelines) = read_scheme(from)?;
        edits.push(swap(&project, &labels, Some(guidelines), args)?);
    }
    if let Some(id) = &args.add {
        let name = args
            .name
            .clone()
            .ok_or("--add needs --name (what the window shows)")?;
        let color = args.color.clone().unwrap_or_else(|| next_colour(&project));
        let mut label = Label::new(id, &name, &color, args.key);
        label.fever = args.fever.clone();
        label.nli = args.nli.clone();
        edits.push(Edit::AddLabel {
            index: usize::MAX,
            label,
        });
    }
    if let Some(id) = &args.remove {
        let (claims, links) = project.label_uses(id);
        let orphans = match orphans(args) {
            Some(o) => o,
            None if claims + links == 0 => Orphans::Unlabel,
            None => {
                return Err(format!(
                    "{claims} claims and {links} evidence links use {id:?}; add --relabel-to LABEL or --unlabel"
                ));
            }
        };
        edits.push(schemes::remove_label(&project, id, &orphans).map_err(|e| e.to_string())?);
    }
    if let Some(path) = &args.guidelines {
        let text = crate::input::read_to_string(path, crate::input::MAX_INPUT_BYTES)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        edits.push(Edit::SetGuidelines(text));
    }
    if !edits.is_empty() {
        project
            .apply(Edit::Batch(edits))
            .map_err(|e| format!("nothing changed: {e}"))?;
        // Checked: a window's work saved or journaled meanwhile is merged
        // in, never written over.
        let saved = project::shared::save_checked(project, &args.project, &snapshot, None, false)
            .map_err(|e| e.to_string())?;
        if let Some(report) = &saved.merged {
            super::output::warn(&format!("note: {}", report.describe()));
        }
        project = saved.snapshot.project().clone();
    }
    let scheme = scheme_of(&project);
    if args.json {
        return serde_json::to_string_pretty(&scheme)
            .map(|s| s + "\n")
            .map_err(|e| e.to_string());
    }
    Ok(table(&scheme))
}

/// A colour for a label added without one: the first Okabe–Ito colour the
/// project does not use yet.
fn next_colour(project: &Project) -> String {
    const PALETTE: [&str; 7] = [
        "#0072b2", "#d55e00", "#e6c700", "#009e73", "#cc79a7", "#56b4e9", "#e69f00",
    ];
    PALETTE
        .iter()
        .find(|c| !project.labels().iter().any(|l| l.color == **c))
        .unwrap_or(&"#999999")
        .to_string()
}

fn table(scheme: &Scheme) -> String {
    let mut out = format!(
        "{:<18} {:<20} {:<4} {:<8} {:<16} {:<14} {:>7} {:>8}\n",
        "id", "name", "key", "colour", "fever", "nli", "claims", "evidence"
    );
    for l in &scheme.labels {
        out.push_str(&format!(
            "{:<18} {:<20} {:<4} {:<8} {:<16} {:<14} {:>7} {:>8}\n",
            l.id,
            l.name,
            l.key.as_deref().unwrap_or("-"),
            l.color,
            if l.fever.is_empty() { "-" } else { &l.fever },
            if l.nli.is_empty() { "-" } else { &l.nli },
            l.claims,
            l.evidence
        ));
    }
    if !scheme.guidelines.is_empty() {
        let lines = scheme.guidelines.lines().count();
        out.push_str(&format!("guidelines: {lines} lines\n"));
    }
    out
}
