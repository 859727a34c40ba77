"""The integer programme behind :func:`bridge_match.assign.assign`, solved exactly by HiGHS.

The formulation (team size, capacity, country and language rows; ``total`` and ``fair``
objectives) is described in :mod:`bridge_match.assign`, which builds the :class:`Instance` from a
shortlist and reads the chosen pairs back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bridge_match.errors import BridgeMatchError, DataError, Problem
from bridge_match.models import ExpertProfile, Need
from bridge_match.options import Objective

FAIR_TOLERANCE = 1e-9


@dataclass
class Instance:
    """The eligible pairs as parallel arrays, plus what was dropped, for the summary's notes.

    ``need`` indexes ``needs`` (sorted by id); ``expert`` indexes ``experts`` (the shortlisted
    profiles, sorted by id). Row numbers never leave :mod:`bridge_match.assign`.
    """

    needs: list[Need]
    experts: list[ExpertProfile]
    need: np.ndarray
    expert: np.ndarray
    score: np.ndarray
    reasons: np.ndarray
    forced: np.ndarray
    speaks: np.ndarray
    team: np.ndarray
    capacity: np.ndarray
    country: np.ndarray
    n_countries: int
    language_needs: np.ndarray
    mute_needs: np.ndarray
    shortlisted: np.ndarray
    dropped_conflict: np.ndarray
    dropped_low: np.ndarray
    dropped_capacity: np.ndarray
    max_per_country: int | None

    @property
    def size(self) -> int:
        return len(self.need)


class _Rows:
    """Sparse constraint rows ``lb <= A x <= ub``, gathered as coordinates."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lb: list[np.ndarray] = []
        self.ub: list[np.ndarray] = []
        self.count = 0

    def add(
        self,
        row: np.ndarray,
        col: np.ndarray,
        val: np.ndarray | float,
        lb: np.ndarray | float,
        ub: np.ndarray | float,
        n_rows: int,
    ) -> None:
        """Rows numbered ``0..n_rows-1`` locally; ``row[k]`` says which row entry ``k`` is in."""
        if n_rows == 0:
            return
        self.rows.append(np.asarray(row, dtype=np.int64) + self.count)
        self.cols.append(np.asarray(col, dtype=np.int64))
        self.vals.append(np.broadcast_to(np.asarray(val, dtype=np.float64), len(row)))
        self.lb.append(np.broadcast_to(np.asarray(lb, dtype=np.float64), n_rows))
        self.ub.append(np.broadcast_to(np.asarray(ub, dtype=np.float64), n_rows))
        self.count += n_rows

    def grouped(
        self, group: np.ndarray, val: np.ndarray | float, ub: np.ndarray, keep: np.ndarray
    ) -> None:
        """A row ``sum val * x <= ub[g]`` per kept group ``g``; ``group`` names each pair's."""
        renumber = np.cumsum(keep) - 1
        mask = keep[group]
        values = np.broadcast_to(np.asarray(val, dtype=np.float64), len(group))
        self.add(
            renumber[group[mask]],
            np.flatnonzero(mask),
            values[mask],
            -np.inf,
            ub[keep],
            int(keep.sum()),
        )

    def constraint(self, n_cols: int) -> list[object]:
        from scipy.optimize import LinearConstraint
        from scipy.sparse import csr_array

        if self.count == 0:
            return []
        matrix = csr_array(
            (np.concatenate(self.vals), (np.concatenate(self.rows), np.concatenate(self.cols))),
            shape=(self.count, n_cols),
        )
        return [LinearConstraint(matrix, np.concatenate(self.lb), np.concatenate(self.ub))]


def _structure(inst: Instance) -> _Rows:
    """Team size, capacity, country and language rows; rows that cannot bind are left out."""
    rows = _Rows()
    n_needs, n_experts = len(inst.needs), len(inst.experts)
    per_need = np.bincount(inst.need, minlength=n_needs)
    rows.grouped(inst.need, 1.0, inst.team.astype(np.float64), per_need > inst.team)
    per_expert = np.bincount(inst.expert, minlength=n_experts)
    capacity = inst.capacity.astype(np.float64)
    rows.grouped(inst.expert, 1.0, capacity, per_expert > inst.capacity)
    if inst.max_per_country is not None:
        group = inst.need * inst.n_countries + inst.country[inst.expert]
        sizes = np.bincount(group, minlength=n_needs * inst.n_countries)
        limit = np.full(len(sizes), float(inst.max_per_country))
        rows.grouped(group, 1.0, limit, sizes > inst.max_per_country)
    silent = np.bincount(inst.need[~inst.speaks], minlength=n_needs)
    binding = inst.language_needs & (silent > 0)
    k = np.minimum(inst.team - 1, silent).astype(np.float64)
    coefficient = np.where(inst.speaks, -k[inst.need], 1.0)
    rows.grouped(inst.need, coefficient, np.zeros(n_needs), binding)
    return rows


_INFEASIBLE = (
    "the forced pairs cannot all be kept with the team rules: a need that asks for a language "
    "needs a free speaker next to its forced non-speakers"
)


def _milp(
    cost: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    n_binary: int,
    rows: _Rows,
    *,
    relax: bool = False,
) -> np.ndarray | None:
    """HiGHS's optimum, or None when nothing is feasible; ``relax`` drops integrality."""
    from scipy.optimize import Bounds, milp

    integrality = np.zeros(len(cost), dtype=np.uint8)
    if not relax:
        integrality[:n_binary] = 1
    result = milp(
        cost,
        integrality=integrality,
        bounds=Bounds(lower, upper),
        constraints=rows.constraint(len(cost)),
        options={"mip_rel_gap": 0.0, "presolve": True},
    )
    if result.status == 2:
        return None
    if result.status != 0 or result.x is None:
        raise BridgeMatchError(f"the assignment solver failed: {result.message}")
    return np.asarray(result.x)


def solve(inst: Instance, objective: Objective) -> np.ndarray:
    """The optimal pairs as a boolean mask over ``inst``'s eligible pairs.

    Raises
    ------
    DataError
        The forced pairs cannot all be kept with the team rules.
    BridgeMatchError
        The solver failed.
    """
    n = inst.size
    if n == 0:
        return np.zeros(0, dtype=bool)
    lower = inst.forced.astype(np.float64)
    upper = np.ones(n)
    if objective == "total":
        x = _milp(-inst.score, lower, upper, n, _structure(inst))
        if x is None:
            raise DataError(Problem("forced", None, None, _INFEASIBLE))
        return x > 0.5
    x = _fair(inst, lower, upper)
    if x is None:
        raise DataError(Problem("forced", None, None, _INFEASIBLE))
    return x


def _fair(inst: Instance, lower: np.ndarray, upper: np.ndarray) -> np.ndarray | None:
    """Max–min, then total; see the module docstring.

    HiGHS proves the max–min optimum slowly when many needs tie at it, so the LP relaxation's
    ``t`` (an upper bound on the integral ``t*``) is tried first: if some assignment reaches it,
    ``t*`` is that bound and stage 2 is already solved. Otherwise the max–min MIP decides.
    """
    n = inst.size
    served = np.zeros(len(inst.needs), dtype=bool)
    served[inst.need] = True
    targets = np.flatnonzero(served)
    renumber = np.cumsum(served) - 1
    team = inst.team[targets].astype(np.float64)

    def stage_two(worst: float) -> np.ndarray | None:
        rows = _structure(inst)
        rows.add(
            renumber[inst.need],
            np.arange(n),
            inst.score,
            team * (worst - FAIR_TOLERANCE),
            np.inf,
            len(targets),
        )
        x = _milp(-inst.score, lower, upper, n, rows)
        return None if x is None else x > 0.5

    rows = _structure(inst)
    rows.add(
        np.concatenate([renumber[inst.need], np.arange(len(targets))]),
        np.concatenate([np.arange(n), np.full(len(targets), n)]),
        np.concatenate([-inst.score, team]),
        -np.inf,
        0.0,
        len(targets),
    )
    cost = np.zeros(n + 1)
    cost[n] = -1.0
    lower_t, upper_t = np.append(lower, -np.inf), np.append(upper, np.inf)
    relaxed = _milp(cost, lower_t, upper_t, n, rows, relax=True)
    if relaxed is None:
        return None
    x = stage_two(float(relaxed[n]))
    if x is not None:
        return x
    best = _milp(cost, lower_t, upper_t, n, rows)
    if best is None:
        return None
    chosen = best[:n] > 0.5
    sums = np.bincount(inst.need[chosen], weights=inst.score[chosen], minlength=len(inst.needs))
    return stage_two(float(np.min(sums[targets] / team)))
