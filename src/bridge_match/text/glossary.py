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

    def __init__(
        self,
        rows: Iterable[tuple[str, Sequence[str], Sequence[str]]],
        broader: Iterable[tuple[str, str]] = (),
    ) -> None:
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
        self.broader_: list[tuple[int, ...]] = [() for _ in self.display_]
        for child, parent in _checked_hierarchy(self, broader):
            self.broader_[child] += (parent,)
        self._narrower: dict[str, set[str]] = {}
        for child, parents in enumerate(self.broader_):
            for parent in parents:
                self._narrower.setdefault(self.terms_[parent], set()).add(self.terms_[child])

    def concept_named(self, form: str) -> int | None:
        """The concept a phrase (in either language) names, or None."""
        return self.phrases.get(tuple(words(form)))

    def broader_table(self) -> tuple[np.ndarray, np.ndarray]:
        """The hierarchy as arrays ``(indptr, broader)``: concept ``c``'s broader concepts are
        ``broader[indptr[c]:indptr[c + 1]]`` (for counting many texts at once)."""
        sizes = np.fromiter(map(len, self.broader_), dtype=np.int64, count=len(self.broader_))
        indptr = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        flat = np.fromiter(
            (p for parents in self.broader_ for p in parents),
            dtype=np.int64,
            count=int(sizes.sum()),
        )
        return indptr, flat

    def narrower(self, term: str) -> frozenset[str]:
        """The concept terms whose broader concept ``term`` is (empty for any other term)."""
        return frozenset(self._narrower.get(term, ()))

    @classmethod
    def from_csv(cls, path: str | Path, broader: str | Path | None = None) -> Glossary:
        """Read ``sector,vi,en`` rows; alternatives are separated by ``|``, the first is shown.
        ``broader``: a ``concept,broader`` file of the hierarchy."""
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = [
                (r["sector"], _alternatives(r["vi"]), _alternatives(r["en"]))
                for r in reader
                if r.get("vi") and r.get("en")
            ]
        links: list[tuple[str, str]] = []
        if broader is not None:
            with open(broader, encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                if reader.fieldnames != ["concept", "broader"]:
                    raise ValueError(f"{broader}: the header must be concept,broader")
                links = [(r["concept"] or "", r["broader"] or "") for r in reader]
        return cls(rows, links)

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
        for child, parents in enumerate(self.broader_):
            for parent in parents:
                digest.update(f"broader\t{child}\t{parent}\n".encode())
        return digest.hexdigest()


def _checked_hierarchy(
    glossary: Glossary, links: Iterable[tuple[str, str]]
) -> list[tuple[int, int]]:
    """``(concept, broader)`` pairs as concept numbers; a name that is no concept, a concept
    broader than itself (directly or through others) or a repeated pair is a ``ValueError``."""
    pairs: list[tuple[int, int]] = []
    for line, names in enumerate(links, start=2):
        found = [glossary.concept_named(name) for name in names]
        for name, number in zip(names, found, strict=True):
            if number is None:
                raise ValueError(f"broader.csv:{line}: {name!r} is not a glossary concept")
        narrow, broad = (int(n) for n in found if n is not None)
        if narrow == broad or (narrow, broad) in pairs:
            raise ValueError(f"broader.csv:{line}: {' → '.join(names)} is a loop or a repeat")
        pairs.append((narrow, broad))
    above: dict[int, set[int]] = {}
    for narrow, broad in pairs:
        above.setdefault(narrow, set()).add(broad)
    for start, parents in above.items():
        seen: set[int] = set()
        todo = list(parents)
        while todo:
            node = todo.pop()
            if node == start:
                name = glossary.display_[start][1]
                raise ValueError(f"broader.csv: {name!r} is its own ancestor")
            if node not in seen:
                seen.add(node)
                todo.extend(above.get(node, ()))
    return pairs


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
    here = Path(__file__).parent
    return Glossary.from_csv(here / "glossary.csv", here / "broader.csv")
