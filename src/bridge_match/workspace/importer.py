"""``bridge-match import``: validate the data folders and bring the workspace and its index up
to date, in one transaction.

1. Every data file is hashed (size and sha256). When none changed since the last import and
   the index is there, nothing is read and nothing is written.
2. Otherwise the folders are validated exactly as ``validate`` does (same messages, same
   strictness, same accounting); a fault is exit 2 and nothing is written, unless
   ``skip_invalid``, which imports the valid records and keeps the rejects in the workspace.
3. The index is updated in place of a refit when few profiles changed
   (:meth:`~bridge_match.matcher.Matcher.update`, :attr:`~bridge_match.matcher.Matcher.
   refit_advised`), else refitted, and saved as a new version beside the one the workspace
   points to, which stays (readers may be using it).
4. One write transaction then swaps the snapshot: profiles added, changed and removed, needs,
   files, the accounting and rejects, and the pointer to the new index version. A crash or a
   ``kill -9`` before its commit leaves the previous snapshot and its index as they were.
"""

from __future__ import annotations

import getpass
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import DBAPIError

from bridge_match.errors import DataError, ModelError, Problem
from bridge_match.i18n import Message, gettext
from bridge_match.load import data_dir, display_path, find_data
from bridge_match.models import ExpertProfile, Need
from bridge_match.saved_arrays import sha256_of
from bridge_match.validate import DataReport, check_data
from bridge_match.workspace.database import conflict
from bridge_match.workspace.pipeline import now
from bridge_match.workspace.schema import imports, profiles, rejects, source_files
from bridge_match.workspace.schema import needs as need_rows
from bridge_match.workspace.store import Workspace, set_meta

Progress = Callable[[str, int, int], None]


class ImportConflictError(DataError):
    """Another import committed while this one was running: nothing of this one was written."""

    exit_code = 1


@dataclass(frozen=True)
class FileState:
    """A data file as an import saw it."""

    path: str
    kind: str
    size: int
    mtime_ns: int
    sha256: str


@dataclass
class ImportResult:
    """What an import did.

    ``unchanged`` when no file changed (nothing was read or written). ``index`` says how the
    index was brought up to date: ``"kept"``, ``"updated"`` (no refit) or ``"fitted"``.
    """

    workspace: str
    profiles_dir: Path
    needs_dir: Path
    unchanged: bool
    files: int
    files_unchanged: int
    report: DataReport | None = None
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    needs: tuple[int, int, int] = (0, 0, 0)
    """Needs added, changed and removed."""
    index: Literal["kept", "updated", "fitted"] = "kept"
    import_id: int | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    version: str = ""
    """The index version the workspace points to after the import."""
    stamps: dict[str, Any] = field(default_factory=dict, repr=False)
    analysis: str = field(default="", repr=False)
    """The analysis the index was made under (:func:`analysis_fingerprint`)."""
    started: float = field(default_factory=time.perf_counter, repr=False)


_REFIT_DRIFT = gettext("refitted: updates since the last fit changed too much")
_REFIT_STALE = gettext("refitted: the glossary or weights changed since the last fit")


def scan(folder: Path, kind: str) -> list[FileState]:
    """The data files under ``folder`` (as ``validate`` finds them), each with its size and
    sha256."""
    out = []
    for path in find_data(folder).files:
        info = path.stat()
        out.append(
            FileState(str(path.absolute()), kind, info.st_size, info.st_mtime_ns, sha256_of(path))
        )
    return out


def import_data(
    workspace: Workspace | str | Path | None = None,
    profiles: str | Path | None = None,
    needs: str | Path | None = None,
    skip_invalid: bool = False,
    refit: bool = False,
    by: str | None = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> ImportResult:
    """Validate the data folders and bring the workspace and its index up to date.

    Parameters
    ----------
    workspace:
        An open :class:`~bridge_match.workspace.Workspace`, or where one is (created if
        needed).
    profiles, needs:
        The folders (default: those of the last import, else ``./profiles`` and ``./needs``,
        else the bundled sample).
    skip_invalid:
        Import the valid records and keep the rejected ones (with every problem) in the
        workspace, rather than refuse the import.
    refit:
        Refit the index even when an update would do (or when nothing changed).
    by:
        Who imports (default: the login name), for the import history.
    progress:
        ``progress(stage, done, total)``.
    strict:
        Columns and keys that are no field are problems, not warnings (as ``validate``).

    Returns
    -------
    ImportResult
        What changed, with the accounting.

    Raises
    ------
    DataError
        Any fault in the data (every one, as ``validate`` reports them), unless
        ``skip_invalid``; or no valid profile at all.
    ImportConflictError
        Another import committed meanwhile (run it again).
    ModelError
        The index could not be saved.
    """
    if not isinstance(workspace, Workspace):
        with Workspace.open(workspace) as ws:
            return import_data(ws, profiles, needs, skip_invalid, refit, by, progress, strict)
    ws = workspace
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    if profiles is None or needs is None:  # the folders imported last, else the defaults
        with ws.snapshot() as snap:
            last = snap.data_folders()
        if last:
            profiles = profiles if profiles is not None else last[0]
            needs = needs if needs is not None else last[1]
    profiles_dir, needs_dir = data_dir(profiles, "profiles"), data_dir(needs, "needs")
    report("hashing files", 0, 1)
    files = [*scan(profiles_dir, "profiles"), *scan(needs_dir, "needs")]
    with ws.snapshot() as snap:
        before = {r.path: r for r in snap.connection.execute(select(source_files))}
        settings = dict(snap.settings)
        start_id = snap.import_id
    same = {f.path for f in files if _same(f, before.get(f.path))}
    result = ImportResult(
        ws.name,
        profiles_dir,
        needs_dir,
        True,
        len(files),
        len(same),
        import_id=start_id,
        version=settings.get("index_version", ""),
        started=started,
    )
    version = settings.get("index_version")
    result.analysis = analysis = analysis_fingerprint()
    if (
        not refit
        and version
        and len(same) == len(files) == len(before)
        and start_id
        and settings.get("analysis") == analysis
    ):
        result.seconds = time.perf_counter() - started
        return result
    report("validating", 0, 1)
    data = check_data(profiles_dir, needs_dir, strict)
    if not data.ok and not skip_invalid:
        raise DataError(data.problems)
    accepted = data.profiles.accepted
    if not accepted:
        raise DataError(
            Problem(str(profiles_dir), None, None, "no valid profile to import; nothing changed")
        )
    result.unchanged, result.report = False, data
    with ws.snapshot() as snap:
        stored = snap.digests()
        stored_needs = {
            r.id: r.record
            for r in snap.connection.execute(select(need_rows.c.id, need_rows.c.record))
        }
    fresh = {p.id: p.digest for p in accepted}
    result.added = sorted(i for i in fresh if i not in stored)
    result.changed = sorted(i for i in fresh if i in stored and stored[i] != fresh[i])
    result.removed = sorted(i for i in stored if i not in fresh)
    matcher, result.index = _indexed(ws, accepted, version, settings, refit, result, report)
    from bridge_match.persist import save_version, stamps_of

    report("saving the index", 0, 1)
    keep = frozenset({version} if version else ())
    result.version = save_version(matcher.index_, matcher._saved_params(), ws.index_dir, keep)
    result.stamps = stamps_of(ws.index_dir, result.version)
    report("writing the workspace", 0, 1)
    try:
        import_id = _commit(ws, start_id, result, data, files, accepted, stored_needs, by)
    except DBAPIError as exc:
        if not conflict(exc):
            raise
        raise _conflict(ws, None) from None
    result.import_id = import_id
    result.seconds = time.perf_counter() - started
    return result


def _conflict(ws: Workspace, latest: int | None) -> ImportConflictError:
    which = f" (#{latest})" if latest else ""
    return ImportConflictError(
        Problem(
            ws.name,
            None,
            None,
            f"another import{which} finished while this one ran; nothing of this one was "
            "written. Run `bridge-match import` again",
        )
    )


def _commit(
    ws: Workspace,
    start_id: int,
    result: ImportResult,
    data: DataReport,
    files: Sequence[FileState],
    accepted: Sequence[ExpertProfile],
    stored_needs: dict[str, str],
    by: str | None,
) -> int:
    """The snapshot swapped in one write transaction (the index version is already saved)."""
    with ws.transaction() as connection:
        latest = int(_setting(connection, "import_id") or 0)
        if latest != start_id:
            raise _conflict(ws, latest)
        import_id = _record_import(connection, result, data, result.version, by)
        _write_profiles(connection, accepted, data, result)
        result.needs = _write_needs(connection, data.needs.accepted, data, stored_needs)
        _write_files(connection, files, data, import_id)
        _write_rejects(connection, data, import_id)
        set_meta(
            connection,
            {
                "import_id": str(import_id),
                "index_version": result.version,
                "index_stamps": json.dumps(result.stamps),
                "profiles": str(len(accepted)),
                "analysis": result.analysis,
            },
        )
    return import_id


def analysis_fingerprint() -> str:
    """What an index depends on besides the profiles: the glossary and the field weights. A
    new bridge-match that changed either makes ``import`` refit, files unchanged or not (the
    saved index would be refused as stale: :class:`~bridge_match.persist.StaleModelError`)."""
    from bridge_match.documents import PROFILE_WEIGHTS
    from bridge_match.text import Glossary

    weights = json.dumps(PROFILE_WEIGHTS, sort_keys=True)
    return sha256(f"{Glossary.default().fingerprint()}\n{weights}".encode()).hexdigest()


def _same(file: FileState, stored: Any) -> bool:
    return stored is not None and stored.size == file.size and stored.sha256 == file.sha256


def _setting(connection: Connection, key: str) -> str | None:
    from bridge_match.workspace.schema import meta

    return connection.execute(select(meta.c.value).where(meta.c.key == key)).scalar()


def _indexed(
    ws: Workspace,
    accepted: Sequence[ExpertProfile],
    version: str | None,
    settings: dict[str, str],
    refit: bool,
    result: ImportResult,
    report: Progress,
) -> tuple[Any, Literal["updated", "fitted"]]:
    """The index for these profiles: the workspace's updated (no refit) when it can be,
    else refitted."""
    from bridge_match.matcher import Matcher
    from bridge_match.persist import StaleModelError

    if version and not refit:
        stamps = json.loads(settings.get("index_stamps", "{}"))
        trusted = {name: (s[0], s[1], s[2], s[3]) for name, s in stamps.items()}
        try:
            updated = Matcher.load(
                ws.index_dir, accepted, changes="update", version=version, trusted=trusted
            )
            if not updated.refit_advised:
                return updated, "updated"
            result.notes.append(Message(_REFIT_DRIFT))
        except StaleModelError:
            result.notes.append(Message(_REFIT_STALE))
        except ModelError as exc:
            result.notes.append(Message("refitted: the index could not be read ({why})", why=exc))
    return Matcher().fit(accepted, report), "fitted"


def _record_import(
    connection: Connection,
    result: ImportResult,
    data: DataReport,
    version: str,
    by: str | None,
) -> int:
    row = {
        "at": now(),
        "by": by or _login(),
        "profiles_dir": str(result.profiles_dir),
        "needs_dir": str(result.needs_dir),
        "files_read": result.files,
        "files_unchanged": result.files_unchanged,
        "profiles_read": data.profiles.found,
        "profiles_accepted": len(data.profiles.accepted),
        "profiles_rejected": data.profiles.not_accepted,
        "needs_read": data.needs.found,
        "needs_accepted": len(data.needs.accepted),
        "needs_rejected": data.needs.not_accepted,
        "added": len(result.added),
        "changed": len(result.changed),
        "removed": len(result.removed),
        "index_version": version,
        "seconds": f"{time.perf_counter() - result.started:.1f}",
    }
    found: int = connection.execute(
        insert(imports).values(**row).returning(imports.c.id)
    ).scalar_one()
    return found


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _profile_row(profile: ExpertProfile, data: DataReport) -> dict[str, Any]:
    origin = data.profiles.origin.get(profile.id)
    return {
        "id": profile.id,
        "name": profile.name,
        "country": profile.country,
        "association": profile.association,
        "email": profile.email,
        "consent": bool(profile.consent_to_contact),
        "source": origin.source if origin else "",
        "line": origin.line if origin else None,
        "digest": profile.digest,
        # no publications: none stored, so the profile reads back with the shared empty default
        "record": profile.model_dump_json(
            exclude=None if profile.publications else {"publications"}
        ),
    }


def _write_profiles(
    connection: Connection,
    accepted: Sequence[ExpertProfile],
    data: DataReport,
    result: ImportResult,
) -> None:
    gone = [*result.removed, *result.changed]
    for start in range(0, len(gone), 500):
        connection.execute(delete(profiles).where(profiles.c.id.in_(gone[start : start + 500])))
    new = set(result.added) | set(result.changed)
    rows = [_profile_row(p, data) for p in accepted if p.id in new]
    for start in range(0, len(rows), 5000):
        connection.execute(insert(profiles), rows[start : start + 5000])
    # profiles that stayed may have moved within their files (or to another file)
    where = {
        r.id: (r.source, r.line)
        for r in connection.execute(select(profiles.c.id, profiles.c.source, profiles.c.line))
    }
    moved = []
    for profile in accepted:
        origin = data.profiles.origin.get(profile.id)
        if profile.id in new or origin is None:
            continue
        if where.get(profile.id) != (origin.source, origin.line):
            moved.append({"key": profile.id, "source": origin.source, "line": origin.line})
    if moved:
        from sqlalchemy import bindparam

        statement = (
            update(profiles)
            .where(profiles.c.id == bindparam("key"))
            .values(source=bindparam("source"), line=bindparam("line"))
        )
        connection.execute(statement, moved)


def _write_needs(
    connection: Connection, accepted: Sequence[Need], data: DataReport, stored: dict[str, str]
) -> tuple[int, int, int]:
    rows: list[dict[str, Any]] = []
    for need in accepted:
        origin = data.needs.origin.get(need.id)
        rows.append(
            {
                "id": need.id,
                "title": need.title,
                "sector": need.sector.value,
                "host": need.host,
                "source": origin.source if origin else "",
                "line": origin.line if origin else None,
                "record": need.model_dump_json(),
            }
        )
    connection.execute(delete(need_rows))
    if rows:
        connection.execute(insert(need_rows), rows)
    ids = {r["id"]: r["record"] for r in rows}
    added = sum(1 for i in ids if i not in stored)
    changed = sum(1 for i, r in ids.items() if i in stored and stored[i] != r)
    removed = sum(1 for i in stored if i not in ids)
    return added, changed, removed


def _write_files(
    connection: Connection, files: Sequence[FileState], data: DataReport, import_id: int
) -> None:
    counts: dict[str, int] = {}
    for origin in [*data.profiles.origin.values(), *data.needs.origin.values()]:
        counts[origin.source] = counts.get(origin.source, 0) + 1
    connection.execute(delete(source_files))
    if files:
        connection.execute(
            insert(source_files),
            [
                {
                    "path": f.path,
                    "kind": f.kind,
                    "size": f.size,
                    "mtime_ns": f.mtime_ns,
                    "sha256": f.sha256,
                    "records": _records_in(f.path, counts),
                    "import_id": import_id,
                }
                for f in files
            ],
        )


def _records_in(path: str, counts: dict[str, int]) -> int:
    """Accepted records whose source (as messages show it: relative, a sheet in brackets) is
    this file."""
    shown = display_path(Path(path))
    return sum(
        n for source, n in counts.items() if source == shown or source.startswith(shown + "[")
    )


def _write_rejects(connection: Connection, data: DataReport, import_id: int) -> None:
    rows = [
        {
            "import_id": import_id,
            "kind": kind,
            "source": r.record.source,
            "line": r.record.line,
            "problems": json.dumps([str(p) for p in r.problems], ensure_ascii=False),
            "record": json.dumps(r.record.data, ensure_ascii=False, default=str),
        }
        for kind, found in (
            ("profiles", data.profiles.rejected),
            ("needs", data.needs.rejected),
            ("publications", data.profiles.papers.rejected),
        )
        for r in found
    ]
    rows += [
        {
            "import_id": import_id,
            "kind": kind,
            "source": f.source,
            "line": None,
            "problems": json.dumps([str(p) for p in f.problems], ensure_ascii=False),
            "record": "null",
        }
        for kind, found in (
            ("profiles", data.profiles.refused),
            ("needs", data.needs.refused),
            ("publications", data.profiles.papers.refused),
        )
        for f in found
    ]
    if rows:
        connection.execute(insert(rejects), rows)
