"""Excel-ready workbooks: one sheet per sector, readable on screen and on paper, safe to open.

Coordinators live in spreadsheets. A CSV opens, but every sector lands on one sheet, columns are
narrow and the long ``reasons`` text runs off the screen; this module writes an ``.xlsx`` for
people: headers in their language (labels from ``sheet_layout.yaml``, translated by the gettext
catalog), a styled, frozen, filterable header row, each column as wide as it needs up to a width
of its own, long text wrapped in rows tall enough to show all of it (see
:mod:`bridge_match.sheet_layout`), and every sheet set up to print landscape, one page wide, the
header repeated on each page. A shortlist gets a first sheet summing up each need (how many
experts in each band, how many with a conflict of interest). Text from profiles and needs is
untrusted: a cell that starts like a formula is stored as text with a leading quote (see
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
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from bridge_match.errors import BridgeMatchError, DataError, Problem
from bridge_match.export import neutralise
from bridge_match.i18n import Translator, gettext, translator
from bridge_match.outputs import GENERATOR, Inputs, write_bytes
from bridge_match.rules import BANDS
from bridge_match.sectors import Sector, parse_sector
from bridge_match.sheet_layout import (
    BOLD_FILL,
    CELL_PADDING,
    column_width,
    header_label,
    row_height,
    text_width,
    wrapped_lines,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_CELL_CHARS = 32_767  # Excel's limit; longer text makes Excel "repair" the file
SHEET_NAME_CHARS = 31
SUMMARY_SHEET = gettext("Summary")
ALL_SHEET = gettext("All")
NO_GROUP = gettext("(none)")
PAGE_NUMBER = gettext("Page {page} of {pages}")
SHORTLIST_SUMMARY_COLUMNS: list[str] = [
    "need_id",
    "need_title",
    "sector",
    "experts",
    "strong",
    "possible",
    "weak",
    "conflicts",
]
"""A shortlist's summary sheet: a row per need, its experts counted in all, per ``band``, and
with a ``conflict`` of interest (the last four only when the shortlist has that column)."""
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# XML 1.0 forbids these control characters; openpyxl refuses them rather than dropping them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_RESERVED_SHEETS = frozenset({"history"})
_WHOLE: Hashable = ("the whole table",)  # the group key of the one sheet without sheet_by


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as exc:
        raise BridgeMatchError("xlsx output needs `pip install 'bridge-match[report]'`") from exc
    return openpyxl


def _display(label: str) -> str:
    """A label as a header or a sheet shows it: its first letter capital ("bán dẫn")."""
    return label[:1].upper() + label[1:]


def sector_label(value: object, lang: str = "en") -> str | None:
    """A sector key or label as a person reads it in ``lang``; None when it is no sector.

    >>> sector_label("green_energy"), sector_label("ban dan", "vi"), sector_label("x")
    ('Green energy', 'Bán dẫn', None)
    """
    try:
        sector = parse_sector(str(value))
    except ValueError:
        return None
    return _display(sector.label_vi if lang == "vi" else sector.label)


def sheet_title(value: object, taken: Iterable[str] = (), lang: str = "en") -> str:
    """A legal, unique sheet name: sector keys become labels in ``lang``, at most 31
    characters.

    >>> sheet_title("new_materials"), sheet_title("bán dẫn"), sheet_title("a/b:c", ["a-b-c"])
    ('New materials', 'Semiconductors', 'a-b-c (2)')
    >>> sheet_title("green_energy", lang="vi")
    'Năng lượng xanh'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        text = translator(lang)(NO_GROUP)
    else:
        text = sector_label(value, lang) or str(value)
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


def _shown(column: str, value: object, t: Translator) -> object:
    """A value as a person reads it: a sector as its label, a band in the workbook's
    language; anything else as it is."""
    if column == "sector" and isinstance(value, str):
        return sector_label(value, t.lang) or value
    if column == "band" and isinstance(value, str) and value in BANDS:
        return t(value)
    return value


def _text(value: object) -> str:
    """A stored value as the sheet shows it (floats to the four places of their format)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    line = Side(style="thin", color="BFBFBF")

    def font(color: str, bold: bool = False) -> Any:
        # Named, or LibreOffice shows a font without a name in a serif face.
        return Font(name="Calibri", size=11, bold=bold, color=color)

    return {
        "header_font": font("1F3864", bold=True),
        "header_fill": PatternFill("solid", start_color="DDEBF7"),
        "header_border": Border(left=line, right=line, top=line, bottom=Side("medium", "1F3864")),
        "border": Border(left=line, right=line, top=line, bottom=line),
        "top": Alignment(vertical="top"),
        "wrap": Alignment(vertical="top", wrap_text=True),
        "header": Alignment(vertical="center", wrap_text=True),
        "conflict": font("C00000"),
        # Excel's own "Good", "Neutral" and light-grey cell styles: strong, possible, weak.
        "strong": (PatternFill("solid", start_color="C6EFCE"), font("006100")),
        "possible": (PatternFill("solid", start_color="FFEB9C"), font("9C5700")),
        "weak": (PatternFill(fill_type=None), font("7F7F7F")),
    }


def _write_sheet(ws: Worksheet, frame: pd.DataFrame, t: Translator) -> None:
    """Header labelled in the workbook's language, styled, frozen and filtered; widths from
    content; long text wrapped in rows tall enough for it; floats to 4 places; set up to
    print."""
    from openpyxl.utils import get_column_letter

    columns = [str(c) for c in frame.columns]
    labels = [header_label(c, t.lang) for c in columns]
    raw = list(frame.itertuples(index=False, name=None))
    rows = [[_cell(_shown(c, v, t)) for c, v in zip(columns, row, strict=True)] for row in raw]
    ws.append([_cell(label) for label in labels])
    for row in rows:
        ws.append(row)
    style = _styles()
    texts = [[_text(r[j]) for r in rows] for j in range(len(columns))]
    widths = [column_width(c, h, col) for c, h, col in zip(columns, labels, texts, strict=True)]
    wraps = [
        any(text_width(s) + CELL_PADDING > width or "\n" in s for s in col)
        for col, width in zip(texts, widths, strict=True)
    ]
    for j, cell in enumerate(ws[1]):
        cell.font, cell.fill = style["header_font"], style["header_fill"]
        cell.border, cell.alignment = style["header_border"], style["header"]
        ws.column_dimensions[get_column_letter(j + 1)].width = widths[j]
    header_lines = max(
        (wrapped_lines(label, w, BOLD_FILL) for label, w in zip(labels, widths, strict=True)),
        default=1,
    )
    if header_lines > 1:
        ws.row_dimensions[1].height = row_height(header_lines)
    floats = [pd.api.types.is_float_dtype(frame.dtypes.iloc[j]) for j in range(len(columns))]
    for i in range(len(rows)):
        lines = 1
        for j, column in enumerate(columns):
            cell = ws.cell(row=i + 2, column=j + 1)
            cell.border = style["border"]
            cell.alignment = style["wrap"] if wraps[j] else style["top"]
            if wraps[j]:
                lines = max(lines, wrapped_lines(texts[j][i], widths[j]))
            if floats[j] and isinstance(cell.value, float):
                cell.number_format = "0.0000"
            value = raw[i][j]
            if column == "band" and isinstance(value, str) and value in BANDS:
                cell.fill, cell.font = style[value]
            elif column == "conflict" and isinstance(cell.value, str) and cell.value.strip():
                cell.font = style["conflict"]
        if lines > 1:
            ws.row_dimensions[i + 2].height = row_height(lines)
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    _print_setup(ws, t)


def _print_setup(ws: Worksheet, t: Translator) -> None:
    """Landscape A4, one page wide and as many long as it takes, the header row on every
    page, narrow margins, the sheet's name above and the page number below."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    # Excel's "Narrow" margins, in inches.
    ws.page_margins = PageMargins(left=0.25, right=0.25, top=0.75, bottom=0.75)
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.center.text = "&B&A"  # the sheet's name, bold
    ws.oddFooter.center.text = t(PAGE_NUMBER).format(page="&P", pages="&N")


def shortlist_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """A shortlist summed up, one row per need in the shortlist's order: its title and sector,
    how many experts it lists, how many of them in each ``band`` and how many with a
    ``conflict`` of interest (the columns of :data:`SHORTLIST_SUMMARY_COLUMNS` whose source
    columns the shortlist has).

    >>> rows = pd.DataFrame({"need_id": ["N1", "N1", "N2"], "need_title": ["A", "A", "B"],
    ...     "sector": "ai", "band": ["strong", "weak", "weak"], "conflict": ["", "host", ""]})
    >>> shortlist_summary(rows).to_dict("records")[0]
    {'need_id': 'N1', 'need_title': 'A', 'sector': 'ai', 'experts': 2, 'strong': 1, \
'possible': 0, 'weak': 1, 'conflicts': 1}
    """
    has = set(frame.columns)
    counted = [*(BANDS if "band" in has else ()), *(["conflicts"] if "conflict" in has else [])]
    wanted = [c for c in SHORTLIST_SUMMARY_COLUMNS[:4] if c in has or c == "experts"]
    rows: list[dict[str, object]] = []
    for need_id, part in frame.groupby("need_id", sort=False, dropna=False):
        row: dict[str, object] = {"need_id": need_id, "experts": len(part)}
        for column in ("need_title", "sector"):
            if column in has:
                row[column] = part[column].iloc[0]
        if "band" in has:
            for band in BANDS:
                row[band] = int((part["band"] == band).sum())
        if "conflict" in has:
            flagged = part["conflict"].fillna("").astype(str).str.strip() != ""
            row["conflicts"] = int(flagged.sum())
        rows.append(row)
    return pd.DataFrame(rows, columns=[*wanted, *counted])


def _groups(frame: pd.DataFrame, sheet_by: str | None) -> list[tuple[Hashable, pd.DataFrame]]:
    """Sheets in the order a coordinator expects: sectors as listed in ``Sector``, then others."""
    if sheet_by is None:
        return [(_WHOLE, frame)]
    if sheet_by not in frame.columns:
        raise DataError(
            Problem("sheet_by", None, None, f"no column {sheet_by!r} to split sheets by")
        )
    groups = list(frame.groupby(sheet_by, sort=False, dropna=False))
    if not groups:
        return [(_WHOLE, frame)]

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
    summary: pd.DataFrame | Literal["auto"] | None = "auto",
    inputs: Inputs | None = None,
    *,
    lang: str = "en",
) -> Path:
    """Write ``frame`` to an ``.xlsx``, one sheet per value of ``sheet_by`` (``None``: one sheet).

    Parameters
    ----------
    frame:
        The table: a shortlist, teams, the pipeline, or any other.
    path:
        The file to write (atomically; never over one of ``inputs`` or a file bridge-match did
        not write).
    sheet_by:
        The column whose values each get a sheet; sectors are named by their labels and come
        in ``Sector``'s order.
    summary:
        A first sheet, "Summary" ("Tóm tắt"): a table (e.g. an assignment's per-need summary),
        ``"auto"`` for a shortlist's :func:`shortlist_summary` when ``frame`` is one (it has
        ``need_id`` and ``band`` columns and rows), or None for none.
    inputs:
        The run's inputs, never overwritten.
    lang:
        ``"en"`` or ``"vi"``: the language of headers, sheet names, sectors, bands and the
        page footer (CSV and JSON keep the column names of DATA.md).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    BridgeMatchError
        openpyxl is not installed.
    DataError
        ``sheet_by`` is no column of ``frame``.
    """
    openpyxl = _openpyxl()
    t = translator(lang)
    if isinstance(summary, str):
        shortlist = {"need_id", "band"} <= set(frame.columns) and not frame.empty
        summary = shortlist_summary(frame) if shortlist else None
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    taken: list[str] = []
    if summary is not None:
        title = sheet_title(t(SUMMARY_SHEET), taken, lang)
        taken.append(title)
        _write_sheet(workbook.create_sheet(title), summary, t)
    for key, part in _groups(frame, sheet_by):
        title = sheet_title(t(ALL_SHEET) if key is _WHOLE else key, taken, lang)
        taken.append(title)
        _write_sheet(workbook.create_sheet(title), part, t)
    workbook.properties.creator = GENERATOR
    buffer = io.BytesIO()
    workbook.save(buffer)
    return write_bytes(path, buffer.getvalue(), inputs)
