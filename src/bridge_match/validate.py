"""Raw records → domain models, gathering every fault (not only the first) with file and line."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from bridge_match.dedupe import find_duplicates
from bridge_match.errors import DataError, Problem, in_file_order
from bridge_match.load import RawRecord, SourceFile, find_files, read_file
from bridge_match.models import ExpertProfile, Need

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Rejected:
    """A record that was read but not accepted, with every reason: nothing is dropped silently."""

    record: RawRecord
    problems: tuple[Problem, ...]


@dataclass
class Validated(Generic[M]):
    """What came out of a set of files: accepted and rejected records, and every problem.

    ``read == len(accepted) + len(rejected)`` always; problems with whole files (unreadable,
    a bad header) are in ``problems`` too, but are not records.
    """

    accepted: list[M] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    origin: dict[str, RawRecord] = field(default_factory=dict)
    """Where each accepted record came from, by id."""

    @property
    def read(self) -> int:
        return len(self.accepted) + len(self.rejected)

    def _reject(self, record: RawRecord, problems: list[Problem]) -> None:
        self.rejected.append(Rejected(record, tuple(problems)))
        self.problems.extend(problems)


def validate_files(files: list[SourceFile], model: type[M]) -> Validated[M]:
    result: Validated[M] = Validated()
    seen: dict[str, RawRecord] = {}
    for source in files:
        result.problems.extend(source.problems)
        for record, problem in source.malformed:
            result._reject(record, [problem])
        header: list[Problem] = []
        missing = _check_columns(source, model, header)
        result.problems.extend(header)
        for record in source.records:
            data = record.data
            if source.columns is not None:
                data = {k: v for k, v in data.items() if k in model.model_fields}
            try:
                item = model.model_validate(data)
            except ValidationError as exc:
                own = [
                    _problem(record, error, model)
                    for error in exc.errors()
                    if not (error["type"] == "missing" and error["loc"][0] in missing)
                ]
                result.rejected.append(Rejected(record, tuple(own or header)))
                result.problems.extend(own)
                continue
            key = str(item.id)  # type: ignore[attr-defined]
            first = seen.get(key)
            if first is not None:
                message = (
                    f"duplicate id {key!r}, first used at {first.source}:{first.line}; "
                    "give each record its own id"
                )
                result._reject(record, [Problem(record.source, record.line, "id", message)])
                continue
            seen[key] = record
            result.origin[key] = record
            result.accepted.append(item)
    return result


def _check_columns(source: SourceFile, model: type[BaseModel], out: list[Problem]) -> set[str]:
    """Report a CSV header's unknown and missing columns once, not on every row.

    Returns the required fields the header lacks, so rows do not repeat that fault; the rows'
    unknown columns are dropped by the caller, having been reported here.
    """
    if source.columns is None:
        return set()
    known = model.model_fields
    for column in source.columns:
        if column and column not in known:
            out.append(Problem(source.source, 1, column, _unknown_field(column, known)))
    required = {name for name, info in known.items() if info.is_required()}
    missing = required - set(source.columns)
    out.extend(
        Problem(source.source, 1, name, "required column is missing; add it to the header")
        for name in sorted(missing)
    )
    return missing


def _unknown_field(name: str, known: dict[str, Any]) -> str:
    hint = difflib.get_close_matches(name, list(known), n=1)
    suggestion = f"did you mean {hint[0]!r}? " if hint else ""
    return f"unknown field; {suggestion}allowed fields: {', '.join(known)}"


_FRIENDLY = {
    "missing": "required field is missing; add it",
    "string_too_short": "must not be empty",
    "string_type": "expected text",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list (in CSV: values separated by ';')",
}


def _problem(record: RawRecord, error: Any, model: type[BaseModel]) -> Problem:
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
    elif kind in _FRIENDLY:
        message = _FRIENDLY[kind]
        if kind != "missing":
            message += f", got {_short(error['input'])}"
    else:
        message = f"{error['msg']}, got {_short(error['input'])}"
    return Problem(record.source, record.line, name, message)


def _short(value: Any) -> str:
    """A bad value as shown in a message: enough to find it, never a whole pasted document."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}… ({len(text)} characters)"


def _validate_path(path: str | Path, model: type[M]) -> Validated[M]:
    files, problems = find_files(path)
    result = validate_files([read_file(f) for f in files], model)
    result.problems[:0] = problems
    return result


def _accepted(result: Validated[M], skip_invalid: bool) -> list[M]:
    if result.problems and not skip_invalid:
        raise DataError(result.problems)
    return result.accepted


def read_profiles(path: str | Path) -> Validated[ExpertProfile]:
    """Every profile under ``path`` sorted into accepted and rejected; never raises for content."""
    return _validate_path(path, ExpertProfile)


def read_needs(path: str | Path) -> Validated[Need]:
    """Every need under ``path`` sorted into accepted and rejected; never raises for content."""
    return _validate_path(path, Need)


def load_profiles(path: str | Path, skip_invalid: bool = False) -> list[ExpertProfile]:
    """Read and validate every expert profile under ``path``.

    Strict by default: one ``DataError`` lists every fault. ``skip_invalid=True`` returns the
    valid profiles only; :func:`read_profiles` says what was skipped and why.

    >>> [(p.id, p.country) for p in load_profiles("tests/data/tiny/profiles")][:2]
    [('E04', 'DE'), ('E05', 'FR')]
    """
    return _accepted(read_profiles(path), skip_invalid)


def load_needs(path: str | Path, skip_invalid: bool = False) -> list[Need]:
    """Read and validate every need under ``path``; strict unless ``skip_invalid``."""
    return _accepted(read_needs(path), skip_invalid)


@dataclass
class DataReport:
    """The outcome of ``bridge-match validate``: what was accepted, what was not, and why."""

    profiles: Validated[ExpertProfile]
    needs: Validated[Need]

    @property
    def problems(self) -> list[Problem]:
        return in_file_order([*self.profiles.problems, *self.needs.problems])

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rejected(self) -> list[Rejected]:
        return [*self.profiles.rejected, *self.needs.rejected]

    def duplicates(self) -> list[str]:
        """Likely the same person listed twice (often by two associations), with both places."""
        where = self.profiles.origin
        return [
            f"{pair.first} ({where[pair.first].source}:{where[pair.first].line}) and "
            f"{pair.second} ({where[pair.second].source}:{where[pair.second].line}): {pair.reason}"
            for pair in find_duplicates(self.profiles.accepted)
        ]

    def skipped(self) -> str:
        """``skipped 3 of 420 profiles and 0 of 36 needs`` — what lenient mode left out."""
        return (
            f"skipped {len(self.profiles.rejected)} of {self.profiles.read} profiles and "
            f"{len(self.needs.rejected)} of {self.needs.read} needs with problems"
        )

    def profiles_by_sector(self) -> Counter[str]:
        return Counter(
            s.value if s else "(none)" for p in self.profiles.accepted for s in p.sectors or [None]
        )

    def profiles_by_country(self) -> Counter[str]:
        return Counter(p.country for p in self.profiles.accepted)

    def needs_by_sector(self) -> Counter[str]:
        return Counter(n.sector.value for n in self.needs.accepted)


def check_data(profiles: str | Path, needs: str | Path) -> DataReport:
    """Validate both folders without raising, for a report of everything at once."""
    return DataReport(read_profiles(profiles), read_needs(needs))
