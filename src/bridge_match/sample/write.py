"""Sample data on disk: one file per association in its own format, or one CSV each."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

import yaml

from bridge_match.outputs import write_new
from bridge_match.sample.needs import SECTORS, _iter_needs
from bridge_match.sample.profiles import _iter_profiles
from bridge_match.sample.tables import ASSOCIATIONS, Record

# The columns of DATA.md, in its order.
_PROFILE_FIELDS = tuple(
    "id name country city field sectors affiliation affiliation_type association expertise "
    "keywords languages years_experience capacity consent_to_contact email".split()
)
_NEED_FIELDS = tuple(
    "id title sector description required_skills host location preferred_countries engagement "
    "team_size languages".split()
)


def _cell(value: object) -> str:
    """CSV cell per DATA.md: lists joined by ';', booleans as true/false, missing as empty."""
    if isinstance(value, str):  # most cells, and a scale run writes millions
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return "" if value is None else str(value)


def _csv(fields: Sequence[str], records: Iterable[Record], bom: bool = False) -> Iterator[bytes]:
    """The CSV in pieces of a few thousand rows, so that a scale run's file is never in memory."""
    buffer = io.StringIO(newline="")
    buffer.write("\ufeff" if bom else "")  # the byte-order mark of a CSV saved by Excel
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for count, record in enumerate(records, start=1):
        writer.writerow([_cell(record.get(name)) for name in fields])
        if count % 8192 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _export(fmt: str, records: list[Record]) -> Iterator[bytes]:
    """A file of the associations layout, as an association's secretary exports its members."""
    if fmt == "json":
        yield (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode()
    elif fmt == "yaml":
        yield yaml.safe_dump(records, allow_unicode=True, sort_keys=False).encode()
    else:
        yield from _csv(_PROFILE_FIELDS, records, fmt == "csv-bom")


def write_sample(
    out_dir: str | Path,
    n_profiles: int = 420,
    n_needs: int = 36,
    seed: int = 57,
    layout: Literal["associations", "csv"] = "associations",
) -> list[Path]:
    """Write ``out_dir/profiles/...`` and ``out_dir/needs/...``: the same arguments, the same bytes.

    ``associations`` (the shipped sample): one file per association in its own format (YAML, JSON
    or CSV, one of them with a BOM as Excel saves it) and one YAML file of needs per sector.
    ``csv``: only ``profiles/profiles.csv`` and ``needs/needs.csv``, streamed, for scale runs.
    Files of the other layout are left alone and would duplicate ids: one folder per layout.

    Parameters
    ----------
    out_dir
        Folder to write ``profiles/`` and ``needs/`` into; created if missing.
    n_profiles, n_needs, seed
        As for :func:`generate_profiles` and :func:`generate_needs`.
    layout
        ``"associations"`` or ``"csv"``.

    Returns
    -------
    list of Path
        The files of the sample, including any that already held exactly these bytes (kept).

    Raises
    ------
    ValueError
        ``layout`` is neither, or a count is negative.
    DataError
        A file exists with other content (sample data never replaces anyone's files), or a file
        cannot be written.
    """
    if layout not in ("associations", "csv"):
        raise ValueError(f"layout must be 'associations' or 'csv', got {layout!r}")
    profiles, needs = Path(out_dir) / "profiles", Path(out_dir) / "needs"
    profiles.mkdir(parents=True, exist_ok=True)
    needs.mkdir(parents=True, exist_ok=True)
    files: dict[Path, Iterator[bytes]] = {}  # written in this order, each when its turn comes
    if layout == "csv":
        rows = (record for record, _ in _iter_profiles(n_profiles, seed))
        files[profiles / "profiles.csv"] = _csv(_PROFILE_FIELDS, rows)
        files[needs / "needs.csv"] = _csv(_NEED_FIELDS, (r for r, _ in _iter_needs(n_needs, seed)))
    else:
        members: dict[str, list[Record]] = {a.code: [] for a in ASSOCIATIONS}
        for record, meta in _iter_profiles(n_profiles, seed):
            members[meta.association].append(record)
        by_sector: dict[str, list[Record]] = {sector: [] for sector in SECTORS}
        for record, template in _iter_needs(n_needs, seed):
            by_sector[template.sector].append(record)
        for a in ASSOCIATIONS:
            if records := members[a.code]:
                name = f"{a.stem}.{a.format.removesuffix('-bom')}"
                files[profiles / name] = _export(a.format, records)
        for sector, records in by_sector.items():
            if records:
                files[needs / f"{sector}.yaml"] = _export("yaml", records)
    for path, chunks in files.items():
        write_new(path, chunks)
    return list(files)
