"""Order candidates: highest score first, ties broken by expert id (rows are in id order)."""

from __future__ import annotations

import numpy as np


def top_rows(values: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest values, best first, ties to the lower position.

    ``argpartition`` finds the top ``k`` without sorting everything; only those are sorted.
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
