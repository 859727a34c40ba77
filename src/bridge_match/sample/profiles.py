"""Expert profiles as the associations send them, one at a time from a single random stream.

Every draw is made in one fixed order whichever fields and bio sentences (``bios.yaml``) end up in
a profile: the same random stream always gives the same profile."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator
from typing import NamedTuple

import bridge_match.sample.tables as t
from bridge_match.sectors import Sector
from bridge_match.text.normalize import unaccented

Job = tuple[str, str, int, str, bool]  # English title, Vietnamese title, years, kind, senior
# In every _VI_SPREAD cycles each sub-field has one profile written in Vietnamese, placed in a
# different cycle per sub-field so they do not bunch at the start of the file; any other profile
# is in Vietnamese by chance (_VI_EXTRA), and a Vietnamese one may be typed without diacritics.
_VI_SPREAD, _VI_EXTRA, _UNACCENTED = 5, 0.025, 0.12
# Sectors are sometimes written as a label, as a coordinator filling a form would type them; in
# English only the labels that DATA.md lists as accepted (so not semiconductors, biotechnology).
_ENGLISH = (Sector.AI, Sector.NEW_MATERIALS, Sector.GREEN_ENERGY, Sector.HIGHER_EDUCATION)
_LABELS = {(s.value, False): s.label for s in _ENGLISH}  # by (sector, written in Vietnamese)
_LABELS |= {(s.value, True): s.label_vi for s in Sector if s is not Sector.OTHER}
_AN_LETTERS = frozenset("AEFHILMNORSX")  # acronyms read letter by letter that start with a vowel
_REFERENCE_YEAR = 2025  # fixed, so that output never depends on the clock
_plain_name = functools.cache(unaccented)  # names repeat; bios do not


class Meta(NamedTuple):
    """What the generator knows beyond the emitted fields: ground truth for checks and qrels."""

    subfield: str
    vietnamese: bool
    unaccented: bool
    association: str


def _fits(org: t.Org, sf: t.SubField) -> bool:
    if sf.key == "vn_language_teaching":
        return "lang" in org.tags
    return "*" in org.tags or sf.sector in org.tags or sf.key in org.tags


@functools.cache  # like _orgs, depends on the tables only: computed once per key
def _associations(key: str, vietnamese: bool) -> t.Weighted[t.Association]:
    """The associations weighted for a sub-field: by size, affinity and language."""
    sf, weights = t.SUBFIELDS[key], []
    for assoc in t.ASSOCIATIONS:
        factor = assoc.affinity.get(sf.key, assoc.affinity.get(sf.sector, assoc.default))
        weights.append(assoc.size * factor * (assoc.vi_affinity if vietnamese else 1.0))
    return t.Weighted(zip(t.ASSOCIATIONS, weights, strict=True))


@functools.cache
def _orgs(country: str, key: str, kind: str) -> tuple[t.Org, ...]:
    """The employers in ``country`` of type ``kind`` (``*`` for any) that fit the sub-field."""
    sf, orgs = t.SUBFIELDS[key], t.COUNTRIES[country].orgs
    return tuple(org for org in orgs if (kind == "*" or org.type == kind) and _fits(org, sf))


def _work(rng: random.Random, country: t.Country, sf: t.SubField) -> tuple[t.Org, Job]:
    """The employer (its city is where the expert lives) and the job as a ``Job``."""
    home = [org for org in t.HOME_ORGS if _fits(org, sf)] if rng.random() < 0.03 else []
    if home:
        org = rng.choice(home)._replace(city=rng.choice(country.cities))
    else:
        kind = (t.AFFILIATION_TYPES.get(sf.key) or t.AFFILIATION_TYPES[sf.sector]).pick(rng)
        code, key = country.alpha2, sf.key
        found = _orgs(code, key, kind) or _orgs(code, key, t.UNIVERSITY) or _orgs(code, key, "*")
        org = rng.choice(found)
    staff = org.type == t.UNIVERSITY and sf.sector == "higher_education" and rng.random() < 0.5
    if org.type not in (t.COMPANY, t.OTHER) and not staff:
        role = t.ROLES[org.type].pick(rng)
        return org, (role.en, role.vi, rng.randint(role.low, role.high), role.kind, role.senior)
    i = rng.randrange(min(len(sf.en.roles), len(sf.vi.roles)))  # the sub-field's own titles
    en, vi = sf.en.roles[i], sf.vi.roles[i]
    if org.type != t.COMPANY:
        years = rng.randint(2, 25)
        return org, (en, vi, years, "staff", years >= 12)
    step = t.ROLES[t.COMPANY].pick(rng)  # a seniority for the sub-field's title
    titles = step.en.replace("{title}", en), step.vi.replace("{title}", vi)
    return org, (*titles, rng.randint(step.low, step.high), step.kind, step.senior)


@functools.cache  # job titles repeat
def _article(phrase: str) -> str:
    """Prefix "a" or "an" by sound, so that "an RFIC designer" and "a MEMS engineer" read right."""
    first = phrase.split(" ", 1)[0]
    if sum(ch.isupper() for ch in first) >= 2 and first != "MEMS":  # MEMS is read as a word
        vowel = first[0] in _AN_LETTERS
    else:
        vowel = first[:1].lower() in "aeiou"
    return ("an " if vowel else "a ") + phrase


def _bio(
    rng: random.Random,
    sf: t.SubField,
    vietnamese: bool,
    field: str,
    job: Job,
    affiliation: str,
    country: t.Country,
    second: t.SubField | None,
) -> str:
    """A 40-120 word bio: fixed opening sentences, then optional ones up to a random length."""
    title, years, kind, senior = job[1] if vietnamese else job[0], *job[2:]
    first = rng.random() < 0.25
    # What the bio says: the sentences' placeholders.
    text, lang = (sf.vi, 1) if vietnamese else (sf.en, 0)  # phrases are (English, Vietnamese)
    m0, m1, m2 = rng.sample(text.methods, 3)
    app = rng.choice(text.apps)
    tools = rng.sample(sf.tools, min(len(sf.tools), rng.choice((2, 3))))
    if vietnamese:
        tools = [t.TOOLS_VI.get(tool, tool) for tool in tools]
    p0, p1 = rng.sample(text.projects, 2)
    v0, v1 = [v.removeprefix("the ") if vietnamese else v for v in rng.sample(sf.venues, 2)]
    goal = rng.choice(t.GOALS[sf.sector])[lang]
    engagement = rng.choice(t.ENGAGEMENTS)[lang]
    vnu = rng.choice(t.VN_UNIVERSITIES)[lang]
    phd_from = rng.choice(country.universities if rng.random() < 0.6 else t.PHD_UNIVERSITIES)
    if vietnamese:
        phd_from = t.VIETNAMESE_NAMES.get(phd_from, phd_from.removeprefix("the "))
    shift = rng.randint(2, 5) if kind in ("academic", "postdoc") else -rng.randint(0, 3)
    draw, pick = rng.random(), rng.randrange(3)  # which sentences
    papers = rng.randint(max(2, years // 2), max(4, min(180, years * 4)))
    supervised, team = rng.randint(3, max(4, years)), rng.randint(4, 25)
    patents = rng.randint(1, max(1, years // 3))
    last = (" và " if vietnamese else " and ") + tools[-1]
    tool_list = tools[0] if len(tools) == 1 else ", ".join(tools[:-1]) + last
    facts: dict[str, object] = {
        "role": title, "Role": title[:1].upper() + title[1:],  # not capitalize(): "RFIC"
        "a_role": title if vietnamese else _article(title), "years": years,
        "y": f"{years} year" if years == 1 else f"{years} years", "m0": m0, "m1": m1, "m2": m2,
        "app": app, "tools": tool_list, "p0": p0, "p1": p1, "v0": v0, "v1": v1, "goal": goal,
        "engagement": engagement, "vnu": vnu, "team_noun": t.TEAM_NOUNS[sf.sector][lang],
        "phd_from": phd_from, "phd_year": min(_REFERENCE_YEAR - 1, _REFERENCE_YEAR - years + shift),
        "papers": papers, "supervised": supervised, "team": team, "patents": patents,
        "held": f"{patents} patent" if patents == 1 else f"{patents} patents", "field": field,
        "affiliation": affiliation.removeprefix("the ") if vietnamese else affiliation,
    }  # fmt: skip
    if second is not None:
        wording = second.vi if vietnamese else second.en
        facts.update(second_field=wording.field[0], second_method=rng.choice(wording.methods))
    # Which sentences: each slot holds the ones it may use (none: left out), the draw picks one.
    s = t.SENTENCES[("vi_" if vietnamese else "en_") + ("first" if first else "third")]
    if kind in ("academic", "postdoc", "phd") or (kind == "industry" and draw < 0.3 and years >= 5):
        output = s["papers"]
    else:
        output = s["patents"] if kind == "industry" and draw > 0.5 else ()
    junior = kind in ("phd", "postdoc") or years < 5
    project = s["project_junior" if junior else "project_led" if draw < 0.5 else "project_many"]
    lead = s["supervised" if kind == "academic" else "team"] if senior else ()
    phd_chance = 0.8 if kind in ("academic", "postdoc") else 0.0 if kind == "phd" else 0.4
    phd = s["phd"] if rng.random() < phd_chance else ()
    # Canonical order; opening, core and the second interest always appear.
    openings = s["opening"] + s["opening_long_career"] if years >= 2 else s["opening"]
    slots = [openings, s["core"], (rng.choice(s["uses"]),), project, output, lead, phd]
    slots += [s["second_interest"] if second is not None else (), s["vietnam"]]
    # Vietnamese counts syllables as words, so the same content runs about a third longer.
    target = rng.randint(62, 112) if vietnamese else rng.randint(50, 105)
    return _fit([slot[pick % len(slot)](facts) if slot else "" for slot in slots], target, rng)


def _fit(slots: list[str], target: int, rng: random.Random) -> str:
    """The fixed sentences, then optional ones in random order up to ``target`` words, then more
    if needed for 40 words and four sentences, never over 120 words; in canonical order."""
    counts = [len(slot.split()) for slot in slots]
    chosen = {i for i in (0, 1, 7) if slots[i]}
    words = sum(counts[i] for i in chosen)
    optional = [i for i in range(len(slots)) if i not in (0, 1, 7) and slots[i]]
    rng.shuffle(optional)
    for least_words, least_sentences in ((target, 0), (40, 4)):
        for i in optional:
            if words >= least_words and len(chosen) >= least_sentences:
                break
            if i not in chosen and words + counts[i] <= 120:
                chosen.add(i)
                words += counts[i]
    return " ".join(slots[i] for i in sorted(chosen))


def _profile(
    rng: random.Random, counters: dict[str, int], index: int, sf: t.SubField, vietnamese: bool
) -> tuple[t.Record, Meta]:
    """The ``index``-th profile (from 0), of sub-field ``sf``, and what is known about it."""
    assoc = _associations(sf.key, vietnamese).pick(rng)
    country = t.COUNTRIES[assoc.country]
    counters[assoc.code] += 1
    # The name as the association wrote it; folded given and family names make the e-mail.
    family, female = t.FAMILY_NAMES.pick(rng), rng.random() < 0.42
    middle = rng.choice(t.NAMES["middle_female" if female else "middle_male"])
    given_names = t.NAMES["given_female" if female else "given_male"]
    given = rng.choice(given_names)
    while given == middle:
        given = rng.choice(given_names)
    western = 0.08 if country.english or country.alpha2 in {"FR", "DE", "NL", "SE"} else 0.03
    draw, plain_given, plain_family = rng.random(), _plain_name(given), _plain_name(family)
    if draw < western:
        name = f"{plain_given} {plain_family}"
    elif draw < western + 0.04:
        name = f"{plain_family} {_plain_name(middle)} {plain_given}"
    else:
        name = f"{family} {middle} {given}"
    org, job = _work(rng, country, sf)
    text = sf.vi if vietnamese else sf.en
    second = t.SUBFIELDS[rng.choice(sf.related)] if rng.random() < 0.35 else None
    field = rng.choice(text.field)
    bio = _bio(rng, sf, vietnamese, field, job, org.name, country, second)
    # Keywords (one may come from the second interest), and sectors as the form was filled.
    keywords = rng.sample(text.keywords, min(len(text.keywords), rng.randint(3, 5)))
    if second is not None and rng.random() < 0.6:
        extra = rng.choice((second.vi if vietnamese else second.en).keywords)
        if extra not in keywords:
            keywords.append(extra)
    keys = [sf.sector]
    if second is not None and second.sector not in (sf.sector, "other") and rng.random() < 0.7:
        keys.append(second.sector)
    labelled = 0.25 if vietnamese else 0.06  # chance that a coordinator typed the label
    sectors = [_LABELS.get((k, vietnamese), k) if rng.random() < labelled else k for k in keys]
    plain = vietnamese and rng.random() < _UNACCENTED
    if plain:
        field, bio = unaccented(field), unaccented(bio)
        keywords, sectors = [unaccented(k) for k in keywords], [unaccented(s) for s in sectors]
        if rng.random() < 0.5:
            name = _plain_name(name)
    # Vietnamese, usually English, the local languages, sometimes one more.
    languages = ["vi", "en"] if country.english or rng.random() < 0.93 else ["vi"]
    languages += [code for code, chance in country.languages.items() if rng.random() < chance]
    if job[2] >= 25 and rng.random() < 0.3:
        languages.append("ru")  # many of that generation studied in the Soviet Union
    elif rng.random() < 0.04:
        extra = rng.choice(("fr", "de", "ja", "zh"))
        if extra not in languages:
            languages.append(extra)
    capacity = rng.choices((1, 2, 3), cum_weights=(55, 90, 100))[0]
    consent = rng.random() < 0.62
    mailbox = f"{plain_given}.{plain_family}.{index + 1}".lower()
    email = f"{mailbox}@{assoc.domain}" if consent or rng.random() < 0.5 else None
    alpha2 = assoc.alpha2_form != (rng.random() < 0.08)
    # DATA.md order; optional fields are sometimes left out (None), as real files leave them out.
    record: t.Record = {
        "id": f"{country.alpha2}-{assoc.code}-{counters[assoc.code]:04d}", "name": name,
        "country": country.alpha2 if alpha2 else country.name,
        "city": org.city if rng.random() >= 0.08 else None, "field": field, "sectors": sectors,
        "affiliation": org.name.removeprefix("the "), "affiliation_type": org.type,
        "association": assoc.name, "expertise": bio, "keywords": keywords, "languages": languages,
        "years_experience": job[2] if rng.random() >= 0.04 else None,
        "capacity": capacity if rng.random() >= 0.15 else None,
        "consent_to_contact": consent if consent or rng.random() < 0.6 else None, "email": email,
    }  # fmt: skip
    present = {key: value for key, value in record.items() if value is not None}
    return present, Meta(sf.key, vietnamese, plain, assoc.code)


def _iter_profiles(n: int, seed: int) -> Iterator[tuple[t.Record, Meta]]:
    """Yield profiles one by one, so that 600,000 of them never sit in memory together."""
    if n < 0:
        raise ValueError(f"n must be zero or more, got {n}")
    # One shuffled cycle of sub-fields: exact counts per sub-field, so every need is guaranteed
    # enough relevant experts however the draws fall; three slots (~5%) are outside the sectors.
    cycle = (*(sf.key for sf in t.STRATEGIC for _ in range(sf.weight)), *(None,) * 3)
    rng = random.Random(seed)
    counters = {a.code: 0 for a in t.ASSOCIATIONS}
    for index in range(n):
        turn, position = divmod(index, len(cycle))
        if position == 0:
            order = list(cycle)
            rng.shuffle(order)
            planned = {sf.key for sf in t.STRATEGIC[turn % _VI_SPREAD :: _VI_SPREAD]}
        key = order[position]
        if key is None:  # a slot outside the sectors
            sf = rng.choice(t.OTHERS)
            vietnamese = rng.random() < 0.12
        else:
            sf = t.SUBFIELDS[key]
            vietnamese = key in planned or rng.random() < _VI_EXTRA
            planned.discard(key)  # only its first slot in the cycle
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
