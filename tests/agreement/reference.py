#!/usr/bin/env python3
"""Reference agreement figures for the fixtures in tests/fixtures/agreement/.

Writes tests/fixtures/agreement/expected.json, which tests/library/agreement.rs
compares with crosscheck's own figures (to 1e-9; counts exactly), so
`cargo test` needs no Python. Run it again after changing the fixtures:

    python3 tests/agreement/reference.py

Needs: krippendorff, scikit-learn, statsmodels, scipy, numpy (pip).

Independence from the Rust code: the project files are read with the small
RON reader below (not by crosscheck), and units, pairs and matchings are
built here from the definitions in docs/teams.md ("How each figure is defined"):

- Annotator of a file: the most common claim `annotator` (ties: the name
  that sorts first). Claims whose own span is `detached` are left out;
  so are detached evidence links.
- Span F1 exact: multiset of (doc, start, end); F1 = 2·TP / (|A| + |B|).
  Per label: the same with (doc, start, end, label), over labelled claims.
- Span F1 overlap: per document, the one-to-one matching that has the most
  pairs of claims sharing at least one code point, ties broken by the
  largest total shared code points. Solved here with
  scipy.optimize.linear_sum_assignment on weights BIG + overlap (BIG larger
  than any total overlap, so more pairs always wins), a different algorithm
  from crosscheck's min-cost flow.
- Cohen's κ: sklearn.metrics.cohen_kappa_score on the labels of the
  overlap-matched pairs where both claims have a label.
- Krippendorff's α: krippendorff.alpha(level_of_measurement="nominal") on
  the annotators × units matrix; units = distinct exact spans any annotator
  marked; value = label of the annotator's first labelled claim (file order)
  with exactly that span, NaN otherwise.
- Fleiss' κ: statsmodels fleiss_kappa on the units every annotator labelled.
- Evidence F1: links of overlap-matched claims match one-to-one when same
  document, overlapping spans, equal relation (most pairs, then overlap).
Figures that the libraries leave undefined (NaN or an error: one category,
no items) are written as null.
"""

import json
import math
import os
import re
import sys
import warnings
from collections import Counter

import krippendorff
import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures", "agreement")
FILES = ["ann.ron", "bob.ron", "cy.ron"]


# --- a small RON reader: structs (k: v) as dicts, [..], {..}, strings,
# chars, numbers, Some/None, true/false. Enough for crosscheck's files.

TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<chr>\'(?:[^\'\\]|\\.)*\')'
    r"|(?P<num>-?\d+(?:\.\d+)?)|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[()\[\]{}:,]))",
    re.S,
)


def tokens(text):
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"RON: unexpected text at {pos}: {text[pos:pos+20]!r}")
        pos = m.end()
        kind = m.lastgroup
        yield kind, m.group(kind)


def parse_ron(text):
    toks = list(tokens(text))
    i = 0

    def peek():
        return toks[i] if i < len(toks) else (None, None)

    def take(expected=None):
        nonlocal i
        tok = toks[i]
        if expected is not None and tok[1] != expected:
            raise ValueError(f"RON: expected {expected!r}, got {tok[1]!r}")
        i += 1
        return tok

    def value():
        kind, tok = take()
        if kind == "str":
            return json.loads(tok)
        if kind == "chr":
            return json.loads('"' + tok[1:-1] + '"')
        if kind == "num":
            return float(tok) if "." in tok else int(tok)
        if kind == "ident":
            if tok == "true":
                return True
            if tok == "false":
                return False
            if tok == "None":
                return None
            if tok == "Some":
                take("(")
                v = value()
                take(")")
                return v
            if peek()[1] == "(":  # a named struct: treat as unnamed
                return value_struct()
            return tok  # a unit enum variant
        if tok == "(":
            return struct_rest()
        if tok == "[":
            out = []
            while peek()[1] != "]":
                out.append(value())
                if peek()[1] == ",":
                    take(",")
            take("]")
            return out
        if tok == "{":
            out = {}
            while peek()[1] != "}":
                k = value()
                take(":")
                out[k] = value()
                if peek()[1] == ",":
                    take(",")
            take("}")
            return out
        raise ValueError(f"RON: unexpected {tok!r}")

    def value_struct():
        take("(")
        return struct_rest()

    def struct_rest():
        out = {}
        while peek()[1] != ")":
            _, key = take()
            take(":")
            out[key] = value()
            if peek()[1] == ",":
                take(",")
        take(")")
        return out

    return value()


# --- the annotators' claims


def load(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        project = parse_ron(f.read())
    claims = project["claims"]
    counts = Counter(c["annotator"] for c in claims)
    annotator = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    kept = [c for c in claims if not c["span"].get("detached", False)]
    kept.sort(key=lambda c: (c["span"]["doc"], c["span"]["start"], c["span"]["end"], c["id"]))
    for c in kept:
        c["evidence"] = [e for e in c.get("evidence", []) if not e["span"].get("detached", False)]
    detached = len(claims) - len(kept)
    detached_ev = sum(
        1
        for c in claims
        if not c["span"].get("detached", False)
        for e in c.get("evidence", [])
        if e["span"].get("detached", False)
    )
    return {
        "name": annotator,
        "claims": kept,
        "summary": {
            "name": annotator,
            "claims": len(kept),
            "unlabelled_claims": sum(1 for c in kept if c["label"] is None),
            "evidence_links": sum(len(c["evidence"]) for c in kept),
            "detached_claims": detached,
            "detached_evidence": detached_ev,
        },
    }


def span_key(c):
    s = c["span"]
    return (s["doc"], s["start"], s["end"])


def shared(x, y):
    return max(0, min(x["end"], y["end"]) - max(x["start"], y["start"]))


def matching(xs, ys, ok):
    """Most pairs (i, j) with ok(x, y) and shared > 0, then most shared."""
    if not xs or not ys:
        return []
    w = np.zeros((len(xs), len(ys)))
    total = 0
    for i, x in enumerate(xs):
        for j, y in enumerate(ys):
            o = shared(x["span"], y["span"])
            if o > 0 and ok(x, y):
                w[i, j] = o
                total += o
    big = total + 1
    w = np.where(w > 0, w + big, 0)
    rows, cols = linear_sum_assignment(w, maximize=True)
    return sorted((int(i), int(j)) for i, j in zip(rows, cols) if w[i, j] > 0)


def f1(matched, a, b):
    return {"f1": (2 * matched / (a + b)) if a + b else None, "matched": matched, "a": a, "b": b}


def undefined_to_none(x):
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def kappa_of(pairs):
    if not pairs:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return undefined_to_none(cohen_kappa_score([p[0] for p in pairs], [p[1] for p in pairs]))
        except ValueError:
            return None


def pair_figures(a, b):
    ca, cb = a["claims"], b["claims"]
    left = Counter(span_key(c) for c in ca)
    right = Counter(span_key(c) for c in cb)
    tp = sum((left & right).values())
    labels = sorted({c["label"] for c in ca + cb if c["label"] is not None})
    by_label = {}
    for l in labels:
        la = Counter(span_key(c) for c in ca if c["label"] == l)
        lb = Counter(span_key(c) for c in cb if c["label"] == l)
        by_label[l] = f1(sum((la & lb).values()), sum(la.values()), sum(lb.values()))
    docs = sorted({c["span"]["doc"] for c in ca} & {c["span"]["doc"] for c in cb})
    matched = shared_total = unlabelled = ev_matched = 0
    label_pairs = []
    for d in docs:
        xs = [c for c in ca if c["span"]["doc"] == d]
        ys = [c for c in cb if c["span"]["doc"] == d]
        for i, j in matching(xs, ys, lambda x, y: True):
            x, y = xs[i], ys[j]
            matched += 1
            shared_total += shared(x["span"], y["span"])
            if x["label"] is None or y["label"] is None:
                unlabelled += 1
            else:
                label_pairs.append((x["label"], y["label"]))
            same = lambda e, f: e["span"]["doc"] == f["span"]["doc"] and e["relation"] == f["relation"]
            ev_matched += len(matching(x["evidence"], y["evidence"], same))
    return {
        "a": a["name"],
        "b": b["name"],
        "span_f1_exact": f1(tp, len(ca), len(cb)),
        "span_f1_overlap": {**f1(matched, len(ca), len(cb)), "shared_code_points": shared_total},
        "cohen_kappa": {
            "kappa": kappa_of(label_pairs),
            "pairs": len(label_pairs),
            "same_label": sum(1 for x, y in label_pairs if x == y),
            "unlabelled_pairs": unlabelled,
        },
        "evidence_f1": f1(
            ev_matched, sum(len(c["evidence"]) for c in ca), sum(len(c["evidence"]) for c in cb)
        ),
        "by_label": by_label,
    }


def unit_values(anns):
    units = sorted({span_key(c) for a in anns for c in a["claims"]})
    table = []
    for a in anns:
        row = {}
        for c in a["claims"]:  # file order: the first labelled claim wins
            if c["label"] is not None and span_key(c) not in row:
                row[span_key(c)] = c["label"]
        table.append([row.get(u) for u in units])
    return units, table


def alpha_figures(anns):
    units, table = unit_values(anns)
    values = sum(1 for row in table for v in row if v is not None)
    pairable = sum(1 for k in range(len(units)) if sum(row[k] is not None for row in table) >= 2)
    codes = {l: i for i, l in enumerate(sorted({v for row in table for v in row if v is not None}))}
    data = np.array([[codes[v] if v is not None else np.nan for v in row] for row in table], dtype=float)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            alpha = undefined_to_none(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except (ValueError, ZeroDivisionError):
        alpha = None
    return {
        "alpha": alpha,
        "units": len(units),
        "pairable_units": pairable,
        "values": values,
        "missing": len(units) * len(anns) - values,
    }


def fleiss_figures(anns):
    units, table = unit_values(anns)
    full = [k for k in range(len(units)) if all(row[k] is not None for row in table)]
    cats = sorted({table[r][k] for k in full for r in range(len(anns))})
    counts = np.array([[sum(1 for row in table if row[k] == c) for c in cats] for k in full], dtype=float)
    kappa = None
    if full:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kappa = undefined_to_none(fleiss_kappa(counts, method="fleiss"))
    return {"kappa": kappa, "units": len(full), "raters": len(anns), "categories": len(cats)}


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def figures(anns):
    pairs = [pair_figures(anns[i], anns[j]) for i in range(len(anns)) for j in range(i + 1, len(anns))]
    return {
        "pairs": pairs,
        "overall": {
            "mean_span_f1_exact": mean(p["span_f1_exact"]["f1"] for p in pairs),
            "mean_span_f1_overlap": mean(p["span_f1_overlap"]["f1"] for p in pairs),
            "mean_cohen_kappa": mean(p["cohen_kappa"]["kappa"] for p in pairs),
            "mean_evidence_f1": mean(p["evidence_f1"]["f1"] for p in pairs),
            "krippendorff_alpha": alpha_figures(anns),
            "fleiss_kappa": fleiss_figures(anns),
        },
    }


def main():
    anns = [load(f) for f in FILES]
    out = {"annotators": [a["summary"] for a in anns], **figures(anns)}
    docs = sorted({c["span"]["doc"] for a in anns for c in a["claims"]})
    out["by_doc"] = {
        d: figures([{**a, "claims": [c for c in a["claims"] if c["span"]["doc"] == d]} for a in anns])
        for d in docs
    }
    path = os.path.join(FIXTURES, "expected.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, sort_keys=True)
        f.write("\n")
    print(json.dumps(out["overall"], indent=2))
    print(f"wrote {os.path.normpath(path)}", file=sys.stderr)


if __name__ == "__main__":
    main()
