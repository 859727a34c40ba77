"""What the command line prints: tables of rows as plain, inert text."""

import io

import pandas as pd
from rich.console import Console

from bridge_match.terminal import rows_table


def _printed(frame: pd.DataFrame) -> list[str]:
    buffer = io.StringIO()
    console = Console(file=buffer, width=60, markup=False, highlight=False, emoji=False)
    rows_table(frame, console)
    return buffer.getvalue().splitlines()


def test_rows_table_is_one_line_a_row_with_columns_aligned():
    frame = pd.DataFrame(
        {
            "need_id": ["N-1", "N-22"],
            "note": ["called\ntwice, [b]yes[/b] \x1b[31m", None],
            "who": ["Nguyễn Văn Ánh", "an"],
        }
    )
    lines = _printed(frame)
    assert len(lines) == 4  # header, rule, two rows, though a note holds a line break
    assert lines[0].split() == ["need_id", "note", "who"]
    assert lines[2].startswith("N-1      called twice, [b]yes[/b] <U+001B>[31m")  # all inert
    assert "\x1b" not in "".join(lines)  # no terminal escape reaches the screen
    assert lines[3].split() == ["N-22", "an"]  # a missing value is empty, not "nan"
    assert lines[2].index("Nguyễn") == lines[3].index("an")  # aligned by what the eye sees


def test_an_empty_table_says_so():
    assert _printed(pd.DataFrame({"a": []})) == ["(none)"]
