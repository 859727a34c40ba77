from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bridge_match import ExpertProfile, dedupe
from bridge_match.dedupe import (
    DuplicatePair,
    affiliation_similarity,
    find_duplicates,
    name_key,
    normalize_affiliation,
    person_groups,
)


def expert(
    id_: str,
    name: str = "Nguyễn Văn An",
    country: str = "JP",
    affiliation: str = "University of Tokyo",
    email: str | None = None,
    association: str | None = None,
) -> ExpertProfile:
    return ExpertProfile(
        id=id_,
        name=name,
        country=country,
        field="Machine learning",
        affiliation=affiliation,
        email=email,
        association=association,
    )


def similarity(a: str, b: str) -> float:
    return affiliation_similarity(normalize_affiliation(a), normalize_affiliation(b))


def test_same_email_in_another_case_is_one_person():
    a = expert("JP-1", name="Nguyễn Văn An", email="An.Nguyen@Example.org")
    b = expert(
        "FR-9", name="Jean An", country="FR", affiliation="CNRS", email=" an.nguyen@example.ORG"
    )
    assert find_duplicates([a, b]) == [
        DuplicatePair("FR-9", "JP-1", "same e-mail an.nguyen@example.org")
    ]


def test_western_order_without_diacritics_and_abbreviated_affiliation_is_one_person():
    a = expert("JP-AVIJ-7", name="Nguyễn Văn An", affiliation="The University of Tokyo")
    b = expert("JP-FVAJ-3", name="An Nguyen Van", affiliation="Univ. of Tokyo")
    [pair] = find_duplicates([b, a])
    assert (pair.first, pair.second) == ("JP-AVIJ-7", "JP-FVAJ-3")
    assert pair.reason == (
        "same name and country (JP), similar affiliation (1.00): "
        "'The University of Tokyo' ~ 'Univ. of Tokyo'"
    )


def test_same_name_and_country_at_another_institution_is_not_a_pair():
    a = expert("A", affiliation="University of Tokyo")
    b = expert("B", affiliation="Tokyo Institute of Technology")
    assert find_duplicates([a, b]) == []


def test_same_name_and_affiliation_in_another_country_is_not_a_pair():
    a = expert("A", country="JP", affiliation="Toshiba Corporation")
    b = expert("B", country="KR", affiliation="Toshiba Corporation")
    assert find_duplicates([a, b]) == []


def test_identical_affiliation_is_reported_as_the_same():
    a, b = expert("A", affiliation="Kyoto University"), expert("B", affiliation="Kyoto University")
    [pair] = find_duplicates([a, b])
    assert pair.reason == "same name and country (JP), same affiliation 'Kyoto University'"


def test_email_is_the_reason_when_both_rules_hold():
    a = expert("A", email="an@example.org")
    b = expert("B", email="AN@example.org")
    assert [p.reason for p in find_duplicates([a, b])] == ["same e-mail an@example.org"]


def test_name_key_ignores_order_case_diacritics_and_spacing():
    assert name_key("Nguyễn  Văn An") == name_key("AN nguyen van") == "an nguyen van"
    assert name_key("Đặng Thị Ánh") == name_key("Anh Thi Dang")
    assert name_key("Nguyễn Văn An") != name_key("Nguyễn Văn Anh")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("University of Tokyo", "The University of Tokyo"),
        ("University of Tokyo", "Univ. of Tokyo"),
        ("University of Tokyo", "Tokyo University"),
        ("University of Tokyo", "Dept. of Physics, University of Tokyo"),
        ("University of Tokyo", "Univeristy of Tokyo"),
        ("Samsung Electronics Co., Ltd.", "Samsung Electronics"),
        ("Toshiba Corp.", "Toshiba Corporation"),
        ("Sorbonne Université", "Sorbonne University"),
    ],
)
def test_spellings_of_one_institution_reach_the_threshold(a, b):
    assert similarity(a, b) >= 0.85


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("University of Tokyo", "Tokyo Institute of Technology"),
        ("University of Tokyo", "Tokyo University of Science"),
        ("University of Tokyo", "University of Tokyo Hospital"),
        ("Kyoto University", "Kyushu University"),
        ("Kyoto University", "University of Tokyo"),
        ("Nagoya University", "Nagoya Institute of Technology"),
        ("Hanoi University of Science and Technology", "Hanoi University of Science"),
        ("Seoul National University", "Pusan National University"),
        ("Samsung Electronics", "Samsung SDS"),
    ],
)
def test_different_institutions_stay_below_the_threshold(a, b):
    assert similarity(a, b) < 0.85


def test_similarity_does_not_depend_on_argument_order():
    for a, b in [("Kyoto University", "Kyushu University"), ("AIST", "RIKEN AIP")]:
        assert similarity(a, b) == similarity(b, a)


def test_groups_are_transitive():
    a = expert("A", name="Nguyễn Văn An", affiliation="RIKEN", email="an@example.org")
    b = expert("B", name="An Nguyen Van", affiliation="University of Tokyo", email="AN@example.org")
    c = expert("C", name="Nguyen Van An", affiliation="Univ. of Tokyo")
    d = expert("D", name="Nguyen Van An", affiliation="Kobe University")
    pairs = find_duplicates([a, b, c, d])
    assert [(p.first, p.second) for p in pairs] == [("A", "B"), ("B", "C")]
    assert person_groups([d, c, a, b], pairs).tolist() == [0, 1, 1, 1]
    assert person_groups([a, d, b, c]).tolist() == [0, 1, 0, 0]


def test_pairs_about_profiles_not_given_are_ignored():
    a, b = expert("A"), expert("B", affiliation="RIKEN")
    pairs = [DuplicatePair("A", "Z", "same e-mail x@example.org")]
    groups = person_groups([a, b], pairs)
    assert groups.dtype.kind == "i"
    assert groups.tolist() == [0, 1]
    assert person_groups([]).tolist() == []


def test_one_id_twice_is_one_person_with_or_without_pairs():
    a, b = expert("A"), expert("B", affiliation="RIKEN")
    again = b.model_copy(update={"affiliation": "Kobe University"})
    assert person_groups([a, b, again]).tolist() == [0, 1, 1]
    assert person_groups([again, a, b], []).tolist() == [0, 1, 0]


def test_groups_found_here_equal_groups_from_the_reported_pairs(sample_profiles):
    first, second = sample_profiles[:2]
    profiles = [
        *sample_profiles,
        first.model_copy(update={"id": "ZZ-1", "email": "Shared@Example.org"}),
        second.model_copy(update={"id": "ZZ-2", "email": " shared@example.org"}),
        first.model_copy(update={"id": "ZZ-3", "affiliation": f"Dept. X, {first.affiliation}"}),
    ]
    found = person_groups(profiles)
    assert found[-3] == found[-2] == found[0]
    assert len(set(found.tolist())) == len(sample_profiles) - 1
    assert np.array_equal(found, person_groups(profiles, find_duplicates(profiles)))


NAMES = ["Nguyễn Văn An", "An Nguyen Van", "Trần Thị Mai", "Mai Thi Tran", "Lê Quốc Hiếu"]
COUNTRIES = ["JP", "KR", "FR"]
AFFILIATIONS = [
    "University of Tokyo",
    "Univ. of Tokyo",
    "Tokyo Institute of Technology",
    "Kyoto University",
    "Kyushu University",
    "KAIST",
    "Samsung Electronics Co., Ltd.",
    "Samsung Electronics",
]
EMAILS = [None, None, "an@example.org", "AN@example.org", "mai@example.org"]

rows = st.tuples(
    st.sampled_from(NAMES),
    st.sampled_from(COUNTRIES),
    st.sampled_from(AFFILIATIONS),
    st.sampled_from(EMAILS),
)


def build(drawn: list[tuple[str, str, str, str | None]]) -> list[ExpertProfile]:
    return [
        expert(f"E{i:03d}", name=n, country=c, affiliation=a, email=e)
        for i, (n, c, a, e) in enumerate(drawn)
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(rows, max_size=25), st.randoms(use_true_random=False))
def test_find_duplicates_does_not_depend_on_input_order(drawn, rnd):
    profiles = build(drawn)
    shuffled = list(profiles)
    rnd.shuffle(shuffled)
    pairs = find_duplicates(profiles)
    assert find_duplicates(shuffled) == pairs
    assert pairs == sorted(pairs)
    assert all(p.first < p.second for p in pairs)
    groups = person_groups(profiles, pairs)
    by_id = dict(zip((p.id for p in shuffled), person_groups(shuffled, pairs), strict=True))
    for i, j in ((i, j) for i in range(len(profiles)) for j in range(len(profiles))):
        same_here = groups[i] == groups[j]
        assert same_here == (by_id[profiles[i].id] == by_id[profiles[j].id])


def large_block() -> list[ExpertProfile]:
    """A common name in one country, past the block limit, with a few spellings of each place."""
    rng = random.Random(3)
    places = [*AFFILIATIONS, "The University of Tokyo", "Tokyo University", "Osaka University"]
    names = ["Nguyễn Văn Anh", "Anh Nguyen Van", "NGUYEN VAN ANH"]
    return [
        expert(f"P{i:04d}", name=rng.choice(names), affiliation=rng.choice(places))
        for i in range(3 * dedupe.BLOCK_LIMIT)
    ]


def test_a_large_block_gives_the_same_groups_as_comparing_every_pair(monkeypatch):
    profiles = large_block()
    pairs = find_duplicates(profiles)
    assert len(pairs) < len(profiles)  # linked, not every pair listed
    groups = person_groups(profiles, pairs)
    for seed in range(3):
        shuffled = list(profiles)
        random.Random(seed).shuffle(shuffled)
        assert find_duplicates(shuffled) == pairs
    monkeypatch.setattr(dedupe, "BLOCK_LIMIT", 10 * len(profiles))
    every_pair = find_duplicates(profiles)
    assert len(every_pair) > len(pairs)
    assert np.array_equal(person_groups(profiles, every_pair), groups)
    # four spellings of Tokyo, two of Samsung, and TiTech, Kyoto, Kyushu, KAIST, Osaka
    assert len(set(groups.tolist())) == 7


def test_shipped_sample(sample_profiles):
    """The sample lists every e-mail once and no name twice in one country at similar places.

    Twelve names recur, eleven of them in different countries; the one in the same country
    (Xuân Bình Nguyễn, KR) works at KAIST in one file and at Samsung Electronics in the other.
    """
    pairs = find_duplicates(sample_profiles)
    ids = {p.id for p in sample_profiles}
    assert all(p.first in ids and p.second in ids and p.first < p.second for p in pairs)
    assert pairs == sorted(pairs)
    assert ("KR-VKBIA-0026", "KR-VKEIA-0020") not in {(p.first, p.second) for p in pairs}
    groups = person_groups(sample_profiles, pairs)
    assert len(groups) == len(sample_profiles)
    assert len(sample_profiles) - len(pairs) <= len(set(groups.tolist())) <= len(sample_profiles)


def test_pairs_do_not_depend_on_how_blocks_are_chunked(monkeypatch):
    rng = random.Random(5)
    drawn = [
        (rng.choice(NAMES), rng.choice(COUNTRIES), rng.choice(AFFILIATIONS), rng.choice(EMAILS))
        for _ in range(200)
    ]
    profiles = build(drawn)
    pairs = find_duplicates(profiles)
    assert any("similar affiliation" in p.reason for p in pairs)
    monkeypatch.setattr(dedupe, "_CHUNK", 1)
    assert find_duplicates(profiles) == pairs
