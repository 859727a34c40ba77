"""OpenAlex works JSON: a list response ``{"meta": ..., "results": [work, ...]}`` or one work.
A work has ``title`` (or ``display_name``), ``publication_year``, ``doi`` as
``https://doi.org/...``, ``primary_location.source.display_name``,
``authorships[].author.display_name`` and the abstract as an inverted index (each word and the
positions it stands at), put back in order here."""

from __future__ import annotations

from typing import Any

from bridge_match.scholarly.records import Candidate, names_of, text_of, year_of

NAME = "openalex"
LABEL = "OpenAlex works JSON"


def _work(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    if str(item.get("id", "")).startswith("https://openalex.org/"):
        return True
    return "publication_year" in item and ("authorships" in item or "display_name" in item)


def looks_like(data: Any) -> bool:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return all(_work(item) for item in data["results"])
    return _work(data)


def abstract(index: Any) -> str | None:
    """The text of an inverted index ``{"word": [positions]}``.

    >>> abstract({"GaN": [0], "devices": [2], "power": [1, 3]})
    'GaN power devices power'
    """
    if not isinstance(index, dict):
        return None
    at: dict[int, str] = {}
    for word, positions in index.items():
        if isinstance(positions, list):
            for position in positions:
                if isinstance(position, int) and not isinstance(position, bool):
                    at[position] = str(word)
    return " ".join(at[i] for i in sorted(at)) or None


def candidates(data: Any, source: str) -> list[Candidate]:
    works = data["results"] if isinstance(data, dict) and "results" in data else [data]
    out = []
    for work in works:
        location = work.get("primary_location") or {}
        venue = (location.get("source") or {}).get("display_name") if location else None
        authors = [
            (a.get("author") or {}).get("display_name") or a.get("raw_author_name")
            for a in work.get("authorships") or []
            if isinstance(a, dict)
        ]
        url = location.get("landing_page_url") if location else None
        out.append(
            Candidate(
                source,
                None,
                {
                    "title": text_of(work.get("title")) or text_of(work.get("display_name")),
                    "abstract": abstract(work.get("abstract_inverted_index")),
                    "year": year_of(work.get("publication_year"))
                    or year_of(work.get("publication_date")),
                    "venue": text_of(venue),
                    "doi": text_of(work.get("doi")),
                    "url": text_of(url) or text_of(work.get("id")),
                    "authors": names_of(authors),
                },
            )
        )
    return out
