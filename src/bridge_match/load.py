"""Read YAML, JSON and CSV files into raw records, each tagged with its file and line.

Nothing here judges the content; :mod:`bridge_match.validate` does. Files that cannot be read at
all become :class:`~bridge_match.errors.Problem` entries, never exceptions, so one bad file does
not hide the faults of the others.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bridge_match.errors import Problem

SUPPORTED = (".yaml", ".yml", ".json", ".csv")
_DOCUMENTATION = (".md", ".txt", ".rst")


@dataclass(frozen=True)
class RawRecord:
    source: str
    line: int | None
    data: dict[str, Any]


@dataclass
class SourceFile:
    """One file's records; ``columns`` is the CSV header, checked once rather than on every row."""

    source: str
    records: list[RawRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: tuple[str, ...] | None = None
    bad_rows: int = 0


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def find_files(path: str | Path) -> tuple[list[Path], list[Problem]]:
    """The data files under ``path`` (a folder, searched recursively, or one file)."""
    root = Path(path)
    shown = display_path(root)
    if not root.exists():
        return [], [Problem(shown, None, None, "no such file or folder")]
    if root.is_file():
        if root.suffix.lower() not in SUPPORTED:
            return [], [_unsupported(shown, root)]
        return [root], []
    files: list[Path] = []
    problems: list[Problem] = []
    for candidate in sorted(root.rglob("*")):
        relative = candidate.relative_to(root)
        if not candidate.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        suffix = candidate.suffix.lower()
        if suffix in SUPPORTED:
            files.append(candidate)
        elif suffix not in _DOCUMENTATION:
            problems.append(_unsupported(display_path(candidate), candidate))
    if not files and not problems:
        kinds = ", ".join(SUPPORTED)
        problems.append(Problem(shown, None, None, f"no data files ({kinds}) in this folder"))
    return files, problems


def _unsupported(shown: str, path: Path) -> Problem:
    return Problem(
        shown,
        None,
        None,
        f"unsupported file type {path.suffix or '(none)'!r}; save it as .csv (UTF-8), "
        ".yaml or .json",
    )


def read_file(path: Path) -> SourceFile:
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return SourceFile(shown, problems=[Problem(shown, None, None, f"cannot read: {exc}")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return SourceFile(
            shown,
            problems=[
                Problem(shown, line, None, "not UTF-8 text; save the file as UTF-8 (CSV UTF-8)")
            ],
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(shown, text)
    if suffix == ".json":
        return _read_json(shown, text)
    return _read_yaml(shown, text)


class _YamlLoader(yaml.SafeLoader):
    """Safe YAML where only true/false are booleans: Norway's code ``NO`` stays a string."""


_YamlLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read_yaml(shown: str, text: str) -> SourceFile:
    result = SourceFile(shown)
    loader = _YamlLoader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            data = loader.construct_document(node)
            if isinstance(node, yaml.SequenceNode):
                for item_node, item in zip(node.value, data, strict=True):
                    _add(result, item_node.start_mark.line + 1, item)
            elif data is not None:
                _add(result, node.start_mark.line + 1, data)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        result.problems.append(Problem(shown, line, None, f"not valid YAML: {reason}"))
    finally:
        loader.dispose()
    return result


def _read_json(shown: str, text: str) -> SourceFile:
    """Parse JSON element by element so that each record keeps the line it starts on."""
    result = SourceFile(shown)
    decoder = json.JSONDecoder()
    pos = _skip_space(text, 0)
    try:
        if text.startswith("[", pos):
            pos = _skip_space(text, pos + 1)
            while not text.startswith("]", pos):
                start = pos
                item, pos = decoder.raw_decode(text, pos)
                _add(result, text.count("\n", 0, start) + 1, item)
                pos = _skip_space(text, pos)
                if text.startswith(",", pos):
                    pos = _skip_space(text, pos + 1)
                elif not text.startswith("]", pos):
                    raise json.JSONDecodeError("expected ',' or ']'", text, pos)
            pos = _skip_space(text, pos + 1)
        elif pos < len(text):
            start = pos
            item, pos = decoder.raw_decode(text, pos)
            _add(result, text.count("\n", 0, start) + 1, item)
            pos = _skip_space(text, pos)
        if pos < len(text):
            raise json.JSONDecodeError("unexpected text after the data", text, pos)
    except json.JSONDecodeError as exc:
        result.problems.append(Problem(shown, exc.lineno, None, f"not valid JSON: {exc.msg}"))
    return result


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _add(result: SourceFile, line: int, item: Any) -> None:
    if isinstance(item, dict):
        result.records.append(RawRecord(result.source, line, {str(k): v for k, v in item.items()}))
    else:
        kind = type(item).__name__
        result.bad_rows += 1
        result.problems.append(
            Problem(
                result.source, line, None, f"expected a record (a mapping of fields), got {kind}"
            )
        )


def sniff_delimiter(header_line: str) -> str:
    """Excel in many European and Asian locales saves CSV with ``;``: take what the header uses."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(shown: str, text: str) -> SourceFile:
    result = SourceFile(shown)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            result.problems.append(Problem(shown, 1, None, "empty file: expected a header row"))
            return result
        columns = tuple(h.strip() for h in header)
        result.columns = columns
        line = reader.line_num + 1
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                result.bad_rows += 1
                result.problems.append(
                    Problem(
                        shown,
                        start,
                        None,
                        f"row has {len(row)} cells but the header has {len(columns)}; "
                        "check for a missing or extra delimiter or an unclosed quote",
                    )
                )
                continue
            data = {c: v for c, v in zip(columns, row, strict=True) if c}
            result.records.append(RawRecord(shown, start, data))
    except csv.Error as exc:
        result.problems.append(Problem(shown, reader.line_num, None, f"not valid CSV: {exc}"))
    return result
