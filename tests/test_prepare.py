"""What commands prepare: the needs a query asks for, ad-hoc needs from free text."""

import pytest

from bridge_match import DataError
from bridge_match.prepare import TEXT_NEED_ID, select_needs, text_need
from bridge_match.sectors import Sector


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("pin mặt trời perovskite", Sector.GREEN_ENERGY),
        ("perovskite solar cells", Sector.GREEN_ENERGY),
        ("mRNA vaccine", Sector.BIOTECHNOLOGY),
        ("thiết kế vi mạch", Sector.SEMICONDUCTORS),
    ],
)
def test_free_text_is_a_need_with_a_guessed_sector(text, sector):
    need = text_need(text)
    assert need.id == TEXT_NEED_ID
    assert need.description == text
    assert need.sector == sector


def test_free_text_sector_given_or_refused():
    assert text_need("batteries", "năng lượng xanh").sector == Sector.GREEN_ENERGY
    with pytest.raises(DataError, match="--sector"):
        text_need("batteries", "rockets")
    with pytest.raises(DataError, match="--text"):
        text_need("   ")
    assert text_need("  many   spaces ").title == "many spaces"


def test_select_needs_all_ids_and_sectors(tiny_needs):
    assert select_needs(tiny_needs, "all") == list(tiny_needs)
    assert [n.id for n in select_needs(tiny_needs, "n-ai-en")] == ["N-AI-EN"]
    assert {n.id for n in select_needs(tiny_needs, "bán dẫn")} == {"N-SEMI-VI", "N-PKG-EN"}
    with pytest.raises(DataError, match="closest need ids: N-AI-EN"):
        select_needs(tiny_needs, "N-AI-ENG")
