"""One small exception tree: callers catch ``BridgeMatchError``; the CLI maps it to an exit code."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bridge_match.invisible import show_hidden
from bridge_match.text.normalize import edit_distance


class BridgeMatchError(Exception):
    """Base of every error bridge-match raises on purpose; ``exit_code`` is what the CLI returns."""

    exit_code = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One fault in the input, located so that a coordinator can open the file and fix it."""

    source: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        # A field named in a header can hold a byte-order mark or a zero-width space: shown as
        # <U+FEFF>, or "\ufeffname: unknown field; did you mean 'name'?" would make no sense.
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return show_hidden(f"{where}: {what}")


def closest(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The ``n`` choices nearest to a mistyped ``word``, for "closest: ..." in a message: those
    difflib finds similar, nearest first by edit distance and then by the numbers in them (so
    "JP-AVIJ-001" offers "JP-AVIJ-0001" before "JP-AVIJ-0031", which difflib rates the same),
    case ignored.

    >>> closest("JP-AVIJ-001", ["JP-AVIJ-0031", "JP-AVIJ-0001", "KR-VKBIA-0001"], n=1)
    ['JP-AVIJ-0001']
    """
    by_key = {c.casefold(): c for c in choices}
    wanted = word.casefold()
    found = difflib.get_close_matches(wanted, list(by_key), n=max(10, 4 * n), cutoff=cutoff)
    numbers = _numbers(wanted)
    # the same id written with other zeros ("001" for "0001"), which difflib may rank low
    skeleton = re.sub(r"\d+", "0", wanted)
    found += [
        c
        for c in by_key
        if c not in found and re.sub(r"\d+", "0", c) == skeleton and _numbers(c) == numbers
    ]
    # nearest first; among equals, the same numbers ("001" is "0001"), then difflib's order
    found.sort(
        key=lambda c: (edit_distance(wanted, c, len(c) + len(wanted)), _numbers(c) != numbers)
    )
    return [by_key[c] for c in found[:n]]


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(run) for run in re.findall(r"\d+", text))


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """File by file, line by line: the order in which a coordinator fixes them."""
    return sorted(problems, key=lambda p: (p.source, p.line or 0))


class DataError(BridgeMatchError):
    """Bad input: every fault found, not only the first, each as a :class:`Problem`."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("input", None, None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = in_file_order(list(problems))
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        return "\n".join([f"{head} in the input:", *(f"  {p}" for p in self.problems)])


class ModelError(BridgeMatchError):
    """A saved model that cannot be used: missing, from another version, or damaged."""


class NotFittedError(BridgeMatchError, ValueError):
    """A matcher used before ``fit``."""
