import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bridge_match.sheet_layout import (
    COLUMNS,
    MAX_WIDTH,
    column_width,
    header_label,
    read_layout,
    row_height,
    text_width,
    wrapped_lines,
)


@given(st.text(max_size=400), st.integers(min_value=6, max_value=MAX_WIDTH))
def test_wrapped_lines_are_enough_for_the_text(text, width):
    lines = wrapped_lines(text, width)
    assert lines >= max(1, len(text.splitlines()))
    assert lines * (width + 1) >= text_width(text)
    assert wrapped_lines(text, width + 10) <= lines


VIETNAMESE = "aăâbdđeêioôơuưy ạảãáàặẳẵắằậẩẫấầệểễếềịỉĩíìọỏõóòộổỗốồợởỡớờụủũúùĐƠƯÂ"


@given(st.text(alphabet=VIETNAMESE, max_size=80))
def test_vietnamese_counts_as_its_letters(text):
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    bare = bare.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    assert text_width(text) == text_width(decomposed) == text_width(bare)
    assert wrapped_lines(text, 12) == wrapped_lines(bare, 12) == wrapped_lines(decomposed, 12)


def test_words_never_break_and_headers_fit():
    email = "thang.nguyen.330@example.net"
    assert column_width("email", "E-mail", [email]) >= text_width(email) + 1
    assert wrapped_lines(email, column_width("email", "E-mail", [email])) == 1
    reasons = column_width("reasons", "Reasons", ["word " * 100])
    assert reasons == COLUMNS["reasons"].width
    assert column_width("rank", "Rank", ["1", "10"]) < 10
    wide = column_width("similarity", "Similarity", ["0.5"])
    assert wrapped_lines("Similarity", wide, 0.9) == 1
    assert column_width("unknown", "unknown", ["x" * 500]) == MAX_WIDTH


def test_rows_are_as_tall_as_their_lines():
    assert row_height(1) < row_height(2) < row_height(20) < row_height(10_000) == 409.0


def test_every_column_has_a_label_in_both_languages():
    for name in COLUMNS:
        english, vietnamese = header_label(name, "en"), header_label(name, "vi")
        assert english != name
        assert vietnamese != english, name


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("columns: {a: {label: A}}", "a: expected a label"),
        ("columns: {a: {label: A, width: 500}}", "a: expected a label"),
        ("columns: {a: {label: A, width: 9}}\ncharacters: [{width: -1, chars: x}]", "characters"),
        ("columns: [a]", "expected columns"),
    ],
)
def test_a_bad_layout_file_says_where(tmp_path, text, fault):
    path = tmp_path / "workbook.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(ValueError, match=fault):
        read_layout(path)
