"""The workspace as a coordinator uses it, through the command line: first use, import, the
pipeline, saved shortlists, backup, forget, and a kill -9 in the middle of an import."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from bridge_match.cli import app
from bridge_match.workspace import Workspace

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [*args])


@pytest.fixture
def ws(tmp_path, tiny_copy, monkeypatch):
    """A workspace imported from a copy of the tiny data, the test in that folder."""
    monkeypatch.chdir(tiny_copy)
    url = str(tmp_path / "ws" / "bridge-match.sqlite")
    monkeypatch.setenv("BRIDGE_MATCH_WORKSPACE", url)
    result = run("import")
    assert result.exit_code == 0, result.output
    return url


def test_first_use_imports_and_says_so(tmp_path, tiny_copy, monkeypatch):
    monkeypatch.chdir(tiny_copy)
    monkeypatch.setenv("BRIDGE_MATCH_WORKSPACE", str(tmp_path / "new.sqlite"))
    result = run("recommend", "--need", "N-AI-EN", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "first use of the workspace" in result.stderr
    assert "status" in result.stdout.splitlines()[0]
    again = run("recommend", "--need", "N-AI-EN", "--format", "csv")
    assert "first use" not in again.stderr
    assert again.stdout == result.stdout


def test_changed_files_are_named_until_imported(ws, tiny_copy):
    target = tiny_copy / "profiles" / "europe.csv"
    target.write_text(target.read_text("utf-8").replace("Lyon", "Paris"), "utf-8")
    stale = run("recommend", "--need", "N-AI-EN")
    assert "changed since the last import" in stale.stderr
    assert "europe.csv" in stale.stderr
    assert run("import").exit_code == 0
    assert "changed since" not in run("recommend", "--need", "N-AI-EN").stderr


def test_import_reports_and_refuses_bad_data(ws, tiny_copy):
    assert "nothing changed" in run("import").stdout
    target = tiny_copy / "profiles" / "europe.csv"
    target.write_text(
        target.read_text("utf-8").replace("E05,Hoàng Ngọc Em,FR", "E05,Hoàng Ngọc Em,Atlantis"),
        "utf-8",
    )
    bad = run("import")
    assert bad.exit_code == 2
    assert "Atlantis" in bad.output
    assert "Traceback" not in bad.output


def test_status_commands(ws):
    done = run(
        "status",
        "set",
        "--need",
        "N-SEMI-VI",
        "--expert",
        "E01",
        "--to",
        "declined",
        "--note",
        "busy",
        "--by",
        "Mai",
    )
    assert done.exit_code == 0, done.output
    assert "no status → declined (Mai" in done.stdout
    refused = run("status", "set", "--need", "N-SEMI-VI", "--expert", "E01", "--to", "active")
    assert refused.exit_code == 2
    assert "allowed next: contacted, proposed" in refused.output
    listed = run("status", "list", "--format", "csv")
    assert "N-SEMI-VI,Xây dựng" in listed.stdout
    assert ",declined,busy,Mai," in listed.stdout
    history = run("status", "history", "--need", "N-SEMI-VI", "--expert", "E01")
    assert "declined" in history.stdout
    assert "Mai" in history.stdout
    assign = run("assign", "--need", "N-SEMI-VI", "--format", "csv")
    assert assign.exit_code == 0, assign.output
    assert ",E01," not in assign.stdout
    assert "never proposed: 1 pair" in assign.stderr


def test_status_list_xlsx_has_a_sheet_per_association(ws, tmp_path):
    from openpyxl import load_workbook

    run("status", "set", "--need", "N-GREEN-VI", "--expert", "E04", "--to", "contacted")
    run("status", "set", "--need", "N-AI-EN", "--expert", "E09", "--to", "contacted")
    out = tmp_path / "pipeline.xlsx"
    result = run("status", "list", "--format", "xlsx", "--output", str(out))
    assert result.exit_code == 0, result.output
    sheets = load_workbook(out).sheetnames
    assert len(sheets) == 2  # AVSE, and the members of no association


def test_saved_shortlists_and_their_diff(ws, tiny_copy):
    assert run("recommend", "--need", "all", "--save", "before").exit_code == 0
    taken = run("recommend", "--need", "all", "--save", "before")
    assert taken.exit_code == 2
    assert "exists" in taken.output
    target = tiny_copy / "profiles" / "europe.csv"
    lines = target.read_text("utf-8").splitlines(keepends=True)
    target.write_text("".join(line for line in lines if not line.startswith("E04,")), "utf-8")
    assert run("import").exit_code == 0
    assert run("recommend", "--need", "all", "--save", "after").exit_code == 0
    listed = run("shortlists", "list")
    assert "before" in listed.stdout
    assert "after" in listed.stdout
    diff = run("shortlists", "diff", "before", "after", "--format", "csv")
    assert diff.exit_code == 0, diff.output
    lines = diff.stdout.splitlines()
    assert lines[0].lstrip("\ufeff").startswith("need_id,expert_id,name,change")
    assert any(",E04," in line and ",left," in line for line in lines[1:])
    assert any(",moved up," in line for line in lines[1:])
    unknown = run("shortlists", "diff", "before", "nope")
    assert unknown.exit_code == 2
    assert "saved: before, after" in unknown.output


def test_backup_while_in_use(ws, tmp_path):
    out = tmp_path / "copy.sqlite"
    result = run("workspace", "backup", str(out))
    assert result.exit_code == 0, result.output
    with Workspace.open(out, create=False) as copy, copy.snapshot() as snap:
        assert snap.counts()["profiles"] == 10


def test_forget_leaves_no_trace_in_the_database_file(ws, tiny_copy, tiny_profiles):
    person = next(p for p in tiny_profiles if p.id == "E04")
    run(
        "status",
        "set",
        "--need",
        "N-GREEN-VI",
        "--expert",
        "E04",
        "--to",
        "contacted",
        "--note",
        "call back",
    )
    assert run("recommend", "--expert", "E04", "--save", "for-dung").exit_code == 0
    result = run("forget", "--id", "E04")
    assert result.exit_code == 0, result.output
    assert "no trace found" in result.stdout
    raw = b"".join(
        p.read_bytes()
        for p in (tmp_path_of(ws), *sorted(tmp_path_of(ws).parent.rglob("*")))
        if p.is_file()
    )
    for secret in (person.id, person.name, person.email):
        assert secret.encode() not in raw
    with Workspace.open(ws) as opened, opened.snapshot() as snap:
        assert snap.counts()["profiles"] == 9
        from sqlalchemy import func, select

        from bridge_match.workspace.schema import tombstones

        assert snap.connection.execute(select(func.count()).select_from(tombstones)).scalar() == 1
    assert "E04" not in (tiny_copy / "profiles" / "europe.csv").read_text("utf-8")


def tmp_path_of(url: str):
    from pathlib import Path

    return Path(url)


def test_kill_9_during_import_leaves_the_previous_workspace(tmp_path, tiny_copy):
    """SIGKILL at random moments of an import: each time, the workspace opens with the
    previous snapshot or the new one, whole, and ranks."""
    url = str(tmp_path / "ws.sqlite")
    env = {**os.environ, "BRIDGE_MATCH_WORKSPACE": url}
    command = [
        sys.executable,
        "-m",
        "bridge_match",
        "import",
        "--profiles",
        str(tiny_copy / "profiles"),
        "--needs",
        str(tiny_copy / "needs"),
    ]
    subprocess.run(command, env=env, check=True, capture_output=True)
    target = tiny_copy / "profiles" / "europe.csv"
    original = target.read_text("utf-8")
    rng = random.Random(14)
    seen = set()
    for round_ in range(8):
        target.write_text(original.replace("Lyon", f"Lyon {round_}"), "utf-8")
        with Workspace.open(url) as opened:
            before = opened.settings()["import_id"]
        started = time.monotonic()
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.05, 2.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        with Workspace.open(url) as opened:
            after = opened.settings()["import_id"]
            assert after in (before, str(int(before) + 1))
            seen.add(after == before)
            with opened.snapshot() as snap:
                shortlist = snap.matcher().recommend(snap.needs(), top_k=3)
                assert len(shortlist) > 0
                assert snap.counts()["profiles"] == 10
        import sqlite3

        with sqlite3.connect(url) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        del started
    assert True in seen  # some kills landed before the commit
