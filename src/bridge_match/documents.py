"""Which fields of a profile or a need feed the vectoriser, and with what weight.

A document is ``(text, weight)`` parts (:data:`~bridge_match.text.analyzer.Document`): each part's
terms count ``weight`` times, a plain TF-IDF with field weighting. An expert's field and keywords
count 3×, declared sectors 2×, the long expertise text 1×; a need's title and required skills 2×.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import overload

from bridge_match.models import ExpertProfile, Need
from bridge_match.sectors import Sector
from bridge_match.text import Document

PROFILE_WEIGHTS: dict[str, int] = {"field": 3, "keywords": 3, "sectors": 2, "expertise": 1}
NEED_WEIGHTS: dict[str, int] = {"title": 2, "required_skills": 2, "sector": 1, "description": 1}


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
    profile: ExpertProfile, weights: Mapping[str, int] = PROFILE_WEIGHTS
) -> Document:
    """The parts of a profile that describe what the expert can do, with their weights.

    Each keyword is a part of its own: keywords recur across profiles far more than their
    combinations do, so each is analysed once (and read in its own language)."""
    keyword = weights.get("keywords", 0)
    return (
        (profile.field, weights.get("field", 0)),
        *((k, keyword) for k in profile.keywords),
        (_sector_text(profile.sectors), weights.get("sectors", 0)),
        (profile.expertise, weights.get("expertise", 0)),
    )


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


class ProfileDocuments(Sequence[Document]):
    """Profiles as weighted documents, made when read: a worker builds its own share, so the
    whole list never exists at once."""

    def __init__(self, profiles: Sequence[ExpertProfile], weights: Mapping[str, int]) -> None:
        self.profiles = profiles
        self.weights = weights

    def __len__(self) -> int:
        return len(self.profiles)

    @overload
    def __getitem__(self, index: int) -> Document: ...
    @overload
    def __getitem__(self, index: slice) -> list[Document]: ...
    def __getitem__(self, index: int | slice) -> Document | list[Document]:
        if isinstance(index, slice):
            return [profile_document(p, self.weights) for p in self.profiles[index]]
        return profile_document(self.profiles[index], self.weights)
