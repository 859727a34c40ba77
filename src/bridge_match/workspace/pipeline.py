"""The partnership pipeline: statuses of (need, expert) pairs, the moves allowed between them
(``pipeline.yaml``), and the append-only events that record every move.

Setting a status is one transaction that reads the pair's current status, checks the move,
appends an event and updates the pair's current row; two coordinators setting statuses at once
both land, one after the other (:func:`~bridge_match.workspace.database.retrying`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import Connection, and_, func, insert, select, update

from bridge_match.errors import DataError, Problem
from bridge_match.workspace.schema import events, pipeline

Status = Literal[
    "proposed", "contacted", "accepted", "declined", "active", "completed", "withdrawn"
]
STATUSES: tuple[Status, ...] = get_args(Status)
NEW = "new"
MAX_NOTE = 2000


class Moves(BaseModel):
    """The pipeline's rules (``pipeline.yaml``), validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    statuses: tuple[Status, ...]
    moves: dict[str, tuple[Status, ...]]
    kept: tuple[Status, ...] = Field(min_length=1)
    excluded: tuple[Status, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> Moves:
        if set(self.moves) != {NEW, *self.statuses} or self.statuses != STATUSES:
            raise ValueError("pipeline.yaml must list every status, and moves from each")
        return self

    def allowed(self, current: str | None) -> tuple[Status, ...]:
        """The statuses a pair may move to from ``current`` (None: no status yet)."""
        return self.moves[current or NEW]


@functools.cache
def moves() -> Moves:
    """The shipped pipeline rules."""
    with open(Path(__file__).with_name("pipeline.yaml"), encoding="utf-8") as handle:
        return Moves.model_validate(yaml.safe_load(handle))


@dataclass(frozen=True)
class Event:
    """One pipeline move, as recorded."""

    need_id: str
    expert_id: str
    previous: str | None
    status: str
    note: str
    by: str
    at: str


def now() -> str:
    """The time as the workspace records it: UTC, to the second, ISO 8601."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_status(value: str, option: str = "--to") -> Status:
    """A status as typed (any case, spaces around), or a DataError naming the statuses."""
    key = value.strip().casefold()
    if key not in STATUSES:
        raise DataError(
            Problem(option, None, None, f"unknown status {value!r}; one of {', '.join(STATUSES)}")
        )
    return key


def set_status(
    connection: Connection,
    need_id: str,
    expert_id: str,
    status: Status,
    note: str,
    by: str,
) -> Event:
    """Move a pair to ``status`` inside the caller's write transaction.

    Raises
    ------
    DataError
        A move ``pipeline.yaml`` does not allow (naming the allowed ones), or a note too long.
    """
    if len(note) > MAX_NOTE:
        raise DataError(Problem("--note", None, None, f"at most {MAX_NOTE} characters"))
    pair = and_(pipeline.c.need_id == need_id, pipeline.c.expert_id == expert_id)
    current = connection.execute(select(pipeline.c.status).where(pair)).scalar()
    allowed = moves().allowed(current)
    if status not in allowed:
        now_is = current or "no status yet"
        could = ", ".join(allowed) if allowed else "none: it is final"
        raise DataError(
            Problem(
                "--to",
                None,
                None,
                f"{need_id} × {expert_id} is {now_is}; it cannot move to {status} "
                f"(allowed next: {could})",
            )
        )
    event = Event(need_id, expert_id, current, status, note, by, now())
    event_id: int = connection.execute(
        insert(events).values(**event.__dict__).returning(events.c.id)
    ).scalar_one()
    row = {"status": status, "note": note, "by": by, "at": event.at, "event_id": event_id}
    if current is None:
        connection.execute(insert(pipeline).values(need_id=need_id, expert_id=expert_id, **row))
    else:
        connection.execute(update(pipeline).where(pair).values(**row))
    return event


def statuses_of(
    connection: Connection,
    need_ids: Sequence[str] | None = None,
    expert_ids: Sequence[str] | None = None,
    status: Sequence[str] = (),
) -> list[dict[str, str]]:
    """Current rows of the pipeline (``need_id, expert_id, status, note, by, at``), filtered,
    ordered by need, then expert."""
    query = select(
        pipeline.c.need_id,
        pipeline.c.expert_id,
        pipeline.c.status,
        pipeline.c.note,
        pipeline.c.by,
        pipeline.c.at,
    ).order_by(pipeline.c.need_id, pipeline.c.expert_id)
    if need_ids is not None:
        query = query.where(pipeline.c.need_id.in_(list(need_ids)))
    if expert_ids is not None:
        query = query.where(pipeline.c.expert_id.in_(list(expert_ids)))
    if status:
        query = query.where(pipeline.c.status.in_(list(status)))
    return [dict(row._mapping) for row in connection.execute(query)]


def history(connection: Connection, need_id: str, expert_id: str) -> list[Event]:
    """Every event of a pair, oldest first."""
    query = (
        select(events)
        .where(and_(events.c.need_id == need_id, events.c.expert_id == expert_id))
        .order_by(events.c.id)
    )
    return [
        Event(r.need_id, r.expert_id, r.previous, r.status, r.note, r.by, r.at)
        for r in connection.execute(query)
    ]


def count_events(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(events)).scalar_one())
