"""The organisations bridge-match knows: their names in English and Vietnamese, acronyms, other
spellings, parents and e-mail domains, from which conflicts of interest are found
(:mod:`bridge_match.conflicts`).

The table is package data (``organisations.yaml``, whose header documents the fields and the
rules), validated like any input; a user file (``--organisations FILE``, YAML, CSV, JSON or xlsx
with the same fields) is merged over it by :func:`load_organisations`. Names compare by
:func:`~bridge_match.org_names.name_key`: folded (no diacritics, ``đ`` → ``d``, no case), ``&``
read as "and", other punctuation a space, legal forms at either end dropped
(``organisation_words.yaml``), then no spaces, so that "Viettel High-Tech", "viettel high tech"
and "VIETTEL HIGH TECH JSC" are one.

>>> table = Organisations.default()
>>> table.find("Viettel High-Tech (VHT)").name, table.find("Đại học Osaka").name
('Viettel High Tech', 'Osaka University')
>>> [o.name for o in table.lineage(table.find("VHT"))]
['Viettel High Tech', 'Viettel Group']
>>> table.find("Osaka Metropolitan University").name
'Osaka Metropolitan University'

Names written unlike the table are ``validate``'s notes (:mod:`bridge_match.spellings`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, TypeAlias

from pydantic import AfterValidator, Field, ValidationError

from bridge_match.errors import DataError, Problem
from bridge_match.faults import problem_of
from bridge_match.load import Origin
from bridge_match.models import Id, Text, TextList, _Record
from bridge_match.org_names import (
    check_domains,
    file_records,
    lookup_keys,
    name_key,
)

TABLE_FILE = Path(__file__).with_name("organisations.yaml")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# -- the entries ----------------------------------------------------------------------------------


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f"{value!r} is not an organisation id: use lower-case letters, digits and '-', "
            "e.g. viettel-high-tech"
        )
    return value


Slug = Annotated[Id, AfterValidator(_slug)]
Domains = Annotated[TextList, AfterValidator(check_domains)]


class OrganisationEntry(_Record):
    """One entry of an organisation table as written: only ``id`` is required, since an entry
    for a shipped id adds to it; a new id needs a ``name`` (checked by
    :func:`load_organisations`)."""

    id: Slug
    name: Text | None = None
    name_vi: Text | None = None
    acronyms: TextList = Field(default_factory=list)
    aliases: TextList = Field(default_factory=list)
    parent: Slug | None = None
    domains: Domains = Field(default_factory=list)


@dataclass(frozen=True)
class Organisation:
    """An organisation as the table holds it: every spelling, its parent's id, its domains."""

    id: str
    name: str
    name_vi: str | None = None
    acronyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    domains: tuple[str, ...] = ()

    def spellings(self) -> Iterator[tuple[str, str]]:
        """``(field, text)`` for every name, acronym and alias."""
        yield "name", self.name
        if self.name_vi is not None:
            yield "name_vi", self.name_vi
        yield from (("acronyms", a) for a in self.acronyms)
        yield from (("aliases", a) for a in self.aliases)


# -- the table ------------------------------------------------------------------------------------


class Organisations:
    """An organisation table, checked whole: every id's parent exists and no chain of parents
    goes round; no name, acronym, alias or domain names two organisations.

    Parameters
    ----------
    entries:
        The organisations.
    origins:
        Where each id's entry was read (file, line), for the messages.

    Raises
    ------
    DataError
        Every fault of the table, each naming the entry and the field.
    """

    def __init__(
        self, entries: Iterable[Organisation], origins: Mapping[str, Origin] | None = None
    ) -> None:
        self._by_id: dict[str, Organisation] = {o.id: o for o in entries}
        self._origins = dict(origins or {})
        self._by_key: dict[str, str] = {}
        self._by_domain: dict[str, str] = {}
        self._found: dict[str, Organisation | None] = {}
        problems = self._index()
        problems += self._check_parents()
        if problems:
            raise DataError(problems)

    @classmethod
    def default(cls) -> Organisations:
        """The shipped table (``organisations.yaml``), read once."""
        return _default_table()

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Organisation]:
        return iter(self._by_id.values())

    def __contains__(self, org_id: object) -> bool:
        return org_id in self._by_id

    def __getitem__(self, org_id: str) -> Organisation:
        return self._by_id[org_id]

    def __repr__(self) -> str:
        return f"Organisations({len(self)} organisations)"

    def origin(self, org_id: str) -> Origin | None:
        """Where an entry was read.

        Parameters
        ----------
        org_id:
            The organisation's id.

        Returns
        -------
        Origin or None
            Its file and line (the user file's for an entry it touched), None when not known.
        """
        return self._origins.get(org_id)

    # -- building ------------------------------------------------------------------------------

    def _where(self, org_id: str) -> tuple[str, int | None]:
        origin = self._origins.get(org_id)
        return (origin.source, origin.line) if origin is not None else (org_id, None)

    def _shown(self, org_id: str) -> str:
        source, line = self._where(org_id)
        place = source if line is None else f"{source}:{line}"
        return f"{org_id} ({self._by_id[org_id].name}, {place})"

    def _index(self) -> list[Problem]:
        problems: list[Problem] = []
        for org in self._by_id.values():
            source, line = self._where(org.id)
            for name, text in org.spellings():
                key = name_key(text)
                if not key:
                    problems.append(
                        Problem(source, line, name, f"{text!r} has no letter or digit to match on")
                    )
                    continue
                other = self._by_key.setdefault(key, org.id)
                if other != org.id:
                    problems.append(
                        Problem(
                            source,
                            line,
                            name,
                            f"{text!r} also names {self._shown(other)}: a name, acronym or alias "
                            "names one organisation; remove it from one of the two",
                        )
                    )
                    continue
            for domain in org.domains:
                other = self._by_domain.setdefault(domain, org.id)
                if other != org.id:
                    problems.append(
                        Problem(
                            source,
                            line,
                            "domains",
                            f"{domain!r} is also a domain of {self._shown(other)}; a domain "
                            "belongs to one organisation (list the parent's on the parent)",
                        )
                    )
        return problems

    def _check_parents(self) -> list[Problem]:
        problems: list[Problem] = []
        for org in self._by_id.values():
            if org.parent is None:
                continue
            source, line = self._where(org.id)
            if org.parent not in self._by_id:
                problems.append(
                    Problem(
                        source,
                        line,
                        "parent",
                        f"unknown organisation id {org.parent!r}; give the id of an entry of "
                        "the table (shipped or yours)",
                    )
                )
                continue
            chain, at = [org.id], self._by_id[org.parent]
            while at.parent is not None and at.id not in chain and at.parent in self._by_id:
                chain.append(at.id)
                at = self._by_id[at.parent]
            if at.id in chain:
                circle = " -> ".join([*chain[chain.index(at.id) :], at.id])
                problems.append(
                    Problem(
                        source,
                        line,
                        "parent",
                        f"the chain of parents goes round ({circle}); an organisation cannot be "
                        "part of itself",
                    )
                )
        return problems

    # -- looking up ----------------------------------------------------------------------------

    def find(self, text: str | None) -> Organisation | None:
        """The organisation a name, acronym or spelling of it names, or None.

        ``Name (ACR)`` is tried whole, then as ``Name``, then as ``ACR``.

        Parameters
        ----------
        text:
            An affiliation or host as written.

        Returns
        -------
        Organisation or None
            The organisation, if the table knows the text.
        """
        if text is None:
            return None
        try:
            return self._found[text]
        except KeyError:
            pass
        found = None
        for key in lookup_keys(text):
            org_id = self._by_key.get(key) if key else None
            if org_id is not None:
                found = self._by_id[org_id]
                break
        if len(self._found) >= 100_000:
            self._found.clear()
        self._found[text] = found
        return found

    def by_email(self, email: str | None) -> tuple[Organisation, str] | None:
        """The organisation whose domain an address is at, and that domain: the longest known
        domain the address's ends with (``soict.hust.edu.vn`` is at ``hust.edu.vn``).

        Parameters
        ----------
        email:
            An e-mail address (case does not matter), or None.

        Returns
        -------
        tuple[Organisation, str] or None
            The organisation and its domain, or None for an unknown domain.

        >>> org, domain = Organisations.default().by_email("an@soict.hust.edu.vn")
        >>> org.id, domain
        ('hust', 'hust.edu.vn')
        """
        if not email or "@" not in email:
            return None
        labels = email.rpartition("@")[2].strip().lower().rstrip(".").split(".")
        for start in range(len(labels) - 1):
            domain = ".".join(labels[start:])
            org_id = self._by_domain.get(domain)
            if org_id is not None:
                return self._by_id[org_id], domain
        return None

    def lineage(self, org: Organisation) -> list[Organisation]:
        """The organisation, its parent, the parent's parent... up to the top one.

        Parameters
        ----------
        org:
            An organisation of this table.

        Returns
        -------
        list[Organisation]
            From ``org`` up; one item for a top organisation.
        """
        chain = [org]
        while chain[-1].parent is not None:
            chain.append(self._by_id[chain[-1].parent])
        return chain

    # -- merging -------------------------------------------------------------------------------

    def merged(
        self, entries: Sequence[OrganisationEntry], origins: Sequence[Origin]
    ) -> Organisations:
        """This table with ``entries`` over it: a new id is added; for an id of this table, a
        name, ``name_vi`` or ``parent`` given replaces this table's (a replaced name stays a
        spelling of it), and acronyms, aliases and domains are added to its own. Faults of the
        merged table are reported at the entries given, which are checked after this table's.

        Parameters
        ----------
        entries:
            The entries, as :func:`read_entries` gives them.
        origins:
            Where each was read.

        Returns
        -------
        Organisations
            A new table; this one is unchanged.

        Raises
        ------
        DataError
            An id given twice, a new id without a name, or a fault of the merged table.
        """
        combined = dict(self._by_id)
        where = dict(self._origins)
        first: dict[str, Origin] = {}
        problems: list[Problem] = []
        for entry, origin in zip(entries, origins, strict=True):
            seen = first.setdefault(entry.id, origin)
            if seen is not origin:
                problems.append(
                    Problem(
                        origin.source,
                        origin.line,
                        "id",
                        f"{entry.id!r} given twice (first at line {seen.line}); give each "
                        "organisation one entry",
                    )
                )
                continue
            base = combined.get(entry.id)
            if base is None and entry.name is None:
                problems.append(
                    Problem(
                        origin.source,
                        origin.line,
                        "name",
                        f"required for a new organisation ({entry.id!r} is not in the table "
                        "it is merged over); add the name",
                    )
                )
                continue
            combined.pop(entry.id, None)
            combined[entry.id] = _combine(base, entry)
            where[entry.id] = origin
        if problems:
            raise DataError(problems)
        return Organisations(combined.values(), where)


def _combine(base: Organisation | None, entry: OrganisationEntry) -> Organisation:
    def joined(old: tuple[str, ...], new: list[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*old, *new]))

    given = entry.model_fields_set
    old = base or Organisation(entry.id, entry.name or entry.id)
    replaced = [
        before
        for before, after in ((old.name, entry.name), (old.name_vi, entry.name_vi))
        if base is not None and before is not None and after is not None and after != before
    ]
    return Organisation(
        id=entry.id,
        name=entry.name if entry.name is not None else old.name,
        name_vi=entry.name_vi if "name_vi" in given else old.name_vi,
        acronyms=joined(old.acronyms, entry.acronyms),
        aliases=joined(old.aliases, [*entry.aliases, *replaced]),
        parent=entry.parent if "parent" in given else old.parent,
        domains=joined(old.domains, entry.domains),
    )


# -- reading files --------------------------------------------------------------------------------


def read_entries(path: str | Path) -> tuple[list[OrganisationEntry], list[Origin]]:
    """The entries of an organisation file (YAML, CSV, JSON or xlsx), each with where it was read.

    Parameters
    ----------
    path:
        The file.

    Returns
    -------
    tuple[list[OrganisationEntry], list[Origin]]
        The entries, validated one by one, and their places.

    Raises
    ------
    DataError
        Every fault: an unreadable file, an unknown field, a bad id, domain or list.
    """
    entries: list[OrganisationEntry] = []
    origins: list[Origin] = []
    problems: list[Problem] = []
    for record in file_records(Path(path), OrganisationEntry):
        try:
            entries.append(OrganisationEntry.model_validate(record.data))
        except ValidationError as exc:
            problems += [problem_of(record, e, OrganisationEntry) for e in exc.errors()]
            continue
        origins.append(Origin(record.source, record.line))
    if problems:
        raise DataError(problems)
    return entries, origins


OrganisationsArg: TypeAlias = Organisations | str | Path | Literal["default"] | None
"""The organisation table as the library takes it everywhere: ``"default"`` (the shipped
table), an :class:`Organisations`, a file merged over the shipped table, or None for the
exact-name rule only."""


def load_organisations(
    path: str | Path, base: Organisations | Literal["default"] | None = "default"
) -> Organisations:
    """An organisation file merged over a table (by default the shipped one).

    An entry whose id the table has adds to it: a ``name``, ``name_vi`` or ``parent`` given
    replaces the table's, acronyms, aliases and domains are added. Any other id is a new
    organisation and needs a ``name``.

    Parameters
    ----------
    path:
        YAML (a list of entries), CSV (a header ``id,name,...``; lists separated by ``;``), JSON
        or xlsx, with the fields of ``organisations.yaml``.
    base:
        The table to merge over: ``"default"`` the shipped one, None none.

    Returns
    -------
    Organisations
        The merged table.

    Raises
    ------
    DataError
        Every fault, with file, line, field and the fix: an unreadable file, an unknown field,
        a bad id or domain, an id given twice, an unknown parent, a name or domain that would
        name two organisations.
    """
    entries, origins = read_entries(path)
    start = Organisations.default() if base == "default" else base
    return (start or Organisations(())).merged(entries, origins)


def resolve_organisations(organisations: OrganisationsArg) -> Organisations | None:
    """The table to find conflicts with.

    Parameters
    ----------
    organisations:
        ``"default"``, a table, a file (merged over the shipped table), or None.

    Returns
    -------
    Organisations or None
        The table; None stays None (the exact-name rule only).

    Raises
    ------
    DataError
        A file that cannot be read or holds a fault.
    """
    if organisations is None or isinstance(organisations, Organisations):
        return organisations
    if isinstance(organisations, str) and organisations == "default":
        return Organisations.default()
    return load_organisations(organisations)


@functools.cache
def _default_table() -> Organisations:
    return load_organisations(TABLE_FILE, base=None)
