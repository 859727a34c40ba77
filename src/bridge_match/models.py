"""Domain objects, validated at the edge: everything past this module can trust its input."""

from __future__ import annotations

import difflib
import functools
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bridge_match.sectors import Sector, parse_sector
from bridge_match.text import fold, nfc


class AffiliationType(StrEnum):
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    COMPANY = "company"
    GOVERNMENT = "government"
    ASSOCIATION = "association"
    OTHER = "other"


class Engagement(StrEnum):
    ADVISORY = "advisory"
    CO_SUPERVISION = "co_supervision"
    JOINT_RESEARCH = "joint_research"
    TECHNOLOGY_TRANSFER = "technology_transfer"
    TRAINING = "training"
    INVESTMENT = "investment"


_COUNTRY_ALIASES = {
    "korea": "KR",
    "republic of korea": "KR",
    "uk": "GB",
    "england": "GB",
    "great britain": "GB",
    "britain": "GB",
    "russia": "RU",
    "usa": "US",
    "america": "US",
    "u s a": "US",
    "u s": "US",
    "holland": "NL",
    "czechia": "CZ",
    "vietnam": "VN",
    "laos": "LA",
    "iran": "IR",
    "syria": "SY",
    "turkey": "TR",
}


@functools.cache
def _country_table() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name", "alpha_3"):
            value = getattr(country, attr, None)
            if value:
                table[_country_key(value)] = country.alpha_2
        table[country.alpha_2.lower()] = country.alpha_2
    table.update(_COUNTRY_ALIASES)
    return table


def _country_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def normalize_country(value: str) -> str:
    """English name or ISO 3166 code → alpha-2; an unknown country is an error, not a guess.

    >>> normalize_country("South Korea"), normalize_country("jp"), normalize_country("Korea")
    ('KR', 'JP', 'KR')
    """
    table = _country_table()
    code = table.get(_country_key(value))
    if code is not None:
        return code
    hint = difflib.get_close_matches(_country_key(value), list(table), n=1, cutoff=0.75)
    suggestion = f" (did you mean {hint[0].title()!r}?)" if hint else ""
    raise ValueError(
        f"unknown country {value.strip()!r}; give an English name or ISO 3166 alpha-2 code, "
        f"e.g. 'Japan' or 'JP'{suggestion}"
    )


@functools.cache
def _language_codes() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None)
        if code:
            table[code] = code
            table[fold(lang.name)] = code
    return table


def normalize_language(value: str) -> str:
    """ISO 639-1 code (or English language name) → the lower-case two-letter code."""
    code = _language_codes().get(fold(value).strip())
    if code is None:
        raise ValueError(
            f"unknown language {value.strip()!r}; use ISO 639-1 codes such as vi, en, ja"
        )
    return code


def _split_list(value: Any) -> Any:
    """CSV cells carry lists as ``a; b; c``; YAML and JSON carry real lists."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _whole_number(value: Any) -> Any:
    """Spreadsheets turn 12 into "12.0"; accept that, refuse 12.5."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\.0*\s*", value):
        return int(float(value))
    return value


def _text(value: Any) -> Any:
    return nfc(value).strip() if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=200)]
LongText = Annotated[str, BeforeValidator(_text), Field(max_length=20_000)]
TextList = Annotated[list[Text], BeforeValidator(_split_list)]
SectorList = Annotated[list[Sector], BeforeValidator(_split_list)]
Count = Annotated[int, BeforeValidator(_whole_number), Field(ge=0)]
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_blanks(cls, data: Any) -> Any:
        """An empty CSV cell means "not given", so the field's default applies."""
        if isinstance(data, dict):
            return {
                k: v
                for k, v in data.items()
                if v is not None and not (isinstance(v, str) and not v.strip())
            }
        return data

    @field_validator("sectors", "sector", mode="before", check_fields=False)
    @classmethod
    def _sectors(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name == "sectors":
            value = _split_list(value)
        if isinstance(value, list):
            return [parse_sector(v) if isinstance(v, str) else v for v in value]
        return parse_sector(value) if isinstance(value, str) else value

    @field_validator("languages", mode="after", check_fields=False)
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(normalize_language(v) for v in value))


class ExpertProfile(_Record):
    """An overseas expert as an association holds them. Contact details leave only with consent."""

    id: Text
    name: Text
    country: Text
    city: Text | None = None
    field: Text
    sectors: SectorList = []
    affiliation: Text
    affiliation_type: AffiliationType | None = None
    association: Text | None = None
    expertise: LongText = ""
    keywords: TextList = []
    languages: TextList = []
    years_experience: Count | None = None
    capacity: Count = 1
    consent_to_contact: bool = False
    email: Text | None = None

    @field_validator("country", mode="after")
    @classmethod
    def _country(cls, value: str) -> str:
        return normalize_country(value)

    @field_validator("email", mode="after")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError(f"{value!r} is not an e-mail address (expected name@domain)")
        return value


class Need(_Record):
    """A strategic need published by a ministry, province, university or company in Viet Nam."""

    id: Text
    title: Text
    sector: Sector
    description: LongText = Field(min_length=1)
    required_skills: TextList = []
    host: Text | None = None
    location: Text | None = None
    preferred_countries: TextList = []
    engagement: Engagement | None = None
    team_size: Annotated[int, BeforeValidator(_whole_number), Field(ge=1)] = 3
    languages: TextList = []

    @field_validator("preferred_countries", mode="after")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(normalize_country(v) for v in value))
