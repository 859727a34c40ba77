"""The arrays of a saved index: their file format (``.npy``, never pickled), their dtypes, and
the invariants ranking relies on, checked when an index is loaded.

Large arrays are memory-mapped: a 600k-expert index opens without reading its 400 MB, and pages
are read as a query touches them (a query reads a few terms' columns). The checks are
whole-array reductions, so they read each array once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bridge_match.errors import ModelError
from bridge_match.model_folder import REFIT, VECTORIZER
from bridge_match.sectors import Sector

ARRAY_DTYPES: dict[str, tuple[np.dtype, ...]] = {
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
        "associations": "uint8",
        "embeddings": "float32",
        "papers_data": "float32",
        "papers_indices": "int32 int64",
        "papers_indptr": "int32 int64",
        "paper_owner": "int64",
    }.items()
}
"""The dtypes bridge-match saves each array with."""
PAPERS = ("papers_data", "papers_indices", "papers_indptr", "paper_owner")
"""The publications' index (terms × publications, CSR) and each publication's expert row."""
OPTIONAL_ARRAYS = frozenset({"embeddings", *PAPERS})
MAPPED = frozenset({"index_data", "index_indices", "embeddings", "papers_data", "papers_indices"})
"""Arrays memory-mapped rather than read: the large ones."""


def joined(texts: Sequence[str] | np.ndarray) -> np.ndarray:
    """Strings as one UTF-8 array, one per line: a fixed-width unicode array would cost four
    bytes a character, and converting 600k strings to it takes longer than joining them."""
    return np.frombuffer("\n".join(texts).encode(), dtype=np.uint8)


def split(array: np.ndarray, path: Path, count: int) -> list[str]:
    """Inverse of :func:`joined`, checked: ``count`` valid UTF-8 lines (a model always has at
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


def sha256_of(path: Path) -> str:
    """A file's sha256, read in blocks (an index file can be hundreds of MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_array(path: Path) -> np.ndarray:
    """A ``.npy`` file's array, memory-mapped for the large ones (:data:`MAPPED`); never an
    object array, so nothing is unpickled.

    Raises
    ------
    ModelError
        Not a ``.npy`` file, an object array, or a shape the file is too short for.
    """
    try:
        if path.stem in MAPPED:
            return np.load(path, mmap_mode="r", allow_pickle=False)
        return np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        reason = "it holds Python objects" if "pickle" in str(exc) else str(exc)
        raise ModelError(f"{path} is not a valid .npy array file ({reason}); {REFIT}") from None


def check_arrays(
    version: Path,
    n: int,
    n_terms: int,
    terms: int,
    n_languages: int,
    arrays: dict[str, np.ndarray],
) -> None:
    """Refuse arrays that break what ranking relies on, whatever the checksums say: an index
    pointing past the last expert reads out of bounds in the sparse product (a crash), and a
    NaN weight ranks nobody. Whole-array reductions only: at 600k profiles the index holds
    ~49M values, and each pass over them costs ~20 ms."""

    def need(ok: object, name: str, broken: str) -> None:
        if not ok:
            raise ModelError(f"{version / name} is damaged or was edited: {broken}; {REFIT}")

    need("associations" in arrays, "associations.npy", "missing")
    for key, array in arrays.items():
        allowed = ARRAY_DTYPES[key]
        need(
            array.dtype in allowed,
            f"{key}.npy",
            f"dtype {array.dtype}, where bridge-match saves {' or '.join(map(str, allowed))}",
        )
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
        "associations": (None,),
        "embeddings": (n, None),
        "papers_data": (None,),
        "papers_indices": (None,),
        "papers_indptr": (n_terms + 1,),
        "paper_owner": (None,),
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
        terms == n_terms,
        VECTORIZER,
        f"{terms} terms where the manifest says {n_terms}",
    )
    shape = arrays["index_shape"].tolist()
    need(
        shape == [n_terms, n],
        "index_shape.npy",
        f"{shape}, where the manifest says {n_terms} × {n}",
    )
    _check_csr(need, "index", arrays, n, "expert")
    papers = [name for name in PAPERS if name in arrays]
    if papers:
        need(len(papers) == len(PAPERS), f"{papers[0]}.npy", "saved without the other paper files")
        owner = arrays["paper_owner"]
        _check_csr(need, "papers", arrays, len(owner), "publication")
        need(
            len(owner) > 0 and owner.min() >= 0 and owner.max() < n,
            "paper_owner.npy",
            f"expert numbers outside 0 to {n - 1}",
        )
        need(bool((owner[1:] >= owner[:-1]).all()), "paper_owner.npy", "not in expert order")
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


def _check_csr(
    need: Callable[[object, str, str], None],
    name: str,
    arrays: dict[str, np.ndarray],
    n: int,
    kind: str,
) -> None:
    """The invariants of a saved terms × ``n`` CSR matrix (``<name>_data``, ``_indices``,
    ``_indptr``): sizes that agree, columns inside 0 to ``n - 1``, finite non-negative weights."""
    data, indices, indptr = (arrays[f"{name}_{part}"] for part in ("data", "indices", "indptr"))
    nnz = len(data)
    need(len(indices) == nnz, f"{name}_indices.npy", f"{len(indices)} entries, {name}_data {nnz}")
    need(
        indptr[0] == 0 and indptr[-1] == nnz,
        f"{name}_indptr.npy",
        f"runs from {indptr[0]} to {indptr[-1]}, where it must run from 0 to {nnz}",
    )
    need(bool((indptr[1:] >= indptr[:-1]).all()), f"{name}_indptr.npy", "decreases")
    if nnz:
        need(
            indices.min() >= 0 and indices.max() < n,
            f"{name}_indices.npy",
            f"{kind} numbers outside 0 to {n - 1}",
        )
        # min/max propagate NaN, so two reductions find NaN, infinities and negative weights
        # without a temporary array as large as the index.
        low, high = data.min(), data.max()
        need(np.isfinite(low) and np.isfinite(high), f"{name}_data.npy", "NaN or infinite weights")
        need(low >= 0, f"{name}_data.npy", "negative weights")
