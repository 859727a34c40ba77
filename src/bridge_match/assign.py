"""Teams under capacity: choose experts for every need from a shortlist, exactly, not greedily.

A shortlist ranks experts per need independently, so the same star expert tops many needs. This
module turns the shortlist into teams where each expert serves at most ``capacity`` needs, solved
as one integer programme with HiGHS (``scipy.optimize.milp``) over the shortlisted pairs only, so
1,000 needs × top-50 is 50,000 variables and never a dense needs × experts matrix.

Formulation. One binary ``x[i, j]`` per eligible shortlisted pair (need ``i``, expert ``j``) with
score ``s[i, j]``. A pair is eligible unless it is a conflict of interest (the expert's
organisation or e-mail domain is the need's host, part of it, or of its family, as
:func:`~bridge_match.conflicts.find_conflict` finds with the organisation table; or the pair is in
``conflicts``), its score is below ``min_score``, or the expert's capacity is 0. Forced pairs are
always eligible and get ``x = 1``; a forced pair that is a conflict is an error.

- team size:     ``sum_j x[i, j] <= team_size[i]`` for every need;
- capacity:      ``sum_i x[i, j] <= capacity[j]`` for every expert;
- country:       ``sum_{j in country c} x[i, j] <= max_per_country`` for every need and country;
- language:      for a need with ``languages`` and at least one eligible candidate who speaks one
  of them (set ``S``; the others ``N``), ``sum_N x <= k * sum_S x`` with
  ``k = min(team_size - 1, |N|)``: a team with anyone in it has a speaker. A need whose
  candidates speak none of its languages is left unconstrained and says so in the summary.

``objective="total"`` maximises ``sum s x``. Without the language rule this is a transportation
problem (need → country group → expert), whose LP is integral; the MIP costs no branching.
``objective="fair"`` is max–min then total, in two solves: first maximise ``t`` subject to
``sum_j s[i, j] x[i, j] >= team_size[i] * t`` for every need with an eligible candidate (an
unfilled slot counts as score 0, so a need served by fewer experts is served worse); then fix
``sum_j s[i, j] x[i, j] >= team_size[i] * (t* - 1e-9)`` and maximise the total. Proving ``t*``
by branch and bound is slow when many needs tie at it, so the LP relaxation's ``t`` (an upper
bound on ``t*``) is tried as the stage-2 threshold first; if that is feasible it is ``t*``, and
only otherwise is the max–min MIP solved.

Pairs are put in (need id, expert id) order before solving, so equal inputs give equal teams.

>>> from bridge_match import Matcher, load_needs, load_profiles
>>> profiles = load_profiles("tests/data/tiny/profiles")
>>> needs = load_needs("tests/data/tiny/needs")
>>> shortlist = Matcher().fit(profiles).recommend(needs, top_k=10)
>>> result = assign(shortlist, needs, profiles)
>>> result.summary.loc[result.summary.need_id == "N-SEMI-VI", ["wanted", "filled"]].values
array([[2, 2]])
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from bridge_match.conflicts import host_conflicts
from bridge_match.errors import DataError, Problem
from bridge_match.load import display_path, read_table
from bridge_match.milp import Instance, solve
from bridge_match.models import ExpertProfile, Need
from bridge_match.options import Objective
from bridge_match.organisations import Organisations
from bridge_match.text.normalize import nfc

ASSIGNMENT_COLUMNS: list[str] = [
    "need_id",
    "need_title",
    "sector",
    "expert_id",
    "name",
    "country",
    "affiliation",
    "score",
    "reasons",
]
SUMMARY_COLUMNS: list[str] = [
    "need_id",
    "need_title",
    "sector",
    "wanted",
    "filled",
    "mean_score",
    "min_score",
    "note",
]
CONFLICT_COLUMNS: list[str] = ["need_id", "expert_id", "name", "affiliation", "conflict"]
_MAX_LISTED = 20
_FORCED_REASON = "forced pair"
_LISTED_REASON = "listed in conflicts"
Table = Organisations | Literal["default"] | None


@dataclass
class Assignment:
    """Chosen pairs, and per need how full the team is and why it is not fuller; ``conflicts``
    lists the shortlisted pairs left out as conflicts of interest, with why
    (:data:`CONFLICT_COLUMNS`)."""

    pairs: pd.DataFrame
    summary: pd.DataFrame
    total_score: float
    objective: str
    conflicts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CONFLICT_COLUMNS))


def assign(
    candidates: pd.DataFrame,
    needs: Sequence[Need],
    profiles: Sequence[ExpertProfile],
    *,
    min_score: float = 0.0,
    objective: Objective = "total",
    conflicts: Iterable[tuple[str, str]] = (),
    forced: Iterable[tuple[str, str]] = (),
    max_per_country: int | None = None,
    organisations: Table = "default",
) -> Assignment:
    """Teams from a shortlist that maximise the total score (or the worst need's, then the total).

    ``candidates`` is a frame like :meth:`Matcher.recommend` returns; only its pairs are
    considered. ``organisations`` is the table conflicts of interest are found with
    (``"default"`` the shipped one, None the exact-name rule only); ``conflicts`` adds pairs.
    Raises :class:`DataError` for unknown ids or impossible forced pairs, and
    :class:`BridgeMatchError` if the solver fails.
    """
    if objective not in ("total", "fair"):
        raise DataError(Problem("objective", None, None, f"{objective!r} is not 'total' or 'fair'"))
    inst, left_out = _prepare(
        candidates, needs, profiles, min_score, conflicts, forced, max_per_country, organisations
    )
    chosen = solve(inst, objective)
    return _result(inst, chosen, objective, left_out)


def greedy_assign(
    candidates: pd.DataFrame,
    needs: Sequence[Need],
    profiles: Sequence[ExpertProfile],
    *,
    min_score: float = 0.0,
    objective: Objective = "total",
    conflicts: Iterable[tuple[str, str]] = (),
    forced: Iterable[tuple[str, str]] = (),
    max_per_country: int | None = None,
    organisations: Table = "default",
) -> Assignment:
    """The baseline ``assign`` is measured against: best pairs first, each taken if it still fits.

    Forced pairs go first. A non-speaker joins a need that asks for a language only once the team
    has a speaker. ``objective`` is accepted for a like-for-like call and ignored.
    """
    inst, left_out = _prepare(
        candidates, needs, profiles, min_score, conflicts, forced, max_per_country, organisations
    )
    chosen = np.zeros(inst.size, dtype=bool)
    in_team = np.zeros(len(inst.needs), dtype=np.int64)
    used = np.zeros(len(inst.experts), dtype=np.int64)
    has_speaker = np.zeros(len(inst.needs), dtype=bool)
    per_country: Counter[tuple[int, int]] = Counter()
    limit = inst.max_per_country
    order = np.lexsort((np.arange(inst.size), -inst.score, ~inst.forced))
    for e in order:
        i, j = int(inst.need[e]), int(inst.expert[e])
        group = (i, int(inst.country[j]))
        if not inst.forced[e]:
            if in_team[i] >= inst.team[i] or used[j] >= inst.capacity[j]:
                continue
            if limit is not None and per_country[group] >= limit:
                continue
            if inst.language_needs[i] and not inst.speaks[e] and not has_speaker[i]:
                continue
        chosen[e] = True
        in_team[i] += 1
        used[j] += 1
        per_country[group] += 1
        has_speaker[i] |= bool(inst.speaks[e])
    stuck = np.flatnonzero(inst.language_needs & (in_team > 0) & ~has_speaker)
    if len(stuck):
        raise DataError(
            [
                Problem("forced", None, None, f"greedy found no speaker to join {inst.needs[i].id}")
                for i in stuck
            ]
        )
    return _result(inst, chosen, "greedy", left_out)


def read_pairs(path: str | Path) -> list[tuple[str, str]]:
    """``need_id,expert_id`` pairs from a CSV (UTF-8, BOM or not; Excel's ``;`` works too).

    Every bad row is reported with its line; whether the ids exist is checked by :func:`assign`,
    which knows the data.
    """
    wanted = ("need_id", "expert_id")
    rows, problems = read_table(path, wanted)
    shown = display_path(Path(path))
    pairs: list[tuple[str, str]] = []
    for line, row in rows:
        cells = [nfc(row.get(c, "")).strip() for c in wanted]
        empty = [c for c, v in zip(wanted, cells, strict=True) if not v]
        problems.extend(Problem(shown, line, c, "empty; give an id") for c in empty)
        if not empty:
            pairs.append((cells[0], cells[1]))
    if problems:
        raise DataError(problems)
    return list(dict.fromkeys(pairs))


def _listed(problems: list[Problem]) -> list[Problem]:
    """Name the first offenders; a million unknown ids help nobody."""
    if len(problems) <= _MAX_LISTED:
        return problems
    rest = len(problems) - _MAX_LISTED
    head = problems[:_MAX_LISTED]
    return [*head, Problem(head[-1].source, None, None, f"... and {rest} more like these")]


def _pairs(pairs: Iterable[tuple[str, str]], source: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for pair in pairs:
        if len(pair) != 2:
            raise DataError(Problem(source, None, None, f"{pair!r} is not a (need_id, expert_id)"))
        out.append((str(pair[0]), str(pair[1])))
    return list(dict.fromkeys(out))


def _unknown(
    pairs: Iterable[tuple[str, str]], need_ids: set[str], expert_ids: dict[str, ExpertProfile]
) -> tuple[list[str], list[str]]:
    bad_needs: dict[str, None] = {}
    bad_experts: dict[str, None] = {}
    for n, e in pairs:
        if n not in need_ids:
            bad_needs[n] = None
        if e not in expert_ids:
            bad_experts[e] = None
    return list(bad_needs), list(bad_experts)


def _prepare(
    candidates: pd.DataFrame,
    needs: Sequence[Need],
    profiles: Sequence[ExpertProfile],
    min_score: float,
    conflicts: Iterable[tuple[str, str]],
    forced: Iterable[tuple[str, str]],
    max_per_country: int | None,
    organisations: Table,
) -> tuple[Instance, pd.DataFrame]:
    """Validate everything up front and reduce the shortlist to eligible pairs as arrays; the
    pairs left out as conflicts, with why."""
    if not math.isfinite(min_score):
        raise DataError(Problem("min_score", None, None, "must be a finite number"))
    if max_per_country is not None and max_per_country < 1:
        raise DataError(Problem("max_per_country", None, None, "must be at least 1"))
    ordered = sorted(needs, key=lambda n: n.id)
    by_expert = {p.id: p for p in profiles}
    problems = [
        Problem("needs", None, "id", f"duplicate need id {n!r}")
        for n, k in Counter(n.id for n in ordered).items()
        if k > 1
    ]
    if len(by_expert) != len(profiles):
        problems += [
            Problem("profiles", None, "id", f"duplicate profile id {p!r}")
            for p, k in Counter(p.id for p in profiles).items()
            if k > 1
        ]
    if problems:
        raise DataError(_listed(problems))

    frame = _candidate_frame(candidates)
    need_ids = {n.id for n in ordered}
    conflict_pairs = _pairs(conflicts, "conflicts")
    forced_pairs = _pairs(forced, "forced")
    shortlist_pairs = zip(frame["need_id"], frame["expert_id"], strict=True)
    for source, pairs in (
        ("candidates", shortlist_pairs),
        ("conflicts", conflict_pairs),
        ("forced", forced_pairs),
    ):
        bad_needs, bad_experts = _unknown(pairs, need_ids, by_expert)
        problems += [Problem(source, None, "need_id", f"unknown need id {n!r}") for n in bad_needs]
        problems += [
            Problem(source, None, "expert_id", f"unknown expert id {e!r}") for e in bad_experts
        ]
    if problems:
        raise DataError(_listed(problems))

    need_col = frame["need_id"].to_numpy(dtype=object)
    expert_col = frame["expert_id"].to_numpy(dtype=object)
    need_row = pd.Index([n.id for n in ordered]).get_indexer(need_col)
    expert_row, expert_ids = pd.factorize(expert_col, sort=True)
    experts = [by_expert[e] for e in expert_ids]
    score = frame["score"].to_numpy(dtype=np.float64)
    team = np.array([n.team_size for n in ordered], dtype=np.int64)
    capacity = np.array([p.capacity for p in experts], dtype=np.int64)
    country_row, countries = pd.factorize(np.array([p.country for p in experts], dtype=object))

    keys = list(zip(need_col, expert_col, strict=True))
    position = {k: e for e, k in enumerate(keys)}
    is_forced = np.zeros(len(keys), dtype=bool)
    not_listed = [p for p in forced_pairs if p not in position]
    problems += [
        Problem("forced", None, None, f"pair ({n}, {e}) is not in the shortlist; widen top_k")
        for n, e in not_listed
    ]
    is_forced[[position[p] for p in forced_pairs if p in position]] = True
    pairs_of = zip(need_row.tolist(), expert_row.tolist(), strict=True)
    why = np.array(
        host_conflicts(((ordered[i], experts[j]) for i, j in pairs_of), organisations), dtype=object
    )
    listed = [position[p] for p in conflict_pairs if p in position]
    why[listed] = [w or _LISTED_REASON for w in why[listed]]
    conflict = why != ""
    problems += [
        Problem("forced", None, None, f"pair ({n}, {x}) is a conflict of interest: {why[e]}")
        for e in np.flatnonzero(conflict & is_forced)
        for n, x in [keys[e]]
    ]
    problems += _forced_overflows(
        is_forced,
        need_row,
        expert_row,
        country_row,
        ordered,
        experts,
        team,
        capacity,
        max_per_country,
    )
    if problems:
        raise DataError(_listed(problems))

    low = ~conflict & ~is_forced & (score < min_score)
    no_room = ~conflict & ~low & (capacity[expert_row] == 0)
    keep = is_forced | ~(conflict | low | no_room)
    n_needs = len(ordered)
    need_k, expert_k = need_row[keep], expert_row[keep]
    speaks = np.zeros(len(need_k), dtype=bool)
    asks = np.array([bool(n.languages) for n in ordered])
    for e in np.flatnonzero(asks[need_k]):
        wanted = ordered[need_k[e]].languages
        speaks[e] = any(lang in wanted for lang in experts[expert_k[e]].languages)
    any_speaker = np.bincount(need_k[speaks], minlength=n_needs) > 0
    out = np.flatnonzero(conflict)
    left_out = pd.DataFrame(
        {
            "need_id": need_col[out],
            "expert_id": expert_col[out],
            "name": [experts[j].name for j in expert_row[out]],
            "affiliation": [experts[j].affiliation for j in expert_row[out]],
            "conflict": why[out],
        },
        columns=CONFLICT_COLUMNS,
    )
    inst = Instance(
        needs=ordered,
        experts=experts,
        need=need_k,
        expert=expert_k,
        score=score[keep],
        reasons=frame["reasons"].to_numpy(dtype=object)[keep],
        forced=is_forced[keep],
        speaks=speaks,
        team=team,
        capacity=capacity,
        country=country_row,
        n_countries=len(countries),
        language_needs=asks & any_speaker,
        mute_needs=asks & ~any_speaker,
        shortlisted=np.bincount(need_row, minlength=n_needs),
        dropped_conflict=np.bincount(need_row[conflict], minlength=n_needs),
        dropped_low=np.bincount(need_row[low], minlength=n_needs),
        dropped_capacity=np.bincount(need_row[no_room & ~is_forced], minlength=n_needs),
        max_per_country=max_per_country,
    )
    return inst, left_out


def _candidate_frame(candidates: pd.DataFrame) -> pd.DataFrame:
    """The shortlist's ids as strings and scores as floats, in (need id, expert id) order."""
    missing = [c for c in ("need_id", "expert_id", "score") if c not in candidates.columns]
    if missing:
        raise DataError([Problem("candidates", None, c, "missing column") for c in missing])
    frame = pd.DataFrame(
        {
            "need_id": candidates["need_id"],
            "expert_id": candidates["expert_id"],
            "score": pd.to_numeric(candidates["score"], errors="coerce"),
            "reasons": candidates["reasons"] if "reasons" in candidates.columns else "",
        }
    )
    problems: list[Problem] = []
    for column in ("need_id", "expert_id"):
        blank = frame[column].isna().to_numpy()
        problems += [
            Problem("candidates", int(r) + 1, column, "missing id") for r in np.flatnonzero(blank)
        ]
    bad = ~np.isfinite(frame["score"].to_numpy(dtype=np.float64))
    problems += [
        Problem("candidates", int(r) + 1, "score", "not a finite number")
        for r in np.flatnonzero(bad)
    ]
    if problems:
        raise DataError(_listed(problems))
    frame["need_id"] = frame["need_id"].astype(str)
    frame["expert_id"] = frame["expert_id"].astype(str)
    frame["reasons"] = frame["reasons"].fillna("").astype(str)
    twice = frame.duplicated(["need_id", "expert_id"])
    if twice.any():
        raise DataError(
            _listed(
                [
                    Problem("candidates", None, None, f"pair ({n}, {e}) listed twice")
                    for n, e in frame.loc[twice, ["need_id", "expert_id"]].itertuples(index=False)
                ]
            )
        )
    return frame.sort_values(["need_id", "expert_id"], kind="stable").reset_index(drop=True)


def _forced_overflows(
    is_forced: np.ndarray,
    need_row: np.ndarray,
    expert_row: np.ndarray,
    country_row: np.ndarray,
    needs: list[Need],
    experts: list[ExpertProfile],
    team: np.ndarray,
    capacity: np.ndarray,
    max_per_country: int | None,
) -> list[Problem]:
    """Forced pairs that no assignment can keep: they would overfill a team or an expert."""
    problems: list[Problem] = []
    per_need = np.bincount(need_row[is_forced], minlength=len(needs))
    for i in np.flatnonzero(per_need > team):
        problems.append(
            Problem(
                "forced",
                None,
                None,
                f"{per_need[i]} forced experts for need {needs[i].id} but its team size is "
                f"{team[i]}",
            )
        )
    per_expert = np.bincount(expert_row[is_forced], minlength=len(experts))
    for j in np.flatnonzero(per_expert > capacity):
        problems.append(
            Problem(
                "forced",
                None,
                None,
                f"expert {experts[j].id} is forced into {per_expert[j]} needs but has capacity "
                f"{capacity[j]}",
            )
        )
    if max_per_country is not None:
        groups = Counter(
            zip(
                need_row[is_forced].tolist(),
                country_row[expert_row[is_forced]].tolist(),
                strict=True,
            )
        )
        for (i, c), count in sorted(groups.items()):
            if count > max_per_country:
                country = experts[int(np.flatnonzero(country_row == c)[0])].country
                problems.append(
                    Problem(
                        "forced",
                        None,
                        None,
                        f"{count} forced experts from {country} for need {needs[i].id}, more "
                        f"than max_per_country={max_per_country}",
                    )
                )
    return problems


def _result(
    inst: Instance, chosen: np.ndarray, objective: str, left_out: pd.DataFrame
) -> Assignment:
    picked = np.flatnonzero(chosen)
    needs = [inst.needs[i] for i in inst.need[picked]]
    experts = [inst.experts[j] for j in inst.expert[picked]]
    reasons = [
        f"{r}; {_FORCED_REASON}" if f and r else (_FORCED_REASON if f else r)
        for r, f in zip(inst.reasons[picked], inst.forced[picked], strict=True)
    ]
    pairs = pd.DataFrame(
        {
            "need_id": [n.id for n in needs],
            "need_title": [n.title for n in needs],
            "sector": [n.sector.value for n in needs],
            "expert_id": [p.id for p in experts],
            "name": [p.name for p in experts],
            "country": [p.country for p in experts],
            "affiliation": [p.affiliation for p in experts],
            "score": inst.score[picked].astype(np.float64),
            "reasons": reasons,
        },
        columns=ASSIGNMENT_COLUMNS,
    )
    pairs = pairs.sort_values(
        ["need_id", "score", "expert_id"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)
    n_needs = len(inst.needs)
    filled = np.bincount(inst.need[picked], minlength=n_needs)
    sums = np.bincount(inst.need[picked], weights=inst.score[picked], minlength=n_needs)
    lowest = np.full(n_needs, np.inf)
    np.minimum.at(lowest, inst.need[picked], inst.score[picked])
    mean = np.where(filled > 0, sums / np.maximum(filled, 1), np.nan)
    summary = pd.DataFrame(
        {
            "need_id": [n.id for n in inst.needs],
            "need_title": [n.title for n in inst.needs],
            "sector": [n.sector.value for n in inst.needs],
            "wanted": inst.team.astype(np.int64),
            "filled": filled.astype(np.int64),
            "mean_score": mean,
            "min_score": np.where(filled > 0, lowest, np.nan),
            "note": _notes(inst, chosen, filled),
        },
        columns=SUMMARY_COLUMNS,
    )
    return Assignment(pairs, summary, float(inst.score[picked].sum()), objective, left_out)


def _notes(inst: Instance, chosen: np.ndarray, filled: np.ndarray) -> list[str]:
    """Why each team is short, from what became of the candidates it did not get."""
    n_needs = len(inst.needs)
    used = np.bincount(inst.expert[chosen], minlength=len(inst.experts))
    full = used[inst.expert] >= inst.capacity[inst.expert]
    country_full = np.zeros(inst.size, dtype=bool)
    limit = inst.max_per_country
    if limit is not None:
        group = inst.need * inst.n_countries + inst.country[inst.expert]
        taken = np.bincount(group[chosen], minlength=n_needs * inst.n_countries)
        country_full = taken[group] >= limit
    has_speaker = np.bincount(inst.need[chosen & inst.speaks], minlength=n_needs) > 0
    mute = inst.language_needs[inst.need] & ~inst.speaks & ~has_speaker[inst.need]
    free = ~chosen
    causes = {
        "capacity taken": free & full,
        f"max {limit} per country": free & country_full,
        "no free candidate speaks": free & mute & ~full & ~country_full,
        "no gain (score <= 0)": free & (inst.score <= 0),
    }
    flags = {
        name: np.bincount(inst.need[mask], minlength=n_needs) > 0 for name, mask in causes.items()
    }
    notes: list[str] = []
    for i, need in enumerate(inst.needs):
        parts: list[str] = []
        languages = "/".join(need.languages)
        dropped = int(inst.dropped_conflict[i])
        conflicts = (
            "1 left out as a conflict of interest"
            if dropped == 1
            else f"{dropped} left out as conflicts of interest"
        )
        if filled[i] < inst.team[i]:
            if inst.shortlisted[i] == 0:
                parts.append("no candidates")
            elif inst.shortlisted[i] < inst.team[i]:
                parts.append(f"only {inst.shortlisted[i]} candidates")
            if dropped:
                parts.append(conflicts)
            if inst.dropped_low[i]:
                parts.append("no candidate above min score")
            if inst.dropped_capacity[i] or flags["capacity taken"][i]:
                parts.append("capacity taken")
            if flags[f"max {limit} per country"][i]:
                parts.append(f"max {limit} per country")
            if flags["no free candidate speaks"][i]:
                parts.append(f"no free candidate speaks {languages}")
            if flags["no gain (score <= 0)"][i]:
                parts.append("no gain (score <= 0)")
            if not parts:
                parts.append("not chosen")
        elif dropped:
            parts.append(conflicts)
        if inst.mute_needs[i]:
            parts.append(f"no candidate speaks {languages}")
        notes.append("; ".join(parts))
    return notes
