"""A workspace: its database (:mod:`~bridge_match.workspace.database`), opened and migrated, and
the snapshot every command but ``import`` reads.

A :class:`Snapshot` is one read transaction: the needs, the index version that matches the
profiles, and the profiles themselves fetched by id only when a row shows them, all as of the
same commit. An ``import`` that commits meanwhile is seen by the next snapshot, never half by
this one.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from sqlalchemy import Connection, Engine, delete, func, insert, inspect, select, text

from bridge_match.errors import DataError, ModelError, Problem
from bridge_match.models import ExpertProfile, Need
from bridge_match.organisations import Organisations
from bridge_match.rules import Rules
from bridge_match.workspace.database import (
    FORMAT,
    WorkspaceError,
    check_sqlite_file,
    check_sqlite_owned,
    make_engine,
    owned,
    reading,
    shown,
    sqlite_path,
    workspace_url,
    writing,
)
from bridge_match.workspace.schema import meta, needs, profiles

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
INDEX_SUFFIX = ".index"
SCHEMA_REVISION = "0001"
"""The newest migration's revision: a workspace at it opens without loading Alembic (about a
third of a second of imports on every command). The reference is Alembic's own head
(:func:`_head`); ``test_schema_revision_is_alembics_head`` pins the two equal."""


def _alembic(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


class Workspace:
    """An open workspace. Use :meth:`open`; close it (or use it as a context manager) when done.

    Parameters
    ----------
    url:
        Its SQLAlchemy URL (:func:`~bridge_match.workspace.database.workspace_url`).
    engine:
        The engine opened on it.
    index_dir:
        The model folder its index versions live in.
    """

    def __init__(self, url: str, engine: Engine, index_dir: Path) -> None:
        self.url = url
        self.engine = engine
        self.index_dir = index_dir
        self._needs: dict[int, list[Need]] = {}
        """The needs of each import read so far (a server reads them on every request)."""

    def __repr__(self) -> str:
        return f"Workspace({shown(self.url)!r})"

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @property
    def name(self) -> str:
        """The workspace as messages name it (its file, or its URL without a password)."""
        return shown(self.url)

    @property
    def path(self) -> Path | None:
        """Its SQLite file, or None on a server."""
        return sqlite_path(self.url)

    @classmethod
    def exists(cls, workspace: str | Path | None = None) -> bool:
        """Whether a workspace is there (a SQLite file; a server is asked)."""
        url = workspace_url(workspace)
        path = sqlite_path(url)
        if path is not None:
            return check_sqlite_file(path)
        engine = make_engine(url)
        try:
            with reading(engine) as connection:
                return bool(owned(connection))
        finally:
            engine.dispose()

    @classmethod
    def open(
        cls,
        workspace: str | Path | None = None,
        create: bool = True,
        index_dir: str | Path | None = None,
    ) -> Workspace:
        """Open a workspace, creating it (and bringing an older one up to this version's schema:
        Alembic's migrations, in one transaction) as needed.

        Parameters
        ----------
        workspace:
            A SQLite file path or a database URL (default: ``BRIDGE_MATCH_WORKSPACE``, else
            ``./bridge-match.sqlite``).
        create:
            Create it when it is not there.
        index_dir:
            For a new workspace on a server, the model folder of its index (default
            ``./bridge-match.index``); a SQLite workspace keeps it beside its file.

        Returns
        -------
        Workspace
            Open.

        Raises
        ------
        WorkspaceError
            Not a workspace (another file or database: nothing is written into it), one made by
            a newer bridge-match, or none there and ``create`` is false.
        """
        url = workspace_url(workspace)
        path = sqlite_path(url)
        if path is not None:
            there = check_sqlite_file(path)
            if not there and not create:
                raise WorkspaceError(_missing(url))
            if there:
                check_sqlite_owned(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(url)
        try:
            with writing(engine) as connection:
                found = owned(connection)
                if found is False:
                    raise WorkspaceError(
                        Problem(
                            shown(url),
                            None,
                            None,
                            "is a database bridge-match did not create; nothing was written. "
                            "Give another --workspace",
                        )
                    )
                if found is None and not create:
                    raise WorkspaceError(_missing(url))
                _migrate(connection)
                if found is None:
                    default = (
                        path.with_suffix(INDEX_SUFFIX)
                        if path is not None
                        else Path(index_dir or "bridge-match" + INDEX_SUFFIX)
                    )
                    where = Path(index_dir) if index_dir is not None else default
                    set_meta(
                        connection,
                        {"format": FORMAT, "index_dir": str(where.absolute()), "import_id": "0"},
                    )
                settings = _meta(connection)
        except BaseException:
            engine.dispose()
            raise
        return cls(url, engine, Path(settings["index_dir"]))

    # -- reading -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """One consistent view of the workspace, for as long as the ``with`` block lasts."""
        with reading(self.engine) as connection:
            yield Snapshot(self, connection, _meta(connection))

    def settings(self) -> dict[str, str]:
        """The ``meta`` rows: index folder and version, the last import."""
        with reading(self.engine) as connection:
            return _meta(connection)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction: committed whole at the end of the block, or not at all."""
        with writing(self.engine) as connection:
            yield connection


def _missing(url: str) -> Problem:
    return Problem(
        shown(url),
        None,
        None,
        "no workspace there yet; run `bridge-match import` to create it",
    )


def _at_revision(connection: Connection) -> str | None:
    """The workspace's schema revision as Alembic records it (``None``: not made yet)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    found: list[str] = list(
        connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
    )
    return found[0] if len(found) == 1 else None


def _migrate(connection: Connection) -> None:
    """Bring the schema to the newest revision (nothing to load when it is there already)."""
    if _at_revision(connection) == SCHEMA_REVISION:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    current = MigrationContext.configure(connection).get_current_revision()
    head = _head()
    if current == head:
        return
    known = {script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}
    if current is not None and current not in known:
        raise WorkspaceError(
            Problem(
                "--workspace",
                None,
                None,
                f"this workspace was made by a newer bridge-match (schema {current}); "
                "upgrade bridge-match to open it",
            )
        )
    command.upgrade(_alembic(connection), "head")


def _meta(connection: Connection) -> dict[str, str]:
    return {row.key: row.value for row in connection.execute(select(meta))}


def set_meta(connection: Connection, values: dict[str, str]) -> None:
    connection.execute(delete(meta).where(meta.c.key.in_(list(values))))
    connection.execute(insert(meta), [{"key": k, "value": v} for k, v in values.items()])


class Snapshot:
    """The workspace as of one commit (:meth:`Workspace.snapshot`)."""

    def __init__(self, workspace: Workspace, connection: Connection, settings: dict[str, str]):
        self.workspace = workspace
        self.connection = connection
        self.settings = settings

    @property
    def import_id(self) -> int:
        return int(self.settings.get("import_id", "0"))

    @property
    def empty(self) -> bool:
        """No import yet."""
        return self.import_id == 0

    def data_folders(self) -> list[str]:
        """The data folders of the last import (``[profiles, needs]``; empty before one)."""
        from bridge_match.workspace.schema import imports

        last = self.connection.execute(
            select(imports.c.profiles_dir, imports.c.needs_dir).order_by(imports.c.id.desc())
        ).first()
        return [] if last is None else [last.profiles_dir, last.needs_dir]

    def counts(self) -> dict[str, int]:
        """How many profiles and needs the snapshot holds."""
        count = func.count()
        return {
            "profiles": int(
                self.connection.execute(select(count).select_from(profiles)).scalar_one()
            ),
            "needs": int(self.connection.execute(select(count).select_from(needs)).scalar_one()),
        }

    def needs(self) -> list[Need]:
        """Every need, in file order (source, then line); read once per import (needs change
        only with an import, and validating a thousand of them costs a request's time)."""
        kept = self.workspace._needs
        found = kept.get(self.import_id)
        if found is None:
            rows = self.connection.execute(
                select(needs.c.record).order_by(needs.c.source, needs.c.line, needs.c.id)
            )
            found = [_model(Need, row.record) for row in rows]
            kept.clear()
            kept[self.import_id] = found
        return list(found)

    def profiles(self, ids: Sequence[str]) -> dict[str, ExpertProfile]:
        """The profiles with these ids (those the snapshot holds), by id."""
        found: dict[str, ExpertProfile] = {}
        wanted = list(dict.fromkeys(ids))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = select(profiles.c.id, profiles.c.record).where(profiles.c.id.in_(chunk))
            for row in self.connection.execute(query):
                found[row.id] = _model(ExpertProfile, row.record)
        return found

    def all_profiles(self) -> list[ExpertProfile]:
        """Every profile, by id (what a refit reads)."""
        query = select(profiles.c.record).order_by(profiles.c.id)
        return [_model(ExpertProfile, row.record) for row in self.connection.execute(query)]

    def digests(self) -> dict[str, bytes]:
        """Each profile's content digest, by id."""
        query = select(profiles.c.id, profiles.c.digest)
        return {row.id: bytes(row.digest) for row in self.connection.execute(query)}

    def matcher(
        self,
        rules: Rules | Literal["default"] | None = "default",
        organisations: Organisations | Literal["default"] | None = "default",
    ) -> Any:
        """The fitted matcher of this snapshot: its index version (memory-mapped, files not
        re-hashed when untouched since the import checked them), its profiles fetched by id
        when shown.

        Raises
        ------
        ModelError
            The index version is missing or damaged (``bridge-match import --refit`` rebuilds
            it from the snapshot).
        """
        from bridge_match.matcher import Matcher

        version = self.settings.get("index_version")
        if not version:
            raise ModelError(f"{self.workspace.name} has no index yet; run `bridge-match import`")
        stamps = self.settings.get("index_stamps", "{}")
        try:
            saved = _loaded(str(self.workspace.index_dir), version, stamps)
        except ModelError as exc:  # stale (a new glossary) or damaged: import refits it
            raise ModelError(
                f"{exc}; run `bridge-match import` to bring the index up to date"
            ) from None
        counted = self.settings.get("profiles")
        held = int(counted) if counted is not None else self.counts()["profiles"]
        if saved.index.n_experts != held:
            raise ModelError(
                f"the index in {self.workspace.index_dir} does not match the workspace's "
                "profiles; run `bridge-match import --refit`"
            )
        ids: Sequence[str] = saved.index.ids  # an object array of str, row order
        return Matcher.from_index(saved, StoredProfiles(self, ids), rules, organisations)


@functools.lru_cache(maxsize=2)
def _loaded(index_dir: str, version: str, stamps: str) -> Any:
    """An index version, loaded once per process (a web server's requests share it; the
    arrays are memory-mapped and read-only): keyed by the version and its files' stamps."""
    from bridge_match.persist import load_index

    trusted = {name: (s[0], s[1], s[2], s[3]) for name, s in json.loads(stamps).items()}
    return load_index(index_dir, version, trusted)


def _model(kind: type[Any], record: str) -> Any:
    try:
        return kind.model_validate_json(record)
    except ValueError as exc:
        raise DataError(
            Problem(
                "workspace",
                None,
                None,
                f"a stored record no longer validates ({exc}); run `bridge-match import --refit`",
            )
        ) from None


class StoredProfiles(Sequence[ExpertProfile]):
    """A snapshot's profiles in the index's row order, fetched from the database when a row is
    read (a shortlist shows ten of 600,000), and kept once fetched."""

    def __init__(self, snapshot: Snapshot, ids: Sequence[str]) -> None:
        self.snapshot = snapshot
        self.ids = ids
        self._fetched: dict[str, ExpertProfile] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def prefetch(self, rows: Sequence[int]) -> None:
        """Fetch these rows' profiles in one query."""
        missing = [str(self.ids[r]) for r in rows if self.ids[r] not in self._fetched]
        if missing:
            self._fetched.update(self.snapshot.profiles(missing))

    @overload
    def __getitem__(self, row: int) -> ExpertProfile: ...
    @overload
    def __getitem__(self, row: slice) -> list[ExpertProfile]: ...
    def __getitem__(self, row: int | slice) -> ExpertProfile | list[ExpertProfile]:
        if isinstance(row, slice):
            rows = list(range(len(self.ids)))[row]
            self.prefetch(rows)
            return [self._fetched[self.ids[r]] for r in rows]
        expert_id = self.ids[row]
        if expert_id not in self._fetched:
            self.prefetch([row])
        found = self._fetched.get(expert_id)
        if found is None:
            raise ModelError(
                f"expert {expert_id} is in the index but not in the workspace; run "
                "`bridge-match import --refit`"
            )
        return found
