"""The model folder: a folder bridge-match owns, holding saved models it switches between
atomically. What a saved model's files hold is :mod:`bridge_match.persist`'s business.

A model folder (``--model-dir``) looks like this::

    bridge-match-model.json   marker and pointer: {"format": "bridge-match-model-folder",
                              "format_version": 4, "current": "index-20260101T120000Z-<hex>"}
    .lock                     empty; advisory locks on it order savers and readers
    index-<utc>-<hex>/        the saved model the marker points to (manifest.json,
                              vectorizer.json, one .npy file per array)
    embeddings/               the semantic layer's embedding store, kept across saves
                              (:mod:`bridge_match.embeddings`, recognised by its file names)

**Ownership.** The folder holds only what bridge-match wrote, each entry recognised by its name
and content (the marker, the lock, version folders holding only our file names, the temporary
names of a save in progress, and the top-level ``manifest.json`` + listed files of the layout
before format 4). Saving into, or removing a model from, a folder that holds anything else is
refused with a :class:`~bridge_match.errors.DataError` naming what is there: no command ever
deletes or overwrites a file it did not write.

**Atomic switch.** A save writes a new version into ``index-….partial/``, fsyncs it, renames it
to ``index-…/`` and then replaces the marker (written beside it, fsynced, ``os.replace``): until
that replace readers see the previous model, after it the new one, and a crash at any point
leaves one of the two whole. Savers hold an exclusive ``fcntl`` lock on ``.lock``, readers a
shared one while they read, so the old versions a save removes are never being read (without
``fcntl``, on Windows, the switch is still atomic but concurrent saves are not ordered).
"""

from __future__ import annotations

import contextlib
import json
import operator
import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field

from bridge_match import __version__
from bridge_match.embeddings import STORE_DIR, is_store_file
from bridge_match.errors import DataError, ModelError, Problem
from bridge_match.load import display_path
from bridge_match.model_json import REFIT, Strict, read_json, validated
from bridge_match.outputs import sync_folder, write_new_file

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks (see the module docstring)
    fcntl = None  # type: ignore[assignment]

FOLDER_VERSION = 4
"""The folder layout's version, in the marker; a saved model's format has its own
(:data:`bridge_match.persist.FORMAT_VERSION`)."""
MARKER = "bridge-match-model.json"
LOCK = ".lock"
MANIFEST = "manifest.json"
VECTORIZER = "vectorizer.json"
PARTIAL = ".partial"
FOLDER_FORMAT = "bridge-match-model-folder"
INDEX_FORMAT = "bridge-match-index"
ARRAYS: tuple[str, ...] = (
    "index_data",
    "index_indices",
    "index_indptr",
    "index_shape",
    "idf",
    "ids",
    "person",
    "digests",
    "countries",
    "sectors",
    "languages",
    "years",
    "affiliation_types",
    "associations",
    "embeddings",
    "papers_data",
    "papers_indices",
    "papers_indptr",
    "paper_owner",
)
"""The arrays a saved model may hold, one ``<name>.npy`` each: the names this folder owns."""
LISTED = frozenset({VECTORIZER, *(f"{name}.npy" for name in ARRAYS)})
"""The files a manifest lists."""
_VERSION_FILES = LISTED | {MANIFEST}
_VERSION_NAME = re.compile(r"index-\d{8}T\d{6}Z-[0-9a-f]{12}")
_MARKER_PARTIAL = re.compile(re.escape(MARKER) + r"\.[0-9a-f]{12}" + re.escape(PARTIAL))
_LEGACY_FILES = LISTED | {"arrays.npz"}
"""Every name a manifest of the layout before format 4 ever listed (format 1 and 2 kept the arrays
in one ``arrays.npz``)."""
_OS_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
"""Files that file managers drop into any folder they show: neither ours nor the user's data, so
they neither make a folder foreign nor are ever deleted."""
_SMALL_JSON = 1 << 20
"""Markers and manifests are a few kB; a larger file by that name is not ours."""
_CHOOSE = "choose an empty or new folder for --model-dir"

T = TypeVar("T")


class ModelWriteError(ModelError):
    """The model could not be written where asked (a read-only folder, a full disk): the model
    saved there before, if any, is left as it was. ``reason`` says why, in a few words."""

    def __init__(self, folder: Path, cause: OSError) -> None:
        self.folder = folder
        self.reason = cause.strerror or str(cause)
        super().__init__(
            f"could not save the model in {folder}: {self.reason}; the model saved there before, "
            "if any, is unchanged. Make the folder writable or choose another --model-dir"
        )


class _Marker(Strict):
    format: Literal["bridge-match-model-folder"]
    format_version: int
    current: Annotated[str, Field(pattern=f"^{_VERSION_NAME.pattern}$")]


def other_version(folder: Path, writer: str, layout: str = "") -> ModelError:
    return ModelError(
        f"the model in {folder} was written by {writer}{layout}; "
        f"this is bridge-match {__version__} (format {FOLDER_VERSION}). "
        "Run `bridge-match fit` to rebuild it."
    )


# -- Ownership: which entries of a folder are ours ------------------------------------------------


@dataclass
class _Survey:
    """A model folder's entries, sorted by who wrote them."""

    marker: Path | None = None
    lock: Path | None = None
    versions: list[Path] = field(default_factory=list)
    partials: list[Path] = field(default_factory=list)
    legacy_files: list[Path] = field(default_factory=list)
    legacy_manifest: Path | None = None
    store: Path | None = None
    foreign: list[str] = field(default_factory=list)

    def ours(self) -> list[Path]:
        """Every entry we wrote, the marker first: removing in this order, a crash midway
        leaves no pointer to a half-removed version, and the legacy manifest goes last, so what
        is left stays recognisable."""
        head = [self.marker] if self.marker else []
        tail = [self.legacy_manifest] if self.legacy_manifest else []
        lock = [self.lock] if self.lock else []
        store = [self.store] if self.store else []
        return [*head, *self.versions, *self.partials, *self.legacy_files, *tail, *store, *lock]


def _regular(entry: os.DirEntry[str]) -> bool:
    return entry.is_file(follow_symlinks=False)


def _small_json(path: Path) -> Any:
    """A small JSON file's content, or None when it is not one (too big, unreadable, not JSON)."""
    try:
        if path.is_symlink() or path.stat().st_size > _SMALL_JSON:
            return None
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def _pointed(folder: Path) -> str | None:
    """The version the marker names now, if it names one."""
    data = _small_json(folder / MARKER)
    return data.get("current") if isinstance(data, dict) else None


def _is_marker(path: Path) -> bool:
    data = _small_json(path)
    return isinstance(data, dict) and data.get("format") == FOLDER_FORMAT


def _legacy_listing(folder: Path) -> frozenset[str] | None:
    """The files a top-level ``manifest.json`` of the layout before format 4 lists, or None when
    there is no such manifest (or it lists a name no bridge-match version ever wrote: then it
    is not ours, and neither are the files it lists)."""
    data = _small_json(folder / MANIFEST)
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
        return None
    files = data.get("files")
    if not isinstance(files, dict) or not set(files) <= _LEGACY_FILES:
        return None
    return frozenset(files)


def _ours_inside(folder: Path, name: str) -> bool:
    """Whether ``name`` in one of our sub-folders (a version, the embedding store) is ours."""
    return is_store_file(name) if folder.name == STORE_DIR else name in _VERSION_FILES


def _foreign_inside(folder: Path) -> list[str]:
    """What a version or store folder holds besides our file names (sub-folders, links, other
    names)."""
    with os.scandir(folder) as entries:
        return sorted(
            f"{folder.name}/{e.name}"
            for e in entries
            if not (_regular(e) and _ours_inside(folder, e.name))
        )


def _survey(folder: Path) -> _Survey:
    survey = _Survey()
    legacy = _legacy_listing(folder)
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=operator.attrgetter("name"))
    for entry in entries:
        name, path = entry.name, Path(entry.path)
        is_dir = entry.is_dir(follow_symlinks=False)
        if name in _OS_LITTER:
            continue
        if name == MARKER and _regular(entry) and _is_marker(path):
            survey.marker = path
        elif name == LOCK and _regular(entry) and entry.stat(follow_symlinks=False).st_size == 0:
            survey.lock = path
        elif is_dir and (
            _VERSION_NAME.fullmatch(name) or _VERSION_NAME.fullmatch(name.removesuffix(PARTIAL))
        ):
            inside = _foreign_inside(path)
            if inside:
                survey.foreign.extend(inside)
            else:
                (survey.partials if name.endswith(PARTIAL) else survey.versions).append(path)
        elif name == STORE_DIR and is_dir:
            inside = _foreign_inside(path)
            survey.foreign.extend(inside)
            survey.store = None if inside else path
        elif _MARKER_PARTIAL.fullmatch(name) and _regular(entry):
            survey.partials.append(path)
        elif legacy is not None and name == MANIFEST and _regular(entry):
            survey.legacy_manifest = path
        elif legacy is not None and name in legacy and _regular(entry):
            survey.legacy_files.append(path)
        else:
            survey.foreign.append(f"{name}/" if is_dir else name)
    return survey


def check_model_dir(path: str | Path) -> None:
    """Refuse a ``--model-dir`` that bridge-match may not write into or clean.

    A folder that does not exist yet, an empty folder, or one holding only a model that
    bridge-match saved (in this layout or the one before) is fine; anything else is refused,
    before any work is done, because saving replaces and removing deletes what is there.

    Parameters
    ----------
    path:
        The model folder.

    Raises
    ------
    DataError
        ``path`` (or a folder above it) is a file, cannot be read, or holds files bridge-match
        did not write (up to five are named).
    """
    folder = Path(path)
    shown = display_path(folder)
    for above in [folder, *folder.parents]:
        if above.is_dir():
            break
        if above.exists():
            where = "is a file" if above == folder else f"is inside {above}, which is a file"
            raise DataError(
                Problem(shown, None, "--model-dir", f"{where}, not a folder; {_CHOOSE}")
            )
    if not folder.is_dir():
        return
    try:
        foreign = _survey(folder).foreign
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DataError(
            Problem(shown, None, "--model-dir", f"cannot be read ({reason}); {_CHOOSE}")
        ) from None
    if foreign:
        named = ", ".join(foreign[:5]) + (
            f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        )
        raise DataError(
            Problem(
                shown,
                None,
                "--model-dir",
                f"holds files that bridge-match did not write ({named}); bridge-match keeps a "
                f"model only in a folder of its own and never deletes or overwrites other "
                f"files: {_CHOOSE}",
            )
        )


def model_exists(path: str | Path) -> bool:
    """Whether a model saved by bridge-match is in ``path``, in any version's layout, whether or
    not it loads (it may be from another version or damaged).

    Parameters
    ----------
    path:
        The model folder.

    Returns
    -------
    bool
        True when the folder holds our marker or a manifest of the layout before format 4.
    """
    folder = Path(path)
    return folder.is_dir() and (_is_marker(folder / MARKER) or _legacy_listing(folder) is not None)


def model_files(path: str | Path) -> list[Path]:
    """Every file bridge-match wrote in a model folder: the marker and each version's files
    (and any left by an interrupted save), for checks such as erasure's proof.

    Parameters
    ----------
    path:
        The model folder.

    Returns
    -------
    list[Path]
        The files, sorted; empty when there is no folder. The empty lock file is left out.

    Raises
    ------
    DataError
        When the folder cannot be read.
    """
    folder = Path(path)
    if not folder.is_dir():
        return []
    with _locked(folder, exclusive=False):
        try:
            survey = _survey(folder)
        except OSError as exc:
            raise DataError(Problem(display_path(folder), None, "--model-dir", str(exc))) from None
        files: list[Path] = []
        for entry in survey.ours():
            if entry == survey.lock:
                continue
            files.extend(sorted(entry.iterdir()) if entry.is_dir() else [entry])
    return sorted(files)


# -- Locks and durable writes ---------------------------------------------------------------------


@contextlib.contextmanager
def _locked(folder: Path, exclusive: bool) -> Iterator[bool]:
    """Hold ``folder/.lock`` exclusively (savers) or shared (readers); yields whether a lock is
    held. Readers read unlocked when there is no lock file (no saver ever ran here, or the folder
    is being created) or it cannot be opened; savers create it, and fail if they cannot."""
    if fcntl is None:  # pragma: no cover - Windows
        yield False
        return
    handle = _lock(folder / LOCK, exclusive)
    if handle is None:
        yield False
        return
    try:
        yield True
    finally:
        os.close(handle)  # closing releases the lock


def _lock(path: Path, exclusive: bool) -> int | None:
    """An open descriptor of the lock file, locked; None where a reader reads unlocked."""
    mode = (os.O_RDWR | os.O_CREAT) if exclusive else os.O_RDONLY
    while True:
        try:
            handle = os.open(path, mode, 0o644)
        except OSError:
            if exclusive:
                raise
            return None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        except OSError:  # a file system without locks: carry on unordered rather than fail
            os.close(handle)
            return None
        # The lock file may have been removed (remove_model) while this process waited: a lock
        # on that orphan orders nothing, so take the one now at the path.
        with contextlib.suppress(FileNotFoundError):
            if os.path.samestat(os.fstat(handle), os.stat(path)):
                return handle
        os.close(handle)


def _remove(entry: Path) -> None:
    """Remove one entry of ours: a version folder file by file (never a tree walk, so anything
    that appeared inside meanwhile stops the removal instead of going with it)."""
    if entry.is_dir() and not entry.is_symlink():
        for child in entry.iterdir():
            if _ours_inside(entry, child.name) and not child.is_symlink():
                child.unlink(missing_ok=True)
        entry.rmdir()
    else:
        entry.unlink(missing_ok=True)


# -- Switching and removing -----------------------------------------------------------------------


def _switch(write: Callable[[Path], None], folder: Path) -> str:
    """Write a new version beside the current one and point the marker at it; on any failure
    before the marker is replaced, remove what this save wrote and leave the folder as it was."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"index-{stamp}-{secrets.token_hex(6)}"
    partial, final = folder / f"{name}{PARTIAL}", folder / name
    pointer = folder / f"{MARKER}.{secrets.token_hex(6)}{PARTIAL}"
    marker = {"format": FOLDER_FORMAT, "format_version": FOLDER_VERSION, "current": name}
    committed = False
    try:
        partial.mkdir()
        write(partial)
        sync_folder(partial)
        partial.rename(final)
        sync_folder(folder)
        write_new_file(pointer, (json.dumps(marker, indent=2) + "\n").encode("utf-8"))
        os.replace(pointer, folder / MARKER)
        committed = True
        sync_folder(folder)
    finally:
        if not committed:
            for leftover in (pointer, partial, final):
                with contextlib.suppress(OSError):
                    if leftover.exists():
                        _remove(leftover)
    return name


def write_model(
    path: str | Path, write: Callable[[Path], None], keep: frozenset[str] = frozenset()
) -> str:
    """Save a model into a model folder (created if needed), replacing the model there:
    ``write(into)`` writes the model's files (durably: :func:`~bridge_match.outputs.write_new_file`)
    into a new folder.

    The new model is written beside the old one and switched to atomically; old versions are
    removed after the switch. Only files bridge-match wrote are ever replaced or deleted.

    Parameters
    ----------
    path:
        The model folder: new, empty, or holding only a model bridge-match saved.
    write:
        Writes one saved model's files into the (new, empty) folder it is given.
    keep:
        Versions not to remove after the switch (a workspace's readers may be loading them).

    Returns
    -------
    str
        The new version's name (its folder in the model folder).

    Raises
    ------
    DataError
        The folder is a file or holds files bridge-match did not write (see
        :func:`check_model_dir`); nothing is written.
    ModelWriteError
        The folder is not writable or the disk is full; the previous model stays loadable and
        nothing this save wrote is left behind.
    """
    folder = Path(path)
    check_model_dir(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder, exclusive=True) as locked:
            check_model_dir(folder)  # again: another process may have put files there meanwhile
            current = _switch(write, folder)
            # Best effort: what is left is removed by the next save. Without a lock, saves are
            # not ordered: another one's .partial may be in progress and the marker may have
            # moved on to its version, so those are left alone.
            for entry in _survey(folder).ours():
                if entry.name in {current, MARKER, LOCK, STORE_DIR, _pointed(folder), *keep}:
                    continue
                if not locked and entry.name.endswith(PARTIAL):
                    continue
                with contextlib.suppress(OSError):
                    _remove(entry)
    except OSError as exc:
        raise ModelWriteError(folder, exc) from exc
    return current


def remove_model(path: str | Path) -> bool:
    """Delete the model saved in ``path``: our marker, lock and version folders (and the files of
    the layout before format 4). The folder itself, and anything else in it, stays.

    Parameters
    ----------
    path:
        The model folder.

    Returns
    -------
    bool
        True when there was a model (or a leftover of one) to remove.

    Raises
    ------
    DataError
        The folder holds files bridge-match did not write (see :func:`check_model_dir`).
    ModelWriteError
        The folder is not writable; whatever could not be removed is still there.
    """
    folder = Path(path)
    if not folder.is_dir():
        check_model_dir(folder)
        return False
    check_model_dir(folder)
    try:
        with _locked(folder, exclusive=True):
            entries = _survey(folder).ours()
            found = any(entry.name != LOCK for entry in entries)
            for entry in entries:
                _remove(entry)
    except OSError as exc:
        raise ModelWriteError(folder, exc) from exc
    return found


# -- Reading --------------------------------------------------------------------------------------


def _current(folder: Path) -> Path:
    """The version folder the marker points to."""
    if folder.exists() and not folder.is_dir():
        raise ModelError(f"{folder} is a file, not a model folder; {REFIT}")
    marker = folder / MARKER
    if not marker.is_file():
        legacy = _small_json(folder / MANIFEST)
        if isinstance(legacy, dict) and legacy.get("format") == INDEX_FORMAT:
            writer = (
                f"bridge-match {legacy.get('bridge_match_version')} "
                f"(format {legacy.get('format_version')})"
            )
            raise other_version(folder, writer, ", in the folder layout before format 4")
        raise ModelError(f"no saved model in {folder}; run `bridge-match fit` to create one")
    data = read_json(marker)
    if not isinstance(data, dict) or data.get("format") != FOLDER_FORMAT:
        raise ModelError(f"{marker} is not a bridge-match model folder marker; {REFIT}")
    if data.get("format_version") != FOLDER_VERSION:
        writer = f"another version of bridge-match (folder format {data.get('format_version')})"
        raise other_version(folder, writer)
    pointer = validated(marker, data, _Marker, "model folder marker")
    version = folder / pointer.current
    if not version.is_dir() or version.is_symlink():
        raise ModelError(f"{marker} points to {pointer.current}, which is missing; {REFIT}")
    return version


def read_model(path: str | Path, read: Callable[[Path], T], version: str | None = None) -> T:
    """``read(version)`` of the saved model the folder's marker points to (or of the version
    named), under a shared lock so that no save removes the files while they are read.

    Raises
    ------
    ModelError
        No model in the folder, one in another folder layout, or no such version.
    """
    folder = Path(path)
    lock = _locked(folder, exclusive=False) if folder.is_dir() else contextlib.nullcontext()
    with lock:
        if version is None:
            return read(_current(folder))
        named = folder / version
        if not _VERSION_NAME.fullmatch(version) or not named.is_dir() or named.is_symlink():
            raise ModelError(f"{folder} holds no model version {version!r}; {REFIT}")
        return read(named)
