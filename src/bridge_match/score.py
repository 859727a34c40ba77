"""Cosine similarity over L2-normalised sparse rows, in bounded chunks of needs."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import scipy.sparse as sp

CHUNK_CELLS = 32_000_000
"""Dense cells per chunk (128 MB of float32): bounds memory whatever the number of needs."""


def cosine_chunks(
    queries: sp.csr_matrix, index_t: sp.csc_matrix | sp.csr_matrix
) -> Iterator[tuple[int, np.ndarray]]:
    """Yield ``(first_query_row, similarities)`` blocks of ``queries @ index.T``.

    ``index_t`` is the transposed expert matrix (terms × experts), kept once at fit time so that
    each product touches only the experts sharing a term with the query.
    """
    n_experts = index_t.shape[1]
    step = max(1, CHUNK_CELLS // max(n_experts, 1))
    for start in range(0, queries.shape[0], step):
        block = queries[start : start + step] @ index_t
        yield start, np.asarray(block.toarray(), dtype=np.float32)
