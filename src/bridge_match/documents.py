"""Which fields of a profile or a need feed the vectoriser, and with what weight.

A document is ``(text, weight)`` parts (:data:`~bridge_match.text.analyzer.Document`): each part's
terms count ``weight`` times, a plain TF-IDF with field weighting. An expert's field and keywords
count 3×, declared sectors 2×, the long expertise text 1×; a need's title and required skills 2×.
A publication is a document of its own (:class:`ExpertRows`): its title 2×, its abstract 1×, as
a need's title and description weigh.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import overload

import numpy as np

from bridge_match.models import ExpertProfile, Need, Publication
from bridge_match.sectors import Sector
from bridge_match.text import Document

PROFILE_WEIGHTS: dict[str, int] = {"field": 3, "keywords": 3, "sectors": 2, "expertise": 1}
NEED_WEIGHTS: dict[str, int] = {"title": 2, "required_skills": 2, "sector": 1, "description": 1}
PUBLICATION_WEIGHTS: dict[str, int] = {"title": 2, "abstract": 1}


def _sector_text(sectors: Iterable[Sector]) -> str:
    return _sectors_text(tuple(sectors))


@functools.lru_cache(maxsize=256)
def _sectors_text(sectors: tuple[Sector, ...]) -> str:
    return ". ".join(f"{s.label}. {s.label_vi}" for s in sectors if s.value != "other")


def sector_document(sector: Sector) -> Document:
    """A sector's own labels: shared by every expert of the sector, so never news in an
    explanation."""
    return ((_sector_text([sector]), 1),)


def profile_document(
    profile: ExpertProfile,
    weights: Mapping[str, int] = PROFILE_WEIGHTS,
    publications: Mapping[str, int] | None = None,
) -> Document:
    """The parts of a profile that describe what the expert can do, with their weights.

    Each keyword is a part of its own: keywords recur across profiles far more than their
    combinations do, so each is analysed once (and read in its own language). With
    ``publications`` (their field weights), the expert's publications are parts of it too: one
    document per expert, for a matcher that does not pool publications."""
    keyword = weights.get("keywords", 0)
    document = (
        (profile.field, weights.get("field", 0)),
        *((k, keyword) for k in profile.keywords),
        (_sector_text(profile.sectors), weights.get("sectors", 0)),
        (profile.expertise, weights.get("expertise", 0)),
    )
    if publications is None or not profile.publications:
        return document
    papers = (publication_document(p, publications) for p in profile.publications)
    return document + tuple(itertools.chain.from_iterable(papers))


def publication_document(
    publication: Publication, weights: Mapping[str, int] = PUBLICATION_WEIGHTS
) -> Document:
    """A publication's title and abstract, with their weights."""
    return (
        (publication.title, weights.get("title", 0)),
        (publication.abstract, weights.get("abstract", 0)),
    )


class ExpertRows(Sequence[Document]):
    """Experts as the rows of the index, as documents made when read: a worker builds its own
    share, so the whole list never exists at once.

    Every profile first, in order (:func:`profile_document`); then, when publications are pooled
    (``publications`` given), every publication of every expert, expert by expert in profile
    order, each paper in its profile's order (:func:`publication_document`). Without
    ``publications`` the rows are the profiles alone, their papers inside them only if
    ``inline`` weights are given.
    """

    def __init__(
        self,
        profiles: Sequence[ExpertProfile],
        weights: Mapping[str, int],
        publications: Mapping[str, int] | None = None,
        inline: Mapping[str, int] | None = None,
    ) -> None:
        self.profiles = profiles
        self.weights = weights
        self.publications = publications
        self.inline = inline
        counts = [len(p.publications) if publications is not None else 0 for p in profiles]
        self.owners = np.repeat(np.arange(len(profiles), dtype=np.int64), counts)
        """The profile (position in ``profiles``) of each publication row, in row order."""
        self._paper_start = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])

    @property
    def n_papers(self) -> int:
        return len(self.owners)

    def row_owners(self) -> np.ndarray | None:
        """The profile of every row (a profile's own row is its position), or None when the
        rows are the profiles alone: what document frequency counts by."""
        if not self.n_papers:
            return None
        return np.concatenate([np.arange(len(self.profiles), dtype=np.int64), self.owners])

    def __len__(self) -> int:
        return len(self.profiles) + self.n_papers

    @overload
    def __getitem__(self, index: int) -> Document: ...
    @overload
    def __getitem__(self, index: slice) -> list[Document]: ...
    def __getitem__(self, index: int | slice) -> Document | list[Document]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            n = len(self.profiles)
            if step != 1 or stop <= start:
                return [self._row(i) for i in range(start, stop, step)]
            weights, inline = self.weights, self.inline
            own = [
                profile_document(p, weights, inline) for p in self.profiles[start : min(stop, n)]
            ]
            return own + [self._row(i) for i in range(max(start, n), stop)]
        position = index if index >= 0 else len(self) + index
        if not 0 <= position < len(self):
            raise IndexError(f"row {index} of {len(self)}")
        return self._row(position)

    def _row(self, i: int) -> Document:
        n = len(self.profiles)
        if i < n:
            return profile_document(self.profiles[i], self.weights, self.inline)
        paper = i - n
        owner = int(self.owners[paper])
        position = paper - int(self._paper_start[owner])
        weights = self.publications or PUBLICATION_WEIGHTS
        return publication_document(self.profiles[owner].publications[position], weights)


def need_document(need: Need, weights: Mapping[str, int] = NEED_WEIGHTS) -> Document:
    """The parts of a need that say what it asks for, with their weights (each required skill
    a part of its own, as a profile's keywords are)."""
    skill = weights.get("required_skills", 0)
    return (
        (need.title, weights.get("title", 0)),
        *((k, skill) for k in need.required_skills),
        (_sector_text([need.sector]), weights.get("sector", 0)),
        (need.description, weights.get("description", 0)),
    )
