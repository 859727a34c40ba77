"""Where the strength bands start, derived from the hand-graded judgements of the sample.

    python bench/band_thresholds.py                        # qrels/sample.csv, the shipped rules
    python bench/band_thresholds.py --qrels my.csv --profiles p --needs n

A shortlist row is *strong* when its score is at least ``bands.strong`` in the rules file,
*possible* from ``bands.possible``, *weak* below. This scores every judged (need, expert) pair
(relevance 0-3, see docs/labelling.md) with the default matcher, prints for each threshold the
share of pairs at or above it judged relevant (>= 2) and of pairs below it judged not (<= 1),
proposes the lowest ``strong`` with at least ``--target`` of its rows relevant and the highest
``possible`` with at least ``--target`` of the rows below it not relevant, and checks the
thresholds in the rules file: the share of ``strong`` rows judged >= 2 and of ``weak`` rows
judged <= 1 (both must be at least 0.8).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from bridge_match import Matcher, Rules, load_needs, load_profiles


def judged_scores(profiles: Path, needs: Path, qrels: Path) -> pd.DataFrame:
    """Every judged pair with the default matcher's final score."""
    judged = pd.read_csv(qrels)
    chosen = [n for n in load_needs(needs) if n.id in set(judged.need_id)]
    scores = Matcher().fit(load_profiles(profiles)).score(chosen)
    long = scores.stack().rename("score").reset_index()
    long.columns = ["need_id", "expert_id", "score"]
    return judged.merge(long, on=["need_id", "expert_id"], how="inner")


def shares(pairs: pd.DataFrame, threshold: float) -> tuple[float, float, int, int]:
    above, below = pairs[pairs.score >= threshold], pairs[pairs.score < threshold]
    relevant = float((above.relevance >= 2).mean()) if len(above) else float("nan")
    irrelevant = float((below.relevance <= 1).mean()) if len(below) else float("nan")
    return relevant, irrelevant, len(above), len(below)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qrels", type=Path, default=Path("qrels/sample.csv"))
    parser.add_argument("--profiles", type=Path, default=Path("profiles"))
    parser.add_argument("--needs", type=Path, default=Path("needs"))
    parser.add_argument("--target", type=float, default=0.9)
    args = parser.parse_args()
    pairs = judged_scores(args.profiles, args.needs, args.qrels)
    print(f"{len(pairs)} judged pairs")
    print("threshold  >= it: judged >= 2 (rows)   < it: judged <= 1 (rows)")
    grid = np.round(np.arange(0.04, 0.46, 0.02), 2)
    for t in grid:
        relevant, irrelevant, n_above, n_below = shares(pairs, t)
        print(f"{t:9.2f}  {relevant:14.3f} ({n_above:4d})   {irrelevant:14.3f} ({n_below:4d})")
    strong = next((t for t in grid if shares(pairs, t)[0] >= args.target), grid[-1])
    possible = max(
        (t for t in grid if t <= strong and shares(pairs, t)[1] >= args.target), default=grid[0]
    )
    print(
        f"proposed (target {args.target}): bands.strong {strong:.2f}, bands.possible {possible:.2f}"
    )
    bands = Rules.default().bands
    relevant, _, n_strong, _ = shares(pairs, bands.strong)
    _, irrelevant, _, n_weak = shares(pairs, bands.possible)
    print(
        f"shipped rules: strong from {bands.strong:.2f}: {relevant:.3f} of {n_strong} strong rows "
        f"judged >= 2; weak below {bands.possible:.2f}: {irrelevant:.3f} of {n_weak} weak rows "
        "judged <= 1"
    )
    ok = relevant >= 0.8 and irrelevant >= 0.8
    print("both at least 0.8:", "yes" if ok else "NO")


if __name__ == "__main__":
    main()
