"""YAML and JSON files into records, each with the line it starts on; keys given twice noted."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from typing import Any

import yaml

from bridge_match.errors import Problem
from bridge_match.invisible import strip_hidden
from bridge_match.load.records import MAX_DIGITS, RawRecord, SourceFile, refuse


class YamlLoader(yaml.SafeLoader):
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


def _yaml_int(loader: YamlLoader, node: Any) -> int | str:
    value = loader.construct_scalar(node)
    if not _PLAIN_INT.fullmatch(value):  # an explicit !!int tag: YAML's own reading
        return int(loader.construct_yaml_int(node))
    return int(value) if len(value) <= MAX_DIGITS else value


_PLAIN_INT = re.compile(r"0|-?[1-9][0-9]*")
YamlLoader.yaml_implicit_resolvers = {
    key: [
        (tag, rx)
        for tag, rx in resolvers
        if tag
        not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp")
    ]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(rf"^(?:{_PLAIN_INT.pattern})$"), list("-0123456789")
)
YamlLoader.add_constructor("tag:yaml.org,2002:int", _yaml_int)


def load_yaml(text: str) -> tuple[Any, list[tuple[int, str, int]]]:
    """One YAML document read as data files are (see :class:`YamlLoader`), for the rules file,
    and its keys given twice as ``(line, key, first line)``. Raises ``yaml.YAMLError``."""
    loader = YamlLoader(text)
    try:
        data = loader.get_single_data()
        return data, [(line, key, first) for line, key, first, _ in loader.duplicates]
    finally:
        loader.dispose()


def read_yaml(shown: str, text: str, spans: bool = False) -> SourceFile:
    """A YAML text's records: the mappings at the top of its documents or the items of a list
    there. With ``spans``, each with the text it occupies: from the start of its line (its
    ``-`` for a list item) to the end of the line holding its last value, so that comments and
    blank lines between records are no record's."""
    result = SourceFile(shown)
    loader: YamlLoader | None = None
    try:
        loader = YamlLoader(text)
        while loader.check_node():
            node = loader.get_node()
            data = loader.construct_document(node)
            duplicates, loader.duplicates = loader.duplicates, []
            if isinstance(node, yaml.SequenceNode):
                bounds = _item_spans(text, node) if spans else [None] * len(node.value)
                for item_node, item, span in zip(node.value, data, bounds, strict=True):
                    start, end = item_node.start_mark.index, item_node.end_mark.index
                    inside = [d for d in duplicates if start <= d[3] < end]
                    line = item_node.start_mark.line + 1
                    _add(result, line, item, _twice(shown, inside), span)
            elif data is not None and node is not None:
                span = (_line_start(text, node.start_mark.index), _end(text, node))
                problem = _twice(shown, duplicates)
                _add(result, node.start_mark.line + 1, data, problem, span if spans else None)
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


def _item_spans(text: str, node: yaml.SequenceNode) -> list[tuple[int, int]]:
    """Each list item's span. A block list's items start at their ``-`` (found by the scanner:
    the composed nodes start at the item's content); a flow list's at their own text."""
    items = node.value
    if node.flow_style:
        return [(i.start_mark.index, i.end_mark.index) for i in items]
    start, end, column = node.start_mark.index, node.end_mark.index, node.start_mark.column
    dashes = [
        token.start_mark.index
        for token in yaml.scan(text, YamlLoader)
        if isinstance(token, yaml.BlockEntryToken)
        and token.start_mark.column == column
        and start <= token.start_mark.index < end
    ]
    if len(dashes) != len(items):
        raise yaml.YAMLError("the items of the list could not be told apart")
    return [
        (_line_start(text, dash), _end(text, item))
        for item, dash in zip(items, dashes, strict=True)
    ]


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _end(text: str, node: yaml.Node) -> int:
    """Where a node's own text ends: its last value's end, then to the end of that line. (A
    block mapping's own end mark lies past the comments that follow it.)"""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
        if not node.value:
            break
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark.index
    if end and text[end - 1] == "\n":
        return end
    newline = text.find("\n", end)
    return len(text) if newline < 0 else newline + 1


def _refuse_yaml(result: SourceFile, text: str, problem: Problem) -> SourceFile:
    """Refused, with as many records as the text holds up to the error: a list broken midway
    gives none when composed whole, but its items can be counted from the parser's events."""
    refuse(result, problem, at_least=True)
    result.count, complete = _yaml_count(text)
    result.at_least = not complete
    return result


def _yaml_count(text: str) -> tuple[int, bool]:
    """Records in a YAML text, counted from its events up to the first syntax error, and
    whether there was none: each mapping at the top of a document or as an item of a list at
    the top, and each other non-null value there (a malformed record)."""
    count = depth = 0
    in_list = False
    loader: YamlLoader | None = None
    try:
        loader = YamlLoader(text)
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


def read_json(shown: str, text: str, spans: bool = False) -> SourceFile:
    """Parse JSON element by element so that each record keeps the line it starts on (and its
    span: the element's own text; ``spans`` is there for the readers' common signature)."""
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
                    (start, pos),
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
                (start, pos),
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
    refuse(result, problem, at_least=True)
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


def _add(
    result: SourceFile,
    line: int,
    item: Any,
    problem: Problem | None = None,
    span: tuple[int, int] | None = None,
) -> None:
    """One record, with ``problem`` as its fault (a key given twice), or a malformed one."""
    if isinstance(item, dict):
        if problem is not None:
            result.faults[len(result.records)] = problem
        data = {str(k): v for k, v in item.items()}
        result.records.append(RawRecord(result.source, line, data, span))
    else:
        kind = type(item).__name__
        problem = Problem(
            result.source, line, None, f"expected a record (a mapping of fields), got {kind}"
        )
        result.malformed.append((RawRecord(result.source, line, {"value": item}, span), problem))
