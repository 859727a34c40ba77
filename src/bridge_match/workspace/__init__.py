"""The workspace: a real database under every command (SQLite by default, PostgreSQL by URL)
holding the validated snapshot of profiles and needs, the import history with its accounting,
saved shortlists and the partnership pipeline.

Modules, in the order data flows: :mod:`~.schema` (tables), :mod:`~.database` (opening,
transactions), :mod:`~.store` (the workspace and its snapshots), :mod:`~.importer` (``import``),
:mod:`~.pipeline` (statuses and events), :mod:`~.shortlists` (saved shortlists),
:mod:`~.session` (what queries add: status, hiding, the pairs ``assign`` keeps),
:mod:`~.commands` (one function per workspace command).
"""

from bridge_match.workspace.commands import (
    backup_workspace,
    diff_shortlists,
    list_shortlists,
    list_statuses,
    set_status,
    status_history,
)
from bridge_match.workspace.database import WorkspaceError, workspace_url
from bridge_match.workspace.importer import ImportConflictError, ImportResult, import_data
from bridge_match.workspace.pipeline import STATUSES, Event
from bridge_match.workspace.store import Snapshot, Workspace

__all__ = [
    "STATUSES",
    "Event",
    "ImportConflictError",
    "ImportResult",
    "Snapshot",
    "Workspace",
    "WorkspaceError",
    "backup_workspace",
    "diff_shortlists",
    "import_data",
    "list_shortlists",
    "list_statuses",
    "set_status",
    "status_history",
    "workspace_url",
]
