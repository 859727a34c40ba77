"""OpenReview archive JSONL: one note a line, as the OpenReview API returns notes (and its
expertise tools archive an author's papers). Fields are in ``content``: plain values in API v1,
``{"value": ...}`` in API v2. The year is the publication date (``pdate``), else the creation
date (``cdate``, ``tcdate``), in milliseconds since 1970."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bridge_match.scholarly.records import Candidate, names_of, text_of, year_of

NAME = "openreview"
LABEL = "OpenReview archive JSONL"


def looks_like(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("content"), dict)


def candidates(notes: list[tuple[int, Any]], source: str) -> list[Candidate]:
    return [_candidate(note, line, source) for line, note in notes]


def _candidate(note: dict[str, Any], line: int, source: str) -> Candidate:
    content = note.get("content") or {}
    authors = content.get("authors")
    if isinstance(authors, dict):
        authors = authors.get("value")
    note_id = text_of(note.get("forum")) or text_of(note.get("id"))
    venue = text_of(content.get("venue")) or text_of(content.get("venueid"))
    return Candidate(
        source,
        line,
        {
            "title": text_of(content.get("title")),
            "abstract": text_of(content.get("abstract")) or text_of(content.get("TL;DR")),
            "year": year_of(content.get("year")) or _year(note),
            "venue": venue,
            "doi": text_of(content.get("doi")),
            "url": f"https://openreview.net/forum?id={note_id}" if note_id else None,
            "authors": names_of(authors) if isinstance(authors, list) else [],
        },
    )


def _year(note: dict[str, Any]) -> int | None:
    for key in ("pdate", "odate", "cdate", "tcdate"):
        stamp = note.get(key)
        if isinstance(stamp, int | float) and not isinstance(stamp, bool) and stamp > 0:
            try:
                return dt.datetime.fromtimestamp(stamp / 1000, tz=dt.UTC).year
            except (OverflowError, OSError, ValueError):
                continue
    return None
