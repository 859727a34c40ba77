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
from bridge_match.export import (
    FORMULA_TRIGGERS,
    neutralise,
    rejects_frame,
    spreadsheet_safe,
    to_csv,
    to_json,
)
from bridge_match.models import ExpertProfile, Need
from bridge_match.validate import load_needs, read_profiles
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


# -- rejects: the records as their own columns, fixed in a spreadsheet and read back ----------

BAD_PROFILES = (
    "id,name,country,field,affiliation,years_experience,consent_to_contact,Ghi chú\n"
    "P1,Nguyễn An,JP,lithography,Kyoto,khoảng 18,có,gọi lại\n"
    "P2,Trần Bình,Japn,etching,Osaka,12,x,\n"
    "P3,Lê Chi,KR,packaging,KAIST,9,không,ok\n"
)


def _bad_data(tmp_path):
    profiles, needs = tmp_path / "profiles", tmp_path / "needs"
    profiles.mkdir()
    needs.mkdir()
    (profiles / "members.csv").write_text(BAD_PROFILES, "utf-8")
    (profiles / "more.yaml").write_text(
        "- {id: P4, name: Phạm Dung, country: VN, field: f, affiliation: a,\n"
        "   keywords: [EUV, overlay], capacity: 2 dự án, consent_to_contact: maybe}\n",
        "utf-8",
    )
    (profiles / "short.csv").write_text("id,name,country,field,affiliation\nP5,Vũ,JP,f\n", "utf-8")
    (needs / "n.yaml").write_text(
        "- {id: N1, title: Đóng gói chip, sector: vi mạch, description: d, team_size: 10-15}\n"
        "- {id: N2, title: t, sector: học máy, description: d}\n",
        "utf-8",
    )
    (needs / "broken.json").write_text('[{"id": "N3",', "utf-8")
    (needs / "old.xls").write_bytes(b"\xd0\xcf")
    return profiles, needs


def test_rejects_have_a_column_per_field_then_the_records_own(tmp_path):
    from bridge_match.commands import validate_data

    profiles, needs = _bad_data(tmp_path)
    report = validate_data(profiles, needs, rejects=tmp_path / "out" / "rejects.csv")
    assert [path.name for path, _ in report.written] == ["rejects.csv", "rejects.needs.csv"]
    frame = pd.read_csv(
        tmp_path / "out" / "rejects.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    fields = list(ExpertProfile.model_fields)
    assert list(frame.columns) == ["source", "line", "count", "problems", *fields, "Ghi chú"]
    by_id = {row.id: row for _, row in frame.iterrows()}
    assert sorted(by_id) == ["P1", "P2", "P4", "P5"]
    assert by_id["P1"].years_experience == "khoảng 18"
    assert by_id["P1"]["Ghi chú"] == "gọi lại"  # the record's own column, after the fields
    assert by_id["P1"].line == "2"
    assert "write the number alone" in by_id["P1"].problems
    assert by_id["P4"].keywords == "EUV; overlay"
    assert by_id["P4"].capacity == "2 dự án"
    assert (by_id["P5"].field, by_id["P5"].affiliation) == ("f", "")
    assert "row has 4 cells but the header has 5" in by_id["P5"].problems
    needs_frame = pd.read_csv(
        tmp_path / "out" / "rejects.needs.csv",
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    assert list(needs_frame.columns) == ["source", "line", "count", "problems", *Need.model_fields]
    assert list(needs_frame.id) == ["N1", "", ""]
    assert needs_frame.problems[1].startswith("file refused, at least 1 record not read: ")
    assert needs_frame.problems[2].startswith("file refused, an unknown number of records")
    assert "save it as .xlsx or CSV UTF-8" in needs_frame.problems[2]
    assert list(needs_frame["count"]) == ["1", "1", ""]
    assert "this row holds no record" in needs_frame.problems[1]


def test_rejects_fixed_in_a_spreadsheet_read_back_as_profiles_and_needs(tmp_path):
    from bridge_match.commands import validate_data

    profiles, needs = _bad_data(tmp_path)
    rejects = tmp_path / "out" / "rejects.csv"
    validate_data(profiles, needs, rejects=rejects)
    # What a coordinator does in Excel: fix the cells the problems name, delete the refused row.
    frame = pd.read_csv(rejects, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    frame = frame.set_index("id", drop=False)
    frame.loc["P1", "years_experience"] = "18"
    frame.loc["P2", "country"] = "Japan"
    frame.loc["P4", "consent_to_contact"] = "đồng ý"
    frame.loc["P5", "affiliation"] = "Hanoi Uni"
    fixed = tmp_path / "fixed" / "profiles.csv"
    fixed.parent.mkdir()
    frame.to_csv(fixed, index=False, encoding="utf-8-sig")
    back = read_profiles(fixed)
    assert back.problems == []
    assert sorted(p.id for p in back.accepted) == ["P1", "P2", "P4", "P5"]
    again = {p.id: p for p in back.accepted}
    assert again["P1"].years_experience == 18
    assert again["P1"].consent_to_contact is True
    assert again["P4"].keywords == ["EUV", "overlay"]
    assert again["P4"].capacity == 2
    assert again["P5"].affiliation == "Hanoi Uni"
    warned = [(w.field, w.message.split(" (")[0]) for w in back.warnings]
    assert warned[0] == (None, "ignored: source, line, count, problems")
    assert [field for field, _ in warned[1:]] == ["Ghi chú"]
    need_frame = pd.read_csv(
        rejects.with_name("rejects.needs.csv"),
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    need_frame = need_frame[need_frame.id != ""]  # the refused file's row: no record to fix
    need_frame.loc[need_frame.id == "N1", "team_size"] = "3"
    fixed_needs = tmp_path / "fixed" / "needs.csv"
    need_frame.to_csv(fixed_needs, index=False, encoding="utf-8-sig")
    (need,) = load_needs(fixed_needs)
    assert (need.id, need.sector.value, need.team_size) == ("N1", "semiconductors", 3)


def test_a_column_of_the_record_named_like_ours_keeps_its_data():
    from bridge_match.accounting import Rejected
    from bridge_match.errors import Problem
    from bridge_match.load import RawRecord

    record = RawRecord("p.csv", 2, {"id": "P1", "source": "hội viên 2023", "flag": True})
    frame = rejects_frame([Rejected(record, (Problem("p.csv", 2, "name", "missing"),))])
    row = frame.iloc[0]
    assert (row.source, row.line, row["count"], row.problems) == (
        "p.csv",
        "2",
        "1",
        "name: missing",
    )
    assert row["source (in the record)"] == "hội viên 2023"
    assert row.flag == "true"
