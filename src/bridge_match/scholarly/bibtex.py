"""BibTeX (``.bib``), read with bibtexparser: ``@string`` macros resolved, then LaTeX taken out
of the values (accents such as ``{\\"u}`` → ü, ``\\~{e}`` → ẽ, ``{\\ss}`` → ß; protecting
braces; ``\\emph{...}`` and the like reduced to their text; ``--`` → –). Authors are split on
``and`` and written ``Given Family``."""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any

from bridge_match.scholarly.records import Candidate, fault, text_of, year_of

NAME = "bibtex"
LABEL = "BibTeX"
_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)

_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
    "h": "\u0309",  # hook above (vietnam.sty), as in Vi\h{e}t
}
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "l": "ł",
    "L": "Ł",
    "i": "i",  # a dotless i, only ever under an accent
    "j": "j",
    "dh": "đ",
    "DH": "Đ",
    "dj": "đ",
    "DJ": "Đ",
}
_ONE = r"(\\[ij]|[^\W\d_])"
_ACCENT = re.compile(
    rf"\\([\"'`^~=.])\s*(?:\{{\s*{_ONE}\s*\}}|{_ONE})"
    rf"|\\([uvHckrdbh])(?:\s*\{{\s*{_ONE}\s*\}}|\s+{_ONE})"
)
"""An accent command on one letter, or on a letter accented already (``\\d{\\^e}``, inner first)."""
_LETTER = re.compile(r"\\(ss|aa|AA|ae|AE|oe|OE|dh|DH|dj|DJ|[oOlLij])(?![A-Za-z])\s*")
_COMMAND = re.compile(r"\\[A-Za-z]+\*?\s*")
_ESCAPED = re.compile(r"\\([&%$#_{}])")


def looks_like(text: str) -> bool:
    return _ENTRY.search(text) is not None


def delatex(value: str) -> str:
    r"""A BibTeX value as plain text.

    >>> delatex(r'{M}{\"u}ller and Nguy{\~{e}}n on {GaN} --- \emph{fast}')
    'Müller and Nguyẽn on GaN — fast'
    """

    def accent(match: re.Match[str]) -> str:
        mark = match.group(1) or match.group(4)
        letter = next(g for g in (match.group(i) for i in (2, 3, 5, 6)) if g)
        base = {"\\i": "i", "\\j": "j"}.get(letter, letter)
        return unicodedata.normalize("NFC", base + _ACCENTS[mark])

    text = value
    for _ in range(4):  # accents on accents, innermost first
        changed = _ACCENT.sub(accent, text)
        if changed == text:
            break
        text = changed
    text = _LETTER.sub(lambda m: _LETTERS[m.group(1)], text)
    text = _ESCAPED.sub(r"\1", text.replace("\\\\", " "))
    text = text.replace("---", "—").replace("--", "–").replace("~", " ")
    text = _COMMAND.sub("", text)
    text = text.replace("{", "").replace("}", "").replace("$", "")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _author(name: str) -> str:
    """``Family, Given`` → ``Given Family``; other forms as they are."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2 and all(parts):
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and parts[0] and parts[2]:  # Family, Jr, Given
        return f"{parts[2]} {parts[0]} {parts[1]}".strip()
    return name.strip()


def candidates(text: str, source: str) -> list[Candidate]:
    import bibtexparser

    quiet = logging.getLogger("bibtexparser")
    if not quiet.handlers:  # its warnings are the errors raised below, not for the terminal
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
    try:
        library = bibtexparser.parse_string(text)
    except Exception as exc:  # the parser's own errors have no common base
        raise fault(source, None, f"not valid BibTeX: {exc}") from None
    if library.failed_blocks:
        block = library.failed_blocks[0]
        line = getattr(block, "start_line", None)
        reason = " ".join(str(getattr(block, "error", "") or "syntax error").split())
        more = len(library.failed_blocks) - 1
        also = f" (and {more} more entr{'y' if more == 1 else 'ies'})" if more else ""
        raise fault(
            source,
            None if line is None else line + 1,
            f"not valid BibTeX{also}: {reason}; fix the entry (a missing brace, quote or "
            "comma) and import again",
        )
    out = []
    for entry in library.entries:
        fields = {k.lower(): _value(f.value) for k, f in entry.fields_dict.items()}
        venue = fields.get("journal") or fields.get("booktitle") or fields.get("publisher")
        authors = fields.get("author") or ""
        out.append(
            Candidate(
                source,
                entry.start_line + 1 if entry.start_line is not None else None,
                {
                    "title": text_of(fields.get("title")),
                    "abstract": text_of(fields.get("abstract")),
                    "year": year_of(fields.get("year")) or year_of(fields.get("date")),
                    "venue": text_of(venue),
                    "doi": text_of(fields.get("doi")),
                    "url": text_of(fields.get("url")),
                    "authors": [
                        _author(a)
                        for a in re.split(r"\s+and\s+", authors)
                        if a.strip() and a.strip() != "others"
                    ],
                },
            )
        )
    return out


def _value(value: Any) -> str:
    return delatex(str(value))
