"""The generator's tables, read and checked once per process from the files in ``data/``.

Those are meant to be edited (``data/README.md``): a typo stops the run naming file and entry."""

from __future__ import annotations

import csv
import io
import random
import string
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from itertools import accumulate
from typing import Any, Generic, NamedTuple, TypeVar

import yaml

from bridge_match.sectors import Sector, parse_sector

T = TypeVar("T")
Record = dict[str, object]  # a generated profile or need, keyed by the field names of DATA.md
Pair = tuple[str, str]  # (English, Vietnamese)
Template = Callable[[Mapping[str, object]], str]  # a bio sentence, filled from the facts
Sentences = Mapping[str, tuple[Template, ...]]  # one language and person's, by kind (profiles._bio)
# The affiliation types the rules name: values of models.AffiliationType, written out so that
# generating data does not load pydantic.
UNIVERSITY, COMPANY, OTHER = "university", "company", "other"
_TYPES = {UNIVERSITY, COMPANY, OTHER, "research_institute", "government", "association"}
PLACEHOLDERS = frozenset(  # what profiles._bio fills in the sentences of bios.yaml
    "role Role a_role affiliation years y field m0 m1 m2 app tools p0 p1 v0 v1 papers patents held"
    " supervised team team_noun phd_from phd_year second_field second_method goal engagement vnu"
    "".split()
)
SENTENCE_KINDS = frozenset(  # of each language and person in bios.yaml; one sentence or a list
    "opening opening_long_career core uses project_junior project_led project_many papers patents"
    " supervised team phd second_interest vietnam".split()
)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml if there: 5,000 lines to read


class Weighted(Generic[T]):
    """Items and their cumulative weights, accumulated once rather than on every draw."""

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        items, weights = zip(*pairs, strict=True)
        self.items, self.cum = items, tuple(accumulate(weights))

    def pick(self, rng: random.Random) -> T:
        """One item, drawn with ``rng.choices`` (one random number)."""
        return rng.choices(self.items, cum_weights=self.cum)[0]


class Wording(NamedTuple):
    """One language's wording of a sub-field; every phrase is a noun phrase for the bios."""

    field: tuple[str, ...]
    roles: tuple[str, ...]
    methods: tuple[str, ...]
    apps: tuple[str, ...]
    projects: tuple[str, ...]
    keywords: tuple[str, ...]


class SubField(NamedTuple):
    """A specific area of expertise; ``weight`` is its number of slots in a cycle of profiles."""

    key: str
    sector: str
    related: tuple[str, ...]
    tools: tuple[str, ...]
    venues: tuple[str, ...]
    en: Wording
    vi: Wording
    weight: int = 1


class Org(NamedTuple):
    """An employer, named as in prose ("the University of Tokyo"); tags: see organisations.csv."""

    name: str
    type: str
    city: str
    tags: frozenset[str]


class Country(NamedTuple):
    """A country of residence: how it is written, what is spoken, and who employs experts."""

    alpha2: str
    name: str
    english: bool
    languages: Mapping[str, float]  # local ones, and the chance that an expert lists each
    orgs: tuple[Org, ...]
    cities: tuple[str, ...]  # those of the orgs, in order
    universities: tuple[str, ...]  # general ones, where an expert living here may have a PhD


class Association(NamedTuple):
    """A diaspora association and the way its secretary exports the member list."""

    code: str
    stem: str
    format: str  # yaml | json | csv | csv-bom
    name: str
    country: str
    size: int
    alpha2_form: bool
    domain: str
    affinity: Mapping[str, float]
    default: float = 1.0
    vi_affinity: float = 1.0


class Role(NamedTuple):
    """A job title in both languages (at a company, ``{title}`` is the sub-field's job title)."""

    en: str
    vi: str
    low: int  # years of experience, low to high
    high: int
    kind: str  # academic | postdoc | phd | industry | public
    senior: bool


class NeedTemplate(NamedTuple):
    """A strategic need; ``{location}`` in the text follows the host chosen from ``places``.
    ``subfields``, not emitted, is the ground truth: the experts a good matcher should find."""

    sector: str
    written_sector: str  # the key or a label, as the need file shows it
    title: str
    description: str
    skills: tuple[str, ...]
    places: tuple[Pair, ...]  # (host, location)
    engagement: str
    team_size: int
    subfields: tuple[str, ...]
    preferred: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    vietnamese: bool = False


def _read(name: str) -> Any:
    """A data file: YAML as Python values (lists as tuples), CSV as rows keyed by its header."""
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    if name.endswith(".csv"):
        return list(csv.DictReader(io.StringIO(text)))
    return _frozen(yaml.load(text, Loader=_LOADER))


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def _make(cls: type[T], where: str, raw: Mapping[str, Any], **extra: Any) -> T:
    """``cls(**raw, **extra)``; an unknown or missing field is reported with the entry."""
    try:
        return cls(**raw, **extra)
    except TypeError as exc:
        raise ValueError(f"{where}: {exc}") from None


def _org(row: Mapping[str, str], where: str) -> Org:
    if row["type"] not in _TYPES:
        raise ValueError(f"{where}: {row['name']}: unknown type {row['type']!r}")
    return Org(row["name"], row["type"], row.get("city", ""), frozenset(row["tags"].split()))


def _compile(templates: str | tuple[str, ...], where: str) -> tuple[Template, ...]:
    """``str.format`` templates of bios.yaml (one or a list) as functions of the facts; a
    placeholder the bios do not fill is an error naming the sentence."""
    templates = (templates,) if isinstance(templates, str) else templates
    for template in templates:
        for _, name, spec, conversion in string.Formatter().parse(template):
            if name is not None and (name not in PLACEHOLDERS or spec or conversion):
                raise ValueError(f"bios.yaml: {where}: unknown placeholder {{{name}}}")
    return tuple(template.format_map for template in templates)


def _sentences(key: str, raw: Mapping[str, Any]) -> Sentences:
    """Every kind of sentence, each a tuple (``opening_long_career`` may be left out)."""
    raw = {"opening_long_career": (), **raw}
    if wrong := sorted(set(raw) ^ SENTENCE_KINDS):
        raise ValueError(f"bios.yaml: {key}: unknown or missing sentences {wrong}")
    return {kind: _compile(templates, f"{key}: {kind}") for kind, templates in raw.items()}


def _subfields() -> dict[str, SubField]:
    found: dict[str, SubField] = {}
    for sector in Sector:
        for raw in _read(f"subfields/{sector.value}.yaml"):
            where = f"subfields/{sector.value}.yaml: {raw.get('key')}"
            en, vi = (_make(Wording, f"{where}: {k}", raw.pop(k, {})) for k in ("en", "vi"))
            found[raw["key"]] = _make(SubField, where, raw, sector=sector.value, en=en, vi=vi)
    for sf in found.values():
        if unknown := [key for key in sf.related if key not in found]:
            raise ValueError(f"subfields/{sf.sector}.yaml: {sf.key}: unknown related {unknown}")
    return found


def _countries() -> dict[str, Country]:
    orgs: dict[str, list[Org]] = {}
    for row in _read("organisations.csv"):
        orgs.setdefault(row["country"], []).append(_org(row, "organisations.csv"))
    countries = {}
    for code, raw in _read("countries.yaml").items():
        found = tuple(orgs.pop(code, ()))
        cities = tuple(dict.fromkeys(org.city for org in found))
        unis = tuple(o.name for o in found if o.type == UNIVERSITY and "*" in o.tags)
        where = f"countries.yaml: {code}"
        countries[code] = _make(
            Country, where, raw, alpha2=code, orgs=found, cities=cities, universities=unis
        )
    if orgs:
        raise ValueError(f"organisations.csv: countries not in countries.yaml: {sorted(orgs)}")
    return countries


def _need(raw: Mapping[str, Any]) -> NeedTemplate:
    sector, where = parse_sector(raw["sector"]).value, f"needs.yaml: {raw.get('title')}"
    return _make(NeedTemplate, where, {**raw, "sector": sector, "written_sector": raw["sector"]})


def _roles() -> dict[str, Weighted[Role]]:
    roles: dict[str, list[tuple[Role, int]]] = {}
    for r in _read("roles.csv"):
        role = Role(
            r["en"], r["vi"], int(r["low"]), int(r["high"]), r["kind"], r["senior"] == "true"
        )
        roles.setdefault(r["affiliation_type"], []).append((role, int(r["weight"])))
    return {kind: Weighted(group) for kind, group in roles.items()}


SUBFIELDS = _subfields()  # by key, in the order of the files
STRATEGIC = tuple(sf for sf in SUBFIELDS.values() if sf.sector != Sector.OTHER)
OTHERS = tuple(sf for sf in SUBFIELDS.values() if sf.sector == Sector.OTHER)
COUNTRIES = _countries()
HOME_ORGS = tuple(_org(r, "home_organisations.csv") for r in _read("home_organisations.csv"))
ASSOCIATIONS = tuple(_make(Association, "associations.yaml", a) for a in _read("associations.yaml"))
if unknown := [a.code for a in ASSOCIATIONS if a.country not in COUNTRIES]:
    raise ValueError(f"associations.yaml: {unknown}: country not in countries.yaml")
AFFILIATION_TYPES = {k: Weighted(v.items()) for k, v in _read("affiliation_types.yaml").items()}
ROLES = _roles()  # by affiliation type
_names = _read("names.yaml")
FAMILY_NAMES = Weighted(_names.pop("family").items())
NAMES: Mapping[str, tuple[str, ...]] = _names  # middle_male, middle_female, given_male, given_...
_bios = _read("bios.yaml")
SENTENCES = {key: _sentences(key, s) for key, s in _bios["sentences"].items()}  # en_first, ...
TEAM_NOUNS: Mapping[str, Pair] = _bios["team_nouns"]
GOALS = {sector: tuple(pairs.items()) for sector, pairs in _bios["goals"].items()}
ENGAGEMENTS: tuple[Pair, ...] = _bios["engagements"]
VN_UNIVERSITIES: tuple[Pair, ...] = _bios["vn_universities"]
VIETNAMESE_NAMES = dict(VN_UNIVERSITIES)  # of those universities, by English name
PHD_UNIVERSITIES: tuple[str, ...] = _bios["phd_universities"]
TOOLS_VI: Mapping[str, str] = _bios["tools_vi"]
_needs = _read("needs.yaml")
NEEDS = tuple(_need(n) for n in _needs["templates"])
NEED_PREFIXES: Mapping[str, str] = _needs["id_prefixes"]
