"""Why an expert was ranked: the terms they share with the need, and the boosts applied; and
the shortlist rows a coordinator reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from bridge_match.boost import describe_boosts
from bridge_match.conflicts import conflict_reason
from bridge_match.documents import need_document, sector_document
from bridge_match.index import FittedIndex
from bridge_match.models import ExpertProfile, Need
from bridge_match.organisations import Organisations
from bridge_match.rank import Ranked
from bridge_match.text import CONCEPT_PREFIX, Glossary, fold, is_vietnamese


def shared_terms(
    need_terms: np.ndarray,
    need_weights: np.ndarray,
    expert_weights: np.ndarray,
    terms: np.ndarray,
    surfaces: Mapping[str, str],
    glossary: Glossary | None,
    vietnamese: bool,
    limit: int = 5,
    quiet: frozenset[str] = frozenset(),
) -> list[str]:
    """The terms that contribute most to the cosine, in the need's own words where possible.

    ``need_terms`` are the need's term columns, ``need_weights`` and ``expert_weights`` the two
    sides' weights for those terms (0 where the expert lacks one). A glossary concept reads in
    the need's language; a term is left out when a longer phrase among the top terms contains
    it, and nothing already shown is repeated. ``quiet`` terms (the sector's own labels, which
    the sector boost already reports) are not listed. Vietnamese syllable n-grams outside the
    glossary ("dẫn nghiên") may straddle two words, so they come after glossary concepts and
    plain words.
    """
    shared = np.flatnonzero(expert_weights)
    if len(shared) == 0:
        return []
    common = need_terms[shared]
    weight = need_weights[shared] * expert_weights[shared]
    top = [i for i in np.argsort(-weight, kind="stable") if str(terms[common[i]]) not in quiet]
    top = top[: 4 * limit]
    labels = [_label(str(terms[common[i]]), surfaces, glossary, vietnamese) for i in top]
    phrases = [set(fold(label).split()) for label in labels]
    picked: list[tuple[bool, int, str]] = []
    covered: set[str] = set()
    for position, (label, words) in enumerate(zip(labels, phrases, strict=True)):
        inside_phrase = any(words < other for other in phrases)
        if inside_phrase or words <= covered:
            continue
        covered |= words
        syllables = str(terms[common[top[position]]]).startswith(CONCEPT_PREFIX) is False and (
            fold(label) != label.casefold()
        )
        picked.append((syllables, position, label))
    picked.sort()
    return [label for _, _, label in picked[:limit]]


def _label(
    term: str, surfaces: Mapping[str, str], glossary: Glossary | None, vietnamese: bool
) -> str:
    if term.startswith(CONCEPT_PREFIX) and glossary is not None:
        shown = glossary.display(term, vietnamese)
        if shown:
            return shown
    return surfaces.get(term, term.removeprefix(CONCEPT_PREFIX))


def reasons_text(terms: Sequence[str], boosts: Sequence[str]) -> str:
    """One line a coordinator can read: ``terms: a, b; +0.05 sector ai; +0.02 seniority 12 y``."""
    parts = [f"terms: {', '.join(terms)}"] if terms else []
    parts.extend(boosts)
    return "; ".join(parts)


def shortlist_rows(
    need: Need,
    query: sp.csr_matrix,
    ranked: Ranked,
    index: FittedIndex,
    profiles: Sequence[ExpertProfile],
    need_weights: Mapping[str, int],
    notes: Sequence[str] = (),
    organisations: Organisations | None = None,
) -> list[dict[str, object]]:
    """One shortlist row per ranked expert: who, the scores, the reasons in the need's
    language (shared terms in the need's own spelling, then each boost applied, then
    ``notes`` such as the semantic fusion), and whether the expert has a conflict of interest
    with the need's host (:func:`bridge_match.conflicts.find_conflict`).

    Parameters
    ----------
    need, query:
        The need and its row over the fitted terms.
    ranked:
        Its top rows (:func:`bridge_match.rank.exact_top`).
    index:
        The fitted index.
    profiles:
        The profiles, in row order.
    need_weights:
        The need's field weights, as the query was built with.
    notes:
        Extra reasons for every row.
    organisations:
        The organisation table conflicts are found with; None for the exact-name rule only.

    Returns
    -------
    list[dict]
        The rows, with the shortlist's columns (``email`` None without consent, ``conflict``
        empty without a conflict).
    """
    analyzer = index.vectorizer.analyzer
    surfaces = analyzer.surfaces(need_document(need, need_weights))
    vietnamese = is_vietnamese(f"{need.title}. {need.description}")
    sector_only = (need.sector.label_vi if vietnamese else need.sector.label).lower()
    quiet = frozenset(analyzer(sector_document(need.sector)))
    held_by = weights_at(index.index_t, query.indices, ranked.rows)
    terms = index.vectorizer.terms_
    out: list[dict[str, object]] = []
    for rank, (row, values, score, sim, held) in enumerate(
        zip(ranked.rows, ranked.boosts, ranked.scores, ranked.similarities, held_by, strict=True),
        start=1,
    ):
        expert = profiles[row]
        shared = shared_terms(
            query.indices,
            query.data,
            held,
            terms,
            surfaces,
            index.vectorizer.glossary,
            vietnamese,
            quiet=quiet,
        ) or [f"{sector_only} (sector)"]
        applied = describe_boosts(need, index.experts, row, values) if values.size else []
        out.append(
            {
                "need_id": need.id,
                "need_title": need.title,
                "sector": need.sector.value,
                "rank": rank,
                "expert_id": expert.id,
                "name": expert.name,
                "country": expert.country,
                "affiliation": expert.affiliation,
                "field": expert.field,
                "score": float(score),
                "similarity": float(sim),
                "boost": float(values.sum()),
                "reasons": reasons_text(shared, [*applied, *notes]),
                "conflict": conflict_reason(
                    need.host, expert.affiliation, expert.email, organisations
                ),
                "email": expert.email if expert.consent_to_contact else None,
            }
        )
    return out


def weights_at(index_t: sp.csr_matrix, columns: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Experts' weights for some terms, ``len(rows) × len(columns)``, read from the inverted
    index: each term's experts are sorted, so a binary search finds a row."""
    out = np.zeros((len(rows), len(columns)), dtype=np.float32)
    if len(rows) == 0:
        return out
    for j, column in enumerate(columns):
        lo, hi = index_t.indptr[column], index_t.indptr[column + 1]
        if lo == hi:
            continue
        holders = index_t.indices[lo:hi]
        at = np.minimum(np.searchsorted(holders, rows), hi - lo - 1)
        found = holders[at] == rows
        out[found, j] = index_t.data[lo + at[found]]
    return out
