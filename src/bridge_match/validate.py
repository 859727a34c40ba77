"""Raw records → domain models, gathering every fault (not only the first) with file and line.

Files are validated one at a time and in batches, delimited files as they are read (see
:func:`bridge_match.load.stream_csv`), so a large file's raw rows are never all in memory: an
accepted record keeps only where it came from (:class:`~bridge_match.load.Origin`); a rejected
one keeps its raw record, to be shown and exported.

Every record found is accounted for (:mod:`bridge_match.accounting`): accepted, rejected with
its reasons, or counted in a :class:`RefusedFile`. A column or key that is no field is ignored
with a warning, once per file; with ``strict`` it is a fault instead (the run stops, but no
record is rejected for it: its other fields are fine).
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Generic

from pydantic import (
    BaseModel,
    TypeAdapter,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

from bridge_match.accounting import M, RefusedFile, Rejected, Validated
from bridge_match.collector import gc_paused
from bridge_match.dedupe import find_duplicates
from bridge_match.errors import DataError, Problem, in_file_order
from bridge_match.faults import check_columns, problem_of, unknown_field
from bridge_match.load import (
    DELIMITED,
    CsvRows,
    NotStreamableError,
    Origin,
    RawRecord,
    SourceFile,
    find_data,
    read_sources,
    stream_csv,
)
from bridge_match.models import ExpertProfile, Need, PreparedRow, share_fields_sets
from bridge_match.publications import is_publications_file, join_papers

__all__ = [
    "DataReport",
    "RefusedFile",
    "Rejected",
    "Validated",
    "check_data",
    "load_needs",
    "load_profiles",
    "read_needs",
    "read_profiles",
    "validate_files",
]


def validate_files(
    files: Sequence[SourceFile], model: type[M], strict: bool = False
) -> Validated[M]:
    """Validate sources already read with :func:`~bridge_match.load.read_sources` (or
    :func:`~bridge_match.load.read_file`, whose workbook is one source); ``strict`` makes
    unknown columns and keys faults rather than warnings."""
    result: Validated[M] = Validated()
    with gc_paused():
        for source in files:
            _FileCheck(model, result.origin, strict).source_file(source).merge_into(result)
    return result


class _Failed:
    """A row's validation errors, returned in place of a model so that one bad row does not
    stop the batch: each row is validated once, and each error keeps the row's own locations."""

    __slots__ = ("errors",)

    def __init__(self, errors: list[Any]) -> None:
        self.errors = errors


def _catch(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError as exc:
        return _Failed(exc.errors())


_ADAPTERS: dict[type[BaseModel], TypeAdapter[list[Any]]] = {}


def _validate_batch(model: type[M], rows: list[Any]) -> list[M | _Failed]:
    """Validate many rows in one call into pydantic-core, rather than one call per row."""
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        checked = Annotated[model, WrapValidator(_catch)]  # type: ignore[valid-type]
        adapter = _ADAPTERS[model] = TypeAdapter(list[checked])
    return adapter.validate_python(rows)


class _FileCheck(Generic[M]):
    """One file's outcome, kept apart until the file is done.

    A file that must be read again whole (:class:`~bridge_match.load.NotStreamableError`)
    leaves nothing behind, nor does a file refused after some of its rows were checked (a CSV
    cell that never ends, a header further down): they become a count. The file's problems keep
    their order: the file's own, its malformed rows, its header, then its records.
    """

    def __init__(self, model: type[M], origin: dict[str, Origin], strict: bool = False) -> None:
        self.model = model
        self.seen = origin
        self.strict = strict
        self.columns: tuple[str, ...] | None = None
        self.warnings: list[Problem] = []
        """Unknown columns or keys, once per file each: their data is not used."""
        self.file_problems: list[Problem] = []
        self.malformed: list[tuple[RawRecord, Problem]] = []
        self.header: list[Problem] = []
        self.missing: set[str] = set()
        self.fatal: list[Problem] = []
        """Header faults that reject every row (a column named twice)."""
        self.accepted: list[M] = []
        self.origin: dict[str, Origin] = {}
        self.rejected: list[Rejected] = []
        self.problems: list[Problem] = []
        self.refused: RefusedFile | None = None

    def source_file(self, source: SourceFile) -> _FileCheck[M]:
        if source.refused:
            return self._refuse(source.source, source.count, source.at_least, source.problems)
        self.malformed, self.columns = source.malformed, source.columns
        header = check_columns(
            source.source,
            source.columns,
            source.header_line,
            lambda: source.head,
            self.model,
            self.header,
            self.strict,
        )
        if header.moved is not None:
            lines = [r.line for r in source.records] + [r.line for r, _ in source.malformed]
            below = sum((line or 0) > header.moved for line in lines)
            return self._refuse(source.source, below, False, self.header)
        self.missing, self.fatal, self.warnings = header.missing, header.fatal, header.ignored
        records = source.records
        known = self.model.model_fields
        unknown: dict[Any, int | None] = {}
        for start in range(0, len(records), _BATCH):
            batch = records[start : start + _BATCH]
            rows = [
                {k: v for k, v in r.data.items() if k in known}
                if source.columns is not None
                else _known_keys(r, known, unknown)
                for r in batch
            ]
            places = [_origin((r.source, r.line)) for r in batch]
            faults = {
                i - start: problem
                for i, problem in source.faults.items()
                if start <= i < start + _BATCH
            }
            self._check(_validate_batch(self.model, rows), places, batch.__getitem__, faults)
        for key, line in unknown.items():
            problem = unknown_field(source.source, line, key, self.model, self.strict)
            (self.header if self.strict else self.warnings).append(problem)
        return self

    def csv_rows(self, rows: CsvRows) -> _FileCheck[M]:
        self.columns = rows.columns
        header = check_columns(
            rows.source,
            rows.columns,
            rows.header_line,
            rows.head,
            self.model,
            self.header,
            self.strict,
        )
        if header.moved is not None:
            moved = header.moved
            below = sum(line > moved for lines, _ in rows.batches(_BATCH) for line in lines)
            below += sum((raw.line or 0) > moved for raw, _ in rows.malformed)
            problems = [*self.header, *rows.problems]
            return self._refuse(rows.source, below, bool(rows.problems), problems)
        self.missing, self.fatal, self.warnings = header.missing, header.fatal, header.ignored
        if rows.columns is not None:
            names, pick = _layout(rows.columns, self.model)
            for lines, cells in rows.batches(_BATCH):
                prepared = [
                    PreparedRow(
                        itertools.compress(zip(names, picked, strict=False), map(str.strip, picked))
                    )
                    for picked in (cells if pick is None else map(pick, cells))
                ]
                self._check(
                    _validate_batch(self.model, prepared),
                    list(map(_origin, zip(itertools.repeat(rows.source), lines))),
                    functools.partial(_row_record, rows, lines, cells),
                )
        if rows.problems:
            # A cell that never ends, or no header: the rows before it are only a count.
            read = len(self.accepted) + len(self.rejected) + len(rows.malformed)
            return self._refuse(rows.source, read, rows.columns is not None, rows.problems)
        self.file_problems, self.malformed = rows.problems, rows.malformed
        return self

    def _refuse(
        self, source: str, count: int | None, at_least: bool, problems: Sequence[Problem]
    ) -> _FileCheck[M]:
        self.refused = RefusedFile(source, count, at_least, tuple(problems))
        self.file_problems = list(problems)
        self.header, self.malformed, self.problems, self.warnings = [], [], [], []
        self.accepted, self.rejected, self.origin = [], [], {}
        return self

    def _check(
        self,
        outcomes: list[M | _Failed],
        places: list[Origin],
        record: Callable[[int], RawRecord],
        faults: dict[int, Problem] | None = None,
    ) -> None:
        """Sort a batch's outcomes; ``record(i)`` builds row ``i``'s raw record, only for the
        rows that are rejected; ``faults`` rejects rows whatever their outcome. A batch with no
        failure and no id seen before goes in whole."""
        seen, own, accepted, fatal = self.seen, self.origin, self.accepted, self.fatal
        start = len(accepted)
        if not fatal and not faults and _Failed not in map(type, outcomes):
            keys = list(map(_ID, outcomes))
            taken = itertools.chain(map(own.__contains__, keys), map(seen.__contains__, keys))
            if len(set(keys)) == len(keys) and not any(taken):
                own.update(zip(keys, places, strict=True))
                accepted.extend(outcomes)  # type: ignore[arg-type]
                share_fields_sets(outcomes)  # type: ignore[arg-type]
                return
        for i, (item, place) in enumerate(zip(outcomes, places, strict=True)):
            if faults and i in faults:
                errors = item.errors if type(item) is _Failed else []
                found = [faults[i], *(problem_of(record(i), e, self.model) for e in errors)]
                self.rejected.append(Rejected(record(i), tuple(found)))
                self.problems.extend(found)
                continue
            if type(item) is _Failed:
                raw = record(i)
                found = [
                    problem_of(raw, error, self.model)
                    for error in item.errors
                    if not (error["type"] == "missing" and error["loc"][0] in self.missing)
                ]
                self.rejected.append(
                    Rejected(raw, tuple([*found, *fatal] if found else self.header))
                )
                self.problems.extend(found)
                continue
            if fatal:
                self.rejected.append(Rejected(record(i), tuple(fatal)))
                continue
            key = item.id  # type: ignore[union-attr]
            first = seen.get(key) or own.get(key)
            if first is not None:
                raw = record(i)
                message = (
                    f"duplicate id {key!r}, first used at {first.source}:{first.line}; "
                    "give each record its own id"
                )
                problem = Problem(raw.source, raw.line, "id", message)
                self.rejected.append(Rejected(raw, (problem,)))
                self.problems.append(problem)
                continue
            own[key] = place
            accepted.append(item)  # type: ignore[arg-type]
        share_fields_sets(accepted[start:])

    def merge_into(self, result: Validated[M]) -> None:
        result.problems.extend(self.file_problems)
        if self.refused is not None:
            result.refused.append(self.refused)
            return
        result.warnings.extend(self.warnings)
        for raw, problem in self.malformed:
            result._reject(raw, [problem], self.columns)
        result.problems.extend(self.header)
        result.problems.extend(self.problems)
        result.rejected.extend(self.rejected)
        result.accepted.extend(self.accepted)
        result.origin.update(self.origin)


_BATCH = 2048
_ID = operator.attrgetter("id")
_origin = functools.partial(tuple.__new__, Origin)
"""``Origin((source, line))`` at C speed (a NamedTuple's own ``__new__`` is Python)."""


def _known_keys(
    record: RawRecord, known: dict[str, Any], unknown: dict[Any, int | None]
) -> dict[str, Any]:
    """A record's fields without its unknown keys, each noted with the first line it is on."""
    data = record.data
    if known.keys() >= data.keys():
        return data
    for key in data:
        if key not in known:
            unknown.setdefault(key, record.line)
    return {k: v for k, v in data.items() if k in known}


def _row_record(rows: CsvRows, lines: list[int], cells: list[list[str]], i: int) -> RawRecord:
    return rows.record(lines[i], cells[i])


def _layout(
    columns: tuple[str, ...], model: type[BaseModel]
) -> tuple[tuple[str, ...], Callable[[list[str]], Sequence[str]] | None]:
    """The model's fields among ``columns`` and a function picking their cells from a row, or
    None where the row is just that.

    A repeated column name takes its last cell, as in :meth:`CsvRows.record`; unknown columns
    were reported with the header and are left out.
    """
    index = {c: i for i, c in enumerate(columns) if c}
    wanted = [(c, i) for c, i in index.items() if c in model.model_fields]
    names = tuple(c for c, _ in wanted)
    positions = [i for _, i in wanted]
    if positions == list(range(len(columns))):
        return names, None
    if len(positions) == 1:
        only = positions[0]
        return names, lambda cells: (cells[only],)
    if not positions:
        return names, lambda cells: ()
    return names, operator.itemgetter(*positions)


def _validate_path(path: str | Path, model: type[M], strict: bool) -> Validated[M]:
    """Each file read and validated in turn, its raw records dropped before the next is read."""
    found = find_data(path)
    result: Validated[M] = Validated(problems=[*found.problems, *found.refused])
    result.refused += [RefusedFile(p.source, None, False, (p,)) for p in found.refused]
    result.notes += found.skipped
    papers = [f for f in found.files if model is ExpertProfile and is_publications_file(f)]
    with gc_paused():
        for file in found.files:
            if papers and file in papers:
                continue
            for check in _check_file(file, model, result.origin, strict):
                check.merge_into(result)
        if papers:
            join_papers(result, papers, strict)  # type: ignore[arg-type]
    return result


def _check_file(
    path: Path, model: type[M], origin: dict[str, Origin], strict: bool
) -> Iterator[_FileCheck[M]]:
    """One check a source: the file, or each sheet of a workbook (merged in turn, so that an
    id is checked against those of the sheets before)."""
    if path.suffix.lower() in DELIMITED:
        try:
            check = _FileCheck(model, origin, strict).csv_rows(stream_csv(path))
        except NotStreamableError:
            pass
        else:
            yield check
            return
    for source in read_sources(path):
        yield _FileCheck(model, origin, strict).source_file(source)


def _accepted(result: Validated[M], skip_invalid: bool) -> list[M]:
    if result.problems and not skip_invalid:
        raise DataError(result.problems)
    return result.accepted


def read_profiles(path: str | Path, strict: bool = False) -> Validated[ExpertProfile]:
    """Every profile under ``path`` sorted into accepted and rejected; never raises for content.

    Parameters
    ----------
    path:
        A folder or one file, as for :func:`load_profiles`.
    strict:
        Report columns and keys that are no field as problems, not warnings.

    Returns
    -------
    Validated[ExpertProfile]
        Accepted, rejected and refused records, every problem, the warnings (data ignored) and
        the notes (files passed over as not data).

    Each accepted profile's content digest is computed here, once: fitting, saving and loading
    an index all compare them.
    """
    result = _validate_path(path, ExpertProfile, strict)
    with gc_paused():
        for profile in result.accepted:
            profile.digest  # noqa: B018
    return result


def read_needs(path: str | Path, strict: bool = False) -> Validated[Need]:
    """Every need under ``path`` sorted into accepted and rejected; never raises for content
    (``strict`` as for :func:`read_profiles`)."""
    return _validate_path(path, Need, strict)


def load_profiles(
    path: str | Path, skip_invalid: bool = False, strict: bool = False
) -> list[ExpertProfile]:
    """Read and validate every expert profile under ``path``.

    Parameters
    ----------
    path:
        A folder (searched recursively, symbolic links followed) or one file: CSV, xlsx, YAML
        or JSON. Documents, images and backups in a folder are passed over.
    skip_invalid:
        Return the valid profiles only (:func:`read_profiles` says what was skipped and why).
    strict:
        A column or key that is no field is a fault, not ignored (:func:`read_profiles` gives
        the warnings when it is ignored).

    Returns
    -------
    list[ExpertProfile]
        The accepted profiles, in file order.

    Raises
    ------
    DataError
        Unless ``skip_invalid``, every fault at once, each with file, line, field and the fix.

    >>> [(p.id, p.country) for p in load_profiles("tests/data/tiny/profiles")][:2]
    [('E04', 'DE'), ('E05', 'FR')]
    """
    return _accepted(read_profiles(path, strict), skip_invalid)


def load_needs(path: str | Path, skip_invalid: bool = False, strict: bool = False) -> list[Need]:
    """Read and validate every need under ``path``.

    Parameters
    ----------
    path:
        A folder or one file, as for :func:`load_profiles`.
    skip_invalid:
        Return the valid needs only.
    strict:
        A column or key that is no field is a fault, not ignored.

    Returns
    -------
    list[Need]
        The accepted needs, in file order.

    Raises
    ------
    DataError
        Unless ``skip_invalid``, every fault at once.
    """
    return _accepted(read_needs(path, strict), skip_invalid)


@dataclass
class DataReport:
    """The outcome of ``bridge-match validate``: what was accepted, what was not, and why."""

    profiles: Validated[ExpertProfile]
    needs: Validated[Need]
    written: list[tuple[Path, int]] = field(default_factory=list)
    """The rejects files written (profiles', then needs'), each with its number of rows."""
    spellings: list[Problem] = field(default_factory=list)
    """Remarks that are not faults, located like problems: affiliations and hosts written unlike
    a known organisation (:func:`bridge_match.spellings.spelling_notes`)."""

    @property
    def problems(self) -> list[Problem]:
        return in_file_order([*self.profiles.problems, *self.needs.problems])

    @property
    def warnings(self) -> list[Problem]:
        """Columns and keys ignored (no such field), once per file each: they stop nothing."""
        return in_file_order([*self.profiles.warnings, *self.needs.warnings])

    @property
    def notes(self) -> list[Problem]:
        """Files passed over as not data, each saying why."""
        return in_file_order([*self.profiles.notes, *self.needs.notes])

    @property
    def ok(self) -> bool:
        """No problem (warnings and notes do not count)."""
        return not self.problems

    @property
    def rejected(self) -> list[Rejected]:
        return [*self.profiles.rejected, *self.needs.rejected]

    @property
    def refused(self) -> list[RefusedFile]:
        return [*self.profiles.refused, *self.needs.refused]

    def duplicates(self) -> list[str]:
        """Likely the same person listed twice (often by two associations), with both places."""
        where = self.profiles.origin
        return [
            f"{pair.first} ({where[pair.first].source}:{where[pair.first].line}) and "
            f"{pair.second} ({where[pair.second].source}:{where[pair.second].line}): {pair.reason}"
            for pair in find_duplicates(self.profiles.accepted)
        ]

    def skipped(self) -> str:
        """``skipped 3 of 420 profiles and 0 of 36 needs`` — what lenient mode left out,
        refused files included and named."""
        profiles, needs = self.profiles, self.needs
        text = (
            f"skipped {profiles.counted(profiles.not_accepted)} of "
            f"{profiles.counted(profiles.found)} profiles and "
            f"{needs.counted(needs.not_accepted)} of {needs.counted(needs.found)} needs "
            "with problems"
        )
        papers = profiles.papers
        if papers.not_accepted:
            text += (
                f", and {papers.counted(papers.not_accepted)} of "
                f"{papers.counted(papers.found)} publications"
            )
        if self.refused:
            refused = sorted(self.refused, key=lambda f: f.source)
            files = ", ".join(f"{f.source} ({f.describe()})" for f in refused)
            text += f"; refused whole: {files}"
        return text

    def rejects_note(self) -> str:
        """``rejects: 2 rows in rejects.csv (profiles), 0 in rejects.needs.csv (needs)``."""
        parts = [
            f"{rows} row{'' if rows == 1 else 's'} in {path} ({kind})"
            for (path, rows), kind in zip(self.written, ("profiles", "needs"), strict=False)
        ]
        return "rejects: " + ", ".join(parts)

    def profiles_by_sector(self) -> Counter[str]:
        return Counter(
            v for p in self.profiles.accepted for v in ([s.value for s in p.sectors] or ["(none)"])
        )

    def profiles_by_country(self) -> Counter[str]:
        return Counter(p.country for p in self.profiles.accepted)

    def needs_by_sector(self) -> Counter[str]:
        return Counter(n.sector.value for n in self.needs.accepted)


def check_data(profiles: str | Path, needs: str | Path, strict: bool = False) -> DataReport:
    """Validate both folders without raising, for a report of everything at once.

    Parameters
    ----------
    profiles, needs:
        The folders (or files).
    strict:
        Columns and keys that are no field are problems, not warnings.

    Returns
    -------
    DataReport
        Accepted, rejected and refused records of each, every problem in file order, the
        warnings and the notes.
    """
    return DataReport(read_profiles(profiles, strict), read_needs(needs, strict))
