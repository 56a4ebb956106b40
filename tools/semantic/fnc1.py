"""Suggestion recall on FNC-1's public training split (never its test
split), for BENCHMARKS.md. The corpus is the training bodies that the
training stances name; a claim is a headline; its related articles are the
bodies the split labels agree, disagree or discuss for it. Headlines are
cut by a hash into a tuning half and a reporting half, 100 of each.

    python3 tools/semantic/fnc1.py corpus FNC_DIR OUT      # OUT/corpus/*.txt, OUT/claims.jsonl
    python3 tools/semantic/fnc1.py python OUT               # full model, static, BM25, fused (Python)
    python3 tools/semantic/fnc1.py cli OUT BINARY [ARGS..]  # crosscheck suggest itself

recall@10 of a claim: its related articles found among the articles of the
top 10 suggestions, over min(related, 10); the mean over claims is
reported with its standard error.
"""

import csv
import hashlib
import json
import math
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

TOP = 10
PER_HALF = 100


def corpus(fnc, out):
    fnc, out = Path(fnc), Path(out)
    csv.field_size_limit(1 << 30)
    bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(open(fnc / "train_bodies.csv", encoding="utf-8"))}
    related, named = {}, set()
    for r in csv.DictReader(open(fnc / "train_stances.csv", encoding="utf-8")):
        named.add(r["Body ID"])
        if r["Stance"] != "unrelated":
            related.setdefault(r["Headline"], set()).add(r["Body ID"])
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    # With --all, every training body: the others are distractors.
    for b in sorted(bodies if "--all" in sys.argv else named):
        (out / "corpus" / f"{int(b):05}.txt").write_text(bodies[b].strip() + "\n", encoding="utf-8")
    heads = sorted(related, key=lambda h: hashlib.sha1(h.encode()).hexdigest())
    halves = {"tune": [], "report": []}
    for h in heads:
        half = "tune" if int(hashlib.sha1(h.encode()).hexdigest(), 16) % 2 == 0 else "report"
        if len(halves[half]) < PER_HALF:
            halves[half].append(h)
    with open(out / "claims.jsonl", "w", encoding="utf-8") as f:
        for half, hs in halves.items():
            for h in hs:
                docs = sorted(f"{int(b):05}.txt" for b in related[h])
                f.write(json.dumps({"half": half, "claim": h, "related": docs}) + "\n")
    print(f"{len(named)} articles, {sum(map(len, halves.values()))} claims", file=sys.stderr)


def claims(out):
    return [json.loads(l) for l in open(Path(out) / "claims.jsonl", encoding="utf-8")]


def recall(ranked_docs, related):
    seen = []
    for d in ranked_docs:
        if d not in seen:
            seen.append(d)
    return len(set(seen[:TOP]) & set(related)) / min(len(related), TOP)


def summary(values):
    m = sum(values) / len(values)
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / max(1, len(values) - 1))
    return {"mean": round(m, 3), "se": round(sd / math.sqrt(len(values)), 3), "n": len(values)}


def cli(out, binary, *extra):
    out = Path(out)
    result = {}
    times = []
    for half in ("tune", "report"):
        sentence, article = [], []
        for c in claims(out):
            if c["half"] != half:
                continue
            t = time.time()
            p = subprocess.run([binary, "suggest", str(out / "corpus"), "--text", c["claim"], "--top", str(TOP), "--json", *extra], capture_output=True, text=True, check=True)
            times.append(time.time() - t)
            docs = [json.loads(l)["doc"] for l in p.stdout.splitlines() if l.strip()]
            article.append(recall(docs, c["related"]))
        result[half] = summary(article)
    result["seconds_per_claim"] = round(sum(times) / len(times), 3)
    print(json.dumps({"args": list(extra), **result}))


def sentences(text):
    out = []
    for para in text.split("\n"):
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", para) if re.search(r"\w", s)]
    return out


def python_eval(out):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import minilm
    import rank_bm25
    import snowballstemmer

    out = Path(out)
    files = sorted((out / "corpus").glob("*.txt"))
    units, owner = [], []
    for f in files:
        for s in sentences(f.read_text(encoding="utf-8")):
            units.append(s)
            owner.append(f.name)
    print(f"{len(files)} articles, {len(units)} sentences", file=sys.stderr)
    stem = snowballstemmer.stemmer("english")

    def words(t):
        return stem.stemWords(re.findall(r"[a-z0-9]+", t.lower()))

    bm25 = rank_bm25.BM25Okapi([words(u) for u in units])
    model = minilm.MiniLM(minilm.package_folder())
    cache = out / "full_vectors.npy"
    with_full = "--no-full" not in sys.argv
    if not with_full:
        full = None
    elif cache.exists():
        full = np.load(cache)
    else:
        t = time.time()
        full = model.encode(units)
        print(f"full model: {len(units)} sentences in {time.time() - t:.0f} s", file=sys.stderr)
        np.save(cache, full)
    given = [a for a in sys.argv[3:] if not a.startswith("--")]
    static = load_static(Path(given[0]) if given else Path("assets/semantic"))

    def static_vec(text):
        ids = model.ids(text)[1:-1]
        v = static[ids].mean(axis=0) if ids else np.zeros(static.shape[1])
        return v / max(np.linalg.norm(v), 1e-12)

    t = time.time()
    svecs = np.stack([static_vec(u) for u in units])
    print(f"static: {len(units)} sentences in {time.time() - t:.1f} s (Python)", file=sys.stderr)

    def per_article(order, n=1):
        kept, count = [], {}
        for i in order:
            d = owner[i]
            if count.get(d, 0) < n:
                kept.append(i)
                count[d] = count.get(d, 0) + 1
        return kept

    def rrf(*orders, k=60, weights=None):
        score = {}
        for o, w in zip(orders, weights or [1.0] * len(orders)):
            for r, i in enumerate(o[:200]):
                score[i] = score.get(i, 0) + w / (k + r + 1)
        return sorted(score, key=lambda i: -score[i])

    res = {}
    for c in claims(out):
        qb = np.argsort(-bm25.get_scores(words(c["claim"])), kind="stable")
        qf = np.argsort(-(full @ model.encode([c["claim"]])[0]), kind="stable") if with_full else None
        qs = np.argsort(-(svecs @ static_vec(c["claim"])), kind="stable")
        runs = {"bm25": qb, "static": qs, "bm25+static": rrf(qb, qs)}
        if with_full:
            runs.update({"full": qf, "bm25+full": rrf(qb, qf)})
        for w in (0.25, 0.5, 0.75):
            runs[f"bm25+{w}static"] = rrf(qb, qs, weights=[1.0, w])
        for name, order in runs.items():
            order = list(order[:2000])
            for mode, o in (("sentence", order), ("article", per_article(order))):
                res.setdefault((c["half"], name, mode), []).append(recall([owner[i] for i in o[:TOP]], c["related"]))
    for (half, name, mode), v in sorted(res.items()):
        print(json.dumps({"half": half, "ranking": name, "per": mode, **summary(v)}))


def load_static(folder):
    raw = (folder / "static.bin").read_bytes()
    assert raw[:8] == b"XCSTATIC"
    _, vocab, dims = np.frombuffer(raw[8:20], dtype="<u4")
    rows = np.frombuffer(raw[20:], dtype=np.uint8).reshape(vocab, 4 + dims)
    scale = rows[:, :4].copy().view("<f4")[:, 0]
    q = rows[:, 4:].copy().view(np.int8).astype(np.float32)
    return q * scale[:, None]


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "corpus":
        corpus(sys.argv[2], sys.argv[3])
    elif cmd == "python":
        python_eval(sys.argv[2])
    elif cmd == "cli":
        cli(sys.argv[2], sys.argv[3], *sys.argv[4:])
