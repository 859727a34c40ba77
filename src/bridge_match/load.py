"""Read YAML, JSON and CSV files into raw records, each tagged with its file and line.

Nothing here judges the content; :mod:`bridge_match.validate` does. Files that cannot be read at
all become :class:`~bridge_match.errors.Problem` entries, never exceptions, so one bad file does
not hide the faults of the others.

A file with such a problem is *refused*: none of its records is given, not even those read before
a syntax error midway (half a file would pass for a whole one), and :attr:`SourceFile.count` says
how many records it holds as far as that can be known, so that no record goes uncounted.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from bridge_match.errors import DataError, Problem
from bridge_match.invisible import strip_hidden

SUPPORTED = (".yaml", ".yml", ".json", ".csv", ".tsv", ".txt", ".xlsx")
DELIMITED = (".csv", ".tsv", ".txt")
_DOCUMENTATION = (".md", ".rst")
MAX_FILE_BYTES = 2 << 30
"""Larger files are refused with a message rather than read into memory."""
HEADER_SEARCH = 10
"""How many rows below a header are kept to look for the real header under a title row."""
MAX_DIGITS = 100
"""A YAML or JSON integer longer than this stays the text it is: Python refuses to convert more
than 4,300 digits (and raised from inside the parser), and no field wants a hundred."""


@dataclass(frozen=True)
class RawRecord:
    source: str
    line: int | None
    data: dict[str, Any]


class Origin(NamedTuple):
    """Where a record came from, without its data: what an accepted record keeps."""

    source: str
    line: int | None


@dataclass
class SourceFile:
    """One file's (or one sheet's) records; ``columns`` is the header of a table, checked once
    rather than on every row."""

    source: str
    records: list[RawRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Faults of the file as a whole. A file with any is refused: ``records`` and ``malformed``
    are empty, and ``count`` says how many records it holds."""
    columns: tuple[str, ...] | None = None
    malformed: list[tuple[RawRecord, Problem]] = field(default_factory=list)
    """Records found but unreadable as fields (a short CSV row, a list where a mapping belongs)."""
    faults: dict[int, Problem] = field(default_factory=dict)
    """Records, by index in ``records``, read as fields but not to be trusted: a key given twice,
    a formula with no saved result. Validation rejects them; a caller that wants what the file
    holds (erasure) still finds them among the records."""
    header_line: int = 1
    """The line (sheet row) of ``columns``: 2 below Excel's ``sep=;`` line."""
    head: list[tuple[int, list[str]]] = field(default_factory=list)
    """The first non-blank rows below the header as text cells, with their lines: where
    validation looks for the real header when this one is a title."""
    count: int | None = None
    """How many records a refused file holds; None when that cannot be known (unreadable)."""
    at_least: bool = False
    """``count`` is a lower bound: parsing stopped at a syntax error before the end."""

    @property
    def refused(self) -> bool:
        return bool(self.problems)


def _refused(
    shown: str, problem: Problem, count: int | None = None, at_least: bool = False
) -> SourceFile:
    return SourceFile(shown, problems=[problem], count=count, at_least=at_least)


def _refuse(result: SourceFile, problem: Problem, at_least: bool) -> SourceFile:
    """``result`` refused for ``problem``, the records read so far counted and dropped."""
    result.count = len(result.records) + len(result.malformed)
    result.at_least = at_least
    result.records, result.malformed, result.faults = [], [], {}
    result.problems.append(problem)
    return result


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass
class Found:
    """What :func:`find_data` found under a path."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Faults of the search itself (no such folder, a symbolic-link loop)."""
    refused: list[Problem] = field(default_factory=list)
    """Files and folders that may hold records but cannot be read as data (an unsupported type,
    a broken link, a folder that cannot be opened), one problem each."""


def find_files(path: str | Path) -> tuple[list[Path], list[Problem]]:
    """The data files under ``path`` (a folder, searched recursively, or one file)."""
    found = find_data(path)
    return found.files, [*found.problems, *found.refused]


def find_data(path: str | Path) -> Found:
    """The data files under ``path``, following symbolic links to folders (each folder once).

    Hidden files and folders and documentation (.md, .rst) are passed over; anything else that
    is not data is refused, so that a members list saved as .ods is named, not missed.
    """
    root = Path(path)
    shown = display_path(root)
    found = Found()
    if not root.exists():
        found.problems.append(Problem(shown, None, None, "no such file or folder"))
    elif root.is_file():
        if root.suffix.lower() in SUPPORTED:
            found.files.append(root)
        else:
            found.refused.append(_unsupported(shown, root))
    elif not root.is_dir():
        found.problems.append(Problem(shown, None, None, "neither a file nor a folder"))
    else:
        identity = _identity(root)
        _search(root, (identity,), found, {identity})
        found.files.sort()
        if not found.files and not found.problems and not found.refused:
            kinds = ", ".join(SUPPORTED)
            found.problems.append(
                Problem(shown, None, None, f"no data files ({kinds}) in this folder")
            )
    return found


def _as_given(path: Path) -> str:
    """A link's own path, not where it leads (:func:`display_path` resolves links)."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def _search(
    folder: Path, chain: tuple[tuple[int, int], ...], found: Found, seen: set[tuple[int, int]]
) -> None:
    """Depth first; ``chain`` holds the folders above, ``seen`` every folder and file so far."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        found.refused.append(
            Problem(display_path(folder), None, None, f"cannot open this folder: {reason}")
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        candidate = folder / entry.name
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
            identity = _identity(candidate) if is_dir or is_file else None
        except OSError:
            is_dir = is_file = False
            identity = None
        if is_dir and identity is not None:
            if identity in chain:
                above = folder
                for _ in range(len(chain) - 1 - chain.index(identity)):
                    above = above.parent
                found.problems.append(
                    Problem(
                        _as_given(candidate),
                        None,
                        None,
                        f"symbolic link loop: leads back to {_as_given(above)}, whose files "
                        "are read once from there; remove the link",
                    )
                )
            elif identity not in seen:
                # A folder linked from two places is read once: its records are not doubled.
                seen.add(identity)
                _search(candidate, (*chain, identity), found, seen)
            continue
        suffix = candidate.suffix.lower()
        if suffix in _DOCUMENTATION:
            continue
        if is_file and identity is not None:
            if identity in seen:
                continue
            seen.add(identity)
            if suffix in SUPPORTED:
                found.files.append(candidate)
            else:
                found.refused.append(_unsupported(display_path(candidate), candidate))
        elif entry.is_symlink():
            target = os.readlink(candidate)
            found.refused.append(
                Problem(
                    _as_given(candidate),
                    None,
                    None,
                    f"broken symbolic link to {target!r}: nothing to read; restore the file "
                    "or remove the link",
                )
            )


def _unsupported(shown: str, path: Path) -> Problem:
    return Problem(
        shown,
        None,
        None,
        f"unsupported file type {path.suffix or '(none)'!r}; save it as .csv (UTF-8), "
        ".xlsx, .yaml or .json",
    )


def read_file(path: Path) -> SourceFile:
    """A file's records, a workbook's sheets together (each record names its sheet).

    For callers that want the records as they are in the file; validation reads
    :func:`read_sources`, where each sheet has its own header.
    """
    sources = read_sources(path)
    if len(sources) == 1:
        return sources[0]
    merged = SourceFile(display_path(path), columns=sources[0].columns)
    for source in sources:
        merged.faults.update((len(merged.records) + i, p) for i, p in source.faults.items())
        merged.records += source.records
        merged.malformed += source.malformed
        merged.problems += source.problems
    return merged


def read_sources(path: Path) -> list[SourceFile]:
    """The sources in one file: each sheet of a workbook (``members.xlsx[Sheet1]`` when there
    are several), else the file itself. Never raises for the file's content."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"file is {size / 2**30:.1f} GiB; split it into files under 2 GiB"
            return [_refused(shown, Problem(shown, None, None, message))]
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return [_refused(shown, Problem(shown, None, None, f"cannot read: {reason}"))]
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(shown, raw)
    text, problem = decode(raw)
    if problem is not None:
        refusal = Problem(shown, problem[0], None, problem[1])
        # Decoded once more, damaged characters replaced, only to count the records refused.
        counted = _read_text(shown, suffix, _decode_anyway(raw))
        if counted.refused:
            return [_refused(shown, refusal, counted.count, counted.at_least)]
        return [_refused(shown, refusal, len(counted.records) + len(counted.malformed))]
    return [_read_text(shown, suffix, text)]


def _read_text(shown: str, suffix: str, text: str) -> SourceFile:
    if suffix in DELIMITED:
        return _read_csv(shown, text)
    if suffix == ".json":
        return _read_json(shown, text)
    return _read_yaml(shown, text)


_SAVE_AS = (
    "save the file as UTF-8 (in Excel: CSV UTF-8; in LibreOffice: character set Unicode UTF-8)"
)
_MOJIBAKE = re.compile("Ã|Ä|Æ|Â|\u00e1\u00bb|\u00e1\u00ba")
_VIETNAMESE_LEGACY = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]")


_BOMS = (
    # UTF-32's little-endian mark begins with UTF-16's: tried first, or it is read as UTF-16.
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)


def decode(raw: bytes) -> tuple[str, tuple[int | None, str] | None]:
    """Text from bytes, or ``(line, message)`` saying which encoding to save as instead.

    UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text") and UTF-32 with BOM are
    read. Windows-1258 (legacy Vietnamese) and text that was decoded wrongly once and saved again
    as UTF-8 ("NguyÃªn" for "Nguyên") are refused: guessing would put wrong names in shortlists.
    """
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), None
            except UnicodeDecodeError:
                return "", (None, f"starts like {name} but is not valid {name}; {_SAVE_AS}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return "", (line, _legacy_message(raw))
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return "", (
            line,
            f"contains NUL bytes: not a text file, or UTF-16 without a BOM; {_SAVE_AS}",
        )
    for match in _MOJIBAKE.finditer(text):
        word = _word_around(text, match.start())
        repaired = _repair(word)
        if repaired is not None:
            line = text.count("\n", 0, match.start()) + 1
            return "", (
                line,
                f"garbled Vietnamese ({word!r} should read {repaired!r}): the file was "
                f"opened with the wrong encoding and saved again; re-export it from the source and "
                f"{_SAVE_AS}",
            )
    return text, None


def _decode_anyway(raw: bytes) -> str:
    """Text however damaged (bad bytes replaced, NUL dropped): enough to count its records."""
    for bom, codec, _ in _BOMS:
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace")
    return raw.decode("utf-8-sig", errors="replace").replace("\x00", "")


def _word_around(text: str, at: int) -> str:
    """The non-space run around ``at``, at most 20 characters each side (never a long scan)."""
    start = at
    while start > 0 and at - start < 20 and not text[start - 1].isspace():
        start -= 1
    end = at
    while end < len(text) and end - at < 20 and not text[end].isspace():
        end += 1
    return text[start:end].strip(",;\"'")


def _repair(word: str) -> str | None:
    for wrong in ("cp1252", "latin-1"):
        try:
            fixed = word.encode(wrong).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != word and any(c.isalpha() and not c.isascii() for c in fixed):
            return fixed
    return None


def _legacy_message(raw: bytes) -> str:
    if raw.count(b"\x00") * 4 >= len(raw):
        return f"this looks like UTF-16 text without a byte-order mark; {_SAVE_AS}"
    try:
        guess = raw.decode("cp1258")
    except UnicodeDecodeError:
        return f"not UTF-8 text; {_SAVE_AS}"
    if _VIETNAMESE_LEGACY.search(guess):
        return f"not UTF-8: this looks like Windows-1258 (legacy Vietnamese) text; {_SAVE_AS}"
    return f"not UTF-8: this looks like Windows-1252/Latin-1 text; {_SAVE_AS}"


class _YamlLoader(yaml.SafeLoader):
    """Safe YAML read as people type it.

    Only true/false are booleans (Norway's ``NO`` stays a string). Only plain decimals are
    integers: ``00456`` stays the text ``"00456"`` (YAML 1.1 reads octal 302), as do ``0x1A``,
    ``1_000`` and ``1:30`` (base 60), and ``2024-01-05`` stays text rather than a date (no field
    is a date, and an impossible one such as ``2024-02-30`` raised). No aliases: member lists
    never need them, and nested aliases can expand without bound. A key given twice in a mapping
    is noted in ``duplicates`` (``(line, key, first line, offset)``), for the record to be
    rejected rather than keep the last value silently; keys lose hidden characters at their ends
    as CSV headers do.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, str, int, int]] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed here", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_document(self, node: Any) -> Any:
        try:
            return super().construct_document(node)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception as exc:  # a tag's own reading: !!int x, !!bool x, !!timestamp x...
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a value tagged with !!type cannot be read as that type ({exc}); remove the tag",
                node.start_mark,
            ) from None

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark
            )
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str):
                key = strip_hidden(key)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found an unhashable key",
                    key_node.start_mark,
                ) from None
            line = key_node.start_mark.line + 1
            if key in lines:
                self.duplicates.append((line, str(key), lines[key], key_node.start_mark.index))
            else:
                lines[key] = line
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _yaml_int(loader: _YamlLoader, node: Any) -> int | str:
    value = loader.construct_scalar(node)
    if not _PLAIN_INT.fullmatch(value):  # an explicit !!int tag: YAML's own reading
        return int(loader.construct_yaml_int(node))
    return int(value) if len(value) <= MAX_DIGITS else value


_PLAIN_INT = re.compile(r"0|-?[1-9][0-9]*")
_YamlLoader.yaml_implicit_resolvers = {
    key: [
        (tag, rx)
        for tag, rx in resolvers
        if tag
        not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp")
    ]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(rf"^(?:{_PLAIN_INT.pattern})$"), list("-0123456789")
)
_YamlLoader.add_constructor("tag:yaml.org,2002:int", _yaml_int)


def load_yaml(text: str) -> tuple[Any, list[tuple[int, str, int]]]:
    """One YAML document read as data files are (see :class:`_YamlLoader`), for the rules file,
    and its keys given twice as ``(line, key, first line)``. Raises ``yaml.YAMLError``."""
    loader = _YamlLoader(text)
    try:
        data = loader.get_single_data()
        return data, [(line, key, first) for line, key, first, _ in loader.duplicates]
    finally:
        loader.dispose()


def _read_yaml(shown: str, text: str) -> SourceFile:
    result = SourceFile(shown)
    loader: _YamlLoader | None = None
    try:
        loader = _YamlLoader(text)
        while loader.check_node():
            node = loader.get_node()
            data = loader.construct_document(node)
            duplicates, loader.duplicates = loader.duplicates, []
            if isinstance(node, yaml.SequenceNode):
                for item_node, item in zip(node.value, data, strict=True):
                    start, end = item_node.start_mark.index, item_node.end_mark.index
                    inside = [d for d in duplicates if start <= d[3] < end]
                    _add(result, item_node.start_mark.line + 1, item, _twice(shown, inside))
            elif data is not None:
                _add(result, node.start_mark.line + 1, data, _twice(shown, duplicates))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return _refuse_yaml(result, text, Problem(shown, at, None, f"not valid YAML: {reason}"))
    except RecursionError:
        return _refuse_yaml(result, text, Problem(shown, None, None, _TOO_DEEP))
    finally:
        if loader is not None:
            loader.dispose()
    return result


def _refuse_yaml(result: SourceFile, text: str, problem: Problem) -> SourceFile:
    """Refused, with as many records as the text holds up to the error: a list broken midway
    gives none when composed whole, but its items can be counted from the parser's events."""
    _refuse(result, problem, at_least=True)
    result.count, complete = _yaml_count(text)
    result.at_least = not complete
    return result


def _yaml_count(text: str) -> tuple[int, bool]:
    """Records in a YAML text, counted from its events up to the first syntax error, and
    whether there was none: each mapping at the top of a document or as an item of a list at
    the top, and each other non-null value there (a malformed record)."""
    count = depth = 0
    in_list = False
    loader: _YamlLoader | None = None
    try:
        loader = _YamlLoader(text)
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                if depth == 0:
                    in_list = isinstance(event, yaml.SequenceStartEvent)
                    count += not in_list
                elif depth == 1 and in_list:
                    count += 1
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                item = depth == 1 and in_list
                document = depth == 0 and getattr(event, "value", "") not in _YAML_NULLS
                count += item or document
    except yaml.YAMLError:
        return count, False
    finally:
        if loader is not None:
            loader.dispose()
    return count, True


_YAML_NULLS = ("", "~", "null", "Null", "NULL")


def _twice(shown: str, duplicates: Sequence[tuple[int, str, int, int]]) -> Problem | None:
    """The problem of a record with keys given twice, at the first repeat; None if none is."""
    if not duplicates:
        return None
    line, key, first, _ = duplicates[0]
    where = f" (lines {first} and {line})" if first != line else ""
    others = sorted({d[1] for d in duplicates[1:]} - {key})
    also = f"; so are {', '.join(map(repr, others))}" if others else ""
    return Problem(
        shown,
        line,
        key,
        f"given twice in this record{where}, and only one value can be kept{also}; "
        "delete the wrong one",
    )


def _read_json(shown: str, text: str) -> SourceFile:
    """Parse JSON element by element so that each record keeps the line it starts on."""
    result = SourceFile(shown)
    twice: list[str] = []
    decoder = json.JSONDecoder(
        object_pairs_hook=functools.partial(_json_object, twice), parse_int=_json_int
    )
    pos = _skip_space(text, 0)
    try:
        if text.startswith("[", pos):
            pos = _skip_space(text, pos + 1)
            while not text.startswith("]", pos):
                start = pos
                result.count = (result.count or 0) + 1
                item, pos = decoder.raw_decode(text, pos)
                _add(
                    result,
                    text.count("\n", 0, start) + 1,
                    item,
                    _json_twice(shown, text, start, pos, twice),
                )
                pos = _skip_space(text, pos)
                if text.startswith(",", pos):
                    pos = _skip_space(text, pos + 1)
                elif not text.startswith("]", pos):
                    raise json.JSONDecodeError("expected ',' or ']'", text, pos)
            pos = _skip_space(text, pos + 1)
        elif pos < len(text):
            start = pos
            result.count = int(text.startswith("{", pos))
            item, pos = decoder.raw_decode(text, pos)
            _add(
                result,
                text.count("\n", 0, start) + 1,
                item,
                _json_twice(shown, text, start, pos, twice),
            )
            pos = _skip_space(text, pos)
        if pos < len(text):
            raise json.JSONDecodeError("unexpected text after the data", text, pos)
    except json.JSONDecodeError as exc:
        problem = Problem(shown, exc.lineno, None, f"not valid JSON: {exc.msg}")
        return _refuse_json(result, problem)
    except RecursionError:
        return _refuse_json(result, Problem(shown, None, None, _TOO_DEEP))
    result.count = None
    return result


def _refuse_json(result: SourceFile, problem: Problem) -> SourceFile:
    """Refused; ``count`` (kept up as items were started) includes the one that failed."""
    started = result.count or 0
    _refuse(result, problem, at_least=True)
    result.count = started
    return result


def _json_object(twice: list[str], pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, each key given twice noted in ``twice`` (``json`` keeps the last)."""
    data = dict(pairs)
    if len(data) == len(pairs) and "".join(data).isprintable():  # the common case, at C speed
        return data
    data = {}
    for key, value in pairs:
        key = strip_hidden(key)
        if key in data:
            twice.append(key)
        data[key] = value
    return data


def _json_int(text: str) -> int | str:
    return int(text) if len(text) <= MAX_DIGITS else text


def _json_twice(shown: str, text: str, start: int, end: int, twice: list[str]) -> Problem | None:
    """The problem of the record at ``text[start:end]`` if ``twice`` names keys given twice in
    it (emptied for the next record), at the line of the repeat where it can be found."""
    if not twice:
        return None
    keys = list(dict.fromkeys(twice))
    twice.clear()
    span = text[start:end]
    found: list[tuple[int, str, int, int]] = []
    for key in keys:
        quoted = re.escape(json.dumps(key, ensure_ascii=False))
        lines = [
            text.count("\n", 0, start + match.start()) + 1
            for match in re.finditer(quoted + r"\s*:", span)
        ]
        line = lines[1] if len(lines) > 1 else text.count("\n", 0, start) + 1
        found.append((line, key, lines[0] if len(lines) > 1 else line, start))
    return _twice(shown, found)


_TOO_DEEP = "nested too deeply to be a record of fields; each record is one flat mapping"


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _add(result: SourceFile, line: int, item: Any, problem: Problem | None = None) -> None:
    """One record, with ``problem`` as its fault (a key given twice), or a malformed one."""
    if isinstance(item, dict):
        if problem is not None:
            result.faults[len(result.records)] = problem
        result.records.append(RawRecord(result.source, line, {str(k): v for k, v in item.items()}))
    else:
        kind = type(item).__name__
        problem = Problem(
            result.source, line, None, f"expected a record (a mapping of fields), got {kind}"
        )
        result.malformed.append((RawRecord(result.source, line, {"value": item}), problem))


def sniff_delimiter(header_line: str) -> str:
    """Excel in many European and Asian locales saves CSV with ``;``: take what the header uses."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(shown: str, text: str) -> SourceFile:
    rows = CsvRows(shown, io.StringIO(text, newline=""), text.split("\n", 1)[0])
    head = rows.head()
    records = [
        rows.record(line, cells)
        for lines, cells_list in rows.batches()
        for line, cells in zip(lines, cells_list, strict=True)
    ]
    result = SourceFile(
        shown,
        records,
        columns=rows.columns,
        malformed=rows.malformed,
        header_line=rows.header_line,
        head=head,
    )
    if rows.problems:
        _refuse(result, rows.problems[0], at_least=rows.columns is not None)
        result.problems += rows.problems[1:]
    return result


_SEP_LINE = re.compile(r'"?sep=([^"\r\n])"?[ \t]*\r?', re.IGNORECASE)
"""Excel's ``sep=;`` first line, which names the delimiter and is not a header."""


class CsvRows:
    """A delimited file's rows as lists of cells, read lazily, each with the line it starts on.

    The ``csv`` module rather than pandas: it reports the line each row starts on even when a
    quoted cell spans lines, keeps short and long rows (reported, not dropped or padded), and
    reads row by row so a large file need not be in memory at once. Nor is pandas faster here:
    its reader parses 100,000 profiles in 0.7 s, but its frame takes 1.4 s more to become rows;
    this reads them, decoded, checked and with their lines, in 1.1 s. Cells stay lists rather than
    mappings: :mod:`bridge_match.validate` builds the mapping it needs, and the full mapping
    (:meth:`record`) only for the few rows it rejects.

    ``problems`` and ``malformed`` are complete once :meth:`batches` is exhausted. Any problem
    refuses the file (a header that cannot be read, a cell that never ends): the rows given
    before it are no more than a count.
    """

    def __init__(self, source: str, lines: Iterable[str], first_line: str) -> None:
        self.source = source
        self.columns: tuple[str, ...] | None = None
        self.problems: list[Problem] = []
        self.malformed: list[tuple[RawRecord, Problem]] = []
        self.header_line = 1
        self._keys: tuple[str, ...] = ()
        self._ahead: list[tuple[int, int, list[str]]] = []
        self._stopped = False
        sep = _SEP_LINE.fullmatch(first_line)
        delimiter = sep.group(1) if sep else sniff_delimiter(first_line)
        self._reader = csv.reader(lines, delimiter=delimiter)
        try:
            if sep:
                next(self._reader, None)
                self.header_line = self._reader.line_num + 1
            header = next(self._reader, None)
        except csv.Error as exc:
            self._fail(exc)
            return
        if header is None or not any(map(strip_hidden, header)):
            message = "empty file: expected a header row"
            self.problems.append(Problem(source, self.header_line, None, message))
            return
        # A byte-order mark or zero-width space in a header cell would make an unknown column.
        self.columns = tuple(map(strip_hidden, header))
        self._keys = distinct_names(self.columns)

    def _fail(self, exc: csv.Error, start: int | None = None) -> None:
        """Reading stops here: after an error the reader would take what follows for rows."""
        self._stopped = True
        where = self._reader.line_num if start is None else start
        hint = (
            "; check the row that starts here for a quote that is never closed"
            if "field limit" in str(exc)
            else ""
        )
        self.problems.append(Problem(self.source, where, None, f"not valid CSV: {exc}{hint}"))

    def head(self, size: int = HEADER_SEARCH) -> list[tuple[int, list[str]]]:
        """The first ``size`` non-blank rows below the header, with their lines: read ahead,
        and still given by :meth:`batches`."""
        if self.columns is None:
            return []
        reader = self._reader
        line = reader.line_num + 1
        try:
            while len(self._ahead) < size and not self._stopped:
                row = next(reader, None)
                if row is None:
                    break
                start, line = line, reader.line_num + 1
                if not _blank(row):
                    self._ahead.append((start, line - 1, row))
        except csv.Error as exc:
            self._fail(exc, line)
        return [(start, list(row)) for start, _, row in self._ahead]

    def batches(self, size: int = 2048) -> Iterator[tuple[list[int], list[list[str]]]]:
        """``(lines, rows)`` of at most ``size`` well-formed rows; blank rows are skipped."""
        if self.columns is None:
            return
        reader, width = self._reader, len(self.columns)
        lines: list[int] = []
        rows: list[list[str]] = []
        for start, end, row in self._ahead:  # read by head(), taken as the loop below takes rows
            if len(row) != width:
                self._short_or_long(start, end, row, width)
            else:
                lines.append(start)
                rows.append(row)
        self._ahead = []
        line = reader.line_num + 1
        try:
            for row in () if self._stopped else reader:
                start, line = line, reader.line_num + 1
                first = row[0] if row else ""
                if (not first or first.isspace()) and _blank(row):
                    continue
                if len(row) != width:
                    self._short_or_long(start, line - 1, row, width)
                    continue
                lines.append(start)
                rows.append(row)
                if len(rows) >= size:
                    yield lines, rows
                    lines, rows = [], []
        except csv.Error as exc:
            self._fail(exc, line)
        if rows:
            yield lines, rows

    def _short_or_long(self, start: int, end: int, row: list[str], width: int) -> None:
        spans = f" and runs on to line {end}" if end > start else ""
        problem = Problem(
            self.source,
            start,
            None,
            f"row has {len(row)} cells but the header has {width}{spans}; "
            "check for a missing or extra delimiter or an unclosed quote",
        )
        self.malformed.append((RawRecord(self.source, start, {"cells": row}), problem))

    def record(self, line: int, cells: list[str]) -> RawRecord:
        """The row as :func:`read_file` gives it: a mapping of the named columns."""
        return RawRecord(
            self.source, line, {c: v for c, v in zip(self._keys, cells, strict=True) if c}
        )


def distinct_names(columns: Sequence[str]) -> tuple[str, ...]:
    """Column names as a record's keys: a name repeated in the header keeps each of its cells,
    the repeats as ``name (column 6)`` (validation rejects such rows, and shows them whole).

    >>> distinct_names(["id", "name", "", "name"])
    ('id', 'name', '', 'name (column 4)')
    """
    seen: set[str] = set()
    names = []
    for number, column in enumerate(columns, start=1):
        names.append(f"{column} (column {number})" if column and column in seen else column)
        seen.add(column)
    return tuple(names)


def _blank(row: list[str]) -> bool:
    """No cell has anything but white space (the caller tries the first cell, an id, first)."""
    joined = "".join(row)
    return not joined or joined.isspace()


class NotStreamableError(Exception):
    """Streaming met what only the whole-file reader words exactly: use :func:`read_file`."""


_BLOCK = 1 << 20
"""Bytes read at a time: large enough for speed; small enough that the block, its text and
its lines are a few MiB, which also keeps them from fragmenting the heap the records fill."""


def stream_csv(path: Path) -> CsvRows:
    """A delimited file read a block at a time, so that a large file is never in memory at once.

    The rows are those :func:`read_file` gives. Blocks end at a line break, so no character or
    line is split, and each is checked as :func:`decode` checks a whole file. A file that is not
    clean UTF-8 (a UTF-16 BOM, invalid bytes, NUL, garbled Vietnamese), too large or unreadable
    raises :class:`NotStreamableError`, possibly after some rows: the caller drops them and reads
    the file with :func:`read_file`, which words the problem exactly as before.
    """
    blocks = _text_blocks(path)
    first = next(blocks, "")
    pieces = map(_lines, itertools.chain([first], blocks))
    return CsvRows(
        display_path(path), itertools.chain.from_iterable(pieces), first.split("\n", 1)[0]
    )


def _lines(text: str) -> Iterable[str]:
    """The lines of ``text`` as ``io.StringIO(text, newline="")`` gives them (what ``csv`` wants).

    ``str.splitlines`` does it twice as fast, and the same way unless it also split at a
    character other than a line break (form feed, U+2028...): then there are more lines than
    line feeds, and StringIO does it. A lone carriage return (old Mac files) goes that way too.
    """
    lines = text.splitlines(keepends=True)
    if len(lines) == text.count("\n") + (not text.endswith("\n")):
        return lines
    return io.StringIO(text, newline="")


def _text_blocks(path: Path) -> Iterator[str]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise NotStreamableError
        with path.open("rb") as handle:
            chunk = handle.read(_BLOCK)
            if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise NotStreamableError
            pending: list[bytes] = []
            first = True
            while chunk:
                cut = chunk.rfind(b"\n") + 1
                if cut:
                    pending.append(chunk[:cut])
                    yield _checked(b"".join(pending), first)
                    first = False
                    pending = [chunk[cut:]]
                else:
                    pending.append(chunk)
                chunk = handle.read(_BLOCK)
            rest = b"".join(pending)
            if rest:
                yield _checked(rest, first)
    except OSError as exc:
        raise NotStreamableError from exc


def _checked(block: bytes, first: bool) -> str:
    """A block decoded, or NotStreamableError wherever :func:`decode` would report a problem.

    A block starts at a line start and ends after a line break, so the word around a garbled
    character (which stops at white space) is the same as in the whole text.
    """
    if b"\x00" in block:
        raise NotStreamableError
    try:
        text = block.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        raise NotStreamableError from exc
    if _garbled(text):
        raise NotStreamableError
    return text


def _garbled(text: str) -> bool:
    """Whether :func:`decode` would find garbled Vietnamese in ``text``.

    The same test as its regular expression (``Ã|Ä|Æ|Â|á»|áº``, whose matches never overlap),
    with one ``str.find`` scan per character instead: several times faster on a large file.
    """
    for char, before in (("Ã", ""), ("Ä", ""), ("Æ", ""), ("Â", ""), ("»", "á"), ("º", "á")):
        at = text.find(char)
        while at != -1:
            start = at - len(before)
            found = start >= 0 and text.startswith(before, start)
            if found and _repair(_word_around(text, start)) is not None:
                return True
            at = text.find(char, at + 1)
    return False


def _read_xlsx(shown: str, raw: bytes) -> list[SourceFile]:
    """Each sheet of a workbook as its own source, the first row of each its header (checked
    on its own, faults reported under it); needs the ``xlsx`` extra. Sheets with nothing in
    them are passed over: they hold nothing to lose."""
    try:
        import openpyxl
    except ImportError:
        message = (
            "reading .xlsx needs `pip install bridge-match[xlsx]`; or save the sheet as CSV UTF-8"
        )
        return [_refused(shown, Problem(shown, None, None, message))]
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        message = f"not a readable .xlsx workbook ({exc})"
        return [_refused(shown, Problem(shown, None, None, message))]
    sources: list[SourceFile] = []
    try:
        sheets = book.worksheets
        for sheet in sheets:
            source = shown if len(sheets) == 1 else f"{shown}[{sheet.title}]"
            read = _read_sheet(source, sheet)
            if read is not None:
                sources.append(read)
    except Exception as exc:  # a damaged sheet shows only as it is read, in as many kinds
        message = f"not a readable .xlsx workbook ({exc})"
        return [_refused(shown, Problem(shown, None, None, message))]
    finally:
        book.close()
    if not sources:
        message = "empty workbook: expected a header row on a sheet"
        return [_refused(shown, Problem(shown, 1, None, message), 0)]
    return sources


def _read_sheet(source: str, sheet: Any) -> SourceFile | None:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return None
    if all(_blank_cell(v) for v in header):
        # A sheet of blank rows (openpyxl gives one for an empty sheet) holds nothing to lose;
        # one with rows further down has its header looked for there, as below a title.
        rest = list(rows)
        if all(_blank_cell(v) for row in rest for v in row):
            return None
        rows = iter(rest)
    columns = tuple("" if h is None else strip_hidden(str(h)) for h in header)
    keys = distinct_names(columns)
    result = SourceFile(source, columns=columns)
    uncomputed = _uncomputed_formulas(sheet)
    for number, row in enumerate(rows, start=2):
        blank = all(_blank_cell(v) for v in row)
        if blank and number not in uncomputed:
            continue
        if len(result.head) < HEADER_SEARCH:
            result.head.append((number, ["" if v is None else str(v) for v in row]))
        record = RawRecord(
            source, number, {c: _cell(v) for c, v in zip(keys, row, strict=False) if c}
        )
        if number in uncomputed:
            result.faults[len(result.records)] = _formula_problem(source, number, uncomputed, keys)
        result.records.append(record)
    return result


def _blank_cell(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _uncomputed_formulas(sheet: Any) -> dict[int, list[int]]:
    """Columns, by row, of the cells that hold a formula but no saved result.

    Programs that write .xlsx without a spreadsheet engine (pandas, scripts, some exports)
    save formulas without their values, which then read as empty cells: without this a whole
    column could go missing unnoticed. Read from the sheet's XML, which openpyxl's read-only
    reader does not expose; only sheets that have formulas at all are parsed a second time.
    """
    from xml.etree import ElementTree

    from openpyxl.utils.cell import coordinate_to_tuple

    opener = getattr(sheet, "_get_source", None)
    if opener is None:  # another openpyxl: no way to tell, and values read as before
        return {}
    with opener() as handle:
        xml = handle.read()
    if b"<f" not in xml and b":f" not in xml:
        return {}
    found: dict[int, list[int]] = {}
    for _, element in ElementTree.iterparse(io.BytesIO(xml)):
        if element.tag.rpartition("}")[2] != "c":
            continue
        parts = {child.tag.rpartition("}")[2]: child for child in element}
        reference = element.get("r")
        value = parts.get("v")
        # An empty result is a value only as text: openpyxl writes <v/> for "not calculated".
        unsaved = value is None or (not value.text and element.get("t") != "str")
        if "f" in parts and "is" not in parts and unsaved and reference:
            row, column = coordinate_to_tuple(reference)
            found.setdefault(row, []).append(column)
        element.clear()
    return found


def _formula_problem(
    source: str, row: int, uncomputed: dict[int, list[int]], keys: tuple[str, ...]
) -> Problem:
    names = [
        keys[c - 1] if c <= len(keys) and keys[c - 1] else f"column {column_letters(c)}"
        for c in uncomputed[row]
    ]
    also = f"; so do {', '.join(names[1:])}" if len(names) > 1 else ""
    return Problem(
        source,
        row,
        names[0],
        f"a formula with no saved result{also}: the file was written by a program that does not "
        "calculate formulas; open and save it in Excel or LibreOffice, or paste values "
        "(Paste Special > Values)",
    )


def column_letters(number: int) -> str:
    """Excel's name for the column at ``number`` (from 1).

    >>> column_letters(1), column_letters(6), column_letters(27)
    ('A', 'F', 'AA')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell(value: Any) -> Any:
    """Whole numbers typed into Excel arrive as floats; dates and the like as their text."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def read_table(
    path: str | Path, columns: Sequence[str]
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Rows of a small CSV that must name ``columns`` (conflicts, forced pairs, judgements).

    Same reading as data files (encodings, delimiters), column names compared without case.
    Returns ``(line, row)`` pairs and the rows' problems (a short row...), for the caller to add
    its own and report them all; a file that cannot be read at all raises ``DataError``.
    """
    source = read_file(Path(path))
    header = [c.strip().lower() for c in source.columns or ()]
    fatal = list(source.problems)
    if source.columns is not None:
        fatal += [
            Problem(
                source.source,
                source.header_line,
                c,
                f"missing column; the header must name {','.join(columns)}",
            )
            for c in columns
            if c not in header
        ]
    if fatal:
        raise DataError(fatal)
    rows = [
        (
            record.line or 0,
            {k.strip().lower(): "" if v is None else str(v) for k, v in record.data.items()},
        )
        for i, record in enumerate(source.records)
        if i not in source.faults
    ]
    return rows, [problem for _, problem in source.malformed] + list(source.faults.values())
