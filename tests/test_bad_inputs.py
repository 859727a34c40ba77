"""A corpus of broken inputs (one small file per kind of fault) and fuzzing of the loaders.

The only outcomes allowed are accepted records or problems with file and line: never another
exception, never a hang, and every record read is either accepted or rejected.
"""

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bridge_match import DataError, load_profiles
from bridge_match.cli import app
from bridge_match.validate import read_profiles
from tests.conftest import DATA

KINDS = DATA / "bad" / "kinds"
EXPECTED = {
    "01_missing_name.yaml": (6, "name: required field is missing"),
    "02_unknown_country.csv": (2, "did you mean 'Japan'"),
    "03_bad_sector.json": (2, "unknown sector 'quantum basket weaving'"),
    "04_duplicate_id.csv": (3, "duplicate id 'D1'"),
    "05_short_row.csv": (2, "row has 4 cells but the header has 5"),
    "06_extra_cell.csv": (2, "row has 6 cells but the header has 5"),
    "07_unclosed_quote.csv": (2, "runs on to line 3"),
    "08_windows_1252.csv": (2, "Windows-1252"),
    "09_windows_1258.csv": (2, "Windows-1258 (legacy Vietnamese)"),
    "10_mojibake.csv": (2, "should read 'J1,Nguyễn'"),
    "11_nul_bytes.csv": (2, "NUL bytes"),
    "12_utf16_without_bom.csv": (2, "UTF-16 text without a byte-order mark"),
    "13_invalid_yaml.yaml": (3, "not valid YAML"),
    "14_yaml_alias_bomb.yaml": (2, "aliases (*name) are not allowed"),
    "15_invalid_json.json": (1, "not valid JSON"),
    "16_json_not_records.json": (1, "expected a record (a mapping of fields), got str"),
    "17_json_deep_nesting.json": (None, "nested too deeply"),
    "18_unknown_field.yaml": (1, "nmae: ignored: not a field of a profile"),
    "19_negative_years.csv": (2, "years_experience: must be 0 or more"),
    "20_capacity_not_a_number.json": (1, "capacity: expected a whole number, got 'two'"),
    "21_bad_email.yaml": (1, "is not an e-mail address"),
    "22_bad_language.csv": (2, "unknown language 'klingon'"),
    "23_bad_affiliation_type.json": (1, "affiliation_type: Input should be 'university'"),
    "24_empty_required_cell.csv": (2, "name: required field is missing"),
    "25_missing_required_column.csv": (1, "affiliation: required column is missing"),
    "26_huge_field.json": (1, "too long: at most 20000 characters"),
    "27_list_for_text.yaml": (1, "name: expected text"),
    "28_empty_file.csv": (1, "empty file: expected a header row"),
    "29_consent_not_boolean.csv": (2, "expected true or false, got 'maybe'"),
    "30_unsupported_type.ods": (None, "unsupported file type '.ods'"),
}


WARNED = {"18_unknown_field.yaml"}
"""Kinds that are warnings, not faults: the records load, the data is ignored (with --strict,
a fault)."""


def test_the_corpus_has_every_kind():
    assert sorted(p.name for p in KINDS.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fault_is_reported_where_it_is(name):
    path = KINDS / name
    result = read_profiles(path)
    assert result.read == len(result.accepted) + len(result.rejected)
    line, fragment = EXPECTED[name]
    reported = result.warnings if name in WARNED else result.problems
    assert any(p.line == line and fragment in str(p) for p in reported), [str(p) for p in reported]
    assert all(name in p.source for p in [*result.problems, *result.warnings])
    if name in WARNED:
        assert result.problems == []
        assert load_profiles(path)
        with pytest.raises(DataError, match=r"nmae: unknown field; did you mean 'name'\?"):
            load_profiles(path, strict=True)
    else:
        with pytest.raises(DataError):
            load_profiles(path)


def test_the_cli_lists_every_fault_with_exit_2(tmp_path):
    (tmp_path / "needs.yaml").write_text(
        "- {id: N1, title: t, sector: ai, description: d}\n", "utf-8"
    )
    result = CliRunner().invoke(
        app, ["validate", "--profiles", str(KINDS), "--needs", str(tmp_path / "needs.yaml")]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    for name in EXPECTED:
        assert name in (result.stdout if name in WARNED else result.stderr)
    summary = result.stdout.splitlines()[0]
    numbers = [int(x.strip(",")) for x in summary.split() if x.strip(",").isdigit()]
    read, accepted, rejected = numbers
    assert read == accepted + rejected


FIELDS = ["id", "name", "country", "field", "affiliation", "years_experience", "sectors"]
GOOD = {
    "name": "Nguyễn An",
    "country": "JP",
    "field": "lithography",
    "affiliation": "Kyoto",
    "years_experience": 5,
    "sectors": "semiconductors",
}
junk = st.one_of(
    st.text(max_size=40),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=3),
    st.just("\x00"),
    st.just("x" * 30_000),
)


@st.composite
def corrupted_records(draw):
    """Valid records, some of whose fields are deleted or replaced by junk of any type."""
    count = draw(st.integers(1, 6))
    records = []
    for i in range(count):
        record = {"id": f"P{i}", **GOOD}
        for key in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
            if draw(st.booleans()):
                record.pop(key, None)
            else:
                record[key] = draw(junk)
        if draw(st.booleans()):
            record[draw(st.sampled_from(["nmae", "extra", "Country"]))] = draw(junk)
        records.append(record)
    return records


fuzz = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fuzz
@given(corrupted_records(), st.sampled_from(["json", "yaml"]))
def test_every_record_is_accepted_or_rejected(tmp_path_factory, records, kind):
    path = tmp_path_factory.mktemp("fuzz") / f"p.{kind}"
    if kind == "json":
        path.write_text(json.dumps(records, ensure_ascii=False, default=str), "utf-8")
    else:
        path.write_text(yaml.safe_dump(records, allow_unicode=True), "utf-8")
    result = read_profiles(path)
    assert result.read == len(records) == len(result.accepted) + len(result.rejected)
    assert result.refused == []
    assert all(r.problems for r in result.rejected)


@fuzz
@given(corrupted_records())
def test_csv_accounting_holds(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("fuzz") / "p.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow(
            {k: ("" if v is None else str(v).replace("\x00", "")) for k, v in record.items()}
        )
    path.write_text(buffer.getvalue(), "utf-8")
    result = read_profiles(path)
    assert result.read == len(result.accepted) + len(result.rejected)
    written = [
        [str(r.get(k, "")).replace("\x00", "") for k in FIELDS if r.get(k) is not None]
        for r in records
    ]
    blank = sum(not "".join(cells).strip() for cells in written)  # blank rows are no records
    # Text that looks mis-decoded refuses the file, and its rows are still counted, exactly.
    assert result.exact
    assert result.found == len(records) - blank == len(result.accepted) + result.not_accepted
    assert not (result.refused and result.accepted)


@fuzz
@given(st.binary(max_size=2_000), st.sampled_from(["csv", "json", "yaml", "yml", "txt"]))
def test_random_bytes_give_records_or_problems_only(tmp_path_factory, raw, kind):
    path = tmp_path_factory.mktemp("bytes") / f"p.{kind}"
    path.write_bytes(raw)
    result = read_profiles(path)
    assert result.read == len(result.accepted) + len(result.rejected)
    assert result.found == len(result.accepted) + result.not_accepted
    assert not (result.refused and (result.accepted or result.rejected))


@fuzz
@given(
    st.recursive(
        st.none() | st.text(max_size=5) | st.integers(),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=30,
    )
)
def test_arbitrary_json_structures(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("json") / "p.json"
    path.write_text(json.dumps(value), "utf-8")
    result = read_profiles(path)
    assert result.read == len(result.accepted) + len(result.rejected)


def test_size_limit_is_a_message(tmp_path, monkeypatch):
    from bridge_match.load import delimited, files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    monkeypatch.setattr(delimited, "MAX_FILE_BYTES", 10)
    path = Path(tmp_path / "big.csv")
    path.write_text("id,name\nA,B\n", "utf-8")
    assert "split it into files under" in read_profiles(path).problems[0].message
