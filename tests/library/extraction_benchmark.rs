//! Article-body quality on the public article-extraction benchmark
//! (scrapinghub/article-extraction-benchmark: 181 saved news pages with
//! hand-checked bodies), scored with its 4-gram shingle F1. The pages are
//! not in this repository; run with
//!
//! ```text
//! CROSSCHECK_AEB=DIR cargo test --test library extraction_benchmark -- --ignored --nocapture
//! ```
//!
//! where `DIR` holds the benchmark's `ground-truth.json` and its `html/`
//! pages gunzipped (`html/ID.html`). `CROSSCHECK_AEB_OUT=FILE` also writes
//! the predictions in the benchmark's format, for its own `evaluate.py`.
//! The split (BENCHMARKS.md): pages whose id starts with 0–7 tune, 8–f
//! measure.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crosscheck::extract::{ExtractError, extract_page};

/// The benchmark's tokenizer, Python's `\w+`.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens = tokens(text);
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    for i in 0..tokens.len().saturating_sub(3).max(1) {
        let end = (i + 4).min(tokens.len());
        *out.entry(tokens[i..end].to_vec()).or_insert(0) += 1;
    }
    out
}

/// (tp, fp, fn), normalised to sum 1 as `evaluate.py` does so that long
/// articles do not weigh more.
fn matching(truth: &str, pred: &str) -> (f64, f64, f64) {
    let t = shingles(truth);
    let p = shingles(pred);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for key in t.keys().chain(p.keys().filter(|k| !t.contains_key(*k))) {
        let tc = *t.get(key).unwrap_or(&0) as f64;
        let pc = *p.get(key).unwrap_or(&0) as f64;
        tp += tc.min(pc);
        fp += (pc - tc).max(0.0);
        fn_ += (tc - pc).max(0.0);
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        (tp / s, fp / s, fn_ / s)
    } else {
        (0.0, 0.0, 0.0)
    }
}

/// (F1, precision, recall) as `evaluate.py` averages them.
fn scores(items: &[(f64, f64, f64)]) -> (f64, f64, f64) {
    let exact = |fp: f64, fn_: f64| fp == 0.0 && fn_ == 0.0;
    let ps: Vec<f64> = items
        .iter()
        .filter(|(tp, fp, _)| tp + fp > 0.0)
        .map(|&(tp, fp, fn_)| if exact(fp, fn_) { 1.0 } else { tp / (tp + fp) })
        .collect();
    let rs: Vec<f64> = items
        .iter()
        .filter(|(tp, _, fn_)| tp + fn_ > 0.0)
        .map(|&(tp, fp, fn_)| if exact(fp, fn_) { 1.0 } else { tp / (tp + fn_) })
        .collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let (p, r) = (mean(&ps), mean(&rs));
    (2.0 * p * r / (p + r), p, r)
}

#[test]
fn scorer_matches_the_benchmark_definition() {
    assert_eq!(
        tokens("It's a dog_1, 北京!"),
        ["It", "s", "a", "dog_1", "北京"]
    );
    assert_eq!(matching("a b c d e", "a b c d e"), (1.0, 0.0, 0.0));
    // 2 true shingles, 1 predicted and right.
    let (tp, fp, fn_) = matching("a b c d e", "a b c d");
    assert!((tp - 0.5).abs() < 1e-9 && fp == 0.0 && (fn_ - 0.5).abs() < 1e-9);
    assert_eq!(matching("", "x y z w"), (0.0, 1.0, 0.0));
    let (f1, p, r) = scores(&[(1.0, 0.0, 0.0), (0.5, 0.5, 0.0)]);
    assert!((p - 0.75).abs() < 1e-9 && (r - 1.0).abs() < 1e-9);
    assert!((f1 - 2.0 * 0.75 / 1.75).abs() < 1e-9);
}

#[test]
#[ignore = "needs the benchmark's pages: set CROSSCHECK_AEB (see the module's doc)"]
fn article_extraction_benchmark() {
    let dir = PathBuf::from(std::env::var("CROSSCHECK_AEB").expect(
        "CROSSCHECK_AEB must name a folder with ground-truth.json and html/ID.html (see this file's doc)",
    ));
    let truth: BTreeMap<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("ground-truth.json")).expect("ground-truth.json"),
    )
    .expect("ground-truth.json is JSON");
    let mut split: BTreeMap<&str, Vec<(f64, f64, f64)>> = BTreeMap::new();
    let mut with_headline = Vec::new();
    let mut out = BTreeMap::new();
    let mut refused = Vec::new();
    for (id, item) in &truth {
        let true_body = item["articleBody"].as_str().unwrap_or("");
        let bytes = std::fs::read(dir.join("html").join(format!("{id}.html")))
            .unwrap_or_else(|e| panic!("html/{id}.html: {e}"));
        let (body, text) = match extract_page(&bytes) {
            Ok(a) => (a.body, a.text),
            Err(ExtractError::NoArticle(why)) => {
                refused.push(format!("{id}: {why}"));
                (String::new(), String::new())
            }
            Err(e) => panic!("{id}: {e}"),
        };
        let part = if id.as_str() < "8" { "tune" } else { "measure" };
        split
            .entry(part)
            .or_default()
            .push(matching(true_body, &body));
        split
            .entry("all")
            .or_default()
            .push(matching(true_body, &body));
        with_headline.push(matching(true_body, &text));
        out.insert(id.clone(), serde_json::json!({ "articleBody": body }));
    }
    for (part, items) in &split {
        let (f1, p, r) = scores(items);
        println!(
            "{part:<8} {:>3} pages  F1 {f1:.3}  precision {p:.3}  recall {r:.3}",
            items.len()
        );
    }
    let (f1, _, _) = scores(&with_headline);
    println!("all, document text (headline included): F1 {f1:.3}");
    println!("refused: {refused:?}");
    if let Ok(path) = std::env::var("CROSSCHECK_AEB_OUT") {
        std::fs::write(&path, serde_json::to_string(&out).expect("json"))
            .expect("write predictions");
    }
    // Readability.js's figure on the whole benchmark; falling below it on
    // the held-out part is a regression.
    let (measured, _, _) = scores(&split["measure"]);
    assert!(measured >= 0.970, "held-out F1 {measured:.3} below 0.970");
}
