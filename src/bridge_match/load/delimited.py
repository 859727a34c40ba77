"""CSV and other delimited files into rows, read lazily (streamed a block at a time for large
files), each with the line it starts on."""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from bridge_match.errors import Problem
from bridge_match.invisible import strip_hidden
from bridge_match.load.decode import garbled
from bridge_match.load.records import (
    HEADER_SEARCH,
    MAX_FILE_BYTES,
    RawRecord,
    SourceFile,
    display_path,
    refuse,
)


def sniff_delimiter(header_line: str) -> str:
    """Excel in many European and Asian locales saves CSV with ``;``: take what the header uses."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(shown: str, text: str, spans: bool = False) -> SourceFile:
    """A delimited text's rows as records; with ``spans``, each with the text it occupies
    (its lines, as the ``csv`` reader took them: a quoted cell may hold line breaks)."""
    rows = CsvRows(shown, io.StringIO(text, newline=""), text.split("\n", 1)[0], spans)
    head = rows.head()
    records = [
        rows.record(line, cells)
        for lines, cells_list in rows.batches()
        for line, cells in zip(lines, cells_list, strict=True)
    ]
    if spans:
        records, rows.malformed = _with_spans(text, rows, records)
    result = SourceFile(
        shown,
        records,
        columns=rows.columns,
        malformed=rows.malformed,
        header_line=rows.header_line,
        head=head,
    )
    if rows.problems:
        refuse(result, rows.problems[0], at_least=rows.columns is not None)
        result.problems += rows.problems[1:]
    return result


_SEP_LINE = re.compile(r'"?sep=([^"\r\n])"?[ \t]*\r?', re.IGNORECASE)
"""Excel's ``sep=;`` first line, which names the delimiter and is not a header."""


class CsvRows:
    """A delimited file's rows as lists of cells, read lazily, each with the line it starts on.

    The ``csv`` module rather than pandas: it reports the line each row starts on even when a
    quoted cell spans lines, keeps short and long rows (reported, not dropped or padded), and
    reads row by row so a large file need not be in memory at once. Nor is pandas faster here:
    its reader parses 100,000 profiles in 0.7 s, but its frame takes 1.4 s more to become rows;
    this reads them, decoded, checked and with their lines, in 1.1 s. Cells stay lists rather than
    mappings: :mod:`bridge_match.validate` builds the mapping it needs, and the full mapping
    (:meth:`record`) only for the few rows it rejects.

    ``problems`` and ``malformed`` are complete once :meth:`batches` is exhausted. Any problem
    refuses the file (a header that cannot be read, a cell that never ends): the rows given
    before it are no more than a count.
    """

    def __init__(
        self, source: str, lines: Iterable[str], first_line: str, ends: bool = False
    ) -> None:
        self.source = source
        self.ends: dict[int, int] | None = {} if ends else None
        """With ``ends``: the last line of each row, by the line it starts on."""
        self.columns: tuple[str, ...] | None = None
        self.problems: list[Problem] = []
        self.malformed: list[tuple[RawRecord, Problem]] = []
        self.header_line = 1
        self._keys: tuple[str, ...] = ()
        self._ahead: list[tuple[int, int, list[str]]] = []
        self._stopped = False
        sep = _SEP_LINE.fullmatch(first_line)
        delimiter = sep.group(1) if sep else sniff_delimiter(first_line)
        self._reader = csv.reader(lines, delimiter=delimiter)
        try:
            if sep:
                next(self._reader, None)
                self.header_line = self._reader.line_num + 1
            header = next(self._reader, None)
        except csv.Error as exc:
            self._fail(exc)
            return
        if header is None or not any(map(strip_hidden, header)):
            message = "empty file: expected a header row"
            self.problems.append(Problem(source, self.header_line, None, message))
            return
        # A byte-order mark or zero-width space in a header cell would make an unknown column.
        self.columns = tuple(map(strip_hidden, header))
        self._keys = distinct_names(self.columns)

    def _fail(self, exc: csv.Error, start: int | None = None) -> None:
        """Reading stops here: after an error the reader would take what follows for rows."""
        self._stopped = True
        where = self._reader.line_num if start is None else start
        hint = (
            "; check the row that starts here for a quote that is never closed"
            if "field limit" in str(exc)
            else ""
        )
        self.problems.append(Problem(self.source, where, None, f"not valid CSV: {exc}{hint}"))

    def head(self, size: int = HEADER_SEARCH) -> list[tuple[int, list[str]]]:
        """The first ``size`` non-blank rows below the header, with their lines: read ahead,
        and still given by :meth:`batches`."""
        if self.columns is None:
            return []
        reader = self._reader
        line = reader.line_num + 1
        try:
            while len(self._ahead) < size and not self._stopped:
                row = next(reader, None)
                if row is None:
                    break
                start, line = line, reader.line_num + 1
                if not _blank(row):
                    self._ahead.append((start, line - 1, row))
                    if self.ends is not None:
                        self.ends[start] = line - 1
        except csv.Error as exc:
            self._fail(exc, line)
        return [(start, list(row)) for start, _, row in self._ahead]

    def batches(self, size: int = 2048) -> Iterator[tuple[list[int], list[list[str]]]]:
        """``(lines, rows)`` of at most ``size`` well-formed rows; blank rows are skipped."""
        if self.columns is None:
            return
        reader, width = self._reader, len(self.columns)
        lines: list[int] = []
        rows: list[list[str]] = []
        for start, end, row in self._ahead:  # read by head(), taken as the loop below takes rows
            if len(row) != width:
                self._short_or_long(start, end, row, width)
            else:
                lines.append(start)
                rows.append(row)
        self._ahead = []
        line = reader.line_num + 1
        try:
            for row in () if self._stopped else reader:
                start, line = line, reader.line_num + 1
                first = row[0] if row else ""
                if (not first or first.isspace()) and _blank(row):
                    continue
                if self.ends is not None:
                    self.ends[start] = line - 1
                if len(row) != width:
                    self._short_or_long(start, line - 1, row, width)
                    continue
                lines.append(start)
                rows.append(row)
                if len(rows) >= size:
                    yield lines, rows
                    lines, rows = [], []
        except csv.Error as exc:
            self._fail(exc, line)
        if rows:
            yield lines, rows

    def _short_or_long(self, start: int, end: int, row: list[str], width: int) -> None:
        spans = f" and runs on to line {end}" if end > start else ""
        problem = Problem(
            self.source,
            start,
            None,
            f"row has {len(row)} cells but the header has {width}{spans}; "
            "check for a missing or extra delimiter or an unclosed quote",
        )
        self.malformed.append((RawRecord(self.source, start, {"cells": row}), problem))

    def record(self, line: int, cells: list[str]) -> RawRecord:
        """The row as :func:`read_file` gives it: a mapping of the named columns."""
        return RawRecord(
            self.source, line, {c: v for c, v in zip(self._keys, cells, strict=True) if c}
        )


def _with_spans(
    text: str, rows: CsvRows, records: list[RawRecord]
) -> tuple[list[RawRecord], list[tuple[RawRecord, Problem]]]:
    """``records`` and the malformed rows, each given the text of its lines."""
    starts = [0]
    for line in io.StringIO(text, newline=""):
        starts.append(starts[-1] + len(line))
    ends = rows.ends or {}

    def spanned(record: RawRecord) -> RawRecord:
        first = record.line or 1
        last = ends.get(first, first)
        return dataclasses.replace(
            record, span=(starts[first - 1], starts[min(last, len(starts) - 1)])
        )

    return [spanned(r) for r in records], [(spanned(r), p) for r, p in rows.malformed]


def distinct_names(columns: Sequence[str]) -> tuple[str, ...]:
    """Column names as a record's keys: a name repeated in the header keeps each of its cells,
    the repeats as ``name (column 6)`` (validation rejects such rows, and shows them whole).

    >>> distinct_names(["id", "name", "", "name"])
    ('id', 'name', '', 'name (column 4)')
    """
    seen: set[str] = set()
    names = []
    for number, column in enumerate(columns, start=1):
        names.append(f"{column} (column {number})" if column and column in seen else column)
        seen.add(column)
    return tuple(names)


def _blank(row: list[str]) -> bool:
    """No cell has anything but white space (the caller tries the first cell, an id, first)."""
    joined = "".join(row)
    return not joined or joined.isspace()


class NotStreamableError(Exception):
    """Streaming met what only the whole-file reader words exactly: use :func:`read_file`."""


_BLOCK = 1 << 20
"""Bytes read at a time: large enough for speed; small enough that the block, its text and
its lines are a few MiB, which also keeps them from fragmenting the heap the records fill."""


def stream_csv(path: Path) -> CsvRows:
    """A delimited file read a block at a time, so that a large file is never in memory at once.

    The rows are those :func:`read_file` gives. Blocks end at a line break, so no character or
    line is split, and each is checked as :func:`decode` checks a whole file. A file that is not
    clean UTF-8 (a UTF-16 BOM, invalid bytes, NUL, garbled Vietnamese), too large or unreadable
    raises :class:`NotStreamableError`, possibly after some rows: the caller drops them and reads
    the file with :func:`read_file`, which words the problem exactly as before.
    """
    blocks = _text_blocks(path)
    first = next(blocks, "")
    pieces = map(_lines, itertools.chain([first], blocks))
    return CsvRows(
        display_path(path), itertools.chain.from_iterable(pieces), first.split("\n", 1)[0]
    )


def _lines(text: str) -> Iterable[str]:
    """The lines of ``text`` as ``io.StringIO(text, newline="")`` gives them (what ``csv`` wants).

    ``str.splitlines`` does it twice as fast, and the same way unless it also split at a
    character other than a line break (form feed, U+2028...): then there are more lines than
    line feeds, and StringIO does it. A lone carriage return (old Mac files) goes that way too.
    """
    lines = text.splitlines(keepends=True)
    if len(lines) == text.count("\n") + (not text.endswith("\n")):
        return lines
    return io.StringIO(text, newline="")


def _text_blocks(path: Path) -> Iterator[str]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise NotStreamableError
        with path.open("rb") as handle:
            chunk = handle.read(_BLOCK)
            if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise NotStreamableError
            pending: list[bytes] = []
            first = True
            while chunk:
                cut = chunk.rfind(b"\n") + 1
                if cut:
                    pending.append(chunk[:cut])
                    yield _checked(b"".join(pending), first)
                    first = False
                    pending = [chunk[cut:]]
                else:
                    pending.append(chunk)
                chunk = handle.read(_BLOCK)
            rest = b"".join(pending)
            if rest:
                yield _checked(rest, first)
    except OSError as exc:
        raise NotStreamableError from exc


def _checked(block: bytes, first: bool) -> str:
    """A block decoded, or NotStreamableError wherever :func:`decode` would report a problem.

    A block starts at a line start and ends after a line break, so the word around a garbled
    character (which stops at white space) is the same as in the whole text.
    """
    if b"\x00" in block:
        raise NotStreamableError
    try:
        text = block.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        raise NotStreamableError from exc
    if garbled(text):
        raise NotStreamableError
    return text
