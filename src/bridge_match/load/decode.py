"""Bytes to text: UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM; legacy and garbled
Vietnamese refused with the encoding to save as instead."""

from __future__ import annotations

import re

_SAVE_AS = (
    "save the file as UTF-8 (in Excel: CSV UTF-8; in LibreOffice: character set Unicode UTF-8)"
)
_MOJIBAKE = re.compile("Ã|Ä|Æ|Â|\u00e1\u00bb|\u00e1\u00ba")
_VIETNAMESE_LEGACY = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]")


_BOMS = (
    # UTF-32's little-endian mark begins with UTF-16's: tried first, or it is read as UTF-16.
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)


def decode(raw: bytes) -> tuple[str, tuple[int | None, str] | None]:
    """Text from bytes, or ``(line, message)`` saying which encoding to save as instead.

    UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text") and UTF-32 with BOM are
    read. Windows-1258 (legacy Vietnamese) and text that was decoded wrongly once and saved again
    as UTF-8 ("NguyÃªn" for "Nguyên") are refused: guessing would put wrong names in shortlists.
    """
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), None
            except UnicodeDecodeError:
                return "", (None, f"starts like {name} but is not valid {name}; {_SAVE_AS}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return "", (line, _legacy_message(raw))
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return "", (
            line,
            f"contains NUL bytes: not a text file, or UTF-16 without a BOM; {_SAVE_AS}",
        )
    for match in _MOJIBAKE.finditer(text):
        word = _word_around(text, match.start())
        repaired = _repair(word)
        if repaired is not None:
            line = text.count("\n", 0, match.start()) + 1
            return "", (
                line,
                f"garbled Vietnamese ({word!r} should read {repaired!r}): the file was "
                f"opened with the wrong encoding and saved again; re-export it from the source and "
                f"{_SAVE_AS}",
            )
    return text, None


def decode_anyway(raw: bytes) -> str:
    """Text however damaged (bad bytes replaced, NUL dropped): enough to count its records."""
    for bom, codec, _ in _BOMS:
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace")
    return raw.decode("utf-8-sig", errors="replace").replace("\x00", "")


def _word_around(text: str, at: int) -> str:
    """The non-space run around ``at``, at most 20 characters each side (never a long scan)."""
    start = at
    while start > 0 and at - start < 20 and not text[start - 1].isspace():
        start -= 1
    end = at
    while end < len(text) and end - at < 20 and not text[end].isspace():
        end += 1
    return text[start:end].strip(",;\"'")


def _repair(word: str) -> str | None:
    for wrong in ("cp1252", "latin-1"):
        try:
            fixed = word.encode(wrong).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != word and any(c.isalpha() and not c.isascii() for c in fixed):
            return fixed
    return None


def _legacy_message(raw: bytes) -> str:
    if raw.count(b"\x00") * 4 >= len(raw):
        return f"this looks like UTF-16 text without a byte-order mark; {_SAVE_AS}"
    try:
        guess = raw.decode("cp1258")
    except UnicodeDecodeError:
        return f"not UTF-8 text; {_SAVE_AS}"
    if _VIETNAMESE_LEGACY.search(guess):
        return f"not UTF-8: this looks like Windows-1258 (legacy Vietnamese) text; {_SAVE_AS}"
    return f"not UTF-8: this looks like Windows-1252/Latin-1 text; {_SAVE_AS}"


def garbled(text: str) -> bool:
    """Whether :func:`decode` would find garbled Vietnamese in ``text``.

    The fast twin of :func:`decode`'s regular expression (``Ã|Ä|Æ|Â|á»|áº``, whose matches never
    overlap), for streamed files: one ``str.find`` scan per character instead, several times
    faster on a large file; ``tests/test_load_stream.py::test_garbled_agrees_with_decode`` pins the
    two equal.
    """
    for char, before in (("Ã", ""), ("Ä", ""), ("Æ", ""), ("Â", ""), ("»", "á"), ("º", "á")):
        at = text.find(char)
        while at != -1:
            start = at - len(before)
            found = start >= 0 and text.startswith(before, start)
            if found and _repair(_word_around(text, start)) is not None:
                return True
            at = text.find(char, at + 1)
    return False
