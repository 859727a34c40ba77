"""Words: the tokenizer every analysis starts from, and the words that make no term.

A text becomes its folded words with a :data:`BREAK` wherever a term may not span (punctuation).
The word lists (stop words in both languages, common unaccented Vietnamese words) are package
data (``words.yaml``), not code.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from bridge_match.text.normalize import fold, nfc

BREAK = "\x00"
"""A word that no term may span: stands for punctuation and for a glossary phrase's words."""

_TOKEN = re.compile(r"[^\W_]+(?:\+\+|#)?")
SEGMENT_CHARS = ".;,:!?()[]/\n\t|"
SEGMENT = re.compile("[" + re.escape(SEGMENT_CHARS) + "]+")
"""Punctuation that ends a run of words: no bigram or phrase crosses it."""
_ASCII_BREAKS = bytes(
    (0 if chr(b) in SEGMENT_CHARS else 32) if b < 128 and not chr(b).isalnum() else b
    for b in range(256)
)
"""For folded plain text as bytes: punctuation that ends a run becomes a :data:`BREAK`, any other
non-word character a space (``bytes.translate`` is many times faster than ``str.translate``)."""


@functools.cache
def word_lists() -> dict[str, tuple[str, ...]]:
    """The analyzer's word lists from ``words.yaml``: ``english_stop_words``,
    ``vietnamese_stop_words`` and ``unaccented_vietnamese``."""
    with open(Path(__file__).with_name("words.yaml"), encoding="utf-8") as handle:
        lists = yaml.safe_load(handle)
    return {name: tuple(str(w) for w in words) for name, words in lists.items()}


def _stop_words() -> frozenset[str]:
    lists = word_lists()
    return frozenset(lists["english_stop_words"]) | frozenset(
        fold(w) for w in lists["vietnamese_stop_words"]
    )


STOP_WORDS: frozenset[str] = _stop_words()
"""Function words of both languages, folded: they make no term of their own."""


def dropped_word(word: str) -> bool:
    """Whether a folded word makes no term of its own: a stop word, or a lone letter."""
    return word in STOP_WORDS or (len(word) == 1 and not word.isdigit() and word != BREAK)


def break_words(folded: str) -> list[str]:
    """A folded text's words with a :data:`BREAK` wherever a term may not span (punctuation).

    Plain text (ASCII once folded, most of it) is split by ``bytes.translate`` and ``str.split``,
    several times faster than the regular expression and the same words.
    """
    if folded.isascii() and "+" not in folded and "#" not in folded:
        plain = folded.encode().translate(_ASCII_BREAKS).decode()
        return plain.replace(BREAK, f" {BREAK} ").split()
    found = []
    for run in SEGMENT.split(folded):
        found += _TOKEN.findall(run)
        found.append(BREAK)
    return found


def words(text: str) -> list[str]:
    """A text's folded words, punctuation ignored.

    >>> words("Bán dẫn, vi mạch")
    ['ban', 'dan', 'vi', 'mach']
    """
    return [w for w in break_words(fold(nfc(text))) if w != BREAK]


_fold_word = functools.lru_cache(maxsize=1 << 18)(fold)


def tokens(text: str) -> list[tuple[str, str]]:
    """Split into ``(surface, folded)`` word pairs; the surface form is kept for explanations."""
    found = _TOKEN.findall(nfc(text).casefold())
    return [(t, _fold_word(t)) for t in found]
