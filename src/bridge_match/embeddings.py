"""A store of text embeddings keyed by content digest, so that the semantic layer encodes each
text once: a refit, a second run or an interrupted one encodes only the texts it has not seen.

Why: the encoder costs about 140 ms a profile on this 2-core machine (docs/performance.md), so
600,000 profiles take about a day; most runs change a handful of them.

**Keys.** A text's key is the sha256 of the model id (:attr:`SemanticEncoder.model_id
<bridge_match.semantic.SemanticEncoder.model_id>`: package version, model, dimension, CPU
architecture), the kind (``"query"`` or ``"passage"``) and the exact text embedded. A changed
profile is a changed text, so a new key; an unchanged one is found whatever its id or row.

**Files** (a folder, normally ``embeddings/`` inside the model folder)::

    store.json              {"format": "bridge-match-embeddings", "format_version": 1,
                             "model": ..., "dim": 384, "chunks": [{"name", "count", "level",
                             "vectors_sha256", "keys_sha256"}, ...]}
    vectors-<hex>.npy       float32, count × dim, memory-mapped on read
    keys-<hex>.npy          uint8, count × 32: the keys of those rows, in order
    .lock                   empty; writers hold an exclusive ``fcntl`` lock on it

No pickle: ``.npy`` files are read with ``allow_pickle=False`` and the manifest is validated as
a whole. **Resumable:** encoded texts are written every :data:`CHUNK` texts (and when a run is
interrupted by an exception, Ctrl-C included), each chunk as new files renamed into place and
then listed by replacing ``store.json`` atomically; a run killed outright loses at most one
chunk's work, and the next run encodes only what is not listed. Files a crash left unlisted are
removed by the next write. **Bounded file count:** chunks are merged :data:`FANOUT` at a time
into one of the next level (each vector is rewritten about log₈ of the store's chunk count
times). **Checked:** a manifest of another model or dimension, a file whose dtype, shape or
checksum disagrees with it, or a vector that is not finite and unit-length is refused with a
:class:`~bridge_match.errors.ModelError` naming the file; keys' checksums are verified when the
store is opened, a vectors file's the first time a row of it is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bridge_match.errors import ModelError
from bridge_match.i18n import gettext
from bridge_match.outputs import sync_folder

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: writers are not ordered
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "CHUNK",
    "ENCODING",
    "FANOUT",
    "REUSED",
    "STORE_DIR",
    "EmbeddingStore",
    "EncodeCounts",
    "encode_with_store",
    "is_store_file",
    "remove_store",
    "text_key",
]

STORE_DIR = "embeddings"
"""The store's folder inside a model folder."""
STORE_MANIFEST = "store.json"
STORE_FORMAT: Literal["bridge-match-embeddings"] = "bridge-match-embeddings"
STORE_VERSION = 1
KEY_BYTES = 32
CHUNK = 256
"""Texts encoded between two writes: about 36 s of encoding at 140 ms a text, the most an
outright kill loses."""
FANOUT = 8
"""Chunks of one level merged into one of the next."""
ENCODING = gettext("encoding texts for the semantic layer")
"""The progress stage while texts are encoded: ``progress(ENCODING, done, to_encode)``."""
REUSED = gettext("reused from the embedding store")
"""Reported once before encoding: ``progress(REUSED, reused, total)``."""
_LOCK = ".lock"
_FILE = re.compile(r"(vectors|keys)-[0-9a-f]{12}\.npy")
_PARTIAL = re.compile(r"(store\.json|(vectors|keys)-[0-9a-f]{12}\.npy)\.[0-9a-f]{12}\.partial")
_REMOVE = "delete the folder to encode the texts again"

Progress = Callable[[str, int, int], None]


def is_store_file(name: str) -> bool:
    """Whether a file name inside a store folder is one the store writes (for the model
    folder's ownership rules: a store folder holding anything else is not ours)."""
    return bool(
        name in (STORE_MANIFEST, _LOCK) or _FILE.fullmatch(name) or _PARTIAL.fullmatch(name)
    )


def text_key(model: str, kind: str, text: str) -> bytes:
    """The 32-byte key of ``text`` embedded as ``kind`` by ``model``.

    >>> text_key("m", "passage", "chip design").hex()[:16] == text_key("m", "passage",
    ...     "chip design").hex()[:16] != text_key("m", "query", "chip design").hex()[:16]
    True
    """
    data = f"{model}\n{kind}\n{text}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).digest()


@dataclass(frozen=True)
class EncodeCounts:
    """How many texts of one call came from the store and how many were encoded."""

    reused: int
    encoded: int


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Chunk(_Strict):
    name: Annotated[str, Field(pattern="^[0-9a-f]{12}$")]
    count: Annotated[int, Field(ge=1)]
    level: Annotated[int, Field(ge=0)]
    vectors_sha256: Annotated[str, Field(pattern="^[0-9a-f]{64}$")]
    keys_sha256: Annotated[str, Field(pattern="^[0-9a-f]{64}$")]


class _Manifest(_Strict):
    format: Literal["bridge-match-embeddings"]
    format_version: int
    model: str
    dim: Annotated[int, Field(ge=1)]
    chunks: list[_Chunk]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_npy(path: Path, array: np.ndarray) -> str:
    """``array`` as ``path``, atomically (a temporary name, fsynced, renamed); its sha256."""
    partial = path.with_name(f"{path.name}.{secrets.token_hex(6)}.partial")
    try:
        with partial.open("xb+") as handle:
            np.save(handle, np.ascontiguousarray(array), allow_pickle=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return _sha256(path)


def _write_json(path: Path, data: object) -> None:
    partial = path.with_name(f"{path.name}.{secrets.token_hex(6)}.partial")
    try:
        with partial.open("xb") as handle:
            handle.write((json.dumps(data, indent=1) + "\n").encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    sync_folder(path.parent)


class EmbeddingStore:
    """Embeddings of one model, by text key, in a folder (created on the first write).

    Parameters
    ----------
    path:
        The store's folder: new, empty, or one this class wrote.
    model:
        The encoder's model id (:attr:`SemanticEncoder.model_id
        <bridge_match.semantic.SemanticEncoder.model_id>`); a store of another model is refused.
    dim:
        The vectors' length.

    Raises
    ------
    ModelError
        The folder holds files the store did not write, or a store of another model or
        dimension, or a damaged or edited one.
    """

    def __init__(self, path: str | Path, model: str, dim: int) -> None:
        self.path = Path(path)
        self.model = model
        self.dim = dim
        self._chunks: list[_Chunk] = []
        self._vectors: list[np.ndarray] = []
        self._verified: set[int] = set()
        self._where: dict[bytes, tuple[int, int]] = {}
        self._read()

    def __len__(self) -> int:
        return len(self._where)

    @property
    def size_bytes(self) -> int:
        """Bytes of the store's files on disk."""
        if not self.path.is_dir():
            return 0
        return sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())

    # -- reading ---------------------------------------------------------------------------------

    def _fault(self, name: str, what: str) -> ModelError:
        return ModelError(
            f"the embedding store {self.path / name} is damaged or was edited: {what}; {_REMOVE}"
        )

    def _read(self) -> None:
        """Load the manifest and every chunk's keys (the vectors are memory-mapped)."""
        self._chunks, self._vectors, self._verified, self._where = [], [], set(), {}
        if not self.path.exists():
            return
        if not self.path.is_dir():
            raise ModelError(f"the embedding store {self.path} is a file, not a folder")
        foreign = sorted(f.name for f in self.path.iterdir() if not is_store_file(f.name))
        if foreign:
            raise ModelError(
                f"{self.path} holds files the embedding store did not write "
                f"({', '.join(foreign[:5])}): choose an empty or new folder for it"
            )
        path = self.path / STORE_MANIFEST
        if not path.is_file():
            return
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise self._fault(STORE_MANIFEST, f"not readable JSON ({exc})") from None
        if isinstance(data, dict) and data.get("format_version") != STORE_VERSION:
            raise self._fault(STORE_MANIFEST, f"format {data.get('format_version')}")
        try:
            manifest = _Manifest.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(map(str, first["loc"])) or "the whole file"
            raise self._fault(STORE_MANIFEST, f"{where}: {first['msg']}") from None
        if manifest.model != self.model or manifest.dim != self.dim:
            raise ModelError(
                f"the embedding store {self.path} holds vectors of {manifest.model} "
                f"({manifest.dim} numbers), not of {self.model} ({self.dim}); {_REMOVE}"
            )
        for number, chunk in enumerate(manifest.chunks):
            keys = self._array(f"keys-{chunk.name}.npy", chunk.keys_sha256, (chunk.count, 32))
            vectors = self._array(f"vectors-{chunk.name}.npy", None, (chunk.count, self.dim))
            self._chunks.append(chunk)
            self._vectors.append(vectors)
            raw = keys.tobytes()
            for row in range(chunk.count):
                self._where.setdefault(raw[row * KEY_BYTES : (row + 1) * KEY_BYTES], (number, row))

    def _array(self, name: str, sha256: str | None, shape: tuple[int, int]) -> np.ndarray:
        """A listed ``.npy`` file, checked: dtype, shape and (when given) checksum."""
        path = self.path / name
        dtype = np.dtype(np.uint8) if name.startswith("keys") else np.dtype(np.float32)
        try:
            array = np.load(
                path, mmap_mode="r" if dtype == np.float32 else None, allow_pickle=False
            )
        except (OSError, ValueError, EOFError) as exc:
            reason = "missing" if isinstance(exc, FileNotFoundError) else f"not a .npy file ({exc})"
            raise self._fault(name, reason) from None
        if array.dtype != dtype or array.shape != shape:
            raise self._fault(
                name, f"{array.dtype} {array.shape}, where the manifest says {dtype} {shape}"
            )
        if sha256 is not None and _sha256(path) != sha256:
            raise self._fault(name, "its checksum is not the one in the manifest")
        return array

    def find(self, keys: Sequence[bytes]) -> list[tuple[int, int] | None]:
        """Where each key's vector is (chunk, row), or None for a key the store lacks."""
        return [self._where.get(k) for k in keys]

    def vectors(self, places: Sequence[tuple[int, int]]) -> np.ndarray:
        """The vectors at ``places`` (from :meth:`find`), as a new ``len × dim`` array.

        Raises
        ------
        ModelError
            A vectors file whose checksum disagrees with the manifest, or a vector that is not
            finite and unit-length.
        """
        out = np.empty((len(places), self.dim), dtype=np.float32)
        if not places:
            return out
        chunk_of = np.array([p[0] for p in places], dtype=np.int64)
        row_of = np.array([p[1] for p in places], dtype=np.int64)
        for number in np.unique(chunk_of):
            chunk = self._chunks[number]
            name = f"vectors-{chunk.name}.npy"
            if number not in self._verified:
                if _sha256(self.path / name) != chunk.vectors_sha256:
                    raise self._fault(name, "its checksum is not the one in the manifest")
                self._verified.add(int(number))
            mask = chunk_of == number
            out[mask] = self._vectors[number][row_of[mask]]
        norms = np.linalg.norm(out, axis=1)
        if not (np.isfinite(out).all() and (np.abs(norms - 1) < 1e-3).all()):
            raise self._fault("vectors-*.npy", "vectors that are not finite and unit-length")
        return out

    # -- writing ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.mkdir(parents=True, exist_ok=True)
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        handle = os.open(self.path / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            with contextlib.suppress(OSError):
                fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            os.close(handle)

    def add(self, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        """Write ``vectors`` (one row per key) as a new chunk, merging full levels; durable when
        this returns. The store is read again (another process may have written meanwhile).

        Raises
        ------
        ValueError
            Keys and vectors disagree in number, or vectors of another dimension.
        ModelError
            The store on disk is damaged, or of another model.
        """
        if len(keys) != len(vectors) or (len(vectors) and vectors.shape[1] != self.dim):
            raise ValueError(f"{len(keys)} keys for vectors of shape {vectors.shape}")
        if not len(keys):
            return
        with self._locked():
            self._read()  # what is on disk now, under the lock
            key_array = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(-1, KEY_BYTES)
            chunks = [*self._chunks, self._chunk(key_array, np.asarray(vectors, np.float32), 0)]
            self._commit(chunks)
            while len(chunks) >= FANOUT and len({c.level for c in chunks[-FANOUT:]}) == 1:
                chunks = self._merged(chunks)
                self._commit(chunks)
            self._clean(chunks)
            self._read()

    def _chunk(self, keys: np.ndarray, vectors: np.ndarray, level: int) -> _Chunk:
        name = secrets.token_hex(6)
        return _Chunk(
            name=name,
            count=len(keys),
            level=level,
            vectors_sha256=_write_npy(self.path / f"vectors-{name}.npy", vectors),
            keys_sha256=_write_npy(self.path / f"keys-{name}.npy", keys),
        )

    def _merged(self, chunks: list[_Chunk]) -> list[_Chunk]:
        """The last :data:`FANOUT` chunks (one level) as one of the next level."""
        tail = chunks[-FANOUT:]
        keys = np.concatenate([np.load(self.path / f"keys-{c.name}.npy") for c in tail])
        vectors = np.concatenate([np.load(self.path / f"vectors-{c.name}.npy") for c in tail])
        return [*chunks[:-FANOUT], self._chunk(keys, vectors, tail[0].level + 1)]

    def _commit(self, chunks: list[_Chunk]) -> None:
        sync_folder(self.path)
        manifest = _Manifest(
            format=STORE_FORMAT,
            format_version=STORE_VERSION,
            model=self.model,
            dim=self.dim,
            chunks=chunks,
        )
        _write_json(self.path / STORE_MANIFEST, manifest.model_dump())

    def _clean(self, chunks: list[_Chunk]) -> None:
        """Remove the files no chunk lists (merged away, or left by a crash); under the lock."""
        listed = {f"{kind}-{c.name}.npy" for c in chunks for kind in ("vectors", "keys")}
        for entry in self.path.iterdir():
            if (_FILE.fullmatch(entry.name) and entry.name not in listed) or _PARTIAL.fullmatch(
                entry.name
            ):
                with contextlib.suppress(OSError):
                    entry.unlink()


def remove_store(path: str | Path) -> bool:
    """Delete a store folder the store wrote (its files, then the folder); True when there was
    one. A folder holding anything else is left as it is.

    Raises
    ------
    ModelError
        The folder holds files the store did not write.
    """
    folder = Path(path)
    if not folder.is_dir():
        return False
    foreign = sorted(f.name for f in folder.iterdir() if not is_store_file(f.name))
    if foreign:
        raise ModelError(f"{folder} holds files the embedding store did not write: {foreign[:5]}")
    for entry in folder.iterdir():
        if entry.is_file() or entry.is_symlink():
            entry.unlink()
    folder.rmdir()
    return True


def encode_with_store(
    texts: Sequence[str],
    kind: str,
    encode: Callable[[Sequence[str]], np.ndarray],
    store: EmbeddingStore | None,
    dim: int,
    progress: Progress | None = None,
    batch: int = 32,
    chunk: int = CHUNK,
) -> tuple[np.ndarray, EncodeCounts]:
    """Every text's vector: from ``store`` when it holds the text, else ``encode``d (a text given
    twice is encoded once) and added to the store every ``chunk`` texts.

    ``progress(REUSED, reused, len(texts))`` is reported once, then ``progress(ENCODING, done,
    to_encode)`` after each ``batch``. An exception while encoding (from ``progress`` or the
    encoder, Ctrl-C included) first writes what was encoded, so the next call resumes there. A
    store that cannot be written (a read-only folder, a full disk) is still read; the vectors
    it could not keep are returned all the same.

    Parameters
    ----------
    texts, kind:
        The texts and their kind (``"query"`` or ``"passage"``), part of each key.
    encode:
        Encodes a batch of texts into a ``len × dim`` float32 array of unit rows.
    store:
        Where vectors are found and kept; None encodes every text.
    dim:
        The vectors' length.
    progress, batch, chunk:
        The progress callback, texts per ``encode`` call, texts per write to the store.

    Returns
    -------
    tuple[numpy.ndarray, EncodeCounts]
        The vectors in the texts' order, and how many were reused and encoded.

    Raises
    ------
    ModelError
        A damaged or edited store.
    """
    model = store.model if store is not None else ""
    keys = [text_key(model, kind, t) for t in texts]
    out = np.empty((len(texts), dim), dtype=np.float32)
    places = store.find(keys) if store is not None else [None] * len(texts)
    found = [i for i, p in enumerate(places) if p is not None]
    if store is not None and found:
        out[found] = store.vectors([p for p in places if p is not None])
    todo: dict[bytes, list[int]] = {}
    for i, place in enumerate(places):
        if place is None:
            todo.setdefault(keys[i], []).append(i)
    report = progress or (lambda stage, done, total: None)
    report(REUSED, len(found), len(texts))
    missing = list(todo.values())
    pending: list[list[int]] = []
    pending_vectors: list[np.ndarray] = []

    writable = [store is not None]

    def flush() -> None:
        if store is not None and pending and writable[0]:
            try:
                store.add([keys[rows[0]] for rows in pending], np.concatenate(pending_vectors))
            except OSError:  # a read-only folder or a full disk: rank from memory all the same
                writable[0] = False
        pending.clear()
        pending_vectors.clear()

    done = 0
    try:
        report(ENCODING, 0, len(missing))
        for start in range(0, len(missing), batch):
            part = missing[start : start + batch]
            vectors = encode([texts[rows[0]] for rows in part])
            for rows, vector in zip(part, vectors, strict=True):
                out[rows] = vector
            pending.extend(part)
            pending_vectors.append(vectors)
            done += len(part)
            if len(pending) >= chunk:
                flush()
            report(ENCODING, done, len(missing))
    except BaseException:
        with contextlib.suppress(Exception):  # the interruption is what the caller must see
            flush()
        raise
    flush()
    return out, EncodeCounts(len(found), done)
