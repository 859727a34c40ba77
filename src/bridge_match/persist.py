"""Save and load a fitted index as JSON + ``.npy``, never pickle, with a checked manifest.

A model folder holds ``manifest.json`` (versions, parameters, a fingerprint of the profiles it was
fitted on, sha256 of every other file), ``vectorizer.json`` (terms and parameters) and one
uncompressed ``.npy`` file per array: the inverted index (terms × experts, CSR), idf, expert ids,
the attributes the boosts read, duplicate-person groups. Loading reads the arrays as they are —
no transposing, no re-deriving from the profiles — so a 600k index loads in about the time it
takes to read and checksum its files. It stores expert ids, never names or contacts.
"""

from __future__ import annotations

import hashlib
import io
import json
import operator
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp

from bridge_match import __version__
from bridge_match.boost import ExpertTable
from bridge_match.documents import PROFILE_WEIGHTS
from bridge_match.errors import ModelError
from bridge_match.matcher import Matcher
from bridge_match.models import ExpertProfile
from bridge_match.validate import gc_paused
from bridge_match.vectorize import TextVectorizer

FORMAT_VERSION = 3
MANIFEST = "manifest.json"


_ID_AND_DIGEST = operator.attrgetter("id", "digest")
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


def _joined(texts: Sequence[str] | np.ndarray) -> np.ndarray:
    """Strings as one UTF-8 array, one per line: a fixed-width unicode array would cost four
    bytes a character, and converting 600k strings to it takes longer than joining them."""
    return np.frombuffer("\n".join(texts).encode(), dtype=np.uint8)


def _split(array: np.ndarray) -> list[str]:
    """Inverse of :func:`_joined` (a model always has at least one expert)."""
    return array.tobytes().decode().split("\n")


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


def _fingerprint(ids: Sequence[str], digests: np.ndarray) -> str:
    digest = hashlib.sha256("\x1f".join(ids).encode())
    digest.update(np.ascontiguousarray(digests).tobytes())
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
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


def save_model(matcher: Matcher, path: str | Path) -> Path:
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).unlink(missing_ok=True)
    for old in folder.glob("*.np[yz]"):
        old.unlink()
    state = matcher.vectorizer_.state()
    vectorizer = {
        "params": state["params"],
        "terms": state["terms"],
        "avg_length": state["avg_length"],
        "languages": list(matcher.experts_.language_index),
    }
    (folder / "vectorizer.json").write_text(json.dumps(vectorizer, ensure_ascii=False), "utf-8")
    files = ["vectorizer.json"]
    for name, array in _arrays(matcher).items():
        np.save(folder / f"{name}.npy", array, allow_pickle=False)
        files.append(f"{name}.npy")
    index = matcher.index_t_
    manifest = {
        "format": "bridge-match-index",
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
        "files": {name: _sha256(folder / name) for name in files},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return folder


def read_manifest(path: str | Path, contents: dict[str, bytes] | None = None) -> dict[str, Any]:
    """The checked manifest of a model folder; ``contents``, if given, receives every file's
    bytes as read for its checksum, so that loading reads each file once."""
    folder = Path(path)
    target = folder / MANIFEST
    if not target.is_file():
        raise ModelError(f"no saved model in {folder}; run `bridge-match fit` to create one")
    try:
        manifest = json.loads(target.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"{target} is not a readable manifest ({exc}); run `bridge-match fit`"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != "bridge-match-index":
        raise ModelError(f"{target} is not a bridge-match model manifest")
    saved = (manifest.get("bridge_match_version"), manifest.get("format_version"))
    if saved != (__version__, FORMAT_VERSION):
        raise ModelError(
            f"the model in {folder} was written by bridge-match {saved[0]} (format {saved[1]}); "
            f"this is bridge-match {__version__} (format {FORMAT_VERSION}). "
            "Run `bridge-match fit` to rebuild it."
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or "vectorizer.json" not in files:
        raise ModelError(f"{target} lists no model files; run `bridge-match fit`")
    for name, expected in files.items():
        raw = (folder / name).read_bytes() if (folder / name).is_file() else None
        if raw is None or hashlib.sha256(raw).hexdigest() != expected:
            raise ModelError(
                f"{folder / name} is missing or does not match its checksum in the manifest "
                "(damaged or edited); run `bridge-match fit` to rebuild the model"
            )
        if contents is not None:
            contents[name] = raw
    return manifest


def _array(raw: bytes, name: str) -> np.ndarray:
    """A ``.npy`` file's array, read in place from its bytes (no copy); never an object array,
    so nothing is unpickled."""
    stream = io.BytesIO(raw)
    version = np.lib.format.read_magic(stream)
    read_header = (
        np.lib.format.read_array_header_1_0
        if version == (1, 0)
        else np.lib.format.read_array_header_2_0
    )
    shape, fortran, dtype = read_header(stream)
    if dtype.hasobject:
        raise ModelError(f"{name} holds Python objects; a bridge-match model never does")
    count = int(np.prod(shape))
    array = np.frombuffer(raw, dtype=dtype, count=count, offset=stream.tell())
    return array.reshape(shape, order="F" if fortran else "C")


def load_model(
    path: str | Path,
    profiles: Sequence[ExpertProfile],
    rules: Any = "default",
    changes: Literal["refuse", "update"] = "refuse",
) -> Matcher:
    """Rebuild a fitted :class:`Matcher` for ``profiles`` from a model folder.

    Raises :class:`StaleModelError` when the glossary changed since the fit, or when the profiles
    did and ``changes="refuse"``; with ``changes="update"`` the added, changed and removed
    profiles are applied to the saved index (:meth:`Matcher.update`) instead. Raises
    :class:`ModelError` when the folder is missing, from another version, or damaged.
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
    manifest = read_manifest(folder, contents)
    text = manifest["text"]
    matcher = Matcher(
        rules=rules,
        glossary=text["glossary_sha256"] is not None,
        field_weights=text["field_weights"],
        **manifest["matcher"],
    )
    glossary = matcher.glossary_
    current = glossary.fingerprint() if glossary is not None else None
    if text["glossary_sha256"] != current or text["profile_weights"] != PROFILE_WEIGHTS:
        raise StaleModelError(f"the glossary or field weights changed since {folder} was fitted")
    vectorizer = json.loads(contents.pop("vectorizer.json").decode("utf-8"))
    arrays = {
        name.removesuffix(".npy"): _array(raw, name)
        for name, raw in contents.items()
        if name.endswith(".npy")
    }
    if matcher.semantic_weight > 0 and "embeddings" not in arrays:
        raise ModelError(f"the model in {folder} has no embeddings; run `bridge-match fit`")
    keyed = sorted(zip(map(_ID_AND_DIGEST, profiles), profiles, strict=True), key=_FIRST)
    ordered = list(map(_SECOND, keyed))
    keys = list(map(_FIRST, keyed))
    given_ids = list(map(_FIRST, keys))
    digests = np.frombuffer(b"".join(map(_SECOND, keys)), dtype=np.uint8).reshape(-1, 16)
    saved_ids = _split(arrays["ids"])
    shape = tuple(int(x) for x in arrays["index_shape"])
    index_t = sp.csr_matrix(
        (arrays["index_data"], arrays["index_indices"], arrays["index_indptr"]), shape=shape
    )
    state = {
        "params": vectorizer["params"],
        "terms": vectorizer["terms"],
        "idf": arrays["idf"],
        "avg_length": vectorizer.get("avg_length"),
    }
    updates = manifest["updates"]
    matcher.n_fitted_ = int(updates["n_fitted"])
    matcher.changed_since_fit_ = int(updates["changed_since_fit"])
    matcher.unknown_share_ = float(updates["unknown_share"])
    fitted = TextVectorizer.from_state(state, glossary)
    if saved_ids == given_ids and np.array_equal(digests, arrays["digests"]):
        experts = ExpertTable(
            countries=np.array(_split(arrays["countries"]), dtype=object),
            sectors=arrays["sectors"],
            languages=arrays["languages"],
            language_index={lang: i for i, lang in enumerate(vectorizer["languages"])},
            years=arrays["years"],
            affiliation_types=np.array(_split(arrays["affiliation_types"]), dtype=object),
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
