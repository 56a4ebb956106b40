//! `crosscheck grade`: students' project files against an answer key.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use super::classroom::{open_key, rubric_line};
use super::output::{CliResult, Failure, emit, warn};
use crate::export::neutralise_csv_cell;
use crate::grading::{self, Grade, GradeError, RULE};
use crate::project::{self, Project, Rubric};
use crate::workspace::Workspace;

/// Grade students' project files against an answer key: key claims
/// found and missed, extra claims, labels, evidence links, a score.
#[derive(Debug, Args)]
#[command(after_help = GRADE_HELP)]
pub struct GradeCommand {
    /// The teacher's answer key (a project marked with `crosscheck key`).
    pub key: PathBuf,
    /// One project file per student.
    #[arg(required = true, num_args = 1.., value_name = "STUDENT.ron")]
    pub students: Vec<PathBuf>,
    /// Also write one row per student to this CSV file.
    #[arg(long, value_name = "OUT.csv")]
    pub csv: Option<PathBuf>,
    /// Print one JSON object (rule, rubric, one object per student).
    #[arg(long)]
    pub json: bool,
    /// Write a feedback project per student into this folder.
    #[arg(long, value_name = "OUT/")]
    pub feedback: Option<PathBuf>,
    /// Report pseudonyms S01, S02, … instead of names.
    #[arg(long)]
    pub anonymise: bool,
    /// With --anonymise: where the pseudonym → name mapping goes
    /// (default: beside the CSV, OUT.mapping.csv).
    #[arg(long, value_name = "FILE", requires = "anonymise")]
    pub mapping: Option<PathBuf>,
}

impl GradeCommand {
    pub(super) fn run(&self) -> CliResult {
        grade(&GradeArgs {
            key: &self.key,
            students: &self.students,
            csv: self.csv.as_deref(),
            json: self.json,
            feedback: self.feedback.as_deref(),
            anonymise: self.anonymise,
            mapping: self.mapping.as_deref(),
        })
    }
}

const GRADE_HELP: &str = "\
A student's claim finds a key claim when both are in the same document and
share at least half of the shorter span (code points), one-to-one (the
matching `crosscheck agree` uses). A student is the file's most common claim
annotator. A file that cannot be graded (not a project, another corpus, a
second file by the same student, the key itself) gets an `error:` line; the
others are still graded and the exit status is 1. Student files are
re-anchored against the key's corpus in memory and never written.
Definitions and the CSV columns: README, section Classrooms.

Examples:
  crosscheck grade key.ron class/*.ron
  crosscheck grade key.ron class/*.ron --csv grades.csv --feedback feedback/
  crosscheck grade key.ron class/*.ron --json --anonymise --mapping names.csv";

/// What `grade` was asked to do besides printing.
struct GradeArgs<'a> {
    key: &'a Path,
    students: &'a [PathBuf],
    csv: Option<&'a Path>,
    json: bool,
    feedback: Option<&'a Path>,
    anonymise: bool,
    mapping: Option<&'a Path>,
}

/// A student's file, opened and re-anchored against the key's corpus.
struct Student {
    file: PathBuf,
    project: Project,
    name: String,
}

fn load_student(file: &Path, key_path: &Path, key: &Workspace) -> Result<Student, String> {
    let shown = file.display().to_string();
    if let (Ok(a), Ok(b)) = (file.canonicalize(), key_path.canonicalize())
        && a == b
    {
        return Err(GradeError::KeyAsStudent(shown).to_string());
    }
    if !file.exists() {
        return Err(format!("{shown} does not exist"));
    }
    let mut project = project::load(file).map_err(|e| e.to_string())?;
    if project.answer_key().is_some() {
        return Err(GradeError::StudentIsAKey(shown).to_string());
    }
    let report =
        grading::anchor_student(&mut project, &key.corpus, &shown).map_err(|e| e.to_string())?;
    if !report.is_clean() || !report.changed_docs.is_empty() {
        warn(&format!(
            "note: {shown}: re-anchored against the key's corpus: {}",
            report.summary()
        ));
    }
    // A file with no claims still stands for a student: named after the file.
    let name = crate::agreement::annotator_name(&project).unwrap_or_else(|| {
        file.file_stem()
            .map_or_else(|| shown.clone(), |s| s.to_string_lossy().into_owned())
    });
    Ok(Student {
        file: file.to_path_buf(),
        project,
        name,
    })
}

#[derive(Serialize)]
struct StudentRow<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(flatten)]
    grade: &'a Grade,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    rule: &'static str,
    rubric: Rubric,
    students: Vec<StudentRow<'a>>,
    /// Files that could not be graded; with --anonymise only their number,
    /// since a file's path often carries the student's name.
    failed: serde_json::Value,
}

const CSV_HEADER: [&str; 18] = [
    "student",
    "file",
    "score",
    "max_score",
    "percent",
    "found_required",
    "required",
    "missed_required",
    "found_bonus",
    "bonus",
    "missed_bonus",
    "extra",
    "labels_correct",
    "labels_checked",
    "label_accuracy",
    "evidence_found",
    "evidence_of_found",
    "detached_left_out",
];

/// CSV the way `claims.csv` is written: UTF-8 with a byte order mark, CRLF,
/// text cells that a spreadsheet would run as a formula prefixed with `'`.
fn csv_bytes(
    rows: &[Vec<String>],
    header: &[&str],
    text_columns: &[usize],
) -> Result<Vec<u8>, String> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut out = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut bytes);
        out.write_record(header).map_err(|e| e.to_string())?;
        for row in rows {
            let cells: Vec<std::borrow::Cow<'_, str>> = row
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if text_columns.contains(&i) {
                        neutralise_csv_cell(c)
                    } else {
                        c.as_str().into()
                    }
                })
                .collect();
            out.write_record(cells.iter().map(|c| c.as_bytes()))
                .map_err(|e| e.to_string())?;
        }
        out.flush().map_err(|e| e.to_string())?;
    }
    Ok(bytes)
}

fn grade_row(g: &Grade, file: &str) -> Vec<String> {
    let opt = |v: Option<f64>, digits: usize| v.map_or(String::new(), |v| format!("{v:.digits$}"));
    vec![
        g.student.clone(),
        file.to_owned(),
        g.score.to_string(),
        g.max_score.to_string(),
        opt(g.percent, 1),
        g.found_required.to_string(),
        g.required.to_string(),
        g.missed_required.to_string(),
        g.found_bonus.to_string(),
        g.bonus.to_string(),
        g.missed_bonus.to_string(),
        g.extra.to_string(),
        g.labels_correct.to_string(),
        g.labels_checked.to_string(),
        opt(g.label_accuracy, 3),
        g.evidence_found.to_string(),
        g.evidence_of_found.to_string(),
        g.detached_left_out.to_string(),
    ]
}

/// A cell as it was before [`neutralise_csv_cell`] prefixed it with `'`.
fn unneutralise(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// An earlier mapping file: (pseudonym, student, file) rows. One that
/// cannot be read stops the command rather than renumbering the class.
fn read_mapping(path: &Path) -> Result<Vec<(String, String, String)>, Failure> {
    let bad = |e: String| {
        Failure::Message(format!(
            "cannot read the mapping {} (to keep its pseudonyms): {e}",
            path.display()
        ))
    };
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut reader = ::csv::Reader::from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| bad(e.to_string()))?;
        let cell = |i: usize| record.get(i).map(unneutralise);
        match (cell(0), cell(1), cell(2)) {
            (Some(p), Some(n), file) if !p.is_empty() => {
                rows.push((p, n, file.unwrap_or_default()));
            }
            _ => return Err(bad("a row without pseudonym and student".into())),
        }
    }
    Ok(rows)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    crate::atomic::write(path, bytes)
        .map_err(|e| Failure::Message(format!("cannot write {}: {e}", path.display())))
}

/// A file name from an untrusted student name: letters, digits, `-`, `_`
/// and `.` kept, anything else (`/`, `\`, spaces, controls) becomes `_`; no
/// leading dot, so it can never be a path or a hidden file.
fn safe_file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let stem = stem.trim_start_matches('.');
    if stem.is_empty() {
        "student".into()
    } else {
        stem.to_owned()
    }
}

fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

/// A name typed by a student, safe to print on a terminal: control
/// characters (escape sequences could rewrite the screen) become `�`.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

fn render(grades: &[(&Grade, String)], rubric: &Rubric) -> String {
    let mut out = String::new();
    out.push_str("rule\n");
    out.push_str(&wrap(RULE, 76, "  "));
    out.push_str("rubric\n");
    out.push_str(&wrap(&rubric_line(rubric), 76, "  "));
    out.push_str("students\n");
    for (g, file) in grades {
        let percent = g.percent.map_or_else(|| "—".into(), |p| format!("{p:.1}%"));
        let accuracy = g
            .label_accuracy
            .map_or_else(String::new, |a| format!(" ({:.0}%)", 100.0 * a));
        let from = if file.is_empty() {
            String::new()
        } else {
            format!("  {}", printable(file))
        };
        let _ = writeln!(
            out,
            "  {:<12} {}/{} ({percent}){from}\n    found {} of {} required ({} missed), {} of {} bonus; \
             {} extra; labels {} of {} right{accuracy}; evidence {} of {} links found",
            printable(&g.student),
            g.score,
            g.max_score,
            g.found_required,
            g.required,
            g.missed_required,
            g.found_bonus,
            g.bonus,
            g.extra,
            g.labels_correct,
            g.labels_checked,
            g.evidence_found,
            g.evidence_of_found
        );
        if g.detached_left_out > 0 {
            let _ = writeln!(out, "    {} detached spans left out", g.detached_left_out);
        }
    }
    out
}

/// `crosscheck grade`: every student file is graded on its own; a file that
/// cannot be is reported and the others are still graded (exit 1).
fn grade(args: &GradeArgs<'_>) -> CliResult {
    let mapping_path = match (args.anonymise, args.mapping, args.csv) {
        (false, _, _) => None,
        (true, Some(m), _) => Some(m.to_path_buf()),
        (true, None, Some(csv)) => {
            let stem = csv
                .file_stem()
                .map_or_else(|| "grades".into(), |s| s.to_string_lossy().into_owned());
            Some(csv.with_file_name(format!("{stem}.mapping.csv")))
        }
        (true, None, None) => {
            return Err(Failure::Message(
                "--anonymise needs --mapping FILE (or --csv OUT, beside which the mapping is \
                 written): the teacher keeps the names there"
                    .into(),
            ));
        }
    };
    let key = open_key(args.key, true)?;
    let rubric = key
        .project
        .answer_key()
        .and_then(|k| k.rubric)
        .unwrap_or_default();

    let mut failed: Vec<(String, String)> = Vec::new();
    let mut students: Vec<Student> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    for file in args.students {
        // The same file given twice (a glob and a name) is graded once.
        if let Ok(path) = file.canonicalize() {
            if seen.contains(&path) {
                warn(&format!(
                    "note: {} was given twice; graded once",
                    file.display()
                ));
                continue;
            }
            seen.push(path);
        }
        match load_student(file, args.key, &key) {
            Ok(s) => students.push(s),
            Err(e) => failed.push((file.display().to_string(), e)),
        }
    }
    // Two files by one student: which one counts is the teacher's call, so
    // neither is graded.
    let mut keep = vec![true; students.len()];
    for i in 0..students.len() {
        for j in 0..students.len() {
            if i != j && students[i].name == students[j].name {
                keep[i] = false;
                let e = GradeError::SameStudent {
                    file: students[i].file.display().to_string(),
                    other: students[j].file.display().to_string(),
                    name: students[i].name.clone(),
                };
                failed.push((students[i].file.display().to_string(), e.to_string()));
                break;
            }
        }
    }
    let mut kept = keep.into_iter();
    students.retain(|_| kept.next().unwrap_or(false));

    let names: Vec<String> = students.iter().map(|s| s.name.clone()).collect();
    // An earlier run's mapping keeps everyone's pseudonym (see README).
    let earlier = match &mapping_path {
        Some(path) if path.exists() => read_mapping(path)?,
        _ => Vec::new(),
    };
    let known: std::collections::BTreeMap<String, String> = earlier
        .iter()
        .map(|(pseudonym, name, _)| (name.clone(), pseudonym.clone()))
        .collect();
    let shown: Vec<String> = if args.anonymise {
        grading::pseudonyms_keeping(&names, &known)
    } else {
        names.clone()
    };
    let mut graded: Vec<(usize, Grade)> = students
        .iter()
        .zip(&shown)
        .enumerate()
        .map(|(i, (s, name))| (i, grading::grade(&key.project, &s.project, name, &rubric)))
        .collect();
    // Anonymised rows go in pseudonym order: the order the files were given
    // in (often alphabetical by name) would tell who is who.
    if args.anonymise {
        graded.sort_by(|a, b| a.1.student.cmp(&b.1.student));
    }
    let file_of = |i: usize| {
        if args.anonymise {
            String::new()
        } else {
            students[i].file.display().to_string()
        }
    };

    if let Some(csv) = args.csv {
        let rows: Vec<Vec<String>> = graded
            .iter()
            .map(|(i, g)| grade_row(g, &file_of(*i)))
            .collect();
        write_file(csv, &csv_bytes(&rows, &CSV_HEADER, &[0, 1])?)?;
    }
    if let Some(path) = &mapping_path {
        let mut rows: Vec<Vec<String>> = graded
            .iter()
            .map(|(i, g)| {
                vec![
                    g.student.clone(),
                    names[*i].clone(),
                    students[*i].file.display().to_string(),
                ]
            })
            .collect();
        // Students of earlier runs missing from this one stay in the
        // mapping, so they get their pseudonym back when they return.
        for (pseudonym, name, file) in &earlier {
            if !names.contains(name) {
                rows.push(vec![pseudonym.clone(), name.clone(), file.clone()]);
            }
        }
        rows.sort();
        write_file(
            path,
            &csv_bytes(&rows, &["pseudonym", "student", "file"], &[0, 1, 2])?,
        )?;
    }
    if let Some(dir) = args.feedback {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create folder {}: {e}", dir.display()))?;
        let mut used: Vec<String> = Vec::new();
        for (i, g) in &graded {
            let base = safe_file_stem(&g.student);
            let mut stem = base.clone();
            let mut n = 1;
            while used.contains(&stem) {
                n += 1;
                stem = format!("{base}-{n}");
            }
            used.push(stem.clone());
            let path = dir.join(format!("{stem}.ron"));
            let reference = project::corpus_reference(&path, &key.corpus.root);
            let fb = grading::feedback::feedback_project(
                &key.project,
                &students[*i].project,
                g,
                reference,
            )
            .map_err(|e| format!("cannot build the feedback for {}: {e}", g.student))?;
            project::save(&fb, &path).map_err(|e| e.to_string())?;
        }
    }

    let rows: Vec<(&Grade, String)> = graded.iter().map(|(i, g)| (g, file_of(*i))).collect();
    if args.json {
        let failed_json = if args.anonymise {
            serde_json::json!(failed.len())
        } else {
            serde_json::json!(
                failed
                    .iter()
                    .map(|(f, e)| serde_json::json!({"file": f, "error": e}))
                    .collect::<Vec<_>>()
            )
        };
        let report = JsonReport {
            rule: RULE,
            rubric,
            students: rows
                .iter()
                .map(|(g, f)| StudentRow {
                    file: (!f.is_empty()).then(|| f.clone()),
                    grade: g,
                })
                .collect(),
            failed: failed_json,
        };
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        emit(&format!("{text}\n"))?;
    } else {
        emit(&render(&rows, &rubric))?;
    }
    for (file, error) in &failed {
        warn(&format!("error: {file}: {error}"));
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
