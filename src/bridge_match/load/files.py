"""One file into its sources of records, whatever its format; and small tables (pair lists)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bridge_match.errors import DataError, Problem
from bridge_match.load.decode import decode, decode_anyway
from bridge_match.load.delimited import read_csv
from bridge_match.load.records import (
    DELIMITED,
    MAX_FILE_BYTES,
    SourceFile,
    display_path,
    refused_file,
)
from bridge_match.load.sheets import read_xlsx
from bridge_match.load.structured import read_json, read_yaml


def read_file(path: Path) -> SourceFile:
    """A file's records, a workbook's sheets together (each record names its sheet).

    For callers that want the records as they are in the file; validation reads
    :func:`read_sources`, where each sheet has its own header.
    """
    sources = read_sources(path)
    if len(sources) == 1:
        return sources[0]
    merged = SourceFile(display_path(path), columns=sources[0].columns)
    for source in sources:
        merged.faults.update((len(merged.records) + i, p) for i, p in source.faults.items())
        merged.records += source.records
        merged.malformed += source.malformed
        merged.problems += source.problems
    return merged


def read_sources(path: Path) -> list[SourceFile]:
    """The sources in one file: each sheet of a workbook (``members.xlsx[Sheet1]`` when there
    are several), else the file itself. Never raises for the file's content."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"file is {size / 2**30:.1f} GiB; split it into files under 2 GiB"
            return [refused_file(shown, Problem(shown, None, None, message))]
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return [refused_file(shown, Problem(shown, None, None, f"cannot read: {reason}"))]
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(shown, raw)
    text, problem = decode(raw)
    if problem is not None:
        refusal = Problem(shown, problem[0], None, problem[1])
        # Decoded once more, damaged characters replaced, only to count the records refused.
        counted = read_text(shown, suffix, decode_anyway(raw))
        if counted.refused:
            return [refused_file(shown, refusal, counted.count, counted.at_least)]
        return [refused_file(shown, refusal, len(counted.records) + len(counted.malformed))]
    return [read_text(shown, suffix, text)]


def read_text(shown: str, suffix: str, text: str, spans: bool = False) -> SourceFile:
    """A decoded text file's records, read as its suffix says (CSV and the like, JSON, YAML).

    Parameters
    ----------
    shown:
        The file as messages name it.
    suffix:
        Its suffix, lower case.
    text:
        Its decoded text.
    spans:
        Give each record its span in ``text`` (:attr:`RawRecord.span`), for erasure.

    Returns
    -------
    SourceFile
        Records, malformed records and the file's problems; never raises for the content.
    """
    if suffix in DELIMITED:
        return read_csv(shown, text, spans)
    if suffix == ".json":
        return read_json(shown, text, spans)
    return read_yaml(shown, text, spans)


def read_table(
    path: str | Path, columns: Sequence[str]
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Rows of a small CSV that must name ``columns`` (conflicts, forced pairs, judgements).

    Same reading as data files (encodings, delimiters), column names compared without case.
    Returns ``(line, row)`` pairs and the rows' problems (a short row...), for the caller to add
    its own and report them all; a file that cannot be read at all raises ``DataError``.
    """
    source = read_file(Path(path))
    header = [c.strip().lower() for c in source.columns or ()]
    fatal = list(source.problems)
    if source.columns is not None:
        fatal += [
            Problem(
                source.source,
                source.header_line,
                c,
                f"missing column; the header must name {','.join(columns)}",
            )
            for c in columns
            if c not in header
        ]
    if fatal:
        raise DataError(fatal)
    rows = [
        (
            record.line or 0,
            {k.strip().lower(): "" if v is None else str(v) for k, v in record.data.items()},
        )
        for i, record in enumerate(source.records)
        if i not in source.faults
    ]
    return rows, [problem for _, problem in source.malformed] + list(source.faults.values())
