"""Which experts a query may return: by country of residence and by association."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np

from bridge_match.errors import DataError, Problem
from bridge_match.index import FittedIndex
from bridge_match.models import ExpertProfile, normalize_country
from bridge_match.text.normalize import fold


def allowed_rows(
    index: FittedIndex,
    profiles: Sequence[ExpertProfile],
    country: Sequence[str] | str | None = None,
    association: str | None = None,
) -> np.ndarray | None:
    """A mask over the index's rows of the experts that pass every filter, or None for all.

    Parameters
    ----------
    index:
        The fitted index.
    profiles:
        Its profiles, in row order.
    country:
        Countries of residence (names or codes): the expert lives in one of them.
    association:
        An association's name, part of it or its acronym (no case or diacritics).

    Returns
    -------
    numpy.ndarray or None
        Boolean per row; None when nobody is filtered out.

    Raises
    ------
    DataError
        An unknown country, named as on the command line (``--country``).
    """
    mask = np.ones(index.n_experts, dtype=bool)
    if country:
        given = [country] if isinstance(country, str) else list(country)
        wanted, problems = [], []
        for value in given:
            try:
                wanted.append(normalize_country(value))
            except ValueError as exc:
                problems.append(Problem("--country", None, None, str(exc)))
        if problems:
            raise DataError(problems)
        mask &= np.isin(index.experts.countries, wanted)
    if association:
        mask &= np.array([same_association(association, p.association) for p in profiles])
    return None if mask.all() else mask


_MINOR_WORDS = frozenset({"and", "of", "the", "for", "in", "va", "cua"})


@functools.lru_cache(maxsize=4096)
def same_association(query: str, name: str | None) -> bool:
    """Coordinators type "VKBIA" or "korea business" for "Vietnam-Korea Business and
    Innovation Association": accept the acronym or any part of the name, without case or
    diacritics.

    >>> same_association("VKBIA", "Vietnam-Korea Business and Innovation Association")
    True
    """
    if not name:
        return False
    wanted, full = " ".join(fold(query).split()), " ".join(fold(name).split())
    words = [w for w in re.split(r"[\W_]+", full) if w and w not in _MINOR_WORDS]
    return wanted == "".join(w[0] for w in words) or wanted in full
