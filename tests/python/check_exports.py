"""Reads crosscheck's exports the way a researcher would, with nothing but
the standard library, and checks every span against the document texts.

Usage: python3 check_exports.py EXPORT_DIR
EXPORT_DIR holds documents.jsonl, fever.jsonl, nli.jsonl, claims.csv,
doccano.jsonl and brat/. Exits non-zero with a message on the first failure.
"""

import csv
import hashlib
import json
import os
import sys

out = sys.argv[1]
checked = 0


def jsonl(name):
    with open(os.path.join(out, name), encoding="utf-8") as f:
        content = f.read()
    # Lines must survive str.splitlines too, not only splitting at "\n".
    lines = content.splitlines()
    assert lines == content.rstrip("\n").split("\n"), f"{name}: a line break inside a line"
    return [json.loads(line) for line in lines if line.strip()]


def same_types(rows, what):
    if not rows:
        return
    shape = {k: type(v) for k, v in rows[0].items()}
    for row in rows:
        got = {k: type(v) for k, v in row.items()}
        assert got == shape, f"{what}: field types differ: {got} vs {shape}"


docs = {}
for row in jsonl("documents.jsonl"):
    text = row["text"]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert digest == row["hash"], f"hash of {row['doc']} does not match"
    assert "\r" not in text, f"{row['doc']} still has a CR"
    docs[row["doc"]] = text
same_types(jsonl("documents.jsonl"), "documents")

attached = set()

fever = jsonl("fever.jsonl")
same_types(fever, "fever")
for row in fever:
    assert isinstance(row["start"], int) and isinstance(row["end"], int)
    if not row["detached"]:
        got = docs[row["doc"]][row["start"]:row["end"]]
        assert got == row["claim"], f"fever claim {row['id']}: {got!r} != {row['claim']!r}"
        attached.add((row["doc"], row["start"], row["end"]))
        checked += 1
    same_types(row["evidence"], "fever evidence")
    for ev in row["evidence"]:
        if not ev["detached"]:
            got = docs[ev["doc"]][ev["start"]:ev["end"]]
            assert got == ev["text"], f"fever evidence {ev['id']}: {got!r} != {ev['text']!r}"
            attached.add((ev["doc"], ev["start"], ev["end"]))
            checked += 1
    assert row["fever_label"] in ("SUPPORTS", "REFUTES", "NOT ENOUGH INFO", "")

nli = jsonl("nli.jsonl")
same_types(nli, "nli")
for row in nli:
    assert row["label"] in ("entailment", "contradiction", "neutral", "")
    if row["detached"]:
        continue
    for side in ("premise", "hypothesis"):
        text = docs[row[side + "_doc"]]
        got = text[row[side + "_start"]:row[side + "_end"]]
        assert got == row[side], f"nli {row['id']} {side}: {got!r} != {row[side]!r}"
        checked += 1

with open(os.path.join(out, "claims.csv"), encoding="utf-8-sig", newline="") as f:
    for row in csv.DictReader(f):
        start, end = int(row["start"]), int(row["end"])
        claim = row["claim"]
        # Undo the spreadsheet-formula guard (a leading ').
        if claim[:1] == "'" and claim[1:2] in ("=", "+", "-", "@", "\t", "\r"):
            claim = claim[1:]
        if row["detached"] == "false":
            got = docs[row["doc"]][start:end]
            assert got == claim, f"csv {row['id']}: {got!r} != {claim!r}"
            checked += 1

doccano = jsonl("doccano.jsonl")
same_types(doccano, "doccano")
for row in doccano:
    text = row["text"]
    assert text == docs[row["doc"]], f"doccano text of {row['doc']} differs"
    for start, end, label in row["label"]:
        assert 0 <= start < end <= len(text), f"doccano {row['doc']} {start}..{end}"
        assert (row["doc"], start, end) in attached, f"doccano span {row['doc']} {start}..{end} is not an exported span"
        checked += 1

brat = os.path.join(out, "brat")
taken = set()
for doc, text in docs.items():
    base = doc[:-4] if doc.endswith(".txt") else doc
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base}~{n}"
    taken.add(name.lower())
    with open(os.path.join(brat, name + ".txt"), encoding="utf-8", newline="") as f:
        txt = f.read()
    assert txt == text, f"brat {name}.txt differs from {doc}"
    ids = set()
    with open(os.path.join(brat, name + ".ann"), encoding="utf-8", newline="") as f:
        ann = f.read()
    lines = ann.split("\n")
    # A reader that splits with str.splitlines (brat's codecs-based one
    # does) must see the same lines.
    assert ann.splitlines() == ann.rstrip("\n").split("\n") or not ann, f"brat {name}.ann has a line break inside a line"
    for line in lines:
        if not line:
            continue
        fields = line.split("\t", 2)
        ann_id, middle = fields[0], fields[1]
        rest = fields[2] if len(fields) > 2 else None
        if ann_id.startswith("T"):
            ids.add(ann_id)
            kind, offsets = middle.split(" ", 1)
            pieces = []
            for frag in offsets.split(";"):
                s, e = (int(x) for x in frag.split(" "))
                assert 0 <= s < e <= len(txt), f"brat {name} {line!r}"
                pieces.append(txt[s:e])
            assert " ".join(pieces) == rest, f"brat {name}: {line!r} vs {pieces!r}"
            checked += 1
        elif ann_id.startswith("R"):
            for arg in middle.split(" ")[1:]:
                assert arg.split(":", 1)[1] in ids, f"brat {name}: {line!r}"

print(f"ok: {checked} spans checked")
