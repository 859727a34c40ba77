"""What commands do with a workspace around a query: open it (importing the data folders on first
use, saying so), note data files changed since the last import, add each row's pipeline status,
hide rows by status, and find the pairs ``assign`` keeps or never proposes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterator, MutableMapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select

from bridge_match.errors import DataError, Problem
from bridge_match.filters import Filters
from bridge_match.i18n import Message
from bridge_match.load import find_data
from bridge_match.matcher import Matcher
from bridge_match.models import ExpertProfile, Need
from bridge_match.organisations import Organisations
from bridge_match.outputs import Inputs
from bridge_match.prepare import select_needs, text_need
from bridge_match.rules import Band, Rules
from bridge_match.workspace.importer import Progress, import_data
from bridge_match.workspace.pipeline import moves, parse_status
from bridge_match.workspace.schema import imports, pipeline, source_files
from bridge_match.workspace.store import Snapshot, Workspace


@contextlib.contextmanager
def opened(
    workspace: Workspace | str | Path | None,
    strict: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    check_files: bool = True,
) -> Iterator[tuple[Snapshot, list[str]]]:
    """A snapshot of the workspace and notes for the user: on first use the data folders
    (``./profiles`` and ``./needs``, else the bundled sample) are imported into it first; later,
    data files changed since the last import are named (the snapshot is what was imported),
    unless ``check_files`` is false (a server answering many requests).

    Raises
    ------
    DataError
        On first use, the data's faults (as ``import``).
    """
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    notes: list[str] = []
    try:
        with ws.snapshot() as snap:
            empty = snap.empty
        if empty:
            done = import_data(ws, strict=strict, skip_invalid=skip_invalid, progress=progress)
            data = done.report
            notes.append(
                Message(
                    "first use of the workspace {workspace}: imported {experts} profiles and "
                    "{needs} needs from {profiles_dir} and {needs_dir} (`bridge-match import` "
                    "brings it up to date after changes)",
                    workspace=ws.name,
                    experts=len(data.profiles.accepted) if data is not None else 0,
                    needs=len(data.needs.accepted) if data is not None else 0,
                    profiles_dir=done.profiles_dir,
                    needs_dir=done.needs_dir,
                )
            )
        elif check_files:
            changed = changed_files(ws)
            if changed:
                shown = ", ".join(changed[:3]) + (
                    f" and {len(changed) - 3} more" if len(changed) > 3 else ""
                )
                notes.append(
                    Message(
                        "{n} data file(s) changed since the last import ({shown}); these "
                        "results are from the workspace as imported: run `bridge-match import`",
                        n=len(changed),
                        shown=shown,
                    )
                )
        with ws.snapshot() as snap:
            yield snap, notes
    finally:
        if not isinstance(workspace, Workspace):
            ws.close()


def changed_files(ws: Workspace) -> list[str]:
    """Data files whose size or modification time differ from the last import's, and files
    added to or removed from its folders (by ``stat`` alone: cheap even at 600k profiles)."""
    with ws.snapshot() as snap:
        known = {r.path: r for r in snap.connection.execute(select(source_files))}
        last = snap.connection.execute(
            select(imports.c.profiles_dir, imports.c.needs_dir).order_by(imports.c.id.desc())
        ).first()
    if last is None:
        return []
    now: dict[str, tuple[int, int]] = {}
    for folder in (last.profiles_dir, last.needs_dir):
        for path in find_data(folder).files:
            info = path.stat()
            now[str(path.absolute())] = (info.st_size, info.st_mtime_ns)
    out = [p for p, r in known.items() if now.get(p) != (r.size, r.mtime_ns)]
    out += [p for p in now if p not in known]
    return sorted(out)


def with_status(frame: pd.DataFrame, snap: Snapshot) -> pd.DataFrame:
    """The shortlist with a ``status`` column after ``conflict`` (empty where the pair is not
    in the pipeline)."""
    frame = frame.copy()
    pairs = list(zip(frame["need_id"], frame["expert_id"], strict=True)) if len(frame) else []
    current = statuses_of(snap, pairs)
    column = [current.get(pair, "") for pair in pairs]
    at = list(frame.columns).index("conflict") + 1 if "conflict" in frame else len(frame.columns)
    frame.insert(at, "status", column)
    return frame


def statuses_of(snap: Snapshot, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The current status of each pair that has one."""
    found: dict[tuple[str, str], str] = {}
    experts = sorted({e for _, e in pairs})
    wanted = set(pairs)
    for start in range(0, len(experts), 500):
        query = select(pipeline.c.need_id, pipeline.c.expert_id, pipeline.c.status).where(
            pipeline.c.expert_id.in_(experts[start : start + 500])
        )
        for row in snap.connection.execute(query):
            if (row.need_id, row.expert_id) in wanted:
                found[(row.need_id, row.expert_id)] = row.status
    return found


def parse_hidden(hide: Sequence[str]) -> list[str]:
    """``--hide declined,withdrawn`` (repeatable, comma-separated) as statuses."""
    return [
        parse_status(part, "--hide") for value in hide for part in value.split(",") if part.strip()
    ]


def hidden_pairs(snap: Snapshot, statuses: Sequence[str]) -> set[tuple[str, str]]:
    """The pairs whose current status is one of ``statuses``."""
    if not statuses:
        return set()
    query = select(pipeline.c.need_id, pipeline.c.expert_id).where(
        pipeline.c.status.in_(list(statuses))
    )
    return {(r.need_id, r.expert_id) for r in snap.connection.execute(query)}


def kept_and_excluded(
    snap: Snapshot, need_ids: Sequence[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """For ``assign``: the pairs of these needs it keeps (``accepted``, ``active``) and those it
    never proposes (``declined``, ``withdrawn``), as ``pipeline.yaml`` says."""
    rules = moves()
    query = select(pipeline.c.need_id, pipeline.c.expert_id, pipeline.c.status).where(
        pipeline.c.need_id.in_(list(need_ids))
    )
    kept, excluded = [], []
    for row in snap.connection.execute(query):
        if row.status in rules.kept:
            kept.append((row.need_id, row.expert_id))
        elif row.status in rules.excluded:
            excluded.append((row.need_id, row.expert_id))
    return sorted(kept), sorted(excluded)


@dataclass(frozen=True)
class Query:
    """One ``recommend`` question: exactly one of ``need`` (an id, a sector or ``all``),
    ``expert`` (the needs for them) or ``text`` (an ad-hoc need), with its filters."""

    need: str | None
    expert: str | None
    text: str | None
    sector: str | None
    top_k: int
    filters: Filters
    min_band: Band | None
    progress: Progress | None = None
    lang: str | None = None
    """The reasons' language; None for each need's own."""

    def __post_init__(self) -> None:
        asked = [
            name
            for name, value in (
                ("--need", self.need),
                ("--expert", self.expert),
                ("--text", self.text),
            )
            if value
        ]
        if len(asked) != 1:
            named = " and ".join(asked) if asked else "none"
            wrong = f"give exactly one of --need, --expert or --text (given: {named})"
            raise DataError(Problem("recommend", None, None, wrong))

    def needs(self, every: Sequence[Need]) -> list[Need]:
        """The needs asked about (every need for an expert's query)."""
        if self.text:
            return [text_need(self.text, self.sector)]
        return list(every) if self.expert else select_needs(every, self.need or "")

    def key(self) -> tuple[object, ...]:
        """What the answer depends on besides the snapshot (progress aside): a memo's key."""
        f = self.filters
        asked = (tuple(f.country), f.association, tuple(f.language), f.min_years)
        what = (self.need, self.expert, self.text, self.sector, self.top_k, self.min_band)
        return (*what, self.lang, *asked, tuple(f.expert_sector))

    def run(self, matcher: Matcher, chosen: Sequence[Need], extra: int = 0) -> pd.DataFrame:
        """The shortlist (or the expert's needs), ``extra`` rows more per need."""
        f = self.filters
        if self.expert:
            return matcher.needs_for(
                self.expert, chosen, self.top_k + extra, self.min_band, filters=f, lang=self.lang
            )
        return matcher.recommend(
            chosen,
            top_k=self.top_k + extra,
            country=f.country,
            association=f.association,
            language=f.language,
            min_years=f.min_years,
            expert_sector=f.expert_sector,
            min_band=self.min_band,
            progress=self.progress,
            lang=self.lang,
        )


@dataclass
class Ranked:
    """What a query of the workspace found: rows (with ``status``), needs, notes, inputs."""

    frame: pd.DataFrame
    needs: list[Need]
    notes: list[str]
    inputs: Inputs


def ranked_in_workspace(
    query: Query,
    workspace: Workspace | str | Path | None,
    rules: Rules | None,
    organisations: Organisations | None,
    inputs: Inputs,
    output: str | Path | None,
    hide: Sequence[str] = (),
    strict: bool = False,
    skip_invalid: bool = False,
    save: str | None = None,
    by: str | None = None,
    check_files: bool = True,
    memo: MutableMapping[Hashable, Any] | None = None,
) -> Ranked:
    """``recommend`` on the workspace: the shortlist as of one snapshot, each row's pipeline
    status, rows of ``hide`` statuses left out (each need keeps ``top_k`` rows), saved under
    ``save`` when asked.

    With a ``memo`` (a server's), the ranked rows of a query are kept by snapshot (import and
    index version), query and rules, and reused: a snapshot's ranking never changes, and each
    row's status is read fresh every time.

    ``output`` is checked against every input (the workspace file, its index, its data
    folders) before anything is ranked or saved.

    Raises
    ------
    DataError
        As for ``recommend``; a refused output; a name already used for a saved shortlist.
    """
    hidden_statuses = parse_hidden(hide)
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    try:
        with opened(ws, strict, skip_invalid, query.progress, check_files) as (snap, notes):
            guard = inputs.plus(ws.path, ws.index_dir, *snap.data_folders())
            guard.check(output, "--output")
            matcher = snap.matcher(rules, organisations)
            chosen = query.needs(snap.needs())
            hidden = hidden_pairs(snap, hidden_statuses)
            extra = _most_per_need(hidden, chosen, query.expert)
            frame = _ranked(query, matcher, chosen, extra, snap, rules, organisations, memo)
            frame = _without(frame, hidden, query.top_k, by_need=not query.expert)
            frame = with_status(frame, snap)
            import_id = snap.import_id
        if hidden:
            notes.append(
                Message("hidden: pairs {hidden} in the pipeline", hidden=", ".join(hidden_statuses))
            )
        if save:
            _save(ws, save, frame, query, rules, hidden_statuses, by, import_id)
            notes.append(Message("saved as the shortlist {name!r} in {ws}", name=save, ws=ws.name))
        return Ranked(frame, chosen, notes, guard)
    finally:
        if not isinstance(workspace, Workspace):
            ws.close()


def _most_per_need(hidden: set[tuple[str, str]], chosen: Sequence[Need], expert: str | None) -> int:
    if not hidden:
        return 0
    if expert:
        return sum(1 for _, e in hidden if e == expert)
    ids = {n.id for n in chosen}
    counts: dict[str, int] = {}
    for need_id, _ in hidden:
        if need_id in ids:
            counts[need_id] = counts.get(need_id, 0) + 1
    return max(counts.values(), default=0)


def _ranked(
    query: Query,
    matcher: Matcher,
    chosen: Sequence[Need],
    extra: int,
    snap: Snapshot,
    rules: Rules | None,
    organisations: Organisations | None,
    memo: MutableMapping[Hashable, Any] | None,
) -> pd.DataFrame:
    """The query's ranked rows, from ``memo`` when it holds them for this snapshot, query, rules
    and organisation table (kept in the entry and compared, so that no other table's answer is
    ever taken for this one's)."""
    if memo is None:
        return query.run(matcher, chosen, extra)
    key = (snap.import_id, snap.settings.get("index_version"), query.key(), extra)
    said = rules.model_dump_json() if rules is not None else None
    found = memo.get(key)
    if found is not None and found[0] == said and found[1] is organisations:
        return found[2]
    frame = query.run(matcher, chosen, extra)
    memo[key] = (said, organisations, frame)
    return frame


def _without(
    frame: pd.DataFrame, hidden: set[tuple[str, str]], top_k: int, by_need: bool
) -> pd.DataFrame:
    """The rows whose pair is not hidden, ``top_k`` per need (or in all, for an expert)."""
    if not hidden or frame.empty:
        return frame
    pairs = zip(frame["need_id"], frame["expert_id"], strict=True)
    keep = frame[[pair not in hidden for pair in pairs]]
    if by_need:
        keep = keep.groupby("need_id", sort=False, group_keys=False).head(top_k)
    else:
        keep = keep.head(top_k)
    return keep.reset_index(drop=True)


def _save(
    ws: Workspace,
    name: str,
    frame: pd.DataFrame,
    query: Query,
    rules: Rules | None,
    hidden: Sequence[str],
    by: str | None,
    import_id: int,
) -> None:
    from bridge_match.workspace.commands import who
    from bridge_match.workspace.shortlists import save_shortlist

    parameters = {
        "need": query.need,
        "expert": query.expert,
        "text": query.text,
        "sector": query.sector,
        "top_k": query.top_k,
        "filters": asdict(query.filters),
        "min_band": query.min_band,
        "rules": "none" if rules is None else rules.model_dump(),
        "hide": list(hidden),
    }
    with ws.transaction() as connection:
        save_shortlist(connection, name, frame, parameters, who(by), import_id)


@dataclass
class Candidates:
    """What ``assign`` works from in the workspace: the shortlist (without the pairs the
    pipeline excludes, with those it keeps added where they ranked lower), the experts in it
    (capacity net of their kept pairs on needs not being assigned), the pairs to keep and
    those left out, and notes."""

    shortlist: pd.DataFrame
    needs: list[Need]
    experts: list[ExpertProfile]
    kept: list[tuple[str, str]]
    excluded: list[tuple[str, str]]
    notes: list[str]
    inputs: Inputs


def candidates_in_workspace(
    need: str | None,
    top_k: int,
    workspace: Workspace | str | Path | None,
    rules: Rules | None,
    organisations: Organisations | None,
    inputs: Inputs,
    output: str | Path | None,
    strict: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> Candidates:
    """``assign``'s candidates from one snapshot of the workspace, with the pipeline: pairs
    ``accepted`` or ``active`` are kept (and count toward team size and capacity), pairs
    ``declined`` or ``withdrawn`` are never proposed (``pipeline.yaml``).

    Raises
    ------
    DataError
        As for ``assign``; a refused output.
    """
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    try:
        with opened(ws, strict, skip_invalid, progress) as (snap, notes):
            guard = inputs.plus(ws.path, ws.index_dir, *snap.data_folders())
            guard.check(output, "--output")
            matcher = snap.matcher(rules, organisations)
            every = snap.needs()
            chosen = list(every) if need is None else select_needs(every, need)
            shortlist = matcher.recommend(chosen, top_k=top_k, progress=progress)
            kept_all, excluded_all = kept_and_excluded(snap, [n.id for n in every])
            ids = {n.id for n in chosen}
            kept = [p for p in kept_all if p[0] in ids]
            excluded = [p for p in excluded_all if p[0] in ids]
            pairs = list(zip(shortlist["need_id"], shortlist["expert_id"], strict=True))
            never = set(excluded)
            shortlist = shortlist[[p not in never for p in pairs]].reset_index(drop=True)
            listed = set(pairs)
            by_id = {n.id: n for n in chosen}
            lower = [
                matcher.needs_for(e, [by_id[n]], top_k=1) for n, e in kept if (n, e) not in listed
            ]
            if lower:
                shortlist = pd.concat([shortlist, *lower], ignore_index=True)
            elsewhere: dict[str, int] = {}
            for n, e in kept_all:
                if n not in ids:
                    elsewhere[e] = elsewhere.get(e, 0) + 1
            people = snap.profiles(sorted(set(shortlist["expert_id"])))
        experts = [
            p.model_copy(update={"capacity": max(p.capacity - elsewhere.get(p.id, 0), 0)})
            if p.id in elsewhere
            else p
            for p in people.values()
        ]
        if kept:
            notes.append(
                Message(
                    "kept {n} pair(s) accepted or active in the pipeline: {pairs}",
                    n=len(kept),
                    pairs=_pairs(kept),
                )
            )
        if excluded:
            notes.append(
                Message(
                    "never proposed: {n} pair(s) declined or withdrawn in the pipeline: {pairs}",
                    n=len(excluded),
                    pairs=_pairs(excluded),
                )
            )
        if elsewhere:
            notes.append(
                Message(
                    "{n} expert(s) have less capacity left: accepted or active on "
                    "needs not being assigned now",
                    n=len(elsewhere),
                )
            )
        return Candidates(shortlist, chosen, experts, kept, excluded, notes, guard)
    finally:
        if not isinstance(workspace, Workspace):
            ws.close()


def _pairs(pairs: Sequence[tuple[str, str]], shown: int = 10) -> str:
    """Up to ``shown`` (need, expert) pairs, as a note lists them."""
    listed = ", ".join(f"{n} × {e}" for n, e in pairs[:shown])
    return listed + (" ..." if len(pairs) > shown else "")
