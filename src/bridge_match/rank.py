"""Order candidates: the exact top k by final score, one row per person, ties to the expert id.

Boosts are capped (``max_total_boost``), so only experts within the cap of the k-th score can
reach the top: ranking boosts a need's candidate pool (:func:`bridge_match.score.pool`) and widens
the pool from the need's full row of similarities only when its least similar candidate is not
safely below the k-th score. The result equals ranking every expert (``tests/test_exactness.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from bridge_match.boost import apply_boosts
from bridge_match.index import FittedIndex
from bridge_match.models import Need
from bridge_match.pooling import lift_block
from bridge_match.rules import Rules
from bridge_match.score import pool, similarities


@dataclass(frozen=True)
class Ranked:
    """One need's top rows, best first, with their boost values (a column per rule), final
    scores and similarities."""

    rows: np.ndarray
    boosts: np.ndarray
    scores: np.ndarray
    similarities: np.ndarray


def top_rows(values: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest values, best first, ties to the lower position.

    ``argpartition`` finds the top ``k`` without sorting everything; only those are sorted.

    >>> top_rows(np.array([0.1, 0.5, 0.5, 0.2]), 2).tolist()
    [1, 2]
    """
    n = len(values)
    if k <= 0 or n == 0:
        return np.empty(0, dtype=np.int64)
    if k < n:
        kth = np.partition(values, n - k)[n - k]
        chosen = np.flatnonzero(values >= kth)
    else:
        chosen = np.arange(n)
    order = np.lexsort((chosen, -values[chosen]))
    return chosen[order][:k]


def one_per_person(index: FittedIndex, rows: np.ndarray, ranked: np.ndarray, k: int) -> np.ndarray:
    """The first ``k`` of ``ranked`` (positions into ``rows``), a person listed by several
    associations kept once, at their best-ranked profile."""
    if not index.has_duplicates:
        return ranked[:k]
    seen: set[int] = set()
    kept: list[int] = []
    for position in ranked:
        person = int(index.person[rows[position]])
        if person not in seen:
            seen.add(person)
            kept.append(int(position))
            if len(kept) == k:
                break
    return np.asarray(kept, dtype=np.int64)


def exact_top(
    need: Need,
    query: sp.csr_matrix,
    candidates: np.ndarray,
    candidate_sims: np.ndarray,
    k: int,
    index: FittedIndex,
    rules: Rules | None,
    allowed: np.ndarray | None,
) -> Ranked:
    """The exact top ``k`` people by final score, from a pool of the most similar experts.

    Parameters
    ----------
    need, query:
        The need and its row over the fitted terms.
    candidates, candidate_sims:
        Its pool (rows in row order) and their similarities.
    k:
        How many to keep.
    index:
        The fitted index (expert attributes for the boosts, person groups).
    rules:
        The boosts, or None for similarity only.
    allowed:
        Experts that pass the query's filters, or None for all (used if the pool must widen).

    Returns
    -------
    Ranked
        At most ``k`` rows, best first.
    """
    cap = rules.max_total_boost if rules is not None else 0.0
    sims_row: np.ndarray | None = None
    size = len(candidates)
    while True:
        boosts = (
            np.zeros((len(candidates), 0))
            if rules is None
            else apply_boosts(need, index.experts, candidates, candidate_sims, rules)
        )
        final = candidate_sims + boosts.sum(axis=1)
        order = one_per_person(index, candidates, top_rows(final, len(candidates)), k)
        kth = final[order[-1]] if len(order) == k else -np.inf
        if len(candidates) == 0 or candidate_sims.min() + cap < kth:
            break
        if sims_row is None:
            sims_row = similarities(query, index, allowed)
        if len(candidates) >= int(np.count_nonzero(sims_row > 0)):
            break
        size *= 4
        candidates = pool(sims_row, size)
        candidate_sims = sims_row[candidates]
    return Ranked(candidates[order], boosts[order], final[order], candidate_sims[order])


def fused_top(
    need: Need,
    sims: np.ndarray,
    semantic: np.ndarray,
    weight: float,
    k: int,
    index: FittedIndex,
    rules: Rules | None,
    allowed: np.ndarray | None,
    unread: np.ndarray | None = None,
) -> Ranked:
    """With the semantic layer every allowed expert is a candidate; the score is fused
    (:func:`bridge_match.semantic.fuse`; ``unread``: experts fused on TF-IDF alone)."""
    from bridge_match.semantic import fuse

    rows = np.arange(len(sims)) if allowed is None else np.flatnonzero(allowed)
    boosts = np.zeros((len(rows), 0))
    if rules is not None:
        boosts = apply_boosts(need, index.experts, rows, sims[rows], rules)
    flags = None if unread is None else unread[rows]
    fused = fuse(sims[rows] + boosts.sum(axis=1), semantic[rows], weight, unread=flags)
    order = one_per_person(index, rows, top_rows(fused, len(rows)), k)
    return Ranked(rows[order], boosts[order], fused[order], sims[rows][order])


def rank_needs(
    needs: list[Need],
    queries: sp.csr_matrix,
    row: int,
    index: FittedIndex,
    rules: Rules | None,
    fused: np.ndarray | None = None,
) -> list[tuple[int, Ranked]]:
    """The needs ranked for one expert (``row``): best final score first, ties by need id.

    Parameters
    ----------
    needs, queries:
        The needs and their rows over the fitted terms.
    row:
        The expert's row.
    index:
        The fitted index.
    rules:
        The boosts, or None for similarity only.
    fused:
        The final scores when the semantic layer fuses them (one per need), else None.

    Returns
    -------
    list[tuple[int, Ranked]]
        ``(need position, the expert's row for that need)`` for every need.
    """
    column = index.index_t[:, [row]]
    sims = np.asarray((queries @ column).toarray(), dtype=np.float32).ravel()
    papers = index.paper_columns(row)
    if papers and index.papers_t is not None:
        product = sp.csr_matrix(queries @ index.papers_t[:, papers.start : papers.stop])
        lift_block(sims[:, None], product, np.zeros(len(papers), dtype=np.int64), index.paper_top_k)
    rows = np.array([row])
    per_need = []
    for i, need in enumerate(needs):
        boosts = (
            np.zeros((1, 0))
            if rules is None
            else apply_boosts(need, index.experts, rows, sims[i : i + 1], rules)
        )
        score = float(fused[i]) if fused is not None else float(sims[i] + boosts.sum())
        per_need.append((i, Ranked(rows, boosts, np.array([score]), sims[i : i + 1])))
    per_need.sort(key=lambda pair: (-float(pair[1].scores[0]), needs[pair[0]].id))
    return per_need
