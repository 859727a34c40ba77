"""Shortlists as DataFrames, CSV (UTF-8 with BOM, so Excel shows Vietnamese) and JSON."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel

from bridge_match.errors import Problem
from bridge_match.invisible import show_hidden
from bridge_match.load import distinct_names
from bridge_match.outputs import REJECTS_HEADER, Inputs, write_text
from bridge_match.validate import RefusedFile, Rejected

SHORTLIST_COLUMNS: list[str] = [
    "need_id",
    "need_title",
    "sector",
    "rank",
    "expert_id",
    "name",
    "country",
    "affiliation",
    "field",
    "score",
    "similarity",
    "boost",
    "reasons",
    "association",
    "band",
    "conflict",
]
"""Contract order (DATA.md); ``conflict`` is empty, or why the expert has a conflict of interest
with the need's host."""
CONTACT_COLUMNS: list[str] = ["email"]


def shortlist_frame(records: Sequence[dict[str, object]]) -> pd.DataFrame:
    """Columns in contract order; ``email`` only when some listed expert consented to contact."""
    records = list(records)
    columns = list(SHORTLIST_COLUMNS)
    for contact in CONTACT_COLUMNS:
        if any(record.get(contact) is not None for record in records):
            columns.append(contact)
    data: dict[str, object] = {name: [record[name] for record in records] for name in columns}
    for name in ("score", "similarity", "boost"):
        data[name] = np.round(np.asarray(data[name], dtype=float), 4)
    return pd.DataFrame(data, columns=columns)


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading ``'``, so it stays text.

    Profiles and needs come from outside, so ``=HYPERLINK(...)`` in a name must stay text (CSV
    injection, OWASP). The quote is what Excel itself puts before text typed as ``'=1+1``; in a
    CSV it is the only protection there is. Applying it twice changes nothing.

    >>> neutralise("=1+1"), neutralise("@SUM(A1)"), neutralise("Nguyễn"), neutralise(-1)
    ("'=1+1", "'@SUM(A1)", 'Nguyễn', -1)
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which every text cell is :func:`neutralise`-d; numbers stay numbers."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


LIST_SEPARATORS = (",", ";", "\t", "|")
"""Delimiters a spreadsheet may split on, whatever the file says: Excel uses the locale's list
separator (``;`` in much of Europe and Latin America), so a cell holding any of them is quoted."""
_QUOTE_WHEN = (*LIST_SEPARATORS, '"', "\r", "\n")


_INNER_TRIGGER = re.compile(r"([,;\t|])(?=[=+\-@])")
"""A formula trigger right after a delimiter: where a spreadsheet splitting on that delimiter
would start a cell with it. (Quotes do not stop that: LibreOffice with ``;`` splits
``"x;=1+1"`` and runs ``=1+1``; with a space between, as in ``; +0.05``, it keeps text.)"""


def _csv_cell(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, np.generic):
        value = value.item()
    text = str(value)
    if isinstance(value, str):
        text = _INNER_TRIGGER.sub(r"\1'", text)
    if any(mark in text for mark in _QUOTE_WHEN) or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(frame: pd.DataFrame) -> str:
    """CSV for Excel and LibreOffice in any locale: CRLF rows, formula-like text neutralised,
    also where a spreadsheet splitting on another locale's delimiter would start a cell, and
    every cell that holds a delimiter of any common locale quoted.

    >>> print(*to_csv(pd.DataFrame({"name": ["x;=1+1", "=2"], "n": [1, 2]})).split(), sep="|")
    name,n|"x;'=1+1",1|'=2,2
    """
    safe = spreadsheet_safe(frame)
    lines = [",".join(_csv_cell(c) for c in safe.columns)]
    lines += [",".join(map(_csv_cell, row)) for row in safe.itertuples(index=False, name=None)]
    return "".join(line + "\r\n" for line in lines)


def to_json(frame: pd.DataFrame) -> str:
    records = json.loads(frame.to_json(orient="records", force_ascii=False))
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def pseudonym(expert_id: str, key: str = "") -> str:
    """A stable stand-in for a person: the same id and key always give the same pseudonym.

    An HMAC, so without the key the id cannot be recovered by hashing a list of ids.

    >>> pseudonym("JP-AVIJ-0001") == pseudonym("JP-AVIJ-0001") != pseudonym("JP-AVIJ-0002")
    True
    """
    digest = hmac.new(key.encode(), expert_id.encode(), hashlib.sha256).digest()
    return "Expert-" + base64.b32encode(digest[:5]).decode()


def anonymise(frame: pd.DataFrame, key: str = "") -> pd.DataFrame:
    """For sharing outside the association: names and ids become pseudonyms, contacts go, and
    the reasons lose the titles of the expert's publications (a title finds its authors)."""
    shared = frame.drop(columns=[c for c in CONTACT_COLUMNS if c in frame])
    stand_in = shared["expert_id"].map(lambda i: pseudonym(str(i), key))
    shared["expert_id"] = stand_in
    if "name" in shared:
        shared["name"] = stand_in
    if "reasons" in shared:
        titles = _paper_titles()
        shared["reasons"] = shared["reasons"].map(lambda r: titles.sub("", str(r)))
    return shared


REJECTS_COLUMNS: list[str] = list(REJECTS_HEADER)
"""The first columns of a rejects file: where the record is, how many records the row stands
for (1, or a refused file's count: the column sums to the records not accepted) and why. The
record's own columns follow, so that the file, fixed, reads back as a profiles or needs file
(these are then ignored, with one warning)."""


@functools.cache
def _paper_titles() -> re.Pattern[str]:
    """The reasons' publications part, in every language: ``; publications: “A”, “B”``."""
    from bridge_match.i18n import LANGUAGES, translator

    labels = {translator(lang)("publications: {titles}").split("{titles}")[0] for lang in LANGUAGES}
    heads = "|".join(re.escape(label) for label in sorted(labels))
    return re.compile(f"(?:^|; )(?:{heads})“[^“”]*”(?:, “[^“”]*”)*")


def rejects_frame(
    rejected: Sequence[Rejected],
    refused: Sequence[RefusedFile] = (),
    model: type[BaseModel] | None = None,
) -> pd.DataFrame:
    """One row per rejected record, as text: ``source``, ``line``, ``count`` (1), every reason
    in ``problems``, then one column per field of ``model`` in its order (``DATA.md``'s), then
    every other column the records had; then one row per refused file, its fields empty (none
    was read), ``count`` the records it holds (empty when unknown, a lower bound when
    ``problems`` says "at least").

    Cells are written as a profiles or needs CSV holds them: lists joined with ``;``, booleans
    as ``true``/``false``, nothing as an empty cell; a malformed CSV row's cells under their
    header's columns. Hidden characters in reasons show as ``<U+200B>``.

    >>> from bridge_match.models import Need
    >>> list(rejects_frame([], model=Need).columns)[:6]
    ['source', 'line', 'count', 'problems', 'id', 'title']
    """
    fields = list(model.model_fields) if model is not None else []
    records = [_cells(r) for r in rejected]
    others = [c for c in dict.fromkeys(c for row in records for c in row) if c not in fields]
    columns = [*REJECTS_COLUMNS, *fields, *others]
    rows = [
        {
            "source": r.record.source,
            "line": "" if r.record.line is None else str(r.record.line),
            "count": "1",
            "problems": " | ".join(_reason(p) for p in r.problems),
            **cells,
        }
        for r, cells in zip(rejected, records, strict=True)
    ]
    rows += [
        {
            "source": f.source,
            "line": "" if not f.problems or f.problems[0].line is None else str(f.problems[0].line),
            "count": "" if f.records is None else str(f.records),
            "problems": f"file refused, {f.describe()} not read: "
            + " | ".join(_reason(p) for p in f.problems)
            + " (fix the file itself; this row holds no record: delete it before reading this "
            "file back)",
        }
        for f in sorted(refused, key=lambda f: f.source)
    ]
    return pd.DataFrame(
        [[row.get(c, "") for c in columns] for row in rows], columns=columns, dtype=object
    )


def _cells(rejected: Rejected) -> dict[str, str]:
    """A rejected record's fields as CSV cells, by column name."""
    data = rejected.record.data
    if set(data) == {"cells"} and rejected.columns is not None:
        # A row with more or fewer cells than its header: shown as a spreadsheet shows it.
        cells = data["cells"]
        header = distinct_names(rejected.columns)
        names = [
            header[i] if i < len(header) and header[i] else f"(column {i + 1})"
            for i in range(len(cells))
        ]
        pairs = list(zip(names, cells, strict=True))
    else:
        pairs = list(data.items())
    # A column of the record's own named like one of ours ("source") keeps its data, renamed.
    return {
        f"{key} (in the record)" if str(key) in REJECTS_COLUMNS else str(key): _cell_text(value)
        for key, value in pairs
    }


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple) and all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in value
    ):
        return "; ".join(str(v) for v in value)
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def rejects_paths(path: str | Path) -> tuple[Path, Path]:
    """Where ``--rejects FILE`` writes: the profiles' rejects to ``FILE`` itself, the needs'
    beside it with ``.needs`` before the suffix, so that each reads back as its own kind.

    >>> [str(p) for p in rejects_paths("out/rejects.csv")]
    ['out/rejects.csv', 'out/rejects.needs.csv']
    """
    given = Path(path)
    return given, given.with_name(f"{given.stem}.needs{given.suffix or '.csv'}")


def _reason(problem: Problem) -> str:
    text = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return show_hidden(text)


def write(
    frame: pd.DataFrame,
    path: str | Path,
    fmt: Literal["csv", "json"],
    inputs: Inputs | None = None,
) -> Path:
    """Write a table as CSV (with a BOM, so that Excel opens it as UTF-8) or JSON.

    Parameters
    ----------
    frame:
        The table.
    path:
        The file; replaced atomically, and only if it is one of bridge-match's own outputs.
    fmt:
        ``"csv"`` or ``"json"``.
    inputs:
        The run's inputs, which the file must not be or touch.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    DataError
        The file is refused or cannot be written (see :func:`bridge_match.outputs.write_bytes`).
    """
    if fmt == "csv":
        return write_text(path, to_csv(frame), inputs, encoding="utf-8-sig")
    return write_text(path, to_json(frame), inputs)
