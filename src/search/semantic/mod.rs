//! Suggestions by meaning: every sentence of the lexical index given a
//! vector by the static embedding ([`model`]), stored as signed bytes, and
//! a claim's nearest sentences found by their sign codes first, then by a
//! dot product over the bytes of the few thousand nearest
//! ([`SemanticIndex::nearest`]).
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
    /// Each vector's sign code, for [`SemanticIndex::nearest`]'s first pass.
    signs: Vec<u64>,
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
        // Every document writes its sentences' vectors straight into its
        // part of the index: no second copy of them is ever held.
        let n_units = doc_units.last().map_or(0, |r| r.end);
        let mut vectors = vec![0i8; n_units * dims];
        let mut scales = vec![0f32; n_units];
        let mut parts: Vec<(usize, &mut [i8], &mut [f32])> = Vec::with_capacity(docs.len());
        {
            let (mut v_rest, mut s_rest) = (vectors.as_mut_slice(), scales.as_mut_slice());
            for (d, range) in doc_units.iter().enumerate() {
                let (v, v_tail) = std::mem::take(&mut v_rest).split_at_mut(range.len() * dims);
                let (s, s_tail) = std::mem::take(&mut s_rest).split_at_mut(range.len());
                parts.push((d, v, s));
                (v_rest, s_rest) = (v_tail, s_tail);
            }
        }
        let one = |(d, out_v, out_s): (usize, &mut [i8], &mut [f32])| -> bool {
            if progress.cancel.load(Ordering::Relaxed) {
                return false;
            }
            let range = doc_units[d].clone();
            let doc = &docs[d];
            if let Some((s, v)) = cached.and_then(|c| c.docs.get(&doc.hash))
                && s.len() == range.len()
                && v.len() == range.len() * dims
            {
                out_s.copy_from_slice(s);
                out_v.copy_from_slice(v);
                progress.done.fetch_add(1, Ordering::Relaxed);
                return true;
            }
            let mut v = vec![0f32; dims];
            let mut ids = Vec::new();
            let mut bytes = Vec::with_capacity(dims);
            for (i, u) in units[range].iter().enumerate() {
                let text = doc
                    .slice(u.start as usize, u.end as usize)
                    .unwrap_or_default();
                model.embed_into(text, &mut ids, &mut v);
                bytes.clear();
                out_s[i] = quantise(&v, &mut bytes);
                out_v[i * dims..(i + 1) * dims].copy_from_slice(&bytes);
            }
            progress.done.fetch_add(1, Ordering::Relaxed);
            true
        };
        #[cfg(not(target_arch = "wasm32"))]
        let complete = {
            use rayon::prelude::*;
            parts.into_par_iter().all(one)
        };
        #[cfg(target_arch = "wasm32")]
        let complete = parts.into_iter().all(one);
        if !complete {
            return None;
        }
        let signs = sign_codes(&vectors, dims);
        Some(Self {
            dims,
            vectors,
            scales,
            signs,
            hashes: docs.iter().map(|d| d.hash.clone()).collect(),
            doc_units,
        })
    }

    /// Sentences embedded.
    pub fn unit_count(&self) -> usize {
        self.scales.len()
    }

    /// Bytes the vectors take.
    pub fn heap_bytes(&self) -> usize {
        self.vectors.capacity() + self.scales.capacity() * 4 + self.signs.capacity() * 8
    }

    /// Whether document `doc` is embedded as it is now.
    pub fn is_current(&self, doc: usize, hash: &str) -> bool {
        self.hashes.get(doc).is_some_and(|h| h == hash)
    }

    /// The `n` sentences nearest to `query` (a unit vector from the same
    /// model), best first, as (unit, cosine); units in `skip` left out.
    ///
    /// Scoring every sentence's bytes reads the whole index (127 MB for
    /// 10,000 articles) for each claim, too slow for 30 ms; so a one-bit
    /// sign code of every sentence (32 bytes) is compared first, and only
    /// the [`RESCORE_FACTOR`]·`n` sentences whose codes are nearest are
    /// scored by their bytes ("binary quantisation with rescoring"). The
    /// top `n` are then nearly always those of [`Self::nearest_exact`]
    /// (BENCHMARKS.md gives how often).
    pub fn nearest(&self, query: &[f32], skip: Range<u32>, n: usize) -> Vec<(u32, f32)> {
        if query.len() != self.dims || n == 0 {
            return Vec::new();
        }
        let mut q = Vec::with_capacity(self.dims);
        let qs = quantise(query, &mut q);
        let wanted = n.saturating_mul(RESCORE_FACTOR).max(MIN_RESCORED);
        if wanted >= self.unit_count() {
            return self.nearest_exact(query, skip, n);
        }
        let words = self.dims.div_ceil(64);
        let mut code = Vec::with_capacity(words);
        push_code(&q, &mut code);
        let distance = |c: &[u64]| -> u16 {
            let d: u32 = c.iter().zip(&code).map(|(a, b)| (a ^ b).count_ones()).sum();
            u16::try_from(d).unwrap_or(u16::MAX)
        };
        #[cfg(not(target_arch = "wasm32"))]
        let distances: Vec<u16> = {
            use rayon::prelude::*;
            self.signs.par_chunks_exact(words).map(distance).collect()
        };
        #[cfg(target_arch = "wasm32")]
        let distances: Vec<u16> = self.signs.chunks_exact(words).map(distance).collect();
        let kept = |u: usize| !skip.contains(&u32::try_from(u).unwrap_or(u32::MAX));
        // The smallest distance within which `wanted` sentences lie.
        let mut counts = vec![0usize; words * 64 + 1];
        for (u, &d) in distances.iter().enumerate() {
            if kept(u) {
                counts[usize::from(d).min(words * 64)] += 1;
            }
        }
        let mut within = 0;
        let mut limit = counts.len();
        for (d, c) in counts.iter().enumerate() {
            within += c;
            if within >= wanted {
                limit = d;
                break;
            }
        }
        let mut scored: Vec<(u32, f32)> = distances
            .iter()
            .enumerate()
            .filter(|&(u, &d)| usize::from(d) <= limit && kept(u))
            .map(|(u, _)| {
                let v = &self.vectors[u * self.dims..(u + 1) * self.dims];
                let cos = dot(&q, v) as f32 * qs * self.scales[u];
                (u32::try_from(u).unwrap_or(u32::MAX), cos)
            })
            .collect();
        best_first(&mut scored, n);
        scored
    }

    /// The `n` sentences nearest to `query` by every sentence's bytes: the
    /// ranking [`Self::nearest`] approximates.
    pub fn nearest_exact(&self, query: &[f32], skip: Range<u32>, n: usize) -> Vec<(u32, f32)> {
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
        best_first(&mut scored, n);
        scored
    }
}

/// Keeps the best `n` of `scored`, best first (ties by unit).
fn best_first(scored: &mut Vec<(u32, f32)>, n: usize) {
    let n = n.min(scored.len());
    if n == 0 {
        scored.clear();
        return;
    }
    let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    scored.select_nth_unstable_by(n - 1, order);
    scored.truncate(n);
    scored.sort_by(order);
}

/// Sentences [`SemanticIndex::nearest`] scores by their bytes, per
/// sentence asked for.
pub const RESCORE_FACTOR: usize = 40;
/// Least sentences scored by their bytes.
const MIN_RESCORED: usize = 1_000;

/// Each vector's sign code: one bit per dimension, set where it is
/// positive, in `dims.div_ceil(64)` words.
fn sign_codes(vectors: &[i8], dims: usize) -> Vec<u64> {
    let mut out = Vec::with_capacity(vectors.len() / dims.max(1) * dims.div_ceil(64));
    if dims > 0 {
        for v in vectors.chunks_exact(dims) {
            push_code(v, &mut out);
        }
    }
    out
}

fn push_code(v: &[i8], out: &mut Vec<u64>) {
    for word in v.chunks(64) {
        let bits = word
            .iter()
            .enumerate()
            .fold(0u64, |w, (i, &x)| if x > 0 { w | 1 << i } else { w });
        out.push(bits);
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
