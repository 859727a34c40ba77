from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bridge_match import BridgeMatchError, DataError
from bridge_match.workbook import (
    MAX_WIDTH,
    SHEET_NAME_CHARS,
    sheet_title,
    write_xlsx,
)

LIEN = "Nguyễn Thị Liên"


@given(st.text(), st.lists(st.text(max_size=40), max_size=5))
def test_sheet_titles_are_legal_and_unique(value, taken):
    title = sheet_title(value, taken)
    assert 1 <= len(title) <= SHEET_NAME_CHARS
    assert not set(title) & set("[]:*?/\\")
    assert not title.startswith("'")
    assert not title.endswith("'")
    assert title.casefold() not in {t.casefold() for t in taken}


@pytest.fixture(scope="module")
def shortlist(sample_matcher, sample_needs) -> pd.DataFrame:
    frame = sample_matcher.recommend(sample_needs, top_k=3).copy()
    frame.loc[0, "name"] = "=1+1"
    frame.loc[1, "name"] = LIEN
    frame.loc[2, "affiliation"] = "ok\x07bell"
    return frame


def test_one_sheet_per_sector(shortlist, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = write_xlsx(shortlist, tmp_path / "out" / "shortlist.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Semiconductors",
        "Artificial intelligence",
        "New materials",
        "Green energy",
        "Biotechnology",
        "Higher education",
    ]
    total = 0
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2"
        header = [c.value for c in ws[1]]
        assert header == list(shortlist.columns)
        assert all(c.font.bold for c in ws[1])
        total += ws.max_row - 1
        for letter, dim in ws.column_dimensions.items():
            assert dim.width <= MAX_WIDTH, letter
    assert total == len(shortlist)


def test_cells_are_safe_and_typed(shortlist, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(write_xlsx(shortlist, tmp_path / "s.xlsx"))
    ws = book["Artificial intelligence"]
    assert shortlist.loc[0, "sector"] == "ai"
    header = [c.value for c in ws[1]]
    col = {name: i + 1 for i, name in enumerate(header)}
    names = [ws.cell(row=r, column=col["name"]) for r in range(2, ws.max_row + 1)]
    formula = next(c for c in names if c.value == "'=1+1")
    assert formula.data_type != "f"
    assert formula.data_type == "s"
    assert LIEN in [c.value for c in names]
    assert "okbell" in [ws.cell(row=r, column=col["affiliation"]).value for r in range(2, 5)]
    for r in range(2, ws.max_row + 1):
        score = ws.cell(row=r, column=col["score"])
        rank = ws.cell(row=r, column=col["rank"])
        assert score.data_type == "n"
        assert isinstance(score.value, float)
        assert isinstance(rank.value, int)
        assert not isinstance(rank.value, bool)
    reasons = ws.cell(row=2, column=col["reasons"])
    widest = max(len(str(ws.cell(row=r, column=col["reasons"]).value)) for r in range(2, 20))
    assert reasons.alignment.wrap_text == (widest > MAX_WIDTH)


def test_summary_sheet_comes_first(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = pd.DataFrame(
        {"sector": ["ai", "bán dẫn", "ai"], "name": [LIEN, "B", "C"], "score": [0.5, np.nan, 1.0]}
    )
    summary = pd.DataFrame({"need_id": ["N-1"], "filled": [np.int64(2)], "note": ["-"]})
    book = openpyxl.load_workbook(write_xlsx(frame, tmp_path / "a.xlsx", summary=summary))
    assert book.sheetnames == ["Summary", "Semiconductors", "Artificial intelligence"]
    assert [c.value for c in book["Summary"][2]] == ["N-1", 2, "'-"]
    assert book["Semiconductors"]["C2"].value is None
    assert book["Artificial intelligence"]["B2"].value == LIEN


def test_one_sheet_without_sheet_by(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = pd.DataFrame({"sector": ["ai", "other"], "x": [1, 2]})
    book = openpyxl.load_workbook(write_xlsx(frame, tmp_path / "a.xlsx", sheet_by=None))
    assert book.sheetnames == ["All"]
    assert book["All"].max_row == 3


def test_unknown_sheet_by_column(tmp_path):
    pytest.importorskip("openpyxl")
    with pytest.raises(DataError, match="country"):
        write_xlsx(pd.DataFrame({"a": [1]}), tmp_path / "a.xlsx", sheet_by="country")


def test_empty_frame_still_has_a_header(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = pd.DataFrame(columns=["need_id", "sector", "score"])
    book = openpyxl.load_workbook(write_xlsx(frame, tmp_path / "a.xlsx"))
    assert book.sheetnames == ["All"]
    assert [c.value for c in book["All"][1]] == ["need_id", "sector", "score"]


def test_missing_openpyxl_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(
        BridgeMatchError, match=r"xlsx output needs `pip install 'bridge-match\[report\]'`"
    ):
        write_xlsx(pd.DataFrame({"a": [1]}), tmp_path / "a.xlsx")
