"""CSL-JSON (Citation Style Language, as Zotero, Crossref and pandoc write it): a list of items
with ``title``, ``abstract``, ``issued.date-parts`` (or ``issued.raw``), ``container-title``,
``DOI``, ``URL`` and ``author[{given, family}]`` (or ``literal``)."""

from __future__ import annotations

from typing import Any

from bridge_match.scholarly.records import Candidate, names_of, text_of, year_of

NAME = "csl-json"
LABEL = "CSL-JSON"
_KEYS = ("issued", "container-title", "DOI", "URL", "author", "type", "citation-key")


def _item(item: Any) -> bool:
    return isinstance(item, dict) and "title" in item and any(k in item for k in _KEYS)


def looks_like(data: Any) -> bool:
    if isinstance(data, list):
        return bool(data) and all(_item(item) for item in data)
    return _item(data) and ("issued" in data or "container-title" in data)


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def candidates(data: Any, source: str) -> list[Candidate]:
    items = data if isinstance(data, list) else [data]
    out = []
    for item in items:
        issued = item.get("issued") or {}
        year = None
        if isinstance(issued, dict):
            year = year_of(_first(issued.get("date-parts"))) or year_of(issued.get("raw"))
        authors = [_name(a) for a in item.get("author") or [] if isinstance(a, dict)]
        out.append(
            Candidate(
                source,
                None,
                {
                    "title": text_of(_first(item.get("title"))),
                    "abstract": text_of(item.get("abstract")),
                    "year": year,
                    "venue": text_of(_first(item.get("container-title"))),
                    "doi": text_of(item.get("DOI")),
                    "url": text_of(item.get("URL")),
                    "authors": names_of(authors),
                },
            )
        )
    return out


def _name(author: dict[str, Any]) -> str | None:
    if author.get("literal"):
        return str(author["literal"])
    parts = [author.get("given"), author.get("non-dropping-particle"), author.get("family")]
    joined = " ".join(str(p) for p in parts if p)
    return joined or None
