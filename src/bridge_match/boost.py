"""Rule-based boosts: one small function per rule, vectorised over candidate experts.

Each rule gives raw values for a set of candidate rows; :func:`apply_boosts` then gates them on
similarity and caps their sum, which is what keeps boosts from outranking relevance.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

import numpy as np

from bridge_match.i18n import Translator, translator
from bridge_match.models import ExpertProfile, Need
from bridge_match.rules import Rules
from bridge_match.sectors import Sector

_SECTORS = list(Sector)
T = TypeVar("T")


@dataclass(frozen=True)
class ExpertTable:
    """Expert attributes as arrays aligned with the matrix rows, so boosts need no Python loop."""

    countries: np.ndarray
    sectors: np.ndarray
    languages: np.ndarray
    language_index: dict[str, int]
    years: np.ndarray
    affiliation_types: np.ndarray
    associations: np.ndarray
    """Each expert's association as written ("" for none), for the ``--association`` filter."""

    @classmethod
    def from_profiles(cls, profiles: Sequence[ExpertProfile]) -> ExpertTable:
        """One pass over the profiles; sector and language lists, of which there are few
        distinct ones, are turned into rows once each."""
        attributes = operator.attrgetter(
            "country", "sectors", "languages", "years_experience", "affiliation_type", "association"
        )
        columns = tuple(zip(*map(attributes, profiles), strict=True)) or ((),) * 6
        countries, sector_lists, language_lists, years, types, associations = columns
        sector_codes, sector_kinds = _distinct(cast(Sequence[Sequence[Sector]], sector_lists))
        language_codes, language_kinds = _distinct(cast(Sequence[Sequence[str]], language_lists))
        language_index: dict[str, int] = {}
        for kind in language_kinds:
            for lang in kind:
                language_index.setdefault(lang, len(language_index))
        sectors = np.zeros((len(sector_kinds), len(_SECTORS)), dtype=bool)
        for row, kind in enumerate(sector_kinds):
            sectors[row, [_SECTORS.index(s) for s in kind]] = True
        languages = np.zeros((len(language_kinds), max(len(language_index), 1)), dtype=bool)
        for row, kind in enumerate(language_kinds):
            languages[row, [language_index[lang] for lang in kind]] = True
        type_values = {t: t.value if t else "" for t in set(types)}
        return cls(
            countries=np.array(countries, dtype=object),
            sectors=sectors[sector_codes],
            languages=languages[language_codes],
            language_index=language_index,
            years=np.array(years, dtype=np.float64),
            affiliation_types=np.array([type_values[t] for t in types], dtype=object),
            associations=np.array([a or "" for a in associations], dtype=object),
        )


def _distinct(lists: Sequence[Sequence[T]]) -> tuple[np.ndarray, list[tuple[T, ...]]]:
    """A code per list and the distinct lists (as tuples) in order of first appearance."""
    index: dict[tuple[T, ...], int] = {}
    codes = np.fromiter(
        (index.setdefault(tuple(x), len(index)) for x in lists), dtype=np.intp, count=len(lists)
    )
    return codes, list(index)


Values = Callable[[Need, ExpertTable, np.ndarray, Rules], np.ndarray]
Detail = Callable[[Need, ExpertTable, int, Translator], str]


def sector_match(need: Need, experts: ExpertTable, rows: np.ndarray, rules: Rules) -> np.ndarray:
    return experts.sectors[rows, _SECTORS.index(need.sector)] * rules.sector_match


def preferred_country(
    need: Need, experts: ExpertTable, rows: np.ndarray, rules: Rules
) -> np.ndarray:
    wanted = list(need.preferred_countries)
    return np.isin(experts.countries[rows], wanted) * rules.preferred_country


def shared_language(need: Need, experts: ExpertTable, rows: np.ndarray, rules: Rules) -> np.ndarray:
    columns = [experts.language_index[x] for x in need.languages if x in experts.language_index]
    if not columns:
        return np.zeros(len(rows))
    speaks = experts.languages[np.ix_(rows, np.asarray(columns, dtype=np.intp))].any(axis=1)
    return np.asarray(speaks * rules.shared_language)


def seniority(need: Need, experts: ExpertTable, rows: np.ndarray, rules: Rules) -> np.ndarray:
    years = np.nan_to_num(experts.years[rows], nan=0.0)
    return np.clip(years / rules.seniority.full_at_years, 0.0, 1.0) * rules.seniority.weight


def affiliation_fit(need: Need, experts: ExpertTable, rows: np.ndarray, rules: Rules) -> np.ndarray:
    fitting = rules.affiliation_fit.by_engagement.get(need.engagement) if need.engagement else None
    if not fitting:
        return np.zeros(len(rows))
    kinds = [k.value for k in fitting]
    return np.isin(experts.affiliation_types[rows], kinds) * rules.affiliation_fit.weight


def country_strength(
    need: Need, experts: ExpertTable, rows: np.ndarray, rules: Rules
) -> np.ndarray:
    strong = rules.country_strength.by_sector.get(need.sector, [])
    return np.isin(experts.countries[rows], strong) * rules.country_strength.weight


def _sector_name(need: Need, t: Translator) -> str:
    """The need's sector as the reasons name it: its key in English, its label in Vietnamese."""
    return need.sector.label_vi if t.lang == "vi" else need.sector.value.replace("_", " ")


def _detail_sector(need: Need, experts: ExpertTable, row: int, t: Translator) -> str:
    sector = need.sector.label_vi if t.lang == "vi" else need.sector.value
    return t("sector {sector}").format(sector=sector)


def _detail_country(need: Need, experts: ExpertTable, row: int, t: Translator) -> str:
    return t("country {country} (preferred)").format(country=experts.countries[row])


def _detail_language(need: Need, experts: ExpertTable, row: int, t: Translator) -> str:
    index = experts.language_index
    spoken = [x for x in need.languages if x in index and experts.languages[row, index[x]]]
    return t("language {languages}").format(languages="/".join(spoken))


def _detail_seniority(need: Need, experts: ExpertTable, row: int, t: Translator) -> str:
    return t("seniority {years} y").format(years=int(experts.years[row]))


def _detail_affiliation(need: Need, experts: ExpertTable, row: int, t: Translator) -> str:
    engagement = need.engagement.value.replace("_", " ") if need.engagement else ""
    kind = experts.affiliation_types[row].replace("_", " ")
    return t("{kind} fits {engagement}").format(kind=t(kind), engagement=t(engagement))


def _detail_strength(need: Need, experts: ExpertTable, row: int, t: Translator) -> str:
    country = experts.countries[row]
    return t("{country} strong in {sector}").format(country=country, sector=_sector_name(need, t))


BOOSTS: tuple[tuple[str, Values, Detail], ...] = (
    ("sector_match", sector_match, _detail_sector),
    ("preferred_country", preferred_country, _detail_country),
    ("shared_language", shared_language, _detail_language),
    ("seniority", seniority, _detail_seniority),
    ("affiliation_fit", affiliation_fit, _detail_affiliation),
    ("country_strength", country_strength, _detail_strength),
)
BOOST_NAMES: tuple[str, ...] = tuple(name for name, _, _ in BOOSTS)


def apply_boosts(
    need: Need, experts: ExpertTable, rows: np.ndarray, similarity: np.ndarray, rules: Rules
) -> np.ndarray:
    """Boost values, one column per rule, for ``rows`` whose similarities are ``similarity``.

    Experts below ``min_similarity`` get nothing; a row's total is scaled down to
    ``max_total_boost``. So two experts whose similarities differ by more than that cap keep
    their order, whatever the rules.
    """
    values = np.zeros((len(rows), len(BOOSTS)), dtype=np.float64)
    if len(rows) == 0:
        return values
    for column, (name, compute, _) in enumerate(BOOSTS):
        if rules.weight(name) > 0:
            values[:, column] = compute(need, experts, rows, rules)
    values[similarity < rules.min_similarity] = 0.0
    total = values.sum(axis=1)
    over = total > rules.max_total_boost
    values[over] *= (rules.max_total_boost / total[over])[:, None]
    return values


def describe_boosts(
    need: Need,
    experts: ExpertTable,
    row: int,
    values: np.ndarray,
    t: Translator | None = None,
) -> list[str]:
    """``+0.05 sector semiconductors``-style phrases for the boosts that applied to one expert,
    in the language of ``t`` (:func:`bridge_match.i18n.translator`).

    Shown to two decimals so that they add up to the row's boost as shown: each value rounded,
    the remainders given to the largest (a boost scaled down by the cap would otherwise show
    0.05 + 0.04 + 0.02 for a total of 0.12); a boost that shows as 0.00 is left out.

    Parameters
    ----------
    need:
        The need.
    experts, row:
        The expert attributes and the expert's row.
    values:
        The expert's boost values, one per rule (:data:`BOOSTS` order).
    t:
        The translator of the need's language.

    Returns
    -------
    list[str]
        One phrase per boost shown.
    """
    t = t or translator("en")
    cents = _cents(values)
    return [
        f"+{cent / 100:.2f} {detail(need, experts, row, t)}"
        for (_, _, detail), cent in zip(BOOSTS, cents, strict=True)
        if cent > 0
    ]


def _cents(values: np.ndarray) -> list[int]:
    """The values in hundredths, each rounded down and the rest handed out largest remainder
    first, so that they sum to the total rounded (half up).

    >>> _cents(np.array([0.0545, 0.0436, 0.0219]))
    [6, 4, 2]
    """
    scaled = np.asarray(values, dtype=np.float64) * 100
    floors = np.floor(scaled + 1e-9).astype(int)
    total = int(np.floor(scaled.sum() + 0.5 + 1e-9))
    order = np.argsort(-(scaled - floors), kind="stable")
    for position in order[: max(0, total - int(floors.sum()))]:
        floors[position] += 1
    return floors.tolist()
