"""TF-IDF over weighted bilingual documents: scikit-learn's ``TfidfVectorizer``, our analyzer."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.preprocessing import normalize

from bridge_match.errors import DataError, NotFittedError, Problem
from bridge_match.text.analyzer import Analyzer, Document
from bridge_match.text.glossary import Glossary
from bridge_match.text.tokenize import BREAK


class TextVectorizer:
    """Fit a vocabulary and idf on expert documents; map any document into that space.

    Rows come out L2-normalised float32, so a sparse dot product is the cosine similarity.
    ``weighting="bm25"`` weighs the *expert* documents with Okapi BM25 (term frequency saturating
    at ``k1``, long documents discounted by ``b``) and BM25's idf, then L2-normalises them, so
    scores keep the cosine's 0–1 scale that the boosts are calibrated for; needs (queries) are
    weighted as in TF-IDF with BM25's idf.
    """

    def __init__(
        self,
        glossary: Glossary | None = None,
        ngram_max: int = 2,
        min_df: int = 1,
        max_df: float = 1.0,
        sublinear_tf: bool = True,
        concept_weight: int = 4,
        weighting: Literal["tfidf", "bm25"] = "tfidf",
        k1: float = 1.2,
        b: float = 0.75,
        n_jobs: int | None = None,
    ) -> None:
        self.n_jobs = n_jobs
        self.glossary = glossary
        self.weighting = weighting
        self.k1 = k1
        self.b = b
        self.ngram_max = ngram_max
        self.concept_weight = concept_weight
        self.min_df = min_df
        self.max_df = max_df
        self.sublinear_tf = sublinear_tf

    @property
    def analyzer(self) -> Analyzer:
        return Analyzer(self.glossary, self.ngram_max, self.concept_weight)

    def _sklearn(self, vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer=self.analyzer,
            lowercase=False,
            min_df=self.min_df,
            max_df=self.max_df,
            sublinear_tf=self.sublinear_tf,
            dtype=np.float32,
            vocabulary=vocabulary,
        )

    def fit_transform(
        self,
        docs: Sequence[Document],
        meanwhile: Callable[[], object] | None = None,
        progress: Callable[[str, int, int], None] | None = None,
        owners: np.ndarray | None = None,
    ) -> sp.csr_matrix:
        """Count terms (on every core for large inputs), then weigh: TF-IDF or BM25.

        The counts and vocabulary equal those of scikit-learn's ``CountVectorizer`` with the same
        analyzer (terms sorted, ``min_df``/``max_df`` applied), and TF-IDF is its
        ``TfidfTransformer``, so the matrix is the one ``TfidfVectorizer`` would give. Weighing is
        done in place: at 600k profiles every copy of the matrix is 400 MB. ``meanwhile`` runs in
        this process while worker processes count, instead of after them; ``progress(stage,
        done, total)`` hears of each finished share of the documents.

        ``owners`` groups rows into documents (an expert's profile and publications, one number
        a row): document frequencies, ``min_df`` and ``max_df`` then count documents, not rows,
        so a term an expert's twenty papers repeat is as common as one used once. Each row is
        still weighed and normalised on its own.
        """
        counts = self._counts(docs, meanwhile, progress, owners)
        if counts.shape[1] == 0:
            raise DataError(
                Problem(
                    "profiles",
                    None,
                    None,
                    "no profile has a word to match on: field, keywords, sectors and expertise "
                    "are empty or hold only common words; describe at least one expert's work",
                )
            )
        if self.weighting == "bm25":
            return self._bm25(counts, owners)
        transformer = TfidfTransformer(sublinear_tf=self.sublinear_tf)
        transformer.fit(counts if owners is None else _per_document(counts, owners))
        matrix = sp.csr_matrix(transformer.transform(counts, copy=False), copy=False)
        self.tfidf_ = self._sklearn({t: i for i, t in enumerate(self.terms_)})
        self.tfidf_.idf_ = transformer.idf_
        return matrix

    def _counts(
        self,
        docs: Sequence[Document],
        meanwhile: Callable[[], object] | None = None,
        progress: Callable[[str, int, int], None] | None = None,
        owners: np.ndarray | None = None,
    ) -> sp.csr_matrix:
        jobs = self.n_jobs or (min(os.cpu_count() or 1, 4) if len(docs) >= PARALLEL_FROM else 1)
        parts = None
        if jobs > 1:
            parts = _count_in_parallel(self.analyzer, docs, jobs, meanwhile, progress)
        if parts is None:
            parts = [self.analyzer.count(docs)]
            if meanwhile is not None:
                meanwhile()
        vocabulary = sorted(set().union(*(terms for terms, _ in parts)))
        position = {term: i for i, term in enumerate(vocabulary)}
        blocks = []
        while parts:
            terms, block = parts.pop(0)
            remap = np.fromiter((position[t] for t in terms), dtype=np.int32, count=len(terms))
            block.indices = remap[block.indices]
            block.resize(block.shape[0], len(vocabulary))
            blocks.append(block)
        counts = sp.vstack(blocks, format="csr") if blocks else sp.csr_matrix((0, 0))
        del blocks
        counts.has_sorted_indices = False  # columns were renumbered; the transpose sorts them
        documents = counts if owners is None else _per_document(counts, owners)
        df = np.bincount(documents.indices, minlength=len(vocabulary))
        n_docs = documents.shape[0]
        del documents
        low = self.min_df if isinstance(self.min_df, int) else self.min_df * n_docs
        high = self.max_df if isinstance(self.max_df, int) else self.max_df * n_docs
        junk = np.fromiter((BREAK in t for t in vocabulary), dtype=bool, count=len(vocabulary))
        keep = np.flatnonzero((df >= low) & (df <= high) & ~junk)
        if len(keep) < len(vocabulary):
            counts = counts[:, keep]
        self.terms_ = np.asarray([vocabulary[i] for i in keep], dtype=object)
        return counts.astype(np.float32, copy=False)

    def _bm25(self, counts: sp.csr_matrix, owners: np.ndarray | None = None) -> sp.csr_matrix:
        documents = counts if owners is None else _per_document(counts, owners)
        n_docs, n_terms = documents.shape
        df = np.bincount(documents.indices, minlength=n_terms)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        self.avg_length_ = float(max(counts.sum(axis=1).mean(), 1e-9))
        self.tfidf_ = self._sklearn({t: i for i, t in enumerate(self.terms_)})
        self.tfidf_.idf_ = idf
        return self._bm25_weights(counts)

    def _bm25_weights(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        norm = self.k1 * (1 - self.b + self.b * lengths / self.avg_length_)
        tf = counts.data
        per_entry = np.repeat(norm, np.diff(counts.indptr))
        idf = self.idf_
        counts.data = (tf * (self.k1 + 1) / (tf + per_entry) * idf[counts.indices]).astype(
            np.float32
        )
        return normalize(counts, norm="l2", copy=False).astype(np.float32)

    def transform_experts(self, docs: Sequence[Document]) -> tuple[sp.csr_matrix, float]:
        """Expert documents weighted exactly as ``fit_transform`` weighted its own, with the
        fitted vocabulary and idf; and the share of their term occurrences that the vocabulary
        lacks (those are dropped: a sign that a refit is due). For incremental updates."""
        counts, unknown = self._known_counts(docs)
        if counts.shape[0] == 0:
            return counts, unknown
        if self.weighting == "bm25":
            return self._bm25_weights(counts), unknown
        return self._tfidf(counts, np.asarray(self.idf_, dtype=np.float32)), unknown

    def transform(self, docs: Sequence[Document]) -> sp.csr_matrix:
        """Needs (queries) as TF-IDF rows over the fitted terms, with the fitted idf (BM25's when
        the experts are weighted with BM25): what scikit-learn's ``TfidfVectorizer.transform``
        gives, without its per-call validation (a noticeable part of one need's time)."""
        counts, _ = self._known_counts(docs, queries=True)
        if counts.shape[0] == 0:
            return counts
        return self._tfidf(counts, self.idf_)

    def _known_counts(
        self, docs: Sequence[Document], queries: bool = False
    ) -> tuple[sp.csr_matrix, float]:
        """Counts of the fitted terms (float32, canonical CSR) and the share of term occurrences
        that are not fitted terms. For ``queries``, a glossary concept no expert has is read as
        its words (:meth:`~bridge_match.text.Glossary.spans`); experts are read as fit read
        them."""
        if not hasattr(self, "tfidf_"):
            raise NotFittedError("the vectoriser is not fitted; call fit first")
        column = self.tfidf_.vocabulary_
        analyzer = self.analyzer
        indices: list[int] = []
        indptr = [0]
        total = 0
        for doc in docs:
            for text, weight in doc:
                if weight <= 0 or not text:
                    continue
                terms = analyzer.terms(text, column if queries else None)
                indices += [column[t] for t in terms if t in column] * weight
                total += len(terms) * weight
            indptr.append(len(indices))
        counts = sp.csr_matrix(
            (np.ones(len(indices), dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
            shape=(len(indptr) - 1, len(column)),
        )
        counts.sum_duplicates()
        return counts, 1 - len(indices) / total if total else 0.0

    def _tfidf(self, counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
        weigh = TfidfTransformer(sublinear_tf=self.sublinear_tf)
        weigh.idf_ = idf
        weigh.n_features_in_ = counts.shape[1]
        return sp.csr_matrix(weigh.transform(counts, copy=False), dtype=np.float32)

    @property
    def idf_(self) -> np.ndarray:
        return self.tfidf_.idf_

    def state(self) -> dict[str, Any]:
        """What a saved model needs to rebuild this vectoriser: parameters, terms and idf."""
        return {
            "params": {
                "ngram_max": self.ngram_max,
                "min_df": self.min_df,
                "max_df": self.max_df,
                "sublinear_tf": self.sublinear_tf,
                "concept_weight": self.concept_weight,
                "weighting": self.weighting,
                "k1": self.k1,
                "b": self.b,
                "glossary": self.glossary is not None,
            },
            "terms": [str(t) for t in self.terms_],
            "idf": np.asarray(self.idf_, dtype=np.float64),
            "avg_length": getattr(self, "avg_length_", None),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], glossary: Glossary | None) -> TextVectorizer:
        params = dict(state["params"])
        uses_glossary = params.pop("glossary")
        vectorizer = cls(glossary=glossary if uses_glossary else None, **params)
        terms = list(state["terms"])
        vectorizer.tfidf_ = vectorizer._sklearn({t: i for i, t in enumerate(terms)})
        vectorizer.tfidf_.idf_ = np.asarray(state["idf"], dtype=np.float64)
        vectorizer.terms_ = np.asarray(terms, dtype=object)
        if state.get("avg_length") is not None:
            vectorizer.avg_length_ = float(state["avg_length"])
        return vectorizer


def _per_document(counts: sp.csr_matrix, owners: np.ndarray) -> sp.csr_matrix:
    """Documents × terms, nonzero where any of the document's rows has the term (the rows
    ``owners`` gives the document of): what document frequency counts."""
    n_rows = counts.shape[0]
    member = sp.csr_matrix(
        (np.ones(n_rows, dtype=np.float32), (owners, np.arange(n_rows))),
        shape=(int(owners.max()) + 1 if n_rows else 0, n_rows),
    )
    present = counts.copy()
    present.data = np.ones_like(present.data)
    out = sp.csr_matrix(member @ present)
    out.sum_duplicates()
    return out


PARALLEL_FROM = 20_000
"""Below this many documents, starting worker processes costs more than it saves."""
SHARES_PER_JOB = 4

_shared: tuple[Analyzer, Sequence[Document]] | None = None


def _share(analyzer: Analyzer, docs: Sequence[Document]) -> None:
    global _shared
    _shared = (analyzer, docs)
    _reuse_freed_memory()


WORKER_HEAP = 1 << 30
"""In a counting worker, blocks up to this size come from the heap and stay there when freed."""


def _reuse_freed_memory() -> None:
    """Keep freed memory for reuse in this (short-lived worker) process, on glibc.

    Counting a share makes a few dozen arrays of tens of MB. By default glibc maps each one
    afresh and unmaps it when freed, so every page is faulted in again: at 600k profiles on a
    2-core VM that took the workers' kernel time from 8 to 15 CPU-seconds and fit from about 34
    to 41 s (``bench/bench_scale.py --default-malloc``; docs/performance.md).
    Only ever called in forked workers: the caller's own process keeps its allocator settings.
    """
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc: nothing to tune
        return
    mallopt(_M_TRIM_THRESHOLD, WORKER_HEAP)
    mallopt(_M_MMAP_THRESHOLD, WORKER_HEAP)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's <malloc.h>


def _count_range(bounds: tuple[int, int]) -> tuple[list[str], sp.csr_matrix]:
    assert _shared is not None
    analyzer, docs = _shared
    return analyzer.count(docs[bounds[0] : bounds[1]])


def _count_in_parallel(
    analyzer: Analyzer,
    docs: Sequence[Document],
    jobs: int,
    meanwhile: Callable[[], object] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[tuple[list[str], sp.csr_matrix]] | None:
    """Count ranges of documents in forked workers, which inherit the documents instead of
    receiving them pickled (hundreds of MB at 600k profiles); None where fork is unavailable.

    A few ranges per worker, so that progress can be reported as each one finishes."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    size = -(-len(docs) // (jobs * SHARES_PER_JOB))
    ranges = [(start, min(start + size, len(docs))) for start in range(0, len(docs), size)]
    context = multiprocessing.get_context("fork")
    report = progress or (lambda stage, done, total: None)
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_share, initargs=(analyzer, docs)
    ) as pool:
        futures = [pool.submit(_count_range, bounds) for bounds in ranges]
        if meanwhile is not None:
            meanwhile()
        for done, _ in enumerate(as_completed(futures), start=1):
            report("vectorising profiles", done, len(futures))
        return [future.result() for future in futures]
