"""How a workbook lays a table out: each column's header and width, and how much room text
takes in a cell, so that a row can be made tall enough for its wrapped text.

The labels, widths and character widths are data, ``sheet_layout.yaml`` beside this module.
Row heights are estimated, not measured: no spreadsheet engine runs here, and neither Excel nor
LibreOffice grows a row to its wrapped text when it opens a file. The estimate wraps each cell's
text at spaces into its column's width, each character as wide as the file says (the wider of
Excel's Calibri and DejaVu Sans, LibreOffice's fallback font), so that the text fits in either;
letters with Vietnamese diacritics count as their base letters, wide East Asian characters as
two.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bridge_match.i18n import translator

LAYOUT_FILE = Path(__file__).with_name("sheet_layout.yaml")
MAX_WIDTH = 60
MIN_WIDTH = 6
LINE_HEIGHT = 15.0  # points per line of 11-point text, Excel's default row height
ROW_PADDING = 3.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit; text that needs more is cut there
CELL_PADDING = 1.0  # characters of a column's width that are margin, never text
BOLD_FILL = 0.9  # bold text (a header) is about a tenth wider


@dataclass(frozen=True)
class Column:
    """How a workbook shows a column: its header (English, the catalog's msgid) and the widest
    it may be, in characters."""

    label: str
    width: int


@dataclass(frozen=True)
class Layout:
    """A columns file (``sheet_layout.yaml``): the columns a workbook knows, and how wide
    characters show (relative to a digit; ``capitals`` for upper case not listed, else 1)."""

    columns: dict[str, Column]
    characters: dict[str, float]
    capitals: float


def read_layout(path: str | Path = LAYOUT_FILE) -> Layout:
    """The columns and character widths of a columns file (``sheet_layout.yaml``).

    Raises
    ------
    ValueError
        A column without a text label or a width from :data:`MIN_WIDTH` to :data:`MAX_WIDTH`,
        or a character width that is no positive number.
    """
    data: Any = yaml.safe_load(Path(path).read_text("utf-8"))
    entries = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise ValueError(f"{path}: expected columns: {{name: {{label: ..., width: ...}}}}")
    columns: dict[str, Column] = {}
    for name, entry in entries.items():
        label = entry.get("label") if isinstance(entry, dict) else None
        width = entry.get("width") if isinstance(entry, dict) else None
        if not (
            isinstance(label, str)
            and label.strip()
            and isinstance(width, int)
            and MIN_WIDTH <= width <= MAX_WIDTH
        ):
            raise ValueError(
                f"{path}: {name}: expected a label and a width from {MIN_WIDTH} to {MAX_WIDTH}"
            )
        columns[str(name)] = Column(label, width)
    characters: dict[str, float] = {}
    for entry in data.get("characters") or []:
        size = entry.get("width") if isinstance(entry, dict) else None
        chars = entry.get("chars") if isinstance(entry, dict) else None
        if not (isinstance(size, int | float) and size > 0 and isinstance(chars, str)):
            raise ValueError(f"{path}: characters: expected {{width: number, chars: text}}")
        characters.update(dict.fromkeys(chars, float(size)))
    capitals = data.get("capitals", 1)
    if not (isinstance(capitals, int | float) and capitals > 0):
        raise ValueError(f"{path}: capitals: expected a positive number")
    return Layout(columns, characters, float(capitals))


LAYOUT: Layout = read_layout()
"""The shipped column labels and widths and character widths (see :func:`read_layout`)."""
COLUMNS: dict[str, Column] = LAYOUT.columns


def char_width(char: str) -> float:
    """How wide a character shows, in a column width's characters (the width of a digit,
    ``sheet_layout.yaml``): a letter as its base letter, whatever its diacritics ("ễ" is "e"), a
    combining mark nothing, a wide East Asian character two.

    >>> [char_width(c) for c in "0eễiMW東"] + [char_width("\\u0303")]
    [1.0, 1.0, 1.0, 0.5, 1.7, 1.7, 2.0, 0.0]
    """
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in "WF":
        return 2.0
    base = unicodedata.normalize("NFD", char)[0]
    known = LAYOUT.characters.get(base)
    if known is not None:
        return known
    return LAYOUT.capitals if base.isupper() else 1.0


def text_width(text: str) -> float:
    """How wide ``text`` shows on one line, in characters (see :func:`char_width`); Vietnamese
    counts as its letters without their marks, composed (NFC) or not.

    >>> text_width("Nguyễn") == text_width("Nguyen") == text_width(
    ...     unicodedata.normalize("NFD", "Nguyễn"))
    True
    >>> text_width("0.4931"), text_width("東京")
    (5.5, 4.0)
    """
    return sum(char_width(char) for char in text)


def wrapped_lines(text: str, width: float, fill: float = 1.0) -> int:
    """The lines ``text`` wraps to in a column ``width`` characters wide: at spaces, as Excel
    and LibreOffice wrap, a word longer than a line broken inside, every newline kept.

    ``fill`` is the share of the width the text may use (bold text: less).

    >>> wrapped_lines("short", 20), wrapped_lines("a " * 30, 20), wrapped_lines("x\\ny", 20)
    (1, 3, 2)
    >>> wrapped_lines("x" * 50, 20), wrapped_lines("x" + " " * 40 + "y", 20)
    (3, 2)
    """
    capacity = max(1.0, width * fill - CELL_PADDING)
    space = char_width(" ")
    total = 0
    for paragraph in text.splitlines() or [""]:
        lines, used = 1, 0.0
        for word in paragraph.split(" "):  # "" between two spaces: a space more
            size = text_width(word)
            if used and used + space + size <= capacity:
                used += space + size
                continue
            if used:
                lines += 1
            full, rest = divmod(size, capacity)
            if full and not rest:
                full, rest = full - 1, capacity
            lines += int(full)
            used = rest
        total += lines
    return total


def row_height(lines: int) -> float:
    """The height in points of a row showing ``lines`` lines of text, at most
    :data:`MAX_ROW_HEIGHT`.

    >>> row_height(1), row_height(4), row_height(1000)
    (18.0, 63.0, 409.0)
    """
    return min(MAX_ROW_HEIGHT, max(1, lines) * LINE_HEIGHT + ROW_PADDING)


def header_label(column: str, lang: str = "en") -> str:
    """The header a workbook shows for ``column`` in ``lang``: its label in ``sheet_layout.yaml``,
    translated; a column not listed there keeps its name.

    >>> header_label("need_id"), header_label("need_id", "vi"), header_label("extra", "vi")
    ('Need id', 'Mã nhu cầu', 'extra')
    """
    known = COLUMNS.get(column)
    return translator(lang)(known.label) if known else column


def column_width(column: str, label: str, texts: list[str]) -> int:
    """As wide as the widest cell up to the column's own width (``sheet_layout.yaml``), wide
    enough for the header on two lines where that width allows, and never so narrow that a
    word breaks: not one of the header, nor an e-mail address or an id."""
    known = COLUMNS.get(column)
    cap = known.width if known else MAX_WIDTH
    widest = max((text_width(line) for text in texts for line in text.splitlines()), default=0)
    fitted = max(math.ceil(widest) + 2, math.ceil(bold_width(text_width(label) / 2)), MIN_WIDTH)
    word = max((text_width(w) for text in texts for w in text.split()), default=0)
    heading = max((text_width(w) for w in label.split()), default=0)
    unbroken = max(math.ceil(word) + 2, math.ceil(bold_width(heading)))
    return min(max(min(fitted, cap), unbroken), MAX_WIDTH)


def bold_width(width: float) -> float:
    """The column width that holds bold text ``width`` characters wide on one line."""
    return (width + CELL_PADDING) / BOLD_FILL
