"""Characters that show as nothing: stripped from the ends of text, refused inside ids, and
shown as ``<U+200B>`` in messages.

Pasting from web pages, PDFs and Word documents brings zero-width spaces, byte-order marks, soft
hyphens and bidirectional controls into cells. They are invisible on screen, so ``P1`` and
``P\u200b1`` look like one id but are two people, and ``"\u200b"`` looks like a name but is none.

*Hidden* characters are those of Unicode categories Cc (controls), Cf (format: U+200B, U+FEFF,
U+2060, U+00AD, bidi controls...) and Zs/Zl/Zp other than the plain space. :meth:`str.isprintable`
is false for each of them (and for surrogates, unassigned and private-use code points, which are
not hidden: they may well be visible), so the fast validators in :mod:`bridge_match.models`
settle clean text with one ``isprintable()`` call. Ids also refuse a few
printable characters that draw nothing (Hangul fillers, the blank Braille pattern, variation
selectors...): :data:`BLANK_LOOKING`.
"""

from __future__ import annotations

import re
import unicodedata

_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})

BLANK_LOOKING = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u2800\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef]"
)
"""Printable by :meth:`str.isprintable`, yet drawn as nothing or as a blank."""


def is_hidden(char: str) -> bool:
    """A control, format or space character other than U+0020 (see the module docstring).

    >>> is_hidden("\u200b"), is_hidden("\ufeff"), is_hidden(" "), is_hidden("a")
    (True, True, False, False)
    """
    return char != " " and unicodedata.category(char) in _HIDDEN_CATEGORIES


def strip_hidden(text: str) -> str:
    """``text.strip()`` that also removes hidden characters at both ends.

    >>> strip_hidden("\ufeff id\u200b ")
    'id'
    """
    start, end = 0, len(text)
    while start < end and (text[start] == " " or is_hidden(text[start])):
        start += 1
    while end > start and (text[end - 1] == " " or is_hidden(text[end - 1])):
        end -= 1
    return text[start:end]


def hidden_in(text: str) -> list[str]:
    """The hidden and blank-looking characters in ``text``, in order (what an id must not hold)."""
    return [c for c in text if is_hidden(c) or BLANK_LOOKING.match(c)]


def code_point(char: str) -> str:
    """``U+200B (ZERO WIDTH SPACE)``: how a message names a character no one can see.

    >>> code_point("\u200b")
    'U+200B (ZERO WIDTH SPACE)'
    """
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


def show_hidden(text: str) -> str:
    """``text`` with each hidden or blank-looking character written as ``<U+XXXX>``.

    >>> show_hidden("\ufeffname")
    '<U+FEFF>name'
    """
    if text.isprintable() and BLANK_LOOKING.search(text) is None:
        return text
    return "".join(
        f"<U+{ord(c):04X}>" if is_hidden(c) or BLANK_LOOKING.match(c) else c for c in text
    )
