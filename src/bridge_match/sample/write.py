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
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)


def _csv(fields: Sequence[str], records: Iterable[Record], bom: bool = False) -> Iterator[bytes]:
    """The CSV in pieces of a few thousand rows, so that a scale run's file is never in memory."""
    if bom:
        yield "\ufeff".encode()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for count, record in enumerate(records, start=1):
        writer.writerow([_cell(record.get(name)) for name in fields])
        if count % 8192 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _yaml(records: list[Record]) -> list[bytes]:
    return [yaml.safe_dump(records, allow_unicode=True, sort_keys=False).encode()]


def _export(fmt: str, records: list[Record]) -> Iterable[bytes]:
    """An association's file, as its secretary exports the member list."""
    if fmt == "json":
        return [(json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode()]
    return _yaml(records) if fmt == "yaml" else _csv(_PROFILE_FIELDS, records, fmt == "csv-bom")


def write_sample(
    out_dir: str | Path,
    n_profiles: int = 420,
    n_needs: int = 36,
    seed: int = 57,
    layout: Literal["associations", "csv"] = "associations",
) -> list[Path]:
    """Write ``out_dir/profiles/...`` and ``out_dir/needs/...``: the same arguments, the same bytes.

    ``associations`` (the shipped sample) writes one file per association in the format that
    association uses (YAML, JSON, or CSV, one of them with a BOM as Excel saves it) and one YAML
    file of needs per sector. ``csv`` writes only ``profiles/profiles.csv`` and ``needs/needs.csv``,
    streaming rows, for scale runs. Files of the other layout are left alone, and would duplicate
    ids: write each layout into its own directory.

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
    profiles_dir, needs_dir = Path(out_dir) / "profiles", Path(out_dir) / "needs"
    profiles_dir.mkdir(parents=True, exist_ok=True)
    needs_dir.mkdir(parents=True, exist_ok=True)
    if layout == "csv":
        written = [profiles_dir / "profiles.csv", needs_dir / "needs.csv"]
        write_new(
            written[0], _csv(_PROFILE_FIELDS, (r for r, _ in _iter_profiles(n_profiles, seed)))
        )
        write_new(written[1], _csv(_NEED_FIELDS, (r for r, _ in _iter_needs(n_needs, seed))))
        return written
    return _per_association(profiles_dir, n_profiles, seed) + _per_sector(needs_dir, n_needs, seed)


def _per_association(folder: Path, n: int, seed: int) -> list[Path]:
    by_association: dict[str, list[Record]] = {a.code: [] for a in ASSOCIATIONS}
    for record, meta in _iter_profiles(n, seed):
        by_association[meta.association].append(record)
    written = []
    for assoc in ASSOCIATIONS:
        if records := by_association[assoc.code]:
            written.append(folder / f"{assoc.stem}.{assoc.format.removesuffix('-bom')}")
            write_new(written[-1], _export(assoc.format, records))
    return written


def _per_sector(folder: Path, n: int, seed: int) -> list[Path]:
    by_sector: dict[str, list[Record]] = {sector: [] for sector in SECTORS}
    for record, template in _iter_needs(n, seed):
        by_sector[template.sector].append(record)
    written = [folder / f"{sector}.yaml" for sector, records in by_sector.items() if records]
    for path in written:
        write_new(path, _yaml(by_sector[path.stem]))
    return written
