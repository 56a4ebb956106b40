//! `crosscheck assign`: split a corpus among annotators, with a share
//! double-annotated, and write one project file per annotator.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{CliResult, emit, warn};
use crate::study::{self, Request, Settings};
use crate::text::terminal::safe as printable;

/// Split a corpus among annotators: the overlap share goes to --per-doc
/// annotators (agreement is measured on it), every other document to one;
/// loads balanced by text length. Writes a plan and one project file per
/// annotator; run again to extend it.
#[derive(Debug, Args)]
#[command(after_help = ASSIGN_HELP)]
pub struct AssignCommand {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The team, comma-separated (each name becomes NAME.ron).
    #[arg(
        long,
        required = true,
        value_delimiter = ',',
        value_name = "NAME,NAME…"
    )]
    pub annotators: Vec<String>,
    /// The share of documents double-annotated, 0 to 1 (default 0.2).
    #[arg(long, value_name = "SHARE")]
    pub overlap: Option<f64>,
    /// Annotators per overlap document (default 2).
    #[arg(long, value_name = "N")]
    pub per_doc: Option<usize>,
    /// Seed for choosing the overlap documents (default: a random one,
    /// recorded in the plan).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// The study folder for the plan and the annotators' files (default:
    /// the corpus folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Take the labels and guidelines of this project (nothing else of it).
    #[arg(long, value_name = "P.ron")]
    pub template: Option<PathBuf>,
    /// When extending: also move documents nobody has started, to even
    /// out the loads (started documents never move).
    #[arg(long)]
    pub rebalance: bool,
}

impl AssignCommand {
    pub(super) fn run(&self) -> CliResult {
        let request = Request {
            corpus: self.corpus.clone(),
            out: self.out.clone().unwrap_or_else(|| self.corpus.clone()),
            settings: Settings {
                annotators: self
                    .annotators
                    .iter()
                    .map(|a| a.trim().to_owned())
                    .collect(),
                overlap: self.overlap,
                per_doc: self.per_doc,
                seed: self.seed,
                rebalance: self.rebalance,
            },
            template: self.template.clone(),
        };
        let outcome = study::assign(&request).map_err(|e| e.to_string())?;
        report(&outcome)?;
        Ok(ExitCode::SUCCESS)
    }
}

const ASSIGN_HELP: &str = "\
Writes DIR/study.ron (the plan: who has which document) and DIR/NAME.ron
for each annotator, their documents listed in it. Overlap documents are
chosen at random with the seed, stratified by folder. Run again with more
annotators or after adding documents to extend the plan: documents an
annotator has started (a claim on it, or marked done) never move.
See docs/study.md.

Examples:
  crosscheck assign corpus --annotators ana,ben,chen --seed 7
  crosscheck assign corpus --annotators ana,ben,chen,dara --seed 7
  crosscheck progress corpus/study.ron";

fn report(o: &study::Outcome) -> Result<(), super::output::Failure> {
    let c = &o.changes;
    for (what, list) in [
        ("no longer in the corpus, dropped from the plan", &c.removed),
        ("changed since the plan (kept where they were)", &c.edited),
    ] {
        if !list.is_empty() {
            warn(&format!(
                "note: {} documents {what}: {}",
                list.len(),
                sample(list)
            ));
        }
    }
    if !c.removed_started.is_empty() {
        warn(&format!(
            "warning: {} removed documents had been started; their claims stay in the files: {}",
            c.removed_started.len(),
            sample(&c.removed_started)
        ));
    }
    let plan = &o.plan;
    for (name, _, _) in &o.files {
        if plan.share(name).is_empty() {
            warn(&format!(
                "note: {} has no documents: nothing was left to give (--rebalance also moves \
                 documents nobody has started)",
                printable(name)
            ));
        }
    }
    let mut out = String::new();
    let overlap = plan.documents.values().filter(|d| d.overlap).count();
    let _ = writeln!(
        out,
        "{} {}: {} documents, {} overlap (each to {} annotators), seed {}",
        if o.extended {
            "plan extended"
        } else {
            "plan written"
        },
        o.plan_path.display(),
        plan.documents.len(),
        overlap,
        plan.per_doc,
        plan.seed
    );
    if o.extended {
        let _ = writeln!(
            out,
            "  {} documents added, {} removed, {} joined{}",
            c.added.len(),
            c.removed.len(),
            c.joined.len(),
            if c.moved > 0 {
                format!(", {} unstarted assignments moved", c.moved)
            } else {
                String::new()
            }
        );
    }
    for (name, path, created) in &o.files {
        let _ = writeln!(
            out,
            "  {:<12} {} documents, {} code points  {} ({})",
            printable(name),
            plan.share(name).len(),
            plan.load_of(name),
            path.display(),
            if *created { "new" } else { "updated" }
        );
    }
    emit(&out)
}

fn sample(list: &[String]) -> String {
    let shown: Vec<String> = list
        .iter()
        .take(5)
        .map(|d| printable(d).into_owned())
        .collect();
    let more = list.len().saturating_sub(5);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
