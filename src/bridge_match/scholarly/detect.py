"""Which publications format a file is in, told by its content (the suffix only breaks ties),
and the file read into papers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bridge_match.scholarly.bibtex as bibtex
import bridge_match.scholarly.csl as csl
import bridge_match.scholarly.openalex as openalex
import bridge_match.scholarly.openreview as openreview
import bridge_match.scholarly.orcid as orcid
import bridge_match.scholarly.semantic_scholar as semantic_scholar
from bridge_match.errors import Problem
from bridge_match.load import MAX_FILE_BYTES, decode, display_path
from bridge_match.models import Publication
from bridge_match.scholarly.records import Candidate, fault, publications

FORMATS: dict[str, str] = {
    module.NAME: module.LABEL
    for module in (openreview, semantic_scholar, orcid, openalex, bibtex, csl)
}
"""Every format read, by name: what messages list."""
_JSON_FORMATS: tuple[tuple[str, Callable[[Any], bool], Callable[[Any, str], list[Candidate]]], ...]
_JSON_FORMATS = (
    (orcid.NAME, orcid.looks_like, orcid.candidates),
    (openalex.NAME, openalex.looks_like, openalex.candidates),
    (semantic_scholar.NAME, semantic_scholar.looks_like, semantic_scholar.candidates),
    (csl.NAME, csl.looks_like, csl.candidates),
)


def supported() -> str:
    """``OpenReview archive JSONL, Semantic Scholar JSON, ...``: the formats, for messages."""
    return ", ".join(FORMATS.values())


def _unknown(source: str, why: str) -> Exception:
    return fault(
        source,
        None,
        f"{why}: not a publications file bridge-match reads; supported formats: {supported()}",
    )


def read_papers(path: str | Path) -> tuple[str, list[Publication], list[Problem]]:
    """One file's papers.

    Parameters
    ----------
    path:
        A file in one of :data:`FORMATS`.

    Returns
    -------
    tuple
        The format's name, the papers, and a note for each record that is no paper (no title).

    Raises
    ------
    PublicationsFormatError
        The file cannot be read, is in no supported format, or is malformed in its own
        (naming the line where it is known).
    """
    file = Path(path)
    source = display_path(file)
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise fault(source, None, "file is over 2 GiB; split it")
        raw = file.read_bytes()
    except OSError as exc:
        raise fault(source, None, f"cannot read: {exc.strerror or exc}") from None
    text, problem = decode(raw)
    if problem is not None:
        raise fault(source, problem[0], problem[1])
    name, found = _candidates(text.lstrip("\ufeff"), source, file.suffix.lower())
    papers, skipped = publications(found)
    return name, papers, skipped


def _candidates(text: str, source: str, suffix: str) -> tuple[str, list[Candidate]]:
    stripped = text.strip()
    if not stripped:
        raise _unknown(source, "empty file")
    if stripped[0] in "[{":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data" or suffix in (".jsonl", ".ndjson"):
                return openreview.NAME, openreview.candidates(_lines(text, source), source)
            message = f"not valid JSON: {exc.msg} (column {exc.colno})"
            raise fault(source, exc.lineno, message) from None
        except RecursionError:
            raise fault(source, None, "not valid JSON: nested too deeply") from None
        for name, looks_like, read in _JSON_FORMATS:
            if looks_like(data):
                return name, read(data, source)
        if openreview.looks_like(data):
            return openreview.NAME, openreview.candidates([(1, data)], source)
        if isinstance(data, list) and data and all(openreview.looks_like(d) for d in data):
            return openreview.NAME, openreview.candidates([(1, d) for d in data], source)
        if data in ([], {"data": []}, {"results": []}):
            return "empty", []
        raise _unknown(source, "JSON in no known shape")
    if bibtex.looks_like(text):
        return bibtex.NAME, bibtex.candidates(text, source)
    raise _unknown(source, "neither JSON nor BibTeX")


def _lines(text: str, source: str) -> list[tuple[int, Any]]:
    """JSON Lines: each non-blank line one note."""
    notes = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            note = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            raise fault(
                source, number, f"not valid JSON Lines: {reason}; each line must be one note"
            ) from None
        if not openreview.looks_like(note):
            raise fault(
                source,
                number,
                "not an OpenReview note (an object with a content field); supported formats: "
                + supported(),
            )
        notes.append((number, note))
    return notes
