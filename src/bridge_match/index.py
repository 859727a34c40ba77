"""The fitted index as a plain value: what ``fit`` learns, what the ranking stages read, what
:mod:`bridge_match.persist` saves and loads (without knowing the ``Matcher``).

Rows are experts in id order. One object owns the id ↔ row mapping (:attr:`FittedIndex.row_of`):
row numbers never leave the engine.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from bridge_match.boost import ExpertTable
from bridge_match.dedupe import person_groups
from bridge_match.errors import DataError
from bridge_match.models import ExpertProfile
from bridge_match.text.analyzer import Document
from bridge_match.vectorize import TextVectorizer

Progress = Callable[[str, int, int], None]


@dataclass
class FittedIndex:
    """Everything learned about the experts.

    Only the inverted index (terms × experts, each expert's column L2-normalised) is kept: it is
    what ranking reads, and a second, expert-major copy would cost as much memory again.
    """

    vectorizer: TextVectorizer
    index_t: sp.csr_matrix
    ids: np.ndarray
    """Expert ids (an object array), row order."""
    experts: ExpertTable
    """The attributes the boosts read, as arrays aligned with the rows."""
    person: np.ndarray
    """A group number per row: rows with the same number are one person listed twice."""
    digests: np.ndarray
    """16 bytes per row that identify the profile's content (:attr:`ExpertProfile.digest`)."""
    embeddings: np.ndarray | None = None
    n_fitted: int = 0
    """How many experts the vocabulary and idf were learned on."""
    changed_since_fit: int = 0
    unknown_share: float = 0.0
    """Share of the updated profiles' term occurrences the vocabulary lacked."""

    @property
    def n_experts(self) -> int:
        return int(self.index_t.shape[1])

    @functools.cached_property
    def row_of(self) -> dict[str, int]:
        """Expert id → row, made when first asked for (600k entries cost a noticeable part of a
        model load that may never need them)."""
        return dict(zip(self.ids, range(len(self.ids)), strict=True))

    @functools.cached_property
    def has_duplicates(self) -> bool:
        return bool(len(self.person) and self.person.max() + 1 < len(self.person))


def profile_digests(profiles: Sequence[ExpertProfile]) -> np.ndarray:
    """Each profile's content digest (:attr:`ExpertProfile.digest`), one 16-byte row each: a
    saved model keeps them, so loading can tell which experts were added, changed or removed."""
    joined = b"".join([p.digest for p in profiles])
    return np.frombuffer(joined, dtype=np.uint8).reshape(len(profiles), 16).copy()


_ID_AND_DIGEST = operator.attrgetter("id", "digest")


@dataclass(frozen=True)
class Changes:
    """How ``profiles`` differ from the experts an index was fitted on, by id and digest."""

    ordered: list[ExpertProfile]
    """The given profiles in id order (what a matching index's rows are)."""
    added: list[ExpertProfile]
    changed: list[ExpertProfile]
    removed: list[str]

    @property
    def none(self) -> bool:
        return not (self.added or self.changed or self.removed)


def compare(index: FittedIndex, profiles: Sequence[ExpertProfile]) -> Changes:
    """Compare an index with the profiles it is to rank.

    Parameters
    ----------
    index:
        A fitted (or loaded) index.
    profiles:
        The profiles, in any order.

    Returns
    -------
    Changes
        The profiles in id order, and which were added, changed or removed since the fit.
    """
    keyed = sorted(zip(map(_ID_AND_DIGEST, profiles), profiles, strict=True), key=_first)
    ordered = [p for _, p in keyed]
    ids = [k[0] for k, _ in keyed]
    digests = np.frombuffer(b"".join(k[1] for k, _ in keyed), dtype=np.uint8).reshape(-1, 16)
    if ids == list(index.ids) and np.array_equal(digests, index.digests):
        return Changes(ordered, [], [], [])
    saved = dict(zip(index.ids, index.digests.tobytes().hex(" ", 16).split(), strict=True))
    given = digests.tobytes().hex(" ", 16).split()
    added = [p for p, d in zip(ordered, given, strict=True) if p.id not in saved]
    changed = [p for p, d in zip(ordered, given, strict=True) if saved.get(p.id, d) != d]
    present = set(ids)
    removed = [i for i in index.ids if i not in present]
    return Changes(ordered, added, changed, removed)


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0][0]


def splice(
    index: FittedIndex,
    kept_profiles: list[ExpertProfile],
    kept: np.ndarray,
    added: list[ExpertProfile],
    documents: Sequence[Document],
    changed: int,
    embed: Callable[[Sequence[ExpertProfile]], np.ndarray] | None = None,
    progress: Progress | None = None,
) -> tuple[FittedIndex, list[ExpertProfile]]:
    """An index brought up to date without a refit: rows ``kept`` of ``index`` (whose profiles
    are ``kept_profiles``) and the ``added`` profiles (``documents`` are theirs), re-sorted by
    id; ``changed`` experts were added, replaced or removed. Only the added profiles are
    analysed, with the fitted vocabulary and idf, so a saved index can be updated without the
    profiles it was fitted on.

    Parameters
    ----------
    embed:
        Encodes profiles for the semantic layer, when the index has embeddings.

    Returns
    -------
    tuple[FittedIndex, list[ExpertProfile]]
        The new index and its profiles in row order.

    Raises
    ------
    DataError
        The update would leave no expert.
    """
    if len(kept) + len(added) == 0:
        raise DataError("an update may not remove every expert")
    report = progress or (lambda stage, done, total: None)
    report("vectorising profiles", 0, 3)
    rows, unknown_share = index.vectorizer.transform_experts(documents)
    report("indexing", 1, 3)
    merged = [*kept_profiles, *added]
    order = np.argsort(np.array([p.id for p in merged], dtype=object), kind="stable")
    matrix = sp.vstack([index.index_t.T.tocsr()[kept], rows], format="csr")[order]
    embeddings = None
    if index.embeddings is not None and embed is not None:
        embeddings = np.vstack([index.embeddings[kept], embed(added)])[order]
    digests = np.vstack([index.digests[kept], profile_digests(added)])[order]
    report("duplicate people", 2, 3)
    done = index.changed_since_fit
    ordered = [merged[i] for i in order]
    spliced = FittedIndex(
        index.vectorizer,
        matrix.T.tocsr(),
        np.array([p.id for p in ordered], dtype=object),
        ExpertTable.from_profiles(ordered),
        person_groups(ordered),
        digests,
        embeddings,
        n_fitted=index.n_fitted,
        changed_since_fit=done + changed,
        unknown_share=(index.unknown_share * done + unknown_share * len(added))
        / max(done + len(added), 1),
    )
    report("indexing", 3, 3)
    return spliced, ordered
