"""The bilingual glossary: Vietnamese and English forms of one domain concept become one term.

A need that says "vi mạch" and a profile that says "integrated circuit" then share the term
``~integrated circuit``. The concepts are package data (``glossary.csv``: ``sector,vi,en``,
alternatives separated by ``|``, the first one shown).
"""

from __future__ import annotations

import csv
import functools
import hashlib
from collections.abc import Container, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from bridge_match.text.normalize import nfc
from bridge_match.text.tokenize import words

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
        lengths: dict[tuple[str, ...], set[int]] = {}
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

    def spans(
        self, folded: Sequence[str], known: Container[str] | None = None
    ) -> list[tuple[int, int, int]]:
        """``(start, end, concept)`` for each phrase found, longest first at each position.

        Only positions holding a phrase's first word are tried, and there only the phrase
        lengths that start with the same two words. With ``known`` (a fitted vocabulary), a
        concept whose term is not in it is passed over for a shorter phrase or the plain words:
        a query's "perovskite solar cells" still finds the experts who wrote "perovskite" and
        "solar cells" apart.
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
                if concept is not None and (known is None or self.terms_[concept] in known):
                    hit = (i, i + size, concept)
                    break
            if (
                hit is None
                and folded[i] in single
                and (known is None or self.terms_[single[folded[i]]] in known)
            ):
                hit = (i, i + 1, single[folded[i]])
            if hit is not None:
                found.append(hit)
                end = hit[1]
        return found

    def spans_of_numbers(
        self, numbers: np.ndarray, number_of: Mapping[str, int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`spans` for many texts at once, over words given as numbers (``number_of`` maps
        each word to its number): arrays ``(starts, ends, concepts)``. The fast twin of
        :meth:`spans`, for fit; ``tests/test_text.py::``
        ``test_phrase_spans_over_word_numbers_equal_spans`` pins the two equal.

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
    return Glossary.from_csv(Path(__file__).with_name("glossary.csv"))
