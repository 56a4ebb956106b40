//! Every export format on the seeds corpus against golden files, and on a
//! hostile corpus against the one rule that matters: the text at a span's
//! code point offsets is the text exported with it.
//!
//! Regenerate the golden files with `CROSSCHECK_UPDATE_GOLDEN=1 cargo test
//! --test library export_formats::`, then read the diff.

use crate::support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crosscheck::corpus::{Corpus, hash_text};
use crosscheck::export::{self, ExportError, Format};
use crosscheck::project::Project;
use serde_json::Value;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/seeds")
}

fn seeds() -> (tempfile::TempDir, Corpus, Project) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = support::copy_seeds(tmp.path());
    let corpus = Corpus::open(&dir).unwrap();
    let project = support::seeds_project(&corpus);
    (tmp, corpus, project)
}

fn hostile() -> (tempfile::TempDir, Corpus, Project) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = support::write_hostile(tmp.path());
    let corpus = Corpus::open(&dir).unwrap();
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
    let project = support::hostile_project(&corpus);
    (tmp, corpus, project)
}

/// Every file below `dir`, as relative paths.
fn files_below(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out
}

fn compare_golden(actual: &Path, golden: &Path) {
    let update = std::env::var_os("CROSSCHECK_UPDATE_GOLDEN").is_some();
    if update {
        if golden.is_dir() {
            std::fs::remove_dir_all(golden).unwrap();
        }
        if actual.is_dir() {
            for rel in files_below(actual) {
                let to = golden.join(&rel);
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(actual.join(&rel), to).unwrap();
            }
        } else {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::copy(actual, golden).unwrap();
        }
        return;
    }
    assert!(
        golden.exists(),
        "no golden file {}; run with CROSSCHECK_UPDATE_GOLDEN=1",
        golden.display()
    );
    if actual.is_dir() {
        assert_eq!(files_below(actual), files_below(golden), "brat file list");
        for rel in files_below(actual) {
            let a = std::fs::read(actual.join(&rel)).unwrap();
            let g = std::fs::read(golden.join(&rel)).unwrap();
            assert!(
                a == g,
                "{} differs from golden:\n{}",
                rel.display(),
                String::from_utf8_lossy(&a)
            );
        }
    } else {
        let a = std::fs::read(actual).unwrap();
        let g = std::fs::read(golden).unwrap();
        assert!(
            a == g,
            "{} differs from golden:\n{}",
            golden.display(),
            String::from_utf8_lossy(&a)
        );
    }
}

#[test]
fn seeds_match_golden_files() {
    let (tmp, corpus, project) = seeds();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for format in Format::ALL {
        let path = out.join(format.default_file_name());
        let summary = export::export(&project, &corpus, format, &path).unwrap();
        assert_eq!(summary.path, path);
        compare_golden(&path, &golden_dir().join(format.default_file_name()));
    }
}

#[test]
fn summaries_count_rows() {
    let (tmp, corpus, project) = seeds();
    let count = |f: Format| {
        export::export(
            &project,
            &corpus,
            f,
            &tmp.path().join(f.default_file_name()),
        )
        .unwrap()
    };
    assert_eq!(count(Format::Fever).rows, project.claims().len());
    assert_eq!(count(Format::Nli).rows, project.evidence_count());
    assert_eq!(count(Format::Csv).rows, project.claims().len());
    assert_eq!(count(Format::Documents).rows, corpus.len());
    let doccano = count(Format::Doccano);
    assert_eq!(doccano.rows, corpus.len());
    assert_eq!(doccano.skipped_detached, 1);
    let brat = count(Format::Brat);
    assert_eq!((brat.rows, brat.files), (4, 4 * 2 + 2));
    assert_eq!(
        brat.message(),
        format!("4 documents (10 files) written to {}", brat.path.display())
    );
    let nli = count(Format::Nli);
    assert_eq!(
        nli.message(),
        format!("5 rows written to {}", nli.path.display())
    );
}

#[test]
fn writer_and_file_agree_and_brat_refuses_a_stream() {
    let (tmp, corpus, project) = seeds();
    for format in Format::ALL {
        let mut bytes = Vec::new();
        let streamed = export::export_to_writer(&project, &corpus, format, &mut bytes);
        if format.writes_folder() {
            assert!(matches!(streamed, Err(ExportError::FolderToStream(_))));
            continue;
        }
        let path = tmp.path().join(format.default_file_name());
        export::export(&project, &corpus, format, &path).unwrap();
        assert_eq!(bytes, std::fs::read(&path).unwrap(), "{format}");
    }
}

#[test]
fn formats_have_names_and_defaults() {
    for f in Format::ALL {
        assert_eq!(Format::from_name(f.name()), Some(f));
        assert!(!f.description().is_empty());
        assert_eq!(f.writes_folder(), f == Format::Brat);
        assert_eq!(f.extension().is_none(), f.writes_folder());
    }
    assert_eq!(Format::Csv.default_file_name(), "claims.csv");
}

#[test]
fn export_replaces_files_and_earlier_brat_folders_only() {
    let (tmp, corpus, project) = seeds();
    let file = tmp.path().join("fever.jsonl");
    std::fs::write(&file, "old").unwrap();
    export::export(&project, &corpus, Format::Fever, &file).unwrap();
    assert_ne!(std::fs::read_to_string(&file).unwrap(), "old");

    // A folder is not a file name.
    let err = export::export(&project, &corpus, Format::Fever, tmp.path()).unwrap_err();
    assert!(matches!(err, ExportError::TargetIsFolder(..)), "{err}");

    // An earlier brat export is replaced, stale files and all.
    let brat = tmp.path().join("brat");
    export::export(&project, &corpus, Format::Brat, &brat).unwrap();
    std::fs::write(brat.join("stale.ann"), "").unwrap();
    export::export(&project, &corpus, Format::Brat, &brat).unwrap();
    assert!(!brat.join("stale.ann").exists());

    // Anything else is left alone.
    let precious = tmp.path().join("precious");
    std::fs::create_dir(&precious).unwrap();
    std::fs::write(precious.join("thesis.docx"), "years of work").unwrap();
    let err = export::export(&project, &corpus, Format::Brat, &precious).unwrap_err();
    assert!(matches!(err, ExportError::ForeignFolder(_)), "{err}");
    assert_eq!(
        std::fs::read_to_string(precious.join("thesis.docx")).unwrap(),
        "years of work"
    );
    // No temporary folders left behind.
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".crosscheck"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---- the offset rule, checked on the hostile corpus ----

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn slice<'a>(corpus: &'a Corpus, doc: &str, start: u64, end: u64) -> &'a str {
    corpus
        .get(doc)
        .unwrap_or_else(|| panic!("exported unknown doc {doc}"))
        .slice(start as usize, end as usize)
        .unwrap_or_else(|| panic!("{doc} {start}..{end} out of range"))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every row has the same keys with the same JSON types.
fn assert_one_type_per_field(rows: &[Value]) {
    let shape = |v: &Value| -> Vec<(String, &'static str)> {
        v.as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), kind(v)))
            .collect()
    };
    if let Some(first) = rows.first() {
        for row in rows {
            assert_eq!(shape(row), shape(first), "{row}");
        }
    }
}

fn export_all(corpus: &Corpus, project: &Project, out: &Path) {
    for format in Format::ALL {
        export::export(
            project,
            corpus,
            format,
            &out.join(format.default_file_name()),
        )
        .unwrap();
    }
}

/// The undoing of CSV neutralisation a reader would do.
fn neutralised(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

#[test]
fn hostile_corpus_offsets_hold_in_every_format() {
    let (tmp, corpus, project) = hostile();
    assert_eq!(
        corpus.get("legacy/cp1252.txt").unwrap().encoding,
        Some("windows-1252")
    );
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    export_all(&corpus, &project, &out);
    let mut checked = 0;

    // fever
    let fever = jsonl(&out.join("fever.jsonl"));
    assert_eq!(fever.len(), project.claims().len());
    assert_one_type_per_field(&fever);
    for row in &fever {
        assert!(!row["detached"].as_bool().unwrap());
        let text = slice(
            &corpus,
            row["doc"].as_str().unwrap(),
            row["start"].as_u64().unwrap(),
            row["end"].as_u64().unwrap(),
        );
        assert_eq!(text, row["claim"].as_str().unwrap());
        checked += 1;
        let evidence = row["evidence"].as_array().unwrap();
        assert_one_type_per_field(evidence);
        for e in evidence {
            let text = slice(
                &corpus,
                e["doc"].as_str().unwrap(),
                e["start"].as_u64().unwrap(),
                e["end"].as_u64().unwrap(),
            );
            assert_eq!(text, e["text"].as_str().unwrap());
            checked += 1;
        }
    }

    // nli
    let nli = jsonl(&out.join("nli.jsonl"));
    assert_eq!(nli.len(), project.evidence_count());
    assert_one_type_per_field(&nli);
    for row in &nli {
        for side in ["premise", "hypothesis"] {
            let text = slice(
                &corpus,
                row[format!("{side}_doc")].as_str().unwrap(),
                row[format!("{side}_start")].as_u64().unwrap(),
                row[format!("{side}_end")].as_u64().unwrap(),
            );
            assert_eq!(text, row[side].as_str().unwrap());
            checked += 1;
        }
    }

    // csv
    let bytes = std::fs::read(out.join("claims.csv")).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "CSV starts with a BOM"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let start: u64 = record[col("start")]
            .parse()
            .expect("start is a plain integer");
        let end: u64 = record[col("end")].parse().expect("end is a plain integer");
        let text = slice(&corpus, &record[col("doc")], start, end);
        assert_eq!(neutralised(text), &record[col("claim")]);
        checked += 1;
        rows += 1;
    }
    assert_eq!(rows, project.claims().len());

    // doccano
    let doccano = jsonl(&out.join("doccano.jsonl"));
    assert_eq!(doccano.len(), corpus.len());
    assert_one_type_per_field(&doccano);
    for row in &doccano {
        let doc = corpus.get(row["doc"].as_str().unwrap()).unwrap();
        assert_eq!(row["text"].as_str().unwrap(), doc.text);
        let mut seen = BTreeSet::new();
        for label in row["label"].as_array().unwrap() {
            let (s, e) = (
                label[0].as_u64().unwrap() as usize,
                label[1].as_u64().unwrap() as usize,
            );
            assert!(
                seen.insert(label.to_string()),
                "duplicate doccano span {label}"
            );
            let text = doc.slice(s, e).unwrap();
            let known = project
                .claims()
                .iter()
                .flat_map(|c| c.spans())
                .any(|sp| sp.doc == doc.id && sp.start == s && sp.end == e && sp.quote == text);
            assert!(known, "{label} in {} is no span of the project", doc.id);
            checked += 1;
        }
    }

    // brat
    checked += check_brat(&corpus, &out.join("brat"));

    // documents
    let documents = jsonl(&out.join("documents.jsonl"));
    assert_one_type_per_field(&documents);
    for row in &documents {
        let doc = corpus.get(row["doc"].as_str().unwrap()).unwrap();
        let text = row["text"].as_str().unwrap();
        assert_eq!(text, doc.text);
        assert_eq!(row["hash"].as_str().unwrap(), hash_text(text));
        let expected = if doc.id == "legacy/cp1252.txt" {
            "windows-1252"
        } else {
            "utf-8"
        };
        assert_eq!(row["encoding"], expected);
    }
    assert!(checked > 60, "only {checked} spans checked");
}

/// Checks every .ann against its .txt; returns the number of T lines.
fn check_brat(corpus: &Corpus, dir: &Path) -> usize {
    let mut checked = 0;
    let conf = std::fs::read_to_string(dir.join("annotation.conf")).unwrap();
    for doc in corpus.documents.iter() {
        let base = match doc.id.strip_suffix(".txt") {
            Some(b) if doc.id != "notes.md.txt" => b.to_owned(),
            // notes.md and notes.md.txt both want the name notes.md
            _ if doc.id == "notes.md.txt" => "notes.md~2".to_owned(),
            _ => doc.id.clone(),
        };
        let txt = std::fs::read_to_string(dir.join(format!("{base}.txt"))).unwrap();
        assert_eq!(txt, doc.text, "{}", doc.id);
        let ann = std::fs::read_to_string(dir.join(format!("{base}.ann"))).unwrap();
        let chars: Vec<char> = txt.chars().collect();
        let mut ids = BTreeSet::new();
        for line in ann.lines() {
            let fields: Vec<&str> = line.splitn(3, '\t').collect();
            // R lines have no text field; T and # lines do.
            let expected = if line.starts_with('R') { 2 } else { 3 };
            assert_eq!(fields.len(), expected, "{line:?}");
            match &fields[0][..1] {
                "T" => {
                    ids.insert(fields[0].to_owned());
                    let (kind, offsets) = fields[1].split_once(' ').unwrap();
                    assert!(
                        conf.lines().any(|l| l == kind),
                        "{kind} not in annotation.conf"
                    );
                    assert!(
                        kind.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    );
                    let mut pieces = Vec::new();
                    for frag in offsets.split(';') {
                        let (s, e) = frag.split_once(' ').unwrap();
                        let (s, e): (usize, usize) = (s.parse().unwrap(), e.parse().unwrap());
                        assert!(s < e && e <= chars.len(), "{line:?}");
                        let piece: String = chars[s..e].iter().collect();
                        assert!(
                            !piece.contains(['\n', '\u{c}', '\u{85}', '\u{2028}']),
                            "fragment with a line break: {line:?}"
                        );
                        pieces.push(piece);
                    }
                    assert_eq!(pieces.join(" "), fields[2], "{}: {line:?}", doc.id);
                    checked += 1;
                }
                "R" => {
                    for arg in fields[1].split(' ').skip(1) {
                        let (_, t) = arg.split_once(':').unwrap();
                        assert!(ids.contains(t), "{line:?} refers to unknown {t}");
                    }
                }
                "#" => assert!(fields[1].starts_with("AnnotatorNotes T")),
                other => panic!("unexpected line kind {other}: {line:?}"),
            }
        }
    }
    checked
}

#[test]
fn brat_splits_multi_line_spans_and_notes_cross_document_links() {
    let (tmp, corpus, project) = hostile();
    let out = tmp.path().join("brat");
    export::export(&project, &corpus, Format::Brat, &out).unwrap();
    let crlf = std::fs::read_to_string(out.join("crlf.ann")).unwrap();
    // "one.\nLine two has" starts at 5: "one." 5..9, "Line two has" 10..22.
    assert!(
        crlf.contains("T1\tClaim_agrees 5 9;10 22\tone. Line two has\n"),
        "{crlf}"
    );
    assert!(crlf.contains("R1\tagrees Arg1:T1 Arg2:T2\n"), "{crlf}");
    let emoji = std::fs::read_to_string(out.join("emoji.ann")).unwrap();
    assert!(
        emoji.contains("AnnotatorNotes T1\tclaim c01; agrees evidence in rtl/עברית.txt ["),
        "{emoji}"
    );
    let rtl = std::fs::read_to_string(out.join("rtl/עברית.ann")).unwrap();
    assert!(
        rtl.contains("agrees evidence for claim c01 in emoji.txt [7:"),
        "{rtl}"
    );
    assert!(rtl.contains("\todd_label_ Arg1:"), "{rtl}");
    // The span claimed twice (two annotators) is one entity.
    let bom = std::fs::read_to_string(out.join("bom.ann")).unwrap();
    assert_eq!(bom.matches("Claim_agrees 0 18").count(), 1, "{bom}");
}

#[test]
fn csv_neutralises_formula_cells_but_not_offsets() {
    let (tmp, corpus, project) = hostile();
    let path = tmp.path().join("claims.csv");
    export::export(&project, &corpus, Format::Csv, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let mut formulas = 0;
    for record in reader.records() {
        let record = record.unwrap();
        for (i, cell) in record.iter().enumerate() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "column {i} cell {cell:?} would run as a formula"
            );
        }
        if record[8].starts_with("'=cmd") {
            formulas += 1;
            assert!(record[4].starts_with('\''), "{:?}", &record[4]);
            assert!(record[2].parse::<u64>().is_ok() && record[3].parse::<u64>().is_ok());
        }
    }
    assert_eq!(formulas, 5);
}

#[test]
fn detached_spans_are_flagged_or_left_out() {
    let (tmp, corpus, project) = seeds();
    let out = tmp.path();
    export_all(&corpus, &project, out);
    let fever = jsonl(&out.join("fever.jsonl"));
    let detached: Vec<_> = fever.iter().filter(|r| r["detached"] == true).collect();
    assert_eq!(detached.len(), 1);
    assert_eq!(
        detached[0]["claim"],
        "But full firearms protection was withdrawn"
    );
    let doccano = std::fs::read_to_string(out.join("doccano.jsonl")).unwrap();
    let ann = std::fs::read_to_string(
        out.join("brat")
            .join(format!("{}.ann", support::S3.trim_end_matches(".txt"))),
    )
    .unwrap();
    let (start, _) = support::find(
        corpus.get(support::S3).unwrap(),
        "But full firearms protection",
    );
    assert!(!ann.contains(&format!(" {start} ")), "{ann}");
    assert!(!doccano.contains(&format!("[{start},")), "{doccano}");
}

mod random_spans {
    use super::*;
    use crosscheck::corpus::Document;
    use crosscheck::project::{Claim, ClaimId, Edit, Evidence, Span, sync_with_corpus};
    use proptest::prelude::*;

    const TEXT: &str = "👨‍👩‍👧‍👦 e\u{301}\u{302} שלום\n\nمرحبا 東京 🏳️‍🌈\n=x +y\t-z @w\nend";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Any span of any length, anywhere (across line breaks, inside
        /// grapheme clusters): fever, nli, doccano and brat all give back
        /// the text at its offsets.
        #[test]
        fn any_span_round_trips(spans in prop::collection::vec((0usize..60, 1usize..25), 1..6)) {
            let tmp = tempfile::tempdir().unwrap();
            let doc = Document::new("d.txt", TEXT);
            let other = Document::new("o.txt", "other 👍🏽 doc");
            let corpus = Corpus::from_parts(tmp.path().to_path_buf(), vec![doc.clone(), other.clone()], Vec::new());
            let mut project = Project::new(".");
            sync_with_corpus(&mut project, &corpus);
            let len = doc.char_len();
            for (i, (start, n)) in spans.into_iter().enumerate() {
                let start = start % len;
                let end = (start + n).min(len);
                let Some(span) = Span::from_document(&doc, start, end) else { continue };
                let mut claim = Claim::new(span.clone(), Some("agrees".into()), "p", "t");
                claim.id = ClaimId(format!("c{i}"));
                claim.evidence.push(Evidence {
                    id: "e1".into(),
                    span: Span::from_document(&other, 6, 8).unwrap(),
                    relation: "contradicts".into(),
                    annotator: "p".into(),
                    created: "t".into(),
                });
                claim.evidence.push(Evidence {
                    id: "e2".into(),
                    span,
                    relation: "agrees".into(),
                    annotator: "p".into(),
                    created: "t".into(),
                });
                project.apply(Edit::AddClaim(Box::new(claim))).unwrap();
            }
            let out = tmp.path().join("out");
            std::fs::create_dir(&out).unwrap();
            export_all(&corpus, &project, &out);
            for row in jsonl(&out.join("fever.jsonl")) {
                let text = slice(&corpus, row["doc"].as_str().unwrap(), row["start"].as_u64().unwrap(), row["end"].as_u64().unwrap());
                prop_assert_eq!(text, row["claim"].as_str().unwrap());
            }
            for row in jsonl(&out.join("nli.jsonl")) {
                let text = slice(&corpus, row["premise_doc"].as_str().unwrap(), row["premise_start"].as_u64().unwrap(), row["premise_end"].as_u64().unwrap());
                prop_assert_eq!(text, row["premise"].as_str().unwrap());
            }
            for row in jsonl(&out.join("doccano.jsonl")) {
                let doc = corpus.get(row["doc"].as_str().unwrap()).unwrap();
                for label in row["label"].as_array().unwrap() {
                    let (s, e) = (label[0].as_u64().unwrap() as usize, label[1].as_u64().unwrap() as usize);
                    prop_assert!(doc.slice(s, e).is_some());
                }
            }
            check_brat(&corpus, &out.join("brat"));
        }
    }
}
