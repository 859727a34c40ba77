"""``forget`` in the workspace: a person's profile, pipeline pairs and their events, saved
shortlist rows and stored rejects deleted in one transaction, the index refitted without them
(every older index version removed), the database compacted, then the database file and the
index searched byte by byte for what is left.

A tombstone keeps the count true without keeping the person: a keyed pseudonym of the id (HMAC
with a key the workspace drew at random and keeps), when, and how many rows went.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, delete, func, insert, or_, select, text, update

from bridge_match.erase import Erasure, Trace, find_ids, forget, record_key, traces_in
from bridge_match.models import ExpertProfile
from bridge_match.workspace.pipeline import now
from bridge_match.workspace.schema import (
    events,
    pipeline,
    profiles,
    rejects,
    shortlist_rows,
    shortlists,
    tombstones,
)
from bridge_match.workspace.store import Workspace, set_meta


@dataclass
class WorkspaceErasure:
    """What :func:`erase_people` deleted from a workspace, and what its search found after."""

    ids: list[str] = field(default_factory=list)
    """The ids the workspace held."""
    rows: dict[str, int] = field(default_factory=dict)
    """Rows deleted, by table."""
    index: str = ""
    remaining: list[Trace] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)


def tombstone(connection: Connection, expert_id: str) -> str:
    """The keyed pseudonym of an id (the workspace's key, drawn on first use)."""
    from bridge_match.workspace.schema import meta

    key = connection.execute(select(meta.c.value).where(meta.c.key == "tombstone_key")).scalar()
    if key is None:
        key = secrets.token_hex(32)
        set_meta(connection, {"tombstone_key": key})
    return hmac.new(bytes.fromhex(key), expert_id.encode(), hashlib.sha256).hexdigest()


def erase_people(
    ws: Workspace, ids: Iterable[str], names: set[str], emails: set[str]
) -> WorkspaceErasure:
    """Erase these experts from the workspace and search it afterwards.

    Parameters
    ----------
    ws:
        The open workspace.
    ids:
        Expert ids (as :func:`bridge_match.erase.record_key` gives them).
    names, emails:
        Their names and e-mails as the files held them (the workspace's are added), for the
        search.

    Returns
    -------
    WorkspaceErasure
        Counts, the index's fate and every trace found.
    """
    wanted = sorted(set(ids))
    with ws.snapshot() as snap:
        held = snap.profiles(wanted)
        everyone = snap.all_profiles() if held else []
    result = WorkspaceErasure(ids=sorted(held))
    names = set(names) | {p.name for p in held.values()}
    emails = set(emails) | {p.email for p in held.values() if p.email}
    rest = [p for p in everyone if p.id not in held]
    version = _refit(ws, rest) if held else None
    with ws.transaction() as connection:
        result.rows = _delete(connection, wanted, names, emails)
        for expert_id in result.ids:
            connection.execute(
                insert(tombstones).values(
                    pseudonym=tombstone(connection, expert_id),
                    at=now(),
                    profiles=1,
                    events=result.rows.get("events", 0),
                    shortlist_rows=result.rows.get("shortlist_rows", 0),
                )
            )
        if held:
            set_meta(connection, {"profiles": str(len(rest))})
        if version is not None:
            name, stamps = version
            set_meta(connection, {"index_version": name, "index_stamps": json.dumps(stamps)})
            result.index = f"refitted the workspace's index on the {len(rest)} others"
        elif held:
            set_meta(connection, {"index_version": ""})
            result.index = "removed the workspace's index: nobody is left"
    _compact(ws)
    _search(ws, result, set(wanted), names, emails, rest)
    return result


def _refit(ws: Workspace, rest: list[ExpertProfile]) -> tuple[str, dict[str, object]] | None:
    from bridge_match.matcher import Matcher
    from bridge_match.model_folder import remove_model
    from bridge_match.persist import save_version, stamps_of

    if not rest:
        remove_model(ws.index_dir)
        return None
    matcher = Matcher().fit(rest)
    name = save_version(matcher.index_, matcher._saved_params(), ws.index_dir, frozenset())
    return name, dict(stamps_of(ws.index_dir, name))


def _delete(
    connection: Connection, ids: list[str], names: set[str], emails: set[str]
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table, column in (
        (profiles, profiles.c.id),
        (events, events.c.expert_id),
        (pipeline, pipeline.c.expert_id),
        (shortlist_rows, shortlist_rows.c.expert_id),
    ):
        counts[table.name] = int(
            connection.execute(select(func.count()).where(column.in_(ids))).scalar_one()
        )
        connection.execute(delete(table).where(column.in_(ids)))
    # rejects are records as read: one holding the id or the e-mail is the person's
    needles = [*ids, *emails]
    if needles:
        matches = or_(*(rejects.c.record.contains(n) for n in needles))
        counts["rejects"] = int(
            connection.execute(select(func.count()).where(matches)).scalar_one()
        )
        connection.execute(delete(rejects).where(matches))
    # a shortlist saved for the person (recommend --expert ID --save) names them in its
    # parameters: the id there becomes the tombstone's pseudonym
    for row in connection.execute(select(shortlists.c.id, shortlists.c.parameters)).all():
        parameters = row.parameters
        for expert_id in ids:
            parameters = parameters.replace(
                json.dumps(expert_id), json.dumps(tombstone(connection, expert_id))
            )
        if parameters != row.parameters:
            connection.execute(
                update(shortlists).where(shortlists.c.id == row.id).values(parameters=parameters)
            )
    return counts


def _compact(ws: Workspace) -> None:
    """Deleted rows gone from the file too: SQLite's free pages and write-ahead log rewritten
    (``VACUUM``, checkpoint); PostgreSQL's tables rewritten (``VACUUM FULL``)."""
    if ws.engine.dialect.name == "sqlite":
        raw = ws.engine.raw_connection()  # its driver connection is in autocommit mode
        try:
            cursor = raw.cursor()
            checkpoint = "PRAGMA wal_checkpoint(TRUNCATE)"
            for statement in (checkpoint, "VACUUM", checkpoint):
                cursor.execute(statement)
            cursor.close()
        finally:
            raw.close()
        return
    with ws.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        for table in (profiles, events, pipeline, shortlist_rows, shortlists, rejects):
            connection.execute(text(f"VACUUM FULL {table.name}"))


def _search(
    ws: Workspace,
    result: WorkspaceErasure,
    ids: set[str],
    names: set[str],
    emails: set[str],
    rest: list[ExpertProfile],
) -> None:
    """The database file (and its write-ahead log) and the index, byte by byte. A name another
    remaining profile also has is that person's, not a trace; ids and e-mails never are."""
    shared = {p.name for p in rest} & names
    names = names - shared
    files: list[Path] = []
    if ws.path is not None:
        files += [f for f in (ws.path, Path(f"{ws.path}-wal")) if f.exists()]
        result.searched.append(str(ws.path))
    else:
        with ws.snapshot() as snap:
            count = snap.connection.execute(
                select(func.count()).where(profiles.c.id.in_(sorted(ids)))
            ).scalar_one()
        if count:
            result.remaining.append(Trace(ws.name, ("id",), "workspace"))
        result.searched.append(f"{ws.name} (rows; the server's files are its own)")
    if ws.index_dir.is_dir():
        files += sorted(p for p in ws.index_dir.rglob("*") if p.is_file())
        result.searched.append(str(ws.index_dir))
    for path in files:
        found = traces_in(path, ids, names, emails)
        if found:
            kind = "workspace index" if ws.index_dir in path.parents else "workspace"
            result.remaining.append(Trace(str(path), found, kind))


def forget_everywhere(
    ids: Sequence[str],
    profiles: str | Path | None,
    model_dir: str | Path | None,
    workspace: Workspace | str | Path | None,
) -> Erasure:
    """:func:`bridge_match.commands.forget_people`: the files (:func:`bridge_match.erase.forget`)
    and, when there is one, the workspace (:func:`erase_people`), one result."""
    from bridge_match.load import data_dir

    wanted = sorted({record_key(i) for i in ids} - {""})
    if isinstance(workspace, Workspace):
        ws: Workspace | None = workspace
    else:
        ws = Workspace.open(workspace) if Workspace.exists(workspace) else None
    try:
        held: set[str] = set()
        imported: str | None = None
        if ws is not None:
            with ws.snapshot() as snap:
                held = set(snap.profiles(wanted))
                folders = snap.data_folders()
            imported = folders[0] if folders else None
        folder = data_dir(profiles if profiles is not None else imported, "profiles")
        in_files = find_ids(wanted, folder)
        if not wanted or any(i not in in_files and i not in held for i in wanted):
            result = forget(wanted, folder, model_dir)  # the files' own error, naming the ids
        elif in_files:
            result = forget(sorted(in_files), folder, model_dir)
        else:
            result = Erasure(searched=[str(folder)])
        if ws is not None:
            gone = erase_people(ws, wanted, set(result.names), set())
            if in_files:
                _files_rewritten(ws, folder)
            result.removed += [(i, ws.name, None) for i in gone.ids if i not in in_files]
            result.remaining += gone.remaining
            result.searched += gone.searched
            if gone.index:
                result.model += f"; {gone.index}"
        return result
    finally:
        if ws is not None and not isinstance(workspace, Workspace):
            ws.close()


def _files_rewritten(ws: Workspace, folder: Path) -> None:
    """The files ``forget`` rewrote, recorded as they are now: the workspace already holds what
    they hold, so the next command does not call them changed."""
    from bridge_match.workspace.importer import scan
    from bridge_match.workspace.schema import source_files

    with ws.transaction() as connection:
        known = {r.path for r in connection.execute(select(source_files.c.path))}
        for state in scan(folder, "profiles"):
            if state.path in known:
                connection.execute(
                    update(source_files)
                    .where(source_files.c.path == state.path)
                    .values(size=state.size, mtime_ns=state.mtime_ns, sha256=state.sha256)
                )
