"""``Matcher``: fit on expert profiles, then score and recommend for needs — the stages in order.

``recommend`` reads as the pipeline: vectorise the needs (:mod:`~bridge_match.vectorize`), take
each need's candidate pool (:mod:`~bridge_match.score`), boost and rank it exactly
(:mod:`~bridge_match.boost`, :mod:`~bridge_match.rank`), explain the rows
(:mod:`~bridge_match.explain`) and frame them (:mod:`~bridge_match.export`). The learned state
is one plain value, :class:`~bridge_match.index.FittedIndex`, which
:mod:`~bridge_match.persist` saves and loads.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator

from bridge_match.collector import gc_paused
from bridge_match.documents import (
    NEED_WEIGHTS,
    PROFILE_WEIGHTS,
    PUBLICATION_WEIGHTS,
    ExpertRows,
    need_document,
)
from bridge_match.errors import DataError, NotFittedError, Problem, closest
from bridge_match.explain import Explainer
from bridge_match.export import shortlist_frame
from bridge_match.filters import Filters, allowed_rows, check_one
from bridge_match.index import FittedIndex, build
from bridge_match.lifecycle import Lifecycle, Progress
from bridge_match.models import ExpertProfile, Need
from bridge_match.organisations import Organisations
from bridge_match.pooling import checked_top_k
from bridge_match.rank import Ranked, exact_top, fused_top, rank_needs
from bridge_match.rules import Band, Rules, at_least
from bridge_match.score import candidate_pools, cosine_chunks, final_scores
from bridge_match.text import Glossary
from bridge_match.vectorize import TextVectorizer


class _Ranking(BaseEstimator):
    """What a fitted matcher answers (:class:`Matcher`'s methods, kept apart from learning):
    experts for needs (:meth:`recommend`), needs for an expert (:meth:`needs_for`), and every
    score (:meth:`score`)."""

    def score(self, needs: Need | Sequence[Need]) -> pd.DataFrame:
        """Final scores for every (need, expert).

        Parameters
        ----------
        needs:
            One need or several.

        Returns
        -------
        pandas.DataFrame
            Index need ids, columns expert ids, values similarity + boost (fused with the
            semantic score when ``semantic_weight`` > 0).
        """
        needs = _as_list(needs)
        index = self._fitted()
        out = final_scores(needs, self.transform(needs), index, self._rules())
        if index.embeddings is not None:
            from bridge_match.semantic import fuse

            out = fuse(out, self._semantic(needs), self.semantic_weight, unread=self._unread())
        return pd.DataFrame(out, index=[n.id for n in needs], columns=list(index.ids))

    def recommend(
        self,
        needs: Need | Sequence[Need],
        top_k: int = 10,
        country: Sequence[str] | str | None = None,
        association: str | None = None,
        progress: Progress | None = None,
        language: Sequence[str] | str | None = None,
        min_years: int | None = None,
        expert_sector: Sequence[str] | str | None = None,
        min_band: Band | None = None,
        lang: str | None = None,
    ) -> pd.DataFrame:
        """The top ``top_k`` experts per need, explained: one row per (need, expert).

        Parameters
        ----------
        needs:
            One need or several.
        top_k:
            Experts per need (a person listed by several associations counts once).
        country:
            Keep experts living in these countries (names or codes).
        association:
            Keep one association's members (its English or Vietnamese name, part of it or
            acronym; no case or diacritics).
        progress:
            ``progress(stage, done, total)``, called after each need.
        language, min_years, expert_sector:
            Keep experts who speak all these languages, have at least this many years of
            experience, declare one of these sectors (:class:`~bridge_match.filters.Filters`).
        min_band:
            Leave out rows below this strength band (``strong``, ``possible``, ``weak``).
        lang:
            The reasons' language (``"vi"``, ``"en"``); None for each need's own.

        Returns
        -------
        pandas.DataFrame
            The shortlist; columns as in ``DATA.md``
            (:data:`~bridge_match.export.SHORTLIST_COLUMNS`).

        Raises
        ------
        DataError
            ``top_k`` below 1, an unknown country, language, sector or association, or filters
            that leave nobody (naming the one that did).
        NotFittedError
            Before :meth:`fit`.
        """
        index = self._fitted()
        needs = _as_list(needs)
        if top_k < 1:
            raise DataError(Problem("top_k", None, None, "must be at least 1"))
        report = progress or _silent
        allowed = allowed_rows(
            index,
            Filters(
                country=_listed(country),
                association=association,
                language=_listed(language),
                min_years=min_years,
                expert_sector=_listed(expert_sector),
            ),
        )
        queries = self.transform(needs)
        explainer = self._explainer(lang)
        records: list[dict[str, object]] = []
        report("ranking", 0, len(needs))
        for i, ranked in enumerate(self._ranked(needs, queries, top_k, allowed, report)):
            records.extend(explainer.rows(needs[i], queries[i], ranked))
            report("ranking", i + 1, len(needs))
        return shortlist_frame([r for r in records if at_least(str(r["band"]), min_band)])

    def _explainer(self, lang: str | None = None) -> Explainer:
        index = self._fitted()
        fused = index.embeddings is not None
        return Explainer(
            index,
            self.profiles_,
            self._weights(NEED_WEIGHTS),
            self._weights(PROFILE_WEIGHTS),
            self._weights(PUBLICATION_WEIGHTS),
            (self._rules() or Rules.default()).bands,
            [f"semantic fusion w={self.semantic_weight:g}"] if fused else [],
            self._organisations(),
            lang,
        )

    def _ranked(
        self,
        needs: Sequence[Need],
        queries: sp.csr_matrix,
        k: int,
        allowed: np.ndarray | None,
        progress: Progress | None = None,
    ) -> Iterator[Ranked]:
        """Each need's exact top ``k``: pools computed ahead in worker threads
        (:func:`~bridge_match.score.candidate_pools`) while this thread boosts and explains."""
        index, rules = self._fitted(), self._rules()
        if index.embeddings is not None:
            semantic = self._semantic(needs, progress)
            for start, block in cosine_chunks(queries, index):
                for offset, sims in enumerate(block):
                    i = start + offset
                    yield fused_top(
                        needs[i],
                        sims,
                        semantic[i],
                        self.semantic_weight,
                        k,
                        index,
                        rules,
                        allowed,
                        self._unread(),
                    )
            return
        size = max(4 * k, k + 50)
        pools = candidate_pools(queries, index, allowed, size)
        for i, (candidates, sims) in enumerate(pools):
            yield exact_top(needs[i], queries[i], candidates, sims, k, index, rules, allowed)

    def _semantic(self, needs: Sequence[Need], progress: Progress | None = None) -> np.ndarray:
        """Embedding cosines of needs × experts, centred per language (see semantic.py)."""
        from bridge_match.semantic import ENGLISH, centre_by_language, embed, need_text

        texts = [need_text(n) for n in needs]
        queries = embed(texts, "query", store=self.embedding_store, progress=progress)
        return centre_by_language(queries @ self.embeddings_.T, self.language_groups_ != ENGLISH)

    def _unread(self) -> np.ndarray:
        """Experts whose text the embedding model reads poorly (Vietnamese typed without
        diacritics): fusion judges them on TF-IDF alone (:func:`~bridge_match.semantic.fuse`)."""
        from bridge_match.semantic import UNACCENTED

        return np.asarray(self.language_groups_ == UNACCENTED)

    def needs_for(
        self,
        expert_id: str,
        needs: Need | Sequence[Need],
        top_k: int = 10,
        min_band: Band | None = None,
        filters: Filters | None = None,
        lang: str | None = None,
    ) -> pd.DataFrame:
        """The needs that fit one expert best, explained: the reverse of :meth:`recommend`.

        Parameters
        ----------
        expert_id:
            The expert, by id.
        needs:
            The needs to rank for them.
        top_k:
            How many needs.
        min_band:
            Leave out needs below this strength band.
        filters:
            The query's expert filters (as for :meth:`recommend`): the expert must pass them.
        lang:
            The reasons' language; None for each need's own.

        Returns
        -------
        pandas.DataFrame
            One row per need, best first, the shortlist's columns (``rank`` is the need's rank
            for this expert), the same scores, reasons, bands and conflicts as :meth:`recommend`.

        Raises
        ------
        DataError
            An unknown expert id (with the closest ids), ``top_k`` below 1, or a filter the
            expert does not pass.
        NotFittedError
            Before :meth:`fit`.
        """
        index = self._fitted()
        needs = _as_list(needs)
        if top_k < 1:
            raise DataError(Problem("top_k", None, None, "must be at least 1"))
        row = index.row_of.get(expert_id)
        if row is None:
            close = closest(expert_id, index.ids)
            hint = f"; closest: {', '.join(close)}" if close else ""
            raise DataError(
                Problem("--expert", None, None, f"no expert with id {expert_id!r}{hint}")
            )
        if filters:
            check_one(index, filters, row)
        queries = self.transform(needs)
        fused = self.score(needs)[expert_id].to_numpy() if index.embeddings is not None else None
        explainer = self._explainer(lang)
        records: list[dict[str, object]] = []
        for rank, (i, ranked) in enumerate(
            rank_needs(needs, queries, row, index, self._rules(), fused)[:top_k], start=1
        ):
            for record in explainer.rows(needs[i], queries[i], ranked):
                record["rank"] = rank
                records.append(record)
        return shortlist_frame([r for r in records if at_least(str(r["band"]), min_band)])


class Matcher(_Ranking, Lifecycle):
    """Rank experts for needs by TF-IDF cosine similarity plus bounded, explained boosts.

    Parameters
    ----------
    rules:
        The boosts: ``"default"`` (the shipped rules file), a :class:`~bridge_match.rules.Rules`,
        or None for similarity only.
    glossary:
        The bilingual glossary: True for the shipped one, False for none, or a
        :class:`~bridge_match.text.Glossary`.
    field_weights:
        Weigh fields (an expert's field and keywords 3×, ...) or count every field once.
    ngram_max:
        Longest word n-gram that makes a term.
    min_df:
        Terms in fewer experts' profiles are dropped.
    concept_weight:
        How many times a glossary concept counts, against a word's once.
    weighting:
        ``"tfidf"`` or ``"bm25"`` for the experts' term weights.
    semantic_weight:
        Share of a multilingual embedding score fused in (needs ``bridge-match[semantic]``).
    organisations:
        The organisation table the shortlist's ``conflict`` column is found with:
        ``"default"`` (the shipped ``organisations.yaml``), an
        :class:`~bridge_match.organisations.Organisations`, or None for the exact-name rule
        only. Not saved with a model.
    publication_top_k:
        Each publication is matched on its own and an expert's publication score is the mean
        of their ``k`` best (:mod:`~bridge_match.pooling`); their similarity is the larger of
        that and their profile's. None: one document per expert, the papers inside it.
    embedding_store:
        A folder where the semantic layer keeps the texts' embeddings by content digest
        (:class:`~bridge_match.embeddings.EmbeddingStore`): only new or changed profiles and
        needs are encoded. None encodes every text each time. Not saved with a model.

    Attributes
    ----------
    index_:
        The :class:`~bridge_match.index.FittedIndex` learned by :meth:`fit`.
    profiles_:
        The profiles, in the index's row (id) order.

    >>> from bridge_match import Matcher, load_needs, load_profiles
    >>> matcher = Matcher().fit(load_profiles("tests/data/tiny/profiles"))
    >>> shortlist = matcher.recommend(load_needs("tests/data/tiny/needs"), top_k=2)
    >>> shortlist[shortlist.need_id == "N-AI-EN"][["rank", "expert_id", "name"]]
       rank expert_id          name
    2     1       E03  Lê Minh Châu
    3     2       E09   Đỗ Văn Khoa
    >>> Matcher(ngram_max=1)
    Matcher(ngram_max=1)
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
        organisations: Organisations | Literal["default"] | None = "default",
        publication_top_k: int | None = 2,
        embedding_store: str | Path | None = None,
    ) -> None:
        self.rules = rules
        self.glossary = glossary
        self.field_weights = field_weights
        self.ngram_max = ngram_max
        self.min_df = min_df
        self.concept_weight = concept_weight
        self.weighting = weighting
        self.semantic_weight = semantic_weight
        self.organisations = organisations
        self.publication_top_k = publication_top_k
        self.embedding_store = embedding_store

    # -- parameters, resolved --------------------------------------------------------------------

    def _rules(self) -> Rules | None:
        return Rules.default() if self.rules == "default" else self.rules

    def _organisations(self) -> Organisations | None:
        return Organisations.default() if self.organisations == "default" else self.organisations

    def _glossary(self) -> Glossary | None:
        if isinstance(self.glossary, Glossary):
            return self.glossary
        return Glossary.default() if self.glossary else None

    def _weights(self, defaults: dict[str, int]) -> dict[str, int]:
        return defaults if self.field_weights else dict.fromkeys(defaults, 1)

    def _rows(self, profiles: Sequence[ExpertProfile]) -> ExpertRows:
        """The experts' rows in the index: profiles, then their publications when pooled."""
        papers = self._weights(PUBLICATION_WEIGHTS)
        pooled = self.publication_top_k is not None
        return ExpertRows(
            profiles,
            self._weights(PROFILE_WEIGHTS),
            papers if pooled else None,
            None if pooled else papers,
        )

    # -- learning --------------------------------------------------------------------------------

    def fit(self, profiles: Sequence[ExpertProfile], progress: Progress | None = None) -> Matcher:
        """Learn the vocabulary and vectorise every profile; rows are kept in expert-id order.

        Parameters
        ----------
        profiles:
            The experts (ids unique).
        progress:
            ``progress(stage, done, total)``, called as the fit advances (the CLI draws a bar).

        Returns
        -------
        Matcher
            ``self``, fitted.

        Raises
        ------
        DataError
            No profiles, an id twice, or no profile with a word to match on.
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
            self._glossary(),
            self.ngram_max,
            self.min_df,
            concept_weight=self.concept_weight,
            weighting=self.weighting,
        )
        top_k = checked_top_k(self.publication_top_k)
        index = build(ordered, vectorizer, self._rows(ordered), report, top_k)
        if self.semantic_weight > 0:
            index.embeddings = self._embeddings(ordered, report)
        self._adopt(index, ordered)
        report("indexing", 1, 1)
        return self

    def _adopt(self, index: FittedIndex, ordered: Sequence[ExpertProfile]) -> None:
        """Take ``index`` as the learned state, with its profiles in row order."""
        self.index_ = index
        self.profiles_ = ordered
        if index.embeddings is not None:
            from bridge_match.semantic import language_groups, profile_text

            self.language_groups_ = language_groups([profile_text(p) for p in ordered])

    def _embeddings(
        self, profiles: Sequence[ExpertProfile], progress: Progress | None = None
    ) -> np.ndarray:
        from bridge_match.semantic import embed, profile_text

        texts = [profile_text(p) for p in profiles]
        return embed(texts, "passage", store=self.embedding_store, progress=progress)

    def _fitted(self) -> FittedIndex:
        index: FittedIndex | None = getattr(self, "index_", None)
        if index is None:
            raise NotFittedError("this Matcher is not fitted yet; call fit(profiles) first")
        return index

    # -- what was learned, by name (scikit-learn style) ------------------------------------------

    vectorizer_ = property(lambda self: self._fitted().vectorizer)
    index_t_ = property(lambda self: self._fitted().index_t)
    ids_ = property(lambda self: self._fitted().ids)
    experts_ = property(lambda self: self._fitted().experts)
    person_ = property(lambda self: self._fitted().person)
    digests_ = property(lambda self: self._fitted().digests)
    embeddings_ = property(lambda self: self._fitted().embeddings)
    row_of_ = property(lambda self: self._fitted().row_of)
    has_duplicates_ = property(lambda self: self._fitted().has_duplicates)
    n_fitted_ = property(lambda self: self._fitted().n_fitted)
    changed_since_fit_ = property(lambda self: self._fitted().changed_since_fit)
    unknown_share_ = property(lambda self: self._fitted().unknown_share)

    @property
    def matrix_(self) -> sp.csr_matrix:
        """Experts × terms, L2-normalised rows; built from the inverted index when asked for."""
        return self.index_t_.T.tocsr()

    # -- scoring and ranking ---------------------------------------------------------------------

    def transform(self, needs: Sequence[Need]) -> sp.csr_matrix:
        """Needs as rows in the experts' term space (L2-normalised).

        Raises
        ------
        NotFittedError
            Before :meth:`fit`.
        """
        vectorizer = self._fitted().vectorizer
        weights = self._weights(NEED_WEIGHTS)
        return vectorizer.transform([need_document(n, weights) for n in needs])


def _silent(stage: str, done: int, total: int) -> None:
    return None


_by_id = operator.attrgetter("id")


def _listed(values: Sequence[str] | str | None) -> Sequence[str]:
    return [values] if isinstance(values, str) else (values or ())


def _as_list(needs: Need | Sequence[Need]) -> list[Need]:
    return [needs] if isinstance(needs, Need) else list(needs)
