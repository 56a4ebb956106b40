//! The shipped static embedding gives the reference's token ids and
//! vectors (`tests/python/semantic_reference.py` wrote them with the model
//! package's own tokenizer; this test needs no Python), and the ranking by
//! meaning finds what shared words miss.

use crosscheck::corpus::Document;
use crosscheck::search::semantic::{SemanticIndex, StaticModel};
use crosscheck::search::{BuildProgress, Index, Ranking, SuggestOptions};
use serde_json::Value;

const REFERENCE: &str = include_str!("../fixtures/search/semantic_reference.json");

fn model() -> &'static StaticModel {
    StaticModel::shipped().expect("this build carries the model")
}

#[test]
fn the_shipped_model_gives_the_reference_ids_and_vectors() {
    let reference: Value = serde_json::from_str(REFERENCE).unwrap();
    let model = model();
    for s in reference["sentences"].as_array().unwrap() {
        let text = s["text"].as_str().unwrap();
        let ids: Vec<u32> = s["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| u32::try_from(v.as_u64().unwrap()).unwrap())
            .collect();
        assert_eq!(model.token_ids(text), ids, "{text:?}");
        match s["vector"].as_array() {
            None => assert!(model.embed(text).is_none(), "{text:?}"),
            Some(expected) => {
                let ours = model.embed(text).unwrap();
                assert_eq!(ours.len(), expected.len());
                for (i, (o, e)) in ours.iter().zip(expected).enumerate() {
                    let e = e.as_f64().unwrap();
                    assert!(
                        (f64::from(*o) - e).abs() < 1e-4,
                        "{text:?}[{i}]: {o} vs {e}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_damaged_model_is_refused() {
    use crosscheck::search::semantic::ModelError;
    let vocab = "[PAD]\n[UNK]\n";
    assert_eq!(
        StaticModel::from_bytes(b"nope", vocab).err(),
        Some(ModelError::Header)
    );
    let mut bin = b"XCSTATIC".to_vec();
    bin.extend(1u32.to_le_bytes());
    bin.extend(2u32.to_le_bytes());
    bin.extend(3u32.to_le_bytes());
    bin.extend([0u8; 7]);
    assert_eq!(
        StaticModel::from_bytes(&bin, vocab).err(),
        Some(ModelError::Short)
    );
    bin.extend([0u8; 7]);
    assert!(StaticModel::from_bytes(&bin, vocab).is_ok());
    assert_eq!(
        StaticModel::from_bytes(&bin, "[PAD]\n[UNK]\nx\n").err(),
        Some(ModelError::Vocab)
    );
}

fn docs(texts: &[&str]) -> Vec<Document> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(format!("{i:03}.txt"), *t))
        .collect()
}

#[test]
fn meaning_finds_what_shared_words_miss() {
    // The claim and 001's sentence share no word in any form; the bakery
    // shares three; the rest share none and mean nothing like it.
    let d = docs(&[
        "Nobody was hurt in a blast.",
        "Explosion left no casualties, officials said.",
        "A bakery in Leeds was hurt by prices.",
        "Match ended after extra time.",
        "New bridge opened over river on Sunday.",
        "Cat sat on mat.",
    ]);
    let index = Index::build(&d);
    let model = model();
    let semantic =
        SemanticIndex::build(model, &d, index.units(), &BuildProgress::default()).unwrap();
    assert_eq!(semantic.unit_count(), index.unit_count());
    let claim = "Nobody was hurt in a blast.";
    let lexical = index
        .suggest(&d, claim, Some(0), 5, Ranking::Claim)
        .unwrap();
    assert!(lexical.iter().all(|s| s.doc != 1), "{lexical:?}");
    let options = SuggestOptions {
        exclude: Some(0),
        top: 2,
        per_article: Some(1),
        ranking: Ranking::Claim,
        meaning: Some((model, &semantic)),
        meaning_weight: 0.5,
    };
    let fused = index.suggest_with(&d, claim, &options).unwrap();
    let police = fused
        .iter()
        .find(|s| s.doc == 1)
        .unwrap_or_else(|| panic!("{fused:?}"));
    assert!(police.by_meaning);
    assert!(police.marks.is_empty());
    assert!(police.meaning.is_some_and(|c| c > 0.2), "{fused:?}");
}

#[test]
fn a_changed_document_is_not_suggested_from_old_vectors() {
    let mut d = docs(&[
        "No officers were sent.",
        "Hampshire Constabulary has deployed its firearms officers.",
        "The match ended in a draw.",
    ]);
    let index = Index::build(&d);
    let model = model();
    let semantic =
        SemanticIndex::build(model, &d, index.units(), &BuildProgress::default()).unwrap();
    assert!(semantic.is_current(1, &d[1].hash));
    d[1] = Document::new("001.txt", "Something else entirely, about cooking pasta.");
    assert!(!semantic.is_current(1, &d[1].hash));
    let options = SuggestOptions {
        exclude: Some(0),
        top: 5,
        per_article: None,
        ranking: Ranking::Claim,
        meaning: Some((model, &semantic)),
        meaning_weight: 0.5,
    };
    let found = index
        .suggest_with(&d, "No officers were sent.", &options)
        .unwrap();
    assert!(found.iter().all(|s| s.doc != 1), "{found:?}");
}

#[test]
fn kept_vectors_are_reused_and_a_changed_document_is_embedded_again() {
    use crosscheck::search::semantic::{Cached, save};
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("cache").join("x.vectors");
    let model = model();
    let fp = model.fingerprint();
    let mut d = docs(&[
        "Nobody was hurt in a blast.",
        "Explosion left no casualties, officials said.",
        "Match ended after extra time. New bridge opened over river on Sunday.",
    ]);
    let index = Index::build(&d);
    let first = SemanticIndex::build(model, &d, index.units(), &BuildProgress::default()).unwrap();
    save(&first, &d, &fp, &file).unwrap();
    let cached = Cached::load(&file, &fp, model.dims()).unwrap();
    assert!(cached.holds_exactly(&d));
    let q = model.embed("Nobody was hurt in a blast.").unwrap();
    let again = SemanticIndex::build_reusing(
        model,
        &d,
        index.units(),
        Some(&cached),
        &BuildProgress::default(),
    )
    .unwrap();
    assert_eq!(again.nearest(&q, 0..0, 10), first.nearest(&q, 0..0, 10));
    // Another model's file, a damaged file, no file: not used.
    assert!(Cached::load(&file, &[0; 32], model.dims()).is_none());
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
    assert!(Cached::load(&file, &fp, model.dims()).is_none());
    assert!(Cached::load(&tmp.path().join("none"), &fp, model.dims()).is_none());
    // A document changes: its vectors are made again from its new text.
    d[1] = Document::new("001.txt", "Something else entirely, about cooking pasta.");
    let index = Index::build(&d);
    assert!(!cached.holds_exactly(&d));
    let reused = SemanticIndex::build_reusing(
        model,
        &d,
        index.units(),
        Some(&cached),
        &BuildProgress::default(),
    )
    .unwrap();
    let fresh = SemanticIndex::build(model, &d, index.units(), &BuildProgress::default()).unwrap();
    let pasta = model.embed("cooking pasta").unwrap();
    assert_eq!(
        reused.nearest(&pasta, 0..0, 10),
        fresh.nearest(&pasta, 0..0, 10)
    );
    assert!(reused.is_current(1, &d[1].hash));
}

/// Sentences of a small made-up newswire, from a fixed seed: enough of
/// them (3,000) that the nearest search takes its fast path.
fn newswire(n: usize) -> Vec<String> {
    const WHO: [&str; 12] = [
        "The minister",
        "Police",
        "The council",
        "A spokesman",
        "Firefighters",
        "The union",
        "Doctors",
        "The mayor",
        "Residents",
        "The court",
        "Farmers",
        "The airline",
    ];
    const DID: [&str; 12] = [
        "denied",
        "confirmed",
        "criticised",
        "announced",
        "rejected",
        "welcomed",
        "investigated",
        "postponed",
        "approved",
        "reported",
        "questioned",
        "praised",
    ];
    const WHAT: [&str; 12] = [
        "the plan",
        "the strike",
        "the new budget",
        "the flood warning",
        "the election result",
        "the hospital closure",
        "the fuel prices",
        "the school reform",
        "the bridge repairs",
        "the crime figures",
        "the trade deal",
        "the water shortage",
    ];
    const WHERE: [&str; 10] = [
        "in London",
        "on Monday",
        "after the storm",
        "in a statement",
        "at the meeting",
        "near the harbour",
        "last week",
        "in the capital",
        "before the vote",
        "overnight",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut pick = |k: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % k as u64) as usize
    };
    (0..n)
        .map(|_| {
            format!(
                "{} {} {} {}.",
                WHO[pick(WHO.len())],
                DID[pick(DID.len())],
                WHAT[pick(WHAT.len())],
                WHERE[pick(WHERE.len())]
            )
        })
        .collect()
}

#[test]
fn the_fast_nearest_search_finds_what_the_exact_one_does() {
    let sentences = newswire(3_000);
    // Thirty articles of a hundred sentences each.
    let texts: Vec<String> = sentences.chunks(100).map(|c| c.join(" ")).collect();
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(format!("{i:02}.txt"), t.clone()))
        .collect();
    let index = Index::build(&docs);
    assert_eq!(index.unit_count(), 3_000);
    let semantic =
        SemanticIndex::build(model(), &docs, index.units(), &BuildProgress::default()).unwrap();
    let (mut shared, mut asked) = (0, 0);
    for k in (0..3_000).step_by(150) {
        let query = model().embed(&sentences[k]).unwrap();
        let fast = semantic.nearest(&query, 0..0, 10);
        let exact = semantic.nearest_exact(&query, 0..0, 10);
        assert_eq!(fast.len(), 10);
        // The sentence itself (or one worded the same) comes first.
        assert!(fast[0].1 > 0.99, "{:?} for {:?}", fast[0], sentences[k]);
        assert!((fast[0].1 - exact[0].1).abs() < 1e-6);
        // What the fast search returns, it scores as the exact one does.
        for (u, cos) in &fast {
            if let Some((_, e)) = exact.iter().find(|(v, _)| v == u) {
                assert!((cos - e).abs() < 1e-6);
            }
        }
        shared += fast
            .iter()
            .filter(|(u, _)| exact.iter().any(|(e, _)| e == u))
            .count();
        asked += 10;
    }
    // Ties at the tenth place may fall either way; the rest must agree.
    assert!(shared * 10 >= asked * 9, "{shared} of {asked} shared");
    // A skipped range is never returned.
    let query = model().embed(&sentences[0]).unwrap();
    assert!(
        semantic
            .nearest(&query, 0..100, 50)
            .iter()
            .all(|(u, _)| *u >= 100)
    );
}
