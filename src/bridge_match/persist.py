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
from dataclasses import dataclass
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
from bridge_match.model_arrays import OPTIONAL_ARRAYS, PAPERS, check_arrays, read_array
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


@dataclass(frozen=True)
class SavedModel:
    """A loaded model: the index and the parameters it was fitted with (``Matcher``'s)."""

    index: FittedIndex
    params: dict[str, Any]


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
            f"{REFIT}"
        )
    return texts


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
        "ids": _joined(index.ids),
        "person": index.person,
        "digests": index.digests,
        "countries": _joined(experts.countries),
        "sectors": experts.sectors,
        "languages": experts.languages,
        "years": experts.years,
        "affiliation_types": _joined(experts.affiliation_types),
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
    return write_model(path, lambda into: _write_version(index, params, into))


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


def _read(path: str | Path, contents: dict[str, bytes] | None) -> tuple[Path, _Manifest]:
    """The current version folder and its manifest, every file checked against its checksum
    (read under the folder's shared lock, :func:`~bridge_match.model_folder.read_model`)."""

    def read(version: Path) -> tuple[Path, _Manifest]:
        manifest = _manifest(version)
        for name, expected in manifest.files.items():
            target = version / name
            raw = target.read_bytes() if target.is_file() else None
            if raw is None or hashlib.sha256(raw).hexdigest() != expected:
                raise ModelError(
                    f"{target} is missing or does not match its checksum in the manifest "
                    f"(damaged or edited); {REFIT}"
                )
            if contents is not None:
                contents[name] = raw
        return version, manifest

    return read_model(path, read)


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


def load_index(path: str | Path) -> SavedModel:
    """The saved index of a model folder, checked, and the parameters it was fitted with.

    Runs no code from the files (no pickle) and checks every array's shape, dtype and the
    invariants ranking relies on, whatever the checksums say.

    Parameters
    ----------
    path:
        The model folder.

    Returns
    -------
    SavedModel
        The index (its profiles are the caller's to match, by id and digest) and the params.

    Raises
    ------
    StaleModelError
        The glossary or the field weights changed since the fit.
    ModelError
        The folder holds no model, one from another version, or a damaged or edited one.
    """
    contents: dict[str, bytes] = {}
    version, manifest = _read(path, contents)
    vectorizer = validated(
        version / VECTORIZER,
        read_json(version / VECTORIZER, contents.pop(VECTORIZER)),
        _VectorizerFile,
        "model file",
    )
    arrays = {
        name.removesuffix(".npy"): read_array(raw, version / name) for name, raw in contents.items()
    }
    n_languages = max(1, len(vectorizer.languages))
    n, n_terms = manifest.n_experts, manifest.n_terms
    check_arrays(version, n, n_terms, len(vectorizer.terms), n_languages, arrays)
    n = manifest.n_experts
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
    ids = _split(arrays["ids"], version / "ids.npy", n)
    if len(set(ids)) != n:
        raise ModelError(
            f"{version / 'ids.npy'} is damaged or was edited: an expert id repeats; {REFIT}"
        )
    experts = ExpertTable(
        countries=np.array(_split(arrays["countries"], version / "countries.npy", n), dtype=object),
        sectors=arrays["sectors"],
        languages=arrays["languages"],
        language_index={lang: i for i, lang in enumerate(vectorizer.languages)},
        years=arrays["years"],
        affiliation_types=np.array(
            _split(arrays["affiliation_types"], version / "affiliation_types.npy", n),
            dtype=object,
        ),
    )
    updates = manifest.updates
    index = FittedIndex(
        fitted,
        sp.csr_matrix(
            (arrays["index_data"], arrays["index_indices"], arrays["index_indptr"]),
            shape=(manifest.n_terms, n),
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
    return SavedModel(index, params)
