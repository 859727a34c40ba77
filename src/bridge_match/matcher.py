"""``Matcher``: fit on expert profiles, then score and recommend for needs — the stages in order."""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Literal, overload

import numpy as np
import pandas as pd
import scipy.sparse as sp

from bridge_match.boost import ExpertTable, apply_boosts, describe_boosts
from bridge_match.dedupe import person_groups
from bridge_match.documents import (
    NEED_WEIGHTS,
    PROFILE_WEIGHTS,
    need_document,
    profile_document,
    sector_document,
)
from bridge_match.errors import DataError, NotFittedError, Problem
from bridge_match.explain import reasons_text, shared_terms
from bridge_match.export import SHORTLIST_COLUMNS, shortlist_frame
from bridge_match.models import ExpertProfile, Need, normalize_country
from bridge_match.rank import top_rows
from bridge_match.rules import Rules
from bridge_match.score import CHUNK_CELLS, cosine_chunks
from bridge_match.text import Document, Glossary, fold, is_vietnamese
from bridge_match.validate import gc_paused
from bridge_match.vectorize import TextVectorizer


class Matcher:
    """Rank experts for needs by TF-IDF cosine similarity plus bounded, explained boosts.

    Parameters are stored as given; ``fit`` learns the vocabulary, idf and expert matrix.

    >>> from bridge_match import Matcher, load_needs, load_profiles
    >>> matcher = Matcher().fit(load_profiles("tests/data/tiny/profiles"))
    >>> shortlist = matcher.recommend(load_needs("tests/data/tiny/needs"), top_k=2)
    >>> shortlist[shortlist.need_id == "N-AI-EN"][["rank", "expert_id", "name"]]
       rank expert_id          name
    2     1       E03  Lê Minh Châu
    3     2       E09   Đỗ Văn Khoa
    """

    def __init__(
        self,
        rules: Rules | Literal["default"] | None = "default",
        glossary: Glossary | bool = True,
        field_weights: bool = True,
        ngram_max: int = 2,
        min_df: int = 1,
        concept_weight: int = 4,
        weighting: Literal["tfidf", "bm25"] = "tfidf",
        semantic_weight: float = 0.0,
    ) -> None:
        self.rules = rules
        self.weighting = weighting
        self.semantic_weight = semantic_weight
        self.glossary = glossary
        self.field_weights = field_weights
        self.ngram_max = ngram_max
        self.min_df = min_df
        self.concept_weight = concept_weight

    @property
    def rules_(self) -> Rules | None:
        return Rules.default() if self.rules == "default" else self.rules  # type: ignore[return-value]

    @property
    def glossary_(self) -> Glossary | None:
        if isinstance(self.glossary, Glossary):
            return self.glossary
        return Glossary.default() if self.glossary else None

    def _weights(self, defaults: dict[str, int]) -> dict[str, int]:
        return defaults if self.field_weights else dict.fromkeys(defaults, 1)

    def fit(self, profiles: Sequence[ExpertProfile], progress: Progress | None = None) -> Matcher:
        """Learn the vocabulary and vectorise every profile; rows are kept in expert-id order.

        ``progress(stage, done, total)`` is called as the fit advances (the CLI draws a bar).
        """
        with gc_paused():
            return self._fit(profiles, progress or _silent)

    def _fit(self, profiles: Sequence[ExpertProfile], report: Progress) -> Matcher:
        ordered = sorted(profiles, key=_by_id)
        if not ordered:
            raise DataError("no expert profiles to fit on")
        duplicates = sorted({a.id for a, b in itertools.pairwise(ordered) if a.id == b.id})
        if duplicates:
            raise DataError(
                [Problem("profiles", None, "id", f"duplicate id {d!r}") for d in duplicates]
            )
        vectorizer = TextVectorizer(
            self.glossary_,
            self.ngram_max,
            self.min_df,
            concept_weight=self.concept_weight,
            weighting=self.weighting,
        )
        side: dict[str, object] = {}

        def meanwhile() -> None:
            report("expert attributes", 0, 3)
            side["experts"] = ExpertTable.from_profiles(ordered)
            report("duplicate people", 1, 3)
            side["person"] = person_groups(ordered)
            report("profile digests", 2, 3)
            side["digests"] = profile_digests(ordered)
            report("vectorising profiles", 3, 3)

        documents = _Documents(ordered, self._weights(PROFILE_WEIGHTS))
        matrix = vectorizer.fit_transform(documents, meanwhile, report)
        embeddings = None
        if self.semantic_weight > 0:
            from bridge_match.semantic import SemanticEncoder, profile_text

            texts = [profile_text(p) for p in ordered]
            embeddings = SemanticEncoder().encode(texts, "passage")
        report("indexing", 0, 1)
        index_t = matrix.T.tocsr()
        del matrix
        self._set_state(
            ordered,
            vectorizer,
            index_t,
            embeddings,
            side["person"],  # type: ignore[arg-type]
            side["experts"],  # type: ignore[arg-type]
            side["digests"],  # type: ignore[arg-type]
        )
        self.n_fitted_ = len(ordered)
        self.changed_since_fit_ = 0
        self.unknown_share_ = 0.0
        report("indexing", 1, 1)
        return self

    def update(
        self,
        profiles: Sequence[ExpertProfile] = (),
        remove: Iterable[str] = (),
        progress: Progress | None = None,
    ) -> Matcher:
        """Add or replace ``profiles`` (matched by id) and drop the ``remove`` ids, without a
        refit: only the given profiles are analysed, with the fitted vocabulary and idf.

        Rows stay in id order, so results equal a fit's except that idf and vocabulary are the
        fit's: terms new since then are ignored. :attr:`refit_advised` says when that drift
        matters (see docs/performance.md).
        """
        self._check_fitted()
        added = sorted(profiles, key=_by_id)
        doubled = sorted({a.id for a, b in itertools.pairwise(added) if a.id == b.id})
        dropped = set(remove)
        unknown = sorted(dropped - self.row_of_.keys())
        both = sorted(dropped & {p.id for p in added})
        if doubled or unknown or both:
            raise DataError(
                [Problem("profiles", None, "id", f"duplicate id {d!r}") for d in doubled]
                + [Problem("remove", None, "id", f"no expert with id {u!r}") for u in unknown]
                + [Problem("remove", None, "id", f"{b!r} is both given and removed") for b in both]
            )
        replaced = dropped | {p.id for p in added}
        kept = np.flatnonzero([i not in replaced for i in self.ids_])
        with gc_paused():
            kept_profiles = [self.profiles_[r] for r in kept]
            return self._splice(kept_profiles, kept, added, len(replaced), progress)

    def _splice(
        self,
        kept_profiles: list[ExpertProfile],
        kept: np.ndarray,
        added: list[ExpertProfile],
        changed: int,
        progress: Progress | None = None,
    ) -> Matcher:
        """Keep rows ``kept`` of the fitted state (whose profiles are ``kept_profiles``) and add
        ``added``, re-sorting by id; ``changed`` experts were added, replaced or removed. Reads
        only the learned arrays, so a saved model can be brought up to date without the
        profiles it was fitted on."""
        if len(kept) + len(added) == 0:
            raise DataError("an update may not remove every expert")
        report = progress or _silent
        report("vectorising profiles", 0, 3)
        rows, unknown_share = self.vectorizer_.transform_experts(
            _Documents(added, self._weights(PROFILE_WEIGHTS))
        )
        report("indexing", 1, 3)
        merged = [*kept_profiles, *added]
        order = np.argsort(np.array([p.id for p in merged], dtype=object), kind="stable")
        matrix = sp.vstack([self.index_t_.T.tocsr()[kept], rows], format="csr")[order]
        embeddings = None
        if self.embeddings_ is not None:
            from bridge_match.semantic import SemanticEncoder, profile_text

            new = SemanticEncoder().encode([profile_text(p) for p in added], "passage")
            embeddings = np.vstack([self.embeddings_[kept], new])[order]
        digests = np.vstack([self.digests_[kept], profile_digests(added)])[order]
        report("duplicate people", 2, 3)
        done = self.changed_since_fit_
        self.unknown_share_ = (self.unknown_share_ * done + unknown_share * len(added)) / max(
            done + len(added), 1
        )
        self.changed_since_fit_ = done + changed
        ordered = [merged[i] for i in order]
        self._set_state(ordered, self.vectorizer_, matrix.T.tocsr(), embeddings, digests=digests)
        report("indexing", 3, 3)
        return self

    @property
    def refit_advised(self) -> bool:
        """True once updates changed more than 10 % of the experts fitted on, or more than 5 % of
        the updated profiles' term occurrences were unknown to the vocabulary: idf and
        vocabulary then describe the collection worse than a refit would."""
        self._check_fitted()
        return (
            self.changed_since_fit_ > REFIT_CHANGED * self.n_fitted_
            or self.unknown_share_ > REFIT_UNKNOWN
        )

    def _set_state(
        self,
        profiles: list[ExpertProfile],
        vectorizer: TextVectorizer,
        index_t: sp.csr_matrix,
        embeddings: np.ndarray | None = None,
        person: np.ndarray | None = None,
        experts: ExpertTable | None = None,
        digests: np.ndarray | None = None,
        ids: list[str] | None = None,
    ) -> None:
        """Learned state. Only the inverted index (terms × experts) is kept: it is what ranking
        reads, and a second, expert-major copy would cost as much memory again. Whatever the
        caller already has is passed in: at 600k profiles each pass over them costs seconds."""
        self.profiles_ = profiles
        self.embeddings_ = embeddings
        self.vectorizer_ = vectorizer
        self.index_t_ = index_t
        self.ids_ = np.array([p.id for p in profiles] if ids is None else ids, dtype=object)
        self.__dict__.pop("row_of_", None)
        self.experts_ = ExpertTable.from_profiles(profiles) if experts is None else experts
        self.person_ = person_groups(profiles) if person is None else person
        self.digests_ = profile_digests(profiles) if digests is None else digests
        self.has_duplicates_ = bool(len(profiles) and self.person_.max() + 1 < len(profiles))
        if embeddings is not None:
            from bridge_match.semantic import profile_text

            self.written_vi_ = np.array([is_vietnamese(profile_text(p)) for p in profiles])

    @functools.cached_property
    def row_of_(self) -> dict[str, int]:
        """Expert id → row, made when first asked for (600k entries cost a noticeable part of a
        model load that may never need them)."""
        self._check_fitted()
        return dict(zip(self.ids_, range(len(self.ids_)), strict=True))

    @property
    def matrix_(self) -> sp.csr_matrix:
        """Experts × terms, L2-normalised rows; built from the inverted index when asked for."""
        self._check_fitted()
        return self.index_t_.T.tocsr()

    def _check_fitted(self) -> None:
        if not hasattr(self, "index_t_"):
            raise NotFittedError("this Matcher is not fitted yet; call fit(profiles) first")

    def transform(self, needs: Sequence[Need]) -> sp.csr_matrix:
        """Needs as rows in the experts' term space (L2-normalised)."""
        self._check_fitted()
        weights = self._weights(NEED_WEIGHTS)
        return self.vectorizer_.transform([need_document(n, weights) for n in needs])

    def score(self, needs: Need | Sequence[Need]) -> pd.DataFrame:
        """Final scores for every (need, expert): index need ids, columns expert ids."""
        needs = _as_list(needs)
        queries = self.transform(needs)
        rows = np.arange(len(self.profiles_))
        out = np.zeros((len(needs), len(rows)), dtype=np.float64)
        rules = self.rules_
        for start, block in cosine_chunks(queries, self.index_t_):
            for offset, sims in enumerate(block):
                need = needs[start + offset]
                boost = 0.0
                if rules is not None:
                    boost = apply_boosts(need, self.experts_, rows, sims, rules).sum(axis=1)
                out[start + offset] = sims + boost
        if self.embeddings_ is not None:
            out = self._fused(needs, out)
        return pd.DataFrame(out, index=[n.id for n in needs], columns=list(self.ids_))

    def recommend(
        self,
        needs: Need | Sequence[Need],
        top_k: int = 10,
        country: Sequence[str] | str | None = None,
        association: str | None = None,
        progress: Progress | None = None,
    ) -> pd.DataFrame:
        """The top ``top_k`` experts per need, explained: one row per (need, expert).

        ``country`` keeps experts living in those countries (names or codes); ``association``
        keeps one association's members (compared without case or diacritics).
        ``progress(stage, done, total)`` is called after each need.
        """
        self._check_fitted()
        needs = _as_list(needs)
        if top_k < 1:
            raise DataError(Problem("top_k", None, None, "must be at least 1"))
        report = progress or _silent
        allowed = self._allowed(country, association)
        queries = self.transform(needs)
        records: list[dict[str, object]] = []
        report("ranking", 0, len(needs))
        for i, (rows, boosts, scores, sims) in enumerate(
            self._ranked(needs, queries, top_k, allowed)
        ):
            records.extend(self._shortlist(needs[i], queries[i], rows, boosts, scores, sims))
            report("ranking", i + 1, len(needs))
        return shortlist_frame(records) if records else pd.DataFrame(columns=SHORTLIST_COLUMNS)

    def _ranked(
        self,
        needs: Sequence[Need],
        queries: sp.csr_matrix,
        k: int,
        allowed: np.ndarray | None,
    ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """Each need's exact top ``k``: rows, boost values, final scores and similarities.

        A worker thread computes the next block of similarities and each need's candidate pool
        (sparse products and partitions, which release the GIL) while this thread boosts and
        explains: on two cores the two halves overlap.
        """
        if self.embeddings_ is not None:
            semantic = self._semantic(needs)
            for start, block in cosine_chunks(queries, self.index_t_):
                for offset, sims in enumerate(block):
                    i = start + offset
                    yield self._fused_candidates(needs[i], sims, k, allowed, semantic[i])
            return
        size = max(4 * k, k + 50)
        for i, (cand, sims) in enumerate(self._pools(queries, allowed, size)):
            yield self._candidates(needs[i], queries[i], cand, sims, k, allowed)

    def _pools(
        self, queries: sp.csr_matrix, allowed: np.ndarray | None, size: int
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Per query: the rows of its ``size`` most similar allowed experts (with every expert
        tied with the last), in row order, and their similarities.

        Blocks of queries go to :data:`POOL_THREADS` threads, a few blocks ahead of the caller:
        the sparse product, the dense block and the partitions release the GIL, so they use the
        cores while this thread explains; memory stays bounded by the blocks in flight.
        """
        step = max(1, CHUNK_CELLS // 2 // max(self.index_t_.shape[1], 1))
        starts = range(0, queries.shape[0], step)
        if len(starts) == 1:
            yield from _block_pools(queries, self.index_t_, allowed, size)
            return
        with ThreadPoolExecutor(POOL_THREADS) as workers:
            pending: deque[Future[list[tuple[np.ndarray, np.ndarray]]]] = deque()
            for start in starts:
                block = queries[start : start + step]
                pending.append(workers.submit(_block_pools, block, self.index_t_, allowed, size))
                if len(pending) > POOL_THREADS:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()

    def _semantic(self, needs: Sequence[Need]) -> np.ndarray:
        """Embedding cosines of needs × experts, centred per language (see semantic.py)."""
        from bridge_match.semantic import SemanticEncoder, centre_by_language, need_text

        queries = SemanticEncoder().encode([need_text(n) for n in needs], "query")
        return centre_by_language(queries @ self.embeddings_.T, self.written_vi_)

    def _fused(self, needs: Sequence[Need], final: np.ndarray) -> np.ndarray:
        from bridge_match.semantic import fuse

        return fuse(final, self._semantic(needs), self.semantic_weight)

    def _allowed(
        self, country: Sequence[str] | str | None, association: str | None
    ) -> np.ndarray | None:
        mask = np.ones(len(self.profiles_), dtype=bool)
        if country:
            given = [country] if isinstance(country, str) else list(country)
            wanted, problems = [], []
            for value in given:
                try:
                    wanted.append(normalize_country(value))
                except ValueError as exc:
                    problems.append(Problem("--country", None, None, str(exc)))
            if problems:
                raise DataError(problems)
            mask &= np.isin(self.experts_.countries, wanted)
        if association:
            mask &= np.array(
                [_same_association(association, p.association) for p in self.profiles_]
            )
        return None if mask.all() else mask

    def _candidates(
        self,
        need: Need,
        query: sp.csr_matrix,
        cand: np.ndarray,
        cand_sims: np.ndarray,
        k: int,
        allowed: np.ndarray | None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The exact top ``k`` people by final score from a pool of the most similar experts.

        Boosts are capped, so only experts within ``max_total_boost`` of the k-th score can
        reach the top: when the pool's least similar expert is not safely below that, widen the
        pool from the need's full row of similarities. A person listed by several associations
        is shown once, at their best-ranked profile.
        """
        rules = self.rules_
        cap = rules.max_total_boost if rules is not None else 0.0
        sims_row: np.ndarray | None = None
        size = len(cand)
        while True:
            boosts = (
                np.zeros((len(cand), 0))
                if rules is None
                else apply_boosts(need, self.experts_, cand, cand_sims, rules)
            )
            final = cand_sims + boosts.sum(axis=1)
            order = self._one_per_person(cand, top_rows(final, len(cand)), k)
            kth = final[order[-1]] if len(order) == k else -np.inf
            if len(cand) == 0 or cand_sims.min() + cap < kth:
                break
            if sims_row is None:
                sims_row = next(cosine_chunks(query, self.index_t_))[1][0]
                if allowed is not None:
                    sims_row = np.where(allowed, sims_row, 0.0)
            positive = int(np.count_nonzero(sims_row > 0))
            if len(cand) >= positive:
                break
            size *= 4
            cand = _pool(sims_row, size)
            cand_sims = sims_row[cand]
        return cand[order], boosts[order], final[order], cand_sims[order]

    def _fused_candidates(
        self,
        need: Need,
        sims: np.ndarray,
        k: int,
        allowed: np.ndarray | None,
        semantic: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """With the semantic layer every allowed expert is a candidate; the score is fused."""
        from bridge_match.semantic import fuse

        rules = self.rules_
        rows = np.arange(len(sims)) if allowed is None else np.flatnonzero(allowed)
        boosts = np.zeros((len(rows), 0))
        if rules is not None:
            boosts = apply_boosts(need, self.experts_, rows, sims[rows], rules)
        fused = fuse(sims[rows] + boosts.sum(axis=1), semantic[rows], self.semantic_weight)
        order = self._one_per_person(rows, top_rows(fused, len(rows)), k)
        return rows[order], boosts[order], fused[order], sims[rows][order]

    def _one_per_person(self, cand: np.ndarray, ranked: np.ndarray, k: int) -> np.ndarray:
        if not self.has_duplicates_:
            return ranked[:k]
        seen: set[int] = set()
        kept: list[int] = []
        for position in ranked:
            person = int(self.person_[cand[position]])
            if person not in seen:
                seen.add(person)
                kept.append(int(position))
                if len(kept) == k:
                    break
        return np.asarray(kept, dtype=np.int64)

    def _shortlist(
        self,
        need: Need,
        query: sp.csr_matrix,
        rows: np.ndarray,
        boosts: np.ndarray,
        scores: np.ndarray,
        sims: np.ndarray,
    ) -> list[dict[str, object]]:
        weights = self._weights(NEED_WEIGHTS)
        analyzer = self.vectorizer_.analyzer
        surfaces = analyzer.surfaces(need_document(need, weights))
        vietnamese = is_vietnamese(f"{need.title}. {need.description}")
        sector_only = (need.sector.label_vi if vietnamese else need.sector.label).lower()
        quiet = frozenset(analyzer(sector_document(need.sector)))
        expert_weights = self._weights_at(query.indices, rows)
        out: list[dict[str, object]] = []
        fused = (
            [f"semantic fusion w={self.semantic_weight:g}"] if self.embeddings_ is not None else []
        )
        for rank, (row, values, score, sim, held) in enumerate(
            zip(rows, boosts, scores, sims, expert_weights, strict=True), start=1
        ):
            expert = self.profiles_[row]
            terms = shared_terms(
                query.indices,
                query.data,
                held,
                self.vectorizer_.terms_,
                surfaces,
                self.vectorizer_.glossary,
                vietnamese,
                quiet=quiet,
            ) or [f"{sector_only} (sector)"]
            applied = describe_boosts(need, self.experts_, row, values) if values.size else []
            out.append(
                {
                    "need_id": need.id,
                    "need_title": need.title,
                    "sector": need.sector.value,
                    "rank": rank,
                    "expert_id": expert.id,
                    "name": expert.name,
                    "country": expert.country,
                    "affiliation": expert.affiliation,
                    "field": expert.field,
                    "score": float(score),
                    "similarity": float(sim),
                    "boost": float(values.sum()),
                    "reasons": reasons_text(terms, [*applied, *fused]),
                    "email": expert.email if expert.consent_to_contact else None,
                }
            )
        return out

    def _weights_at(self, columns: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Experts' weights for some terms, ``len(rows) × len(columns)``, read from the inverted
        index: each term's experts are sorted, so a binary search finds a row."""
        index = self.index_t_
        out = np.zeros((len(rows), len(columns)), dtype=np.float32)
        if len(rows) == 0:
            return out
        for j, column in enumerate(columns):
            lo, hi = index.indptr[column], index.indptr[column + 1]
            if lo == hi:
                continue
            holders = index.indices[lo:hi]
            at = np.minimum(np.searchsorted(holders, rows), hi - lo - 1)
            found = holders[at] == rows
            out[found, j] = index.data[lo + at[found]]
        return out

    def save(self, path: str | Path) -> Path:
        """Write the fitted index to a folder, without pickle; see :mod:`bridge_match.persist`."""
        from bridge_match.persist import save_model

        self._check_fitted()
        return save_model(self, path)

    @classmethod
    def load(cls, path: str | Path, profiles: Sequence[ExpertProfile]) -> Matcher:
        """Load a saved index for these profiles; raises ``ModelError`` if it does not fit them."""
        from bridge_match.persist import load_model

        return load_model(path, profiles)


Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: how far a long fit or batch has got, for a progress bar."""


def _silent(stage: str, done: int, total: int) -> None:
    return None


_by_id = operator.attrgetter("id")


class _Documents(Sequence[Document]):
    """Profiles as weighted documents, made when read: a worker builds its own share, so the
    whole list never exists at once."""

    def __init__(self, profiles: Sequence[ExpertProfile], weights: dict[str, int]) -> None:
        self.profiles = profiles
        self.weights = weights

    def __len__(self) -> int:
        return len(self.profiles)

    @overload
    def __getitem__(self, index: int) -> Document: ...
    @overload
    def __getitem__(self, index: slice) -> list[Document]: ...
    def __getitem__(self, index: int | slice) -> Document | list[Document]:
        if isinstance(index, slice):
            return [profile_document(p, self.weights) for p in self.profiles[index]]
        return profile_document(self.profiles[index], self.weights)


def _pool(sims: np.ndarray, size: int) -> np.ndarray:
    """Rows of the ``size`` highest positive similarities and every row tied with the last,
    in row order (so ties still break by expert id downstream)."""
    if size < len(sims):
        kth = np.partition(sims, len(sims) - size)[len(sims) - size]
        if kth > 0:
            return np.flatnonzero(sims >= kth)
    return np.flatnonzero(sims > 0)


def _block_pools(
    block: sp.csr_matrix, index_t: sp.csr_matrix, allowed: np.ndarray | None, size: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Candidate pools from the sparse product itself: each need's row holds only the experts
    sharing a term with it, so partitioning it beats a dense row of every expert. One need alone
    takes :func:`_single_pool`, the same numbers sooner."""
    if block.shape[0] == 1:
        return [_single_pool(block, index_t, allowed, size)]
    product = block @ index_t
    pools = []
    for start, end in itertools.pairwise(product.indptr.tolist()):
        sims = product.data[start:end]
        rows = product.indices[start:end]
        if allowed is not None:
            keep = allowed[rows]
            sims, rows = sims[keep], rows[keep]
        if size < len(sims):
            kth = np.partition(sims, len(sims) - size)[len(sims) - size]
            chosen = sims >= kth
            sims, rows = sims[chosen], rows[chosen]
        order = np.argsort(rows)
        pools.append((rows[order].astype(np.int64), sims[order].astype(np.float32)))
    return pools


def _single_pool(
    query: sp.csr_matrix, index_t: sp.csr_matrix, allowed: np.ndarray | None, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_block_pools` for one need: its terms' postings summed into a dense row (a
    matrix-vector product over only those terms), which skips the sparse product's symbolic
    pass and its linked list, and leaves the rows in order. Float32 sums in the same order as
    the sparse product, so the same values to the bit (tested)."""
    sims = index_t[query.indices].T @ query.data
    rows = np.flatnonzero(sims if allowed is None else sims * allowed)
    sims = sims[rows]
    if size < len(sims):
        kth = np.partition(sims, len(sims) - size)[len(sims) - size]
        chosen = sims >= kth
        sims, rows = sims[chosen], rows[chosen]
    return rows.astype(np.int64), sims.astype(np.float32)


POOL_THREADS = 2
REFIT_CHANGED = 0.10
REFIT_UNKNOWN = 0.05


def profile_digests(profiles: Sequence[ExpertProfile]) -> np.ndarray:
    """Each profile's content digest (:attr:`ExpertProfile.digest`), one 16-byte row each: a
    saved model keeps them, so loading can tell which experts were added, changed or removed."""
    joined = b"".join([p.digest for p in profiles])
    return np.frombuffer(joined, dtype=np.uint8).reshape(len(profiles), 16).copy()


def _as_list(needs: Need | Sequence[Need]) -> list[Need]:
    return [needs] if isinstance(needs, Need) else list(needs)


_MINOR_WORDS = frozenset({"and", "of", "the", "for", "in", "va", "cua"})


def _same_association(query: str, name: str | None) -> bool:
    """Coordinators type "VKBIA" or "korea business" for "Vietnam-Korea Business and
    Innovation Association": accept the acronym or any part of the name, without case or
    diacritics."""
    if not name:
        return False
    wanted, full = " ".join(fold(query).split()), " ".join(fold(name).split())
    words = [w for w in re.split(r"[\W_]+", full) if w and w not in _MINOR_WORDS]
    return wanted == "".join(w[0] for w in words) or wanted in full
