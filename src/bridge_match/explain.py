"""Why an expert was ranked: the terms they share with the need, and the boosts applied."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from bridge_match.text import CONCEPT_PREFIX, Glossary, fold


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
