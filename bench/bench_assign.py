"""Time ``assign`` (total, fair) against the greedy baseline on a synthetic shortlist.

The shortlist is sparse by construction (needs × top-K rows, never needs × experts): a few
thousand "popular" experts appear on many shortlists, so capacity binds and greedy goes wrong.

    python bench/bench_assign.py                 # 1,000 needs × 600,000 experts, top-50
    python bench/bench_assign.py --quick         # a smoke run for CI, a few seconds
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bridge_match.assign import Assignment, assign, greedy_assign
from bridge_match.conflicts import find_conflict
from bridge_match.models import ExpertProfile, Need

COUNTRIES = ["US", "JP", "KR", "DE", "FR", "AU", "TW", "GB", "CA", "SG", "NL", "CZ", "RU", "FI"]
COUNTRY_WEIGHTS = np.array([30, 12, 8, 8, 8, 7, 5, 5, 5, 4, 3, 2, 2, 1], dtype=np.float64)
LANGUAGE_OF = {"JP": "ja", "KR": "ko", "DE": "de", "FR": "fr", "TW": "zh", "RU": "ru", "CZ": "cs"}
SECTORS = ["semiconductors", "ai", "new_materials", "green_energy", "biotechnology"]


@dataclass
class Instance:
    needs: list[Need]
    profiles: list[ExpertProfile]
    candidates: pd.DataFrame
    conflicts: list[tuple[str, str]]


def synthesise(
    n_experts: int, n_needs: int, top: int, seed: int, popular: int | None = None
) -> Instance:
    """A deterministic instance: same arguments, same needs, experts, scores and conflicts."""
    rng = np.random.default_rng(seed)
    popular = popular or max(top, min(n_experts, 5 * n_needs))
    countries = rng.choice(
        len(COUNTRIES), size=n_experts, p=COUNTRY_WEIGHTS / COUNTRY_WEIGHTS.sum()
    )
    capacity = rng.integers(1, 4, size=n_experts)
    n_orgs = max(1, n_experts // 20)
    orgs = rng.integers(0, n_orgs, size=n_experts)
    profiles = [
        ExpertProfile.model_construct(
            id=f"E{j:07d}",
            name=f"Expert {j}",
            country=COUNTRIES[c],
            field="synthetic",
            affiliation=f"Org {o}",
            capacity=int(k),
            languages=["vi", "en", LANGUAGE_OF[COUNTRIES[c]]]
            if COUNTRIES[c] in LANGUAGE_OF
            else ["vi", "en"],
        )
        for j, (c, k, o) in enumerate(zip(countries.tolist(), capacity, orgs.tolist(), strict=True))
    ]

    team = rng.integers(2, 6, size=n_needs)
    asks = rng.random(n_needs) < 0.15
    hosted = rng.random(n_needs) < 0.3
    need_ids = [f"N{i:05d}" for i in range(n_needs)]
    rows_need: list[np.ndarray] = []
    rows_expert: list[np.ndarray] = []
    rows_score: list[np.ndarray] = []
    hosts: list[str | None] = []
    for i in range(n_needs):
        star = rng.choice(popular, size=top // 2, replace=False)
        rest = rng.choice(n_experts, size=top, replace=False)
        chosen = np.concatenate([star, rest[~np.isin(rest, star)][: top - len(star)]])
        score = np.where(
            chosen < popular, 0.6 + 0.4 * rng.random(len(chosen)), 0.5 * rng.random(len(chosen))
        )
        rows_need.append(np.full(len(chosen), i))
        rows_expert.append(chosen)
        rows_score.append(np.round(score, 4))
        hosts.append(f"Org {orgs[chosen[0]]}" if hosted[i] else None)
    need_row = np.concatenate(rows_need)
    expert_row = np.concatenate(rows_expert)
    needs = [
        Need.model_validate(
            {
                "id": need_ids[i],
                "title": f"Need {i}",
                "sector": SECTORS[i % len(SECTORS)],
                "description": "synthetic",
                "team_size": int(team[i]),
                "host": hosts[i],
                "languages": [["ja", "ko", "zh", "de"][i % 4]] if asks[i] else [],
            }
        )
        for i in range(n_needs)
    ]
    candidates = pd.DataFrame(
        {
            "need_id": np.array(need_ids, dtype=object)[need_row],
            "expert_id": np.array([f"E{j:07d}" for j in expert_row], dtype=object),
            "score": np.concatenate(rows_score),
            "reasons": "synthetic",
        }
    )
    picks = rng.choice(len(candidates), size=max(1, n_needs // 10), replace=False)
    conflicts = list(
        zip(
            candidates["need_id"].to_numpy()[picks].tolist(),
            candidates["expert_id"].to_numpy()[picks].tolist(),
            strict=True,
        )
    )
    return Instance(needs, profiles, candidates, conflicts)


def violations(result: Assignment, inst: Instance, max_per_country: int | None) -> list[str]:
    """Every broken rule in a result, checked independently of the solver's own bookkeeping."""
    needs = {n.id: n for n in inst.needs}
    experts = {p.id: p for p in inst.profiles}
    pairs = result.pairs
    found: list[str] = []
    listed = set(zip(inst.candidates["need_id"], inst.candidates["expert_id"], strict=True))
    banned = set(inst.conflicts)
    for need_id, expert_id in zip(pairs["need_id"], pairs["expert_id"], strict=True):
        need, expert = needs[need_id], experts[expert_id]
        if (need_id, expert_id) not in listed:
            found.append(f"{need_id}-{expert_id} not shortlisted")
        if (need_id, expert_id) in banned or find_conflict(
            need.host, expert.affiliation, expert.email
        ):
            found.append(f"{need_id}-{expert_id} conflict")
    for need_id, size in Counter(pairs["need_id"]).items():
        if size > needs[need_id].team_size:
            found.append(f"{need_id} team of {size}")
    for expert_id, load in Counter(pairs["expert_id"]).items():
        if load > experts[expert_id].capacity:
            found.append(f"{expert_id} serves {load}")
    if max_per_country is not None:
        groups = Counter(zip(pairs["need_id"], pairs["country"], strict=True))
        for (need_id, country), size in groups.items():
            if size > max_per_country:
                found.append(f"{need_id} has {size} from {country}")
    speakers = _speaking_needs(pairs, needs, experts)
    for need_id in set(pairs["need_id"]) - speakers:
        if needs[need_id].languages and _any_speaker(need_id, inst, needs, experts):
            found.append(f"{need_id} has no speaker")
    return found


def _speaking_needs(
    pairs: pd.DataFrame, needs: dict[str, Need], experts: dict[str, ExpertProfile]
) -> set[str]:
    return {
        n
        for n, e in zip(pairs["need_id"], pairs["expert_id"], strict=True)
        if set(needs[n].languages) & set(experts[e].languages)
    }


def _any_speaker(
    need_id: str, inst: Instance, needs: dict[str, Need], experts: dict[str, ExpertProfile]
) -> bool:
    """Whether some eligible candidate speaks the need's language (else the rule is waived)."""
    rows = inst.candidates[inst.candidates["need_id"] == need_id]
    need = needs[need_id]
    banned = set(inst.conflicts)
    return any(
        set(need.languages) & set(experts[e].languages)
        and (need_id, e) not in banned
        and find_conflict(need.host, experts[e].affiliation, experts[e].email) is None
        and experts[e].capacity > 0
        and s >= 0
        for e, s in zip(rows["expert_id"], rows["score"], strict=True)
    )


def timed(run: Callable[[], Assignment]) -> tuple[Assignment, float]:
    start = time.perf_counter()
    result = run()
    return result, time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=600_000)
    parser.add_argument("--needs", type=int, default=1_000)
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-per-country", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="small smoke run (CI)")
    args = parser.parse_args(argv)
    if args.quick:
        args.experts, args.needs, args.top = 5_000, 100, 20
    limit = args.max_per_country or None

    start = time.perf_counter()
    inst = synthesise(args.experts, args.needs, args.top, args.seed)
    setup = time.perf_counter() - start
    print(
        f"{args.needs:,} needs × {args.experts:,} experts, top-{args.top}: "
        f"{len(inst.candidates):,} shortlisted pairs, {len(inst.conflicts)} listed conflicts, "
        f"max_per_country={limit} (synthesised in {setup:.1f} s)"
    )
    runs: list[tuple[str, Assignment, float]] = []
    for label, solver, objective in (
        ("greedy", greedy_assign, "total"),
        ("assign total", assign, "total"),
        ("assign fair", assign, "fair"),
    ):
        result, seconds = timed(
            lambda solver=solver, objective=objective: solver(
                inst.candidates,
                inst.needs,
                inst.profiles,
                objective=objective,
                conflicts=inst.conflicts,
                max_per_country=limit,
            )
        )
        runs.append((label, result, seconds))
    greedy_total = runs[0][1].total_score
    print(
        f"{'method':<14}{'n_vars':>10}{'seconds':>10}{'total':>14}{'vs greedy':>11}"
        f"{'worst need':>12}{'filled':>10}{'feasible':>10}"
    )
    failed = False
    for label, result, seconds in runs:
        broken = violations(result, inst, limit)
        failed |= bool(broken)
        wanted = result.summary.set_index("need_id")["wanted"]
        sums = result.pairs.groupby("need_id")["score"].sum().reindex(wanted.index, fill_value=0)
        worst = sums / wanted
        ratio = result.total_score / greedy_total if greedy_total else float("nan")
        print(
            f"{label:<14}{len(inst.candidates):>10,}{seconds:>10.2f}{result.total_score:>14.4f}"
            f"{ratio:>11.4f}{worst.min():>12.4f}{int(result.summary['filled'].sum()):>10,}"
            f"{'yes' if not broken else 'NO':>10}"
        )
        for problem in broken[:5]:
            print(f"    {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
