"""Save and load a fitted index as JSON + ``.npy``, never pickle, in a folder bridge-match owns.

A model folder (``--model-dir``) looks like this::

    bridge-match-model.json   marker and pointer: {"format": "bridge-match-model-folder",
                              "format_version": 4, "current": "index-20260101T120000Z-<hex>"}
    .lock                     empty; advisory locks on it order savers and readers
    index-<utc>-<hex>/        the saved model the marker points to:
        manifest.json         versions, parameters, a fingerprint of the profiles it was fitted
                              on, sha256 of every other file
        vectorizer.json       terms and parameters
        <array>.npy           one uncompressed array each: the inverted index (terms × experts,
                              CSR), idf, expert ids, the attributes the boosts read, duplicate-
                              person groups, embeddings if any

**Ownership.** The folder holds only what bridge-match wrote, each entry recognised by its name
and content (the marker, the lock, version folders holding only our file names, the temporary
names of a save in progress, and the top-level ``manifest.json`` + listed files of the layout
before format 4). Saving into, or removing a model from, a folder that holds anything else is
refused with a :class:`~bridge_match.errors.DataError` naming what is there: no command ever
deletes or overwrites a file it did not write.

**Atomic switch.** A save writes a new version into ``index-….partial/``, fsyncs it, renames it
to ``index-…/`` and then replaces the marker (written beside it, fsynced, ``os.replace``): until
that replace readers see the previous model, after it the new one, and a crash at any point
leaves one of the two whole. Savers hold an exclusive ``fcntl`` lock on ``.lock`` from start to
finish, readers a shared one while they read the marker and the files, so the old versions that
a save removes after the switch are never being read. Where ``fcntl`` is missing (Windows) the
switch is still atomic, but concurrent saves are not ordered.

**Checked on load.** Beyond the checksums (which anyone editing a file can recompute), the
manifest and ``vectorizer.json`` are validated as a whole and every array's dtype, shape and the
invariants that ranking relies on are checked, vectorised: an edited index is refused with a
:class:`~bridge_match.errors.ModelError` instead of crashing the process or ranking on NaN.

Loading reads the arrays as they are — no transposing, no re-deriving from the profiles — so a
600k index loads in about the time it takes to read and checksum its files. It stores expert
ids, never names or contacts.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import operator
import os
import re
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import numpy as np
import scipy.sparse as sp
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bridge_match import __version__
from bridge_match.boost import ExpertTable
from bridge_match.documents import PROFILE_WEIGHTS
from bridge_match.errors import DataError, ModelError, Problem
from bridge_match.load import display_path
from bridge_match.matcher import Matcher
from bridge_match.models import ExpertProfile
from bridge_match.sectors import Sector
from bridge_match.validate import gc_paused
from bridge_match.vectorize import TextVectorizer

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks (see the module docstring)
    fcntl = None  # type: ignore[assignment]

FORMAT_VERSION = 4
MARKER = "bridge-match-model.json"
LOCK = ".lock"
MANIFEST = "manifest.json"
VECTORIZER = "vectorizer.json"
PARTIAL = ".partial"
FOLDER_FORMAT = "bridge-match-model-folder"
INDEX_FORMAT = "bridge-match-index"

_ARRAY_DTYPES: dict[str, tuple[np.dtype, ...]] = {
    name: tuple(np.dtype(d) for d in dtypes.split())
    for name, dtypes in {
        "index_data": "float32",
        "index_indices": "int32 int64",
        "index_indptr": "int32 int64",
        "index_shape": "int64",
        "idf": "float64",
        "ids": "uint8",
        "person": "int64",
        "digests": "uint8",
        "countries": "uint8",
        "sectors": "bool",
        "languages": "bool",
        "years": "float64",
        "affiliation_types": "uint8",
        "embeddings": "float32",
    }.items()
}
_OPTIONAL_ARRAYS = frozenset({"embeddings"})
_LISTED = frozenset({VECTORIZER, *(f"{name}.npy" for name in _ARRAY_DTYPES)})
_REQUIRED = _LISTED - {f"{name}.npy" for name in _OPTIONAL_ARRAYS}
_VERSION_FILES = _LISTED | {MANIFEST}
_VERSION_NAME = re.compile(r"index-\d{8}T\d{6}Z-[0-9a-f]{12}")
_MARKER_PARTIAL = re.compile(re.escape(MARKER) + r"\.[0-9a-f]{12}" + re.escape(PARTIAL))
_LEGACY_FILES = _LISTED | {"arrays.npz"}
"""Every name a manifest of the layout before format 4 ever listed (format 1 and 2 kept the arrays
in one ``arrays.npz``)."""
_OS_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
"""Files that file managers drop into any folder they show: neither ours nor the user's data, so
they neither make a folder foreign nor are ever deleted."""
_SMALL_JSON = 1 << 20
"""Markers and manifests are a few kB; a larger file by that name is not ours."""
_CHOOSE = "choose an empty or new folder for --model-dir"
_REFIT = "run `bridge-match fit` to rebuild the model"


_ID_AND_DIGEST = operator.attrgetter("id", "digest")
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


class StaleModelError(ModelError):
    """The saved model was fitted on other profiles or another glossary: refit it.

    When only profiles changed, ``added``, ``changed`` and ``removed`` list the expert ids, so
    the caller can bring the model up to date instead (``load_model(..., changes="update")``).
    """

    def __init__(
        self,
        message: str,
        added: Sequence[str] = (),
        changed: Sequence[str] = (),
        removed: Sequence[str] = (),
    ) -> None:
        super().__init__(message)
        self.added, self.changed, self.removed = list(added), list(changed), list(removed)

    @property
    def updatable(self) -> bool:
        return bool(self.added or self.changed or self.removed)


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


# ------------------------------------------------------------------------------------------------
# What the files hold: validated as a whole, so a renamed key or a wrong type is a clear refusal
# ------------------------------------------------------------------------------------------------

Finite = Annotated[float, Field(allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Marker(_Strict):
    format: Literal["bridge-match-model-folder"]
    format_version: int
    current: Annotated[str, Field(pattern=f"^{_VERSION_NAME.pattern}$")]


class _TextConfig(_Strict):
    field_weights: bool
    profile_weights: dict[str, int]
    glossary_sha256: str | None


class _MatcherConfig(_Strict):
    ngram_max: Annotated[int, Field(ge=1)]
    min_df: Annotated[int, Field(ge=0)]
    concept_weight: Annotated[int, Field(ge=0)]
    weighting: Literal["tfidf", "bm25"]
    semantic_weight: Annotated[Finite, Field(ge=0)]


class _Updates(_Strict):
    n_fitted: Annotated[int, Field(ge=0)]
    changed_since_fit: Annotated[int, Field(ge=0)]
    unknown_share: Annotated[Finite, Field(ge=0, le=1)]


class _Manifest(_Strict):
    format: Literal["bridge-match-index"]
    format_version: int
    bridge_match_version: str
    created: str
    profiles_sha256: str
    n_experts: Annotated[int, Field(ge=1)]
    n_terms: Annotated[int, Field(ge=0)]
    text: _TextConfig
    matcher: _MatcherConfig
    updates: _Updates
    files: dict[str, Annotated[str, Field(pattern="^[0-9a-f]{64}$")]]


class _VectorizerParams(_Strict):
    ngram_max: Annotated[int, Field(ge=1)]
    min_df: Annotated[int, Field(ge=0)] | Annotated[Finite, Field(ge=0, le=1)]
    max_df: Annotated[int, Field(ge=0)] | Annotated[Finite, Field(ge=0, le=1)]
    sublinear_tf: bool
    concept_weight: Annotated[int, Field(ge=0)]
    weighting: Literal["tfidf", "bm25"]
    k1: Annotated[Finite, Field(ge=0)]
    b: Annotated[Finite, Field(ge=0, le=1)]
    glossary: bool


class _VectorizerFile(_Strict):
    params: _VectorizerParams
    terms: list[str]
    avg_length: Annotated[Finite, Field(gt=0)] | None
    languages: list[str]


_Model = TypeVar("_Model", bound=BaseModel)


def _json(path: Path, raw: bytes | None = None) -> Any:
    try:
        return json.loads(path.read_bytes() if raw is None else raw)
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path} is not readable JSON ({exc}); {_REFIT}") from None


def _validated(path: Path, data: Any, model: type[_Model], what: str) -> _Model:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        faults = [
            f"{'.'.join(map(str, e['loc'])) or 'the whole file'}: {e['msg']}"
            for e in exc.errors()[:3]
        ]
        more = f" (and {exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
        raise ModelError(f"{what} {path} is damaged: {'; '.join(faults)}{more}; {_REFIT}") from None


def _other_version(folder: Path, writer: str, layout: str = "") -> ModelError:
    return ModelError(
        f"the model in {folder} was written by {writer}{layout}; "
        f"this is bridge-match {__version__} (format {FORMAT_VERSION}). "
        "Run `bridge-match fit` to rebuild it."
    )


# ------------------------------------------------------------------------------------------------
# Ownership: which entries of a folder are ours
# ------------------------------------------------------------------------------------------------


@dataclass
class _Survey:
    """A model folder's entries, sorted by who wrote them."""

    marker: Path | None = None
    lock: Path | None = None
    versions: list[Path] = field(default_factory=list)
    partials: list[Path] = field(default_factory=list)
    legacy_files: list[Path] = field(default_factory=list)
    legacy_manifest: Path | None = None
    foreign: list[str] = field(default_factory=list)

    def ours(self) -> list[Path]:
        """Every entry we wrote, the marker first: removing in this order, a crash midway
        leaves no pointer to a half-removed version, and the legacy manifest goes last, so what
        is left stays recognisable."""
        head = [self.marker] if self.marker else []
        tail = [self.legacy_manifest] if self.legacy_manifest else []
        lock = [self.lock] if self.lock else []
        return [*head, *self.versions, *self.partials, *self.legacy_files, *tail, *lock]


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


def _foreign_inside(folder: Path) -> list[str]:
    """What a version folder holds besides our file names (sub-folders, links, other names)."""
    with os.scandir(folder) as entries:
        return sorted(
            f"{folder.name}/{e.name}"
            for e in entries
            if not (_regular(e) and e.name in _VERSION_FILES)
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


# ------------------------------------------------------------------------------------------------
# Locks and durable writes
# ------------------------------------------------------------------------------------------------


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


def _fsync_dir(folder: Path) -> None:
    """Make a folder's new entries durable; not every system can open a folder (Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _write_bytes(path: Path, data: bytes) -> str:
    """Write a new file durably; return its sha256."""
    with path.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return hashlib.sha256(data).hexdigest()


def _write_array(path: Path, array: np.ndarray) -> str:
    with path.open("xb") as handle:
        np.save(handle, array, allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())
    return _sha256(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _remove(entry: Path) -> None:
    """Remove one entry of ours: a version folder file by file (never a tree walk, so anything
    that appeared inside meanwhile stops the removal instead of going with it)."""
    if entry.is_dir() and not entry.is_symlink():
        for child in entry.iterdir():
            if child.name in _VERSION_FILES and not child.is_symlink():
                child.unlink(missing_ok=True)
        entry.rmdir()
    else:
        entry.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------------
# Saving
# ------------------------------------------------------------------------------------------------


def _joined(texts: Sequence[str] | np.ndarray) -> np.ndarray:
    """Strings as one UTF-8 array, one per line: a fixed-width unicode array would cost four
    bytes a character, and converting 600k strings to it takes longer than joining them."""
    return np.frombuffer("\n".join(texts).encode(), dtype=np.uint8)


def _split(array: np.ndarray, path: Path, count: int) -> list[str]:
    """Inverse of :func:`_joined`, checked: ``count`` valid UTF-8 lines (a model always has at
    least one expert)."""
    try:
        texts = array.tobytes().decode().split("\n")
    except UnicodeDecodeError:
        texts = None
    if texts is None or len(texts) != count:
        found = "text that is not UTF-8" if texts is None else f"{len(texts)} entries"
        raise ModelError(
            f"{path} is damaged or was edited: {found} where the manifest says {count} experts; "
            f"{_REFIT}"
        )
    return texts


def _fingerprint(ids: Sequence[str], digests: np.ndarray) -> str:
    digest = hashlib.sha256("\x1f".join(ids).encode())
    digest.update(np.ascontiguousarray(digests).tobytes())
    return digest.hexdigest()


def _text_config(matcher: Matcher) -> dict[str, Any]:
    glossary = matcher.vectorizer_.glossary
    return {
        "field_weights": matcher.field_weights,
        "profile_weights": PROFILE_WEIGHTS,
        "glossary_sha256": glossary.fingerprint() if glossary is not None else None,
    }


def _arrays(matcher: Matcher) -> dict[str, np.ndarray]:
    index, experts = matcher.index_t_, matcher.experts_
    arrays = {
        "index_data": index.data,
        "index_indices": index.indices,
        "index_indptr": index.indptr,
        "index_shape": np.asarray(index.shape, dtype=np.int64),
        "idf": np.asarray(matcher.vectorizer_.idf_, dtype=np.float64),
        "ids": _joined(matcher.ids_),
        "person": matcher.person_,
        "digests": matcher.digests_,
        "countries": _joined(experts.countries),
        "sectors": experts.sectors,
        "languages": experts.languages,
        "years": experts.years,
        "affiliation_types": _joined(experts.affiliation_types),
    }
    if matcher.embeddings_ is not None:
        arrays["embeddings"] = matcher.embeddings_
    return arrays


def _write_version(matcher: Matcher, into: Path) -> None:
    """Every file of one saved model, durably, into the new folder ``into``."""
    state = matcher.vectorizer_.state()
    vectorizer = {
        "params": state["params"],
        "terms": state["terms"],
        "avg_length": state["avg_length"],
        "languages": list(matcher.experts_.language_index),
    }
    text = json.dumps(vectorizer, ensure_ascii=False).encode("utf-8")
    files = {VECTORIZER: _write_bytes(into / VECTORIZER, text)}
    for name, array in _arrays(matcher).items():
        files[f"{name}.npy"] = _write_array(into / f"{name}.npy", array)
    index = matcher.index_t_
    manifest = {
        "format": INDEX_FORMAT,
        "format_version": FORMAT_VERSION,
        "bridge_match_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "profiles_sha256": _fingerprint(list(matcher.ids_), matcher.digests_),
        "n_experts": int(index.shape[1]),
        "n_terms": int(index.shape[0]),
        "text": _text_config(matcher),
        "matcher": {
            "ngram_max": matcher.ngram_max,
            "min_df": matcher.min_df,
            "concept_weight": matcher.concept_weight,
            "weighting": matcher.weighting,
            "semantic_weight": matcher.semantic_weight,
        },
        "updates": {
            "n_fitted": matcher.n_fitted_,
            "changed_since_fit": matcher.changed_since_fit_,
            "unknown_share": matcher.unknown_share_,
        },
        "files": files,
    }
    _write_bytes(into / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode("utf-8"))
    _fsync_dir(into)


def _switch(matcher: Matcher, folder: Path) -> str:
    """Write a new version beside the current one and point the marker at it; on any failure
    before the marker is replaced, remove what this save wrote and leave the folder as it was."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"index-{stamp}-{secrets.token_hex(6)}"
    partial, final = folder / f"{name}{PARTIAL}", folder / name
    pointer = folder / f"{MARKER}.{secrets.token_hex(6)}{PARTIAL}"
    marker = {"format": FOLDER_FORMAT, "format_version": FORMAT_VERSION, "current": name}
    committed = False
    try:
        partial.mkdir()
        _write_version(matcher, partial)
        partial.rename(final)
        _fsync_dir(folder)
        _write_bytes(pointer, (json.dumps(marker, indent=2) + "\n").encode("utf-8"))
        os.replace(pointer, folder / MARKER)
        committed = True
        _fsync_dir(folder)
    finally:
        if not committed:
            for leftover in (pointer, partial, final):
                with contextlib.suppress(OSError):
                    if leftover.exists():
                        _remove(leftover)
    return name


def save_model(matcher: Matcher, path: str | Path) -> Path:
    """Save a fitted matcher into a model folder (created if needed), replacing the model there.

    The new model is written beside the old one and switched to atomically; old versions are
    removed after the switch. Only files bridge-match wrote are ever replaced or deleted.

    Parameters
    ----------
    matcher:
        A fitted :class:`Matcher`.
    path:
        The model folder: new, empty, or holding only a model bridge-match saved.

    Returns
    -------
    Path
        The model folder, to pass to :func:`load_model`.

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
            current = _switch(matcher, folder)
            # Best effort: what is left is removed by the next save. Without a lock, saves are
            # not ordered: another one's .partial may be in progress and the marker may have
            # moved on to its version, so those are left alone.
            for entry in _survey(folder).ours():
                if entry.name in (current, MARKER, LOCK) or entry.name == _pointed(folder):
                    continue
                if not locked and entry.name.endswith(PARTIAL):
                    continue
                with contextlib.suppress(OSError):
                    _remove(entry)
    except OSError as exc:
        raise ModelWriteError(folder, exc) from exc
    return folder


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


# ------------------------------------------------------------------------------------------------
# Loading
# ------------------------------------------------------------------------------------------------


def _current(folder: Path) -> Path:
    """The version folder the marker points to."""
    if folder.exists() and not folder.is_dir():
        raise ModelError(f"{folder} is a file, not a model folder; {_REFIT}")
    marker = folder / MARKER
    if not marker.is_file():
        legacy = _small_json(folder / MANIFEST)
        if isinstance(legacy, dict) and legacy.get("format") == INDEX_FORMAT:
            writer = (
                f"bridge-match {legacy.get('bridge_match_version')} "
                f"(format {legacy.get('format_version')})"
            )
            raise _other_version(folder, writer, ", in the folder layout before format 4")
        raise ModelError(f"no saved model in {folder}; run `bridge-match fit` to create one")
    data = _json(marker)
    if not isinstance(data, dict) or data.get("format") != FOLDER_FORMAT:
        raise ModelError(f"{marker} is not a bridge-match model folder marker; {_REFIT}")
    if data.get("format_version") != FORMAT_VERSION:
        writer = f"another version of bridge-match (folder format {data.get('format_version')})"
        raise _other_version(folder, writer)
    pointer = _validated(marker, data, _Marker, "model folder marker")
    version = folder / pointer.current
    if not version.is_dir() or version.is_symlink():
        raise ModelError(f"{marker} points to {pointer.current}, which is missing; {_REFIT}")
    return version


def _manifest(version: Path) -> _Manifest:
    target = version / MANIFEST
    if not target.is_file():
        raise ModelError(f"{target} is missing; {_REFIT}")
    data = _json(target)
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
        raise ModelError(f"{target} is not a bridge-match model manifest; {_REFIT}")
    saved = (data.get("bridge_match_version"), data.get("format_version"))
    if saved != (__version__, FORMAT_VERSION):
        raise _other_version(version.parent, f"bridge-match {saved[0]} (format {saved[1]})")
    manifest = _validated(target, data, _Manifest, "manifest")
    listed = set(manifest.files)
    wrong = sorted(listed - _LISTED) + [f"{n} (missing)" for n in sorted(_REQUIRED - listed)]
    if wrong:
        raise ModelError(f"manifest {target} is damaged: files: {', '.join(wrong)}; {_REFIT}")
    return manifest


def _read(path: str | Path, contents: dict[str, bytes] | None) -> tuple[Path, _Manifest]:
    """The current version folder and its manifest, every file checked against its checksum,
    under a shared lock so that no save removes the files while they are read."""
    folder = Path(path)
    lock = _locked(folder, exclusive=False) if folder.is_dir() else contextlib.nullcontext()
    with lock:
        version = _current(folder)
        manifest = _manifest(version)
        for name, expected in manifest.files.items():
            target = version / name
            raw = target.read_bytes() if target.is_file() else None
            if raw is None or hashlib.sha256(raw).hexdigest() != expected:
                raise ModelError(
                    f"{target} is missing or does not match its checksum in the manifest "
                    f"(damaged or edited); {_REFIT}"
                )
            if contents is not None:
                contents[name] = raw
    return version, manifest


def read_manifest(path: str | Path, contents: dict[str, bytes] | None = None) -> dict[str, Any]:
    """The checked manifest of the model saved in a folder.

    Parameters
    ----------
    path:
        The model folder.
    contents:
        If given, receives every listed file's bytes as read for its checksum, keyed by file
        name, so that loading reads each file once.

    Returns
    -------
    dict
        The manifest: versions, parameters, ``n_experts``, ``n_terms``, ``files`` (name → sha256).

    Raises
    ------
    ModelError
        No model there, one from another version, or a damaged one (a manifest with a missing,
        renamed or mistyped key, a file missing or not matching its checksum).
    """
    return _read(path, contents)[1].model_dump()


def _array(raw: bytes, path: Path) -> np.ndarray:
    """A ``.npy`` file's array, read in place from its bytes (no copy); never an object array,
    so nothing is unpickled."""
    try:
        stream = io.BytesIO(raw)
        version = np.lib.format.read_magic(stream)
        read_header = (
            np.lib.format.read_array_header_1_0
            if version == (1, 0)
            else np.lib.format.read_array_header_2_0
        )
        shape, fortran, dtype = read_header(stream)
        if dtype.hasobject:
            raise ModelError(f"{path} holds Python objects; a bridge-match model never does")
        count = int(np.prod(shape, dtype=np.int64))
        if any(side < 0 for side in shape) or count * dtype.itemsize > len(raw) - stream.tell():
            raise ValueError(f"shape {shape} does not fit the file's {len(raw)} bytes")
        array = np.frombuffer(raw, dtype=dtype, count=count, offset=stream.tell())
        return array.reshape(shape, order="F" if fortran else "C")
    except ValueError as exc:
        raise ModelError(f"{path} is not a valid .npy array file ({exc}); {_REFIT}") from None


def _check(
    version: Path, manifest: _Manifest, vectorizer: _VectorizerFile, arrays: dict[str, np.ndarray]
) -> None:
    """Refuse arrays that break what ranking relies on, whatever the checksums say: an index
    pointing past the last expert reads out of bounds in the sparse product (a crash), and a
    NaN weight ranks nobody. Whole-array reductions only: at 600k profiles the index holds
    ~49M values, and each pass over them costs ~20 ms."""
    n, n_terms = manifest.n_experts, manifest.n_terms

    def need(ok: object, name: str, broken: str) -> None:
        if not ok:
            raise ModelError(f"{version / name} is damaged or was edited: {broken}; {_REFIT}")

    for key, array in arrays.items():
        allowed = _ARRAY_DTYPES[key]
        need(
            array.dtype in allowed,
            f"{key}.npy",
            f"dtype {array.dtype}, where bridge-match saves {' or '.join(map(str, allowed))}",
        )
    n_languages = max(1, len(vectorizer.languages))
    shapes: dict[str, tuple[int | None, ...]] = {
        "index_data": (None,),
        "index_indices": (None,),
        "index_indptr": (n_terms + 1,),
        "index_shape": (2,),
        "idf": (n_terms,),
        "ids": (None,),
        "person": (n,),
        "digests": (n, 16),
        "countries": (None,),
        "sectors": (n, len(Sector)),
        "languages": (n, n_languages),
        "years": (n,),
        "affiliation_types": (None,),
        "embeddings": (n, None),
    }
    for key, want in shapes.items():
        if key not in arrays:
            continue
        got = arrays[key].shape
        fits = len(got) == len(want) and all(
            w is None or g == w for g, w in zip(got, want, strict=True)
        )
        shown = " × ".join("any" if w is None else str(w) for w in want)
        need(fits, f"{key}.npy", f"shape {got}, where {n} experts and {n_terms} terms need {shown}")
    need(
        len(vectorizer.terms) == n_terms,
        VECTORIZER,
        f"{len(vectorizer.terms)} terms where the manifest says {n_terms}",
    )
    shape = arrays["index_shape"].tolist()
    need(
        shape == [n_terms, n],
        "index_shape.npy",
        f"{shape}, where the manifest says {n_terms} × {n}",
    )
    data, indices, indptr = arrays["index_data"], arrays["index_indices"], arrays["index_indptr"]
    nnz = len(data)
    need(len(indices) == nnz, "index_indices.npy", f"{len(indices)} entries, index_data {nnz}")
    need(
        indptr[0] == 0 and indptr[-1] == nnz,
        "index_indptr.npy",
        f"runs from {indptr[0]} to {indptr[-1]}, where it must run from 0 to {nnz}",
    )
    need(bool((indptr[1:] >= indptr[:-1]).all()), "index_indptr.npy", "decreases")
    if nnz:
        need(
            indices.min() >= 0 and indices.max() < n,
            "index_indices.npy",
            f"expert numbers outside 0 to {n - 1}",
        )
        # min/max propagate NaN, so two reductions find NaN, infinities and negative weights
        # without a temporary array as large as the index.
        low, high = data.min(), data.max()
        need(
            np.isfinite(low) and np.isfinite(high),
            "index_data.npy",
            "weights that are NaN or infinite",
        )
        need(low >= 0, "index_data.npy", "negative weights")
    idf = arrays["idf"]
    if n_terms:
        need(np.isfinite(idf.min()) and np.isfinite(idf.max()), "idf.npy", "NaN or infinite values")
        need(idf.min() >= 0, "idf.npy", "negative values")
    person = arrays["person"]
    need(person.min() >= 0 and person.max() < n, "person.npy", f"groups outside 0 to {n - 1}")
    years = arrays["years"]
    known = years[~np.isnan(years)]
    need(
        not len(known) or (known.min() >= 0 and np.isfinite(known.max())),
        "years.npy",
        "negative or infinite years",
    )
    if "embeddings" in arrays:
        vectors = arrays["embeddings"]
        need(
            not vectors.size or (np.isfinite(vectors.min()) and np.isfinite(vectors.max())),
            "embeddings.npy",
            "NaN or infinite values",
        )


def load_model(
    path: str | Path,
    profiles: Sequence[ExpertProfile],
    rules: Any = "default",
    changes: Literal["refuse", "update"] = "refuse",
) -> Matcher:
    """Rebuild a fitted :class:`Matcher` for ``profiles`` from a model folder.

    Runs no code from the files (no pickle) and checks every array's shape, dtype and the
    invariants ranking relies on, whatever the checksums say.

    Parameters
    ----------
    path:
        The model folder.
    profiles:
        The profiles to rank; normally the ones the model was fitted on.
    rules:
        Boost rules for the loaded matcher (as :class:`Matcher`'s ``rules``).
    changes:
        What to do when the profiles changed since the fit: ``"refuse"`` raises
        :class:`StaleModelError`; ``"update"`` applies the added, changed and removed profiles
        to the saved index (:meth:`Matcher.update`).

    Returns
    -------
    Matcher
        A fitted matcher.

    Raises
    ------
    StaleModelError
        The glossary changed since the fit, or the profiles did and ``changes="refuse"``.
    ModelError
        The folder holds no model, one from another version, or a damaged or edited one.
    """
    with gc_paused():
        return _load_model(path, profiles, rules, changes)


def _load_model(
    path: str | Path,
    profiles: Sequence[ExpertProfile],
    rules: Any = "default",
    changes: Literal["refuse", "update"] = "refuse",
) -> Matcher:
    folder = Path(path)
    contents: dict[str, bytes] = {}
    version, manifest = _read(folder, contents)
    vectorizer = _validated(
        version / VECTORIZER,
        _json(version / VECTORIZER, contents.pop(VECTORIZER)),
        _VectorizerFile,
        "model file",
    )
    arrays = {
        name.removesuffix(".npy"): _array(raw, version / name) for name, raw in contents.items()
    }
    _check(version, manifest, vectorizer, arrays)
    n = manifest.n_experts
    saved_ids = _split(arrays["ids"], version / "ids.npy", n)
    text = manifest.text
    matcher = Matcher(
        rules=rules,
        glossary=text.glossary_sha256 is not None,
        field_weights=text.field_weights,
        **manifest.matcher.model_dump(),
    )
    glossary = matcher.glossary_
    current = glossary.fingerprint() if glossary is not None else None
    if text.glossary_sha256 != current or text.profile_weights != PROFILE_WEIGHTS:
        raise StaleModelError(f"the glossary or field weights changed since {folder} was fitted")
    if matcher.semantic_weight > 0 and "embeddings" not in arrays:
        raise ModelError(f"the model in {folder} has no embeddings; {_REFIT}")
    keyed = sorted(zip(map(_ID_AND_DIGEST, profiles), profiles, strict=True), key=_FIRST)
    ordered = list(map(_SECOND, keyed))
    keys = list(map(_FIRST, keyed))
    given_ids = list(map(_FIRST, keys))
    digests = np.frombuffer(b"".join(map(_SECOND, keys)), dtype=np.uint8).reshape(-1, 16)
    index_t = sp.csr_matrix(
        (arrays["index_data"], arrays["index_indices"], arrays["index_indptr"]),
        shape=(manifest.n_terms, n),
    )
    state = {
        "params": vectorizer.params.model_dump(),
        "terms": vectorizer.terms,
        "idf": arrays["idf"],
        "avg_length": vectorizer.avg_length,
    }
    updates = manifest.updates
    matcher.n_fitted_ = updates.n_fitted
    matcher.changed_since_fit_ = updates.changed_since_fit
    matcher.unknown_share_ = updates.unknown_share
    try:
        fitted = TextVectorizer.from_state(state, glossary)
    except ValueError as exc:  # scikit-learn's own check of the vocabulary (a repeated term)
        raise ModelError(
            f"{version / VECTORIZER} is damaged or was edited: its terms repeat ({exc}); {_REFIT}"
        ) from None
    if saved_ids == given_ids and np.array_equal(digests, arrays["digests"]):
        experts = ExpertTable(
            countries=np.array(
                _split(arrays["countries"], version / "countries.npy", n), dtype=object
            ),
            sectors=arrays["sectors"],
            languages=arrays["languages"],
            language_index={lang: i for i, lang in enumerate(vectorizer.languages)},
            years=arrays["years"],
            affiliation_types=np.array(
                _split(arrays["affiliation_types"], version / "affiliation_types.npy", n),
                dtype=object,
            ),
        )
        matcher._set_state(
            ordered,
            fitted,
            index_t,
            arrays.get("embeddings"),
            arrays["person"],
            experts,
            digests,
            given_ids,
        )
        return matcher
    if len(set(saved_ids)) != n:
        raise ModelError(
            f"{version / 'ids.npy'} is damaged or was edited: an expert id repeats; {_REFIT}"
        )
    saved = dict(zip(saved_ids, arrays["digests"].tobytes().hex(" ", 16).split(), strict=True))
    given = digests.tobytes().hex(" ", 16).split()
    added = [p for p, d in zip(ordered, given, strict=True) if p.id not in saved]
    changed = [p for p, d in zip(ordered, given, strict=True) if saved.get(p.id, d) != d]
    present = {p.id for p in ordered}
    removed = [i for i in saved_ids if i not in present]
    if changes == "refuse":
        raise StaleModelError(
            f"the profiles changed since the model in {folder} was fitted "
            f"({len(added)} added, {len(changed)} changed, {len(removed)} removed)",
            [p.id for p in added],
            [p.id for p in changed],
            removed,
        )
    replaced = {p.id for p in changed} | set(removed)
    kept = np.flatnonzero([i not in replaced for i in saved_ids])
    by_id = {p.id: p for p in ordered}
    matcher.vectorizer_ = fitted
    matcher.index_t_ = index_t
    matcher.embeddings_ = arrays.get("embeddings")
    matcher.digests_ = arrays["digests"]
    kept_profiles = [by_id[saved_ids[r]] for r in kept]
    return matcher._splice(
        kept_profiles, kept, [*added, *changed], len(added) + len(changed) + len(removed)
    )
