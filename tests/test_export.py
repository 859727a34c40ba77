import io
import os
import shutil
import subprocess

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from bridge_match.cli import app
from bridge_match.export import FORMULA_TRIGGERS, neutralise, spreadsheet_safe, to_csv, to_json
from tests.conftest import TINY

NAME = "Nguyễn Thị Liên"


@given(st.text())
def test_neutralise_never_leaves_a_formula_trigger_first(value):
    out = neutralise(value)
    assert not out.startswith(FORMULA_TRIGGERS) or out.startswith("'")
    if value.startswith(FORMULA_TRIGGERS):
        assert out == "'" + value
    else:
        assert out == value
    assert neutralise(out) == out


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()))
def test_neutralise_leaves_non_strings_alone(value):
    assert neutralise(value) == value
    assert type(neutralise(value)) is type(value)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_triggers(value):
    assert neutralise(value) == "'" + value


def test_neutralise_frame_keeps_numbers():
    frame = pd.DataFrame({"name": ["=1+1", NAME], "score": [-0.5, 0.25]})
    out = spreadsheet_safe(frame)
    assert out.name.tolist() == ["'=1+1", NAME]
    assert out.score.tolist() == [-0.5, 0.25]
    assert frame.name.tolist() == ["=1+1", NAME]


def test_csv_neutralises_text_but_not_numbers():
    frame = pd.DataFrame({"name": [NAME, "=1+1", "-2"], "score": [0.5, -1.0, 2.0]})
    rows = pd.read_csv(io.StringIO(to_csv(frame)))
    assert rows.name.tolist() == [NAME, "'=1+1", "'-2"]
    assert rows.score.tolist() == [0.5, -1.0, 2.0]
    assert '"name": "=1+1"' in to_json(frame)


def test_no_email_without_consent_in_any_format(tmp_path):
    runner = CliRunner()
    data = ["--profiles", str(TINY / "profiles"), "--needs", str(TINY / "needs")]
    hidden = ["phong.vu@example.org", "em.hoang@example.org"]
    for fmt in ("table", "csv", "json", "xlsx"):
        target = tmp_path / f"out.{fmt}"
        result = runner.invoke(
            app,
            [
                "recommend",
                "--need",
                "semiconductors",
                *data,
                "--top-k",
                "10",
                "--format",
                fmt,
                "--output",
                str(target),
                "--model-dir",
                str(tmp_path / "model"),
            ],
        )
        assert result.exit_code == 0, result.output
        text = _as_text(target)
        assert "an.nguyen@example.org" in text or fmt == "table"
        assert not any(email in text for email in hidden), fmt


def _as_text(path):
    if path.suffix != ".xlsx":
        return path.read_text("utf-8-sig")
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(path)
    return "\n".join(
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    )


def _soffice():
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install LibreOffice (Debian package libreoffice-calc-nogui)")
        pytest.skip("LibreOffice is not installed")
    return found


def test_libreoffice_keeps_diacritics_and_runs_no_formula(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = pd.DataFrame(
        {"name": [NAME, "Trần An"], "reasons": ["=1+1", "@SUM(A1:A2)"], "score": [0.5, 0.25]}
    )
    source = tmp_path / "shortlist.csv"
    source.write_text(to_csv(frame), encoding="utf-8-sig", newline="")
    subprocess.run(
        [
            _soffice(),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "xlsx",
            "--infilter=CSV:44,34,76",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheet = openpyxl.load_workbook(tmp_path / "shortlist.xlsx").active
    cells = {(c.row, c.column): c for row in sheet.iter_rows() for c in row}
    assert cells[(2, 1)].value == NAME
    for row in (2, 3):
        assert cells[(row, 2)].data_type == "s"
    assert cells[(2, 2)].value.endswith("=1+1")
    assert cells[(3, 3)].value == 0.25


def test_anonymised_shortlists_hide_names_ids_and_contacts(tmp_path):
    runner = CliRunner()
    data = ["--profiles", str(TINY / "profiles"), "--needs", str(TINY / "needs")]
    args = [
        "recommend",
        "--need",
        "semiconductors",
        *data,
        "--format",
        "csv",
        "--model-dir",
        str(tmp_path / "model"),
        "--anonymise",
    ]
    first = runner.invoke(app, [*args, "--pseudonym-key", "k1"])
    again = runner.invoke(app, [*args, "--pseudonym-key", "k1"])
    other = runner.invoke(app, [*args, "--pseudonym-key", "k2"])
    assert first.exit_code == 0, first.output
    assert first.stdout == again.stdout != other.stdout
    rows = pd.read_csv(io.StringIO(first.stdout))
    assert "email" not in rows
    assert rows.name.str.startswith("Expert-").all()
    assert (rows.name == rows.expert_id).all()
    for secret in ("Nguyễn Văn An", "E01", "example.org"):
        assert secret not in first.stdout


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_libreoffice_in_any_locale_runs_no_formula(tmp_path, separator):
    """A ``;``-locale spreadsheet splits ``"x;=1+1;y"`` inside its quotes: still no formula."""
    openpyxl = pytest.importorskip("openpyxl")
    frame = pd.DataFrame(
        {
            "need_id": ["N1", "N2", "N3", "N4"],
            "name": ["x;=1+1;y", "a,=2+2", "b\t=3+3", "c|@SUM(A1)"],
            "reasons": ["terms: a; +0.05 sector", "=HYPERLINK(1)", "-1", "+2"],
        }
    )
    source = tmp_path / "shortlist.csv"
    source.write_text(to_csv(frame), encoding="utf-8-sig", newline="")
    options = f"CSV:{ord(separator)},34,76,1,,,,,,,,,true"  # the last: evaluate formulas
    subprocess.run(
        [
            _soffice(),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "xlsx",
            f"--infilter={options}",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheet = openpyxl.load_workbook(tmp_path / "shortlist.xlsx").active
    kinds = {c.data_type for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "f" not in kinds, [[c.value for c in row] for row in sheet.iter_rows()]
