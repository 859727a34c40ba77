"""ORCID public API record JSON (``/v3.0/{orcid}/record``, or ``/works``): the works are in
``activities-summary.works.group[]``, each group one work as several sources gave it
(``work-summary[]``; the first, the preferred one, is taken), with ``title.title.value``,
``publication-date.year.value``, ``journal-title.value``, ``url.value`` and
``external-ids.external-id[]`` (the ``doi`` one). Summaries carry no abstract."""

from __future__ import annotations

from typing import Any

from bridge_match.scholarly.records import Candidate, text_of, year_of

NAME = "orcid"
LABEL = "ORCID record JSON"


def _groups(data: Any) -> list[Any] | None:
    if not isinstance(data, dict):
        return None
    works = data.get("works")
    summary = data.get("activities-summary")
    if isinstance(summary, dict):
        works = summary.get("works")
    elif works is None and "group" in data:
        works = data
    groups = works.get("group") if isinstance(works, dict) else None
    return groups if isinstance(groups, list) else None


def looks_like(data: Any) -> bool:
    groups = _groups(data)
    if groups is None:
        return False
    return "activities-summary" in data or all(
        isinstance(g, dict) and "work-summary" in g for g in groups
    )


def candidates(data: Any, source: str) -> list[Candidate]:
    out = []
    for group in _groups(data) or []:
        summaries = group.get("work-summary") if isinstance(group, dict) else None
        if not summaries or not isinstance(summaries[0], dict):
            continue
        work = summaries[0]
        title = (work.get("title") or {}).get("title")
        date = work.get("publication-date") or {}
        out.append(
            Candidate(
                source,
                None,
                {
                    "title": text_of(title),
                    "year": year_of(date.get("year")) if isinstance(date, dict) else None,
                    "venue": text_of(work.get("journal-title")),
                    "doi": _doi(work) or _doi(group),
                    "url": text_of(work.get("url")),
                },
            )
        )
    return out


def _doi(holder: dict[str, Any]) -> str | None:
    ids = (holder.get("external-ids") or {}).get("external-id") or []
    for item in ids:
        if isinstance(item, dict) and str(item.get("external-id-type", "")).lower() == "doi":
            return text_of(item.get("external-id-value"))
    return None
