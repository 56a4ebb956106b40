//! `crosscheck key`: mark a project as an answer key and set what grading
//! and the handout need.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::classroom::rubric_line;
use super::output::{CliResult, Failure, emit};
use crate::project::{self, Edit, Rubric};

/// Mark a project as an answer key and set its instructions, rubric,
/// bonus claims and explanations.
#[derive(Debug, Args)]
#[command(after_help = KEY_HELP)]
pub struct KeyCommand {
    /// The teacher's project file.
    pub project: PathBuf,
    /// Instructions for the students (Markdown), for the handout.
    #[arg(long, value_name = "FILE.md")]
    pub instructions: Option<PathBuf>,
    /// Points: FOUND,LABEL,EVIDENCE,EXTRA (default 2,1,1,1).
    #[arg(long, value_name = "F,L,E,X", value_delimiter = ',')]
    pub rubric: Option<Vec<u32>>,
    /// Make this claim a bonus claim (give it once per claim).
    #[arg(long, value_name = "CLAIM")]
    pub bonus: Vec<String>,
    /// Make this claim required again.
    #[arg(long, value_name = "CLAIM")]
    pub required: Vec<String>,
    /// The explanation a student sees for a claim: CLAIM=TEXT.
    #[arg(long, value_name = "CLAIM=TEXT")]
    pub explain: Vec<String>,
    /// No longer an answer key (claims' key data is kept).
    #[arg(long)]
    pub unmark: bool,
}

impl KeyCommand {
    pub(super) fn run(&self) -> CliResult {
        key(&KeyArgs {
            project: &self.project,
            instructions: self.instructions.as_deref(),
            rubric: self.rubric.as_deref(),
            bonus: &self.bonus,
            required: &self.required,
            explain: &self.explain,
            unmark: self.unmark,
        })
    }
}

const KEY_HELP: &str = "\
Claims are named by id (`crosscheck export key.ron -f csv -o -` lists them).

Examples:
  crosscheck key key.ron --instructions instructions.md
  crosscheck key key.ron --rubric 3,1,1,0 --bonus c0123456789abcdef
  crosscheck key key.ron --explain 'c0123456789abcdef=Report 002 says the opposite.'
  crosscheck key key.ron --unmark";

/// What `crosscheck key` was asked to change.
struct KeyArgs<'a> {
    project: &'a Path,
    instructions: Option<&'a Path>,
    rubric: Option<&'a [u32]>,
    bonus: &'a [String],
    required: &'a [String],
    explain: &'a [String],
    unmark: bool,
}

/// `crosscheck key PROJECT`: marks a project as an answer key (or not) and
/// sets instructions, rubric, bonus claims and explanations — one batch of
/// edits, saved atomically, nothing saved when anything is refused.
fn key(args: &KeyArgs<'_>) -> CliResult {
    let (mut ws, snapshot) = super::open::open_recovered(args.project)?;
    let p = &ws.project;
    let mut answer = p.answer_key().cloned().unwrap_or_default();
    if let Some(file) = args.instructions {
        answer.instructions = crate::input::read_to_string(file, crate::input::MAX_INPUT_BYTES)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    }
    if let Some(points) = args.rubric {
        let [found, label, evidence, extra] = points else {
            return Err(Failure::Message(
                "--rubric takes four numbers: FOUND,LABEL,EVIDENCE,EXTRA (e.g. 2,1,1,1)".into(),
            ));
        };
        answer.rubric = Some(Rubric {
            points_found: *found,
            points_label: *label,
            points_evidence: *evidence,
            penalty_extra: *extra,
        });
    }
    let mut edits = vec![Edit::SetAnswerKey((!args.unmark).then_some(answer))];
    let now = project::now_timestamp();
    let mut infos: std::collections::BTreeMap<project::ClaimId, project::KeyInfo> =
        std::collections::BTreeMap::new();
    let mut change = |id: &str, set: &dyn Fn(&mut project::KeyInfo)| -> Result<(), Failure> {
        let id = project::ClaimId(id.to_owned());
        let claim = p.claims().get(&id).ok_or_else(|| {
            Failure::Message(format!(
                "there is no claim {id} in {}",
                args.project.display()
            ))
        })?;
        let current = claim.key_info.as_deref().cloned().unwrap_or_default();
        set(infos.entry(id).or_insert(current));
        Ok(())
    };
    for id in args.bonus {
        change(id, &|i| i.required = false)?;
    }
    for id in args.required {
        change(id, &|i| i.required = true)?;
    }
    for item in args.explain {
        let (id, text) = item
            .split_once('=')
            .ok_or_else(|| Failure::Message(format!("--explain takes CLAIM=TEXT, got {item:?}")))?;
        change(id, &|i| i.explanation = text.to_owned())?;
    }
    for (id, info) in infos {
        edits.push(Edit::UpdateClaim {
            id,
            change: project::ClaimChange::KeyInfo(Some(info)),
            modified: now.clone(),
        });
    }
    ws.project
        .apply(Edit::Batch(edits))
        .map_err(|e| format!("refusing: {e}"))?;
    super::open::save_checked(&mut ws, &snapshot)?;
    let message = match ws.project.answer_key() {
        None => format!("{} is no longer an answer key\n", args.project.display()),
        Some(k) => {
            let bonus = ws
                .project
                .claims()
                .iter()
                .filter(|c| c.key_info.as_ref().is_some_and(|i| !i.required))
                .count();
            format!(
                "{} is an answer key: {} claims ({bonus} bonus); rubric: {}\n",
                args.project.display(),
                ws.project.claims().len(),
                rubric_line(&k.rubric.unwrap_or_default())
            )
        }
    };
    emit(&message)?;
    Ok(ExitCode::SUCCESS)
}
