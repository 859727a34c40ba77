"""Which files under a data folder are data: searched recursively, symbolic links followed once.

Documents, images, editors' backups and Excel's lock files are passed over with a note; a
``.txt`` is data only when its first line is a header naming an ``id`` column (Excel's "Unicode
text" is a tab-separated table saved as .txt; notes are not). Spreadsheets bridge-match cannot
read (.ods, .xls...) and unknown types are refused with the fix, since they may hold records.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bridge_match.errors import DataError, Problem
from bridge_match.invisible import strip_hidden
from bridge_match.load.records import SUPPORTED, display_path

_NOT_DATA = {
    **dict.fromkeys(
        ".md .rst .doc .docx .odt .rtf .pdf .htm .html .ppt .pptx .odp .pages".split(),
        "a document, not data",
    ),
    **dict.fromkeys(
        ".png .jpg .jpeg .gif .bmp .tif .tiff .svg .webp .heic".split(), "an image, not data"
    ),
    **dict.fromkeys(".bak .orig .swp".split(), "a backup copy, not data"),
}
"""Suffixes of files a person keeps beside their data (a .txt only when it is not a table)."""
_SPREADSHEETS = {
    ".ods": "in LibreOffice: File > Save As > Excel 2007-365 (.xlsx), or Text CSV with the "
    "character set Unicode (UTF-8)",
    ".fods": "in LibreOffice: File > Save As > Excel 2007-365 (.xlsx)",
    ".xls": "in Excel: File > Save As > Excel Workbook (.xlsx), or CSV UTF-8 (Comma delimited)",
    ".xlsm": "in Excel: File > Save As > Excel Workbook (.xlsx)",
    ".xlsb": "in Excel: File > Save As > Excel Workbook (.xlsx)",
    ".numbers": "in Numbers: File > Export To > Excel (.xlsx) or CSV (Unicode UTF-8)",
}
"""Spreadsheets bridge-match cannot read, with how to save them as one it can."""
_TXT_HEAD = 64 * 1024


@dataclass
class Found:
    """What :func:`find_data` found under a path."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Faults of the search itself (no such folder, a symbolic-link loop)."""
    refused: list[Problem] = field(default_factory=list)
    """Files and folders that may hold records but cannot be read as data (an unsupported type,
    a broken link, a folder that cannot be opened), one problem each."""
    skipped: list[Problem] = field(default_factory=list)
    """Files passed over as not data (documents, images, backups, a .txt that is no table), one
    note each saying why."""


def find_files(path: str | Path) -> tuple[list[Path], list[Problem]]:
    """The data files under ``path`` (a folder, searched recursively, or one file)."""
    found = find_data(path)
    return found.files, [*found.problems, *found.refused]


def find_data(path: str | Path) -> Found:
    """The data files under ``path``, following symbolic links to folders (each folder once).

    Hidden files and folders are passed over; documents, images, backups and a .txt that is
    not a table are passed over with a note (in ``skipped``); anything else that is not data is
    refused, so that a members list saved as .ods is named, not missed. A file named as ``path``
    itself is never skipped: it is read, or refused.
    """
    root = Path(path)
    shown = display_path(root)
    found = Found()
    if not root.exists():
        found.problems.append(Problem(shown, None, None, "no such file or folder"))
    elif root.is_file():
        if root.suffix.lower() not in SUPPORTED:
            found.refused.append(_unsupported(shown, root))
        elif root.suffix.lower() == ".txt" and not is_table(root):
            found.refused.append(Problem(shown, 1, None, f"{_NO_TABLE}; {_TABLE_FIX}"))
        else:
            found.files.append(root)
    elif not root.is_dir():
        found.problems.append(Problem(shown, None, None, "neither a file nor a folder"))
    else:
        identity = _identity(root)
        _search(root, (identity,), found, {identity})
        found.files.sort()
        if not found.files and not found.problems and not found.refused:
            kinds = ", ".join(SUPPORTED)
            found.problems.append(
                Problem(shown, None, None, f"no data files ({kinds}) in this folder")
            )
    return found


def _as_given(path: Path) -> str:
    """A link's own path, not where it leads (:func:`display_path` resolves links)."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def _search(
    folder: Path, chain: tuple[tuple[int, int], ...], found: Found, seen: set[tuple[int, int]]
) -> None:
    """Depth first; ``chain`` holds the folders above, ``seen`` every folder and file so far."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        found.refused.append(
            Problem(display_path(folder), None, None, f"cannot open this folder: {reason}")
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        candidate = folder / entry.name
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
            identity = _identity(candidate) if is_dir or is_file else None
        except OSError:
            is_dir = is_file = False
            identity = None
        if is_dir and identity is not None:
            if identity in chain:
                above = folder
                for _ in range(len(chain) - 1 - chain.index(identity)):
                    above = above.parent
                found.problems.append(
                    Problem(
                        _as_given(candidate),
                        None,
                        None,
                        f"symbolic link loop: leads back to {_as_given(above)}, whose files "
                        "are read once from there; remove the link",
                    )
                )
            elif identity not in seen:
                # A folder linked from two places is read once: its records are not doubled.
                seen.add(identity)
                _search(candidate, (*chain, identity), found, seen)
            continue
        if is_file and identity is not None:
            if identity in seen:
                continue
            seen.add(identity)
            why = _not_data(candidate)
            if why is not None:
                found.skipped.append(Problem(display_path(candidate), None, None, why))
            elif candidate.suffix.lower() in SUPPORTED:
                found.files.append(candidate)
            else:
                found.refused.append(_unsupported(display_path(candidate), candidate))
        elif entry.is_symlink():
            target = os.readlink(candidate)
            found.refused.append(
                Problem(
                    _as_given(candidate),
                    None,
                    None,
                    f"broken symbolic link to {target!r}: nothing to read; restore the file "
                    "or remove the link",
                )
            )


_NO_TABLE = "not a table of records (no header with an id column)"
_TABLE_FIX = "a table's first line names its columns, one of them id"


def _not_data(path: Path) -> str | None:
    """Why a file found in a data folder is passed over, or None when it may be data."""
    name, suffix = path.name, path.suffix.lower()
    if name.startswith("~$"):
        return "Excel's lock file of an open workbook, not data; skipped"
    if name.endswith("~") or (name.startswith("#") and name.endswith("#")):
        return "an editor's backup copy, not data; skipped"
    if suffix == ".txt":
        return None if is_table(path) else f"{_NO_TABLE}; skipped ({_TABLE_FIX})"
    kind = _NOT_DATA.get(suffix)
    return None if kind is None else f"{kind}; skipped"


def is_table(path: Path) -> bool:
    """Whether a text file's first line (after Excel's ``sep=;`` line) is a header naming an
    ``id`` column, tab, comma or semicolon separated, in any case.

    Read from the first 64 KiB in any encoding the loader knows, or in none (an unreadable
    file counts as a table, for the reader to say what is wrong with it).
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(_TXT_HEAD)
    except OSError:
        return True
    for text in _readings(head):
        lines = text.lstrip("\ufeff").splitlines()[:2]
        if lines and lines[0].strip().strip('"').lower().startswith("sep="):
            lines = lines[1:]
        if lines and _names_id(lines[0]):
            return True
    return False


def _readings(head: bytes) -> list[str]:
    """The text ``head`` may be: by its byte-order mark, else UTF-8, and UTF-16 when it holds
    NUL bytes (UTF-16 without a mark, which the reader then refuses with the fix)."""
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if head.startswith(bom):
            return [head.decode(codec, errors="replace")]
    readings = [head.decode("utf-8", errors="replace")]
    if b"\x00" in head:
        readings += [head.decode(codec, errors="replace") for codec in ("utf-16-le", "utf-16-be")]
    return readings


def _names_id(line: str) -> bool:
    return any(
        "id" in (strip_hidden(cell).strip('"').strip().lower() for cell in line.split(delimiter))
        for delimiter in ("\t", ",", ";")
    )


def _unsupported(shown: str, path: Path) -> Problem:
    fix = _SPREADSHEETS.get(path.suffix.lower())
    if fix is not None:
        return Problem(
            shown,
            None,
            None,
            f"unsupported file type {path.suffix!r}: bridge-match reads .xlsx and .csv, not "
            f"this kind of spreadsheet; save it as .xlsx or CSV UTF-8 ({fix})",
        )
    return Problem(
        shown,
        None,
        None,
        f"unsupported file type {path.suffix or '(none)'!r}; save it as .csv (UTF-8), "
        ".xlsx, .yaml or .json",
    )


_SAMPLE = Path(__file__).parents[1] / "sample_data"
_SOURCE_TREE = Path(__file__).resolve().parents[3]


def sample_dir(kind: str) -> Path:
    """The bundled sample folder (``profiles`` or ``needs``), installed or in a source checkout."""
    for base in (_SAMPLE, _SOURCE_TREE):
        if (base / kind).is_dir():
            return base / kind
    raise DataError(Problem(kind, None, None, "no data folder given and no bundled sample found"))


def data_dir(given: str | Path | None, kind: str) -> Path:
    """An explicit folder, else ``./profiles`` or ``./needs``, else the bundled sample data."""
    if given is not None:
        return Path(given)
    local = Path(kind)
    return local if local.is_dir() else sample_dir(kind)
