//! The static sentence embedding: one row of `dims` numbers per
//! vocabulary token, distilled from all-MiniLM-L6-v2 by
//! `tools/semantic/distill.py`; a sentence's vector is the mean of its
//! tokens' rows, normalised. No transformer runs here, which is what makes
//! 10,000 articles a matter of seconds.

use super::wordpiece::WordPiece;

const MAGIC: &[u8; 8] = b"XCSTATIC";
const VERSION: u32 = 1;

/// Why the model could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("not a crosscheck static embedding (bad header)")]
    Header,
    #[error("static embedding format {0}, this build reads {VERSION}")]
    Version(u32),
    #[error("the static embedding is cut short")]
    Short,
    #[error("the vocabulary has no [UNK] or does not fit the embedding")]
    Vocab,
}

pub struct StaticModel {
    /// SHA-256 of the embedding file and vocabulary.
    fingerprint: [u8; 32],
    dims: usize,
    /// Per token: its row's scale.
    scales: Vec<f32>,
    /// Per token: `dims` signed bytes, times its scale.
    rows: Vec<i8>,
    tokenizer: WordPiece,
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_le_bytes(b))
}

impl StaticModel {
    /// Reads `static.bin` and its `vocab.txt`.
    pub fn from_bytes(bin: &[u8], vocab: &str) -> Result<Self, ModelError> {
        if bin.get(..8) != Some(MAGIC.as_slice()) {
            return Err(ModelError::Header);
        }
        let version = u32_at(bin, 8).ok_or(ModelError::Short)?;
        if version != VERSION {
            return Err(ModelError::Version(version));
        }
        let n = u32_at(bin, 12).ok_or(ModelError::Short)? as usize;
        let dims = u32_at(bin, 16).ok_or(ModelError::Short)? as usize;
        let row = 4 + dims;
        let body = bin.get(20..).ok_or(ModelError::Short)?;
        if dims == 0 || body.len() != n.checked_mul(row).ok_or(ModelError::Short)? {
            return Err(ModelError::Short);
        }
        let tokenizer = WordPiece::new(vocab).ok_or(ModelError::Vocab)?;
        if tokenizer.vocab_len() != n {
            return Err(ModelError::Vocab);
        }
        let mut scales = Vec::with_capacity(n);
        let mut rows = Vec::with_capacity(n * dims);
        for r in body.chunks_exact(row) {
            let s: [u8; 4] = r[..4].try_into().map_err(|_| ModelError::Short)?;
            scales.push(f32::from_le_bytes(s));
            rows.extend(r[4..].iter().map(|&b| b as i8));
        }
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(bin);
        h.update(vocab.as_bytes());
        Ok(Self {
            fingerprint: h.finalize().into(),
            dims,
            scales,
            rows,
            tokenizer,
        })
    }

    /// Whether this build carries a model, without reading it (reading
    /// takes tens of milliseconds: a worker does it, not a frame).
    pub fn carried() -> bool {
        cfg!(not(target_arch = "wasm32"))
    }

    /// The model this build carries, where it carries one (the web page
    /// leaves it out: 8 MB more to download for every visitor).
    pub fn shipped() -> Option<&'static Self> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            static MODEL: std::sync::OnceLock<Option<StaticModel>> = std::sync::OnceLock::new();
            MODEL
                .get_or_init(|| {
                    StaticModel::from_bytes(
                        include_bytes!("../../../assets/semantic/static.bin"),
                        include_str!("../../../assets/semantic/vocab.txt"),
                    )
                    .ok()
                })
                .as_ref()
        }
        #[cfg(target_arch = "wasm32")]
        {
            None
        }
    }

    /// SHA-256 of the embedding file and vocabulary: sentence vectors
    /// made with another model are not reused.
    pub fn fingerprint(&self) -> [u8; 32] {
        self.fingerprint
    }

    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The token ids of `text` (without `[CLS]` and `[SEP]`).
    pub fn token_ids(&self, text: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        self.tokenizer.ids(text, &mut ids);
        ids
    }

    /// The text's vector, unit length, into `out` (`dims` long); `false`
    /// when the text has no tokens.
    pub fn embed_into(&self, text: &str, ids: &mut Vec<u32>, out: &mut [f32]) -> bool {
        self.tokenizer.ids(text, ids);
        out.fill(0.0);
        if ids.is_empty() {
            return false;
        }
        for &id in ids.iter() {
            let i = id as usize;
            let (Some(&scale), Some(row)) = (
                self.scales.get(i),
                self.rows.get(i * self.dims..(i + 1) * self.dims),
            ) else {
                continue;
            };
            for (o, &q) in out.iter_mut().zip(row) {
                *o += scale * f32::from(q);
            }
        }
        let norm = out.iter().map(|v| v * v).sum::<f32>().sqrt();
        if norm <= f32::MIN_POSITIVE {
            return false;
        }
        out.iter_mut().for_each(|v| *v /= norm);
        true
    }

    /// [`StaticModel::embed_into`], allocated.
    pub fn embed(&self, text: &str) -> Option<Vec<f32>> {
        let mut out = vec![0.0; self.dims];
        self.embed_into(text, &mut Vec::new(), &mut out)
            .then_some(out)
    }
}
