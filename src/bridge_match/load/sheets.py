"""Excel workbooks into records: each sheet its own source with its own header."""

from __future__ import annotations

import io
from typing import Any

from bridge_match.errors import Problem
from bridge_match.invisible import strip_hidden
from bridge_match.load.delimited import distinct_names
from bridge_match.load.records import HEADER_SEARCH, RawRecord, SourceFile, refused_file


def read_xlsx(shown: str, raw: bytes) -> list[SourceFile]:
    """Each sheet of a workbook as its own source, the first row of each its header (checked
    on its own, faults reported under it); needs the ``xlsx`` extra. Sheets with nothing in
    them are passed over: they hold nothing to lose."""
    try:
        import openpyxl
    except ImportError:
        message = (
            "reading .xlsx needs `pip install bridge-match[xlsx]`; or save the sheet as CSV UTF-8"
        )
        return [refused_file(shown, Problem(shown, None, None, message))]
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        message = f"not a readable .xlsx workbook ({exc})"
        return [refused_file(shown, Problem(shown, None, None, message))]
    sources: list[SourceFile] = []
    try:
        sheets = book.worksheets
        for sheet in sheets:
            source = shown if len(sheets) == 1 else f"{shown}[{sheet.title}]"
            read = _read_sheet(source, sheet)
            if read is not None:
                sources.append(read)
    except Exception as exc:  # a damaged sheet shows only as it is read, in as many kinds
        message = f"not a readable .xlsx workbook ({exc})"
        return [refused_file(shown, Problem(shown, None, None, message))]
    finally:
        book.close()
    if not sources:
        message = "empty workbook: expected a header row on a sheet"
        return [refused_file(shown, Problem(shown, 1, None, message), 0)]
    return sources


def _read_sheet(source: str, sheet: Any) -> SourceFile | None:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return None
    if all(_blank_cell(v) for v in header):
        # A sheet of blank rows (openpyxl gives one for an empty sheet) holds nothing to lose;
        # one with rows further down has its header looked for there, as below a title.
        rest = list(rows)
        if all(_blank_cell(v) for row in rest for v in row):
            return None
        rows = iter(rest)
    columns = tuple("" if h is None else strip_hidden(str(h)) for h in header)
    keys = distinct_names(columns)
    result = SourceFile(source, columns=columns)
    uncomputed = _uncomputed_formulas(sheet)
    for number, row in enumerate(rows, start=2):
        blank = all(_blank_cell(v) for v in row)
        if blank and number not in uncomputed:
            continue
        if len(result.head) < HEADER_SEARCH:
            result.head.append((number, ["" if v is None else str(v) for v in row]))
        record = RawRecord(
            source, number, {c: _cell(v) for c, v in zip(keys, row, strict=False) if c}
        )
        if number in uncomputed:
            result.faults[len(result.records)] = _formula_problem(source, number, uncomputed, keys)
        result.records.append(record)
    return result


def _blank_cell(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _uncomputed_formulas(sheet: Any) -> dict[int, list[int]]:
    """Columns, by row, of the cells that hold a formula but no saved result.

    Programs that write .xlsx without a spreadsheet engine (pandas, scripts, some exports)
    save formulas without their values, which then read as empty cells: without this a whole
    column could go missing unnoticed. Read from the sheet's XML, which openpyxl's read-only
    reader does not expose; only sheets that have formulas at all are parsed a second time.
    """
    from xml.etree import ElementTree

    from openpyxl.utils.cell import coordinate_to_tuple

    opener = getattr(sheet, "_get_source", None)
    if opener is None:  # another openpyxl: no way to tell, and values read as before
        return {}
    with opener() as handle:
        xml = handle.read()
    if b"<f" not in xml and b":f" not in xml:
        return {}
    found: dict[int, list[int]] = {}
    for _, element in ElementTree.iterparse(io.BytesIO(xml)):
        if element.tag.rpartition("}")[2] != "c":
            continue
        parts = {child.tag.rpartition("}")[2]: child for child in element}
        reference = element.get("r")
        value = parts.get("v")
        # An empty result is a value only as text: openpyxl writes <v/> for "not calculated".
        unsaved = value is None or (not value.text and element.get("t") != "str")
        if "f" in parts and "is" not in parts and unsaved and reference:
            row, column = coordinate_to_tuple(reference)
            found.setdefault(row, []).append(column)
        element.clear()
    return found


def _formula_problem(
    source: str, row: int, uncomputed: dict[int, list[int]], keys: tuple[str, ...]
) -> Problem:
    names = [
        keys[c - 1] if c <= len(keys) and keys[c - 1] else f"column {column_letters(c)}"
        for c in uncomputed[row]
    ]
    also = f"; so do {', '.join(names[1:])}" if len(names) > 1 else ""
    return Problem(
        source,
        row,
        names[0],
        f"a formula with no saved result{also}: the file was written by a program that does not "
        "calculate formulas; open and save it in Excel or LibreOffice, or paste values "
        "(Paste Special > Values)",
    )


def column_letters(number: int) -> str:
    """Excel's name for the column at ``number`` (from 1).

    >>> column_letters(1), column_letters(6), column_letters(27)
    ('A', 'F', 'AA')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell(value: Any) -> Any:
    """Whole numbers typed into Excel arrive as floats; dates and the like as their text."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
