"""Right to erasure: remove people from the data files and from the saved model, and check it.

Viet Nam's Decree 13/2023 on personal data protection and the GDPR both give a person the right
to have their data deleted. ``forget`` deletes the records with the given ids from every profile
file, refits the saved model (if there is one) on the people who remain, and then reads
everything back to prove that neither the id nor the name is left anywhere.

CSV files lose exactly the lines of the record; JSON and YAML files are rewritten without it
(YAML comments are not kept); an .xlsx sheet loses the row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bridge_match.errors import DataError, Problem
from bridge_match.load import RawRecord, display_path, find_files, read_file


@dataclass
class Erasure:
    """What ``forget`` removed, where from, and what it checked afterwards."""

    removed: list[tuple[str, str, int | None]] = field(default_factory=list)
    model: str = "no saved model"
    checked_files: int = 0
    names: list[str] = field(default_factory=list)


def forget(
    ids: Iterable[str], profiles: str | Path, model_dir: str | Path | None = None
) -> Erasure:
    """Delete these experts from ``profiles`` and ``model_dir``; raise if an id is not found."""
    wanted = {str(i).strip() for i in ids}
    if model_dir is not None:
        from bridge_match.persist import check_model_dir

        check_model_dir(model_dir)  # before any data file changes: a folder we may not clean
    files, problems = find_files(profiles)
    if problems and not files:
        raise DataError(problems)
    result = Erasure()
    names: set[str] = set()
    for path in files:
        source = read_file(path)
        hits = [r for r in source.records if str(r.data.get("id", "")).strip() in wanted]
        if not hits:
            continue
        names |= {str(r.data["name"]) for r in hits if r.data.get("name")}
        _rewrite_without(path, hits, wanted)
        result.removed.extend((str(r.data["id"]).strip(), r.source, r.line) for r in hits)
    missing = wanted - {removed[0] for removed in result.removed}
    if missing:
        raise DataError(
            [
                Problem(display_path(Path(profiles)), None, "id", f"no profile with id {i!r}")
                for i in sorted(missing)
            ]
        )
    if model_dir is not None:
        result.model = _refit(profiles, model_dir)
    result.checked_files = _prove_gone(profiles, model_dir, wanted | names)
    result.names = sorted(names)
    return result


def _rewrite_without(path: Path, hits: list[RawRecord], wanted: set[str]) -> None:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _xlsx_without(path, hits)
        return
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    if suffix == ".json":
        data = json.loads(text)
        items = data if isinstance(data, list) else [data]
        kept = [r for r in items if not _is_wanted(r, wanted)]
        new = json.dumps(kept, ensure_ascii=False, indent=2) + "\n"
    elif suffix in (".yaml", ".yml"):
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
        items = [item for d in docs for item in (d if isinstance(d, list) else [d])]
        kept = [r for r in items if not _is_wanted(r, wanted)]
        new = yaml.safe_dump(kept, allow_unicode=True, sort_keys=False) if kept else "[]\n"
    else:
        new = _csv_without(text, hits)
    path.write_bytes(("\ufeff" if bom else "").encode() + new.encode("utf-8"))


def _is_wanted(item: object, wanted: set[str]) -> bool:
    return isinstance(item, dict) and str(item.get("id", "")).strip() in wanted


def _csv_without(text: str, hits: list[RawRecord]) -> str:
    """Drop each hit's physical lines (a quoted cell may span several), keep every other byte."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text, newline=""))
    spans: dict[int, int] = {}
    previous = 0
    for _ in reader:
        spans[previous + 1] = reader.line_num
        previous = reader.line_num
    drop: set[int] = set()
    for hit in hits:
        start = hit.line or 0
        drop.update(range(start, spans.get(start, start) + 1))
    return "".join(line for number, line in enumerate(lines, start=1) if number not in drop)


def _xlsx_without(path: Path, hits: list[RawRecord]) -> None:
    import openpyxl

    book = openpyxl.load_workbook(path)
    for hit in sorted(hits, key=lambda h: h.line or 0, reverse=True):
        sheet = book.worksheets[0]
        if "[" in hit.source and hit.source.endswith("]"):
            sheet = book[hit.source[hit.source.rindex("[") + 1 : -1]]
        sheet.delete_rows(hit.line or 0)
    book.save(path)


def _refit(profiles: str | Path, model_dir: str | Path) -> str:
    from bridge_match.matcher import Matcher
    from bridge_match.persist import model_exists, remove_model
    from bridge_match.validate import read_profiles

    if not model_exists(model_dir):
        return "no saved model"
    remaining = read_profiles(profiles).accepted
    if not remaining:
        remove_model(model_dir)
        return f"model in {model_dir} deleted (no profiles left)"
    Matcher().fit(remaining).save(model_dir)
    return f"model in {model_dir} refitted on {len(remaining)} profiles"


def _prove_gone(profiles: str | Path, model_dir: str | Path | None, traces: set[str]) -> int:
    """Read the data back (no record with those ids) and search the model files' bytes for the
    ids and names. Other people's records may share a name, so data files are checked by id."""
    ids = {t for t in traces if t}
    files, _ = find_files(profiles)
    for path in files:
        left = [r for r in read_file(path).records if str(r.data.get("id", "")).strip() in ids]
        if left:
            raise DataError(Problem(display_path(path), left[0].line, "id", "still present"))
    checked = len(files)
    if model_dir is not None and Path(model_dir).is_dir():
        for path in sorted(p for p in Path(model_dir).iterdir() if p.is_file()):
            content = path.read_bytes()
            found = [t for t in ids if t.encode("utf-8") in content]
            if found:
                message = f"still holds {', '.join(sorted(found))} after erasure"
                raise DataError(Problem(display_path(path), None, None, message))
            checked += 1
    return checked
