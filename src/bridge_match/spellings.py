"""Affiliations and hosts spelt unlike the organisation table: the notes of ``bridge-match
validate``. Not faults (the records are accepted), but a name the table does not recognise is a
conflict of interest that :mod:`bridge_match.conflicts` cannot find.

A text is *written as the table writes it* when it equals one of an organisation's spellings
once folded (case, diacritics and spaces aside), or is ``Name (ACR)`` with both parts naming one
organisation. Otherwise it is *matched* when :meth:`Organisations.find` resolves it all the same
("Viettel High-tech"), or *close* when it is one typing slip from a known name ("Kyushu
Univrsity"): a letter added, dropped, changed, or two swapped, in a name of six letters or more.

>>> from bridge_match.organisations import Organisations
>>> table = Organisations.default()
>>> spelling(table, "Viettel High-tech").matched, spelling(table, "Kyushu Univrsity").known
(True, 'Kyushu University')
>>> spelling(table, "Viettel High Tech") is None, spelling(table, "Kanto Wafer Works") is None
(True, True)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from bridge_match.errors import Problem
from bridge_match.load import Origin
from bridge_match.org_names import lookup_keys, name_key, org_key, split_acronym
from bridge_match.organisations import Organisation, Organisations
from bridge_match.text.normalize import edit_distance

CLOSE_MIN = 6
"""Shorter names (acronyms mostly) are never called close to another: one letter apart, two
acronyms are as likely two organisations as one typed twice. Longer ones are close one edit
apart: two edits already join real, different organisations ("Điện lực Việt Nam" and "Điện lực
miền Nam", "...ĐHQGHN" and "...ĐHQG-HCM"); a test keeps the shipped table free of such pairs."""


@dataclass(frozen=True)
class Spelling:
    """How a text relates to the table when it is not written as the table writes it:
    ``matched`` when :meth:`Organisations.find` resolves it anyway (another way of writing a
    known name), else only close to ``known``, one of the organisation's spellings."""

    organisation: Organisation
    known: str
    matched: bool


@dataclass
class _Index:
    exact: dict[str, str] = field(default_factory=dict)
    """Every spelling folded (:func:`~bridge_match.org_names.org_key`) → its organisation's id."""
    by_length: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)
    """Key length → ``(key, id, spelling)`` for the names long enough to be called close."""


@functools.lru_cache(maxsize=4)
def _index(table: Organisations) -> _Index:
    index = _Index()
    for org in table:
        for _, text in org.spellings():
            key = name_key(text)
            index.exact.setdefault(org_key(text) or key, org.id)
            if len(key) >= CLOSE_MIN:
                index.by_length.setdefault(len(key), []).append((key, org.id, text))
    return index


def spelling(table: Organisations, text: str | None) -> Spelling | None:
    """How ``text`` relates to the table when it is not written as one of its spellings.

    Parameters
    ----------
    table:
        The organisation table.
    text:
        An affiliation or host as written.

    Returns
    -------
    Spelling or None
        Matched, or close to a known name; None when written as the table writes it, or like no
        known organisation.
    """
    if text is None or _written_as_known(table, text):
        return None
    found = table.find(text)
    if found is not None:
        return Spelling(found, found.name, True)
    close = _closest(table, text)
    if close is None:
        return None
    org_id, known = close
    return Spelling(table[org_id], known, False)


def _written_as_known(table: Organisations, text: str) -> bool:
    exact = _index(table).exact
    if org_key(text) in exact:
        return True
    parts = split_acronym(text)
    if parts is None:
        return False
    named = exact.get(org_key(parts[0]) or "")
    inner = table.find(parts[1])
    return named is not None and inner is not None and inner.id == named


def _closest(table: Organisations, text: str) -> tuple[str, str] | None:
    """``(id, spelling)`` of the known name one edit from the text's key, the first in order."""
    by_length = _index(table).by_length
    best: tuple[int, str, str] | None = None
    for key in dict.fromkeys(lookup_keys(text)):
        if len(key) < CLOSE_MIN:
            continue
        for size in (len(key) - 1, len(key), len(key) + 1):
            for known_key, org_id, known in by_length.get(size, ()):
                distance = edit_distance(key, known_key)
                if distance <= 1 and (best is None or (distance, known) < best[:2]):
                    best = (distance, known, org_id)
    return None if best is None else (best[2], best[1])


@dataclass
class _Seen:
    origin: Origin | None
    count: int = 0


def spelling_notes(
    texts: Iterable[tuple[str | None, Origin | None, str]], organisations: Organisations
) -> list[Problem]:
    """Affiliations and hosts written unlike the table's spelling of a known organisation: one
    note for each distinct text, at its first record (located like a problem, but not one).

    Parameters
    ----------
    texts:
        ``(text, where it was read, field)`` for every affiliation or host.
    organisations:
        The table.

    Returns
    -------
    list[Problem]
        The notes, in the order the texts were first seen.
    """
    seen: dict[tuple[str, str], _Seen] = {}
    for text, origin, name in texts:
        if text is None:
            continue
        entry = seen.setdefault((name, text), _Seen(origin))
        entry.count += 1
    notes: list[Problem] = []
    for (name, text), entry in seen.items():
        found = spelling(organisations, text)
        if found is None:
            continue
        org = found.organisation
        if found.matched:
            message = (
                f"{text!r} is taken as {org.name} (a known organisation written another way); "
                "conflicts of interest are found with it"
            )
        else:
            message = (
                f"{text!r} looks like {found.known!r} ({org.name}), a known organisation, but is "
                f"not matched to it: if it is the same, write {found.known!r} or add the spelling "
                "with --organisations FILE, or conflicts of interest with it are missed"
            )
        if entry.count > 1:
            message += f" ({entry.count} records, the first here)"
        source, line = (entry.origin.source, entry.origin.line) if entry.origin else ("?", None)
        notes.append(Problem(source, line, name, message))
    return notes
