//! `crosscheck stats`: documents, claims per label, evidence links, detached
//! spans and annotators, as text or JSON.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use super::open::open;
use super::output::{CliResult, emit, warn};

/// Count documents, claims per label, evidence links, detached spans and
/// annotators.
#[derive(Debug, Args)]
#[command(after_help = STATS_HELP)]
pub struct StatsCommand {
    /// The project file.
    pub project: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

impl StatsCommand {
    pub(super) fn run(&self) -> CliResult {
        stats(&self.project, self.json)
    }
}

const STATS_HELP: &str = "\
Examples:
  crosscheck stats project.ron
  crosscheck stats project.ron --json | python3 -m json.tool";

#[derive(Debug, Default, Serialize)]
struct AnnotatorStats {
    claims: usize,
    evidence: usize,
}

#[derive(Debug, Serialize)]
struct Stats {
    project: String,
    corpus: String,
    documents: usize,
    documents_done: usize,
    skipped_files: usize,
    claims: usize,
    /// Every label of the project, used or not.
    claims_by_label: BTreeMap<String, usize>,
    claims_unlabelled: usize,
    evidence_links: usize,
    evidence_by_relation: BTreeMap<String, usize>,
    cross_document_links: usize,
    detached_spans: usize,
    annotators: BTreeMap<String, AnnotatorStats>,
}

fn stats(project_path: &Path, json: bool) -> CliResult {
    let ws = open(project_path)?;
    // On stderr: `--json` output stays one object.
    if let Some(note) = ws.journal.describe() {
        warn(&format!("note: {note}; these figures are the file's"));
    }
    let p = &ws.project;
    let mut by_label: BTreeMap<String, usize> =
        p.labels().iter().map(|l| (l.id.clone(), 0)).collect();
    let mut by_relation = by_label.clone();
    let mut annotators: BTreeMap<String, AnnotatorStats> = BTreeMap::new();
    let (mut unlabelled, mut cross, mut detached) = (0, 0, 0);
    for claim in p.claims().iter() {
        match &claim.label {
            Some(l) => *by_label.entry(l.clone()).or_default() += 1,
            None => unlabelled += 1,
        }
        annotators
            .entry(claim.annotator.clone())
            .or_default()
            .claims += 1;
        for e in &claim.evidence {
            *by_relation.entry(e.relation.clone()).or_default() += 1;
            annotators.entry(e.annotator.clone()).or_default().evidence += 1;
            if e.span.doc != claim.span.doc {
                cross += 1;
            }
        }
        detached += claim.spans().filter(|s| s.detached).count();
    }
    let stats = Stats {
        project: project_path.display().to_string(),
        corpus: ws.corpus.root.display().to_string(),
        documents: ws.corpus.len(),
        documents_done: p.documents().values().filter(|d| d.done).count(),
        skipped_files: ws.corpus.skipped.len(),
        claims: p.claims().len(),
        claims_by_label: by_label,
        claims_unlabelled: unlabelled,
        evidence_links: p.evidence_count(),
        evidence_by_relation: by_relation,
        cross_document_links: cross,
        detached_spans: detached,
        annotators,
    };
    if json {
        let text = serde_json::to_string_pretty(&stats).map_err(|e| e.to_string())?;
        emit(&format!("{text}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!("project     {}", stats.project));
    line(format!("corpus      {}", stats.corpus));
    line(format!(
        "documents   {} ({} marked done, {} files skipped)",
        stats.documents, stats.documents_done, stats.skipped_files
    ));
    line(format!("claims      {}", stats.claims));
    // Label-set order, as the window shows them.
    for label in p.labels() {
        let n = stats.claims_by_label.get(&label.id).copied().unwrap_or(0);
        line(format!("  {:<14} {n}", label.id));
    }
    if stats.claims_unlabelled > 0 {
        line(format!(
            "  {:<14} {}",
            "(no label)", stats.claims_unlabelled
        ));
    }
    line(format!(
        "evidence    {} ({} across documents)",
        stats.evidence_links, stats.cross_document_links
    ));
    for label in p.labels() {
        let n = stats
            .evidence_by_relation
            .get(&label.id)
            .copied()
            .unwrap_or(0);
        line(format!("  {:<14} {n}", label.id));
    }
    line(format!("detached    {} spans", stats.detached_spans));
    line("annotators".into());
    for (name, a) in &stats.annotators {
        line(format!(
            "  {:<14} {} claims, {} evidence links",
            name, a.claims, a.evidence
        ));
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}
