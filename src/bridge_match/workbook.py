"""Excel-ready workbooks: one sheet per sector, readable at a glance, safe to open.

Coordinators live in spreadsheets. A CSV opens, but every sector lands on one sheet, columns are
narrow and the long ``reasons`` text runs off the screen; this module writes an ``.xlsx`` with a
bold, frozen header, widths fitted to the content and wrapped long text. Text from profiles and
needs is untrusted: a cell that starts like a formula is stored as text with a leading quote (see
:func:`neutralise`), so opening a shortlist never runs anything.

openpyxl is an optional dependency: ``pip install 'bridge-match[report]'``.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bridge_match.errors import BridgeMatchError, DataError, Problem
from bridge_match.export import neutralise
from bridge_match.outputs import GENERATOR, Inputs, write_bytes
from bridge_match.sectors import Sector, parse_sector

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_WIDTH = 60
MIN_WIDTH = 6
MAX_CELL_CHARS = 32_767  # Excel's limit; longer text makes Excel "repair" the file
SHEET_NAME_CHARS = 31
SUMMARY_SHEET = "Summary"
ALL_SHEET = "All"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# XML 1.0 forbids these control characters; openpyxl refuses them rather than dropping them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_RESERVED_SHEETS = frozenset({"history"})


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as exc:
        raise BridgeMatchError("xlsx output needs `pip install 'bridge-match[report]'`") from exc
    return openpyxl


def sheet_title(value: object, taken: Iterable[str] = ()) -> str:
    """A legal, unique sheet name: sector keys become English labels, at most 31 characters.

    >>> sheet_title("new_materials"), sheet_title("bán dẫn"), sheet_title("a/b:c", ["a-b-c"])
    ('New materials', 'Semiconductors', 'a-b-c (2)')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        text = "(none)"
    else:
        try:
            text = parse_sector(str(value)).label
        except ValueError:
            text = str(value)
    text = _ILLEGAL_XML.sub("", _BAD_SHEET_CHARS.sub("-", text)).strip().strip("'").strip()
    text = text[:SHEET_NAME_CHARS] or "Sheet"
    used = {t.casefold() for t in taken} | _RESERVED_SHEETS
    candidate, n = text, 1
    while candidate.casefold() in used:
        n += 1
        suffix = f" ({n})"
        candidate = text[: SHEET_NAME_CHARS - len(suffix)].rstrip() + suffix
    return candidate


def _cell(value: object) -> object:
    """A value openpyxl can store and Excel opens without repair; strings neutralised."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None:
        return None
    if isinstance(value, list | tuple | set | frozenset):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return value
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    text = _ILLEGAL_XML.sub("", str(value))
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return neutralise(text)


def _display_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:.4f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write_sheet(ws: Worksheet, frame: pd.DataFrame) -> None:
    """Header in bold and frozen, widths from content, long text wrapped, floats to 4 places."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns = [str(c) for c in frame.columns]
    ws.append([_cell(c) for c in columns])
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    for row in rows:
        ws.append(row)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    for j, name in enumerate(columns):
        letter = get_column_letter(j + 1)
        widest = max([len(name), *(_display_width(r[j]) for r in rows)])
        wrap = widest > MAX_WIDTH
        ws.column_dimensions[letter].width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
        is_float = pd.api.types.is_float_dtype(frame.dtypes.iloc[j])
        alignment = Alignment(vertical="top", wrap_text=wrap)
        for i in range(len(rows)):
            cell = ws.cell(row=i + 2, column=j + 1)
            cell.alignment = alignment
            if is_float and isinstance(cell.value, float):
                cell.number_format = "0.0000"


def _groups(frame: pd.DataFrame, sheet_by: str | None) -> list[tuple[Hashable, pd.DataFrame]]:
    """Sheets in the order a coordinator expects: sectors as listed in ``Sector``, then others."""
    if sheet_by is None:
        return [(ALL_SHEET, frame)]
    if sheet_by not in frame.columns:
        raise DataError(
            Problem("sheet_by", None, None, f"no column {sheet_by!r} to split sheets by")
        )
    groups = list(frame.groupby(sheet_by, sort=False, dropna=False))
    if not groups:
        return [(ALL_SHEET, frame)]

    def order(item: tuple[Hashable, pd.DataFrame]) -> int:
        try:
            return list(Sector).index(parse_sector(str(item[0])))
        except ValueError:
            return len(Sector)

    return sorted(groups, key=order)


def write_xlsx(
    frame: pd.DataFrame,
    path: str | Path,
    sheet_by: str | None = "sector",
    summary: pd.DataFrame | None = None,
    inputs: Inputs | None = None,
) -> Path:
    """Write ``frame`` to an ``.xlsx``, one sheet per value of ``sheet_by`` (``None``: one sheet).

    ``summary``, if given, becomes a first sheet named "Summary" (e.g. an assignment's per-need
    summary). Sheet names are the sectors' English labels. Raises ``BridgeMatchError`` when
    openpyxl is not installed.
    """
    openpyxl = _openpyxl()
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    taken: list[str] = []
    if summary is not None:
        title = sheet_title(SUMMARY_SHEET, taken)
        taken.append(title)
        _write_sheet(workbook.create_sheet(title), summary)
    for key, part in _groups(frame, sheet_by):
        title = sheet_title(key, taken)
        taken.append(title)
        _write_sheet(workbook.create_sheet(title), part)
    workbook.properties.creator = GENERATOR
    buffer = io.BytesIO()
    workbook.save(buffer)
    return write_bytes(path, buffer.getvalue(), inputs)
