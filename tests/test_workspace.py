"""The workspace on real engines (SQLite, and PostgreSQL when a server is there): import and
its accounting, snapshots, the schema's migrations, ownership, backup."""

import subprocess
import sys

import pandas as pd
import pytest
from sqlalchemy import select

from bridge_match import DataError, Matcher, load_needs, load_profiles
from bridge_match.workspace import Workspace, WorkspaceError, backup_workspace, import_data
from bridge_match.workspace.schema import imports, profiles, source_files


def _edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_import_unchanged_changed_removed(workspace_url, tiny_copy):
    first = import_data(workspace_url, tiny_copy / "profiles", tiny_copy / "needs")
    assert not first.unchanged
    assert first.index == "fitted"
    assert len(first.added) == len(load_profiles(tiny_copy / "profiles"))
    assert first.needs[0] == len(load_needs(tiny_copy / "needs"))
    again = import_data(workspace_url)  # the folders imported last
    assert again.unchanged
    assert again.import_id == first.import_id
    _edit(tiny_copy / "profiles" / "europe.csv", "perovskite solar cells,", "perovskite PV,")
    third = import_data(workspace_url)
    assert (third.added, third.changed, third.removed) == ([], ["E04"], [])
    assert third.index == "updated"
    assert third.files_unchanged == third.files - 1
    (tiny_copy / "profiles" / "others.json").unlink()
    fourth = import_data(workspace_url)
    assert fourth.removed
    assert not fourth.added
    with Workspace.open(workspace_url) as ws, ws.snapshot() as snap:
        assert snap.counts()["profiles"] == len(load_profiles(tiny_copy / "profiles"))
        history = snap.connection.execute(select(imports.c.id, imports.c.removed)).all()
        assert [r.removed for r in history] == [0, 0, len(fourth.removed)]
        files = snap.connection.execute(select(source_files.c.path)).scalars().all()
        assert not any(p.endswith("others.json") for p in files)


def test_a_new_analysis_refits_though_no_file_changed(workspace_url, tiny_copy, monkeypatch):
    """A bridge-match whose glossary or field weights differ from the index's (an upgrade)
    refuses the old index with the fix, and ``import`` refits it with the files unchanged."""
    from bridge_match import ModelError

    import_data(workspace_url, tiny_copy / "profiles", tiny_copy / "needs")
    weights = {"field": 4, "keywords": 3, "sectors": 2, "expertise": 1}
    monkeypatch.setattr("bridge_match.documents.PROFILE_WEIGHTS", weights)
    monkeypatch.setattr("bridge_match.persist.PROFILE_WEIGHTS", weights)
    with (
        Workspace.open(workspace_url) as ws,
        ws.snapshot() as snap,
        pytest.raises(ModelError, match="run `bridge-match import`"),
    ):
        snap.matcher()
    again = import_data(workspace_url)
    assert not again.unchanged
    assert again.index == "fitted"
    assert any("glossary or weights changed" in note for note in again.notes)
    assert import_data(workspace_url).unchanged  # and then nothing to do


def test_a_fault_writes_nothing_unless_skip_invalid(workspace_url, tiny_copy):
    import_data(workspace_url, tiny_copy / "profiles", tiny_copy / "needs")
    with Workspace.open(workspace_url) as ws:
        before = ws.settings()
    _edit(
        tiny_copy / "profiles" / "europe.csv", "E05,Hoàng Ngọc Em,FR", "E05,Hoàng Ngọc Em,Atlantis"
    )
    with pytest.raises(DataError, match="Atlantis"):
        import_data(workspace_url)
    with Workspace.open(workspace_url) as ws:
        assert ws.settings() == before
    lenient = import_data(workspace_url, skip_invalid=True)
    assert lenient.removed == ["E05"]
    with Workspace.open(workspace_url) as ws, ws.snapshot() as snap:
        from bridge_match.workspace.schema import rejects

        stored = snap.connection.execute(select(rejects.c.source, rejects.c.problems)).all()
    assert len(stored) == 1
    assert "Atlantis" in stored[0].problems


def test_the_workspace_ranks_as_the_files_do(workspace_url, tiny_copy):
    """Same rows, scores and reasons as ranking the files, plus the status column."""
    from bridge_match.commands import recommend

    import_data(workspace_url, tiny_copy / "profiles", tiny_copy / "needs")
    ours = recommend("all", workspace=workspace_url, top_k=5).shortlist
    files = recommend(
        "all", tiny_copy / "profiles", tiny_copy / "needs", top_k=5, model_dir=None
    ).shortlist
    assert list(ours.columns) == [
        *files.columns[: list(files.columns).index("conflict") + 1],
        "status",
        *files.columns[list(files.columns).index("conflict") + 1 :],
    ]
    pd.testing.assert_frame_equal(ours.drop(columns="status"), files)
    assert set(ours.status) == {""}


def test_a_snapshot_never_sees_an_import_half_done(workspace_url, tiny_copy):
    import_data(workspace_url, tiny_copy / "profiles", tiny_copy / "needs")
    with Workspace.open(workspace_url) as ws, ws.snapshot() as snap:
        before = snap.counts()
        matcher = snap.matcher()
        (tiny_copy / "profiles" / "others.json").unlink()
        done = import_data(workspace_url)  # another connection commits meanwhile
        assert done.removed
        assert snap.counts() == before
        shortlist = matcher.recommend(snap.needs(), top_k=20)
        assert set(done.removed) & set(shortlist.expert_id)  # the old snapshot, whole
    with Workspace.open(workspace_url) as ws, ws.snapshot() as snap:
        assert snap.counts()["profiles"] == before["profiles"] - len(done.removed)
        shortlist = snap.matcher().recommend(snap.needs(), top_k=20)
        assert not set(done.removed) & set(shortlist.expert_id)


def test_lazy_profiles_are_fetched_by_id(workspace_url, tiny_copy):
    import_data(workspace_url, tiny_copy / "profiles", tiny_copy / "needs")
    expected = {p.id: p for p in load_profiles(tiny_copy / "profiles")}
    with Workspace.open(workspace_url) as ws, ws.snapshot() as snap:
        matcher = snap.matcher()
        assert len(matcher.profiles_) == len(expected)
        row = matcher.index_.row_of["E04"]
        assert matcher.profiles_[row] == expected["E04"]
        assert isinstance(matcher, Matcher)


def test_not_a_workspace_is_refused_and_left_alone(tmp_path):
    notes = tmp_path / "notes.sqlite"
    notes.write_text("my notes\n", "utf-8")
    with pytest.raises(WorkspaceError, match="not a bridge-match workspace"):
        Workspace.open(notes)
    assert notes.read_text("utf-8") == "my notes\n"
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE accounts (id INTEGER)")
    raw = other.read_bytes()
    with pytest.raises(WorkspaceError, match="did not create"):
        Workspace.open(other)
    assert other.read_bytes() == raw


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "ws.sqlite"
    Workspace.open(path).close()
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(WorkspaceError, match="newer bridge-match"):
        Workspace.open(path)


def test_schema_revision_is_alembics_head(tmp_path):
    """The fast path (a workspace at ``SCHEMA_REVISION`` opens without Alembic) and its
    reference (Alembic's head, which a new workspace is migrated to) agree."""
    import sqlite3

    from bridge_match.workspace import store

    assert store._head() == store.SCHEMA_REVISION
    path = tmp_path / "ws.sqlite"
    Workspace.open(path).close()
    with sqlite3.connect(path) as db:
        (recorded,) = db.execute("SELECT version_num FROM alembic_version").fetchone()
    assert recorded == store.SCHEMA_REVISION


def test_a_command_on_a_workspace_loads_neither_alembic_nor_scikit_learn(tmp_path):
    """``status set`` on an existing workspace: the pipeline's modules only."""
    path = tmp_path / "ws.sqlite"
    Workspace.open(path).close()
    code = (
        "import sys\n"
        "from bridge_match.workspace import Workspace, list_statuses\n"
        f"list_statuses(workspace={str(path)!r})\n"
        "print(sorted(m for m in ('alembic', 'sklearn', 'scipy') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    bare = "import sys, bridge_match.workspace.commands; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", bare], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"  # status set: the pipeline's code without pandas


def test_migrations_build_the_schema_the_code_uses(workspace_url):
    """The tables Alembic's migrations create are those schema.py describes."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bridge_match.workspace.schema import metadata

    with Workspace.open(workspace_url) as ws, ws.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_backup_is_a_consistent_workspace_and_never_overwrites_a_stranger(
    workspace_url, tiny_copy, tmp_path
):
    import_data(workspace_url, tiny_copy / "profiles", tiny_copy / "needs")
    target = tmp_path / "backup.sqlite"
    backup_workspace(target, workspace_url)
    with Workspace.open(target, create=False) as copy, copy.snapshot() as snap:
        assert snap.counts()["profiles"] == len(load_profiles(tiny_copy / "profiles"))
        ids = snap.connection.execute(select(profiles.c.id)).scalars().all()
    assert "E04" in ids
    backup_workspace(target, workspace_url)  # its own backup may be replaced
    stranger = tmp_path / "mine.sqlite"
    stranger.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(DataError):
        backup_workspace(stranger, workspace_url)
    assert stranger.read_bytes() == b"SQLite format 3\x00" + b"\x00" * 100
    with Workspace.open(workspace_url) as ws:
        if ws.path is not None:
            with pytest.raises(DataError, match="input"):
                backup_workspace(ws.path, workspace_url)


def test_two_imports_at_once_never_mix(tmp_path, tiny_copy):
    """The second to commit finds the first has and writes nothing (run it again)."""
    from bridge_match.workspace import ImportConflictError, importer

    url = str(tmp_path / "ws.sqlite")
    import_data(url, tiny_copy / "profiles", tiny_copy / "needs")
    _edit(tiny_copy / "profiles" / "europe.csv", "perovskite solar cells,", "perovskite PV,")
    real_commit = importer._commit
    calls = []

    def commit_after_another(*args, **kwargs):
        if not calls:
            calls.append(1)
            import_data(url)  # a second import runs to the end first
        return real_commit(*args, **kwargs)

    importer._commit = commit_after_another
    try:
        with pytest.raises(ImportConflictError, match="another import"):
            import_data(url)
    finally:
        importer._commit = real_commit
    with Workspace.open(url) as ws, ws.snapshot() as snap:
        assert snap.import_id == 2
