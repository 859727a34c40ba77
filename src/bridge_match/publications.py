"""Publications CSV files under the profiles folder: one row a paper, joined to its profile.

A delimited file whose header starts ``expert_id,title`` (``DATA.md``, "Publications") is not a
profiles file: each row is validated as a :class:`~bridge_match.models.Publication` and added to
the publications of the profile with that id (after those given inline). Every row is accounted
for in :class:`~bridge_match.accounting.Papers`: attached, rejected with its reasons (a bad
field, an unknown ``expert_id`` with the closest ids, a profile that was itself rejected), or
counted in a refused file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bridge_match.accounting import RefusedFile, Rejected, Validated
from bridge_match.errors import Problem, closest
from bridge_match.faults import problem_of, unknown_field
from bridge_match.load import DELIMITED, RawRecord, read_sources
from bridge_match.load.folders import _readings
from bridge_match.models import MAX_PUBLICATIONS, ExpertProfile, Publication

PAPER_COLUMNS = ("expert_id", "title", "abstract", "year", "venue", "doi", "url", "authors")
"""The contract's columns, in order (``authors`` separated by ``;``)."""
_HEAD_BYTES = 8 * 1024
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_publications_file(path: Path) -> bool:
    """Whether ``path`` is a delimited file whose header starts ``expert_id,title`` (any case,
    comma, semicolon or tab separated, after a byte-order mark or Excel's ``sep=`` line)."""
    if path.suffix.lower() not in DELIMITED:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return False
    return any(_paper_header(text) for text in _readings(head))


def _paper_header(text: str) -> bool:
    lines = text.lstrip("\ufeff").splitlines()[:2]
    if lines and lines[0].strip().strip('"').lower().startswith("sep="):
        lines = lines[1:]
    if not lines:
        return False
    for delimiter in (",", ";", "\t"):
        cells = [c.strip().strip('"').strip().lower() for c in lines[0].split(delimiter)]
        if cells[:2] == ["expert_id", "title"]:
            return True
    return False


def unquote(value: Any) -> Any:
    """A cell as written by :func:`bridge_match.scholarly.store` (and every export): text that
    a spreadsheet would run as a formula carries a leading ``'``, taken off here."""
    if isinstance(value, str) and value.startswith("'") and value[1:2].startswith(_TRIGGERS):
        return value[1:]
    return value


def paper_of(data: dict[str, Any]) -> Publication:
    """A row's paper (its ``expert_id`` and unknown columns left out); raises
    :class:`pydantic.ValidationError`."""
    fields = {k: unquote(v) for k, v in data.items() if k in Publication.model_fields}
    return Publication.model_validate(fields)


def join_papers(
    result: Validated[ExpertProfile], files: Sequence[Path], strict: bool = False
) -> None:
    """Validate the rows of the publications ``files`` and attach each paper to its accepted
    profile in ``result`` (in place), every fault in ``result.problems`` and every row counted
    in ``result.papers``."""
    by_id: dict[str, list[Publication]] = {}
    rejected_ids = _rejected_ids(result)
    accepted = {p.id: p for p in result.accepted}
    for path in files:
        for source in read_sources(path):
            _rows(source, result, accepted, rejected_ids, by_id, strict)
    if not by_id:
        return
    for index, profile in enumerate(result.accepted):
        papers = by_id.get(profile.id)
        if papers:
            joined = [*profile.publications, *papers]
            result.accepted[index] = profile.model_copy(update={"publications": joined})


def _rejected_ids(result: Validated[ExpertProfile]) -> dict[str, RawRecord]:
    ids: dict[str, RawRecord] = {}
    for rejected in result.rejected:
        value = rejected.record.data.get("id")
        if isinstance(value, str | int) and str(value).strip():
            ids.setdefault(str(value).strip(), rejected.record)
    return ids


def _rows(
    source: Any,
    result: Validated[ExpertProfile],
    accepted: dict[str, ExpertProfile],
    rejected_ids: dict[str, RawRecord],
    by_id: dict[str, list[Publication]],
    strict: bool,
) -> None:
    papers = result.papers
    papers.files.append(source.source)
    if source.refused:
        papers.refused.append(
            RefusedFile(source.source, source.count, source.at_least, tuple(source.problems))
        )
        result.problems.extend(source.problems)
        return
    for column in source.columns or ():
        if column and column not in PAPER_COLUMNS:
            problem = unknown_field(source.source, source.header_line, column, Publication, strict)
            (result.problems if strict else result.warnings).append(problem)

    def reject(record: RawRecord, problems: list[Problem]) -> None:
        papers.rejected.append(Rejected(record, tuple(problems), source.columns))
        result.problems.extend(problems)

    for record, problem in source.malformed:
        reject(record, [problem])
    for index, record in enumerate(source.records):
        if index in source.faults:
            reject(record, [source.faults[index]])
            continue
        found: list[Problem] = []
        expert_id = str(record.data.get("expert_id") or "").strip()
        try:
            paper: Publication | None = paper_of(record.data)
        except ValidationError as exc:
            paper = None
            found += [_with_fix(problem_of(record, e, Publication)) for e in exc.errors()]
        if not expert_id:
            found.insert(
                0,
                Problem(
                    record.source,
                    record.line,
                    "expert_id",
                    "required field is missing; give the id of the expert whose paper this is",
                ),
            )
        elif expert_id not in accepted:
            found.insert(0, _unknown_expert(record, expert_id, accepted, rejected_ids))
        elif len(accepted[expert_id].publications) + len(by_id.get(expert_id, ())) >= (
            MAX_PUBLICATIONS
        ):
            found.append(
                Problem(
                    record.source,
                    record.line,
                    "expert_id",
                    f"more than {MAX_PUBLICATIONS} publications for {expert_id!r}; keep the "
                    "ones that show their expertise best",
                )
            )
        if found or paper is None:
            reject(record, found)
            continue
        by_id.setdefault(expert_id, []).append(paper)
        papers.accepted += 1


def _unknown_expert(
    record: RawRecord,
    expert_id: str,
    accepted: dict[str, ExpertProfile],
    rejected_ids: dict[str, RawRecord],
) -> Problem:
    own = rejected_ids.get(expert_id)
    if own is not None:
        message = (
            f"the profile of {expert_id!r} ({own.source}:{own.line}) was rejected, so its "
            "papers are not used; fix that profile"
        )
    else:
        near = closest(expert_id, accepted)
        hint = f"; closest: {', '.join(near)}" if near else ""
        message = (
            f"unknown expert id {expert_id!r}: no profile has it{hint}; give the id of a "
            "profile in this folder"
        )
    return Problem(record.source, record.line, "expert_id", message)


_FIXES = {
    "year": "give the year of publication as four digits, e.g. 2021",
}


def _with_fix(problem: Problem) -> Problem:
    fix = _FIXES.get(problem.field or "")
    if fix is None or fix in problem.message:
        return problem
    return Problem(problem.source, problem.line, problem.field, f"{problem.message}; {fix}")
