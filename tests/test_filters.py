"""Filters on a query's experts: each value checked as in a file, and an empty answer refused
with the filter that caused it."""

import pytest

from bridge_match import DataError
from bridge_match.filters import Filters, allowed_rows, check_one, resolve_association


def _ids(matcher, filters):
    mask = allowed_rows(matcher.index_, filters)
    ids = list(matcher.index_.ids)
    return set(ids) if mask is None else {ids[i] for i in mask.nonzero()[0]}


def test_no_filter_is_everyone(sample_matcher):
    assert allowed_rows(sample_matcher.index_, Filters()) is None


@pytest.mark.parametrize(
    "name",
    [
        "Hội Trí thức Việt Nam tại Nhật",
        "hoi tri thuc viet nam tai nhat",
        "Association of Vietnamese Intellectuals in Japan",
        "intellectuals in japan",
        "avij",
    ],
)
def test_an_association_by_any_of_its_names(sample_matcher, name):
    by_acronym = _ids(sample_matcher, Filters(association="AVIJ"))
    assert by_acronym
    assert len(by_acronym) < len(sample_matcher.index_.ids)
    assert _ids(sample_matcher, Filters(association=name)) == by_acronym
    members = {p.id: p.association for p in sample_matcher.profiles_}
    assert {members[i] for i in by_acronym} == {"Association of Vietnamese Intellectuals in Japan"}


def test_an_unknown_association_names_the_closest(sample_matcher):
    with pytest.raises(DataError) as typo:
        _ids(sample_matcher, Filters(association="VKBAI"))
    assert "--association" in str(typo.value)
    assert "VKBIA" in str(typo.value)
    with pytest.raises(DataError) as unknown:
        _ids(sample_matcher, Filters(association="XYZ"))
    assert "known: " in str(unknown.value)
    assert "AVIJ" in str(unknown.value)
    assert resolve_association("XYZ") == []


def test_languages_years_and_sectors(sample_matcher):
    by_id = {p.id: p for p in sample_matcher.profiles_}
    both = _ids(sample_matcher, Filters(language=["ja", "English"]))
    assert both
    assert all({"ja", "en"} <= set(by_id[i].languages) for i in both)
    japanese = _ids(sample_matcher, Filters(language=["ja"]))
    assert both < japanese or both == japanese
    seniors = _ids(sample_matcher, Filters(min_years=20))
    assert seniors
    assert all((by_id[i].years_experience or 0) >= 20 for i in seniors)
    left_out = set(by_id) - seniors
    assert any(by_id[i].years_experience is None for i in left_out) or all(
        by_id[i].years_experience < 20 for i in left_out
    )
    chips = _ids(sample_matcher, Filters(expert_sector=["bán dẫn"]))
    assert chips
    assert all("semiconductors" in by_id[i].sectors for i in chips)


def test_bad_values_are_named_like_errors_in_files(sample_matcher):
    with pytest.raises(DataError) as caught:
        _ids(sample_matcher, Filters(country=["Japn"], language=["klingon"], min_years=-1))
    text = str(caught.value)
    assert "--country" in text
    assert "Japan" in text
    assert "--language" in text
    assert "--min-years" in text


def test_filters_that_leave_nobody_say_which(sample_matcher):
    with pytest.raises(DataError) as caught:
        _ids(sample_matcher, Filters(country=["DE"], language=["ko"]))
    text = str(caught.value)
    assert "--country DE leaves" in text
    assert "with --language ko, none" in text
    assert "change or drop --language" in text


def test_one_expert_against_the_filters(sample_matcher):
    index = sample_matcher.index_
    row = index.row_of["JP-AVIJ-0001"]
    check_one(index, Filters(country=["JP"]), row)
    with pytest.raises(DataError) as caught:
        check_one(index, Filters(country=["VN"]), row)
    assert "JP-AVIJ-0001 does not pass --country VN" in str(caught.value)
