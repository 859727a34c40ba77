"""What the web workspace holds between requests, and the queries its pages and its API share:
one implementation each, over the library (:mod:`bridge_match.workspace`), so that a page, its
download and the JSON API give the same rows.
"""

from __future__ import annotations

import json
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from bridge_match.filters import Filters
from bridge_match.models import Need
from bridge_match.organisations import Organisations
from bridge_match.outputs import Inputs
from bridge_match.rules import Band, Rules
from bridge_match.workspace import Workspace
from bridge_match.workspace.session import Query, Ranked, ranked_in_workspace

UPLOADS = "bridge-match.uploads"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class Recent(OrderedDict[Hashable, Any]):
    """The last ``size`` entries used, safe to share between the server's worker threads: the
    ranked rows of the queries asked (:func:`~bridge_match.workspace.session.ranked_in_workspace`
    keys them by snapshot, query, rules and organisations; statuses are read fresh)."""

    def __init__(self, size: int = 4096) -> None:
        super().__init__()
        self.size = size
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            if key not in self:
                return default
            self.move_to_end(key)
            return super().__getitem__(key)

    def __setitem__(self, key: Hashable, value: Any) -> None:
        with self._lock:
            super().__setitem__(key, value)
            self.move_to_end(key)
            while len(self) > self.size:
                self.popitem(last=False)


@dataclass
class WebState:
    """The open workspace and the server's settings.

    Parameters
    ----------
    workspace:
        The workspace the server shows.
    token:
        The access token every request must carry, or None (loopback only).
    secret:
        This process's secret (not stored): nothing is signed with it across restarts.
    """

    workspace: Workspace
    token: str | None = None
    secret: str = ""
    _coverage: dict[str, Any] = field(default_factory=dict, repr=False)
    _ranked: Recent = field(default_factory=Recent, repr=False)

    @property
    def uploads(self) -> Path:
        """Where uploaded data files are kept: beside the workspace's index, never elsewhere."""
        return self.workspace.index_dir.parent / UPLOADS

    def close(self) -> None:
        self.workspace.close()


def shortlist(
    state: WebState,
    need: str | None = None,
    expert: str | None = None,
    text: str | None = None,
    sector: str | None = None,
    top_k: int = 10,
    filters: Filters | None = None,
    min_band: Band | None = None,
    lang: str | None = None,
    hide: tuple[str, ...] = (),
) -> Ranked:
    """A shortlist, the needs of an expert, or a free-text search: ``recommend``'s own query on
    the workspace (:func:`~bridge_match.workspace.session.ranked_in_workspace`)."""
    query = Query(need, expert, text, sector, top_k, filters or Filters(), min_band, lang=lang)
    return ranked_in_workspace(
        query,
        state.workspace,
        Rules.default(),
        Organisations.default(),
        Inputs(),
        None,
        hide=hide,
        check_files=False,
        memo=state._ranked,
    )


def coverage_of(state: WebState, snap: Any) -> Any:
    """The coverage of every need (:func:`bridge_match.coverage.coverage`), worked out once per
    import and index version: the needs page's counts of strong candidates, the coverage page."""
    from bridge_match.coverage import coverage

    key = f"{snap.settings.get('index_version')}:{snap.import_id}"
    found = state._coverage.get(key)
    if found is None:
        found = coverage(snap.matcher(), snap.needs())
        state._coverage.clear()
        state._coverage[key] = found
    return found


def warm(state: WebState, coverage_below: int = 50_000) -> None:
    """Load what the first visitor would otherwise wait for: the index, the needs, each need's
    shortlist as the API first shows it (ranked once per import; about 25 ms a need at 600,000
    profiles), then coverage, when the workspace holds fewer than ``coverage_below`` profiles.

    Coverage counts every strong candidate of every need, explaining each: minutes of one
    core at 600,000 profiles, which a warm-up in the background would take from every visitor
    (the GIL). Above that size it is worked out when a page first asks for it."""
    with state.workspace.snapshot() as snap:
        if snap.empty:
            return
        needs = [n.id for n in snap.needs()]
        held = int(snap.settings.get("profiles") or 0)
    for need_id in needs:
        shortlist(state, need=need_id, top_k=10)
    if held < coverage_below:
        with state.workspace.snapshot() as snap:
            coverage_of(state, snap)


def rows_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows keyed by its column names (the CSV's), NaN as None."""
    return list(json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso")))


def need_of(needs: list[Need], need_id: str) -> Need | None:
    return next((n for n in needs if n.id == need_id), None)


def xlsx_bytes(
    frame: pd.DataFrame,
    sheet_by: str | None = "sector",
    summary: Any = "auto",
    lang: str = "en",
) -> bytes:
    """A frame as the xlsx ``--format xlsx`` writes (a shortlist with its summary sheet), in
    ``lang``, as bytes for a download."""
    from bridge_match.workbook import write_xlsx

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "download.xlsx"
        sheets = sheet_by if sheet_by in frame else None
        write_xlsx(frame, target, sheet_by=sheets, summary=summary, lang=lang)
        return target.read_bytes()
