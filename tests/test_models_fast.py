"""Each field type's fast path gives exactly what its plain definition gives: the same values, and
for anything else the same errors (types, locations, inputs, messages)."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from bridge_match import models
from bridge_match.models import ExpertProfile, Need
from bridge_match.sectors import Sector

PAIRS = {
    "Id": (models.Id, models._PlainId),
    "Text": (models.Text, models._PlainText),
    "SharedText": (models.SharedText, models._PlainText),
    "LongText": (models.LongText, models._PlainLongText),
    "TextList": (models.TextList, models._PlainTextList),
    "SharedTextList": (models.SharedTextList, models._PlainTextList),
    "SectorList": (models.SectorList, models._PlainSectors),
    "Years": (models.Years, models._PlainYears),
    "Capacity": (models.Capacity, models._PlainCapacity),
    "Country": (models.Country, models._PlainCountry),
    "Email": (models.Email, models._PlainEmail),
    "Languages": (models.Languages, models._PlainLanguages),
    "Consent": (models.Consent, models._PlainConsent),
}
ADAPTERS = {name: (TypeAdapter(a), TypeAdapter(b)) for name, (a, b) in PAIRS.items()}

NFD = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
words = st.sampled_from(
    [
        "x",
        " x ",
        "",
        "  ",
        NFD,
        "Japan",
        " jp ",
        "Japn",
        "vi",
        " EN",
        "klingon",
        "ai",
        "bán dẫn",
        "nonsense",
        "a@b.co",
        "nobody",
        "12",
        "12.0",
        "80",
        "101",
        "9" * 30,
        "9" * 400 + ".0",
        "\u200bx",
        "x\u200b",
        "x\u200by",
        "\ufeff",
        "\u200b\u2060",
        " \u00ad vi",
        "\u3164",
        "a\u3164b",
        "line\nbreak",
        "\ue000",
        "a@b.co\u200b",
        "-1",
        "007",
        "1" * 19,
        "\u0661\u0662",
        "\u00b2",
        "\u2000y\u2001",
        "\x1c",
        "x" * 200,
        "x" * 201,
        unicodedata.normalize("NFD", "ễ") * 200,
        "y" * 20_001,
        # Counts with a unit: the fast path takes digits and ints only and hands these to the
        # plain definition, which must read them (or refuse them) exactly as it alone would.
        "18 năm",
        "18 NĂM",
        "18 years",
        "18yrs",
        "18.0 năm",
        "2 dự án",
        "3 người",
        "khoảng 18",
        "about 18",
        "10-15",
        "10 – 15 năm",
        "18 tuổi",
        "1e23",
        "9" * 120 + " năm",
        "Có",
        "không",
        "Đồng ý",
        "maybe",
    ]
)
text = st.lists(words, min_size=1, max_size=4).map(lambda parts: ";".join(parts)) | words
scalar = (
    text
    | st.integers(-3, 3)
    | st.sampled_from([1.0, 1.5, True, None, b"vi", Sector.AI, 456, 10**23])
)
values = scalar | st.lists(scalar, max_size=4) | st.tuples(scalar) | st.frozensets(text, max_size=2)


def _outcome(adapter: TypeAdapter[Any], value: Any) -> tuple[str, Any]:
    try:
        out = adapter.validate_python(value)
        return "ok", (repr(out), adapter.dump_json(out), repr(adapter.dump_python(out)))
    except ValidationError as exc:
        return "error", [
            (e["type"], e["loc"], e["msg"], repr(e["input"]), repr(e.get("ctx")))
            for e in exc.errors()
        ]


@pytest.mark.parametrize("name", sorted(PAIRS))
@settings(max_examples=300, deadline=None)
@given(value=values)
def test_fast_path_is_the_plain_definition(name, value):
    fast, plain = ADAPTERS[name]
    assert _outcome(fast, value) == _outcome(plain, value)


def test_recurring_text_is_shared_and_unique_text_is_not():
    base = {"id": "A", "name": "An", "country": "JP", "field": "".join(["f", "ield"])}
    a = ExpertProfile.model_validate({**base, "affiliation": "".join(["Uni", "versity"])})
    b = ExpertProfile.model_validate({**base, "affiliation": "".join(["Univ", "ersity"])})
    assert a.affiliation == b.affiliation == "University"
    assert a.affiliation is b.affiliation
    assert a.field is b.field
    assert a == b


def test_a_bad_cell_fails_every_time_with_its_own_message():
    for _ in range(3):
        with pytest.raises(ValidationError) as info:
            ExpertProfile.model_validate(
                {"id": "A", "name": "An", "country": "Japn", "field": "f", "affiliation": "a"}
            )
        assert "did you mean 'Japan'" in str(info.value)
    with pytest.raises(ValidationError, match="unknown sector 'quantum'"):
        Need.model_validate({"id": "N", "title": "t", "sector": "quantum", "description": "d"})


def test_counts_with_a_unit_read_the_same_on_both_paths():
    for name in ("Years", "Capacity"):
        fast, plain = ADAPTERS[name]
        assert fast.validate_python("18 năm" if name == "Years" else "2 dự án") in (18, 2)
        for cell in ("18 năm", "18 years", "2 dự án", "2 projects"):
            assert _outcome(fast, cell) == _outcome(plain, cell)
