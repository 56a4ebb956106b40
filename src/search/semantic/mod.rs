//! Suggestions by meaning: every sentence of the lexical index given a
//! vector by the static embedding ([`model`]), stored as signed bytes, and
//! a claim's nearest sentences found by a dot product over all of them.
//! [`super::Index::suggest_with`] fuses this ranking with BM25's.

mod cache;
pub mod model;
mod wordpiece;

use std::ops::Range;
use std::sync::atomic::Ordering;

use super::units::{BuildProgress, Unit};
use crate::corpus::Document;
pub use cache::Cached;
pub use model::{ModelError, StaticModel};

/// Sentences one worker scores at a time when finding the nearest.
const CHUNK_UNITS: usize = 16_384;

/// One sentence's vector: `dims` signed bytes and the scale that makes
/// them the unit-length vector again.
pub struct SemanticIndex {
    dims: usize,
    vectors: Vec<i8>,
    scales: Vec<f32>,
    /// Each document's hash when its sentences were embedded.
    hashes: Vec<String>,
    /// Each document's sentences (unit ids).
    doc_units: Vec<Range<usize>>,
}

fn quantise(v: &[f32], out: &mut Vec<i8>) -> f32 {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    if max <= f32::MIN_POSITIVE {
        out.extend(std::iter::repeat_n(0, v.len()));
        return 0.0;
    }
    let scale = max / 127.0;
    // In range by construction: |x| / scale <= 127.
    out.extend(v.iter().map(|x| (x / scale).round() as i8));
    scale
}

fn dot(a: &[i8], b: &[i8]) -> i32 {
    // i16 products summed in i32: the form LLVM turns into SIMD
    // multiply-adds.
    a.iter()
        .zip(b)
        .map(|(&x, &y)| i32::from(i16::from(x) * i16::from(y)))
        .sum()
}

impl SemanticIndex {
    /// Embeds every sentence of the word index (`units`, from
    /// [`super::Index::units`]), counting documents in `progress`; `None`
    /// when `progress.cancel` was set.
    pub fn build(
        model: &StaticModel,
        docs: &[Document],
        units: &[Unit],
        progress: &BuildProgress,
    ) -> Option<Self> {
        Self::build_reusing(model, docs, units, None, progress)
    }

    /// [`SemanticIndex::build`], taking the vectors of every document the
    /// cache holds as it is now.
    pub fn build_reusing(
        model: &StaticModel,
        docs: &[Document],
        units: &[Unit],
        cached: Option<&Cached>,
        progress: &BuildProgress,
    ) -> Option<Self> {
        let dims = model.dims();
        progress.total.store(docs.len(), Ordering::Relaxed);
        let doc_units: Vec<Range<usize>> = (0..docs.len())
            .map(|d| {
                let d = u32::try_from(d).unwrap_or(u32::MAX);
                units.partition_point(|u| u.doc < d)..units.partition_point(|u| u.doc <= d)
            })
            .collect();
        let one = |d: usize| -> Option<(Vec<f32>, Vec<i8>)> {
            if progress.cancel.load(Ordering::Relaxed) {
                return None;
            }
            let range = doc_units[d].clone();
            let doc = &docs[d];
            if let Some((s, v)) = cached.and_then(|c| c.docs.get(&doc.hash))
                && s.len() == range.len()
                && v.len() == range.len() * dims
            {
                progress.done.fetch_add(1, Ordering::Relaxed);
                return Some((s.clone(), v.clone()));
            }
            let mut vectors = Vec::with_capacity(range.len() * dims);
            let mut scales = Vec::with_capacity(range.len());
            let mut v = vec![0f32; dims];
            let mut ids = Vec::new();
            for u in &units[range] {
                let text = doc
                    .slice(u.start as usize, u.end as usize)
                    .unwrap_or_default();
                model.embed_into(text, &mut ids, &mut v);
                scales.push(quantise(&v, &mut vectors));
            }
            progress.done.fetch_add(1, Ordering::Relaxed);
            Some((scales, vectors))
        };
        #[cfg(not(target_arch = "wasm32"))]
        let parts: Vec<Option<(Vec<f32>, Vec<i8>)>> = {
            use rayon::prelude::*;
            (0..docs.len()).into_par_iter().map(one).collect()
        };
        #[cfg(target_arch = "wasm32")]
        let parts: Vec<Option<(Vec<f32>, Vec<i8>)>> = (0..docs.len()).map(one).collect();
        let mut out = Self {
            dims,
            vectors: Vec::with_capacity(units.len() * dims),
            scales: Vec::with_capacity(units.len()),
            hashes: docs.iter().map(|d| d.hash.clone()).collect(),
            doc_units,
        };
        for part in parts {
            let (s, v) = part?;
            out.scales.extend(s);
            out.vectors.extend(v);
        }
        Some(out)
    }

    /// Sentences embedded.
    pub fn unit_count(&self) -> usize {
        self.scales.len()
    }

    /// Bytes the vectors take.
    pub fn heap_bytes(&self) -> usize {
        self.vectors.capacity() + self.scales.capacity() * 4
    }

    /// Whether document `doc` is embedded as it is now.
    pub fn is_current(&self, doc: usize, hash: &str) -> bool {
        self.hashes.get(doc).is_some_and(|h| h == hash)
    }

    /// The `n` sentences nearest to `query` (a unit vector from the same
    /// model), best first, as (unit, cosine); units in `skip` left out.
    pub fn nearest(&self, query: &[f32], skip: Range<u32>, n: usize) -> Vec<(u32, f32)> {
        if query.len() != self.dims || n == 0 {
            return Vec::new();
        }
        let mut q = Vec::with_capacity(self.dims);
        let qs = quantise(query, &mut q);
        let score = |(u, v): (usize, &[i8])| -> (u32, f32) {
            let cos = dot(&q, v) as f32 * qs * self.scales[u];
            (u32::try_from(u).unwrap_or(u32::MAX), cos)
        };
        // Each worker keeps its own best `n`, so no list of every
        // sentence is made.
        let best_of = |(c, chunk): (usize, &[i8])| -> Vec<(u32, f32)> {
            let first = c * CHUNK_UNITS;
            let mut kept: Vec<(u32, f32)> = chunk
                .chunks_exact(self.dims)
                .enumerate()
                .map(|(i, v)| score((first + i, v)))
                .filter(|(u, _)| !skip.contains(u))
                .collect();
            if kept.len() > n {
                kept.select_nth_unstable_by(n - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                kept.truncate(n);
            }
            kept
        };
        let chunks = self.vectors.chunks(CHUNK_UNITS * self.dims).enumerate();
        #[cfg(not(target_arch = "wasm32"))]
        let mut scored: Vec<(u32, f32)> = {
            use rayon::prelude::*;
            chunks
                .collect::<Vec<_>>()
                .into_par_iter()
                .flat_map_iter(best_of)
                .collect()
        };
        #[cfg(target_arch = "wasm32")]
        let mut scored: Vec<(u32, f32)> = chunks.flat_map(best_of).collect();
        let n = n.min(scored.len());
        if n == 0 {
            return Vec::new();
        }
        scored.select_nth_unstable_by(n - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(n);
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
    }
}

/// Keeps `index`'s vectors in `path` (atomically), for
/// [`SemanticIndex::build_reusing`] next time.
pub fn save(
    index: &SemanticIndex,
    docs: &[Document],
    fingerprint: &[u8; 32],
    path: &std::path::Path,
) -> Result<(), crate::atomic::WriteError> {
    let dims = index.dims;
    let entries: Vec<(&str, &[f32], &[i8])> = index
        .doc_units
        .iter()
        .enumerate()
        .take(docs.len())
        .map(|(d, units)| {
            (
                index.hashes.get(d).map_or("", String::as_str),
                &index.scales[units.clone()],
                &index.vectors[units.start * dims..units.end * dims],
            )
        })
        .collect();
    cache::write(dims, &entries, fingerprint, path)
}
