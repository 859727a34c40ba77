import pytest
from pydantic import ValidationError

from bridge_match.models import ExpertProfile, Need, normalize_country
from bridge_match.sectors import Sector

BASE = {"id": "X1", "name": "Nguyễn An", "country": "JP", "field": "f", "affiliation": "a"}


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("Japan", "JP"),
        ("jp", "JP"),
        ("South Korea", "KR"),
        ("Korea", "KR"),
        ("USA", "US"),
        ("United States", "US"),
        ("Taiwan", "TW"),
        ("UK", "GB"),
        ("Viet Nam", "VN"),
    ],
)
def test_countries_become_alpha2(given, code):
    assert normalize_country(given) == code


def test_unknown_country_is_an_error_with_a_hint():
    with pytest.raises(ValueError, match="did you mean 'Japan'"):
        normalize_country("Japn")


def test_csv_style_values_are_parsed():
    profile = ExpertProfile.model_validate(
        {
            **BASE,
            "sectors": "bán dẫn; AI",
            "languages": "vi; EN",
            "keywords": "a;b; ;c",
            "years_experience": "12.0",
            "capacity": "",
            "consent_to_contact": "true",
            "city": " ",
        }
    )
    assert profile.sectors == [Sector.SEMICONDUCTORS, Sector.AI]
    assert profile.languages == ["vi", "en"]
    assert profile.keywords == ["a", "b", "c"]
    assert profile.years_experience == 12
    assert profile.capacity == 1
    assert profile.consent_to_contact is True
    assert profile.city is None


def test_names_are_nfc():
    decomposed = "Nguye\u0302\u0303n"
    assert ExpertProfile.model_validate({**BASE, "name": decomposed}).name == "Nguyễn"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("years_experience", -1),
        ("years_experience", "12.5"),
        ("email", "nobody"),
        ("languages", ["xx"]),
        ("affiliation_type", "startup"),
        ("name", ""),
    ],
)
def test_bad_values_are_rejected(field, value):
    with pytest.raises(ValidationError) as info:
        ExpertProfile.model_validate({**BASE, field: value})
    assert info.value.errors()[0]["loc"][0] == field


def test_unknown_fields_are_rejected():
    with pytest.raises(ValidationError, match="extra"):
        ExpertProfile.model_validate({**BASE, "nmae": "x"})


def test_need_defaults_and_countries():
    need = Need.model_validate(
        {
            "id": "N",
            "title": "t",
            "sector": "vật liệu mới",
            "description": "d",
            "preferred_countries": "Japan; KR; JP",
        }
    )
    assert need.team_size == 3
    assert need.sector is Sector.NEW_MATERIALS
    assert need.preferred_countries == ["JP", "KR"]


def test_digest_follows_content_not_identity():
    from bridge_match import ExpertProfile

    a = ExpertProfile(id="A", name="Lê An", country="JP", field="AI", affiliation="U")
    assert len(a.digest) == 16
    assert a.digest == ExpertProfile.model_validate(a.model_dump()).digest
    assert a.model_copy().digest == a.digest
    changed = a.model_copy(update={"field": "robotics"})
    assert changed.digest != a.digest
    assert changed.digest == ExpertProfile.model_validate(changed.model_dump()).digest
    assert "digest" not in a.model_dump()
    assert a == a.model_copy()
