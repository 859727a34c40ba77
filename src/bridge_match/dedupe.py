"""Likely duplicate people across associations, so a coordinator sees one person once.

Three associations may list the same expert under three ids. Two rules find them:

- the same e-mail address (stripped, case-insensitive): strong evidence on its own;
- the same name *and* country *and* a similar affiliation. A name key is the sorted folded words,
  so "An Nguyen Van" and "Nguyễn Văn An" agree (names abroad are often written given name first
  and without diacritics). A common name in one country is not evidence by itself; the
  affiliation decides.

Only records that share a block (an e-mail, or a name key and country) are ever compared, so the
work grows with the number of records, not with its square.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import operator
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bridge_match.models import ExpertProfile
from bridge_match.text.normalize import fold

BLOCK_LIMIT = 50
"""Blocks up to this size are compared pair by pair; larger ones as described in
:func:`find_duplicates`."""

WINDOW = 10
"""In a large block, each distinct affiliation is compared with this many sorted neighbours."""

_WORD = re.compile(r"[^\W_]+")

# Spellings of one word that should not make two affiliations look different.
_ABBREVIATIONS = {
    "univ": "university",
    "uni": "university",
    "inst": "institute",
    "dept": "department",
    "dep": "department",
    "corp": "corporation",
    "tech": "technology",
    "natl": "national",
    "nat": "national",
    "intl": "international",
    "lab": "laboratory",
    "labs": "laboratory",
    "ctr": "center",
    "centre": "center",
    "sci": "science",
    "assoc": "association",
    "hosp": "hospital",
}
# Legal forms ("Co., Ltd", "GmbH") and function words say nothing about which place it is.
_DROPPED = frozenset(
    "the of and for at in on de du des der fur co ltd inc llc gmbh ag plc kk jsc bv nv sas srl "
    "pte pty".split()
)
# Words shared by many different places: "Kyoto University" and "Kyushu University" share most of
# their letters, so the words that are left after removing these must agree as well.
_GENERIC = frozenset(
    "university institute institution department faculty school college laboratory center "
    "national international technology science research corporation company hospital academy "
    "foundation graduate division group association".split()
)
_GENERIC_SORTED = sorted(_GENERIC)
# A part of an affiliation that starts with one of these names a unit inside an institution.
_SUBUNIT = frozenset("department faculty school division laboratory graduate section chair".split())
_PART = re.compile(r"[,;()\[\]/|]")


@dataclass(frozen=True, order=True)
class DuplicatePair:
    """Two profiles that are likely one person; ``first`` is the smaller id.

    >>> DuplicatePair("FR-01", "JP-07", "same e-mail an.nguyen@example.org").first
    'FR-01'
    """

    first: str
    second: str
    reason: str


def email_key(email: str | None) -> str | None:
    """The form in which two addresses are compared: stripped and case-folded.

    >>> email_key("  An.Nguyen@Example.ORG ")
    'an.nguyen@example.org'
    """
    if email is None:
        return None
    key = email.strip().casefold()
    return key or None


def name_key(name: str) -> str:
    """Folded words in sorted order, so word order and diacritics do not matter.

    >>> name_key("Nguyễn Văn  An") == name_key("An NGUYEN-Van")
    True
    """
    return " ".join(sorted(w for piece in name.split() for w in _name_words(piece)))


@functools.lru_cache(maxsize=1 << 16)
def _name_words(piece: str) -> tuple[str, ...]:
    # Names are built from a few thousand syllables, so folding each once is what makes 600,000
    # profiles take seconds rather than tens of seconds.
    return tuple(_WORD.findall(fold(piece)))


def normalize_affiliation(affiliation: str) -> tuple[str, str]:
    """``(all words, distinctive words)``, each folded, expanded and sorted.

    Affiliations are compared at the level of the institution: a part after a comma or in
    brackets that names a unit inside it ("Dept. of Physics", "Graduate School of Engineering")
    is left out, because one association records the department and another does not. Sorted
    words make "Tokyo University" equal "University of Tokyo"; a misspelt common word
    ("Univeristy") becomes the word it is close to.

    >>> normalize_affiliation("The Univ. of Tokyo, Dept. of Physics")
    ('tokyo university', 'tokyo')
    >>> normalize_affiliation("Toshiba Co., Ltd.")
    ('toshiba', 'toshiba')
    """
    parts = [_words(part) for part in _PART.split(fold(affiliation))]
    parts = [part for part in parts if part]
    kept = [part for part in parts if part[0] not in _SUBUNIT] or parts
    words = sorted(word for part in kept for word in part)
    return " ".join(words), " ".join(w for w in words if w not in _GENERIC)


def _words(text: str) -> list[str]:
    words: list[str] = []
    for word in _WORD.findall(text):
        word = _ABBREVIATIONS.get(word, word)
        if word in _DROPPED:
            continue
        if len(word) >= 6 and word not in _GENERIC:
            close = difflib.get_close_matches(word, _GENERIC_SORTED, n=1, cutoff=0.85)
            word = close[0] if close else word
        words.append(word)
    return words


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if a > b:  # SequenceMatcher is not symmetric; the score must not depend on input order
        a, b = b, a
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio()


def affiliation_similarity(a: tuple[str, str], b: tuple[str, str]) -> float:
    """The smaller of the similarity of all words and of the distinctive words (0..1).

    Both must agree: the whole name tells "Tokyo Institute of Technology" from "University of
    Tokyo" (same distinctive word), the distinctive words tell "Kyushu University" from "Kyoto
    University" (mostly the same letters).

    >>> tokyo = normalize_affiliation("University of Tokyo")
    >>> affiliation_similarity(tokyo, normalize_affiliation("Univ. of Tokyo"))
    1.0
    >>> affiliation_similarity(tokyo, normalize_affiliation("Tokyo Institute of Technology")) < 0.5
    True
    """
    whole = _ratio(a[0], b[0])
    if whole == 0.0:
        return 0.0
    return min(whole, _ratio(a[1], b[1]))


def find_duplicates(
    profiles: Sequence[ExpertProfile], affiliation_threshold: float = 0.85
) -> list[DuplicatePair]:
    """Likely duplicate people, sorted by ``(first, second)``; the same for any input order.

    Records are compared only inside a block: one e-mail key, or one ``(name key, country)``.
    In a name block only the affiliations decide, and each pair of distinct affiliations is scored
    once however many name blocks it meets in. A block of at most :data:`BLOCK_LIMIT` records
    yields every matching pair. A larger block ("Nguyen Van Anh" in Japan, or a shared mailbox)
    would be quadratic, so there each record is linked to the smallest id with the same e-mail or
    the same normalised affiliation, and each distinct affiliation is compared only with its
    :data:`WINDOW` neighbours in sorted order (sorted words put "tokyo university" next to its
    spelling variants); a match links the smallest id on either side. Such blocks give fewer
    pairs but, :func:`person_groups` being transitive, the same groups.

    The default threshold, 0.85, keeps "The University of Tokyo", "Univ. of Tokyo", "Tokyo
    University" and "Dept. of Physics, University of Tokyo" together (1.0 after normalising),
    while "Tokyo University of Science" (0.80), "University of Tokyo Hospital" (0.78), "Kyoto
    University" (0.60) and "Tokyo Institute of Technology" (0.24) stay apart. It errs towards
    missing a duplicate: a misspelt short name ("University of Tokio", 0.80) is missed unless the
    e-mail agrees, since a false match would hide a real person from a shortlist.

    >>> a = ExpertProfile(id="B1", name="Nguyễn Văn An", country="JP", field="AI",
    ...                   affiliation="University of Tokyo")
    >>> b = a.model_copy(update={"id": "A7", "name": "An Nguyen Van",
    ...                          "affiliation": "Univ. of Tokyo"})
    >>> print(find_duplicates([a, b])[0].reason)
    same name and country (JP), similar affiliation (1.00): 'Univ. of Tokyo' ~ 'University of Tokyo'
    """
    return _find(profiles, affiliation_threshold).pairs()


def _find(profiles: Sequence[ExpertProfile], affiliation_threshold: float = 0.85) -> _Found:
    """The pairs of :func:`find_duplicates`, by row, reasons not yet written out."""
    fields = operator.attrgetter("id", "email", "name", "country", "affiliation")
    columns = tuple(zip(*map(fields, profiles), strict=True)) or ((),) * 5
    ids, emails, names, countries, affiliations = map(list, columns)
    found = _Found(profiles, ids, affiliations)
    # E-mail first: when both rules hold, the e-mail is the reason given.
    email_keys = _keys_of(emails, email_key)
    for block in _blocks(_codes(email_keys)):
        block.sort(key=ids.__getitem__)
        reason = f"same e-mail {email_keys[block[0]]}"
        if len(block) <= BLOCK_LIMIT:
            links: Iterable[tuple[int, int]] = itertools.combinations(block, 2)
        else:
            links = ((block[0], y) for y in block[1:])
        for x, y in links:
            found.add(x, y, reason)

    name_codes = _codes(_keys_of(names, lambda name: name_key(name) or None))
    country_codes = _codes(countries)
    named = np.where(
        name_codes >= 0, name_codes * (int(country_codes.max(initial=0)) + 1) + country_codes, -1
    )
    scorer = _AffiliationScorer()
    small: list[list[int]] = []
    for block in _blocks(named):
        if len(block) > BLOCK_LIMIT:
            _large_name_block(block, found, scorer, affiliation_threshold)
        else:
            small.append(block)
    spellings, distinct = pd.factorize(np.array(affiliations, dtype=object))
    normalised = np.array([scorer.index(a) for a in distinct], dtype=np.int64)[spellings]
    _small_name_blocks(small, found, scorer, normalised, affiliation_threshold)
    return found


def _keys_of(values: list[str | None], key: Callable[[str], str | None]) -> list[str | None]:
    """``key`` of each value, worked out once per distinct value (names and mailboxes recur)."""
    codes, distinct = pd.factorize(np.array(values, dtype=object))
    keys = np.array([key(v) for v in distinct] + [None], dtype=object)
    return keys[codes].tolist()


def _codes(keys: Sequence[Hashable | None]) -> np.ndarray:
    """One int per key, equal for equal keys; -1 for None."""
    return pd.factorize(np.array(keys, dtype=object))[0].astype(np.int64)


def _blocks(codes: np.ndarray) -> list[list[int]]:
    """Rows that share a code (not -1) with another row, a list per code, rows in order."""
    if not (codes >= 0).any():
        return []
    counts = np.bincount(codes[codes >= 0])
    shared = np.flatnonzero((codes >= 0) & (counts[np.maximum(codes, 0)] > 1))
    shared = shared[np.argsort(codes[shared], kind="stable")]
    cuts = np.flatnonzero(np.diff(codes[shared])) + 1
    return [block.tolist() for block in np.split(shared, cuts)] if len(shared) else []


class _Found:
    """Pairs found so far, by row; the first reason found for a pair is kept."""

    def __init__(
        self, profiles: Sequence[ExpertProfile], ids: list[str], affiliations: list[str]
    ) -> None:
        self.profiles = profiles
        self.ids = ids
        self.affiliations = affiliations
        self.reasons: dict[tuple[int, int], str | float] = {}

    def add(self, x: int, y: int, reason: str | float) -> None:
        """``reason`` is a text, or the affiliation score for the name rule (written out only
        when the pairs are asked for: grouping people needs no reasons)."""
        ids = self.ids
        if ids[x] == ids[y]:
            return
        self.reasons.setdefault((x, y) if ids[x] < ids[y] else (y, x), reason)

    def _name(self, x: int, y: int, score: float) -> str:
        first, second = self.profiles[x], self.profiles[y]
        head = f"same name and country ({first.country}), "
        if first.affiliation == second.affiliation:
            return head + f"same affiliation {first.affiliation!r}"
        return head + (
            f"similar affiliation ({score:.2f}): {first.affiliation!r} ~ {second.affiliation!r}"
        )

    def pairs(self) -> list[DuplicatePair]:
        ids = self.ids
        named = [
            (ids[x], ids[y], reason if isinstance(reason, str) else self._name(x, y, reason))
            for (x, y), reason in self.reasons.items()
        ]
        return [DuplicatePair(*row) for row in sorted(named)]


_CHUNK = 1 << 20


def _small_name_blocks(
    blocks: list[list[int]],
    found: _Found,
    scorer: _AffiliationScorer,
    affiliation: np.ndarray,
    threshold: float,
) -> None:
    """Every pair in each block, made with numpy about a million at a time.

    With common names, 600,000 profiles give millions of pairs but only thousands of distinct
    pairs of affiliations: the loop over pairs, not the scoring, is what has to leave Python.
    ``affiliation`` is each row's affiliation as the scorer's index.
    """
    for chunk in _chunks(blocks):
        rows = np.fromiter(itertools.chain.from_iterable(chunk), dtype=np.int64)
        codes = affiliation[rows]
        left, right = _pairs_within(np.array([len(b) for b in chunk]))
        lo = np.minimum(codes[left], codes[right])
        hi = np.maximum(codes[left], codes[right])
        width = len(scorer)
        distinct, inverse = np.unique(lo * width + hi, return_inverse=True)
        scored = [scorer.score(*divmod(code, width)) for code in distinct.tolist()]
        scores = np.array(scored, dtype=float)[inverse]
        keep = np.flatnonzero(scores >= threshold)
        for x, y, score in zip(
            rows[left[keep]].tolist(),
            rows[right[keep]].tolist(),
            scores[keep].tolist(),
            strict=True,
        ):
            found.add(x, y, score)


def _chunks(blocks: list[list[int]]) -> Iterator[list[list[int]]]:
    """Consecutive blocks holding about :data:`_CHUNK` pairs, to bound memory."""
    chunk: list[list[int]] = []
    size = 0
    for block in blocks:
        chunk.append(block)
        size += len(block) * (len(block) - 1) // 2
        if size >= _CHUNK:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _pairs_within(sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``(i, j)``, ``i < j``, of every pair inside runs of the given sizes.

    >>> [p.tolist() for p in _pairs_within(np.array([3, 1, 2]))]
    [[0, 0, 1, 4], [1, 2, 2, 5]]
    """
    ends = np.repeat(np.cumsum(sizes), sizes)
    position = np.arange(len(ends))
    later = ends - position - 1
    left = np.repeat(position, later)
    first_out = np.cumsum(later) - later
    right = left + 1 + np.arange(len(left)) - np.repeat(first_out, later)
    return left, right


def _large_name_block(
    block: list[int], found: _Found, scorer: _AffiliationScorer, threshold: float
) -> None:
    """Link each record to the smallest id with its affiliation, then compare neighbours."""
    groups: dict[int, list[int]] = defaultdict(list)
    for i in block:
        groups[scorer.index(found.affiliations[i])].append(i)
    keys = sorted(groups, key=scorer.text)
    heads = []
    for key in keys:
        same = sorted(groups[key], key=found.ids.__getitem__)
        heads.append(same[0])
        if threshold <= 1.0:
            for y in same[1:]:
                found.add(same[0], y, 1.0)
    for n, a in enumerate(keys):
        for m in range(n + 1, min(n + 1 + WINDOW, len(keys))):
            score = scorer.score(a, keys[m])
            if score >= threshold:
                found.add(heads[n], heads[m], score)


class _AffiliationScorer:
    """Normalises each distinct affiliation once and scores each pair of them once.

    Vietnamese names repeat a lot, so the same two universities meet in many name blocks.
    """

    def __init__(self) -> None:
        self._by_raw: dict[str, int] = {}
        self._by_norm: dict[tuple[str, str], int] = {}
        self._norms: list[tuple[str, str]] = []
        self._scores: dict[tuple[int, int], float] = {}

    def index(self, affiliation: str) -> int:
        found = self._by_raw.get(affiliation)
        if found is None:
            norm = normalize_affiliation(affiliation)
            found = self._by_norm.setdefault(norm, len(self._norms))
            if found == len(self._norms):
                self._norms.append(norm)
            self._by_raw[affiliation] = found
        return found

    def __len__(self) -> int:
        return len(self._norms)

    def text(self, index: int) -> tuple[str, str]:
        return self._norms[index]

    def score(self, a: int, b: int) -> float:
        if a == b:
            return 1.0
        key = (a, b) if a < b else (b, a)
        value = self._scores.get(key)
        if value is None:
            value = self._scores[key] = affiliation_similarity(self._norms[a], self._norms[b])
        return value


def person_groups(
    profiles: Sequence[ExpertProfile], pairs: Sequence[DuplicatePair] | None = None
) -> np.ndarray:
    """One int per profile, in the given order: equal values mean the same person.

    Transitive (connected components over ``pairs``, found with :func:`find_duplicates` when not
    given): if a is b by e-mail and b is c by name, all three are one person. Groups are numbered
    in order of first appearance. Pairs that name a profile not given are ignored, so pairs found
    on every profile can group a subset.

    >>> a = ExpertProfile(id="A", name="X", country="JP", field="AI", affiliation="U")
    >>> b, c = a.model_copy(update={"id": "B"}), a.model_copy(update={"id": "C"})
    >>> person_groups([c, a, b], [DuplicatePair("A", "C", "same e-mail x@y.org")]).tolist()
    [0, 0, 1]
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(profiles)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if pairs is None:
        found = _find(profiles)
        ids = found.ids
        links = list(found.reasons)
    else:
        ids = [p.id for p in profiles]
        links = []
    row_of = dict(zip(reversed(ids), range(n - 1, -1, -1), strict=True))  # first row of an id
    if len(row_of) < n:  # one id twice is one record twice
        links += [(row_of[id_], i) for i, id_ in enumerate(ids) if row_of[id_] != i]
    for pair in pairs or ():
        a, b = row_of.get(pair.first), row_of.get(pair.second)
        if a is not None and b is not None:
            links.append((a, b))
    rows, cols = (list(side) for side in zip(*links, strict=True)) if links else ([], [])
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    _, first_seen, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first_seen))
    return order[inverse].astype(np.int64)
