import json

import pytest

from bridge_match import DataError, check_data, load_profiles
from bridge_match.validate import read_profiles
from tests.conftest import DATA, TINY

FIVE = DATA / "bad" / "five_faults"


def test_every_fault_is_listed_with_file_line_and_field():
    with pytest.raises(DataError) as info:
        load_profiles(FIVE / "profiles")
    found = {(p.source.split("/")[-1], p.line, p.field) for p in info.value.problems}
    assert found == {
        ("members.yaml", 6, "name"),
        ("members.yaml", 10, "country"),
        ("members.csv", 2, "sectors"),
        ("members.yaml", 1, "id"),
        ("members.csv", 4, None),
    }
    text = str(info.value)
    assert text.startswith("5 problems in the input:")
    assert "members.csv:4: row has 7 cells but the header has 6" in text
    assert "duplicate id 'P1'" in text
    assert "did you mean 'Japan'" in text


def test_report_accounts_for_every_record():
    report = check_data(FIVE / "profiles", FIVE / "needs")
    assert not report.ok
    assert report.profiles.read == 7
    assert [p.id for p in report.profiles.accepted] == ["P1", "P6"]
    assert len(report.profiles.problems) == 5
    assert len(report.needs.accepted) == 1


def test_csv_header_faults_are_reported_once(tmp_path):
    (tmp_path / "p.csv").write_text(
        "id,nmae,country,field\nA,An,JP,f\nB,Binh,KR,g\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as info:
        load_profiles(tmp_path)
    messages = [(p.line, p.field, p.message.split(";")[0]) for p in info.value.problems]
    assert (1, "name", "required column is missing") in messages
    assert (1, "affiliation", "required column is missing") in messages
    assert len(messages) == 2
    (warning,) = read_profiles(tmp_path).warnings
    assert "p.csv:1: nmae: ignored: not a field of a profile" in str(warning)
    assert "did you mean 'name'?" in str(warning)
    with pytest.raises(DataError) as strict:
        load_profiles(tmp_path, strict=True)
    messages = [(p.line, p.field, p.message.split(";")[0]) for p in strict.value.problems]
    assert (1, "nmae", "unknown field") in messages
    assert len(messages) == 3


def test_tiny_data_is_valid():
    report = check_data(TINY / "profiles", TINY / "needs")
    assert report.ok
    assert report.profiles_by_country()["JP"] == 2
    assert report.needs_by_sector()["semiconductors"] == 2


HEADER = "id,name,country,field,affiliation"


def test_an_unknown_column_is_a_warning_once_per_file_and_its_data_is_ignored(tmp_path):
    rows = "".join(f"P{i},An,JP,f,a,note {i},x{i}@example.org\n" for i in range(3000))
    (tmp_path / "members.csv").write_text(f"{HEADER},Ghi chú,e-mail\n{rows}", "utf-8")
    result = read_profiles(tmp_path)
    assert len(result.accepted) == 3000
    assert result.problems == []
    assert [(w.line, w.field) for w in result.warnings] == [(1, "Ghi chú"), (1, "e-mail")]
    assert "did you mean" not in result.warnings[0].message
    assert "did you mean 'email'?" in result.warnings[1].message
    assert all(p.email is None for p in result.accepted)
    assert load_profiles(tmp_path)[0].id == "P0"


def test_an_unknown_key_is_a_warning_once_per_file_at_its_first_record(tmp_path):
    records = [
        {"id": "P1", "name": "An", "country": "JP", "field": "f", "affiliation": "a"},
        {
            "id": "P2",
            "name": "Bình",
            "country": "JP",
            "field": "f",
            "affiliation": "a",
            "ghi_chu": 1,
        },
        {
            "id": "P3",
            "name": "Chi",
            "country": "JP",
            "field": "f",
            "affiliation": "a",
            "ghi_chu": 2,
        },
    ]
    (tmp_path / "p.json").write_text(json.dumps(records, ensure_ascii=False, indent=1), "utf-8")
    (tmp_path / "p.yaml").write_text(
        "- {id: P4, name: D, country: VN, field: f, affiliation: a, nmae: D}\n", "utf-8"
    )
    result = read_profiles(tmp_path)
    assert [p.id for p in result.accepted] == ["P1", "P2", "P3", "P4"]
    assert result.problems == []
    found = [(w.source.rsplit("/", 1)[-1], w.line, w.field) for w in result.warnings]
    assert found == [("p.json", 9, "ghi_chu"), ("p.yaml", 1, "nmae")]
    strict = read_profiles(tmp_path, strict=True)
    assert [p.id for p in strict.accepted] == ["P1", "P2", "P3", "P4"]
    assert strict.warnings == []
    assert [(p.line, p.field) for p in strict.problems] == [(9, "ghi_chu"), (1, "nmae")]
    assert "unknown field; did you mean 'name'?" in strict.problems[1].message
    with pytest.raises(DataError, match="2 problems"):
        load_profiles(tmp_path, strict=True)
    assert len(load_profiles(tmp_path, skip_invalid=True, strict=True)) == 4


def test_the_report_carries_warnings_and_notes_and_they_stop_nothing(tmp_path):
    profiles, needs = tmp_path / "profiles", tmp_path / "needs"
    profiles.mkdir()
    needs.mkdir()
    (profiles / "members.csv").write_text(f"{HEADER},Ghi chú\nP1,An,JP,f,a,x\n", "utf-8")
    (profiles / "README.md").write_text("# Hội viên\n", "utf-8")
    (needs / "n.yaml").write_text(
        "- {id: N1, title: t, sector: học máy, description: d, team_size: 3 người, host2: h}\n",
        "utf-8",
    )
    report = check_data(profiles, needs)
    assert report.ok
    assert [w.field for w in report.warnings] == ["host2", "Ghi chú"]
    assert "did you mean 'host'?" in report.warnings[0].message
    assert [n.source.rsplit("/", 1)[-1] for n in report.notes] == ["README.md"]
    assert report.needs.accepted[0].team_size == 3
    strict = check_data(profiles, needs, strict=True)
    assert not strict.ok
    assert strict.notes == report.notes
