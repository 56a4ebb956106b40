//! `crosscheck check`: the project against its corpus, read only.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::open::open;
use super::output::{CliResult, emit};
use crate::project::SpanRef;
use crate::text::terminal::safe;

/// Check the project against its corpus without changing anything: which
/// documents changed or went missing, which spans moved or came loose.
#[derive(Debug, Args)]
#[command(after_help = CHECK_HELP)]
pub struct CheckCommand {
    /// The project file.
    pub project: PathBuf,
}

impl CheckCommand {
    pub(super) fn run(&self) -> CliResult {
        check(&self.project)
    }
}

const CHECK_HELP: &str = "\
Exit status: 0 when every span is in place, 1 when spans are detached or only
approximately matched, documents are missing or claims are flagged by a merge
(changed on both sides), 2 when the project cannot be opened. The project
file is never written.

Examples:
  crosscheck check project.ron
  crosscheck check project.ron || echo 'look at the project in the window'";

fn check(project_path: &Path) -> CliResult {
    // Opening re-anchors in memory only; nothing here saves.
    let ws = open(project_path)?;
    let r = &ws.report;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} documents in {}",
        safe(&project_path.display().to_string()),
        ws.corpus.len(),
        safe(&ws.corpus.root.display().to_string())
    );
    if let Some(note) = ws.journal.describe() {
        let _ = writeln!(out, "edit journal: {note}");
    }
    if !ws.corpus.skipped.is_empty() {
        let _ = writeln!(out, "skipped files ({}):", ws.corpus.skipped.len());
        for s in &ws.corpus.skipped {
            let _ = writeln!(out, "  {}: {}", safe(&s.path), safe(&s.reason.to_string()));
        }
    }
    let docs = |out: &mut String, title: &str, list: &[String]| {
        if !list.is_empty() {
            let _ = writeln!(out, "{title} ({}):", list.len());
            for d in list {
                let _ = writeln!(out, "  {}", safe(d));
            }
        }
    };
    docs(&mut out, "changed documents", &r.changed_docs);
    docs(
        &mut out,
        "extracted anew by this version (a newer extractor, not an edit)",
        &r.reextracted,
    );
    docs(&mut out, "missing documents", &r.missing_docs);
    docs(&mut out, "new documents", &r.new_docs);
    let spans = |out: &mut String, title: &str, list: &[SpanRef]| {
        if !list.is_empty() {
            let _ = writeln!(out, "{title} ({}):", list.len());
            for s in list {
                let which = match &s.evidence {
                    Some(e) => format!("claim {} evidence {}", safe(&s.claim.0), safe(e)),
                    None => format!("claim {}", safe(&s.claim.0)),
                };
                let _ = writeln!(out, "  {which} in {}: {}", safe(&s.doc), quoted(&s.quote));
            }
        }
    };
    spans(&mut out, "spans moved", &r.moved);
    spans(&mut out, "spans found again", &r.reattached);
    spans(
        &mut out,
        "spans matched only approximately (check them)",
        &r.fuzzy,
    );
    spans(&mut out, "detached spans", &r.detached);
    let flagged: Vec<&crate::project::Claim> = ws
        .project
        .claims()
        .sorted()
        .into_iter()
        .filter(|c| c.conflict.is_some())
        .collect();
    if !flagged.is_empty() {
        let _ = writeln!(out, "claims flagged by a merge ({}):", flagged.len());
        for c in &flagged {
            let why = c.conflict.as_ref().map_or("", |f| f.reason.as_str());
            let other = c
                .conflict
                .as_ref()
                .and_then(|f| f.other.as_ref())
                .map_or(String::new(), |o| format!(" (other version: {o})"));
            let _ = writeln!(
                out,
                "  claim {} in {}: {}: {}{}",
                safe(&c.id.0),
                safe(&c.span.doc),
                quoted(&c.span.quote),
                safe(why),
                safe(&other)
            );
        }
    }
    let _ = writeln!(out, "{}", r.summary());
    emit(&out)?;
    Ok(if r.is_clean() && flagged.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A quote as `{:?}` shows it (in quotes, `"` and `\` escaped), with what
/// Rust's escaping leaves raw (bidi controls) escaped too.
fn quoted(quote: &str) -> String {
    safe(&format!("{quote:?}")).into_owned()
}
