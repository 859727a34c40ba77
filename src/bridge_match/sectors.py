"""Sector keys and every label a coordinator may type for them, in English and Vietnamese."""

from __future__ import annotations

from enum import StrEnum

from bridge_match.text.normalize import fold


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
        return SECTOR_LABELS[self][0]

    @property
    def label_vi(self) -> str:
        return SECTOR_LABELS[self][1]


SECTOR_LABELS: dict[Sector, tuple[str, ...]] = {
    Sector.SEMICONDUCTORS: ("Semiconductors", "bán dẫn", "semiconductor", "công nghiệp bán dẫn"),
    Sector.AI: ("Artificial intelligence", "trí tuệ nhân tạo", "AI"),
    Sector.NEW_MATERIALS: ("New materials", "vật liệu mới", "advanced materials"),
    Sector.GREEN_ENERGY: ("Green energy", "năng lượng xanh", "clean energy"),
    Sector.BIOTECHNOLOGY: ("Biotechnology", "công nghệ sinh học", "biotech"),
    Sector.HIGHER_EDUCATION: ("Higher education", "giáo dục đại học"),
    Sector.OTHER: ("Other", "khác"),
}


def _key(text: str) -> str:
    return " ".join(fold(text).replace("_", " ").replace("-", " ").split())


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
        A key (``green_energy``), an English or a Vietnamese label, or a :class:`Sector`.

    Returns
    -------
    Sector
        The sector.

    Raises
    ------
    ValueError
        Anything else, with the accepted keys.

    >>> parse_sector("Bán dẫn") is parse_sector("ban dan") is Sector.SEMICONDUCTORS
    True
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
