"""Publications from scholarly sites: each format read from a small real-format file, told apart
by content, merged one paper once into ``publications.csv``, and picked up by every command."""

import json
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from bridge_match import import_publications, load_profiles
from bridge_match.cli import app
from bridge_match.errors import DataError
from bridge_match.scholarly import (
    FORMATS,
    PublicationsFormatError,
    deduplicate,
    normalise_doi,
    normalise_title,
    read_papers,
)
from bridge_match.scholarly.bibtex import delatex
from tests.conftest import DATA, TINY

PAPERS = DATA / "publications"
runner = CliRunner()

DAMP = "Damp-heat stability of perovskite/silicon tandem solar cells"
MODULE = "Module reliability of perovskite photovoltaics under outdoor operation"
JOULE_DOI = "10.1016/j.joule.2021.03.005"
NATURE_DOI = "10.1038/s41560-022-01012-3"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A writable copy of the tiny profiles, the test running beside it."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(TINY / "profiles", tmp_path / "profiles")
    return tmp_path / "profiles"


# -- each format --------------------------------------------------------------------------------


def test_openreview_jsonl_api_v1_and_v2_notes():
    kind, papers, skipped = read_papers(PAPERS / "openreview.jsonl")
    assert (kind, skipped) == ("openreview", [])
    v2, v1 = papers
    assert v2.title == "Active learning for stable perovskite compositions"  # {"value": ...}
    assert v2.abstract.startswith("We screen mixed-cation lead halide perovskites")
    assert v2.year == 2023  # pdate, in milliseconds
    assert v2.venue == "ICLR 2023 Workshop ML4Materials"
    assert v2.authors == ["Pham Quang Dung", "Anna Weber"]
    assert v2.url == "https://openreview.net/forum?id=aB3xYz9QwE"
    assert v1.title == "Forecasting degradation of tandem solar modules from field data"
    assert v1.year == 2020  # no pdate: the creation date


def test_semantic_scholar_response_and_bare_list():
    kind, papers, _ = read_papers(PAPERS / "semantic_scholar.json")
    assert kind == "semantic-scholar"
    assert [p.title for p in papers] == [DAMP, MODULE]
    assert [p.year for p in papers] == [2021, 2022]
    assert [p.doi for p in papers] == [JOULE_DOI, NATURE_DOI]
    assert papers[0].abstract.startswith("Encapsulated perovskite/silicon tandem cells")
    assert papers[1].abstract == ""  # "abstract": null
    assert papers[0].authors == ["Q. D. Pham", "A. Weber"]
    assert papers[0].venue == "Joule"
    kind, papers, _ = read_papers(PAPERS / "semantic_scholar_list.json")
    assert kind == "semantic-scholar"
    assert [(p.title, p.year, p.doi) for p in papers] == [
        ("Light soaking in wide-bandgap perovskites", 2023, None)
    ]


def test_orcid_record():
    kind, papers, _ = read_papers(PAPERS / "orcid.json")
    assert kind == "orcid"
    assert [p.title for p in papers] == [
        DAMP,
        "Module Reliability of Perovskite Photovoltaics Under Outdoor Operation.",
    ]
    assert [p.year for p in papers] == [2021, 2022]
    assert [p.venue for p in papers] == ["Joule", "Nature Energy"]
    assert [p.doi for p in papers] == [JOULE_DOI, NATURE_DOI]  # normalised
    assert papers[1].url == "https://www.nature.com/articles/s41560-022-01012-3"


def test_openalex_list_and_single_work_with_abstracts_put_back_in_order():
    kind, papers, _ = read_papers(PAPERS / "openalex.json")
    assert kind == "openalex"
    module, monolayers = papers
    assert module.title == MODULE
    assert module.doi == NATURE_DOI  # from https://doi.org/...
    assert module.year == 2022
    assert module.venue == "Nature Energy"
    assert module.authors == ["Phạm Quang Dũng"]
    assert module.abstract == (
        "Outdoor tests of perovskite modules over two years show perovskite modules losing less "
        "than 5%."
    )
    assert monolayers.title == "Hole-selective monolayers for inverted perovskite cells"  # name
    assert monolayers.abstract == ""
    kind, (work,) = read_papers(PAPERS / "openalex_work.json")[:2]
    assert kind == "openalex"
    assert work.title == "Interface passivation in p-i-n perovskite cells"  # <i> taken out
    assert work.abstract == "Passivating the interface raises the voltage."
    assert work.doi == "10.1002/aenm.202300456"


def test_bibtex_with_macros_accents_and_braces():
    kind, papers, _ = read_papers(PAPERS / "refs.bib")
    assert kind == "bibtex"
    damp, tandem = papers
    assert damp.title == DAMP
    assert damp.venue == "Joule"  # @string macro
    assert damp.year == 2021
    assert damp.doi == JOULE_DOI
    assert damp.authors == ["Quang Dũng Phạm", "Anna Weber"]
    assert tandem.title == "Four-terminal tandem modules: Über-efficient or over-engineered?"
    assert tandem.authors == ["Quang Dung Pham", "Jörg Müller"]
    assert tandem.venue == "Proceedings of the 36th European Photovoltaic Solar Energy Conference"
    assert "module level & find a 1.2% absolute gain" in tandem.abstract


def test_csl_json():
    kind, papers, _ = read_papers(PAPERS / "csl.json")
    assert kind == "csl-json"
    module, agenda = papers
    assert (module.title, module.year, module.doi) == (MODULE, 2022, NATURE_DOI)
    assert module.venue == "Nature Energy"
    assert module.authors == ["Quang Dũng Phạm", "PV Reliability Consortium"]
    assert agenda.year == 2020  # date parts as text
    assert agenda.abstract.startswith("We review perovskite photovoltaics research")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (r"{\"u}ber", "über"),
        (r"Nguy{\~{\^e}}n", "Nguyễn"),
        (r"Vi\d{\^e}t", "Việt"),
        (r"Stra{\ss}e", "Straße"),
        (r"Fran\c{c}ois", "François"),
        (r"{\'E}cole \emph{normale}", "École normale"),
        (r"pp.~1--2", "pp. 1–2"),
    ],
)
def test_latex_taken_out_of_bibtex_values(value, text):
    assert delatex(value) == text


def test_a_record_without_title_is_a_note_not_a_paper(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text("@article{a, year = 2020}\n@article{b, title = {Kept}}\n", "utf-8")
    _, papers, skipped = read_papers(path)
    assert [p.title for p in papers] == ["Kept"]
    assert len(skipped) == 1
    assert skipped[0].line == 1
    assert "title" in str(skipped[0])


# -- detection and malformed files --------------------------------------------------------------


def test_formats_are_told_by_content_not_suffix(tmp_path):
    for source, name in [("orcid.json", "orcid"), ("refs.bib", "bibtex"), ("csl.json", "csl-json")]:
        copy = tmp_path / f"{name}.txt"
        shutil.copy(PAPERS / source, copy)
        assert read_papers(copy)[0] == name


def test_an_unknown_format_names_the_supported_ones(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps({"papers": [{"name": "x"}]}), "utf-8")
    with pytest.raises(PublicationsFormatError) as caught:
        read_papers(path)
    for label in FORMATS.values():
        assert label in str(caught.value)


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("bad.json", '{\n  "data": [\n    {"title": "x",}\n  ]\n}', 3),
        ("bad.jsonl", '{"content": {"title": "a"}}\n{"content": {"title": \n', 2),
        ("bad.bib", "@article{a, title = {A}}\n\n@article{b, title = {B\n", 3),
    ],
)
def test_a_malformed_file_is_an_error_with_its_line(tmp_path, name, text, line):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    with pytest.raises(PublicationsFormatError) as caught:
        read_papers(path)
    (problem,) = caught.value.problems
    assert problem.source.endswith(name)
    assert problem.line == line


def test_cli_unknown_format_is_exit_2_naming_the_formats(folder):
    path = PAPERS / "unknown.txt"
    result = runner.invoke(app, ["import-publications", "--expert", "E04", str(path)])
    assert result.exit_code == 2, result.output
    assert "unknown.txt" in result.output
    assert "BibTeX" in result.output
    assert "CSL-JSON" in result.output
    assert "Traceback" not in result.output
    assert not (folder / "publications.csv").exists()


# -- merging and writing publications.csv -------------------------------------------------------


def test_two_formats_with_the_same_papers_give_each_paper_once(folder):
    result = import_publications(
        "E04", [PAPERS / "orcid.json", PAPERS / "semantic_scholar.json"], folder
    )
    assert (result.read, result.added, result.total) == (4, 2, 2)
    e04 = next(p for p in load_profiles(folder) if p.id == "E04")
    titles = [p.title for p in e04.publications]
    assert titles == [DAMP, MODULE]
    damp = e04.publications[0]
    assert damp.abstract.startswith("Encapsulated")  # the richest record: it has the abstract
    assert damp.doi == JOULE_DOI


def test_a_later_import_completes_and_adds_but_never_doubles(folder):
    import_publications("E04", [PAPERS / "orcid.json"], folder)
    result = import_publications(
        "E04", [PAPERS / "openalex.json", PAPERS / "refs.bib", PAPERS / "csl.json"], folder
    )
    assert result.updated == 2  # both ORCID papers get an abstract or authors
    e04 = next(p for p in load_profiles(folder) if p.id == "E04")
    keys = [normalise_title(p.title) for p in e04.publications]
    assert len(keys) == len(set(keys)) == result.total == 5
    module = next(p for p in e04.publications if p.doi == NATURE_DOI)
    assert module.abstract.startswith("Outdoor tests")


def test_importing_again_changes_nothing_and_other_experts_rows_stay(folder):
    import_publications("E05", [PAPERS / "refs.bib"], folder)
    path = folder / "publications.csv"
    with path.open("ab") as handle:  # a row typed by hand, in another style
        handle.write(b'E06,"A hand-typed title, with a comma",,2018,,,,\n')
    import_publications("E04", [PAPERS / "csl.json"], folder)
    before = path.read_bytes()
    again = import_publications("E04", [PAPERS / "csl.json"], folder)
    assert not again.written
    assert (again.added, again.updated, again.present) == (0, 0, 2)
    assert path.read_bytes() == before
    others = [line for line in before.splitlines(keepends=True) if not line.startswith(b"E04")]
    import_publications("E04", [PAPERS / "openreview.jsonl", PAPERS / "orcid.json"], folder)
    after = path.read_bytes()
    assert [line for line in after.splitlines(keepends=True) if not line.startswith(b"E04")] == (
        others
    )
    assert after.startswith(b"\xef\xbb\xbfexpert_id,title,abstract,year,venue,doi,url,authors")


def test_formula_like_text_is_neutralised_and_reads_back(folder, tmp_path):
    path = tmp_path / "csl-formula.json"
    path.write_text(json.dumps([{"title": "=HYPERLINK(1)", "type": "article"}]), "utf-8")
    import_publications("E04", [path], folder)
    assert b",'=HYPERLINK(1)," in (folder / "publications.csv").read_bytes()
    e04 = next(p for p in load_profiles(folder) if p.id == "E04")
    assert [p.title for p in e04.publications] == ["=HYPERLINK(1)"]
    assert not import_publications("E04", [path], folder).written


def test_an_unknown_expert_is_an_error_with_the_closest(folder):
    with pytest.raises(DataError, match="closest: E04") as caught:
        import_publications("E4", [PAPERS / "csl.json"], folder)
    assert "'E4'" in str(caught.value)
    assert not (folder / "publications.csv").exists()
    result = runner.invoke(app, ["import-publications", "--expert", "E4", str(PAPERS / "csl.json")])
    assert result.exit_code == 2
    assert "closest: E04" in result.output


def test_cli_prints_what_it_did(folder):
    args = ["import-publications", "--expert", "E04", str(PAPERS / "refs.bib")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2 papers (bibtex)" in result.output
    assert "E04: 2 added, 0 completed, 0 already there; 2 papers in" in result.output
    again = runner.invoke(app, ["--lang", "vi", *args])
    assert again.exit_code == 0, again.output
    assert "không thay đổi" in again.output


# -- every command picks the papers up ----------------------------------------------------------


QUERY = "lyophilised thermostable formulation"


def _paper_for_e05(tmp_path, folder):
    path = tmp_path / "e05.json"
    item = {
        "title": "Lyophilised thermostable formulation of mRNA vaccines",
        "abstract": "A lyophilised thermostable formulation keeps mRNA vaccines for months.",
        "type": "article-journal",
        "issued": {"date-parts": [[2022]]},
    }
    path.write_text(json.dumps([item]), "utf-8")
    return import_publications("E05", [path], folder)


def test_validate_fit_and_recommend_use_the_papers(folder, tmp_path):
    from bridge_match.commands import recommend

    _paper_for_e05(tmp_path, folder)
    needs = TINY / "needs"
    validated = runner.invoke(app, ["validate", "--profiles", str(folder), "--needs", str(needs)])
    assert validated.exit_code == 0, validated.output
    assert "publications: read 1, accepted 1, rejected 0" in validated.output
    fitted = runner.invoke(app, ["fit", "--profiles", str(folder), "--model-dir", "models"])
    assert fitted.exit_code == 0, fitted.output
    shortlist = recommend(text=QUERY, profiles=folder, needs=needs, model_dir="models").shortlist
    assert shortlist.iloc[0].expert_id == "E05"
    assert "Lyophilised thermostable" in shortlist.iloc[0].reasons


def test_workspace_import_picks_up_a_changed_publications_csv(folder, tmp_path):
    from sqlalchemy import select

    from bridge_match.commands import recommend
    from bridge_match.workspace import Workspace, import_data
    from bridge_match.workspace.schema import profiles

    workspace = str(tmp_path / "ws.sqlite")
    first = import_data(workspace, folder, TINY / "needs")
    before = recommend(text=QUERY, workspace=workspace).shortlist
    assert "E05" not in set(before.expert_id[:1])
    _paper_for_e05(tmp_path, folder)
    second = import_data(workspace)
    assert not second.unchanged
    assert second.changed == ["E05"]
    assert second.import_id != first.import_id
    with Workspace.open(workspace) as ws, ws.snapshot() as snap:
        stored = snap.connection.execute(
            select(profiles.c.record).where(profiles.c.id == "E05")
        ).scalar_one()
    papers = json.loads(stored)["publications"]
    assert [p["title"] for p in papers] == ["Lyophilised thermostable formulation of mRNA vaccines"]
    after = recommend(text=QUERY, workspace=workspace).shortlist
    assert after.iloc[0].expert_id == "E05"
    assert "Lyophilised thermostable" in after.iloc[0].reasons
    assert import_data(workspace).unchanged
    with (folder / "publications.csv").open("a", encoding="utf-8") as handle:
        handle.write("E05,,,abc,,,,\n")
    lenient = runner.invoke(app, ["import", "--workspace", workspace, "--skip-invalid"])
    assert lenient.exit_code == 0, lenient.output
    assert "publications: read 2, accepted 1, rejected 1" in lenient.output
    assert "and 1 of 2 publications" in lenient.output


# -- the normalisers ----------------------------------------------------------------------------

word = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=8)
# upper case is not always undone by case folding (a dotless i becomes I, then i): not a difference
words = st.lists(word.filter(lambda w: w.upper().casefold() == w.casefold()), min_size=1)
glue = st.sampled_from([" ", "  ", ": ", " - ", ", ", ". ", "\t", "/"])


@given(words, glue)
def test_titles_compare_the_same_whatever_the_case_and_punctuation(parts, sep):
    plain = " ".join(parts)
    fancy = sep.join(p.upper() for p in parts) + "."
    assert normalise_title(fancy) == normalise_title(plain)
    once = normalise_title(plain)
    assert normalise_title(once) == once


@given(st.from_regex(r"10\.[0-9]{4,5}/[A-Za-z0-9.()\-]{1,20}", fullmatch=True))
def test_dois_compare_the_same_in_every_spelling(doi):
    spellings = [doi, doi.upper(), f"https://doi.org/{doi}", f"doi:{doi}", f" DOI: {doi} "]
    assert {normalise_doi(s) for s in spellings} == {doi.lower()}


@given(st.permutations(range(3)))
def test_deduplicate_keeps_one_richest_record_in_any_order(order):
    from bridge_match.models import Publication

    records = [
        Publication(title="GaN HEMTs", doi="10.1/X"),
        Publication(title="GaN HEMTs.", abstract="Gallium nitride transistors"),
        Publication(title="Other", doi="https://doi.org/10.1/x", year=2020),
    ]
    (merged,) = deduplicate([records[i] for i in order])
    assert merged.abstract == "Gallium nitride transistors"
    assert merged.doi == "10.1/x"
    assert merged.year == 2020


def test_forget_removes_the_persons_papers_too(folder):
    import_publications("E04", [PAPERS / "refs.bib"], folder)
    import_publications("E05", [PAPERS / "csl.json"], folder)
    path = folder / "publications.csv"
    others = [line for line in path.read_bytes().splitlines(True) if not line.startswith(b"E04")]
    result = runner.invoke(app, ["forget", "--id", "E04", "--profiles", str(folder)])
    assert result.exit_code == 0, result.output
    assert "publications.csv:2" in result.output
    assert path.read_bytes().splitlines(True) == others
