"""Cells as a person types them: yes/no in Vietnamese or English, a count with its unit.

The words are data (``cells.yaml`` beside this module). These are the plain definitions that
:mod:`bridge_match.models` builds its field types on; a cell they do not read stays an error
that says what to write instead, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bridge_match.text.normalize import fold

WORDS_FILE = Path(__file__).with_name("cells.yaml")


def words(text: str) -> str:
    """Text as the word lists compare it: folded (no diacritics, lower case), one space between
    words.

    >>> words("  Đồng   Ý ")
    'dong y'
    """
    return " ".join(fold(text).split())


def _read(path: Path) -> tuple[dict[str, bool], dict[str, tuple[str, ...]]]:
    data = yaml.safe_load(path.read_text("utf-8"))
    answers: dict[str, bool] = {}
    for key, meaning in (("yes", True), ("no", False)):
        for word in data[key]:
            if not isinstance(word, str) or answers.setdefault(words(word), meaning) is not meaning:
                raise ValueError(f"{path}: {word!r} must be text, and a yes or a no, not both")
    units = {field: tuple(names) for field, names in data["units"].items()}
    if not all(isinstance(n, str) for names in units.values() for n in names):
        raise ValueError(f"{path}: every unit must be text")
    return answers, units


ANSWERS, UNITS = _read(WORDS_FILE)
"""Every yes/no word (as :func:`words` gives it) with its meaning; each count field's units
as written, the first shown in messages."""


def _shown(value: str) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}… ({len(value)} characters)"


def yes_no(value: Any) -> Any:
    """A yes/no cell as a bool; anything but text is left to pydantic's ``bool``.

    >>> yes_no("Có"), yes_no("khong"), yes_no(" X "), yes_no("Đồng ý"), yes_no("0")
    (True, False, True, True, False)
    """
    if not isinstance(value, str):
        return value
    answer = ANSWERS.get(words(value))
    if answer is None:
        raise ValueError(
            f"expected true or false, got {_shown(value)}; write yes or no (có or không, "
            "1 or 0, x for yes)"
        )
    return answer


_WHOLE = re.compile(r"\s*\d+\.0*\s*")
_WITH_UNIT = re.compile(r"(\d+)(?:\.0*)? ?([^\W\d_][^\d]*?)\.?")
"""A whole number and the words after it, in :func:`words` form."""
_RANGE = re.compile(r"(\d+) ?(?:-|–|—|~|to|den|toi) ?\d+(?: ?[^\W\d_][^\d]*)?")
_WORD = re.compile(r"[^\W\d_]{2}")


def whole_number(value: Any) -> Any:
    """Spreadsheets turn 12 into "12.0"; accept that, refuse 12.5."""
    if isinstance(value, str) and "." in value and _WHOLE.fullmatch(value):
        digits = value.strip().partition(".")[0]
        # Not int(float(...)): 400 nines are infinity as a float, and int() of that raised.
        return int(digits) if len(digits) <= 100 else value
    return value


def count(field: str, noun: str, example: int) -> Callable[[Any], Any]:
    """The before-validator of a count field: a whole number (``12``, ``"12"``, ``"12.0"``), or
    one followed by one of the field's units (``"18 năm"``, ``"18 years"``, ``"18yrs"``).

    A range (``"10-15"``) or other words around the number (``"khoảng 18"``, ``"about 18"``,
    ``"18 tuổi"``) raise an error asking for one number; anything else is left to pydantic's
    ``int``, which words its own error.

    >>> years = count("years_experience", "years", 18)
    >>> years("18 năm"), years("18 Years"), years("18yrs"), years("12.0"), years("7")
    (18, 18, 18, 12, '7')
    >>> years("10-15")
    Traceback (most recent call last):
    ...
    ValueError: '10-15' is a range; give one whole number of years, such as 10
    """
    units = UNITS[field]
    folded = frozenset(words(unit) for unit in units)
    such_as = f"such as {example} or '{example} {units[0]}'"

    def parse(value: Any) -> Any:
        if type(value) is not str or value.isdigit():
            return whole_number(value)
        text = words(value)
        found = _WITH_UNIT.fullmatch(text)
        if found is not None and found.group(2).strip() in folded:
            digits = found.group(1)
            return int(digits) if len(digits) <= 100 else value
        given = _shown(value.strip())
        ranged = _RANGE.fullmatch(text)
        if ranged is not None:
            lowest = int(ranged.group(1)[:6])
            raise ValueError(
                f"{given} is a range; give one whole number of {noun}, such as {lowest}"
            )
        if _WORD.search(text) and any(c.isdigit() for c in text):
            raise ValueError(
                f"expected a whole number of {noun} ({such_as}), got {given}; "
                "write the number alone (an estimate is fine)"
            )
        return whole_number(value)

    return parse
