"""Expert profiles as the associations send them, one at a time from a single random stream."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

import bridge_match.sample.tables as t
from bridge_match.sample.bios import Job, expertise
from bridge_match.sectors import Sector
from bridge_match.text.normalize import unaccented

_OTHER_SLOT = "__other__"
# Within the first _VI_SPREAD cycles each sub-field has one profile written in Vietnamese, placed
# in a different cycle per sub-field so they do not bunch at the start of the file.
_VI_SPREAD = 5
_VI_EXTRA = 0.025
_UNACCENTED = 0.12
# Sectors are sometimes written as a label, as a coordinator filling a form would type them; in
# English only the labels that DATA.md lists as accepted (so not semiconductors, biotechnology).
_ENGLISH = (Sector.AI, Sector.NEW_MATERIALS, Sector.GREEN_ENERGY, Sector.HIGHER_EDUCATION)
_LABELS = {
    **{(s.value, False): s.label for s in _ENGLISH},
    **{(s.value, True): s.label_vi for s in Sector if s is not Sector.OTHER},
}


@dataclass(frozen=True)
class Meta:
    """What the generator knows beyond the emitted fields: ground truth for checks and qrels."""

    subfield: str
    vietnamese: bool
    unaccented: bool
    association: str


_plain_name = functools.cache(unaccented)  # names repeat; bios do not


def _fits(org: t.Org, sf: t.SubField) -> bool:
    if sf.key == "vn_language_teaching":
        return "lang" in org.tags
    return "*" in org.tags or sf.sector in org.tags or sf.key in org.tags


# The cached helpers below depend on the tables only, so they are computed once per key.


@functools.cache
def _associations(key: str, vietnamese: bool) -> t.Weighted[t.Association]:
    """The associations weighted for a sub-field: by size, affinity and language."""
    sf, weights = t.SUBFIELDS[key], []
    for assoc in t.ASSOCIATIONS:
        factor = assoc.affinity.get(sf.key, assoc.affinity.get(sf.sector, assoc.default))
        weights.append(assoc.size * factor * (assoc.vi_affinity if vietnamese else 1.0))
    return t.Weighted(t.ASSOCIATIONS, tuple(accumulate(weights)))


@functools.cache
def _orgs(country: str, key: str, kind: str) -> tuple[t.Org, ...]:
    """The employers in ``country`` of type ``kind`` (``*`` for any) that fit the sub-field."""
    sf, orgs = t.SUBFIELDS[key], t.COUNTRIES[country].orgs
    return tuple(org for org in orgs if (kind == "*" or org.type == kind) and _fits(org, sf))


def _name(rng: random.Random, country: t.Country) -> tuple[str, str, str]:
    """Full name as the association wrote it, plus folded given and family names."""
    names = t.NAMES
    family = t.FAMILY_NAMES.pick(rng)
    female = rng.random() < 0.42
    middle = rng.choice(names["middle_female" if female else "middle_male"])
    given_names = names["given_female" if female else "given_male"]
    given = rng.choice(given_names)
    while given == middle:
        given = rng.choice(given_names)
    western = 0.08 if country.english or country.alpha2 in {"FR", "DE", "NL", "SE"} else 0.03
    draw = rng.random()
    plain_given, plain_family = _plain_name(given), _plain_name(family)
    if draw < western:
        display = f"{plain_given} {plain_family}"
    elif draw < western + 0.04:
        display = f"{plain_family} {_plain_name(middle)} {plain_given}"
    else:
        display = f"{family} {middle} {given}"
    return display, plain_given.lower(), plain_family.lower()


def _employer(rng: random.Random, country: t.Country, sf: t.SubField) -> t.Org:
    """The expert's employer; its city is where the expert lives."""
    if rng.random() < 0.03:
        home = [org for org in t.HOME_ORGS if _fits(org, sf)]
        if home:
            return rng.choice(home)._replace(city=rng.choice(country.cities))
    types = t.AFFILIATION_TYPES
    kind = (types.get(sf.key) or types[sf.sector]).pick(rng)
    code, key = country.alpha2, sf.key
    return rng.choice(
        _orgs(code, key, kind) or _orgs(code, key, t.UNIVERSITY) or _orgs(code, key, "*")
    )


def _job(rng: random.Random, sf: t.SubField, org_type: str) -> Job:
    """(English title, Vietnamese title, years of experience, kind, senior)."""
    staff = org_type == t.UNIVERSITY and sf.sector == "higher_education" and rng.random() < 0.5
    if org_type in (t.COMPANY, t.OTHER) or staff:
        i = rng.randrange(min(len(sf.en.roles), len(sf.vi.roles)))
        en, vi = sf.en.roles[i], sf.vi.roles[i]
        if org_type != t.COMPANY:
            years = rng.randint(2, 25)
            return en, vi, years, "staff", years >= 12
        step = t.ROLES[t.COMPANY].pick(rng)  # a seniority for the sub-field's title
        titles = step.en.replace("{title}", en), step.vi.replace("{title}", vi)
        return *titles, rng.randint(step.low, step.high), step.kind, step.senior
    role = t.ROLES[org_type].pick(rng)
    return role.en, role.vi, rng.randint(role.low, role.high), role.kind, role.senior


def _topics(
    rng: random.Random, sf: t.SubField, second: t.SubField | None, vietnamese: bool
) -> tuple[list[str], list[str]]:
    """Keywords (one may come from the second interest), and sectors as the form was filled."""
    text = sf.vi if vietnamese else sf.en
    keywords = rng.sample(text.keywords, min(len(text.keywords), rng.randint(3, 5)))
    if second is not None and rng.random() < 0.6:
        extra = rng.choice((second.vi if vietnamese else second.en).keywords)
        if extra not in keywords:
            keywords.append(extra)
    keys = [sf.sector]
    if second is not None and second.sector not in (sf.sector, "other") and rng.random() < 0.7:
        keys.append(second.sector)
    labelled = 0.25 if vietnamese else 0.06  # chance that a coordinator typed the label
    return keywords, [
        _LABELS.get((key, vietnamese), key) if rng.random() < labelled else key for key in keys
    ]


def _languages(rng: random.Random, country: t.Country, years: int) -> list[str]:
    """Vietnamese, usually English, the local languages, sometimes one more."""
    languages = ["vi"]
    if country.english or rng.random() < 0.93:
        languages.append("en")
    languages += [code for code, chance in country.local if rng.random() < chance]
    if years >= 25 and rng.random() < 0.3:
        languages.append("ru")  # many of that generation studied in the Soviet Union
    elif rng.random() < 0.04:
        extra = rng.choice(("fr", "de", "ja", "zh"))
        if extra not in languages:
            languages.append(extra)
    return languages


def _profile(
    rng: random.Random, counters: dict[str, int], index: int, sf: t.SubField, vietnamese: bool
) -> tuple[t.Record, Meta]:
    """The ``index``-th profile (from 0), of sub-field ``sf``, and what is known about it."""
    assoc = _associations(sf.key, vietnamese).pick(rng)
    country = t.COUNTRIES[assoc.country]
    counters[assoc.code] += 1
    name, given, family = _name(rng, country)
    org = _employer(rng, country, sf)
    job = _job(rng, sf, org.type)
    second = t.SUBFIELDS[rng.choice(sf.related)] if rng.random() < 0.35 else None
    field = rng.choice((sf.vi if vietnamese else sf.en).field)
    bio = expertise(rng, sf, vietnamese, field, job, org.name, country, second)
    keywords, sectors = _topics(rng, sf, second, vietnamese)
    plain = vietnamese and rng.random() < _UNACCENTED
    if plain:
        field, bio = unaccented(field), unaccented(bio)
        keywords, sectors = [unaccented(k) for k in keywords], [unaccented(s) for s in sectors]
        if rng.random() < 0.5:
            name = _plain_name(name)
    languages = _languages(rng, country, job[2])
    capacity = rng.choices((1, 2, 3), cum_weights=(55, 90, 100))[0]
    consent = rng.random() < 0.62
    email = (
        f"{given}.{family}.{index + 1}@{assoc.domain}" if consent or rng.random() < 0.5 else None
    )
    alpha2 = assoc.alpha2_form != (rng.random() < 0.08)
    # DATA.md order; optional fields are sometimes left out, as real files leave them out.
    pid = f"{country.alpha2}-{assoc.code}-{counters[assoc.code]:04d}"
    record: t.Record = {
        "id": pid,
        "name": name,
        "country": country.alpha2 if alpha2 else country.name,
    }
    if rng.random() >= 0.08:
        record["city"] = org.city
    record.update(field=field, sectors=sectors, affiliation=org.name.removeprefix("the "))
    record.update(affiliation_type=org.type, association=assoc.name, expertise=bio)
    record.update(keywords=keywords, languages=languages)
    if rng.random() >= 0.04:
        record["years_experience"] = job[2]
    if rng.random() >= 0.15:
        record["capacity"] = capacity
    if consent or rng.random() < 0.6:
        record["consent_to_contact"] = consent
    if email is not None:
        record["email"] = email
    return record, Meta(sf.key, vietnamese, plain, assoc.code)


def _iter_profiles(n: int, seed: int) -> Iterator[tuple[t.Record, Meta]]:
    """Yield profiles one by one, so that 600,000 of them never sit in memory together."""
    if n < 0:
        raise ValueError(f"n must be zero or more, got {n}")
    # One shuffled cycle of sub-fields: exact counts per sub-field, so every need is guaranteed
    # enough relevant experts however the draws fall; three slots (~5%) are outside the sectors.
    cycle = (*(sf.key for sf in t.STRATEGIC for _ in range(sf.weight)), *(_OTHER_SLOT,) * 3)
    position_of = {sf.key: i for i, sf in enumerate(t.STRATEGIC)}
    rng = random.Random(seed)
    counters = {a.code: 0 for a in t.ASSOCIATIONS}
    order: list[str] = []
    seen: set[str] = set()
    for index in range(n):
        turn, position = divmod(index, len(cycle))
        if position == 0:
            order = list(cycle)
            rng.shuffle(order)
            seen = set()
        key = order[position]
        if key == _OTHER_SLOT:
            sf = rng.choice(t.OTHERS)
            vietnamese = rng.random() < 0.12
        else:
            sf = t.SUBFIELDS[key]
            planned = key not in seen and turn % _VI_SPREAD == position_of[key] % _VI_SPREAD
            seen.add(key)
            vietnamese = planned or rng.random() < _VI_EXTRA
        yield _profile(rng, counters, index, sf, vietnamese)


def generate_profiles(n: int, seed: int = 57) -> list[dict[str, object]]:
    """Generate ``n`` expert profiles with the fields of DATA.md only.

    Parameters
    ----------
    n
        How many profiles; the first ``k`` are the same for any ``n >= k``.
    seed
        Seed of the one random stream: the same arguments always give the same profiles.

    Returns
    -------
    list of dict
        One record per profile, fields in DATA.md order; optional fields are sometimes absent.

    Raises
    ------
    ValueError
        ``n`` is negative.

    >>> first = generate_profiles(2)[0]
    >>> first == generate_profiles(1)[0], first["languages"][0]
    (True, 'vi')
    """
    return [record for record, _ in _iter_profiles(n, seed)]
