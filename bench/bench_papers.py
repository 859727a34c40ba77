"""What pooled publications cost: fit, index memory and one need's top 10 with P papers each.

    python bench/bench_papers.py                          # 20,000 experts x 20 papers (~2 min)
    python bench/bench_papers.py --experts 50000 --papers 20 --no-document

Generated experts (``bridge_match.sample``) each get ``--papers`` publications whose titles and
abstracts are other generated experts' fields and bios in the same sector (real-length text in
the sample's vocabulary). Measured, in one process, for ``Matcher()`` (each paper a row of its
own, pooled per expert) and, unless ``--no-document``, ``Matcher(publication_top_k=None)`` (one
document per expert with its papers inside): fit time, the index's arrays in memory (profiles
and papers), one need's top 10 (median of 30 needs, after a warm-up) and a batch of needs.
Peak RSS is the process's, over both matchers.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import scipy.sparse as sp

from bridge_match import ExpertProfile, Matcher, Need
from bridge_match.models import Publication
from bridge_match.sample.needs import generate_needs
from bridge_match.sample.profiles import generate_profiles

SINGLE = 30


def experts_with_papers(n: int, papers: int, seed: int) -> list[ExpertProfile]:
    records = generate_profiles(n, seed)
    profiles = [ExpertProfile.model_validate(r) for r in records]
    by_sector: defaultdict[str, list[ExpertProfile]] = defaultdict(list)
    for p in profiles:
        by_sector[p.sectors[0].value if p.sectors else "other"].append(p)
    rng = random.Random(seed)
    out = []
    for p in profiles:
        pool = by_sector[p.sectors[0].value if p.sectors else "other"]
        picked = [rng.choice(pool) for _ in range(papers)]
        made = [
            Publication(
                title=f"{q.field}: {', '.join(q.keywords[:2])}"[:1000], abstract=q.expertise
            )
            for q in picked
        ]
        out.append(p.model_copy(update={"publications": made}))
    return out


def nbytes(matrix: sp.csr_matrix | None) -> int:
    if matrix is None:
        return 0
    return int(matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes)


def measure(
    label: str, params: dict[str, Any], experts: list[ExpertProfile], needs: list[Need]
) -> dict[str, Any]:
    start = time.perf_counter()
    matcher = Matcher(**params).fit(experts)
    fit = time.perf_counter() - start
    index = matcher.index_
    matcher.recommend([needs[0]], top_k=10)
    times = []
    for need in needs[1 : SINGLE + 1]:
        began = time.perf_counter()
        matcher.recommend([need], top_k=10)
        times.append(time.perf_counter() - began)
    began = time.perf_counter()
    matcher.recommend(needs, top_k=10)
    batch = time.perf_counter() - began
    return {
        "variant": label,
        "fit s": round(fit, 2),
        "profile index MiB": round(nbytes(index.index_t) / 2**20, 1),
        "paper index MiB": round(
            (
                nbytes(index.papers_t)
                + (index.paper_owner.nbytes if index.paper_owner is not None else 0)
            )
            / 2**20,
            1,
        ),
        "paper rows": 0 if index.papers_t is None else int(index.papers_t.shape[1]),
        "one need ms": round(1000 * statistics.median(times), 1),
        f"{len(needs)} needs s": round(batch, 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--experts", type=int, default=20_000)
    parser.add_argument("--papers", type=int, default=20, help="publications per expert")
    parser.add_argument("--needs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=57)
    parser.add_argument("--no-document", action="store_true", help="skip the one-document variant")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    experts = experts_with_papers(args.experts, args.papers, args.seed)
    needs = [Need.model_validate(r) for r in generate_needs(max(args.needs, SINGLE + 1), args.seed)]
    needs = needs[: max(args.needs, SINGLE + 1)]
    print(
        f"{args.experts:,} experts x {args.papers} papers, {len(needs)} needs: "
        f"made in {time.perf_counter() - began:.1f} s"
    )
    rows = [measure("Matcher() (pooled)", {}, experts, needs)]
    if not args.no_document:
        rows.append(
            measure("Matcher(publication_top_k=None)", {"publication_top_k": None}, experts, needs)
        )
    for row in rows:
        print("  " + ", ".join(f"{k}: {v}" for k, v in row.items()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS {peak:,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
