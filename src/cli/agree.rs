//! `crosscheck agree`: agreement between annotators' project files.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::open::open;
use super::output::{CliResult, Failure, emit, warn};
use crate::agreement::{self, AgreementError, Annotator, F1, Report};

/// Agreement between annotators' project files over the same corpus:
/// span F1 (exact, overlap), Cohen's κ, Krippendorff's α, Fleiss' κ,
/// evidence F1. Nothing is written to the files.
#[derive(Debug, Args)]
#[command(after_help = AGREE_HELP)]
pub struct AgreeCommand {
    /// Two or more project files, one per annotator.
    #[arg(required = true, num_args = 2.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print one JSON object with every figure and the counts behind it.
    #[arg(long)]
    pub json: bool,
    /// Also span F1 (exact) per label.
    #[arg(long)]
    pub by_label: bool,
    /// Also every figure per document.
    #[arg(long)]
    pub by_doc: bool,
}

impl AgreeCommand {
    pub(super) fn run(&self) -> CliResult {
        agree(&self.files, self.json, self.by_label, self.by_doc)
    }
}

const AGREE_HELP: &str = "\
A file stands for its most common claim annotator; two files by one
annotator, the same file twice, files over different corpora (document ids
and text hashes) and files without claims are refused. Detached spans are
left out and counted. Undefined figures (one label only, no units) print as
`undefined` and as null in JSON. Definitions: README, section Teams.

Examples:
  crosscheck agree ann.ron bob.ron
  crosscheck agree ann.ron bob.ron cy.ron --by-label
  crosscheck agree *.ron --json --by-doc > agreement.json";

fn message(e: AgreementError) -> Failure {
    Failure::Message(e.to_string())
}

/// Opens every file (nothing is written to any of them) and refuses sets
/// that cannot be compared: the same file twice, an empty file, two files
/// by one annotator, files over different corpora.
fn agree(files: &[PathBuf], json: bool, by_label: bool, by_doc: bool) -> CliResult {
    if files.len() < 2 {
        return Err(message(AgreementError::TooFew(files.len())));
    }
    let mut canonical: Vec<PathBuf> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let path = file
            .canonicalize()
            .map_err(|e| format!("cannot open project file {}: {e}", file.display()))?;
        if let Some(j) = canonical.iter().position(|c| *c == path) {
            return Err(message(AgreementError::SameFile {
                a: files[j].display().to_string(),
                b: files[i].display().to_string(),
            }));
        }
        canonical.push(path);
    }
    let workspaces = files
        .iter()
        .map(|f| open(f))
        .collect::<Result<Vec<_>, String>>()?;
    let mut names: Vec<String> = Vec::new();
    for (file, ws) in files.iter().zip(&workspaces) {
        let shown = file.display().to_string();
        let name = agreement::annotator_name(&ws.project)
            .ok_or_else(|| message(AgreementError::Empty(shown.clone())))?;
        let others = ws
            .project
            .claims()
            .iter()
            .filter(|c| c.annotator != name)
            .count();
        if others > 0 {
            warn(&format!(
                "note: {shown}: {others} claims by other annotators are counted as {name:?}'s \
                 (a file stands for its most common annotator)"
            ));
        }
        if let Some(j) = names.iter().position(|n| *n == name) {
            return Err(message(AgreementError::SameAnnotator {
                a: files[j].display().to_string(),
                b: shown,
                name,
            }));
        }
        names.push(name);
    }
    for (file, ws) in files.iter().zip(&workspaces).skip(1) {
        agreement::same_corpus(&workspaces[0].project, &ws.project).map_err(|detail| {
            message(AgreementError::DifferentCorpora {
                a: files[0].display().to_string(),
                b: file.display().to_string(),
                detail,
            })
        })?;
    }
    let annotators: Vec<Annotator<'_>> = names
        .into_iter()
        .zip(&workspaces)
        .map(|(name, ws)| Annotator::new(name, &ws.project))
        .collect();
    let report = agreement::agreement(&annotators, by_doc).map_err(message)?;
    let left_out: usize = report
        .annotators
        .iter()
        .map(|a| a.detached_claims + a.detached_evidence)
        .sum();
    if left_out > 0 {
        warn(&format!(
            "note: {left_out} detached spans left out (see the counts; `crosscheck check` lists them)"
        ));
    }
    if json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        emit(&format!("{text}\n"))?;
    } else {
        emit(&render(&report, files, by_label))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "undefined".into(), |v| format!("{v:.3}"))
}

fn f1_line(out: &mut String, title: &str, f: &F1, what: &str) {
    let _ = writeln!(
        out,
        "    {title:<18} {:>9}  ({} {what} of {} + {})",
        figure(f.f1),
        f.matched,
        f.a,
        f.b
    );
}

fn render_figures(out: &mut String, figures: &agreement::Figures, by_label: bool, indent: &str) {
    for p in &figures.pairs {
        let _ = writeln!(out, "{indent}  {} – {}", p.a, p.b);
        f1_line(out, "span F1, exact", &p.span_f1_exact, "same spans");
        f1_line(out, "span F1, overlap", &p.span_f1_overlap.f1, "matched");
        let k = &p.cohen_kappa;
        let _ = writeln!(
            out,
            "    {:<18} {:>9}  ({} labelled pairs, {} same label, {} unlabelled left out)",
            "Cohen's κ",
            figure(k.kappa),
            k.pairs,
            k.same_label,
            k.unlabelled_pairs
        );
        f1_line(out, "evidence F1", &p.evidence_f1, "links matched");
        if by_label {
            for (label, f) in &p.by_label {
                f1_line(out, &format!("  {label}"), f, "same spans");
            }
        }
    }
    let o = &figures.overall;
    let a = &o.krippendorff_alpha;
    let _ = writeln!(
        out,
        "{indent}  {:<20} {:>9}  ({} units, {} pairable, {} values, {} missing)",
        "Krippendorff's α",
        figure(a.alpha),
        a.units,
        a.pairable_units,
        a.values,
        a.missing
    );
    let f = &o.fleiss_kappa;
    let _ = writeln!(
        out,
        "{indent}  {:<20} {:>9}  ({} units every annotator labelled, {} raters, {} labels)",
        "Fleiss' κ",
        figure(f.kappa),
        f.units,
        f.raters,
        f.categories
    );
    if figures.pairs.len() > 1 {
        for (title, v) in [
            ("mean span F1 exact", o.mean_span_f1_exact),
            ("mean span F1 overlap", o.mean_span_f1_overlap),
            ("mean Cohen's κ", o.mean_cohen_kappa),
            ("mean evidence F1", o.mean_evidence_f1),
        ] {
            let _ = writeln!(out, "{indent}  {title:<20} {:>9}", figure(v));
        }
    }
}

fn render(report: &Report, files: &[PathBuf], by_label: bool) -> String {
    let mut out = String::new();
    out.push_str("annotators\n");
    for (a, file) in report.annotators.iter().zip(files) {
        let _ = writeln!(
            out,
            "  {:<12} {}: {} claims ({} unlabelled), {} evidence links; left out as detached: {} claims, {} links",
            a.name,
            file.display(),
            a.claims,
            a.unlabelled_claims,
            a.evidence_links,
            a.detached_claims,
            a.detached_evidence
        );
    }
    out.push_str("agreement\n");
    render_figures(&mut out, &report.figures, by_label, "");
    if let Some(docs) = &report.by_doc {
        for (doc, figures) in docs {
            let _ = writeln!(out, "document {doc}");
            render_figures(&mut out, figures, by_label, "");
        }
    }
    out
}
