"""The first workspace: snapshot, imports, shortlists, pipeline, tombstones.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(200)
AT = sa.String(32)


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", AT, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("profiles_dir", sa.Text, nullable=False),
        sa.Column("needs_dir", sa.Text, nullable=False),
        *(
            sa.Column(name, sa.Integer, nullable=False)
            for name in (
                "files_read",
                "files_unchanged",
                "profiles_read",
                "profiles_accepted",
                "profiles_rejected",
                "needs_read",
                "needs_accepted",
                "needs_rejected",
                "added",
                "changed",
                "removed",
            )
        ),
        sa.Column("index_version", sa.Text, nullable=False),
        sa.Column("seconds", sa.Text, nullable=False),
    )
    op.create_table(
        "source_files",
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("mtime_ns", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=False),
    )
    op.create_table(
        "profiles",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("association", sa.Text),
        sa.Column("email", sa.Text),
        sa.Column("consent", sa.Boolean, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("digest", sa.LargeBinary(16), nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("profiles_by_source", "profiles", ["source"])
    op.create_table(
        "needs",
        sa.Column("id", ID, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("sector", sa.String(32), nullable=False),
        sa.Column("host", sa.Text),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_table(
        "rejects",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("problems", sa.Text, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_table(
        "shortlists",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("at", AT, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("parameters", sa.Text, nullable=False),
        sa.Column("import_id", sa.Integer),
    )
    op.create_table(
        "shortlist_rows",
        sa.Column("shortlist_id", sa.Integer, sa.ForeignKey("shortlists.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("need_id", ID, nullable=False),
        sa.Column("expert_id", ID, nullable=False),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("score", sa.Text, nullable=False),
        sa.Column("row", sa.Text, nullable=False),
    )
    op.create_index("shortlist_rows_by_expert", "shortlist_rows", ["expert_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("need_id", ID, nullable=False),
        sa.Column("expert_id", ID, nullable=False),
        sa.Column("previous", sa.String(16)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("at", AT, nullable=False),
    )
    op.create_index("events_by_pair", "events", ["need_id", "expert_id"])
    op.create_index("events_by_expert", "events", ["expert_id"])
    op.create_table(
        "pipeline",
        sa.Column("need_id", ID, primary_key=True),
        sa.Column("expert_id", ID, primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("at", AT, nullable=False),
        sa.Column("event_id", sa.Integer, nullable=False),
    )
    op.create_index("pipeline_by_expert", "pipeline", ["expert_id"])
    op.create_index("pipeline_by_status", "pipeline", ["status"])
    op.create_table(
        "tombstones",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("pseudonym", sa.String(64), nullable=False),
        sa.Column("at", AT, nullable=False),
        sa.Column("profiles", sa.Integer, nullable=False),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("shortlist_rows", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "tombstones",
        "pipeline",
        "events",
        "shortlist_rows",
        "shortlists",
        "rejects",
        "needs",
        "profiles",
        "source_files",
        "imports",
        "meta",
    ):
        op.drop_table(table)
