from __future__ import annotations

import io
import math
import re
import subprocess
import sys
import zlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from bridge_match import BridgeMatchError, DataError
from bridge_match.cli import app
from bridge_match.sheet_layout import COLUMNS, MAX_ROW_HEIGHT, MAX_WIDTH, header_label, text_width
from bridge_match.workbook import SHEET_NAME_CHARS, sheet_title, shortlist_summary, write_xlsx
from tests.conftest import ROOT
from tests.test_export import _soffice

LIEN = "Nguyễn Thị Liên"
SECTORS = [
    "Semiconductors",
    "Artificial intelligence",
    "New materials",
    "Green energy",
    "Biotechnology",
    "Higher education",
]


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


def _columns(ws) -> dict[str, int]:
    """Column numbers by the frame's column names, read from the labels in the header."""
    labels = {header_label(name): name for name in COLUMNS}
    return {labels.get(c.value, c.value): c.column for c in ws[1]}


def test_a_summary_then_one_sheet_per_sector(shortlist, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = write_xlsx(shortlist, tmp_path / "out" / "shortlist.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", *SECTORS]
    assert book.properties.creator.startswith("bridge-match")
    total = 0
    for ws in book.worksheets[1:]:
        assert ws.freeze_panes == "A2"
        header = [c.value for c in ws[1]]
        assert header == [header_label(c) for c in shortlist.columns]
        assert header[:4] == ["Need id", "Need title", "Sector", "Rank"]
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
    col = _columns(ws)
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
        assert ws.cell(row=r, column=col["sector"]).value == "Artificial intelligence"
        assert ws.cell(row=r, column=col["band"]).value in {"strong", "possible", "weak"}
    letter = ws.cell(row=1, column=col["reasons"]).column_letter
    width = ws.column_dimensions[letter].width
    widest = max(text_width(str(ws.cell(row=r, column=col["reasons"]).value)) for r in range(2, 20))
    assert ws.cell(row=2, column=col["reasons"]).alignment.wrap_text == (widest + 1 > width)


def test_rows_grow_with_their_reasons(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    words = "quang khắc, tấm bán dẫn, 300 mm; +0.05 lĩnh vực bán dẫn; "
    reasons = ["short", words * 2, words * 6, words * 20, "one\ntwo\nthree", words * 800]
    frame = pd.DataFrame({"need_id": "N-1", "name": LIEN, "reasons": reasons, "rank": 1})
    ws = openpyxl.load_workbook(write_xlsx(frame, tmp_path / "r.xlsx", sheet_by=None))["All"]
    heights = [ws.row_dimensions[r].height for r in range(2, len(reasons) + 2)]
    assert heights[0] is None  # one line: the default height
    assert heights[1] < heights[2] < heights[3] < heights[5] == MAX_ROW_HEIGHT
    assert heights[4] >= 3 * 15
    reasons_width = ws.column_dimensions["C"].width
    assert reasons_width == COLUMNS["reasons"].width
    assert ws.column_dimensions["D"].width < 10  # rank stays narrow
    assert ws["C2"].alignment.wrap_text
    assert ws["C2"].alignment.vertical == ws["B2"].alignment.vertical == "top"


def test_every_sheet_is_set_up_to_print(shortlist, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    summary = pd.DataFrame({"need_id": ["N-1"], "filled": [2]})
    book = openpyxl.load_workbook(write_xlsx(shortlist, tmp_path / "p.xlsx", summary=summary))
    for ws in book.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape"
        assert setup.paperSize == int(ws.PAPERSIZE_A4)
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert ws.page_margins.left == ws.page_margins.right == 0.25
        assert "&A" in ws.oddHeader.center.text
        assert ws.oddFooter.center.text == "Page &P of &N"
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"


def test_a_shortlist_is_summed_up_need_by_need(shortlist, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = shortlist.copy()
    frame.loc[frame.index[:2], "conflict"] = "same organisation as the host"
    frame.loc[frame.index[0], "band"] = "weak"
    ws = openpyxl.load_workbook(write_xlsx(frame, tmp_path / "s.xlsx"))["Summary"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [c.value for c in ws[1]] == [
        "Need id",
        "Need title",
        "Sector",
        "Experts listed",
        "Strong matches",
        "Possible matches",
        "Weak matches",
        "Conflicts of interest",
    ]
    assert [r[0] for r in rows] == list(dict.fromkeys(frame["need_id"]))
    by_id = {r[0]: r for r in rows}
    for need_id, part in frame.groupby("need_id"):
        row = by_id[need_id]
        assert row[1] == part["need_title"].iloc[0]
        assert row[3] == len(part) == sum(row[4:7])
        assert row[4:7] == [int((part["band"] == b).sum()) for b in ("strong", "possible", "weak")]
        assert row[7] == int((part["conflict"] != "").sum())
    first = by_id[frame["need_id"].iloc[0]]
    assert first[7] == 2
    assert first[6] >= 1


def test_shortlist_summary_without_band_or_conflict():
    frame = pd.DataFrame({"need_id": ["N1", "N1", "N2"], "name": ["a", "b", "c"]})
    out = shortlist_summary(frame)
    assert list(out.columns) == ["need_id", "experts"]
    assert out.experts.tolist() == [2, 1]


def test_headers_sheets_and_values_in_vietnamese(shortlist, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(write_xlsx(shortlist, tmp_path / "vi.xlsx", lang="vi"))
    assert book.sheetnames == [
        "Tóm tắt",
        "Bán dẫn",
        "Trí tuệ nhân tạo",
        "Vật liệu mới",
        "Năng lượng xanh",
        "Công nghệ sinh học",
        "Giáo dục đại học",
    ]
    ws = book["Bán dẫn"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Mã nhu cầu", "Tên nhu cầu", "Lĩnh vực", "Hạng", "Mã chuyên gia"]
    for label in ("Điểm", "Lý do", "Mức phù hợp", "Xung đột lợi ích", "Hội"):
        assert label in header
    col = {name: j + 1 for j, name in enumerate(shortlist.columns)}
    values = [ws.cell(row=r, column=col["band"]).value for r in range(2, ws.max_row + 1)]
    assert set(values) <= {"mạnh", "có thể", "yếu"}
    assert ws.cell(row=2, column=col["sector"]).value == "Bán dẫn"
    assert ws.oddFooter.center.text == "Trang &P/&N"
    summary = [c.value for c in book["Tóm tắt"][1]]
    assert summary[:4] == ["Mã nhu cầu", "Tên nhu cầu", "Lĩnh vực", "Số chuyên gia"]
    assert all(not re.search(r"[a-z]_[a-z]", v) for v in [*header, *summary])


def test_teams_summary_comes_first_and_reads_well(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = pd.DataFrame(
        {"sector": ["ai", "bán dẫn", "ai"], "name": [LIEN, "B", "C"], "score": [0.5, np.nan, 1.0]}
    )
    note = "only 2 of 3 wanted: too few candidates above --min-score " * 3
    summary = pd.DataFrame({"need_id": ["N-1"], "filled": [np.int64(2)], "note": [note]})
    book = openpyxl.load_workbook(write_xlsx(frame, tmp_path / "a.xlsx", summary=summary))
    assert book.sheetnames == ["Summary", "Semiconductors", "Artificial intelligence"]
    ws = book["Summary"]
    assert [c.value for c in ws[1]] == ["Need id", "Chosen", "Note"]
    assert [c.value for c in ws[2]] == ["N-1", 2, note]
    assert ws["C2"].alignment.wrap_text
    assert ws.row_dimensions[2].height > 15
    assert all(c.font.bold for c in ws[1])
    assert book["Semiconductors"]["C2"].value is None
    assert book["Artificial intelligence"]["B2"].value == LIEN
    none = openpyxl.load_workbook(write_xlsx(frame, tmp_path / "b.xlsx", summary=None))
    assert "Summary" not in none.sheetnames


def test_one_sheet_without_sheet_by(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = pd.DataFrame({"sector": ["ai", "other"], "x": [1, 2]})
    book = openpyxl.load_workbook(write_xlsx(frame, tmp_path / "a.xlsx", sheet_by=None))
    assert book.sheetnames == ["All"]
    assert book["All"].max_row == 3
    vi = openpyxl.load_workbook(write_xlsx(frame, tmp_path / "v.xlsx", sheet_by=None, lang="vi"))
    assert vi.sheetnames == ["Tất cả"]


def test_unknown_sheet_by_column(tmp_path):
    pytest.importorskip("openpyxl")
    with pytest.raises(DataError, match="country"):
        write_xlsx(pd.DataFrame({"a": [1]}), tmp_path / "a.xlsx", sheet_by="country")


def test_empty_frame_still_has_a_header(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = pd.DataFrame(columns=["need_id", "sector", "score", "band", "extra_column"])
    book = openpyxl.load_workbook(write_xlsx(frame, tmp_path / "a.xlsx"))
    assert book.sheetnames == ["All"]
    assert [c.value for c in book["All"][1]] == [
        "Need id",
        "Sector",
        "Score",
        "Fit",
        "extra_column",
    ]


def test_missing_openpyxl_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(
        BridgeMatchError, match=r"xlsx output needs `pip install 'bridge-match\[report\]'`"
    ):
        write_xlsx(pd.DataFrame({"a": [1]}), tmp_path / "a.xlsx")


# -- a real spreadsheet engine: LibreOffice prints the sample's semiconductor shortlist --------

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_TOKEN = re.compile(
    rb"<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|/[^\s/\[\]()<>]+|\[|\]|[-+]?(?:\d+\.?\d*|\.\d+)"
    rb"|[A-Za-z'\"*]+"
)


def _stream(body: bytes) -> bytes:
    found = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
    if found is None:
        return b""
    data = found.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body[: found.start()] else data


def _ref(body: bytes, key: bytes) -> int | None:
    found = re.search(rb"/" + key + rb"\s*(\d+) 0 R", body)
    return int(found.group(1)) if found else None


def _to_unicode(cmap: bytes) -> dict[bytes, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[bytes.fromhex(src.decode())] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        ranges = re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block)
        for low, high, dst in ranges:
            start, base = int(low, 16), int(dst, 16)
            for k in range(int(high, 16) - start + 1):
                table[(start + k).to_bytes(len(low) // 2, "big")] = chr(base + k)
    return table


def _page_text(contents: bytes, fonts: dict[bytes, dict[bytes, str]]) -> str:
    """The text a page shows, each text object (BT ... ET) on a line of its own; text outside
    the clipping rectangle it is drawn in (``x y w h re W n``, LibreOffice's cell) left out,
    as a row too short for its text hides it."""
    lines: list[str] = []
    line: list[str] = []
    font: dict[bytes, str] = {}
    name = b""
    numbers: list[float] = []
    clip = (-math.inf, math.inf)  # the visible band of heights
    saved: list[tuple[float, float]] = []
    rect = pending = clip
    baseline = 0.0
    for token in _TOKEN.findall(contents):
        if re.fullmatch(rb"[-+]?(?:\d+\.?\d*|\.\d+)", token):
            numbers.append(float(token))
            continue
        if token.startswith(b"/"):
            name = token[1:]
        elif token == b"Tf":
            font = fonts.get(name, {})
        elif token == b"q":
            saved.append(clip)
        elif token == b"Q":
            clip = saved.pop() if saved else (-math.inf, math.inf)
        elif token == b"re" and len(numbers) >= 4:
            y, height = numbers[-3], numbers[-1]
            rect = (min(y, y + height), max(y, y + height))
        elif token in (b"W", b"W*"):
            pending = rect
        elif token == b"n" and pending is not None:
            clip = (max(clip[0], pending[0]), min(clip[1], pending[1]))
            pending = None
        elif token == b"BT":
            baseline = 0.0
        elif token == b"Td" and len(numbers) >= 2:
            baseline += numbers[-1]
        elif token.startswith((b"<", b"(")) and clip[0] - 0.5 <= baseline <= clip[1]:
            raw = token[1:-1]
            if token.startswith(b"<"):
                raw = bytes.fromhex(re.sub(rb"\s", b"", raw).decode())
            size = max((len(k) for k in font), default=1)
            line.append("".join(font.get(raw[i : i + size], "") for i in range(0, len(raw), size)))
        elif token == b"ET":
            lines.append("".join(line))
            line = []
        numbers = []
    return "\n".join(lines)


def read_pdf(data: bytes) -> list[tuple[float, float, str]]:
    """Each page of a PDF as LibreOffice writes it (plain objects, Flate streams, fonts with
    ToUnicode maps): its width, height and text. Enough to read our own printouts back without
    a PDF library."""
    objects = {int(n): body for n, body in _OBJECT.findall(data)}
    pages = []
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page(?![s\w])", body):
            continue
        box = re.search(rb"/MediaBox\s*\[([^\]]*)\]", body)
        assert box is not None
        x0, y0, x1, y1 = (float(v) for v in box.group(1).split())
        resources = objects[_ref(body, b"Resources") or 0]
        fonts_at = _ref(resources, b"Font")
        fonts = {}
        for name, number in re.findall(
            rb"/(\w+)\s+(\d+) 0 R", objects[fonts_at] if fonts_at else resources
        ):
            cmap = _ref(objects.get(int(number), b""), b"ToUnicode")
            if cmap:
                fonts[name] = _to_unicode(_stream(objects[cmap]))
        text = _page_text(_stream(objects[_ref(body, b"Contents") or 0]), fonts)
        pages.append((x1 - x0, y1 - y0, text))
    return pages


def _pdf_of(xlsx, tmp_path):
    subprocess.run(
        [
            _soffice(),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return read_pdf((tmp_path / f"{xlsx.stem}.pdf").read_bytes())


@pytest.fixture(scope="module")
def semiconductors(tmp_path_factory) -> pd.DataFrame:
    """The sample's semiconductor shortlist as the CLI gives it (6 needs, 60 rows)."""
    result = CliRunner().invoke(app, [*_SEMICONDUCTORS, "--format", "json"])
    assert result.exit_code == 0, result.output
    return pd.read_json(io.StringIO(result.stdout), dtype=False)


_SEMICONDUCTORS = [
    "recommend",
    "--need",
    "semiconductors",
    "--profiles",
    str(ROOT / "profiles"),
    "--needs",
    str(ROOT / "needs"),
]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_libreoffice_prints_a_shortlist_landscape_on_few_pages_every_reason_whole(
    semiconductors, tmp_path, lang
):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "semiconductors.xlsx"
    if lang == "en":
        out = ["--format", "xlsx", "--output", str(target), "--model-dir", str(tmp_path / "m")]
        result = CliRunner().invoke(app, [*_SEMICONDUCTORS, *out])
        assert result.exit_code == 0, result.output
    else:
        write_xlsx(semiconductors, target, lang=lang)
    book = openpyxl.load_workbook(target)
    assert len(semiconductors) == 60
    assert len(book.worksheets) == 2  # the summary, the sector
    sheet = book.worksheets[1]
    reasons = [row[12].value for row in sheet.iter_rows(min_row=2)]
    assert reasons == semiconductors["reasons"].tolist()
    pages = _pdf_of(target, tmp_path)
    # Before, this sheet alone printed on 20 portrait pages, a column or two on each.
    assert 2 <= len(pages) <= 5
    assert all(width > height for width, height, _ in pages)
    flat = [re.sub(r"\s+", "", page) for _, _, page in pages]
    n = len(pages)
    footer = "Trang{page}/{pages}" if lang == "vi" else "Page{page}of{pages}"
    assert all(footer.format(page=i + 1, pages=n) in flat[i] for i in range(n))
    header = "Lýdo" if lang == "vi" else "Reasons"
    assert [header in page for page in flat] == [False] + [True] * (n - 1)  # on every page
    printed = "".join(flat)
    cut = [r for r in reasons if re.sub(r"\s+", "", r) not in printed]
    assert not cut, f"{len(cut)} of {len(reasons)} reasons cut in print, e.g. {cut[0]!r}"
    longest = max(reasons, key=len)
    assert len(longest) > 200
