"""Deterministic sample data: expert profiles as diaspora associations send them, and needs.

Demos, tests and the hand-labelled evaluation must all see the same realistic data, and scale runs
must stream hundreds of thousands of profiles without holding them in memory. Everything is driven
by one ``random.Random(seed)`` per call (never the global generator, never the clock), so the same
arguments always give byte-identical files.

Profiles are built from a per-sub-field bank of terms (English and Vietnamese) and sentence
templates, so that their text is specific enough for TF-IDF to tell a packaging engineer from a
lithography engineer, and so that each need has relevant experts writing in the other language.

>>> profiles = generate_profiles(3)
>>> [p["id"] for p in profiles] == [p["id"] for p in generate_profiles(3)]
True
>>> [n["id"] for n in generate_needs(8)][:7]
['N-SEMI-01', 'N-AI-01', 'N-MAT-01', 'N-ENE-01', 'N-BIO-01', 'N-EDU-01', 'N-SEMI-02']
"""

from __future__ import annotations

import csv
import json
import random
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

__all__ = ["generate_needs", "generate_profiles", "write_sample"]

Record = dict[str, object]

_PROFILE_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "country",
    "city",
    "field",
    "sectors",
    "affiliation",
    "affiliation_type",
    "association",
    "expertise",
    "keywords",
    "languages",
    "years_experience",
    "capacity",
    "consent_to_contact",
    "email",
)
_NEED_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "sector",
    "description",
    "required_skills",
    "host",
    "location",
    "preferred_countries",
    "engagement",
    "team_size",
    "languages",
)
_SECTORS: tuple[str, ...] = (
    "semiconductors",
    "ai",
    "new_materials",
    "green_energy",
    "biotechnology",
    "higher_education",
)
# Only labels that DATA.md lists as accepted; semiconductors and biotechnology have no English
# label there, so their English-written profiles always use the key.
_EN_LABELS: dict[str, str] = {
    "ai": "Artificial intelligence",
    "new_materials": "New materials",
    "green_energy": "Green energy",
    "higher_education": "Higher education",
}
_VI_LABELS: dict[str, str] = {
    "semiconductors": "bán dẫn",
    "ai": "trí tuệ nhân tạo",
    "new_materials": "vật liệu mới",
    "green_energy": "năng lượng xanh",
    "biotechnology": "công nghệ sinh học",
    "higher_education": "giáo dục đại học",
}


# --------------------------------------------------------------------------------------------
# Vocabulary bank: one entry per sub-field, each with its own terms in both languages.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    """One language's wording of a sub-field; every phrase is a noun phrase for the templates."""

    field: tuple[str, ...]
    roles: tuple[str, ...]
    methods: tuple[str, ...]
    apps: tuple[str, ...]
    projects: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class _SubField:
    """A specific area of expertise; ``weight`` sets how common it is among the diaspora."""

    key: str
    sector: str
    weight: int
    related: tuple[str, ...]
    tools: tuple[str, ...]
    venues: tuple[str, ...]
    en: _Text
    vi: _Text
