"""Unicode normalisation for matching: NFC for everything, *folding* for comparison.

Everything is NFC first: a name typed on a Mac (NFD) and the same name from Excel (NFC) must be one
name. Matching uses folded text (no diacritics, ``đ`` → ``d``, lower case) so that "ban dan" finds
"bán dẫn"; display keeps the text as given. This module depends on nothing else in bridge-match.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence


def nfc(text: str) -> str:
    """The text in Unicode NFC (composed) form.

    >>> nfc("Nguye\\u0302\\u0303n") == "Nguyễn"
    True
    """
    return unicodedata.normalize("NFC", text)


def unaccented(text: str) -> str:
    """Drop diacritics, including ``đ`` which has no decomposition; keep the case (the text a
    person types on a keyboard without a Vietnamese input method).

    >>> unaccented("Nguyễn Thị Đào")
    'Nguyen Thi Dao'
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = _combining_marks().sub("", decomposed)
    if not stripped.isascii() and max(stripped) > "\uffff":
        stripped = "".join(c for c in stripped if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def fold(text: str) -> str:
    """Drop diacritics, including ``đ`` which has no decomposition, and lower-case.

    Whole texts are folded at fit time, so this is a few C-speed passes, not a loop over letters.

    >>> fold("Nguyễn Thị ĐÀO, bán dẫn")
    'nguyen thi dao, ban dan'
    """
    if text.isascii():
        return text.lower()
    return unaccented(text).casefold()


@functools.cache
def _combining_marks() -> re.Pattern[str]:
    marks = [chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))]
    return re.compile("[" + re.escape("".join(marks)) + "]+")


_ACCENTED = re.compile(
    "["
    + re.escape(
        "".join(c for c in map(chr, range(0xC0, 0x1F00)) if c.isalpha() and fold(c) != c.casefold())
    )
    + "]"
)


def accented_letters(text: str) -> int:
    """How many letters of an NFC text carry a diacritic that folding removes.

    >>> accented_letters("bán dẫn"), accented_letters("wafer")
    (2, 0)
    """
    return 0 if text.isascii() else len(_ACCENTED.findall(text))


def as_text(value: str | Sequence[str] | None) -> str:
    """A field as one text: lists joined with ``. `` (so no term spans two items)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return ". ".join(str(v) for v in value)


def edit_distance(a: str, b: str, limit: int = 1) -> int:
    """Edits (a letter added, dropped or changed, or two neighbours swapped) from ``a`` to ``b``,
    or ``limit + 1`` as soon as it must be more than ``limit``.

    >>> edit_distance("kyushuuniversity", "kyushuunivrsity"), edit_distance("vnuhn", "vnunh")
    (1, 1)
    >>> edit_distance("kyotouniversity", "tokyouniversity", limit=3)
    4
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)
