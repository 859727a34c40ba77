"""Two languages: messages in English (the message ids) and Vietnamese, from gettext catalogs.

The catalogs are ``locale/<lang>/LC_MESSAGES/bridge_match.po``, the Python ecosystem's standard
format (Babel reads them; translators edit them with any PO editor). Code marks a message with
:func:`gettext` (``t = translator(lang)``, then ``t("sector {sector}")``): Babel's extractor finds
every such message, and a test fails when one lacks its Vietnamese translation. An unknown
language, or a message without a translation, reads in English.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

Language = Literal["vi", "en"]
LANGUAGES: tuple[Language, ...] = ("vi", "en")
DOMAIN = "bridge_match"
LOCALE = Path(__file__).with_name("locale")


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """The translations into ``lang``: message id → text (empty for English, the source)."""
    path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        read = read_po(handle, locale=lang, domain=DOMAIN)
    return {str(m.id): str(m.string) for m in read if m.id and m.string and not m.fuzzy}


class Translator:
    """A ``gettext`` for one language: ``t(message)`` is its translation, or the message itself
    (format it afterwards: ``t("{n} needs").format(n=3)``); ``t.lang`` says which language."""

    def __init__(self, lang: str) -> None:
        self.lang: Language = "vi" if lang == "vi" else "en"
        self._found = catalog(self.lang)

    def __call__(self, message: str) -> str:
        return self._found.get(message, message)

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"


@functools.cache
def translator(lang: str) -> Translator:
    """The translator into ``lang``.

    Parameters
    ----------
    lang:
        ``"vi"`` or ``"en"`` (anything else reads in English).

    Returns
    -------
    Translator
        ``t(message)`` gives the message in that language.

    >>> translator("vi")("strong")
    'mạnh'
    """
    return Translator(lang)


def gettext(message: str) -> str:
    """Marks a message for extraction, for code that translates it later (an identity)."""
    return message


class Message(str):
    """A message the library returns (a note, a warning): it reads in English as a ``str``, and
    :meth:`in_language` says it in another language from the same template and values.

    Mark the template where it is written, ``Message("kept {n} pair(s)", n=3)``: the catalog
    test extracts ``Message(...)`` like ``gettext(...)``.

    >>> note = Message("kept {n} pair(s)", n=3)
    >>> str(note), note.template, note.values
    ('kept 3 pair(s)', 'kept {n} pair(s)', {'n': 3})
    """

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Message:
        made = super().__new__(cls, template.format(**values))
        made.template, made.values = template, values
        return made

    def in_language(self, t: Translator) -> str:
        """The message as ``t``'s language says it (English when the catalog lacks it)."""
        return t(self.template).format(**self.values)


def say(message: str, t: Translator) -> str:
    """``message`` in ``t``'s language: a :class:`Message` from its template, any other text
    as the catalog has it (or as it is)."""
    return message.in_language(t) if isinstance(message, Message) else t(message)


def cli_language(given: str | None = None, environ: dict[str, str] | None = None) -> Language:
    """The command line's language: ``--lang``, else the locale (``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``: ``vi_VN.UTF-8`` is Vietnamese), else English.

    Parameters
    ----------
    given:
        ``--lang`` (``vi`` or ``en``), or None.
    environ:
        The environment (default ``os.environ``).

    Returns
    -------
    str
        ``"vi"`` or ``"en"``.

    >>> cli_language(None, {"LANG": "vi_VN.UTF-8"}), cli_language("en", {"LANG": "vi_VN"})
    ('vi', 'en')
    """
    import os

    if given in LANGUAGES:
        return "vi" if given == "vi" else "en"
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"
