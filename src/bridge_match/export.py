"""Shortlists as DataFrames, CSV (UTF-8 with BOM, so Excel shows Vietnamese) and JSON."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from bridge_match.errors import Problem
from bridge_match.invisible import show_hidden
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
]
CONTACT_COLUMNS: list[str] = ["email"]
Format = Literal["table", "csv", "json"]


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


def to_csv(frame: pd.DataFrame) -> str:
    """CSV for Excel and LibreOffice: CRLF rows, formula-like text neutralised."""
    return spreadsheet_safe(frame).to_csv(index=False, lineterminator="\r\n")


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
    """For sharing outside the association: names and ids become pseudonyms, contacts go."""
    shared = frame.drop(columns=[c for c in CONTACT_COLUMNS if c in frame])
    stand_in = shared["expert_id"].map(lambda i: pseudonym(str(i), key))
    shared["expert_id"] = stand_in
    if "name" in shared:
        shared["name"] = stand_in
    return shared


def rejects_frame(
    rejected: Sequence[Rejected], refused: Sequence[RefusedFile] = ()
) -> pd.DataFrame:
    """One row per rejected record: where it is, every reason, and the record as read; then one
    row per refused file, whose ``record`` is ``null`` (none was read) and whose ``problems``
    say how many records it holds. Hidden characters in reasons show as ``<U+200B>``."""
    rows = [
        {
            "source": r.record.source,
            "line": r.record.line,
            "problems": " | ".join(_reason(p) for p in r.problems),
            "record": json.dumps(r.record.data, ensure_ascii=False, default=str),
        }
        for r in rejected
    ]
    rows += [
        {
            "source": f.source,
            "line": f.problems[0].line if f.problems else None,
            "problems": f"file refused, {f.describe()} not read: "
            + " | ".join(_reason(p) for p in f.problems),
            "record": "null",
        }
        for f in refused
    ]
    return pd.DataFrame(rows, columns=["source", "line", "problems", "record"])


def _reason(problem: Problem) -> str:
    text = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return show_hidden(text)


def write(frame: pd.DataFrame, path: str | Path, fmt: Literal["csv", "json"]) -> Path:
    """Write a shortlist file; CSV gets a BOM so that Excel opens it as UTF-8."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        target.write_text(to_csv(frame), encoding="utf-8-sig", newline="")
    else:
        target.write_text(to_json(frame), encoding="utf-8")
    return target
