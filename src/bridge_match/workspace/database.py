"""Where a workspace lives and how it is opened: a SQLite file by default, a PostgreSQL server
by URL; the schema brought to the latest version by Alembic's migrations; transactions that
read one snapshot or write all-or-nothing.

**SQLite.** One file in WAL mode (readers never wait for the writer and see the last commit
before their first read), ``synchronous=FULL`` (a commit is on disk when it returns),
foreign keys on, and a busy timeout so that two writers take turns rather than fail. Python's
``sqlite3`` would start transactions late and commit around DDL on its own; as SQLAlchemy's
SQLite documentation advises, the driver is put in autocommit mode and every transaction
begins explicitly: ``BEGIN IMMEDIATE`` for a writer (it holds the write lock from its first
read, so a status check and its update cannot interleave with another writer's), ``BEGIN``
for a reader.

**PostgreSQL.** Readers run ``REPEATABLE READ READ ONLY`` (one snapshot throughout), writers
``SERIALIZABLE``; a writer that loses a race to another is retried (:func:`retrying`).

**Ownership.** A workspace is recognised by its ``meta`` row ``format``; a file that is not a
SQLite database, or a database holding other tables, is refused: bridge-match never writes
into a database it did not create.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from bridge_match.errors import DataError, Problem
from bridge_match.workspace.schema import meta

WORKSPACE_ENV = "BRIDGE_MATCH_WORKSPACE"
DEFAULT_WORKSPACE = Path("bridge-match.sqlite")
FORMAT = "bridge-match-workspace"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 60_000
RETRIES = 20
POOL_SIZE = 24
"""Connections kept open: more than a web server's worker threads, so none waits for one."""

T = TypeVar("T")


class WorkspaceError(DataError):
    """A workspace that cannot be opened as one: named, with the fix (exit 2)."""


def workspace_url(workspace: str | Path | None = None) -> str:
    """The SQLAlchemy URL of a workspace given as a path or URL (``--workspace``), else the
    ``BRIDGE_MATCH_WORKSPACE`` environment variable, else ``./bridge-match.sqlite``.

    Parameters
    ----------
    workspace:
        A path (a SQLite file) or a URL (``postgresql://user@host/db``, ``sqlite:///file``).

    Returns
    -------
    str
        The URL, with the driver bridge-match uses (``postgresql+psycopg``).

    Raises
    ------
    WorkspaceError
        A URL of a database bridge-match does not support.

    >>> workspace_url("postgresql://me@db.example.org/bridge")
    'postgresql+psycopg://me@db.example.org/bridge'
    """
    given = workspace if workspace is not None else os.environ.get(WORKSPACE_ENV) or None
    if given is None:
        given = DEFAULT_WORKSPACE
    text = str(given)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().absolute()}"
    url = make_url(text)
    backend = url.get_backend_name()
    if backend == "postgresql":
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend == "sqlite" and url.database:
        return f"sqlite:///{Path(url.database).expanduser().absolute()}"
    raise WorkspaceError(
        Problem(
            "--workspace",
            None,
            None,
            f"{url.render_as_string()}: give a SQLite file path or a postgresql:// URL",
        )
    )


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite workspace URL, or None for a server."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def shown(url: str) -> str:
    """A workspace as a message names it: the file, or the URL without its password."""
    path = sqlite_path(url)
    return str(path) if path is not None else make_url(url).render_as_string(hide_password=True)


def check_sqlite_file(path: Path) -> bool:
    """Whether ``path`` already exists; refuse one that is not a SQLite database (a workspace is
    never created over another file)."""
    if not path.exists():
        return False
    if not path.is_file():
        raise WorkspaceError(Problem(str(path), None, None, "is not a file; give a workspace file"))
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head and head != SQLITE_MAGIC:
        raise WorkspaceError(
            Problem(
                str(path),
                None,
                None,
                "is not a bridge-match workspace (not a SQLite database); nothing was written. "
                "Give another --workspace path",
            )
        )
    return bool(head)


def check_sqlite_owned(path: Path) -> None:
    """Refuse an existing SQLite database that is not a workspace, having only read it
    (read-only, no pragma): opening it as a workspace would already change its header."""
    import sqlite3

    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            found = (
                db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
                if "meta" in tables
                else None
            )
    except sqlite3.Error as exc:
        raise WorkspaceError(
            Problem(
                str(path), None, None, f"cannot be read as a workspace ({exc}); nothing was written"
            )
        ) from None
    if tables and (found is None or found[0] != FORMAT):
        raise WorkspaceError(
            Problem(
                str(path),
                None,
                None,
                "is a database bridge-match did not create; nothing was written. "
                "Give another --workspace",
            )
        )


def make_engine(url: str) -> Engine:
    """An engine with the transaction behaviour described in the module docstring."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
            pool_size=POOL_SIZE,
            max_overflow=POOL_SIZE,
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi: Any, record: Any) -> None:
            dbapi.isolation_level = None  # we BEGIN ourselves (see the module docstring)
            cursor = dbapi.cursor()
            for pragma in (
                "journal_mode=WAL",
                "synchronous=FULL",
                "foreign_keys=ON",
                f"busy_timeout={BUSY_TIMEOUT_MS}",
            ):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            writing = connection.get_execution_options().get("bridge_match_write", False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_SIZE)


@contextlib.contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read transaction over one snapshot of the workspace."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with connection.begin():
            yield connection


@contextlib.contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction: all of it is committed, or none of it."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="SERIALIZABLE")
        else:
            connection = connection.execution_options(bridge_match_write=True)
        with connection.begin():
            yield connection


def retrying(engine: Engine, work: Callable[[Connection], T]) -> T:
    """``work`` in a write transaction, again from the start when the database says another
    writer got in the way (PostgreSQL's serialization failures and unique-key races, SQLite's
    lock timeouts), up to :data:`RETRIES` times."""
    for attempt in range(RETRIES):
        try:
            with writing(engine) as connection:
                return work(connection)
        except DBAPIError as exc:
            if attempt + 1 == RETRIES or not conflict(exc):
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def conflict(exc: DBAPIError) -> bool:
    """Whether the database refused a write because another writer got in the way."""
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code in ("40001", "40P01", "23505"):
        return True
    return isinstance(exc, OperationalError) and "locked" in str(exc.orig)


def owned(connection: Connection) -> bool | None:
    """True for a bridge-match workspace, None for an empty database, False for another one."""
    tables = set(inspect(connection).get_table_names())
    if not tables:
        return None
    if "meta" not in tables:
        return False
    found = connection.execute(select(meta.c.value).where(meta.c.key == "format")).scalar()
    return found == FORMAT
