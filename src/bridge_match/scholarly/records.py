"""What every importer gives: candidate papers located in their file, and the errors of a file
that cannot be read as publications."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from bridge_match.errors import DataError, Problem
from bridge_match.faults import problem_of
from bridge_match.load import RawRecord
from bridge_match.models import Publication
from bridge_match.scholarly.merge import normalise_doi

LIMITS = {"title": 1_000, "abstract": 20_000, "venue": 1_000, "doi": 1_000, "url": 1_000}
"""The lengths :class:`~bridge_match.models.Publication` accepts: longer text is cut to fit
(an abstract pasted with its paper's first page is still expertise)."""


class PublicationsFormatError(DataError):
    """A file that is in no supported publications format, or malformed in its own: exit 2,
    naming the file (and the line where it is known)."""


@dataclass(frozen=True)
class Candidate:
    """One paper as an importer read it, before validation: its fields and where it is."""

    source: str
    line: int | None
    fields: dict[str, Any]


def fault(source: str, line: int | None, message: str) -> PublicationsFormatError:
    return PublicationsFormatError(Problem(source, line, None, message))


def text_of(value: Any) -> str | None:
    """Text from a string, a number, or the ``{"value": ...}`` wrapping of ORCID and OpenReview
    API v2; markup tags some sources put in titles (``<i>``, ``<sub>``) and entities taken out,
    white space collapsed; None when there is nothing."""
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return None
    cleaned = " ".join(html.unescape(_TAG.sub("", value)).split())
    return cleaned or None


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")


def year_of(value: Any) -> int | None:
    """A year from ``2021``, ``"2021"``, ``"2021-05-03"``, or a list of date parts."""
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1000 <= value <= 2100 else None
    if isinstance(value, str):
        found = re.match(r"\s*(\d{4})\b", value)
        if found:
            year = int(found.group(1))
            return year if 1000 <= year <= 2100 else None
    return None


def names_of(values: Iterable[Any]) -> list[str]:
    out = []
    for value in values:
        name = text_of(value)
        if name:
            out.append(name[:1_000])
    return out


def publications(candidates: Iterable[Candidate]) -> tuple[list[Publication], list[Problem]]:
    """The candidates that are papers, and a note for each that is not (no title...)."""
    found: list[Publication] = []
    skipped: list[Problem] = []
    for candidate in candidates:
        fields = {k: v for k, v in candidate.fields.items() if v not in (None, "", [])}
        if "doi" in fields:
            fields["doi"] = normalise_doi(fields["doi"])
        for name, limit in LIMITS.items():
            value = fields.get(name)
            if isinstance(value, str) and len(value) > limit:
                fields[name] = value[: limit - 1].rstrip() + "…"
        try:
            found.append(Publication.model_validate(fields))
        except ValidationError as exc:
            record = RawRecord(candidate.source, candidate.line, fields)
            problems = [problem_of(record, e, Publication) for e in exc.errors()]
            reasons = "; ".join(f"{p.field}: {p.message}" for p in problems)
            skipped.append(
                Problem(candidate.source, candidate.line, None, f"not imported: {reasons}")
            )
    return found, skipped
