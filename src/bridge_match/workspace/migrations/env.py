"""Alembic's environment for the workspace: migrations run on the connection the workspace
opened (``config.attributes["connection"]``), inside its transaction, so that a failed
migration leaves the workspace as it was."""

from alembic import context

context.configure(
    connection=context.config.attributes["connection"],
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
