"""Save and load a fitted index as JSON + ``.npz``, never pickle, with a checked manifest.

A model folder holds ``manifest.json`` (versions, parameters, a fingerprint of the profiles it was
fitted on, sha256 of every other file), ``vectorizer.json`` (terms and parameters) and
``arrays.npz`` (the sparse expert matrix and idf). It stores expert ids, never names or contacts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from bridge_match import __version__
from bridge_match.errors import ModelError
from bridge_match.matcher import Matcher
from bridge_match.models import ExpertProfile
from bridge_match.text import PROFILE_WEIGHTS
from bridge_match.vectorize import TextVectorizer

FORMAT_VERSION = 2
MANIFEST = "manifest.json"
_FILES = ("vectorizer.json", "arrays.npz")


class StaleModelError(ModelError):
    """The saved model was fitted on other profiles or another glossary: refit it."""


def profiles_fingerprint(profiles: Sequence[ExpertProfile]) -> str:
    """A hash of the validated profiles, so a reformatted file that says the same is no change."""
    digest = hashlib.sha256()
    for profile in sorted(profiles, key=lambda p: p.id):
        digest.update(profile.model_dump_json().encode())
        digest.update(b"\n")
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


def save_model(matcher: Matcher, path: str | Path) -> Path:
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).unlink(missing_ok=True)
    state = matcher.vectorizer_.state()
    vectorizer = {"params": state["params"], "terms": state["terms"], "ids": list(matcher.ids_)}
    (folder / "vectorizer.json").write_text(json.dumps(vectorizer, ensure_ascii=False), "utf-8")
    matrix = matcher.matrix_
    np.savez(
        folder / "arrays.npz",
        data=matrix.data,
        indices=matrix.indices,
        indptr=matrix.indptr,
        shape=np.asarray(matrix.shape, dtype=np.int64),
        idf=state["idf"],
        person=matcher.person_,
        **({} if matcher.embeddings_ is None else {"embeddings": matcher.embeddings_}),
    )
    manifest = {
        "format": "bridge-match-index",
        "format_version": FORMAT_VERSION,
        "bridge_match_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "profiles_sha256": profiles_fingerprint(matcher.profiles_),
        "n_experts": int(matrix.shape[0]),
        "n_terms": int(matrix.shape[1]),
        "text": _text_config(matcher),
        "matcher": {
            "ngram_max": matcher.ngram_max,
            "min_df": matcher.min_df,
            "concept_weight": matcher.concept_weight,
            "weighting": matcher.weighting,
            "semantic_weight": matcher.semantic_weight,
        },
        "files": {name: _sha256(folder / name) for name in _FILES},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return folder


def read_manifest(path: str | Path) -> dict[str, Any]:
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
    for name in _FILES:
        expected = manifest.get("files", {}).get(name)
        if not (folder / name).is_file() or _sha256(folder / name) != expected:
            raise ModelError(
                f"{folder / name} is missing or does not match its checksum in the manifest "
                "(damaged or edited); run `bridge-match fit` to rebuild the model"
            )
    return manifest


def load_model(
    path: str | Path, profiles: Sequence[ExpertProfile], rules: Any = "default"
) -> Matcher:
    """Rebuild a fitted :class:`Matcher` for ``profiles`` from a model folder.

    Raises :class:`StaleModelError` when the profiles or the glossary changed since the fit, and
    :class:`ModelError` when the folder is missing, from another version, or damaged.
    """
    folder = Path(path)
    manifest = read_manifest(folder)
    if manifest["profiles_sha256"] != profiles_fingerprint(profiles):
        raise StaleModelError(f"the profiles changed since the model in {folder} was fitted")
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
    vectorizer = json.loads((folder / "vectorizer.json").read_text("utf-8"))
    with np.load(folder / "arrays.npz", allow_pickle=False) as arrays:
        shape = tuple(int(x) for x in arrays["shape"])
        matrix = sp.csr_matrix((arrays["data"], arrays["indices"], arrays["indptr"]), shape=shape)
        idf = arrays["idf"]
        embeddings = arrays["embeddings"] if "embeddings" in arrays.files else None
        person = arrays["person"]
    ordered = sorted(profiles, key=lambda p: p.id)
    if [p.id for p in ordered] != vectorizer["ids"]:
        raise StaleModelError(f"the experts in {folder} are not the profiles given")
    state = {"params": vectorizer["params"], "terms": vectorizer["terms"], "idf": idf}
    if matcher.semantic_weight > 0 and embeddings is None:
        raise ModelError(f"the model in {folder} has no embeddings; run `bridge-match fit`")
    matcher._set_state(
        ordered, TextVectorizer.from_state(state, glossary), matrix, embeddings, person
    )
    return matcher
