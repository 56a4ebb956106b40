//! The planner's guarantees, on generated corpora.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::assign::{Settings, Started, overlap_count, plan_documents, resolve};
use super::plan::{Member, PLAN_VERSION, Plan, PlannedDoc};

/// `n` documents over `folders` folders, lengths varied but none longer
/// than 3,000 code points.
fn corpus(n: usize, folders: usize) -> Vec<super::CorpusDoc> {
    (0..n)
        .map(|i| super::CorpusDoc {
            id: format!("f{}/d{i:05}.txt", i % folders.max(1)),
            chars: 200 + (i * 7919) % 2800,
            hash: format!("h{i}"),
        })
        .collect()
}

fn team(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("a{i}")).collect()
}

fn settings(annotators: usize, overlap: f64, per_doc: usize, seed: u64) -> Settings {
    Settings {
        annotators: team(annotators),
        overlap: Some(overlap),
        per_doc: Some(per_doc),
        seed: Some(seed),
        rebalance: false,
    }
}

fn make(
    docs: &[super::CorpusDoc],
    s: &Settings,
    previous: Option<&Plan>,
    started: &Started,
) -> Plan {
    let r = resolve(s, previous).unwrap();
    let (documents, _) = plan_documents(docs, s, r, previous, started);
    Plan {
        study_format: PLAN_VERSION,
        corpus: ".".into(),
        seed: r.seed,
        overlap: r.overlap,
        per_doc: r.per_doc,
        annotators: s
            .annotators
            .iter()
            .map(|n| Member {
                name: n.clone(),
                file: format!("{n}.ron"),
            })
            .collect(),
        documents,
    }
}

/// Every guarantee of a fresh plan.
fn check_plan(docs: &[super::CorpusDoc], s: &Settings, plan: &Plan) {
    let per_doc = s.per_doc.unwrap();
    assert_eq!(
        plan.documents.len(),
        docs.len(),
        "every document is planned"
    );
    for d in docs {
        let p = &plan.documents[&d.id];
        let distinct: BTreeSet<&String> = p.annotators.iter().collect();
        assert_eq!(
            distinct.len(),
            p.annotators.len(),
            "nobody twice on {}",
            d.id
        );
        assert_eq!(
            p.annotators.len(),
            if p.overlap { per_doc } else { 1 },
            "{}",
            d.id
        );
    }
    let overlap = plan.documents.values().filter(|d| d.overlap).count();
    assert_eq!(overlap, overlap_count(s.overlap.unwrap(), docs.len()));
    let loads: Vec<usize> = s.annotators.iter().map(|a| plan.load_of(a)).collect();
    let longest = docs.iter().map(|d| d.chars).max().unwrap_or(0);
    let (min, max) = (loads.iter().min().unwrap(), loads.iter().max().unwrap());
    assert!(
        max - min <= longest,
        "loads {loads:?} spread more than the longest document ({longest})"
    );
}

#[test]
fn every_document_assigned_overlap_exact_per_doc_distinct() {
    let docs = corpus(500, 4);
    let s = settings(5, 0.2, 3, 11);
    let plan = make(&docs, &s, None, &Started::new());
    check_plan(&docs, &s, &plan);
    assert_eq!(plan.documents.values().filter(|d| d.overlap).count(), 100);
}

#[test]
fn loads_are_balanced_by_length_within_ten_percent() {
    // Lengths differ fifteenfold, so balancing by count would miss widely.
    let docs = corpus(2_000, 3);
    let s = settings(8, 0.2, 2, 3);
    let plan = make(&docs, &s, None, &Started::new());
    let loads: Vec<f64> = s
        .annotators
        .iter()
        .map(|a| plan.load_of(a) as f64)
        .collect();
    let mean = loads.iter().sum::<f64>() / loads.len() as f64;
    for l in &loads {
        assert!((l - mean).abs() <= 0.10 * mean, "{loads:?}");
    }
    // Each overlap document counts in each of its annotators' loads.
    let counts: Vec<usize> = s.annotators.iter().map(|a| plan.share(a).len()).collect();
    assert_eq!(counts.iter().sum::<usize>(), 2_000 + 400);
}

#[test]
fn the_same_seed_gives_the_same_plan_and_another_seed_another() {
    let docs = corpus(300, 3);
    let a = make(&docs, &settings(4, 0.3, 2, 99), None, &Started::new());
    let b = make(&docs, &settings(4, 0.3, 2, 99), None, &Started::new());
    assert_eq!(a, b);
    assert_eq!(a.to_ron().unwrap(), b.to_ron().unwrap());
    let c = make(&docs, &settings(4, 0.3, 2, 100), None, &Started::new());
    let chosen = |p: &Plan| -> BTreeSet<String> {
        p.documents
            .iter()
            .filter(|(_, d)| d.overlap)
            .map(|(id, _)| id.clone())
            .collect()
    };
    assert_ne!(chosen(&a), chosen(&c));
}

#[test]
fn overlap_is_stratified_by_folder() {
    // 600 documents: 300 in f0, 200 in f1, 100 in f2; 20 % overlap is
    // 60, 40 and 20.
    let docs: Vec<super::CorpusDoc> = (0..600)
        .map(|i| super::CorpusDoc {
            id: format!(
                "f{}/d{i}.txt",
                if i < 300 {
                    0
                } else if i < 500 {
                    1
                } else {
                    2
                }
            ),
            chars: 1000,
            hash: String::new(),
        })
        .collect();
    let plan = make(&docs, &settings(3, 0.2, 2, 5), None, &Started::new());
    let mut by_folder: BTreeMap<&str, usize> = BTreeMap::new();
    for (id, d) in &plan.documents {
        if d.overlap {
            *by_folder.entry(super::assign::folder_of(id)).or_default() += 1;
        }
    }
    assert_eq!(
        by_folder,
        BTreeMap::from([("f0", 60), ("f1", 40), ("f2", 20)])
    );
}

#[test]
fn extending_moves_no_started_document() {
    let docs = corpus(200, 2);
    let s = settings(3, 0.2, 2, 1);
    let first = make(&docs, &s, None, &Started::new());
    // Each annotator started the first half of their share.
    let mut started = Started::new();
    for a in &s.annotators {
        let share: Vec<String> = first.share(a).into_iter().collect();
        let half = share.len() / 2;
        started.insert(a.clone(), share.into_iter().take(half).collect());
    }
    // A new annotator and 50 new documents, rebalancing the rest.
    let more = corpus(250, 2);
    let mut s2 = settings(4, 0.2, 2, 1);
    s2.rebalance = true;
    let second = make(&more, &s2, Some(&first), &started);
    assert_eq!(second.documents.len(), 250);
    for (a, docs) in &started {
        for d in docs {
            assert!(
                second.documents[d].annotators.contains(a),
                "{d} moved away from {a}"
            );
        }
    }
    // Overlap documents stay overlap documents, and the share holds.
    for (id, d) in &first.documents {
        assert_eq!(second.documents[id].overlap, d.overlap);
    }
    assert_eq!(
        second.documents.values().filter(|d| d.overlap).count(),
        overlap_count(0.2, 250)
    );
    assert!(!second.share("a3").is_empty(), "the newcomer gets work");

    // Without --rebalance nothing planned moves at all.
    let kept = make(&more, &settings(4, 0.2, 2, 1), Some(&first), &started);
    for (id, d) in &first.documents {
        assert_eq!(kept.documents[id].annotators, d.annotators);
    }
}

#[test]
fn a_removed_or_edited_document_is_reported() {
    let docs = corpus(20, 1);
    let s = settings(2, 0.5, 2, 1);
    let first = make(&docs, &s, None, &Started::new());
    let mut changed = docs[1..].to_vec();
    changed[0].hash = "edited".into();
    let r = resolve(&s, Some(&first)).unwrap();
    let started = Started::from([("a0".to_string(), BTreeSet::from([docs[0].id.clone()]))]);
    let (_, changes) = plan_documents(&changed, &s, r, Some(&first), &started);
    assert_eq!(changes.removed, vec![docs[0].id.clone()]);
    assert_eq!(changes.removed_started, vec![docs[0].id.clone()]);
    assert_eq!(changes.edited, vec![docs[1].id.clone()]);
}

#[test]
fn bad_settings_are_refused_with_a_reason() {
    let err = |s: Settings| resolve(&s, None).unwrap_err().to_string();
    let mut s = settings(3, 0.2, 2, 1);
    s.annotators = vec!["ana".into(), "ben".into(), "Ana".into()];
    assert!(err(s).contains("given twice"));
    assert!(err(settings(3, 1.5, 2, 1)).contains("between 0 and 1"));
    assert!(err(settings(3, -0.1, 2, 1)).contains("between 0 and 1"));
    assert!(err(settings(3, 0.2, 4, 1)).contains("more than the 3 annotators"));
    let mut s = settings(2, 0.2, 2, 1);
    s.annotators[0] = "../x".into();
    assert!(err(s).contains("cannot be a file name"));
    // A plan is extended with the values it was made with.
    let docs = corpus(10, 1);
    let plan = make(&docs, &settings(2, 0.2, 2, 1), None, &Started::new());
    let e = resolve(&settings(2, 0.3, 2, 1), Some(&plan)).unwrap_err();
    assert!(e.to_string().contains("--overlap 0.2"), "{e}");
    let e = resolve(&settings(1, 0.2, 2, 1), Some(&plan)).unwrap_err();
    assert!(e.to_string().contains("a1"), "{e}");
}

#[test]
fn a_plan_file_reads_back_and_a_bad_one_is_refused() {
    let docs = corpus(30, 2);
    let plan = make(&docs, &settings(3, 0.2, 2, 8), None, &Started::new());
    let path = std::path::Path::new("study.ron");
    let text = plan.to_ron().unwrap();
    assert_eq!(Plan::from_ron(&text, path).unwrap(), plan);
    let mut bad = plan.clone();
    bad.documents.insert(
        "../outside.txt".into(),
        PlannedDoc {
            chars: 1,
            hash: String::new(),
            overlap: false,
            annotators: vec!["a0".into()],
        },
    );
    let e = Plan::from_ron(&bad.to_ron().unwrap(), path).unwrap_err();
    assert!(e.to_string().contains("outside the corpus"), "{e}");
    let newer = text.replacen("study_format: 1", "study_format: 9", 1);
    let e = Plan::from_ron(&newer, path).unwrap_err();
    assert!(e.to_string().contains("newer crosscheck"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_corpus_and_team_gets_a_sound_plan(
        n in 0usize..300,
        folders in 1usize..6,
        team in 2usize..9,
        per_doc in 2usize..5,
        overlap in 0.0f64..=1.0,
        seed in any::<u64>(),
    ) {
        let per_doc = per_doc.min(team);
        let docs = corpus(n, folders);
        let s = settings(team, overlap, per_doc, seed);
        let plan = make(&docs, &s, None, &Started::new());
        check_plan(&docs, &s, &plan);
    }
}

#[test]
fn a_project_keeps_its_share_through_save_and_load() {
    use crate::project::{self, Project};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ana.ron");
    let mut p = Project::new(".");
    let empty = project::to_ron(&p).unwrap();
    assert!(!empty.contains("assigned"), "absent outside a study");
    p.set_assigned(BTreeSet::from([
        "b/2.txt".to_string(),
        "a/1.txt".to_string(),
    ]));
    project::save(&p, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.ends_with("    assigned: [\n        \"a/1.txt\",\n        \"b/2.txt\",\n    ],\n)\n"),
        "{text}"
    );
    assert_eq!(project::load(&path).unwrap(), p);
    assert_eq!(project::from_ron(&text, &path).unwrap(), p);
}
