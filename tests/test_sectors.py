import pytest
from hypothesis import given
from hypothesis import strategies as st

from bridge_match.sectors import LABELS_FILE, SECTOR_LABELS, Sector, parse_sector, read_labels
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


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("năng lượng tái tạo", Sector.GREEN_ENERGY),
        ("Renewable energy", Sector.GREEN_ENERGY),
        ("vi mạch", Sector.SEMICONDUCTORS),
        ("chip", Sector.SEMICONDUCTORS),
        ("Semiconductor industry", Sector.SEMICONDUCTORS),
        ("học máy", Sector.AI),
        ("hoc may", Sector.AI),
        ("Machine learning", Sector.AI),
        ("AI", Sector.AI),
        ("vật liệu tiên tiến", Sector.NEW_MATERIALS),
        ("Advanced materials", Sector.NEW_MATERIALS),
        ("nanomaterials", Sector.NEW_MATERIALS),
        ("đào tạo đại học", Sector.HIGHER_EDUCATION),
        ("University education", Sector.HIGHER_EDUCATION),
        ("tertiary-education", Sector.HIGHER_EDUCATION),
        ("biotech", Sector.BIOTECHNOLOGY),
    ],
)
def test_synonyms_in_both_languages(text, sector):
    assert parse_sector(text) is sector


@pytest.mark.parametrize("text", ["biomedical", "life sciences", "y sinh", "energy", "materials"])
def test_words_wider_than_a_sector_are_no_synonym(text):
    with pytest.raises(ValueError, match="use one of semiconductors, ai, new_materials"):
        parse_sector(text)


def test_display_labels_are_the_first_of_each_language_and_unchanged():
    shown = {s.value: (s.label, s.label_vi) for s in Sector}
    assert shown == {
        "semiconductors": ("Semiconductors", "bán dẫn"),
        "ai": ("Artificial intelligence", "trí tuệ nhân tạo"),
        "new_materials": ("New materials", "vật liệu mới"),
        "green_energy": ("Green energy", "năng lượng xanh"),
        "biotechnology": ("Biotechnology", "công nghệ sinh học"),
        "higher_education": ("Higher education", "giáo dục đại học"),
        "other": ("Other", "khác"),
    }


def test_the_labels_are_a_data_file_and_no_label_names_two_sectors(tmp_path):
    assert LABELS_FILE.name == "sectors.yaml"
    assert read_labels(LABELS_FILE) == SECTOR_LABELS
    source = LABELS_FILE.read_text("utf-8")
    clash = tmp_path / "sectors.yaml"
    clash.write_text(source.replace("[Biotechnology, biotech]", "[Biotechnology, chip]"), "utf-8")
    with pytest.raises(ValueError, match="'chip' reads as both semiconductors and biotechnology"):
        read_labels(clash)
    missing = tmp_path / "missing.yaml"
    missing.write_text(source.replace("other:", "others:"), "utf-8")
    with pytest.raises(ValueError, match="exactly the keys"):
        read_labels(missing)
