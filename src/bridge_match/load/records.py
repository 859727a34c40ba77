"""Raw records and the files they come from: what every reader gives, what validation reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from bridge_match.errors import Problem

SUPPORTED = (".yaml", ".yml", ".json", ".csv", ".tsv", ".txt", ".xlsx")
DELIMITED = (".csv", ".tsv", ".txt")
MAX_FILE_BYTES = 2 << 30
"""Larger files are refused with a message rather than read into memory."""
HEADER_SEARCH = 10
"""How many rows below a header are kept to look for the real header under a title row."""
MAX_DIGITS = 100
"""A YAML or JSON integer longer than this stays the text it is: Python refuses to convert more
than 4,300 digits (and raised from inside the parser), and no field wants a hundred."""


@dataclass(frozen=True)
class RawRecord:
    """A record as read: where it starts, its fields, and (when asked for) its text."""

    source: str
    line: int | None
    data: dict[str, Any]
    span: tuple[int, int] | None = None
    """Where the record lies in the decoded text, ``text[start:end]``: given by
    :func:`~bridge_match.load.read_text` with ``spans=True`` (for erasure, which removes exactly
    that and keeps every other character)."""


class Origin(NamedTuple):
    """Where a record came from, without its data: what an accepted record keeps."""

    source: str
    line: int | None


@dataclass
class SourceFile:
    """One file's (or one sheet's) records; ``columns`` is the header of a table, checked once
    rather than on every row."""

    source: str
    records: list[RawRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Faults of the file as a whole. A file with any is refused: ``records`` and ``malformed``
    are empty, and ``count`` says how many records it holds."""
    columns: tuple[str, ...] | None = None
    malformed: list[tuple[RawRecord, Problem]] = field(default_factory=list)
    """Records found but unreadable as fields (a short CSV row, a list where a mapping belongs)."""
    faults: dict[int, Problem] = field(default_factory=dict)
    """Records, by index in ``records``, read as fields but not to be trusted: a key given twice,
    a formula with no saved result. Validation rejects them; a caller that wants what the file
    holds (erasure) still finds them among the records."""
    header_line: int = 1
    """The line (sheet row) of ``columns``: 2 below Excel's ``sep=;`` line."""
    head: list[tuple[int, list[str]]] = field(default_factory=list)
    """The first non-blank rows below the header as text cells, with their lines: where
    validation looks for the real header when this one is a title."""
    count: int | None = None
    """How many records a refused file holds; None when that cannot be known (unreadable)."""
    at_least: bool = False
    """``count`` is a lower bound: parsing stopped at a syntax error before the end."""

    @property
    def refused(self) -> bool:
        return bool(self.problems)


def refused_file(
    shown: str, problem: Problem, count: int | None = None, at_least: bool = False
) -> SourceFile:
    return SourceFile(shown, problems=[problem], count=count, at_least=at_least)


def refuse(result: SourceFile, problem: Problem, at_least: bool) -> SourceFile:
    """``result`` refused for ``problem``, the records read so far counted and dropped."""
    result.count = len(result.records) + len(result.malformed)
    result.at_least = at_least
    result.records, result.malformed, result.faults = [], [], {}
    result.problems.append(problem)
    return result


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
