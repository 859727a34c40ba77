"""Prototypes of ranking variants the library does not offer, on the gold standard's dev half.

    python bench/goldstandard_prototypes.py                 # every prototype, 10 samples (~2 min)
    python bench/goldstandard_prototypes.py --samples 1-3 --only recency

``bench/goldstandard.py`` measures what ``Matcher`` does. This script measures what it could do,
to decide whether a variant is worth building: each variant is a small change to one plain
re-statement of the chosen scoring, written here in a few lines of numpy on the library's own
analyzer (``bridge_match.text.Analyzer``: the same terms, glossary concepts and n-grams). Its
``pooled, as built`` row restates ``Matcher()`` — TF-IDF (sublinear tf, smoothed idf over the
experts, each expert's profile and papers one document), papers' titles 2× their abstracts, a
need's title 2×, the need's vector normalised over the experts' terms, top-2 mean of the
per-paper cosines — and lands near the library's figure, not on it (the profile row and its
``max`` are left out). Compare rows with each other, not with ``goldstandard.py``'s table.

Variants: recency (each paper's cosine times ``exp(-rate × (newest year - year))``), English
plural folding before counting (``networks`` → ``network``), idf over papers instead of experts,
the need's norm over all its terms (terms no expert has count, at the largest idf), paper titles
1x or 3x their abstract, and a soft maximum instead of the top-k mean. This is research code:
nothing in ``src/`` imports it.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).parent))
import goldstandard as gs

from bridge_match.evaluate import to_markdown
from bridge_match.text import Analyzer, Glossary


@dataclass(frozen=True)
class Variant:
    pooling: str = "top_k"  # top_k | document | softmax
    k: int = 2
    ngram_max: int = 2
    recency: float = 0.0
    plurals: bool = False
    idf_over: str = "experts"  # experts | papers
    oov_norm: bool = False
    softness: float = 10.0
    title_weight: int = 2


BUILT = Variant()
VARIANTS: dict[str, list[tuple[str, Variant]]] = {
    "built": [
        ("pooled, as built (top-2 mean)", BUILT),
        ("one document per expert", replace(BUILT, pooling="document")),
    ],
    "recency": [(f"recency {r}/year", replace(BUILT, recency=r)) for r in (0.02, 0.05, 0.1)],
    "plurals": [("English plurals folded", replace(BUILT, plurals=True))],
    "idf": [("idf over papers", replace(BUILT, idf_over="papers"))],
    "oov": [
        ("need norm over all its terms", replace(BUILT, oov_norm=True)),
        ("  the same, one document", replace(BUILT, oov_norm=True, pooling="document")),
    ],
    "titles": [(f"paper titles {w}x", replace(BUILT, title_weight=w)) for w in (1, 3)],
    "softmax": [
        (f"soft maximum {t}", replace(BUILT, pooling="softmax", softness=t)) for t in (10, 20)
    ],
}


@functools.cache
def analyzer(ngram_max: int) -> Analyzer:
    return Analyzer(Glossary.default(), ngram_max)


def singular(word: str) -> str:
    """A crude English plural fold, enough to see whether stemming would pay."""
    if len(word) > 4 and word.isalpha():
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            return word[:-1]
    return word


@functools.cache
def terms(text: str, ngram_max: int, plurals: bool) -> tuple[str, ...]:
    found = analyzer(ngram_max).terms(text) if text else []
    if plurals:
        found = [t if t.startswith("~") else " ".join(map(singular, t.split())) for t in found]
    return tuple(found)


def counts(parts: Sequence[tuple[str, int]], v: Variant) -> Counter[str]:
    out: Counter[str] = Counter()
    for text, weight in parts:
        for term in terms(text, v.ngram_max, v.plurals):
            out[term] += weight
    return out


def matrix(rows: Sequence[Counter[str]], vocabulary: dict[str, int]) -> sp.csr_matrix:
    r, c, d = [], [], []
    for i, row in enumerate(rows):
        for term, n in row.items():
            r.append(i)
            c.append(vocabulary.setdefault(term, len(vocabulary)))
            d.append(n)
    return sp.csr_matrix((d, (r, c)), shape=(len(rows), 0 if not c else max(c) + 1), dtype=float)


def weigh(m: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    m = m.copy()
    m.data = 1 + np.log(m.data)
    m = sp.csr_matrix(m @ sp.diags(idf))
    norm = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    return sp.csr_matrix(sp.diags(1 / np.where(norm > 0, norm, 1)) @ m)


def scores(sample: gs.Sample, v: Variant) -> pd.DataFrame:
    vocabulary: dict[str, int] = {}
    owners, papers, years = [], [], []
    for e, expert in enumerate(sample.experts):
        for p in expert.publications:
            owners.append(e)
            papers.append(counts([(p.title, v.title_weight), (p.abstract, 1)], v))
            years.append(p.year or 0)
    experts = [Counter[str]() for _ in sample.experts]
    for e, row in zip(owners, papers, strict=True):
        experts[e].update(row)
    needs = [counts([(n.title, 2), (n.description, 1)], v) for n in sample.needs]
    e_m, p_m, n_m = (matrix(rows, vocabulary) for rows in (experts, papers, needs))
    size = len(vocabulary)
    e_m, p_m, n_m = (sp.csr_matrix(m, shape=(m.shape[0], size)) for m in (e_m, p_m, n_m))
    fitted = e_m if v.idf_over == "experts" else p_m
    df = np.bincount(fitted.indices, minlength=size)
    idf = np.log((1 + fitted.shape[0]) / (1 + df)) + 1
    known = np.bincount(e_m.indices, minlength=size) > 0
    queries = weigh(n_m if v.oov_norm else sp.csr_matrix(n_m @ sp.diags(known * 1.0)), idf)
    if v.pooling == "document":
        out = (queries @ weigh(e_m, idf).T).toarray()
    else:
        per_paper = (queries @ weigh(p_m, idf).T).toarray()
        owner, year = np.array(owners), np.array(years, dtype=float)
        out = np.zeros((len(needs), len(experts)))
        for e in range(len(experts)):
            mine = per_paper[:, owner == e]
            if v.recency:
                ages = year[owner == e].max() - year[owner == e]
                mine = mine * np.exp(-v.recency * ages)[None, :]
            if v.pooling == "softmax":
                w = np.exp(v.softness * mine)
                out[:, e] = (mine * w).sum(axis=1) / w.sum(axis=1)
            else:
                out[:, e] = -np.sort(-mine, axis=1)[:, : v.k].sum(axis=1) / v.k
    return pd.DataFrame(
        out, index=[n.id for n in sample.needs], columns=[e.id for e in sample.experts]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=gs.DATA)
    parser.add_argument("--samples", default="1-10")
    parser.add_argument("--only", action="append", choices=sorted(VARIANTS), help="groups to run")
    args = parser.parse_args(argv)
    ratings = gs.read_ratings(args.data)
    samples = [gs.load_sample(args.data, n, ratings) for n in gs.sample_numbers(args.samples)]
    groups = args.only or list(VARIANTS)
    if "built" not in groups:
        groups = ["built", *groups]
    rows = []

    def run(v: Variant) -> list[gs.Tally]:
        return [gs.tally(scores(s, v), ratings) for s in samples]

    for group in groups:
        for name, variant in VARIANTS[group]:
            tallies = run(variant)
            rows.append(
                {
                    "prototype": name,
                    "loss": float(np.mean([t.loss for t in tallies])),
                    "easy acc": float(np.mean([t.easy_right / t.easy for t in tallies])),
                    "hard acc": float(np.mean([t.hard_right / t.hard for t in tallies])),
                }
            )
    print(f"Prototypes on the dev half, samples {args.samples} (lower loss is better)\n")
    print(to_markdown(pd.DataFrame(rows).set_index("prototype")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
