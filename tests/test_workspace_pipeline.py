"""The partnership pipeline: moves the rules allow, append-only events, two writers at once,
and what assign makes of it."""

import multiprocessing

import pytest
from sqlalchemy import func, select

from bridge_match import DataError
from bridge_match.workspace import (
    STATUSES,
    Workspace,
    import_data,
    list_statuses,
    set_status,
    status_history,
)
from bridge_match.workspace.pipeline import moves
from bridge_match.workspace.schema import events


@pytest.fixture
def imported(workspace_url, tiny_copy):
    import_data(workspace_url, tiny_copy / "profiles", tiny_copy / "needs")
    return workspace_url


def test_the_rules_are_complete():
    rules = moves()
    assert rules.statuses == STATUSES
    for status in ("new", *STATUSES):
        assert set(rules.allowed(None if status == "new" else status)) <= set(STATUSES)
    assert rules.allowed("completed") == ()


def test_moves_events_and_refusals(imported):
    first = set_status("N-SEMI-VI", "E01", "contacted", note="e-mail", by="Mai", workspace=imported)
    assert (first.previous, first.status, first.by) == (None, "contacted", "Mai")
    set_status("N-SEMI-VI", "E01", "Accepted ", note="yes", by="Mai", workspace=imported)
    with pytest.raises(DataError) as caught:
        set_status("N-SEMI-VI", "E01", "proposed", workspace=imported)
    assert "is accepted; it cannot move to proposed" in str(caught.value)
    assert "allowed next: active, declined, withdrawn" in str(caught.value)
    with pytest.raises(DataError, match="unknown status 'maybe'"):
        set_status("N-SEMI-VI", "E01", "maybe", workspace=imported)
    with pytest.raises(DataError, match="no expert with id 'E1'; closest: E01"):
        set_status("N-SEMI-VI", "E1", "contacted", workspace=imported)
    history = status_history("N-SEMI-VI", "E01", workspace=imported)
    assert list(history.status) == ["contacted", "accepted"]
    assert list(history.previous.fillna("")) == ["", "contacted"]
    assert list(history.note) == ["e-mail", "yes"]
    listed = list_statuses(workspace=imported)
    assert listed[["need_id", "expert_id", "status"]].values.tolist() == [
        ["N-SEMI-VI", "E01", "accepted"]
    ]
    assert listed.name[0] == "Nguyễn Văn An"


def _set_many(url: str, need: str, experts: list[str], barrier) -> None:
    barrier.wait()
    for expert in experts:
        set_status(need, expert, "proposed", note="by a process", by="proc", workspace=url)


def test_two_processes_setting_statuses_both_land(imported, tiny_profiles):
    ids = sorted(p.id for p in tiny_profiles)
    halves = ids[::2], ids[1::2]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [
        context.Process(target=_set_many, args=(imported, "N-AI-EN", list(half), barrier))
        for half in halves
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    listed = list_statuses(workspace=imported)
    assert sorted(listed.expert_id) == ids
    with Workspace.open(imported) as ws, ws.snapshot() as snap:
        assert snap.connection.execute(select(func.count()).select_from(events)).scalar() == len(
            ids
        )


def test_assign_keeps_accepted_and_never_proposes_declined(imported):
    from bridge_match.commands import assign_teams, recommend

    top = recommend("N-SEMI-VI", workspace=imported, top_k=3).shortlist
    first, second = top.expert_id[0], top.expert_id[1]
    set_status("N-SEMI-VI", first, "declined", note="busy", workspace=imported)
    set_status("N-SEMI-VI", "E02", "accepted", workspace=imported)
    teams = assign_teams("N-SEMI-VI", workspace=imported)
    chosen = set(teams.assignment.pairs.expert_id)
    assert first not in chosen
    assert "E02" in chosen
    assert any("kept 1 pair" in n and "E02" in n for n in teams.notes)
    assert any("never proposed" in n and first in n for n in teams.notes)
    shown = recommend("N-SEMI-VI", workspace=imported, top_k=3)
    assert shown.shortlist.status[0] == "declined"
    hidden = recommend("N-SEMI-VI", workspace=imported, top_k=3, hide=["declined"]).shortlist
    assert first not in set(hidden.expert_id)
    assert len(hidden) == 3
    assert second in set(hidden.expert_id)
