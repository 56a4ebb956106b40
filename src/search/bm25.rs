//! The Okapi BM25 parameters, as rank_bm25 (the reference the ranking is
//! checked against) uses them.

/// BM25 term-frequency saturation (Okapi default; rank_bm25 uses it too).
pub const K1: f32 = 1.2;
/// BM25 length normalisation.
pub const B: f32 = 0.75;
/// rank_bm25's floor for terms in more than half the units: this share of
/// the mean IDF.
pub const EPSILON: f32 = 0.25;
