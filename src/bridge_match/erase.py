"""Right to erasure: remove people from the data files and the saved model, then look for them.

Viet Nam's Decree 13/2023 on personal data protection and the GDPR both give a person the right
to have their data deleted. :func:`forget` works in three steps, all or nothing:

1. **Find.** Every record in every profile file (CSV, YAML, JSON, xlsx; valid or not, a short CSV
   row included) is located by the same readers that load the data, with the exact span of text
   it occupies. An id is found as the tool shows it: Unicode NFC, surrounding space and invisible
   characters ignored. Any id that is found nowhere stops the command before anything changes.
2. **Remove.** Each file loses exactly its records' spans and keeps every other byte (CSV rows,
   YAML list items, JSON array elements; comments and formatting around other records stay as
   they were); an xlsx sheet loses the rows (the workbook is saved again by openpyxl: other
   cells keep their values, formatting openpyxl does not know may not survive). Every new file
   is checked before any is written: re-read, it must hold exactly the other records, unchanged.
   Files are replaced atomically. The saved model is then refitted (never updated) on the people
   who remain, so no vocabulary or statistic learned from the person survives; with nobody left,
   the model's own files are deleted and nothing else.
3. **Look.** Every file under the data folder (the folder holding the profiles file, when a file
   is given) and the model folder is searched — dotfiles, backups, notes and symlinked folders
   included, inside zip containers (xlsx, docx, ods) too — for each person's id, name and
   e-mail, in UTF-8 (composed and decomposed) and UTF-16. What remains is reported with its
   place; nothing that was not searched is claimed clean.
"""

from __future__ import annotations

import contextlib
import io
import mmap
import os
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bridge_match.errors import DataError, Problem
from bridge_match.load import (
    DELIMITED,
    RawRecord,
    SourceFile,
    display_path,
    find_files,
    read_sources,
    read_text,
)
from bridge_match.outputs import replace_file

MAX_SCANNED_MEMBER = 256 << 20
"""Members of a zip container larger than this (uncompressed) are reported as not searched."""


@dataclass(frozen=True)
class Trace:
    """Something of an erased person still found after the erasure, and where."""

    place: str
    what: tuple[str, ...]
    """Which of ``id``, ``name`` and ``e-mail`` were found there."""
    kind: str
    """``data file`` (a file bridge-match reads), ``model`` or ``other file``."""

    def __str__(self) -> str:
        return f"{self.place} ({self.kind}): {', '.join(self.what)}"


@dataclass
class Erasure:
    """What :func:`forget` removed, where from, and what it searched afterwards."""

    removed: list[tuple[str, str, int | None]] = field(default_factory=list)
    """``(id, file, line)`` of every record removed."""
    model: str = "no saved model"
    searched: list[str] = field(default_factory=list)
    """The folders searched, as shown."""
    checked_files: int = 0
    remaining: list[Trace] = field(default_factory=list)
    """Traces found after the erasure: the erasure is complete only when this is empty."""
    namesakes: list[str] = field(default_factory=list)
    """Other records (other ids) with an erased person's name or e-mail: perhaps the same
    person listed by another association, perhaps a namesake; never removed automatically."""
    unreadable: list[str] = field(default_factory=list)
    """Files that could not be searched, with the reason."""
    names: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when nothing of the erased people was found and every file could be searched."""
        return not self.remaining and not self.unreadable


def record_key(value: object) -> str:
    """An id as the tool shows it and as a person types it back: NFC, no surrounding white
    space, no invisible (format) characters.

    >>> record_key(" E\\u200b01 ") == record_key("E01")
    True
    """
    text = unicodedata.normalize("NFC", str(value))
    return "".join(c for c in text if unicodedata.category(c) != "Cf").strip()


@dataclass(frozen=True)
class _Located:
    """One record of a data file, valid or not, and the text it occupies."""

    source: str
    line: int | None
    key: str
    name: str | None
    email: str | None
    span: tuple[int, int] | None = None
    sheet: str | None = None
    row: int | None = None


@dataclass
class _DataFile:
    """A data file's records and, for text files, how to write it back byte for byte."""

    path: Path
    records: list[_Located]
    text: str | None = None
    encoding: str | None = None
    bom: bytes = b""
    problem: str | None = None
    """Why (part of) the file could not be read as records; searched as bytes only."""


def forget(
    ids: Iterable[str], profiles: str | Path, model_dir: str | Path | None = None
) -> Erasure:
    """Delete these experts from every profile file and from the saved model, then search for
    what is left of them.

    Parameters
    ----------
    ids:
        Expert ids, as shown by bridge-match (composed or decomposed, any surrounding space).
    profiles:
        The profiles folder, or one profiles file.
    model_dir:
        The folder of the saved model, or None.

    Returns
    -------
    Erasure
        What was removed, the model's fate, and every trace found afterwards
        (:attr:`Erasure.complete` says whether anything is left).

    Raises
    ------
    DataError
        An id is found in no record, or a file cannot be rewritten safely, or the model folder
        holds files bridge-match did not write: nothing has been changed.
    """
    wanted = {record_key(i) for i in ids} - {""}
    if not wanted:
        raise DataError(Problem("--id", None, None, "give the id of the person to erase"))
    root = Path(profiles)
    if model_dir is not None:
        from bridge_match.model_folder import check_model_dir

        check_model_dir(model_dir)
    files, problems = find_files(root)
    if not files and problems:
        raise DataError(problems)
    data = [_read_data_file(path) for path in files]
    hits = [r for f in data for r in f.records if r.key in wanted]
    missing = wanted - {r.key for r in hits}
    if missing:
        partial = [f"{display_path(f.path)} ({f.problem})" for f in data if f.problem]
        unread = f"; these files could not be read whole: {', '.join(partial)}" if partial else ""
        raise DataError(
            [
                Problem(
                    display_path(root),
                    None,
                    "id",
                    f"no profile with id {i!r}; nothing erased{unread}",
                )
                for i in sorted(missing)
            ]
        )
    rewrites = [_without(f, wanted) for f in data if any(r.key in wanted for r in f.records)]
    for path, content in rewrites:
        replace_file(path, content)
    result = Erasure(removed=[(r.key, r.source, r.line) for r in hits])
    names = {r.name for r in hits if r.name}
    emails = {r.email for r in hits if r.email}
    if model_dir is not None:
        result.model = _refit(root, model_dir)
    folders = [root if root.is_dir() else root.parent]
    if model_dir is not None and Path(model_dir).is_dir():
        folders.append(Path(model_dir))
    _search(result, root, folders, wanted, names, emails)
    result.names = sorted(names)
    return result


def find_ids(ids: Iterable[str], profiles: str | Path) -> set[str]:
    """Which of these ids some record under ``profiles`` has (valid or not), as
    :func:`record_key` gives them.

    Parameters
    ----------
    ids:
        Expert ids.
    profiles:
        The profiles folder or file.

    Returns
    -------
    set[str]
        The ids found.
    """
    wanted = {record_key(i) for i in ids} - {""}
    files, _ = find_files(Path(profiles))
    return {r.key for path in files for r in _read_data_file(path).records if r.key in wanted}


def traces_in(path: Path, ids: set[str], names: set[str], emails: set[str]) -> tuple[str, ...]:
    """Which of ``id``, ``name`` and ``e-mail`` a file holds, in any encoding and Unicode form
    bridge-match's search knows (a database file, an index).

    Raises
    ------
    OSError
        The file cannot be read.
    """
    result = Erasure()
    counts = _found_in(path, _patterns(ids, names, emails), result, display_path(path))
    return tuple(label for label in ("id", "name", "e-mail") if counts[label])


# -- finding records --------------------------------------------------------------------------


def _read_data_file(path: Path) -> _DataFile:
    """A data file's records (valid or not) as the loader reads them, each with its span."""
    shown = display_path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        records: list[_Located] = []
        faults: list[str] = []
        for source in read_sources(path):
            faults += [p.message for p in source.problems]
            sheet = source.source[len(shown) + 1 : -1] if source.source != shown else None
            records += [_located(r, source, sheet) for r in _every_record(source)]
        return _DataFile(path, records, problem="; ".join(faults) or None)
    try:
        decoded = _decode_exactly(path.read_bytes())
    except OSError as exc:
        return _DataFile(path, [], problem=f"cannot read: {exc.strerror or exc}")
    if decoded is None:
        return _DataFile(path, [], problem="not UTF-8 or UTF-16/32 text")
    text, encoding, bom = decoded
    source = read_text(shown, suffix, text, spans=True)
    problem = "; ".join(p.message for p in source.problems) or None
    records = [_located(r, source) for r in _every_record(source)]
    return _DataFile(path, records, text, encoding, bom, problem)


def _every_record(source: SourceFile) -> list[RawRecord]:
    return [*source.records, *(record for record, _ in source.malformed)]


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _decode_exactly(raw: bytes) -> tuple[str, str, bytes] | None:
    """``(text, encoding, bom)`` such that ``bom + text.encode(encoding) == raw``, or None."""
    bom, encoding = next(((b, e) for b, e in _BOMS if raw.startswith(b)), (b"", "utf-8"))
    try:
        text = raw[len(bom) :].decode(encoding)
    except UnicodeDecodeError:
        return None
    return (text, encoding, bom) if bom + text.encode(encoding) == raw else None


def _located(raw: RawRecord, source: SourceFile, sheet: str | None = None) -> _Located:
    """A record's id, name and e-mail as the tool shows them: a short CSV row's cells are read
    against the header by position, whatever else is wrong with it."""
    data = raw.data
    if set(data) == {"cells"} and source.columns:
        data = dict(zip(source.columns, data["cells"], strict=False))

    def get(name: str) -> str | None:
        value = next((v for k, v in data.items() if record_key(k).lower() == name), None)
        return None if value is None or str(value).strip() == "" else record_key(value)

    # a publications file's rows (bridge_match.publications) are the person's by expert_id
    key = get("id") or get("expert_id") or ""
    return _Located(raw.source, raw.line, key, get("name"), get("email"), raw.span, sheet, raw.line)


# -- removing them ------------------------------------------------------------------------------


def _without(data: _DataFile, wanted: set[str]) -> tuple[Path, bytes]:
    """The file's new bytes without the wanted records, checked by reading them back."""
    shown = display_path(data.path)
    if data.path.suffix.lower() == ".xlsx":
        return data.path, _xlsx_without(data, wanted)
    if data.problem is not None:
        raise DataError(
            Problem(
                shown,
                None,
                None,
                f"holds a person to erase but cannot be rewritten safely ({data.problem}); "
                "fix the file, or remove the record yourself, then run forget again",
            )
        )
    assert data.text is not None
    assert data.encoding is not None
    text = data.text
    drop = sorted((r.span for r in data.records if r.key in wanted and r.span), reverse=True)
    kept_before = [
        text[a:b] for r in data.records if r.key not in wanted for a, b in [r.span or (0, 0)]
    ]
    for start, end in _widened(text, drop, data.path.suffix.lower()):
        text = text[:start] + text[end:]
    again = _read_text(data.path, text)
    kept_after = [text[a:b] for r in again for a, b in [r.span or (0, 0)]]
    if kept_after != kept_before:
        raise DataError(
            Problem(
                shown,
                None,
                None,
                "could not remove the record without touching others; remove it yourself, "
                "then run forget again",
            )
        )
    return data.path, data.bom + text.encode(data.encoding)


def _read_text(path: Path, text: str) -> list[_Located]:
    source = read_text(display_path(path), path.suffix.lower(), text, spans=True)
    return [_located(r, source) for r in _every_record(source)]


def _widened(text: str, spans: Sequence[tuple[int, int]], suffix: str) -> list[tuple[int, int]]:
    """Spans to cut, last first. A JSON element (or a YAML flow item) takes its comma with it:
    the one after it, or for the last element the one before; nothing else changes."""
    if suffix in DELIMITED or (suffix != ".json" and not _in_flow(text, spans)):
        return list(spans)
    out = []
    for start, end in spans:
        after = end
        while after < len(text) and text[after] in " \t\r\n":
            after += 1
        if after < len(text) and text[after] == ",":
            after += 1
            while after < len(text) and text[after] in " \t\r\n":
                after += 1
            out.append((start, after))
            continue
        before = start
        while before > 0 and text[before - 1] in " \t\r\n":
            before -= 1
        if before > 0 and text[before - 1] == ",":
            out.append((before - 1, end))
        else:
            out.append((start, end))
    return _merged(out)


def _in_flow(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    return any(text[start] == "{" for start, _ in spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping cuts (two neighbours sharing the comma between them) become one."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out[::-1]


def _xlsx_without(data: _DataFile, wanted: set[str]) -> bytes:
    import openpyxl

    book = openpyxl.load_workbook(data.path)
    rows: dict[str, list[int]] = {}
    for record in data.records:
        if record.key in wanted and record.sheet is not None and record.row is not None:
            rows.setdefault(record.sheet, []).append(record.row)
    for title, numbers in rows.items():
        sheet = book[title]
        for number in sorted(numbers, reverse=True):
            sheet.delete_rows(number)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refit(profiles: Path, model_dir: str | Path) -> str:
    """Refit, never update: an update keeps the vocabulary and idf the person helped learn. The
    embedding store goes too: it holds vectors of the person's texts (encoded again when next
    needed)."""
    from bridge_match.embeddings import STORE_DIR, remove_store
    from bridge_match.matcher import Matcher
    from bridge_match.model_folder import model_exists, remove_model
    from bridge_match.validate import read_profiles

    store = "; embedding store deleted" if remove_store(Path(model_dir) / STORE_DIR) else ""
    if not model_exists(model_dir):
        return f"no saved model{store}"
    remaining = read_profiles(profiles).accepted
    if not remaining:
        remove_model(model_dir)
        return f"model in {model_dir} deleted (no profiles left){store}"
    Matcher().fit(remaining).save(model_dir)
    return f"model in {model_dir} refitted on {len(remaining)} profiles{store}"


# -- looking for what is left -------------------------------------------------------------------


def _variants(text: str) -> set[bytes]:
    forms = {unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)}
    return {f.encode(codec) for f in forms for codec in ("utf-8", "utf-16-le", "utf-16-be")}


_EDGE_BEFORE = rb"(?<![0-9A-Za-z\x80-\xff])"
_EDGE_AFTER = rb"(?![0-9A-Za-z\x80-\xff])"


def _patterns(
    ids: set[str], names: set[str], emails: set[str]
) -> list[tuple[str, re.Pattern[bytes]]]:
    """A search per kind, each over every encoding of every value: ids and names as whole
    words (``E01`` is not in ``E011``, "Chi" is not in "chips" nor in "Chị"), ids and e-mails
    in any case of their ASCII letters, names exactly."""
    out = []
    for label, values, whole, flags in (
        ("id", ids, True, re.IGNORECASE),
        ("name", names, True, 0),
        ("e-mail", emails, False, re.IGNORECASE),
    ):
        needles = sorted({n for v in values for n in _variants(v)}, key=len, reverse=True)
        if needles:
            body = b"(?:" + b"|".join(map(re.escape, needles)) + b")"
            out.append(
                (label, re.compile(_EDGE_BEFORE + body + _EDGE_AFTER if whole else body, flags))
            )
    return out


def _search(
    result: Erasure,
    root: Path,
    folders: list[Path],
    ids: set[str],
    names: set[str],
    emails: set[str],
) -> None:
    patterns = _patterns(ids, names, emails)
    data_files = {p.resolve() for p in find_files(root)[0]}
    model = folders[1].resolve() if len(folders) > 1 else None
    result.searched = [display_path(f) for f in folders]
    for path in _every_file(folders):
        resolved = path.resolve()
        shown = display_path(path)
        if model is not None and resolved.is_relative_to(model):
            kind = "model"
        elif resolved in data_files:
            kind = "data file"
        else:
            kind = "other file"
        try:
            counts = _found_in(path, patterns, result, shown)
        except OSError as exc:
            result.unreadable.append(f"{shown}: {exc.strerror or exc}")
            continue
        result.checked_files += 1
        if kind == "data file" and (counts["name"] or counts["e-mail"]):
            _explain_namesakes(path, counts, ids, names, emails, result)
        found = tuple(label for label in ("id", "name", "e-mail") if counts[label])
        if found:
            result.remaining.append(Trace(shown, found, kind))


def _explain_namesakes(
    path: Path,
    counts: Counter[str],
    ids: set[str],
    names: set[str],
    emails: set[str],
    result: Erasure,
) -> None:
    """In a data file, other records may hold the same name or e-mail: a namesake, or the same
    person listed under another id. Those occurrences are listed as namesakes, not traces; any
    occurrence beyond them (the name in someone's free text) stays a trace."""
    data = _read_data_file(path)
    if data.problem is not None:
        return
    folded = {e.casefold() for e in emails}
    for record in data.records:
        if record.key in ids:
            continue
        same = []
        if record.name in names:
            same.append("name")
        if record.email is not None and record.email.casefold() in folded:
            same.append("e-mail")
        for label in same:
            counts[label] -= 1
        if same:
            result.namesakes.append(
                f"{record.source}:{record.line}: {record.key} has the same {' and '.join(same)}"
            )


def _found_in(
    path: Path, patterns: list[tuple[str, re.Pattern[bytes]]], result: Erasure, shown: str
) -> Counter[str]:
    counts: Counter[str] = Counter()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as container:
            for member in container.infolist():
                if member.file_size > MAX_SCANNED_MEMBER:
                    result.unreadable.append(f"{shown}[{member.filename}]: too large to search")
                    continue
                counts += _hits(container.read(member), patterns)
        return counts
    if path.stat().st_size == 0:
        return counts
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
        return _hits(view, patterns)


def _hits(
    content: bytes | mmap.mmap, patterns: list[tuple[str, re.Pattern[bytes]]]
) -> Counter[str]:
    return Counter({label: sum(1 for _ in p.finditer(content)) for label, p in patterns})


def _every_file(folders: list[Path]) -> Iterator[Path]:
    """Every file under the folders, following symlinked folders, each folder and file once
    (so a link loop ends), dotfiles included."""
    seen: set[Path] = set()
    for folder in folders:
        for top, dirs, files in os.walk(folder, followlinks=True):
            real = Path(top).resolve()
            if real in seen:
                dirs[:] = []
                continue
            seen.add(real)
            dirs.sort()
            for name in sorted(files):
                path = Path(top) / name
                with contextlib.suppress(OSError):
                    target = path.resolve()
                    if path.is_file() and target not in seen:
                        seen.add(target)
                        yield path
