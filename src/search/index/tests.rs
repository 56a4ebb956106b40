use proptest::prelude::*;

use super::*;
use crate::search::Language;
use crate::text::{CharMap, sentence_around};

fn docs(texts: &[&str]) -> Vec<Document> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(format!("{i:03}.txt"), *t))
        .collect()
}

fn found(index: &Index, docs: &[Document], q: &str) -> Vec<usize> {
    index
        .search_text(docs, q, 50)
        .map(|r| r.hits.into_iter().map(|h| h.doc).collect())
        .unwrap_or_default()
}

fn slice(docs: &[Document], doc: usize, (s, e): (usize, usize)) -> String {
    docs[doc].slice(s, e).unwrap_or_default().to_string()
}

#[test]
fn every_word_must_occur() {
    let d = docs(&[
        "Police sent officers to London.",
        "Officers stayed in Hampshire.",
        "Hampshire police sent firearms officers to London on Tuesday.",
    ]);
    let index = Index::build(&d);
    let mut all = found(&index, &d, "officers");
    all.sort_unstable();
    assert_eq!(all, [0, 1, 2]);
    assert_eq!(found(&index, &d, "hampshire london"), [2]);
    assert!(found(&index, &d, "hampshire paris").is_empty());
}

#[test]
fn phrases_must_occur_in_a_row() {
    let d = docs(&[
        "Officers with firearms arrived. The officers left.",
        "Firearms officers arrived at noon.",
    ]);
    let index = Index::build(&d);
    assert_eq!(found(&index, &d, "\"firearms officers\""), [1]);
    let r = index
        .search_text(&d, "\"firearms officers\" noon", 10)
        .unwrap();
    let hit = &r.hits[0];
    let marked: Vec<String> = hit.snippet.marks.iter().map(|&m| slice(&d, 1, m)).collect();
    assert_eq!(marked, ["Firearms officers", "noon"]);
    assert_eq!(hit.hits, 2);
}

#[test]
fn rarer_and_more_frequent_words_rank_higher() {
    let d = docs(&[
        "The report said the council met.",
        "The council met. The council voted. The council ended the report.",
        "Nothing here at all about that.",
    ]);
    let index = Index::build(&d);
    let r = index.search_text(&d, "council", 10).unwrap();
    assert_eq!(r.hits[0].doc, 1);
    assert_eq!(r.hits[0].hits, 3);
    assert_eq!(r.hits[1].hits, 1);
    assert!(r.hits[0].score > r.hits[1].score);
}

#[test]
fn cjk_cyrillic_arabic_hebrew_are_found() {
    let d = docs(&[
        "東京都の警察は声明を出した。",
        "Полиция Москвы сообщила об аресте.",
        "قالت الشرطة إن الضباط وصلوا.",
        "המשטרה אמרה שהשוטרים הגיעו.",
    ]);
    let index = Index::build(&d);
    assert_eq!(found(&index, &d, "東京都"), [0]);
    assert_eq!(found(&index, &d, "警察"), [0]);
    assert_eq!(found(&index, &d, "京"), [0]);
    assert!(found(&index, &d, "都東").is_empty());
    assert_eq!(found(&index, &d, "москвы"), [1]);
    assert_eq!(found(&index, &d, "الشرطة"), [2]);
    assert_eq!(found(&index, &d, "המשטרה"), [3]);
    let r = index.search_text(&d, "東京都", 10).unwrap();
    assert_eq!(slice(&d, 0, r.hits[0].snippet.marks[0]), "東京都");
}

#[test]
fn bad_queries_are_errors_or_nothing() {
    let d = docs(&["Police said (maybe) officers were sent.*"]);
    let index = Index::build(&d);
    assert_eq!(
        index.search_text(&d, "   ", 10),
        Err(SearchError::EmptyQuery)
    );
    assert_eq!(
        index.search_text(&d, "?!… — ..", 10),
        Err(SearchError::NoWords)
    );
    assert_eq!(found(&index, &d, ".*(maybe)+[officers]?"), [0]);
    let pasted = "officers ".repeat(1_200) + &"x".repeat(10_000);
    assert!(index.search_text(&d, &pasted, 10).is_ok());
    assert_eq!(
        index.search_text(&d, "police", 0).map(|r| r.hits.len()),
        Ok(0)
    );
    assert!(matches!(
        index.search_text(&[], "police", 10),
        Err(SearchError::OtherCorpus { .. })
    ));
}

#[test]
fn a_changed_document_is_skipped_not_misquoted() {
    let mut d = docs(&["Police said officers were sent.", "Officers stayed."]);
    let index = Index::build(&d);
    d[0] = Document::new("000.txt", "Completely different text now.");
    assert_eq!(found(&index, &d, "officers"), [1]);
    let s = index
        .suggest(&d, "officers were sent", None, 5, Ranking::Claim)
        .unwrap();
    assert!(s.iter().all(|s| s.doc == 1));
}

#[test]
fn suggestions_come_from_other_documents() {
    let d = docs(&[
        "No officers from Hampshire were sent. Other news.",
        "Hampshire sent 40 officers to London. Weather was fine.",
        "Officers everywhere. Nothing about the county.",
    ]);
    let index = Index::build(&d);
    let s = index
        .suggest(
            &d,
            "No officers from Hampshire were sent",
            Some(0),
            3,
            Ranking::Claim,
        )
        .unwrap();
    assert!(s.iter().all(|s| s.doc != 0));
    assert_eq!(s[0].doc, 1);
    assert_eq!(s[0].text, "Hampshire sent 40 officers to London.");
    assert_eq!(slice(&d, 1, (s[0].start, s[0].end)), s[0].text);
    assert_eq!(
        index.suggest(&d, "?!", Some(0), 3, Ranking::Claim),
        Err(SearchError::EmptyClaim)
    );
}

#[test]
fn shared_figures_and_names_count_more_than_common_words() {
    let d = docs(&[
        "The claim.",
        "Police said officers were sent to the city on the day.",
        "Officers: 350 from Kent.",
    ]);
    let index = Index::build(&d);
    let claim = "Police said 350 officers from Kent were sent";
    let claim_rank = index
        .suggest(&d, claim, Some(0), 2, Ranking::Claim)
        .unwrap();
    let plain = index
        .suggest(&d, claim, Some(0), 2, Ranking::Plain)
        .unwrap();
    assert_eq!(claim_rank[0].doc, 2);
    // The weighting changes the order, not just the numbers.
    assert!(plain[0].score > 0.0);
    let ratio = |s: &[Suggestion]| {
        let a = s.iter().find(|x| x.doc == 2).map_or(0.0, |x| x.score);
        let b = s.iter().find(|x| x.doc == 1).map_or(1.0, |x| x.score);
        a / b
    };
    assert!(ratio(&claim_rank) > ratio(&plain));
}

#[test]
fn the_seed_contradiction_is_suggested() {
    let d = docs(&[
        include_str!("../../../seeds/000_9da135f11425a690.txt"),
        include_str!("../../../seeds/001_96202ee82963ce48.txt"),
        include_str!("../../../seeds/002_3d0f47c7a0437b97.txt"),
        include_str!("../../../seeds/003_41225c5e45abc519.txt"),
    ]);
    let index = Index::build(&d);
    let claim = "No officers from Hampshire have been deployed to London at this time";
    assert!(d[0].text.contains(claim));
    let s = index
        .suggest(&d, claim, Some(0), 5, Ranking::Claim)
        .unwrap();
    let top: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
    assert!(
        s.iter()
            .any(|s| s.doc == 1 && s.text.contains("Hampshire") && s.text.contains("deployed")),
        "top suggestions: {top:#?}"
    );
}

#[test]
fn long_lines_are_cut_into_units() {
    let text = "word ".repeat(2_000);
    let d = docs(&[&text]);
    let index = Index::build(&d);
    assert!(index.unit_count() > 5);
    assert!(
        index
            .units_of(0)
            .iter()
            .all(|u| u.end - u.start <= MAX_UNIT_BYTES as u32)
    );
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "police",
            "Police",
            "officers",
            "Zürich",
            "zurich",
            "東京",
            "都",
            "Москва",
            "שלום",
            "2,000",
            "2000",
            ".",
            ". ",
            "! ",
            "\n",
            "\n\n",
            " ",
            " ",
            "“",
            "”",
            "—",
            "é",
        ]),
        0..80,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    /// Every unit is a sentence as a double-click selects it.
    #[test]
    fn units_are_the_sentences_of_a_double_click(text in text_strategy()) {
        let d = docs(&[&text]);
        let index = Index::build(&d);
        let map = CharMap::new(&text);
        for u in index.units_of(0) {
            let (s, e) = (u.start as usize, u.end as usize);
            prop_assert_eq!(sentence_around(&text, &map, s), Some((s, e)));
        }
    }

    /// Every mark of every hit cuts out a query word, and the hit's range
    /// holds its marks.
    #[test]
    fn marks_slice_to_query_words(
        texts in prop::collection::vec(text_strategy(), 1..4),
        q in prop::sample::select(vec!["police", "zurich", "東京", "москва", "2000", "police officers", "\"police officers\"", "都"]),
    ) {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let d = docs(&refs);
        let index = Index::build(&d);
        let query = Query::parse(q);
        let words: Vec<String> = query.terms().iter().map(|t| t.to_string()).collect();
        for hit in index.search(&d, &query, 10).unwrap().hits {
            prop_assert!(!hit.snippet.marks.is_empty());
            for &(s, e) in &hit.snippet.marks {
                prop_assert!(hit.start <= s && e <= hit.end);
                let cut = slice(&d, hit.doc, (s, e));
                // Compared as the index compares them: stemmed in the
                // document's language ("Züriché" is a form of "zurich").
                let analyzer = crate::search::Analyzer::new(index.language(hit.doc));
                let words: Vec<String> = words.iter().map(|w| analyzer.term(w).into_owned()).collect();
                let terms: Vec<String> = tokens(&cut).into_iter().map(|t| analyzer.term(&t.term).into_owned()).collect();
                prop_assert!(!terms.is_empty() && terms.iter().all(|t| words.contains(t) || t.chars().all(crate::search::is_cjk)),
                    "{:?} marked for {:?}", cut, q);
            }
            let snippet = slice(&d, hit.doc, (hit.snippet.start, hit.snippet.start + hit.snippet.text.chars().count()));
            prop_assert_eq!(snippet, hit.snippet.text.clone());
        }
        for s in index.suggest(&d, q, None, 5, Ranking::Claim).unwrap_or_default() {
            prop_assert_eq!(slice(&d, s.doc, (s.start, s.end)), s.text.clone());
        }
    }
}

#[test]
fn every_form_of_a_word_is_found_and_marked_exactly() {
    let text = "Hampshire police said Hampshire\u{2019}s officers were not deployed. \
                Hampshire's chief said so.";
    let d = docs(&[
        text,
        "The force is deploying officers to Hampshire today.",
        "Nobody will deploy anyone, the minister said.",
    ]);
    let index = Index::build(&d);
    assert_eq!(index.language(0), Some(Language::ENGLISH));
    let r = index.search_text(&d, "Hampshire", 10).unwrap();
    let hit = r.hits.iter().find(|h| h.doc == 0).unwrap();
    // Three forms in the document: every one counted.
    assert_eq!(hit.hits, 3);
    let marked: Vec<String> = hit.snippet.marks.iter().map(|&m| slice(&d, 0, m)).collect();
    assert_eq!(marked, ["Hampshire", "Hampshire\u{2019}s"]);
    let mut all = found(&index, &d, "deployed");
    all.sort_unstable();
    assert_eq!(all, [0, 1, 2]);
    // The highlight is the word as written, in code points.
    let r = index.search_text(&d, "deployed", 10).unwrap();
    let hit = r.hits.iter().find(|h| h.doc == 1).unwrap();
    assert_eq!(
        hit.snippet
            .marks
            .iter()
            .map(|&m| slice(&d, 1, m))
            .collect::<Vec<_>>(),
        ["deploying"]
    );
    // Quoted, a phrase keeps its words' exact forms.
    assert_eq!(found(&index, &d, "\"deploying officers\""), [1]);
    assert!(found(&index, &d, "\"deployed officers\"").is_empty());
}

#[test]
fn suggestions_meet_other_forms_of_the_claims_words() {
    let d = docs(&[
        "No officers from Hampshire have been deployed.",
        "Hampshire's force is deploying an officer.",
        "The weather was fine in London.",
        "Prices rose in March, the bank said.",
        "A new bridge opened over the river.",
        "The match ended in a draw.",
    ]);
    let index = Index::build(&d);
    let s = index
        .suggest(
            &d,
            "No officers from Hampshire have been deployed.",
            Some(0),
            5,
            Ranking::Claim,
        )
        .unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].doc, 1);
    let marked: Vec<String> = s[0].marks.iter().map(|&m| slice(&d, 1, m)).collect();
    assert_eq!(marked, ["Hampshire's", "deploying", "officer"]);
}

#[test]
fn each_language_is_stemmed_by_its_own_rules() {
    let d = docs(&[
        "Die Polizisten wurden am Dienstag in die Stadt geschickt, sagte die Polizei.",
        "Ein Polizist wurde verletzt, als das Hochwasser die Brücke erreichte.",
        "Police officers were deployed to the town after the flooding on Tuesday.",
    ]);
    let index = Index::build(&d);
    assert_eq!(index.language(0).map(Language::name), Some("German"));
    assert_eq!(index.language(2), Some(Language::ENGLISH));
    let mut all = found(&index, &d, "Polizisten");
    all.sort_unstable();
    assert_eq!(all, [0, 1]);
    assert_eq!(found(&index, &d, "deploying"), [2]);
}

#[test]
fn at_most_n_sentences_of_one_article() {
    let d = docs(&[
        "Officers were deployed to Hampshire.",
        "Hampshire officers were deployed. Hampshire officers deployed again. \
         More Hampshire officers were deployed.",
        "Some officers were deployed, the county said.",
        "Rain fell in Leeds. The match was called off. Prices rose.",
    ]);
    let index = Index::build(&d);
    let claim = "Officers were deployed to Hampshire.";
    let all = index
        .suggest(&d, claim, Some(0), 10, Ranking::Claim)
        .unwrap();
    let from = |s: &[Suggestion]| s.iter().map(|s| s.doc).collect::<Vec<_>>();
    assert_eq!(from(&all), [1, 1, 1, 2]);
    let one = |n| SuggestOptions {
        exclude: Some(0),
        top: 10,
        per_article: Some(n),
        ranking: Ranking::Claim,
        meaning: None,
        meaning_weight: 0.0,
    };
    let diverse = index.suggest_with(&d, claim, &one(1)).unwrap();
    assert_eq!(from(&diverse), [1, 2]);
    // The article's best sentence is the one kept.
    assert_eq!(diverse[0], all[0]);
    let two = index.suggest_with(&d, claim, &one(2)).unwrap();
    assert_eq!(from(&two), [1, 1, 2]);
    assert_eq!(two[..2], all[..2]);
    // Asked to, the claim's own article is searched too.
    let own = SuggestOptions {
        exclude: None,
        ..one(1)
    };
    assert!(from(&index.suggest_with(&d, claim, &own).unwrap()).contains(&0));
}
