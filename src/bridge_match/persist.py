"""Save and load a fitted index as JSON + ``.npy``, never pickle, with a checked manifest.

A saved model (one version folder of a model folder, :mod:`bridge_match.model_folder`) holds
``manifest.json`` (versions, parameters, a fingerprint of the profiles it was fitted on, sha256
of every other file), ``vectorizer.json`` (terms and parameters) and one uncompressed ``.npy``
file per array: the inverted index (terms × experts, CSR), idf, expert ids, the attributes the
boosts read, duplicate-person groups, embeddings if any. It stores expert ids, never names or
contacts. It reads and writes a :class:`~bridge_match.index.FittedIndex`, knowing no Matcher.

**Checked on load.** Beyond the checksums (which anyone editing a file can recompute), the
manifest and ``vectorizer.json`` are validated as a whole and every array's dtype, shape and the
invariants ranking relies on are checked, vectorised: an edited index is a ``ModelError``, not
a crash or a ranking on NaN. Arrays are read as they are, so a 600k index loads in about the
time it takes to read and checksum its files.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import scipy.sparse as sp
from pydantic import Field

from bridge_match import __version__
from bridge_match.boost import ExpertTable
from bridge_match.documents import PROFILE_WEIGHTS
from bridge_match.errors import ModelError
from bridge_match.index import Changes, FittedIndex
from bridge_match.model_folder import (
    INDEX_FORMAT,
    LISTED,
    MANIFEST,
    REFIT,
    VECTORIZER,
    Strict,
    other_version,
    read_json,
    read_model,
    validated,
    write_model,
)
from bridge_match.outputs import write_new_file
from bridge_match.saved_arrays import (
    OPTIONAL_ARRAYS,
    PAPERS,
    check_arrays,
    joined,
    read_array,
    sha256_of,
    split,
)
from bridge_match.text.glossary import Glossary
from bridge_match.vectorize import TextVectorizer

FORMAT_VERSION = 5
_REQUIRED = LISTED - {f"{name}.npy" for name in OPTIONAL_ARRAYS}


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

    @classmethod
    def of(cls, change: Changes, path: str | Path) -> StaleModelError:
        """The error for profiles that changed since the model in ``path`` was fitted."""
        return cls(
            f"the profiles changed since the model in {path} was fitted "
            f"({len(change.added)} added, {len(change.changed)} changed, "
            f"{len(change.removed)} removed)",
            [p.id for p in change.added],
            [p.id for p in change.changed],
            change.removed,
        )

    @property
    def updatable(self) -> bool:
        return bool(self.added or self.changed or self.removed)


Finite = Annotated[float, Field(allow_inf_nan=False)]


class _TextConfig(Strict):
    field_weights: bool
    profile_weights: dict[str, int]
    glossary_sha256: str | None


class _MatcherConfig(Strict):
    ngram_max: Annotated[int, Field(ge=1)]
    min_df: Annotated[int, Field(ge=0)]
    concept_weight: Annotated[int, Field(ge=0)]
    weighting: Literal["tfidf", "bm25"]
    semantic_weight: Annotated[Finite, Field(ge=0)]
    publication_top_k: Annotated[int, Field(ge=1)] | None


class _Updates(Strict):
    n_fitted: Annotated[int, Field(ge=0)]
    changed_since_fit: Annotated[int, Field(ge=0)]
    unknown_share: Annotated[Finite, Field(ge=0, le=1)]


class _Manifest(Strict):
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


class _VectorizerParams(Strict):
    ngram_max: Annotated[int, Field(ge=1)]
    min_df: Annotated[int, Field(ge=0)] | Annotated[Finite, Field(ge=0, le=1)]
    max_df: Annotated[int, Field(ge=0)] | Annotated[Finite, Field(ge=0, le=1)]
    sublinear_tf: bool
    concept_weight: Annotated[int, Field(ge=0)]
    weighting: Literal["tfidf", "bm25"]
    k1: Annotated[Finite, Field(ge=0)]
    b: Annotated[Finite, Field(ge=0, le=1)]
    glossary: bool


class _VectorizerFile(Strict):
    params: _VectorizerParams
    terms: list[str]
    avg_length: Annotated[Finite, Field(gt=0)] | None
    languages: list[str]


Stamp = tuple[int, int, int, str]
"""What identifies a file's content without reading it: size, inode, change time (ns) — which
no edit or ``touch`` leaves as it was — and the sha256 it had when it was last read whole."""


@dataclass(frozen=True)
class SavedModel:
    """A loaded model: the index, the parameters it was fitted with (``Matcher``'s), the name
    of its version folder and its files' stamps (:func:`load_index`'s ``trusted``)."""

    index: FittedIndex
    params: dict[str, Any]
    version: str = ""
    stamps: dict[str, Stamp] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------------
# Saving
# ------------------------------------------------------------------------------------------------


def _fingerprint(ids: Sequence[str], digests: np.ndarray) -> str:
    digest = hashlib.sha256("\x1f".join(ids).encode())
    digest.update(np.ascontiguousarray(digests).tobytes())
    return digest.hexdigest()


def _write_array(path: Path, array: np.ndarray) -> str:
    """An array as a new ``.npy`` file, flushed to disk; its sha256."""
    digest = hashlib.sha256()
    with path.open("xb+") as handle:
        np.save(handle, array, allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())
        handle.seek(0)
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _arrays(index: FittedIndex) -> dict[str, np.ndarray]:
    matrix, experts = index.index_t, index.experts
    arrays = {
        "index_data": matrix.data,
        "index_indices": matrix.indices,
        "index_indptr": matrix.indptr,
        "index_shape": np.asarray(matrix.shape, dtype=np.int64),
        "idf": np.asarray(index.vectorizer.idf_, dtype=np.float64),
        "ids": joined(index.ids),
        "person": index.person,
        "digests": index.digests,
        "countries": joined(experts.countries),
        "sectors": experts.sectors,
        "languages": experts.languages,
        "years": experts.years,
        "affiliation_types": joined(experts.affiliation_types),
        "associations": joined(experts.associations),
    }
    if index.embeddings is not None:
        arrays["embeddings"] = index.embeddings
    if index.papers_t is not None and index.paper_owner is not None:
        papers = index.papers_t
        arrays |= dict(zip(PAPERS, (papers.data, papers.indices, papers.indptr), strict=False))
        arrays["paper_owner"] = index.paper_owner
    return arrays


def _write_version(index: FittedIndex, params: dict[str, Any], into: Path) -> None:
    """Every file of one saved model, durably, into the new folder ``into``."""
    state = index.vectorizer.state()
    vectorizer = {
        "params": state["params"],
        "terms": state["terms"],
        "avg_length": state["avg_length"],
        "languages": list(index.experts.language_index),
    }
    text = json.dumps(vectorizer, ensure_ascii=False).encode("utf-8")
    files = {VECTORIZER: write_new_file(into / VECTORIZER, text)}
    for name, array in _arrays(index).items():
        files[f"{name}.npy"] = _write_array(into / f"{name}.npy", array)
    glossary = index.vectorizer.glossary
    manifest = {
        "format": INDEX_FORMAT,
        "format_version": FORMAT_VERSION,
        "bridge_match_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "profiles_sha256": _fingerprint(list(index.ids), index.digests),
        "n_experts": index.n_experts,
        "n_terms": int(index.index_t.shape[0]),
        "text": {
            "field_weights": params["field_weights"],
            "profile_weights": PROFILE_WEIGHTS,
            "glossary_sha256": glossary.fingerprint() if glossary is not None else None,
        },
        "matcher": {k: v for k, v in params.items() if k != "field_weights"},
        "updates": {
            "n_fitted": index.n_fitted,
            "changed_since_fit": index.changed_since_fit,
            "unknown_share": index.unknown_share,
        },
        "files": files,
    }
    write_new_file(into / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode("utf-8"))


def save_model(index: FittedIndex, params: dict[str, Any], path: str | Path) -> Path:
    """Save a fitted index into a model folder (created if needed), replacing the model there
    atomically (:func:`bridge_match.model_folder.write_model`).

    Parameters
    ----------
    index:
        The fitted index.
    params:
        The matcher's parameters that shaped it: ``field_weights``, ``ngram_max``, ``min_df``,
        ``concept_weight``, ``weighting``, ``semantic_weight``, ``publication_top_k``.
    path:
        The model folder: new, empty, or holding only a model bridge-match saved.

    Returns
    -------
    Path
        The model folder.

    Raises
    ------
    DataError
        The folder is a file or holds files bridge-match did not write; nothing is written.
    ModelWriteError
        The folder is not writable or the disk is full; the previous model stays loadable.
    """
    write_model(path, lambda into: _write_version(index, params, into))
    return Path(path)


def save_version(
    index: FittedIndex, params: dict[str, Any], path: str | Path, keep: frozenset[str]
) -> str:
    """:func:`save_model` for a workspace: the versions in ``keep`` stay (its readers may be
    loading them); returns the new version's name.

    Raises
    ------
    DataError, ModelWriteError
        As for :func:`save_model`.
    """
    return write_model(path, lambda into: _write_version(index, params, into), keep)


# ------------------------------------------------------------------------------------------------
# Loading
# ------------------------------------------------------------------------------------------------


def _manifest(version: Path) -> _Manifest:
    target = version / MANIFEST
    if not target.is_file():
        raise ModelError(f"{target} is missing; {REFIT}")
    data = read_json(target)
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
        raise ModelError(f"{target} is not a bridge-match model manifest; {REFIT}")
    saved = (data.get("bridge_match_version"), data.get("format_version"))
    if saved != (__version__, FORMAT_VERSION):
        raise other_version(version.parent, f"bridge-match {saved[0]} (format {saved[1]})")
    manifest = validated(target, data, _Manifest, "manifest")
    listed = set(manifest.files)
    wrong = sorted(listed - LISTED) + [f"{n} (missing)" for n in sorted(_REQUIRED - listed)]
    if wrong:
        raise ModelError(f"manifest {target} is damaged: files: {', '.join(wrong)}; {REFIT}")
    return manifest


def _stamp(path: Path, sha256: str) -> Stamp:
    info = path.stat()
    return (info.st_size, info.st_ino, info.st_ctime_ns, sha256)


def _verified(version: Path, manifest: _Manifest, trusted: dict[str, Stamp]) -> dict[str, Stamp]:
    """Every listed file checked against its checksum, except those whose stamp equals a
    ``trusted`` one (checked before and untouched since); the stamps of all of them."""
    stamps: dict[str, Stamp] = {}
    for name, expected in manifest.files.items():
        target = version / name
        if not target.is_file():
            raise ModelError(f"{target} is missing; {REFIT}")
        known = trusted.get(name)
        if known is not None and known[3] == expected and _stamp(target, expected) == known:
            stamps[name] = known
            continue
        if sha256_of(target) != expected:
            raise ModelError(
                f"{target} does not match its checksum in the manifest (damaged or edited); {REFIT}"
            )
        stamps[name] = _stamp(target, expected)
    return stamps


def stamps_of(path: str | Path, version: str) -> dict[str, Stamp]:
    """The stamps of a version this process has just saved (:func:`save_version`): its files
    as written, with the checksums the manifest lists, for :func:`load_index`'s ``trusted``.

    Raises
    ------
    ModelError
        No such version, or a damaged manifest.
    """

    def read(folder: Path) -> dict[str, Stamp]:
        manifest = _manifest(folder)
        return {name: _stamp(folder / name, sha) for name, sha in manifest.files.items()}

    return read_model(path, read, version)


def read_manifest(path: str | Path, version: str | None = None) -> dict[str, Any]:
    """The checked manifest of the model saved in a folder.

    Parameters
    ----------
    path:
        The model folder.
    version:
        A version folder's name (a workspace's), instead of the one the marker points to.

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

    def read(folder: Path) -> dict[str, Any]:
        manifest = _manifest(folder)
        _verified(folder, manifest, {})
        return manifest.model_dump()

    return read_model(path, read, version)


def load_index(
    path: str | Path, version: str | None = None, trusted: dict[str, Stamp] | None = None
) -> SavedModel:
    """The saved index of a model folder, checked, and the parameters it was fitted with.

    Runs no code from the files (no pickle) and checks every array's shape, dtype and the
    invariants ranking relies on, whatever the checksums say. The large arrays are
    memory-mapped (:mod:`bridge_match.saved_arrays`).

    Parameters
    ----------
    path:
        The model folder.
    version:
        A version folder's name (a workspace's), instead of the one the marker points to.
    trusted:
        Stamps of files checked before (:attr:`SavedModel.stamps` of an earlier load): a file
        whose size, inode and change time are the same is not read for its checksum again.

    Returns
    -------
    SavedModel
        The index (its profiles are the caller's to match, by id and digest), the params, the
        version's name and the files' stamps.

    Raises
    ------
    StaleModelError
        The glossary or the field weights changed since the fit.
    ModelError
        The folder holds no model, one from another version, or a damaged or edited one.
    """
    return read_model(path, lambda folder: _load(path, folder, trusted or {}), version)


def _load(path: str | Path, version: Path, trusted: dict[str, Stamp]) -> SavedModel:
    manifest = _manifest(version)
    stamps = _verified(version, manifest, trusted)
    vectorizer = validated(
        version / VECTORIZER, read_json(version / VECTORIZER), _VectorizerFile, "model file"
    )
    arrays = {
        name.removesuffix(".npy"): read_array(version / name)
        for name in manifest.files
        if name.endswith(".npy")
    }
    n, n_terms = manifest.n_experts, manifest.n_terms
    n_languages = max(1, len(vectorizer.languages))
    check_arrays(version, n, n_terms, len(vectorizer.terms), n_languages, arrays)
    text = manifest.text
    glossary = Glossary.default() if text.glossary_sha256 is not None else None
    current = glossary.fingerprint() if glossary is not None else None
    if text.glossary_sha256 != current or text.profile_weights != PROFILE_WEIGHTS:
        raise StaleModelError(
            f"the glossary or field weights changed since {Path(path)} was fitted"
        )
    state = {
        "params": vectorizer.params.model_dump(),
        "terms": vectorizer.terms,
        "idf": arrays["idf"],
        "avg_length": vectorizer.avg_length,
    }
    try:
        fitted = TextVectorizer.from_state(state, glossary)
    except ValueError as exc:  # scikit-learn's own check of the vocabulary (a repeated term)
        raise ModelError(
            f"{version / VECTORIZER} is damaged or was edited: its terms repeat ({exc}); {REFIT}"
        ) from None
    ids = split(arrays["ids"], version / "ids.npy", n)
    if len(set(ids)) != n:
        raise ModelError(
            f"{version / 'ids.npy'} is damaged or was edited: an expert id repeats; {REFIT}"
        )

    def texts(name: str) -> np.ndarray:
        return np.array(split(arrays[name], version / f"{name}.npy", n), dtype=object)

    experts = ExpertTable(
        countries=texts("countries"),
        sectors=arrays["sectors"],
        languages=arrays["languages"],
        language_index={lang: i for i, lang in enumerate(vectorizer.languages)},
        years=arrays["years"],
        affiliation_types=texts("affiliation_types"),
        associations=texts("associations"),
    )
    updates = manifest.updates
    index = FittedIndex(
        fitted,
        sp.csr_matrix(
            (arrays["index_data"], arrays["index_indices"], arrays["index_indptr"]),
            shape=(n_terms, n),
        ),
        np.array(ids, dtype=object),
        experts,
        arrays["person"],
        arrays["digests"],
        arrays.get("embeddings"),
        n_fitted=updates.n_fitted,
        changed_since_fit=updates.changed_since_fit,
        unknown_share=updates.unknown_share,
        paper_top_k=manifest.matcher.publication_top_k or 1,
    )
    if "paper_owner" in arrays:
        owner = arrays["paper_owner"]
        index.paper_owner = owner
        index.papers_t = sp.csr_matrix(
            (arrays["papers_data"], arrays["papers_indices"], arrays["papers_indptr"]),
            shape=(manifest.n_terms, len(owner)),
        )
    params = {
        "glossary": glossary is not None,
        "field_weights": text.field_weights,
        **manifest.matcher.model_dump(),
    }
    return SavedModel(index, params, version.name, stamps)
