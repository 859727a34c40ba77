"""Cosine similarity over L2-normalised sparse rows, and each need's pool of candidates.

Needs are rows in the experts' term space; the fitted index is the transposed expert matrix
(terms × experts), so each product touches only the experts sharing a term with the need. A
need's *pool* is its most similar experts (every one tied with the last included): ranking picks
the exact top k from it (:mod:`bridge_match.rank`), never from a dense needs × experts matrix.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp

from bridge_match.boost import apply_boosts
from bridge_match.index import FittedIndex
from bridge_match.models import Need
from bridge_match.pooling import lift, lift_block
from bridge_match.rules import Rules

CHUNK_CELLS = 32_000_000
"""Dense cells per chunk (128 MB of float32): bounds memory whatever the number of needs."""
POOL_THREADS = 2
"""Threads computing pools ahead of the caller (the sparse products release the GIL)."""

Pool = tuple[np.ndarray, np.ndarray]
"""A need's candidate rows (in row order, so ties still break by expert id) and similarities."""


def cosine_chunks(queries: sp.csr_matrix, index: FittedIndex) -> Iterator[tuple[int, np.ndarray]]:
    """Yield ``(first_query_row, similarities)`` dense blocks of the needs' similarity to every
    expert: the cosine with the profile, lifted to the pooled publication score where that is
    higher (:mod:`bridge_match.pooling`).

    Parameters
    ----------
    queries:
        Needs as L2-normalised rows over the fitted terms.
    index:
        The fitted index.

    Returns
    -------
    Iterator[tuple[int, numpy.ndarray]]
        Blocks of at most :data:`CHUNK_CELLS` float32 similarities, needs × experts.
    """
    step = max(1, CHUNK_CELLS // max(index.n_experts, 1))
    for start in range(0, queries.shape[0], step):
        block = queries[start : start + step]
        sims = np.asarray((block @ index.index_t).toarray(), dtype=np.float32)
        if index.papers_t is not None and index.paper_owner is not None:
            product = sp.csr_matrix(block @ index.papers_t)
            lift_block(sims, product, index.paper_owner, index.paper_top_k)
        yield start, sims


def similarities(
    query: sp.csr_matrix, index: FittedIndex, allowed: np.ndarray | None
) -> np.ndarray:
    """One need's similarity to every expert (0 where ``allowed`` is False)."""
    row = next(cosine_chunks(query, index))[1][0]
    return row if allowed is None else np.where(allowed, row, 0.0)


def pool(sims: np.ndarray, size: int) -> np.ndarray:
    """Rows of the ``size`` highest positive similarities and every row tied with the last,
    in row order (so ties still break by expert id downstream)."""
    if size < len(sims):
        kth = np.partition(sims, len(sims) - size)[len(sims) - size]
        if kth > 0:
            return np.flatnonzero(sims >= kth)
    return np.flatnonzero(sims > 0)


def candidate_pools(
    queries: sp.csr_matrix, index: FittedIndex, allowed: np.ndarray | None, size: int
) -> Iterator[Pool]:
    """Per query: the rows of its ``size`` most similar allowed experts (with every expert tied
    with the last), in row order, and their similarities.

    Blocks of queries go to :data:`POOL_THREADS` threads, a few blocks ahead of the caller: the
    sparse product, the dense block and the partitions release the GIL, so they use the cores
    while the caller boosts and explains; memory stays bounded by the blocks in flight.

    Parameters
    ----------
    queries:
        Needs as rows over the fitted terms.
    index:
        The fitted index.
    allowed:
        Experts that pass the query's filters, or None for all.
    size:
        How many candidates each pool holds at least (when that many share a term).

    Returns
    -------
    Iterator[Pool]
        One pool per query, in query order.
    """
    step = max(1, CHUNK_CELLS // 2 // max(index.n_experts, 1))
    starts = range(0, queries.shape[0], step)
    if len(starts) == 1:
        yield from _block_pools(queries, index, allowed, size)
        return
    with ThreadPoolExecutor(POOL_THREADS) as workers:
        pending: deque[Future[list[Pool]]] = deque()
        for start in starts:
            block = queries[start : start + step]
            pending.append(workers.submit(_block_pools, block, index, allowed, size))
            if len(pending) > POOL_THREADS:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _block_pools(
    block: sp.csr_matrix, index: FittedIndex, allowed: np.ndarray | None, size: int
) -> list[Pool]:
    """Candidate pools from the sparse product itself: each need's row holds only the experts
    sharing a term with it, so partitioning it beats a dense row of every expert. One need alone
    takes :func:`_single_pool`, the same numbers sooner, and so does each need when experts
    have pooled publications (their lifted similarities are made on a dense row)."""
    if block.shape[0] == 1 or index.papers_t is not None:
        return [_single_pool(block[i], index, allowed, size) for i in range(block.shape[0])]
    product = block @ index.index_t
    pools = []
    for start, end in itertools.pairwise(product.indptr.tolist()):
        sims = product.data[start:end]
        rows = product.indices[start:end]
        if allowed is not None:
            keep = allowed[rows]
            sims, rows = sims[keep], rows[keep]
        if size < len(sims):
            kth = np.partition(sims, len(sims) - size)[len(sims) - size]
            chosen = sims >= kth
            sims, rows = sims[chosen], rows[chosen]
        order = np.argsort(rows)
        pools.append((rows[order].astype(np.int64), sims[order].astype(np.float32)))
    return pools


def _single_pool(
    query: sp.csr_matrix, index: FittedIndex, allowed: np.ndarray | None, size: int
) -> Pool:
    """:func:`_block_pools` for one need, its fast twin: the need's terms' postings summed into
    a dense row (a matrix-vector product over only those terms), which skips the sparse
    product's symbolic pass and leaves the rows in order. Float32 sums in the same order as the
    sparse product, so the same values to the bit
    (``tests/test_exactness.py::test_one_need_alone_gets_its_batch_shortlist``). Publications,
    when pooled, lift the row the same way (:func:`bridge_match.pooling.lift`)."""
    sims = index.index_t[query.indices].T @ query.data
    if index.papers_t is not None and index.paper_owner is not None:
        paper_sims = index.papers_t[query.indices].T @ query.data
        lift(sims, index.paper_groups, index.paper_owner, paper_sims, index.paper_top_k)
    rows = np.flatnonzero(sims if allowed is None else sims * allowed)
    sims = sims[rows]
    if size < len(sims):
        kth = np.partition(sims, len(sims) - size)[len(sims) - size]
        chosen = sims >= kth
        sims, rows = sims[chosen], rows[chosen]
    return rows.astype(np.int64), sims.astype(np.float32)


def final_scores(
    needs: list[Need], queries: sp.csr_matrix, index: FittedIndex, rules: Rules | None
) -> np.ndarray:
    """Similarity plus boost for every (need, expert), needs × experts, in bounded chunks.

    Parameters
    ----------
    needs, queries:
        The needs and their rows over the fitted terms.
    index:
        The fitted index.
    rules:
        The boosts, or None for similarity only.

    Returns
    -------
    numpy.ndarray
        float64, one row per need.
    """
    rows = np.arange(index.n_experts)
    out = np.zeros((len(needs), len(rows)), dtype=np.float64)
    for start, block in cosine_chunks(queries, index):
        for offset, sims in enumerate(block):
            need = needs[start + offset]
            boost = 0.0
            if rules is not None:
                boost = apply_boosts(need, index.experts, rows, sims, rules).sum(axis=1)
            out[start + offset] = sims + boost
    return out
