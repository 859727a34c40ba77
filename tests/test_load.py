import csv
import io
import json
import unicodedata

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bridge_match.load import find_data, find_files, read_file, sniff_delimiter
from bridge_match.load.folders import is_table

cell = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        # NUL is refused, and these make text look like mis-decoded UTF-8 (tested separately)
        blacklist_characters="\x00\rÃÄÆÂ»º",
    ),
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
        found = [*result.problems, *(problem for _, problem in result.malformed)]
        messages[path.name] = [(p.line, p.message) for p in found]
    assert messages["a.json"][0][0] == 2
    assert "not valid JSON" in messages["a.json"][0][1]
    assert "not valid YAML" in messages["b.yaml"][0][1]
    assert messages["c.csv"][0][0] == 2
    assert "not UTF-8: this looks like Windows-1252/Latin-1" in messages["c.csv"][0][1]
    assert messages["d.json"] == [(1, "expected a record (a mapping of fields), got int")]


def test_find_files_reports_unsupported_and_skips_docs(tmp_path):
    (tmp_path / "a.csv").write_text("id\n", "utf-8")
    (tmp_path / "README.md").write_text("notes", "utf-8")
    (tmp_path / "members.ods").write_bytes(b"PK")
    (tmp_path / ".hidden.csv").write_text("id\n", "utf-8")
    files, problems = find_files(tmp_path)
    assert [f.name for f in files] == ["a.csv"]
    assert len(problems) == 1
    assert "members.ods" in problems[0].source
    assert "save it as .xlsx or CSV UTF-8 (in LibreOffice: File > Save As" in problems[0].message
    assert find_files(tmp_path / "missing")[1][0].message == "no such file or folder"


NAME = "Nguyễn Thị Liên"


def _read(tmp_path, name, raw):
    path = tmp_path / name
    path.write_bytes(raw)
    return read_file(path)


def test_utf16_as_excel_saves_unicode_text(tmp_path):
    raw = f"id\tname\nA\t{NAME}\n".encode("utf-16")
    result = _read(tmp_path, "members.txt", raw)
    assert result.problems == []
    assert result.records[0].data == {"id": "A", "name": NAME}


def _cp1258(text):
    """Windows-1258 keeps â, ơ, ư... precomposed and writes tone marks as combining characters."""
    out = b""
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        for candidate in (char, unicodedata.normalize("NFC", parts[:2]) + parts[2:], parts):
            try:
                out += candidate.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
    return out


def test_windows_1258_is_refused_with_the_encoding_to_use(tmp_path):
    raw = _cp1258("id,name\nA,Trần Văn Đức\n")
    assert raw.decode("cp1258") != "id,name\nA,Trần Văn Đức\n"  # decomposed, as legacy files are
    problem = _read(tmp_path, "p.csv", raw).problems[0]
    assert "Windows-1258" in problem.message
    assert "save the file as UTF-8" in problem.message


def test_mojibake_is_refused_and_shows_the_right_reading(tmp_path):
    garbled = NAME.encode("utf-8").decode("cp1252", errors="replace")
    result = _read(tmp_path, "p.csv", f"id,name\nA,ok\nB,{garbled}\n".encode())
    assert result.records == []
    assert result.problems[0].line == 3
    assert "Nguyễn" in result.problems[0].message


def test_nul_bytes_and_deep_nesting_and_aliases(tmp_path):
    assert "NUL" in _read(tmp_path, "a.csv", b"id,name\nA,B\x00C\n").problems[0].message
    deep = "[" * 50_000 + "]" * 50_000
    assert "nested too deeply" in _read(tmp_path, "b.json", deep.encode()).problems[0].message
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert "aliases" in _read(tmp_path, "c.yaml", bomb.encode()).problems[0].message


def test_xlsx_profiles(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name", "years_experience", "languages"])
    sheet.append(["A", NAME, 12.0, "vi;en"])
    sheet.append([None, None, None, None])
    sheet.append(["B", "Trần An", None, None])
    book.save(tmp_path / "members.xlsx")
    result = read_file(tmp_path / "members.xlsx")
    assert result.problems == []
    assert [(r.line, r.data) for r in result.records] == [
        (2, {"id": "A", "name": NAME, "years_experience": 12, "languages": "vi;en"}),
        (4, {"id": "B", "name": "Trần An", "years_experience": None, "languages": None}),
    ]


PROFILE_HEADER = "id\tname\tcountry\tfield\taffiliation"


def test_what_is_not_data_is_skipped_with_a_note_and_spreadsheets_are_refused(tmp_path):
    (tmp_path / "members.csv").write_text("id,name,country,field,affiliation\n", "utf-8")
    for name in ("README.md", "guide.docx", "minutes.pdf", "photo.jpg", "notes.odt"):
        (tmp_path / name).write_bytes(b"not data")
    (tmp_path / "ghi_chu.txt").write_text("Ghi chú cuộc họp hội viên\n", "utf-8")
    (tmp_path / "members.csv~").write_text("id\n", "utf-8")
    (tmp_path / "~$members.xlsx").write_bytes(b"owner")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf")
    (tmp_path / "club.ods").write_bytes(b"PK")
    found = find_data(tmp_path)
    assert [f.name for f in found.files] == ["members.csv"]
    notes = {p.source.rsplit("/", 1)[-1]: p.message for p in found.skipped}
    assert notes["README.md"] == "a document, not data; skipped"
    assert notes["photo.jpg"] == "an image, not data; skipped"
    assert notes["members.csv~"] == "an editor's backup copy, not data; skipped"
    assert notes["~$members.xlsx"].startswith("Excel's lock file of an open workbook")
    assert notes["ghi_chu.txt"].startswith(
        "not a table of records (no header with an id column); skipped"
    )
    assert set(notes) == {
        *("README.md", "guide.docx", "minutes.pdf", "photo.jpg", "notes.odt"),
        *("ghi_chu.txt", "members.csv~", "~$members.xlsx"),
    }
    refused = {p.source.rsplit("/", 1)[-1]: p.message for p in found.refused}
    assert set(refused) == {"old.xls", "club.ods"}
    assert "save it as .xlsx or CSV UTF-8 (in Excel: File > Save As" in refused["old.xls"]
    assert "(in LibreOffice: File > Save As" in refused["club.ods"]


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("unicode.txt", f"{PROFILE_HEADER}\nP1\tAn\tJP\tf\ta\n".encode("utf-16")),  # Excel
        ("tab.txt", f"{PROFILE_HEADER}\nP1\tAn\tJP\tf\ta\n".encode()),
        ("comma.txt", b"\xef\xbb\xbfid,name,country,field,affiliation\nP1,An,JP,f,a\n"),
        ("semicolon.txt", b"sep=;\nID;name;country;field;affiliation\nP1;An;JP;f;a\n"),
        ("quoted.txt", b'"name";"id"\n"An";"P1"\n'),
    ],
)
def test_a_txt_whose_first_line_names_an_id_column_is_data(tmp_path, name, raw):
    (tmp_path / name).write_bytes(raw)
    found = find_data(tmp_path)
    assert [f.name for f in found.files] == [name]
    assert found.skipped == []


def test_a_txt_named_itself_is_read_or_refused_never_skipped(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Họp ngày 5/3\nid của hội viên mới\n", "utf-8")
    found = find_data(notes)
    assert found.files == []
    assert found.skipped == []
    (problem,) = found.refused
    assert problem.line == 1
    assert "not a table of records (no header with an id column)" in problem.message
    table = tmp_path / "table.txt"
    table.write_text(f"{PROFILE_HEADER}\n", "utf-8")
    assert find_data(table).files == [table]


@given(
    st.lists(
        st.sampled_from(["id", "ID", " Id ", "name", "Họ tên", "", "idx", "e-mail"]), max_size=5
    ),
    st.sampled_from(["\t", ",", ";"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_txt_is_a_table_exactly_when_its_header_names_id(tmp_path_factory, names, delimiter, codec):
    path = tmp_path_factory.mktemp("txt") / "t.txt"
    path.write_bytes((delimiter.join(names) + "\nrow\n").encode(codec))
    assert is_table(path) == any(n.strip().lower() == "id" for n in names)


# -- publications CSV joined by expert id ------------------------------------------------------

PAPERS_HEADER = "expert_id,title,abstract,year,venue,doi,url,authors\n"


def _papers_folder(tmp_path, rows):
    import shutil

    from tests.conftest import TINY

    folder = tmp_path / "profiles"
    shutil.copytree(TINY / "profiles", folder)
    (folder / "publications.csv").write_text(PAPERS_HEADER + rows, encoding="utf-8")
    return folder


def test_a_publications_csv_is_joined_to_its_profiles(tmp_path):
    from bridge_match.validate import read_profiles

    folder = _papers_folder(
        tmp_path,
        "E04,Perovskite tandem stability,Damp heat tests,2021,Joule,10.1/x,,A. Pham; B. Le\n"
        "E04,Second paper,,2019,,,,\n",
    )
    result = read_profiles(folder)
    assert result.problems == []
    e04 = next(p for p in result.accepted if p.id == "E04")
    assert [p.title for p in e04.publications] == ["Perovskite tandem stability", "Second paper"]
    assert e04.publications[0].authors == ["A. Pham", "B. Le"]
    assert e04.publications[0].year == 2021
    assert result.read == 10  # the papers are not profiles
    assert (result.papers.found, result.papers.accepted, result.papers.not_accepted) == (2, 2, 0)


def test_bad_publication_rows_are_faults_with_file_line_field_and_counted(tmp_path):
    from bridge_match.validate import read_profiles

    folder = _papers_folder(
        tmp_path,
        "E04,Good paper,,2020,,,,\nE04,,no title,abc,,,,\nE4,Someone else's,,2020,,,,\n",
    )
    result = read_profiles(folder)
    shown = [str(p) for p in result.problems]
    assert any("publications.csv:3: title:" in s for s in shown)
    year = [s for s in shown if "publications.csv:3: year:" in s]
    assert len(year) == 1
    assert "'abc'" in year[0]
    assert "e.g. 2021" in year[0]
    unknown = [s for s in shown if "publications.csv:4: expert_id:" in s]
    assert len(unknown) == 1
    assert "'E4'" in unknown[0]
    assert "closest: E04" in unknown[0]
    papers = result.papers
    assert (papers.found, papers.accepted, papers.not_accepted) == (3, 1, 2)
    assert [r.record.line for r in papers.rejected] == [3, 4]
    e04 = next(p for p in result.accepted if p.id == "E04")
    assert [p.title for p in e04.publications] == ["Good paper"]


def test_publication_faults_stop_validate_and_are_counted(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from bridge_match.cli import app
    from tests.conftest import TINY

    folder = _papers_folder(tmp_path, "E04,Good,,2020,,,,\nE04,Bad year,,abc,,,,\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["validate", "--profiles", str(folder), "--needs", str(TINY / "needs")]
    )
    assert result.exit_code == 2, result.output
    assert "publications: read 2, accepted 1, rejected 1" in result.output
    assert "publications.csv:3: year:" in result.output
    assert "profiles: read 10, accepted 10, rejected 0" in result.output


def test_a_paper_of_a_rejected_profile_says_so(tmp_path):
    from bridge_match.validate import read_profiles

    folder = _papers_folder(tmp_path, "X1,A paper,,2020,,,,\n")
    (folder / "extra.csv").write_text(
        "id,name,country,field,affiliation\nX1,Someone,Atlantis,physics,Uni\n", encoding="utf-8"
    )
    result = read_profiles(folder)
    shown = [str(p) for p in result.problems if "publications.csv" in p.source]
    assert len(shown) == 1
    assert "was rejected" in shown[0]
    assert "extra.csv:2" in shown[0]
