"""One function per workspace command: ``status set``, ``status list``, ``status history``,
``shortlists list``, ``shortlists diff``, ``workspace backup`` (``import`` is
:func:`~bridge_match.workspace.importer.import_data`). Each opens the workspace, does one thing
in one transaction, and returns what the CLI shows; none prints.
"""

from __future__ import annotations

import contextlib
import getpass
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import MetaData, Table, insert, select

import bridge_match.workspace.pipeline as flow
from bridge_match.errors import DataError, Problem, closest
from bridge_match.options import TableFormat
from bridge_match.outputs import Inputs, replace_with
from bridge_match.workspace.database import retrying
from bridge_match.workspace.schema import metadata, needs, profiles
from bridge_match.workspace.store import Workspace

if TYPE_CHECKING:  # loaded where used: ``status set`` does without pandas (a quarter second)
    import pandas as pd

    import bridge_match.workspace.shortlists as saved

STATUS_COLUMNS = [
    "need_id",
    "need_title",
    "expert_id",
    "name",
    "association",
    "status",
    "note",
    "by",
    "at",
]
HISTORY_COLUMNS = ["need_id", "expert_id", "previous", "status", "note", "by", "at"]


@contextlib.contextmanager
def _open(workspace: Workspace | str | Path | None) -> Iterator[Workspace]:
    if isinstance(workspace, Workspace):
        yield workspace
        return
    ws = Workspace.open(workspace, create=False)
    try:
        yield ws
    finally:
        ws.close()


def who(by: str | None) -> str:
    """Who did it: ``--by``, else the login name."""
    if by and by.strip():
        return by.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def set_status(
    need: str,
    expert: str,
    to: str,
    note: str = "",
    by: str | None = None,
    workspace: Workspace | str | Path | None = None,
) -> flow.Event:
    """Move a (need, expert) pair along the pipeline: ``bridge-match status set``.

    Parameters
    ----------
    need, expert:
        The pair, by id (both must be in the workspace).
    to:
        The new status (``proposed``, ``contacted``, ``accepted``, ``declined``, ``active``,
        ``completed``, ``withdrawn``).
    note:
        Why, in a few words (kept with the event).
    by:
        Who (default: the login name).
    workspace:
        The workspace (an open one, a path or a URL; default as for every command).

    Returns
    -------
    Event
        The event recorded.

    Raises
    ------
    DataError
        An unknown need, expert or status, or a move the pipeline does not allow (naming the
        allowed next statuses).
    """
    status = flow.parse_status(to)
    person = who(by)
    with _open(workspace) as ws:

        def work(connection) -> flow.Event:  # type: ignore[no-untyped-def]
            _known(connection, need, expert)
            return flow.set_status(connection, need, expert, status, note.strip(), person)

        return retrying(ws.engine, work)


def _known(connection, need: str, expert: str) -> None:  # type: ignore[no-untyped-def]
    problems = []
    for table, value, option in ((needs, need, "--need"), (profiles, expert, "--expert")):
        if connection.execute(select(table.c.id).where(table.c.id == value)).scalar() is None:
            ids = [r.id for r in connection.execute(select(table.c.id))]
            near = closest(value, ids)
            hint = f"; closest: {', '.join(near)}" if near else ""
            problems.append(Problem(option, None, None, f"no {option[2:]} with id {value!r}{hint}"))
    if problems:
        raise DataError(problems)


def list_statuses(
    need: str | None = None,
    expert: str | None = None,
    status: Sequence[str] = (),
    workspace: Workspace | str | Path | None = None,
    output: str | Path | None = None,
    format: TableFormat | None = None,
) -> pd.DataFrame:
    """The pipeline: every tracked pair's current status: ``bridge-match status list``.

    Parameters
    ----------
    need:
        Only this need (an id) or sector's needs.
    expert:
        Only this expert.
    status:
        Only these statuses.
    workspace:
        The workspace.
    output, format:
        Also write the table to this file (CSV, JSON, or xlsx with a sheet per association),
        atomically, never over the workspace or a file bridge-match did not write.

    Returns
    -------
    pandas.DataFrame
        Columns ``need_id, need_title, expert_id, name, association, status, note, by, at``,
        by association, then need, then expert.

    Raises
    ------
    DataError
        An unknown status or need.
    """
    wanted = [flow.parse_status(s, "--status") for s in status]
    with _open(workspace) as ws, ws.snapshot() as snap:
        need_ids = None
        if need is not None:
            from bridge_match.prepare import select_needs

            need_ids = [n.id for n in select_needs(snap.needs(), need)]
        rows = flow.statuses_of(
            snap.connection, need_ids, [expert] if expert is not None else None, wanted
        )
        titles = {r.id: r.title for r in snap.connection.execute(select(needs.c.id, needs.c.title))}
        ids = sorted({r["expert_id"] for r in rows})
        people: dict[str, tuple[str, str]] = {}
        for start in range(0, len(ids), 500):
            query = select(profiles.c.id, profiles.c.name, profiles.c.association).where(
                profiles.c.id.in_(ids[start : start + 500])
            )
            people.update(
                {r.id: (r.name, r.association or "") for r in snap.connection.execute(query)}
            )
    import pandas as pd

    out = pd.DataFrame(
        [
            {
                "need_id": r["need_id"],
                "need_title": titles.get(r["need_id"], ""),
                "expert_id": r["expert_id"],
                "name": people.get(r["expert_id"], ("", ""))[0],
                "association": people.get(r["expert_id"], ("", ""))[1],
                "status": r["status"],
                "note": r["note"],
                "by": r["by"],
                "at": r["at"],
            }
            for r in rows
        ],
        columns=STATUS_COLUMNS,
    )
    out = out.sort_values(["association", "need_id", "expert_id"], kind="stable")
    out = out.reset_index(drop=True)
    if output is not None:
        _write(out, output, format, ws, "association")
    return out


def _write(
    frame: pd.DataFrame,
    output: str | Path,
    format: TableFormat | None,
    ws: Workspace,
    sheet_by: str | None,
) -> Path:
    from bridge_match.prepare import write_table

    inputs = Inputs.of(ws.path, ws.index_dir)
    return write_table(frame, output, format, inputs, sheet_by=sheet_by)


def status_history(
    need: str, expert: str, workspace: Workspace | str | Path | None = None
) -> pd.DataFrame:
    """Every event of a pair, oldest first: ``bridge-match status history``.

    Returns
    -------
    pandas.DataFrame
        Columns ``need_id, expert_id, previous, status, note, by, at``.

    Raises
    ------
    DataError
        No workspace there.
    """
    with _open(workspace) as ws, ws.snapshot() as snap:
        events = flow.history(snap.connection, need, expert)
    import pandas as pd

    return pd.DataFrame([e.__dict__ for e in events], columns=HISTORY_COLUMNS)


def list_shortlists(workspace: Workspace | str | Path | None = None) -> list[saved.SavedShortlist]:
    """The saved shortlists: ``bridge-match shortlists list``.

    Returns
    -------
    list[SavedShortlist]
        Name, when, by whom, how many rows, with which parameters; oldest first.
    """
    import bridge_match.workspace.shortlists as saved

    with _open(workspace) as ws, ws.snapshot() as snap:
        return saved.list_saved(snap.connection)


def diff_shortlists(
    a: str,
    b: str,
    workspace: Workspace | str | Path | None = None,
    output: str | Path | None = None,
    format: TableFormat | None = None,
) -> pd.DataFrame:
    """Who moved, entered or left between two saved shortlists: ``bridge-match shortlists diff``.

    Parameters
    ----------
    a, b:
        The names of the earlier and the later shortlist.
    output, format:
        Also write the table to this file (CSV, JSON or xlsx).

    Returns
    -------
    pandas.DataFrame
        Columns ``need_id, expert_id, name, change, rank_a, rank_b, score_a, score_b``; pairs
        at the same rank in both are left out.

    Raises
    ------
    DataError
        No shortlist of either name.
    """
    import bridge_match.workspace.shortlists as saved

    with _open(workspace) as ws:
        with ws.snapshot() as snap:
            first, second = (saved.saved_rows(snap.connection, n) for n in (a, b))
        changes = saved.diff(first, second)
        if output is not None:
            _write(changes, output, format, ws, "need_id")
    return changes


def backup_workspace(
    target: str | Path,
    workspace: Workspace | str | Path | None = None,
    inputs: Inputs | None = None,
) -> Path:
    """A consistent copy of the workspace as one SQLite file, made while it is in use:
    ``bridge-match workspace backup FILE``. A SQLite workspace is copied with SQLite's online
    backup; a PostgreSQL one is read in one snapshot into a new SQLite workspace (which opens
    like any other). The copy is written beside the target and renamed into place.

    Parameters
    ----------
    target:
        The backup file: new, or a backup bridge-match wrote before (never another file, never
        the workspace itself).
    workspace:
        The workspace to copy.
    inputs:
        Paths the backup must not overwrite, when the caller has gathered them.

    Returns
    -------
    Path
        The backup file.

    Raises
    ------
    DataError
        A refused target.
    """
    path = Path(target)
    with _open(workspace) as ws:
        guard = (inputs or Inputs()).plus(ws.path, ws.index_dir)
        guard.check(path, "FILE")

        def write(partial: Path) -> None:
            if ws.path is None:
                _copy_to_sqlite(ws, partial)
                return
            with (
                contextlib.closing(sqlite3.connect(ws.path)) as source,
                contextlib.closing(sqlite3.connect(partial)) as copy,
            ):
                source.backup(copy)

        replace_with(path, write)
    return path


def _copy_to_sqlite(ws: Workspace, partial: Path) -> None:
    copy = Workspace.open(partial, index_dir=ws.index_dir)
    try:
        with ws.snapshot() as snap, copy.transaction() as out:
            reflected = MetaData()
            for table in metadata.sorted_tables:
                source = Table(table.name, reflected, autoload_with=snap.connection)
                rows = [dict(r._mapping) for r in snap.connection.execute(select(source))]
                out.execute(table.delete())
                if rows:
                    out.execute(insert(table), rows)
    finally:
        copy.close()
