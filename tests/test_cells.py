"""Cells as people type them: yes/no in Vietnamese and English, counts with their unit. Property
tests: every spelling the word lists allow reads the same, and nothing else reads at all."""

from __future__ import annotations

import unicodedata

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from bridge_match import cells, models
from bridge_match.cells import ANSWERS, UNITS, WORDS_FILE, count, words, yes_no
from bridge_match.models import ExpertProfile, Need
from bridge_match.text.normalize import unaccented
from bridge_match.validate import read_profiles

BASE = {"id": "P1", "name": "An", "country": "JP", "field": "f", "affiliation": "a"}
NEED = {"id": "N1", "title": "t", "sector": "ai", "description": "d"}


def _variants(word: str) -> st.SearchStrategy[str]:
    """``word`` as people type it: any case, with or without diacritics, NFC or NFD, padded."""
    forms = {word, unaccented(word), unicodedata.normalize("NFD", word)}
    return st.tuples(
        st.sampled_from(sorted(forms)),
        st.sampled_from([str.lower, str.upper, str.title, str.capitalize]),
        st.sampled_from(["", " ", "  ", "\t"]),
        st.sampled_from(["", " ", "  "]),
    ).map(lambda t: t[2] + t[1](t[0]).replace(" ", "  " if t[3] else " ") + t[3])


WRITTEN = yaml.safe_load(WORDS_FILE.read_text("utf-8"))
SPOKEN = [(w, True) for w in WRITTEN["yes"]] + [(w, False) for w in WRITTEN["no"]]


@given(st.sampled_from(SPOKEN).flatmap(lambda pair: _variants(pair[0]).map(lambda v: (v, pair))))
def test_every_yes_and_no_reads_whatever_the_case_diacritics_and_spacing(case):
    typed, (_, meaning) = case
    assert yes_no(typed) is meaning
    profile = ExpertProfile.model_validate({**BASE, "consent_to_contact": typed})
    assert profile.consent_to_contact is meaning


@given(st.text(max_size=12))
def test_any_other_text_is_an_error_that_says_what_to_write(text):
    if words(text) in ANSWERS:
        assert yes_no(text) is ANSWERS[words(text)]
        return
    with pytest.raises(ValueError, match=r"expected true or false, got .*; write yes or no"):
        yes_no(text)


@pytest.mark.parametrize(
    ("cell", "meaning"),
    [
        *[("Có", True), ("không", False), ("KHONG", False), ("co", True), ("Đồng ý", True)],
        *[("x", True), ("X", True), ("yes", True), ("No", False), ("1", True), ("0", False)],
        *[("y", True), ("n", False), ("TRUE", True), ("false", False), ("không đồng ý", False)],
    ],
)
def test_the_common_answers(cell, meaning):
    profile = ExpertProfile.model_validate({**BASE, "consent_to_contact": cell})
    assert profile.consent_to_contact is meaning


def test_booleans_and_numbers_are_still_read_and_a_blank_cell_is_the_default():
    adapter = TypeAdapter(models.Consent)
    assert [adapter.validate_python(v) for v in (True, False, 1, 0)] == [True, False, True, False]
    with pytest.raises(ValidationError, match=r"expected true or false|bool"):
        adapter.validate_python(2)
    assert (
        ExpertProfile.model_validate({**BASE, "consent_to_contact": " "}).consent_to_contact
        is False
    )


COUNTS = [
    ("years_experience", models.MAX_YEARS, ExpertProfile, BASE),
    ("capacity", models.MAX_CAPACITY, ExpertProfile, BASE),
    ("team_size", models.MAX_TEAM_SIZE, Need, NEED),
]


@given(
    st.sampled_from(COUNTS).flatmap(
        lambda c: st.tuples(
            st.just(c),
            st.integers(1, c[1]),
            st.sampled_from(UNITS[c[0]]).flatmap(_variants),
            st.sampled_from(["", " ", "  "]),
        )
    )
)
def test_a_number_with_its_own_unit_is_that_number(case):
    (name, _, model, base), number, unit, gap = case
    cell = f"{number}{gap}{unit}"
    record = model.model_validate({**base, name: cell})
    assert getattr(record, name) == number


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ("years_experience", "3 dự án"),  # another field's unit
        ("capacity", "3 năm"),
        ("team_size", "3 years"),
        ("years_experience", "18 tuổi"),  # an age, not years of experience
        ("years_experience", "khoảng 18"),
        ("years_experience", "about 18"),
        ("years_experience", "18 years or so"),
    ],
)
def test_other_words_around_a_number_ask_for_the_number_alone(name, cell):
    model, base = (Need, NEED) if name == "team_size" else (ExpertProfile, BASE)
    with pytest.raises(ValidationError, match="write the number alone") as info:
        model.model_validate({**base, name: cell})
    assert cell in str(info.value)


@given(st.integers(0, 99), st.integers(0, 99), st.sampled_from(["-", " - ", "–", "~", " to "]))
def test_a_range_is_an_error_naming_one_number_to_give(low, high, dash):
    parse = count("years_experience", "years", 18)
    with pytest.raises(
        ValueError, match=rf"is a range; give one whole number of years, such as {low}"
    ):
        parse(f"{low}{dash}{high}")
    with pytest.raises(ValueError, match="is a range"):
        parse(f"{low}{dash}{high} năm")


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("12.5 năm", "write the number alone"),
        ("150 năm", "must be 80 or less"),
        ("-3", "must be 0 or more"),
        ("1e23", "expected a whole number"),
        ("mười tám", "expected a whole number"),
        ("two", "expected a whole number"),
    ],
)
def test_what_stays_an_error(tmp_path, cell, message):
    path = tmp_path / "p.csv"
    header = "id,name,country,field,affiliation,years_experience"
    path.write_text(f"{header}\nP1,An,JP,f,a,{cell}\n", "utf-8")
    (problem,) = read_profiles(path).problems
    assert (problem.line, problem.field) == (2, "years_experience")
    assert message in problem.message


def test_the_word_lists_are_data_and_consistent():
    assert WORDS_FILE.name == "cells.yaml"
    assert set(UNITS) == {"years_experience", "capacity", "team_size"}
    assert not set(WRITTEN["yes"]) & set(WRITTEN["no"])
    assert cells.ANSWERS[words("Đồng ý")] is True


def test_a_word_list_that_says_yes_and_no_is_refused(tmp_path):
    path = tmp_path / "cells.yaml"
    path.write_text('"yes": ["có"]\n"no": ["co"]\nunits: {}\n', "utf-8")
    with pytest.raises(ValueError, match="a yes or a no, not both"):
        cells._read(path)
