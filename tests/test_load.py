import csv
import io
import json

import yaml
from hypothesis import given
from hypothesis import strategies as st

from bridge_match.load import find_files, read_file, sniff_delimiter

cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    max_size=30,
)
rows = st.lists(st.tuples(cell, cell), min_size=1, max_size=8)


@given(rows)
def test_csv_rows_come_back_with_their_start_lines(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("csv") / "p.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "name"])
    expected = []
    for i, (a, b) in enumerate(values):
        line = buffer.getvalue().count("\n") + 1
        writer.writerow([f"id{i}{a}", b])
        expected.append((line, {"id": f"id{i}{a}", "name": b}))
    path.write_text(buffer.getvalue(), encoding="utf-8")
    result = read_file(path)
    assert result.problems == []
    assert [(r.line, r.data) for r in result.records] == expected


@given(st.lists(st.dictionaries(st.sampled_from(["id", "name", "x"]), cell), max_size=6))
def test_json_arrays_keep_each_record_line(tmp_path_factory, items):
    path = tmp_path_factory.mktemp("json") / "p.json"
    text = json.dumps(items, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    result = read_file(path)
    assert [r.data for r in result.records] == items
    for record in result.records:
        line = text.split("\n")[record.line - 1]
        assert line.strip().startswith("{")


def test_yaml_lines_and_norway(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("- id: A\n  country: NO\n- id: B\n  consent_to_contact: true\n", "utf-8")
    records = read_file(path).records
    assert [(r.line, r.data) for r in records] == [
        (1, {"id": "A", "country": "NO"}),
        (3, {"id": "B", "consent_to_contact": True}),
    ]


def test_single_mapping_and_multiple_documents(tmp_path):
    path = tmp_path / "p.yml"
    path.write_text(yaml.safe_dump({"id": "A"}) + "---\n" + yaml.safe_dump({"id": "B"}), "utf-8")
    assert [r.data["id"] for r in read_file(path).records] == ["A", "B"]


def test_bom_and_semicolons(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("id;name\nA;Nguyễn Thị Liên\n".encode("utf-8-sig"))
    assert read_file(path).records[0].data == {"id": "A", "name": "Nguyễn Thị Liên"}
    assert sniff_delimiter("id;name;field") == ";"
    assert sniff_delimiter("id,name") == ","


def test_unreadable_content_becomes_problems_not_exceptions(tmp_path):
    (tmp_path / "a.json").write_text('[{"id": "A"},\n {"id": }]', "utf-8")
    (tmp_path / "b.yaml").write_text("- id: [unclosed\n", "utf-8")
    (tmp_path / "c.csv").write_bytes("id,name\nA,Nguy\xe1n\n".encode("latin-1"))
    (tmp_path / "d.json").write_text('[1, {"id": "B"}]', "utf-8")
    messages = {}
    for path in sorted(tmp_path.iterdir()):
        result = read_file(path)
        messages[path.name] = [(p.line, p.message) for p in result.problems]
    assert messages["a.json"][0][0] == 2
    assert "not valid JSON" in messages["a.json"][0][1]
    assert "not valid YAML" in messages["b.yaml"][0][1]
    assert messages["c.csv"] == [(2, "not UTF-8 text; save the file as UTF-8 (CSV UTF-8)")]
    assert messages["d.json"] == [(1, "expected a record (a mapping of fields), got int")]


def test_find_files_reports_unsupported_and_skips_docs(tmp_path):
    (tmp_path / "a.csv").write_text("id\n", "utf-8")
    (tmp_path / "README.md").write_text("notes", "utf-8")
    (tmp_path / "members.xlsx").write_bytes(b"PK")
    (tmp_path / ".hidden.csv").write_text("id\n", "utf-8")
    files, problems = find_files(tmp_path)
    assert [f.name for f in files] == ["a.csv"]
    assert len(problems) == 1
    assert "members.xlsx" in problems[0].source
    assert "save it as .csv" in problems[0].message
    assert find_files(tmp_path / "missing")[1][0].message == "no such file or folder"
