"""An expert's bio (the ``expertise`` field) from the sentences and phrases of ``bios.yaml``.

Every draw is made in one fixed order whichever sentences end up in the bio: the same random
stream always gives the same profile."""

from __future__ import annotations

import functools
import random

import bridge_match.sample.tables as t
from bridge_match.sample.tables import Country, SubField, Template

Job = tuple[str, str, int, str, bool]  # English title, Vietnamese title, years, kind, senior

_AN_LETTERS = frozenset("AEFHILMNORSX")  # acronyms read letter by letter that start with a vowel
_WORD_ACRONYMS = frozenset({"MEMS"})  # acronyms read as a word
_REFERENCE_YEAR = 2025  # fixed, so that output never depends on the clock


@functools.cache  # job titles repeat
def _article(phrase: str) -> str:
    """Prefix "a" or "an" by sound, so that "an RFIC designer" and "a MEMS engineer" read right."""
    first = phrase.split(" ", 1)[0]
    if sum(ch.isupper() for ch in first) >= 2 and first not in _WORD_ACRONYMS:
        vowel = first[0] in _AN_LETTERS
    else:
        vowel = first[:1].lower() in "aeiou"
    return ("an " if vowel else "a ") + phrase


def _facts(
    rng: random.Random, sf: SubField, vietnamese: bool, country: Country, job: Job
) -> tuple[dict[str, object], float, int]:
    """What the bio says, as the sentences' placeholders; and the two draws that pick sentences
    (made here because they come between the others in the random stream)."""
    title, years, kind = job[1] if vietnamese else job[0], job[2], job[3]
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
    at_home = rng.random() < 0.6
    phd_from = rng.choice(country.universities if at_home else t.PHD_UNIVERSITIES)
    if vietnamese:
        phd_from = t.VIETNAMESE_NAMES.get(phd_from, phd_from.removeprefix("the "))
    shift = rng.randint(2, 5) if kind in ("academic", "postdoc") else -rng.randint(0, 3)
    draw, pick = rng.random(), rng.randrange(3)
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
        "held": f"{patents} patent" if patents == 1 else f"{patents} patents",
    }  # fmt: skip
    return facts, draw, pick


def expertise(
    rng: random.Random,
    sf: SubField,
    vietnamese: bool,
    field: str,
    job: Job,
    affiliation: str,
    country: Country,
    second: SubField | None,
) -> str:
    """A 40-120 word bio: fixed opening sentences, then optional ones up to a random length."""
    years, kind, senior = job[2:]
    first = rng.random() < 0.25
    facts, draw, pick = _facts(rng, sf, vietnamese, country, job)
    facts["field"] = field
    facts["affiliation"] = affiliation.removeprefix("the ") if vietnamese else affiliation
    if second is not None:
        wording = second.vi if vietnamese else second.en
        facts["second_field"] = wording.field[0]
        facts["second_method"] = rng.choice(wording.methods)
    s = t.SENTENCES[("vi_" if vietnamese else "en_") + ("first" if first else "third")]
    openings = s.opening + s.opening_long_career if years >= 2 else s.opening
    output: Template | None = None
    if kind in ("academic", "postdoc", "phd") or (kind == "industry" and draw < 0.3 and years >= 5):
        output = s.papers
    elif kind == "industry" and draw > 0.5:
        output = s.patents
    if kind in ("phd", "postdoc") or years < 5:
        project = s.project_junior
    else:
        project = s.project_led if draw < 0.5 else s.project_many
    lead = (s.supervised if kind == "academic" else s.team) if senior else None
    phd_chance = 0.8 if kind in ("academic", "postdoc") else 0.0 if kind == "phd" else 0.4
    phd = s.phd if rng.random() < phd_chance else None
    second_interest = s.second_interest if second is not None else None
    # Canonical order; opening, core and the second interest always appear.
    templates: list[Template | None] = [
        openings[pick % len(openings)],
        s.core[pick % len(s.core)],
        rng.choice(s.uses),
        project,
        output,
        lead,
        phd,
        second_interest,
        s.vietnam[pick % len(s.vietnam)],
    ]
    # Vietnamese counts syllables as words, so the same content runs about a third longer.
    target = rng.randint(62, 112) if vietnamese else rng.randint(50, 105)
    return _fit([template(facts) if template else "" for template in templates], target, rng)


def _fit(slots: list[str], target: int, rng: random.Random) -> str:
    """The fixed sentences, then optional ones in random order up to ``target`` words (never over
    120), then more if needed for 40 words and four sentences; in canonical order."""
    counts = [len(slot.split()) for slot in slots]
    chosen = {i for i in (0, 1, 7) if slots[i]}
    words = sum(counts[i] for i in chosen)
    optional = [i for i in range(len(slots)) if i not in (0, 1, 7) and slots[i]]
    rng.shuffle(optional)
    for i in optional:
        if words >= target:
            break
        if words + counts[i] <= 120:
            chosen.add(i)
            words += counts[i]
    for i in optional:
        if words >= 40 and len(chosen) >= 4:
            break
        if i not in chosen and words + counts[i] <= 120:
            chosen.add(i)
            words += counts[i]
    return " ".join(slots[i] for i in sorted(chosen))
