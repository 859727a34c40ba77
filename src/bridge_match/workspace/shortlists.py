"""Saved shortlists (``recommend --save NAME``): their parameters and rows as shown, and what
changed between two of them (``shortlists diff A B``): who moved, entered or left, per need.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select

from bridge_match.errors import DataError, Problem
from bridge_match.workspace.pipeline import now
from bridge_match.workspace.schema import shortlist_rows, shortlists

NAME = re.compile(r"^[\w][\w .:/+-]{0,199}$")
DIFF_COLUMNS = ["need_id", "expert_id", "name", "change", "rank_a", "rank_b", "score_a", "score_b"]


def save_shortlist(
    connection: Connection,
    name: str,
    frame: pd.DataFrame,
    parameters: Mapping[str, Any],
    by: str,
    import_id: int,
    replace: bool = False,
) -> int:
    """Keep a shortlist under ``name``, in the caller's write transaction.

    Raises
    ------
    DataError
        A name that is empty or too odd to type again, or one already used (unless
        ``replace``).
    """
    if not NAME.match(name):
        raise DataError(
            Problem(
                "--save",
                None,
                None,
                f"{name!r}: a name of letters, digits, spaces and . : / + - (up to 200), "
                "starting with a letter or digit",
            )
        )
    existing = connection.execute(select(shortlists.c.id).where(shortlists.c.name == name)).scalar()
    if existing is not None:
        if not replace:
            raise DataError(
                Problem(
                    "--save", None, None, f"a shortlist named {name!r} exists; choose another name"
                )
            )
        connection.execute(delete(shortlist_rows).where(shortlist_rows.c.shortlist_id == existing))
        connection.execute(delete(shortlists).where(shortlists.c.id == existing))
    row = {
        "name": name,
        "at": now(),
        "by": by,
        "parameters": json.dumps(dict(parameters), ensure_ascii=False, default=str),
        "import_id": import_id,
    }
    saved: int = connection.execute(
        insert(shortlists).values(**row).returning(shortlists.c.id)
    ).scalar_one()
    records = json.loads(frame.to_json(orient="records", force_ascii=False))
    rows = [
        {
            "shortlist_id": saved,
            "position": i,
            "need_id": str(r["need_id"]),
            "expert_id": str(r["expert_id"]),
            "rank": int(r["rank"]),
            "score": f"{float(r['score']):.4f}",
            "row": json.dumps(r, ensure_ascii=False),
        }
        for i, r in enumerate(records)
    ]
    if rows:
        connection.execute(insert(shortlist_rows), rows)
    return saved


@dataclass(frozen=True)
class SavedShortlist:
    """A saved shortlist's heading."""

    name: str
    at: str
    by: str
    rows: int
    parameters: dict[str, Any]


def list_saved(connection: Connection) -> list[SavedShortlist]:
    """Every saved shortlist, oldest first."""
    counts = (
        select(shortlist_rows.c.shortlist_id, func.count().label("n"))
        .group_by(shortlist_rows.c.shortlist_id)
        .subquery()
    )
    query = (
        select(shortlists, counts.c.n)
        .outerjoin(counts, counts.c.shortlist_id == shortlists.c.id)
        .order_by(shortlists.c.id)
    )
    return [
        SavedShortlist(r.name, r.at, r.by, int(r.n or 0), json.loads(r.parameters))
        for r in connection.execute(query)
    ]


def saved_rows(connection: Connection, name: str) -> pd.DataFrame:
    """A saved shortlist's rows as they were shown.

    Raises
    ------
    DataError
        No shortlist of that name (with the names there are).
    """
    found = connection.execute(select(shortlists.c.id).where(shortlists.c.name == name)).scalar()
    if found is None:
        names = [s.name for s in list_saved(connection)]
        known = ", ".join(names) if names else "none yet (recommend --save NAME keeps one)"
        raise DataError(
            Problem("shortlists", None, None, f"no shortlist named {name!r}; saved: {known}")
        )
    query = (
        select(shortlist_rows.c.row)
        .where(shortlist_rows.c.shortlist_id == found)
        .order_by(shortlist_rows.c.position)
    )
    return pd.DataFrame([json.loads(r.row) for r in connection.execute(query)])


def diff(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """What changed from shortlist ``a`` to ``b``, need by need: ``entered`` (in b only),
    ``left`` (in a only), ``moved up``/``moved down`` (rank changed), ``same`` left out; ranks
    and scores on both sides."""
    keys = ["need_id", "expert_id"]
    left = (
        a[[*keys, "name", "rank", "score"]]
        if len(a)
        else pd.DataFrame(columns=[*keys, "name", "rank", "score"])
    )
    right = (
        b[[*keys, "name", "rank", "score"]]
        if len(b)
        else pd.DataFrame(columns=[*keys, "name", "rank", "score"])
    )
    both = left.merge(right, on=keys, how="outer", suffixes=("_a", "_b"))
    rows = []
    for r in both.itertuples(index=False):
        in_a, in_b = pd.notna(r.rank_a), pd.notna(r.rank_b)
        if in_a and in_b:
            if int(r.rank_a) == int(r.rank_b):
                continue
            change = "moved up" if int(r.rank_b) < int(r.rank_a) else "moved down"
        else:
            change = "entered" if in_b else "left"
        rows.append(
            {
                "need_id": r.need_id,
                "expert_id": r.expert_id,
                "name": r.name_b if in_b else r.name_a,
                "change": change,
                "rank_a": int(r.rank_a) if in_a else None,
                "rank_b": int(r.rank_b) if in_b else None,
                "score_a": float(r.score_a) if in_a else None,
                "score_b": float(r.score_b) if in_b else None,
            }
        )
    out = pd.DataFrame(rows, columns=DIFF_COLUMNS)
    order = {"left": 3, "entered": 0, "moved up": 1, "moved down": 2}
    if len(out):
        out = out.sort_values(
            ["need_id", "change", "rank_b", "rank_a"],
            key=lambda c: c.map(order) if c.name == "change" else c,
            kind="stable",
        ).reset_index(drop=True)
    return out
