"""Which language a text is written in: Vietnamese (with or without diacritics) or not.

The rule: a text is Vietnamese if enough of its letters carry Vietnamese diacritics, or, written
without them, if enough of its words are common Vietnamese words. :func:`vietnamese_parts` is
the same rule over many texts at once, as arrays (fit's form; ``tests/test_text.py::
test_language_rule_over_arrays_equals_the_rule_per_text`` pins the two equal).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bridge_match.text.normalize import accented_letters, fold, nfc
from bridge_match.text.tokenize import BREAK, word_lists, words

ACCENTED_SHARE = 0.03
"""A text is Vietnamese if at least this share of its letters carry Vietnamese diacritics..."""
UNACCENTED_SHARE = 0.15
"""...or, written without them, at least this share of its words are common Vietnamese words."""


def _unaccented_vietnamese() -> frozenset[str]:
    lists = word_lists()
    common = frozenset(fold(w) for w in lists["vietnamese_stop_words"])
    return common - frozenset(lists["english_stop_words"]) | frozenset(
        lists["unaccented_vietnamese"]
    )


_UNACCENTED_VI = _unaccented_vietnamese()


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
    return common >= UNACCENTED_SHARE * (len(folded) - marks)


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
    n_words, letters, common = (
        np.where(lengths > 0, np.add.reduceat(values, starts), 0)
        for values in ((numbers != 0).astype(np.int32), size[numbers], usual[numbers])
    )
    return (n_words > 0) & (
        ((accented > 0) & (accented >= ACCENTED_SHARE * letters))
        | (common >= UNACCENTED_SHARE * n_words)
    )
