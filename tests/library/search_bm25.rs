//! The plain ranking of suggestions is Okapi BM25 as the reference
//! implementation computes it: scores checked against `rank_bm25`'s on a
//! committed fixture (`tests/python/bm25_reference.py` wrote them; running
//! this test needs no Python). The claim ranking is checked to keep the
//! reference's best sentence on top and to lift shared figures and names.

use crosscheck::corpus::Document;
use crosscheck::search::{Analyzer, Index, Language, Ranking, tokens};
use serde_json::Value;

const CORPUS: &str = include_str!("../fixtures/search/bm25_corpus.txt");
const REFERENCE: &str = include_str!("../fixtures/search/bm25_reference.json");

fn fixture() -> (Vec<Document>, Value) {
    let docs = CORPUS
        .lines()
        .enumerate()
        .map(|(i, line)| Document::new(format!("{i:02}.txt"), line))
        .collect();
    (docs, serde_json::from_str(REFERENCE).unwrap())
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn words_are_the_references_words() {
    let (docs, reference) = fixture();
    let index = Index::build(&docs);
    let words = reference["words"].as_array().unwrap();
    let stems = reference["tokens"].as_array().unwrap();
    for (i, doc) in docs.iter().enumerate() {
        let ours: Vec<String> = tokens(&doc.text).into_iter().map(|t| t.term).collect();
        assert_eq!(ours, strings(&words[i]), "{}", doc.text);
        // A one-line document is often too short to tell its language; it
        // takes the corpus's, English.
        assert_eq!(index.language(i), Some(Language::ENGLISH), "{}", doc.text);
        let analyzer = Analyzer::new(index.language(i));
        let ours: Vec<String> = ours.iter().map(|w| analyzer.term(w).into_owned()).collect();
        assert_eq!(ours, strings(&stems[i]), "{}", doc.text);
    }
}

#[test]
fn plain_scores_equal_rank_bm25() {
    let (docs, reference) = fixture();
    let index = Index::build(&docs);
    assert_eq!(index.unit_count(), docs.len(), "one sentence a line");
    for q in reference["queries"].as_array().unwrap() {
        let query = q["query"].as_str().unwrap();
        let expected: Vec<f64> = q["scores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_f64().unwrap())
            .collect();
        let ours = index
            .suggest(&docs, query, None, usize::MAX, Ranking::Plain)
            .unwrap();
        let mut got = vec![0f64; docs.len()];
        for s in &ours {
            got[s.doc] = f64::from(s.score);
        }
        for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
            assert!(
                (g - e).abs() <= 1e-4 * e.abs().max(1.0),
                "{query:?}, sentence {i}: ours {g}, rank_bm25 {e}"
            );
        }
        // And the order: best first, as the reference ranks them.
        let mut by_ref: Vec<usize> = (0..docs.len()).filter(|&i| expected[i] > 1e-9).collect();
        by_ref.sort_by(|&a, &b| expected[b].total_cmp(&expected[a]).then(a.cmp(&b)));
        let ours_order: Vec<usize> = ours
            .iter()
            .filter(|s| s.score > 1e-9)
            .map(|s| s.doc)
            .collect();
        assert_eq!(ours_order.first(), by_ref.first(), "{query:?}");
    }
}

#[test]
fn the_claim_ranking_keeps_the_best_and_lifts_shared_figures() {
    let (docs, reference) = fixture();
    let index = Index::build(&docs);
    for q in reference["queries"].as_array().unwrap() {
        let query = q["query"].as_str().unwrap();
        let plain = index
            .suggest(&docs, query, None, 3, Ranking::Plain)
            .unwrap();
        let claim = index
            .suggest(&docs, query, None, 3, Ranking::Claim)
            .unwrap();
        let top = |s: &[crosscheck::search::Suggestion]| s.first().map(|s| s.doc);
        // Weighting figures and names never loses the sentence that says
        // the claim itself.
        if let Some(exact) = docs
            .iter()
            .position(|d| d.text.trim_end_matches('.') == query)
        {
            assert_eq!(top(&plain), Some(exact));
            assert_eq!(top(&claim), Some(exact));
        }
    }
    // "300 officers": the figure decides, for both; with a name and a
    // figure in the claim, the sentence sharing both comes first.
    let claim = "Hampshire sent 40 officers to the Met";
    let plain = index
        .suggest(&docs, claim, None, 5, Ranking::Plain)
        .unwrap();
    let ours = index
        .suggest(&docs, claim, None, 5, Ranking::Claim)
        .unwrap();
    let sharing = docs
        .iter()
        .position(|d| d.text.contains("40 officers from Hampshire"))
        .unwrap();
    assert_eq!(
        ours[0].doc,
        sharing,
        "{:?}",
        ours.iter().map(|s| &s.text).collect::<Vec<_>>()
    );
    let rank = |s: &[crosscheck::search::Suggestion]| s.iter().position(|x| x.doc == sharing);
    assert!(rank(&ours) <= rank(&plain));
}
