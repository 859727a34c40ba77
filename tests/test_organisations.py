"""The organisation table: the shipped one is sound and covers the sample; a user's file is
merged over it, and every fault names its file, line, field and the fix; names compare by a
small normaliser; spellings unlike the table's become notes."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from bridge_match.errors import DataError
from bridge_match.load import Origin
from bridge_match.org_names import name_key, split_acronym
from bridge_match.organisations import (
    TABLE_FILE,
    Organisations,
    load_organisations,
    resolve_organisations,
)
from bridge_match.spellings import spelling_notes
from bridge_match.text.normalize import edit_distance
from bridge_match.validate import read_needs, read_profiles
from tests.conftest import ROOT

FICTIONAL = {
    # Sample organisations that are the generator's invention, or not sure enough to list.
    "Global Network for Vietnamese Language Teaching",
    "Johor Bahru Vietnamese Community School",
    "Lạc Hồng Vietnamese Language School",
    "Taoyuan New Immigrants Center",
}


@pytest.fixture(scope="module")
def table() -> Organisations:
    return Organisations.default()


@pytest.fixture(scope="module")
def sample_names() -> set[str]:
    profiles = read_profiles(ROOT / "profiles").accepted
    needs = read_needs(ROOT / "needs").accepted
    return {p.affiliation for p in profiles} | {n.host for n in needs if n.host}


def test_the_shipped_table_covers_every_sample_host_and_affiliation(table, sample_names) -> None:
    assert len(table) >= 250
    unknown = {name for name in sample_names if table.find(name) is None}
    assert unknown == FICTIONAL
    assert spelling_notes(((n, None, "affiliation") for n in sorted(sample_names)), table) == []


def test_every_shipped_entry_is_reachable_by_each_of_its_spellings(table) -> None:
    for org in table:
        for _, text in org.spellings():
            assert table.find(text) is org, text
        for domain in org.domains:
            assert table.by_email(f"someone@{domain}") == (org, domain)
        assert table.lineage(org)[-1].parent is None


def test_no_two_shipped_organisations_are_a_typing_slip_apart(table) -> None:
    """Else a misspelt name would be called close to the wrong one."""
    keys = [(name_key(text), org.id) for org in table for _, text in org.spellings()]
    close = [
        (a, b)
        for (a, x), (b, y) in itertools.combinations(keys, 2)
        if x != y and min(len(a), len(b)) >= 6 and edit_distance(a, b) <= 1
    ]
    assert close == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Samsung Electronics Co., Ltd.", "samsungelectronics"),
        ("Công ty TNHH Samsung Electronics Việt Nam", "samsungelectronicsvietnam"),
        ("Tập đoàn Vingroup - Công ty CP", "vingroup"),
        ("The University of Da Nang", "universityofdanang"),
        ("Kim & Chang", "kimandchang"),
        ("Công ty Cổ phần Ô tô Trường Hải", "ototruonghai"),  # "Trường" only where it opens
        ("Trường Đại học Cần Thơ", "daihoccantho"),
        ("Company", "company"),  # never the whole name
        ("Merck KGaA", "merckkgaa"),  # German legal forms tell companies apart
        ("TP.HCM", "tphcm"),
    ],
)
def test_name_key(text: str, key: str) -> None:
    assert name_key(text) == key


def test_split_acronym() -> None:
    assert split_acronym("Viện Vắc xin và Sinh phẩm Y tế (IVAC)") == (
        "Viện Vắc xin và Sinh phẩm Y tế",
        "IVAC",
    )
    assert split_acronym("FPT Japan") is None
    assert split_acronym("(VHT)") is None


def test_edit_distance() -> None:
    assert edit_distance("viettelhightech", "viettelhihgtech") == 1  # two letters swapped
    assert edit_distance("viettelhightech", "viettelhitech") == 2
    assert edit_distance("abc", "abcdef") == 2  # the limit, plus one
    assert edit_distance("same", "same") == 0


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_a_yaml_file_adds_organisations_and_spellings(tmp_path, table) -> None:
    path = write(
        tmp_path,
        "orgs.yaml",
        "- id: viettel-high-tech\n"
        "  aliases: [Viettel Hi-Tech]\n"
        "- id: kanto-wafer-works\n"
        "  name: Kanto Wafer Works\n"
        "  acronyms: [KWW]\n"
        "  parent: samsung-electronics\n"
        "  domains: [KantoWafer.JP]\n",
    )
    merged = load_organisations(path)
    vht = merged.find("Viettel Hi-Tech")
    assert vht is not None
    assert vht.id == "viettel-high-tech"
    assert merged.find("VHT") is vht  # the shipped spellings are kept
    assert vht.parent == "viettel"
    kww = merged.find("KWW")
    assert kww is not None
    assert [o.id for o in merged.lineage(kww)] == ["kanto-wafer-works", "samsung-electronics"]
    assert merged.by_email("a@kantowafer.jp") == (kww, "kantowafer.jp")
    assert merged.origin("kanto-wafer-works") == Origin(str(path), 3)
    assert len(merged) == len(table) + 1
    assert table.find("Viettel Hi-Tech") is None  # the shipped table is unchanged


def test_a_csv_file_has_the_same_fields(tmp_path) -> None:
    path = write(
        tmp_path,
        "orgs.csv",
        "\ufeffid,name,name_vi,acronyms,aliases,parent,domains\n"
        "kanto-wafer-works,Kanto Wafer Works,,KWW;KAWW,,fpt,kantowafer.jp;kww.co.jp\n"
        "osaka-university,,,,Osaka Univ.,,\n",
    )
    merged = load_organisations(path)
    kww = merged.find("KAWW")
    assert kww is not None
    assert kww.domains == ("kantowafer.jp", "kww.co.jp")
    assert merged.find("Osaka Univ.") is merged.find("Đại học Osaka")


def test_a_new_name_for_a_shipped_id_keeps_the_old_one_as_a_spelling(tmp_path) -> None:
    path = write(tmp_path, "orgs.yaml", "- id: viettel-high-tech\n  name: VHT Corporation\n")
    renamed = load_organisations(path).find("Viettel High Tech")
    assert renamed is not None
    assert renamed.name == "VHT Corporation"


def test_a_clash_with_a_shipped_entry_is_the_user_files_fault(tmp_path) -> None:
    # The shipped Viettel Telecom entry comes after Viettel's: the fault is still the user's.
    path = write(tmp_path, "orgs.yaml", "- id: viettel\n  aliases: [Viettel Telecom]\n")
    with pytest.raises(DataError) as caught:
        load_organisations(path)
    (problem,) = caught.value.problems
    assert (problem.source, problem.line, problem.field) == (str(path), 1, "aliases")
    assert "also names viettel-telecom (Viettel Telecom, " in problem.message


def test_a_file_can_stand_alone(tmp_path) -> None:
    path = write(tmp_path, "orgs.yaml", "- id: a\n  name: Org A\n- id: b\n  name: Org B\n")
    alone = load_organisations(path, base=None)
    assert len(alone) == 2
    assert alone.find("Viettel") is None


@pytest.mark.parametrize(
    ("text", "line", "field", "fix"),
    [
        ("- id: x\n  name: X\n  alias: [Y]\n", 1, "alias", "did you mean 'aliases'?"),
        ("- id: Viettel HT\n  name: X\n", 1, "id", "lower-case letters, digits and '-'"),
        ("- id: x\n  name: X\n  parent: nobody\n", 1, "parent", "unknown organisation id"),
        ("- id: x\n  acronyms: [X]\n", 1, "name", "required for a new organisation"),
        ("- id: x\n  name: X\n- id: x\n  name: Y\n", 3, "id", "given twice (first at line 1)"),
        ("- id: x\n  name: X\n  domains: [a@x.com]\n", 1, "domains", "the part after '@'"),
        ("- id: x\n  name: X\n  domains: [x com]\n", 1, "domains", "not an e-mail domain"),
        ("- id: x\n  name: X\n  domains: [gmail.com]\n", 1, "domains", "shared by many"),
        ("- id: x\n  name: X\n  domains: [edu.vn]\n", 1, "domains", "registry suffix"),
        ("- id: x\n  name: X\n  domains: [hust.edu.vn]\n", 1, "domains", "also a domain of hust"),
        ("- id: x\n  name: X\n  acronyms: [VNU]\n", 1, "acronyms", "also names vnu-hanoi"),
        ("- id: x\n  name: '(-)'\n", 1, "name", "no letter or digit"),
        ("- id: hust\n  parent: hust\n", 1, "parent", "goes round (hust -> hust)"),
        ("- id: viettel\n  parent: viettel-telecom\n", 1, "parent", "goes round"),
        ("- id: x\n  name: [X]\n", 1, "name", "expected text"),
    ],
)
def test_every_fault_names_file_line_field_and_fix(tmp_path, text, line, field, fix) -> None:
    path = write(tmp_path, "orgs.yaml", text)
    with pytest.raises(DataError) as caught:
        load_organisations(path)
    problem = caught.value.problems[0]
    assert (problem.source, problem.line, problem.field) == (str(path), line, field)
    assert fix in problem.message


def test_a_bad_csv_header_and_an_unreadable_file(tmp_path) -> None:
    path = write(tmp_path, "orgs.csv", "id,name,website\nx,X,x.com\n")
    with pytest.raises(DataError, match=r"orgs\.csv:1: website: unknown field"):
        load_organisations(path)
    with pytest.raises(DataError, match="cannot read"):
        load_organisations(tmp_path / "missing.yaml")
    broken = write(tmp_path, "broken.yaml", "- id: x\n  name: [X\n")
    with pytest.raises(DataError, match=r"broken\.yaml"):
        load_organisations(broken)


def test_resolve_organisations(tmp_path) -> None:
    assert resolve_organisations("default") is Organisations.default()
    assert resolve_organisations(None) is None
    path = write(tmp_path, "orgs.yaml", "- id: x\n  name: Org X\n")
    resolved = resolve_organisations(path)
    assert resolved is not None
    assert "x" in resolved
    assert resolve_organisations(resolved) is resolved


def test_spelling_notes(table) -> None:
    here = Origin("profiles/a.csv", 7)
    texts = [
        ("Viettel High-tech", here, "affiliation"),
        ("Viettel High-tech", Origin("profiles/a.csv", 9), "affiliation"),
        ("Kyushu Univrsity", Origin("profiles/b.yaml", 3), "affiliation"),
        ("Viettel High Tech", here, "affiliation"),  # as the table writes it
        ("viettel high tech", here, "affiliation"),  # case aside, so too
        ("Tập đoàn Điện lực Việt Nam (EVN)", Origin("needs/x.yaml", 2), "host"),  # Name (ACR)
        ("Osaka Metropolitan University", here, "affiliation"),
        ("Kanto Wafer Works", here, "affiliation"),  # like no known organisation
        (None, here, "host"),
    ]
    notes = spelling_notes(texts, table)
    assert [(n.source, n.line, n.field) for n in notes] == [
        ("profiles/a.csv", 7, "affiliation"),
        ("profiles/b.yaml", 3, "affiliation"),
    ]
    assert "taken as Viettel High Tech" in notes[0].message
    assert "(2 records, the first here)" in notes[0].message
    assert "looks like 'Kyushu University'" in notes[1].message
    assert "not matched" in notes[1].message
    assert "--organisations FILE" in notes[1].message


def test_the_shipped_table_file_is_package_data() -> None:
    assert TABLE_FILE.name == "organisations.yaml"
    assert TABLE_FILE.parent.name == "bridge_match"


def test_validate_data_gives_notes_that_are_not_problems(tiny_copy) -> None:
    from bridge_match.commands import validate_data

    needs = tiny_copy / "needs" / "needs.yaml"
    needs.write_text(
        needs.read_text("utf-8").replace("host: Viettel High Tech", "host: Viettel Hihg Tech"),
        "utf-8",
    )
    report = validate_data(tiny_copy / "profiles", tiny_copy / "needs")
    assert report.ok
    (note,) = report.spellings
    assert (Path(note.source).name, note.line, note.field) == ("needs.yaml", 1, "host")
    assert "looks like 'Viettel High Tech'" in note.message
    plain = validate_data(tiny_copy / "profiles", tiny_copy / "needs", organisations=None)
    assert plain.spellings == []
