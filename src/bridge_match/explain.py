"""Why an expert was ranked: the terms they share with the need, and the boosts applied; and
the shortlist rows a coordinator reads, in the need's language."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from bridge_match.boost import describe_boosts
from bridge_match.conflicts import conflict_reason
from bridge_match.documents import need_document, profile_document, sector_document
from bridge_match.i18n import Translator, translator
from bridge_match.index import FittedIndex
from bridge_match.models import ExpertProfile, Need
from bridge_match.organisations import Organisations
from bridge_match.rank import Ranked
from bridge_match.rules import Bands
from bridge_match.text import CONCEPT_PREFIX, Glossary, accented_letters, fold, is_vietnamese
from bridge_match.text.tokenize import word_lists

COMMON_SHARE = 0.05
"""A single word held by more than this share of the experts says little about a match
("university", "years", "build"): explanations leave it out, ranking does not."""
EXPLAINED_TERMS = 5
WRITTEN_KEPT = 20_000


def shared_terms(
    need_terms: np.ndarray,
    need_weights: np.ndarray,
    expert_weights: np.ndarray,
    terms: np.ndarray,
    surfaces: Mapping[str, str],
    glossary: Glossary | None,
    vietnamese: bool,
    limit: int = EXPLAINED_TERMS,
    quiet: frozenset[str] = frozenset(),
    common: np.ndarray | None = None,
    written: Mapping[str, str] | None = None,
    translated: bool = False,
    related: Mapping[str, str] | None = None,
    t: Translator | None = None,
) -> list[str]:
    """The terms that contribute most to the cosine and say something, in the writer's words.

    Parameters
    ----------
    need_terms, need_weights:
        The need's term columns and weights.
    expert_weights:
        The expert's weights for those terms (0 where the expert lacks one).
    terms:
        The fitted terms, by column.
    surfaces:
        Each of the need's terms as the need writes it, where its words stand together
        (:meth:`~bridge_match.text.Analyzer.surfaces`): a term not there (an n-gram over a
        dropped word, such as "hiệu hợp") is no phrase anyone wrote, and is not shown.
    glossary, vietnamese:
        A glossary concept reads in the need's language.
    limit:
        At most this many terms.
    quiet:
        Terms never listed (the sector's own labels, which the sector boost reports).
    common:
        Per term column, whether it is a single word many experts share (:data:`COMMON_SHARE`):
        left out, as are bare numbers ("12", "000"; "300 mm" stays).
    written:
        The expert's own spelling of terms (case kept: "GaN", not "gan"), preferred to the need's.
    translated:
        The reasons are in another language than the need's (a page's): glossary concepts read
        in the glossary's words of that language rather than the need's.
    related:
        Concepts the expert holds only as the broader concept of one they name
        (:meth:`~bridge_match.text.Analyzer.related`): partial credit, shown with the concept
        the expert named ("IC design (related: design verification)").
    t:
        The translator of the reasons (default English).

    Returns
    -------
    list[str]
        Concepts and plain words first, then Vietnamese syllable n-grams; a term inside a longer
        listed phrase, or already covered, is left out.
    """
    shared = np.flatnonzero(expert_weights)
    if len(shared) == 0:
        return []
    columns = need_terms[shared]
    weight = need_weights[shared] * expert_weights[shared]
    top = []
    for i in np.argsort(-weight, kind="stable"):
        term = str(terms[columns[i]])
        plain = not term.startswith(CONCEPT_PREFIX)
        if term in quiet or (plain and _says_nothing(term, surfaces)):
            continue
        if plain and common is not None and common[columns[i]]:
            continue
        top.append(i)
        if len(top) == 4 * limit:
            break
    labels = [
        _label(str(terms[columns[i]]), surfaces, glossary, vietnamese, written, translated)
        for i in top
    ]
    if related and glossary is not None:
        t = t or translator("en")
        for position, i in enumerate(top):
            narrower = related.get(str(terms[columns[i]]))
            shown = glossary.display(narrower, vietnamese) if narrower else None
            if shown:
                labels[position] = t("{term} (related: {narrower})").format(
                    term=labels[position], narrower=shown
                )
    # words as a reader sees them: "multi" is inside "multi-agent", "chip" inside "chip-packaging"
    phrases = [{w for w in re.split(r"[\W_]+", fold(label)) if w} for label in labels]
    picked: list[tuple[bool, int, str]] = []
    covered: set[str] = set()
    for position, (label, words) in enumerate(zip(labels, phrases, strict=True)):
        inside_phrase = any(words < other for other in phrases)
        if inside_phrase or words <= covered:
            continue
        covered |= words
        syllables = not str(terms[columns[top[position]]]).startswith(CONCEPT_PREFIX) and (
            fold(label) != label.casefold()
        )
        picked.append((syllables, position, label))
    picked.sort()
    return [label for _, _, label in picked[:limit]]


@functools.cache
def _fillers() -> frozenset[str]:
    """``explanation_fillers`` of ``words.yaml``, folded."""
    return frozenset(fold(w) for w in word_lists()["explanation_fillers"])


def _says_nothing(term: str, surfaces: Mapping[str, str]) -> bool:
    """A bare number, a filler word standing alone ("line"), or a phrase nobody wrote (not in
    the need's text as it stands)."""
    return term.replace(" ", "").isdigit() or term in _fillers() or term not in surfaces


def _label(
    term: str,
    surfaces: Mapping[str, str],
    glossary: Glossary | None,
    vietnamese: bool,
    written: Mapping[str, str] | None = None,
    translated: bool = False,
) -> str:
    if term.startswith(CONCEPT_PREFIX) and glossary is not None:
        # A concept in the need's words where the need names it ("MLOps", "vi mạch"), else in
        # the glossary's form in the need's language (the expert may have written the other).
        own = None if translated else surfaces.get(term)
        shown = own or glossary.display(term, vietnamese)
        if shown:
            return shown
    shown = surfaces.get(term, term.removeprefix(CONCEPT_PREFIX))
    mine = written.get(term) if written else None
    # The expert's spelling (its capitals: "GaN"), unless it lost diacritics the need has.
    if mine is not None and accented_letters(mine) >= accented_letters(shown):
        return mine
    return shown


def reasons_text(
    terms: Sequence[str],
    boosts: Sequence[str],
    t: Translator | None = None,
    papers: Sequence[str] = (),
) -> str:
    """One line a coordinator can read, in the language of ``t``:
    ``terms: a, b; publications: “A”; +0.05 sector ai; +0.02 seniority 12 y``.

    Parameters
    ----------
    terms:
        The shared terms, as shown.
    boosts:
        The boosts and notes, as shown.
    t:
        The translator (default English).
    papers:
        Titles of the expert's publications that match the need, best first.

    Returns
    -------
    str
        The reasons.
    """
    t = t or translator("en")
    parts = [t("terms: {terms}").format(terms=", ".join(terms))] if terms else []
    if papers:
        titles = ", ".join(f"“{_plain_title(title)}”" for title in papers)
        parts.append(t("publications: {titles}").format(titles=titles))
    parts.extend(boosts)
    return "; ".join(parts)


def _plain_title(title: str) -> str:
    """A title on one line, its own curly quotes made straight: the quotes around it then
    always mark where it starts and ends (:func:`bridge_match.export.anonymise` relies on it)."""
    return " ".join(title.split()).replace("“", '"').replace("”", '"')


@dataclass
class Explainer:
    """Everything explaining one batch of shortlists needs, worked out once.

    Parameters
    ----------
    index, profiles:
        The fitted index and its profiles in row order.
    need_weights, profile_weights, publication_weights:
        The field weights the documents were built with.
    bands:
        Where the strength bands start.
    notes:
        Extra reasons for every row (the semantic fusion).
    organisations:
        The organisation table conflicts of interest with the need's host are found with
        (:func:`bridge_match.conflicts.find_conflict`); None for the exact-name rule only.
    lang:
        The reasons' language; None for each need's own (a web page's, or ``--lang``).
    """

    index: FittedIndex
    profiles: Sequence[ExpertProfile]
    need_weights: Mapping[str, int]
    profile_weights: Mapping[str, int]
    publication_weights: Mapping[str, int]
    bands: Bands
    notes: Sequence[str] = ()
    organisations: Organisations | None = None
    lang: str | None = None
    """The language of the reasons (``"vi"``, ``"en"``); None: each need's own."""

    @property
    def _written(self) -> dict[int, dict[str, str]]:
        """Each shown expert's words as written, kept with the index (it never changes) and
        forgotten past :data:`WRITTEN_KEPT` experts."""
        kept: dict[int, dict[str, str]] = self.index.memo.setdefault("written", {})
        if len(kept) > WRITTEN_KEPT:
            kept.clear()
        return kept

    @property
    def common(self) -> np.ndarray:
        """Per term: a single word held by more than :data:`COMMON_SHARE` of the experts
        (worked out once per index)."""
        found = self.index.memo.get("common")
        if found is None:
            found = self.index.memo["common"] = self._common()
        return np.asarray(found)

    def _common(self) -> np.ndarray:
        vectorizer = self.index.vectorizer
        n = max(self.index.n_fitted, 1)
        idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        share = _df_share(idf, n, vectorizer.weighting)
        single = np.fromiter((" " not in str(t) for t in vectorizer.terms_), dtype=bool)
        return np.asarray(single & (share > COMMON_SHARE))

    def related(self, row: int) -> dict[str, str]:
        """The expert's partial-credit concepts (:meth:`~bridge_match.text.Analyzer.related`),
        worked out once per expert and kept with the index."""
        kept: dict[int, dict[str, str]] = self.index.memo.setdefault("related", {})
        found = kept.get(row)
        if found is None:
            if len(kept) > WRITTEN_KEPT:
                kept.clear()
            document = profile_document(self.profiles[row], self.profile_weights)
            found = kept[row] = self.index.vectorizer.analyzer.related(document)
        return found

    def written(self, row: int, papers: Sequence[int] = ()) -> dict[str, str]:
        """The expert's terms as the expert wrote them (the profile's worked out once per
        expert), with those of the titles of the given publications (positions in the
        profile's list; their abstracts would cost more than a shortlist row is worth)."""
        found = self._written.get(row)
        profile = self.profiles[row]
        surfaces = self.index.vectorizer.analyzer.surfaces
        if found is None:
            found = self._written[row] = surfaces(profile_document(profile, self.profile_weights))
        if not papers:
            return found
        titles = [surfaces(((profile.publications[p].title, 1),)) for p in papers]
        return {k: v for extra in reversed(titles) for k, v in extra.items()} | found

    def matched_papers(self, query: sp.csr_matrix, row: int) -> tuple[list[int], np.ndarray]:
        """The expert's publications that match the need, best first (at most as many as their
        publication score averages): positions in the profile's list, and their term weights
        for the query's terms (``papers × terms``), read from the index's postings."""
        index = self.index
        columns = index.paper_columns(row)
        if not columns or index.papers_t is None:
            return [], np.zeros((0, len(query.indices)), dtype=np.float32)
        weights = weights_at(index.papers_t, query.indices, np.arange(columns.start, columns.stop))
        sims = weights @ query.data
        best = [
            int(p) for p in np.argsort(-sims, kind="stable")[: index.paper_top_k] if sims[p] > 0
        ]
        return best, weights[best]

    def rows(self, need: Need, query: sp.csr_matrix, ranked: Ranked) -> list[dict[str, object]]:
        """One shortlist row per ranked expert: who, the scores, the reasons in the need's
        language (shared terms, then each boost applied, then the notes), the association, the
        band and the conflict of interest with the need's host, if any (``email`` None without
        consent, ``conflict`` empty without a conflict).

        Parameters
        ----------
        need, query:
            The need and its row over the fitted terms.
        ranked:
            Its top rows (:func:`bridge_match.rank.exact_top`).

        Returns
        -------
        list[dict]
            The rows, with the shortlist's columns.
        """
        index = self.index
        analyzer = index.vectorizer.analyzer
        surfaces = analyzer.surfaces(
            need_document(need, self.need_weights), index.vectorizer.tfidf_.vocabulary_
        )
        written_in_vi = is_vietnamese(f"{need.title}. {need.description}")
        vietnamese = written_in_vi if self.lang is None else self.lang == "vi"
        t = translator("vi" if vietnamese else "en")
        sector_only = (need.sector.label_vi if vietnamese else need.sector.label).lower()
        quiet = frozenset(analyzer(sector_document(need.sector)))
        held_by = weights_at(index.index_t, query.indices, ranked.rows)
        columns = zip(
            ranked.rows, ranked.boosts, ranked.scores, ranked.similarities, held_by, strict=True
        )
        prefetch = getattr(self.profiles, "prefetch", None)  # a workspace's: one query
        if prefetch is not None:
            prefetch(ranked.rows)
        out: list[dict[str, object]] = []
        for rank, (row, values, score, sim, held) in enumerate(columns, start=1):
            expert = self.profiles[row]
            papers, paper_weights = self.matched_papers(query, int(row))
            if papers:
                held = np.maximum(held, paper_weights.max(axis=0))
            shared = shared_terms(
                query.indices,
                query.data,
                held,
                index.vectorizer.terms_,
                surfaces,
                index.vectorizer.glossary,
                vietnamese,
                quiet=quiet,
                common=self.common,
                written=self.written(int(row), papers),
                translated=vietnamese != written_in_vi,
                related=self.related(int(row)),
                t=t,
            ) or [t("{sector} (sector)").format(sector=sector_only)]
            titles = [expert.publications[p].title for p in papers]
            applied = describe_boosts(need, index.experts, row, values, t) if values.size else []
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
                    "reasons": reasons_text(shared, [*applied, *self.notes], t, titles),
                    "association": expert.association or "",
                    "band": self.bands.of(float(score)),
                    "conflict": conflict_reason(
                        need.host, expert.affiliation, expert.email, self.organisations
                    ),
                    "email": expert.email if expert.consent_to_contact else None,
                }
            )
        return out


def _df_share(idf: np.ndarray, n: int, weighting: str) -> np.ndarray:
    """Each term's share of the experts, back from its idf: scikit-learn's smoothed
    ``ln((1 + n) / (1 + df)) + 1``, or BM25's ``ln(1 + (n - df + 0.5) / (df + 0.5))``."""
    if weighting == "bm25":
        ratio = np.expm1(idf)
        df = (n + 0.5 - 0.5 * ratio) / (ratio + 1)
    else:
        df = (1 + n) / np.exp(idf - 1) - 1
    return np.asarray(df / n, dtype=np.float64)


def weights_at(index_t: sp.csr_matrix, columns: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Experts' weights for some terms, ``len(rows) × len(columns)``, read from the inverted
    index: each term's experts are sorted, so a binary search finds a row."""
    out = np.zeros((len(rows), len(columns)), dtype=np.float32)
    if len(rows) == 0:
        return out
    for j, column in enumerate(columns):
        lo, hi = index_t.indptr[column], index_t.indptr[column + 1]
        if lo == hi:
            continue
        holders = index_t.indices[lo:hi]
        at = np.minimum(np.searchsorted(holders, rows), hi - lo - 1)
        found = holders[at] == rows
        out[found, j] = index_t.data[lo + at[found]]
    return out
