//! `crosscheck agree` and `crosscheck merge`: the team commands.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{CliResult, Failure, emit, open, warn};
use crate::agreement::{self, AgreementError, Annotator, F1, Report};

fn message(e: AgreementError) -> Failure {
    Failure::Message(e.to_string())
}

/// Opens every file (nothing is written to any of them) and refuses sets
/// that cannot be compared: the same file twice, an empty file, two files
/// by one annotator, files over different corpora.
pub(super) fn agree(files: &[PathBuf], json: bool, by_label: bool, by_doc: bool) -> CliResult {
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

/// `crosscheck merge BASE OURS THEIRS`: git's merge driver. The result
/// replaces OURS atomically; exit 0 when merged (flagged claims included),
/// 1 when a file cannot be read, and then OURS is untouched.
pub(super) fn merge(base: &Path, ours: &Path, theirs: &Path) -> CliResult {
    let summary = crate::project::merge_files(base, ours, theirs).map_err(|e| e.to_string())?;
    if summary.flagged > 0 {
        warn(&format!(
            "crosscheck merge: {} claims changed on both sides were kept in both versions and \
             flagged for the adjudicator (`crosscheck check` lists them)",
            summary.flagged
        ));
    }
    for note in &summary.notes {
        warn(&format!("crosscheck merge: {note}"));
    }
    Ok(ExitCode::SUCCESS)
}
