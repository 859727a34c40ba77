"""What validation gives: accepted and rejected records, refused files, warnings and notes.

Every record found is accounted for: accepted, rejected with its reasons, or counted in a
:class:`RefusedFile` (a file, or sheet, that could not be read as records at all, or whose header
is elsewhere). Summaries add the refused records to "read" and "rejected": see :class:`Validated`.
Warnings (a column or key that is no field, its data ignored) and notes (a file passed over as
not data) never reject anything: they are there for a person to read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel

from bridge_match.errors import Problem
from bridge_match.load import Origin, RawRecord

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Rejected:
    """A record that was read but not accepted, with every reason: nothing is dropped silently."""

    record: RawRecord
    problems: tuple[Problem, ...]
    columns: tuple[str, ...] | None = None
    """The header of the table a malformed row (``record.data == {"cells": [...]}``) came
    from, so that its cells can be shown under their columns; None otherwise."""


@dataclass(frozen=True)
class RefusedFile:
    """A file or sheet none of whose records was taken, and how many it holds.

    Refused for what ``problems`` says: it cannot be read (encoding, syntax, damage), it is not
    a data file, or its header is further down. ``records`` is None when they cannot be counted
    (an unreadable file); ``at_least`` when parsing stopped at an error before the end.
    """

    source: str
    records: int | None
    at_least: bool
    problems: tuple[Problem, ...]

    def describe(self) -> str:
        """``12 records``, ``at least 12 records`` or ``an unknown number of records``."""
        if self.records is None:
            return "an unknown number of records"
        counted = f"{self.records} record{'' if self.records == 1 else 's'}"
        return f"at least {counted}" if self.at_least else counted


@dataclass
class Papers:
    """The rows of publications CSV files, each a paper joined to its profile by
    ``expert_id``: accepted (attached), rejected with every reason, or counted in a refused
    file. ``found == accepted + not_accepted`` always, as for :class:`Validated`."""

    accepted: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """The publications files read, as messages name them."""

    @property
    def read(self) -> int:
        return self.accepted + len(self.rejected)

    @property
    def found(self) -> int:
        return self.read + sum(f.records or 0 for f in self.refused)

    @property
    def not_accepted(self) -> int:
        return self.found - self.accepted

    @property
    def exact(self) -> bool:
        return all(f.records is not None and not f.at_least for f in self.refused)

    def counted(self, number: int) -> str:
        """``number`` as a summary shows it: ``at least 12`` where counts are lower bounds."""
        return str(number) if self.exact else f"at least {number}"


@dataclass
class Validated(Generic[M]):
    """What came out of a set of files: accepted and rejected records, refused files, every
    problem, and the warnings and notes that stop nothing.

    ``read == len(accepted) + len(rejected)`` always: the records read one by one. A refused
    file's records were not read one by one, so they are not in ``rejected`` but counted in
    ``refused``; ``found`` and ``not_accepted`` add them in, and ``found == len(accepted) +
    not_accepted`` always: what a summary calls read and rejected (with "at least" where
    ``exact`` is false). Problems with whole files are in ``problems`` too.
    """

    accepted: list[M] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    origin: dict[str, Origin] = field(default_factory=dict)
    """Where each accepted record came from, by id: source and line, not the data."""
    refused: list[RefusedFile] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """Columns and keys that are no field of the model, once per file each (at the header's
    line, or the first record that has the key): their data was ignored. With ``strict`` they
    are in ``problems`` instead."""
    notes: list[Problem] = field(default_factory=list)
    """Files passed over as not data (documents, images, backups, a .txt that is no table),
    one each, saying why."""
    papers: Papers = field(default_factory=lambda: Papers())
    """The rows of publications files (:mod:`bridge_match.publications`), counted apart from
    the records: a paper is not a profile."""

    @property
    def read(self) -> int:
        return len(self.accepted) + len(self.rejected)

    @property
    def refused_records(self) -> int:
        """The records counted in refused files (a lower bound unless ``exact``)."""
        return sum(f.records or 0 for f in self.refused)

    @property
    def found(self) -> int:
        """Every record found: read one by one or counted in a refused file."""
        return self.read + self.refused_records

    @property
    def not_accepted(self) -> int:
        """Rejected records and those of refused files."""
        return len(self.rejected) + self.refused_records

    @property
    def exact(self) -> bool:
        """Whether ``found`` and ``not_accepted`` are exact rather than lower bounds."""
        return all(f.records is not None and not f.at_least for f in self.refused)

    def counted(self, number: int) -> str:
        """``number`` as a summary shows it: ``at least 12`` where counts are lower bounds."""
        return str(number) if self.exact else f"at least {number}"

    def _reject(
        self, record: RawRecord, problems: list[Problem], columns: tuple[str, ...] | None = None
    ) -> None:
        self.rejected.append(Rejected(record, tuple(problems), columns))
        self.problems.extend(problems)
