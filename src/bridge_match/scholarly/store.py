"""``publications.csv`` in the profiles folder, updated for one expert: their rows merged with
the papers imported, every other expert's rows kept byte for byte."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from bridge_match.errors import DataError, Problem, closest
from bridge_match.load import RawRecord, display_path, read_text, sniff_delimiter
from bridge_match.load.decode import decode
from bridge_match.models import Publication
from bridge_match.outputs import replace_file
from bridge_match.publications import PAPER_COLUMNS, paper_of
from bridge_match.scholarly.detect import read_papers
from bridge_match.scholarly.merge import combine, groups

FILE_NAME = "publications.csv"
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ImportedPublications:
    """What :func:`import_publications` did."""

    expert_id: str
    path: Path
    """The publications file written (or that needed no change)."""
    read: int = 0
    """Papers read from the files given."""
    added: int = 0
    """Papers new to the expert."""
    updated: int = 0
    """The expert's papers already there, completed from the files (an abstract, a DOI...)."""
    present: int = 0
    """Papers already there as complete as the files have them."""
    total: int = 0
    """The expert's papers in the file now."""
    written: bool = False
    """Whether the file changed (re-importing the same files changes nothing)."""
    formats: list[tuple[str, str, int]] = field(default_factory=list)
    """Each file given, its format and its papers."""
    skipped: list[Problem] = field(default_factory=list)
    """Records of the files that are no paper (no title...), each saying why."""


def import_publications(
    expert_id: str,
    files: Sequence[str | Path],
    profiles: str | Path = "profiles",
) -> ImportedPublications:
    """Import an expert's papers from exports of scholarly sites into ``publications.csv``.

    The files may be OpenReview archive JSONL, Semantic Scholar JSON, ORCID JSON, OpenAlex
    JSON, BibTeX or CSL-JSON, told apart by their content. Their papers are merged with the
    expert's rows in ``publications.csv`` in the profiles folder (created with the contract's
    header when absent): one row a paper, the same paper found by its DOI or its title (compared
    normalised) kept once, as its richest record with the gaps filled from the others. Every
    other expert's rows stay byte for byte; the file is replaced atomically, and not written at
    all when nothing changed.

    Parameters
    ----------
    expert_id:
        The id of a profile in ``profiles``.
    files:
        The exported files.
    profiles:
        The profiles folder (default ``./profiles``).

    Returns
    -------
    ImportedPublications
        Papers read, added, completed and already there, the expert's total, and the path.

    Raises
    ------
    DataError
        ``expert_id`` is no profile's id (with the closest), ``profiles`` is no folder, or
        ``publications.csv`` cannot be read or lacks a column of the contract.
    PublicationsFormatError
        A file is in no supported format (naming them), or malformed (with its line).

    >>> import_publications("E04", ["refs.bib"], "profiles").added  # doctest: +SKIP
    3
    """
    from bridge_match.validate import read_profiles

    folder = Path(profiles)
    if not folder.is_dir():
        raise DataError(
            Problem(
                display_path(folder),
                None,
                None,
                "not a folder: give the profiles folder, where publications.csv is kept",
            )
        )
    wanted = expert_id.strip()
    known = _expert_ids(read_profiles(folder))
    if wanted not in known:
        near = closest(wanted, known)
        hint = f"; closest: {', '.join(near)}" if near else ""
        raise DataError(
            Problem(
                "--expert",
                None,
                None,
                f"unknown expert id {wanted!r}: no profile in {display_path(folder)} has it{hint}",
            )
        )
    target = folder / FILE_NAME
    result = ImportedPublications(wanted, target)
    imported: list[Publication] = []
    for file in files:
        name, papers, skipped = read_papers(file)
        result.formats.append((display_path(Path(file)), name, len(papers)))
        result.skipped += skipped
        imported += papers
    result.read = len(imported)
    existing = _Existing.read(target)
    data = existing.merged(wanted, imported, result)
    if data is not None:
        replace_file(target, data)
        result.written = True
    return result


def _expert_ids(validated: object) -> list[str]:
    ids = [p.id for p in validated.accepted]  # type: ignore[attr-defined]
    for rejected in validated.rejected:  # type: ignore[attr-defined]
        value = rejected.record.data.get("id")
        if isinstance(value, str | int) and str(value).strip():
            ids.append(str(value).strip())
    return ids


@dataclass
class _Existing:
    """publications.csv as it is: its text, its rows with their spans, how it is written."""

    shown: str
    text: str = ""
    bom: bool = True
    records: list[RawRecord] = field(default_factory=list)
    columns: tuple[str, ...] = PAPER_COLUMNS
    delimiter: str = ","
    newline: str = "\r\n"

    @classmethod
    def read(cls, path: Path) -> _Existing:
        shown = display_path(path)
        if not path.exists():
            return cls(shown)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise DataError(Problem(shown, None, None, f"cannot read: {exc.strerror}")) from None
        text, problem = decode(raw)
        if problem is not None:
            raise DataError(Problem(shown, problem[0], None, problem[1]))
        bom = raw.startswith(b"\xef\xbb\xbf") or text.startswith("\ufeff")
        body = text.lstrip("\ufeff")
        source = read_text(shown, ".csv", body, spans=True)
        if source.refused:
            raise DataError(source.problems)
        if not body.strip():
            return cls(shown, bom=bom)
        columns = tuple(source.columns or ())
        missing = [c for c in PAPER_COLUMNS if c not in columns]
        if missing or columns[:2] != ("expert_id", "title"):
            raise DataError(
                Problem(
                    shown,
                    source.header_line,
                    None,
                    f"not a publications file with every column (missing: "
                    f"{', '.join(missing) or 'expert_id,title first'}); its header must start "
                    f"{','.join(PAPER_COLUMNS)}",
                )
            )
        first = body.split("\n", 1)[0]
        return cls(
            shown,
            body,
            bom,
            list(source.records),
            columns,
            sniff_delimiter(first),
            "\r\n" if first.endswith("\r") else "\n",
        )

    def merged(
        self, expert_id: str, imported: list[Publication], result: ImportedPublications
    ) -> bytes | None:
        """The new file's bytes, or None when it would not change."""
        own: list[tuple[int, Publication]] = []
        for index, record in enumerate(self.records):
            if str(record.data.get("expert_id", "")).strip() == expert_id:
                with contextlib.suppress(ValidationError):  # a bad row is kept as typed
                    own.append((index, paper_of(record.data)))
        papers = [p for _, p in own] + imported
        rows: list[str | Publication] = []
        for members in groups(papers):
            olds = [i for i in members if i < len(own)]
            if len(olds) == len(members) == 1:  # an existing row no file has: as it is
                rows.append(self._raw(own[olds[0]][0]))
                continue
            paper = combine([papers[i] for i in members])
            if not olds:
                result.added += 1
                rows.append(paper)
            elif len(olds) == 1 and paper == own[olds[0]][1]:
                result.present += 1
                rows.append(self._raw(own[olds[0]][0]))
            else:
                result.updated += 1
                rows.append(paper)
        replaced = {i for i, _ in own}
        kept_as_typed = sum(
            1
            for i, r in enumerate(self.records)
            if i not in replaced and str(r.data.get("expert_id", "")).strip() == expert_id
        )
        result.total = len(rows) + kept_as_typed
        if not result.added and not result.updated and len(rows) == len(own):
            return None
        return self._text(expert_id, replaced, rows).encode("utf-8")

    def _raw(self, index: int) -> str:
        span = self.records[index].span
        assert span is not None
        return self.text[span[0] : span[1]]

    def _text(self, expert_id: str, replaced: set[int], rows: list[str | Publication]) -> str:
        block = "".join(
            _ended(r, self.newline) if isinstance(r, str) else self._row(expert_id, r) for r in rows
        )
        if not self.text:
            header = self._line(list(PAPER_COLUMNS))
            return ("\ufeff" if self.bom else "") + header + block
        out, position, placed = [], 0, False
        for index, record in enumerate(self.records):
            start, end = record.span or (position, position)
            out.append(self.text[position:start])
            position = end
            if index not in replaced:
                out.append(self.text[start:end])
            elif not placed:
                out.append(block)
                placed = True
        tail = self.text[position:]
        out.append(tail)
        if not placed:
            if out and not "".join(out).endswith("\n"):
                out.append(self.newline)
            out.append(block)
        return ("\ufeff" if self.bom else "") + "".join(out)

    def _row(self, expert_id: str, paper: Publication) -> str:
        values = {
            "expert_id": expert_id,
            "title": paper.title,
            "abstract": paper.abstract,
            "year": "" if paper.year is None else str(paper.year),
            "venue": paper.venue or "",
            "doi": paper.doi or "",
            "url": paper.url or "",
            "authors": "; ".join(paper.authors),
        }
        return self._line([_safe(values.get(column, "")) for column in self.columns])

    def _line(self, cells: list[str]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=self.delimiter, lineterminator=self.newline).writerow(cells)
        return buffer.getvalue()


def _safe(text: str) -> str:
    """As every export writes a cell: text a spreadsheet would run as a formula gets a leading
    ``'`` (:func:`bridge_match.export.neutralise`), which the reader takes off again."""
    return "'" + text if text.startswith(_TRIGGERS) else text


def _ended(line: str, newline: str) -> str:
    return line if line.endswith("\n") else line + newline
