"""Which experts a query may return: by country of residence, association, languages spoken,
years of experience and declared sector.

Every filter's value is checked as a value in a data file would be (an unknown country or
language is a :class:`~bridge_match.errors.DataError` naming the option and the fix), and a set of
filters that leaves nobody says which filter did it, rather than answering with an empty list.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from bridge_match.errors import DataError, Problem
from bridge_match.index import FittedIndex
from bridge_match.models import normalize_country, normalize_language
from bridge_match.sectors import Sector, parse_sector
from bridge_match.text.normalize import fold


@dataclass(frozen=True)
class Filters:
    """A query's filters, as given (``--country`` ... ``--expert-sector``); empty means all.

    Parameters
    ----------
    country:
        Countries of residence (names or codes): the expert lives in one of them.
    association:
        An association's name in English or Vietnamese, a part of it, or its acronym.
    language:
        Languages (ISO 639-1 codes or English names): the expert speaks all of them.
    min_years:
        At least this many years of experience (experts who did not say are left out).
    expert_sector:
        Sectors (keys or labels): the expert declares one of them.
    """

    country: Sequence[str] = ()
    association: str | None = None
    language: Sequence[str] = ()
    min_years: int | None = None
    expert_sector: Sequence[str] = ()

    def __bool__(self) -> bool:
        return bool(
            self.country
            or self.association
            or self.language
            or self.min_years is not None
            or self.expert_sector
        )


def allowed_rows(index: FittedIndex, filters: Filters) -> np.ndarray | None:
    """A mask over the index's rows of the experts that pass every filter, or None for all.

    Parameters
    ----------
    index:
        The fitted index (its expert attributes are what the filters read).
    filters:
        The query's filters.

    Returns
    -------
    numpy.ndarray or None
        Boolean per row; None when nobody is filtered out.

    Raises
    ------
    DataError
        A value that is not a country, language, sector or known association (named as on the
        command line, with the fix), or filters that together leave nobody (naming the one that
        did).
    """
    if not filters:
        return None
    steps = list(_steps(index, filters))
    mask = np.ones(index.n_experts, dtype=bool)
    counts: list[tuple[str, int]] = []
    for option, shown, step in steps:
        mask &= step
        counts.append((f"{option} {shown}", int(mask.sum())))
        if not mask.any():
            raise DataError(Problem(option, None, None, _nobody(counts, index.n_experts)))
    return None if mask.all() else mask


def check_one(index: FittedIndex, filters: Filters, row: int) -> None:
    """Check one expert (a reverse query's, ``--expert``) against the filters.

    Parameters
    ----------
    index:
        The fitted index.
    filters:
        The query's filters.
    row:
        The expert's row in the index.

    Raises
    ------
    DataError
        A value that is not a country, language, sector or association, or a filter this
        expert does not pass (naming it), rather than an empty answer.
    """
    for option, shown, step in _steps(index, filters):
        if not step[row]:
            expert = index.ids[row]
            raise DataError(
                Problem(option, None, None, f"{expert} does not pass {option} {shown}; drop it")
            )


def _nobody(counts: list[tuple[str, int]], total: int) -> str:
    """``--country JP leaves 112 of 420 experts; with --language ko, none``."""
    (first, kept), *rest = counts
    if not rest:
        return f"no expert passes {first} (of {total}); change or drop it"
    said = [f"{first} leaves {kept} of {total} experts"]
    said += [f"with {option}, {left or 'none'}" for option, left in rest]
    return "; ".join(said) + f"; change or drop {rest[-1][0].split()[0]}"


def _steps(index: FittedIndex, filters: Filters) -> list[tuple[str, str, np.ndarray]]:
    """Each given filter as ``(option, value as shown, mask)``, every value checked first."""
    experts = index.experts
    problems: list[Problem] = []
    steps: list[tuple[str, str, np.ndarray]] = []

    def parsed(option: str, values: Sequence[str], parse: object) -> list[str]:
        out = []
        for value in values:
            try:
                out.append(parse(value))  # type: ignore[operator]
            except ValueError as exc:
                problems.append(Problem(option, None, None, str(exc)))
        return out

    countries = parsed("--country", filters.country, normalize_country)
    if countries:
        living = np.asarray(np.isin(experts.countries, countries), dtype=bool)
        steps.append(("--country", " ".join(countries), living))
    if filters.association:
        try:
            steps.append(
                (
                    "--association",
                    repr(filters.association),
                    _members(filters.association, experts.associations),
                )
            )
        except ValueError as exc:
            problems.append(Problem("--association", None, None, str(exc)))
    languages = parsed("--language", filters.language, normalize_language)
    if languages:
        spoken = np.ones(index.n_experts, dtype=bool)
        for code in languages:
            column = experts.language_index.get(code)
            if column is None:
                spoken[:] = False
            else:
                spoken &= experts.languages[:, column]
        steps.append(("--language", " ".join(languages), spoken))
    if filters.min_years is not None:
        if filters.min_years < 0:
            problems.append(Problem("--min-years", None, None, "must be 0 or more"))
        else:
            known = np.nan_to_num(experts.years, nan=-1.0)
            enough = np.asarray(known >= filters.min_years, dtype=bool)
            steps.append(("--min-years", str(filters.min_years), enough))
    sectors = parsed("--expert-sector", filters.expert_sector, parse_sector)
    if sectors:
        columns = [list(Sector).index(Sector(s)) for s in sectors]
        declared = np.asarray(experts.sectors[:, columns].any(axis=1), dtype=bool)
        steps.append(("--expert-sector", " ".join(map(str, sectors)), declared))
    if problems:
        raise DataError(problems)
    return steps


@dataclass(frozen=True)
class Association:
    """A diaspora association and the names it goes by (``associations.yaml``)."""

    acronym: str
    name: str
    name_vi: str
    country: str

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(_key(n) for n in (self.acronym, self.name, self.name_vi))


@functools.cache
def known_associations() -> tuple[Association, ...]:
    """The associations shipped in ``associations.yaml``."""
    with open(Path(__file__).with_name("associations.yaml"), encoding="utf-8") as handle:
        return tuple(Association(**entry) for entry in yaml.safe_load(handle))


def _key(text: str) -> str:
    return " ".join(re.split(r"[\W_]+", fold(text))).strip()


def resolve_association(query: str) -> list[Association]:
    """The known associations ``query`` names: by acronym, by its English or Vietnamese name,
    or by a part of either (whole words, no case or diacritics).

    >>> [a.acronym for a in resolve_association("Hội Trí thức Việt Nam tại Nhật")]
    ['AVIJ']
    """
    wanted = _key(query)
    found = [a for a in known_associations() if wanted == _key(a.acronym)]
    if found:
        return found
    return [
        a
        for a in known_associations()
        if any(re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", k) for k in a.keys)
    ]


def _members(query: str, associations: np.ndarray) -> np.ndarray:
    """Experts whose association is one the query names (any of its names), or whose own
    ``association`` text the query matches (associations not in the table); each distinct
    association is judged once."""
    names = frozenset().union(*(a.keys for a in resolve_association(query)))
    distinct, codes = np.unique(associations.astype(str), return_inverse=True)
    judged = np.array([_member(query, names, a) for a in distinct], dtype=bool)
    mask = judged[codes] if len(distinct) else np.zeros(len(associations), dtype=bool)
    if not names and not mask.any():
        raise ValueError(_unknown_association(query, distinct.tolist()))
    return np.asarray(mask, dtype=bool)


def _member(query: str, names: frozenset[str], association: str) -> bool:
    if not association:
        return False
    return _key(association) in names or same_association(query, association)


def _unknown_association(query: str, written: Sequence[str]) -> str:
    choices = {a.acronym: f"{a.acronym} ({a.name})" for a in known_associations()}
    choices.update({a.name: f"{a.acronym} ({a.name})" for a in known_associations()})
    choices.update({a.name_vi: f"{a.acronym} ({a.name_vi})" for a in known_associations()})
    for association in written:
        if association and association not in choices:
            choices[association] = association
    close = difflib.get_close_matches(query, list(choices), n=6, cutoff=0.4)
    close += difflib.get_close_matches(query.upper(), list(choices), n=6, cutoff=0.6)
    shown = list(dict.fromkeys(choices[c] for c in close))[:3]
    if shown:
        hint = f"; closest: {', '.join(shown)}"
    else:  # nothing like it: name them all (a short list), by acronym
        hint = "; known: " + ", ".join(sorted(a.acronym for a in known_associations()))
    return (
        f"no association matches {query!r}{hint}. Give an acronym, the English or Vietnamese "
        "name, or a part of it"
    )


_MINOR_WORDS = frozenset({"and", "of", "the", "for", "in", "va", "cua"})


@functools.lru_cache(maxsize=4096)
def same_association(query: str, name: str | None) -> bool:
    """Coordinators type "VKBIA" or "korea business" for "Vietnam-Korea Business and
    Innovation Association": accept the acronym or any part of the name, without case or
    diacritics.

    >>> same_association("VKBIA", "Vietnam-Korea Business and Innovation Association")
    True
    """
    if not name:
        return False
    wanted, full = " ".join(fold(query).split()), " ".join(fold(name).split())
    words = [w for w in re.split(r"[\W_]+", full) if w and w not in _MINOR_WORDS]
    return wanted == "".join(w[0] for w in words) or wanted in full
