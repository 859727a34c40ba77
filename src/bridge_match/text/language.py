"""Which language a text is written in: Vietnamese (with or without diacritics) or not.

The rule: a text is Vietnamese if enough of its letters carry Vietnamese diacritics, or, written
without them, if enough of its words are common Vietnamese words, or if most of its words have the
shape of a Vietnamese syllable (``syllables.yaml``: onset, vowel nucleus, coda; "thiet ke nha may
dien mat troi noi" is Vietnamese, "floating solar plant design" is not). The last catches the
short parts (a field, a keyword) that have no common word to go by. :func:`vietnamese_parts` is
the same rule over many texts at once, as arrays (fit's form; ``tests/test_text.py::
test_language_rule_over_arrays_equals_the_rule_per_text`` pins the two equal).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml

from bridge_match.text.normalize import accented_letters, fold, nfc
from bridge_match.text.tokenize import BREAK, word_lists, words

ACCENTED_SHARE = 0.03
"""A text is Vietnamese if at least this share of its letters carry Vietnamese diacritics..."""
UNACCENTED_SHARE = 0.15
"""...or, written without them, at least this share of its words are common Vietnamese words..."""
SYLLABLE_SHARE = 0.6
"""...or at least this share of its words (English stop words aside) are Vietnamese syllables..."""
MIN_SYLLABLES = 2
"""...and at least this many: one syllable ("pin", "tin") is a word in either language."""


def _unaccented_vietnamese() -> frozenset[str]:
    lists = word_lists()
    common = frozenset(fold(w) for w in lists["vietnamese_stop_words"])
    return common - frozenset(lists["english_stop_words"]) | frozenset(
        lists["unaccented_vietnamese"]
    )


_UNACCENTED_VI = _unaccented_vietnamese()
_ENGLISH_STOP = frozenset(word_lists()["english_stop_words"])
_SYLLABLE_PARTS = ("onsets", "nuclei", "codas", "english_words")


@functools.cache
def _syllable_grammar() -> tuple[re.Pattern[str], frozenset[str]]:
    """The folded Vietnamese syllable as a regular expression, and the English words of that
    shape, from ``syllables.yaml`` (checked: the four lists, each of lower-case ASCII letters)."""
    path = Path(__file__).with_name("syllables.yaml")
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or sorted(data) != sorted(_SYLLABLE_PARTS):
        raise ValueError(f"{path}: expected the lists {', '.join(_SYLLABLE_PARTS)}")
    lists: dict[str, list[str]] = {}
    for name in _SYLLABLE_PARTS:
        values = data[name]
        if not isinstance(values, list) or not values:
            raise ValueError(f"{path}: {name} must be a non-empty list")
        bad = [v for v in values if not (isinstance(v, str) and v.isascii() and v.isalpha())]
        if bad or any(v != v.lower() for v in values):
            raise ValueError(f"{path}: {name} holds {bad or values} (lower-case letters only)")
        lists[name] = sorted(values, key=len, reverse=True)  # longest first: "ngh" before "ng"

    def either(name: str) -> str:
        return "(?:" + "|".join(lists[name]) + ")"

    pattern = re.compile(f"{either('onsets')}?{either('nuclei')}{either('codas')}?")
    return pattern, frozenset(lists["english_words"])


def vietnamese_syllable(word: str) -> bool:
    """Whether a folded word has the shape of a Vietnamese syllable (and is not one of the
    English words of that shape).

    >>> [vietnamese_syllable(w) for w in ("nghieng", "troi", "chip", "floating", "design")]
    [True, True, False, False, False]
    """
    pattern, english = _syllable_grammar()
    return word not in english and pattern.fullmatch(word) is not None


def _counted(word: str) -> bool:
    """A word the syllable rule counts: letters, and not an English stop word."""
    return word.isalpha() and word not in _ENGLISH_STOP


def is_vietnamese(text: str) -> bool:
    """Guess the language of a text: Vietnamese diacritics, or many unaccented Vietnamese words.

    >>> is_vietnamese("Thiết kế vi mạch"), is_vietnamese("nghien cuu va phat trien")
    (True, True)
    >>> is_vietnamese("chip design")
    False
    """
    text = nfc(text)
    return vietnamese_words(words(text), accented_letters(text))


def vietnamese_words(folded: list[str], accented: int) -> bool:
    """The language rule over a text's folded words (:data:`BREAK` marks not counted) and its
    :func:`accented_letters`."""
    marks = folded.count(BREAK)
    if len(folded) == marks:
        return False
    if accented and accented >= ACCENTED_SHARE * (sum(map(len, folded)) - marks):
        return True
    common = sum(map(_UNACCENTED_VI.__contains__, folded))
    if common >= UNACCENTED_SHARE * (len(folded) - marks):
        return True
    counted = [w for w in folded if _counted(w)]
    syllables = sum(map(vietnamese_syllable, counted))
    return syllables >= MIN_SYLLABLES and syllables >= SYLLABLE_SHARE * len(counted)


def vietnamese_parts(
    numbers: np.ndarray, lengths: np.ndarray, accented: np.ndarray, words: Sequence[str]
) -> np.ndarray:
    """:func:`vietnamese_words` for many texts at once (its fast twin, for fit): ``numbers``
    holds each text's words as numbers into ``words`` (word 0 is :data:`BREAK`), texts one after
    another, ``lengths`` long."""
    if len(numbers) == 0:
        return np.zeros(len(lengths), dtype=bool)
    starts = np.minimum(np.cumsum(lengths) - lengths, len(numbers) - 1)
    size = np.fromiter(map(len, words), dtype=np.int32, count=len(words))
    size[0] = 0
    usual = np.fromiter(map(_UNACCENTED_VI.__contains__, words), dtype=np.int32, count=len(words))
    counted = np.fromiter(map(_counted, words), dtype=np.int32, count=len(words))
    counted[0] = 0
    syllable = np.fromiter(map(vietnamese_syllable, words), dtype=np.int32, count=len(words))
    syllable &= counted
    n_words, letters, common, n_counted, syllables = (
        np.where(lengths > 0, np.add.reduceat(values, starts), 0)
        for values in (
            (numbers != 0).astype(np.int32),
            size[numbers],
            usual[numbers],
            counted[numbers],
            syllable[numbers],
        )
    )
    return (n_words > 0) & (
        ((accented > 0) & (accented >= ACCENTED_SHARE * letters))
        | (common >= UNACCENTED_SHARE * n_words)
        | ((syllables >= MIN_SYLLABLES) & (syllables >= SYLLABLE_SHARE * n_counted))
    )
