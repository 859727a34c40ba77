"""The fitted index as a plain value: what ``fit`` learns, what the ranking stages read, what
:mod:`bridge_match.persist` saves and loads (without knowing the ``Matcher``).

Rows are experts in id order. One object owns the id ↔ row mapping (:attr:`FittedIndex.row_of`):
row numbers never leave the engine.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from bridge_match.boost import ExpertTable
from bridge_match.dedupe import person_groups
from bridge_match.documents import ExpertRows
from bridge_match.errors import DataError, Problem
from bridge_match.models import ExpertProfile
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
    papers_t: sp.csr_matrix | None = None
    """Terms × publications, each column L2-normalised, when publications are pooled
    (:mod:`bridge_match.pooling`) and any expert has one; else None."""
    paper_owner: np.ndarray | None = None
    """The expert row of each publication column (non-decreasing; an expert's papers in their
    profile's order)."""
    paper_top_k: int = 2
    """How many of an expert's best-matching publications their publication score averages."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """What explaining works out once per index and keeps (which terms are common, each
    shown expert's words as written): an index never changes, so neither do they."""

    @property
    def n_experts(self) -> int:
        return int(self.index_t.shape[1])

    @functools.cached_property
    def paper_groups(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The experts with publications (rows, ascending), the first publication column of
        each and how many they have; empty without publications."""
        owner = self.paper_owner
        if owner is None or not len(owner):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        first = np.flatnonzero(np.concatenate([[True], owner[1:] != owner[:-1]]))
        return owner[first], first, np.diff(np.append(first, len(owner)))

    def paper_columns(self, row: int) -> range:
        """The publication columns of the expert in ``row`` (empty without publications)."""
        if self.paper_owner is None:
            return range(0)
        lo, hi = np.searchsorted(self.paper_owner, [row, row + 1])
        return range(int(lo), int(hi))

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
    """How the experts to rank differ from those an index holds, by id and content digest."""

    ordered: list[ExpertProfile]
    """Every profile after the change, in id order (a matching index's rows)."""
    added: list[ExpertProfile]
    changed: list[ExpertProfile]
    removed: list[str]
    kept: np.ndarray
    """The index's rows that stay as they are."""
    kept_profiles: list[ExpertProfile]

    @property
    def none(self) -> bool:
        return not (self.added or self.changed or self.removed)

    @property
    def fresh(self) -> list[ExpertProfile]:
        """The profiles to analyse: added and changed."""
        return [*self.added, *self.changed]

    @property
    def count(self) -> int:
        """Experts added, changed or removed."""
        return len(self.added) + len(self.changed) + len(self.removed)


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
        Which were added, changed or removed since the fit.
    """
    keyed = sorted(zip(map(_ID_AND_DIGEST, profiles), profiles, strict=True), key=_first)
    ordered = [p for _, p in keyed]
    ids = [k[0] for k, _ in keyed]
    digests = np.frombuffer(b"".join(k[1] for k, _ in keyed), dtype=np.uint8).reshape(-1, 16)
    if ids == list(index.ids) and np.array_equal(digests, index.digests):
        return Changes(ordered, [], [], [], np.arange(len(ids)), ordered)
    saved = dict(zip(index.ids, index.digests.tobytes().hex(" ", 16).split(), strict=True))
    given = digests.tobytes().hex(" ", 16).split()
    added = [p for p, d in zip(ordered, given, strict=True) if p.id not in saved]
    changed = [p for p, d in zip(ordered, given, strict=True) if saved.get(p.id, d) != d]
    present = set(ids)
    removed = [i for i in index.ids if i not in present]
    replaced = {p.id for p in changed} | set(removed)
    kept = np.flatnonzero([i not in replaced for i in index.ids])
    by_id = {p.id: p for p in ordered}
    return Changes(ordered, added, changed, removed, kept, [by_id[index.ids[r]] for r in kept])


def planned(
    index: FittedIndex,
    profiles: Sequence[ExpertProfile],
    given: Sequence[ExpertProfile],
    remove: Iterable[str],
) -> Changes:
    """The change that adds or replaces ``given`` (matched by id) and removes the ``remove``
    ids, for an index whose profiles (row order) are ``profiles``.

    Raises
    ------
    DataError
        An id given twice, an unknown id to remove, or an id both given and removed.
    """
    fresh = sorted(given, key=operator.attrgetter("id"))
    doubled = sorted({a.id for a, b in itertools.pairwise(fresh) if a.id == b.id})
    dropped = set(remove)
    unknown = sorted(dropped - index.row_of.keys())
    both = sorted(dropped & {p.id for p in fresh})
    if doubled or unknown or both:
        raise DataError(
            [Problem("profiles", None, "id", f"duplicate id {d!r}") for d in doubled]
            + [Problem("remove", None, "id", f"no expert with id {u!r}") for u in unknown]
            + [Problem("remove", None, "id", f"{b!r} is both given and removed") for b in both]
        )
    added = [p for p in fresh if p.id not in index.row_of]
    changed = [p for p in fresh if p.id in index.row_of]
    replaced = dropped | {p.id for p in fresh}
    kept = np.flatnonzero([i not in replaced for i in index.ids])
    kept_profiles = [profiles[int(r)] for r in kept]
    return Changes([], added, changed, sorted(dropped), kept, kept_profiles)


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0][0]


def splice(
    index: FittedIndex,
    change: Changes,
    documents: ExpertRows,
    embed: Callable[[Sequence[ExpertProfile]], np.ndarray] | None = None,
    progress: Progress | None = None,
) -> tuple[FittedIndex, list[ExpertProfile]]:
    """An index brought up to date without a refit: the kept rows and the fresh profiles of
    ``change`` (``documents`` are theirs), re-sorted by id. Only the fresh profiles are
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
    kept, added = change.kept, change.fresh
    if len(kept) + len(added) == 0:
        raise DataError("an update may not remove every expert")
    report = progress or (lambda stage, done, total: None)
    report("vectorising profiles", 0, 3)
    rows, unknown_share = index.vectorizer.transform_experts(documents)
    report("indexing", 1, 3)
    merged = [*change.kept_profiles, *added]
    order = np.argsort(np.array([p.id for p in merged], dtype=object), kind="stable")
    papers_t, paper_owner = _spliced_papers(index, kept, rows[len(added) :], documents, order)
    rows = rows[: len(added)]
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
        changed_since_fit=done + change.count,
        unknown_share=(index.unknown_share * done + unknown_share * len(added))
        / max(done + len(added), 1),
        papers_t=papers_t,
        paper_owner=paper_owner,
        paper_top_k=index.paper_top_k,
    )
    report("indexing", 3, 3)
    return spliced, ordered


def _spliced_papers(
    index: FittedIndex,
    kept: np.ndarray,
    fresh: sp.csr_matrix,
    documents: ExpertRows,
    order: np.ndarray,
) -> tuple[sp.csr_matrix | None, np.ndarray | None]:
    """The publication columns after a splice: the kept experts' and the fresh ones' (rows of
    ``fresh``, their owners from ``documents``' :attr:`~bridge_match.documents.ExpertRows.owners`,
    counted among the fresh profiles), renumbered to the merged rows' ``order``."""
    new_row = np.empty(len(order), dtype=np.int64)
    new_row[order] = np.arange(len(order))
    parts, owners = [], []
    if index.papers_t is not None and index.paper_owner is not None:
        stays = np.isin(index.paper_owner, kept)
        parts.append(index.papers_t.T.tocsr()[stays])
        owners.append(new_row[np.searchsorted(kept, index.paper_owner[stays])])
    if fresh.shape[0]:
        fresh_owners = documents.owners
        parts.append(fresh)
        owners.append(new_row[len(kept) + fresh_owners])
    owner = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int64)
    if not len(owner):
        return None, None
    by_owner = np.argsort(owner, kind="stable")
    papers = sp.vstack(parts, format="csr")[by_owner]
    return papers.T.tocsr(), owner[by_owner]


def build(
    ordered: list[ExpertProfile],
    vectorizer: TextVectorizer,
    documents: ExpertRows,
    progress: Progress,
    paper_top_k: int = 2,
) -> FittedIndex:
    """Fit ``vectorizer`` on the experts' ``documents`` and index them (``ordered`` by id).

    ``documents`` are the experts' rows (:class:`~bridge_match.documents.ExpertRows`): one per
    profile, then one per publication when publications are pooled, whose columns go to
    :attr:`FittedIndex.papers_t` (document frequency counts experts, each paper a row of its own).

    The attributes the boosts read, the duplicate-person groups and the content digests are
    worked out in this process while worker processes count terms
    (:meth:`~bridge_match.vectorize.TextVectorizer.fit_transform`'s ``meanwhile``).

    Returns
    -------
    FittedIndex
        Without embeddings (the semantic layer adds them).
    """
    side: dict[str, Any] = {}

    def meanwhile() -> None:
        progress("expert attributes", 0, 3)
        side["experts"] = ExpertTable.from_profiles(ordered)
        progress("duplicate people", 1, 3)
        side["person"] = person_groups(ordered)
        progress("profile digests", 2, 3)
        side["digests"] = profile_digests(ordered)
        progress("vectorising profiles", 3, 3)

    owners = documents.row_owners()
    matrix = vectorizer.fit_transform(documents, meanwhile, progress, owners)
    progress("indexing", 0, 1)
    n = len(ordered)
    papers_t = paper_owner = None
    if owners is not None and matrix.shape[0] > n:
        papers_t = matrix[n:].T.tocsr()
        paper_owner = np.asarray(owners[n:], dtype=np.int64)
        matrix = matrix[:n]
    index_t = matrix.T.tocsr()
    del matrix
    return FittedIndex(
        vectorizer,
        index_t,
        np.array([p.id for p in ordered], dtype=object),
        side["experts"],
        side["person"],
        side["digests"],
        n_fitted=n,
        papers_t=papers_t,
        paper_owner=paper_owner,
        paper_top_k=paper_top_k,
    )
