"""The analyzer: the one place that decides which terms a text makes.

Terms are folded words, word n-grams and glossary concepts:

- A glossary phrase becomes its concept term *instead of* its words, so "vi mạch" and
  "integrated circuit" weigh the same in either language.
- Vietnamese words are one to four syllables: a lone syllable ("gia", "tính") says little, so
  Vietnamese text contributes syllable bigrams, numbers and concepts, not single syllables
  (which otherwise pull unrelated Vietnamese profiles above relevant English ones).
- Stop words and lone letters make no term; n-grams never cross punctuation or a phrase.
- Each part of a document repeats its terms ``weight`` times (field weighting on a plain
  TF-IDF), and a concept counts ``concept_weight`` times: it is the only term a Vietnamese need
  shares with an English profile, and an English profile's many words would otherwise drown it
  (on the labelled sample, 4 lifted nDCG@10 on Vietnamese needs from 0.82 to 0.85; see
  docs/quality.md).
- A concept also makes the terms of its broader concepts (the glossary's hierarchy), counted
  :data:`BROADER_WEIGHT` times: partial credit between related concepts ("kiểm chứng thiết kế vi
  mạch", design verification, shares *IC design* with a need for integrated circuit design).

:meth:`Analyzer.spans` is the definition: each term with the positions of the words it is made
of; terms, counts for needs and updates, and the writer's own spelling of each term (for
explanations) all come from it. Fit counts the same terms for hundreds of thousands of documents
with :meth:`Analyzer.count`, its fast twin over arrays of word numbers (the same rules, applied
to all parts at once); ``tests/test_vectorize.py::
test_counting_from_word_numbers_equals_the_string_analyzer`` pins the two equal, term for term.
"""

from __future__ import annotations

import itertools
from array import array
from collections import defaultdict
from collections.abc import Container, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from bridge_match.text.glossary import Glossary
from bridge_match.text.language import vietnamese_parts, vietnamese_words
from bridge_match.text.normalize import accented_letters, fold, nfc
from bridge_match.text.tokenize import (
    _TOKEN,
    BREAK,
    SEGMENT,
    SEGMENT_CHARS,
    break_words,
    dropped_word,
)

Document = tuple[tuple[str, int], ...]
"""A record's text as ``(text, weight)`` parts; the weight repeats the part's terms."""

SHORT_PART = 200
"""Parts this short (fields, keywords, sector labels) repeat across profiles: analyse once."""
CACHED_PARTS = 200_000

BROADER_WEIGHT = 1
"""How many times a broader concept counts where a text names a narrower one (the concept itself
counts ``concept_weight`` times); never more than ``concept_weight``."""

Term = tuple[str, tuple[int, ...]]
"""A term and the positions, in its text's word list, of the words it is made of."""


class Analyzer:
    """Turn a weighted document into terms: words, word n-grams and glossary concepts, folded.

    >>> analyzer = Analyzer(Glossary.default())
    >>> sorted(set(analyzer.terms("Vi mạch cho xe điện")))
    ['~electric vehicle', '~integrated circuit']
    """

    def __init__(
        self, glossary: Glossary | None = None, ngram_max: int = 2, concept_weight: int = 4
    ) -> None:
        self.glossary = glossary
        self.ngram_max = ngram_max
        self.concept_weight = concept_weight

    def __call__(self, doc: Document) -> list[str]:
        terms: list[str] = []
        for text, weight in doc:
            if weight <= 0 or not text:
                continue
            terms.extend(self._part(text) * weight)
        return terms

    def _part(self, text: str) -> list[str]:
        """A part's terms; short parts (fields, keywords, sector labels) repeat across profiles,
        so they are analysed once and remembered."""
        if len(text) > SHORT_PART:
            return self.terms(text)
        cache = self.__dict__.setdefault("_cache", {})
        found = cache.get(text)
        if found is None:
            found = self.terms(text)
            if len(cache) < CACHED_PARTS:
                cache[text] = found
        return found

    def words(self, text: str) -> tuple[list[str], int]:
        """The tokenizer: a text's folded words with a :data:`BREAK` at punctuation, and its
        :func:`accented_letters` (which with the words tell the language)."""
        text = nfc(text)
        return break_words(fold(text)), accented_letters(text)

    def terms(self, text: str, known: Container[str] | None = None) -> list[str]:
        """One text's terms, unweighted, in order: concepts (each followed by its broader
        concepts), words, then n-grams by size; with ``known`` (a query's: the fitted
        vocabulary), only concepts in it and no broader ones: partial credit goes to an expert
        whose work is narrower than a need asks, not to one whose work is broader."""
        return [term for term, _ in self.spans(text, known=known)]

    def spans(
        self, text: str, syllables: bool = False, known: Container[str] | None = None
    ) -> list[Term]:
        """One text's terms, each with the positions of the words it is made of (positions in
        :meth:`words`' list; a concept spans its phrase). ``syllables=True`` keeps a Vietnamese
        text's lone syllables too (explanations look words up in every form they take).
        ``known``: a query's; only concepts whose terms are in it (:meth:`Glossary.spans`), and
        no broader concepts."""
        found, accented = self.words(text)
        vi = not syllables and vietnamese_words(found, accented)
        glossary = self.glossary
        out: list[Term] = []
        positions = list(range(len(found)))
        if glossary is not None and not glossary.first_words.isdisjoint(found):
            phrases = glossary.spans(found, known)
            if phrases:
                pieces: list[str] = []
                where: list[int] = []
                start = 0
                related = min(BROADER_WEIGHT, self.concept_weight)
                for begin, end, concept in phrases:
                    span = tuple(range(begin, end))
                    out += [(glossary.terms_[concept], span)] * self.concept_weight
                    if known is None:  # an expert's text, not a query (see terms)
                        for parent in glossary.broader_[concept]:
                            out += [(glossary.terms_[parent], span)] * related
                    pieces += [*found[start:begin], BREAK]
                    where += [*positions[start:begin], -1]
                    start = end
                found = pieces + found[start:]
                positions = where + positions[start:]
        kept = [(w, p) for w, p in zip(found, positions, strict=True) if not dropped_word(w)]
        out += [(w, (p,)) for w, p in kept if w != BREAK and not (vi and w.isalpha())]
        for n in range(2, self.ngram_max + 1):
            for gram in zip(*(kept[i:] for i in range(n)), strict=False):
                if all(w != BREAK for w, _ in gram):
                    out.append((" ".join(w for w, _ in gram), tuple(p for _, p in gram)))
        return out

    def surfaces(self, doc: Document, known: Container[str] | None = None) -> dict[str, str]:
        """Folded term → its form in the text as written (case and diacritics kept), for
        explanations in the writer's own spelling: the words of :meth:`spans`, read from the
        text. Only terms whose words stand together in the text are there (an n-gram over a
        dropped stop word is not). ``known``: a query's fitted vocabulary, whose terms are read
        as :meth:`terms` with ``known`` reads them, besides."""
        shown: dict[str, str] = {}
        for text, _ in doc:
            if not text:
                continue
            written = _surface_words(text, self.words(text)[0])
            at = _offsets(nfc(text), written) if written else []
            spans = self.spans(text, syllables=True)
            if known is not None:  # a query's terms too (concepts only where experts have them)
                spans += self.spans(text, True, known)
            for term, positions in spans:
                if term in shown or any(b != a + 1 for a, b in itertools.pairwise(positions)):
                    continue  # an n-gram over a dropped word is no phrase anyone wrote
                if not written:
                    shown[term] = term
                    continue
                first, last = at[positions[0]], at[positions[-1]]
                between = nfc(text)[first[1] : last[0]] if len(positions) > 1 else ""
                # "master's", "scale-up" as written; other gaps ("a & b") read as spaces
                if _JOINERS.issuperset(between):
                    shown[term] = " ".join(nfc(text)[first[0] : last[1]].split())
                else:
                    shown[term] = " ".join(written[p] for p in positions)
        return shown

    def related(self, doc: Document) -> dict[str, str]:
        """Broader concept term → the narrower concept term the text names that made it, for
        the broader concepts the text does not name itself: partial credit, which explanations
        show as such ("IC design (related: design verification)")."""
        glossary = self.glossary
        if glossary is None:
            return {}
        named = [
            concept
            for text, _ in doc
            if text
            for _, _, concept in glossary.spans(self.words(text)[0])
        ]
        direct = {glossary.terms_[c] for c in named}
        out: dict[str, str] = {}
        for concept in named:
            for parent in glossary.broader_[concept]:
                term = glossary.terms_[parent]
                if term not in direct:
                    out.setdefault(term, glossary.terms_[concept])
        return out

    def count(self, docs: Sequence[Document]) -> tuple[list[str], sp.csr_matrix]:
        """Term counts of many documents, with their own vocabulary: the fast twin of
        :meth:`__call__` for fit (see the module's docstring).

        Python only splits each part into words and numbers them (a short part, such as a field
        or a keyword, once: they recur). Everything per word after that runs on arrays for all
        parts together: glossary phrases, stop words, Vietnamese syllables, n-grams (pairs of
        numbers, made strings only once per distinct pair) and the counts. Parts are separated
        by a break, so no phrase or n-gram crosses from one to the next; a part's weight is the
        count of each of its terms.
        """
        number_of: defaultdict[str, int] = defaultdict()
        number_of.default_factory = number_of.__len__
        number = number_of.__getitem__
        number(BREAK)
        numbers, lengths, rows, weights, accents = (array("i") for _ in range(5))
        known: dict[str, tuple[array[int], int]] = {}
        split = self.words
        for row, doc in enumerate(docs):
            for text, weight in doc:
                if weight <= 0 or not text:
                    continue
                seen = known.get(text)
                if seen is None:
                    found, accented = split(text)
                    found.append(BREAK)
                    part = array("i", map(number, found))
                    if len(text) <= SHORT_PART and len(known) < CACHED_PARTS:
                        known[text] = (part, accented)
                else:
                    part, accented = seen
                numbers.extend(part)
                lengths.append(len(part))
                rows.append(row)
                weights.append(weight)
                accents.append(accented)
        found_numbers = np.frombuffer(numbers, dtype=np.int32) if numbers else np.empty(0, np.int32)
        vocabulary = list(number_of)
        sizes = np.asarray(lengths, dtype=np.int64)
        return self._count_numbers(
            vocabulary,
            number_of,
            found_numbers,
            sizes,
            np.asarray(rows, dtype=np.int32),
            np.asarray(weights, dtype=np.int64),
            vietnamese_parts(found_numbers, sizes, np.asarray(accents, dtype=np.int64), vocabulary),
            len(docs),
        )

    def _count_numbers(
        self,
        words: list[str],
        number_of: dict[str, int],
        numbers: np.ndarray,
        lengths: np.ndarray,
        rows: np.ndarray,
        weights: np.ndarray,
        vietnamese: np.ndarray,
        n_rows: int,
    ) -> tuple[list[str], sp.csr_matrix]:
        """The array half of :meth:`count`: ``numbers`` holds every part's words (word 0 is the
        break that ends each part), ``lengths``/``rows``/``weights``/``vietnamese`` one value a
        part. Columns are numbered words, then concepts, then n-grams, each n-gram numbered once."""
        part = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        glossary = self.glossary
        concept_terms = glossary.terms_ if glossary is not None else []
        columns, entry_parts = [], []
        inner = None
        if glossary is not None:
            starts, ends, concepts = glossary.spans_of_numbers(numbers, number_of)
            columns.append(len(words) + concepts)
            entry_parts.append(part[starts])
            parents, of_span = _broader_of(glossary, concepts)
            columns.append(len(words) + parents)
            entry_parts.append(part[starts][of_span])
            numbers = numbers.copy()
            numbers[starts] = 0  # a phrase leaves one break in place of its words
            inner = _inner_positions(starts, ends)
        dropped = np.fromiter(map(dropped_word, words), dtype=bool, count=len(words))
        keep = ~dropped[numbers]
        if inner is not None:
            keep[inner] = False
        kept, part = numbers[keep], part[keep]
        word = kept != 0
        syllable = np.fromiter(map(str.isalpha, words), dtype=bool, count=len(words))
        unigram = word & ~(vietnamese[part] & syllable[kept])
        columns.append(kept[unigram])
        entry_parts.append(part[unigram])
        grams: list[list[str]] = []
        gram, valid = kept.astype(np.int64), word
        offset = len(words) + len(concept_terms)
        for n in range(2, self.ngram_max + 1):
            valid = valid[:-1] & word[n - 1 :]
            codes, distinct = _distinct(gram[:-1][valid] * len(words) + kept[n - 1 :][valid])
            previous = grams[-1] if grams else words
            grams.append(
                [f"{previous[k // len(words)]} {words[k % len(words)]}" for k in distinct.tolist()]
            )
            gram = np.zeros(len(valid), dtype=np.int64)
            gram[valid] = codes
            columns.append(offset + codes)
            entry_parts.append(part[: len(valid)][valid])
            offset += len(distinct)
        vocabulary = [*words, *concept_terms, *itertools.chain(*grams)]
        part_of_entry = np.concatenate(entry_parts)
        data = weights[part_of_entry].astype(np.float32)
        if glossary is not None:
            named, related = len(entry_parts[0]), len(entry_parts[1])
            data[:named] *= self.concept_weight
            data[named : named + related] *= min(BROADER_WEIGHT, self.concept_weight)
        cols = np.concatenate(columns)
        used = np.bincount(cols, minlength=len(vocabulary)) > 0
        renumber = (np.cumsum(used) - 1).astype(np.int32)
        matrix = sp.csr_matrix(
            (data, (rows[part_of_entry], renumber[cols])), shape=(n_rows, int(used.sum()))
        )
        matrix.sum_duplicates()
        return list(itertools.compress(vocabulary, used)), matrix


def _broader_of(glossary: Glossary, concepts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each found concept's broader concepts, in the order :meth:`Analyzer.spans` makes them:
    ``(broader, span)``, ``span`` the position in ``concepts`` each comes from."""
    indptr, flat = glossary.broader_table()
    counts = (indptr[1:] - indptr[:-1])[concepts]
    of_span = np.repeat(np.arange(len(concepts)), counts)
    first = np.repeat(indptr[concepts], counts)
    step = np.arange(len(of_span)) - np.repeat(np.cumsum(counts) - counts, counts)
    return flat[first + step], of_span


def _surface_words(text: str, folded: list[str]) -> list[str] | None:
    """The ``folded`` words of :meth:`Analyzer.words` as written (case and diacritics kept),
    one for one, or None where folding moved a word boundary (then terms are shown folded).
    The text is split as :func:`break_words` split its folded form: by character for text that
    folds to plain ASCII, by the regular expressions otherwise."""
    written = nfc(text)
    if fold(written).isascii() and "+" not in written and "#" not in written:
        found = written.translate(_SURFACE_BREAKS).split()
    else:
        found = []
        for run in SEGMENT.split(written):
            found += _TOKEN.findall(run)
            found.append(BREAK)
    if len(found) != len(folded) or any(fold(a) != b for a, b in zip(found, folded, strict=True)):
        return None
    return found


def _offsets(text: str, written: list[str]) -> list[tuple[int, int]]:
    """Where each of :func:`_surface_words`' words stands in ``text`` (a break: its place)."""
    out: list[tuple[int, int]] = []
    cursor = 0
    for word in written:
        if word == BREAK:
            out.append((cursor, cursor))
            continue
        start = text.find(word, cursor)
        cursor = start + len(word)
        out.append((start, cursor))
    return out


_JOINERS = frozenset(" -'\u2019\u2010\u2011")
"""What may stand between the words of a phrase shown as written: spaces, hyphens and
apostrophes."""

_SURFACE_BREAKS = {
    ord(c): f" {BREAK} " if c in SEGMENT_CHARS else " "
    for c in map(chr, range(128))
    if not c.isalnum()
}
""":func:`break_words`' table for plain text, as a ``str.translate`` table that leaves every
other character (diacritics, case) as written."""


def _inner_positions(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Positions inside the spans ``[start, end)`` but not at their start (spans do not
    overlap)."""
    sizes = ends - starts - 1
    first = np.repeat(starts + 1, sizes)
    step = np.arange(len(first)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return first + step


DENSE_KEYS = 1 << 24
"""Up to this many possible keys (a small vocabulary's pairs), distinct n-grams are found by
marking them in an array, not by hashing; bounds that array to 80 MB."""


def _distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, distinct)`` of non-negative keys: ``distinct[codes] == keys``. Counted over
    every possible key when there are few (a small vocabulary), else found with a hash table."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    size = int(keys.max()) + 1
    if size <= DENSE_KEYS:
        present = np.zeros(size, dtype=bool)
        present[keys] = True
        code = np.cumsum(present, dtype=np.int32) - 1
        return code[keys].astype(np.int64), np.flatnonzero(present)
    codes, distinct = pd.factorize(keys)
    return codes.astype(np.int64), np.asarray(distinct)
