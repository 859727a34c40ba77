"""The workspace's tables (SQLAlchemy Core), as the latest migration leaves them.

Alembic's migrations (``migrations/versions``) create and change the real database; this
module describes the result for the queries, and a test checks that the two agree. Times are
UTC ISO-8601 text (``2026-12-04T09:30:00Z``) so that SQLite and PostgreSQL store them alike;
records are their validated form as JSON text (pydantic's), with the columns commands filter
or join on beside it.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
"""Settings of this workspace: its schema's purpose, where its index lives, the index version
that matches the snapshot, the key of erasure tombstones."""

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("by", Text, nullable=False),
    Column("profiles_dir", Text, nullable=False),
    Column("needs_dir", Text, nullable=False),
    Column("files_read", Integer, nullable=False),
    Column("files_unchanged", Integer, nullable=False),
    Column("profiles_read", Integer, nullable=False),
    Column("profiles_accepted", Integer, nullable=False),
    Column("profiles_rejected", Integer, nullable=False),
    Column("needs_read", Integer, nullable=False),
    Column("needs_accepted", Integer, nullable=False),
    Column("needs_rejected", Integer, nullable=False),
    Column("added", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("removed", Integer, nullable=False),
    Column("index_version", Text, nullable=False),
    Column("seconds", Text, nullable=False),
)
"""One row per import that changed the workspace, with its accounting."""

source_files = Table(
    "source_files",
    metadata,
    Column("path", Text, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("mtime_ns", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("records", Integer, nullable=False),
    Column("import_id", Integer, ForeignKey("imports.id"), nullable=False),
)
"""The data files of the last import: unchanged ones (same size and sha256) are not read
again."""

profiles = Table(
    "profiles",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", String(2), nullable=False),
    Column("association", Text),
    Column("email", Text),
    Column("consent", Boolean, nullable=False),
    Column("source", Text, nullable=False),
    Column("line", Integer),
    Column("digest", LargeBinary(16), nullable=False),
    Column("record", Text, nullable=False),
    Index("profiles_by_source", "source"),
)
"""The validated snapshot of expert profiles (``record``: the profile as JSON)."""

needs = Table(
    "needs",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("title", Text, nullable=False),
    Column("sector", String(32), nullable=False),
    Column("host", Text),
    Column("source", Text, nullable=False),
    Column("line", Integer),
    Column("record", Text, nullable=False),
)
"""The validated snapshot of needs."""

rejects = Table(
    "rejects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("imports.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("source", Text, nullable=False),
    Column("line", Integer),
    Column("problems", Text, nullable=False),
    Column("record", Text, nullable=False),
)
"""Records an import did not accept, with every problem (the record as read, JSON)."""

shortlists = Table(
    "shortlists",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("at", String(32), nullable=False),
    Column("by", Text, nullable=False),
    Column("parameters", Text, nullable=False),
    Column("import_id", Integer),
)
"""Saved shortlists (``recommend --save NAME``): their parameters, JSON."""

shortlist_rows = Table(
    "shortlist_rows",
    metadata,
    Column("shortlist_id", Integer, ForeignKey("shortlists.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("need_id", String(200), nullable=False),
    Column("expert_id", String(200), nullable=False),
    Column("rank", Integer, nullable=False),
    Column("score", Text, nullable=False),
    Column("row", Text, nullable=False),
    Index("shortlist_rows_by_expert", "expert_id"),
)
"""A saved shortlist's rows as shown (``row``: the shortlist columns, JSON)."""

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("need_id", String(200), nullable=False),
    Column("expert_id", String(200), nullable=False),
    Column("previous", String(16)),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("by", Text, nullable=False),
    Column("at", String(32), nullable=False),
    Index("events_by_pair", "need_id", "expert_id"),
    Index("events_by_expert", "expert_id"),
)
"""Every pipeline change, appended, never updated: the history."""

pipeline = Table(
    "pipeline",
    metadata,
    Column("need_id", String(200), primary_key=True),
    Column("expert_id", String(200), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("by", Text, nullable=False),
    Column("at", String(32), nullable=False),
    Column("event_id", Integer, nullable=False),
    Index("pipeline_by_expert", "expert_id"),
    Index("pipeline_by_status", "status"),
)
"""Each tracked pair's current status: the latest event, kept in the same transaction."""

tombstones = Table(
    "tombstones",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pseudonym", String(64), nullable=False),
    Column("at", String(32), nullable=False),
    Column("profiles", Integer, nullable=False),
    Column("events", Integer, nullable=False),
    Column("shortlist_rows", Integer, nullable=False),
)
"""What ``forget`` erased, under a keyed pseudonym of the id (never the id): counts stay true.
One row per erasure (a person imported again and erased again has two)."""
