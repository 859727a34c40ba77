"""Conflicts of interest between a need's host and an expert: the one rule that the shortlist's
``conflict`` column and ``assign`` both apply (:func:`find_conflict`).

With an organisation table (:mod:`bridge_match.organisations`), the expert conflicts with the
host when their affiliation, or the organisation their e-mail address is at, is

- the host itself, by any name, acronym or spelling the table knows, or by the same name once
  both are compared by :func:`~bridge_match.org_names.name_key`;
- part of the host (a subsidiary, a member university, an institute of an academy), at any
  depth; or what the host is part of;
- part of the same top organisation as the host (Viettel High Tech and Viettel Telecom are both
  Viettel Group): one family, one interest.

Without a table (``organisations=None``) only today's exact-name rule holds: host and affiliation
equal once folded (:func:`~bridge_match.org_names.org_key`). A need without a host has no
conflict.

>>> find_conflict("Viettel High Tech", "VHT").reason
'same organisation as the host (VHT = Viettel High Tech)'
>>> find_conflict("Tập đoàn Viettel", "Viettel High Technology Industries Corporation").reason
'works at Viettel High Technology Industries Corporation, part of the host (Tập đoàn Viettel)'
>>> find_conflict("Đại học Bách khoa Hà Nội", "Kyushu University", "an@hust.edu.vn").reason
"e-mail at the host's domain (hust.edu.vn)"
>>> find_conflict("Osaka University", "Osaka Metropolitan University") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeAlias

import pandas as pd

from bridge_match.i18n import Message
from bridge_match.models import ExpertProfile, Need
from bridge_match.org_names import name_key, org_key
from bridge_match.organisations import Organisation, Organisations

ConflictKind: TypeAlias = Literal["same", "part_of_host", "host_part_of", "same_family"]


@dataclass(frozen=True)
class Conflict:
    """Why a pair is a conflict of interest.

    ``kind`` is how the two organisations relate; ``via`` whether the expert's affiliation or
    e-mail address showed it; ``reason`` says so in a few words, for a shortlist or a note.
    """

    kind: ConflictKind
    via: Literal["affiliation", "email"]
    reason: str

    def __str__(self) -> str:
        return self.reason


def find_conflict(
    host: str | None,
    affiliation: str | None,
    email: str | None = None,
    organisations: Organisations | Literal["default"] | None = "default",
) -> Conflict | None:
    """Whether an expert has a conflict of interest with a need's host, and why.

    Parameters
    ----------
    host:
        The need's host as written (None: no conflict).
    affiliation:
        The expert's organisation as written.
    email:
        The expert's e-mail address, whose domain may belong to the host or its family.
    organisations:
        The table: ``"default"`` the shipped one, an :class:`Organisations`, or None for the
        exact-name rule only.

    Returns
    -------
    Conflict or None
        The first conflict found (the affiliation's before the e-mail's), or None.
    """
    if host is None or org_key(host) is None:
        return None
    shown = " ".join(host.split())
    table = Organisations.default() if organisations == "default" else organisations
    if not isinstance(table, Organisations):
        if org_key(host) == org_key(affiliation):
            return Conflict("same", "affiliation", f"same organisation as the host ({shown})")
        return None
    hosted = table.find(host)
    employer = table.find(affiliation)
    if affiliation is not None and hosted is not None and employer is not None:
        written = " ".join(affiliation.split())
        found = _related(table, hosted, employer, f"works at {written}", shown)
        if found is not None:
            kind, text = found
            return Conflict(kind, "affiliation", text or _same(written, shown, hosted))
    elif affiliation is not None and name_key(host) and name_key(host) == name_key(affiliation):
        return Conflict("same", "affiliation", f"same organisation as the host ({shown})")
    at = table.by_email(email) if hosted is not None else None
    if at is not None and hosted is not None:
        org, domain = at
        found = _related(table, hosted, org, f"e-mail at {domain} ({org.name})", shown)
        if found is not None:
            kind, text = found
            return Conflict(kind, "email", text or f"e-mail at the host's domain ({domain})")
    return None


def _same(written: str, host: str, organisation: Organisation) -> str:
    """``same organisation as the host (VHT = Viettel High Tech)``: the expert's spelling, and
    the table's name when the two spellings differ."""
    if org_key(written) == org_key(host):
        return f"same organisation as the host ({written})"
    return f"same organisation as the host ({written} = {organisation.name})"


def conflict_reason(
    host: str | None,
    affiliation: str | None,
    email: str | None = None,
    organisations: Organisations | Literal["default"] | None = "default",
) -> str:
    """:func:`find_conflict`'s reason, or ``""`` when there is none: the shortlist's column.

    Parameters
    ----------
    host, affiliation, email, organisations:
        As for :func:`find_conflict`.

    Returns
    -------
    str
        The reason, or an empty string.
    """
    found = find_conflict(host, affiliation, email, organisations)
    return "" if found is None else found.reason


def host_conflicts(
    pairs: Iterable[tuple[Need, ExpertProfile]],
    organisations: Organisations | Literal["default"] | None = "default",
) -> list[str]:
    """:func:`conflict_reason` for many (need, expert) pairs, the table resolved once.

    Parameters
    ----------
    pairs:
        The pairs.
    organisations:
        As for :func:`find_conflict`.

    Returns
    -------
    list[str]
        One reason a pair, ``""`` where there is no conflict.
    """
    table = Organisations.default() if organisations == "default" else organisations
    return [
        "" if need.host is None else conflict_reason(need.host, e.affiliation, e.email, table)
        for need, e in pairs
    ]


def _related(
    table: Organisations, host: Organisation, other: Organisation, subject: str, shown: str
) -> tuple[ConflictKind, str] | None:
    """How ``other`` relates to the host (written ``shown`` in the need), as ``subject`` and a
    phrase; the phrase is empty when they are one organisation."""
    if other.id == host.id:
        return "same", ""
    above_host = table.lineage(host)
    above_other = table.lineage(other)
    if any(o.id == other.id for o in above_host):
        return "host_part_of", f"{subject}, of which the host ({shown}) is part"
    if any(o.id == host.id for o in above_other):
        return "part_of_host", f"{subject}, part of the host ({shown})"
    host_ids = {o.id for o in above_host}
    common = next((o for o in above_other if o.id in host_ids), None)
    if common is not None:
        return (
            "same_family",
            f"{subject}, which like the host ({shown}) is part of {common.name}",
        )
    return None


def flagged_note(flagged: int, shortlisted: int) -> Message:
    """The note under a shortlist with conflicts of interest flagged (a ``conflict`` cell)."""
    return Message(
        "conflicts of interest with the need's host: {k} of {n} shortlisted experts (the "
        "conflict column says why)",
        k=flagged,
        n=shortlisted,
    )


def left_out_notes(left_out: pd.DataFrame) -> list[Message]:
    """The note after ``assign``: how many shortlisted pairs were left out as conflicts of
    interest (rows of ``need_id``, ``expert_id``), and for which needs."""
    if left_out.empty:
        return []
    per_need = left_out.groupby("need_id", sort=True).size()
    shown = ", ".join(f"{n} {k}" for n, k in per_need.items())
    return [
        Message(
            "left out {n} shortlisted pair(s) as conflicts of interest ({shown}): the host's own "
            "organisation, its family or its e-mail domain, or listed in --conflicts",
            n=len(left_out),
            shown=shown,
        )
    ]
