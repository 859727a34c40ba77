import filecmp
from collections import Counter

import pytest
import yaml

from bridge_match import check_data
from bridge_match.sample import _iter_needs, _iter_profiles, generate_needs, tables, write_sample
from bridge_match.sectors import Sector
from bridge_match.text import is_vietnamese
from tests.conftest import ROOT

DATA = ROOT / "src" / "bridge_match" / "sample" / "data"


def test_committed_sample_is_the_generators_output(tmp_path):
    written = write_sample(tmp_path)
    for path in written:
        committed = ROOT / path.relative_to(tmp_path)
        assert filecmp.cmp(path, committed, shallow=False), committed
    shipped = {p.relative_to(ROOT) for d in ("profiles", "needs") for p in (ROOT / d).iterdir()}
    assert shipped == {p.relative_to(tmp_path) for p in written}


def test_sample_has_the_promised_breadth(sample_profiles, sample_needs):
    assert len(sample_profiles) >= 400
    countries = Counter(p.country for p in sample_profiles)
    assert len(countries) >= 12
    assert {"JP", "KR", "US", "FR", "DE", "AU", "MY", "TW"} <= set(countries)
    assert len({p.association for p in sample_profiles}) >= 6
    vietnamese = sum(is_vietnamese(p.expertise) for p in sample_profiles) / len(sample_profiles)
    assert 0.10 <= vietnamese <= 0.22
    assert len(sample_needs) >= 30
    per_sector = Counter(n.sector for n in sample_needs)
    assert all(per_sector[s] >= 4 for s in Sector if s is not Sector.OTHER)
    vi_needs = sum(is_vietnamese(f"{n.title} {n.description}") for n in sample_needs)
    assert 0.25 <= vi_needs / len(sample_needs) <= 0.45


def test_csv_layout_loads_and_is_deterministic(tmp_path):
    first = write_sample(tmp_path / "a", n_profiles=300, n_needs=40, seed=3, layout="csv")
    second = write_sample(tmp_path / "b", n_profiles=300, n_needs=40, seed=3, layout="csv")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    report = check_data(tmp_path / "a" / "profiles", tmp_path / "a" / "needs")
    assert report.ok, report.problems[:3]
    assert len(report.profiles.accepted) == 300
    assert len(report.needs.accepted) == 40
    assert generate_needs(40, seed=3) != generate_needs(40, seed=4)


@pytest.fixture(scope="module")
def ground_truth():
    """The generator knows each profile's sub-field and which sub-fields a need asks for."""
    subfield = {record["id"]: meta.subfield for record, meta in _iter_profiles(420, 57)}
    wanted = {record["id"]: template.subfields for record, template in _iter_needs(36, 57)}
    return subfield, wanted


def test_vietnamese_needs_rank_relevant_english_profiles_at_the_top(
    sample_matcher, sample_needs, ground_truth
):
    subfield, wanted = ground_truth
    profiles = {p.id: p for p in sample_matcher.profiles_}
    vi_needs = [n for n in sample_needs if is_vietnamese(f"{n.title} {n.description}")]
    shortlist = sample_matcher.recommend(vi_needs, top_k=10)
    for need in vi_needs:
        top = shortlist[shortlist.need_id == need.id].expert_id.tolist()
        relevant = [subfield[e] in wanted[need.id] for e in top]
        english = [not is_vietnamese(profiles[e].expertise) for e in top]
        assert relevant[0], need.id
        assert sum(r and en for r, en in zip(relevant, english, strict=True)) >= 4, need.id
        assert sum(relevant) >= 6, need.id


def test_bio_sentences_fill_exactly_as_str_format_would():
    """The sentences are compiled for speed; they must still mean what bios.yaml says."""
    raw = yaml.safe_load((DATA / "bios.yaml").read_text(encoding="utf-8"))["sentences"]
    facts = {name: f"<{name}>" for name in tables.PLACEHOLDERS} | {"years": 7, "papers": 12}
    for key, sentences in raw.items():
        for name, value in sentences.items():
            templates = value if isinstance(value, list) else [value]
            for template, fill in zip(templates, tables.SENTENCES[key][name], strict=True):
                assert fill(facts) == template.format_map(facts), (key, name)


def test_a_typo_in_a_data_file_names_the_file_and_the_entry(monkeypatch):
    read = tables._read

    def with_typos(name):
        raw = read(name)
        if name == "subfields/ai.yaml":
            raw[0]["related"] = ("no_such_subfield",)
        return raw

    monkeypatch.setattr(tables, "_read", with_typos)
    with pytest.raises(ValueError, match=r"subfields/ai\.yaml: \w+: unknown related"):
        tables._subfields()
    with pytest.raises(ValueError, match=r"bios\.yaml: en_first: opening: unknown placeholder"):
        tables._compile("I am {rol} at {affiliation}.", "en_first: opening")
