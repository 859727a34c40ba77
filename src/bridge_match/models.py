"""Domain objects, validated at the edge: everything past this module can trust its input."""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    model_validator,
)

from bridge_match.cells import count, whole_number, yes_no
from bridge_match.invisible import BLANK_LOOKING, code_point, hidden_in, is_hidden, strip_hidden
from bridge_match.sectors import Sector, parse_sector
from bridge_match.text.normalize import fold, nfc

MAX_YEARS = 80
"""Upper bounds of the counts: beyond them a value is a typing slip (``150`` for ``15``) or
garbage (``1e23``, which also overflowed later stages), never a real person or need."""
MAX_CAPACITY = 100
"""Projects one expert takes on at once."""
MAX_TEAM_SIZE = 100
"""Experts one need asks for."""
MAX_PUBLICATIONS = 2_000
"""Publications on one profile: a long career's list, far more than ranking reads (it pools the
best few), and a bound on what one record can make the index hold."""


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


def _text(value: Any) -> Any:
    """Text NFC, without white space or hidden characters at its ends (see
    :mod:`bridge_match.invisible`); a whole number is the text of its digits, since
    ``id: 456`` in YAML or JSON means "456"."""
    if type(value) is int:
        value = str(value)
    if not isinstance(value, str):
        return value
    text = strip_hidden(nfc(value))
    if not text and value.strip():
        shown = ", ".join(code_point(c) for c in dict.fromkeys(value.strip()))
        raise ValueError(
            f"contains only invisible characters ({shown}); type the value, or leave it empty"
        )
    return text


def _visible_id(value: str) -> str:
    hidden = hidden_in(value)
    if hidden:
        raise ValueError(
            f"contains an invisible character {code_point(hidden[0])}; retype the id "
            "(it looks like another id but does not match it)"
        )
    return value


def _visible_ends(text: str) -> bool:
    """For text that is not all printable (a line break inside...): nothing hidden at its ends,
    so stripping them changes nothing. ``text`` is not empty."""
    return not is_hidden(text[0]) and not is_hidden(text[-1])


def _parse_sectors(value: Any) -> Any:
    if isinstance(value, list):
        return [parse_sector(v) if isinstance(v, str) else v for v in value]
    return parse_sector(value) if isinstance(value, str) else value


def _sector_list(value: Any) -> Any:
    return _parse_sectors(_split_list(value))


def _email(value: str | None) -> str | None:
    if value is not None and not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address (expected name@domain)")
    return value


def _languages(value: list[str]) -> list[str]:
    return list(dict.fromkeys(normalize_language(v) for v in value))


def _countries(value: list[str]) -> list[str]:
    return list(dict.fromkeys(normalize_country(v) for v in value))


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# The plain definitions: what each field accepts, and the errors it gives. pydantic checks their
# ``Field`` limits with one Python call each (a ``BeforeValidator`` comes first): three calls a
# cell, and more for lists, the bulk of the time taken to load profiles.
_PlainText = Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=200)]
_PlainId = Annotated[_PlainText, AfterValidator(_visible_id)]
_PlainLongText = Annotated[str, BeforeValidator(_text), Field(max_length=20_000)]
_PlainTextList = Annotated[list[_PlainText], BeforeValidator(_split_list)]
_PlainYears = Annotated[
    int, BeforeValidator(count("years_experience", "years", 18)), Field(ge=0, le=MAX_YEARS)
]
_PlainCapacity = Annotated[
    int, BeforeValidator(count("capacity", "projects", 2)), Field(ge=0, le=MAX_CAPACITY)
]
_PlainTeamSize = Annotated[
    int, BeforeValidator(count("team_size", "experts", 3)), Field(ge=1, le=MAX_TEAM_SIZE)
]
_PlainConsent = Annotated[bool, BeforeValidator(yes_no)]
_PlainCountry = Annotated[_PlainText, AfterValidator(normalize_country)]
_PlainEmail = Annotated[_PlainText, AfterValidator(_email)]
_PlainSectors = Annotated[list[Sector], BeforeValidator(_sector_list)]
_PlainLanguages = Annotated[_PlainTextList, AfterValidator(_languages)]

# The fields' types, fast twins of the plain definitions above (kept because loading 600,000
# profiles takes 3.5 times as long without them: bench/bench_validators.py; pinned equal, values
# and errors, by tests/test_models_fast.py). Each is its plain definition behind one Python call
# that settles the common case, a value that passes, and returns what the plain definition would;
# anything else, odd or invalid, is handed to the plain definition itself (``slow``), so that
# errors keep their exact
# types, inputs, locations and messages. Values that recur (a country, a sector or language
# cell) are looked up in a cache of the successes; text that recurs across profiles (a city,
# a field, a keyword) is interned, so that it is one string object however many hold it.
# Interned strings are freed with their last reference, and ``str.strip`` returns the exact
# ``str`` that ``sys.intern`` needs. Text that ``isprintable()`` holds no hidden character (see
# :mod:`bridge_match.invisible`), so that one call settles what stripping them would change.


def _slow(plain: Any) -> Callable[[Any], Any]:
    return TypeAdapter(plain).validate_python


def _fast_text(plain: Any, max_length: int, min_length: int = 1, share: bool = False) -> Any:
    slow = _slow(plain)

    def validate(value: Any) -> Any:
        # Only the ends can need stripping, so only they are tested: constant time, where
        # isprintable() on the whole text costs 2 ns a character (830 ns for a 600-character bio).
        if type(value) is str:
            text = unicodedata.normalize("NFC", value).strip()
            if min_length <= len(text) <= max_length and (
                not text or (text[0] + text[-1]).isprintable() or _visible_ends(text)
            ):
                return sys.intern(text) if share else text
        return slow(value)

    return BeforeValidator(validate)


def _fast_id() -> Any:
    """An id holds no hidden or blank-looking character anywhere (``P\u200b1`` is not ``P1``)."""
    slow = _slow(_PlainId)
    blank_looking = BLANK_LOOKING.search

    def validate(value: Any) -> Any:
        if type(value) is str:
            text = unicodedata.normalize("NFC", value).strip()
            if (
                0 < len(text) <= 200
                and text.isprintable()
                and (text.isascii() or blank_looking(text) is None)
            ):
                return text
        return slow(value)

    return BeforeValidator(validate)


def _fast_list(share: bool = False) -> Any:
    """A ``;`` cell or a list of strings, every item in this one call."""
    slow = _slow(_PlainTextList)

    def validate(value: Any) -> Any:
        kind = type(value)
        if kind is str:
            items: Any = value.split(";")
            printable = value.isprintable()  # one scan of the cell answers for all its items
        elif kind is list or kind is tuple:
            items = value
            printable = False
        else:
            return slow(value)
        out = []
        for item in items:
            if type(item) is not str:
                return slow(value)
            if kind is str:
                item = item.strip()
                if not item:
                    continue
            text = unicodedata.normalize("NFC", item).strip()
            if not 0 < len(text) <= 200 or not (
                printable or text.isprintable() or _visible_ends(text)
            ):
                return slow(value)
            out.append(sys.intern(text) if share else text)
        return out

    return BeforeValidator(validate)


def _fast_cell(plain: Any, parse: Callable[[str], Any], lists: bool = False) -> Any:
    """A text cell through ``parse``, cached: a failure raises, is not cached, and takes the
    plain path, which words it. For a list field (``lists``) ``parse`` returns a tuple (a cache
    shares its result) and the field gets a list of its own; its default, an empty list, is
    settled here too."""
    slow = _slow(plain)
    cached = functools.lru_cache(maxsize=4096)(parse)

    def validate(value: Any) -> Any:
        if type(value) is str:
            try:
                out = cached(value)
            except (ValueError, _NotFastError):
                return slow(value)
            return list(out) if lists else out
        if lists and type(value) is list and not value:
            return []
        return slow(value)

    return BeforeValidator(validate)


class _NotFastError(Exception):
    """A cell the fast path leaves to the plain one."""


def _country_cell(value: str) -> str:
    text = unicodedata.normalize("NFC", value).strip()
    if not 0 < len(text) <= 200 or not text.isprintable():
        raise _NotFastError
    return normalize_country(text)


def _sector_cell(value: str) -> tuple[Sector, ...]:
    return tuple(parse_sector(part) for part in _split_list(value))


def _language_cell(value: str) -> tuple[str, ...]:
    texts = [unicodedata.normalize("NFC", part).strip() for part in _split_list(value)]
    if not all(0 < len(text) <= 200 and text.isprintable() for text in texts):
        raise _NotFastError
    return tuple(_languages(texts))


def _fast_count(plain: Any, ge: int, le: int) -> Any:
    """Digits (as CSV gives them) or an int; ``12.0``, signs and the rest take the plain path."""
    slow = _slow(plain)

    def validate(value: Any) -> Any:
        kind = type(value)
        if kind is str and len(value) <= 18 and value.isascii() and value.isdigit():
            number = int(value)
        elif kind is int:
            number = value
        else:
            return slow(value)
        return number if ge <= number <= le else slow(value)

    return BeforeValidator(validate)


def _fast_email() -> Any:
    slow = _slow(_PlainEmail)

    def validate(value: Any) -> Any:
        if type(value) is str:
            text = unicodedata.normalize("NFC", value).strip()
            if 0 < len(text) <= 200 and text.isprintable() and _EMAIL.match(text):
                return text
        return slow(value)

    return BeforeValidator(validate)


Id = Annotated[str, _fast_id()]
Text = Annotated[str, _fast_text(_PlainText, 200)]
SharedText = Annotated[str, _fast_text(_PlainText, 200, share=True)]
"""Text that recurs across records (city, field, affiliation...), interned."""
LongText = Annotated[str, _fast_text(_PlainLongText, 20_000, min_length=0)]
TextList = Annotated[list[str], _fast_list()]
SharedTextList = Annotated[list[str], _fast_list(share=True)]
SectorList = Annotated[list[Sector], _fast_cell(_PlainSectors, _sector_cell, lists=True)]
Years = Annotated[int, _fast_count(_PlainYears, 0, MAX_YEARS)]
Capacity = Annotated[int, _fast_count(_PlainCapacity, 0, MAX_CAPACITY)]
Country = Annotated[str, _fast_cell(_PlainCountry, _country_cell)]
Email = Annotated[str, _fast_email()]
Languages = Annotated[list[str], _fast_cell(_PlainLanguages, _language_cell, lists=True)]
Consent = _PlainConsent
"""No fast twin: its plain definition is one Python call already (a fold and a lookup)."""


class PreparedRow(dict[str, Any]):
    """Field values with blank cells already left out, as :mod:`bridge_match.validate` builds them
    from CSV rows: the model's own blank filter then has nothing to do and skips its work."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_blanks(cls, data: Any) -> Any:
        """An empty CSV cell means "not given", so the field's default applies."""
        if type(data) is PreparedRow:
            return data
        if isinstance(data, dict):
            return {
                k: v
                for k, v in data.items()
                if v is not None and not (isinstance(v, str) and not v.strip())
            }
        return data


_SHARED_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def share_fields_sets(records: Iterable[BaseModel]) -> None:
    """Give records that set the same fields one ``__pydantic_fields_set__`` between them.

    pydantic keeps a fresh set of given field names on each instance (about 700 bytes for a full
    profile); loaded records need a few distinct ones. Safe because the models are frozen:
    pydantic adds to that set only on assignment, which they refuse, and ``model_copy`` copies
    it before updating. Pickle keeps the sharing; equality never looks at it. Consecutive
    records mostly set the same fields, so the last shared set is tried first.
    """
    shared: set[str] | None = None
    for record in records:
        own = record.__pydantic_fields_set__
        if shared is None or own != shared:
            shared = _SHARED_FIELDS_SETS.setdefault(frozenset(own), own)
        if shared is not own:
            object.__setattr__(record, "__pydantic_fields_set__", shared)


_PaperTitle = Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=1_000)]
_PaperText = Annotated[str, BeforeValidator(_text), Field(max_length=1_000)]
_PaperYear = Annotated[int, BeforeValidator(whole_number), Field(ge=1000, le=2100)]


class Publication(_Record):
    """One of an expert's papers (``DATA.md``, "Publications"): its title and abstract are
    expertise, matched one by one (:mod:`bridge_match.pooling`)."""

    title: _PaperTitle
    abstract: _PlainLongText = ""
    year: _PaperYear | None = None
    venue: _PaperText | None = None
    doi: _PaperText | None = None
    url: _PaperText | None = None
    authors: Annotated[list[_PaperText], BeforeValidator(_split_list)] = []


class ExpertProfile(_Record):
    """An overseas expert as an association holds them. Contact details leave only with consent."""

    id: Id
    name: Text
    country: Country
    city: SharedText | None = None
    field: SharedText
    sectors: SectorList = []
    affiliation: SharedText
    affiliation_type: AffiliationType | None = None
    association: SharedText | None = None
    expertise: LongText = ""
    keywords: SharedTextList = []
    languages: Languages = []
    years_experience: Years | None = None
    capacity: Capacity = 1
    consent_to_contact: Consent = False
    email: Email | None = None
    publications: Annotated[
        Sequence[Publication], Field(max_length=MAX_PUBLICATIONS, validate_default=False)
    ] = ()
    """A list given is kept as a list; the default is one shared empty tuple, so 600,000
    profiles without papers cost no list each."""

    @functools.cached_property
    def digest(self) -> bytes:
        """16 bytes that identify this profile's content (blake2b of its JSON), computed once
        (the model is frozen): a saved index keeps them, to tell which experts changed. A
        profile without publications digests as it did before the field existed."""
        dumped = self.model_dump_json(exclude=None if self.publications else {"publications"})
        return hashlib.blake2b(dumped.encode(), digest_size=16).digest()

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """As pydantic's, but a copy with other content does not keep the original's digest."""
        copy = super().model_copy(update=update, deep=deep)
        if update:
            copy.__dict__.pop("digest", None)
        return copy


class Need(_Record):
    """A strategic need published by a ministry, province, university or company in Viet Nam."""

    id: Id
    title: Text
    sector: Annotated[Sector, BeforeValidator(_parse_sectors)]
    description: _PlainLongText = Field(min_length=1)
    required_skills: SharedTextList = []
    host: SharedText | None = None
    location: SharedText | None = None
    preferred_countries: Annotated[_PlainTextList, AfterValidator(_countries)] = []
    engagement: Engagement | None = None
    team_size: _PlainTeamSize = 3
    languages: Languages = []
