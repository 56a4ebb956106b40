//! `crosscheck progress`: how far each annotator of a study is.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{CliResult, emit};
use crate::study;
use crate::text::terminal::safe;

/// How far a study is: per annotator documents done of assigned, claims,
/// evidence links, last activity, labels per hour, median seconds per
/// claim; overlap documents still waiting for a second annotator;
/// agreement on the overlap done so far. Nothing is written.
#[derive(Debug, Args)]
#[command(after_help = PROGRESS_HELP)]
pub struct ProgressCommand {
    /// The study plan (study.ron), or annotators' project files.
    #[arg(required = true, value_name = "PLAN_OR_FILES")]
    pub paths: Vec<PathBuf>,
    /// Print one JSON object with every figure.
    #[arg(long)]
    pub json: bool,
}

impl ProgressCommand {
    pub(super) fn run(&self) -> CliResult {
        let report = study::progress(&self.paths).map_err(|e| e.to_string())?;
        if self.json {
            let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
            emit(&format!("{text}\n"))?;
        } else {
            emit(&render(&report))?;
        }
        Ok(ExitCode::SUCCESS)
    }
}

const PROGRESS_HELP: &str = "\
Done means marked done in the annotator's file. Labels per hour and seconds
per claim come from the claims' created times, pauses over 30 minutes left
out. Agreement is `crosscheck agree`'s, per pair, on the overlap documents
both have done. See docs/study.md.

Examples:
  crosscheck progress corpus/study.ron
  crosscheck progress ana.ron ben.ron --json";

fn figure(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.digits$}"))
}

fn render(r: &study::Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} of {} documents done by someone; {} overlap documents, {} waiting for another annotator",
        r.documents_done,
        r.documents_total,
        r.overlap_documents,
        r.overlap_waiting.len()
    );
    let _ = writeln!(
        out,
        "{:<12} {:>13} {:>7} {:>6} {:>9} {:>8} {:>7} {:>8}  last activity",
        "annotator", "done/assigned", "claims", "links", "labels/h", "s/claim", "s/doc", "active"
    );
    for a in &r.annotators {
        let status = if !a.file_found {
            "no file yet"
        } else if a.behind {
            "behind"
        } else {
            ""
        };
        let line = format!(
            "{:<12} {:>13} {:>7} {:>6} {:>9} {:>8} {:>7} {:>8}  {:<20}  {status}",
            safe(&a.name),
            format!("{}/{}", a.done, a.assigned),
            a.claims,
            a.evidence_links,
            figure(a.labels_per_hour, 1),
            figure(a.median_seconds_per_claim, 0),
            figure(a.median_seconds_per_document, 0),
            study::progress::hours_minutes(a.active_seconds),
            a.last_activity
                .as_deref()
                .map_or_else(|| "–".into(), |n| safe(n).into_owned()),
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if !r.overlap_waiting.is_empty() {
        out.push_str("overlap waiting\n");
        for d in r.overlap_waiting.iter().take(20) {
            let done: Vec<String> = d.done_by.iter().map(|n| safe(n).into_owned()).collect();
            let _ = writeln!(
                out,
                "  {}  done by {} of {}",
                safe(&d.id),
                if done.is_empty() {
                    "nobody".into()
                } else {
                    done.join(", ")
                },
                d.assigned
                    .iter()
                    .map(|n| safe(n).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if r.overlap_waiting.len() > 20 {
            let _ = writeln!(
                out,
                "  and {} more (--json lists all)",
                r.overlap_waiting.len() - 20
            );
        }
    }
    out.push_str(&agreement_lines(r));
    if r.claims_outside_share > 0 {
        let _ = writeln!(
            out,
            "note: {} claims are on documents outside their annotator's share",
            r.claims_outside_share
        );
    }
    out
}

/// The agreement figures on the overlap done so far, a line per pair.
pub(super) fn agreement_lines(r: &study::Report) -> String {
    let mut out = String::new();
    if r.agreement.is_empty() {
        out.push_str("agreement: no overlap document is done by two annotators yet\n");
    } else {
        out.push_str("agreement on the overlap done so far\n");
        for p in &r.agreement {
            let f = &p.figures;
            let _ = writeln!(
                out,
                "  {} – {} ({} documents): span F1 exact {}, overlap {}, Cohen's κ {}, evidence F1 {}",
                safe(&p.a),
                safe(&p.b),
                p.documents,
                figure(f.span_f1_exact.f1, 3),
                figure(f.span_f1_overlap.f1.f1, 3),
                figure(f.cohen_kappa.kappa, 3),
                figure(f.evidence_f1.f1, 3)
            );
        }
    }
    out
}
