"""Semantic Scholar Academic Graph API: an author's papers (``/author/{id}/papers``), the
response ``{"data": [{"title", "abstract", "year", "venue", "externalIds", "url",
"authors"}], ...}``, or the list of papers alone (``/paper/batch``, a saved ``data``)."""

from __future__ import annotations

from typing import Any

from bridge_match.scholarly.records import Candidate, names_of, text_of, year_of

NAME = "semantic-scholar"
LABEL = "Semantic Scholar JSON"
_KEYS = ("paperId", "externalIds", "corpusId", "publicationVenue", "citationCount")


def looks_like(data: Any) -> bool:
    items = data.get("data") if isinstance(data, dict) else data
    if isinstance(data, dict) and not isinstance(items, list):
        return False
    return _papers(items)


def _papers(items: Any) -> bool:
    if not isinstance(items, list) or not items:
        return False
    return all(
        isinstance(item, dict)
        and "title" in item
        and (any(k in item for k in _KEYS) or ("venue" in item and "year" in item))
        for item in items
    )


def candidates(data: Any, source: str) -> list[Candidate]:
    items = data["data"] if isinstance(data, dict) else data
    out = []
    for item in items:
        ids = item.get("externalIds") or {}
        authors = item.get("authors") or []
        venue = item.get("venue") or (item.get("publicationVenue") or {}).get("name")
        out.append(
            Candidate(
                source,
                None,
                {
                    "title": text_of(item.get("title")),
                    "abstract": text_of(item.get("abstract")),
                    "year": year_of(item.get("year")) or year_of(item.get("publicationDate")),
                    "venue": text_of(venue),
                    "doi": text_of(ids.get("DOI")) if isinstance(ids, dict) else None,
                    "url": text_of(item.get("url")),
                    "authors": names_of(a.get("name") for a in authors if isinstance(a, dict)),
                },
            )
        )
    return out
