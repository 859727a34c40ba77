import pytest

from bridge_match import DataError, check_data, load_profiles
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
    assert (1, "nmae", "unknown field") in messages
    assert (1, "name", "required column is missing") in messages
    assert (1, "affiliation", "required column is missing") in messages
    assert len(messages) == 3


def test_tiny_data_is_valid():
    report = check_data(TINY / "profiles", TINY / "needs")
    assert report.ok
    assert report.profiles_by_country()["JP"] == 2
    assert report.needs_by_sector()["semiconductors"] == 2
