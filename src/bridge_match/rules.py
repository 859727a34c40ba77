"""The rules file: which boosts apply and how much, validated like any other input."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bridge_match.errors import DataError, Problem
from bridge_match.load import decode, load_yaml
from bridge_match.models import AffiliationType, Engagement, normalize_country
from bridge_match.options import Band
from bridge_match.sectors import Sector

Weight = float


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Seniority(_Strict):
    weight: Weight = Field(0.0, ge=0, le=1)
    full_at_years: int = Field(15, ge=1)


class AffiliationFit(_Strict):
    weight: Weight = Field(0.0, ge=0, le=1)
    by_engagement: dict[Engagement, list[AffiliationType]] = {}


class CountryStrength(_Strict):
    weight: Weight = Field(0.0, ge=0, le=1)
    by_sector: dict[Sector, list[str]] = {}

    @field_validator("by_sector", mode="after")
    @classmethod
    def _codes(cls, value: dict[Sector, list[str]]) -> dict[Sector, list[str]]:
        return {sector: [normalize_country(c) for c in codes] for sector, codes in value.items()}


BANDS: tuple[Band, ...] = ("strong", "possible", "weak")


def at_least(band: str, least: Band | None) -> bool:
    """Whether ``band`` is ``least`` or stronger (``--min-band``; any band without one).

    >>> at_least("possible", "strong"), at_least("strong", "possible"), at_least("weak", None)
    (False, True, True)
    """
    return least is None or BANDS.index(band) <= BANDS.index(least)


"""From the strongest: a row's band is the first whose threshold its score reaches."""


class Bands(_Strict):
    """Where the strength bands start, by final score (derived from judgements:
    ``bench/band_thresholds.py``)."""

    strong: float = Field(0.26, ge=0)
    possible: float = Field(0.18, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Bands:
        if self.possible > self.strong:
            raise ValueError("possible must not be above strong")
        return self

    def of(self, score: float) -> Band:
        """The band of a score.

        >>> Bands(strong=0.3, possible=0.1).of(0.2)
        'possible'
        """
        return (
            "strong" if score >= self.strong else "possible" if score >= self.possible else "weak"
        )


class Rules(_Strict):
    """Boost weights. ``score = similarity + boost``, with ``0 <= boost <= max_total_boost``.

    >>> Rules.default().without("sector_match").sector_match
    0.0
    """

    min_similarity: float = Field(0.05, ge=0, le=1)
    max_total_boost: float = Field(0.12, ge=0, le=1)
    sector_match: Weight = Field(0.0, ge=0, le=1)
    preferred_country: Weight = Field(0.0, ge=0, le=1)
    shared_language: Weight = Field(0.0, ge=0, le=1)
    seniority: Seniority = Seniority()
    affiliation_fit: AffiliationFit = AffiliationFit()
    country_strength: CountryStrength = CountryStrength()
    bands: Bands = Bands()

    @classmethod
    def default(cls) -> Rules:
        return _default_rules()

    def weight(self, name: str) -> float:
        value = getattr(self, name)
        return float(value if isinstance(value, int | float) else value.weight)

    def without(self, name: str) -> Rules:
        """The same rules with one boost switched off, for ablations."""
        value = getattr(self, name)
        if isinstance(value, int | float):
            return self.model_copy(update={name: 0.0})
        return self.model_copy(update={name: value.model_copy(update={"weight": 0.0})})


def load_rules(path: str | Path) -> Rules:
    """Read a rules YAML file, validated like any other input.

    Parameters
    ----------
    path:
        The file (UTF-8, with or without BOM).

    Returns
    -------
    Rules
        The boost weights; keys left out keep their defaults.

    Raises
    ------
    DataError
        A file that cannot be read or decoded, bad YAML, a key given twice, an unknown key or a
        weight out of range, each named with its key path.
    """
    shown = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise DataError(Problem(shown, None, None, f"cannot read rules file: {exc}")) from None
    text, problem = decode(raw)
    if problem is not None:
        raise DataError(Problem(shown, problem[0], None, problem[1]))
    try:
        data, twice = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataError(Problem(shown, line, None, f"not valid YAML: {exc}")) from None
    except RecursionError:
        raise DataError(Problem(shown, None, None, "nested too deeply to be rules")) from None
    if twice:
        raise DataError(
            [
                Problem(shown, line, key, f"given twice (lines {first} and {line}); keep one")
                for line, key, first in twice
            ]
        )
    try:
        return Rules.model_validate(data or {})
    except ValidationError as exc:
        raise DataError(
            [
                Problem(shown, None, ".".join(str(p) for p in e["loc"]), e["msg"])
                for e in exc.errors()
            ]
        ) from None


@functools.cache
def _default_rules() -> Rules:
    return load_rules(Path(__file__).with_name("rules.yaml"))
