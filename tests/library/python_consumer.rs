//! The exports read from the consumer's side: Python's standard library
//! (`json`, `csv` with `utf-8-sig`, `hashlib`, `str` slicing) checks every
//! span of the seeds and hostile corpora. Skipped, with a note, when
//! `python3` is not installed.

use crate::support;

use std::path::Path;
use std::process::Command;

use crosscheck::corpus::Corpus;
use crosscheck::export::{self, Format};
use crosscheck::project::Project;

fn python() -> Option<&'static str> {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some("python3")
}

fn check_with_python(python: &str, corpus: &Corpus, project: &Project, out: &Path) {
    std::fs::create_dir_all(out).unwrap();
    for format in Format::ALL {
        export::export(
            project,
            corpus,
            format,
            &out.join(format.default_file_name()),
        )
        .unwrap();
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/check_exports.py");
    let result = Command::new(python).arg(script).arg(out).output().unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "python check failed:\n{stdout}\n{stderr}"
    );
    // "ok: N spans checked": a check that looked at nothing proves nothing.
    let checked: usize = stdout
        .strip_prefix("ok: ")
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected output {stdout}"));
    assert!(checked >= 40, "python checked only {checked} spans");
    eprintln!("{}: {stdout}", out.display());
}

#[test]
fn python_reads_every_export_of_both_corpora() {
    let Some(python) = python() else {
        eprintln!("note: python3 not found; skipping the consumer-side check");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();

    let seeds = Corpus::open(&support::copy_seeds(tmp.path())).unwrap();
    let project = support::seeds_project(&seeds);
    check_with_python(python, &seeds, &project, &tmp.path().join("seeds-out"));

    let hostile = Corpus::open(&support::write_hostile(tmp.path())).unwrap();
    let project = support::hostile_project(&hostile);
    check_with_python(python, &hostile, &project, &tmp.path().join("hostile-out"));
}
