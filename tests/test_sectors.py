import pytest
from hypothesis import given
from hypothesis import strategies as st

from bridge_match.sectors import SECTOR_LABELS, Sector, parse_sector
from bridge_match.text import fold


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("semiconductors", Sector.SEMICONDUCTORS),
        ("bán dẫn", Sector.SEMICONDUCTORS),
        ("BAN DAN", Sector.SEMICONDUCTORS),
        ("Artificial intelligence", Sector.AI),
        ("trí tuệ nhân tạo", Sector.AI),
        ("New materials", Sector.NEW_MATERIALS),
        ("vat lieu moi", Sector.NEW_MATERIALS),
        ("green-energy", Sector.GREEN_ENERGY),
        ("năng lượng xanh", Sector.GREEN_ENERGY),
        ("công nghệ sinh học", Sector.BIOTECHNOLOGY),
        ("Higher education", Sector.HIGHER_EDUCATION),
        ("giao duc dai hoc", Sector.HIGHER_EDUCATION),
        ("other", Sector.OTHER),
    ],
)
def test_labels_in_both_languages(text, sector):
    assert parse_sector(text) is sector


@given(st.sampled_from([label for labels in SECTOR_LABELS.values() for label in labels]))
def test_every_label_parses_with_or_without_diacritics_and_case(label):
    assert parse_sector(label) is parse_sector(fold(label).upper())


def test_unknown_sector_lists_the_keys():
    with pytest.raises(ValueError, match="semiconductors, ai, new_materials") as info:
        parse_sector("quantum basket weaving")
    assert "bán dẫn" in str(info.value)
