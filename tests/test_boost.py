import numpy as np
import pytest

from bridge_match.boost import BOOST_NAMES, ExpertTable, apply_boosts, describe_boosts
from bridge_match.rules import Rules


@pytest.fixture(scope="module")
def table(tiny_profiles):
    return ExpertTable.from_profiles(sorted(tiny_profiles, key=lambda p: p.id))


def _ids(tiny_profiles):
    return [p.id for p in sorted(tiny_profiles, key=lambda p: p.id)]


def column(name):
    return BOOST_NAMES.index(name)


def test_each_rule_fires_where_it_should(table, tiny_profiles, need_by_id):
    ids = _ids(tiny_profiles)
    rows = np.arange(len(ids))
    rules = Rules(max_total_boost=1.0, sector_match=0.1, preferred_country=0.2, shared_language=0.3)
    need = need_by_id["N-PKG-EN"]
    values = apply_boosts(need, table, rows, np.ones(len(rows)), rules)
    by_id = dict(zip(ids, values, strict=True))
    assert by_id["E08"][column("sector_match")] == pytest.approx(0.1)
    assert by_id["E03"][column("sector_match")] == 0
    assert by_id["E08"][column("preferred_country")] == pytest.approx(0.2)
    assert by_id["E01"][column("preferred_country")] == 0
    assert by_id["E08"][column("shared_language")] == pytest.approx(0.3)
    assert by_id["E02"][column("shared_language")] == 0


def test_seniority_ramp_and_affiliation_fit(table, tiny_profiles, need_by_id):
    ids = _ids(tiny_profiles)
    rules = Rules.default().model_copy(update={"max_total_boost": 1.0})
    values = apply_boosts(
        need_by_id["N-SEMI-VI"], table, np.arange(len(ids)), np.ones(len(ids)), rules
    )
    by_id = dict(zip(ids, values, strict=True))
    full = rules.seniority.weight
    assert by_id["E01"][column("seniority")] == pytest.approx(full)
    assert by_id["E06"][column("seniority")] == pytest.approx(full * 8 / 15)
    assert by_id["E01"][column("affiliation_fit")] > 0
    assert by_id["E06"][column("affiliation_fit")] == 0


def test_boosts_are_gated_and_capped(table, tiny_profiles, need_by_id):
    ids = _ids(tiny_profiles)
    rules = Rules.default()
    sims = np.linspace(0, 0.5, len(ids))
    values = apply_boosts(need_by_id["N-SEMI-VI"], table, np.arange(len(ids)), sims, rules)
    totals = values.sum(axis=1)
    assert (totals[sims < rules.min_similarity] == 0).all()
    assert (totals <= rules.max_total_boost + 1e-12).all()
    assert totals.max() > 0


def test_descriptions_name_value_and_detail(table, tiny_profiles, need_by_id):
    ids = _ids(tiny_profiles)
    row = ids.index("E08")
    values = np.zeros(len(BOOST_NAMES))
    values[column("preferred_country")] = 0.04
    values[column("sector_match")] = 0.05
    assert describe_boosts(need_by_id["N-PKG-EN"], table, row, values) == [
        "+0.05 sector semiconductors",
        "+0.04 country TW (preferred)",
    ]


def test_rules_file_is_validated(tmp_path):
    from bridge_match import DataError, load_rules

    path = tmp_path / "rules.yaml"
    path.write_text("sector_match: lots\nseniority: {weight: 2}\nunknown: 1\n", "utf-8")
    with pytest.raises(DataError) as info:
        load_rules(path)
    fields = {p.field for p in info.value.problems}
    assert fields == {"sector_match", "seniority.weight", "unknown"}
    assert Rules.default().without("seniority").weight("seniority") == 0


def test_expert_table_holds_each_profiles_own_attributes(sample_profiles):
    """Built in one pass with shared rows for repeated sector and language lists, yet row by row
    what each profile says."""
    from bridge_match.sectors import Sector

    table = ExpertTable.from_profiles(sample_profiles)
    sectors = list(Sector)
    for row, p in enumerate(sample_profiles):
        assert table.countries[row] == p.country
        assert set(np.flatnonzero(table.sectors[row])) == {sectors.index(s) for s in p.sectors}
        assert {lang for lang, i in table.language_index.items() if table.languages[row, i]} == set(
            p.languages
        )
        if p.years_experience is None:
            assert np.isnan(table.years[row])
        else:
            assert table.years[row] == p.years_experience
        assert table.affiliation_types[row] == (
            p.affiliation_type.value if p.affiliation_type else ""
        )
    assert ExpertTable.from_profiles([]).sectors.shape == (0, len(sectors))
