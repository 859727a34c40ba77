"""How organisation names compare, and which e-mail domains can tell an employer: the
normaliser behind :mod:`bridge_match.organisations` and :mod:`bridge_match.conflicts`.

Its words (legal forms, shared mail domains, registry suffixes) are package data,
``organisation_words.yaml``, whose header explains the rules; it is validated when first used.

>>> name_key("Viettel High-Tech JSC") == name_key("viettel high tech")
True
>>> split_acronym("Viettel High-Tech (VHT)")
('Viettel High-Tech', 'VHT')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from bridge_match.errors import DataError
from bridge_match.faults import check_columns, problem_of
from bridge_match.load import RawRecord, read_file
from bridge_match.text.normalize import fold, nfc

WORDS_FILE = Path(__file__).with_name("organisation_words.yaml")
_NON_WORD = re.compile(r"[\W_]+")
_PAREN = re.compile(r"^(?P<base>.*?\S)\s*\((?P<inner>[^()]*\w[^()]*)\)\s*$")
_DOMAIN = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$"
)
_PHRASE = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*$")


@functools.lru_cache(maxsize=65536)
def org_key(text: str | None) -> str | None:
    """An organisation's name folded, whitespace collapsed: the exact-name rule that holds without
    a table (``Matcher(organisations=None)``), so a host typed two ways is one host.

    >>> org_key("Đại học  Bách khoa ") == org_key("dai hoc bach khoa")
    True
    """
    if text is None:
        return None
    key = " ".join(fold(text).split())
    return key or None


# -- the words of the normaliser ------------------------------------------------------------------


def _phrases(values: list[str]) -> list[str]:
    for value in values:
        if not _PHRASE.match(value) or fold(value) != value:
            raise ValueError(
                f"{value!r} is not a folded phrase: write lower-case words without diacritics or "
                "punctuation, one space apart"
            )
    return values


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    prefixes: Annotated[list[str], AfterValidator(_phrases)]
    suffixes: Annotated[list[str], AfterValidator(_phrases)]
    shared_mail_domains: list[str]
    registry_suffixes: list[str]


@functools.cache
def _words() -> _Words:
    (record,) = file_records(WORDS_FILE, _Words)
    try:
        return _Words.model_validate(record.data)
    except ValidationError as exc:
        raise DataError([problem_of(record, e, _Words) for e in exc.errors()]) from None


@functools.cache
def _legal_forms() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """Prefixes and suffixes as word tuples, longest first (so "co ltd" goes before "co")."""
    words = _words()
    prefixes = sorted({tuple(p.split()) for p in words.prefixes}, key=len, reverse=True)
    suffixes = sorted({tuple(s.split()) for s in words.suffixes}, key=len, reverse=True)
    return tuple(prefixes), tuple(suffixes)


@functools.lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """What names compare by: folded, ``&`` as "and", punctuation as space, legal forms dropped
    where they open or close the name (never the whole name), then no spaces.

    >>> name_key("Samsung Electronics Co., Ltd."), name_key("Trường Đại học Cần Thơ")
    ('samsungelectronics', 'daihoccantho')
    >>> name_key("The University of Da Nang") == name_key("University of Danang")
    True
    >>> name_key("Công ty Cổ phần Ô tô Trường Hải")
    'ototruonghai'
    """
    words = _NON_WORD.sub(" ", fold(nfc(text)).replace("&", " and ")).split()
    prefixes, suffixes = _legal_forms()
    stripped = True
    while stripped:
        stripped = False
        for phrase in prefixes:
            if len(words) > len(phrase) and tuple(words[: len(phrase)]) == phrase:
                words, stripped = words[len(phrase) :], True
                break
        for phrase in suffixes:
            if len(words) > len(phrase) and tuple(words[-len(phrase) :]) == phrase:
                words, stripped = words[: -len(phrase)], True
                break
    return "".join(words)


def lookup_keys(text: str) -> Iterator[str]:
    """The keys a text is looked up by: its own; then, for ``Name (ACR)``, the name's and the
    acronym's."""
    yield name_key(text)
    parts = split_acronym(text)
    if parts is not None:
        yield name_key(parts[0])
        yield name_key(parts[1])


def split_acronym(text: str) -> tuple[str, str] | None:
    """``Name (ACR)`` as ``("Name", "ACR")``; None for a text without a trailing parenthesis."""
    paren = _PAREN.match(text)
    return None if paren is None else (paren["base"], paren["inner"])


def check_domains(values: list[str]) -> list[str]:
    """E-mail domains lower-cased, each checked: the part after '@', an organisation's own."""
    words = _words()
    out: list[str] = []
    for value in values:
        domain = value.strip().lower().rstrip(".")
        if "@" in domain:
            raise ValueError(
                f"{value!r} has an '@': give the domain alone, the part after '@' "
                "(e.g. viettel.com.vn)"
            )
        if not _DOMAIN.match(domain):
            raise ValueError(
                f"{value!r} is not an e-mail domain; give the part after '@', e.g. viettel.com.vn"
            )
        if domain in words.shared_mail_domains:
            raise ValueError(
                f"{domain!r} is shared by many unrelated people (free mail or an example "
                "domain), so an address there tells no employer; leave it out"
            )
        if domain in words.registry_suffixes:
            raise ValueError(
                f"{domain!r} is a registry suffix, under which many organisations have their "
                "domains; give the organisation's own (e.g. hust.edu.vn)"
            )
        out.append(domain)
    return list(dict.fromkeys(out))


def file_records(path: Path, model: type[BaseModel]) -> list[RawRecord]:
    """A file's records as read, or a DataError naming every fault of the file itself."""
    source = read_file(path)
    problems = [*source.problems, *(p for _, p in source.malformed), *source.faults.values()]
    check_columns(  # strict: a table of names is configuration, a stray column a mistake
        source.source,
        source.columns,
        source.header_line,
        lambda: source.head,
        model,
        problems,
        strict=True,
    )
    if problems:
        raise DataError(problems)
    return [r for i, r in enumerate(source.records) if i not in source.faults]
