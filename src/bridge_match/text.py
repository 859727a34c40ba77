"""Vietnamese and English text normalisation; the one place that decides what gets vectorised.

Everything is NFC first: a name typed on a Mac (NFD) and the same name from Excel (NFC) must be one
name. Matching uses *folded* text (no diacritics, ``đ`` → ``d``, lower case) so that "ban dan" finds
"bán dẫn"; display keeps the text as given.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from bridge_match.models import ExpertProfile, Need
    from bridge_match.sectors import Sector

_TOKEN = re.compile(r"[^\W_]+(?:\+\+|#)?")

Document = tuple[tuple[str, int], ...]
"""A record's text as ``(text, weight)`` parts; the weight repeats the part's terms."""

PROFILE_WEIGHTS: dict[str, int] = {"field": 3, "keywords": 3, "sectors": 2, "expertise": 1}
NEED_WEIGHTS: dict[str, int] = {"title": 2, "required_skills": 2, "sector": 1, "description": 1}

# Function words only: domain words ("research", "nghiên cứu") are left to idf.
_STOP_EN = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just me more most my no nor
not now of off on once only or other our ours out over own same she should so some such than that
the their theirs them then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours etc e g ie eg via per
""".split()
_STOP_VI = """
và của các những cho với trong là có được một để này theo về từ tại người đã đang sẽ cũng như khi
nhiều hơn rất đến trên dưới ra vào lên hoặc nhưng mà thì vì nên do bởi nếu sau trước giữa đó đây
hay bao gồm gồm nhằm qua còn chỉ mỗi cả ở tới
""".split()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Drop diacritics, including ``đ`` which has no decomposition, and lower-case.

    Whole texts are folded at fit time, so this is a few C-speed passes, not a loop over letters.

    >>> fold("Nguyễn Thị ĐÀO, bán dẫn")
    'nguyen thi dao, ban dan'
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = _combining_marks().sub("", decomposed)
    if not stripped.isascii() and max(stripped) > "\uffff":
        stripped = "".join(c for c in stripped if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()


@functools.cache
def _combining_marks() -> re.Pattern[str]:
    marks = [chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))]
    return re.compile("[" + re.escape("".join(marks)) + "]+")


STOP_WORDS: frozenset[str] = frozenset(_STOP_EN) | frozenset(fold(w) for w in _STOP_VI)


def dropped_word(word: str) -> bool:
    """Whether a folded word makes no term of its own: a stop word, or a lone letter."""
    return word in STOP_WORDS or (len(word) == 1 and not word.isdigit() and word != BREAK)


_fold_word = functools.lru_cache(maxsize=1 << 18)(fold)


def tokens(text: str) -> list[tuple[str, str]]:
    """Split into ``(surface, folded)`` word pairs; the surface form is kept for explanations."""
    found = _TOKEN.findall(nfc(text).casefold())
    return [(t, _fold_word(t)) for t in found]


def break_words(folded: str) -> list[str]:
    """A folded text's words with a :data:`BREAK` wherever a term may not span (punctuation).

    Plain text (ASCII once folded, most of it) is split by ``bytes.translate`` and ``str.split``,
    several times faster than the regular expression and the same words.
    """
    if folded.isascii() and "+" not in folded and "#" not in folded:
        plain = folded.encode().translate(_ASCII_BREAKS).decode()
        return plain.replace(BREAK, f" {BREAK} ").split()
    found = []
    for run in _SEGMENT.split(folded):
        found += _TOKEN.findall(run)
        found.append(BREAK)
    return found


def is_vietnamese(text: str) -> bool:
    """Guess the language of a text: Vietnamese diacritics, or many unaccented Vietnamese words."""
    text = nfc(text)
    return _vietnamese(words(text), accented_letters(text))


ACCENTED_SHARE = 0.03
"""A text is Vietnamese if at least this share of its letters carry Vietnamese diacritics..."""
UNACCENTED_SHARE = 0.15
"""...or, written without them, at least this share of its words are common Vietnamese words."""


def accented_letters(text: str) -> int:
    """How many letters of an NFC text carry a diacritic that folding removes."""
    return 0 if text.isascii() else len(_ACCENTED.findall(text))


def _vietnamese(words: list[str], accented: int) -> bool:
    """The language rule over a text's folded words (:data:`BREAK` marks not counted) and its
    :func:`accented_letters`; :func:`vietnamese_parts` is the same rule for many texts."""
    marks = words.count(BREAK)
    if len(words) == marks:
        return False
    if accented and accented >= ACCENTED_SHARE * (sum(map(len, words)) - marks):
        return True
    return sum(map(_UNACCENTED_VI.__contains__, words)) >= UNACCENTED_SHARE * (len(words) - marks)


def vietnamese_parts(
    numbers: np.ndarray, lengths: np.ndarray, accented: np.ndarray, words: Sequence[str]
) -> np.ndarray:
    """:func:`_vietnamese` for many texts at once: ``numbers`` holds each text's words as
    numbers into ``words`` (word 0 is :data:`BREAK`), texts one after another, ``lengths`` long."""
    if len(numbers) == 0:
        return np.zeros(len(lengths), dtype=bool)
    starts = np.minimum(np.cumsum(lengths) - lengths, len(numbers) - 1)
    size = np.fromiter(map(len, words), dtype=np.int32, count=len(words))
    size[0] = 0
    usual = np.fromiter(map(_UNACCENTED_VI.__contains__, words), dtype=np.int32, count=len(words))
    n_words, letters, common = (
        np.where(lengths > 0, np.add.reduceat(values, starts), 0)
        for values in ((numbers != 0).astype(np.int32), size[numbers], usual[numbers])
    )
    return (n_words > 0) & (
        ((accented > 0) & (accented >= ACCENTED_SHARE * letters))
        | (common >= UNACCENTED_SHARE * n_words)
    )


_UNACCENTED_VI = frozenset(fold(w) for w in _STOP_VI) - frozenset(_STOP_EN) | {
    "nghien",
    "cuu",
    "nam",
    "kinh",
    "nghiem",
    "cong",
    "nghe",
}


_ACCENTED = re.compile(
    "["
    + re.escape(
        "".join(c for c in map(chr, range(0xC0, 0x1F00)) if c.isalpha() and fold(c) != c.casefold())
    )
    + "]"
)


def words(text: str) -> list[str]:
    """A text's folded words, punctuation ignored."""
    return [w for w in break_words(fold(nfc(text))) if w != BREAK]


def as_text(value: str | Sequence[str] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return ". ".join(str(v) for v in value)


BREAK = "\x00"
"""A word that no term may span: stands for punctuation and for a glossary phrase's words."""
_SEGMENT_CHARS = ".;,:!?()[]/\n\t|"
_SEGMENT = re.compile("[" + re.escape(_SEGMENT_CHARS) + "]+")
_ASCII_BREAKS = bytes(
    (0 if chr(b) in _SEGMENT_CHARS else 32) if b < 128 and not chr(b).isalnum() else b
    for b in range(256)
)
"""For folded plain text as bytes: punctuation that ends a run becomes a :data:`BREAK`, any other
non-word character a space (``bytes.translate`` is many times faster than ``str.translate``)."""
CONCEPT_PREFIX = "~"


class Glossary:
    """Vietnamese↔English domain terms; a phrase in either language becomes one shared concept term.

    A need that says "vi mạch" and a profile that says "integrated circuit" then share the term
    ``~integrated circuit``, which the vectoriser weighs like any other.
    """

    def __init__(self, rows: Iterable[tuple[str, Sequence[str], Sequence[str]]]) -> None:
        self.phrases: dict[tuple[str, ...], int] = {}
        self.display_: list[tuple[str, str]] = []
        self.sectors: list[str] = []
        for sector, vi_forms, en_forms in rows:
            concept = len(self.display_)
            self.display_.append((nfc(vi_forms[0]), nfc(en_forms[0])))
            self.sectors.append(sector)
            for form in (*vi_forms, *en_forms):
                key = tuple(words(form))
                if key:
                    self.phrases.setdefault(key, concept)
        lengths: dict[tuple[str, str], set[int]] = {}
        for key in self.phrases:
            if len(key) > 1:
                lengths.setdefault(key[:2], set()).add(len(key))
        self._sizes = {pair: sorted(sizes, reverse=True) for pair, sizes in lengths.items()}
        self._single = {key[0]: concept for key, concept in self.phrases.items() if len(key) == 1}
        self.first_words = frozenset(key[0] for key in self.phrases)
        self.terms_ = [CONCEPT_PREFIX + " ".join(words(en)) for _, en in self.display_]
        self._concept_of = {term: i for i, term in enumerate(self.terms_)}

    @classmethod
    def from_csv(cls, path: str | Path) -> Glossary:
        """Read ``sector,vi,en`` rows; alternatives are separated by ``|``, the first is shown."""
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = [
                (r["sector"], _alternatives(r["vi"]), _alternatives(r["en"]))
                for r in reader
                if r.get("vi") and r.get("en")
            ]
        return cls(rows)

    @classmethod
    def default(cls) -> Glossary:
        return _default_glossary()

    def __len__(self) -> int:
        return len(self.display_)

    def find(self, folded: Sequence[str]) -> list[int]:
        """Concepts named in a folded word sequence, longest phrase first at each position."""
        return [concept for _, _, concept in self.spans(folded)]

    def spans(self, folded: Sequence[str]) -> list[tuple[int, int, int]]:
        """``(start, end, concept)`` for each phrase found, longest first at each position.

        Only positions holding a phrase's first word are tried, and there only the phrase
        lengths that start with the same two words.
        """
        sizes, single, first = self._sizes, self._single, self.first_words
        starts = [i for i, word in enumerate(folded) if word in first]
        found: list[tuple[int, int, int]] = []
        end, n = 0, len(folded)
        for i in starts:
            if i < end:
                continue
            hit = None
            for size in sizes.get((folded[i], folded[i + 1]) if i + 1 < n else (), ()):
                concept = self.phrases.get(tuple(folded[i : i + size])) if i + size <= n else None
                if concept is not None:
                    hit = (i, i + size, concept)
                    break
            if hit is None and folded[i] in single:
                hit = (i, i + 1, single[folded[i]])
            if hit is not None:
                found.append(hit)
                end = hit[1]
        return found

    def spans_of_numbers(
        self, numbers: np.ndarray, number_of: Mapping[str, int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`spans` for many texts at once, over words given as numbers (``number_of`` maps
        each word to its number): arrays ``(starts, ends, concepts)``.

        Texts must be separated by a number that is in no phrase (a :data:`BREAK`'s). The phrases
        become a trie of numbers, walked one word further for all candidate positions together;
        only the choice among overlapping matches (longest first at each position, then left to
        right) is a loop, and it runs over matches, not words.
        """
        edges: dict[tuple[int, int], int] = {}
        concept_at = [-1]
        for key, concept in self.phrases.items():
            path = [number_of.get(word) for word in key]
            if None in path:
                continue  # a word these texts never use: the phrase cannot occur
            node = 0
            for number in path:
                node = edges.setdefault((node, number), len(concept_at))  # type: ignore[arg-type]
                if node == len(concept_at):
                    concept_at.append(-1)
            concept_at[node] = concept
        empty = np.empty(0, dtype=np.int64)
        if not edges:
            return empty, empty, empty
        keys = np.fromiter(((node << 32) | n for node, n in edges), np.int64, len(edges))
        order = np.argsort(keys)
        keys, child = keys[order], np.fromiter(edges.values(), np.int64, len(edges))[order]
        concepts = np.asarray(concept_at, dtype=np.int64)
        first = np.full(max(number_of.values(), default=0) + 1, -1, dtype=np.int64)
        roots = keys >> 32 == 0
        first[keys[roots] & 0xFFFFFFFF] = child[roots]
        node = first[numbers]
        starts = np.flatnonzero(node >= 0)
        node = node[starts]
        concept = concepts[node]
        length = (concept >= 0).astype(np.int64)
        alive = np.arange(len(starts))
        depth = 1
        while len(alive):
            at = starts[alive] + depth
            inside = at < len(numbers)
            wanted = (node[inside] << 32) | numbers[at[inside]]
            edge = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
            found = keys[edge] == wanted
            alive, node = alive[inside][found], child[edge[found]]
            depth += 1
            reached = concepts[node]
            hit = reached >= 0
            length[alive[hit]] = depth
            concept[alive[hit]] = reached[hit]
        matched = np.flatnonzero(length)
        starts, concept = starts[matched], concept[matched]
        return _leftmost_longest(starts, starts + length[matched], concept)

    def display(self, term: str, vietnamese: bool) -> str | None:
        """How a concept term reads in the need's language, or None for an ordinary term."""
        concept = self._concept_of.get(term)
        if concept is None:
            return None
        vi, en = self.display_[concept]
        return vi if vietnamese else en

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for (vi, en), sector in zip(self.display_, self.sectors, strict=True):
            digest.update(f"{sector}\t{vi}\t{en}\n".encode())
        for key, concept in sorted(self.phrases.items()):
            digest.update(f"{' '.join(key)}\t{concept}\n".encode())
        return digest.hexdigest()


def _leftmost_longest(
    starts: np.ndarray, ends: np.ndarray, concepts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of matches sorted by start, each the longest at its start, keep those :meth:`Glossary.spans`
    keeps: left to right, skipping any that overlaps one kept. A match that overlaps no earlier
    match is kept; only runs of overlapping matches are decided one by one."""
    clash = np.zeros(len(starts), dtype=bool)
    clash[1:] = starts[1:] < np.maximum.accumulate(ends)[:-1]
    if not clash.any():
        return starts, ends, concepts
    chosen = ~clash
    end = 0
    for i in np.flatnonzero(clash | np.append(clash[1:], False)).tolist():
        if not clash[i]:
            end = int(ends[i])
        elif starts[i] >= end:
            chosen[i] = True
            end = int(ends[i])
    return starts[chosen], ends[chosen], concepts[chosen]


def _alternatives(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


@functools.cache
def _default_glossary() -> Glossary:
    return Glossary.from_csv(Path(__file__).with_name("glossary") / "terms.csv")


SHORT_PART = 200
"""Parts this short (fields, keywords, sector labels) repeat across profiles: analyse once."""
CACHED_PARTS = 200_000


class Analyzer:
    """Turn a weighted document into terms: words, word bigrams and glossary concepts, all folded.

    - A glossary phrase becomes its concept term *instead of* its words, so "vi mạch" and
      "integrated circuit" weigh the same in either language.
    - Vietnamese words are one to four syllables: a lone syllable ("gia", "tính") says little, so
      Vietnamese text contributes syllable bigrams, numbers and concepts, not single syllables
      (which otherwise pull unrelated Vietnamese profiles above relevant English ones).
    - Bigrams never cross punctuation or a glossary phrase.
    - Each part's terms repeat ``weight`` times: field weighting on a plain TF-IDF.
    - A concept counts ``concept_weight`` times: it is the only term a Vietnamese need shares
      with an English profile, and an English profile's many words and bigrams would otherwise
      drown it (on the labelled sample, 4 lifted nDCG@10 on Vietnamese needs from 0.82 to 0.85;
      see docs/quality.md).
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

    def terms(self, text: str) -> list[str]:
        """One text's terms, unweighted."""
        return [t for t in self.raw_terms(text) if BREAK not in t]

    def words(self, text: str) -> tuple[list[str], int]:
        """A text's :func:`break_words` and its :func:`accented_letters` (which with the words
        tell the language): what the rest of the analysis starts from."""
        text = nfc(text)
        return break_words(fold(text)), accented_letters(text)

    def raw_terms(self, text: str) -> list[str]:
        """One text's terms, plus junk terms holding :data:`BREAK` that the caller drops.

        The word list is handled whole: a glossary phrase leaves a :data:`BREAK` in place of its
        words, unigrams and bigrams are made in a few whole-list passes, and the bigrams that
        straddle a break hold it, so they are dropped once per vocabulary instead of once per
        word. Fit counts the same terms from word numbers (``vectorize``); this is the string
        form, for needs and updates, and the reference that fit is tested against.
        """
        words, accented = self.words(text)
        vi = _vietnamese(words, accented)
        out: list[str] = []
        glossary = self.glossary
        if glossary is not None and not glossary.first_words.isdisjoint(words):
            spans = glossary.spans(words)
            if spans:
                pieces: list[str] = []
                start = 0
                for begin, end, concept in spans:
                    out += [glossary.terms_[concept]] * self.concept_weight
                    pieces += words[start:begin]
                    pieces.append(BREAK)
                    start = end
                pieces += words[start:]
                words = pieces
        kept = list(itertools.filterfalse(dropped_word, words))
        out += [w for w in kept if not w.isalpha()] if vi else kept
        if self.ngram_max >= 2:
            out += map(" ".join, itertools.pairwise(kept))
        for n in range(3, self.ngram_max + 1):
            out += map(" ".join, zip(*(kept[i:] for i in range(n)), strict=False))
        return out

    def surfaces(self, doc: Document) -> dict[str, str]:
        """Folded term → its form in the text, for explanations in the writer's own spelling."""
        shown: dict[str, str] = {}
        for text, _ in doc:
            for term, surface in self._terms(text or ""):
                shown.setdefault(term, surface)
        return shown

    def _terms(self, text: str, vi: bool = False) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for segment in _SEGMENT.split(text):
            pairs = tokens(segment)
            if not pairs:
                continue
            runs = [pairs]
            if self.glossary is not None:
                runs = []
                start = 0
                for begin, end, concept in self.glossary.spans([f for _, f in pairs]):
                    term = self.glossary.terms_[concept]
                    out.extend([(term, term)] * self.concept_weight)
                    runs.append(pairs[start:begin])
                    start = end
                runs.append(pairs[start:])
            for run in runs:
                self._words(run, out, vi)
        return out

    def _words(self, pairs: list[tuple[str, str]], out: list[tuple[str, str]], vi: bool) -> None:
        kept = [(s, f) for s, f in pairs if f not in STOP_WORDS and (len(f) > 1 or f.isdigit())]
        out.extend((f, s) for s, f in kept if not (vi and f.isalpha()))
        for n in range(2, self.ngram_max + 1):
            for i in range(len(kept) - n + 1):
                gram = kept[i : i + n]
                out.append((" ".join(f for _, f in gram), " ".join(s for s, _ in gram)))


def _sector_text(sectors: Iterable[Sector]) -> str:
    return _sectors_text(tuple(sectors))


@functools.lru_cache(maxsize=256)
def _sectors_text(sectors: tuple[Sector, ...]) -> str:
    return ". ".join(f"{s.label}. {s.label_vi}" for s in sectors if s.value != "other")


def sector_document(sector: Sector) -> Document:
    """A sector's own labels: shared by every expert of the sector, so never news in an
    explanation."""
    return ((_sector_text([sector]), 1),)


def profile_document(
    profile: ExpertProfile, weights: Mapping[str, int] = PROFILE_WEIGHTS
) -> Document:
    """The parts of a profile that describe what the expert can do, with their weights.

    Each keyword is a part of its own: keywords recur across profiles far more than their
    combinations do, so each is analysed once (and read in its own language)."""
    keyword = weights.get("keywords", 0)
    return (
        (profile.field, weights.get("field", 0)),
        *((k, keyword) for k in profile.keywords),
        (_sector_text(profile.sectors), weights.get("sectors", 0)),
        (profile.expertise, weights.get("expertise", 0)),
    )


def need_document(need: Need, weights: Mapping[str, int] = NEED_WEIGHTS) -> Document:
    """The parts of a need that say what it asks for, with their weights (each required skill
    a part of its own, as a profile's keywords are)."""
    skill = weights.get("required_skills", 0)
    return (
        (need.title, weights.get("title", 0)),
        *((k, skill) for k in need.required_skills),
        (_sector_text([need.sector]), weights.get("sector", 0)),
        (need.description, weights.get("description", 0)),
    )
