"""forget: the person's records and nothing else, all or nothing, then a search for what is left."""

import csv
import io
import json
import shutil
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bridge_match import DataError, Matcher, load_profiles
from bridge_match.cli import app
from bridge_match.erase import forget, record_key
from tests.conftest import TINY, snapshot

GONE = {"E01": "Nguyễn Văn An", "E05": "Hoàng Ngọc Em", "E03": "Lê Minh Châu"}
FIELDS = ["id", "name", "country", "field", "affiliation", "email"]
runner = CliRunner()


@pytest.fixture
def workspace(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(TINY / "profiles", profiles)
    Matcher().fit(load_profiles(profiles)).save(tmp_path / "model")
    return profiles, tmp_path / "model"


def _all_bytes(*folders: Path) -> list[bytes]:
    return [p.read_bytes() for folder in folders for p in folder.rglob("*") if p.is_file()]


def test_forget_leaves_no_trace_in_data_or_model(workspace):
    profiles, model = workspace
    before = {p.id for p in load_profiles(profiles)}
    result = forget(list(GONE), profiles, model)
    assert sorted(r[0] for r in result.removed) == sorted(GONE)
    assert {p.id for p in load_profiles(profiles)} == before - set(GONE)
    blobs = _all_bytes(profiles, model)
    for text in (*GONE, *GONE.values()):
        assert not any(text.encode() in blob for blob in blobs), text
    assert "refitted on 7 profiles" in result.model
    assert result.complete
    assert Matcher.load(model, load_profiles(profiles)).ids_.tolist() == sorted(before - set(GONE))


def test_csv_keeps_every_other_byte(workspace):
    profiles, model = workspace
    original = (profiles / "europe.csv").read_bytes()
    forget(["E05"], profiles, model)
    lines = original.decode("utf-8-sig").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("E05,")]
    assert (profiles / "europe.csv").read_bytes() == b"\xef\xbb\xbf" + "".join(kept).encode()


@pytest.mark.parametrize("odd", ["\u2028", "\x0b", "\x0c", "\x85", "\u2029", "\r\n", "\n"])
def test_a_line_break_the_csv_reader_ignores_never_shifts_the_row(tmp_path, odd):
    folder = tmp_path / "p"
    folder.mkdir()
    rows = [
        ["L-1", "An", "JP", "chips", "Kioxia", "an@example.org"],
        ["L-2", f"Bình{odd}Minh", "JP", "chips", "Kioxia", "binh@example.org"],
        ["L-3", "Chi", "JP", "chips", "Kioxia", "chi@example.org"],
        ["L-4", "Dung", "JP", "chips", "Kioxia", "dung@example.org"],
    ]
    target = folder / "members.csv"
    target.write_bytes(_csv([FIELDS, *rows]))
    result = forget(["L-3"], folder, None)
    line = 5 if odd in ("\n", "\r\n") else 4  # only real line breaks count, as in the loader
    assert result.removed == [("L-3", _shown(target), line)]
    assert target.read_bytes() == _csv([FIELDS, rows[0], rows[1], rows[3]])
    assert result.complete


def test_yaml_keeps_other_peoples_bytes_norway_included(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    text = (
        "# members of the association\n"
        "- id: Y1\n  name: Dung  # joined 2021\n  country: NO\n  field: x\n  affiliation: y\n"
        "  languages: [no, vi]\n"
        "# Korea\n"
        "-\n  id: Y2\n  name: Em\n  country: NO\n  field: x\n  affiliation: y\n"
        "  expertise: |\n    line one\n    line two\n"
        "- {id: Y3, name: Phúc, country: 'NO', field: x, affiliation: y}\n"
    )
    (folder / "m.yaml").write_text(text, "utf-8")
    forget(["Y2"], folder, None)
    expected = text.replace(
        "-\n  id: Y2\n  name: Em\n  country: NO\n  field: x\n  affiliation: y\n"
        "  expertise: |\n    line one\n    line two\n",
        "",
    )
    assert (folder / "m.yaml").read_text("utf-8") == expected
    forget(["Y1"], folder, None)
    assert (folder / "m.yaml").read_text("utf-8") == (
        "# members of the association\n# Korea\n"
        "- {id: Y3, name: Phúc, country: 'NO', field: x, affiliation: y}\n"
    )
    assert [p.country for p in load_profiles(folder)] == ["NO"]


@pytest.mark.parametrize("position", [0, 1, 2])
def test_json_loses_one_element_and_its_comma(tmp_path, position):
    folder = tmp_path / "p"
    folder.mkdir()
    people = [_person(i) for i in range(3)]
    (folder / "m.json").write_text(json.dumps(people, ensure_ascii=False, indent=2), "utf-8")
    forget([people[position]["id"]], folder, None)
    rest = [p for i, p in enumerate(people) if i != position]
    assert (folder / "m.json").read_text("utf-8") == json.dumps(rest, ensure_ascii=False, indent=2)


def test_the_only_record_of_a_file(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "one.json").write_text(json.dumps(_person(1)), "utf-8")
    (folder / "two.yaml").write_text(yaml.safe_dump(_person(2)), "utf-8")
    (folder / "keep.json").write_text(json.dumps([_person(3)]), "utf-8")
    forget(["P1", "P2"], folder, None)
    assert (folder / "one.json").read_text("utf-8") == ""
    assert (folder / "two.yaml").read_text("utf-8") == ""
    assert [p.id for p in load_profiles(folder)] == ["P3"]


def test_unknown_id_is_an_error_and_nothing_changes(workspace):
    profiles, model = workspace
    before = snapshot(profiles, model)
    with pytest.raises(DataError, match="no profile with id 'E99'"):
        forget(["E01", "E99"], profiles, model)
    assert snapshot(profiles, model) == before


def test_all_or_nothing_through_the_command_line(workspace):
    profiles, model = workspace
    before = snapshot(profiles, model)
    args = ["forget", "--id", "E01", "--id", "TYPO", "--profiles", str(profiles)]
    result = runner.invoke(app, [*args, "--model-dir", str(model)])
    assert result.exit_code == 2
    assert "TYPO" in result.stderr
    assert snapshot(profiles, model) == before
    again = runner.invoke(
        app, ["forget", "--id", "E01", "--profiles", str(profiles), "--model-dir", str(model)]
    )
    assert again.exit_code == 0, again.output


def test_a_person_is_found_by_the_id_as_shown(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    decomposed = unicodedata.normalize("NFD", "VN-Đức-01")
    rows = [FIELDS, [decomposed, "Đức", "VN", "x", "y", ""], ["OK-1", "An", "VN", "x", "y", ""]]
    (folder / "m.csv").write_bytes(_csv(rows))
    result = forget([" VN-Đức-01 "], folder, None)
    assert [r[0] for r in result.removed] == ["VN-Đức-01"]
    assert (folder / "m.csv").read_bytes() == _csv([FIELDS, rows[2]])
    assert record_key("E\u200b01") == "E01"


def test_a_short_csv_row_is_still_found(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    text = (
        "id,name,country,field,affiliation,email\nS-1,Short Row,JP,chips\nS-2,An,JP,x,y,a@b.org\n"
    )
    (folder / "m.csv").write_text(text, "utf-8")
    forget(["S-1"], folder, None)
    assert (folder / "m.csv").read_text("utf-8") == (
        "id,name,country,field,affiliation,email\nS-2,An,JP,x,y,a@b.org\n"
    )


def test_xlsx_rows_go_other_cells_stay(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "members"
    for row in [FIELDS, *(list(_person(i).values()) for i in range(4))]:
        sheet.append(row)
    other = book.create_sheet("more")
    other.append(FIELDS)
    other.append(list(_person(9).values()))
    book.save(folder / "m.xlsx")
    forget(["P1", "P9"], folder, None)
    again = openpyxl.load_workbook(folder / "m.xlsx")
    values = [[c.value for c in row] for row in again["members"].iter_rows()]
    assert values == [FIELDS, *(list(_person(i).values()) for i in (0, 2, 3))]
    assert [[c.value for c in row] for row in again["more"].iter_rows()] == [FIELDS]


def test_traces_elsewhere_are_reported_never_claimed_clean(tmp_path):
    data = tmp_path / "data"
    (data / ".old").mkdir(parents=True)
    rows = [FIELDS, ["T-1", "Trần Thị Tâm", "JP", "x", "y", "tam@example.org"]]
    rows.append(["T-2", "An", "JP", "x", "y", "an@example.org"])
    (data / "members.csv").write_bytes(_csv(rows))
    (data / ".old" / "members.csv").write_bytes(_csv(rows))
    (data / "members.csv.bak").write_bytes(_csv(rows))
    (data / "members.md").write_text("Call Trần Thị Tâm about the fab.\n", "utf-8")
    outside = tmp_path / "shared"
    outside.mkdir()
    (outside / "list.txt").write_text("TAM@EXAMPLE.ORG\n", "utf-16")
    (data / "linked").symlink_to(outside, target_is_directory=True)
    (outside / "loop").symlink_to(data, target_is_directory=True)
    result = runner.invoke(
        app, ["forget", "--id", "T-1", "--profiles", str(data), "--model-dir", str(tmp_path / "m")]
    )
    assert result.exit_code == 1
    assert "no trace" not in result.output
    for place in (".old/members.csv", "members.csv.bak", "members.md", "linked/list.txt"):
        assert place in result.stderr, place
    assert "members.csv (data file)" not in result.stderr
    assert "erasure incomplete" in result.stderr


def test_a_namesake_is_noted_not_removed(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    rows = [FIELDS, ["A-1", "Nguyễn An", "JP", "x", "y", "an@example.org"]]
    rows.append(["B-7", "Nguyễn An", "KR", "z", "w", "an.kr@example.org"])
    (folder / "m.csv").write_bytes(_csv(rows))
    result = forget(["A-1"], folder, None)
    assert result.complete
    assert result.namesakes == [f"{_shown(folder / 'm.csv')}:2: B-7 has the same name"]
    assert [p.id for p in load_profiles(folder)] == ["B-7"]


def test_refit_not_update_forgets_the_persons_words(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    people = [_person(i) for i in range(6)]
    people[2]["field"] = "zyzzyva taxonomy"
    (folder / "m.json").write_text(json.dumps(people), "utf-8")
    model = tmp_path / "model"
    Matcher().fit(load_profiles(folder)).save(model)
    forget(["P2"], folder, model)
    refitted = Matcher.load(model, load_profiles(folder))
    assert not any("zyzzyva" in str(t) for t in refitted.vectorizer_.terms_)


def test_forgetting_everyone_removes_only_the_models_own_files(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "m.json").write_text(json.dumps([_person(1)]), "utf-8")
    (folder / "notes.md").write_text("about the association\n", "utf-8")
    model = tmp_path / "model"
    Matcher().fit(load_profiles(folder)).save(model)
    result = forget(["P1"], folder, model)
    assert "deleted" in result.model
    assert (folder / "notes.md").read_text("utf-8") == "about the association\n"
    assert model.is_dir()
    assert not any(model.rglob("*.npy"))


# -- the property: whatever the folder and target, others keep their bytes, the target is gone --

_PIECES = [*"abcdeĐđăâơưếệ ,;:#\"'-\u2028\x0c[]{}", "NO", "yes", "\r\n"]
_TEXT = (
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10)
    .map("".join)
    .filter(lambda t: t.strip() and t.strip()[0] not in "-#[]{}:,'\"")
)


@st.composite
def _folders(draw):
    count = draw(st.integers(2, 9))
    people = []
    for i in range(count):
        person = _person(i)
        # ids long enough that the model's binary digests cannot hold one by chance
        person["id"] = f"EXPERT-{i:04d}"
        person["name"] = f"Name{i} {draw(_TEXT).strip()}"
        person["field"] = f"wafer {draw(_TEXT).strip()}"
        person["country"] = draw(st.sampled_from(["NO", "JP", "Korea", "DE"]))
        people.append(person)
    kinds = draw(st.lists(st.sampled_from(["csv", "crlf", "yaml", "json"]), min_size=1, max_size=3))
    groups: dict[int, list[dict]] = {}
    for person in people:
        groups.setdefault(draw(st.integers(0, len(kinds) - 1)), []).append(person)
    target = draw(st.sampled_from(people))["id"]
    return kinds, groups, target


def _write_group(folder: Path, index: int, kind: str, people: list[dict]) -> Path:
    if kind in ("csv", "crlf"):
        path = folder / f"g{index}.csv"
        rows = [FIELDS, *([p[f] for f in FIELDS] for p in people)]
        path.write_bytes(_csv(rows, "\r\n" if kind == "crlf" else "\n"))
    elif kind == "yaml":
        path = folder / f"g{index}.yaml"
        path.write_text(
            yaml.safe_dump(people, allow_unicode=True, sort_keys=False) if people else "", "utf-8"
        )
    else:
        path = folder / f"g{index}.json"
        path.write_text(
            json.dumps(people, ensure_ascii=False, indent=2) if people else "[]", "utf-8"
        )
    return path


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=_folders())
def test_property_others_unchanged_target_nowhere(tmp_path_factory, case):
    kinds, groups, target = case
    root = tmp_path_factory.mktemp("erase")
    folder = root / "profiles"
    folder.mkdir()
    for index, people in groups.items():
        _write_group(folder, index, kinds[index], people)
    model = root / "model"
    Matcher().fit(load_profiles(folder)).save(model)
    gone = next(p for group in groups.values() for p in group if p["id"] == target)
    result = forget([target], folder, model)
    for index, people in groups.items():
        rest = [p for p in people if p["id"] != target]
        path = next(folder.glob(f"g{index}.*"))
        if kinds[index] == "json" and not rest:
            assert json.loads(path.read_text("utf-8")) == []
            continue
        expected = root / "expected"
        expected.mkdir(exist_ok=True)
        assert path.read_bytes() == _write_group(expected, index, kinds[index], rest).read_bytes()
    for blob in _all_bytes(folder, model):
        for secret in (gone["id"], gone["name"], gone["email"]):
            assert secret.encode() not in blob
    assert result.complete


def _person(i: int) -> dict:
    return {
        "id": f"P{i}",
        "name": f"Person {i}",
        "country": "JP",
        "field": "semiconductor packaging",
        "affiliation": f"Org {i}",
        "email": f"p{i}@example.org",
    }


def _csv(rows: list[list[str]], terminator: str = "\n") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=terminator).writerows(rows)
    return buffer.getvalue().encode()


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def test_nothing_is_claimed_that_was_not_searched(tmp_path, monkeypatch):
    from bridge_match import erase

    folder = tmp_path / "p"
    folder.mkdir()
    rows = [FIELDS, ["U-1", "Ư", "JP", "x", "y", ""], ["U-2", "A", "JP", "x", "y", ""]]
    (folder / "m.csv").write_bytes(_csv(rows))
    (folder / "locked.txt").write_text("U-1\n", "utf-8")
    searched = erase._found_in

    def locked(path, *args):
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return searched(path, *args)

    monkeypatch.setattr(erase, "_found_in", locked)
    result = forget(["U-1"], folder, None)
    assert not result.complete
    assert result.unreadable == [f"{_shown(folder / 'locked.txt')}: Permission denied"]
