//! `crosscheck gather`: the end of a study, its files in one gold project.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{CliResult, emit, warn};
use crate::study;
use crate::text::terminal::safe;

/// Gathers a study's annotator files into one gold project: documents only
/// one annotator had are taken as they left them (each claim marked with
/// its source), overlap documents are left to adjudication; prints the
/// agreement on the overlap done so far.
#[derive(Debug, Args)]
#[command(after_help = GATHER_HELP)]
pub struct GatherCommand {
    /// The study plan (study.ron).
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    /// The gold project to write (created, or brought up to date).
    #[arg(long, value_name = "GOLD.ron")]
    pub out: PathBuf,
}

const GATHER_HELP: &str = "\
Gathering again after more work came in replaces what the gold file holds on
single-annotated documents with the annotators' current claims and keeps the
rest: the decisions made on the overlap. To adjudicate the overlap, open the
gold file and compare it with the annotators' files:
  crosscheck CORPUS --project gold.ron --compare ana.ron --compare ben.ron
See docs/study.md.

Examples:
  crosscheck gather corpus/study.ron --out corpus/gold.ron";

impl GatherCommand {
    pub(super) fn run(&self) -> CliResult {
        let gathered = study::gather(&self.plan, &self.out).map_err(|e| e.to_string())?;
        for note in &gathered.notes {
            warn(&format!("note: {}", safe(note)));
        }
        if let Some(merged) = study::gather::write(&gathered).map_err(|e| e.to_string())? {
            warn(&format!("note: {}", safe(&merged)));
        }
        let report =
            study::progress(std::slice::from_ref(&self.plan)).map_err(|e| e.to_string())?;
        emit(&render(&gathered, &report))?;
        Ok(ExitCode::SUCCESS)
    }
}

fn render(g: &study::Gathered, r: &study::Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}: {} claims taken from {} single-annotated documents ({} marked done by their annotator)",
        if g.updated { "updated" } else { "wrote" },
        safe(&g.gold_path.display().to_string()),
        g.taken,
        g.single_docs,
        g.single_done
    );
    let waiting = r.overlap_waiting.len();
    let _ = writeln!(
        out,
        "{} overlap documents left to adjudicate ({waiting} still waiting for an annotator)",
        g.overlap.len()
    );
    if !g.overlap.is_empty() {
        let files: Vec<String> = g
            .files
            .iter()
            .map(|f| format!("--compare {}", safe(&f.display().to_string())))
            .collect();
        let _ = writeln!(
            out,
            "adjudicate them: crosscheck {} --project {} {}",
            safe(&g.corpus_dir.display().to_string()),
            safe(&g.gold_path.display().to_string()),
            files.join(" ")
        );
    }
    out.push_str(&super::progress::agreement_lines(r));
    out
}
