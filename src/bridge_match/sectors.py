"""Sector keys and every label a coordinator may type for them, in English and Vietnamese.

The labels are data, ``sectors.yaml`` beside this module, read once on import.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from bridge_match.text.normalize import fold

LABELS_FILE = Path(__file__).with_name("sectors.yaml")


class Sector(StrEnum):
    """The six strategic sectors of Resolution 57 plus ``other``."""

    SEMICONDUCTORS = "semiconductors"
    AI = "ai"
    NEW_MATERIALS = "new_materials"
    GREEN_ENERGY = "green_energy"
    BIOTECHNOLOGY = "biotechnology"
    HIGHER_EDUCATION = "higher_education"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The English display label (the first English one in ``sectors.yaml``)."""
        return SECTOR_LABELS[self][0]

    @property
    def label_vi(self) -> str:
        """The Vietnamese display label (the first Vietnamese one in ``sectors.yaml``)."""
        return SECTOR_LABELS[self][1]


def _key(text: str) -> str:
    return " ".join(fold(text).replace("_", " ").replace("-", " ").split())


def _names(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(n, str) for n in value)


def read_labels(path: str | Path = LABELS_FILE) -> dict[Sector, tuple[str, ...]]:
    """Each sector's labels from a labels file: the English display label, the Vietnamese one,
    then the other English and Vietnamese synonyms.

    Parameters
    ----------
    path:
        A YAML mapping of every sector key to ``{en: [...], vi: [...]}``, each list non-empty.

    Returns
    -------
    dict[Sector, tuple[str, ...]]
        The labels, display labels first.

    Raises
    ------
    ValueError
        A missing or unknown sector, an empty list, or a label that reads as two sectors.
    """
    data: Any = yaml.safe_load(Path(path).read_text("utf-8"))
    if not isinstance(data, dict) or set(data) != {s.value for s in Sector}:
        raise ValueError(
            f"{path}: expected a mapping of exactly the keys {[s.value for s in Sector]}"
        )
    labels: dict[Sector, tuple[str, ...]] = {}
    owner: dict[str, Sector] = {}
    for sector in Sector:
        entry = data[sector.value]
        english: Any = entry.get("en") if isinstance(entry, dict) else None
        vietnamese: Any = entry.get("vi") if isinstance(entry, dict) else None
        if not (
            isinstance(entry, dict)
            and set(entry) == {"en", "vi"}
            and all(_names(names) for names in (english, vietnamese))
        ):
            raise ValueError(f"{path}: {sector.value}: expected en: [...] and vi: [...], not empty")
        labels[sector] = (english[0], vietnamese[0], *english[1:], *vietnamese[1:])
        for label in (sector.value, *labels[sector]):
            first = owner.setdefault(_key(label), sector)
            if first is not sector:
                raise ValueError(
                    f"{path}: {label!r} reads as both {first.value} and {sector.value}"
                )
    return labels


SECTOR_LABELS: dict[Sector, tuple[str, ...]] = read_labels()
"""The shipped labels, display labels first (see :func:`read_labels`)."""

_LOOKUP: dict[str, Sector] = {
    _key(label): sector
    for sector, labels in SECTOR_LABELS.items()
    for label in (sector.value, *labels)
}


def parse_sector(value: str | Sector) -> Sector:
    """Read a sector key or label in either language, with or without diacritics.

    Parameters
    ----------
    value:
        A key (``green_energy``), an English or a Vietnamese label or synonym (``sectors.yaml``),
        or a :class:`Sector`.

    Returns
    -------
    Sector
        The sector.

    Raises
    ------
    ValueError
        Anything else, with the accepted keys.

    >>> parse_sector("Bán dẫn") is parse_sector("ban dan") is parse_sector("vi mạch")
    True
    >>> parse_sector("năng lượng tái tạo").label, parse_sector("renewable energy").label_vi
    ('Green energy', 'năng lượng xanh')
    """
    if isinstance(value, Sector):
        return value
    sector = _LOOKUP.get(_key(str(value)))
    if sector is None:
        accepted = ", ".join(s.value for s in Sector)
        raise ValueError(
            f"unknown sector {value!r}; use one of {accepted} "
            "(or an English or Vietnamese label such as 'Green energy' or 'bán dẫn')"
        )
    return sector
