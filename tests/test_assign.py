from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.optimize
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bridge_match.assign import (
    ASSIGNMENT_COLUMNS,
    CONFLICT_COLUMNS,
    SUMMARY_COLUMNS,
    Assignment,
    assign,
    greedy_assign,
    read_pairs,
)
from bridge_match.errors import BridgeMatchError, DataError
from bridge_match.models import ExpertProfile, Need
from bridge_match.org_names import org_key

TOLERANCE = 1e-9
BKHN = "Đại học Bách khoa Hà Nội"


def expert(
    id: str,
    country: str = "JP",
    capacity: int = 1,
    affiliation: str = "Org A",
    languages: Sequence[str] = ("vi",),
    email: str | None = None,
) -> ExpertProfile:
    return ExpertProfile(
        id=id,
        name=f"Expert {id}",
        country=country,
        field="lithography",
        affiliation=affiliation,
        capacity=capacity,
        languages=list(languages),
        email=email,
    )


def need(
    id: str, team_size: int = 1, host: str | None = None, languages: Sequence[str] = ()
) -> Need:
    return Need(
        id=id,
        title=f"Need {id}",
        sector="ai",
        description="synthetic need",
        team_size=team_size,
        host=host,
        languages=list(languages),
    )


def shortlist(rows: Sequence[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "need_id": [n for n, _, _ in rows],
            "expert_id": [e for _, e, _ in rows],
            "score": [s for _, _, s in rows],
            "reasons": [f"terms: {n}-{e}" for n, e, _ in rows],
        }
    )


@dataclass
class Case:
    needs: list[Need]
    experts: list[ExpertProfile]
    rows: list[tuple[str, str, float]]
    min_score: float = 0.0
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    forced: list[tuple[str, str]] = field(default_factory=list)
    max_per_country: int | None = None

    def run(self, solver=assign, objective: str = "total") -> Assignment:
        return solver(
            shortlist(self.rows),
            self.needs,
            self.experts,
            min_score=self.min_score,
            objective=objective,
            conflicts=self.conflicts,
            forced=self.forced,
            max_per_country=self.max_per_country,
        )


def conflicted(case: Case, need_id: str, expert_id: str) -> bool:
    n = next(x for x in case.needs if x.id == need_id)
    e = next(x for x in case.experts if x.id == expert_id)
    host = n.host is not None and org_key(n.host) == org_key(e.affiliation)
    return host or (need_id, expert_id) in case.conflicts


def speaks(n: Need, e: ExpertProfile) -> bool:
    return bool(set(n.languages) & set(e.languages))


def eligible(case: Case) -> list[tuple[str, str, float]]:
    """The pairs the rules allow, computed the slow obvious way."""
    capacity = {e.id: e.capacity for e in case.experts}
    return [
        (n, e, s)
        for n, e, s in case.rows
        if (n, e) in case.forced
        or (not conflicted(case, n, e) and s >= case.min_score and capacity[e] > 0)
    ]


def brute_force(case: Case, objective: str) -> tuple[float, float] | None:
    """(best total, best worst-need value) over every feasible subset of the pairs, or None."""
    if any(conflicted(case, n, e) for n, e in case.forced):
        return None
    pairs = eligible(case)
    needs = {n.id: n for n in case.needs}
    experts = {e.id: e for e in case.experts}
    size = len(pairs)
    masks = ((np.arange(2**size)[:, None] >> np.arange(size)) & 1).astype(bool)
    scores = np.array([s for _, _, s in pairs], dtype=np.float64)
    ok = np.ones(len(masks), dtype=bool)
    for k, (n, e, _) in enumerate(pairs):
        if (n, e) in case.forced:
            ok &= masks[:, k]
    if any(p not in {(n, e) for n, e, _ in pairs} for p in case.forced):
        return None
    served: list[str] = []
    for n in needs.values():
        cols = [k for k, p in enumerate(pairs) if p[0] == n.id]
        if cols:
            served.append(n.id)
        ok &= masks[:, cols].sum(axis=1) <= n.team_size
        if n.languages:
            talk = [k for k in cols if speaks(n, experts[pairs[k][1]])]
            if talk:
                ok &= ~masks[:, cols].any(axis=1) | masks[:, talk].any(axis=1)
        if case.max_per_country is not None:
            for country in {e.country for e in experts.values()}:
                group = [k for k in cols if experts[pairs[k][1]].country == country]
                ok &= masks[:, group].sum(axis=1) <= case.max_per_country
    for e in experts.values():
        cols = [k for k, p in enumerate(pairs) if p[1] == e.id]
        ok &= masks[:, cols].sum(axis=1) <= e.capacity
    if not ok.any():
        return None
    totals = masks[ok].astype(np.float64) @ scores
    worst = np.full(len(totals), np.inf)
    for n in served:
        cols = [k for k, p in enumerate(pairs) if p[0] == n]
        value = masks[ok][:, cols].astype(np.float64) @ scores[cols] / needs[n].team_size
        worst = np.minimum(worst, value)
    best_worst = float(worst.max()) if served else 0.0
    if objective == "fair" and served:
        totals = totals[worst >= best_worst - TOLERANCE]
    return float(totals.max()), best_worst


def worst_need(result: Assignment, case: Case) -> float:
    """The fair objective's measure: sum of scores / team size, over needs with an eligible pair."""
    served = {n for n, _, _ in eligible(case)}
    sums = result.pairs.groupby("need_id")["score"].sum()
    return min(
        (float(sums.get(n.id, 0.0)) / n.team_size for n in case.needs if n.id in served),
        default=0.0,
    )


def assert_respects(result: Assignment, case: Case) -> None:
    """Every rule, checked on the output alone."""
    pairs = result.pairs
    assert list(pairs.columns) == ASSIGNMENT_COLUMNS
    assert list(result.summary.columns) == SUMMARY_COLUMNS
    needs = {n.id: n for n in case.needs}
    experts = {e.id: e for e in case.experts}
    chosen = list(zip(pairs["need_id"], pairs["expert_id"], strict=True))
    assert len(set(chosen)) == len(chosen)
    allowed = {(n, e): s for n, e, s in eligible(case)}
    for n, e in chosen:
        assert (n, e) in allowed
        assert (n, e) in case.forced or not conflicted(case, n, e)
    assert set(case.forced) <= set(chosen)
    for n, count in Counter(pairs["need_id"]).items():
        assert count <= needs[n].team_size
    for e, count in Counter(pairs["expert_id"]).items():
        assert count <= experts[e].capacity
    if case.max_per_country is not None:
        for count in Counter(zip(pairs["need_id"], pairs["country"], strict=True)).values():
            assert count <= case.max_per_country
    for n in set(pairs["need_id"]):
        wanted = needs[n]
        candidates = [e for m, e in allowed if m == n]
        if wanted.languages and any(speaks(wanted, experts[e]) for e in candidates):
            team = [e for m, e in chosen if m == n]
            assert any(speaks(wanted, experts[e]) for e in team)
    assert result.total_score == pytest.approx(float(pairs["score"].sum()), abs=TOLERANCE)
    order = pairs.sort_values(
        ["need_id", "score", "expert_id"], ascending=[True, False, True]
    ).index
    assert list(order) == list(range(len(pairs)))
    filled = result.summary.set_index("need_id")["filled"]
    for n in needs:
        assert filled[n] == sum(1 for m, _ in chosen if m == n)


COUNTRIES = ["JP", "KR", "US"]
AFFILIATIONS = ["Org A", "Org B", BKHN]
HOSTS = [None, "org a", "dai hoc bach  khoa ha noi "]
LANGUAGES = [(), ("ja",), ("ko", "ja")]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n_experts = draw(st.integers(1, 8))
    n_needs = draw(st.integers(1, 4))
    experts = [
        expert(
            f"E{j}",
            country=draw(st.sampled_from(COUNTRIES)),
            capacity=draw(st.integers(0, 2)),
            affiliation=draw(st.sampled_from(AFFILIATIONS)),
            languages=("vi", *draw(st.sampled_from([(), ("ja",), ("ko",), ("en",)]))),
        )
        for j in range(n_experts)
    ]
    needs = [
        need(
            f"N{i}",
            team_size=draw(st.integers(1, 3)),
            host=draw(st.sampled_from(HOSTS)),
            languages=draw(st.sampled_from(LANGUAGES)),
        )
        for i in range(n_needs)
    ]
    every = [(n.id, e.id) for n in needs for e in experts]
    picked = draw(
        st.lists(st.sampled_from(every), unique=True, min_size=min(5, len(every)), max_size=14)
    )
    rows = [(n, e, draw(st.integers(-3, 20)) / 10) for n, e in sorted(picked)]
    conflicts = draw(st.lists(st.sampled_from(every), unique=True, max_size=3))
    forced = draw(st.lists(st.sampled_from(sorted(picked) or [None]), unique=True, max_size=2))
    return Case(
        needs=needs,
        experts=experts,
        rows=rows,
        min_score=draw(st.sampled_from([0.0, 0.5, -1.0])),
        conflicts=conflicts,
        forced=[p for p in forced if p is not None] if draw(st.booleans()) else [],
        max_per_country=draw(st.sampled_from([None, 1, 2])),
    )


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(cases(), st.sampled_from(["total", "fair"]))
def test_assign_is_optimal_against_brute_force(case: Case, objective: str) -> None:
    best = brute_force(case, objective)
    if best is None:
        with pytest.raises(DataError):
            case.run(objective=objective)
        return
    result = case.run(objective=objective)
    assert_respects(result, case)
    total, worst = best
    assert result.total_score == pytest.approx(total, abs=TOLERANCE)
    assert result.objective == objective
    if objective == "fair":
        assert worst_need(result, case) >= worst - TOLERANCE


@SETTINGS
@given(cases())
def test_greedy_is_feasible_and_never_beats_the_optimum(case: Case) -> None:
    if brute_force(case, "total") is None:
        return
    optimal = case.run()
    try:
        greedy = case.run(greedy_assign)
    except DataError:
        assert case.forced, "greedy may give up only when forced pairs box it in"
        return
    assert_respects(greedy, case)
    assert greedy.total_score <= optimal.total_score + TOLERANCE


def test_host_equal_to_affiliation_is_never_paired() -> None:
    case = Case(
        needs=[need("N1", team_size=2, host=BKHN)],
        experts=[
            expert("E1", affiliation="dai hoc bach  khoa ha noi "),
            expert("E2", affiliation="Kyushu University"),
        ],
        rows=[("N1", "E1", 0.9), ("N1", "E2", 0.4)],
    )
    result = case.run()
    assert result.pairs["expert_id"].tolist() == ["E2"]
    assert "conflict of interest" in result.summary.loc[0, "note"]


def viettel_case(team_size: int = 3) -> Case:
    """A Viettel High Tech need and its own staff written three ways, and one outsider."""
    return Case(
        needs=[need("N1", team_size=team_size, host="Viettel High Tech")],
        experts=[
            expert("E1", affiliation="VHT"),
            expert("E2", affiliation="Viettel Telecom"),
            expert("E3", affiliation="Kyushu University", email="binh@viettel.com.vn"),
            expert("E4", affiliation="Osaka University"),
        ],
        rows=[("N1", "E1", 0.9), ("N1", "E2", 0.8), ("N1", "E3", 0.7), ("N1", "E4", 0.3)],
    )


@pytest.mark.parametrize("solver", [assign, greedy_assign])
def test_every_conflict_the_table_finds_is_left_out_and_counted(solver) -> None:
    case = viettel_case()
    result = case.run(solver)
    assert result.pairs["expert_id"].tolist() == ["E4"]
    assert result.summary.loc[0, "note"] == "3 left out as conflicts of interest"
    assert list(result.conflicts.columns) == CONFLICT_COLUMNS
    assert result.conflicts["expert_id"].tolist() == ["E1", "E2", "E3"]
    assert result.conflicts["conflict"].tolist() == [
        "same organisation as the host (VHT = Viettel High Tech)",
        "works at Viettel Telecom, which like the host (Viettel High Tech) is part of "
        "Viettel Group",
        "e-mail at viettel.com.vn (Viettel Group), of which the host (Viettel High Tech) is part",
    ]


def test_without_the_table_only_exact_names_are_left_out() -> None:
    case = viettel_case()
    result = assign(shortlist(case.rows), case.needs, case.experts, organisations=None)
    assert result.pairs["expert_id"].tolist() == ["E1", "E2", "E3"]
    assert result.conflicts.empty
    assert result.summary.loc[0, "note"] == ""


def test_a_full_team_still_says_what_was_left_out() -> None:
    result = viettel_case(team_size=1).run()
    assert result.summary.loc[0, ["wanted", "filled"]].tolist() == [1, 1]
    assert result.summary.loc[0, "note"] == "3 left out as conflicts of interest"
    single = Case(
        needs=[need("N1", host="Viettel High Tech")],
        experts=[expert("E1", affiliation="VHT"), expert("E2", affiliation="Osaka University")],
        rows=[("N1", "E1", 0.9), ("N1", "E2", 0.4)],
    ).run()
    assert single.summary.loc[0, "note"] == "1 left out as a conflict of interest"


def test_a_forced_conflict_is_an_error_that_says_why() -> None:
    case = viettel_case()
    case.forced = [("N1", "E2")]
    with pytest.raises(DataError, match=r"\(N1, E2\) is a conflict of interest: works at Viettel"):
        case.run()


def test_listed_conflict_is_never_paired() -> None:
    case = Case(
        needs=[need("N1")],
        experts=[expert("E1"), expert("E2")],
        rows=[("N1", "E1", 0.9), ("N1", "E2", 0.4)],
        conflicts=[("N1", "E1")],
    )
    result = case.run()
    assert result.pairs["expert_id"].tolist() == ["E2"]
    assert result.conflicts[["expert_id", "conflict"]].values.tolist() == [
        ["E1", "listed in conflicts"]
    ]


def test_min_score_leaves_slots_unfilled_and_says_why() -> None:
    case = Case(
        needs=[need("N1", team_size=3)],
        experts=[expert("E1"), expert("E2"), expert("E3")],
        rows=[("N1", "E1", 0.9), ("N1", "E2", 0.2), ("N1", "E3", 0.1)],
        min_score=0.5,
    )
    result = case.run()
    row = result.summary.iloc[0]
    assert (row["wanted"], row["filled"]) == (3, 1)
    assert row["mean_score"] == pytest.approx(0.9)
    assert "no candidate above min score" in row["note"]


def test_capacity_taken_is_reported() -> None:
    case = Case(
        needs=[need("N1"), need("N2")],
        experts=[expert("E1")],
        rows=[("N1", "E1", 0.9), ("N2", "E1", 0.5)],
    )
    result = case.run()
    assert result.pairs["need_id"].tolist() == ["N1"]
    summary = result.summary.set_index("need_id")
    assert summary.loc["N2", "note"] == "capacity taken"
    assert np.isnan(summary.loc["N2", "mean_score"])


def test_capacity_zero_takes_nothing() -> None:
    case = Case(needs=[need("N1")], experts=[expert("E1", capacity=0)], rows=[("N1", "E1", 0.9)])
    result = case.run()
    assert result.pairs.empty
    assert result.summary.loc[0, "note"] == "capacity taken"


def fair_case() -> Case:
    return Case(
        needs=[need("A"), need("B")],
        experts=[expert("E1"), expert("E2")],
        rows=[("A", "E1", 1.0), ("A", "E2", 0.1), ("B", "E1", 0.8)],
    )


def test_fair_raises_the_worst_need_and_total_keeps_the_larger_total() -> None:
    case = fair_case()
    total, fair = case.run(objective="total"), case.run(objective="fair")
    assert worst_need(fair, case) > worst_need(total, case)
    assert worst_need(fair, case) == pytest.approx(0.1)
    assert total.total_score >= fair.total_score
    assert total.total_score == pytest.approx(1.0)
    assert fair.total_score == pytest.approx(0.9)
    means = fair.summary.set_index("need_id")["mean_score"]
    assert means.min() == pytest.approx(0.1)
    assert np.isnan(total.summary.set_index("need_id").loc["B", "mean_score"])


def test_fair_breaks_max_min_ties_by_total() -> None:
    case = Case(
        needs=[need("A"), need("B"), need("C")],
        experts=[expert("E1"), expert("E2"), expert("E3")],
        rows=[("A", "E1", 0.2), ("B", "E2", 0.9), ("B", "E3", 0.5), ("C", "E3", 0.6)],
    )
    result = case.run(objective="fair")
    assert set(zip(result.pairs["need_id"], result.pairs["expert_id"], strict=True)) == {
        ("A", "E1"),
        ("B", "E2"),
        ("C", "E3"),
    }


def test_team_needs_a_speaker_when_one_exists() -> None:
    case = Case(
        needs=[need("N1", team_size=2, languages=["ja"])],
        experts=[
            expert("E1", languages=["vi", "en"]),
            expert("E2", languages=["vi", "en"]),
            expert("E3", languages=["vi", "ja"]),
        ],
        rows=[("N1", "E1", 0.9), ("N1", "E2", 0.8), ("N1", "E3", 0.1)],
    )
    result = case.run()
    assert sorted(result.pairs["expert_id"]) == ["E1", "E3"]
    assert result.summary.loc[0, "note"] == ""


def test_no_speaker_is_reported_not_fatal() -> None:
    case = Case(
        needs=[need("N1", team_size=1, languages=["zh"])],
        experts=[expert("E1", languages=["vi", "en"])],
        rows=[("N1", "E1", 0.9)],
    )
    result = case.run()
    assert result.pairs["expert_id"].tolist() == ["E1"]
    assert result.summary.loc[0, "note"] == "no candidate speaks zh"


def test_max_per_country() -> None:
    case = Case(
        needs=[need("N1", team_size=3)],
        experts=[expert("E1", "JP"), expert("E2", "JP"), expert("E3", "US")],
        rows=[("N1", "E1", 0.9), ("N1", "E2", 0.8), ("N1", "E3", 0.1)],
        max_per_country=1,
    )
    result = case.run()
    assert sorted(result.pairs["expert_id"]) == ["E1", "E3"]
    assert "max 1 per country" in result.summary.loc[0, "note"]


def test_forced_pair_is_kept_even_below_min_score() -> None:
    case = Case(
        needs=[need("N1")],
        experts=[expert("E1"), expert("E2")],
        rows=[("N1", "E1", 0.9), ("N1", "E2", 0.1)],
        min_score=0.5,
        forced=[("N1", "E2")],
    )
    result = case.run()
    assert result.pairs["expert_id"].tolist() == ["E2"]
    assert result.pairs.loc[0, "reasons"].endswith("forced pair")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"forced": [("N1", "E1")], "conflicts": [("N1", "E1")]}, "conflict of interest"),
        ({"forced": [("N1", "E1"), ("N2", "E1")]}, "has capacity 1"),
        ({"forced": [("N1", "E1"), ("N1", "E2")]}, "team size is 1"),
        ({"forced": [("N1", "E9")]}, "unknown expert id 'E9'"),
        ({"conflicts": [("N7", "E1")]}, "unknown need id 'N7'"),
        ({"rows": [("N1", "E1", 0.5), ("NX", "EX", 0.5)]}, "unknown need id 'NX'"),
        ({"rows": [("N1", "E1", 0.5), ("N1", "E1", 0.4)]}, "listed twice"),
        ({"rows": [("N1", "E1", float("nan"))]}, "not a finite number"),
        ({"max_per_country": 0}, "at least 1"),
    ],
)
def test_bad_input_is_a_data_error(change: dict[str, object], message: str) -> None:
    case = Case(
        needs=[need("N1"), need("N2")],
        experts=[expert("E1"), expert("E2")],
        rows=[("N1", "E1", 0.5), ("N1", "E2", 0.4), ("N2", "E1", 0.3)],
    )
    for key, value in change.items():
        setattr(case, key, value)
    with pytest.raises(DataError, match=message):
        case.run()


def test_forced_non_speakers_without_room_for_a_speaker_is_a_data_error() -> None:
    case = Case(
        needs=[need("N1", team_size=1, languages=["ja"])],
        experts=[expert("E1", languages=["en"]), expert("E2", languages=["ja"])],
        rows=[("N1", "E1", 0.9), ("N1", "E2", 0.1)],
        forced=[("N1", "E1")],
    )
    with pytest.raises(DataError, match="forced"):
        case.run()


def test_solver_failure_is_a_bridge_match_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def stopped(*args: object, **kwargs: object) -> scipy.optimize.OptimizeResult:
        return scipy.optimize.OptimizeResult(status=1, message="time limit reached", x=None)

    monkeypatch.setattr(scipy.optimize, "milp", stopped)
    with pytest.raises(BridgeMatchError, match="time limit reached") as caught:
        fair_case().run()
    assert not isinstance(caught.value, DataError)


def test_empty_shortlist_gives_empty_teams() -> None:
    result = assign(shortlist([]), [need("N1", team_size=2)], [expert("E1")])
    assert result.pairs.empty
    assert list(result.pairs.columns) == ASSIGNMENT_COLUMNS
    assert result.total_score == 0.0
    assert result.summary.loc[0, "note"] == "no candidates"


def test_tiny_fixtures(tiny_matcher, tiny_needs, tiny_profiles) -> None:
    candidates = tiny_matcher.recommend(tiny_needs, top_k=10)
    result = assign(candidates, tiny_needs, tiny_profiles)
    assert list(result.pairs.columns) == ASSIGNMENT_COLUMNS
    case = Case(
        needs=list(tiny_needs),
        experts=list(tiny_profiles),
        rows=list(
            zip(candidates["need_id"], candidates["expert_id"], candidates["score"], strict=True)
        ),
    )
    assert_respects(result, case)
    assert result.total_score == pytest.approx(brute_total_small(case))
    shuffled = candidates.sample(frac=1.0, random_state=3)
    again = assign(shuffled, list(reversed(tiny_needs)), tiny_profiles)
    pd.testing.assert_frame_equal(again.pairs, result.pairs)
    pd.testing.assert_frame_equal(again.summary, result.summary)
    fair = assign(candidates, tiny_needs, tiny_profiles, objective="fair", max_per_country=1)
    assert_respects(fair, Case(case.needs, case.experts, case.rows, max_per_country=1))


def brute_total_small(case: Case) -> float:
    """Exhaustive per-need team search; the tiny fixtures have too many pairs for 2^n masks."""
    experts = {e.id: e for e in case.experts}
    options: list[list[tuple[tuple[str, str, float], ...]]] = []
    for n in case.needs:
        rows = [r for r in eligible(case) if r[0] == n.id]
        must_talk = bool(n.languages) and any(speaks(n, experts[e]) for _, e, _ in rows)
        options.append(
            [
                team
                for k in range(n.team_size + 1)
                for team in itertools.combinations(rows, k)
                if not (must_talk and team and not any(speaks(n, experts[e]) for _, e, _ in team))
            ]
        )
    best = -np.inf
    for teams in itertools.product(*options):
        chosen = [r for team in teams for r in team]
        load = Counter(e for _, e, _ in chosen)
        if all(load[e] <= experts[e].capacity for e in load):
            best = max(best, sum(s for _, _, s in chosen))
    return float(best)


def test_greedy_takes_the_best_pair_first_and_loses() -> None:
    case = Case(
        needs=[need("A"), need("B")],
        experts=[expert("E1"), expert("E2")],
        rows=[("A", "E1", 1.0), ("A", "E2", 0.9), ("B", "E1", 0.95)],
    )
    greedy, optimal = case.run(greedy_assign), case.run()
    assert greedy.total_score == pytest.approx(1.0)
    assert greedy.objective == "greedy"
    assert optimal.total_score == pytest.approx(1.85)


def test_read_pairs(tmp_path: Path) -> None:
    path = tmp_path / "conflicts.csv"
    path.write_text(
        "need_id,expert_id,note\r\nN1,E1,same lab\r\n\r\nN2, E2 ,\r\nN1,E1,again\r\n",
        encoding="utf-8-sig",
    )
    assert read_pairs(path) == [("N1", "E1"), ("N2", "E2")]
    excel = tmp_path / "excel.csv"
    excel.write_text("expert_id;need_id\nE3;N3\n", encoding="utf-8")
    assert read_pairs(excel) == [("N3", "E3")]


def test_read_pairs_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "conflicts.csv"
    path.write_text("need_id,expert\nN1,E1\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_pairs(path)
    problem = caught.value.problems[0]
    assert (problem.line, problem.field) == (1, "expert_id")
    assert "conflicts.csv:1: expert_id: missing column" in str(caught.value)


def test_read_pairs_bad_rows_name_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "conflicts.csv"
    path.write_text("need_id,expert_id\nN1,E1\nN2,\nN3,E3,extra\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_pairs(path)
    text = str(caught.value)
    assert "conflicts.csv:3: expert_id: empty" in text
    assert "conflicts.csv:4: row has 3 cells" in text


def test_read_pairs_unreadable(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read"):
        read_pairs(tmp_path / "missing.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("need_id,expert_id\nN1,Đ\n".encode("cp1258"))
    with pytest.raises(DataError, match="UTF-8"):
        read_pairs(latin)


def test_sample_data_optimum_beats_greedy_and_fair_lifts_the_worst_need(
    sample_matcher, sample_needs, sample_profiles
) -> None:
    shortlist = sample_matcher.recommend(sample_needs, top_k=30)
    best = assign(shortlist, sample_needs, sample_profiles)
    greedy = greedy_assign(shortlist, sample_needs, sample_profiles)
    fair = assign(shortlist, sample_needs, sample_profiles, objective="fair")
    assert best.total_score >= greedy.total_score - 1e-9
    assert best.total_score >= fair.total_score - 1e-9
    capacity = {p.id: p.capacity for p in sample_profiles}
    hosts = {n.id: org_key(n.host) for n in sample_needs}
    affiliation = {p.id: org_key(p.affiliation) for p in sample_profiles}
    team = {n.id: n.team_size for n in sample_needs}
    for result in (best, greedy, fair):
        pairs = result.pairs
        assert (
            pairs.groupby("expert_id").size()
            <= pairs.expert_id.map(capacity).groupby(pairs.expert_id).first()
        ).all()
        assert (
            pairs.groupby("need_id").size()
            <= pairs.need_id.map(team).groupby(pairs.need_id).first()
        ).all()
        assert not any(
            hosts[n] is not None and hosts[n] == affiliation[e]
            for n, e in zip(pairs.need_id, pairs.expert_id, strict=True)
        )

    def worst(result) -> float:
        served = result.pairs.groupby("need_id").score.sum()
        return min(served.get(n.id, 0.0) / n.team_size for n in sample_needs)

    assert worst(fair) >= worst(best) - 1e-9
    # On the sample the two tie, because no need competes for its best experts: the worst need is
    # served as well as it could be even with every expert to itself.
    alone = min(
        shortlist[shortlist.need_id == n.id].score.nlargest(n.team_size).sum() / n.team_size
        for n in sample_needs
    )
    assert worst(fair) == pytest.approx(alone)
