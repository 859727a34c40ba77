"""One paper once: publications from several sources, the same paper found by its DOI or its
title, merged into the richest record with the gaps filled from the others."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from bridge_match.models import Publication

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")
FIELDS = ("title", "abstract", "year", "venue", "doi", "url", "authors")


def normalise_doi(doi: str | None) -> str | None:
    """A DOI as compared: lower case, without ``https://doi.org/`` or ``doi:``.

    >>> normalise_doi(" https://doi.org/10.1109/TED.2021.123 "), normalise_doi("doi:10.1/AbC")
    ('10.1109/ted.2021.123', '10.1/abc')
    """
    if not doi:
        return None
    text = unicodedata.normalize("NFC", doi).strip()
    while True:
        shorter = _DOI_PREFIX.sub("", text).strip()
        if shorter == text:
            break
        text = shorter
    return text.lower() or None


def normalise_title(title: str | None) -> str | None:
    """A title as compared: NFC, case folded, punctuation and white space one space.

    >>> normalise_title("  GaN-on-Si:  Power  HEMTs. "), normalise_title("gan on si power hemts")
    ('gan on si power hemts', 'gan on si power hemts')
    """
    if not title:
        return None
    text = unicodedata.normalize("NFC", title).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split()) or None


def richness(paper: Publication) -> tuple[int, int, int]:
    """Which of two records of a paper to keep: the one with an abstract, the longer abstract,
    then the one with more fields given."""
    given = sum(1 for name in FIELDS if getattr(paper, name) not in (None, "", []))
    return (bool(paper.abstract), len(paper.abstract), given)


def combine(papers: Sequence[Publication]) -> Publication:
    """The richest of ``papers`` (the first among equals), its empty fields filled from the
    others, richest first; its DOI in the normalised form."""
    ranked = sorted(papers, key=richness, reverse=True)  # stable: the first among equals
    best = ranked[0]
    update = {}
    for name in FIELDS:
        if getattr(best, name) in (None, "", []):
            for other in ranked[1:]:
                value = getattr(other, name)
                if value not in (None, "", []):
                    update[name] = value
                    break
    doi = normalise_doi(update.get("doi", best.doi))
    if doi != best.doi:
        update["doi"] = doi
    return best.model_copy(update=update) if update else best


def groups(papers: Sequence[Publication]) -> list[list[int]]:
    """The indices of ``papers`` grouped by paper (the same normalised DOI or title), groups in
    the order of their first member."""
    owner: dict[tuple[str, str], int] = {}
    parent = list(range(len(papers)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, paper in enumerate(papers):
        keys = [("doi", normalise_doi(paper.doi)), ("title", normalise_title(paper.title))]
        for kind, key in keys:
            if key is None:
                continue
            j = owner.setdefault((kind, key), i)
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    found: dict[int, list[int]] = {}
    for i in range(len(papers)):
        found.setdefault(find(i), []).append(i)
    return sorted(found.values(), key=lambda members: members[0])


def deduplicate(papers: Sequence[Publication]) -> list[Publication]:
    """Each paper once, in the order first seen, as :func:`combine` merges its records."""
    return [combine([papers[i] for i in members]) for members in groups(papers)]
