"""No record is lost without a word: files refused whole are counted and named, every sheet of a
workbook is checked on its own, repeated columns and keys are faults, invisible characters are
caught, and inputs that raised Python errors give clear problems (exit 2) instead."""

from __future__ import annotations

import csv
import io
import json
import os

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bridge_match import DataError, load_profiles
from bridge_match.cli import app
from bridge_match.load import read_file, read_sources
from bridge_match.models import ExpertProfile
from bridge_match.rules import load_rules
from bridge_match.sectors import Sector
from bridge_match.validate import check_data, read_needs, read_profiles, validate_files
from tests.conftest import TINY

HEADER = ["id", "name", "country", "field", "affiliation"]
PYTHON_ERRORS = ("Traceback", "ValueError", "KeyError", "TypeError", "AttributeError")


def _profile(i: int, **fields: object) -> dict[str, object]:
    return {
        "id": f"P{i}",
        "name": f"Nguyễn Văn {i}",
        "country": "JP",
        "field": "lithography",
        "affiliation": "Kyoto",
        **fields,
    }


def _csv(records: list[dict[str, object]], header: list[str] = HEADER) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def _needs(tmp_path):
    needs = tmp_path / "needs.yaml"
    needs.write_text("- {id: N1, title: t, sector: ai, description: d}\n", "utf-8")
    return needs


def _validate(tmp_path, *extra: str):
    """``bridge-match validate`` on ``tmp_path/profiles`` and a one-need file."""
    args = ["validate", "--profiles", str(tmp_path / "profiles"), "--needs", str(_needs(tmp_path))]
    result = CliRunner().invoke(app, [*args, *extra])
    assert not any(name in result.output for name in PYTHON_ERRORS), result.output
    return result


def _summary(result) -> tuple[int, int, int]:
    numbers = [
        int(w.strip(",")) for w in result.stdout.splitlines()[0].split() if w.strip(",").isdigit()
    ]
    read, accepted, rejected = numbers
    return read, accepted, rejected


# --- A. A file refused whole is counted and named, never half accepted ---------------------------


def test_json_broken_midway_is_refused_whole_not_half_accepted(tmp_path):
    text = json.dumps([_profile(i) for i in range(100)], indent=1)
    cut = text.index('"P50"')
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "p.json").write_text(text[:cut] + "oops" + text[cut:], "utf-8")
    report = check_data(tmp_path / "profiles", _needs(tmp_path))
    profiles = report.profiles
    assert profiles.accepted == []
    (refused,) = profiles.refused
    assert (refused.records, refused.at_least) == (51, True)
    assert profiles.found == 51 == len(profiles.accepted) + profiles.not_accepted
    assert report.skipped().startswith(
        "skipped at least 51 of at least 51 profiles and 0 of 1 needs with problems; "
        "refused whole: "
    )
    assert report.skipped().endswith("p.json (at least 51 records)")
    result = _validate(tmp_path)
    assert result.exit_code == 2
    assert "read at least 51, accepted 0, rejected at least 51" in result.stdout
    assert "refused whole:" in result.stdout
    assert "p.json (at least 51 records)" in result.stdout
    assert "not valid JSON" in result.stderr
    assert _summary(result) == (51, 0, 51)


def test_a_csv_with_one_bad_byte_counts_every_row_and_the_rejects_file_names_it(tmp_path):
    rows = "".join(f"P{i},N{i},JP,f,a\n" for i in range(10)).encode()
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "p.csv").write_bytes(
        b"id,name,country,field,affiliation\n" + rows + b"P10,Nguy\xe1n,JP,f,a\n"
    )
    profiles = read_profiles(tmp_path / "profiles")
    assert profiles.accepted == []
    assert [(f.records, f.at_least) for f in profiles.refused] == [(11, False)]
    assert profiles.exact
    rejects = tmp_path / "rejects.csv"
    result = _validate(tmp_path, "--rejects", str(rejects))
    assert result.exit_code == 2
    assert "read 11, accepted 0, rejected 11" in result.stdout
    frame = pd.read_csv(rejects, encoding="utf-8-sig", keep_default_na=False)
    (row,) = frame.itertuples()
    assert row.source.endswith("p.csv")
    assert row.line == 12
    assert row.problems.startswith("file refused, 11 records not read: not UTF-8")
    assert (row.id, row.name, row.count) == ("", "", 11)
    assert "this row holds no record" in row.problems


def test_yaml_broken_midway_counts_the_items_before_the_error(tmp_path):
    items = "".join(yaml.safe_dump([_profile(i)], allow_unicode=True) for i in range(10))
    path = tmp_path / "p.yaml"
    path.write_text(items + "- id: [unclosed\n", "utf-8")
    result = read_profiles(path)
    assert result.accepted == []
    assert [(f.records, f.at_least) for f in result.refused] == [(11, True)]
    assert "not valid YAML" in result.refused[0].problems[0].message


def test_a_cell_that_never_ends_refuses_the_file_after_the_rows_before_it(tmp_path):
    text = _csv([_profile(1), _profile(2)]) + 'P3,"never closed,JP,f,a\n' + "x" * 100 * 1400
    path = tmp_path / "p.csv"
    path.write_text(text, "utf-8")
    for result in (read_profiles(path), validate_files(read_sources(path), ExpertProfile)):
        assert result.accepted == []
        assert [(f.records, f.at_least) for f in result.refused] == [(2, True)]
        (problem,) = result.problems
        assert problem.line == 4
        assert "quote that is never closed" in problem.message


def test_files_that_cannot_be_read_are_refused_sources_named_in_the_summary(tmp_path, monkeypatch):
    from bridge_match.load import delimited, files

    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "members.ods").write_bytes(b"PK")
    (folder / "big.csv").write_text(_csv([_profile(1)]), "utf-8")
    os.symlink("gone.csv", folder / "moved.csv")
    (folder / "ok.csv").write_text("id,name,country,field,affiliation\n", "utf-8")
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 60)
    monkeypatch.setattr(delimited, "MAX_FILE_BYTES", 60)
    result = read_profiles(folder)
    names = {os.path.basename(f.source): f.describe() for f in result.refused}
    assert names == {
        "members.ods": "an unknown number of records",
        "big.csv": "an unknown number of records",
        "moved.csv": "an unknown number of records",
    }
    assert not result.exact
    assert any("broken symbolic link to 'gone.csv'" in p.message for p in result.problems)


@st.composite
def record_files(draw):
    """Records in one file, some broken field by field, the file maybe damaged as a whole."""
    kind = draw(st.sampled_from(["csv", "json", "yaml"]))
    records = [
        _profile(i, **draw(st.sampled_from([{}, {"country": "Japn"}, {"name": ""}, {"id": "P0"}])))
        for i in range(draw(st.integers(1, 8)))
    ]
    damage = draw(st.sampled_from(["none", "byte", "syntax"]))
    at = draw(st.integers(0, len(records) - 1))
    return kind, records, damage, at


def _write_records(path, kind, records, damage, at):
    if damage == "byte":  # marked here, the byte itself put in after encoding
        records = [*records[:at], {**records[at], "field": "litho<BYTE>graphy"}, *records[at + 1 :]]
    if kind == "csv":
        lines = _csv(records).splitlines(keepends=True)
        if damage == "syntax":  # a quote never closed, run past csv's field limit
            lines[at + 1] = lines[at + 1].replace(",", ',"', 1)
            lines.append("x" * 140_000 + "\n")
        text = "".join(lines)
    elif kind == "json":
        parts = [json.dumps(r, ensure_ascii=False) for r in records]
        if damage == "syntax":
            parts[at] = parts[at].replace(":", "", 1)
        text = "[\n" + ",\n".join(parts) + "\n]\n"
    else:
        parts = [yaml.safe_dump([r], allow_unicode=True) for r in records]
        if damage == "syntax":
            parts[at] = parts[at].replace("- ", "- [", 1)
        text = "".join(parts)
    path.write_bytes(text.encode("utf-8").replace(b"<BYTE>", b"\xff"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_files())
def test_every_record_is_accepted_rejected_or_counted_in_a_refused_file(tmp_path_factory, drawn):
    kind, records, damage, at = drawn
    path = tmp_path_factory.mktemp("records") / f"p.{kind}"
    _write_records(path, kind, records, damage, at)
    result = read_profiles(path)
    assert result.read == len(result.accepted) + len(result.rejected)
    assert result.found == len(result.accepted) + result.not_accepted
    assert all(r.problems for r in result.rejected)
    if damage == "none":
        assert result.refused == []
        assert result.found == len(records)
    else:
        assert result.accepted == []
        (refused,) = result.refused
        assert refused.problems
        if damage == "byte":  # still parseable once the byte is replaced: an exact count
            assert (refused.records, refused.at_least) == (len(records), False)
        else:
            assert refused.at_least
            assert at <= refused.records <= len(records)


def test_read_file_keeps_working_for_callers_that_want_records(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(_csv([_profile(1), _profile(2)]), "utf-8")
    source = read_file(path)
    assert [r.data["id"] for r in source.records] == ["P1", "P2"]
    assert not source.refused
    assert read_sources(path) == [source]


# --- B. Every sheet of a workbook is its own source ----------------------------------------------


def _book(tmp_path, sheets: dict[str, list[list[object]]]):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    (tmp_path / "profiles").mkdir(exist_ok=True)
    path = tmp_path / "profiles" / "members.xlsx"
    book.save(path)
    return path


def test_each_sheet_has_its_own_header_check(tmp_path):
    path = _book(
        tmp_path,
        {
            "Hanoi": [
                ["id", "nmae", "country", "field", "affiliation"],
                ["P1", "An", "JP", "f", "a"],
            ],
            "Tokyo": [[*HEADER, "city"], ["P2", "Bình", "JP", "f", "a", "Osaka"]],
            "Notes": [],
        },
    )
    result = read_profiles(path)
    assert [p.id for p in result.accepted] == ["P2"]
    assert result.origin["P2"].source.endswith("members.xlsx[Tokyo]")
    found = {(p.source.rsplit("/", 1)[-1], p.line, p.field) for p in result.problems}
    assert ("members.xlsx[Hanoi]", 1, "name") in found
    warned = {(p.source.rsplit("/", 1)[-1], p.line, p.field) for p in result.warnings}
    assert warned == {("members.xlsx[Hanoi]", 1, "nmae")}
    assert not any("Tokyo" in p.source for p in result.problems)
    assert [s.source.rsplit("/", 1)[-1] for s in read_sources(path)] == [
        "members.xlsx[Hanoi]",
        "members.xlsx[Tokyo]",
    ]
    assert [r.data["id"] for r in read_file(path).records] == ["P1", "P2"]
    cli = _validate(tmp_path)
    assert cli.exit_code == 2
    assert "no problems found" not in cli.stdout
    assert "members.xlsx[Hanoi]:1: name: required column is missing" in cli.stderr
    assert "members.xlsx[Hanoi]:1: nmae: ignored" in cli.stdout
    strict = _validate(tmp_path, "--strict")
    assert "members.xlsx[Hanoi]:1: nmae: unknown field; did you mean 'name'?" in strict.stderr


def test_a_formula_without_a_saved_result_is_reported_with_the_fix(tmp_path):
    path = _book(
        tmp_path,
        {"Sheet": [[*HEADER, "city"], ["P1", "An", "JP", "f", "a", '=A2&"x"'], _row_list(2)]},
    )
    result = read_profiles(path)
    assert [p.id for p in result.accepted] == ["P2"]
    (problem,) = result.problems
    assert (problem.line, problem.field) == (2, "city")
    assert "formula with no saved result" in problem.message
    assert "open and save it in Excel or LibreOffice, or paste values" in problem.message
    assert [r.data["id"] for r in read_file(path).records] == ["P1", "P2"]


def _row_list(i: int) -> list[object]:
    return [f"P{i}", "Bình", "JP", "f", "a", "Kyoto"]


def test_a_header_below_a_title_row_is_found_and_the_fix_given(tmp_path):
    path = _book(tmp_path, {"Members": [["Members 2024"], HEADER, _row_list(1)[:5]]})
    result = read_profiles(path)
    assert result.accepted == []
    (problem,) = result.problems
    assert problem.line == 2
    assert "the header seems to be on row 2" in problem.message
    assert "delete the rows above it" in problem.message
    assert [(f.records, f.at_least) for f in result.refused] == [(1, False)]


# --- C. Repeated columns and keys; invisible characters; linked folders -------------------------


def test_a_column_named_twice_rejects_every_row_naming_both_columns(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("id,name,country,field,affiliation,name\nP1,An,JP,f,a,Bình\n", "utf-8")
    for result in (read_profiles(path), validate_files(read_sources(path), ExpertProfile)):
        assert result.accepted == []
        (rejected,) = result.rejected
        (problem,) = rejected.problems
        assert (problem.line, problem.field) == (1, "name")
        assert "columns 2 (B) and 6 (F)" in problem.message
        assert rejected.record.data["name"] == "An"
        assert rejected.record.data["name (column 6)"] == "Bình"


def test_a_yaml_key_given_twice_rejects_the_record_at_the_repeat(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        "- id: P1\n  name: An\n  country: JP\n  field: f\n  affiliation: a\n  name: Bình\n"
        "- id: P2\n  name: Chi\n  country: JP\n  field: f\n  affiliation: a\n",
        "utf-8",
    )
    result = read_profiles(path)
    assert [p.id for p in result.accepted] == ["P2"]
    (problem,) = result.problems
    assert (problem.line, problem.field) == (6, "name")
    assert "given twice in this record (lines 2 and 6)" in problem.message
    source = read_file(path)  # what the file holds, for callers such as erasure
    assert [r.data["id"] for r in source.records] == ["P1", "P2"]
    assert source.faults == {0: problem}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    twice=st.lists(st.sampled_from([None, *HEADER, "city"]), min_size=1, max_size=5),
    kind=st.sampled_from(["json", "yaml"]),
)
def test_a_key_given_twice_is_always_reported(tmp_path_factory, twice, kind):
    folder = tmp_path_factory.mktemp("twice")
    for i, key in enumerate(twice):
        record = _profile(i)
        if kind == "json":
            pairs = [f'  "{k}": {json.dumps(v)}' for k, v in record.items()]
            if key is not None:
                pairs.append(f'  "{key}": "again"')
            text = "{\n" + ",\n".join(pairs) + "\n}\n"
        else:
            text = "".join(f"{k}: {json.dumps(v)}\n" for k, v in record.items())
            text += f"{key}: again\n" if key is not None else ""
        (folder / f"p{i}.{kind}").write_text(text, "utf-8")
    result = read_profiles(folder)
    expected = {(f"p{i}.{kind}", key) for i, key in enumerate(twice) if key in HEADER}
    reported = {
        (r.record.source.rsplit("/", 1)[-1], p.field)
        for r in result.rejected
        for p in r.problems
        if "given twice" in p.message
    }
    assert reported == expected
    for problem in (p for r in result.rejected for p in r.problems if "given twice" in p.message):
        assert problem.line == len(_profile(0)) + (2 if kind == "json" else 1)
    assert {p.id for p in result.accepted} == {
        f"P{i}" for i, key in enumerate(twice) if key not in HEADER
    }


def test_invisible_characters_in_ids_are_refused_and_stripped_at_the_ends(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        _csv(
            [
                _profile(1),
                _profile(2, id="P\u200b1"),
                _profile(3, id="\ufeffP1"),
                _profile(4, name="\u200b\u2060"),
                _profile(5, name="Trần An\u200b", city="\u00adHuế"),
            ],
            [*HEADER, "city"],
        ),
        "utf-8",
    )
    result = read_profiles(path)
    assert [(p.id, p.name, p.city) for p in result.accepted] == [
        ("P1", "Nguyễn Văn 1", None),
        ("P5", "Trần An", "Huế"),
    ]
    messages = {p.line: f"{p.field}: {p.message}" for p in result.problems}
    assert messages[3].startswith("id: contains an invisible character U+200B (ZERO WIDTH SPACE)")
    assert "retype the id" in messages[3]
    assert messages[4].startswith("id: duplicate id 'P1'")
    assert messages[5].startswith("name: contains only invisible characters (U+200B")


def test_a_bom_in_a_header_cell_is_stripped_and_others_shown_visibly(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "id,\ufeffname,country,field,affiliation,ci\u200bty\nP1,An,JP,f,a,Hue\n", "utf-8"
    )
    result = read_profiles(path)
    assert [p.id for p in result.accepted] == ["P1"]
    assert result.problems == []
    (warning,) = result.warnings
    assert warning.field == "ci\u200bty"
    assert ":1: ci<U+200B>ty: ignored: not a field of a profile" in str(warning)
    assert "did you mean 'city'?" in str(warning)
    (problem,) = read_profiles(path, strict=True).problems
    assert ":1: ci<U+200B>ty: unknown field; did you mean 'city'?" in str(problem)


def test_linked_folders_are_followed_once_and_a_loop_is_a_problem(tmp_path):
    real = tmp_path / "association"
    real.mkdir()
    (real / "p.csv").write_text(_csv([_profile(1)]), "utf-8")
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "q.csv").write_text(_csv([_profile(2)]), "utf-8")
    os.symlink(real, folder / "linked")
    os.symlink(real, folder / "again")
    os.symlink(folder, real / "back")
    result = read_profiles(folder)
    assert sorted(p.id for p in result.accepted) == ["P1", "P2"]
    (loop,) = result.problems
    assert "symbolic link loop" in loop.message
    assert result.refused == []


# --- D. What raised a Python error is a clear problem --------------------------------------------


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_a_5001_digit_number_is_a_problem_not_a_crash(tmp_path, kind):
    (tmp_path / "profiles").mkdir()
    path = tmp_path / "profiles" / f"p.{kind}"
    number = "9" * 5001
    if kind == "yaml":
        text = "".join(f"{k}: {v}\n" for k, v in _profile(1).items()) + f"capacity: {number}\n"
    else:
        text = json.dumps(_profile(1))[:-1] + f', "capacity": {number}}}'
    path.write_text(text, "utf-8")
    result = _validate(tmp_path)
    assert result.exit_code == 2
    assert f"p.{kind}:1: capacity: number far too large" in result.stderr


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("capacity", 10**23, "must be 100 or less, got 100000000000000000000000"),
        ("capacity", 101, "must be 100 or less"),
        ("years_experience", 81, "must be 80 or less"),
        ("years_experience", "9" * 400 + ".0", "must be 80 or less, got '999"),
    ],
)
def test_counts_have_sane_upper_bounds(tmp_path, field, value, message):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([_profile(1, **{field: value}), _profile(2, capacity=100)]), "utf-8")
    result = read_profiles(path)
    assert [p.id for p in result.accepted] == ["P2"]
    (problem,) = result.problems
    assert problem.field == field
    assert message in problem.message


def test_team_size_has_an_upper_bound(tmp_path):
    path = tmp_path / "n.yaml"
    path.write_text(
        "- {id: N1, title: t, sector: ai, description: d, team_size: 101}\n"
        "- {id: N2, title: t, sector: ai, description: d, team_size: 100}\n",
        "utf-8",
    )
    result = read_needs(path)
    assert [n.id for n in result.accepted] == ["N2"]
    assert "team_size: must be 100 or less" in str(result.problems[0])


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_with_a_bom_is_read_as_utf32(tmp_path, encoding):
    text = _csv([_profile(1, name="Nguyễn Thị Liên")])
    raw = text.encode(encoding)
    if encoding != "utf-32":
        raw = "\ufeff".encode(encoding) + raw
    path = tmp_path / "p.csv"
    path.write_bytes(raw)
    result = read_profiles(path)
    assert result.problems == []
    assert [p.name for p in result.accepted] == ["Nguyễn Thị Liên"]


def test_excels_sep_line_names_the_delimiter_and_lines_stay_physical(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "sep=;\nid;name;country;field;affiliation\nP1;An;JP;f;a\nP2;Bình;Japn;f;a\n", "utf-8"
    )
    for result in (read_profiles(path), validate_files(read_sources(path), ExpertProfile)):
        assert [p.id for p in result.accepted] == ["P1"]
        (problem,) = result.problems
        assert (problem.line, problem.field) == (4, "country")
        assert result.origin["P1"].line == 3


def test_a_csv_header_under_a_title_row_is_found(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Hội trí thức 2024,,,,\n\n" + _csv([_profile(1), _profile(2)]), "utf-8")
    for result in (read_profiles(path), validate_files(read_sources(path), ExpertProfile)):
        (problem,) = result.problems
        assert problem.line == 3
        assert "the header seems to be on row 3" in problem.message
        assert [(f.records, f.at_least) for f in result.refused] == [(2, False)]


def test_yaml_numbers_for_text_fields_are_the_text_as_typed(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        "- {id: 00456, name: A, country: JP, field: f, affiliation: a, city: 2024-02-30}\n"
        "- {id: 457, name: B, country: JP, field: f, affiliation: a, years_experience: 007}\n"
        "- {id: 4.5, name: C, country: JP, field: f, affiliation: a}\n"
        "- {id: P9, name: true, country: JP, field: f, affiliation: a}\n",
        "utf-8",
    )
    result = read_profiles(path)
    assert [(p.id, p.city, p.years_experience) for p in result.accepted] == [
        ("00456", "2024-02-30", None),
        ("457", None, 7),
    ]
    hints = [str(p) for p in result.problems]
    assert len(hints) == 2
    assert "id: expected text, got 4.5; put it in quotes" in hints[0]
    assert "name: expected text, got True; put it in quotes" in hints[1]


def test_json_integers_for_text_fields_are_their_digits(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([_profile(1, id=456, affiliation=2024)]), "utf-8")
    assert [(p.id, p.affiliation) for p in load_profiles(path)] == [("456", "2024")]


@pytest.mark.parametrize("value", ["2024-02-30", "0x1A", "1_000", "1:30", "+5", "-0"])
def test_yaml_scalars_that_are_not_plain_numbers_stay_the_text_typed(tmp_path, value):
    path = tmp_path / "p.yaml"
    path.write_text("".join(f"{k}: {v}\n" for k, v in _profile(1).items()) + f"city: {value}\n")
    assert [p.city for p in load_profiles(path)] == [value]


@pytest.mark.parametrize("value", ["!!timestamp x", "!!bool x", "!!int x", "!!float x"])
def test_a_yaml_tag_that_cannot_read_its_value_is_a_problem(tmp_path, value):
    path = tmp_path / "p.yaml"
    path.write_text("".join(f"{k}: {v}\n" for k, v in _profile(1).items()) + f"city: {value}\n")
    result = read_profiles(path)
    assert [(f.records, f.at_least) for f in result.refused] == [(1, False)]
    assert "cannot be read as that type" in result.problems[0].message
    assert "remove the tag" in result.problems[0].message


def test_a_rules_file_not_in_utf8_is_a_problem(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_bytes("# règles\nsector_match: 0.05\n".encode("cp1252"))
    with pytest.raises(DataError) as info:
        load_rules(path)
    (problem,) = info.value.problems
    assert (problem.line, "not UTF-8") == (1, problem.message[:9])
    path.write_text("sector_match: 0.05\nsector_match: 0.06\n", "utf-8")
    with pytest.raises(DataError, match="given twice"):
        load_rules(path)
    path.write_text("country_strength:\n  by_sector:\n    ai: [NO, US]\n", "utf-8")
    assert load_rules(path).country_strength.by_sector == {Sector.AI: ["NO", "US"]}
    path.write_bytes("sector_match: 0.05 # règles\n".encode("cp1252"))
    args = ["--profiles", str(TINY / "profiles"), "--needs", str(TINY / "needs")]
    result = CliRunner().invoke(
        app,
        ["recommend", "--need", "ai", *args, "--rules", str(path), "--model-dir", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "rules.yaml:1: not UTF-8" in result.stderr
    assert not any(name in result.output for name in PYTHON_ERRORS)
