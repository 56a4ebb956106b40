"""Reference BM25 scores for tests/search_bm25.rs.

Okapi BM25 over sentences exactly as rank_bm25 computes it (k1 = 1.2,
b = 0.75, epsilon = 0.25): every line of the corpus file is one sentence,
every line of the queries file one query. Words are runs of ASCII letters
and digits (an apostrophe between letters joins them), lower-cased; the
fixture holds nothing else, so these are the words crosscheck's Unicode
word boundaries give it too (the Rust test checks that as well). Each
word then loses a possessive 's and is stemmed by Snowball's English
stemmer (the `snowballstemmer` package, Snowball's own Python build),
as crosscheck analyses English text.

Regenerate after changing the fixture (needs
`pip install rank_bm25 snowballstemmer`):
    python3 tests/python/bm25_reference.py > tests/fixtures/search/bm25_reference.json
"""

import importlib.metadata
import json
import re
import sys
from pathlib import Path

import rank_bm25
import snowballstemmer

STEM = snowballstemmer.stemmer("english")

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "search"


def folded(text):
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)*", text.lower())


def words(text):
    out = []
    for w in folded(text):
        if w.endswith("'s") and len(w) > 2:
            w = w[:-2]
        out.append(w if any(c.isdigit() for c in w) else STEM.stemWord(w))
    return out


def main():
    corpus = HERE.joinpath("bm25_corpus.txt").read_text(encoding="utf-8").splitlines()
    queries = HERE.joinpath("bm25_queries.txt").read_text(encoding="utf-8").splitlines()
    tokens = [words(s) for s in corpus]
    bm25 = rank_bm25.BM25Okapi(tokens, k1=1.2, b=0.75, epsilon=0.25)
    out = {
        "implementation": f"rank_bm25 {importlib.metadata.version('rank_bm25')} BM25Okapi(k1=1.2, b=0.75, epsilon=0.25), snowballstemmer {importlib.metadata.version('snowballstemmer')} english",
        "words": [folded(s) for s in corpus],
        "tokens": tokens,
        "queries": [
            {"query": q, "tokens": words(q), "scores": [float(x) for x in bm25.get_scores(words(q))]}
            for q in queries
        ],
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
