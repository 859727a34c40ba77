"""The workspace: a real database under every command (SQLite by default, PostgreSQL by URL)
holding the validated snapshot of profiles and needs, the import history with its accounting,
saved shortlists and the partnership pipeline.

Modules, in the order data flows: :mod:`~.schema` (tables), :mod:`~.database` (opening,
transactions), :mod:`~.store` (the workspace and its snapshots), :mod:`~.importer` (``import``),
:mod:`~.pipeline` (statuses and events), :mod:`~.shortlists` (saved shortlists),
:mod:`~.session` (what queries add: status, hiding, the pairs ``assign`` keeps),
:mod:`~.commands` (one function per workspace command).

Names load on first use (PEP 562), as in :mod:`bridge_match`: ``status set`` or ``status list``
then never pay for scikit-learn, which only importing and querying need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bridge_match.lazy import lazy_names

_EXPORTS: dict[str, str] = {
    "Event": "pipeline",
    "ImportConflictError": "importer",
    "ImportResult": "importer",
    "STATUSES": "pipeline",
    "Snapshot": "store",
    "Workspace": "store",
    "WorkspaceError": "database",
    "backup_workspace": "commands",
    "diff_shortlists": "commands",
    "import_data": "importer",
    "list_shortlists": "commands",
    "list_statuses": "commands",
    "set_status": "commands",
    "status_history": "commands",
    "workspace_url": "database",
}

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


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals())


if TYPE_CHECKING:
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
