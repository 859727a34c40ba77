"""``Matcher``: fit on expert profiles, then score and recommend for needs — the stages in order."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from bridge_match.boost import ExpertTable, apply_boosts, describe_boosts
from bridge_match.dedupe import person_groups
from bridge_match.errors import DataError, NotFittedError, Problem
from bridge_match.explain import reasons_text, shared_terms
from bridge_match.export import SHORTLIST_COLUMNS, shortlist_frame
from bridge_match.models import ExpertProfile, Need, normalize_country
from bridge_match.rank import top_rows
from bridge_match.rules import Rules
from bridge_match.score import cosine_chunks
from bridge_match.text import (
    NEED_WEIGHTS,
    PROFILE_WEIGHTS,
    Glossary,
    fold,
    is_vietnamese,
    need_document,
    profile_document,
    sector_document,
)
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

    def fit(self, profiles: Sequence[ExpertProfile]) -> Matcher:
        """Learn the vocabulary and vectorise every profile; rows are kept in expert-id order."""
        ordered = sorted(profiles, key=lambda p: p.id)
        if not ordered:
            raise DataError("no expert profiles to fit on")
        duplicates = sorted({a.id for a, b in itertools.pairwise(ordered) if a.id == b.id})
        if duplicates:
            raise DataError(
                [Problem("profiles", None, "id", f"duplicate id {d!r}") for d in duplicates]
            )
        weights = self._weights(PROFILE_WEIGHTS)
        vectorizer = TextVectorizer(
            self.glossary_,
            self.ngram_max,
            self.min_df,
            concept_weight=self.concept_weight,
            weighting=self.weighting,
        )
        matrix = vectorizer.fit_transform([profile_document(p, weights) for p in ordered])
        embeddings = None
        if self.semantic_weight > 0:
            from bridge_match.semantic import SemanticEncoder, profile_text

            texts = [profile_text(p) for p in ordered]
            embeddings = SemanticEncoder().encode(texts, "passage")
        self._set_state(ordered, vectorizer, matrix, embeddings)
        return self

    def _set_state(
        self,
        profiles: list[ExpertProfile],
        vectorizer: TextVectorizer,
        matrix: sp.csr_matrix,
        embeddings: np.ndarray | None = None,
        person: np.ndarray | None = None,
    ) -> None:
        """Learned state; ``person`` (duplicate groups) comes from a saved model when loading."""
        self.profiles_ = profiles
        self.embeddings_ = embeddings
        self.vectorizer_ = vectorizer
        self.matrix_ = matrix
        self.index_t_ = matrix.T.tocsr()
        self.ids_ = np.array([p.id for p in profiles], dtype=object)
        self.row_of_ = {p.id: row for row, p in enumerate(profiles)}
        self.experts_ = ExpertTable.from_profiles(profiles)
        self.person_ = person_groups(profiles) if person is None else person
        self.has_duplicates_ = bool(len(np.unique(self.person_)) < len(profiles))
        if embeddings is not None:
            from bridge_match.semantic import profile_text

            self.written_vi_ = np.array([is_vietnamese(profile_text(p)) for p in profiles])

    def _check_fitted(self) -> None:
        if not hasattr(self, "matrix_"):
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
    ) -> pd.DataFrame:
        """The top ``top_k`` experts per need, explained: one row per (need, expert).

        ``country`` keeps experts living in those countries (names or codes); ``association``
        keeps one association's members (compared without case or diacritics).
        """
        self._check_fitted()
        needs = _as_list(needs)
        if top_k < 1:
            raise DataError(Problem("top_k", None, None, "must be at least 1"))
        allowed = self._allowed(country, association)
        queries = self.transform(needs)
        semantic = self._semantic(needs) if self.embeddings_ is not None else None
        records: list[dict[str, object]] = []
        for start, block in cosine_chunks(queries, self.index_t_):
            for offset, sims in enumerate(block):
                i = start + offset
                extra = None if semantic is None else semantic[i]
                records.extend(self._shortlist(needs[i], queries[i], sims, top_k, allowed, extra))
        return shortlist_frame(records) if records else pd.DataFrame(columns=SHORTLIST_COLUMNS)

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
            wanted = [
                normalize_country(c) for c in ([country] if isinstance(country, str) else country)
            ]
            mask &= np.isin(self.experts_.countries, wanted)
        if association:
            mask &= np.array(
                [_same_association(association, p.association) for p in self.profiles_]
            )
        return None if mask.all() else mask

    def _candidates(
        self,
        need: Need,
        sims: np.ndarray,
        k: int,
        allowed: np.ndarray | None,
        semantic: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The exact top ``k`` people by final score: their rows, boost values and scores.

        Boosts are capped, so only experts within ``max_total_boost`` of the k-th score can
        reach the top: widen the candidate pool until no outsider could. A person listed by
        several associations is shown once, at their best-ranked profile. With the semantic layer
        every allowed expert is a candidate and the final score is the fused one.
        """
        rules = self.rules_
        if semantic is not None:
            from bridge_match.semantic import fuse

            rows = np.arange(len(sims)) if allowed is None else np.flatnonzero(allowed)
            boosts = np.zeros((len(rows), 0))
            if rules is not None:
                boosts = apply_boosts(need, self.experts_, rows, sims[rows], rules)
            fused = fuse(sims[rows] + boosts.sum(axis=1), semantic[rows], self.semantic_weight)
            order = self._one_per_person(rows, top_rows(fused, len(rows)), k)
            return rows[order], boosts[order], fused[order]
        keep = sims > 0
        if allowed is not None:
            keep &= allowed
        positive = np.flatnonzero(keep)
        cap = rules.max_total_boost if rules is not None else 0.0
        pool = min(len(positive), max(4 * k, k + 50))
        while True:
            cand = np.sort(positive[top_rows(sims[positive], pool)])
            if rules is None:
                boosts = np.zeros((len(cand), 0))
            else:
                boosts = apply_boosts(need, self.experts_, cand, sims[cand], rules)
            final = sims[cand] + boosts.sum(axis=1)
            order = self._one_per_person(cand, top_rows(final, len(cand)), k)
            if pool >= len(positive):
                break
            kth = final[order[-1]] if len(order) == k else -np.inf
            if sims[cand].min() + cap < kth:
                break
            pool *= 4
        return cand[order], boosts[order], final[order]

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
        sims: np.ndarray,
        k: int,
        allowed: np.ndarray | None,
        semantic: np.ndarray | None = None,
    ) -> list[dict[str, object]]:
        rows, boosts, scores = self._candidates(need, sims, k, allowed, semantic)
        weights = self._weights(NEED_WEIGHTS)
        surfaces = self.vectorizer_.analyzer.surfaces(need_document(need, weights))
        vietnamese = is_vietnamese(f"{need.title}. {need.description}")
        sector_only = (need.sector.label_vi if vietnamese else need.sector.label).lower()
        quiet = frozenset(self.vectorizer_.analyzer(sector_document(need.sector)))
        out: list[dict[str, object]] = []
        fused = [f"semantic fusion w={self.semantic_weight:g}"] if semantic is not None else []
        for rank, (row, values, score) in enumerate(
            zip(rows, boosts, scores, strict=True), start=1
        ):
            expert = self.profiles_[row]
            terms = shared_terms(
                query,
                self.matrix_[row],
                self.vectorizer_.terms_,
                surfaces,
                self.vectorizer_.glossary,
                vietnamese,
                quiet=quiet,
            ) or [f"{sector_only} (sector)"]
            applied = describe_boosts(need, self.experts_, row, values) if values.size else []
            boost = float(values.sum())
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
                    "similarity": float(sims[row]),
                    "boost": boost,
                    "reasons": reasons_text(terms, [*applied, *fused]),
                    "email": expert.email if expert.consent_to_contact else None,
                }
            )
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
