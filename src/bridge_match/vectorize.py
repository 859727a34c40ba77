"""TF-IDF over weighted bilingual documents: scikit-learn's ``TfidfVectorizer``, our analyzer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from bridge_match.errors import NotFittedError
from bridge_match.text import Analyzer, Document, Glossary


class TextVectorizer:
    """Fit a vocabulary and idf on expert documents; map any document into that space.

    Rows come out L2-normalised float32, so a sparse dot product is the cosine similarity.
    """

    def __init__(
        self,
        glossary: Glossary | None = None,
        ngram_max: int = 2,
        min_df: int = 1,
        max_df: float = 1.0,
        sublinear_tf: bool = True,
        concept_weight: int = 4,
    ) -> None:
        self.glossary = glossary
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

    def fit_transform(self, docs: Sequence[Document]) -> sp.csr_matrix:
        self.tfidf_ = self._sklearn()
        matrix = self.tfidf_.fit_transform(list(docs))
        self.terms_ = self.tfidf_.get_feature_names_out()
        return matrix.tocsr().astype(np.float32)

    def transform(self, docs: Sequence[Document]) -> sp.csr_matrix:
        if not hasattr(self, "tfidf_"):
            raise NotFittedError("the vectoriser is not fitted; call fit first")
        return self.tfidf_.transform(list(docs)).tocsr().astype(np.float32)

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
                "glossary": self.glossary is not None,
            },
            "terms": [str(t) for t in self.terms_],
            "idf": np.asarray(self.idf_, dtype=np.float64),
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
        return vectorizer
