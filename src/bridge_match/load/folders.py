"""Which files under a data folder are data: searched recursively, symbolic links followed once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bridge_match.errors import Problem
from bridge_match.load.records import SUPPORTED, display_path

_DOCUMENTATION = (".md", ".rst")


@dataclass
class Found:
    """What :func:`find_data` found under a path."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Faults of the search itself (no such folder, a symbolic-link loop)."""
    refused: list[Problem] = field(default_factory=list)
    """Files and folders that may hold records but cannot be read as data (an unsupported type,
    a broken link, a folder that cannot be opened), one problem each."""


def find_files(path: str | Path) -> tuple[list[Path], list[Problem]]:
    """The data files under ``path`` (a folder, searched recursively, or one file)."""
    found = find_data(path)
    return found.files, [*found.problems, *found.refused]


def find_data(path: str | Path) -> Found:
    """The data files under ``path``, following symbolic links to folders (each folder once).

    Hidden files and folders and documentation (.md, .rst) are passed over; anything else that
    is not data is refused, so that a members list saved as .ods is named, not missed.
    """
    root = Path(path)
    shown = display_path(root)
    found = Found()
    if not root.exists():
        found.problems.append(Problem(shown, None, None, "no such file or folder"))
    elif root.is_file():
        if root.suffix.lower() in SUPPORTED:
            found.files.append(root)
        else:
            found.refused.append(_unsupported(shown, root))
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
        suffix = candidate.suffix.lower()
        if suffix in _DOCUMENTATION:
            continue
        if is_file and identity is not None:
            if identity in seen:
                continue
            seen.add(identity)
            if suffix in SUPPORTED:
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


def _unsupported(shown: str, path: Path) -> Problem:
    return Problem(
        shown,
        None,
        None,
        f"unsupported file type {path.suffix or '(none)'!r}; save it as .csv (UTF-8), "
        ".xlsx, .yaml or .json",
    )
