"""Outputs never destroy data: not over an input, not inside a data folder, not over a file
bridge-match did not write, never half-written."""

import csv
import io
import os

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from bridge_match import DataError
from bridge_match.cli import app
from bridge_match.outputs import Inputs, is_ours, write_bytes, write_new
from bridge_match.sample import write_sample
from tests.conftest import snapshot

runner = CliRunner()


def _recommend(data, *extra, model=None, need="ai"):
    model = model or data.parent / "model"
    args = ["recommend", "--need", need, "--profiles", str(data / "profiles")]
    args += ["--needs", str(data / "needs"), "--model-dir", str(model), *extra]
    return runner.invoke(app, args)


@pytest.mark.parametrize(
    ("option", "target", "fmt"),
    [
        ("--output", "profiles/europe.csv", "csv"),
        ("--rejects", "profiles/europe.csv", "table"),
        ("--output", "needs/needs.yaml", "xlsx"),
        ("--output", "profiles/japan.yaml", "json"),
        ("--output", "profiles/new-shortlist.csv", "csv"),
        ("--output", "needs/table.txt", "table"),
    ],
)
def test_no_output_replaces_an_input_or_lands_in_a_data_folder(tiny_copy, option, target, fmt):
    before = snapshot(tiny_copy)
    result = _recommend(tiny_copy, "--format", fmt, option, str(tiny_copy / target))
    assert result.exit_code == 2, result.output
    assert option in result.stderr
    assert "Error" not in result.output
    assert "Traceback" not in result.output
    assert snapshot(tiny_copy) == before


def test_a_hard_link_to_an_input_is_refused(tiny_copy, tmp_path):
    link = tmp_path / "elsewhere.csv"
    os.link(tiny_copy / "profiles" / "europe.csv", link)
    before = snapshot(tiny_copy)
    result = _recommend(tiny_copy, "--format", "csv", "--output", str(link))
    assert result.exit_code == 2
    assert "input of this command" in result.stderr
    assert snapshot(tiny_copy) == before


def test_rules_file_is_an_input_too(tiny_copy, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("sector_match: 0.05\n", "utf-8")
    result = _recommend(tiny_copy, "--rules", str(rules), "--format", "csv", "-o", str(rules))
    assert result.exit_code == 2
    assert rules.read_text("utf-8") == "sector_match: 0.05\n"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"my notes\n"),
        ("budget.csv", b"item,cost\nchips,10\n"),
        ("results.json", b'{"experiment": 1}\n'),
        ("report.html", b"<html><body>mine</body></html>"),
    ],
)
def test_a_file_bridge_match_did_not_write_is_never_replaced(tiny_copy, tmp_path, name, content):
    target = tmp_path / "out" / name
    target.parent.mkdir()
    target.write_bytes(content)
    fmt = {"txt": "table", "csv": "csv", "json": "json", "html": "csv"}[name.split(".")[1]]
    result = _recommend(tiny_copy, "--format", fmt, "--output", str(target))
    assert result.exit_code == 2, result.output
    assert "not written by bridge-match" in result.stderr
    assert target.read_bytes() == content


def test_a_users_own_workbook_is_never_replaced(tiny_copy, tmp_path):
    target = tmp_path / "mine.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "private"
    book.save(target)
    before = target.read_bytes()
    result = _recommend(tiny_copy, "--format", "xlsx", "--output", str(target))
    assert result.exit_code == 2
    assert target.read_bytes() == before


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "table"])
def test_its_own_earlier_output_is_replaced(tiny_copy, tmp_path, fmt):
    target = tmp_path / "deep" / "new" / f"shortlist.{'txt' if fmt == 'table' else fmt}"
    first = _recommend(tiny_copy, "--format", fmt, "--output", str(target))
    assert first.exit_code == 0, first.output
    assert is_ours(target)
    second = _recommend(tiny_copy, "--format", fmt, "--top-k", "1", "--output", str(target))
    assert second.exit_code == 0, second.output
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "shortlist.csv"
    target.write_bytes(b"need_id,expert_id\nN1,E1\n")

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(DataError, match="No space left on device"):
        write_bytes(target, b"need_id,expert_id\n" + b"N2,E2\n" * 1000)
    assert target.read_bytes() == b"need_id,expert_id\nN1,E1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["shortlist.csv"]


def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "shortlist.csv"
    target.write_bytes(b"need_id,expert_id\nN1,E1\n")

    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_bytes(target, b"need_id,expert_id\nN2,E2\n")
    assert target.read_bytes() == b"need_id,expert_id\nN1,E1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["shortlist.csv"]


def test_unwritable_places_get_a_clear_message(tiny_copy, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", "utf-8")
    result = _recommend(tiny_copy, "--format", "csv", "--output", str(blocker / "x.csv"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    folder = _recommend(tiny_copy, "--format", "csv", "--output", str(tmp_path))
    assert folder.exit_code == 2
    assert "is a folder" in folder.stderr


def test_the_check_comes_before_the_work(tmp_path):
    profiles = tmp_path / "profiles"
    with pytest.raises(DataError, match="inside"):
        Inputs.of(profiles).check(profiles / "out.csv")


def test_csv_cells_with_any_locale_delimiter_are_quoted(tmp_path):
    from bridge_match.export import write

    frame = pd.DataFrame({"need_id": ["N1"], "name": ["x;=1+1"], "field": ["a\tb|c"]})
    target = write(frame, tmp_path / "s.csv", "csv")
    text = target.read_text("utf-8-sig")
    for delimiter in (",", ";", "\t", "|"):
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), (delimiter, row)


def test_sample_data_never_replaces_other_content(tmp_path):
    written = write_sample(tmp_path, n_profiles=30, n_needs=6)
    before = snapshot(tmp_path)
    assert write_sample(tmp_path, n_profiles=30, n_needs=6) == written
    assert snapshot(tmp_path) == before
    with pytest.raises(DataError, match="never replaced"):
        write_sample(tmp_path, n_profiles=30, n_needs=6, seed=1)
    assert snapshot(tmp_path) == before


def test_write_new_keeps_an_identical_file(tmp_path):
    target = tmp_path / "a.csv"
    assert write_new(target, [b"x\n"])
    assert not write_new(target, [b"x", b"\n"])
    with pytest.raises(DataError):
        write_new(target, [b"y\n"])
    assert target.read_bytes() == b"x\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_coverage_never_replaces_a_users_file(tiny_copy, tmp_path):
    report = tmp_path / "report"
    report.mkdir()
    (report / "coverage.html").write_text("<p>my own page</p>", "utf-8")
    args = ["coverage", "--output", str(report), "--profiles", str(tiny_copy / "profiles")]
    args += ["--needs", str(tiny_copy / "needs"), "--model-dir", str(tmp_path / "model")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert (report / "coverage.html").read_text("utf-8") == "<p>my own page</p>"
    assert sorted(p.name for p in report.iterdir()) == ["coverage.html"]
    again = runner.invoke(app, [*args[:2], str(tmp_path / "fresh"), *args[3:]])
    assert again.exit_code == 0, again.output
    assert all(is_ours(p) for p in (tmp_path / "fresh").iterdir())
    rerun = runner.invoke(app, [*args[:2], str(tmp_path / "fresh"), *args[3:]])
    assert rerun.exit_code == 0, rerun.output


def test_user_text_is_printed_as_written_not_as_markup(tiny_copy):
    csv_file = tiny_copy / "profiles" / "europe.csv"
    text = csv_file.read_text("utf-8-sig")
    header, first, *rest = text.splitlines(keepends=True)
    cells = first.split(",")
    cells[1] = "[link=http://evil.example]Japan[/link] [members] :warning:"
    csv_file.write_text("".join([header, ",".join(cells), *rest]), "utf-8")
    result = _recommend(tiny_copy, "--top-k", "10", need="green_energy")
    assert result.exit_code == 0, result.output
    assert "[link=http://evil.examp" in result.stdout  # the column is cut, not rendered
    assert "\x1b]8;" not in result.stdout  # no terminal hyperlink
    assert "[members]" in result.stdout
    assert ":warning:" in result.stdout


def test_markup_in_a_message_is_printed_as_written(tiny_copy):
    result = _recommend(tiny_copy, "--country", "[bold red]Japn[/]")
    assert result.exit_code == 2
    assert "[bold red]Japn[/]" in result.stderr


def test_rejects_files_are_replaced_next_run_and_a_users_file_beside_them_is_not(
    tiny_copy, tmp_path
):
    (tiny_copy / "profiles" / "extra.csv").write_text(
        "id,name,country,field,affiliation,Ghi chú\nX1,An,Japn,f,a,gọi lại\n", "utf-8"
    )
    rejects = tmp_path / "out" / "rejects.csv"
    args = ["--skip-invalid", "--format", "csv", "--rejects", str(rejects)]
    first = _recommend(tiny_copy, *args)
    assert first.exit_code == 0, first.output
    assert is_ours(rejects)
    assert is_ours(rejects.with_name("rejects.needs.csv"))
    second = _recommend(tiny_copy, *args)
    assert second.exit_code == 0, second.output
    mine = tmp_path / "mine" / "rejects.needs.csv"
    mine.parent.mkdir()
    mine.write_text("id,title\nN9,my own list\n", "utf-8")
    refused = _recommend(tiny_copy, *args[:-1], str(mine.with_name("rejects.csv")))
    assert refused.exit_code == 2
    assert "rejects.needs.csv already exists and was not written by bridge-match" in " ".join(
        refused.stderr.split()
    )
    assert not mine.with_name("rejects.csv").exists()
    assert mine.read_text("utf-8") == "id,title\nN9,my own list\n"
