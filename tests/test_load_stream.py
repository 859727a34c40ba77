"""Large files are read a block at a time and validated in batches: the same outcome as reading
each file whole, with every bad row still reported at its own line."""

from __future__ import annotations

import csv
import gc
import io
import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bridge_match.load import Origin, decode, read_file, stream_csv
from bridge_match.load import delimited as load
from bridge_match.models import ExpertProfile
from bridge_match.validate import _BATCH, load_profiles, read_profiles, validate_files

HEADER = "id,name,country,field,affiliation,city,keywords"


def _row(i: int, **cells: str) -> str:
    values = {
        "id": f"P{i}",
        "name": f"Nguyễn Văn {i}",
        "country": "Japan",
        "field": "semiconductor process engineering",
        "affiliation": "University of Tokyo",
        "city": "Tokyo",
        "keywords": "lithography; etching",
        **cells,
    }
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([values[c] for c in HEADER.split(",")])
    return buffer.getvalue()


def _write(tmp_path, rows: list[str], name: str = "members.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "\n" + "".join(rows), encoding="utf-8")
    return path


def test_bad_rows_in_a_large_file_keep_their_lines(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "_BLOCK", 4096)
    n = 2 * _BATCH + 500
    odd = {
        7: {"country": "Japn"},
        _BATCH - 1: {"name": ""},
        _BATCH: {"field": "first line\nsecond line\nthird"},
        _BATCH + 3: {"id": "P5"},
        n - 1: {"keywords": "x" * 201},
    }
    rows = []
    line = 2
    lines = {}
    for i in range(n):
        text = _row(i, **odd.get(i, {}))
        lines[i] = line
        line += text.count("\n")
        rows.append(text)
    _write(tmp_path, rows)
    result = read_profiles(tmp_path)
    found = [(p.line, p.field, p.message.split(";")[0]) for p in result.problems]
    assert found == [
        (lines[7], "country", "unknown country 'Japn'"),
        (lines[_BATCH - 1], "name", "required field is missing"),
        (
            lines[_BATCH + 3],
            "id",
            f"duplicate id 'P5', first used at {result.origin['P5'].source}:{lines[5]}",
        ),
        (lines[n - 1], "keywords.0", "too long: at most 200 characters, got 201"),
    ]
    assert len(result.accepted) == n - 4
    assert result.read == n
    multi = next(p for p in result.accepted if p.id == f"P{_BATCH}")
    assert multi.field == "first line\nsecond line\nthird"
    assert result.origin[f"P{_BATCH + 1}"].line == lines[_BATCH] + 3


def test_origin_keeps_only_where_rejects_keep_their_record(tmp_path):
    path = _write(tmp_path, [_row(1), _row(2, country="Narnia"), _row(3)])
    result = read_profiles(tmp_path)
    assert result.origin["P1"] == Origin(result.origin["P1"].source, 2)
    assert result.origin["P3"].line == 4
    assert result.origin["P3"].source.endswith("members.csv")
    assert not hasattr(result.origin["P1"], "data")
    (rejected,) = result.rejected
    assert rejected.record.line == 3
    assert rejected.record.data["country"] == "Narnia"
    assert rejected.record.data == read_file(path).records[1].data


def test_files_read_whole_validate_as_streamed_ones(tmp_path):
    rows = [_row(i, country="Japn" if i == 3 else "Japan") for i in range(10)] + [_row(2)]
    path = _write(tmp_path, rows)
    whole = validate_files([read_file(path)], ExpertProfile)
    streamed = read_profiles(path)
    assert whole.accepted == streamed.accepted
    assert whole.problems == streamed.problems
    assert whole.rejected == streamed.rejected
    assert whole.origin == streamed.origin


def test_a_bad_value_is_reported_on_every_row(tmp_path):
    rows = [_row(i, country="Japn" if i % 2 else "Japan", keywords="ai") for i in range(40)]
    _write(tmp_path, rows)
    result = read_profiles(tmp_path)
    assert [p.line for p in result.problems] == list(range(3, 42, 2))
    assert len({p.message for p in result.problems}) == 1
    assert "did you mean 'Japan'" in result.problems[0].message


def test_a_garbled_block_late_in_a_file_is_reported_as_for_a_whole_file(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "_BLOCK", 512)
    garbled = "Nguyễn".encode().decode("cp1252")
    rows = [_row(i) for i in range(200)] + [_row(200, name=garbled)]
    path = _write(tmp_path, rows)
    result = read_profiles(tmp_path)
    assert result.accepted == []
    assert result.problems == read_file(path).problems
    assert result.problems[0].line == 202
    assert "should read 'P200,Nguyễn," in result.problems[0].message


def test_utf16_and_legacy_encodings_fall_back_to_the_whole_file(tmp_path):
    text = HEADER + "\n" + _row(1)
    (tmp_path / "a.txt").write_bytes(text.replace(",", "\t").encode("utf-16"))
    (tmp_path / "b.csv").write_bytes(text.replace("P1", "P2").encode("utf-8") + b"\xff\n")
    result = read_profiles(tmp_path)
    assert [p.id for p in result.accepted] == ["P1"]
    assert "not UTF-8" in result.problems[0].message


def test_gc_is_left_as_found(tmp_path):
    _write(tmp_path, [_row(1)])
    load_profiles(tmp_path)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    gc.disable()
    try:
        load_profiles(tmp_path)
        assert not gc.isenabled()
    finally:
        gc.enable()
    kept = [[1]]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert load_profiles(tmp_path)
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    assert kept


def test_loaded_profiles_share_strings_and_field_sets(tmp_path):
    _write(tmp_path, [_row(1), _row(2), _row(3, city="")])
    a, b, c = load_profiles(tmp_path)
    assert a.city == b.city == "Tokyo"
    assert a.city is b.city
    assert a.affiliation is b.affiliation
    assert a.keywords == b.keywords == ["lithography", "etching"]
    assert a.keywords is not b.keywords
    assert a.keywords[1] is b.keywords[1]
    assert a.name is not b.name
    assert a.model_fields_set is b.model_fields_set
    assert c.model_fields_set == a.model_fields_set - {"city"}
    copy = a.model_copy(update={"city": "Osaka"})
    assert copy.city == "Osaka"
    assert a.model_fields_set is b.model_fields_set
    with pytest.raises(ValidationError):
        a.sectors = []  # type: ignore[misc]
    assert a.model_fields_set == b.model_fields_set == c.model_fields_set | {"city"}
    assert "sectors" not in a.model_fields_set
    assert pickle.loads(pickle.dumps([a, b])) == [a, b]


cell = st.lists(
    st.sampled_from([*'ab ,;"\n\r\t\x0c\u2028\x1cễÃ', "Nguyễn", "\r\n"]), max_size=8
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.sampled_from(
        ["id,name", "id;name", "id\tname", "id,name,", " ", "", "sep=;\nid;name", "id,\ufeffname"]
    ),
    rows=st.lists(st.lists(cell, min_size=0, max_size=3), max_size=12),
    block=st.integers(min_value=1, max_value=64),
    bom=st.booleans(),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_streaming_reads_what_the_whole_file_reader_reads(
    tmp_path_factory, header, rows, block, bom, ending
):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=ending)
    for row in rows:
        writer.writerow(row)
    text = header.replace("\n", ending) + ending + buffer.getvalue()
    path = tmp_path_factory.mktemp("stream") / "p.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    whole = read_file(path)
    new_since = ("sep=;\nid;name", "id,\ufeffname")  # Excel's sep line, a BOM in a header cell
    if decode(path.read_bytes())[1] is None and header not in new_since:
        assert _as_before(whole) == _reference_read_csv(text, whole.source)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load, "_BLOCK", block)
        try:
            streamed = stream_csv(path)
        except load.NotStreamableError:
            assert whole.problems
            return
        records = [
            streamed.record(line, cells)
            for lines, batch in streamed.batches(3)
            for line, cells in zip(lines, batch, strict=True)
        ]
    assert streamed.columns == whole.columns
    assert streamed.header_line == whole.header_line
    assert streamed.problems == whole.problems
    if whole.refused:  # what was read before the problem is only counted
        assert whole.records == whole.malformed == []
        assert len(records) + len(streamed.malformed) == whole.count
        return
    assert records == whole.records
    assert streamed.malformed == whole.malformed


def _as_before(result):
    return result.records, result.problems, result.columns, result.malformed


def _reference_read_csv(text: str, shown: str):
    """The whole-file CSV reader as it was before streaming, kept to compare against."""
    from bridge_match.errors import Problem
    from bridge_match.load import RawRecord, sniff_delimiter

    records, problems, malformed, columns = [], [], [], None
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            problems.append(Problem(shown, 1, None, "empty file: expected a header row"))
            return records, problems, columns, malformed
        columns = tuple(h.strip() for h in header)
        line = reader.line_num + 1
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(columns):
                spans = f" and runs on to line {line - 1}" if line - 1 > start else ""
                problem = Problem(
                    shown,
                    start,
                    None,
                    f"row has {len(row)} cells but the header has {len(columns)}{spans}; "
                    "check for a missing or extra delimiter or an unclosed quote",
                )
                malformed.append((RawRecord(shown, start, {"cells": row}), problem))
                continue
            data = {c: v for c, v in zip(columns, row, strict=True) if c}
            records.append(RawRecord(shown, start, data))
    except csv.Error as exc:
        problems.append(Problem(shown, reader.line_num, None, f"not valid CSV: {exc}"))
    return records, problems, columns, malformed


@given(
    st.lists(
        st.sampled_from(
            ["Ã", "Ä", "Æ", "Â", "á»", "áº", "Nguyên", "NguyÃªn", "cafÃ©", "Â ", " ", "x"]
        ),
        max_size=8,
    ).map("".join)
)
def test_garbled_agrees_with_decode(text):
    """The streamed check finds garbled Vietnamese exactly where the whole-file one does."""
    from bridge_match.load.decode import garbled

    found = decode(text.encode("utf-8"))[1]
    assert garbled(text) == (found is not None and "garbled" in found[1])
