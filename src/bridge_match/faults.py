"""How a validation fault reads: pydantic's errors and a table header's faults as
:class:`~bridge_match.errors.Problem` entries a coordinator can act on (file, line, field, fix)."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from bridge_match.errors import Problem
from bridge_match.invisible import strip_hidden
from bridge_match.load import RawRecord, column_letters
from bridge_match.outputs import REJECTS_HEADER


@dataclass
class Header:
    """What a table's header means for its rows."""

    missing: set[str] = field(default_factory=set)
    """Required fields the header lacks: rows do not repeat that fault."""
    fatal: list[Problem] = field(default_factory=list)
    """Faults that reject every row: a column named twice (which cell holds the value?)."""
    moved: int | None = None
    """The line of the real header, when this one is a title above it: the file is refused."""
    ignored: list[Problem] = field(default_factory=list)
    """Columns that are no field, as warnings (their cells are not read); empty when strict,
    which reports them as faults instead."""


def check_columns(
    source: str,
    columns: tuple[str, ...] | None,
    line: int,
    head: Callable[[], list[tuple[int, list[str]]]],
    model: type[BaseModel],
    out: list[Problem],
    strict: bool = False,
) -> Header:
    """Report a table header's faults once, not on every row.

    ``head()`` gives the first rows below it, read only when required columns are missing: a
    title row above the real header ("Members 2024") would otherwise make every column missing.
    Unknown columns are dropped by the caller, having been reported here: in
    :attr:`Header.ignored` as warnings, or with ``strict`` in ``out`` as faults.
    """
    if columns is None:
        return Header()
    known = model.model_fields
    required = {name for name, info in known.items() if info.is_required()}
    missing = required - set(columns)
    if missing:
        for row_line, cells in head():
            if required <= {strip_hidden(cell) for cell in cells}:
                out.append(
                    Problem(
                        source,
                        row_line,
                        None,
                        f"the header seems to be on row {row_line}, not row {line}: "
                        f"delete the rows above it, so that the first row names the columns",
                    )
                )
                return Header(missing, [], row_line)
    header = Header(missing)
    positions: dict[str, int] = {}
    own = not strict and columns[: len(REJECTS_HEADER)] == REJECTS_HEADER
    if own:
        # A rejects file read back: its first columns say where each record was and why.
        names = ", ".join(REJECTS_HEADER)
        message = f"ignored: {names} (a rejects file's own columns, no fields)"
        header.ignored.append(Problem(source, line, None, message))
    for number, column in enumerate(columns, start=1):
        if not column:
            continue
        first = positions.setdefault(column, number)
        if first != number:
            problem = Problem(
                source,
                line,
                column,
                f"column named twice in the header (columns {first} ({column_letters(first)}) "
                f"and {number} ({column_letters(number)})): which one holds the value cannot be "
                "told; rename or delete one",
            )
            header.fatal.append(problem)
            out.append(problem)
        elif column not in known and not (own and number <= len(REJECTS_HEADER)):
            unknown = unknown_field(source, line, column, model, strict)
            (out if strict else header.ignored).append(unknown)
    out.extend(
        Problem(source, line, name, "required column is missing; add it to the header")
        for name in sorted(missing)
    )
    return header


_KIND = {"ExpertProfile": "a profile", "Need": "a need"}


def unknown_field(
    source: str, line: int | None, name: object, model: type[BaseModel], strict: bool
) -> Problem:
    """A column or key that is no field of ``model``: a fault with ``strict``, else a warning
    that its data is ignored; either way with the close field name, where there is one."""
    known = model.model_fields
    if strict:
        return Problem(source, line, str(name), _unknown_field(str(name), known))
    hint = difflib.get_close_matches(str(name), list(known), n=1)
    kind = _KIND.get(model.__name__, "a record")
    message = f"ignored: not a field of {kind}, so its data is not used"
    if hint:
        message += f"; did you mean {hint[0]!r}? Rename it to use its data"
    return Problem(source, line, str(name), message)


def _unknown_field(name: str, known: dict[str, Any]) -> str:
    hint = difflib.get_close_matches(name, list(known), n=1)
    suggestion = f"did you mean {hint[0]!r}? " if hint else ""
    return (
        f"unknown field; {suggestion}allowed fields: {', '.join(known)} (rename or delete it; "
        "without --strict it is ignored with a warning)"
    )


_FRIENDLY = {
    "missing": "required field is missing; add it",
    "string_too_short": "must not be empty",
    "string_type": "expected text",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list (in CSV: values separated by ';')",
    "int_parsing_size": "number far too large: expected a whole number",
}
_QUOTE_IT = '; put it in quotes ("...") to give it as text'


def problem_of(record: RawRecord, error: Any, model: type[BaseModel]) -> Problem:
    loc = error["loc"]
    name = ".".join(str(part) for part in loc) if loc else None
    kind = error["type"]
    if kind == "extra_forbidden":
        message = _unknown_field(str(loc[0]), model.model_fields)
    elif kind == "value_error":
        message = str(error["ctx"]["error"])
    elif kind in ("string_too_long", "too_long"):
        limit = error.get("ctx", {}).get("max_length")
        message = f"too long: at most {limit} characters, got {len(str(error['input']))}"
    elif kind == "greater_than_equal":
        message = f"must be {error['ctx']['ge']} or more, got {_short(error['input'])}"
    elif kind == "less_than_equal":
        message = (
            f"must be {error['ctx']['le']} or less, got {_short(error['input'])}; "
            "check for a typing slip"
        )
    elif kind in _FRIENDLY:
        message = _FRIENDLY[kind]
        if kind != "missing":
            message += f", got {_short(error['input'])}"
        if kind == "string_type" and isinstance(error["input"], float | bool):
            # YAML and JSON read 3.10 as a number and true as a boolean, though meant as text.
            message += _QUOTE_IT
    else:
        message = f"{error['msg']}, got {_short(error['input'])}"
    return Problem(record.source, record.line, name, message)


def _short(value: Any) -> str:
    """A bad value as shown in a message: enough to find it, never a whole pasted document."""
    try:
        text = repr(value)
    except ValueError:  # an integer of more digits than Python will write out
        return f"a number of about {int(value.bit_length() * 0.30103)} digits"
    return text if len(text) <= 80 else f"{text[:60]}… ({len(text)} characters)"
